"""Messages that are stored now and read later, in the reader's language.

A notification, an import error or a background job's outcome is written once (often by a
request in someone else's language, or by the worker with no language at all) and read many
times by people who chose Indonesian or English. Storing the translated sentence freezes the
writer's language; so these are stored as the Indonesian *msgid* with its parameters and
translated when shown::

    from kinerja.core.i18n import deferred, ndeferred

    text = deferred("SKP %(year)s Anda disetujui") % {"year": 2026}
    text.to_json()        # {"m": "SKP %(year)s Anda disetujui", "p": {"year": 2026}}
    str(text)             # in the active language: "Your 2026 SKP was approved"
    render(stored)        # a stored dict (or an old plain string) in the active language

``deferred``/``ndeferred``/``pdeferred`` are extracted by ``makemessages`` (our
``kinerja.core`` command adds them as xgettext keywords), so their msgids land in the .po file
like any ``_("...")``. A parameter that is itself a lazy translation (a choice label such as a
status) is stored as its own msgid and translated at read time too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext, npgettext, pgettext


def _param(value: Any) -> Any:
    """A parameter as it can be stored in JSON: text, numbers, nested messages."""
    if isinstance(value, Message):
        return value
    if isinstance(value, Promise):
        # A lazy label (gettext_lazy): its msgid is what it renders to with no language active.
        with translation.override(None):
            return Message(str(value))
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


class Message:
    """An untranslated message with its parameters; ``str()`` translates it now."""

    __slots__ = ("msgid", "plural", "count", "context", "params")

    def __init__(
        self,
        msgid: str,
        *,
        plural: str = "",
        count: str = "",
        context: str = "",
        params: Mapping[str, Any] | tuple | list | None = None,
    ) -> None:
        self.msgid = str(msgid)
        self.plural = plural
        self.count = count  # the name of the parameter that picks the plural form
        self.context = context
        # Named parameters (a dict), or positional ones (a tuple) for a "%s" msgid.
        self.params: dict[str, Any] | tuple
        if isinstance(params, tuple | list):
            self.params = tuple(_param(v) for v in params)
        else:
            self.params = {str(k): _param(v) for k, v in (params or {}).items()}

    def __mod__(self, params: Mapping[str, Any] | tuple) -> Message:
        if isinstance(params, tuple) or isinstance(self.params, tuple):
            merged: Any = params
        else:
            merged = {**self.params, **params}
        return Message(self.msgid, plural=self.plural, count=self.count, context=self.context, params=merged)

    def __str__(self) -> str:
        params: Any
        if isinstance(self.params, tuple):
            params = tuple(str(v) if isinstance(v, Message) else v for v in self.params)
        else:
            params = {k: str(v) if isinstance(v, Message) else v for k, v in self.params.items()}
        if self.plural:
            number = params.get(self.count, 0) if isinstance(params, dict) else 0
            number = number if isinstance(number, int) else 0
            if self.context:
                template = npgettext(self.context, self.msgid, self.plural, number)
            else:
                template = ngettext(self.msgid, self.plural, number)
        else:
            template = pgettext(self.context, self.msgid) if self.context else gettext(self.msgid)
        if not params:
            return template
        try:
            return template % params
        except (KeyError, ValueError, TypeError):
            # A translation that lost or mistyped a placeholder must not hide the message.
            try:
                return self.msgid % params
            except (KeyError, ValueError, TypeError):
                return self.msgid

    def __repr__(self) -> str:
        return f"Message({self.msgid!r}, params={self.params!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Message) and self.to_json() == other.to_json()

    def __hash__(self) -> int:
        return hash((self.msgid, self.plural, self.context))

    def in_language(self, language: str) -> str:
        with translation.override(language):
            return str(self)

    def to_json(self) -> dict:
        data: dict[str, Any] = {"m": self.msgid}
        if isinstance(self.params, tuple) and self.params:
            data["p"] = [v.to_json() if isinstance(v, Message) else v for v in self.params]
        elif self.params:
            data["p"] = {k: v.to_json() if isinstance(v, Message) else v for k, v in self.params.items()}
        if self.plural:
            data["pl"], data["n"] = self.plural, self.count
        if self.context:
            data["c"] = self.context
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Message:
        stored = data.get("p") or {}
        params: Any
        if isinstance(stored, list):
            params = tuple(cls.from_json(v) if _is_message(v) else v for v in stored)
        else:
            params = {k: cls.from_json(v) if _is_message(v) else v for k, v in stored.items()}
        return cls(
            data["m"], plural=data.get("pl", ""), count=data.get("n", ""), context=data.get("c", ""), params=params
        )


def _is_message(value: Any) -> bool:
    return isinstance(value, Mapping) and isinstance(value.get("m"), str)


def deferred(msgid: str, /, **params: Any) -> Message:
    """``_()`` for text that is stored and read later: ``deferred("Hai %(name)s") % {"name": n}``."""
    return Message(msgid, params=params)


def ndeferred(singular: str, plural: str, count: str, /, **params: Any) -> Message:
    """A plural message; ``count`` names the parameter whose number picks the form."""
    return Message(singular, plural=plural, count=count, params=params)


def pdeferred(context: str, msgid: str, /, **params: Any) -> Message:
    """A message with a translation context (``pgettext``)."""
    return Message(msgid, context=context, params=params)


def concat(*parts: Message | str, sep: str = " ") -> Message:
    """Messages shown one after the other (each translated on its own)."""
    keys = [f"part{i}" for i in range(len(parts))]
    return Message(sep.join(f"%({k})s" for k in keys), params=dict(zip(keys, parts, strict=True)))


def to_json(value: Any) -> Any:
    """A message as stored (its dict); anything else as text."""
    if isinstance(value, Message):
        return value.to_json()
    return str(value)


def render(value: Any) -> str:
    """A stored message (dict) in the active language; old rows stored plain text: unchanged."""
    if isinstance(value, Message):
        return str(value)
    if _is_message(value):
        return str(Message.from_json(value))
    if value is None:
        return ""
    return str(value)
