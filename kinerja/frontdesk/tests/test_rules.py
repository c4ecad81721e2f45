"""Queue rules without a database: ordering with priority, the anti-starvation streak,
the calling state machine, transfers, the daily reset in the instansi's zone, hours, the queue
length over a day and document turnaround."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.frontdesk import rules
from kinerja.frontdesk.rules import Waiting

T0 = dt.datetime(2026, 12, 1, 1, 0, tzinfo=dt.UTC)
JAKARTA, JAYAPURA = ZoneInfo("Asia/Jakarta"), ZoneInfo("Asia/Jayapura")


def w(pk: int, minute: int, priority: bool = False) -> Waiting:
    return Waiting(pk, priority, T0 + dt.timedelta(minutes=minute))


def test_the_oldest_regular_ticket_is_called_first_without_priority():
    assert rules.next_ticket([w(2, 5), w(1, 1), w(3, 9)]).pk == 1


def test_a_priority_ticket_goes_before_older_regular_ones():
    assert rules.next_ticket([w(1, 0), w(2, 30, priority=True)]).pk == 2


def test_after_the_streak_of_priority_calls_the_oldest_regular_ticket_is_called():
    tickets = [w(1, 0), w(2, 30, priority=True)]
    assert rules.next_ticket(tickets, streak=rules.PRIORITY_STREAK).pk == 1
    assert rules.next_ticket([w(2, 30, priority=True)], streak=9).pk == 2  # nobody regular waits


def test_nothing_waiting_calls_nobody():
    assert rules.next_ticket([]) is None


def test_the_streak_counts_only_the_latest_priority_calls_in_a_row():
    assert rules.priority_streak([True, True, False, True]) == 2
    assert rules.priority_streak([False, True]) == 0
    assert rules.priority_streak([]) == 0


@pytest.mark.parametrize(
    ("action", "status", "allowed"),
    [
        ("serve", "called", True),
        ("serve", "served", False),
        ("serve", "waiting", False),
        ("recall", "called", True),
        ("skip", "skipped", False),
        ("transfer", "called", True),
        ("requeue", "skipped", True),
        ("requeue", "waiting", False),
    ],
)
def test_the_counter_actions_follow_the_ticket_state(action, status, allowed):
    assert (rules.action_problem(action, status) is None) is allowed


def test_serving_twice_says_it_is_done():
    assert "sudah selesai" in rules.action_problem("serve", "served")


def test_a_transfer_goes_to_another_open_service_of_the_same_unit():
    assert rules.transfer_problem(from_service=1, to_service=2, same_unit=True, to_open=True) is None
    assert rules.transfer_problem(from_service=1, to_service=1, same_unit=True, to_open=True)
    assert rules.transfer_problem(from_service=1, to_service=2, same_unit=False, to_open=True)
    assert rules.transfer_problem(from_service=1, to_service=2, same_unit=True, to_open=False)


def test_the_day_of_a_ticket_is_the_instansi_local_date():
    # 16:30 UTC on 1 December is already 2 December in Jayapura (UTC+9) but not in Jakarta (UTC+7).
    moment = dt.datetime(2026, 12, 1, 16, 30, tzinfo=dt.UTC)
    assert rules.service_day(moment, JAKARTA) == dt.date(2026, 12, 1)
    assert rules.service_day(moment, JAYAPURA) == dt.date(2026, 12, 2)


def test_numbers_restart_at_one_and_read_as_letter_and_three_digits():
    assert rules.next_number(None) == 1
    assert rules.next_number(41) == 42
    assert rules.ticket_label("A", 7) == "A-007"


@pytest.mark.parametrize(
    ("local", "switched_on", "closed"),
    [
        (dt.datetime(2026, 12, 1, 9, 0), True, False),  # a Tuesday morning
        (dt.datetime(2026, 12, 1, 7, 59), True, True),
        (dt.datetime(2026, 12, 1, 15, 0), True, True),
        (dt.datetime(2026, 12, 5, 9, 0), True, True),  # Saturday
        (dt.datetime(2026, 12, 1, 9, 0), False, True),
    ],
)
def test_a_service_takes_tickets_only_when_switched_on_and_within_its_hours(local, switched_on, closed):
    reason = rules.closed_reason(
        switched_on=switched_on, weekdays="01234", opens=dt.time(8), closes=dt.time(15), local=local
    )
    assert (reason is not None) is closed


def test_hours_must_close_after_they_open_on_some_day():
    assert rules.hours_problem(dt.time(8), dt.time(15), "01234") is None
    assert rules.hours_problem(dt.time(15), dt.time(8), "01234")[0] == "closes_at"
    assert rules.hours_problem(dt.time(8), dt.time(15), "")[0] == "weekdays"


def test_the_queue_length_counts_taken_and_not_yet_called():
    tickets = [(T0, T0 + dt.timedelta(minutes=20)), (T0 + dt.timedelta(minutes=5), None)]
    times = [T0 - dt.timedelta(minutes=1), T0 + dt.timedelta(minutes=10), T0 + dt.timedelta(minutes=30)]
    assert rules.queue_length(tickets, times) == [0, 2, 1]


def test_sample_times_run_from_opening_to_closing_in_the_local_zone():
    times = rules.sample_times(dt.date(2026, 12, 1), dt.time(8), dt.time(10), JAYAPURA, step=60)
    assert [t.hour for t in times] == [8, 9, 10] and times[0].tzinfo == JAYAPURA


def test_a_document_is_on_time_when_ready_by_its_due_date():
    day = dt.date(2026, 12, 1)
    assert rules.on_time(day, day + dt.timedelta(days=3), 3, day) is True
    assert rules.on_time(day, day + dt.timedelta(days=4), 3, day) is False
    assert rules.on_time(day, None, 3, day + dt.timedelta(days=2)) is None  # still in time
    assert rules.on_time(day, None, 3, day + dt.timedelta(days=4)) is False  # overdue
    assert rules.pct_on_time([True, False, None, True]) == Decimal("66.7")
    assert rules.pct_on_time([None]) is None


def test_minutes_from_average_seconds():
    assert str(rules.minutes(90)) == "1.5" and rules.minutes(None) is None


# ----------------------------------------------------------------------------- properties
tickets = st.lists(st.tuples(st.booleans(), st.integers(min_value=0, max_value=600)), min_size=1, max_size=40).map(
    lambda rows: [w(i + 1, minute, priority) for i, (priority, minute) in enumerate(rows)]
)


def drain(waiting: list[Waiting]) -> list[Waiting]:
    """Calls every ticket one after the other as a counter would, keeping the streak."""
    order, recent = [], []
    left = list(waiting)
    while left:
        chosen = rules.next_ticket(left, streak=rules.priority_streak(recent))
        order.append(chosen)
        recent.insert(0, chosen.priority)
        left.remove(chosen)
    return order


@given(tickets)
def test_every_ticket_is_called_exactly_once(waiting):
    assert sorted(t.pk for t in drain(waiting)) == sorted(t.pk for t in waiting)


@given(tickets)
def test_within_each_class_tickets_are_called_in_arrival_order(waiting):
    order = drain(waiting)
    for priority in (True, False):
        same = [t for t in order if t.priority is priority]
        assert same == sorted(same, key=rules.order_key)


@given(tickets)
def test_while_a_regular_ticket_waits_at_most_the_streak_of_priority_calls_happen_in_a_row(waiting):
    order = drain(waiting)
    last_regular = max((i for i, t in enumerate(order) if not t.priority), default=-1)
    run = 0
    for ticket in order[: last_regular + 1]:  # a regular ticket waits during all of these calls
        run = run + 1 if ticket.priority else 0
        assert run <= rules.PRIORITY_STREAK


@given(st.datetimes(timezones=st.just(dt.UTC)), st.sampled_from([JAKARTA, JAYAPURA, ZoneInfo("Asia/Makassar")]))
def test_the_ticket_day_changes_exactly_at_local_midnight(moment, zone):
    local = moment.astimezone(zone)
    day = rules.service_day(moment, zone)
    assert day == local.date()
    midnight = dt.datetime.combine(day, dt.time(0), tzinfo=zone)
    assert rules.service_day(midnight, zone) == day
    assert rules.service_day(midnight - dt.timedelta(microseconds=1), zone) == day - dt.timedelta(days=1)


@given(
    st.lists(st.tuples(st.integers(0, 500), st.one_of(st.none(), st.integers(0, 300))), max_size=50),
    st.integers(0, 900),
)
def test_the_queue_length_equals_a_plain_count(rows, at):
    tickets = [
        (T0 + dt.timedelta(minutes=taken), None if wait is None else T0 + dt.timedelta(minutes=taken + wait))
        for taken, wait in rows
    ]
    moment = T0 + dt.timedelta(minutes=at)
    expected = sum(1 for taken, called in tickets if taken <= moment and (called is None or called > moment))
    assert rules.queue_length(tickets, [moment]) == [expected]
