import io

import pytest
from django.core.management import CommandError, call_command

from kinerja.accounts.models import User
from kinerja.org import rules
from kinerja.org.models import Employee, Instansi
from kinerja.skp.models import Rhk, Skp

pytestmark = pytest.mark.django_db


def test_generate_scale_makes_exactly_n_valid_employees_with_plans():
    call_command("generate_scale", employees=300, seed=7)
    instansi = Instansi.objects.get(code="skala")
    employees = Employee.objects.filter(instansi=instansi)
    assert employees.count() == 300
    for nip in employees.values_list("nip", flat=True):
        rules.parse_nip(nip)
    assert employees.filter(supervisor__isnull=True).count() == 1  # only the Sekda
    assert Skp.objects.filter(instansi=instansi, status="approved").count() == 300
    # every indicator has its twelve monthly targets, adding up to the year's
    from django.db.models import Count, Sum

    from kinerja.skp.models import Indicator

    sums = Indicator.objects.filter(instansi=instansi).annotate(
        n=Count("periodic_targets"), total=Sum("periodic_targets__target")
    )
    assert all(i.n == 12 and i.total == i.target for i in sums)
    # every non-top RHK Utama intervenes the supervisor's RHK
    assert (
        not Rhk.objects.filter(instansi=instansi, order=1, parent__isnull=True, goal__isnull=True)
        .exclude(skp__employee__supervisor__isnull=True)
        .exists()
    )


def test_generate_scale_is_deterministic_and_refuses_to_overwrite():
    call_command("generate_scale", employees=50, seed=3)
    first = list(Employee.objects.order_by("nip").values_list("nip", "name"))
    with pytest.raises(CommandError):
        call_command("generate_scale", employees=50, seed=3)
    call_command("generate_scale", employees=50, seed=3, replace=True)
    assert list(Employee.objects.order_by("nip").values_list("nip", "name")) == first


def test_seed_demo_is_idempotent():
    call_command("seed_demo", employees=40, stdout=io.StringIO())
    counts = (Instansi.objects.count(), Employee.objects.count(), User.objects.count(), Skp.objects.count())
    call_command("seed_demo", employees=40, stdout=io.StringIO())
    assert (Instansi.objects.count(), Employee.objects.count(), User.objects.count(), Skp.objects.count()) == counts
    assert Instansi.objects.get(code="sorong").timezone == "Asia/Jayapura"
    assert User.objects.filter(role="admin").count() == 5 and User.objects.filter(role="pimpinan").count() == 5


def test_generate_scale_days_adds_4_to_6_logs_a_day_and_matching_realizations():
    from django.db.models import Sum

    from kinerja.activities.models import Activity, Realization

    call_command("generate_scale", employees=60, seed=5, days=8)
    activities = Activity.objects.filter(instansi__code="skala")
    assert 60 * 8 * 4 <= activities.count() <= 60 * 8 * 6
    verified = activities.filter(status="verified", indicator__isnull=False).aggregate(q=Sum("quantity"))["q"]
    assert verified > 0
    assert Realization.objects.aggregate(q=Sum("quantity"))["q"] == verified
    call_command("generate_scale", employees=60, seed=5, replace=True)  # and it can be replaced
    assert not Activity.objects.exists()


def test_demo_tells_one_story_in_the_current_year():
    import io

    from kinerja.activities.models import Activity
    from kinerja.appraisal.models import Evaluation
    from kinerja.citizen.models import Complaint, SurveyResponse
    from kinerja.demo.seeders import SEEDERS
    from kinerja.org import demo

    assert SEEDERS[0] == "kinerja.skp.demo"
    call_command("seed_demo", only="sorong", stdout=io.StringIO())
    instansi = Instansi.objects.get(code="sorong")
    story = demo.story(instansi)
    # a real chain of supervision
    assert story.pegawai.supervisor == story.atasan
    assert story.atasan.supervisor == story.kabid and story.kabid.supervisor == story.kadis
    assert story.kadis.supervisor == story.sekda and story.sekda.user.role == "pimpinan"
    assert story.admin.role == "admin"
    # every state a newcomer should meet, in the current year of the tenant
    from django.utils import timezone

    year = timezone.localdate(timezone=instansi.tzinfo).year
    assert set(Skp.objects.filter(instansi=instansi, period__year=year).values_list("status", flat=True)) == {
        "draft",
        "submitted",
        "returned",
        "approved",
        "superseded",
    }
    mine = Activity.objects.filter(employee=story.pegawai)
    assert {"verified", "submitted", "returned"} <= set(mine.values_list("status", flat=True))
    assert Activity.objects.filter(verifier=story.atasan, status="submitted").exists()
    assert Skp.objects.filter(evaluator=story.atasan, status="submitted").exists()
    evaluations = Evaluation.objects.filter(instansi=instansi)
    assert evaluations.filter(employee=story.pegawai, status="final").exists()  # to acknowledge
    assert evaluations.filter(evaluator=story.atasan, status="draft").exists()  # to rate
    assert evaluations.filter(evaluator_supervisor=story.kabid, status="objected").exists()  # to decide
    assert SurveyResponse.objects.filter(instansi=instansi).count() >= 20
    assert Complaint.objects.filter(instansi=instansi, assigned_to=story.pegawai, status="assigned").exists()
    # kenaikan pangkat: the two years before Kinerja came from the earlier system
    from kinerja.development.selectors import eligibility

    rows = eligibility(instansi, timezone.localdate(timezone=instansi.tzinfo))
    assert any(row.result.eligible for row in rows) and any(not row.result.eligible for row in rows)
    assert Evaluation.objects.filter(instansi=instansi, cut_key=str(year - 1), status="acknowledged").exists()
    # issue #16: every complaint has a category; one carries a photo, several are rated, one names the pegawai
    complaints = Complaint.objects.filter(instansi=instansi)
    assert not complaints.filter(category__isnull=True).exists()
    assert complaints.exclude(attachment="").filter(attachment_type="image/jpeg").exists()
    assert complaints.filter(assigned_to=story.pegawai, rating__isnull=False).count() >= 4
    assert complaints.filter(rating__lt=3).exists() and complaints.filter(rating__gte=3).exists()
    assert complaints.filter(officer=story.pegawai).exists()
    out = io.StringIO()
    call_command("print_demo_logins", stdout=out)
    text = out.getvalue()
    for person in story.chain:
        assert person.user.username in text
    assert "/layanan/sorong/" in text
