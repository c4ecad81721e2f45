"""Development pages, follow-up side: coaching plans and sessions, the reassignment list and
decisions, the sync after evaluations, the angka kredit ledger and its import, promotion
eligibility and the talent grid."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from kinerja.appraisal import access as appraisal_access
from kinerja.core.forms import add_validation_error
from kinerja.org import access as org_access
from kinerja.org.models import Employee, Position

from . import access, rules, selectors, services, services_career, services_coaching
from .forms import CoachingPlanForm, CreditForm, DecisionForm, PotentialForm, SessionForm, UploadForm
from .views import PAGE_SIZE, _error, _year


# ------------------------------------------------------------------------------------- coaching
@login_required
@require_safe
def coaching_index(request):
    plans = selectors.coaching_list(access.coaching_plans_visible_to(request.user)).order_by("status", "due_on")
    page = Paginator(plans, PAGE_SIZE).get_page(request.GET.get("page"))
    todo = selectors.coaching_todo(request.user, timezone.localdate())
    context = {"page": page, "todo": todo, "today": timezone.localdate()}
    return render(request, "development/coaching_index.html", context)


@login_required
def coaching_new(request, evaluation_pk: int):
    evaluation = appraisal_access.get_evaluation_for(request.user, evaluation_pk)
    access.require(access.is_direct_supervisor(request.user, evaluation.employee))
    today = timezone.localdate()
    form = CoachingPlanForm(request.POST or None, initial={"starts_on": today})
    if request.method == "POST" and form.is_valid():
        try:
            plan = services_coaching.coaching_plan_open(evaluation=evaluation, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Rencana bimbingan kinerja dibuat."))
            return redirect("development:coaching", plan.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "development/coaching_new.html", {"form": form, "evaluation": evaluation}, status=status)


def _coaching_context(request, plan, session_form=None):
    user = request.user
    owner = user.employee_id == plan.supervisor_id
    today = timezone.localdate()
    return {
        "plan": plan,
        "sessions": plan.sessions.all(),
        "history": plan.status_changes.select_related("by"),
        "is_owner": owner,
        "is_employee": user.employee_id == plan.employee_id,
        "overdue": rules.plan_overdue(due_on=plan.due_on, today=today, closed=plan.status != "open"),
        "session_form": session_form or (SessionForm(initial={"held_on": today}) if owner else None),
        "enrolments": plan.employee.enrolments.filter(year__gte=plan.starts_on.year).select_related("course"),
    }


@login_required
def coaching(request, pk: int):
    plan = access.get_coaching_plan_for(request.user, pk)
    form = None
    if request.method == "POST":
        access.require(request.user.employee_id == plan.supervisor_id)
        form = SessionForm(request.POST)
        if form.is_valid():
            try:
                services_coaching.coaching_session_add(plan=plan, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_validation_error(form, error)
            else:
                messages.success(request, _("Sesi bimbingan dicatat; pegawai diminta menyatakan menerima."))
                return redirect("development:coaching", pk)
    status = 400 if form is not None else 200
    return render(request, "development/coaching.html", _coaching_context(request, plan, form), status=status)


@login_required
@require_POST
def session_acknowledge(request, pk: int):
    session = access.get_session_for(request.user, pk)
    access.require(request.user.employee_id == session.plan.employee_id)
    try:
        services_coaching.coaching_session_acknowledge(session=session, by=request.user)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("Anda menyatakan menerima catatan sesi."))
    return redirect("development:coaching", session.plan_id)


@login_required
@require_POST
def coaching_remeasure(request, pk: int):
    plan = access.get_coaching_plan_for(request.user, pk)
    access.require(
        request.user.employee_id == plan.supervisor_id or org_access.can_manage(request.user, plan.instansi_id)
    )
    result = services_coaching.coaching_remeasure(plan=plan, by=request.user)
    if result is None:
        messages.info(request, _("Belum ada evaluasi periode berikutnya yang ditetapkan; rencana tetap berjalan."))
    else:
        messages.success(request, _("Diukur ulang: %(o)s") % {"o": result.get_outcome_display()})
    return redirect("development:coaching", pk)


# -------------------------------------------------------------------------------- reassignment
@login_required
@require_safe
def reassignments(request):
    instansi = org_access.instansi_for_request(request)
    access.require_reader(request.user)
    cases = selectors.reassignment_list(access.reassignment_cases_visible_to(request.user).filter(instansi=instansi))
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    policy = services_coaching.settings_for(instansi)
    context = {"page": page, "policy": policy, "can_act": org_access.can_manage(request.user, instansi.pk)}
    return render(request, "development/reassignments.html", context)


@login_required
@require_POST
def sync(request):
    instansi = org_access.instansi_for_request(request, write=True)
    result = services.development_sync(instansi=instansi, by=request.user)
    messages.success(
        request,
        _(
            "Diperbarui dari evaluasi: %(remeasured)s rencana bimbingan diukur ulang, %(credited)s baris angka "
            "kredit, %(recommended)s rekomendasi baru."
        )
        % result,
    )
    return redirect("development:home" if request.POST.get("back") == "home" else "development:reassignments")


@login_required
def reassignment(request, pk: int):
    case = access.get_reassignment_case_for(request.user, pk)
    can_decide = org_access.can_manage(request.user, case.instansi_id) and case.status == "recommended"
    positions = Position.objects.filter(instansi_id=case.instansi_id, is_active=True).select_related("unit")
    form = DecisionForm(request.POST or None, positions=positions) if can_decide else None
    if request.method == "POST":
        access.require(can_decide)
        if form.is_valid():
            try:
                services_coaching.reassignment_decide(case=case, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_validation_error(form, error)
            else:
                messages.success(request, _("Keputusan BKPSDM disimpan dan disampaikan kepada pegawai."))
                return redirect("development:reassignment", pk)
    context = {"case": case, "trail": selectors.case_trail(case), "form": form}
    return render(request, "development/reassignment.html", context, status=400 if form and form.errors else 200)


# --------------------------------------------------------------------------------------- career
@login_required
def ledger(request, employee_pk: int):
    employee = access.get_employee_for(request.user, employee_pk)
    is_admin = org_access.can_manage(request.user, employee.instansi_id)
    credit_form = CreditForm(request.POST or None) if is_admin else None
    if request.method == "POST":
        access.require(is_admin)
        if credit_form.is_valid():
            try:
                services_career.credit_integrate(employee=employee, by=request.user, **credit_form.cleaned_data)
            except ValidationError as error:
                add_validation_error(credit_form, error)
            else:
                messages.success(request, _("Angka kredit ditambahkan ke buku."))
                return redirect("development:ledger", employee_pk)
    rows, total, requirement = selectors.credit_ledger(employee)
    context = {
        "employee": employee,
        "rows": rows,
        "total": total,
        "requirement": requirement,
        "functional": employee.position is not None and employee.position.level in rules.FUNCTIONAL_LEVELS,
        "is_admin": is_admin,
        "credit_form": credit_form,
    }
    return render(request, "development/ledger.html", context, status=400 if request.method == "POST" else 200)


def _upload(request, form, action, success: str, target: str):
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            count = action(content=upload.read(), filename=upload.name)
        except ValidationError as error:
            add_validation_error(form, error)
            return None
        messages.success(request, success(count) % {"n": count})
        return redirect(target)
    return None


@login_required
def credit_import(request):
    instansi = org_access.instansi_for_request(request, write=True)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        done = _upload(
            request,
            form,
            lambda **kw: services_career.credit_import(instansi=instansi, by=request.user, **kw),
            lambda n: ngettext(
                "%(n)s baris angka kredit diintegrasikan.", "%(n)s baris angka kredit diintegrasikan.", n
            ),
            "development:eligibility",
        )
        if done:
            return done
    status = 400 if request.method == "POST" else 200
    return render(request, "development/credit_import.html", {"form": form}, status=status)


@login_required
@require_safe
def eligibility(request):
    instansi = org_access.instansi_for_request(request)
    access.require_reader(request.user)
    rows = selectors.eligibility(instansi, timezone.localdate())
    only = request.GET.get("only")
    if only == "eligible":
        rows = [r for r in rows if r.result.eligible]
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "only": only, "can_act": org_access.can_manage(request.user, instansi.pk)}
    return render(request, "development/eligibility.html", context)


@login_required
def talent(request):
    instansi = org_access.instansi_for_request(request)
    access.require_reader(request.user)
    year = _year(request)
    can_act = org_access.can_manage(request.user, instansi.pk)
    form = upload = None
    if can_act:
        form = PotentialForm(request.POST if request.POST.get("form") == "one" else None)
        upload = UploadForm(*((request.POST, request.FILES) if request.POST.get("form") == "file" else ()))
    if request.method == "POST":
        access.require(can_act)
        done = None
        if request.POST.get("form") == "file":
            done = _upload(
                request,
                upload,
                lambda **kw: services_career.potential_import(instansi=instansi, by=request.user, year=year, **kw),
                lambda n: ngettext("%(n)s penilaian potensial diimpor.", "%(n)s penilaian potensial diimpor.", n),
                f"{request.path}?year={year}",
            )
        elif form.is_valid():
            nip = form.cleaned_data["nip"].replace(" ", "")
            employee = Employee.objects.filter(instansi=instansi, nip=nip).first()
            try:
                if employee is None:
                    raise ValidationError({"nip": _("NIP tidak ditemukan di instansi ini.")})
                services_career.potential_record(
                    employee=employee,
                    by=request.user,
                    year=year,
                    score=form.cleaned_data["score"],
                    method=form.cleaned_data["method"],
                )
            except ValidationError as error:
                add_validation_error(form, error)
            else:
                messages.success(request, _("Penilaian potensial disimpan."))
                return redirect(f"{request.path}?year={year}")
        if done:
            return done
    unit = None
    if request.GET.get("unit", "").isdigit():
        unit = org_access.units_visible_to(request.user).filter(pk=int(request.GET["unit"]), instansi=instansi).first()
    rows, counts = selectors.talent_grid(instansi, year, unit=unit)
    box_filter = request.GET.get("box")
    listed = [r for r in rows if r.box is not None and (not box_filter or str(r.box) == box_filter)]
    grid = [[(n, counts.get(n, 0), rules.BOX_FOLLOW_UP[n]) for n in row] for row in ((4, 7, 9), (2, 5, 8), (1, 3, 6))]
    context = {
        "year": year,
        "grid": grid,
        "rows": listed,
        "unassessed": sum(1 for r in rows if r.box is None),
        "form": form,
        "upload": upload,
        "unit": unit,
        "units": org_access.units_visible_to(request.user).filter(instansi=instansi, depth__lte=1).order_by("path"),
        "box": box_filter,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "development/talent.html", context, status=status)
