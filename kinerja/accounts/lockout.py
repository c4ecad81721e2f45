"""Failed-login limits (django-axes) counted three ways, and what a locked-out person is told.

Axes records failures per (NIP, IP address, browser) and, with several lockout parameter
groups, locks as soon as one group reaches the limit, but it has a single limit for all groups
and, on a successful login, forgets every group's failures. Against password spraying (one
address trying a common password on many NIPs, or many addresses on one NIP) each group needs
its own limit, and a success must only forget the person's own typos. ``LoginLimitsHandler``
does both; ``lockout_response`` answers the login page with the minutes left and the JSON API
with JSON.
"""

import datetime as dt

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import rules

PAIR, ADDRESS, NIP = ("ip_address", "username"), ("ip_address",), ("username",)


def _key(group: str | list[str]) -> tuple[str, ...]:
    return tuple(sorted([group] if isinstance(group, str) else group))


def group_limit(group: str | list[str]) -> int:
    """The limit of one of ``AXES_LOCKOUT_PARAMETERS``'s groups."""
    return {
        PAIR: settings.AXES_FAILURE_LIMIT,
        ADDRESS: settings.LOGIN_IP_FAILURE_LIMIT,
        NIP: settings.LOGIN_NIP_FAILURE_LIMIT,
    }[_key(group)]


class LoginLimitsHandler(AxesDatabaseHandler):
    """Axes' database handler with a limit per lockout parameter group."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        # Axes compares this one number with AXES_FAILURE_LIMIT. Each group's count is put on that
        # scale (limit minus the tries it has left), so the number reaches the limit exactly when
        # the first group reaches its own; AXES_FAILURE_LIMIT minus it is the tries left.
        counts = [
            (attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0, group_limit(group))
            for group, attempts in zip(
                settings.AXES_LOCKOUT_PARAMETERS, self.get_user_attempts(request, credentials), strict=True
            )
        ]
        return settings.AXES_FAILURE_LIMIT - rules.tries_left(counts)

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        # A successful login forgets this NIP's failures from this address only. Axes would also
        # forget every failure from the address (an attacker's own login would reset the spraying
        # count) and every failure on the NIP from elsewhere.
        username = get_client_username(request, credentials)
        count, _detail = AccessAttempt.objects.filter(username=username, ip_address=request.axes_ip_address).delete()
        return count


def _lock(request, credentials) -> tuple[tuple[str, ...], dt.datetime]:
    """The group that locks longest and when it lifts (the full cool-off if none locks any more)."""
    handler = AxesProxyHandler.get_implementation()
    cooloff = get_cool_off(request) or dt.timedelta(0)
    worst = (PAIR, timezone.now() + cooloff)
    found = None
    for group, attempts in zip(
        settings.AXES_LOCKOUT_PARAMETERS, handler.get_user_attempts(request, credentials), strict=True
    ):
        rows = attempts.values_list("attempt_time", "failures_since_start")
        until = rules.unlock_at(rows, limit=group_limit(group), cooloff=cooloff)
        if until is not None and (found is None or until > found[1]):
            found = (_key(group), until)
    return found or worst


def lockout_message(request, credentials=None) -> tuple[str, int]:
    """What a locked-out person reads, and the whole minutes to wait."""
    group, until = _lock(request, credentials)
    minutes = rules.minutes_until(timezone.now(), until)
    if group == ADDRESS:
        reason = _("Terlalu banyak percobaan masuk yang gagal dari jaringan ini.")
    else:
        reason = _("Terlalu banyak percobaan masuk yang gagal untuk NIP ini.")
    wait = ngettext(
        "Demi keamanan, coba lagi dalam %(minutes)d menit.",
        "Demi keamanan, coba lagi dalam %(minutes)d menit.",
        minutes,
    ) % {"minutes": minutes}
    return f"{reason} {wait}", minutes


def lockout_response(request, original_response=None, credentials=None):
    """``AXES_LOCKOUT_CALLABLE``: JSON for the API (a client cannot read an HTML page), the
    lockout page for people; both 429 with Retry-After."""
    message, minutes = lockout_message(request, credentials)
    if request.path_info.startswith("/api/"):
        response = JsonResponse({"detail": message, "retry_after_minutes": minutes}, status=429)
    else:
        response = render(request, "accounts/locked.html", {"message": message, "minutes": minutes}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response


def failed_login_message(request) -> str:
    """After a wrong NIP or password: how many tries are left before the lockout."""
    failures = getattr(request, "axes_failures_since_start", None)
    if failures is None:  # axes is off
        return _("NIP atau kata sandi salah.")
    left = max(0, settings.AXES_FAILURE_LIMIT - failures)
    return ngettext(
        "NIP atau kata sandi salah. Sisa %(left)d kali percobaan sebelum akun dikunci sementara.",
        "NIP atau kata sandi salah. Sisa %(left)d kali percobaan sebelum akun dikunci sementara.",
        left,
    ) % {"left": left}
