"""Which kind of document a text is, from its title and frame: each kind the tracker imports
becomes its kind of draft, and anything else is refused with what it looks like."""

import pytest

from findings.importer.parsing.documents import ImportProblem, parse_document
from findings.importer.parsing.draft import (
    FOCUSED_LETTER,
    INSPECTION_REPORT,
    JTAI_LETTER,
    MONITORING_LETTER,
)
from findings.importer.parsing.kinds import identify
from tests.support.importing import DATA, SEFTON_REPORT_2022, SIXTH_VISIT_LETTER, read


@pytest.mark.parametrize(
    ("path", "document"),
    [
        (SIXTH_VISIT_LETTER, MONITORING_LETTER),
        (SEFTON_REPORT_2022, INSPECTION_REPORT),
        (DATA / "ofsted-ilacs-report-bristol-2018.txt", INSPECTION_REPORT),
        (DATA / "ofsted-ilacs-report-bedford-2025.txt", INSPECTION_REPORT),
        (DATA / "ofsted-sif-report-wolverhampton-2017.txt", INSPECTION_REPORT),
        (DATA / "ofsted-focused-visit-letter-blackpool-2021.txt", FOCUSED_LETTER),
        (DATA / "ofsted-focused-visit-letter-haringey-2025.txt", FOCUSED_LETTER),
        (DATA / "ofsted-jtai-letter-bexley-2020.txt", JTAI_LETTER),
    ],
    ids=lambda value: getattr(value, "stem", value),
)
def test_each_kind_is_known_by_its_title(path, document):
    assert identify(read(path)) == document


def test_a_letter_is_known_by_its_own_title_not_by_the_framework_it_mentions():
    # Focused and monitoring letters say they were carried out "in line with the inspection of
    # local authority children's services (ILACS) framework"; their own title comes first.
    text = (
        "25 July 2024\n\nDear Ms Smith\n\nFocused visit to Northmoor children’s services\n\n"
        "This letter summarises the findings of the focused visit to Northmoor children’s "
        "services on 2 and 3 July 2024. This visit was carried out in line with the inspection "
        "of local authority children’s services (ILACS) framework."
    )
    assert identify(text) == FOCUSED_LETTER


SCHOOL = """Inspection of Springfield Primary School
High Street, Northmoor NM1 2AB
Inspection dates: 5 and 6 March 2024
Overall effectiveness Good
The quality of education Good
Behaviour and attitudes Good
Personal development Good
Leadership and management Good
What is it like to attend this school?
Pupils are happy and safe at this school. The headteacher has high expectations.
"""
CHILDRENS_HOME = """Northmoor House
SC123456
Registered provider: Northmoor Care Limited
Full inspection
Inspected under the social care common inspection framework
Inspection dates: 5 to 6 March 2024
Overall experiences and progress of children and young people, taking into account good
How well children and young people are helped and protected good
The effectiveness of leaders and managers good
The children's home provides care for up to four children with social and emotional needs.
"""
FE_PROVIDER = """Monitoring visit report: Northmoor Training Limited
Unique reference number: 2567890
Name of lead inspector: Jo Bloggs, His Majesty's Inspector
Inspection dates: 5 and 6 March 2024
Type of provider: Independent learning provider
Themes
How much progress have leaders made in ensuring that the provider is meeting all the
requirements of successful apprenticeship provision? Reasonable progress
"""
AREA_SEND = """Area SEND inspection of Northmoor Local Area Partnership
Inspection dates: 5 to 9 February 2024
Dates of previous inspection: 3 to 7 June 2019
Inspection outcome
The local area partnership's special educational needs and/or disabilities (SEND)
arrangements typically lead to positive experiences and outcomes for children and young people
with SEND.
"""
OLD_FRAMEWORK = """Inspection of safeguarding and looked after children services
Northmoor
Inspection dates: 5 to 16 March 2012
Reporting inspector: Jo Bloggs HMI
Overall effectiveness Adequate
"""
OFSTED_OTHER = """Ofsted annual report 2023/24
The annual report of His Majesty's Chief Inspector of Education, Children's Services and
Skills. This year inspectors carried out thousands of inspections of schools and colleges.
"""


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (SCHOOL, "This looks like a school inspection report"),
        (CHILDRENS_HOME, "This looks like a children’s home inspection report"),
        (FE_PROVIDER, "This looks like a further education and skills report"),
        (AREA_SEND, "This looks like an area SEND inspection report"),
        (OLD_FRAMEWORK, "before the single inspection framework"),
        (OFSTED_OTHER, "an Ofsted document of a kind the tracker does not import"),
        (
            "Minutes of the improvement board, 3 May 2024. Members discussed the budget.",
            "This does not look like an Ofsted monitoring visit letter",
        ),
    ],
    ids=["school", "childrens-home", "fe", "area-send", "old-framework", "ofsted", "minutes"],
)
def test_a_document_of_another_kind_is_refused_with_what_it_looks_like(text, says):
    with pytest.raises(ImportProblem) as caught:
        parse_document(text)
    message = str(caught.value)
    assert says in message
    # Every refusal says what the tracker does import.
    assert "focused visit" in message and "joint targeted area inspection" in message
