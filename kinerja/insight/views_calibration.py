"""Calibration meetings: list and open, the agenda with a decision per case, closing with the
minutes, and the minutes as PDF (WeasyPrint, like the other documents)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kinerja.accounts.access import require_writer
from kinerja.appraisal.models import Evaluation
from kinerja.org import access as org_access

from . import access, selectors, services
from .forms import CloseForm, DecisionForm, OpenForm
from .views import _level
from .views_fairness import flag_pairs


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


@login_required
def calibration_list(request):
    if request.method == "POST":
        require_writer(request.user)
    instansi = org_access.instansi_for_request(request)
    units = list(access.units_to_calibrate(request.user, instansi))
    if not units and not org_access.sees_whole_instansi(request.user):
        raise PermissionDenied
    level = _level(request, instansi)
    form = OpenForm(request.POST or None, units=units)
    if request.method == "POST" and level is not None and form.is_valid():
        unit = next(u for u in units if u.pk == form.cleaned_data["unit"])
        try:
            session = services.calibration_open(period=level.period, cut_key=level.cut_key, unit=unit, by=request.user)
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            return redirect("insight:calibration", session.pk)
    sessions = access.sessions_visible_to(request.user).filter(instansi=instansi).select_related("unit", "opened_by")
    keys = selectors.appraisal_rules.cut_keys(level.period.year, level.period.cut) if level else []
    context = {
        "level": level,
        "cuts": [(k, selectors.cut_label(k)) for k in keys],
        "form": form if units else None,
        "sessions": sessions[:100],
    }
    return render(request, "insight/calibration_list.html", context)


@login_required
def calibration(request, pk: int):
    session = access.get_session_for(request.user, pk)
    agenda = selectors.calibration_agenda(session)
    for review in agenda["reviews"]:
        review.flag_texts = flag_pairs(review.flags)
    context = {
        "session": session,
        **agenda,
        "can_hold": services.may_hold(request.user, session.unit) and session.status == "open",
        "decision_form": DecisionForm(),
        "close_form": CloseForm(),
    }
    return render(request, "insight/calibration.html", context)


@login_required
@require_POST
def calibration_decide(request, pk: int):
    session = access.get_session_for(request.user, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Lengkapi keputusan dan alasannya."))
        return redirect("insight:calibration", session.pk)
    evaluation = (
        Evaluation.objects.filter(pk=form.cleaned_data["evaluation"], instansi_id=session.instansi_id)
        .select_related("unit", "employee")
        .first()
    )
    if evaluation is None:
        raise Http404
    try:
        services.calibration_decide(
            session=session,
            evaluation=evaluation,
            by=request.user,
            **{k: form.cleaned_data[k] for k in ("outcome", "results_rating", "reason")},
        )
    except ValidationError as error:
        messages.error(request, f"{evaluation.employee.display_name}: {_errors(error)}")
    else:
        messages.success(request, _("Keputusan untuk %(name)s dicatat.") % {"name": evaluation.employee.display_name})
    return redirect(f"{session_url(session)}#kasus-{evaluation.pk}")


def session_url(session) -> str:
    from django.urls import reverse

    return reverse("insight:calibration", args=[session.pk])


@login_required
@require_POST
def calibration_close(request, pk: int):
    session = access.get_session_for(request.user, pk)
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tuliskan peserta rapat."))
        return redirect("insight:calibration", session.pk)
    try:
        services.calibration_close(session=session, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("Rapat kalibrasi selesai; notulen dapat diunduh."))
    return redirect("insight:calibration", session.pk)


@login_required
def calibration_pdf(request, pk: int):
    from weasyprint import HTML

    session = access.get_session_for(request.user, pk)
    agenda = selectors.calibration_agenda(session)
    for review in agenda["reviews"]:
        review.flag_texts = flag_pairs(review.flags)
    html = render_to_string("insight/calibration_minutes.html", {"session": session, **agenda}, request=request)
    document = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="notulen-kalibrasi-{session.unit.code}-{session.cut_key}.pdf"'
    )
    return response
