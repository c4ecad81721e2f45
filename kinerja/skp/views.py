"""Planning pages: periods, organisational plan, templates, SKP workflow, cascade, PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from kinerja.accounts.access import require_writer
from kinerja.core.forms import add_validation_error
from kinerja.org import access as org_access
from kinerja.org.models import Position, Unit

from . import access, rules, selectors, services
from .forms import (
    AppendixForm,
    CommentForm,
    GoalForm,
    IndicatorForm,
    KeyIndicatorForm,
    PeriodForm,
    ReasonForm,
    RhkForm,
    SkpCreateForm,
    TemplateForm,
)
from .models import Indicator, OrgGoal, Period, Rhk, SkpTemplate


def _error(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


# ------------------------------------------------------------------------------ admin: the year
@login_required
def period_list(request):
    instansi = org_access.instansi_for_request(request)
    can_manage = org_access.can_manage(request.user, instansi.pk)
    form = PeriodForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.period_create(instansi=instansi, **form.cleaned_data)
            except ValidationError as error:
                add_validation_error(form, error)
            else:
                messages.success(request, _("Periode kinerja dibuka."))
                return redirect("skp:period_list")
    periods = Period.objects.filter(instansi=instansi).order_by("-year")
    return render(request, "skp/period_list.html", {"periods": periods, "form": form, "can_manage": can_manage})


@login_required
def plan(request, pk: int):
    """Organisational goals and IKU of a year; the admin adds them."""
    period = access.get_period_for(request.user, pk)
    can_manage = org_access.can_manage(request.user, period.instansi_id)
    units = period.instansi.units.filter(depth=0).order_by("name")
    goal_form = GoalForm(request.POST if "goal" in request.POST else None, units=units)
    iku_form = KeyIndicatorForm(request.POST if "iku" in request.POST else None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        try:
            if "goal" in request.POST and goal_form.is_valid():
                services.goal_create(period=period, **goal_form.cleaned_data)
                messages.success(request, _("Sasaran strategis ditambahkan."))
                return redirect("skp:plan", pk)
            if "iku" in request.POST and iku_form.is_valid():
                goal = OrgGoal.objects.filter(period=period, pk=request.POST.get("goal_id") or 0).first()
                if goal is None:
                    raise ValidationError(_("Sasaran tidak ditemukan."))
                services.key_indicator_create(goal=goal, **iku_form.cleaned_data)
                messages.success(request, _("IKU ditambahkan."))
                return redirect("skp:plan", pk)
        except ValidationError as error:
            add_validation_error(iku_form if "iku" in request.POST else goal_form, error)
    goals = OrgGoal.objects.filter(period=period).select_related("unit").prefetch_related("indicators")
    context = {"period": period, "goals": goals, "goal_form": goal_form, "iku_form": iku_form, "can_manage": can_manage}
    return render(request, "skp/plan.html", context)


def _template_form(request, instansi, template=None):
    positions = Position.objects.filter(instansi=instansi, is_active=True).select_related("unit").order_by("name")
    initial = None
    if template is not None:
        initial = {
            "name": template.name,
            "sector": template.sector,
            "source": template.source,
            "positions": list(template.positions.values_list("pk", flat=True)),
            "levels": template.level_codes,
        }
    return TemplateForm(request.POST or None, initial=initial, positions=positions)


def _template_saved(request, form, instansi, template=None):
    """Saves the form through the service; True when saved (errors go onto the form)."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        services.template_save(instansi=instansi, template=template, **form.cleaned_data)
    except ValidationError as error:
        add_validation_error(form, error)
        return False
    messages.success(request, _("Templat standar kinerja disimpan."))
    return True


@login_required
def template_list(request):
    instansi = org_access.instansi_for_request(request)
    can_manage = org_access.can_manage(request.user, instansi.pk)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied
    form = _template_form(request, instansi)
    if _template_saved(request, form, instansi):
        return redirect("skp:template_list")
    templates = (
        SkpTemplate.objects.filter(instansi=instansi)
        .prefetch_related("positions")
        .order_by("-is_active", "sector", "name")
    )
    return render(request, "skp/template_list.html", {"templates": templates, "form": form, "can_manage": can_manage})


def _managed_template(request, pk: int) -> tuple:
    instansi = org_access.instansi_for_request(request)
    template = SkpTemplate.objects.filter(instansi=instansi, pk=pk).first()
    if template is None:
        raise Http404
    if not org_access.can_manage(request.user, instansi.pk):
        raise PermissionDenied
    return instansi, template


@login_required
def template_edit(request, pk: int):
    instansi, template = _managed_template(request, pk)
    form = _template_form(request, instansi, template)
    if _template_saved(request, form, instansi, template):
        return redirect("skp:template_list")
    return render(request, "skp/template_edit.html", {"template": template, "form": form})


