"""What Ofsted is looking at (/national/themes/): the year's monitoring and focused visits across
England by theme, beside the authority's own areas of concern and their latest ratings."""

from dataclasses import dataclass

from visits.models import LocalAuthority
from visits.national.pages import Credits, ThemeCounts, credits, visit_themes

from ..models import AreaOfConcern, AreaReview, Theme
from ..trajectories import by_area, visible_reviews

# Ofsted's visit themes, and the tracker's themes of areas of concern that speak to the same
# practice. Our matching, not Ofsted's: the page says so.
OFSTED_THEMES = {
    "Front door": (Theme.FRONT_DOOR,),
    "Children in need/subject to a plan": (Theme.HELP_PROTECTION, Theme.PRACTICE),
    "Children in care": (Theme.CHILDREN_IN_CARE,),
    "Achieving permanence": (Theme.CHILDREN_IN_CARE,),
    "Care leavers": (Theme.CARE_LEAVERS,),
    "Vulnerable adolescents": (Theme.VULNERABLE_CHILDREN,),
}


@dataclass
class AreaRow:
    area: AreaOfConcern
    latest: AreaReview | None  # its latest rating the user may see

    @property
    def rag(self) -> str:
        return self.latest.rag if self.latest else ""


@dataclass
class ThemeRow:
    theme: str
    counts: list[int]  # visits of each kind, in ThemeCounts.kinds order
    total: int
    areas: list[AreaRow]  # the authority's areas under a matching theme


@dataclass
class ThemesPage:
    authority: LocalAuthority
    themes: ThemeCounts
    rows: list[ThemeRow]
    areas: list[AreaRow]  # every area of the authority, in list order
    unmatched: list[AreaRow]  # areas under no theme Ofsted's visits name
    credits: Credits

    @property
    def matched_count(self) -> int:
        return len(self.areas) - len(self.unmatched)


def themes_page(authority: LocalAuthority, user) -> ThemesPage:
    """Five queries: the counts, the authority's own themed visits, the editions, its areas and
    their ratings."""
    themes = visit_themes(authority)
    ratings = by_area(
        visible_reviews(user)
        .filter(area__authority=authority)
        .exclude(rag="")
        .select_related("event")
    )
    areas = [
        AreaRow(area, ratings[area.pk].latest() if area.pk in ratings else None)
        for area in AreaOfConcern.objects.visible_to(user).filter(authority=authority)
    ]
    rows, matched = [], set()
    for row in themes.table_rows():
        wanted = OFSTED_THEMES.get(row["theme"], ())
        under = [entry for entry in areas if entry.area.theme in wanted]
        matched.update(entry.area.pk for entry in under)
        rows.append(ThemeRow(row["theme"], row["counts"], row["total"], under))
    return ThemesPage(
        authority=authority,
        themes=themes,
        rows=rows,
        areas=areas,
        unmatched=[entry for entry in areas if entry.area.pk not in matched],
        credits=credits(),
    )
