"""Writes of notifications: ``notify`` (the one way every app tells someone something),
marking read, and each user's channel preferences."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.accounts.models import User
from kinerja.core.i18n import Message

from . import rules
from .models import Kind, Notification, Preference


def _send_email(address: str, text: str, url: str) -> None:
    send_mail(
        subject=f"[Kinerja] {text[:80]}",
        message=f"{text}\n\n{settings.SITE_URL}{url}",
        from_email=None,
        recipient_list=[address],
        fail_silently=True,
    )


def notify(
    user: User | None, kind: str, *, text: Message | str, url: str = "", dedup_key: str = ""
) -> Notification | None:
    """Tells ``user`` something, in-app and/or by e-mail as they chose for this ``kind``.

    ``text`` is a :class:`kinerja.core.i18n.Message` (``deferred("...") % params``): stored
    untranslated and shown in each reader's language. The e-mail, which has no reader's request,
    is written in the site's language (Indonesian), never in the language of whoever caused it.
    A plain string is stored as it is (kept for callers not converted yet).

    ``dedup_key`` names the object a repeated message is about (a reminder about the same
    period, the same complaint): the same key, kind and user is sent at most once per local day
    of the user's instansi. Returns the stored row, or None when nothing was sent (no login, no
    instansi, a duplicate). The e-mail leaves only once the surrounding transaction commits."""
    if user is None or not user.is_active or user.instansi_id is None:
        return None
    kind = Kind(kind)  # an unknown kind is a programming error: ValueError
    day = rules.local_day(timezone.now(), user.instansi.tzinfo) if dedup_key else None
    preference = Preference.objects.filter(user=user, kind=kind).values_list("in_app", "email").first()
    chosen = rules.channels(kind, preference=preference, has_email=bool(user.email))
    if isinstance(text, Message):
        message = text.to_json()
        text = text.in_language(settings.LANGUAGE_CODE)
    else:
        message, text = {}, str(text)
    try:
        # A savepoint, so a duplicate caught by the constraint (two runs racing) leaves the
        # caller's transaction usable.
        with transaction.atomic():
            notification = Notification.objects.create(
                instansi_id=user.instansi_id,
                user=user,
                kind=kind,
                text=text[:300],
                message=message,
                url=url[:200],
                in_app=chosen.in_app,
                emailed=chosen.email,
                dedup_key=dedup_key[:80],
                local_date=day,
            )
    except IntegrityError:
        return None
    if chosen.email:
        address = user.email
        transaction.on_commit(lambda: _send_email(address, text, url))
    return notification


def notification_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_read_all(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def preferences_save(*, user: User, choices: dict[str, tuple[bool, bool]]) -> int:
    """Stores the user's channels per kind (kind → (in_app, e-mail)); returns how many rows."""
    if user.instansi_id is None:
        raise ValidationError(_("Akun tanpa instansi tidak menerima notifikasi."))
    unknown = sorted(set(choices) - set(Kind.values))
    if unknown:
        raise ValidationError(_("Jenis notifikasi tidak dikenal: %(kinds)s") % {"kinds": ", ".join(unknown)})
    Preference.objects.filter(user=user).delete()
    Preference.objects.bulk_create(
        Preference(instansi_id=user.instansi_id, user=user, kind=kind, in_app=bool(in_app), email=bool(email))
        for kind, (in_app, email) in choices.items()
        if (bool(in_app), bool(email)) != (rules.default_channels(kind).in_app, rules.default_channels(kind).email)
    )
    return Preference.objects.filter(user=user).count()
