"""Fairness of raters: the stored review per rater and cut, its flags with their reasons in
numbers, and the cases behind them. Computing is the BKPSDM's (admin) button or the command."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from kinerja.appraisal.models import Evaluation
from kinerja.org import access as org_access

from . import access, fairness, rules, selectors
from .models import RaterReview
from .views import _level


def flag_text(flag: dict) -> str:
    return _(flag["message"]) % flag["params"]


def flag_label(flag: dict) -> str:
    return _(rules.FLAG_LABELS.get(rules.FlagCode(flag["code"]), flag["code"]))


def flag_pairs(flags: list[dict]) -> list[tuple[str, str]]:
    """(label, explanation) of each stored flag, in the reader's language."""
    return [(flag_label(f), flag_text(f)) for f in flags]


def _reviews_visible(user, level):
    reviews = RaterReview.objects.filter(instansi=level.instansi, period=level.period, cut_key=level.cut_key)
    if org_access.sees_whole_instansi(user):
        return reviews
    return reviews.filter(org_access.headed_subtree(user))


@login_required
@require_safe
def fairness_list(request):
    instansi = org_access.instansi_for_request(request)
    if not (org_access.sees_whole_instansi(request.user) or org_access.headed_units(request.user).exists()):
        raise PermissionDenied
    level = _level(request, instansi)
    reviews = []
    if level is not None:
        reviews = list(
            _reviews_visible(request.user, level).select_related("rater", "unit").order_by("-flag_count", "rater__name")
        )
        for review in reviews:
            review.flag_texts = flag_pairs(review.flags)
    keys = selectors.appraisal_rules.cut_keys(level.period.year, level.period.cut) if level else []
    context = {
        "level": level,
        "cuts": [(k, selectors.cut_label(k)) for k in keys],
        "reviews": reviews,
        "can_compute": org_access.can_manage(request.user, instansi.pk),
        "flagged": sum(1 for r in reviews if r.flag_count),
    }
    return render(request, "insight/fairness.html", context)


@login_required
@require_POST
def fairness_run(request):
    instansi = org_access.instansi_for_request(request)
    access.require_bkpsdm(request.user, instansi)
    level = _level(request, instansi)
    if level is None:
        raise Http404
    reviews = fairness.fairness_compute(instansi=instansi, period=level.period, cut_key=level.cut_key)
    flagged = sum(1 for r in reviews if r.flag_count)
    messages.success(
        request,
        _("Keadilan penilai dihitung: %(n)s penilai, %(flagged)s dengan catatan.")
        % {"n": len(reviews), "flagged": flagged},
    )
    return redirect(f"{reverse('insight:fairness')}?periode={level.period.pk}&cut={level.cut_key}")


@login_required
def fairness_detail(request, pk: int):
    review = access.get_review_for(request.user, pk)
    evaluations = (
        Evaluation.objects.filter(period=review.period, cut_key=review.cut_key, evaluator_id=review.rater_id)
        .select_related("employee")
        .order_by("employee__name")
    )
    favoured = {pk for f in review.flags for pk in f["employee_ids"]}
    context = {
        "review": review,
        "flag_texts": flag_pairs(review.flags),
        "evaluations": evaluations,
        "favoured": favoured,
        "figures": review.figures,
    }
    return render(request, "insight/fairness_detail.html", context)
