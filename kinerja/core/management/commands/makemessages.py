"""Django's makemessages, also extracting
- ``_l(...)``: forms that translate messages when called (``gettext as _``) import the lazy
  gettext as ``_l`` for their labels;
- the stored-message markers of ``kinerja.core.i18n`` (``deferred``, ``ndeferred``,
  ``pdeferred``), so their msgids reach the .po file like ``_()``."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [
        *makemessages.Command.xgettext_options,
        "--keyword=_l",
        "--keyword=deferred",
        "--keyword=ndeferred:1,2",
        "--keyword=pdeferred:1c,2",
    ]
