from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.services import load_units

DATA = Path(settings.BASE_DIR) / "seeds" / "data"


class Command(BaseCommand):
    help = "Nạp 63 tỉnh cũ, 34 tỉnh sau sáp nhập (kèm quan hệ kế thừa) và các bộ, ngành."

    def add_arguments(self, parser):
        parser.add_argument("--provinces", default=DATA / "provinces-63.csv", type=Path)
        parser.add_argument("--merger", default=DATA / "merger-2025.csv", type=Path)
        parser.add_argument("--ministries", default=DATA / "ministries.csv", type=Path)

    def handle(self, *args, provinces, merger, ministries, **options):
        counts = load_units(provinces_csv=provinces, merger_csv=merger, ministries_csv=ministries)
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã nạp {counts['provinces_63']} tỉnh (63), {counts['provinces_34']} tỉnh (34), "
                f"{counts['ministries']} bộ, ngành."
            )
        )
