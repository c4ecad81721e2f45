"""Development writes, by concept: services_training (catalogue, enrolment, IDP),
services_coaching (coaching plans, reassignment), services_career (credit ledger,
potential). This module holds the daily sync that reads finalised evaluations into them."""

from __future__ import annotations

from django.db import transaction

from kinerja.accounts.models import User
from kinerja.org.models import Instansi

from .models import CoachingPlan
from .services_career import credit_sync
from .services_coaching import coaching_remeasure, reassignment_sync


@transaction.atomic
def development_sync(*, instansi: Instansi, by: User) -> dict[str, int]:
    """After evaluations are finalised (daily from cron, or the admin's button): re-measures open
    coaching plans whose next evaluation exists, appends credit for settled evaluations and
    refreshes the reassignment recommendations. Idempotent."""
    remeasured = 0
    for plan in CoachingPlan.objects.filter(instansi=instansi, status=CoachingPlan.Status.OPEN):
        closed = coaching_remeasure(plan=plan, by=by)
        remeasured += closed is not None and closed.status == CoachingPlan.Status.CLOSED
    return {
        "remeasured": remeasured,
        "credited": credit_sync(instansi=instansi),
        "recommended": reassignment_sync(instansi=instansi, by=by),
    }
