"""The filtered lists of findings, ratings, improvement actions and progress updates as CSV and
XLSX downloads (the shared machinery is sefton_tracker.core.api.exports)."""

from sefton_tracker.core.api import exports
from sefton_tracker.core.api.exports import export_docs
from sefton_tracker.core.display import person_name
from sefton_tracker.core.exports import Column

from ..models import LeadRAG

__all__ = [
    "ACTION_COLUMNS",
    "UPDATE_COLUMNS",
    "ActionExportMixin",
    "ExportMixin",
    "UpdateExportMixin",
    "export_docs",
]


class ExportMixin(exports.ExportMixin):
    # Each finding's and rating's event, authority and area are columns.
    export_related = ("event__authority", "area")


class ActionExportMixin(exports.ExportMixin):
    # Each action's authority is a column (its area, lead and latest update are read already).
    export_related = ("area__authority",)


class UpdateExportMixin(exports.ExportMixin):
    export_related = ("action__area__authority", "author")


def _lead_rag(rag: str) -> str:
    return LeadRAG(rag).label if rag else ""


def _latest(action, attribute):
    update = action.latest_update
    return getattr(update, attribute) if update is not None else None


ACTION_COLUMNS = [
    Column("Action id", lambda action: action.pk, 10),
    Column("Local authority", lambda action: action.area.authority.name, 18),
    Column("Area of concern", lambda action: action.area.title, 36),
    Column("Action", lambda action: action.title, 48),
    Column("Lead", lambda action: action.lead, 28),
    Column("Lead's username", lambda action: action.lead_user.username if action.lead_user else ""),
    Column("Partner agency", lambda action: action.lead_agency, 20),
    Column("Due date", lambda action: action.due_date, 12),
    Column("Status", lambda action: action.get_status_display(), 12),
    Column("Days overdue", lambda action: action.days_overdue, 10),
    Column("Lead's RAG", lambda action: _lead_rag(action.rag), 12),
    Column("Reason for the RAG", lambda action: action.rag_reason, 48),
    Column("Completed on", lambda action: action.completed_on, 12),
    Column("Latest update", lambda action: _latest(action, "date"), 12),
    Column("Latest update's note", lambda action: _latest(action, "note") or "", 60),
    Column(
        "Impact measures",
        lambda action: "; ".join(measure.description for measure in action.impact_measures.all()),
        48,
    ),
]

UPDATE_COLUMNS = [
    Column("Update id", lambda update: update.pk, 10),
    Column("Local authority", lambda update: update.action.area.authority.name, 18),
    Column("Area of concern", lambda update: update.action.area.title, 36),
    Column("Action id", lambda update: update.action_id, 10),
    Column("Action", lambda update: update.action.title, 48),
    Column("Date", lambda update: update.date, 12),
    Column("Lead's RAG", lambda update: _lead_rag(update.rag), 12),
    Column("Note", lambda update: update.note, 60),
    Column("Link to evidence", lambda update: update.evidence_url, 36),
    Column("Evidence file", lambda update: update.evidence_name, 28),
    Column("Evidence file's type", lambda update: update.evidence_type, 20),
    Column("Evidence file's size in bytes", lambda update: update.evidence_size, 14),
    Column("Recorded by", lambda update: person_name(update.author), 18),
    Column("Recorded at", lambda update: update.created_at, 18),
]
