"""Every page, for every role of the demo story, on a 390 px phone: no horizontal scroll, no
serious or critical accessibility violation (axe-core, injected by the test only), and a
first load that stays small for weak links (static files counted gzip-compressed, as
whitenoise's CompressedManifestStaticFilesStorage serves them in production).

Pages are the GET URLs without arguments from the resolver plus the story's detail pages, so
a page another app adds is walked without touching this test."""

from __future__ import annotations

import gzip
import pathlib
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import CHROMIUM, CHROMIUM_FLAGS, screenshot
from kinerja.demo.seeders import seed_all
from kinerja.org import demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = pathlib.Path(__file__).parent / "assets" / "axe.min.js"
# Downloads, and the offline app's service worker and manifest (files for the browser, not pages).
DOWNLOAD = r"(/(xlsx|csv|pdf|zip)/|\.(xlsx|csv|pdf|zip|js|webmanifest))$"
SKIP = ("/api/", "/django-admin/", "/i18n/", "/akun/keluar/", "/healthz", "/static/", "/media/")
# Compressed bytes of one page's first load (HTML + CSS + JS; images are inline or none).
FIRST_LOAD_BUDGET = 150_000
# The dashboards also load the chart library (Chart.js, about 70 KB compressed), once, cached after.
CHART_PAGE_BUDGET = 225_000
ROLES = ("pegawai", "atasan", "kabid", "pimpinan", "admin")


def plain_urls(patterns=None, prefix: str = "") -> list[str]:
    """Every URL of the resolver that takes no argument."""
    urls = []
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        route = str(p.pattern)
        if "<" in route or "(?P" in route:
            continue
        route = route.lstrip("^").rstrip("$")
        if isinstance(p, URLResolver):
            urls += plain_urls(p.url_patterns, prefix + route)
        elif isinstance(p, URLPattern) and not re.search(r"[\\(\[*+?]", route):
            urls.append("/" + prefix + route)
    # downloads (spreadsheets, PDFs) are files, not pages to fit a phone or pass axe
    return sorted({u for u in urls if not u.startswith(SKIP) and not re.search(DOWNLOAD, u)})


def story_pages(instansi) -> tuple[list[str], list[str]]:
    from kinerja.activities.models import Activity
    from kinerja.appraisal.models import Evaluation
    from kinerja.citizen.models import Complaint, SurveyPoint
    from kinerja.skp.models import Skp

    story = demo.story(instansi)
    activity = Activity.objects.filter(employee=story.pegawai).order_by("-date").first()
    evaluation = Evaluation.objects.filter(employee=story.pegawai, status="final").first()
    complaint = Complaint.objects.filter(assigned_to=story.pegawai).first()
    skp = Skp.objects.filter(employee=story.pegawai).first()
    return [
        reverse("activities:detail", args=[activity.pk]),
        reverse("skp:detail", args=[skp.pk]),
        reverse("appraisal:detail", args=[evaluation.pk]),
        reverse("org:employee_detail", args=[story.pegawai.pk]),
        reverse("org:unit_detail", args=[story.pegawai.unit_id]),
        reverse("citizen:complaint_detail", args=[complaint.pk]),
        reverse("activities:home") + "?status=returned",
        reverse("activities:inbox") + "?status=verified",
    ], [
        reverse("citizen:public_index", args=[instansi.code]),
        reverse("citizen:survey", args=[SurveyPoint.objects.filter(instansi=instansi).first().token]),
        reverse("citizen:results", args=[instansi.code]),
        reverse("citizen:complaint_new", args=[instansi.code]),
        reverse("citizen:track"),
        reverse("accounts:login"),
    ]


def _check(page, url: str, problems: list[str], sizes: dict[str, int], refused: set[int] | None = None) -> None:
    """Audits one page; ``refused`` collects the error statuses (403, 404) already audited in
    this walk, so the same error page is not audited again for every URL a role may not open."""
    refused = set() if refused is None else refused
    if page.request.get(url, max_redirects=0).status == 405:
        return  # a POST-only URL (a form's action): nothing to look at
    sizes.clear()
    response = page.goto(url)
    page.wait_for_load_state("load")
    status = response.status if response else 0
    if status >= 500:
        problems.append(f"{url}: HTTP {status}")
        return
    if status in (403, 404):
        if status in refused:
            return  # the same error page as one already audited in this walk
        refused.add(status)
    width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    if width[0] > width[1]:
        problems.append(f"{url}: {width[0]} px wide in a {width[1]} px screen")
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations"
        ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
        ".map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')))"
    )
    problems += [f"{url}: axe {v}" for v in result]
    total = sum(sizes.values())
    budget = CHART_PAGE_BUDGET if any("chart" in name for name in sizes) else FIRST_LOAD_BUDGET
    if total > budget:
        problems.append(f"{url}: first load {total:,} bytes compressed > {budget:,}")


def _page(browser, live_server):
    # bypass_csp: our Content-Security-Policy admits only our own static scripts, so the axe-core
    # checker injected below would be refused; only this audit context lifts it.
    context = browser.new_context(
        base_url=live_server.url,
        locale="id-ID",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        bypass_csp=True,
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    sizes: dict[str, int] = {}

    def count(response):
        try:
            body = response.body()
        except Exception:  # redirects and aborted requests have no body
            return
        sizes[response.url] = len(gzip.compress(body, 6))

    page.on("response", count)
    return context, page, sizes


# Three walks of a freshly seeded region, so that the test processes share the work (each walk
# takes minutes); together they cover the public pages and every role.
GROUPS = [("public", "pegawai"), ("atasan", "kabid"), ("pimpinan", "admin")]


@pytest.mark.parametrize("group", GROUPS, ids=["-".join(g) for g in GROUPS])
def test_every_page_fits_a_phone_and_passes_axe_for_every_role(browser, live_server, group):
    assert {role for g in GROUPS for role in g} == {"public", *ROLES}
    assert CHROMIUM and CHROMIUM_FLAGS and AXE.exists()
    (instansi,) = seed_all(only=["sorong"], employees=220, log=lambda *a: None)
    story = demo.story(instansi)
    users = {
        "pegawai": demo.user_of(story.pegawai),
        "atasan": demo.user_of(story.atasan),
        "kabid": demo.user_of(story.kabid),
        "pimpinan": demo.user_of(story.sekda),
        "admin": story.admin,
    }
    staff_pages, public_pages = story_pages(instansi)
    pages = [u for u in plain_urls() if u not in ("/akun/masuk/",)] + staff_pages
    problems: list[str] = []

    if "public" in group:
        context, page, sizes = _page(browser, live_server)
        for url in public_pages:
            _check(page, url, problems, sizes)
        context.close()

    for role in [r for r in ROLES if r in group]:
        context, page, sizes = _page(browser, live_server)
        page.goto("/akun/masuk/")
        page.get_by_label("NIP").fill(users[role].username)
        page.get_by_label("Kata sandi").fill(demo.DEMO_PASSWORD)
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_url(lambda u: "/akun/masuk/" not in u)
        refused: set[int] = set()
        for url in pages:
            _check(page, url, problems, sizes, refused)
        page.goto("/")
        screenshot(page, f"home-{role}-390")
        context.close()
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems)
