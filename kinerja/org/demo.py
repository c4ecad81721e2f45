"""Deterministic organisations for the demo (five real regions) and for benchmarks (any size).

Everything is written with ``bulk_create`` level by level (units, then employees from the top
of the hierarchy down), so 10,000 employees take seconds, not one save per row.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import models, transaction

from kinerja.accounts.models import User

from . import rules
from .models import Employee, Instansi, Position, Unit
from .services import _path_segment

DEMO_PASSWORD = "kinerja-demo-2026"

FIRST_MALE = (
    "Agus Ahmad Andi Arif Bambang Budi Dedi Dimas Eko Fajar Hadi Hendra Irfan Joko Kurniawan Muhammad Rizki "
    "Slamet Sutrisno Teguh Wahyu Yusuf Rudi Hasan Ilham Yohanes Markus Petrus Frans Daniel Zulkifli Syahrul"
).split()
FIRST_FEMALE = (
    "Ani Ayu Dewi Diah Endang Fitri Indah Kartika Lestari Maria Nur Putri Ratna Rina Sari Siti Sri Tri Wulan "
    "Yuliana Novita Intan Maya Yosephina Magdalena Nurhayati Rahmawati Febriani"
).split()
LAST = (
    "Saputra Wijaya Hidayat Pratama Santoso Siregar Nasution Harahap Lubis Simanjuntak Kurniasih Susanti Rahayu "
    "Handayani Purnomo Setiawan Gunawan Hakim Syahputra Wanggai Rumbiak Mandacan Kambu Sinaga Rusdi Firmansyah "
    "Maulana Ramadhan Anggraini Permatasari Utami Suryani Wibowo Nugroho"
).split()
FRONT_TITLES = {
    rules.Gender.MALE: ["", "", "", "", "dr.", "Ir.", "Drs.", "H."],
    rules.Gender.FEMALE: ["", "", "", "", "dr.", "Ir.", "Dra.", "Hj."],
}
BACK_TITLES = ["", "", "S.E.", "S.Sos.", "S.Kom.", "S.H.", "S.Pd.", "S.Kep.", "M.Si.", "M.Kes.", "S.T.", "A.Md."]

# (code, name, kind, bidang names) of the OPDs every demo region has.
OPDS = [
    ("SETDA", "Sekretariat Daerah", Unit.Kind.SETDA, ["Bagian Organisasi", "Bagian Umum", "Bagian Hukum"]),
    (
        "DINKES",
        "Dinas Kesehatan",
        Unit.Kind.DINAS,
        ["Bidang Kesehatan Masyarakat", "Bidang Pelayanan Kesehatan", "Bidang Pencegahan dan Pengendalian Penyakit"],
    ),
    (
        "DISDIK",
        "Dinas Pendidikan dan Kebudayaan",
        Unit.Kind.DINAS,
        ["Bidang Pembinaan SD", "Bidang Pembinaan SMP", "Bidang Kebudayaan"],
    ),
    (
        "DUKCAPIL",
        "Dinas Kependudukan dan Pencatatan Sipil",
        Unit.Kind.DINAS,
        ["Bidang Pelayanan Pendaftaran Penduduk", "Bidang Pelayanan Pencatatan Sipil"],
    ),
    (
        "BKPSDM",
        "Badan Kepegawaian dan Pengembangan SDM",
        Unit.Kind.BADAN,
        ["Bidang Mutasi dan Promosi", "Bidang Pengembangan Kompetensi", "Bidang Penilaian Kinerja dan Disiplin"],
    ),
    (
        "INSPEKTORAT",
        "Inspektorat Daerah",
        Unit.Kind.INSPEKTORAT,
        ["Inspektur Pembantu Wilayah I", "Inspektur Pembantu Wilayah II"],
    ),
    (
        "DISKOMINFO",
        "Dinas Komunikasi dan Informatika",
        Unit.Kind.DINAS,
        ["Bidang Aplikasi Informatika", "Bidang Informasi dan Komunikasi Publik"],
    ),
]

REGIONS = [
    # code, name, kind, province, timezone, kecamatan
    (
        "tebo",
        "Pemerintah Kabupaten Tebo",
        Instansi.Kind.KABUPATEN,
        "Jambi",
        "Asia/Jakarta",
        ["Muara Tebo", "Rimbo Bujang"],
    ),
    (
        "sorong",
        "Pemerintah Kota Sorong",
        Instansi.Kind.KOTA,
        "Papua Barat Daya",
        "Asia/Jayapura",
        ["Sorong Manoi", "Sorong Utara"],
    ),
    (
        "bungo",
        "Pemerintah Kabupaten Bungo",
        Instansi.Kind.KABUPATEN,
        "Jambi",
        "Asia/Jakarta",
        ["Bathin III", "Pasar Muara Bungo"],
    ),
    (
        "tangsel",
        "Pemerintah Kota Tangerang Selatan",
        Instansi.Kind.KOTA,
        "Banten",
        "Asia/Jakarta",
        ["Serpong", "Pamulang", "Ciputat"],
    ),
    (
        "surakarta",
        "Pemerintah Kota Surakarta",
        Instansi.Kind.KOTA,
        "Jawa Tengah",
        "Asia/Jakarta",
        ["Laweyan", "Banjarsari", "Jebres"],
    ),
]

STAFF_POSITIONS = [
    ("Analis Kepegawaian Ahli Pertama", Position.Kind.FUNGSIONAL, Position.Level.AHLI_PERTAMA, 8),
    ("Pranata Komputer Ahli Muda", Position.Kind.FUNGSIONAL, Position.Level.AHLI_MUDA, 9),
    ("Penata Laporan Keuangan", Position.Kind.PELAKSANA, "", 7),
    ("Pengadministrasi Perkantoran", Position.Kind.PELAKSANA, "", 5),
    ("Pengolah Data dan Informasi", Position.Kind.PELAKSANA, "", 6),
    ("Operator Layanan Operasional", Position.Kind.PELAKSANA, "", 5),
]


@dataclass
class BuiltOrganisation:
    instansi: Instansi
    units: int
    employees: int


class _People:
    """Makes valid, unique NIPs and Indonesian names from one seeded random source."""

    def __init__(self, rng: random.Random, sequence_start: int = 0):
        # NIPs are unique nationally: regions built side by side draw from separate sequence ranges.
        self.rng = rng
        self.sequences: dict[str, int] = defaultdict(lambda: sequence_start)

    def person(self, *, senior: bool) -> dict:
        rng = self.rng
        gender = rng.choice([rules.Gender.MALE, rules.Gender.FEMALE])
        first = rng.choice(FIRST_MALE if gender == rules.Gender.MALE else FIRST_FEMALE)
        name = f"{first} {rng.choice(LAST)}"
        birth_year = rng.randint(1966, 1980) if senior else rng.randint(1970, 2000)
        birth = dt.date(birth_year, rng.randint(1, 12), rng.randint(1, 28))
        cpns = dt.date(min(birth_year + rng.randint(22, 30), 2025), rng.choice([1, 3, 4, 12]), 1)
        prefix = f"{birth:%Y%m%d}{cpns:%Y%m}{1 if gender == rules.Gender.MALE else 2}"
        self.sequences[prefix] += 1
        rank_pool = ["IV/a", "IV/b", "IV/c"] if senior else ["II/c", "II/d", "III/a", "III/b", "III/c", "III/d"]
        return {
            "nip": rules.build_nip(birth, cpns, gender, self.sequences[prefix]),
            "name": name,
            "front_title": rng.choice(FRONT_TITLES[gender]) if senior else "",
            "back_title": rng.choice(BACK_TITLES),
            "birth_date": birth,
            "cpns_start": cpns,
            "gender": gender.value,
            "rank": rng.choice(rank_pool),
            "status": Employee.Status.PNS if rng.random() > 0.12 else Employee.Status.CPNS,
        }


def _create_units(instansi: Instansi, specs: list[tuple[str, str, str, str | None]]) -> dict[str, Unit]:
    """Creates units level by level. ``specs``: (code, name, kind, parent_code), parents first."""
    units: dict[str, Unit] = {}
    pending = list(specs)
    while pending:
        level = [s for s in pending if s[3] is None or s[3] in units]
        objs = [
            Unit(instansi=instansi, code=code, name=name, kind=kind, parent=units.get(parent) if parent else None)
            for code, name, kind, parent in level
        ]
        Unit.objects.bulk_create(objs, batch_size=1000)
        for obj in objs:
            parent = obj.parent
            obj.path = (parent.path if parent else "") + _path_segment(obj.pk)
            obj.depth = parent.depth + 1 if parent else 0
            units[obj.code] = obj
        Unit.objects.bulk_update(objs, ["path", "depth"], batch_size=1000)
        done = {s[0] for s in level}
        pending = [s for s in pending if s[0] not in done]
    return units


@transaction.atomic
def build_organisation(
    *, instansi: Instansi, employees: int, seed: int, kecamatan: list[str] | None = None, sequence_start: int = 0
) -> BuiltOrganisation:
    """Builds units, positions and about ``employees`` employees with a full supervisor tree.

    Shape: Sekda at the top; heads of OPD (JPT Pratama) report to the Sekda; each bidang head
    (Administrator) to the head of OPD; each seksi head (Pengawas) to the bidang head; staff
    (Pelaksana/Fungsional) to the seksi head.
    """
    rng = random.Random(seed)
    people = _People(rng, sequence_start)
    kecamatan = kecamatan or []
    # Size the tree: about 12 staff per seksi, 2 seksi per bidang.
    opds = list(OPDS) + [
        (f"KEC{i + 1:02d}", f"Kecamatan {name}", Unit.Kind.KECAMATAN, ["Seksi Pemerintahan", "Seksi Pelayanan Umum"])
        for i, name in enumerate(kecamatan)
    ]
    seksi_per_bidang = 2
    bidang_total = sum(len(o[3]) for o in opds)
    staff_per_seksi = max(
        1, round((employees - len(opds) - bidang_total * (1 + seksi_per_bidang)) / (bidang_total * seksi_per_bidang))
    )
    extra_opds = 0
    while staff_per_seksi > 14:  # a bigger region: more OPDs (UPTD), not giant sections
        extra_opds += 1
        opds.append(
            (
                f"UPTD{extra_opds:03d}",
                f"UPTD Puskesmas {extra_opds}",
                Unit.Kind.UPTD,
                ["Subbagian Tata Usaha", "Seksi Pelayanan"],
            )
        )
        bidang_total += 2
        staff_per_seksi = max(
            1,
            round((employees - len(opds) - bidang_total * (1 + seksi_per_bidang)) / (bidang_total * seksi_per_bidang)),
        )

    specs: list[tuple[str, str, str, str | None]] = []
    for code, name, kind, bidangs in opds:
        specs.append((code, name, kind, None))
        for b, bidang in enumerate(bidangs, start=1):
            bcode = f"{code}-B{b}"
            specs.append((bcode, bidang, Unit.Kind.BAGIAN, code))
            for s in range(1, seksi_per_bidang + 1):
                specs.append((f"{bcode}-S{s}", f"Seksi {bidang.split(' ', 1)[-1]} {s}", Unit.Kind.SUBBAGIAN, bcode))
    units = _create_units(instansi, specs)

    # Positions: one head position per unit plus the staff positions of each seksi.
    positions: dict[tuple[str, str], Position] = {}
    for code, unit in units.items():
        if unit.depth == 0:
            title = (
                "Sekretaris Daerah"
                if code == "SETDA"
                else (f"Camat {unit.name[10:]}" if unit.kind == Unit.Kind.KECAMATAN else f"Kepala {unit.name}")
            )
            positions[(code, "head")] = Position(
                instansi=instansi,
                unit=unit,
                name=title,
                kind=Position.Kind.JPT,
                level=Position.Level.JPT_PRATAMA,
                grade=14,
            )
        elif unit.depth == 1:
            positions[(code, "head")] = Position(
                instansi=instansi, unit=unit, name=f"Kepala {unit.name}", kind=Position.Kind.ADMINISTRATOR, grade=12
            )
        else:
            positions[(code, "head")] = Position(
                instansi=instansi, unit=unit, name=f"Kepala {unit.name}", kind=Position.Kind.PENGAWAS, grade=9
            )
            for name, kind, level, grade in STAFF_POSITIONS:
                positions[(code, name)] = Position(
                    instansi=instansi, unit=unit, name=name, kind=kind, level=level, grade=grade
                )
    Position.objects.bulk_create(positions.values(), batch_size=1000)
    for code, unit in units.items():
        unit.head_position = positions[(code, "head")]
    Unit.objects.bulk_update(units.values(), ["head_position"], batch_size=1000)

    # Employees, top down so that every supervisor already has an id.
    heads: dict[str, Employee] = {}
    total = 0
    sekda = None
    for depth in (0, 1, 2):
        level_units = [u for u in units.values() if u.depth == depth]
        if depth == 0:  # the Sekda first: every other OPD head reports to them
            level_units.sort(key=lambda u: u.code != "SETDA")
        batch = []
        for unit in level_units:
            parent_code = unit.code.rsplit("-", 1)[0] if depth else None
            supervisor = heads.get(parent_code) if parent_code else (sekda if unit.code != "SETDA" else None)
            e = Employee(
                instansi=instansi,
                unit=unit,
                position=positions[(unit.code, "head")],
                supervisor=supervisor,
                **people.person(senior=depth < 2),
            )
            heads[unit.code] = e
            batch.append(e)
            if unit.code == "SETDA":
                Employee.objects.bulk_create([e])
                sekda = e
                batch.pop()
        Employee.objects.bulk_create(batch, batch_size=1000)
        total += len(batch) + (1 if depth == 0 else 0)
    # Exactly ``employees`` people in all: the staff left after the heads, spread evenly.
    sections = [u for u in units.values() if u.depth == 2]
    staff_total = max(0, employees - total)
    staff = []
    for index, unit in enumerate(sections):
        for _i in range(staff_total // len(sections) + (1 if index < staff_total % len(sections) else 0)):
            name, *_rest = rng.choice(STAFF_POSITIONS)
            staff.append(
                Employee(
                    instansi=instansi,
                    unit=unit,
                    position=positions[(unit.code, name)],
                    supervisor=heads[unit.code],
                    **people.person(senior=False),
                )
            )
    Employee.objects.bulk_create(staff, batch_size=2000)
    total += len(staff)
    return BuiltOrganisation(instansi, len(units), total)


def give_logins(instansi: Instansi, *, password: str = DEMO_PASSWORD) -> int:
    """A login for every active employee without one, all with the same demo password.

    The password is hashed once: argon2 per user would take minutes for a few hundred people.
    """
    hashed = make_password(password)
    employees = Employee.objects.filter(instansi=instansi, is_active=True, user__isnull=True).values_list(
        "pk", "nip", "name", "front_title", "back_title"
    )
    users = [
        User(username=nip, password=hashed, full_name=rules.full_name(name, ft, bt), instansi=instansi, employee_id=pk)
        for pk, nip, name, ft, bt in employees
    ]
    User.objects.bulk_create(users, batch_size=1000)
    return len(users)


@dataclass
class Story:
    """The people of the demo's story in one region: a chain of supervision from a member of staff
    up to the Sekda, all in the first section of the Dinas Kesehatan, plus the BKPSDM admin.
    Every seeder and ``print_demo_logins`` read it from here, so they tell the same story."""

    pegawai: Employee | None
    atasan: Employee | None  # supervises the pegawai (Kepala Seksi)
    kabid: Employee | None  # supervises the atasan (Kepala Bidang: atasan pejabat penilai)
    kadis: Employee | None  # head of the Dinas (unit head)
    sekda: Employee | None  # pimpinan
    admin: User | None
    colleagues: list[Employee]  # the rest of the bidang's staff, the pegawai's peers

    @property
    def chain(self) -> list[Employee]:
        return [e for e in (self.pegawai, self.atasan, self.kabid, self.kadis, self.sekda) if e is not None]


STORY_SECTION = "DINKES-B1-S1"


def story(instansi: Instansi) -> Story:
    """Finds the story's people (a handful of indexed queries; nothing is created)."""
    staff = list(
        Employee.objects.filter(instansi=instansi, unit__code__startswith="DINKES-B1-S", is_active=True)
        .exclude(position__kind=Position.Kind.PENGAWAS)
        .select_related("unit", "position", "supervisor__supervisor__supervisor__supervisor", "user")
        .order_by("unit__code", "nip")
    )
    pegawai = next((e for e in staff if e.unit.code == STORY_SECTION), staff[0] if staff else None)
    atasan = pegawai.supervisor if pegawai else None
    kabid = atasan.supervisor if atasan else None
    kadis = kabid.supervisor if kabid else None
    sekda = Employee.objects.filter(instansi=instansi, unit__code="SETDA", unit__depth=0, supervisor__isnull=True)
    admin = User.objects.filter(instansi=instansi, role=User.Role.ADMIN).order_by("username").first()
    return Story(
        pegawai=pegawai,
        atasan=atasan,
        kabid=kabid,
        kadis=kadis,
        sekda=sekda.first(),
        admin=admin,
        colleagues=[e for e in staff if e != pegawai],
    )


