"""Django's makemessages, also reading ``_l(...)``: forms that translate messages when called
(``gettext as _``) import the lazy gettext as ``_l`` for their labels."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=_l"]
