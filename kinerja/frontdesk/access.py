"""Who sees and works which part of the queue (STYLE.md §4). Another instansi's objects are 404.

- Admins (and the superadmin) of an instansi: set up services, counters and officers, and work
  any counter; they and pimpinan (read only) see every unit's figures.
- The head of a unit: the figures and documents of the units they head (and below).
- An officer: the counters they are on today (call, serve…) and their own figures; the
  documents of the units whose counters they staff.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from kinerja.accounts.access import require_writer
from kinerja.accounts.models import User
from kinerja.org import access as org_access
from kinerja.org.models import Unit

from .models import Counter, Document, Service


def _instansi_scope(user: User) -> Q | None:
    """None when the user sees the whole of their instansi (or every instansi, as superadmin)."""
    if org_access.is_superadmin(user):
        return Q()
    if org_access.sees_whole_instansi(user):
        return Q(instansi_id=user.instansi_id)
    return None


def counters_visible_to(user: User) -> QuerySet[Counter]:
    if not user.is_authenticated:
        return Counter.objects.none()
    scope = _instansi_scope(user)
    if scope is not None:
        return Counter.objects.filter(scope)
    if not user.employee_id:
        return Counter.objects.none()
    return Counter.objects.filter(
        Q(shifts__employee_id=user.employee_id, shifts__day=timezone.localdate()) | org_access.headed_subtree(user),
        instansi_id=user.instansi_id,
    ).distinct()


def get_counter_for(user: User, pk: int, *, write: bool = False) -> Counter:
    """A counter the user may open (404 otherwise); ``write``: may also work it (403 otherwise):
    admins, and the officers on its shift today. Pimpinan never writes."""
    if write:
        require_writer(user)
    counter = counters_visible_to(user).select_related("unit", "instansi").filter(pk=pk).first()
    if counter is None:
        raise Http404
    if write and not (org_access.can_manage(user, counter.instansi_id) or on_shift(user, counter)):
        raise PermissionDenied
    return counter


def on_shift(user: User, counter: Counter) -> bool:
    return (
        bool(user.employee_id)
        and counter.shifts.filter(employee_id=user.employee_id, day=timezone.localdate()).exists()
    )


def queue_units_visible_to(user: User) -> QuerySet[Unit]:
    """Units with a queue whose figures the user may read."""
    with_queue = Unit.objects.filter(queue_services__isnull=False)
    if not user.is_authenticated:
        return Unit.objects.none()
    scope = _instansi_scope(user)
    if scope is not None:
        return with_queue.filter(scope).distinct()
    if not user.employee_id:
        return Unit.objects.none()
    return with_queue.filter(
        Q(queue_counters__shifts__employee_id=user.employee_id) | org_access.headed_subtree(user, "path"),
        instansi_id=user.instansi_id,
    ).distinct()


def get_queue_unit_for(user: User, pk: int) -> Unit:
    unit = queue_units_visible_to(user).select_related("instansi").filter(pk=pk).first()
    if unit is None:
        raise Http404
    return unit


def get_service_for(user: User, pk: int) -> Service:
    """A service to change: admins of its instansi only."""
    require_writer(user)
    service = Service.objects.filter(pk=pk, instansi__in=org_access.instansi_visible_to(user)).first()
    if service is None:
        raise Http404
    org_access.require_manager(user, service.instansi_id)
    return service


def get_setup_counter_for(user: User, pk: int) -> Counter:
    require_writer(user)
    counter = (
        Counter.objects.filter(pk=pk, instansi__in=org_access.instansi_visible_to(user))
        .select_related("unit", "instansi")
        .first()
    )
    if counter is None:
        raise Http404
    org_access.require_manager(user, counter.instansi_id)
    return counter


def documents_visible_to(user: User) -> QuerySet[Document]:
    return Document.objects.filter(unit__in=queue_units_visible_to(user).values("pk"))


def get_document_for(user: User, pk: int, *, write: bool = False) -> Document:
    if write:
        require_writer(user)
    document = documents_visible_to(user).select_related("service", "unit").filter(pk=pk).first()
    if document is None:
        raise Http404
    return document
