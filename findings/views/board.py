"""The board's pages: the dashboard and the findings search."""

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from sefton_tracker.core.page_cache import cached_page_context
from visits.scope import page_scope
from visits.selectors import chosen_authority

from ..filtersets import DashboardFilterForm, FindingSearchFilter
from ..models import Finding
from ..selectors.dashboard import dashboard_page
from ..selectors.search import full_text_search, searchable_findings


@login_required
@permission_required("findings.view_areareview", raise_exception=True)
@require_safe
def dashboard(request):
    authority = chosen_authority(request)
    context = {"authority": authority}
    if authority is not None:
        context |= cached_page_context(
            request,
            authority,
            lambda: dashboard_page(authority, request.user, DashboardFilterForm(request.GET)),
            page_scope(request.user, authority),  # whose drafts the reader sees
        )
    return render(request, "findings/dashboard.html", context)


FINDINGS_PER_PAGE = 20


@login_required
@permission_required("findings.view_finding", raise_exception=True)
@require_safe
def finding_search(request):
    authority = chosen_authority(request)
    findings = searchable_findings(authority, request.user) if authority else Finding.objects.none()
    filters = FindingSearchFilter(
        request.GET, queryset=findings, authority=authority, user=request.user
    )
    results = Paginator(filters.qs, FINDINGS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "findings/finding_search.html",
        {
            "authority": authority,
            "filters": filters,
            "results": results,
            "full_text_search": full_text_search(),
            "page_range": results.paginator.get_elided_page_range(
                results.number, on_each_side=1, on_ends=1
            ),
        },
    )
