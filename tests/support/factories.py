import datetime

import factory
from django.contrib.auth.models import User

from findings.models import RAG, AreaOfConcern, AreaReview, Finding, ImprovementAction, Theme
from reports.models import Cadence, DigestSubscription, Report
from visits.models import InspectionEvent, Judgement, LocalAuthority
from visits.national.models import OfstedOutcome, Publication, StatisticalNeighbour


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("a-good-test-password")


class LocalAuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalAuthority

    name = factory.Sequence(lambda n: f"Authority {n}")
    ons_code = factory.Sequence(lambda n: f"E0{n:07d}")
    region = "North West"


class InspectionEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InspectionEvent

    authority = factory.SubFactory(LocalAuthorityFactory)
    kind = InspectionEvent.Kind.MONITORING
    visit_number = factory.Sequence(lambda n: n + 1)
    fieldwork_start = datetime.date(2024, 6, 25)
    fieldwork_end = datetime.date(2024, 6, 26)
    published_on = datetime.date(2024, 7, 25)
    inspectors = "Lisa Summers, Rachel Fairhurst"
    status = InspectionEvent.Status.PUBLISHED


class InspectionFactory(InspectionEventFactory):
    kind = InspectionEvent.Kind.STANDARD
    visit_number = None
    fieldwork_start = datetime.date(2022, 2, 21)
    fieldwork_end = datetime.date(2022, 3, 4)
    published_on = datetime.date(2022, 5, 9)


class JudgementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Judgement

    event = factory.SubFactory(InspectionFactory)
    judgement = Judgement.Name.OVERALL_EFFECTIVENESS
    grade = Judgement.Grade.INADEQUATE


class AreaOfConcernFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AreaOfConcern

    authority = factory.SubFactory(LocalAuthorityFactory)
    title = factory.Sequence(lambda n: f"Area of concern {n}")
    description = "The response to allegations against professionals."
    theme = Theme.HELP_PROTECTION
    position = factory.Sequence(lambda n: n + 1)


class AreaReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AreaReview

    event = factory.SubFactory(InspectionEventFactory)
    area = factory.SubFactory(
        AreaOfConcernFactory, authority=factory.SelfAttribute("..event.authority")
    )
    rag = RAG.AMBER
    rationale = "Responses are more timely, but decisions are not always shared with the LADO."


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    event = factory.SubFactory(InspectionEventFactory)
    area = factory.SubFactory(
        AreaOfConcernFactory, authority=factory.SelfAttribute("..event.authority")
    )
    text = "Responses to allegations made against professionals are now more robust and timelier."
    polarity = Finding.Polarity.STRENGTH
    section = Finding.Section.FINDINGS
    paragraph = factory.Sequence(lambda n: n + 1)
    order = factory.Sequence(lambda n: n + 1)


class ImprovementActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImprovementAction

    area = factory.SubFactory(AreaOfConcernFactory)
    title = "Share investigation decisions with the LADO"
    lead_name = "Head of safeguarding"
    due_date = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=30))


class LetterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    kind = Report.Kind.LETTER
    event = factory.SubFactory(InspectionEventFactory)
    authority = factory.SelfAttribute("event.authority")
    title = factory.LazyAttribute(lambda r: f"{r.event.title} progress letter")


class DigestFactory(factory.django.DjangoModelFactory):
    """A monthly digest (July 2024) of every area of concern, queued."""

    class Meta:
        model = Report

    kind = Report.Kind.DIGEST
    authority = factory.SubFactory(LocalAuthorityFactory)
    title = "Monthly digest: July 2024"
    period_start = datetime.date(2024, 7, 1)
    period_end = datetime.date(2024, 7, 31)


class DigestSubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DigestSubscription

    name = factory.Sequence(lambda n: f"Councillor {n}")
    email = factory.Sequence(lambda n: f"councillor{n}@example.org")
    authority = factory.SubFactory(LocalAuthorityFactory)
    cadence = Cadence.MONTHLY


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publication
        django_get_or_create = ["dataset", "sha256"]

    dataset = Publication.Dataset.OFSTED_OUTCOMES
    publisher = "Ofsted"
    title = "Local authority inspection outcomes as at 31 March 2025"
    published_on = datetime.date(2025, 9, 25)
    file_name = "LA_Inspection_Outcomes_as_at_31_March_2025.ods"
    sha256 = "0" * 64


class OfstedOutcomeFactory(factory.django.DjangoModelFactory):
    """A published inspection (standard, inadequate unless told) as Ofsted's statistics list it."""

    class Meta:
        model = OfstedOutcome

    authority = factory.SubFactory(LocalAuthorityFactory)
    kind = InspectionEvent.Kind.STANDARD
    start_date = datetime.date(2022, 2, 21)
    published_on = factory.LazyAttribute(lambda o: o.start_date + datetime.timedelta(days=70))
    overall_effectiveness = factory.LazyAttribute(
        lambda o: Judgement.Grade.INADEQUATE if o.kind in InspectionEvent.GRADED_KINDS else ""
    )
    publication = factory.SubFactory(PublicationFactory)


class StatisticalNeighbourFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatisticalNeighbour

    authority = factory.SubFactory(LocalAuthorityFactory)
    neighbour = factory.SubFactory(LocalAuthorityFactory)
    rank = 1
    closeness = "Close"
    publication = factory.SubFactory(
        PublicationFactory,
        dataset=Publication.Dataset.STATISTICAL_NEIGHBOURS,
        publisher="DfE",
        title="Children's services statistical neighbour benchmarking tool, 2025 model",
        published_on=None,
        file_name="sn_model_2025_wide.csv",
    )
