"""The pages that write indicators: a council's own indicators (defined, changed, their values
entered, corrected or deleted, uploaded from a file), the areas of concern any indicator bears on,
and the history of each. The pages that read them (the scorecard, an indicator's page) are in
views.py.

An officer writes only their own authorities' indicators (visits.scope); DfE's are read-only."""

import datetime
import io

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from sefton_tracker.core.exports import XLSX_CONTENT_TYPE, Column, csv_response
from sefton_tracker.core.govuk_forms import submit
from sefton_tracker.core.history import history_entries
from sefton_tracker.core.views import form_page, history_page, home_crumb, posted
from visits.forms import VersionForm
from visits.models import LocalAuthority
from visits.scope import NO_AUTHORITY, check_may_write, may_write, scoped_authorities
from visits.selectors import chosen_authority

from ..models import AreaOfConcern
from .forms import UNIT_LABELS, AreaLinksForm, IndicatorForm, UploadForm, ValueForm
from .models import Indicator, IndicatorValue
from .pages import Numbers, target_words
from .selectors import HIDDEN
from .services import (
    DFE_READ_ONLY,
    delete_local_value,
    figure,
    link_areas,
    save_indicator,
    save_local_value,
    save_uploaded_values,
)
from .uploads import TEMPLATE_HEADINGS

# Months of each indicator shown before the rest are folded away on the page of an authority's own.
RECENT_MONTHS = 12


def _authority(request) -> LocalAuthority:
    """The authority a page is about: ?authority=<id>, else the user's own (visits.selectors)."""
    authority = chosen_authority(request)
    if authority is None:
        raise Http404("No local authority has been set up.")
    return authority


def _authority_to_change(request) -> LocalAuthority:
    authority = _authority(request)
    if not request.GET.get("authority") and not scoped_authorities(request.user).exists():
        raise PermissionDenied(NO_AUTHORITY)
    check_may_write(request.user, authority)
    return authority


def local_url(authority) -> str:
    return f"{reverse('indicator-local')}?authority={authority.pk}"


def _indicator_or_404(key) -> Indicator:
    return get_object_or_404(Indicator.objects.select_related("authority"), key=key)


def _local_to_change(request, key) -> Indicator:
    """A council's own indicator the user may change: DfE's are read-only (403), and another
    authority's are refused naming it (403)."""
    indicator = _indicator_or_404(key)
    if not indicator.is_local:
        raise PermissionDenied(DFE_READ_ONLY)
    check_may_write(request.user, indicator.authority)
    return indicator


def _scorecard_crumb(authority) -> tuple[str, str]:
    return ("Indicators", f"{reverse('indicators')}?authority={authority.pk}")


def _crumbs(authority) -> list[tuple[str, str]]:
    """Home, the scorecard, then the authority's own indicators (the cancel link's target)."""
    return [
        home_crumb(),
        _scorecard_crumb(authority),
        (f"{authority.name}'s own indicators", local_url(authority)),
    ]


# -- an authority's own indicators -------------------------------------------------------------


def _unit_suffix(indicator) -> str:
    return "%" if indicator.unit == Indicator.Unit.PERCENT else ""


@login_required
@permission_required("indicators.view_indicator", raise_exception=True)
@require_safe
def local_indicators(request):
    """An authority's own indicators, each with its definition and its values (newest first,
    each rated against the target), and which of DfE's indicators bear on its areas of concern.
    Read by everyone; the controls are for those who may change them."""
    authority = _authority(request)
    own = list(
        Indicator.objects.filter(authority=authority).prefetch_related(
            Prefetch("areas", queryset=AreaOfConcern.objects.order_by("position", "id")),
            Prefetch(
                "values",
                queryset=IndicatorValue.objects.filter(authority=authority).order_by("-period_end"),
                to_attr="newest_first",
            ),
        )
    )
    for indicator in own:
        numbers = Numbers(indicator, [v.value for v in indicator.newest_first])
        indicator.band = target_words(indicator).removeprefix("Target ")
        indicator.unit_label = UNIT_LABELS.get(indicator.unit, indicator.get_unit_display())
        for value in indicator.newest_first:
            value.rag = indicator.rag(value.value)
            value.shown = numbers(value.value)
        indicator.recent = indicator.newest_first[:RECENT_MONTHS]
        indicator.earlier = indicator.newest_first[RECENT_MONTHS:]
    national = list(
        Indicator.objects.filter(authority__isnull=True)
        .exclude(key__in=HIDDEN)
        .prefetch_related(
            Prefetch(
                "areas",
                queryset=AreaOfConcern.objects.filter(authority=authority).order_by("position"),
                to_attr="linked",
            )
        )
    )
    for indicator in national:
        indicator.unit_label = UNIT_LABELS.get(indicator.unit, indicator.get_unit_display())
    user = request.user
    return render(
        request,
        "indicators/forms/local.html",
        {
            "authority": authority,
            "crumbs": [home_crumb(), _scorecard_crumb(authority)],
            "indicators": own,
            "national": national,
            "may_define": may_write(user, authority, "indicators.add_indicator"),
            "may_change": may_write(user, authority, "indicators.change_indicator"),
            "may_enter": may_write(user, authority, "indicators.add_indicatorvalue"),
            "may_correct": may_write(user, authority, "indicators.change_indicatorvalue"),
            "may_delete": may_write(user, authority, "indicators.delete_indicatorvalue"),
        },
    )


