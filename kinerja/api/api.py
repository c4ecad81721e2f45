"""The API object: authentication, error shape and the routers of each app (no domain code)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Swagger
from ninja.security import SessionAuth

from . import errors
from .auth import TokenAuth

api = NinjaAPI(
    title="Kinerja API",
    version="1",
    description="Manajemen kinerja ASN (PermenPANRB 6/2022). Autentikasi: `Authorization: Bearer <token>` "
    "dari `POST /api/v1/auth/token`.",
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
    # Swagger UI would load its validator badge from validator.swagger.io on a public host:
    # remote offices have poor links, so the docs page loads nothing from outside.
    docs=Swagger(settings={"validatorUrl": None}),
)
errors.install(api)  # ninja's own errors (bad fields, unreadable body, no token) in the user's language


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    detail = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return api.create_response(request, {"detail": _("Anda tidak berhak melakukan tindakan ini.")}, status=403)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": _("Data tidak ditemukan.")}, status=404)


from kinerja.accounts.apis import router as accounts_router  # noqa: E402
from kinerja.activities.apis import router as activities_router  # noqa: E402
from kinerja.appraisal.apis import router as appraisal_router  # noqa: E402
from kinerja.attendance.apis import router as attendance_router  # noqa: E402
from kinerja.citizen.apis import router as citizen_router  # noqa: E402
from kinerja.development.apis import router as development_router  # noqa: E402
from kinerja.frontdesk.apis import router as frontdesk_router  # noqa: E402
from kinerja.insight.apis import router as insight_router  # noqa: E402
from kinerja.notifications.apis import router as notifications_router  # noqa: E402
from kinerja.org.apis import router as org_router  # noqa: E402
from kinerja.recognition.apis import router as recognition_router  # noqa: E402
from kinerja.skp.apis import router as skp_router  # noqa: E402
from kinerja.tpp.apis import router as tpp_router  # noqa: E402

api.add_router("/", accounts_router)
api.add_router("/", org_router)
api.add_router("/", skp_router)
api.add_router("/", activities_router)
api.add_router("/", appraisal_router)
api.add_router("/", citizen_router)
api.add_router("/", notifications_router)
api.add_router("/", attendance_router)
api.add_router("/", tpp_router)
api.add_router("/", recognition_router)
api.add_router("/", development_router)
api.add_router("/", frontdesk_router)
api.add_router("/wawasan", insight_router)
