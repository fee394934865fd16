from django.core.management.base import BaseCommand

from seeds import demo


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu: đơn vị, bộ chỉ số, tài khoản, kết quả đã công bố và một đợt đánh giá đang mở."

    def handle(self, *args, **options):
        counts = demo.seed_units()
        self.stdout.write(f"Đơn vị: {counts}")
        frameworks = demo.seed_frameworks()
        self.stdout.write(f"Bộ chỉ số: {', '.join(f.code for f in frameworks)}")
        users = demo.seed_users()
        self.stdout.write(f"Tài khoản mẫu: {len(users)}")
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu mẫu."))
