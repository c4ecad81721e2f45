"""History from earlier systems: validated like every import, idempotent, and its ratings feed
the fairness review like Kinerja's own."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja.activities.models import Activity
from kinerja.appraisal.models import Evaluation
from kinerja.insight import rules

pytestmark = pytest.mark.django_db


def _lines(cast, n=3):
    rows = [
        {
            "type": "activity",
            "id": f"old-{i}",
            "nip": cast.employee.nip,
            "date": "2025-03-0" + str(i + 1),
            "minutes": 90,
            "description": "Pelayanan",
            "quantity": 2,
            "submitted_at": f"2025-03-0{i + 1}T15:00:00+07:00",
            "decision": "verified",
            "decided_at": f"2025-03-0{i + 1}T16:00:00+07:00",
            "verifier_nip": cast.supervisor.nip,
        }
        for i in range(n)
    ]
    rows.append(
        {
            "type": "evaluation",
            "nip": cast.employee.nip,
            "cut": "2025",
            "evaluator_nip": cast.supervisor.nip,
            "suggested": "sesuai",
            "results": "di_atas",
            "behaviour": "di_atas",
            "predikat": "sangat_baik",
            "achievement_pct": 96.5,
            "rated_at": "2025-12-20T10:00:00+07:00",
        }
    )
    return rows


def _file(tmp_path, rows, name="history.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return str(path)


def _run(path, *extra):
    out = io.StringIO()
    call_command("import_history", path, "--instansi", "tebo", *extra, stdout=out)
    return out.getvalue()


def test_a_dry_run_writes_nothing_then_the_import_is_idempotent(cast, tmp_path):
    path = _file(tmp_path, _lines(cast))
    assert "tidak ada yang disimpan" in _run(path, "--dry-run")
    assert not Activity.objects.exists()
    assert "3 kegiatan, 1 evaluasi baru, 1 periode baru" in _run(path)
    entry = Activity.objects.order_by("date").first()
    assert entry.status == "verified" and entry.verifier == cast.supervisor and entry.period.year == 2025
    assert entry.decided_at.isoformat() == "2025-03-01T09:00:00+00:00" and entry.period.is_closed
    evaluation = Evaluation.objects.get()
    assert (
        evaluation.predikat == "sangat_baik"
        and evaluation.status == "acknowledged"
        and evaluation.skp.status == "approved"
    )
    assert "0 kegiatan, 0 evaluasi baru, 0 periode baru" in _run(path)
    assert Activity.objects.count() == 3 and Evaluation.objects.count() == 1


def test_bad_lines_are_listed_and_nothing_is_stored(cast, other, tmp_path):
    rows = _lines(cast)
    rows[0]["decided_at"] = "2025-03-01T14:00:00+07:00"  # before its submission
    rows[1]["nip"] = other.employee.nip  # another tenant's employee
    rows[-1]["predikat"] = "baik"  # not what the matrix gives
    rows.append("{not json")
    with pytest.raises(CommandError, match="4 baris bermasalah"):
        _run(_file(tmp_path, rows))
    assert not Activity.objects.exists() and not Evaluation.objects.exists()


def test_imported_history_feeds_the_fairness_review(cast, tmp_path, settings):
    from kinerja.insight.fairness import fairness_compute
    from kinerja.skp.models import Period

    rows = [{**_lines(cast)[-1], "cut": f"2025-Q{q}", "nip": cast.employee.nip, "rated_at": None} for q in range(1, 5)]
    _run(_file(tmp_path, rows))
    settings.INSIGHT_FAIRNESS = {"min_rated": 1, "leniency_gap": 1, "leniency_share": 0.5}
    period = Period.objects.get(year=2025)
    (review,) = fairness_compute(instansi=cast.instansi, period=period, cut_key="2025-Q4")
    assert review.rater_id == cast.supervisor.pk and [f["code"] for f in review.flags] == ["lenient"]


@settings(deadline=None)  # timing on a shared machine is not what this property is about
@given(st.dictionaries(st.sampled_from(["type", "id", "nip", "date", "minutes", "decision", "cut"]), st.text()))
def test_any_line_is_either_clean_or_explained(data):
    record, problems = rules.parse_history_line(data)
    assert (record is None) == bool(problems)
