"""The console in a real browser: Debian's Chromium driven by Playwright (never a downloaded browser).

An owner of two points logs in, switches points, adds an employee, sees today's figures after a
counter (the real sync client) issued a parcel, records a deduction, opens the parcel's evidence
pack and saves its PDF, whose text (pdftotext) names the events and the camera. On a phone-sized
screen no page is wider than the screen. ``PVZ_CONSOLE_SCREENSHOTS=docs/screenshots`` also writes
the README's screenshots.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from pvz_central.seed import create_point, grant_point
from tests.central.console.test_evidence import issue_one, pdf_text
from tests.central.harness import PASSWORD, Central, fresh_database, login, make_counter, start_central

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = os.environ.get("PVZ_CONSOLE_SCREENSHOTS")


def _browser_or_skip() -> None:
    missing = [
        n for n, ok in (("chromium", Path(CHROMIUM).exists()), ("pdftotext", shutil.which("pdftotext"))) if not ok
    ]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{', '.join(missing)} not installed: .ci/run installs them from Debian")
        pytest.skip(f"{', '.join(missing)} not installed (apt-get install chromium poppler-utils)")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Central]:
    central = start_central(fresh_database("sqlite", tmp_path))
    create_point(central.db, "p3", "ПВЗ Лесная 3")
    grant_point(central.db, "owner1", "p3")
    yield central
    central.close()


@pytest.fixture
def chromium() -> Iterator:
    _browser_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield browser
        browser.close()


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"console-{name}.png"), full_page=False)


def test_an_owner_of_two_points_works_through_the_console(server, chromium, tmp_path):
    counter = make_counter(tmp_path, "counter-1", server.url, "emp1")
    try:
        posting = issue_one(server, login(server.url, "owner1"), counter)
    finally:
        counter.store.close()
    context = chromium.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True, locale="ru-RU")
    page = context.new_page()
    base = server.url

    page.goto(f"{base}/console/")
    page.fill("input[name=login]", "owner1")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/console/p/all/")
    assert page.locator("h1").inner_text() == "Сводка: Все пункты"

    # Switch to the point where the counter issued the parcel today: its figures show it.
    page.select_option("#switcher select[name=to]", "p1")
    page.click("#switcher button")
    page.wait_for_url(f"{base}/console/p/p1/")
    assert page.locator("[data-figure=issued] b").inner_text() == "1"
    assert page.locator("[data-figure=accepted] b").inner_text() == "1"
    assert page.locator("[data-figure=customers] b").inner_text() == "1"
    assert "Кузнецов Д." in page.locator("#per-employee").inner_text()
    _shot(page, "dashboard")
    page.select_option("#switcher select[name=to]", "p3")
    page.click("#switcher button")
    page.wait_for_url(f"{base}/console/p/p3/")
    assert page.locator("[data-figure=issued] b").inner_text() == "0"

    # A new employee at p3.
    page.click("nav >> text=Сотрудники")
    page.fill("#add-employee input[name=login]", "ivanova")
    page.fill("#add-employee input[name=name]", "Иванова А.")
    page.fill("#add-employee input[name=password]", "first-pass")
    page.click("#add-employee button")
    page.wait_for_url(f"{base}/console/p/p3/staff?done=1")
    assert "Иванова А." in page.locator("#staff").inner_text()
    assert "сменит пароль при входе" in page.locator("tr[data-login=ivanova]").inner_text()

    # Cameras of p1, then a deduction for the parcel.
    page.goto(f"{base}/console/p/p1/cameras")
    page.fill("#add-camera input[name=name]", "Касса 1")
    page.fill("#add-camera input[name=workstation]", "counter-1")
    page.fill("#add-camera input[name=offset]", "2")
    page.click("#add-camera button")
    page.wait_for_url(f"{base}/console/p/p1/cameras?done=1")
    page.click("nav >> text=Удержания")
    page.fill("#add-deduction input[name=amount]", "1500")
    page.fill("#add-deduction input[name=reason]", "Клиент не получил товар")
    page.fill("#add-deduction input[name=posting]", posting)
    page.select_option("#add-deduction select[name=employee]", "emp1")
    page.click("#add-deduction button")
    page.wait_for_url(f"{base}/console/p/p1/deductions?done=1")
    assert "1\xa0500,00\xa0₽" in page.locator("#per-person").inner_text()
    _shot(page, "deductions")

    # The parcel's evidence pack, from the deduction's link, and its PDF.
    page.click(f"#deductions >> text={posting}")
    page.wait_for_url(f"{base}/console/p/p1/parcels/{posting}")
    events = page.locator("#events").inner_text()
    assert "принять" in events and "разместить" in events and "выдать" in events  # the ledger's words
    assert "на хранении → выдано" in events
    assert "камера «Касса 1»" in events
    _shot(page, "evidence")
    with page.expect_download() as download:
        page.click("#pdf")
    saved = tmp_path / "saved.pdf"
    download.value.save_as(saved)
    text = pdf_text(saved.read_bytes(), tmp_path)
    assert posting in text and "камера «Касса 1»" in text
    assert all(action in text for action in ("accept", "place", "issue"))
    assert "Кузнецов Д. (emp1)" in text

    # On a phone no page is wider than its screen (tables scroll inside their box).
    phone = chromium.new_context(viewport={"width": 390, "height": 844}, storage_state=context.storage_state())
    small = phone.new_page()
    for path in (
        "/console/p/all/",
        "/console/p/p1/staff",
        "/console/p/p1/deductions",
        f"/console/p/p1/parcels/{posting}",
    ):
        small.goto(base + path)
        assert small.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
    if SHOTS:
        small.goto(base + "/console/p/all/")
        _shot(small, "phone")
    phone.close()

    page.click("text=Выйти")
    page.wait_for_url(f"{base}/console/login")
    page.goto(f"{base}/console/p/p1/")
    assert "/console/login" in page.url
    context.close()
