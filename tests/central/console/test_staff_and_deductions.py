"""Staff (add, disable, reset the password, move between the owner's points, shifts) and the
deductions register (record, dispute status, totals), through the console's forms."""

from __future__ import annotations

import re

import pytest
import requests
from sqlalchemy import func, select

from pvz_central.models import Deduction, User
from pvz_desktop.auth.errors import AuthError
from pvz_desktop.auth.session import AuthSession
from pvz_desktop.auth.vault import MemoryVault
from tests.central.harness import Central, login


class ChangingBrowser:
    """The counter's login in a browser, typing a new password when the page asks for one."""

    def __init__(self, login: str, password: str, new_password: str = "") -> None:
        self.login, self.password, self.new_password = login, password, new_password
        self.pages: list[str] = []

    def __call__(self, url: str) -> bool:
        with requests.Session() as http:
            page = http.get(url, timeout=15)
            q = re.search(r'name="q" value="([^"]*)"', page.text).group(1).replace("&amp;", "&")
            data = {"q": q, "login": self.login, "password": self.password}
            answer = http.post(url.split("?", maxsplit=1)[0], data=data, allow_redirects=False, timeout=15)
            self.pages.append(answer.text)
            if answer.status_code == 200 and 'name="new_password"' in answer.text and self.new_password:
                data |= {"new_password": self.new_password, "new_password2": self.new_password}
                answer = http.post(url.split("?", maxsplit=1)[0], data=data, allow_redirects=False, timeout=15)
                self.pages.append(answer.text)
            if answer.status_code != 302:
                raise AuthError("refused")
            http.get(answer.headers["Location"], timeout=15)
        return True


def counter_login(central: Central, browser: ChangingBrowser) -> AuthSession:
    auth = AuthSession(central.url, MemoryVault())
    auth.login(open_browser=browser, timeout=15)
    return auth


def _user(central: Central, login_: str) -> User:
    with central.db.read() as s:
        user = s.get(User, login_)
        assert user is not None
        return user


def test_an_employee_added_in_the_console_chooses_a_password_at_the_first_counter_login(browser, two_points):
    browser.get("/console/p/p3/staff")
    r = browser.post("/console/p/p3/staff", {"login": "ivanova", "name": "Иванова А.", "password": "first-pass"})
    assert r.status_code == 200 and "Иванова А." in r.text
    user = _user(two_points, "ivanova")
    assert (user.point_id, user.role, user.must_change_password) == ("p3", "employee", True)
    # Without a new password the login stops at the page asking for one.
    asked = ChangingBrowser("ivanova", "first-pass")
    with pytest.raises(AuthError):
        counter_login(two_points, asked)
    assert "Владелец сбросил ваш пароль: задайте новый." in asked.pages[-1]
    auth = counter_login(two_points, ChangingBrowser("ivanova", "first-pass", "own-pass-1"))
    assert auth.user is not None and auth.user.point_id == "p3"
    assert not _user(two_points, "ivanova").must_change_password
    counter_login(two_points, ChangingBrowser("ivanova", "own-pass-1"))  # the new one works alone now


def test_bad_staff_input_is_answered_and_changes_nothing(browser, two_points):
    browser.get("/console/p/p1/staff")
    with two_points.db.read() as s:
        before = s.scalar(select(func.count()).select_from(User))
    for data, message in (
        ({"login": "emp1", "name": "Дубль", "password": "first-pass"}, "Логин emp1 уже занят."),
        ({"login": "новый", "name": "Н.", "password": "first-pass"}, "Логин: латинские буквы"),
        ({"login": "x1", "name": "Н.", "password": "123"}, "Временный пароль — не короче 6 знаков."),
    ):
        r = browser.post("/console/p/p1/staff", data)
        assert r.status_code == 400 and message in r.text
    with two_points.db.read() as s:
        assert s.scalar(select(func.count()).select_from(User)) == before


