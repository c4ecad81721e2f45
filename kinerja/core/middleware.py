import re
import zoneinfo

from django.http import JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _


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


# A JSON string escape that really is U+0000: "\u0000" not preceded by an odd run of backslashes.
JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000", re.IGNORECASE)


def _has_nul(values) -> bool:
    return any("\x00" in key or any("\x00" in v for v in items) for key, items in values.lists())


class BadInputMiddleware:
    """Refuses a NUL character anywhere in a request's text (path, query, form fields, JSON), and
    a body that cannot be parsed, with a 400 and a message, before any view sees it.

    No person types a NUL; PostgreSQL cannot store one in text (it answers DataError, a 500), and
    SQLite stores it silently to break exports later. Django's form fields already refuse it, but
    the JSON API, query strings and hand-read POST fields had no such check: this one covers every
    path at once, including those added later. Uploaded files are not looked at.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = self.problem(request)
        if problem is None:
            return self.get_response(request)
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": problem}, status=400)
        return render(request, "core/bad_input.html", {"problem": problem}, status=400)

    @staticmethod
    def problem(request) -> str | None:
        nul = _("Teks tidak boleh mengandung karakter NUL (\\0). Hapus karakter itu lalu kirim ulang.")
        if "\x00" in request.path_info or _has_nul(request.GET):
            return nul
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return None
        if request.content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
            try:
                return nul if _has_nul(request.POST) else None
            except MultiPartParserError:
                return _("Isi formulir tidak dapat dibaca (multipart tanpa boundary yang sah).")
        if "json" in request.content_type and JSON_NUL.search(request.body):
            return nul
        return None
