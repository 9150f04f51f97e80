"""Loading the official files into the tracker: every authority, its names and neighbours, and
Ofsted's outcomes. One transaction for everything given, so a refused file leaves nothing half
loaded; rows are compared before they are written, so a second run of the same files changes
nothing and a newer edition adds (or corrects) only what is new."""

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from visits.models import LocalAuthority
from visits.revisions import bump_revision

from . import sources
from .models import AuthorityName, OfstedOutcome, Publication, StatisticalNeighbour
from .names import name_key
from .sources import DATA_DIR, DataRefused

logger = logging.getLogger(__name__)


@dataclass
class LoadSummary:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    files: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(sum(self.created.values()) or sum(self.updated.values()))

    def lines(self) -> list[str]:
        labels = sorted(
            label
            for label in set(self.created) | set(self.updated)
            if self.created[label] or self.updated[label]
        )
        if not labels:
            return ["Nothing changed: the tracker already holds these editions."]
        return [
            f"{label}: {self.created[label]} added, {self.updated[label]} updated"
            for label in labels
        ]


@dataclass(frozen=True)
class Dataset:
    """A kind of official file the command loads. Apps register theirs (`register_dataset`, from
    their AppConfig.ready), so one command loads everything, in one transaction."""

    key: str  # stored as Publication.dataset
    recognises: Callable[[Path, list[str]], bool]  # (path, its CSV headings) -> one of these?
    read: Callable[[Path], object]  # -> the file's content, or DataRefused; no database
    write: Callable[[object, Publication, LoadSummary], None]
    describe: Callable[[Path, object], tuple]  # -> (publisher, title, published_on)
    order: int  # lower loads first: authorities before what refers to them
    shipped: tuple[Path, ...] = ()  # the editions shipped with the app


_DATASETS: dict[str, Dataset] = {}
SPREADSHEETS = (".ods", ".xlsx", ".xls")


def register_dataset(dataset: Dataset) -> None:
    _DATASETS[dataset.key] = dataset


def _ordered() -> list[Dataset]:
    return sorted(_DATASETS.values(), key=lambda dataset: dataset.order)


def shipped_files() -> list[Path]:
    """The editions shipped with the app, in the order they load (sources in the README)."""
    return [path for dataset in _ordered() for path in dataset.shipped]


def datasets_of(path: Path) -> list[Dataset]:
    """The datasets a file holds (one file may feed two: the ONS population estimates give the
    authorities' codes and the child population), from its kind and headings."""
    headings = [] if path.suffix.lower() in SPREADSHEETS else sources.csv_headings(path)
    found = [dataset for dataset in _ordered() if dataset.recognises(path, headings)]
    if not found:
        raise DataRefused(
            "not a file the tracker loads: expected Ofsted's outcomes spreadsheet (.ods or "
            ".xlsx), DfE's statistical neighbour model, or one of the DfE or ONS files the "
            "README lists.",
            file=path.name,
        )
    return found


def load_national_data(paths=None) -> LoadSummary:
    """Load `paths` (default: the shipped editions): every file read and checked first, then
    everything written in one transaction."""
    paths = [Path(p) for p in (paths or shipped_files())]
    for path in paths:
        if not path.is_file():
            raise DataRefused("no such file.", file=str(path))
    files = sorted(
        ((dataset, path) for path in paths for dataset in datasets_of(path)),
        key=lambda pair: pair[0].order,
    )
    read = [(dataset, path, dataset.read(path)) for dataset, path in files]
    summary = LoadSummary()
    with transaction.atomic():
        for dataset, path, content in read:
            dataset.write(content, _publication(dataset, path, content), summary)
            if path.name not in summary.files:
                summary.files.append(path.name)
        if summary.changed:
            # Written in bulk, without signals: every authority's cached pages may show it.
            bump_revision()
    return summary


def _publication(dataset: Dataset, path: Path, content) -> Publication:
    publisher, title, published_on = dataset.describe(path, content)
    publication, _ = Publication.objects.get_or_create(
        dataset=dataset.key,
        sha256=sources.file_checksum(path),
        defaults={
            "publisher": publisher,
            "title": title,
            "published_on": published_on,
            "file_name": path.name,
        },
    )
    return publication