@login_required
@require_POST
def template_retire(request, pk: int):
    _instansi, template = _managed_template(request, pk)
    try:
        services.template_retire(template=template)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("Templat dipensiunkan: tidak ditawarkan lagi; SKP yang sudah ada tidak berubah."))
    return redirect("skp:template_list")


@login_required
@require_safe
def cascade(request, pk: int):
    """The whole tree for pimpinan and BKPSDM; for everyone else their own branch: how their
    results feed the goals above and which results of their people feed theirs. Branches load
    on demand (htmx), a page at a time, so nothing is cut off."""
    period = access.get_period_for(request.user, pk)
    offset = _offset(request, "yatim")
    if not org_access.sees_whole_instansi(request.user):
        if request.user.employee is None:
            raise PermissionDenied
        branch = selectors.my_branch(request.user.employee, period)
        return render(request, "skp/cascade_branch.html", {"period": period, "branch": branch})
    cascade = selectors.cascade(period, orphans_from=offset)
    if request.headers.get("HX-Request") and offset:
        return render(request, "skp/_cascade_orphans.html", {"period": period, "cascade": cascade})
    return render(request, "skp/cascade.html", {"period": period, "cascade": cascade})


def _offset(request, name: str) -> int:
    value = request.GET.get(name, "0")
    return int(value) if value.isdigit() else 0


@login_required
@require_safe
def cascade_children(request, rhk_pk: int):
    """One page of the RHKs that intervene one RHK (an htmx fragment)."""
    rhk = access.get_cascade_rhk_for(request.user, rhk_pk)
    children, next_offset = selectors.rhk_children(rhk, offset=_offset(request, "offset"))
    context = {"rhk": rhk, "children": children, "next_offset": next_offset}
    return render(request, "skp/_cascade_children.html", context)


# ------------------------------------------------------------------------------------------ SKP
@login_required
@require_safe
def home(request):
    """My SKPs, the ones waiting for my decision, and my subordinates' SKPs."""
    me = request.user.employee
    if me is None:
        raise PermissionDenied
    periods = Period.objects.filter(
        instansi_id=me.instansi_id, is_closed=False, closes_on__gte=timezone.localdate()
    ).exclude(skps__employee=me)
    templates = selectors.templates_for(me)
    context = {
        "mine": selectors.my_skps(me),
        "queue": selectors.evaluator_queue(me),
        "subordinates": selectors.subordinate_skps(me),
        "create_form": SkpCreateForm(periods=periods, templates=templates) if periods.exists() else None,
    }
    return render(request, "skp/home.html", context)


@login_required
@require_POST
def create(request):
    require_writer(request.user)
    me = request.user.employee
    if me is None:
        raise PermissionDenied
    periods = Period.objects.filter(instansi_id=me.instansi_id, is_closed=False)
    templates = selectors.templates_for(me)
    form = SkpCreateForm(request.POST, periods=periods, templates=templates)
    if not form.is_valid():
        messages.error(request, _("Pilih tahun yang masih terbuka."))
        return redirect("skp:home")
    try:
        skp = services.skp_create(
            employee=me,
            period=form.cleaned_data["period"],
            by=request.user,
            template=form.cleaned_data["template"],
            approach=form.cleaned_data["approach"],
        )
    except ValidationError as error:
        _error(request, error)
        return redirect("skp:home")
    messages.success(request, _("SKP dibuat sebagai draf."))
    return redirect("skp:detail", skp.pk)


def _detail_context(request, skp, **forms):
    skp = selectors.skp_detail(skp.pk)
    user = request.user
    owner = access.is_owner(user, skp) or org_access.can_manage(user, skp.instansi_id)
    evaluator = access.is_evaluator(user, skp)
    parents = selectors.evaluator_rhks(skp)
    goals = OrgGoal.objects.filter(period=skp.period)
    can_edit = owner and skp.is_editable
    rhks = list(skp.rhks.all())
    edit_forms = forms.get("edit_forms", {})
    return {
        "skp": skp,
        "plan_columns": selectors.attach_plans(skp),
        "can_set_targets": services.can_set_period_targets(user, skp),
        "can_link_later": services.can_link_later(user, skp),
        "link_parents": [p for p in parents if p.skp.status in (rules.SkpStatus.APPROVED, rules.SkpStatus.SUBMITTED)]
        if services.can_link_later(user, skp)
        else [],
        "rhk_rows": [
            (
                rhk,
                edit_forms.get(rhk.pk)
                or RhkForm(instance=rhk, prefix=f"rhk{rhk.pk}", skp=skp, parents=parents, goals=goals),
            )
            if can_edit
            else (rhk, None)
            for rhk in rhks
        ],
        "behaviours": selectors.behaviour_rows(skp),
        "can_edit": can_edit,
        "can_decide": evaluator and skp.status == rules.SkpStatus.SUBMITTED,
        "can_set_behaviour": evaluator and skp.status not in (rules.SkpStatus.APPROVED, rules.SkpStatus.SUPERSEDED),
        "can_revise": owner and skp.status == rules.SkpStatus.APPROVED and not hasattr(skp, "next_revision"),
        "problems": services.submission_problems(skp) if owner and skp.is_editable else [],
        "rhk_form": forms.get("rhk_form") or RhkForm(skp=skp, parents=parents, goals=goals),
        "indicator_form": forms.get("indicator_form") or IndicatorForm(units=_units(skp)),
        "indicator_rhk": forms.get("indicator_rhk"),
        "appendix_form": AppendixForm(
            initial={"resources": skp.resources, "accountability": skp.accountability, "consequences": skp.consequences}
        ),
        "comment_form": CommentForm(),
        "revisions": skp.__class__.objects.filter(employee_id=skp.employee_id, period_id=skp.period_id).order_by(
            "revision"
        ),
    }


