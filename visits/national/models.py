"""National reference data, kept as published: which edition each row came from, the other names
documents use for an authority, its statistical neighbours and Ofsted's published outcomes."""

from django.db import models
from django.db.models import Q
from django.utils.formats import date_format

from visits.models import InspectionEvent, Judgement, LocalAuthority


class Publication(models.Model):
    """One edition of an official publication that was loaded: credited wherever its data is shown,
    and recognised (by its checksum) when the same file is loaded again."""

    class Dataset:
        """The datasets visits.national loads; apps register others (visits.national.loading)."""

        OFSTED_OUTCOMES = "ofsted_outcomes"
        AUTHORITY_CODES = "authority_codes"
        STATISTICAL_NEIGHBOURS = "statistical_neighbours"

    # Which kind of file it is: the key of a dataset registered with visits.national.loading.
    dataset = models.CharField(max_length=40)
    publisher = models.CharField(max_length=60)
    title = models.CharField(max_length=200)
    published_on = models.DateField(null=True, blank=True)
    file_name = models.CharField(max_length=200)
    sha256 = models.CharField("SHA-256", max_length=64)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["dataset", "-published_on", "-loaded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "sha256"], name="national_publication_unique_file"
            )
        ]

    def __str__(self):
        return self.credit

    @property
    def credit(self) -> str:
        """'Source: Ofsted, Local authority inspection outcomes as at 31 March 2025 (published 25
        September 2025).' The licence is named once, beside it (templates/national/_credit.html)."""
        published = (
            f" (published {date_format(self.published_on, 'j F Y')})" if self.published_on else ""
        )
        return f"{self.publisher}, {self.title}{published}"


class AuthorityName(models.Model):
    """A name a publication spells an authority with (Ofsted's 'Bristol', DfE's 'Bristol, City
    of'), with its key (visits.national.names.name_key): a document's 'Bristol City Council' has
    the same key, so it finds the authority (visits.national.selectors.authority_named)."""

    authority = models.ForeignKey(
        LocalAuthority, on_delete=models.CASCADE, related_name="other_names"
    )
    name = models.CharField(max_length=200)
    key = models.CharField(max_length=200, db_index=True)

    class Meta:
        ordering = ["authority", "name"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "name"], name="national_name_unique")
        ]

    def __str__(self):
        return self.name


class StatisticalNeighbour(models.Model):
    """One of an authority's ten statistical neighbours in DfE's model, closest first."""

    authority = models.ForeignKey(
        LocalAuthority, on_delete=models.CASCADE, related_name="neighbour_links"
    )
    neighbour = models.ForeignKey(LocalAuthority, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField(help_text="1 for the closest neighbour.")
    closeness = models.CharField(max_length=30, help_text="DfE's band, e.g. 'Very close'.")
    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["authority", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "rank"], name="national_neighbour_unique_rank"
            ),
            models.UniqueConstraint(
                fields=["authority", "neighbour"], name="national_neighbour_unique_pair"
            ),
            models.CheckConstraint(
                condition=Q(rank__gte=1, rank__lte=10), name="national_neighbour_rank_1_to_10"
            ),
        ]

    def __str__(self):
        return f"{self.authority}: {self.rank}. {self.neighbour} ({self.closeness})"


GRADE_FIELDS = {
    # field: the judgement it holds, as Ofsted's spreadsheet heads its column
    "overall_effectiveness": Judgement.Name.OVERALL_EFFECTIVENESS,
    "impact_of_leaders": Judgement.Name.IMPACT_OF_LEADERS,
    "help_and_protection": Judgement.Name.HELP_AND_PROTECTION,
    "children_in_care": Judgement.Name.CHILDREN_IN_CARE,
    "care_leavers": Judgement.Name.CARE_LEAVERS,
}


def _grade_field(name):
    return models.CharField(
        Judgement.Name(name).label, max_length=30, choices=Judgement.Grade.choices, blank=True
    )


class OutcomeQuerySet(models.QuerySet):
    def graded(self):
        return self.filter(kind__in=InspectionEvent.GRADED_KINDS)


class OfstedOutcome(models.Model):
    """An inspection or visit as Ofsted's official statistics publish it. Read-only: it changes
    only when a newer edition is loaded (visits.national.loading)."""

    authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="ofsted_outcomes"
    )
    kind = models.CharField(max_length=20, choices=InspectionEvent.Kind.choices)
    start_date = models.DateField("inspection or visit date")
    published_on = models.DateField("publication date", null=True, blank=True)
    overall_effectiveness = _grade_field("overall_effectiveness")
    impact_of_leaders = _grade_field("impact_of_leaders")
    help_and_protection = _grade_field("help_and_protection")
    children_in_care = _grade_field("children_in_care")
    care_leavers = _grade_field("care_leavers")
    theme = models.CharField("visit theme", max_length=120, blank=True)
    publication = models.ForeignKey(
        Publication,
        on_delete=models.PROTECT,
        related_name="outcomes",
        help_text="The latest edition that lists this inspection or visit.",
    )

    objects = OutcomeQuerySet.as_manager()

    class Meta:
        ordering = ["start_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "kind", "start_date"], name="national_outcome_unique"
            )
        ]
        indexes = [
            models.Index(fields=["authority", "start_date"], name="national_outcome_authority"),
            models.Index(fields=["kind", "start_date"], name="national_outcome_kind"),
        ]

    def __str__(self):
        return (
            f"{self.authority}: {self.get_kind_display()}, {date_format(self.start_date, 'j F Y')}"
        )

    @property
    def is_graded(self) -> bool:
        return self.kind in InspectionEvent.GRADED_KINDS

    @property
    def grades(self) -> list[tuple[str, str]]:
        """(judgement label, grade label) for each judgement the row has."""
        return [
            (Judgement.Name(name).label, Judgement.Grade(value).label)
            for field, name in GRADE_FIELDS.items()
            if (value := getattr(self, field))
        ]
