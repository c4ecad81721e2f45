"""Failed-login limits: per NIP from one address, per address across NIPs (password spraying),
per NIP across addresses; the login page and the API token endpoint share them."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from kinerja.accounts import rules
from kinerja.org.tests.factories import EmployeeFactory, UserFactory

PASSWORD = "rahasia-123"
T0 = dt.datetime(2026, 12, 1, 2, 0, tzinfo=dt.UTC)
COOLOFF = dt.timedelta(minutes=30)


# ----------------------------------------------------------------------------------- rules
def test_unlock_at_drops_records_oldest_first():
    records = [(T0, 3), (T0 + dt.timedelta(minutes=10), 2)]
    assert rules.unlock_at(records, limit=5, cooloff=COOLOFF) == T0 + COOLOFF
    assert rules.unlock_at(records, limit=2, cooloff=COOLOFF) == T0 + dt.timedelta(minutes=40)
    assert rules.unlock_at(records, limit=6, cooloff=COOLOFF) is None


@given(
    st.lists(st.tuples(st.integers(0, 10_000), st.integers(1, 20)), max_size=12),
    st.integers(1, 40),
)
def test_unlock_at_is_the_first_moment_the_count_falls_below_the_limit(raw, limit):
    records = [(T0 + dt.timedelta(seconds=s), n) for s, n in raw]
    until = rules.unlock_at(records, limit=limit, cooloff=COOLOFF)

    def counted(at):  # what axes counts at a moment: records whose latest failure is within the cool-off
        return sum(n for when, n in records if when > at - COOLOFF)

    if sum(n for _w, n in records) < limit:
        assert until is None
    else:
        assert counted(until) < limit
        assert counted(until - dt.timedelta(seconds=1)) >= limit


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(1, 50)), min_size=1))
def test_tries_left_is_the_tightest_limit(pairs):
    left = rules.tries_left(pairs)
    assert left >= 0 and all(count + left <= limit or left == 0 for count, limit in pairs)


def test_minutes_are_rounded_up_and_at_least_one():
    assert rules.minutes_until(T0, T0 + dt.timedelta(minutes=29, seconds=1)) == 30
    assert rules.minutes_until(T0, T0) == 1


# ------------------------------------------------------------------------------ the login page
def login(client, nip, password="salah", ip="10.0.0.1"):
    return client.post(reverse("accounts:login"), {"username": nip, "password": password}, REMOTE_ADDR=ip)


def token(client, nip, password="salah", ip="10.0.0.1"):
    return client.post(
        "/api/v1/auth/token", {"nip": nip, "password": password}, content_type="application/json", REMOTE_ADDR=ip
    )


@pytest.mark.django_db
def test_the_form_says_how_many_tries_are_left(client, cast):
    page = login(client, cast.employee.nip).content.decode()
    assert f"Sisa {settings.AXES_FAILURE_LIMIT - 1} kali percobaan" in page
    api = token(client, cast.employee.nip).json()["detail"]
    assert f"Sisa {settings.AXES_FAILURE_LIMIT - 2} kali percobaan" in api  # one count for page and API


@pytest.mark.django_db
def test_the_lockout_page_says_how_many_minutes_remain(client, cast):
    with time_machine.travel(T0, tick=False):
        for _i in range(settings.AXES_FAILURE_LIMIT):
            login(client, cast.employee.nip)
        locked = login(client, cast.employee.nip, PASSWORD)
    assert locked.status_code == 429 and locked["Retry-After"] == "1800"
    page = locked.content.decode()
    assert "untuk NIP ini" in page and "coba lagi dalam 30 menit" in page and "PT30M" not in page
    with time_machine.travel(T0 + dt.timedelta(minutes=20, seconds=30), tick=False):
        assert "coba lagi dalam 10 menit" in login(client, cast.employee.nip, PASSWORD).content.decode()
    with time_machine.travel(T0 + dt.timedelta(minutes=31), tick=False):
        assert login(client, cast.employee.nip, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_one_address_spraying_many_nips_is_locked_out(client, cast, settings):
    settings.LOGIN_IP_FAILURE_LIMIT = 6
    victims = [EmployeeFactory(unit=cast.bidang) for _i in range(6)]
    for victim in victims:  # one try each: never near the per-NIP limit
        UserFactory(employee=victim)
    assert [login(client, v.nip, ip="203.0.113.9").status_code for v in victims] == [200] * 5 + [429]
    # The attacker's address is locked even for a NIP and password that are right...
    locked = login(client, cast.employee.nip, PASSWORD, ip="203.0.113.9")
    assert locked.status_code == 429 and "dari jaringan ini" in locked.content.decode()
    api = token(client, cast.employee.nip, PASSWORD, ip="203.0.113.9")
    assert api.status_code == 429 and "dari jaringan ini" in api.json()["detail"]
    # ...while everybody else logs in as usual.
    assert login(client, cast.employee.nip, PASSWORD, ip="10.0.0.7").status_code == 302


@pytest.mark.django_db
def test_a_success_does_not_wipe_the_spraying_count(client, cast, settings):
    settings.LOGIN_IP_FAILURE_LIMIT = 4
    for victim in [EmployeeFactory(unit=cast.bidang) for _i in range(3)]:
        login(client, victim.nip, ip="203.0.113.9")
    assert login(client, cast.employee.nip, PASSWORD, ip="203.0.113.9").status_code == 302  # the attacker's own
    client.logout()
    login(client, EmployeeFactory(unit=cast.bidang).nip, ip="203.0.113.9")
    assert login(client, cast.supervisor.nip, PASSWORD, ip="203.0.113.9").status_code == 429


@pytest.mark.django_db
def test_many_addresses_on_one_nip_lock_that_nip(client, cast, settings):
    settings.LOGIN_NIP_FAILURE_LIMIT = 6
    for i in range(6):  # two tries from each of three addresses: never near the per-address limit
        login(client, cast.employee.nip, ip=f"198.51.100.{i // 2}")
    assert login(client, cast.employee.nip, PASSWORD, ip="10.9.9.9").status_code == 429
    assert login(client, cast.supervisor.nip, PASSWORD, ip="198.51.100.1").status_code == 302


# ---------------------------------------------------------------------------------- the API
@pytest.mark.django_db
def test_the_api_shares_the_limits_and_answers_json(client, cast):
    for _i in range(settings.AXES_FAILURE_LIMIT - 2):
        login(client, cast.employee.nip)
    last = token(client, cast.employee.nip)  # the last try, through the API
    assert last.status_code == 401 and "Sisa 1 kali" in last.json()["detail"]
    assert token(client, cast.employee.nip).status_code == 429  # the failure that reaches the limit
    locked = token(client, cast.employee.nip, PASSWORD)
    assert locked.status_code == 429 and locked["Content-Type"] == "application/json"
    body = locked.json()
    assert body["retry_after_minutes"] == 30 and "coba lagi dalam 30 menit" in body["detail"]
    assert int(locked["Retry-After"]) == 1800
    assert login(client, cast.employee.nip, PASSWORD).status_code == 429
