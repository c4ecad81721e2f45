"""locale/en/LC_MESSAGES/django.po is the reviewed source of the English translation (the file
translators edit in Poedit or Weblate). These tests fail when a string is untranslated or fuzzy,
when the .po does not compile, or when the committed .mo is older than the .po.

To fix: `make messages` (extracts new strings into the .po), translate the listed msgids in the
.po (a plural needs both forms; a msgctxt distinguishes the same Indonesian word in two senses,
e.g. the survey's "Baik" and the predikat's), then `make messages` again to compile the .mo."""

import pathlib
import subprocess

import polib
import pytest

PO = pathlib.Path(__file__).resolve().parents[3] / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def _label(entry: polib.POEntry) -> str:
    where = ", ".join(f"{path}:{line}" for path, line in entry.occurrences[:2])
    context = f"[{entry.msgctxt}] " if entry.msgctxt else ""
    plural = f" | plural: {entry.msgid_plural!r}" if entry.msgid_plural else ""
    return f"  {context}{entry.msgid!r}{plural}  ({where})"


def test_every_string_is_translated_and_none_is_fuzzy():
    po = polib.pofile(str(PO))
    fuzzy = [e for e in po if "fuzzy" in e.flags and not e.obsolete]
    untranslated = [e for e in po.untranslated_entries() if "fuzzy" not in e.flags]
    half_plural = [
        e for e in po if e.msgid_plural and not e.obsolete and not all((e.msgstr_plural or {0: ""}).values())
    ]
    problems = []
    if untranslated:
        problems.append(f"{len(untranslated)} untranslated msgid(s) in {PO.name}:")
        problems += [_label(e) for e in untranslated]
    if fuzzy:
        problems.append(f"{len(fuzzy)} fuzzy msgid(s) (review, then remove the fuzzy flag):")
        problems += [_label(e) for e in fuzzy]
    if half_plural:
        problems.append(f"{len(half_plural)} plural msgid(s) missing a form:")
        problems += [_label(e) for e in half_plural if e not in untranslated]
    assert not problems, "\n".join(problems)


def test_the_po_declares_english_plural_forms():
    po = polib.pofile(str(PO))
    assert po.metadata.get("Plural-Forms", "").startswith("nplurals=2; plural=(n != 1)")


def test_the_po_compiles_and_the_committed_mo_is_current(tmp_path):
    compiled = tmp_path / "django.mo"
    result = subprocess.run(["msgfmt", "--check-format", "-o", str(compiled), str(PO)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    po = polib.pofile(str(PO))
    mo = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in polib.mofile(str(MO))}
    stale = [
        e
        for e in po.translated_entries()
        if mo.get((e.msgctxt, e.msgid)) != (e.msgstr, e.msgstr_plural or {})
        and mo.get((e.msgctxt, e.msgid), ("", {}))[0] != e.msgstr
    ]
    assert not stale, "locale/en/LC_MESSAGES/django.mo is older than the .po; run `make messages`:\n" + "\n".join(
        _label(e) for e in stale[:20]
    )


@pytest.mark.parametrize(
    ("context", "msgid", "english"),
    [
        ("pengaduan diterima", "Masuk", "Received"),
        ("pengaduan", "Selesai", "Resolved"),
        ("survei", "Baik", "Good"),
    ],
)
def test_words_with_two_senses_are_told_apart_by_context(context, msgid, english):
    from django.utils import translation

    with translation.override("en"):
        assert translation.pgettext(context, msgid) == english
        assert translation.gettext("Masuk") == "Log in"


def test_plurals_follow_the_number():
    from django.utils import translation

    with translation.override("en"):
        assert translation.ngettext("%(n)s pegawai", "%(n)s pegawai", 1) % {"n": 1} == "1 employee"
        assert translation.ngettext("%(n)s pegawai", "%(n)s pegawai", 5) % {"n": 5} == "5 employees"
