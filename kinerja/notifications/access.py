"""A notification belongs to one user: nobody else sees or marks it (404, not 403: its
existence is nobody else's business)."""

from django.shortcuts import get_object_or_404

from kinerja.accounts.models import User

from .models import Notification


def notifications_visible_to(user: User):
    return Notification.objects.filter(user=user, instansi_id=user.instansi_id)


def get_notification_for(user: User, pk: int) -> Notification:
    return get_object_or_404(notifications_visible_to(user), pk=pk)
