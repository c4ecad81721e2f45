"""Shared fixtures: two regional governments with the same cast, after healthchecks' personas.

Instansi A ("tebo"):  Dinas Kesehatan (head: ``head``) → Bidang P2P (head: ``supervisor``)
                      → staff ``employee``; another Dinas with staff ``outsider``.
Instansi B ("sorong"): the same shape; its people are the *other tenant* in permission tests.
"""

import os
from dataclasses import dataclass

import pytest

from kinerja.accounts.models import User
from kinerja.org.models import Employee, Instansi, Position, Unit
from kinerja.org.tests.factories import EmployeeFactory, InstansiFactory, PositionFactory, UnitFactory, UserFactory

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by
# fixtures there are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "rahasia-123"


@dataclass
class Cast:
    instansi: Instansi
    opd: Unit
    bidang: Unit
    other_opd: Unit
    head: Employee
    supervisor: Employee
    employee: Employee
    outsider: Employee
    head_position: Position
    admin: User
    pimpinan: User
    atasan: User
    pegawai: User
    outsider_user: User


def make_cast(code: str, tz: str = "Asia/Jakarta") -> Cast:
    instansi = InstansiFactory(code=code, name=f"Pemerintah Kabupaten {code.title()}", timezone=tz)
    opd = UnitFactory(instansi=instansi, code=f"{code}-DINKES", name="Dinas Kesehatan")
    bidang = UnitFactory(instansi=instansi, code=f"{code}-P2P", name="Bidang P2P", kind=Unit.Kind.BAGIAN, parent=opd)
    other = UnitFactory(instansi=instansi, code=f"{code}-DISDIK", name="Dinas Pendidikan")
    head_position = PositionFactory(unit=opd, name="Kepala Dinas Kesehatan", kind=Position.Kind.JPT, grade=14)
    head = EmployeeFactory(unit=opd, position=head_position, name="Kepala Dinas")
    supervisor = EmployeeFactory(
        unit=bidang, supervisor=head, name="Kepala Bidang", position=PositionFactory(unit=bidang, kind="administrator")
    )
    employee = EmployeeFactory(
        unit=bidang, supervisor=supervisor, name="Staf Bidang", position=PositionFactory(unit=bidang)
    )
    outsider = EmployeeFactory(unit=other, name="Staf Lain")
    admin_employee = EmployeeFactory(unit=other, name="Admin BKPSDM")
    leader = EmployeeFactory(unit=other, name="Sekretaris Daerah")
    return Cast(
        instansi=instansi,
        opd=opd,
        bidang=bidang,
        other_opd=other,
        head=head,
        supervisor=supervisor,
        employee=employee,
        outsider=outsider,
        head_position=head_position,
        admin=UserFactory(employee=admin_employee, role=User.Role.ADMIN),
        pimpinan=UserFactory(employee=leader, role=User.Role.PIMPINAN),
        atasan=UserFactory(employee=supervisor),
        pegawai=UserFactory(employee=employee),
        outsider_user=UserFactory(employee=outsider),
    )


DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "django_db_setup"}


