from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .selectors import events_for_home


@login_required
@require_safe
def home(request):
    authority, events = events_for_home(request.user)
    return render(request, "visits/home.html", {"authority": authority, "events": events})
