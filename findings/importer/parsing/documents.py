"""Which document a text is, and reading it into a draft."""

from .draft import FOCUSED_LETTER, JTAI_LETTER, MONITORING_LETTER, Draft
from .errors import ImportProblem
from .jtai import parse_jtai
from .kinds import identify
from .letter import parse_letter
from .report import parse_report
from .text import normalise

__all__ = ["ImportProblem", "parse_document"]


def parse_document(text: str) -> Draft:
    """A draft from the text of an Ofsted monitoring-visit or focused-visit letter, a joint
    targeted area inspection letter or an inspection report (ILACS, or the single inspection
    framework's before it). Raises ImportProblem for anything else, saying what it looks like."""
    if not normalise(text or "").strip():
        raise ImportProblem("There is no text to import: the letter's text is empty.")
    document = identify(text)
    if document == MONITORING_LETTER:
        draft = parse_letter(text)
        if not draft.findings:
            raise ImportProblem(
                "This looks like a monitoring visit letter, but no findings could be found in it: "
                "could not find the 'Headline findings' or 'Findings and evaluation of progress' "
                "sections."
            )
        return draft
    if document == FOCUSED_LETTER:
        draft = parse_letter(text, FOCUSED_LETTER)
        if not draft.findings:
            raise ImportProblem(
                "This looks like a focused visit letter, but no findings could be found in it: "
                "could not find the 'Overview', 'Headline findings', 'Findings' or 'Main "
                "findings' sections."
            )
        return draft
    if document == JTAI_LETTER:
        draft = parse_jtai(text)
        if not draft.findings:
            raise ImportProblem(
                "This looks like a joint targeted area inspection letter, but no findings could "
                "be found in it: could not find its summary, 'Headline findings', 'Strengths', "
                "'Areas for improvement' or 'Main findings'."
            )
        return draft
    draft = parse_report(text)
    if not (draft.judgements or draft.areas):
        raise ImportProblem(
            "This looks like an inspection report, but neither its judgements nor its "
            "'What needs to improve?' list could be found."
        )
    return draft
