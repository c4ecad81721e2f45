"""Appraisal pages: the index per cut, the unit board (curve + calibration), one evaluation with
its workflow, peer input, the PDF document and the XLSX export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from kinerja.accounts.access import require_writer
from kinerja.core import exports
from kinerja.core.forms import add_validation_error
from kinerja.core.routers import reads_from_replica
from kinerja.jobs import services as job_services
from kinerja.jobs.models import Job
from kinerja.org import access as org_access
from kinerja.skp import access as skp_access

from . import access, rules, selectors, services
from .forms import DecisionForm, FinaliseForm, ObjectionForm, PeerInputForm, RatingForm, UnitPredicateForm
from .models import Evaluation, Objection, PeerInput


def _error(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def _cut_or_404(period, cut_key: str) -> str:
    if cut_key not in rules.cut_keys(period.year, period.cut):
        raise Http404
    return cut_key


def _cuts(period) -> list[tuple[str, str]]:
    return [(key, rules.cut_label(key, _)) for key in rules.cut_keys(period.year, period.cut)]


# ---------------------------------------------------------------------------------- the index
@login_required
@require_safe
def index(request):
    instansi = org_access.instansi_for_request(request)
    periods = list(skp_access.periods_visible_to(request.user).filter(instansi=instansi).order_by("-year"))
    if not periods:
        return render(request, "appraisal/index.html", {"period": None})
    period = next((p for p in periods if str(p.pk) == request.GET.get("period")), periods[0])
    keys = rules.cut_keys(period.year, period.cut)
    default = rules.current_cut(timezone.localdate(), period.year, period.cut)
    cut_key = request.GET.get("cut") if request.GET.get("cut") in keys else default
    me = request.user.employee_id
    base = Evaluation.objects.filter(period=period, cut_key=cut_key).select_related("employee", "employee__position")
    context = {
        "period": period,
        "periods": periods,
        "cut_key": cut_key,
        "cuts": _cuts(period),
        "mine": base.filter(employee_id=me).first() if me else None,
        "to_rate": list(base.filter(evaluator_id=me).order_by("employee__name")) if me else [],
        "objections": selectors.objections_waiting(request.user),
        "units": selectors.board_units(
            access.units_for_board(request.user).filter(instansi=instansi),
            period,
            cut_key,
            reverse("appraisal:board", args=[period.pk, cut_key, 0]),
            search=request.GET.get("q", "")[:100],
            show=request.GET.get("tampil", ""),
        ),
        "shows": [
            (selectors.SHOW_WAITING, _("Ada evaluasi yang masih dinilai")),
            (selectors.SHOW_NO_PREDICATE, _("Belum ada predikat organisasi")),
        ],
        "can_compute": org_access.can_manage(request.user, instansi.pk),
        "peer_requests": selectors.peer_requests(request.user.employee, period, cut_key) if me else [],
    }
    return render(request, "appraisal/index.html", context)


@login_required
@require_POST
def compute(request, period_pk: int, cut_key: str):
    period = skp_access.get_period_for(request.user, period_pk, write=True)
    cut_key = _cut_or_404(period, cut_key)
    # The whole instansi is computed by the task worker; `manage.py evaluate` stays synchronous.
    job = job_services.job_start(
        kind=Job.Kind.EVALUATE,
        instansi=period.instansi,
        key=cut_key,
        by=request.user,
        params={"period_id": period.pk, "cut_key": cut_key},
        result_url=f"{reverse('appraisal:index')}?period={period.pk}&cut={cut_key}",
    )
    return redirect("jobs:detail", job.pk)


# ------------------------------------------------------------------------------- a unit's board
def _board_context(request, period, cut_key: str, unit, **extra):
    rows = list(selectors.board(unit, period, cut_key))
    forms = extra.pop("forms", {})
    for evaluation in rows:
        if evaluation.is_draft and access.is_evaluator(request.user, evaluation):
            evaluation.form = forms.get(evaluation.pk) or _quick_form(evaluation)
    return {
        "period": period,
        "cut_key": cut_key,
        "cut_label": rules.cut_label(cut_key, _),
        "unit": unit,
        "rows": rows,
        "curve": selectors.curve(unit, period, cut_key),
        "can_set_predicate": access.can_set_predicate(request.user, unit),
        "predicate_form": extra.pop("predicate_form", None),
        **extra,
    }


def _rating_initial(evaluation) -> dict:
    """The rating form starts from the chosen ratings, or from the suggestion."""
    return {
        "results_rating": evaluation.results_rating or evaluation.suggested_results,
        "results_reason": evaluation.results_reason,
        "behaviour_rating": evaluation.behaviour_rating,
    }


def _quick_form(evaluation, data=None):
    return RatingForm(
        data, initial=_rating_initial(evaluation), prefix=f"e{evaluation.pk}", head_locked=evaluation.is_unit_head
    )


def _board_objects(request, period_pk: int, cut_key: str, unit_pk: int):
    period = skp_access.get_period_for(request.user, period_pk)
    cut_key = _cut_or_404(period, cut_key)
    unit = access.units_for_board(request.user).filter(pk=unit_pk, instansi_id=period.instansi_id).first()
    if unit is None:
        raise Http404
    return period, cut_key, unit


@login_required
def board(request, period_pk: int, cut_key: str, unit_pk: int):
    period, cut_key, unit = _board_objects(request, period_pk, cut_key, unit_pk)
    predicate_form = None
    current = unit.predicates.filter(period=period, cut_key=cut_key).first()
    if access.can_set_predicate(request.user, unit):
        initial = {"predicate": current.predicate, "basis": current.basis} if current else None
        predicate_form = UnitPredicateForm(request.POST or None, initial=initial)
        if request.method == "POST":
            if predicate_form.is_valid():
                try:
                    services.unit_predicate_set(
                        unit=unit, period=period, cut_key=cut_key, by=request.user, **predicate_form.cleaned_data
                    )
                except ValidationError as error:
                    add_validation_error(predicate_form, error)
                else:
                    messages.success(request, _("Predikat kinerja organisasi disimpan."))
                    return redirect(request.path)
    elif request.method == "POST":
        raise Http404
    context = _board_context(request, period, cut_key, unit, predicate_form=predicate_form)
    return render(request, "appraisal/board.html", context, status=400 if request.method == "POST" else 200)


@login_required
@reads_from_replica
@require_safe
def board_xlsx(request, period_pk: int, cut_key: str, unit_pk: int):
    from openpyxl import Workbook

    period, cut_key, unit = _board_objects(request, period_pk, cut_key, unit_pk)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = cut_key
    exports.append(sheet, [f"{unit.name} — {rules.cut_label(cut_key, _)}"])
    headers = [
        "NIP",
        _("Nama"),
        _("Jabatan"),
        _("Unit kerja"),
        _("Capaian (%)"),
        _("Kegiatan terverifikasi"),
        _("Saran rating hasil kerja"),
        _("Rating hasil kerja"),
        _("Alasan"),
        _("Rating perilaku kerja"),
        _("Predikat"),
        _("Status"),
    ]
    exports.append(sheet, headers)
    for e in selectors.board(unit, period, cut_key):
        exports.append(
            sheet,
            [
                e.employee.nip,
                e.employee.display_name,
                e.employee.position.name if e.employee.position else "",
                e.unit_name,
                float(e.achievement_pct),
                e.verified_entries,
                e.get_suggested_results_display(),
                e.get_results_rating_display(),
                e.results_reason,
                e.get_behaviour_rating_display(),
                e.get_predikat_display(),
                e.get_status_display(),
            ],
        )
    sheet.column_dimensions["A"].width = 21
    sheet.column_dimensions["B"].width = 32
    return exports.xlsx_response(workbook, f"penilaian-{unit.code}-{cut_key}.xlsx")


# ------------------------------------------------------------------------------ one evaluation
def _detail_context(request, evaluation, **forms):
    user = request.user
    is_evaluator = access.is_evaluator(user, evaluation)
    rows = selectors.indicator_rows(evaluation)
    rating_form = forms.get("rating_form")
    if rating_form is None and is_evaluator and evaluation.is_draft:
        initial = {
            **_rating_initial(evaluation),
            **{f"indicator_{r.indicator.pk}": r.feedback for r in rows},
            **{f"behaviour_{code}": text for code, text in (evaluation.behaviour_feedback or {}).items()},
        }
        rating_form = RatingForm(
            initial=initial, indicators=[r.indicator for r in rows], full=True, head_locked=evaluation.is_unit_head
        )
    objection = Objection.objects.filter(evaluation=evaluation).select_related("decided_by").first()
    is_employee = access.is_employee(user, evaluation)
    objection_open = (
        is_employee
        and evaluation.received_on is not None
        and rules.objection_problem(
            rules.EvalStatus(evaluation.status),
            received_on=evaluation.received_on,
            today=timezone.localdate(),
            has_objection=objection is not None,
            by_employee=True,
        )
        is None
    )
    return {
        "evaluation": evaluation,
        "rows": rows,
        "behaviours": selectors.behaviour_rows(evaluation),
        "follow_up": selectors.follow_up(evaluation),
        "curve": selectors.curve(evaluation.unit, evaluation.period, evaluation.cut_key) if evaluation.unit else None,
        "peers": selectors.peer_summary(evaluation) if is_evaluator or org_access.sees_whole_instansi(user) else None,
        "history": evaluation.status_changes.select_related("by"),
        "objection": objection,
        "is_evaluator": is_evaluator,
        "is_employee": is_employee,
        "rating_form": rating_form,
        "finalise_form": forms.get("finalise_form")
        or (FinaliseForm() if is_evaluator and evaluation.is_draft else None),
        "objection_form": forms.get("objection_form") or (ObjectionForm() if objection_open else None),
        "objection_deadline": rules.objection_deadline(evaluation.received_on) if evaluation.received_on else None,
        "decision_form": forms.get("decision_form")
        or (
            DecisionForm()
            if access.is_evaluator_supervisor(user, evaluation) and evaluation.status == Evaluation.Status.OBJECTED
            else None
        ),
        "matrix": _matrix(),
    }


def _matrix():
    order = [rules.Rating.ABOVE, rules.Rating.MEETS, rules.Rating.BELOW]
    labels = dict((value, label) for value, label in Evaluation._meta.get_field("results_rating").choices)
    return [
        (labels[r], [(b.value, rules.PREDIKAT_LABELS[rules.predikat(r, b)]) for b in reversed(order)]) for r in order
    ], [labels[b] for b in reversed(order)]


@login_required
@require_safe
def detail(request, pk: int):
    evaluation = access.get_evaluation_for(request.user, pk)
    return render(request, "appraisal/detail.html", _detail_context(request, evaluation))


@login_required
@require_POST
def rate(request, pk: int):
    evaluation = access.get_evaluation_for(request.user, pk)
    access.require(access.is_evaluator(request.user, evaluation))
    quick = request.POST.get("quick") == "1"
    if quick:
        form = _quick_form(evaluation, request.POST)
    else:
        rows = selectors.indicator_rows(evaluation)
        form = RatingForm(
            request.POST, indicators=[r.indicator for r in rows], full=True, head_locked=evaluation.is_unit_head
        )
    if form.is_valid():
        data = form.cleaned_data
        try:
            evaluation = services.evaluation_rate(
                evaluation=evaluation,
                by=request.user,
                # A unit head's field is disabled: left empty, the service fills it in.
                results_rating="" if evaluation.is_unit_head else data["results_rating"],
                behaviour_rating=data["behaviour_rating"],
                results_reason=data["results_reason"],
                behaviour_feedback=form.behaviour_feedback(),
                indicator_feedback=form.indicator_feedback(),
            )
        except ValidationError as error:
            add_validation_error(form, error)
    if request.headers.get("HX-Request") and quick:
        evaluation.refresh_from_db()
        if form.is_valid() and not form.errors:
            form = _quick_form(evaluation)
            form.saved = True
        evaluation.form = form
        context = {"e": evaluation, "curve": selectors.curve(evaluation.unit, evaluation.period, evaluation.cut_key)}
        return render(request, "appraisal/_board_row_swap.html", context)
    if form.errors:
        if quick:
            messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
            return redirect(request.POST.get("next") or reverse("appraisal:detail", args=[pk]))
        return render(
            request, "appraisal/detail.html", _detail_context(request, evaluation, rating_form=form), status=400
        )
    messages.success(
        request, _("Rating disimpan: predikat %(predikat)s.") % {"predikat": evaluation.get_predikat_display()}
    )
    return redirect("appraisal:detail", pk)


def _workflow_post(request, pk: int, form_class, form_name: str, action, success: str):
    evaluation = access.get_evaluation_for(request.user, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            action(evaluation, form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, success)
            return redirect("appraisal:detail", pk)
    evaluation = access.get_evaluation_for(request.user, pk)
    context = _detail_context(request, evaluation, **{form_name: form})
    return render(request, "appraisal/detail.html", context, status=400)


@login_required
@require_POST
def finalise(request, pk: int):
    def action(evaluation, data):
        access.require(access.is_evaluator(request.user, evaluation))
        services.evaluation_finalise(evaluation=evaluation, by=request.user, justification=data["justification"])

    return _workflow_post(request, pk, FinaliseForm, "finalise_form", action, _("Evaluasi ditetapkan."))


@login_required
@require_POST
def acknowledge(request, pk: int):
    evaluation = access.get_evaluation_for(request.user, pk)
    access.require(access.is_employee(request.user, evaluation))
    try:
        services.evaluation_acknowledge(evaluation=evaluation, by=request.user)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("Anda menyatakan telah menerima hasil evaluasi."))
    return redirect("appraisal:detail", pk)


@login_required
@require_POST
def object_to(request, pk: int):
    require_writer(request.user)

    def action(evaluation, data):
        access.require(access.is_employee(request.user, evaluation))
        services.objection_file(
            evaluation=evaluation, by=request.user, reason=data["reason"], category=data["category"]
        )

    success = _("Keberatan diajukan kepada atasan pejabat penilai.")
    return _workflow_post(request, pk, ObjectionForm, "objection_form", action, success)


@login_required
@require_POST
def decide(request, pk: int):
    require_writer(request.user)

    def action(evaluation, data):
        access.require(access.is_evaluator_supervisor(request.user, evaluation))
        services.objection_decide(evaluation=evaluation, by=request.user, **data)

    return _workflow_post(request, pk, DecisionForm, "decision_form", action, _("Keberatan diputus."))


@login_required
@require_safe
def pdf(request, pk: int):
    from weasyprint import HTML

    evaluation = access.get_evaluation_for(request.user, pk)
    html = render_to_string("appraisal/document.html", selectors.document_context(evaluation), request=request)
    document = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(document, content_type="application/pdf")
    name = f"evaluasi-{evaluation.cut_key}-{evaluation.employee.nip}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# ------------------------------------------------------------------------------------ peer input
@login_required
def peer_input(request, pk: int):
    """A colleague's or subordinate's input on the BerAKHLAK values of a draft evaluation. It is not
    visible through get_evaluation_for, so the relation is checked here (404 for anyone else)."""
    me = request.user.employee
    evaluation = (
        Evaluation.objects.filter(pk=pk, instansi_id=request.user.instansi_id).select_related("employee").first()
    )
    if me is None or evaluation is None or services.peer_relation(me, evaluation.employee) is None:
        raise Http404
    existing = PeerInput.objects.filter(evaluation=evaluation, author=me).first()
    initial = {**existing.ratings, "comment": existing.comment} if existing else None
    form = PeerInputForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.peer_input_save(
                evaluation=evaluation, author=me, ratings=form.ratings(), comment=form.cleaned_data["comment"]
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Terima kasih, masukan Anda tersimpan tanpa nama."))
            return redirect(f"{reverse('appraisal:index')}?period={evaluation.period_id}&cut={evaluation.cut_key}")
    status = 400 if request.method == "POST" else 200
    return render(request, "appraisal/peer_input.html", {"evaluation": evaluation, "form": form}, status=status)
