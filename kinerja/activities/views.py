"""Daily-work pages: log, inbox, feedback. Each view: access → form → service → render."""

import datetime
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from kinerja.accounts.access import require_writer
from kinerja.core.forms import add_validation_error
from kinerja.core.pagination import CappedPaginator
from kinerja.org import access as org_access
from kinerja.org.models import Employee

from . import access, rules, selectors, services
from .forms import (
    ActivityForm,
    CommentForm,
    DecisionForm,
    DialogueForm,
    ReflectionForm,
    ReportForm,
    WorkSettingsForm,
)
from .models import STATUS_LABELS, Dialogue, Evidence, Reflection

MAX_ROWS = 5
# The inbox counts at most this many waiting entries for its page links, so its cost does not grow
# with the queue (bench/ scenario 3); the filters (employee, dates) narrow a longer queue.
INBOX_CAP = 1000


def _me(request) -> Employee:
    if request.user.employee_id is None:
        raise PermissionDenied
    me = request.user.employee
    if me.instansi_id == request.user.instansi_id:
        me.instansi = request.user.instansi  # loaded once already (time zone middleware)
    return me


def _entry_forms(request, me, rows: int, initial: dict | None = None, period=None) -> list[ActivityForm]:
    today = services.today_for(me)
    indicators = services.indicators_for(me, period or services.period_for(me.instansi, today))
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    forms = []
    for index in range(rows):
        start = {
            "date": today,
            "client_token": uuid.uuid4(),
            "quantity": 0,
            **(initial if index == 0 and initial else {}),
        }
        forms.append(ActivityForm(data, files, prefix=f"e{index}", indicators=indicators, initial=start))
    return forms


def _entry_fields(data: dict) -> dict:
    """The service arguments of one cleaned entry form (create and edit alike)."""
    return {
        "day": data["date"],
        "description": data["description"],
        "start_time": data["start_time"],
        "end_time": data["end_time"],
        "minutes": data["minutes"],
        "indicator": data["indicator"],
        "quantity": data["quantity"] or 0,
        "files": data["files"],
        "links": [data["link"]] if data["link"] else [],
    }


@login_required
@require_safe
def home(request):
    """My daily log: the entry form (one or several rows), my entries and my progress."""
    me = _me(request)
    rows = max(1, min(MAX_ROWS, int(request.GET.get("rows", "1")) if request.GET.get("rows", "1").isdigit() else 1))
    initial = None
    if request.GET.get("copy", "").isdigit():
        source = access.activities_visible_to(request.user).filter(pk=request.GET["copy"], employee=me).first()
        if source is not None:
            initial = {
                "description": source.description,
                "indicator": source.indicator_id,
                "quantity": source.quantity,
                "start_time": source.start_time,
                "end_time": source.end_time,
                "minutes": None if source.start_time else source.minutes,
            }
    return _render_home(request, me, _entry_forms(request, me, rows, initial))


def _render_home(request, me, forms, status=200):
    today = services.today_for(me)
    period = services.period_for(me.instansi, today)
    entries = selectors.my_log(me)
    only = request.GET.get("status", "")
    if only in {s.value for s in rules.ActivityStatus}:  # e.g. ?status=returned from the home page
        entries = entries.filter(status=only)
    else:
        only = ""
    page = Paginator(entries, 20).get_page(request.GET.get("page"))
    context = {
        "status": only,
        "status_label": STATUS_LABELS.get(only, ""),
        "forms": forms,
        "rows": len(forms),
        "page": page,
        "progress": selectors.progress(me, period),
        "today": today,
    }
    return render(request, "activities/home.html", context, status=status)


