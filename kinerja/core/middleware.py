import zoneinfo

from django.utils import timezone


class TenantTimezoneMiddleware:
    """Shows every time in the user's instansi time zone (Sorong is WIT, UTC+9)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        instansi = getattr(user, "instansi", None) if user is not None and user.is_authenticated else None
        if instansi is not None:
            timezone.activate(zoneinfo.ZoneInfo(instansi.timezone))
        else:
            timezone.deactivate()
        return self.get_response(request)
