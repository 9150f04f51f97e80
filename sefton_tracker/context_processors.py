from django.conf import settings


def site(request):
    """The council and service names the site shell shows on every page."""
    return {
        "tracker": {"council_name": settings.COUNCIL_NAME, "service_name": settings.SERVICE_NAME}
    }
