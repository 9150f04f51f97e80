"""The pages that read indicators: the scorecard (an authority's indicators beside its statistical
neighbours, its region and England) and one indicator's page. Every signed-in role may read them;
the pages that write indicators are in editing_views.py."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from visits.models import LocalAuthority
from visits.scope import ScopedPerms
from visits.selectors import chosen_authority

from .models import Indicator
from .pages import indicator_page, scorecard_page

READ = "indicators.view_indicator"


def _authority(request) -> LocalAuthority:
    """?authority=<id> if given (404 if there is no such authority), else the user's default."""
    authority = chosen_authority(request)
    if authority is None:
        raise Http404("No local authority has been set up yet.")
    return authority


@login_required
@permission_required(READ, raise_exception=True)
@require_safe
def scorecard(request):
    authority = _authority(request)
    return render(
        request,
        "indicators/scorecard.html",
        {
            "page": scorecard_page(authority),
            "authority": authority,
            "perms": ScopedPerms(request.user, authority),
        },
    )


@login_required
@permission_required(READ, raise_exception=True)
@require_safe
def indicator_detail(request, key):
    """A council's own indicator is shown for its council; DfE's for the authority chosen."""
    indicator = get_object_or_404(Indicator.objects.select_related("authority"), key=key)
    authority = indicator.authority or _authority(request)
    return render(
        request,
        "indicators/indicator.html",
        {
            "page": indicator_page(indicator, authority, request.user),
            "indicator": indicator,
            "authority": authority,
            "perms": ScopedPerms(request.user, authority),
        },
    )
