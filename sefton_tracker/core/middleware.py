"""Middleware of the shared framework."""

NO_STORE = "private, no-store"
API_PREFIX = "/api/"


class PrivateCacheControlMiddleware:
    """Signed-in pages, API answers and exports hold what only that reader may see: no browser or
    shared cache keeps them (`Cache-Control: private, no-store`). A view that set Cache-Control
    itself (never_cache, a report's download) keeps its own; anonymous public pages keep the
    defaults. Static files never reach it: whitenoise (or runserver) answers them first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        user = getattr(request, "user", None)
        if request.path_info.startswith(API_PREFIX) or (user is not None and user.is_authenticated):
            response["Cache-Control"] = NO_STORE
        return response
