"""Development pages, training side: the personal page (my training, JP, IDP, coaching,
credit), the catalogue, proposals and completion, the admin's approvals, the behind-on-JP list
with its export, the IDP from the evidence and the training effect. Coaching, reassignment and
career pages are in views_followup."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from kinerja.accounts.access import require_writer
from kinerja.core import exports
from kinerja.core.forms import add_validation_error
from kinerja.org import access as org_access
from kinerja.org.models import Employee

from . import access, selectors, services_training
from .forms import CourseForm, ExternalForm, ProposeForm, ReasonForm, ReportForm
from .models import Course, Enrolment

PAGE_SIZE = 50


def _year(request) -> int:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        return today.year
    return year if 2000 <= year <= today.year + 1 else today.year


def _error(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


# ------------------------------------------------------------------------------- my development
@login_required
@require_safe
def home(request):
    user = request.user
    year, today = _year(request), timezone.localdate()
    context = {"year": year, "roles": org_access.roles_of(user), "todo": selectors.coaching_todo(user, today)}
    if user.employee_id:
        me = org_access.get_employee_for(user, user.employee_id)
        context["me"] = selectors.overview(me, year, today)
        context["team"] = list(selectors.team(me, year))
    if org_access.sees_whole_instansi(user) and user.instansi_id:
        context["pending"] = (
            Enrolment.objects.filter(instansi_id=user.instansi_id)
            .filter(status__in=[Enrolment.Status.PROPOSED, Enrolment.Status.REPORTED])
            .count()
        )
    return render(request, "development/home.html", context)


# ------------------------------------------------------------------------------------ catalogue
@login_required
def catalogue(request):
    instansi = org_access.instansi_for_request(request)
    can_edit = org_access.can_manage(request.user, instansi.pk)
    form = CourseForm(request.POST or None) if can_edit else None
    if request.method == "POST":
        access.require(can_edit)
        if form.is_valid():
            try:
                services_training.course_save(instansi=instansi, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_validation_error(form, error)
            else:
                messages.success(request, _("Pelatihan ditambahkan ke katalog."))
                return redirect("development:catalogue")
    courses = Course.objects.filter(Q(instansi=instansi) | Q(instansi__isnull=True)).order_by("-is_open", "title")
    area = request.GET.get("area")
    if area in Course.Area.values:
        courses = courses.filter(area=area)
    page = Paginator(courses, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "form": form, "can_edit": can_edit, "areas": Course.Area.choices, "area": area}
    return render(request, "development/catalogue.html", context, status=400 if form and form.errors else 200)


@login_required
def course_edit(request, pk: int):
    course = access.get_course_for(request.user, pk, write=True)
    initial = {f: getattr(course, f) for f in ["title", "area", "value", "jp", "mode", "provider", "is_open"]}
    form = CourseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services_training.course_save(instansi=course.instansi, by=request.user, course=course, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Pelatihan disimpan."))
            return redirect("development:catalogue")
    return render(request, "development/course_form.html", {"form": form, "course": course})


# ------------------------------------------------------------------------------------ enrolment
def _proposable(user):
    """The employee themself and their direct subordinates."""
    if not user.employee_id:
        return Employee.objects.none()
    return Employee.objects.filter(
        Q(pk=user.employee_id) | Q(supervisor_id=user.employee_id), instansi_id=user.instansi_id, is_active=True
    ).order_by("name")


@login_required
def propose(request):
    if request.method == "POST":
        require_writer(request.user)
    employees = _proposable(request.user)
    access.require(request.user.employee_id is not None)
    courses = access.courses_visible_to(request.user).order_by("-is_open", "title")
    initial = {"employee": request.GET.get("employee") or request.user.employee_id, "course": request.GET.get("course")}
    form = ProposeForm(request.POST or None, employees=employees, courses=courses, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            enrolment = services_training.enrolment_propose(
                employee=data["employee"], course=data["course"], by=request.user, reason=data["reason"]
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Usulan pelatihan dikirim ke admin kepegawaian."))
            return redirect("development:enrolment", enrolment.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "development/propose.html", {"form": form}, status=status)


@login_required
def external(request):
    if request.method == "POST":
        require_writer(request.user)
    access.require(request.user.employee_id is not None)
    employee = org_access.get_employee_for(request.user, request.user.employee_id)
    form = ExternalForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = services_training.enrolment_external(employee=employee, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Pelatihan mandiri dilaporkan; menunggu verifikasi admin."))
            return redirect("development:enrolment", enrolment.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "development/external.html", {"form": form}, status=status)


def _enrolment_context(request, enrolment, **forms):
    user = request.user
    is_admin = org_access.can_manage(user, enrolment.instansi_id)
    S = Enrolment.Status
    return {
        "enrolment": enrolment,
        "history": enrolment.status_changes.select_related("by"),
        "indicators": enrolment.indicators.all(),
        "is_admin": is_admin,
        "report_form": forms.get("report_form")
        or (ReportForm() if access.is_self(user, enrolment.employee) and enrolment.status == S.APPROVED else None),
        "reason_form": forms.get("reason_form") or (ReasonForm() if is_admin else None),
    }


@login_required
def enrolment(request, pk: int):
    item = access.get_enrolment_for(request.user, pk)
    return render(request, "development/enrolment.html", _enrolment_context(request, item))


@login_required
@require_POST
def enrolment_report(request, pk: int):
    item = access.get_enrolment_for(request.user, pk)
    access.require(access.is_self(request.user, item.employee))
    form = ReportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services_training.enrolment_report(enrolment=item, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Penyelesaian dilaporkan; menunggu verifikasi admin."))
            return redirect("development:enrolment", pk)
    item = access.get_enrolment_for(request.user, pk)
    return render(
        request, "development/enrolment.html", _enrolment_context(request, item, report_form=form), status=400
    )


@login_required
@require_POST
def enrolment_step(request, pk: int, step: str):
    """The admin's steps: approve, reject (reason), verify, return (reason)."""
    item = access.get_enrolment_for(request.user, pk)
    access.require(org_access.can_manage(request.user, item.instansi_id))
    actions = {
        "setujui": (services_training.enrolment_approve, False, _("Usulan disetujui.")),
        "tolak": (services_training.enrolment_reject, True, _("Usulan ditolak.")),
        "verifikasi": (services_training.enrolment_verify, False, _("Penyelesaian diverifikasi; JP dihitung.")),
        "kembalikan": (services_training.enrolment_return, True, _("Laporan dikembalikan.")),
    }
    if step not in actions:
        raise Http404
    action, needs_reason, success = actions[step]
    try:
        if needs_reason:
            action(enrolment=item, by=request.user, reason=request.POST.get("reason", ""))
        else:
            action(enrolment=item, by=request.user)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, success)
    if request.POST.get("next") == "approvals":  # a fixed name, never a URL from the form
        return redirect("development:approvals")
    return redirect("development:enrolment", pk)


