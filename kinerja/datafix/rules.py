"""'My data is wrong': what an employee may report and how a report moves (no Django here).

An employee reports that their recorded supervisor, position or unit is wrong; the admin fixes it
(the change goes through the org services, so it is validated and kept in the master-data
history) or refuses it with a reason. A report is open until then; one open report per subject
at a time. An open report blocks nothing: the SKP is drafted meanwhile (issue #18)."""

from __future__ import annotations

from enum import StrEnum


def _(message: str) -> str:
    """Marks a message for translation; the service translates it when raising."""
    return message


class Subject(StrEnum):
    SUPERVISOR = "supervisor"
    POSITION = "position"
    UNIT = "unit"


class ReportStatus(StrEnum):
    OPEN = "open"
    FIXED = "fixed"
    REFUSED = "refused"


# The Employee field each subject corrects.
FIELD = {Subject.SUPERVISOR: "supervisor", Subject.POSITION: "position", Subject.UNIT: "unit"}
MAX_TEXT = 500
MAX_REASON = 1000


class ReportError(Exception):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


def check_submission(*, subject: str, wanted: str, chosen_id: int | None, current_id: int | None, me: int) -> str:
    """The report's "what it should be" text, checked; raises ReportError by field."""
    if subject not in {s.value for s in Subject}:
        raise ReportError("subject", _("Pilih data yang salah: atasan langsung, jabatan atau unit kerja."))
    wanted = " ".join((wanted or "").split())
    if not wanted and chosen_id is None:
        raise ReportError("wanted", _("Tuliskan data yang seharusnya, misalnya nama dan NIP atasan yang benar."))
    if len(wanted) > MAX_TEXT:
        raise ReportError("wanted", _("Keterangan terlalu panjang (maksimal 500 karakter)."))
    if chosen_id is not None and chosen_id == current_id:
        raise ReportError("wanted", _("Data yang Anda pilih sama dengan yang sudah tercatat."))
    if subject == Subject.SUPERVISOR and chosen_id is not None and chosen_id == me:
        raise ReportError("supervisor_nip", _("Anda tidak dapat menjadi atasan langsung diri sendiri."))
    return wanted


def can_decide(status: str) -> bool:
    return status == ReportStatus.OPEN


def check_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ReportError("reason", _("Tuliskan alasan penolakan agar pegawai tahu apa yang harus dilakukan."))
    if len(reason) > MAX_REASON:
        raise ReportError("reason", _("Alasan terlalu panjang (maksimal 1.000 karakter)."))
    return reason