def test_disable_reset_and_move_end_the_employees_logins(browser, two_points):
    token = login(two_points.url, "emp1").tokens.access_token
    api = f"{two_points.url}/api/v1/points/p1/changes?since=0&wait=0"

    def works() -> bool:
        return requests.get(api, headers={"Authorization": f"Bearer {token}"}, timeout=10).status_code == 200

    assert works()
    browser.get("/console/p/p1/staff")
    assert browser.post("/console/p/p1/staff/emp1/disable").status_code == 200
    assert not _user(two_points, "emp1").active and not works()
    with pytest.raises(AuthError):
        login(two_points.url, "emp1")
    browser.post("/console/p/p1/staff/emp1/enable")
    token = login(two_points.url, "emp1").tokens.access_token
    assert works()

    page = browser.post("/console/p/p1/staff/emp1/reset")
    temporary = re.search(r"<code>([^<]+)</code>", page.text).group(1)
    assert _user(two_points, "emp1").must_change_password and not works()
    counter_login(two_points, ChangingBrowser("emp1", temporary, "emp1-own-pass"))

    assert browser.post("/console/p/p1/staff/emp1/move", {"to": "p3"}).status_code == 200
    assert _user(two_points, "emp1").point_id == "p3"
    auth = counter_login(two_points, ChangingBrowser("emp1", "emp1-own-pass"))
    assert auth.user is not None and auth.user.point_id == "p3"
    # An owner's own account is not staff to change, nor is another owner's employee.
    assert browser.post("/console/p/p1/staff/owner1/disable").status_code == 400
    assert _user(two_points, "owner1").active


def test_the_staff_page_shows_who_worked_at_which_counter(browser, two_points, counter1, owner):
    from tests.central.console.test_evidence import issue_one

    issue_one(two_points, owner, counter1)
    page = browser.get("/console/p/p1/staff").text
    shifts = page.split('id="shifts"')[1]
    assert "Кузнецов Д." in shifts and "counter-1" in shifts


def test_deductions_are_recorded_disputed_and_totalled(browser, two_points):
    browser.get("/console/p/p1/deductions")
    for day, amount, employee in (
        ("2026-11-03", "1 500", "emp1"),
        ("2026-11-20", "250,50", "emp1b"),
        ("2026-10-31", "1000", ""),
    ):
        r = browser.post(
            "/console/p/p1/deductions",
            {
                "day": day,
                "amount": amount,
                "reason": "Порча товара",
                "posting": "0070000001-0001-1",
                "employee": employee,
            },
        )
        assert r.status_code == 200 and r.url.endswith("?done=1")
    with two_points.db.read() as s:
        ids = {d.amount: d.id for d in s.scalars(select(Deduction))}
    assert set(ids) == {150000, 25050, 100000}
    browser.post(f"/console/p/p1/deductions/{ids[25050]}", {"status": "disputed"})
    browser.post(f"/console/p/p1/deductions/{ids[100000]}", {"status": "won"})
    page = browser.get("/console/p/p1/deductions").text
    month = page.split('id="per-month"')[1].split("</table>")[0]
    assert re.search(r"2026-11</td><td[^>]*>1\xa0750,50\xa0₽</td><td[^>]*>0,00\xa0₽", month)
    assert re.search(r"2026-10</td><td[^>]*>0,00\xa0₽</td><td[^>]*>1\xa0000,00\xa0₽", month)
    people = page.split('id="per-person"')[1].split("</table>")[0]
    assert re.search(r"Кузнецов Д.</td><td[^>]*>1\xa0500,00\xa0₽", people)
    assert re.search(r"Орлова Е.</td><td[^>]*>250,50\xa0₽", people)
    assert "оспаривается" in page


def test_a_bad_deduction_is_answered_and_not_recorded(browser, two_points):
    browser.get("/console/p/p1/deductions")
    for data, message in (
        ({"day": "2026-11-03", "amount": "много", "reason": "x"}, "не число рублей"),
        ({"day": "2026-11-03", "amount": "0", "reason": "x"}, "больше нуля"),
        ({"day": "03.11.2026", "amount": "100", "reason": "x"}, "ГГГГ-ММ-ДД"),
        ({"day": "2026-11-03", "amount": "100", "reason": " "}, "Укажите причину"),
        ({"day": "2026-11-03", "amount": "100", "reason": "x", "employee": "owner2"}, "не найден в ваших пунктах"),
    ):
        r = browser.post("/console/p/p1/deductions", data)
        assert r.status_code == 400 and message in r.text, data
    with two_points.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Deduction)) == 0
    r = browser.post("/console/p/p1/deductions/999", {"status": "won"})
    assert r.status_code == 400
