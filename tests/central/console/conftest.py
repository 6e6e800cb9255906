"""Console tests: the real server on 127.0.0.1 (SQLite and PostgreSQL), a browser-like HTTP session.

owner1 owns p1 («ПВЗ Тверская 1») and p3 («ПВЗ Лесная 3»); owner2 owns p2; emp1, emp1b work at p1.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import requests

from pvz_central.seed import create_point, grant_point
from tests.central.harness import PASSWORD, Central

THIRD_POINT = "p3"


class Browser:
    """A cookie jar and the CSRF token of the last page, as a person's browser would have them."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.http = requests.Session()
        self.csrf = ""

    def get(self, path: str, **kw) -> requests.Response:
        r = self.http.get(self.url + path, timeout=15, **kw)
        found = re.search(r'name="csrf" value="([^"]+)"', r.text)
        if found:
            self.csrf = found.group(1)
        return r

    def post(self, path: str, data: dict | None = None, *, csrf: bool = True, **kw) -> requests.Response:
        body = dict(data or {})
        if csrf:
            body["csrf"] = self.csrf
        return self.http.post(self.url + path, data=body, timeout=15, **kw)

    def login(self, login: str, password: str = PASSWORD) -> requests.Response:
        self.get("/console/login")
        return self.post("/console/login", {"login": login, "password": password, "next": ""})


@pytest.fixture
def two_points(central: Central) -> Central:
    create_point(central.db, THIRD_POINT, "ПВЗ Лесная 3")
    grant_point(central.db, "owner1", THIRD_POINT)
    return central


@pytest.fixture
def browser(two_points: Central) -> Iterator[Browser]:
    b = Browser(two_points.url)
    r = b.login("owner1")
    assert r.status_code == 200 and r.url.endswith("/console/p/all/"), (r.status_code, r.url)
    b.get("/console/p/all/")
    yield b
    b.http.close()
