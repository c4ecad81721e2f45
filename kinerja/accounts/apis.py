import datetime as dt

from django.contrib.auth import authenticate
from ninja import Router, Schema, Status

from kinerja.org import access

from . import lockout
from .models import ApiToken

router = Router(tags=["akun"])

TOKEN_TTL = dt.timedelta(days=30)


class TokenIn(Schema):
    nip: str
    password: str


class TokenOut(Schema):
    token: str
    expires_at: dt.datetime


class ErrorOut(Schema):
    detail: str


class LockedOut(Schema):
    detail: str
    retry_after_minutes: int


class MeOut(Schema):
    username: str
    full_name: str
    role: str
    roles: list[str]
    instansi: str | None
    employee_id: int | None


@router.post("/auth/token", auth=None, response={200: TokenOut, 401: ErrorOut, 429: LockedOut})
def token_create(request, payload: TokenIn):
    """Exchanges a NIP and password for a bearer token (valid 30 days). Locked out like the login page."""
    user = authenticate(request, username=payload.nip.replace(" ", ""), password=payload.password)
    if getattr(request, "axes_locked_out", False):
        # The same limits and answer as the login page (kinerja.accounts.lockout), in JSON.
        message, minutes = lockout.lockout_message(request, getattr(request, "axes_credentials", None))
        return Status(429, {"detail": message, "retry_after_minutes": minutes})
    if user is None:
        return Status(401, {"detail": lockout.failed_login_message(request)})
    token, key = ApiToken.issue(user, name="api", ttl=TOKEN_TTL)
    return Status(200, {"token": key, "expires_at": token.expires_at})


@router.get("/me", response=MeOut)
def me(request):
    user = request.auth
    return {
        "username": user.username,
        "full_name": user.full_name,
        "role": user.role,
        "roles": sorted(access.roles_of(user)),
        "instansi": user.instansi.code if user.instansi_id else None,
        "employee_id": user.employee_id,
    }