@login_required
@permission_required("indicators.add_indicator", raise_exception=True)
@require_http_methods(["GET", "POST"])
def indicator_create(request):
    authority = _authority_to_change(request)
    indicator = Indicator(authority=authority)
    form = IndicatorForm(posted(request), instance=indicator, authority=authority)
    return form_page(
        request,
        form,
        lambda: save_indicator(form.instance, areas=form.cleaned_data["areas"]),
        template="indicators/forms/indicator_form.html",
        context={"authority": authority, "indicator": None, "crumbs": _crumbs(authority)},
        message=lambda: f"“{form.instance.name}” has been added.",
        success_url=local_url(authority),
    )


@login_required
@permission_required("indicators.change_indicator", raise_exception=True)
@require_http_methods(["GET", "POST"])
def indicator_edit(request, key):
    indicator = _local_to_change(request, key)
    authority = indicator.authority
    form = IndicatorForm(posted(request), instance=indicator, authority=authority)
    return form_page(
        request,
        form,
        lambda: save_indicator(
            form.instance,
            areas=form.cleaned_data["areas"],
            expected_version=form.cleaned_data["version"],
        ),
        template="indicators/forms/indicator_form.html",
        context={"authority": authority, "indicator": indicator, "crumbs": _crumbs(authority)},
        message=lambda: f"“{form.instance.name}” has been saved.",
        success_url=local_url(authority),
    )


@login_required
@permission_required("indicators.change_indicator", raise_exception=True)
@require_http_methods(["GET", "POST"])
def indicator_areas(request, key):
    """The areas of concern of one authority (?authority=, else the user's) that an indicator
    bears on: DfE's indicators are linked by each authority to its own areas."""
    indicator = _indicator_or_404(key)
    if indicator.is_local:
        authority = indicator.authority
        check_may_write(request.user, authority)
    else:
        authority = _authority_to_change(request)
    form = AreaLinksForm(posted(request), authority=authority, indicator=indicator)
    return form_page(
        request,
        form,
        lambda: link_areas(indicator, authority, form.cleaned_data["areas"]),
        template="indicators/forms/areas_form.html",
        context={"authority": authority, "indicator": indicator, "crumbs": _crumbs(authority)},
        message=f"The areas of concern “{indicator.name}” bears on have been saved.",
        success_url=local_url(authority) + ("" if indicator.is_local else "#national"),
    )


@login_required
@permission_required("indicators.view_indicator", raise_exception=True)
@require_safe
def indicator_history(request, key):
    indicator = _indicator_or_404(key)
    if indicator.is_local:
        crumbs = _crumbs(indicator.authority)
    else:
        crumbs = [home_crumb(), ("Indicators", reverse("indicators"))]
    crumbs.append((indicator.name, reverse("indicator-detail", args=[indicator.key])))
    return history_page(
        request,
        title="History of the indicator",
        caption=indicator.name,
        crumbs=crumbs,
        entries=_figures_written(history_entries(indicator.history.select_related("history_user"))),
        intro="Changes to what the indicator measures, its unit, target and tolerance. Its "
        "values have their own history.",
    )


# -- one month's value ------------------------------------------------------------------------