def pytest_collection_modifyitems(config, items):
    """With KINERJA_DATABASE_TESTS_ONLY=1 (CI's PostgreSQL run, .ci/run) only the tests that reach
    the database run: one without database access (pure rules, property tests, static files)
    cannot behave differently on another database, and pytest-django refuses it any query."""
    if os.environ.get("KINERJA_DATABASE_TESTS_ONLY") != "1":
        return
    keep, drop = [], []
    for item in items:
        reaches = item.get_closest_marker("django_db") or DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
        (keep if reaches else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture(autouse=True)
def _default_language_and_zone():
    """Every test starts in Indonesian and the default zone, whatever the one before it activated.

    Django's test client leaves the language a request activated (LocaleMiddleware) and a token's
    zone in the thread; without this a test after an English request sees English messages.
    """
    from django.conf import settings
    from django.utils import timezone, translation

    translation.activate(settings.LANGUAGE_CODE)
    timezone.deactivate()
    yield
    translation.activate(settings.LANGUAGE_CODE)
    timezone.deactivate()


@pytest.fixture
def cast(db) -> Cast:
    return make_cast("tebo")


@pytest.fixture
def other(db) -> Cast:
    return make_cast("sorong", tz="Asia/Jayapura")


@pytest.fixture
def superadmin(db) -> User:
    return User.objects.create_superuser("superadmin", PASSWORD, full_name="Superadmin")


# ------------------------------------------------------------------------------------ browser
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = os.path.join(os.path.dirname(__file__), "test-artifacts")


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; never a downloaded browser build."""
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="id-ID", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone(browser, live_server):
    """A cheap Android phone's screen."""
    context = browser.new_context(
        base_url=live_server.url, locale="id-ID", viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def screenshot(page, name: str) -> None:
    os.makedirs(ARTIFACTS, exist_ok=True)
    page.screenshot(path=os.path.join(ARTIFACTS, f"{name}.png"), full_page=True)


def log_in(page, username: str, password: str = PASSWORD, *, succeed: bool = True) -> None:
    page.goto("/akun/masuk/")
    page.get_by_label("NIP").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    if succeed:  # wait until the login's redirect has landed before the test navigates on
        page.wait_for_url(lambda url: "/akun/masuk/" not in url)
    else:
        page.wait_for_load_state()


# --------------------------------------------------------------------------------------- planning
@pytest.fixture
def period(cast):
    import datetime as dt

    from kinerja.skp import services as skp_services

    return skp_services.period_create(
        instansi=cast.instansi,
        year=2026,
        cut="quarterly",
        planning_deadline=dt.date(2026, 1, 31),
        closes_on=dt.date(2026, 12, 31),
    )


def approved_skp(employee, period, by_user, approver_user, text="RHK atasan"):
    """An approved SKP with one linked RHK and one indicator, built through the services."""
    from kinerja.skp import services as skp_services

    skp = skp_services.skp_create(employee=employee, period=period, by=by_user)
    rhk = skp_services.rhk_save(skp=skp, text=text, kind="utama", own_initiative=True)
    skp_services.indicator_save(
        rhk=rhk, text="Jumlah layanan", aspect="kuantitas", target="100", target_unit="layanan", direction="higher"
    )
    skp_services.skp_submit(skp=skp, by=by_user)
    return skp_services.skp_approve(skp=skp, by=approver_user)


def bound_skp(cast, period, *, target="4", text="Pengaduan yang diselesaikan"):
    """The employee's approved SKP with one objective indicator: complaints they resolved."""
    from kinerja.skp import services as skp_services

    skp = skp_services.skp_create(employee=cast.employee, period=period, by=cast.pegawai)
    rhk = skp_services.rhk_save(skp=skp, text="Pengaduan warga tertangani", kind="utama", own_initiative=True)
    skp_services.indicator_save(
        rhk=rhk,
        text=text,
        aspect="kuantitas",
        target=target,
        target_unit="pengaduan",
        direction="higher",
        metric="complaints_handled",
    )
    skp_services.skp_submit(skp=skp, by=cast.pegawai)
    return skp_services.skp_approve(skp=skp, by=cast.atasan)


def log_out(page) -> None:
    """Logs out through the menu (on a phone, the menu is collapsed behind its button)."""
    toggler = page.get_by_role("button", name="Buka menu")
    if toggler.is_visible():
        toggler.click()
        page.locator("#sidebar.show").wait_for()  # Bootstrap's off-canvas menu has slid in
    # Focus and Enter, as a keyboard or a screen reader does: while the off-canvas menu is still
    # sliding in, a pointer click can land on the links above the button.
    button = page.get_by_role("button", name="Keluar")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/akun/masuk/" in url)  # the logout has landed before the next login
