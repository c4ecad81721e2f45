"""Every date a tenant's record carries is the tenant's local date, whichever path wrote it.

2026-12-31 16:30 UTC is already 2027-01-01 01:30 in Sorong (WIT, UTC+9) but still 23:30 on
31 December in Tebo (WIB, UTC+7, also the server's zone): public pages, token-authenticated API
calls and the reminder command must each file the Sorong record under 2027."""

import datetime as dt
import uuid

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from conftest import approved_skp, make_cast
from kinerja.accounts.models import ApiToken
from kinerja.activities.models import Activity
from kinerja.activities.reminders import send_reminders
from kinerja.api.auth import TokenAuth
from kinerja.citizen import metrics, rules, services
from kinerja.citizen.models import Complaint, SurveyResponse
from kinerja.notifications.models import Kind, Notification
from kinerja.skp import selectors as skp_selectors
from kinerja.skp import services as skp_services

pytestmark = pytest.mark.django_db
NEW_YEAR_IN_SORONG = dt.datetime(2026, 12, 31, 16, 30, tzinfo=dt.UTC)  # 01:30 WIT, 23:30 WIB
GOOD = {code: "3" for code in rules.ELEMENT_CODES}


@pytest.fixture
def sorong(db):
    return make_cast("sorong", "Asia/Jayapura")


def survey_post(client, point):
    page = client.get(reverse("citizen:survey", args=[point.token])).content.decode()
    token = page.split('name="token" value="')[1].split('"')[0]
    return client.post(reverse("citizen:survey", args=[point.token]), {**GOOD, "token": token})


def test_a_public_survey_answer_counts_in_the_tenants_new_year_and_quarter(client, sorong):
    point = services.point_create(unit=sorong.bidang, counter="Loket 1")
    with time_machine.travel(NEW_YEAR_IN_SORONG, tick=False):
        assert survey_post(client, point).status_code == 200
    answer = SurveyResponse.objects.get()
    assert answer.submitted_on == dt.date(2027, 1, 1)
    assert metrics.ikm_by_unit([sorong.bidang.pk], *rules.cut_range("2027-Q1"))[sorong.bidang.pk].respondents == 1
    assert sorong.bidang.pk not in metrics.ikm_by_unit([sorong.bidang.pk], *rules.cut_range("2026-Q4"))


def test_the_survey_service_dates_from_the_instansi_whatever_zone_is_active(sorong):
    point = services.point_create(unit=sorong.bidang, counter="Loket 1")
    with time_machine.travel(NEW_YEAR_IN_SORONG, tick=False), timezone.override("Asia/Jakarta"):
        answer = services.survey_submit(point=point, answers=GOOD, token=services.visit_token(point), device="d")
    assert answer.submitted_on == dt.date(2027, 1, 1)


def test_a_tebo_answer_at_the_same_instant_is_still_new_years_eve(client, cast):
    point = services.point_create(unit=cast.bidang, counter="Loket 1")
    with time_machine.travel(NEW_YEAR_IN_SORONG, tick=False):
        assert survey_post(client, point).status_code == 200
    assert SurveyResponse.objects.get().submitted_on == dt.date(2026, 12, 31)


def test_the_survey_api_dates_the_answer_in_the_tenants_zone(client, sorong):
    point = services.point_create(unit=sorong.bidang, counter="Loket 1")
    with time_machine.travel(NEW_YEAR_IN_SORONG, tick=False):
        response = client.post(
            f"/api/v1/surveys/{point.token}/responses",
            {"answers": {code: 3 for code in rules.ELEMENT_CODES}, "token": services.visit_token(point)},
            content_type="application/json",
        )
    assert response.status_code == 201, response.content
    assert SurveyResponse.objects.get().submitted_on == dt.date(2027, 1, 1)


def test_a_public_complaint_is_received_on_the_tenants_date_and_shown_in_its_zone(client, sorong):
    services.point_create(unit=sorong.bidang, counter="Loket 1")
    with time_machine.travel(NEW_YEAR_IN_SORONG, tick=False):
        response = client.post(
            reverse("citizen:complaint_new", args=[sorong.instansi.code]),
            {
                "unit": sorong.bidang.pk,
                "category": services.categories_for(sorong.instansi).first().pk,
                "subject": "Antrean",
                "description": "Antrean KTP terlalu lama sekali.",
            },
        )
        assert response.status_code == 302
        page = client.get(response.url).content.decode()
    complaint = Complaint.objects.get()
    assert timezone.localdate(complaint.created_at, timezone=sorong.instansi.tzinfo) == dt.date(2027, 1, 1)
    assert "1 Jan 2027 01:30" in page and "31 Des 2026" not in page
    # The service target runs from the moment received, in hours, whatever the zone.
    assert complaint.created_at + dt.timedelta(hours=complaint.response_hours) == NEW_YEAR_IN_SORONG + dt.timedelta(
        hours=complaint.response_hours
    )
    assert timezone.get_current_timezone_name() == "Asia/Jakarta"  # nothing leaks past the request


