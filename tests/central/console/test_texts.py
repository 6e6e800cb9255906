"""Every Russian text the console shows has its English line (templates, refusals, CSV labels)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from pvz_central.auth_routes import WRONG_LOGIN
from pvz_central.console import i18n

CONSOLE = Path(i18n.__file__).parent
IN_TEMPLATE = re.compile(r'_\(\s*"([^"]+)"\s*\)')
CYRILLIC = re.compile(r"[А-Яа-яЁё]")


def _template_texts() -> set[str]:
    texts: set[str] = set()
    for template in (CONSOLE / "templates").glob("*.html"):
        source = template.read_text(encoding="utf-8")
        texts |= set(IN_TEMPLATE.findall(source))
        # Labels of the figure cards, periods and statuses are passed through _(label) from tuples.
        for block in re.findall(r"\(\((.*?)\)\)", source, re.S):
            texts |= {t for t in re.findall(r'"([^"]+)"', block) if CYRILLIC.search(t)}
    return texts


def _route_texts() -> set[str]:
    """Every Russian string constant of ``routes.py``: refusals, login answers, the CSV's labels
    (``Неверные данные: <field>`` is translated by its part before the colon)."""
    tree = ast.parse((CONSOLE / "routes.py").read_text(encoding="utf-8"))
    texts: set[str] = set()
    formatted = {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}
    for node in ast.walk(tree):
        constant = isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in formatted
        if constant and CYRILLIC.search(node.value):
            texts.add(node.value.split(":")[0] if node.value.startswith("Неверные данные") else node.value)
    return texts


def _texts() -> set[str]:
    # The login answer shared with the counter's page, and the ledger's words (statuses, actions).
    return _template_texts() | _route_texts() | {WRONG_LOGIN} | set(i18n.LEDGER_EN)


def test_every_console_text_has_its_english_line():
    texts = _texts()
    assert len(texts) > 80  # the scan found the texts at all
    missing = sorted(t for t in texts if t not in i18n.EN)
    assert missing == []


def test_no_english_line_is_left_over_and_none_is_cyrillic():
    texts = _texts()
    assert sorted(set(i18n.EN) - texts) == []
    assert [en for en in i18n.EN.values() if CYRILLIC.search(en)] == []


def test_the_ledgers_words_have_the_counters_english():
    """Statuses and actions read the same in the console as at the counter, in both languages."""
    import xml.etree.ElementTree as ET

    from pvz_desktop.core.statuses import ACTION_LABELS, STATUS_LABELS

    catalogue = Path(__file__).parents[3] / "resources" / "translations" / "pvz_en.ts"
    counter = {m.findtext("source"): m.findtext("translation") for m in ET.parse(catalogue).iter("message")}
    for code, label in [*STATUS_LABELS.items(), *ACTION_LABELS.items()]:
        word = i18n.status_word(code) if code in STATUS_LABELS else i18n.action_word(code)
        assert word == str(label)
        assert i18n.EN.get(word) == counter[str(label)], code
    assert i18n.status_word(None) == "—" and i18n.status_word("made_up") == "made_up"