@login_required
@require_safe
def detail(request, pk: int):
    skp = access.get_skp_for(request.user, pk)
    return render(request, "skp/detail.html", _detail_context(request, skp))


@login_required
@require_POST
def rhk_add(request, pk: int):
    skp = access.get_skp_for(request.user, pk)
    access.require_owner(request.user, skp)
    form = RhkForm(
        request.POST, skp=skp, parents=selectors.evaluator_rhks(skp), goals=OrgGoal.objects.filter(period=skp.period)
    )
    if form.is_valid():
        try:
            services.rhk_save(skp=skp, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("RHK ditambahkan."))
            return redirect("skp:detail", pk)
    return render(request, "skp/detail.html", _detail_context(request, skp, rhk_form=form), status=400)


@login_required
@require_POST
def rhk_edit(request, pk: int, rhk_pk: int):
    skp = access.get_skp_for(request.user, pk)
    access.require_owner(request.user, skp)
    rhk = _get_rhk(request, skp, rhk_pk)
    form = RhkForm(
        request.POST,
        instance=rhk,
        prefix=f"rhk{rhk.pk}",
        skp=skp,
        parents=selectors.evaluator_rhks(skp),
        goals=OrgGoal.objects.filter(period=skp.period),
    )
    if form.is_valid():
        try:
            services.rhk_save(skp=skp, rhk=Rhk.objects.get(pk=rhk.pk), **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("RHK diperbarui."))
            return redirect("skp:detail", pk)
    return render(request, "skp/detail.html", _detail_context(request, skp, edit_forms={rhk.pk: form}), status=400)


def _get_rhk(request, skp, rhk_pk) -> Rhk:
    rhk = Rhk.objects.filter(skp=skp, pk=rhk_pk).select_related("skp").first()
    if rhk is None:
        raise Http404
    return rhk


@login_required
@require_POST
def rhk_delete(request, pk: int, rhk_pk: int):
    skp = access.get_skp_for(request.user, pk)
    access.require_owner(request.user, skp)
    try:
        services.rhk_delete(rhk=_get_rhk(request, skp, rhk_pk))
    except ValidationError as error:
        _error(request, error)
    return redirect("skp:detail", pk)


@login_required
@require_POST
def indicator_add(request, pk: int, rhk_pk: int):
    skp = access.get_skp_for(request.user, pk)
    access.require_owner(request.user, skp)
    rhk = _get_rhk(request, skp, rhk_pk)
    form = IndicatorForm(request.POST, units=_units(skp))
    if form.is_valid():
        try:
            services.indicator_save(rhk=rhk, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Indikator ditambahkan."))
            return redirect("skp:detail", pk)
    context = _detail_context(request, skp, indicator_form=form, indicator_rhk=rhk.pk)
    return render(request, "skp/detail.html", context, status=400)


def _units(skp):
    return Unit.objects.filter(instansi_id=skp.instansi_id, is_active=True).order_by("path")


@login_required
@require_POST
def period_targets(request, pk: int, indicator_pk: int):
    """The employee (drafting) or the pejabat penilai (before approval) adjusts the periodic
    targets of one indicator."""
    skp = access.get_skp_for(request.user, pk)
    indicator = Indicator.objects.filter(rhk__skp=skp, pk=indicator_pk).select_related("rhk__skp__period").first()
    if indicator is None:
        raise Http404
    if not services.can_set_period_targets(request.user, skp):
        raise PermissionDenied
    values = {key: request.POST.get(key, "") for key in request.POST if key[:4].isdigit()}
    try:
        services.period_targets_set(indicator=indicator, by=request.user, values=values)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("Target periodik disimpan."))
    return redirect(f"{reverse('skp:detail', args=[pk])}#ind-{indicator.pk}")


