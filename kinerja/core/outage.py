"""A database outage is answered, not crashed through.

While PostgreSQL restarts (or the network to it drops) every query raises ``OperationalError`` or
``InterfaceError``. Django would answer each request with a bare 500 and log a full traceback for
each one (a ten-second outage under load wrote 11 MB of log). Instead:

* the JSON API answers ``503`` with ``{"detail": ...}`` and ``Retry-After``, so clients back off;
* pages answer ``503`` in the site's layout and the user's language (``templates/503.html``,
  rendered without touching the database);
* the log gets one line per failed request (``DatabaseOutageLogFilter``).

The exception can come from a view or from a middleware (the session, the logged-in user), so
this sits where Django turns any uncaught exception into a response: ``handler500``.
"""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults

OUTAGE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30
API_PREFIX = "/api/"


def is_outage(exc: BaseException | None) -> bool:
    return isinstance(exc, OUTAGE_ERRORS)


def database_unavailable(request: HttpRequest) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        response: HttpResponse = JsonResponse(
            {"detail": _("Basis data sedang tidak dapat dihubungi. Coba lagi dalam setengah menit.")}, status=503
        )
    else:
        # No request context: the context processors (menu, counts) would query the database.
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: a database outage becomes a 503; anything else is Django's own 500 page."""
    if is_outage(sys.exc_info()[1]):
        return database_unavailable(request)
    return defaults.server_error(request)


class DatabaseOutageLogFilter(logging.Filter):
    """On ``django.request``: an outage's record becomes one line without its traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if is_outage(exc):
            request = getattr(record, "request", None)
            first_line = (str(exc).strip().splitlines() or [""])[0]
            record.msg = "Database unavailable (%s: %s): %s %s"
            record.args = (
                type(exc).__name__,
                first_line[:200],
                getattr(request, "method", "-"),
                getattr(request, "path", "-"),
            )
            record.exc_info = None
            record.exc_text = None
        return True