@login_required
@require_POST
def create(request):
    require_writer(request.user)
    me = _me(request)
    rows = request.POST.get("rows", "1")
    rows = max(1, min(MAX_ROWS, int(rows) if rows.isdigit() else 1))
    period = services.period_for(me.instansi, services.today_for(me))
    forms = _entry_forms(request, me, rows, period=period)
    if not all(form.is_valid() for form in forms):
        return _render_home(request, me, forms, status=400)
    try:
        with transaction.atomic():  # several rows: all or nothing
            for form in forms:
                data = form.cleaned_data
                try:
                    services.activity_create(
                        employee=me,
                        by=request.user,
                        client_token=data["client_token"],
                        period=period,
                        **_entry_fields(data),
                    )
                except ValidationError as error:
                    add_validation_error(form, error)
                    raise
    except ValidationError:
        return _render_home(request, me, forms, status=400)
    n = len(forms)
    messages.success(
        request,
        ngettext(
            "%(n)s kegiatan dicatat dan dikirim ke atasan untuk diverifikasi.",
            "%(n)s kegiatan dicatat dan dikirim ke atasan untuk diverifikasi.",
            n,
        )
        % {"n": n},
    )
    return redirect("activities:home")


@login_required
@require_safe
def detail(request, pk: int):
    activity = access.get_activity_for(request.user, pk)
    context = {
        "activity": activity,
        "evidence": list(activity.evidence.all()),
        "history": activity.status_changes.select_related("by"),
        "comments": activity.comments.select_related("author"),
        "comment_form": CommentForm(),
        "is_owner": request.user.employee_id == activity.employee_id,
        "is_verifier": request.user.employee_id == activity.verifier_id,
        "decision_form": DecisionForm(),
    }
    return render(request, "activities/detail.html", context)


