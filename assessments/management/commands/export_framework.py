from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.framework_loader import export_framework
from assessments.models import Framework


class Command(BaseCommand):
    help = "Xuất bộ chỉ số ra tệp YAML (cùng định dạng với load_framework)."

    def add_arguments(self, parser):
        parser.add_argument("code", nargs="?", help="mã bộ chỉ số; bỏ trống để liệt kê")
        parser.add_argument("--output", "-o", type=Path)

    def handle(self, *args, code, output, **options):
        if not code:
            for fw in Framework.objects.all():
                self.stdout.write(f"{fw.code}\t{fw.decision}\t{fw.get_level_display()}")
            return
        framework = Framework.objects.filter(code=code).first()
        if framework is None:
            raise CommandError(f"Không có bộ chỉ số mã “{code}”.")
        text = export_framework(framework)
        if output:
            output.write_text(text, encoding="utf-8")
            self.stdout.write(self.style.SUCCESS(f"Đã ghi {output}"))
        else:
            self.stdout.write(text, ending="")
