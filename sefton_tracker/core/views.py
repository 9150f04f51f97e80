"""What every page that writes shares: the flow from a bound form to a saved record, and the
history page of a record."""

from collections.abc import Callable

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from .govuk_forms import submit


def posted(request):
    """The data to bind a form to: the POST on a POST, otherwise nothing (an unbound form)."""
    return request.POST if request.method == "POST" else None


def form_page(
    request,
    form,
    save: Callable[[], object],
    *,
    template: str,
    context: dict | Callable[[], dict] | None = None,
    message: str | Callable[[], str] | None,
    success_url: str | object | Callable[[], object],
    what: str | None = None,
    warnings: Callable[[], list[str]] | None = None,
):
    """The write-view flow, as netbox's ObjectEditView: on a POST, save the bound form through its
    service (`save`); when saved, say so and redirect; otherwise show the page with the form, its
    errors, or what someone else changed meanwhile.

    `message` and `success_url` may be callables, for what is known only once the record is saved
    (its id); `success_url` is anything `redirect()` takes, and no message is shown when it is
    None. `context` may be a callable too, when the page's other content is worth reading only
    if the page is shown. `warnings`, called once saved, gives what else to tell (each shown after
    the message, as a warning): something accepted that the user should know of."""
    if request.method == "POST" and submit(form, save, what=what):
        if message is not None:
            messages.success(request, message() if callable(message) else message)
        for warning in warnings() if warnings else ():
            messages.warning(request, warning)
        return redirect(success_url() if callable(success_url) else success_url)
    extra = context() if callable(context) else context
    return render(request, template, {"form": form, **(extra or {})})


def home_crumb() -> tuple[str, str]:
    return ("Home", reverse("home"))


def history_page(request, *, title, caption, crumbs, entries, intro="", empty=None):
    """A record's history, newest first: who changed what and when (entries from
    `history.history_entries`), under breadcrumbs of (label, url) pairs."""
    return render(
        request,
        "history.html",
        {
            "title": title,
            "caption": caption,
            "crumbs": crumbs,
            "entries": entries,
            "intro": intro,
            "empty": empty,
        },
    )
