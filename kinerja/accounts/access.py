"""Role checks shared by every app: who may change anything at all."""

from django.core.exceptions import PermissionDenied


def require_writer(user) -> None:
    """Pimpinan (the head of region, the Sekda) reads everything in their instansi and changes
    nothing, even as an employee with their own SKP: every writing page and operation calls this
    (the API before it reads the body), so a refusal never depends on what was sent."""
    if not user.is_authenticated or user.is_pimpinan:
        raise PermissionDenied
