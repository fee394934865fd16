"""`manage.py export_results --year Y [--group 63|34]`: the published table of a year as CSV."""

import sys

from django.core.management.base import BaseCommand, CommandError

from results.exports import write_csv
from results.history import GROUP_ALIASES
from results.selectors import public_table


class Command(BaseCommand):
    help = "Xuất bảng xếp hạng DTI đã công bố của một năm ra CSV."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--group", default="63", help="63, 34, bo-dvc hoặc bo-khac")
        parser.add_argument("--output", "-o", help="tệp ra (mặc định: stdout)")

    def handle(self, *args, year, group, output=None, **options):
        ranking_group = GROUP_ALIASES.get(group)
        if ranking_group is None:
            raise CommandError(f"Nhóm xếp hạng “{group}” không hợp lệ (63, 34, bo-dvc, bo-khac).")
        table = public_table(year=year, ranking_group=ranking_group)
        if table is None:
            raise CommandError(f"Chưa có kết quả công bố năm {year} cho nhóm {group}.")
        if output:
            with open(output, "w", encoding="utf-8", newline="") as fh:
                write_csv(table, fh, machine_header=True)
        else:
            write_csv(table, self.stdout if hasattr(self.stdout, "write") else sys.stdout, machine_header=True)
