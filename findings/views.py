from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, render

from visits.models import InspectionEvent

from .models import AreaOfConcern
from .selectors import area_page, event_page


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
