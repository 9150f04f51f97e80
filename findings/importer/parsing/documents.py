"""Which document a text is, and reading it into a draft."""

from .draft import Draft
from .errors import ImportProblem
from .letter import looks_like_letter, parse_letter
from .report import looks_like_report, parse_report
from .text import normalise

__all__ = ["ImportProblem", "parse_document"]


def parse_document(text: str) -> Draft:
    """A draft from the text of a monitoring-visit letter or an inspection report."""
    if not normalise(text or "").strip():
        raise ImportProblem("There is no text to import: the letter's text is empty.")
    if looks_like_letter(text):
        draft = parse_letter(text)
        if not draft.findings:
            raise ImportProblem(
                "This looks like a monitoring visit letter, but no findings could be found in it: "
                "could not find the 'Headline findings' or 'Findings and evaluation of progress' "
                "sections."
            )
        return draft
    if looks_like_report(text):
        draft = parse_report(text)
        if not (draft.judgements or draft.areas):
            raise ImportProblem(
                "This looks like an inspection report, but neither its judgements nor its "
                "'What needs to improve?' list could be found."
            )
        return draft
    raise ImportProblem(
        "This does not look like an Ofsted monitoring visit letter or inspection report: could "
        "not find a 'Monitoring visit to … children's services' title, the 'Areas covered by the "
        "visit', 'Headline findings' or 'Findings and evaluation of progress' headings, an "
        "'Inspection dates:' line or a table of judgements."
    )
