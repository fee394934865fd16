from django.core.management.base import BaseCommand

from seeds.demo import DEMO_PASSWORD, DEMO_USERS


class Command(BaseCommand):
    help = "In các tài khoản dùng thử."

    def handle(self, *args, **options):
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Tài khoản dùng thử (mật khẩu chung: {DEMO_PASSWORD})"))
        for u in DEMO_USERS:
            self.stdout.write(f"  {u.username:<12} {u.role:<14} {u.full_name}")
        self.stdout.write("Mở http://127.0.0.1:8000/ — trang quản trị: http://127.0.0.1:8000/quan-tri/")
        self.stdout.write("")
