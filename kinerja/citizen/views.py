"""Citizen voice pages. Public (no login): the survey of a service point, the IKM results, the
complaint form and its tracking page; small pages with no script, for cheap phones on slow links.
Staff: complaints with SLA figures, assignment and answers, survey points with QR posters, SLA
targets and moderation."""

from __future__ import annotations

import uuid

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST, require_safe

from kinerja.core.forms import add_validation_error
from kinerja.core.routers import reads_from_replica
from kinerja.org import access as org_access
from kinerja.org.models import Employee, Instansi, Unit

from . import access, metrics, rules, selectors, services, throttle
from .forms import (
    AssignForm,
    CategoryForm,
    ComplaintForm,
    PointForm,
    RatingForm,
    RespondForm,
    SlaForm,
    SurveyForm,
    TrackForm,
    survey_fields,
)
from .models import Complaint, ComplaintCategory, SurveyPoint, SurveyResponse

DEVICE_COOKIE = "kinerja_device"


def _client(request) -> tuple[str, str]:
    ip = request.META.get("REMOTE_ADDR", "")
    return ip, request.COOKIES.get(DEVICE_COOKIE, "")


def _throttled(request, kind: str) -> bool:
    ip, device = _client(request)
    return not throttle.submission_allowed(kind, ip_hash=services.hashed(ip), device_hash=services.hashed(device))


def _too_many(request, instansi):
    message = _("Terlalu banyak kiriman dari perangkat atau jaringan ini. Coba lagi dalam satu jam.")
    return render(request, "citizen/public_message.html", {"instansi": instansi, "message": message}, status=429)


