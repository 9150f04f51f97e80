"""Cleaning a document's text: letterhead, page numbers, running headers, wrapped lines and
paragraphs broken across pages."""

from findings.importer.parsing.text import clean_lines, clean_paragraphs, normalise, sentences


def texts(text):
    return [p.text for p in clean_paragraphs(text)]


def test_ofsted_s_letterhead_and_contact_details_are_removed():
    text = (
        "Ofsted\nPiccadilly Gate\nStore Street\nManchester\nM1 2WD\n\nT 0300 123 1231\n"
        "Textphone 0161 618 8524\nenquiries@ofsted.gov.uk\nwww.gov.uk/ofsted\n\n25 July 2024\n"
    )
    assert [line for line in clean_lines(text) if line] == ["25 July 2024"]


def test_page_numbers_and_protective_markings_are_removed():
    text = "First paragraph.\n\n2\n\nPage 3 of 7\n\n- 4 -\n\nOFFICIAL\n\nSecond paragraph."
    assert texts(text) == ["First paragraph.", "Second paragraph."]


def test_a_running_header_with_a_page_number_is_removed_wherever_it_falls():
    text = (
        "Inspection of Sefton local authority children’s services\n21 February to 4 March 2022 2\n"
        "is a lack of oversight.\n\nInspection of Sefton local authority children’s services\n"
        "21 February to 4 March 2022 3\nMore text."
    )
    assert "21 February to 4 March 2022 2" not in clean_lines(text)
    assert "Inspection of Sefton local authority children’s services" not in clean_lines(text)


def test_a_judgement_table_s_repeated_cells_are_not_taken_for_headers():
    text = (
        "Judgement Grade\nThe experiences and progress of\nchildren who need help and protection\n"
        "Good\nThe experiences and progress of\nchildren in care\nGood\n"
    )
    assert clean_lines(text).count("The experiences and progress of") == 2


def test_hard_wrapped_lines_are_joined_and_short_lines_end_paragraphs():
    text = (
        "Children who need early help receive an effective and timely response from the\n"
        "team. Screening is robust and informed by detailed conversations with referrers\n"
        "and partners.\n"
        "When children need to be protected, the response is not consistently timely. Some\n"
        "strategy discussions are held late."
    )
    assert texts(text) == [
        "Children who need early help receive an effective and timely response from the team. "
        "Screening is robust and informed by detailed conversations with referrers and partners.",
        "When children need to be protected, the response is not consistently timely. Some "
        "strategy discussions are held late.",
    ]


def test_a_word_hyphenated_at_a_line_end_keeps_its_hyphen_without_a_space():
    text = (
        "Actions for social workers to follow are mostly child-\nfocused and detailed, with "
        "clear timescales for each of the children concerned."
    )
    assert texts(text) == [
        "Actions for social workers to follow are mostly child-focused and detailed, with clear "
        "timescales for each of the children concerned."
    ]


def test_a_paragraph_broken_across_pages_is_mended_when_it_continues_in_lower_case():
    text = "There are now\n\n\n\nsufficient resources to deliver the task."
    assert texts(text) == ["There are now sufficient resources to deliver the task."]


def test_a_paragraph_broken_after_a_word_like_the_is_mended_even_before_a_capital():
    text = "Decisions are not always shared with the\n\nPage 2 of 3\n\nLADO in good time."
    assert texts(text) == ["Decisions are not always shared with the LADO in good time."]


def test_separate_paragraphs_stay_separate():
    text = "The first paragraph ends here.\n\nThe second one starts here."
    assert texts(text) == ["The first paragraph ends here.", "The second one starts here."]


def test_headings_bullets_and_numbered_paragraphs_are_told_apart():
    items = clean_paragraphs(
        "Areas covered by the visit\n\n• The front door.\n- Allegations against professionals.\n\n"
        "12. Most assessments are poor.\n\nWhat needs to improve?"
    )
    assert [(p.kind, p.key, p.number, p.text) for p in items] == [
        ("heading", "areas", None, "Areas covered by the visit"),
        ("bullet", "", None, "The front door."),
        ("bullet", "", None, "Allegations against professionals."),
        ("numbered", "", 12, "Most assessments are poor."),
        ("heading", "improve", None, "What needs to improve?"),
    ]


def test_pdf_artefacts_are_normalised_but_quotation_marks_are_kept():
    assert normalise("e\ufb00ective \ufb01ndings\u00a0and chil\u00addren’s\r\nline") == (
        "effective findings and children’s\nline"
    )


def test_sentences_are_split_at_full_stops_before_capitals():
    assert sentences("Most are timely. Some are not, e.g. those with delays. Others vary.") == [
        "Most are timely.",
        "Some are not, e.g. those with delays.",
        "Others vary.",
    ]
