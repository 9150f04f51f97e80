from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .selectors import events_for_home


@login_required
def home(request):
    authority, events = events_for_home(request.user)
    return render(request, "visits/home.html", {"authority": authority, "events": events})
