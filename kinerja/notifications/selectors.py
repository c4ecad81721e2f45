"""Reads of notifications."""

from __future__ import annotations

from dataclasses import dataclass

from kinerja.accounts.models import User

from . import rules
from .models import Kind, Notification, Preference


def _unread(user: User):
    return Notification.objects.filter(user_id=user.pk, read_at__isnull=True, in_app=True)


def unread_count(user: User) -> int:
    """One indexed COUNT (notification_unread)."""
    return _unread(user).count()


def nav_counts(user: User) -> dict:
    """The menu's unread count (kinerja.core.navigation counts it inside its single query)."""
    return {"unread": _unread(user)}


def notification_list(user: User):
    return Notification.objects.filter(user=user, in_app=True).only(
        "pk", "kind", "text", "message", "url", "created_at", "read_at"
    )


@dataclass(frozen=True)
class PreferenceRow:
    kind: str
    label: str
    in_app: bool
    email: bool


def preference_rows(user: User) -> list[PreferenceRow]:
    """Every kind with the user's channels (their row, else the default): one query."""
    chosen = {p.kind: (p.in_app, p.email) for p in Preference.objects.filter(user=user)}
    rows = []
    for kind in Kind:
        channels = rules.channels(kind.value, preference=chosen.get(kind.value), has_email=True)
        rows.append(PreferenceRow(kind=kind.value, label=str(kind.label), in_app=channels.in_app, email=channels.email))
    return rows
