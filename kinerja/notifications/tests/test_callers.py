"""Every caller of ``notify`` passes an untranslated message (``deferred``/``ndeferred``), never
text already translated into the sender's language (``_()``, ``gettext``, ``ngettext``): a source
scan, so a new caller that slips back to ``_()`` fails here."""

import ast
from pathlib import Path

import kinerja

TRANSLATING = {"_", "gettext", "ngettext", "pgettext", "npgettext"}


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _translated_now(node: ast.AST) -> bool:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return _translated_now(node.left)
    return isinstance(node, ast.Call) and _name(node.func) in TRANSLATING


def test_no_notify_call_passes_translated_text():
    root = Path(kinerja.__file__).parent
    offenders = []
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and "notify" in _name(node.func):
                values = [*node.args, *(k.value for k in node.keywords)]
                if any(_translated_now(v) for v in values):
                    offenders.append(f"{path.relative_to(root)}:{node.lineno}")
    assert offenders == []