@login_required
@permission_required("indicators.add_indicatorvalue", raise_exception=True)
@require_http_methods(["GET", "POST"])
def value_create(request, key):
    indicator = _local_to_change(request, key)
    value = IndicatorValue(
        indicator=indicator,
        level=IndicatorValue.Level.AUTHORITY,
        authority=indicator.authority,
    )
    form = ValueForm(posted(request), instance=value)
    return form_page(
        request,
        form,
        lambda: save_local_value(form.instance),
        template="indicators/forms/value_form.html",
        context=lambda: _value_context(indicator, None),
        message=lambda: f"The value for {form.instance.period} has been saved.",
        success_url=local_url(indicator.authority) + f"#{indicator.key}",
    )


def _value_to_change(request, pk) -> IndicatorValue:
    value = get_object_or_404(
        IndicatorValue.objects.select_related("indicator__authority", "authority"), pk=pk
    )
    if not value.indicator.is_local:
        raise PermissionDenied(DFE_READ_ONLY)
    check_may_write(request.user, value.indicator.authority)
    return value


def _value_context(indicator, value) -> dict:
    return {
        "indicator": indicator,
        "authority": indicator.authority,
        "value": value,
        "crumbs": _crumbs(indicator.authority),
        "unit_suffix": _unit_suffix(indicator),
    }


@login_required
@permission_required("indicators.change_indicatorvalue", raise_exception=True)
@require_http_methods(["GET", "POST"])
def value_edit(request, pk):
    value = _value_to_change(request, pk)
    indicator = value.indicator
    form = ValueForm(posted(request), instance=value)
    return form_page(
        request,
        form,
        lambda: save_local_value(form.instance, expected_version=form.cleaned_data["version"]),
        template="indicators/forms/value_form.html",
        context=lambda: _value_context(indicator, value),
        message=f"The value for {value.period} has been saved.",
        success_url=local_url(indicator.authority) + f"#{indicator.key}",
    )


@login_required
@permission_required("indicators.delete_indicatorvalue", raise_exception=True)
@require_http_methods(["GET", "POST"])
def value_delete(request, pk):
    value = _value_to_change(request, pk)
    indicator = value.indicator
    form = VersionForm(posted(request), instance=value)
    return form_page(
        request,
        form,
        lambda: delete_local_value(value, expected_version=form.cleaned_data["version"]),
        template="indicators/forms/value_delete.html",
        context=lambda: _value_context(indicator, value),
        message=f"The value for {value.period} has been deleted.",
        success_url=local_url(indicator.authority) + f"#{indicator.key}",
        what="value",
    )


# What a value's history shows: the month is the entry's subject, and the rest is fixed.
VALUE_HISTORY_FIELDS = ("value", "note")


def _value_entries(entries):
    """Each entry's changes to the figure and its note."""
    for entry in entries:
        entry.changes = [c for c in entry.changes if c.name in VALUE_HISTORY_FIELDS]
    return _figures_written(entries)


FIGURES = ("value", "target", "tolerance")


def _figures_written(entries):
    """The figures in history entries as people write them: 85, not 85.00."""
    for entry in entries:
        for change in entry.changes:
            if change.name in FIGURES:
                change.before = figure(change.before_value) or "(blank)"
                change.after = figure(change.after_value) or "(blank)"
    return entries


@login_required
@permission_required("indicators.view_indicatorvalue", raise_exception=True)
@require_safe
def values_history(request, key):
    """Every entry, correction and deletion of a council's own indicator's values, newest first,
    each named by its month. (DfE's figures change only with a new edition: not listed here.)"""
    indicator = _indicator_or_404(key)
    if not indicator.is_local:
        raise Http404("DfE's figures change only when a newer edition is loaded.")
    records = IndicatorValue.history.filter(indicator_id=indicator.pk).select_related(
        "history_user"
    )
    return history_page(
        request,
        title="History of the indicator's values",
        caption=indicator.name,
        crumbs=_crumbs(indicator.authority),
        entries=_value_entries(history_entries(records, subject=lambda record: record.period)),
        intro="Every value entered, corrected, uploaded or deleted: who did it, when, and the "
        "figures before and after. Newest first.",
        empty="No values have been entered yet.",
    )


# -- uploading figures ------------------------------------------------------------------------


def _described(error) -> str:
    """A refused cell as the error summary lists it; a problem with the whole file as itself."""
    if error.row == 0:
        return error.reason[:1].upper() + error.reason[1:]
    return str(error)


