from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.framework_files import FrameworkFileError, read_path
from assessments.framework_loader import FrameworkInUse, load_framework_file


class Command(BaseCommand):
    help = "Kiểm tra và nạp bộ chỉ số từ tệp YAML (xem docs/framework-format.md)."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)

    def handle(self, *args, files, **options):
        for path in files:
            if not path.is_file():
                raise CommandError(f"Không tìm thấy tệp {path}")
            try:  # the same bounded reader as the admin upload: at most MAX_BYTES are read
                framework, changed = load_framework_file(read_path(path))
            except FrameworkFileError as exc:
                raise CommandError(f"{path}: tệp không hợp lệ, chưa nạp gì.\n{exc}") from exc
            except FrameworkInUse as exc:
                raise CommandError(f"{path}: {exc}") from exc
            verb = "Đã nạp" if changed else "Không đổi"
            self.stdout.write(
                self.style.SUCCESS(
                    f"{verb}: {framework.code} — {framework.decision}: {framework.main_indices.count()} chỉ số chính, "
                    f"{framework.indicators.count()} chỉ số thành phần, {framework.total_points.normalize():f} điểm"
                )
            )
