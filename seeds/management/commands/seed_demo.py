import time

from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from accounts.models import RankingGroup
from seeds import demo, provincial

STATES = {
    "drafting": "nháp đã nhập một phần",
    "submitted": "đã gửi",
    "returned": "yêu cầu bổ sung",
    "under_review": "đang thẩm định",
    "signed_off": "đã ký duyệt",
}


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu mẫu: đơn vị, bộ chỉ số, tài khoản, kết quả đã công bố 2020–2024 và một đợt "
        "đánh giá 2025 có hồ sơ ở mọi trạng thái, cùng hai đợt tỉnh Tuyên Quang tự đánh giá sở, ngành và xã, phường. "
        "Chạy lại an toàn."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        counts = demo.seed_units()
        self.stdout.write(f"Đơn vị: {counts}")
        below = demo.seed_province_units()
        self.stdout.write(f"Sở, ngành, xã, phường của Tuyên Quang (minh họa): {len(below)} mới")
        frameworks = demo.seed_frameworks()
        self.stdout.write(f"Bộ chỉ số: {', '.join(f.code for f in frameworks)}")
        users = demo.seed_users()
        self.stdout.write(f"Tài khoản mẫu: {len(users)}")
        history = demo.seed_history()
        self.stdout.write(f"Kết quả đã công bố: {history['created']} mới, {history['updated']} cập nhật")
        # The services notify people by email; demo mail is kept in memory, not printed.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            live = demo.seed_live_round()
            province = provincial.seed_rounds()
        if live.get("skipped"):
            self.stdout.write("Đợt đánh giá 2025: đã có, giữ nguyên.")
        else:
            self.stdout.write(
                "Đợt đánh giá {round}: {signed_off} đã ký duyệt, {under_review} đang thẩm định, "
                "{returned} yêu cầu bổ sung, {submitted} đã gửi, {drafting} nháp".format(**live)
            )
        for group, done in province.items():
            label = RankingGroup(group).label
            if done.get("skipped"):
                self.stdout.write(f"Đợt của tỉnh Tuyên Quang ({label}): đã có, giữ nguyên.")
            else:
                states = ", ".join(f"{n} {STATES[state]}" for state, n in done.items() if state in STATES)
                published = " — đã công bố" if done.get("published") else ""
                self.stdout.write(f"Đợt của tỉnh Tuyên Quang: {done['round']}: {states}{published}")
        self.stdout.write(self.style.SUCCESS(f"Đã nạp dữ liệu mẫu ({time.monotonic() - started:.1f} s)."))
