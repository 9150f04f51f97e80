"""The national picture: an authority in context, journeys out of inadequate, and any authority's
page, found by any of its names. (What Ofsted is looking at shows areas of concern, so its view is
findings.views.national.) Every signed-in role may read them."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from visits.models import LocalAuthority
from visits.selectors import default_authority

from .pages import authority_page, authority_search, context_page, journeys_page

READ = "national.view_ofstedoutcome"


def _default_authority_or_404() -> LocalAuthority:
    authority = default_authority()
    if authority is None:
        raise Http404("No local authority has been set up yet.")
    return authority


@login_required
@permission_required(READ, raise_exception=True)
@require_safe
def in_context(request):
    authority = _default_authority_or_404()
    page = context_page(authority, request.user)
    return render(
        request,
        "national/context.html",
        {"page": page, "authority": page.authority, "home_authority": authority},
    )


@login_required
@permission_required(READ, raise_exception=True)
@require_safe
def journeys(request):
    authority = _default_authority_or_404()
    page = journeys_page(authority, request.user)
    return render(
        request,
        "national/journeys.html",
        {"page": page, "authority": authority, "home_authority": authority},
    )


@login_required
@permission_required(READ, raise_exception=True)
@require_safe
def authority_search_page(request):
    search = authority_search(request.GET.get("q", ""))
    return render(
        request,
        "national/authority_search.html",
        {"search": search, "home_authority": default_authority()},
    )


@login_required
@permission_required(READ, raise_exception=True)
@require_safe
def authority_detail(request, ons_code):
    authority = get_object_or_404(LocalAuthority, ons_code=ons_code.upper())
    page = authority_page(authority, request.user)
    return render(
        request,
        "national/authority.html",
        {"page": page, "authority": page.authority, "home_authority": default_authority()},
    )
