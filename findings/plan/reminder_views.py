"""Each user's choice of the plan's reminder emails."""

from django.contrib.auth.decorators import login_required
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from sefton_tracker.core.views import form_page, posted

from .forms_reminders import ReminderPreferenceForm
from .models import ReminderPreference
from .reminders import set_preferences


@login_required
@require_http_methods(["GET", "POST"])
def reminder_preferences(request):
    """Any signed-in user turns each kind of email on or off (with no choice saved, both are on)."""
    preference = ReminderPreference.objects.filter(user=request.user).first()
    form = ReminderPreferenceForm(
        posted(request), preference=preference or ReminderPreference(user=request.user)
    )
    return form_page(
        request,
        form,
        lambda: set_preferences(request.user, **form.choices()),
        template="plan/reminder_preferences.html",
        context={"email": request.user.email},
        message="Your choice of emails has been saved.",
        success_url=reverse("plan-reminders"),
    )
