from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from kinerja.accounts.access import require_writer
from kinerja.accounts.models import ApiToken


class TokenAuth(HttpBearer):
    """``Authorization: Bearer knj_…``. Tokens are stored hashed; expired ones are refused."""

    def authenticate(self, request, token):
        # One query; the employee shares the user's instansi, so it is not joined twice (the
        # busiest endpoints run this on every call: bench/findings.md, scenario 1).
        # The digest is unique: [:1] rather than first(), whose ORDER BY costs a quarter of the
        # lookup's CPU.
        found = next(
            iter(
                ApiToken.objects.select_related("user__instansi", "user__employee").filter(
                    digest=ApiToken.hash_key(token), user__is_active=True
                )[:1]
            ),
            None,
        )
        if found is None or (found.expires_at and found.expires_at <= timezone.now()):
            return None
        employee = found.user.employee
        if employee is not None and employee.instansi_id == found.user.instansi_id:
            employee.instansi = found.user.instansi
        # Touch at most once a minute: the busiest endpoints must not write on every call.
        now = timezone.now()
        if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        # The session middleware ran before the token was read: show and date everything in the
        # token owner's instansi zone (TenantTimezoneMiddleware deactivates it after the request).
        if found.user.instansi is not None:
            timezone.activate(found.user.instansi.tzinfo)
        return found.user


class WriterTokenAuth(TokenAuth):
    """A token of a role that may change things: pimpinan is refused (403) before the body is read."""

    def authenticate(self, request, token):
        user = super().authenticate(request, token)
        if user is not None:
            require_writer(user)
        return user


class WriterSessionAuth(SessionAuth):
    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user:
            require_writer(user)
        return user


# For operations that change data: `@router.post(..., auth=WRITERS)`.
WRITERS = [WriterTokenAuth(), WriterSessionAuth()]
