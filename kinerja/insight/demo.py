"""Demo story for the dashboards and the fairness review (idempotent).

In the bidang of the demo atasan, two seksi heads rate their staff through 2026:
- the head of the first seksi accepts every entry without opening its evidence and, quarter
  after quarter, rates two of their people Di Atas Ekspektasi whatever the evidence says
  (favouritism and rubber-stamping: the fairness review flags them);
- the head of the second seksi opens the evidence, returns an entry now and then, and rates as
  the evidence suggests (no flag).
The JPT heads' results that intervene the instansi's goals get a realization per quarter, so the
IKU roll-up has numbers, and the population registry gets survey answers and complaints, so the
IKM and SLA trends are drawn. Plans go through the SKP services; the year's activity rows are
inserted set-based (as the scale generator does) with their real timestamps, then the
realizations are rebuilt and the evaluations computed through the appraisal services.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q

from kinerja.accounts.models import User
from kinerja.activities import services as activity_services
from kinerja.activities.models import Activity, Evidence, EvidenceOpen
from kinerja.activities.rules import ActivityStatus, period_key
from kinerja.activities.services import realizations_rebuild
from kinerja.appraisal.models import Evaluation
from kinerja.appraisal.rules import cut_keys
from kinerja.appraisal.services import evaluation_rate, evaluations_compute
from kinerja.citizen.models import Complaint, SurveyPoint, SurveyResponse
from kinerja.citizen.rules import ELEMENT_CODES, new_tracking_code
from kinerja.citizen.services import categories_for
from kinerja.core.bulk import insert_rows
from kinerja.org.models import Employee, Instansi, Unit
from kinerja.skp import services as skp_services
from kinerja.skp.models import Indicator, KeyIndicator, Period, Rhk, Skp

from .fairness import fairness_compute

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SEKSI_RHK = "Dokumen layanan seksi"  # the story's seksi heads carry this RHK (a second run stops)
AGGREGATION = {"SS1": "weighted", "SS2": "weighted", "SS3": "average"}


def _user(employee: Employee) -> User | None:
    return User.objects.filter(employee=employee).first()


def _plan(employee: Employee, period: Period, parent: Rhk | None, text: str, target: str, approver: User) -> Rhk | None:
    """The employee's RHK with a counted indicator for the story: a new approved SKP, or the one
    another app's demo already gave them this year (None when that one has no such RHK yet)."""
    existing = skp_services.current_skp(employee, period)
    if existing is not None:
        if existing.status != "approved":
            return None
        counted = Indicator.objects.filter(rhk__skp=existing, aspect="kuantitas", target__isnull=False)
        first = counted.select_related("rhk").order_by("rhk__order", "pk").first()
        return first.rhk if first else None
    owner = _user(employee)
    skp = skp_services.skp_create(employee=employee, period=period, by=owner)
    fields = {"parent": parent} if parent else {"own_initiative": True}
    rhk = skp_services.rhk_save(skp=skp, text=text, kind="utama", **fields)
    skp_services.indicator_save(
        rhk=rhk,
        text=f"Jumlah {text.lower()}",
        aspect="kuantitas",
        target=target,
        target_unit="dokumen",
        direction="higher",
    )
    skp_services.skp_submit(skp=skp, by=owner)
    skp_services.skp_approve(skp=skp, by=approver)
    return rhk


def _workdays(start: dt.date, end: dt.date) -> list[dt.date]:
    days, day = [], start
    while day <= end:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


