"""Reading monitoring-visit letters: Sefton's sixth-visit letter as recorded, and letters written
with other authorities, visit numbers, inspectors, dates and page-break noise."""

import datetime

import pytest

from findings.importer.parsing.documents import ImportProblem, parse_document
from findings.importer.parsing.draft import MONITORING_LETTER, Draft
from tests.support.importing import DATA, OWN_LETTERS, SIXTH_VISIT, SIXTH_VISIT_LETTER, read


@pytest.fixture(scope="module")
def sixth():
    return parse_document(read(SIXTH_VISIT_LETTER))


def test_the_sixth_visit_letter_gives_the_recorded_dates_and_visit_number(sixth):
    assert sixth.document == MONITORING_LETTER
    assert sixth.event.kind == "monitoring"
    assert sixth.event.published_on == datetime.date(2024, 7, 25)
    assert sixth.event.fieldwork_start == datetime.date(2024, 6, 25)
    assert sixth.event.fieldwork_end == datetime.date(2024, 6, 26)
    assert sixth.event.visit_number == 6
    assert sixth.problems == []


def test_the_sixth_visit_letter_names_sefton_and_its_inspectors(sixth):
    assert sixth.event.authority_name == "Sefton"
    assert sixth.event.inspectors == ["Lisa Summers", "Rachel Fairhurst"]
    assert sixth.event.lead_inspector == "Lisa Summers"
    assert sixth.event.source_reference == SIXTH_VISIT["source_reference"]
    assert sixth.event.headline_summary == SIXTH_VISIT["headline_summary"]


def test_the_sixth_visit_letter_lists_the_four_areas_covered_word_for_word(sixth):
    assert [area.wording for area in sixth.areas] == [
        review["area_wording"] for review in SIXTH_VISIT["reviews"]
    ]
    assert [area.ref for area in sixth.areas] == [1, 2, 3, 4]


def test_every_paragraph_of_the_sixth_visit_letter_is_a_finding_in_order_none_merged_or_split(
    sixth,
):
    recorded = [(f["section"], f["paragraph"], f["text"]) for f in SIXTH_VISIT["findings"]]
    found = [(f.section, f.paragraph, f.text) for f in sixth.findings]
    assert len(found) == 21
    assert found == recorded


def test_a_sentence_broken_across_pages_is_mended(sixth):
    [headline] = [f for f in sixth.findings if f.section == "headline" and f.paragraph == 1]
    assert "leave children in situations of ongoing risk without" in headline.text


def test_the_closing_lines_are_not_findings(sixth):
    texts = " ".join(f.text for f in sixth.findings)
    assert "copying this letter" not in texts
    assert "Yours sincerely" not in texts


def test_the_draft_survives_a_round_trip_through_json(sixth):
    assert Draft.from_dict(sixth.to_dict()) == sixth


@pytest.mark.parametrize(
    ("name", "facts"),
    [
        (
            "northmoor-third-monitoring-visit-letter.txt",
            {
                "authority_name": "Northmoor",
                "visit_number": 3,
                "fieldwork_start": datetime.date(2024, 9, 30),
                "fieldwork_end": datetime.date(2024, 10, 1),
                "published_on": datetime.date(2024, 10, 31),
                "inspectors": ["Daniel Okafor"],
                "lead_inspector": "Daniel Okafor",
            },
        ),
        (
            "eastbridge-second-monitoring-visit-letter.txt",
            {
                "authority_name": "Eastbridge",
                "visit_number": 2,
                "fieldwork_start": datetime.date(2025, 3, 4),
                "fieldwork_end": datetime.date(2025, 3, 5),
                "published_on": datetime.date(2025, 4, 3),
                "inspectors": ["Amira Shah", "Tom Fenwick", "Claire O’Neill"],
                "lead_inspector": "Amira Shah",
            },
        ),
        (
            "westhaven-tenth-monitoring-visit-letter.txt",
            {
                "authority_name": "Westhaven Borough Council",
                "visit_number": 10,
                "fieldwork_start": datetime.date(2021, 12, 7),
                "fieldwork_end": datetime.date(2021, 12, 8),
                "published_on": datetime.date(2022, 1, 14),
                "inspectors": ["Gareth Pryce", "Nadia Rahman"],
                "lead_inspector": "Gareth Pryce",
            },
        ),
    ],
)
def test_other_letters_give_their_own_facts(name, facts):
    draft = parse_document(read(DATA / name))
    for field, value in facts.items():
        assert getattr(draft.event, field) == value, field