@login_required
def edit(request, pk: int):
    activity = access.get_activity_for(request.user, pk)
    access.require_owner(request.user, activity)
    me = activity.employee
    indicators = services.indicators_for(me, activity.period)
    initial = {
        "date": activity.date,
        "start_time": activity.start_time,
        "end_time": activity.end_time,
        "minutes": None if activity.start_time else activity.minutes,
        "description": activity.description,
        "indicator": activity.indicator_id,
        "quantity": activity.quantity,
        "version": activity.version,
    }
    form = ActivityForm(request.POST or None, request.FILES or None, indicators=indicators, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            updated = services.activity_update(
                activity=activity, by=request.user, expected_version=data["version"], **_entry_fields(data)
            )
        except services.EditConflict as error:
            conflict = error.current  # shown beside the form; sending again keeps this form's text
            form = ActivityForm(
                {**request.POST.dict(), "version": conflict.version}, indicators=indicators, initial=initial
            )
            form.is_valid()
            form.add_error(None, str(error))
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Kegiatan diperbarui dan dikirim kembali untuk diverifikasi."))
            return redirect("activities:detail", updated.pk)
    return render(request, "activities/edit.html", {"form": form, "activity": activity, "conflict": conflict})


@login_required
@require_POST
def delete(request, pk: int):
    activity = access.get_activity_for(request.user, pk)
    access.require_owner(request.user, activity)
    try:
        services.activity_delete(activity=activity, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("activities:detail", pk)
    messages.success(request, _("Kegiatan dihapus (tetap tersimpan dalam riwayat)."))
    return redirect("activities:home")


@login_required
@require_POST
def comment(request, pk: int):
    activity = access.get_activity_for(request.user, pk)
    access.require_commenter(
        request.user,
        employee_id=activity.employee_id,
        supervisor_id=activity.employee.supervisor_id,
        verifier_id=activity.verifier_id,
    )
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_add(author=request.user, text=form.cleaned_data["text"], activity=activity)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Komentar tidak boleh kosong."))
    return redirect("activities:detail", pk)


@login_required
def evidence(request, pk: int):
    """Evidence is served only after the same access check as its activity."""
    item = Evidence.objects.filter(pk=pk, kind=Evidence.Kind.FILE).select_related("activity").first()
    if item is None or not access.activities_visible_to(request.user).filter(pk=item.activity_id).exists():
        raise Http404
    # Images may be shown inline (the inbox thumbnails); everything else is a download.
    inline = request.GET.get("inline") == "1" and item.content_type.startswith("image/")
    if not inline:  # a thumbnail the inbox loads by itself is not the rater opening the evidence
        services.evidence_opened(activity=item.activity, by=request.user)
    response = FileResponse(
        item.file.open("rb"), content_type=item.content_type, as_attachment=not inline, filename=item.name
    )
    if inline:
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ------------------------------------------------------------------------------------ supervisor
def _parse_date(value: str | None):
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@login_required
@require_safe
def inbox(request):
    me = _me(request)
    status = request.GET.get("status", rules.ActivityStatus.SUBMITTED)
    if status not in {s.value for s in rules.ActivityStatus}:
        status = rules.ActivityStatus.SUBMITTED
    subordinate = request.GET.get("pegawai", "")
    date_from, date_to = _parse_date(request.GET.get("dari")), _parse_date(request.GET.get("sampai"))
    entries = selectors.inbox(
        me,
        status=status,
        subordinate_id=int(subordinate) if subordinate.isdigit() else None,
        date_from=date_from,
        date_to=date_to,
    )
    page = CappedPaginator(entries, 50, cap=INBOX_CAP).get_page(request.GET.get("page"))
    strict = services.requires_evidence_by_default(me.instansi_id)
    for entry in page:  # whether an entry without evidence would count (no query: rows are joined)
        entry.needs_evidence = entry.indicator_id is not None and rules.evidence_required(
            entry.indicator.evidence_rule, strict
        )
    subordinates = Employee.objects.filter(instansi_id=me.instansi_id, supervisor=me, is_active=True).order_by("name")
    context = {"page": page, "status": status, "subordinates": subordinates, "statuses": selectors.A}
    return render(request, "activities/inbox.html", context)


@login_required
@require_POST
def decide(request):
    """Accept or return one or several entries (checkboxes), with one comment for all returned."""
    require_writer(request.user)
    me = _me(request)
    form = DecisionForm(request.POST)
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()][:200]
    if not form.is_valid() or not ids:
        messages.error(request, _("Pilih kegiatan dan tindakannya."))
        return redirect("activities:inbox")
    chosen = list(access.activities_visible_to(request.user).filter(pk__in=ids, verifier=me).select_related("employee"))
    if len(chosen) != len(set(ids)):
        raise Http404
    # Quality scores given on acceptance, one per entry of a kualitas indicator: quality-<id>.
    quality = {pk: request.POST.get(f"quality-{pk}", "")[:10] for pk in ids}
    done, refused = services.activities_decide(
        activities=chosen,
        by=request.user,
        decision=form.cleaned_data["decision"],
        comment=form.cleaned_data["comment"],
        quality=quality,
    )
    if done:
        if form.cleaned_data["decision"] == "verify":
            text = ngettext("%(n)s kegiatan diterima.", "%(n)s kegiatan diterima.", done)
        else:
            text = ngettext("%(n)s kegiatan dikembalikan.", "%(n)s kegiatan dikembalikan.", done)
        messages.success(request, text % {"n": done})
    for text in refused[:5]:
        messages.error(request, text)
    return redirect(
        request.POST.get("next") if request.POST.get("next", "").startswith("/kegiatan/") else "activities:inbox"
    )


# ------------------------------------------------------------------------------------- feedback
@login_required
def skp_progress(request, skp_pk: int):
    """Progress against target and the feedback thread of each RHK, for the employee and the
    supervisors who can see the SKP."""
    from kinerja.skp import access as skp_access

    skp = skp_access.get_skp_for(request.user, skp_pk)
    if request.method == "POST":
        access.require_commenter(
            request.user,
            employee_id=skp.employee_id,
            supervisor_id=skp.employee.supervisor_id,
            verifier_id=skp.evaluator_id,
        )
        rhk = skp.rhks.filter(pk=request.POST.get("rhk") or 0).first()
        form = CommentForm(request.POST)
        if rhk is None:
            raise Http404
        if form.is_valid():
            try:
                services.comment_add(author=request.user, text=form.cleaned_data["text"], rhk=rhk)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Komentar terkirim."))
        return redirect("activities:skp_progress", skp_pk)
    rows = selectors.progress(skp.employee, skp.period) if skp.status == "approved" else []
    rhks = skp.rhks.prefetch_related("comments__author").order_by("order", "pk")
    context = {"skp": skp, "progress": rows, "rhks": rhks, "comment_form": CommentForm()}
    return render(request, "activities/skp_progress.html", context)


@login_required
def dialogues(request):
    me = _me(request)
    subordinates = Employee.objects.filter(instansi_id=me.instansi_id, supervisor=me, is_active=True).order_by("name")
    form = DialogueForm(request.POST or None, employees=subordinates) if subordinates.exists() else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.dialogue_save(
                    employee=data["employee"],
                    by=request.user,
                    day=data["date"],
                    topics=data["topics"],
                    agreements=data["agreements"],
                    follow_up=data["follow_up"],
                )
            except ValidationError as error:
                add_validation_error(form, error)
            else:
                messages.success(request, _("Dialog kinerja dicatat."))
                return redirect("activities:dialogues")
    rows = (
        Dialogue.objects.filter(Q(employee=me) | Q(supervisor=me), instansi_id=me.instansi_id)
        .select_related("employee", "supervisor")
        .order_by("-date", "-pk")[:100]
    )
    return render(request, "activities/dialogues.html", {"form": form, "dialogues": rows})


@login_required
def reflections(request):
    if request.method == "POST":
        require_writer(request.user)
    me = _me(request)
    today = services.today_for(me)
    period = services.period_for(me.instansi, today)
    current_key = rules.period_key(today, period.cut if period else "monthly")
    form = ReflectionForm(request.POST or None, initial={"period_key": current_key})
    if request.method == "POST" and form.is_valid():
        try:
            services.reflection_save(
                employee=me, period_key=form.cleaned_data["period_key"], text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Refleksi disimpan."))
            return redirect("activities:reflections")
    records = Reflection.objects.filter(employee=me)
    return render(request, "activities/reflections.html", {"form": form, "reflections": records})


@login_required
def report(request):
    """Periodic realization where the output is not countable from activities (with evidence)."""
    if request.method == "POST":
        require_writer(request.user)
    me = _me(request)
    today = services.today_for(me)
    period = services.period_for(me.instansi, today)
    indicators = services.indicators_for(me, period)
    keys = (
        sorted({rules.period_key(today.replace(month=m, day=1), period.cut) for m in range(1, today.month + 1)})
        if period
        else []
    )
    form = ReportForm(request.POST or None, request.FILES or None, indicators=indicators, period_keys=keys)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.periodic_report_save(
                indicator=data["indicator"],
                period_key=data["period_key"],
                quantity=str(data["quantity"]),
                note=data["note"],
                by=request.user,
                upload=data["evidence"],
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Laporan realisasi periodik disimpan."))
            return redirect("activities:home")
    overview = selectors.report_overview(indicators, keys, period.cut) if period else []
    return render(request, "activities/report.html", {"form": form, "overview": overview})


@login_required
def work_settings(request):
    """The admin (BKPSDM) decides whether verified entries without evidence count."""
    instansi = org_access.instansi_for_request(request)
    if not org_access.can_manage(request.user, instansi.pk):
        raise PermissionDenied
    current = services.requires_evidence_by_default(instansi.pk)
    form = WorkSettingsForm(request.POST or None, initial={"evidence_required": current})
    if request.method == "POST" and form.is_valid():
        services.work_settings_save(instansi=instansi, evidence_required=form.cleaned_data["evidence_required"])
        messages.success(request, _("Pengaturan bukti dukung disimpan; realisasi dihitung ulang."))
        return redirect("activities:work_settings")
    return render(request, "activities/work_settings.html", {"form": form, "instansi": instansi})


@login_required
@require_safe
def notifications(request):
    """Round one's address of the notification list, kept for old links and bookmarks."""
    return redirect("notifications:list", permanent=True)
