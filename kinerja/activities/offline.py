"""The daily log as an installable web app that works without a connection (docs/offline.md):
the page whose shell the service worker keeps, the service worker itself and the manifest.

Entries typed offline wait in the phone's IndexedDB and are sent through the API
(`POST /api/v1/activities/with-photos`, `PUT /api/v1/activities/{id}`); nothing here writes.
"""

import json

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from kinerja.accounts.access import require_writer

from . import selectors, services
from .models import STATUS_LABELS
from .views import _me

# Entries of the log the page carries for correcting offline (the most recent first).
RECENT = 20
# The static files the log needs offline: cached when the service worker installs.
SHELL_STATIC = [
    "vendor/bootstrap.min.css",
    "css/kinerja.css",
    "css/offline.css",
    "vendor/bootstrap.bundle.min.js",
    "vendor/htmx.min.js",
    "js/base.js",
    "vendor/idb.umd.js",
    "vendor/workbox-window.prod.umd.js",
    "js/offline-log.js",
    "img/kinerja-192.png",
]
# workbox-sw loads these modules by name; each from our own static files, never a CDN.
WORKBOX_MODULES = ["core", "routing", "strategies", "expiration"]


def _messages() -> dict[str, str]:
    """What js/offline-log.js says, in the user's language (rendered into the page: CSP-safe)."""
    return {
        "online": _("Tersambung"),
        "offline": _("Luring: catatan disimpan di ponsel"),
        "sending": _("Mengirim…"),
        "elsewhere": _(
            "Halaman yang Anda buka tidak tersedia tanpa sambungan. Catatan kegiatan tetap bisa diisi di sini."
        ),
        "saved": _("Disimpan di ponsel; dikirim begitu ada sambungan."),
        "need_description": _("Uraian kegiatan wajib diisi."),
        "need_time": _("Isi jam mulai dan selesai, atau durasi."),
        "session": _("Sesi Anda berakhir. Masuk lagi untuk mengirim; catatan tetap tersimpan di ponsel."),
        "server_error": _("Server sedang bermasalah; catatan dicoba kirim lagi nanti."),
        "edit": _("Ubah"),
        "fix": _("Perbaiki"),
        "resend": _("Kirim ulang"),
        "discard": _("Buang"),
        "discard_confirm": _("Buang catatan ini dari ponsel? Isinya hilang."),
        "mine": _("Versi saya (ponsel ini)"),
        "theirs": _("Versi tersimpan di server"),
        "use_mine": _("Pakai versi saya"),
        "use_theirs": _("Pakai versi server"),
        "kept_theirs": _("Versi server dipakai; perubahan di ponsel ini dibuang."),
        "editing": _("Mengubah kegiatan %(date)s. Perubahan dikirim sebagai koreksi."),
        "photo": _("foto"),
        "remove_photo": _("Hapus foto"),
        "minutes": _("mnt"),
        "open": _("Lihat"),
        "empty": _("Tidak ada."),
        "other_duties": _("Tugas lain"),
        "field_date": _("Tanggal"),
        "field_start_time": _("Mulai"),
        "field_end_time": pgettext("jam", "Selesai"),
        "field_minutes": _("Durasi"),
        "field_description": _("Uraian kegiatan"),
        "field_indicator_id": _("Indikator"),
        "field_quantity": _("Jumlah keluaran"),
        "field_photos": _("Foto"),
    }


@login_required
@require_safe
def log(request):
    """The offline log: a form and the lists of what waits, was sent or was refused. Its shell is
    kept by the service worker; the lists are drawn from IndexedDB by js/offline-log.js.
    Pimpinan change nothing, so they have no log to keep (403)."""
    require_writer(request.user)
    me = _me(request)
    period = services.period_for(me.instansi, services.today_for(me))
    indicators = [
        {"id": i.pk, "text": f"{i.text} ({i.target:g} {i.target_unit})" if i.target is not None else i.text}
        for i in services.indicators_for(me, period)
    ]
    recent = [
        {
            "id": a.pk,
            "version": a.version,
            "date": a.date.isoformat(),
            "start_time": a.start_time.strftime("%H:%M") if a.start_time else "",
            "end_time": a.end_time.strftime("%H:%M") if a.end_time else "",
            "minutes": a.minutes,
            "description": a.description,
            "indicator_id": a.indicator_id,
            "quantity": str(a.quantity),
            "status": a.status,
            "status_label": str(STATUS_LABELS.get(a.status, a.status)),
            "return_comment": a.return_comment,
        }
        for a in selectors.my_log(me).exclude(status="deleted")[:RECENT]
    ]
    context = {
        "messages_js": _messages(),
        "today": services.today_for(me),
        "indicators": indicators,
        "recent": recent,
        "status_labels": {key: str(label) for key, label in STATUS_LABELS.items()},
    }
    return render(request, "activities/offline.html", context)


@require_safe
@cache_control(no_cache=True)
def service_worker(request):
    """The service worker, served from /kegiatan/ with the whole site as its scope (the header
    allows it): the log's shell and static files offline, and any page asked for offline
    answered by the log. Rendered so that the static URLs are those of the current deploy."""
    config = {
        "workbox": static("vendor/workbox-sw.js"),
        "modules": {f"workbox-{name}": static(f"vendor/workbox-{name}.prod.js") for name in WORKBOX_MODULES},
        "precache": [static(path) for path in SHELL_STATIC],
        "shell": reverse("activities:offline"),
        "logout": reverse("accounts:logout"),
        "login": reverse("accounts:login"),
        "static": settings.STATIC_URL,
    }
    # JSON inside JavaScript: "<" escaped as in json_script (no static path has one, but never trust it).
    context = {"config": json.dumps(config).replace("<", "\\u003c")}
    response = render(request, "activities/sw.js", context, content_type="text/javascript")
    response["Service-Worker-Allowed"] = "/"
    return response


@require_safe
@cache_control(max_age=3600)
def manifest(request):
    """The web app manifest: installing puts the log on the phone's home screen."""
    data = {
        "name": _("Kinerja — catatan kegiatan harian"),
        "short_name": _("Kinerja"),
        "description": _("Catat kegiatan harian, juga tanpa sinyal; terkirim saat tersambung kembali."),
        "lang": request.LANGUAGE_CODE,
        "start_url": reverse("activities:offline"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b5394",
        "icons": [
            {"src": static("img/kinerja-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/kinerja-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("img/kinerja-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    return JsonResponse(data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False})
