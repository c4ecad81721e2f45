"""Queue services: numbers per day in the instansi's zone, calling with priority, the counter
actions and what they refuse (and that a refusal changes nothing), transfers, the survey of a
visit, documents and the SKP metrics."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from kinerja.citizen import rules as citizen_rules
from kinerja.citizen.models import SurveyResponse
from kinerja.frontdesk import metrics, rules, selectors, services
from kinerja.frontdesk.models import Document, Ticket, TicketEvent, TicketSurvey
from kinerja.skp.models import Metric

from .conftest import NOW, TODAY

pytestmark = pytest.mark.django_db


def answers(score=4):
    return {code: score for code in citizen_rules.ELEMENT_CODES}


def snapshot():
    return (
        list(Ticket.objects.order_by("pk").values()),
        TicketEvent.objects.count(),
        TicketSurvey.objects.count(),
        SurveyResponse.objects.count(),
        Document.objects.count(),
    )


def test_numbers_count_up_per_service_and_day(desk):
    a1, a2 = services.ticket_take(service=desk.ktp), services.ticket_take(service=desk.ktp)
    b1 = services.ticket_take(service=desk.akta)
    assert (a1.label, a2.label, b1.label) == ("A-001", "A-002", "B-001")
    assert a1.day == TODAY


def test_numbers_restart_at_the_instansi_midnight_not_the_servers(cast, desk, clock):
    cast.instansi.timezone = "Asia/Jayapura"  # UTC+9
    cast.instansi.save()
    desk.ktp.closes_at = dt.time(23, 59)
    desk.ktp.opens_at = dt.time(0, 0)
    desk.ktp.weekdays = "0123456"
    desk.ktp.save()
    clock.move_to(dt.datetime(2026, 12, 1, 14, 50, tzinfo=dt.UTC))  # 23:50 in Jayapura
    late = services.ticket_take(service=desk.ktp)
    clock.move_to(dt.datetime(2026, 12, 1, 15, 10, tzinfo=dt.UTC))  # 00:10 the next day there, 22:10 in Jakarta
    early = services.ticket_take(service=desk.ktp)
    assert (late.day, late.number) == (dt.date(2026, 12, 1), 1)
    assert (early.day, early.number) == (dt.date(2026, 12, 2), 1)


def test_a_closed_service_or_one_outside_its_hours_takes_no_ticket(desk, clock):
    services.service_switch(service=desk.ktp, is_open=False)
    with pytest.raises(ValidationError, match="sedang ditutup"):
        services.ticket_take(service=desk.ktp)
    services.service_switch(service=desk.ktp, is_open=True)
    clock.move_to(dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC))  # 16:00 in Jakarta
    with pytest.raises(ValidationError, match="sudah tutup"):
        services.ticket_take(service=desk.ktp)
    clock.move_to(dt.datetime(2026, 12, 5, 3, 0, tzinfo=dt.UTC))  # Saturday
    with pytest.raises(ValidationError, match="tidak buka hari ini"):
        services.ticket_take(service=desk.ktp)
    assert not Ticket.objects.exists()


def test_an_unknown_priority_is_refused(desk):
    with pytest.raises(ValidationError):
        services.ticket_take(service=desk.ktp, priority="vip")
    assert not Ticket.objects.exists()


def test_priority_tickets_are_called_first_and_regular_ones_are_not_starved(cast, desk, clock):
    regular = services.ticket_take(service=desk.ktp)
    urgent = [services.ticket_take(service=desk.ktp, priority="lansia") for _ in range(4)]
    called = []
    for _ in range(5):
        clock.shift(60)
        ticket = services.ticket_call_next(counter=desk.counter, by=cast.pegawai)
        called.append(ticket.pk)
        services.ticket_serve(ticket=ticket, counter=desk.counter, by=cast.pegawai)
    # three priority calls in a row, then the waiting regular ticket, then the last priority one
    assert called == [urgent[0].pk, urgent[1].pk, urgent[2].pk, regular.pk, urgent[3].pk]


def test_calling_records_the_officer_on_shift_and_the_wait(cast, desk, clock):
    services.ticket_take(service=desk.ktp)
    clock.shift(300)
    ticket = services.ticket_call_next(counter=desk.counter, by=cast.pegawai)
    assert ticket.officer == cast.employee and ticket.counter == desk.counter
    assert 299 <= ticket.wait_seconds <= 302
    assert ticket.status == Ticket.Status.CALLED


def test_a_counter_calls_nobody_when_no_one_waits(cast, desk):
    with pytest.raises(ValidationError, match="Tidak ada antrian"):
        services.ticket_call_next(counter=desk.counter, by=cast.pegawai)


def test_a_counter_finishes_its_ticket_before_calling_the_next(cast, desk):
    services.ticket_take(service=desk.ktp)
    services.ticket_take(service=desk.ktp)
    first = services.ticket_call_next(counter=desk.counter, by=cast.pegawai)
    before = snapshot()
    with pytest.raises(ValidationError, match=first.label):
        services.ticket_call_next(counter=desk.counter, by=cast.pegawai)
    assert snapshot() == before


def test_another_counters_ticket_cannot_be_served_recalled_or_skipped_here(cast, desk):
    services.ticket_take(service=desk.ktp)
    ticket = services.ticket_call_next(counter=desk.counter, by=cast.pegawai)
    before = snapshot()
    for action in (services.ticket_serve, services.ticket_recall, services.ticket_skip):
        with pytest.raises(ValidationError, match="Loket 1, bukan di loket ini"):
            action(ticket=ticket, counter=desk.counter2, by=cast.atasan)
    assert snapshot() == before


def test_serving_twice_is_refused_and_changes_nothing(cast, desk):
    services.ticket_take(service=desk.ktp)
    ticket = services.ticket_call_next(counter=desk.counter, by=cast.pegawai)
    services.ticket_serve(ticket=ticket, counter=desk.counter, by=cast.pegawai)
    before = snapshot()
    with pytest.raises(ValidationError, match="sudah selesai dilayani"):
        services.ticket_serve(ticket=ticket, counter=desk.counter, by=cast.pegawai)
    assert snapshot() == before


def test_recall_updates_the_display_time_and_skip_then_requeue_puts_it_back(cast, desk, clock):
    services.ticket_take(service=desk.ktp)
    ticket = services.ticket_call_next(counter=desk.counter, by=cast.pegawai)
    clock.shift(30)
    recalled = services.ticket_recall(ticket=ticket, counter=desk.counter, by=cast.pegawai)
    assert recalled.last_called_at > ticket.last_called_at and recalled.called_at == ticket.called_at
    services.ticket_skip(ticket=ticket, counter=desk.counter, by=cast.pegawai)
    assert selectors.display_calls(desk.unit.pk, TODAY) == []
    back = services.ticket_requeue(ticket=ticket, counter=desk.counter, by=cast.pegawai)
    assert back.status == Ticket.Status.WAITING and back.counter is None
    kinds = list(TicketEvent.objects.filter(ticket=ticket).values_list("kind", flat=True))
    assert kinds == ["taken", "called", "recalled", "skipped", "requeued"]


def test_a_transfer_keeps_the_number_and_its_place_by_arrival(cast, desk, clock):
    moved = services.ticket_take(service=desk.ktp)
    clock.shift(60)
    later = services.ticket_take(service=desk.akta)
    ticket = services.ticket_call_next(counter=desk.counter, by=cast.pegawai)
    assert ticket.pk == moved.pk
    services.ticket_transfer(ticket=ticket, counter=desk.counter, to_service=desk.akta, by=cast.pegawai)
    ticket.refresh_from_db()
    assert (ticket.label, ticket.service, ticket.status, ticket.transfers) == ("A-001", desk.akta, "waiting", 1)
    # the transferred citizen came first: called before the akta ticket taken later
    assert services.ticket_call_next(counter=desk.counter2, by=cast.atasan).pk == moved.pk
    assert later.status == "waiting"


def test_a_transfer_to_the_same_or_a_closed_service_is_refused(cast, desk):
    services.ticket_take(service=desk.ktp)
    ticket = services.ticket_call_next(counter=desk.counter, by=cast.pegawai)
    before = snapshot()
    with pytest.raises(ValidationError):
        services.ticket_transfer(ticket=ticket, counter=desk.counter, to_service=desk.ktp, by=cast.pegawai)
    services.service_switch(service=desk.akta, is_open=False)
    with pytest.raises(ValidationError, match="ditutup"):
        services.ticket_transfer(ticket=ticket, counter=desk.counter, to_service=desk.akta, by=cast.pegawai)
    assert snapshot() == before


def served_ticket(cast, desk) -> Ticket:
    services.ticket_take(service=desk.ktp)
    ticket = services.ticket_call_next(counter=desk.counter, by=cast.pegawai)
    return services.ticket_serve(ticket=ticket, counter=desk.counter, by=cast.pegawai)


def test_the_survey_of_a_visit_carries_officer_and_service_and_answers_once(cast, desk):
    ticket = served_ticket(cast, desk)
    link = services.ticket_survey_submit(ticket=ticket, answers=answers(), token=services.survey_visit_token(ticket))
    assert (link.officer, link.service, link.counter, link.unit) == (cast.employee, desk.ktp, desk.counter, desk.unit)
    assert link.response.unit == desk.unit and link.response.service == "KTP-el"
    before = snapshot()
    with pytest.raises(ValidationError, match="sudah diisi"):
        services.ticket_survey_submit(
            ticket=Ticket.objects.get(pk=ticket.pk), answers=answers(), token=services.survey_visit_token(ticket)
        )
    assert snapshot() == before


def test_a_survey_before_the_visit_is_served_or_with_bad_answers_stores_nothing(cast, desk):
    waiting = services.ticket_take(service=desk.ktp)
    with pytest.raises(ValidationError, match="setelah Anda selesai dilayani"):
        services.ticket_survey_submit(ticket=waiting, answers=answers(), token="x")
    ticket = served_ticket(cast, desk)
    with pytest.raises(ValidationError):
        services.ticket_survey_submit(ticket=ticket, answers={"u1": 9}, token=services.survey_visit_token(ticket))
    assert not SurveyResponse.objects.exists() and not TicketSurvey.objects.exists()


def test_the_officer_sees_their_own_score_with_the_sample_size(cast, desk):
    for score in (4, 3):
        ticket = served_ticket(cast, desk)
        services.ticket_survey_submit(
            ticket=ticket, answers=answers(score), token=services.survey_visit_token(ticket), device=f"d{score}"
        )
    mine = selectors.officer_score(cast.employee.pk, TODAY, TODAY)
    assert mine.served == 2 and mine.ikm.respondents == 2 and mine.ikm.small_sample
    assert mine.ikm.converted == Decimal("87.50")
    assert selectors.officer_score(cast.supervisor.pk, TODAY, TODAY).ikm is None


def test_a_document_from_a_visit_starts_its_clock_and_counts_on_time(cast, desk, clock):
    services.ticket_take(service=desk.ktp)
    ticket = services.ticket_call_next(counter=desk.counter, by=cast.pegawai)
    services.ticket_serve(ticket=ticket, counter=desk.counter, by=cast.pegawai, reference="KTP-0001")
    document = Document.objects.get()
    assert (document.ticket, document.target_days, document.submitted_on) == (ticket, 3, TODAY)
    clock.shift(2 * 24 * 3600)
    services.document_ready(document=document)
    with pytest.raises(ValidationError, match="sudah ditandai selesai"):
        services.document_ready(document=document)
    assert metrics.documents_on_time([desk.unit.pk], TODAY, TODAY) == {desk.unit.pk: Decimal("100.0")}


def test_a_document_needs_a_target_and_a_new_reference(cast, desk):
    with pytest.raises(ValidationError):
        services.document_submit(service=desk.akta, reference="X-1")
    services.document_submit(service=desk.ktp, reference="X-1")
    with pytest.raises(ValidationError, match="sudah tercatat"):
        services.document_submit(service=desk.ktp, reference="X-1")
    assert Document.objects.count() == 1


def test_serving_with_a_taken_reference_rolls_the_serve_back(cast, desk):
    services.document_submit(service=desk.ktp, reference="DUP")
    services.ticket_take(service=desk.ktp)
    ticket = services.ticket_call_next(counter=desk.counter, by=cast.pegawai)
    with pytest.raises(ValidationError):
        services.ticket_serve(ticket=ticket, counter=desk.counter, by=cast.pegawai, reference="DUP")
    assert Ticket.objects.get(pk=ticket.pk).status == "called"


def test_indicator_metrics_per_officer_and_per_unit(cast, desk, clock):
    for _ in range(3):
        services.ticket_take(service=desk.ktp)
        clock.shift(120)
        ticket = services.ticket_call_next(counter=desk.counter, by=cast.pegawai)
        clock.shift(240)
        services.ticket_serve(ticket=ticket, counter=desk.counter, by=cast.pegawai)
    items = [
        {"pk": 1, "metric": Metric.QUEUE_SERVED, "employee_id": cast.employee.pk, "unit_id": cast.bidang.pk},
        {"pk": 2, "metric": Metric.QUEUE_SERVICE_MINUTES, "employee_id": cast.employee.pk, "unit_id": cast.bidang.pk},
        {
            "pk": 3,
            "metric": Metric.QUEUE_WAIT_MINUTES,
            "employee_id": cast.employee.pk,
            "unit_id": cast.bidang.pk,
            "service_unit_id": desk.unit.pk,
        },
        {"pk": 4, "metric": Metric.QUEUE_SERVED, "employee_id": cast.supervisor.pk, "unit_id": cast.bidang.pk},
    ]
    from kinerja.citizen import metrics as citizen_metrics

    values = citizen_metrics.indicator_values(items, "2026-12")
    assert values[1] == 3 and values[4] == 0
    assert Decimal("3.9") <= values[2] <= Decimal("4.1")
    assert Decimal("1.9") <= values[3] <= Decimal("2.1")


def test_setup_refuses_bad_hours_a_taken_letter_and_counters_without_services(cast, desk):
    with pytest.raises(ValidationError) as error:
        services.service_save(unit=desk.unit, name="KK", code="A", opens_at=dt.time(15), closes_at=dt.time(8))
    assert set(error.value.message_dict) == {"code", "closes_at"}
    with pytest.raises(ValidationError):
        services.counter_save(unit=desk.unit, name="Loket 3", services=[])
    with pytest.raises(ValidationError):
        services.counter_save(unit=cast.other_opd, name="Loket X", services=[desk.ktp])


def test_now_is_a_tuesday_morning_in_jakarta():
    assert NOW.astimezone(dt.timezone(dt.timedelta(hours=7))).hour == 10


def test_the_database_counts_the_queue_length_as_the_rule_defines_it(cast, desk, clock):
    for _ in range(6):
        services.ticket_take(service=desk.ktp)
        clock.shift(300)
        if Ticket.objects.filter(status="waiting").count() > 2:
            services.ticket_serve(
                ticket=services.ticket_call_next(counter=desk.counter, by=cast.pegawai),
                counter=desk.counter,
                by=cast.pegawai,
            )
    tickets = Ticket.objects.filter(day=TODAY)
    times = [NOW + dt.timedelta(minutes=m) for m in range(-5, 40, 4)]
    expected = rules.queue_length(tickets.values_list("taken_at", "called_at"), times)
    assert selectors.queue_lengths(tickets, times) == expected and max(expected) >= 2
