"""Demo data: units, frameworks, people, published history and a live round.

Everything goes through the same services as the UI, so demo data passes the same
validation. Running it again is safe: what exists is left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from accounts.models import Role, Unit, User
from accounts.services import load_units

DATA = Path(settings.BASE_DIR) / "seeds" / "data"
FRAMEWORKS = Path(settings.BASE_DIR) / "seeds" / "frameworks"
DEMO_PASSWORD = "DTI-demo-2026"


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: str
    unit_code: str | None = None


DEMO_USERS = [
    DemoUser("quantri", "Quản trị hệ thống", Role.ADMIN),
    DemoUser("truongnhom", "Trần Thị Lan (Trưởng nhóm thẩm định)", Role.LEAD_REVIEWER),
    DemoUser("thamdinh1", "Lê Văn Minh (Chuyên viên thẩm định)", Role.REVIEWER),
    DemoUser("thamdinh2", "Phạm Thu Hà (Chuyên viên thẩm định)", Role.REVIEWER),
    DemoUser("danang", "Nguyễn Văn An (Sở KH&CN Đà Nẵng)", Role.OFFICER, "2025-48"),
    DemoUser("danang2", "Hoàng Thị Mai (Sở KH&CN Đà Nẵng)", Role.OFFICER, "2025-48"),
    DemoUser("hanoi", "Đỗ Quang Huy (Sở KH&CN Hà Nội)", Role.OFFICER, "2025-01"),
    DemoUser("hue", "Trương Minh Tâm (Sở KH&CN Huế)", Role.OFFICER, "2025-46"),
    DemoUser("laocai", "Vũ Thị Hồng (Sở KH&CN Lào Cai)", Role.OFFICER, "2025-10"),
]


def seed_units() -> dict:
    return load_units(
        provinces_csv=DATA / "provinces-63.csv",
        merger_csv=DATA / "merger-2025.csv",
        ministries_csv=DATA / "ministries.csv",
    )


def seed_frameworks() -> list:
    from assessments.framework_loader import load_framework_file

    return [load_framework_file(path)[0] for path in sorted(FRAMEWORKS.glob("*.yaml"))]


def seed_users() -> list[User]:
    users = []
    for demo in DEMO_USERS:
        unit = Unit.objects.get(code=demo.unit_code) if demo.unit_code else None
        user, created = User.objects.get_or_create(
            username=demo.username,
            defaults={
                "full_name": demo.full_name,
                "role": demo.role,
                "unit": unit,
                "email": f"{demo.username}@demo.dti.local",
                "is_staff": demo.role == Role.ADMIN,
                "is_superuser": demo.role == Role.ADMIN,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        users.append(user)
    return users
