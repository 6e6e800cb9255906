"""Every console route: only an owner's session, only the owner's points, CSRF on every form,
the idle timeout, logout; employees cannot log in to the console."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select, update

from pvz_central.console import routes, sessions
from pvz_central.models import Camera, ConsoleSession, Deduction, User
from tests.central.console.conftest import Browser
from tests.central.harness import PASSWORD, Central

# Each console route with a request that would change something (POST) or show a point's data (GET).
# ``{p}`` is the point in the path.
ROUTES: list[tuple[str, str, dict]] = [
    ("GET", "/console/p/{p}/", {}),
    ("GET", "/console/p/{p}/report.csv", {}),
    ("GET", "/console/p/{p}/staff", {}),
    ("POST", "/console/p/{p}/staff", {"login": "new1", "name": "Новиков Н.", "password": "temp-pass"}),
    ("POST", "/console/p/{p}/staff/emp2/disable", {}),
    ("POST", "/console/p/{p}/staff/emp2/enable", {}),
    ("POST", "/console/p/{p}/staff/emp2/reset", {}),
    ("POST", "/console/p/{p}/staff/emp2/move", {"to": "p2"}),
    ("GET", "/console/p/{p}/deductions", {}),
    ("POST", "/console/p/{p}/deductions", {"day": "2026-12-01", "amount": "500", "reason": "Штраф"}),
    ("POST", "/console/p/{p}/deductions/1", {"status": "won"}),
    ("GET", "/console/p/{p}/cameras", {}),
    ("POST", "/console/p/{p}/cameras", {"name": "Касса 1", "workstation": "counter-1", "offset": "0"}),
    ("POST", "/console/p/{p}/cameras/1/delete", {}),
    ("GET", "/console/p/{p}/parcel", {}),
    ("GET", "/console/p/{p}/parcels/0000000001-0001-1", {}),
    ("GET", "/console/p/{p}/parcels/0000000001-0001-1/evidence.pdf", {}),
    ("GET", "/console/p/{p}/photos/" + "0" * 64, {}),
    ("GET", "/console/p/{p}/shifts/2026-12-01/emp1/counter-1", {}),
    ("GET", "/console/p/{p}/shifts/2026-12-01/emp1/counter-1/evidence.pdf", {}),
]
# Routes of no point: the session itself.
SESSION_ROUTES = [
    ("GET", "/console/switch", {}),
    ("GET", "/console/password", {}),
    ("POST", "/console/password", {}),
    ("POST", "/console/logout", {}),
]
OPEN_ROUTES = {
    ("GET", "/console/"),
    ("GET", "/console/login"),
    ("POST", "/console/login"),
    ("GET", "/console/lang/{code}"),
}


def _path(template: str) -> str:
    """The route's own path pattern of a concrete request."""
    for concrete, pattern in (
        ("{p}", "{point}"),
        ("/staff/emp2/disable", "/staff/{login}/{action}"),
        ("/deductions/1", "/deductions/{deduction_id}"),
        ("/cameras/1/", "/cameras/{camera_id}/"),
        ("/parcels/0000000001-0001-1", "/parcels/{posting}"),
        ("/photos/" + "0" * 64, "/photos/{sha256}"),
        ("/shifts/2026-12-01/emp1/counter-1", "/shifts/{day}/{login}/{workstation}"),
    ):
        template = template.replace(concrete, pattern)
    return template


def test_the_tables_name_every_route_of_the_console():
    declared = set()
    for route in routes.router.routes:
        for method in route.methods:  # type: ignore[attr-defined]
            declared.add((method, route.path))  # type: ignore[attr-defined]
    tested = {(m, _path(p)) for m, p, _ in ROUTES + SESSION_ROUTES if "/staff/emp2/" not in p or "disable" in p}
    assert declared == tested | OPEN_ROUTES


def _counts(central: Central) -> tuple:
    with central.db.read() as s:
        users = tuple(s.execute(select(User.id, User.active, User.point_id, User.password_hash).order_by(User.id)))
        return (
            users,
            s.scalar(select(func.count()).select_from(Deduction)),
            s.scalar(select(func.count()).select_from(Camera)),
        )