@transaction.atomic
def seed_demo(instansi: Instansi, *, today: dt.date) -> bool:
    """Builds the story once; returns False when it is already there or cannot be built."""
    period = Period.objects.filter(instansi=instansi, year=today.year).first()
    if period is None:
        return False
    # A head of bidang with a login whose two seksi heads (and their staff) have no plan yet from
    # another seeder: they carry the story. The first such bidang is taken, so a second run finds
    # the same people already rated and stops.
    candidates = (
        User.objects.filter(instansi=instansi, employee__unit__depth=1, employee__subordinates__isnull=False)
        .select_related("employee__supervisor")
        .order_by("employee__unit__path")
        .distinct()
    )
    bidang_head, seksi_heads = None, []
    for atasan in candidates[:20]:
        heads = list(
            Employee.objects.filter(supervisor=atasan.employee, is_active=True, subordinates__isnull=False)
            .distinct()
            .order_by("unit__path")[:2]
        )
        if len(heads) < 2:
            continue
        if Rhk.objects.filter(skp__period=period, skp__employee=heads[0], text=SEKSI_RHK).exists():
            return False  # built by an earlier run
        team = Employee.objects.filter(Q(pk__in=[h.pk for h in heads]) | Q(supervisor__in=heads))
        if not Skp.objects.filter(period=period, employee__in=team).exists():
            bidang_head, seksi_heads = atasan.employee, heads
            break
    if bidang_head is None:
        return False
    rng = random.Random(instansi.pk)
    tz = instansi.tzinfo
    bidang_skp = skp_services.current_skp(bidang_head, period)
    parent = bidang_skp.rhks.order_by("pk").first() if bidang_skp else None
    approver = _user(bidang_head.supervisor) if bidang_head.supervisor else None
    if approver is None:
        return False

    # 1. plans: the two seksi heads and their staff
    teams = []
    for head in seksi_heads:
        head_rhk = _plan(head, period, parent, SEKSI_RHK, "480", approver)
        head_user = _user(head)
        indicators = {}
        for person in Employee.objects.filter(supervisor=head, is_active=True).order_by("nip"):
            rhk = _plan(person, period, head_rhk, "Dokumen layanan yang diselesaikan", "40", head_user)
            if rhk is not None:
                indicators[person.pk] = rhk.indicators.filter(aspect="kuantitas").order_by("pk").first().pk
        staff = list(Employee.objects.filter(pk__in=indicators).order_by("nip"))
        teams.append((head, head_user, staff, indicators))

    # 2. a year of work until today: a few entries a week, decided by the seksi head
    last_day = min(today, dt.date(period.year, 12, 31)) - dt.timedelta(days=1)
    days = _workdays(dt.date(period.year, 1, 5), last_day)
    rows = []
    for t, (head, head_user, staff, indicators) in enumerate(teams):
        for p, person in enumerate(staff):
            pace = 0.55 + 0.1 * (p % 5)  # some reach their target, some do not
            for day in days:
                if rng.random() > pace * 0.35:
                    continue
                created = dt.datetime.combine(day, dt.time(15, rng.randint(0, 59)), tz)
                waiting = day > last_day - dt.timedelta(days=3)
                returned = t == 1 and rng.random() < 0.06
                decided = None if waiting else created + dt.timedelta(hours=rng.randint(2, 40))
                status = (
                    ActivityStatus.SUBMITTED
                    if waiting
                    else (ActivityStatus.RETURNED if returned else ActivityStatus.VERIFIED)
                )
                rows.append(
                    {
                        "instansi_id": instansi.pk,
                        "employee_id": person.pk,
                        "period_id": period.pk,
                        "period_key": period_key(day, period.cut),
                        "date": day,
                        "start_time": dt.time(8),
                        "end_time": dt.time(10),
                        "minutes": 120,
                        "description": "Menyelesaikan dokumen layanan",
                        "indicator_id": indicators[person.pk],
                        "quantity": Decimal(1),
                        "status": status,
                        "verifier_id": head.pk,
                        "decided_by_id": head_user.pk if decided else None,
                        "decided_at": decided,
                        "return_comment": "Lampirkan bukti yang terbaca." if returned else "",
                        "created_at": created,
                        "updated_at": decided or created,
                    }
                )
    insert_rows(Activity, rows)

    # 3. evidence on the entries of the last quarter; the careful head opens what they decide
    recent = Activity.objects.filter(
        instansi=instansi, verifier__in=seksi_heads, period_key=period_key(last_day, period.cut)
    ).values_list("pk", "verifier_id", "decided_at")
    careful = seksi_heads[1].pk
    evidence, opens = [], []
    for pk, verifier, decided in recent:
        item = Evidence(
            instansi=instansi,
            activity_id=pk,
            kind=Evidence.Kind.FILE,
            name="bukti.pdf",
            content_type="application/pdf",
            size=len(PDF),
        )
        item.file.save("bukti.pdf", ContentFile(PDF), save=False)
        evidence.append(item)
        if verifier == careful and decided:
            opens.append(EvidenceOpen(instansi=instansi, activity_id=pk, opened_by_id=careful))
    Evidence.objects.bulk_create(evidence, batch_size=500)
    EvidenceOpen.objects.bulk_create(opens, batch_size=500)
    realizations_rebuild(instansi_id=instansi.pk, period=period)

    # 4. the IKU roll-up: the JPT heads report their results that intervene the goals each quarter
    for code, aggregation in AGGREGATION.items():
        KeyIndicator.objects.filter(goal__period=period, goal__code=code).update(aggregation=aggregation)
    quarters = [k for k in cut_keys(period.year, period.cut)[:-1] if k <= period_key(last_day, period.cut)]
    head_indicators = Indicator.objects.filter(rhk__skp__period=period, rhk__goal__isnull=False).select_related(
        "rhk__skp__employee", "rhk__skp__period"
    )
    for indicator in head_indicators:
        reporter = _user(indicator.rhk.skp.employee)
        for key in quarters:
            activity_services.periodic_report_save(
                indicator=indicator,
                period_key=key,
                quantity=str(rng.randint(15, 27)),
                note="Laporan triwulan",
                by=reporter,
            )

    # 5. evaluations of every quarter so far, rated by the two heads
    for key in quarters:
        evaluations_compute(instansi=instansi, period=period, cut_key=key)
    favoured = {person.pk for p, person in enumerate(teams[0][2]) if p % 5 == 0}  # the slowest: 1st, 6th, …
    for head, head_user, _staff, _indicators in teams:
        for evaluation in Evaluation.objects.filter(period=period, evaluator=head, cut_key__in=quarters):
            chosen = "di_atas" if evaluation.employee_id in favoured else evaluation.suggested_results
            reason = "Kinerja sangat baik." if chosen != evaluation.suggested_results else ""
            evaluation_rate(
                evaluation=evaluation,
                by=head_user,
                results_rating=chosen,
                behaviour_rating="sesuai",
                results_reason=reason,
            )

    # 6. citizen voice at the population registry: survey answers and complaints each quarter
    registry = Unit.objects.filter(instansi=instansi, code="DUKCAPIL").first()
    if registry is not None:
        point, _created = SurveyPoint.objects.get_or_create(instansi=instansi, unit=registry, counter="")
        answers, complaints = [], []
        queue = categories_for(instansi).first()  # "Antrean dan waktu layanan", the default's first
        for q, key in enumerate(quarters):
            first = dt.date(period.year, 3 * q + 1, 1)
            for i in range(40):
                day = min(first + dt.timedelta(days=rng.randint(0, 85)), last_day)
                base = 3 if q < 2 else 4  # service got better in the second half of the year
                answers.append(
                    SurveyResponse(
                        instansi=instansi,
                        unit=registry,
                        point=point,
                        submitted_on=day,
                        visit_token=f"demo-{instansi.pk}-{key}-{i}",
                        **{code: max(1, min(4, base - (rng.random() < 0.3))) for code in ELEMENT_CODES},
                    )
                )
            for _i in range(8):
                filed = dt.datetime.combine(
                    min(first + dt.timedelta(days=rng.randint(0, 80)), last_day), dt.time(9), tz
                )
                hours = rng.randint(24, 100) if q >= 2 else rng.randint(60, 200)
                complaints.append(
                    Complaint(
                        instansi=instansi,
                        unit=registry,
                        code=new_tracking_code(),
                        subject="Antrean KTP-el",
                        description="Antrean perekaman KTP-el terlalu lama.",
                        category=queue,
                        status=Complaint.Status.RESOLVED,
                        responded_at=filed + dt.timedelta(hours=6),
                        resolved_at=filed + dt.timedelta(hours=hours),
                    )
                )
        SurveyResponse.objects.bulk_create(answers)
        created = Complaint.objects.bulk_create(complaints)
        for complaint, row in zip(created, complaints, strict=True):  # auto_now_add: the filing time
            Complaint.objects.filter(pk=complaint.pk).update(created_at=row.responded_at - dt.timedelta(hours=6))

    # 7. the fairness review of the current quarter
    fairness_compute(instansi=instansi, period=period, cut_key=period_key(last_day, period.cut))
    return True
