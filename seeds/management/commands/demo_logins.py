"""Print the demo logins: who to sign in as for each step of the season, on the URL served.

`make demo` passes the HOST and PORT it hands to runserver, so the printed links work.
"""

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils import translation

from accounts.models import Role, User
from seeds import provincial
from seeds.demo import CONTRIBUTOR_LOGIN, DEMO_PASSWORD, DEMO_PROVINCE_UNITS, DEMO_USERS, PROVINCE_OFFICER

# A province round's officer is a department's or a commune's, not a province's ("Cán bộ tỉnh").
OFFICER_OF_UNIT = "Cán bộ đơn vị được đánh giá"

# runserver's "listen everywhere" addresses are not addresses a browser opens.
ANY_ADDRESS = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}


def base_url(host: str, port: int) -> str:
    host = ANY_ADDRESS.get(host, host)
    if ":" in host and not host.startswith("["):  # an IPv6 literal
        host = f"[{host}]"
    return f"http://{host}:{port}"


class Command(BaseCommand):
    help = "In các tài khoản dùng thử, vai trò và việc cần làm của từng tài khoản."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="Địa chỉ máy chủ đang chạy (mặc định 127.0.0.1).")
        parser.add_argument("--port", type=int, default=8000, help="Cổng máy chủ đang chạy (mặc định 8000).")

    def handle(self, *args, host, port, **options):
        if not 1 <= port <= 65535:
            raise CommandError(f"Cổng {port} không hợp lệ (1–65535).")
        if len(host) > 253:
            raise CommandError("Địa chỉ máy chủ quá dài.")
        url = base_url(host.strip(), port)
        named = [d.username for d in DEMO_USERS] + [u.username for u in provincial.USERS]
        seeded = set(User.objects.filter(username__in=named).values_list("username", flat=True))
        write = self.stdout.write
        write("")
        if len(seeded) < len(named):
            write(self.style.WARNING("Chưa nạp đủ tài khoản dùng thử: chạy `manage.py seed_demo` trước."))
        write(self.style.SUCCESS(f"Tài khoản dùng thử (mật khẩu chung: {DEMO_PASSWORD})"))
        write(f"Đăng nhập tại {url}{reverse('accounts:login')}")
        with translation.override("vi"):  # the role's Vietnamese label, whatever the shell's locale
            width = max(len(str(Role(d.role).label)) for d in DEMO_USERS)
            for d in DEMO_USERS:
                write(f"  {d.username:<12} {Role(d.role).label:<{width}} {d.task}")
            example = PROVINCE_OFFICER.format(code="2025-19")
            write(f"  {PROVINCE_OFFICER.format(code='<mã>'):<12} {Role.OFFICER.label:<{width}} mọi tỉnh khác của đợt 2025, ví dụ {example}")
            example = CONTRIBUTOR_LOGIN.format(slug=DEMO_PROVINCE_UNITS[-1][0])
            write(
                f"  {CONTRIBUTOR_LOGIN.format(slug='<đơn vị>'):<12} {Role.CONTRIBUTOR.label:<{width}} "
                f"mọi sở, xã, phường khác của Tuyên Quang (minh họa), ví dụ {example}"
            )
            self._province(write)
        write(f"Trang chủ: {url}/ — trang quản trị: {url}{reverse('admin:index')}")
        write("")

    def _province(self, write) -> None:
        """The province-run rounds' logins (issue 18): roles held in Tuyên Quang's Authority.
        Last, the login that is a national contributor and a reviewer of the province's round."""
        authority = provincial.AUTHORITY
        write(f"Tỉnh Tuyên Quang tự đánh giá sở, ngành và xã, phường (minh họa; cơ quan đánh giá: {authority['name']}):")
        labels = {u.username: self._label(u) for u in provincial.USERS}
        name_width = max(len(u.username) for u in provincial.USERS)
        width = max(len(label) for label in labels.values())
        for u in provincial.USERS:
            write(f"  {u.username:<{name_width}} {labels[u.username]:<{width}} {u.task}")
        pattern = provincial.OFFICER_LOGIN.format(slug="<đơn vị>")
        example = provincial.OFFICER_LOGIN.format(slug=DEMO_PROVINCE_UNITS[-1][0])
        write(f"  {pattern:<{name_width}} {OFFICER_OF_UNIT:<{width}} mọi sở, xã, phường khác trong đợt của tỉnh, ví dụ {example}")
        dual = f"{Role.CONTRIBUTOR.label} và {Role.REVIEWER.label.lower()}"
        write(f"  {provincial.DUAL_REVIEWER:<{name_width}} {dual} của tỉnh: {provincial.DUAL_TASK}")

    @staticmethod
    def _label(user) -> str:
        return OFFICER_OF_UNIT if user.role == Role.OFFICER else str(Role(user.role).label)