@pytest.mark.parametrize("name", sorted(OWN_LETTERS))
def test_other_letters_give_every_area_and_paragraph(name):
    draft = parse_document(read(DATA / name))
    expected = OWN_LETTERS[name]
    assert len(draft.areas) == len(expected["areas_covered"])
    assert [(f.section, f.paragraph) for f in draft.findings] == [
        (section, paragraph) for section, paragraph, _, _ in expected["findings"]
    ]


def test_hard_wrapped_lines_page_headers_and_page_numbers_do_not_reach_the_findings():
    draft = parse_document(read(DATA / "northmoor-third-monitoring-visit-letter.txt"))
    texts = [f.text for f in draft.findings]
    assert not any("Page 2 of 4" in t or "monitoring visit 30 September" in t for t in texts)
    # A sentence broken by the header and page number of page 2 is whole again.
    assert texts[4].endswith(
        "for a small number of children the delay in securing permanence has been considerable."
    )
    assert draft.areas[1].wording == (
        "The sufficiency of homes for children in care, including children living in "
        "unregistered children’s homes."
    )


def test_an_address_block_and_protective_markings_between_pages_are_removed():
    draft = parse_document(read(DATA / "eastbridge-second-monitoring-visit-letter.txt"))
    broken = next(f for f in draft.findings if f.text.startswith("The quality of referrals"))
    assert "needed to understand what the concerns are, and workers spend time" in broken.text
    assert not any("OFFICIAL" in f.text for f in draft.findings)


def test_areas_listed_without_bullets_are_still_found():
    draft = parse_document(read(DATA / "eastbridge-second-monitoring-visit-letter.txt"))
    assert [a.wording for a in draft.areas][3] == (
        "The local authority’s corporate parenting arrangements for children in care."
    )


def test_a_letter_without_headline_findings_says_so_and_still_gives_its_findings():
    draft = parse_document(read(DATA / "westhaven-tenth-monitoring-visit-letter.txt"))
    assert "Could not find the 'Headline findings' section of the letter." in draft.problems
    assert len(draft.findings) == 5
    assert draft.event.headline_summary == ""


def test_a_letter_missing_its_dates_and_inspectors_lists_what_could_not_be_found():
    text = read(SIXTH_VISIT_LETTER)
    text = text.replace("25 July 2024", "").replace(" on 25 and 26 June 2024", "")
    text = text.replace(
        "His Majesty's Inspectors for this visit were Lisa Summers and Rachel Fairhurst.", ""
    ).replace("Lisa Summers **His Majesty's Inspector**", "")
    draft = parse_document(text)
    assert draft.event.published_on is None
    assert draft.event.fieldwork_start is None
    assert draft.event.inspectors == []
    assert any("letter's date" in p for p in draft.problems)
    assert any("fieldwork dates" in p for p in draft.problems)
    assert any("inspectors' names" in p for p in draft.problems)
    assert len(draft.findings) == 21


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "the letter's text is empty"),
        ("   \n\n\t  ", "the letter's text is empty"),
        (
            "Minutes of the improvement board, 3 May 2024. Members discussed the budget.",
            "does not look like an Ofsted monitoring visit letter, focused visit letter, joint "
            "targeted area inspection letter or inspection report",
        ),
        (
            "Monitoring visit to Sefton children's services\n\nAreas covered by the visit\n\n"
            "- The front door.\n\nThis letter ends here.",
            "no findings could be found",
        ),
    ],
)
def test_text_that_is_not_a_letter_says_what_could_not_be_found(text, says):
    with pytest.raises(ImportProblem) as caught:
        parse_document(text)
    assert says in str(caught.value)


def test_a_letter_pasted_as_one_hard_wrapped_block_keeps_its_paragraphs():
    # As copied from a PDF viewer: no blank lines, each line ending where the page's did.
    text = "\n".join(
        [
            "Monitoring visit to Northmoor children’s services",
            "This letter summarises the findings of the monitoring visit to Northmoor",
            "children’s services on 2 and 3 May 2024. This was the first monitoring visit since",
            "the local authority was judged inadequate. His Majesty’s Inspector for this visit",
            "was Daniel Okafor.",
            "Areas covered by the visit",
            "• Care planning for children in care.",
            "Findings and evaluation of progress",
            "Care plans are now reviewed regularly and most are up to date. Plans are written",
            "in clear language.",
            "There are still not enough homes for children in care. Too many children live a",
            "long way from their families.",
            "Yours sincerely",
            "Daniel Okafor",
        ]
    )
    draft = parse_document(text)
    assert [f.text for f in draft.findings] == [
        "Care plans are now reviewed regularly and most are up to date. Plans are written in "
        "clear language.",
        "There are still not enough homes for children in care. Too many children live a long "
        "way from their families.",
    ]
    assert draft.event.visit_number == 1
    assert draft.event.fieldwork_start == datetime.date(2024, 5, 2)