# -- authorities and their names ------------------------------------------------------------------


def _authorities_by_code() -> dict[str, LocalAuthority]:
    return {a.ons_code: a for a in LocalAuthority.objects.all()}


def _save_authority(known, ons_code, values, summary) -> LocalAuthority:
    authority = known.get(ons_code)
    if authority is None:
        authority = LocalAuthority.objects.create(ons_code=ons_code, **values)
        known[ons_code] = authority
        summary.created["Authorities"] += 1
        return authority
    changed = [name for name, value in values.items() if getattr(authority, name) != value]
    if changed:
        for name in changed:
            setattr(authority, name, values[name])
        authority.save(update_fields=changed)
        summary.updated["Authorities"] += 1
    return authority


def _sync_names(names_by_authority: dict[LocalAuthority, set[str]], summary) -> None:
    """The names each publication spells an authority with, each with its key."""
    existing = {(n.authority_id, n.name) for n in AuthorityName.objects.all()}
    new = [
        AuthorityName(authority=authority, name=name, key=name_key(name))
        for authority, names in names_by_authority.items()
        for name in sorted(names)
        if (authority.pk, name) not in existing
    ]
    if new:
        AuthorityName.objects.bulk_create(new)
        summary.created["Other names"] += len(new)


# Names councils go by that no publication spells and no rule derives (by ONS code).
SHORT_NAMES = {
    "E06000010": ("Hull",),  # Kingston upon Hull: "Hull City Council"
    "E06000058": ("BCP",),  # Bournemouth, Christchurch and Poole: "BCP Council"
}


# -- Ofsted's outcomes ----------------------------------------------------------------------------


def _write_outcomes(edition: sources.OutcomesEdition, publication, summary) -> None:
    known = _authorities_by_code()
    # The authority as the latest table names it, else as the history does.
    facts = {}
    for row in edition.history + edition.in_year + edition.latest:
        entry = facts.setdefault(row.ons_code, {})
        entry["name"] = row.name
        if row.ofsted_region:
            entry["ofsted_region"] = row.ofsted_region
        if row.still_exists is not None:
            entry["still_exists"] = row.still_exists
    for row in edition.latest + edition.in_year:
        facts[row.ons_code]["still_exists"] = True  # the authority is listed as it stands now
    names = {}
    for ons_code, values in facts.items():
        authority = _save_authority(known, ons_code, values, summary)
        names[authority] = {authority.name, *SHORT_NAMES.get(ons_code, ())}
    _sync_names(names, summary)

    # The "as at" table repeats rows of the others without saying their kind; a row found in no
    # other table is a graded inspection of a kind the edition does not say, kept as standard.
    kinds = {(r.ons_code, r.start_date): r.kind for r in edition.history + edition.in_year}
    rows = {}
    for row in edition.latest + edition.history + edition.in_year:
        kind = row.kind or kinds.get((row.ons_code, row.start_date)) or "standard"
        rows[(row.ons_code, kind, row.start_date)] = row
    existing = {
        (o.authority.ons_code, o.kind, o.start_date): o
        for o in OfstedOutcome.objects.select_related("authority", "publication")
    }
    newer = publication.published_on
    for (ons_code, kind, start_date), row in rows.items():
        values = {
            "published_on": row.published_on,
            "theme": row.theme,
            **{name: row.grades.get(name, "") for name in _GRADE_FIELD_NAMES},
        }
        outcome = existing.get((ons_code, kind, start_date))
        if outcome is None:
            OfstedOutcome.objects.create(
                authority=known[ons_code],
                kind=kind,
                start_date=start_date,
                publication=publication,
                **values,
            )
            summary.created["Ofsted outcomes"] += 1
            continue
        current = outcome.publication.published_on
        if current and newer and newer < current:
            continue  # an older edition never overwrites a newer one
        changed = [name for name, value in values.items() if getattr(outcome, name) != value]
        if outcome.publication_id != publication.pk:
            changed.append("publication")
            outcome.publication = publication
        if changed:
            for name in changed:
                if name != "publication":
                    setattr(outcome, name, values[name])
            outcome.save(update_fields=changed)
            if changed != ["publication"]:
                summary.updated["Ofsted outcomes"] += 1