@login_required
def certificate(request, pk: int):
    """Served only after the same access check as its enrolment."""
    item = access.get_enrolment_for(request.user, pk)
    if not item.certificate:
        raise Http404
    response = FileResponse(
        item.certificate.open("rb"),
        content_type=item.certificate_type,
        as_attachment=True,
        filename=item.certificate_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_safe
def approvals(request):
    instansi = org_access.instansi_for_request(request)
    access.require_reader(request.user)
    rows = (
        Enrolment.objects.filter(instansi=instansi, status__in=[Enrolment.Status.PROPOSED, Enrolment.Status.REPORTED])
        .select_related("employee", "employee__unit", "course")
        .order_by("status", "created_at")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "can_act": org_access.can_manage(request.user, instansi.pk)}
    return render(request, "development/approvals.html", context)


# ------------------------------------------------------------------------------------------- JP
@login_required
@require_safe
def jp(request):
    instansi = org_access.instansi_for_request(request)
    access.require_reader(request.user)
    year = _year(request)
    expected = selectors.jp_expected(instansi, year, timezone.localdate())
    page = Paginator(selectors.jp_behind(instansi, year, expected), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "year": year,
        "expected": expected,
        "units": selectors.jp_per_unit(instansi, year, expected),
        "page": page,
    }
    return render(request, "development/jp.html", context)


@login_required
@require_safe
def jp_xlsx(request):
    from openpyxl import Workbook

    instansi = org_access.instansi_for_request(request)
    access.require_reader(request.user)
    year = _year(request)
    expected = selectors.jp_expected(instansi, year, timezone.localdate())
    behind = selectors.jp_behind(instansi, year, expected)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"JP {year}"
    exports.append(
        sheet, [_("Pegawai tertinggal JP %(y)s (seharusnya %(e)s JP per hari ini)") % {"y": year, "e": expected}]
    )
    exports.append(sheet, ["NIP", _("Nama"), _("Jabatan"), _("Unit kerja"), _("JP"), _("Kekurangan JP")])
    for e in behind:
        exports.append(
            sheet, [e.nip, e.display_name, e.position.name if e.position else "", e.unit.name, e.jp, expected - e.jp]
        )
    return exports.xlsx_response(workbook, f"jp-tertinggal-{instansi.code}-{year}.xlsx")


# ------------------------------------------------------------------------------------------ IDP
@login_required
def idp(request, employee_pk: int):
    employee = access.get_employee_for(request.user, employee_pk)
    year = _year(request)
    evaluation, needs = selectors.needs(employee)
    plan = selectors.overview(employee, year, timezone.localdate()).plan
    can_confirm = plan is None and access.is_direct_supervisor(request.user, employee) and bool(needs)
    errors = []
    if request.method == "POST":
        access.require(access.is_direct_supervisor(request.user, employee))
        choices = {}
        courses = {c.pk: c for c in access.courses_visible_to(request.user)}
        for raw in request.POST.getlist("need"):
            if raw.isdigit() and int(raw) < len(needs):
                course_id = request.POST.get(f"course_{raw}", "")
                choices[int(raw)] = courses.get(int(course_id)) if course_id.isdigit() else None
        try:
            services_training.plan_confirm(
                employee=employee,
                year=year,
                by=request.user,
                needs=[n.need for n in needs],
                choices=choices,
                note=request.POST.get("note", ""),
                source_evaluation=evaluation,
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("Rencana pengembangan individu dikonfirmasi; usulan pelatihan dikirim."))
            return redirect(f"{request.path}?year={year}")
    context = {
        "employee": employee,
        "year": year,
        "evaluation": evaluation,
        "needs": needs,
        "plan": plan,
        "can_confirm": can_confirm,
        "errors": errors,
    }
    return render(request, "development/idp.html", context, status=400 if errors else 200)


@login_required
@require_safe
def effect(request):
    instansi = org_access.instansi_for_request(request)
    access.require_reader(request.user)
    rows, courses = selectors.training_effect(instansi)
    return render(request, "development/effect.html", {"rows": rows, "courses": courses})
