import datetime

import factory
from django.contrib.auth.models import User

from findings.models import RAG, AreaOfConcern, AreaReview, Finding, ImprovementAction, Theme
from reports.models import Cadence, DigestSubscription, Report
from visits.models import InspectionEvent, Judgement, LocalAuthority


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
    owner = "Head of safeguarding"
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
