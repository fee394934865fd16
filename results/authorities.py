"""The public side of assessing authorities (issue 18): whose rounds a public page shows, the
links between a province's own ranking and the national one, and the authority's logo.

The national pages show only the national Authority's rounds (and imported history); each
provincial Authority's pages, under /ket-qua/tinh/<code>/, only its own published rounds. A
public page's authority is `None` for the national pages, else the provincial `Authority`:
`None` needs no query, and every filter here reads the national one by its cached pk.
"""

from __future__ import annotations

import base64
import mimetypes
from dataclasses import dataclass, field

from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse

from accounts.models import NATIONAL_CODE, Authority, national_authority_id
from core.language import localized

# The emblem of an authority without a logo of its own.
DEFAULT_LOGO = "img/authority-emblem.svg"
# The cache keys' name of the national pages' owner.
NATIONAL = NATIONAL_CODE
# A logo embedded in the PDF is read from the static files; anything larger is not a logo.
MAX_LOGO_BYTES = 512 * 1024

# Route names of the public pages: the national one and the authority's ("authority_" + name).
PAGES = ("ranking", "ranking_csv", "ranking_xlsx", "profile", "what_if", "profile_pdf")


def round_filter(authority: Authority | None, prefix: str = "round__") -> dict:
    """The ORM filter of the rounds of a public page's authority (`prefix` reaches the round)."""
    if authority is None:
        return {f"{prefix}authority_id": national_authority_id()}
    return {f"{prefix}authority_id": authority.pk}


def public_url(page: str, *, year: int, group: str, authority: Authority | None = None, code: str = "") -> str:
    """The URL of a public page of the national Authority or of a provincial one."""
    if page not in PAGES:
        raise ValueError(page)
    args = [year, group] + ([code] if code else [])
    if authority is None:
        return reverse(f"results:{page}", args=args)
    return reverse(f"results:authority_{page}", args=[authority.code, *args])


def index_url(authority: Authority | None) -> str:
    return reverse("results:index") if authority is None else reverse("results:authority_index", args=[authority.code])


# --- Logos ----------------------------------------------------------------------------------


def logo_path(authority: Authority) -> str:
    return authority.logo or DEFAULT_LOGO


def logo_url(authority: Authority) -> str:
    return static(logo_path(authority))


def logo_data_uri(authority: Authority) -> str:
    """The logo inline, for the PDF (WeasyPrint renders from a string, with no server to ask):
    the static file found by the finders, else the default emblem; "" when neither is there."""
    for path in (logo_path(authority), DEFAULT_LOGO):
        found = finders.find(path)
        if not found:
            continue
        with open(found, "rb") as fh:
            data = fh.read(MAX_LOGO_BYTES + 1)
        if len(data) > MAX_LOGO_BYTES:
            continue
        kind = mimetypes.guess_type(found)[0] or "application/octet-stream"
        return f"data:{kind};base64,{base64.b64encode(data).decode()}"
    return ""


# --- The two levels linked ------------------------------------------------------------------


@dataclass(frozen=True)
class ContributedIndicator:
    code: str
    name: str


@dataclass
class Contribution:
    """What a department's (a commune's) figures gave the province's national submission: the
    national indicators whose accepted values its contributor entered, and where to read them."""

    indicators: list[ContributedIndicator] = field(default_factory=list)
    url: str = ""  # the province's national profile of that year

    @property
    def codes(self) -> str:
        return ", ".join(i.code for i in self.indicators)


def national_contributions(*, province, year: int, unit_ids: list[int]) -> dict[int, Contribution]:
    """{unit id: Contribution} for the units among `unit_ids` whose contributor's figures the
    province accepted into its submission of the national round of `year`. One query.

    Only a published national round counts: before publication the national submission is
    the province's and the Authority's own (a draft, a review), not a public fact. A value
    carries `contributed_by` from its acceptance on (assessments.services.contributions.accept);
    the contributor's unit is the department or commune it speaks for.
    """
    from assessments.models import IndicatorValue

    values = (
        IndicatorValue.objects.filter(
            submission__unit=province,
            submission__round__year=year,
            submission__round__publications__is_active=True,
            contributed_by__unit_id__in=unit_ids,
            **round_filter(None, prefix="submission__round__"),
        )
        .order_by("indicator__order", "indicator__code")
        .values_list(
            "contributed_by__unit_id", "indicator__code", "indicator__name_vi", "indicator__name_en",
            "submission__round__ranking_group",
        )
    )
    out: dict[int, Contribution] = {}
    for unit_id, code, name_vi, name_en, group in values:
        entry = out.setdefault(unit_id, Contribution(url=public_url("profile", year=year, group=group, code=province.code)))
        if all(i.code != code for i in entry.indicators):
            entry.indicators.append(ContributedIndicator(code=code, name=localized(name_vi, name_en)))
    return out


@dataclass(frozen=True)
class ProvincialRanking:
    authority: Authority
    year: int
    ranking_group: str
    label: str
    url: str


def provincial_rankings(unit) -> list[ProvincialRanking]:
    """The published rankings a province runs of its own departments and communes, newest
    first: what its national profile links to. One query."""
    from accounts.models import RankingGroup

    from .models import Publication

    publications = (
        Publication.objects.filter(is_active=True, round__authority__unit=unit)
        .select_related("round__authority")
        .order_by("-round__year", "round__ranking_group")
    )
    return [
        ProvincialRanking(
            authority=p.round.authority, year=p.round.year, ranking_group=p.round.ranking_group,
            label=RankingGroup(p.round.ranking_group).label,
            url=public_url("ranking", year=p.round.year, group=p.round.ranking_group, authority=p.round.authority),
        )
        for p in publications
    ]
