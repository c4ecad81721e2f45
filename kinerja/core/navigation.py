"""The menu, grouped by what each role does, and the counts beside its items.

An app adds a menu item with one ``Item`` line in ``MENU`` (the group says where it shows), and
a count with one entry in ``COUNTERS``: a function ``(user) -> {name: queryset}`` whose querysets
are counted as scalar subqueries of ONE statement, which also answers "is this user a
supervisor?". However many counters there are, the menu costs a single query per page.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

from django.db.models import Exists, IntegerField, QuerySet, Subquery, Value
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kinerja.accounts.models import User
from kinerja.org.models import Employee

STAFF = {"admin", "superadmin", "pimpinan"}
EVERYONE = {"pegawai", "atasan", "admin", "superadmin", "pimpinan"}


@dataclass(frozen=True)
class Group:
    key: str
    label: Promise


@dataclass(frozen=True)
class Item:
    group: str
    label: Promise
    url: str  # a URL name without arguments
    roles: frozenset[str] = field(default_factory=lambda: frozenset(EVERYONE))
    count: str = ""  # a key of the counts (see COUNTERS)
    # Shown instead of ``label`` for users who only supervise (e.g. "Bawahan" instead of "Pegawai").
    team_label: Promise | None = None


GROUPS = [
    Group("work", _("Pekerjaan saya")),
    Group("team", _("Tim saya")),
    Group("organisation", _("Organisasi")),
    Group("appraisal", _("Penilaian")),
    Group("followup", _("Tindak lanjut")),
    Group("citizens", _("Warga")),
    Group("settings", _("Pengaturan")),
]

P, A = frozenset({"pegawai"}), frozenset({"atasan"})
MENU = [
    Item("work", _("Beranda"), "core:home"),
    Item("work", _("Kegiatan harian"), "activities:home", P, count="my_returned"),
    Item("work", _("SKP saya"), "skp:home", P),
    Item("work", _("Notifikasi"), "notifications:list", P | STAFF, count="unread"),
    Item("work", _("Kehadiran saya"), "attendance:my_month", P),
    Item("work", _("TPP saya"), "tpp:my_slips", P),
    Item("team", _("Verifikasi kegiatan"), "activities:inbox", A, count="to_verify"),
    Item("team", _("SKP bawahan"), "skp:home", A, count="skps_to_approve"),
    Item("team", _("Koreksi kehadiran"), "attendance:corrections", A),
    Item("organisation", _("Struktur organisasi"), "org:unit_tree"),
    Item("organisation", _("Pegawai"), "org:employee_list", A | STAFF, team_label=_("Bawahan")),
    Item("organisation", _("Jabatan"), "org:position_list", frozenset({"admin", "superadmin"})),
    Item("organisation", _("Impor data"), "org:import_upload", frozenset({"admin", "superadmin"})),
    Item("organisation", _("Laporan data pegawai"), "datafix:queue", frozenset(STAFF), count="data_reports_open"),
    Item("organisation", _("Riwayat perubahan"), "org:audit_log", frozenset({"admin", "superadmin"})),
    Item("appraisal", _("Evaluasi kinerja"), "appraisal:index", count="appraisal_todo"),
    Item("appraisal", _("Wawasan & dasbor"), "insight:dashboard"),
    Item("appraisal", _("Periode & rencana"), "skp:period_list", frozenset(STAFF)),
    Item("appraisal", _("Templat SKP"), "skp:template_list", frozenset({"admin", "superadmin"})),
    Item("followup", _("Pengembangan kompetensi"), "development:home", count="coaching_todo"),
    Item("followup", _("Kehadiran & disiplin"), "attendance:index", frozenset(STAFF)),
    Item("followup", _("TPP"), "tpp:index", frozenset(STAFF)),
    Item("followup", _("Peringkat & penghargaan"), "recognition:ranking"),
    Item("citizens", _("Suara warga"), "citizen:dashboard", count="complaints_assigned"),
    Item("citizens", _("Titik survei"), "citizen:points", frozenset({"admin", "superadmin"})),
    Item("citizens", _("Antrian layanan"), "frontdesk:home"),
    Item("citizens", _("Angka antrian"), "frontdesk:figures", frozenset(STAFF)),
    Item("settings", _("Proses latar"), "jobs:list", frozenset({"admin", "superadmin"})),
    Item("settings", _("Ganti kata sandi"), "accounts:password_change"),
]

# Each counter module exposes ``nav_counts(user) -> dict[str, QuerySet]``; the querysets are
# counted inside the menu's single statement.
COUNTERS = [
    "kinerja.activities.selectors",
    "kinerja.skp.selectors",
    "kinerja.appraisal.selectors",
    "kinerja.notifications.selectors",
    "kinerja.citizen.selectors",
    "kinerja.development.selectors",
    "kinerja.datafix.selectors",
]

# Menu counts that add up finer ones (the home page shows the parts).
TOTALS = {
    "appraisal_todo": ("to_rate", "objections_to_decide", "to_acknowledge"),
    "coaching_todo": ("coaching_needed", "coaching_overdue"),
}


class SubqueryCount(Subquery):
    template = "(SELECT COUNT(*) FROM (%(subquery)s) _count)"
    output_field = IntegerField()


def _counted(user: User) -> tuple[bool, dict[str, int]]:
    """(is supervisor, counts) in one query."""
    querysets: dict[str, QuerySet] = {}
    for name in COUNTERS:
        querysets.update(importlib.import_module(name).nav_counts(user))
    annotations = {key: SubqueryCount(qs.order_by().values("pk")) for key, qs in querysets.items()}
    supervises = (
        Exists(Employee.objects.filter(instansi_id=user.instansi_id, supervisor_id=user.employee_id, is_active=True))
        if user.employee_id
        else Value(False)
    )
    row = User.objects.filter(pk=user.pk).annotate(_supervises=supervises, **annotations)
    values = row.values("_supervises", *annotations).first() or {}
    supervisor = bool(values.pop("_supervises", False))
    counts = {k: int(v or 0) for k, v in values.items()}
    for total, parts in TOTALS.items():
        counts[total] = sum(counts.get(part, 0) for part in parts)
    return supervisor, counts


def roles_and_counts(user: User) -> tuple[set[str], dict[str, int]]:
    roles: set[str] = set()
    if not user.is_authenticated:
        return roles, {}
    if user.role == User.Role.SUPERADMIN:
        roles.add("superadmin")
    if user.role == User.Role.ADMIN and user.instansi_id:
        roles.add("admin")
    if user.role == User.Role.PIMPINAN and user.instansi_id:
        roles.add("pimpinan")
    supervisor, counts = _counted(user)
    if user.employee_id:
        roles.add("pegawai")
        if supervisor:
            roles.add("atasan")
    return roles, counts


@dataclass
class Link:
    label: str
    url: str
    count: int
    active: bool


def menu(roles: set[str], counts: dict[str, int], path: str) -> list[tuple[Group, list[Link]]]:
    """The groups a user sees, each with its visible links (empty groups left out)."""
    only_team = "atasan" in roles and not roles & STAFF
    groups = []
    for group in GROUPS:
        links = []
        for item in MENU:
            if item.group != group.key or not roles & item.roles:
                continue
            try:
                url = reverse(item.url)
            except NoReverseMatch:  # an app that is not installed
                continue
            label = item.team_label if (item.team_label and only_team) else item.label
            links.append(Link(str(label), url, counts.get(item.count, 0), False))
        if links:
            groups.append((group, links))
    # The current page is the link with the longest URL the path starts with.
    matching = [link for _g, links in groups for link in links if path.startswith(link.url)]
    if matching:
        best = max(len(link.url) for link in matching)
        for link in matching:
            link.active = len(link.url) == best
    return groups
