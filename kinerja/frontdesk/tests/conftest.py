import datetime as dt
from dataclasses import dataclass

import pytest
import time_machine

from kinerja.frontdesk import services
from kinerja.frontdesk.models import Counter, Service

# A Tuesday, 10:00 in Jakarta (the "tebo" cast's zone).
NOW = dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 12, 1)


@dataclass
class Desk:
    unit: object
    ktp: Service
    akta: Service
    counter: Counter
    counter2: Counter


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=True) as traveller:
        yield traveller


def make_desk(cast) -> Desk:
    unit = cast.opd
    ktp = services.service_save(
        unit=unit, name="KTP-el", code="A", opens_at=dt.time(8), closes_at=dt.time(15), target_days=3
    )
    akta = services.service_save(unit=unit, name="Akta kelahiran", code="B", opens_at=dt.time(8), closes_at=dt.time(15))
    counter = services.counter_save(unit=unit, name="Loket 1", services=[ktp, akta])
    counter2 = services.counter_save(unit=unit, name="Loket 2", services=[ktp, akta])
    services.shift_set(counter=counter, employees=[cast.employee], day=TODAY)
    services.shift_set(counter=counter2, employees=[cast.supervisor], day=TODAY)
    return Desk(unit, ktp, akta, counter, counter2)


@pytest.fixture
def desk(cast, clock) -> Desk:
    return make_desk(cast)
