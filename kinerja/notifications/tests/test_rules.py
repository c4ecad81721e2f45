import datetime as dt
import zoneinfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.notifications import rules

KINDS = st.sampled_from(["skp_submitted", "comment", "reminder_pending", "sla_due", "tpp"])
JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
JAYAPURA = zoneinfo.ZoneInfo("Asia/Jayapura")


def test_without_a_choice_both_channels_are_used():
    assert rules.channels("skp_approved", preference=None, has_email=True) == rules.Channels(True, True)


def test_no_address_means_no_email_whatever_was_chosen():
    assert rules.channels("skp_approved", preference=(False, True), has_email=False) == rules.Channels(False, False)


def test_the_users_choice_wins():
    assert rules.channels("comment", preference=(True, False), has_email=True) == rules.Channels(True, False)


@given(KINDS, st.none() | st.tuples(st.booleans(), st.booleans()), st.booleans())
def test_email_only_with_an_address_and_never_against_the_choice(kind, preference, has_email):
    chosen = rules.channels(kind, preference=preference, has_email=has_email)
    if not has_email:
        assert not chosen.email
    if preference is not None:
        assert chosen.in_app == preference[0]
        assert chosen.email <= preference[1]


def test_the_day_is_the_tenants_day():
    late_evening_utc = dt.datetime(2026, 11, 30, 16, 30, tzinfo=dt.UTC)  # 23:30 WIB, 01:30 WIT
    assert rules.local_day(late_evening_utc, JAKARTA) == dt.date(2026, 11, 30)
    assert rules.local_day(late_evening_utc, JAYAPURA) == dt.date(2026, 12, 1)


def test_a_naive_moment_is_refused():
    with pytest.raises(ValueError):
        rules.local_day(dt.datetime(2026, 1, 1), JAKARTA)


@given(st.datetimes(timezones=st.just(dt.UTC)))
def test_wit_is_never_a_day_behind_wib(moment):
    east, west = rules.local_day(moment, JAYAPURA), rules.local_day(moment, JAKARTA)
    assert 0 <= (east - west).days <= 1