@login_required
@permission_required(
    ["indicators.add_indicatorvalue", "indicators.change_indicatorvalue"], raise_exception=True
)
@require_http_methods(["GET", "POST"])
def upload(request):
    """Figures from a CSV or XLSX file: all saved, with what was added and changed listed, or
    none, with every bad cell listed."""
    authority = _authority_to_change(request)
    indicators = list(Indicator.objects.filter(authority=authority))
    form = UploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        indicators=indicators,
    )
    context = {
        "authority": authority,
        "indicators": indicators,
        "crumbs": _crumbs(authority),
        "form": form,
    }
    saved = []
    if request.method == "POST" and submit(
        form, lambda: saved.extend(save_uploaded_values(authority, form.cleaned_data["values"]))
    ):
        context["saved"] = saved
        for item in saved:
            numbers = Numbers(item.value.indicator, [item.value.value, item.before])
            item.value.shown = numbers(item.value.value)
            item.before_shown = numbers(item.before) if item.before is not None else ""
        context["summary"] = _upload_summary(saved)
        return render(request, "indicators/forms/upload_done.html", context)
    context["cell_errors"] = [_described(error) for error in form.cell_errors]
    return render(request, "indicators/forms/upload.html", context)


def _upload_summary(saved) -> str:
    """'2 values added and 1 changed', '1 value changed', or '' when nothing changed."""
    added = sum(1 for item in saved if item.outcome == "added")
    changed = sum(1 for item in saved if item.outcome == "changed")
    parts = []
    if added:
        parts.append(f"{added} value{'' if added == 1 else 's'} added")
    if changed:
        noun = "" if parts else f" value{'' if changed == 1 else 's'}"
        parts.append(f"{changed}{noun} changed")
    return " and ".join(parts)


def _template_rows(authority):
    last_month = datetime.date.today().replace(day=1) - datetime.timedelta(days=1)
    month = f"{last_month:%Y-%m}"
    return [
        (indicator, month)
        for indicator in Indicator.objects.filter(authority=authority).order_by("key")
    ]


TEMPLATE_COLUMNS = [
    Column(TEMPLATE_HEADINGS[0], lambda row: row[0].key, 36),
    Column(TEMPLATE_HEADINGS[1], lambda row: row[1], 12),
    Column(TEMPLATE_HEADINGS[2], lambda row: None, 10),
    Column(TEMPLATE_HEADINGS[3], lambda row: None, 40),
]
DESCRIBED_COLUMNS = [
    Column("indicator", lambda i: i.key, 36),
    Column("name", lambda i: i.name, 48),
    Column("unit", lambda i: i.get_unit_display(), 24),
    Column("better", lambda i: i.get_better_display(), 20),
    Column("target", lambda i: i.target, 10),
    Column("tolerance", lambda i: i.tolerance, 10),
    Column("what it measures", lambda i: i.description, 60),
]


@login_required
@permission_required("indicators.add_indicatorvalue", raise_exception=True)
@require_safe
def upload_template_csv(request):
    """The file to fill in: the headings, and a row for each of the authority's own indicators
    for last month."""
    authority = _authority_to_change(request)
    filename = f"indicator-figures-{authority.ons_code.lower()}.csv"
    return csv_response(_template_rows(authority), TEMPLATE_COLUMNS, filename)


@login_required
@permission_required("indicators.add_indicatorvalue", raise_exception=True)
@require_safe
def upload_template_xlsx(request):
    """As the CSV template, with a second sheet saying what each indicator is (only the first
    sheet is read back)."""
    authority = _authority_to_change(request)
    book = Workbook()
    bold = Font(bold=True)
    sheets = [
        (book.active, "Figures", _template_rows(authority), TEMPLATE_COLUMNS),
        (
            book.create_sheet(),
            "Indicators",
            Indicator.objects.filter(authority=authority).order_by("key"),
            DESCRIBED_COLUMNS,
        ),
    ]
    for sheet, title, rows, columns in sheets:
        sheet.title = title
        sheet.append([column.heading for column in columns])
        for number, column in enumerate(columns, start=1):
            sheet.cell(row=1, column=number).font = bold
            sheet.column_dimensions[get_column_letter(number)].width = column.width
        for row in rows:
            sheet.append([column.value(row) for column in columns])
        sheet.freeze_panes = "A2"
    handle = io.BytesIO()
    book.save(handle)
    filename = f"indicator-figures-{authority.ons_code.lower()}.xlsx"
    response = HttpResponse(handle.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