def test_the_token_activates_the_owners_zone_for_the_request_only(client, sorong, rf):
    key = ApiToken.issue(sorong.pegawai)[1]
    request = rf.get("/api/v1/me")
    assert TokenAuth().authenticate(request, key) == sorong.pegawai
    assert timezone.get_current_timezone_name() == "Asia/Jayapura"
    timezone.deactivate()
    assert client.get("/api/v1/notifications", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    assert timezone.get_current_timezone_name() == "Asia/Jakarta"


def test_an_api_activity_on_the_tenants_new_years_day_is_not_in_the_future(client, sorong):
    with time_machine.travel(NEW_YEAR_IN_SORONG, tick=False):
        period = skp_services.period_create(
            instansi=sorong.instansi,
            year=2027,
            cut="quarterly",
            planning_deadline=dt.date(2027, 1, 31),
            closes_on=dt.date(2027, 12, 31),
        )
        indicator = approved_skp(sorong.employee, period, sorong.pegawai, sorong.atasan).rhks.get().indicators.get()
        payload = {
            "date": "2027-01-01",
            "description": "Piket malam tahun baru",
            "start_time": "00:30",
            "end_time": "01:15",
            "indicator_id": indicator.pk,
            "quantity": "1",
            "client_token": str(uuid.uuid4()),
        }
        auth = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(sorong.pegawai)[1]}"}
        response = client.post("/api/v1/activities", payload, content_type="application/json", **auth)
        assert response.status_code == 201, response.content
        tomorrow = {**payload, "date": "2027-01-02", "client_token": str(uuid.uuid4())}
        assert client.post("/api/v1/activities", tomorrow, content_type="application/json", **auth).status_code == 422
    assert Activity.objects.get().date == dt.date(2027, 1, 1)


def _deadline_period(instansi, deadline):
    return skp_services.period_create(
        instansi=instansi,
        year=deadline.year,
        cut="quarterly",
        planning_deadline=deadline,
        closes_on=dt.date(2027, 12, 31),
    )


def test_send_reminders_counts_the_deadline_in_each_tenants_today(cast, sorong, settings):
    settings.REMINDER_DEADLINE_DAYS = 3
    _deadline_period(cast.instansi, dt.date(2026, 12, 31))
    _deadline_period(sorong.instansi, dt.date(2026, 12, 31))
    with time_machine.travel(NEW_YEAR_IN_SORONG, tick=False):
        call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    deadline = Notification.objects.filter(kind=Kind.REMINDER_DEADLINE)
    assert deadline.filter(instansi=cast.instansi).exists()  # Tebo: the deadline is today
    assert not deadline.filter(instansi=sorong.instansi).exists()  # Sorong: it was yesterday


def test_a_reminder_is_sent_once_per_local_day_of_the_tenant(cast, sorong):
    _deadline_period(cast.instansi, dt.date(2027, 1, 2))
    _deadline_period(sorong.instansi, dt.date(2027, 1, 2))
    for moment in (NEW_YEAR_IN_SORONG - dt.timedelta(hours=2, minutes=30), NEW_YEAR_IN_SORONG):
        with time_machine.travel(moment, tick=False):
            send_reminders(pending_days=3, deadline_days=3)
    per_user = Notification.objects.filter(kind=Kind.REMINDER_DEADLINE, user=cast.pegawai).count()
    assert per_user == 1  # 21:00 and 23:30 WIB: one day in Tebo
    assert Notification.objects.filter(kind=Kind.REMINDER_DEADLINE, user=sorong.pegawai).count() == 2  # 23:00, 01:30


def test_an_open_period_closes_at_the_end_of_the_tenants_last_day(cast, sorong):
    for people in (cast, sorong):
        skp_services.period_create(
            instansi=people.instansi,
            year=2026,
            cut="quarterly",
            planning_deadline=dt.date(2026, 1, 31),
            closes_on=dt.date(2026, 12, 31),
        )
    with time_machine.travel(NEW_YEAR_IN_SORONG, tick=False), timezone.override("Asia/Jakarta"):
        assert skp_selectors.next_steps(cast.employee).open_period is not None
        assert skp_selectors.next_steps(sorong.employee).open_period is None