def user_of(employee: Employee | None) -> User | None:
    return getattr(employee, "user", None) if employee is not None else None


def seed_organisation(
    *, code: str, name: str, kind: str, province: str, tz: str, kecamatan: list[str], employees: int, index: int
) -> tuple[Instansi, BuiltOrganisation | None]:
    """One demo region with its organisation and logins; (instansi, None) when it already exists."""
    instansi, created = Instansi.objects.get_or_create(
        code=code, defaults={"name": name, "kind": kind, "province": province, "timezone": tz}
    )
    if not created and instansi.employees.exists():
        return instansi, None
    built = build_organisation(
        instansi=instansi, employees=employees, seed=1000 + index, kecamatan=kecamatan, sequence_start=100 * index
    )
    give_logins(instansi)
    # Roles: the Sekda reads everything (pimpinan); a BKPSDM staff member administers.
    sekda = Employee.objects.get(instansi=instansi, unit__code="SETDA")
    User.objects.filter(employee=sekda).update(role=User.Role.PIMPINAN)
    admin = (
        Employee.objects.filter(
            instansi=instansi,
            unit__path__startswith=instansi.units.get(code="BKPSDM").path,
            unit__depth=2,
            subordinates__isnull=True,
        )
        .order_by("nip")
        .first()
    )
    User.objects.filter(employee=admin).update(role=User.Role.ADMIN)
    return instansi, built


def demo_accounts(instansi: Instansi) -> list[tuple[str, User]]:
    """Logins by role label for the seeders that want users: admin, pimpinan, pegawai (the
    story's) and "atasan": the head of the Dinas Kesehatan's second bidang, a supervisor of
    supervisors, whose bidang the insight seeder calibrates without touching the story's."""
    s = story(instansi)
    second = (
        Employee.objects.filter(
            instansi=instansi, unit__code="DINKES-B2", position__unit__head_position=models.F("position")
        )
        .select_related("user")
        .first()
    )
    pairs = [("admin", s.admin), ("pimpinan", user_of(s.sekda)), ("atasan", user_of(second or s.kabid))]
    pairs.append(("pegawai", user_of(s.pegawai)))
    return [(label, u) for label, u in pairs if u is not None]