@login_required
@require_POST
def rhk_link(request, pk: int, rhk_pk: int):
    """Links an approved SKP's RHK to the supervisor's RHK that now exists (no new approval)."""
    skp = access.get_skp_for(request.user, pk)
    require_writer(request.user)
    rhk = Rhk.objects.filter(skp=skp, pk=rhk_pk).first()
    if rhk is None:
        raise Http404
    if not services.can_link_later(request.user, skp):
        raise PermissionDenied
    parent = selectors.evaluator_rhks(skp).filter(pk=request.POST.get("parent") or 0).select_related("skp").first()
    if parent is None:
        messages.error(request, _("Pilih RHK atasan dari daftar."))
    else:
        try:
            services.rhk_link(rhk=rhk, parent=parent, by=request.user)
        except ValidationError as error:
            _error(request, error)
        else:
            messages.success(request, _("RHK dikaitkan dengan RHK atasan; SKP tetap disetujui."))
    return redirect(f"{reverse('skp:detail', args=[pk])}#rhk-{rhk_pk}")


@login_required
@require_POST
def indicator_delete(request, pk: int, indicator_pk: int):
    skp = access.get_skp_for(request.user, pk)
    access.require_owner(request.user, skp)
    indicator = Indicator.objects.filter(rhk__skp=skp, pk=indicator_pk).select_related("rhk__skp").first()
    if indicator is None:
        raise Http404
    try:
        services.indicator_delete(indicator=indicator)
    except ValidationError as error:
        _error(request, error)
    return redirect("skp:detail", pk)


@login_required
@require_POST
def appendix(request, pk: int):
    skp = access.get_skp_for(request.user, pk)
    access.require_owner(request.user, skp)
    form = AppendixForm(request.POST)
    if form.is_valid():
        try:
            services.appendix_set(skp=skp, **form.cleaned_data)
        except ValidationError as error:
            _error(request, error)
        else:
            messages.success(request, _("Lampiran SKP disimpan."))
    return redirect("skp:detail", pk)


@login_required
@require_POST
def behaviours(request, pk: int):
    skp = access.get_skp_for(request.user, pk)
    access.require_evaluator(request.user, skp)
    expectations = {code: request.POST.get(code, "") for code in rules.BERAKHLAK_CODES}
    try:
        services.behaviours_set(skp=skp, expectations=expectations)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("Ekspektasi perilaku disimpan."))
    return redirect("skp:detail", pk)


@login_required
@require_POST
def submit(request, pk: int):
    skp = access.get_skp_for(request.user, pk)
    access.require_owner(request.user, skp)
    try:
        services.skp_submit(skp=skp, by=request.user)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("SKP diajukan kepada pejabat penilai."))
    return redirect("skp:detail", pk)


@login_required
@require_POST
def decide(request, pk: int):
    skp = access.get_skp_for(request.user, pk)
    access.require_evaluator(request.user, skp)
    comment = request.POST.get("comment", "")[:2000]
    try:
        if request.POST.get("decision") == "approve":
            services.skp_approve(skp=skp, by=request.user, comment=comment)
            messages.success(request, _("SKP disetujui dan dikunci."))
        else:
            services.skp_return(skp=skp, by=request.user, comment=comment)
            messages.success(request, _("SKP dikembalikan dengan catatan."))
    except ValidationError as error:
        _error(request, error)
    return redirect("skp:detail", pk)


@login_required
def revise(request, pk: int):
    """A mid-year revision: the category and reason, then a new draft copied from this SKP."""
    skp = access.get_skp_for(request.user, pk)
    access.require_owner(request.user, skp)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.skp_revise(skp=skp, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Revisi %(r)s dibuat sebagai draf.") % {"r": new.revision})
            return redirect("skp:detail", new.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "skp/revise.html", {"skp": skp, "form": form}, status=status)


@login_required
def compare(request, pk: int):
    """Two revisions side by side: the history of a mid-year change stays readable."""
    skp = access.get_skp_for(request.user, pk)
    if skp.previous_id is None:
        raise Http404
    newer, older = selectors.skp_detail(skp.pk), selectors.skp_detail(skp.previous_id)
    return render(request, "skp/compare.html", {"newer": newer, "older": older})


@login_required
@require_safe
def pdf(request, pk: int):
    from weasyprint import HTML

    skp = access.get_skp_for(request.user, pk)
    skp = selectors.skp_detail(skp.pk)
    html = render_to_string(
        "skp/document.html", {"skp": skp, "behaviours": selectors.behaviour_rows(skp)}, request=request
    )
    document = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="SKP-{skp.period.year}-{skp.employee.nip}-rev{skp.revision}.pdf"'
    )
    return response
