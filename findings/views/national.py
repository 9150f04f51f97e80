"""What Ofsted is looking at (/national/themes/), a page of the national picture
(visits.national.views) that shows the authority's areas of concern beside the year's visits."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from visits.selectors import default_authority

from ..selectors.national import themes_page


@login_required
@permission_required(
    ["national.view_ofstedoutcome", "findings.view_areaofconcern"], raise_exception=True
)
@require_safe
def themes(request):
    authority = default_authority()
    if authority is None:
        raise Http404("No local authority has been set up yet.")
    page = themes_page(authority, request.user)
    return render(
        request,
        "national/themes.html",
        {"page": page, "authority": authority, "home_authority": authority},
    )
