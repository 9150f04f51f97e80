from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from visits.models import InspectionEvent, LocalAuthority
from visits.selectors import default_authority

from .filtersets import FindingSearchFilter
from .models import AreaOfConcern, Finding
from .selectors import (
    area_page,
    dashboard_page,
    event_page,
    full_text_search,
    searchable_findings,
)


@login_required
@permission_required("visits.view_inspectionevent", raise_exception=True)
def event_detail(request, pk):
    event = get_object_or_404(
        InspectionEvent.objects.visible_to(request.user)
        .select_related("authority")
        .prefetch_related("judgements"),
        pk=pk,
    )
    return render(request, "visits/event_detail.html", {"page": event_page(event, request.user)})


@login_required
@permission_required("findings.view_areaofconcern", raise_exception=True)
def area_detail(request, pk):
    area = get_object_or_404(AreaOfConcern.objects.select_related("authority", "raised_by"), pk=pk)
    return render(request, "findings/area_detail.html", {"page": area_page(area, request.user)})


def _chosen_authority(request) -> LocalAuthority | None:
    """?authority=<id> if given (404 if there is no such authority), else the default one."""
    value = request.GET.get("authority", "")
    if not value:
        return default_authority()
    if not value.isdigit():
        raise Http404("There is no such local authority.")
    return get_object_or_404(LocalAuthority, pk=value)


@login_required
@permission_required("findings.view_areareview", raise_exception=True)
def dashboard(request):
    authority = _chosen_authority(request)
    page = dashboard_page(authority, request.user, request.GET) if authority else None
    return render(request, "findings/dashboard.html", {"page": page})


FINDINGS_PER_PAGE = 20


@login_required
@permission_required("findings.view_finding", raise_exception=True)
def finding_search(request):
    authority = _chosen_authority(request)
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
