"""`manage.py import_results FILE`: load published results (history) from a CSV."""

from django.core.management.base import BaseCommand, CommandError

from results.history import ImportFileError, import_file


class Command(BaseCommand):
    help = "Nạp kết quả DTI đã công bố từ tệp CSV (dạng seeds/data/published-results.csv)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            report = import_file(file)
        except FileNotFoundError as exc:
            raise CommandError(f"Không tìm thấy tệp {file}") from exc
        except ImportFileError as exc:
            raise CommandError("Tệp không hợp lệ, chưa nạp gì:\n" + "\n".join(exc.problems)) from exc
        for warning in report["warnings"]:
            self.stderr.write(self.style.WARNING(warning))
        self.stdout.write(self.style.SUCCESS(f"Đã nạp: {report['created']} mới, {report['updated']} cập nhật."))
