"""The API's error shape in the user's language.

django-ninja answers bad input with pydantic's English messages ("Input should be a valid
integer") and its own ("Cannot parse request body", "Unauthorized"). Here every one of them is
said in the language of the request (Indonesian by default), keeping the shape clients already
read: ``{"detail": [{"type", "loc", "msg"}]}`` for field errors, ``{"detail": "..."}`` otherwise.
"""

import logging

from django.db import DataError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as SchemaError

logger = logging.getLogger(__name__)

# pydantic error type → message; %(name)s placeholders come from the error's ``ctx``.
MESSAGES = {
    "missing": gettext_lazy("Wajib diisi."),
    "string_type": gettext_lazy("Harus berupa teks."),
    "string_too_short": gettext_lazy("Paling sedikit %(min_length)s karakter."),
    "string_too_long": gettext_lazy("Paling banyak %(max_length)s karakter."),
    "string_pattern_mismatch": gettext_lazy("Isinya tidak sesuai dengan pilihan yang diterima."),
    "int_type": gettext_lazy("Harus berupa bilangan bulat."),
    "int_parsing": gettext_lazy("Harus berupa bilangan bulat."),
    "int_from_float": gettext_lazy("Harus berupa bilangan bulat."),
    "float_type": gettext_lazy("Harus berupa angka."),
    "float_parsing": gettext_lazy("Harus berupa angka."),
    "decimal_type": gettext_lazy("Harus berupa angka."),
    "decimal_parsing": gettext_lazy("Harus berupa angka."),
    "finite_number": gettext_lazy("Harus berupa angka yang terhingga."),
    "decimal_max_digits": gettext_lazy("Paling banyak %(max_digits)s digit."),
    "decimal_max_places": gettext_lazy("Paling banyak %(decimal_places)s angka di belakang koma."),
    "decimal_whole_digits": gettext_lazy("Bagian bulatnya terlalu panjang."),
    "greater_than_equal": gettext_lazy("Paling kecil %(ge)s."),
    "greater_than": gettext_lazy("Harus lebih besar dari %(gt)s."),
    "less_than_equal": gettext_lazy("Paling besar %(le)s."),
    "less_than": gettext_lazy("Harus lebih kecil dari %(lt)s."),
    "bool_type": gettext_lazy("Harus bernilai true atau false."),
    "bool_parsing": gettext_lazy("Harus bernilai true atau false."),
    "date_type": gettext_lazy("Tanggal tidak sah; tulis sebagai TTTT-BB-HH."),
    "date_parsing": gettext_lazy("Tanggal tidak sah; tulis sebagai TTTT-BB-HH."),
    "date_from_datetime_parsing": gettext_lazy("Tanggal tidak sah; tulis sebagai TTTT-BB-HH."),
    "date_from_datetime_inexact": gettext_lazy("Tanggal tidak sah; tulis sebagai TTTT-BB-HH."),
    "time_type": gettext_lazy("Jam tidak sah; tulis sebagai JJ:MM."),
    "time_parsing": gettext_lazy("Jam tidak sah; tulis sebagai JJ:MM."),
    "datetime_type": gettext_lazy("Waktu tidak sah."),
    "datetime_parsing": gettext_lazy("Waktu tidak sah."),
    "datetime_from_date_parsing": gettext_lazy("Waktu tidak sah."),
    "uuid_type": gettext_lazy("Harus berupa UUID."),
    "uuid_parsing": gettext_lazy("Harus berupa UUID."),
    "list_type": gettext_lazy("Harus berupa daftar."),
    "too_short": gettext_lazy("Paling sedikit %(min_length)s butir."),
    "too_long": gettext_lazy("Paling banyak %(max_length)s butir."),
    "dict_type": gettext_lazy("Harus berupa objek."),
    "model_type": gettext_lazy("Harus berupa objek."),
    "model_attributes_type": gettext_lazy("Harus berupa objek."),
    "json_invalid": gettext_lazy("JSON tidak sah."),
    "json_type": gettext_lazy("JSON tidak sah."),
    "enum": gettext_lazy("Pilihan tidak dikenal."),
    "literal_error": gettext_lazy("Pilihan tidak dikenal."),
    "value_error": gettext_lazy("Nilai tidak sah."),
}
INVALID = gettext_lazy("Nilai tidak sah.")


def field_message(error: dict) -> str:
    template = MESSAGES.get(error.get("type", ""), INVALID)
    try:
        return str(template) % error.get("ctx", {}) if "%(" in str(template) else str(template)
    except (KeyError, TypeError, ValueError):
        return str(INVALID)


def translated(errors: list[dict]) -> list[dict]:
    return [{"type": e.get("type"), "loc": e.get("loc"), "msg": field_message(e)} for e in errors]


def install(api: NinjaAPI) -> None:
    """Registers the handlers on the API object (kinerja.api.api)."""

    @api.exception_handler(SchemaError)
    def schema_error(request, exc: SchemaError):
        return api.create_response(request, {"detail": translated(exc.errors)}, status=422)

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        if isinstance(exc, AuthenticationError):
            message = _("Masuk terlebih dahulu: kirim header Authorization: Bearer <token> yang berlaku.")
        elif isinstance(exc, Throttled):
            message = _("Terlalu banyak permintaan. Coba lagi nanti.")
        elif exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
            message = _("Isi permintaan tidak dapat dibaca: kirim JSON yang sah.")
        else:
            message = str(exc)
        return api.create_response(request, {"detail": message}, status=exc.status_code)

    # The database refused a value no field check caught (a number past the integer range): the
    # caller sent it, so it is a 422 with a message, not a 500. The service's transaction rolled back.
    @api.exception_handler(DataError)
    @api.exception_handler(OverflowError)
    def out_of_range(request, exc):
        logger.warning("API input refused by the database: %s %s: %s", request.method, request.path, exc)
        message = _("Ada nilai di luar jangkauan yang dapat disimpan. Periksa angka yang dikirim.")
        return api.create_response(request, {"detail": message}, status=422)