_GRADE_FIELD_NAMES = [
    "overall_effectiveness",
    "impact_of_leaders",
    "help_and_protection",
    "children_in_care",
    "care_leavers",
]


# -- DfE's codes and neighbours -------------------------------------------------------------------


def _write_codes(rows: list[sources.AuthorityCodes], publication, summary) -> None:
    """DfE's code and the ONS region for each authority Ofsted lists (DfE's files also list
    authorities from before reorganisations that Ofsted's do not: those are left out)."""
    known = _authorities_by_code()
    names = {}
    for codes in rows:
        if codes.ons_code in known:
            authority = _save_authority(
                known, codes.ons_code, {"dfe_code": codes.dfe_code, "region": codes.region}, summary
            )
            names[authority] = {authority.name, codes.name}
    _sync_names(names, summary)


def _write_neighbours(rows: list[sources.NeighbourRow], publication, summary) -> None:
    by_dfe = {a.dfe_code: a for a in LocalAuthority.objects.exclude(dfe_code="")}
    existing: dict[int, list] = {}
    for link in StatisticalNeighbour.objects.all():
        existing.setdefault(link.authority_id, []).append(link)
    for row in rows:
        missing = [c for c in [row.dfe_code] + [c for _, c, _ in row.neighbours] if c not in by_dfe]
        if missing:
            raise DataRefused(
                f"no authority in the tracker has the DfE code {missing[0]}: load the authority "
                "codes (and Ofsted's outcomes) with or before the neighbours.",
                file=publication.file_name,
                row=row.row,
            )
        authority = by_dfe[row.dfe_code]
        wanted = [(rank, by_dfe[code].pk, band) for rank, code, band in row.neighbours]
        have = sorted(
            (link.rank, link.neighbour_id, link.closeness)
            for link in existing.get(authority.pk, [])
        )
        if have == wanted:
            continue
        StatisticalNeighbour.objects.filter(authority=authority).delete()
        StatisticalNeighbour.objects.bulk_create(
            StatisticalNeighbour(
                authority=authority,
                neighbour_id=neighbour_id,
                rank=rank,
                closeness=band,
                publication=publication,
            )
            for rank, neighbour_id, band in wanted
        )
        if have:
            summary.updated["Statistical neighbours"] += 1
        else:
            summary.created["Statistical neighbours"] += 1


register_dataset(
    Dataset(
        key=Publication.Dataset.OFSTED_OUTCOMES,
        recognises=lambda path, headings: path.suffix.lower() in SPREADSHEETS,
        read=sources.read_outcomes,
        write=_write_outcomes,
        describe=lambda path, edition: ("Ofsted", edition.title, edition.published_on),
        order=10,
        shipped=(DATA_DIR / "LA_Inspection_Outcomes_as_at_31_March_2025.ods",),
    )
)
register_dataset(
    Dataset(
        key=Publication.Dataset.AUTHORITY_CODES,
        recognises=lambda path, headings: (
            {"new_la_code", "old_la_code", "age_group"} <= set(headings)
        ),
        read=sources.read_authority_codes,
        write=_write_codes,
        describe=lambda path, rows: (
            "ONS",
            "Mid-year population estimates, as reshaped by DfE for its Children's social care "
            "outcomes and enablers dashboard (authority codes and regions)",
            None,
        ),
        order=20,
        shipped=(DATA_DIR / "ons_mid-year_population_estimates_2012_to_2024.csv",),
    )
)
register_dataset(
    Dataset(
        key=Publication.Dataset.STATISTICAL_NEIGHBOURS,
        recognises=lambda path, headings: {"SN_1", "old_la_code"} <= set(headings),
        read=sources.read_neighbours,
        write=_write_neighbours,
        describe=lambda path, rows: (
            "DfE",
            "Children's services statistical neighbour benchmarking tool, 2025 model",
            None,
        ),
        order=30,
        shipped=(DATA_DIR / "sn_model_2025_wide.csv",),
    )
)