def _with_device(request, response):
    if not request.COOKIES.get(DEVICE_COOKIE):
        response.set_cookie(
            DEVICE_COOKIE,
            uuid.uuid4().hex,
            max_age=365 * 24 * 3600,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


def _instansi(code: str) -> Instansi:
    instansi = Instansi.objects.filter(code=code).first()
    if instansi is None:
        raise Http404
    return _local(instansi)


def _local(instansi: Instansi) -> Instansi:
    """A public page has no logged-in user whose zone the middleware could take: show its times
    in the instansi's own zone (the middleware deactivates it after the request)."""
    timezone.activate(instansi.tzinfo)
    return instansi


def _service_units(instansi):
    """Units that serve the public: those with an active survey point."""
    return (
        Unit.objects.filter(instansi=instansi, survey_points__is_active=True, is_active=True)
        .distinct()
        .order_by("path")
    )


# ------------------------------------------------------------------------------------- public
@require_safe
def public_index(request, code: str):
    instansi = _instansi(code)
    points = (
        SurveyPoint.objects.filter(instansi=instansi, is_active=True)
        .select_related("unit")
        .order_by("unit__path", "counter")
    )
    return render(request, "citizen/public_index.html", {"instansi": instansi, "points": points})


def survey(request, token: str):
    point = SurveyPoint.objects.filter(token=token, is_active=True).select_related("unit", "instansi").first()
    if point is None:
        raise Http404
    instansi = _local(point.instansi)
    form = SurveyForm(request.POST or None, initial={"token": services.visit_token(point)})
    errors = {}
    if request.method == "POST":
        if _throttled(request, "survey"):
            return _too_many(request, instansi)
        ip, device = _client(request)
        try:
            services.survey_submit(point=point, device=device, ip=ip, **survey_fields(request.POST))
        except services.Honeypot:
            pass
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
        if not errors:
            message = _("Terima kasih. Jawaban Anda membantu memperbaiki layanan %(unit)s.") % {"unit": point.unit.name}
            return render(
                request, "citizen/public_message.html", {"instansi": instansi, "message": message, "thanks": True}
            )
    context = {
        "instansi": instansi,
        "point": point,
        "form": form,
        "errors": errors,
        "general_errors": errors.get("__all__", []),
        "elements": [(code, _(label), str(form.data.get(code, ""))) for code, label in rules.ELEMENTS],
        "scale": [(n, pgettext(rules.SURVEY, label)) for n, label in rules.SCALE_LABELS.items()],
    }
    response = render(request, "citizen/survey.html", context, status=400 if errors else 200)
    return _with_device(request, response)


@require_safe
def results(request, code: str):
    """Public IKM per service unit for the last four quarters: index, grade, sample size, trend."""
    instansi = _instansi(code)
    units = list(_service_units(instansi))
    keys = rules.last_quarters(timezone.localdate(timezone=instansi.tzinfo))
    per_quarter = {key: metrics.ikm_by_unit([u.pk for u in units], *rules.cut_range(key)) for key in keys}
    rows = [(unit, [per_quarter[key].get(unit.pk) for key in keys]) for unit in units]
    context = {
        "instansi": instansi,
        "keys": [(key, rules.cut_range(key)) for key in keys],
        "rows": rows,
        "minimum": rules.MIN_RESPONDENTS,
    }
    return render(request, "citizen/results.html", context)


@require_safe
def results_unit(request, code: str, unit_pk: int):
    instansi = _instansi(code)
    unit = _service_units(instansi).filter(pk=unit_pk).first()
    if unit is None:
        raise Http404
    key = request.GET.get("q") or rules.last_quarters(timezone.localdate(timezone=instansi.tzinfo), 1)[0]
    try:
        start, end = rules.cut_range(key)
    except (ValueError, IndexError):
        raise Http404 from None
    value = metrics.ikm_by_unit([unit.pk], start, end).get(unit.pk)
    elements = [(code_, _(label), value.nrr[code_] if value else None) for code_, label in rules.ELEMENTS]
    suggestions = (
        SurveyResponse.objects.filter(unit=unit, submitted_on__range=(start, end), is_hidden=False, is_flagged=False)
        .exclude(suggestion="")
        .order_by("-submitted_at")
        .values_list("suggestion", flat=True)[:20]
    )
    context = {
        "instansi": instansi,
        "unit": unit,
        "key": key,
        "ikm": value,
        "elements": elements,
        "suggestions": suggestions,
    }
    return render(request, "citizen/results_unit.html", context)


def complaint_new(request, code: str):
    instansi = _instansi(code)
    units = _service_units(instansi)
    form = ComplaintForm(
        request.POST or None,
        request.FILES or None,
        units=units,
        categories=services.categories_for(instansi),
        officers=selectors.officer_groups(units),
        initial={"unit": request.GET.get("unit")},
    )
    if request.method == "POST":
        if _throttled(request, "complaint"):
            return _too_many(request, instansi)
        if form.is_valid():
            ip, device = _client(request)
            data = form.cleaned_data
            try:
                complaint = services.complaint_submit(
                    unit=data["unit"],
                    subject=data["subject"],
                    description=data["description"],
                    contact_name=data["contact_name"],
                    contact=data["contact"],
                    category_id=data["category"],
                    officer_id=data["officer"] or None,
                    attachment=data["attachment"],
                    device=device,
                    ip=ip,
                    honeypot=data["website"],
                )
            except services.Honeypot:
                message = _("Pengaduan Anda diterima.")
                return render(request, "citizen/public_message.html", {"instansi": instansi, "message": message})
            except ValidationError as error:
                add_validation_error(form, error)
            else:
                return redirect("citizen:track_detail", complaint.code)
    response = render(
        request, "citizen/complaint_new.html", {"instansi": instansi, "form": form}, status=400 if form.errors else 200
    )
    return _with_device(request, response)


def track(request):
    form = TrackForm(request.GET or None)
    if form.is_valid():
        code = rules.normalise_tracking_code(form.cleaned_data["code"])
        if Complaint.objects.filter(code=code).exists():
            return redirect("citizen:track_detail", code)
        form.add_error("code", _("Kode pelacakan tidak ditemukan. Periksa kembali kode Anda."))
    return render(request, "citizen/track.html", {"form": form}, status=404 if form.errors else 200)


def track_detail(request, code: str):
    complaint = (
        Complaint.objects.filter(code=rules.normalise_tracking_code(code))
        .select_related("unit", "instansi", "category")
        .first()
    )
    if complaint is None:
        raise Http404
    _local(complaint.instansi)
    form = None
    if complaint.status == Complaint.Status.RESOLVED and complaint.rating is None:
        form = RatingForm(request.POST or None)
        if request.method == "POST" and _throttled(request, "rating"):
            return _too_many(request, complaint.instansi)
        if request.method == "POST" and form.is_valid():
            try:
                data = form.cleaned_data
                services.complaint_rate(complaint=complaint, rating=data["rating"], comment=data["rating_comment"])
            except ValidationError as error:
                add_validation_error(form, error)
            else:
                return redirect("citizen:track_detail", complaint.code)
    events = complaint.events.all()
    context = {
        "complaint": complaint,
        "instansi": complaint.instansi,
        "events": events,
        "form": form,
        "tepat_min": rules.TEPAT_MIN,
    }
    return render(
        request, "citizen/track_detail.html", context, status=400 if form is not None and form.errors else 200
    )


def _survey_qr(request, point: SurveyPoint):
    """A point's public survey link and its QR code."""
    url = request.build_absolute_uri(reverse("citizen:survey", args=[point.token]))
    return url, segno.make(url, error="m")


@require_safe
def poster_qr(request, token: str):
    """The QR code of a survey point as SVG (public: it only encodes the public link)."""
    point = SurveyPoint.objects.filter(token=token).first()
    if point is None:
        raise Http404
    _url, qr = _survey_qr(request, point)
    svg = qr.svg_inline(scale=6, dark="#0b3d6e")
    return HttpResponse(svg, content_type="image/svg+xml")


# -------------------------------------------------------------------------------------- staff
@login_required
@reads_from_replica
@require_safe
def dashboard(request):
    instansi = org_access.instansi_for_request(request)
    complaints = access.complaints_visible_to(request.user).filter(instansi=instansi)
    status = request.GET.get("status", "")
    if status in Complaint.Status.values:
        complaints = complaints.filter(status=status)
    complaints = complaints.select_related("unit", "assigned_to", "category").order_by("-created_at")[:100]
    units = list(_service_units(instansi))
    key = rules.last_quarters(timezone.localdate(timezone=instansi.tzinfo), 1)[0]
    start, end = rules.cut_range(key)
    ikm = metrics.ikm_by_unit([u.pk for u in units], start, end)
    figures = metrics.complaint_figures([u.pk for u in units], start, end)
    tepat = metrics.tepat_by_unit([u.pk for u in units], start, end)
    unit_rows = [(u, ikm.get(u.pk), figures.get(u.pk), tepat.get(u.pk)) for u in units]
    context = {
        "instansi": instansi,
        "complaints": complaints,
        "status": status,
        "statuses": Complaint.Status.choices,
        "unit_rows": unit_rows,
        "key": key,
        "is_manager": org_access.can_manage(request.user, instansi.pk),
        "is_officer": bool(request.user.employee_id),
    }
    return render(request, "citizen/dashboard.html", context)


@login_required
@reads_from_replica
@require_safe
def mine(request):
    """The officer's own complaints (assigned to them, or naming them) and their "cepat" and "tepat"
    shares this year, with the sample-size caution."""
    instansi = org_access.instansi_for_request(request)
    employee_id = request.user.employee_id
    year = str(timezone.localdate(timezone=instansi.tzinfo).year)
    start, end = rules.cut_range(year)
    context = {
        "instansi": instansi,
        "year": year,
        **selectors.complaints_of_officer(request.user),
        "handled": metrics.handled_by([employee_id], start, end).get(employee_id, 0) if employee_id else 0,
        "cepat": metrics.cepat_by_officer([employee_id], start, end).get(employee_id) if employee_id else None,
        "tepat": metrics.tepat_by_officer([employee_id], start, end).get(employee_id) if employee_id else None,
        "minimum": rules.MIN_RATINGS,
    }
    return render(request, "citizen/mine.html", context)


@login_required
@reads_from_replica
@require_safe
def unit_detail(request, pk: int):
    """A service unit's complaint figures for a quarter: cepat, tepat, the category breakdown and,
    for its heads and the instansi's leaders, the figures of the officers who handled them."""
    unit = org_access.get_unit_for(request.user, pk)
    key = request.GET.get("q") or rules.last_quarters(timezone.localdate(timezone=unit.instansi.tzinfo), 1)[0]
    try:
        start, end = rules.cut_range(key)
    except (ValueError, IndexError):
        raise Http404 from None
    officers = []
    if access.sees_officer_figures(request.user, unit):
        ids = set(
            Complaint.objects.filter(unit=unit, created_at__date__range=(start, end), assigned_to__isnull=False)
            .values_list("assigned_to_id", flat=True)
            .distinct()
        )
        people = Employee.objects.filter(pk__in=ids).order_by("name")
        handled = metrics.handled_by(ids, start, end)
        cepat, tepat = metrics.cepat_by_officer(ids, start, end), metrics.tepat_by_officer(ids, start, end)
        officers = [(e, handled.get(e.pk, 0), cepat.get(e.pk), tepat.get(e.pk)) for e in people]
    context = {
        "unit": unit,
        "key": key,
        "figures": metrics.complaint_figures([unit.pk], start, end).get(unit.pk),
        "tepat": metrics.tepat_by_unit([unit.pk], start, end).get(unit.pk),
        "categories": metrics.categories_by_unit([unit.pk], start, end).get(unit.pk, []),
        "officers": officers,
        "shows_officers": access.sees_officer_figures(request.user, unit),
        "quarters": rules.last_quarters(timezone.localdate(timezone=unit.instansi.tzinfo)),
        "minimum": rules.MIN_RATINGS,
    }
    return render(request, "citizen/unit.html", context)


@login_required
def complaint_detail(request, pk: int):
    complaint = access.get_complaint_for(request.user, pk)
    can_assign = access.can_assign(request.user, complaint)
    employees = Employee.objects.filter(
        instansi_id=complaint.instansi_id, is_active=True, unit__path__startswith=complaint.unit.path
    ).order_by("name")
    assign_form = AssignForm(employees=employees) if can_assign else None
    respond_form = RespondForm() if request.user.employee_id == complaint.assigned_to_id else None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "assign" and can_assign:
                assign_form = AssignForm(request.POST, employees=employees)
                if assign_form.is_valid():
                    services.complaint_assign(
                        complaint=complaint, employee=assign_form.cleaned_data["employee"], by=request.user
                    )
                    messages.success(request, _("Pengaduan ditugaskan."))
                    return redirect("citizen:complaint_detail", pk)
            elif action == "respond" and respond_form is not None:
                respond_form = RespondForm(request.POST)
                if respond_form.is_valid():
                    services.complaint_respond(complaint=complaint, by=request.user, **respond_form.cleaned_data)
                    messages.success(request, _("Tanggapan terkirim; pelapor melihatnya dengan kode pelacakan."))
                    return redirect("citizen:complaint_detail", pk)
            elif action in ("hide", "show") and access.sees_personal_data(request.user, complaint.instansi_id):
                services.moderate(obj=complaint, hidden=action == "hide", by=request.user)
                return redirect("citizen:complaint_detail", pk)
            else:
                raise Http404
        except ValidationError as error:
            form = assign_form if action == "assign" else respond_form
            add_validation_error(form, error)
    context = {
        "complaint": complaint,
        "events": complaint.events.select_related("by"),
        "assign_form": assign_form,
        "respond_form": respond_form,
        "personal": access.sees_personal_data(request.user, complaint.instansi_id),
        "response_ok": rules.within(
            complaint.created_at, complaint.responded_at, complaint.response_hours, timezone.now()
        ),
        "resolution_ok": rules.within(
            complaint.created_at, complaint.resolved_at, complaint.resolution_hours, timezone.now()
        ),
    }
    return render(request, "citizen/complaint_detail.html", context, status=400 if request.method == "POST" else 200)


@login_required
@require_safe
def complaint_attachment(request, pk: int):
    """A complaint's photo or document, after the same access check as the complaint (a photo is
    shown inline, a PDF downloaded); a moderated complaint's file only to the admins."""
    complaint = access.get_complaint_for(request.user, pk)
    if not complaint.attachment or (
        complaint.is_hidden and not access.sees_personal_data(request.user, complaint.instansi_id)
    ):
        raise Http404
    inline = complaint.attachment_is_image and "unduh" not in request.GET
    response = FileResponse(
        complaint.attachment.open("rb"),
        content_type=complaint.attachment_type,
        as_attachment=not inline,
        filename=complaint.attachment_name or f"lampiran-{complaint.code}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def categories(request):
    """The instansi's complaint categories: add one, switch one off or on (never deleted)."""
    org_access.require_manager(request.user)
    instansi = org_access.instansi_for_request(request)
    services.categories_ensure(instansi)
    form = CategoryForm(request.POST if request.POST.get("action") == "add" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action in ("on", "off"):
                category = ComplaintCategory.objects.filter(
                    instansi=instansi, pk=int(request.POST.get("pk", "0") or 0)
                ).first()
                if category is None:
                    raise Http404
                services.category_set_active(category=category, active=action == "on")
                messages.success(request, _("Kategori disimpan."))
                return redirect("citizen:categories")
            if action == "add" and form.is_valid():
                services.category_create(instansi=instansi, name=form.cleaned_data["name"])
                messages.success(request, _("Kategori ditambahkan."))
                return redirect("citizen:categories")
            if action != "add":
                raise Http404
        except ValueError:
            raise Http404 from None
        except ValidationError as error:
            if action != "add":
                messages.error(request, " ".join(error.messages))
                return redirect("citizen:categories")
            add_validation_error(form, error)
    context = {"instansi": instansi, "categories": selectors.categories_with_use(instansi.pk), "form": form}
    return render(request, "citizen/categories.html", context, status=400 if request.method == "POST" else 200)


@login_required
def points(request):
    org_access.require_manager(request.user)
    instansi = org_access.instansi_for_request(request)
    units = Unit.objects.filter(instansi=instansi, is_active=True).order_by("path")
    point_form = PointForm(units=units)
    sla_form = SlaForm(units=units)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "sla":
                sla_form = SlaForm(request.POST, units=units)
                if sla_form.is_valid():
                    services.settings_save(**sla_form.cleaned_data)
                    messages.success(request, _("Target SLA disimpan."))
                    return redirect("citizen:points")
            else:
                point_form = PointForm(request.POST, units=units)
                if point_form.is_valid():
                    services.point_create(**point_form.cleaned_data)
                    messages.success(request, _("Titik survei dibuat. Cetak posternya."))
                    return redirect("citizen:points")
        except ValidationError as error:
            add_validation_error(sla_form if request.POST.get("action") == "sla" else point_form, error)
    context = {
        "instansi": instansi,
        "points": SurveyPoint.objects.filter(instansi=instansi)
        .select_related("unit", "unit__service_settings")
        .order_by("unit__path", "counter"),
        "point_form": point_form,
        "sla_form": sla_form,
        "default_sla": rules.DEFAULT_SLA,
    }
    return render(request, "citizen/points.html", context, status=400 if request.method == "POST" else 200)


@login_required
def poster(request, pk: int):
    from weasyprint import HTML

    org_access.require_manager(request.user)
    point = (
        SurveyPoint.objects.filter(pk=pk, instansi__in=org_access.instansi_visible_to(request.user))
        .select_related("unit", "instansi")
        .first()
    )
    if point is None:
        raise Http404
    url, qr = _survey_qr(request, point)
    context = {"point": point, "url": url, "qr": qr.svg_data_uri(scale=10, dark="#0b3d6e")}
    html = render_to_string("citizen/poster.html", context, request=request)
    document = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="poster-survei-{point.unit.code}-{point.pk}.pdf"'
    return response


@login_required
def moderation(request):
    org_access.require_manager(request.user)
    instansi = org_access.instansi_for_request(request)
    responses = (
        SurveyResponse.objects.filter(instansi=instansi)
        .exclude(suggestion="")
        .select_related("unit")
        .order_by("-submitted_at")[:200]
    )
    return render(request, "citizen/moderation.html", {"instansi": instansi, "responses": responses})


@login_required
@require_POST
def moderate_response(request, pk: int):
    org_access.require_manager(request.user)
    response = SurveyResponse.objects.filter(pk=pk, instansi__in=org_access.instansi_visible_to(request.user)).first()
    if response is None:
        raise Http404
    services.moderate(obj=response, hidden=request.POST.get("hidden") == "1", by=request.user)
    messages.success(request, _("Moderasi disimpan."))
    return redirect("citizen:moderation")