def _other_point_data(central: Central) -> None:
    """An employee, a deduction and a camera of owner2's point p2 (ids 1), for owner1 to try."""
    from pvz_central.seed import create_user

    create_user(central.db, "emp2", "Петров П.", "secret-pass", "p2", "employee")
    with central.db.write() as s:
        s.add(
            Deduction(
                point_id="p2",
                day=__import__("datetime").date(2026, 12, 1),
                amount=100,
                reason="x",
                posting_number="",
                shift="",
                status="recorded",
                created_by="owner2",
            )
        )
        s.add(Camera(point_id="p2", name="Касса", workstation="", clock_offset_s=0))


def _send(b: Browser, method: str, path: str, data: dict, **kw):
    return b.get(path, **kw) if method == "GET" else b.post(path, data, **kw)


def test_without_a_session_every_route_sends_to_the_login_page_and_changes_nothing(two_points):
    _other_point_data(two_points)
    before = _counts(two_points)
    b = Browser(two_points.url)
    for method, template, data in ROUTES + SESSION_ROUTES:
        r = _send(b, method, template.replace("{p}", "p1"), data, allow_redirects=False)
        assert r.status_code == 303, (method, template)
        assert r.headers["location"].startswith("/console/login?next=")
    assert _counts(two_points) == before


def test_another_owners_point_is_refused_on_every_route_and_changes_nothing(browser, two_points):
    _other_point_data(two_points)
    before = _counts(two_points)
    for method, template, data in ROUTES:
        for point in ("p2", "nope"):
            r = _send(browser, method, template.replace("{p}", point), data)
            assert r.status_code == 403, (method, template, point, r.status_code)
            assert "Нет доступа к этому пункту." in r.text
    assert _counts(two_points) == before


def test_another_owners_records_are_not_reachable_through_the_owners_own_points(browser, two_points):
    """emp2, deduction 1 and camera 1 belong to p2: through p1 or «all» they are not found, and
    nothing is added to p2 or moved there through «all»."""
    _other_point_data(two_points)
    before = _counts(two_points)
    for method, template, data in ROUTES:
        if method != "POST":
            continue
        adds = template.endswith(("/staff", "/deductions", "/cameras"))
        for point in ("all",) if adds else ("p1", "all"):
            r = browser.post(template.replace("{p}", point), {**data, "to": "p2", "point": "p2"})
            assert r.status_code in (400, 403), (template, point, r.status_code)
    assert _counts(two_points) == before


def test_every_form_without_the_sessions_csrf_token_is_refused_and_changes_nothing(browser, two_points):
    before = _counts(two_points)
    for method, template, data in ROUTES + SESSION_ROUTES:
        if method != "POST":
            continue
        for token in (None, "forged"):
            body = {**data, "new_password": "another-pass", "again": "another-pass"}
            if token:
                body["csrf"] = token
            r = browser.post(template.replace("{p}", "p1"), body, csrf=False)
            assert r.status_code == 403, (template, token)
            assert "Форма устарела" in r.text
    assert _counts(two_points) == before
    assert browser.get("/console/p/p1/").status_code == 200  # still logged in (logout was refused too)


def test_the_login_form_itself_needs_its_csrf_cookie(two_points):
    b = Browser(two_points.url)
    r = b.post("/console/login", {"login": "owner1", "password": "secret-pass"}, csrf=False)
    assert r.status_code == 403 and sessions.COOKIE not in b.http.cookies


def test_employees_cannot_log_in_to_the_console(two_points):
    b = Browser(two_points.url)
    r = b.login("emp1")
    assert r.status_code == 403
    assert "Консоль — для владельцев пунктов" in r.text
    assert sessions.COOKIE not in b.http.cookies
    with two_points.db.read() as s:
        assert s.scalar(select(func.count()).select_from(ConsoleSession)) == 0


def test_a_wrong_password_is_answered_on_the_form(two_points):
    b = Browser(two_points.url)
    r = b.login("owner1", "wrong-pass")
    assert r.status_code == 200 and "Неверный логин или пароль." in r.text
    assert sessions.COOKIE not in b.http.cookies


