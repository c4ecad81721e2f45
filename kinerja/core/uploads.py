"""The steps every bulk upload shares (``core.models.UploadBatch``): a dry run kept with its
preview, then an application that validates the kept file again (the data may have changed since)
and writes it in one transaction, or writes nothing. Each import supplies its own ``validate``
(file → preview and rows) and ``write`` (rows → database); the preview names every bad row."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import UploadBatch


class Preview(Protocol):
    @property
    def valid(self) -> bool: ...

    def as_summary(self) -> dict: ...


def keep_preview(
    model: type[UploadBatch], *, instansi, content: bytes, filename: str, by, preview: Preview, max_bytes: int
) -> UploadBatch:
    """The dry run's record: the file (unless it is over ``max_bytes``, when only the preview is
    kept and it cannot be applied), its preview and who uploaded it."""
    return model.objects.create(
        instansi=instansi,
        filename=filename[:200],
        content=content if len(content) <= max_bytes else b"",
        status=model.Status.PREVIEWED if preview.valid else model.Status.INVALID,
        summary=preview.as_summary(),
        created_by=by,
    )


def apply_kept(
    batch: UploadBatch,
    *,
    validate: Callable[[Any, bytes], tuple[Preview, Any]],
    write: Callable[[Any, Any, Preview], None],
) -> Preview:
    """Applies a previewed batch once: validated again and written in one transaction; a file that
    is no longer valid is marked so and writes nothing."""
    if batch.status != batch.Status.PREVIEWED:
        raise ValidationError(
            _("Impor ini tidak dapat diterapkan (status: %(s)s).") % {"s": batch.get_status_display()}
        )
    with transaction.atomic():
        preview, rows = validate(batch.instansi, bytes(batch.content))
        if preview.valid:
            write(batch.instansi, rows, preview)
            batch.status = batch.Status.APPLIED
            batch.applied_at = timezone.now()
        else:
            batch.status = batch.Status.INVALID
        batch.summary = preview.as_summary()
        batch.save(update_fields=["summary", "status", "applied_at", "updated_at"])
    return preview


def apply_from_page(request, batch: UploadBatch, *, apply: Callable, preview_url: str, applied) -> HttpResponse:
    """The "apply" button of an upload's preview page: applies the batch and tells what happened
    (``applied(preview)`` is the success message), or why nothing was written; back to the preview."""
    try:
        preview = apply(batch=batch)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(preview_url)
    if preview.valid:
        messages.success(request, applied(preview))
    else:
        messages.error(request, _("Data berubah sejak pratinjau dan file kini tidak valid. Tidak ada yang disimpan."))
    return redirect(preview_url)
