"""What the cashier reads without asking: the amount due for all that is ready, an amber banner
for a passport check, each tab's prompt on the banner, and an F-key on every action button."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from pvz_desktop.gui.pages.registry import PAGE_KEYS
from tests.gui.pages.test_issuance import make_customer

# Buttons that filter a list rather than act (the storage-deadline counters on «Отправления»).
NOT_ACTIONS = {"deadline_overdue", "deadline_today", "deadline_tomorrow"}


def test_amount_due_is_for_all_that_is_ready_with_the_scanned_part_beside(counter, point):
    code, cash, adult, _transit, _other = make_customer(point)
    counter.scan(code)
    page = counter.page("issuance")
    # Nothing scanned yet: the card still says what the customer will pay (1 500 ₽), not 0.
    assert page.state.total_due == 0
    assert "1\u202f500,00" in page.total.text() and page.scanned.text().endswith(" 0,00 ₽")
    counter.scan(adult)  # an 18+ parcel paid online: still nothing confirmed to pay
    assert "1\u202f500,00" in page.total.text() and page.scanned.text().endswith(" 0,00 ₽")
    counter.scan(cash)
    assert "1\u202f500,00" in page.total.text() and page.scanned.text() == ""  # all scanned: one figure


def test_a_passport_check_is_amber_not_green(counter, point):
    code, _cash, adult, _transit, _other = make_customer(point)
    counter.scan(code)
    tone, text = counter.scan(adult)
    assert tone == "warn" and "F6" in text
    banner = counter.feedback.banner
    assert banner.property("tone") == "warn"
    image = banner.grab().toImage()
    assert image.pixelColor(image.width() // 2, 4).name() == "#f9a825"


def test_each_tab_shows_its_prompt_not_the_last_answer(counter, point):
    window = counter.window
    assert window.current_page().key == "issuance"
    assert counter.banner == ("idle", window.page("issuance").prompt()) and counter.banner[1]
    counter.scan("junk-code")
    assert counter.banner[0] == "error"
    seen = set()
    for key in PAGE_KEYS:
        window.show_page(key)
        tone, text = counter.banner
        assert tone == "idle" and text == window.page(key).prompt() and text, key
        seen.add(text)
    assert len(seen) == len(PAGE_KEYS)  # every tab says its own thing
    # A customer at the counter: the prompt names them.
    code, *_ = make_customer(point)
    counter.scan(code)
    window.show_page("ledger")
    window.show_page("issuance")
    assert "Иванова" in counter.banner[1]


def test_every_action_button_shows_its_f_key(counter):
    missing = []
    for page in counter.window.pages():
        for button in page.findChildren(QPushButton):
            name = button.objectName()
            if not name or name in NOT_ACTIONS:
                continue
            key = button.shortcut().toString()
            label = button.text()
            if key and label.startswith(key + " "):
                continue
            if label.startswith(("Enter ", "Esc ")):  # the form's own keys
                continue
            missing.append(f"{page.key}: {name} {label!r} ({key or 'no key'})")
    assert missing == []