def test_the_session_cookie_is_httponly_samesite_and_scoped_to_the_console(two_points):
    b = Browser(two_points.url)
    b.get("/console/login")
    r = b.post("/console/login", {"login": "owner1", "password": "secret-pass"}, allow_redirects=False)
    cookie = next(v for k, v in r.headers.items() if k.lower() == "set-cookie" and v.startswith(sessions.COOKIE))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/console" in cookie
    assert "Secure" not in cookie  # plain http on 127.0.0.1; behind TLS the scheme is https and it is set
    with two_points.db.read() as s:
        stored = s.scalar(select(ConsoleSession.token_hash))
    assert stored != b.http.cookies[sessions.COOKIE]  # only the hash is kept


def _idle(central: Central, for_: timedelta) -> None:
    """The session was last used ``for_`` ago (its creation moved back as much)."""
    with central.db.write() as s:
        row = s.scalar(select(ConsoleSession))
        row.last_seen -= for_
        row.created_at -= for_


def test_an_idle_session_expires_and_the_next_request_goes_to_the_login_page(browser, two_points):
    assert browser.get("/console/p/p1/").status_code == 200
    _idle(two_points, sessions.IDLE_TIMEOUT + timedelta(seconds=1))
    r = browser.get("/console/p/p1/staff", allow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/console/login?next=/console/p/p1/staff&expired=1"
    with two_points.db.read() as s:
        assert s.scalar(select(func.count()).select_from(ConsoleSession)) == 0
    page = browser.get(r.headers["location"])
    assert "Сеанс истёк" in page.text


def test_a_session_just_inside_the_idle_timeout_is_kept_and_touched(browser, two_points):
    _idle(two_points, sessions.IDLE_TIMEOUT - timedelta(seconds=30))
    assert browser.get("/console/p/p1/").status_code == 200
    with two_points.db.read() as s:
        assert s.scalar(select(ConsoleSession.last_seen)) > s.scalar(select(ConsoleSession.created_at))


def test_logout_ends_the_session_on_the_server(browser, two_points):
    token = browser.http.cookies[sessions.COOKIE]
    assert browser.post("/console/logout", allow_redirects=False).status_code == 303
    replay = Browser(two_points.url)
    replay.http.cookies.set(sessions.COOKIE, token, path="/console")
    assert replay.get("/console/p/p1/", allow_redirects=False).status_code == 303


def test_a_disabled_owner_account_loses_its_console_session(browser, two_points):
    with two_points.db.write() as s:
        s.execute(update(User).where(User.id == "owner1").values(active=False))
    assert browser.get("/console/p/p1/", allow_redirects=False).status_code == 303


def test_the_switcher_offers_only_the_owners_points_and_refuses_another(browser):
    page = browser.get("/console/p/all/").text
    assert "ПВЗ Тверская 1" in page and "ПВЗ Лесная 3" in page and "ПВЗ Арбат 5" not in page
    r = browser.get("/console/switch?to=p3&section=staff", allow_redirects=False)
    assert r.headers["location"] == "/console/p/p3/staff"
    assert browser.get("/console/switch?to=p2").status_code == 403


def test_pages_forbid_framing_and_scripts(browser):
    r = browser.get("/console/p/all/")
    assert r.headers["X-Frame-Options"] == "DENY"
    assert "script-src 'none'" in r.headers["Content-Security-Policy"]
    assert "<script" not in r.text


def test_english_is_switchable_and_russian_is_the_default(browser):
    assert "Сводка" in browser.get("/console/p/all/").text
    browser.get("/console/lang/en?next=/console/p/all/")
    page = browser.get("/console/p/all/").text
    assert "Dashboard" in page and "Сводка" not in page


def test_the_counters_owner_menu_link_leads_through_the_login_to_its_point(two_points):
    """«Владелец → Открыть консоль» opens /console/switch?to=<point> in a browser with no session."""
    b = Browser(two_points.url)
    page = b.get("/console/switch?to=p3")
    assert "/console/login" in page.url
    nxt = re.search(r'name="next" value="([^"]*)"', page.text).group(1)
    assert nxt == "/console/switch?to=p3"
    r = b.post("/console/login", {"login": "owner1", "password": PASSWORD, "next": nxt})
    assert r.status_code == 200 and r.url.endswith("/console/p/p3/")
    assert "ПВЗ Лесная 3" in r.text
