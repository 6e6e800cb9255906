"""HTTP side of the owner console (``/console/…``): login, dashboard, staff, deductions, cameras,
evidence packs. Every page needs an owner's console session; every form carries the session's
CSRF token; a point in the path must be one of the owner's (``all`` = every one of them)."""

from __future__ import annotations

import csv
import io
import re
import secrets
from datetime import date
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from pvz_central import login_throttle
from pvz_central.auth_routes import WRONG_LOGIN, verify_login
from pvz_central.console import cameras, charts, deductions, evidence, pdf, reports, sessions, staff
from pvz_central.console.i18n import LANG_COOKIE, LANGUAGES, translator
from pvz_central.console.pages import HEADERS, language, page
from pvz_central.console.periods import PERIODS, Period, zone
from pvz_central.deps import Services, services
from pvz_central.models import Point, User
from pvz_central.passwords import hash_password
from pvz_desktop.core.clock import utcnow
from pvz_desktop.core.errors import DomainError

router = APIRouter(prefix="/console", include_in_schema=False)
ALL = "all"
LOGIN_CSRF = "pvz_console_login"
Svc = Annotated[Services, Depends(services)]


class LoginNeeded(Exception):
    """No console session (none, idled out, logged out): to the login page."""


class Refused(Exception):
    def __init__(self, message: str, status: int = 403) -> None:
        super().__init__(message)
        self.message, self.status = message, status


def install(app: FastAPI) -> None:
    app.include_router(router)

    @app.exception_handler(LoginNeeded)
    def _login(request: Request, _exc: LoginNeeded) -> Response:
        query = f"?{request.url.query}" if request.url.query else ""
        target = request.url.path + query if request.method == "GET" else "/console/"
        return RedirectResponse(f"/console/login?next={quote(target)}&expired=1", 303, headers=HEADERS)

    @app.exception_handler(Refused)
    def _refused(request: Request, exc: Refused) -> Response:
        return page(request, "error.html", exc.status, message=translator(language(request))(exc.message))


def current(request: Request, svc: Svc) -> sessions.OwnerSession:
    owner = sessions.resume(svc.db, request.cookies.get(sessions.COOKIE))
    if owner is None:
        raise LoginNeeded
    return owner


Owner = Annotated[sessions.OwnerSession, Depends(current)]


async def posted(request: Request, owner: Owner) -> tuple[sessions.OwnerSession, FormData]:
    """A form of the session: its CSRF token must be the session's."""
    form = await request.form()
    if not sessions.csrf_ok(owner.csrf, str(form.get("csrf") or "")):
        raise Refused("Форма устарела (нет защитного кода): обновите страницу и повторите.")
    return owner, form


Posted = Annotated[tuple[sessions.OwnerSession, FormData], Depends(posted)]


def scope(owner: sessions.OwnerSession, point: str) -> list[str]:
    """The points a page shows: one of the owner's, or all of them."""
    if point == ALL:
        return list(owner.points)
    if point not in owner.points:
        raise Refused("Нет доступа к этому пункту.")
    return [point]


def _field(form: FormData, name: str) -> str:
    return str(form.get(name) or "")[:1000]


def _view(request: Request, owner: sessions.OwnerSession, point: str, template: str, **context: Any) -> Response:
    status = context.pop("status", 200)
    return page(request, template, status, owner=owner, point=point, points=owner.points, **context)


def _back(url: str) -> RedirectResponse:
    return RedirectResponse(url, 303, headers=HEADERS)


# --- login, logout, language ---


@router.get("/")
def home(request: Request, svc: Svc) -> Response:
    owner = sessions.resume(svc.db, request.cookies.get(sessions.COOKIE))
    if owner is None:
        return _back("/console/login")
    if owner.must_change_password:
        return _back("/console/password")
    return _back(f"/console/p/{ALL if len(owner.points) > 1 else next(iter(owner.points), ALL)}/")


def _login_page(request: Request, error: str = "", status: int = 200, login: str = "") -> Response:
    token = secrets.token_urlsafe(24)
    nxt = request.query_params.get("next", "")
    expired = request.query_params.get("expired") == "1"
    response = page(request, "login.html", status, error=error, login=login, csrf=token, next=nxt, expired=expired)
    secure = request.url.scheme == "https"
    response.set_cookie(LOGIN_CSRF, token, httponly=True, samesite="strict", secure=secure, path="/console")
    return response


@router.get("/login")
def login_form(request: Request) -> Response:
    return _login_page(request)


@router.post("/login")
async def login_submit(request: Request, svc: Svc) -> Response:
    form = await request.form()
    if not sessions.csrf_ok(request.cookies.get(LOGIN_CSRF, ""), str(form.get("csrf") or "")):
        return _login_page(request, "Форма устарела (нет защитного кода): обновите страницу и повторите.", 403)
    login = _field(form, "login").strip()[:64]
    password = _field(form, "password")[:256]
    address = request.client.host if request.client else ""
    limited = login_throttle.begin_attempt(svc.db, login, address)
    if limited is not None:
        response = _login_page(request, "Слишком много попыток: повторите позже.", 429, login)
        response.headers["Retry-After"] = str(limited.retry_after)
        return response
    user = verify_login(svc.db, login, password)
    if user is None:
        return _login_page(request, WRONG_LOGIN, 200, login)
    if user.role != "owner":
        return _login_page(request, "Консоль — для владельцев пунктов. Сотрудники работают за стойкой.", 403, login)
    token = sessions.start(svc.db, user.id)
    nxt = _field(form, "next")
    target = nxt if nxt.startswith("/console/") and not nxt.startswith("//") else "/console/"
    response = _back(target)
    response.set_cookie(
        sessions.COOKIE, token, httponly=True, samesite="lax", secure=request.url.scheme == "https", path="/console"
    )
    response.delete_cookie(LOGIN_CSRF, path="/console")
    return response


@router.post("/logout")
def logout(request: Request, svc: Svc, _form: Posted) -> Response:
    sessions.end(svc.db, request.cookies.get(sessions.COOKIE))
    response = _back("/console/login")
    response.delete_cookie(sessions.COOKIE, path="/console")
    return response


@router.get("/lang/{code}")
def switch_language(request: Request, code: str) -> Response:
    nxt = request.query_params.get("next", "/console/")
    response = _back(nxt if nxt.startswith("/console/") and not nxt.startswith("//") else "/console/")
    if code in LANGUAGES:
        response.set_cookie(LANG_COOKIE, code, samesite="lax", path="/console", max_age=365 * 24 * 3600)
    return response


@router.get("/password")
def password_form(request: Request, owner: Owner) -> Response:
    return _view(request, owner, ALL, "password.html", error="")


@router.post("/password")
def password_change(request: Request, svc: Svc, posted_form: Posted) -> Response:
    owner, form = posted_form
    new, again = _field(form, "new_password"), _field(form, "again")
    error = ""
    if len(new) < staff.MIN_PASSWORD:
        error = f"Пароль — не короче {staff.MIN_PASSWORD} знаков."
    elif new != again:
        error = "Пароли не совпадают."
    if error:
        return _view(request, owner, ALL, "password.html", error=error, status=400)
    with svc.db.write() as session:
        user = session.get(User, owner.user_id)
        assert user is not None
        user.password_hash, user.must_change_password = hash_password(new), False
    return _back("/console/")


@router.get("/switch")
def switch_point(owner: Owner, request: Request) -> Response:
    to = request.query_params.get("to", ALL)
    section = request.query_params.get("section", "")
    scope(owner, to)
    return _back(f"/console/p/{to}/{section if section in SECTIONS else ''}")


SECTIONS = ("staff", "deductions", "cameras")


# --- dashboard and CSV ---


def _period(request: Request, points: list[str], svc: Services) -> Period:
    kind = request.query_params.get("period", "day")
    text = request.query_params.get("date", "")
    if kind not in PERIODS:
        raise Refused("Неверные данные: period", 400)
    if text:
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise Refused("Неверные данные: date", 400) from None
    else:
        with svc.db.read() as session:
            first = session.get(Point, points[0]) if points else None
        day = utcnow().astimezone(zone(first.time_zone)).date() if first else utcnow().date()
    return Period.of(kind, day)


@router.get("/p/{point}/")
def dashboard(request: Request, point: str, owner: Owner, svc: Svc) -> Response:
    points = scope(owner, point)
    period = _period(request, points, svc)
    with svc.db.read() as session:
        fig = reports.figures(session, points, period)
        # «All points»: each point's own figures beside each other.
        per_point = [(p, reports.figures(session, [p], period)) for p in points] if point == ALL else []
    _ = translator(language(request))
    return _view(
        request,
        owner,
        point,
        "dashboard.html",
        fig=fig,
        per_point=per_point,
        period=period,
        employees=reports.per_employee_rows(fig),
        limit=reports.ACCEPTANCE_LIMIT,
        chart_days=charts.per_day(_("Выдано по дням"), fig.per_day) if len(fig.per_day) > 1 else "",
        chart_hours=charts.per_hour(_("Выдано по часам"), fig.per_hour),
    )


@router.get("/p/{point}/report.csv")
def report_csv(request: Request, point: str, owner: Owner, svc: Svc) -> Response:
    points = scope(owner, point)
    period = _period(request, points, svc)
    with svc.db.read() as session:
        fig = reports.figures(session, points, period)
    _ = translator(language(request))
    out = io.StringIO()
    w = csv.writer(out, delimiter=";")
    w.writerow([_("Период"), period.first.isoformat(), period.last.isoformat()])
    t = fig.totals
    for label, value in (
        ("Принято", t.accepted),
        ("Выдано", t.issued),
        ("Возвращено покупателями", t.returned),
        ("Принято к отправке", t.dropped_off),
        ("Передано курьерам", t.handed_to_couriers),
        ("Обслужено покупателей", t.customers),
        ("Недостачи инвентаризации", t.shortages),
        ("Акты расхождений", fig.discrepancy_acts),
        ("Отклонённые операции", fig.refused_operations),
        ("Срок хранения истёк, не в коробе возврата", fig.past_deadline),
        ("закрыто накладных", fig.waybills_closed),
    ):
        w.writerow([_(label), value])
    w.writerow([_("Приёмка накладных") + ", " + _("в среднем") + ", " + _("мин"), page_minutes(fig.acceptance_avg)])
    w.writerow([_("Приёмка накладных") + ", " + _("худшая") + ", " + _("мин"), page_minutes(fig.acceptance_worst)])
    w.writerow([])
    w.writerow(
        [
            _("Сотрудник"),
            _("Принято"),
            _("Выдано"),
            _("Возвращено покупателями"),
            _("Принято к отправке"),
            _("Передано курьерам"),
            _("Обслужено покупателей"),
        ]
    )
    for name, e in reports.per_employee_rows(fig):
        w.writerow([name, e.accepted, e.issued, e.returned, e.dropped_off, e.handed_to_couriers, e.customers])
    name = f"pvz-{point}-{period.kind}-{period.first.isoformat()}.csv"
    # A BOM: Excel opens the file as UTF-8 (Russian words) only with it.
    return Response(
        "\ufeff" + out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={**HEADERS, "Content-Disposition": f'attachment; filename="{name}"'},
    )


def page_minutes(value: Any) -> str:
    return "" if value is None else f"{value.total_seconds() / 60:.1f}"


# --- staff ---


def _staff_page(request: Request, owner: sessions.OwnerSession, point: str, svc: Services, **extra: Any) -> Response:
    points = scope(owner, point)
    period = Period.of("week", utcnow().date())
    start, end = period.utc_bounds(zone("UTC"))
    with svc.db.read() as session:
        people = staff.employees(session, points)
        shifts = staff.shifts(session, points, start, end)
    return _view(request, owner, point, "staff.html", people=people, shifts=shifts, **extra)


@router.get("/p/{point}/staff")
def staff_list(request: Request, point: str, owner: Owner, svc: Svc) -> Response:
    return _staff_page(request, owner, point, svc, error="", temporary=None)


@router.post("/p/{point}/staff")
def staff_add(request: Request, point: str, svc: Svc, posted_form: Posted) -> Response:
    owner, form = posted_form
    scope(owner, point)
    target = point if point != ALL else _field(form, "point")
    try:
        staff.add(svc.db, owner.points, target, _field(form, "login"), _field(form, "name"), _field(form, "password"))
    except DomainError as exc:
        return _staff_page(request, owner, point, svc, error=exc.message, temporary=None, status=400)
    return _back(f"/console/p/{point}/staff?done=1")


@router.post("/p/{point}/staff/{login}/{action}")
def staff_change(request: Request, point: str, login: str, action: str, svc: Svc, posted_form: Posted) -> Response:
    owner, form = posted_form
    owned = {p: owner.points[p] for p in scope(owner, point)}
    temporary = None
    try:
        if action == "disable":
            staff.set_active(svc.db, owned, login, False)
        elif action == "enable":
            staff.set_active(svc.db, owned, login, True)
        elif action == "reset":
            temporary = (login, staff.reset_password(svc.db, owned, login))
        elif action == "move":
            staff.move(svc.db, {**owned, **owner.points}, login, _field(form, "to"))
        else:
            raise Refused("Неверные данные: action", 404)
    except DomainError as exc:
        return _staff_page(request, owner, point, svc, error=exc.message, temporary=None, status=400)
    if temporary is not None:
        return _staff_page(request, owner, point, svc, error="", temporary=temporary)
    return _back(f"/console/p/{point}/staff?done=1")


# --- deductions ---


def _deductions_page(
    request: Request, owner: sessions.OwnerSession, point: str, svc: Services, **extra: Any
) -> Response:
    points = scope(owner, point)
    with svc.db.read() as session:
        items = deductions.rows(session, points)
        people = staff.employees(session, points)
    return _view(
        request,
        owner,
        point,
        "deductions.html",
        items=items,
        totals=deductions.totals(items),
        people=people,
        statuses=deductions.STATUSES,
        today=utcnow().date().isoformat(),
        **extra,
    )


@router.get("/p/{point}/deductions")
def deductions_list(request: Request, point: str, owner: Owner, svc: Svc) -> Response:
    return _deductions_page(request, owner, point, svc, error="")


@router.post("/p/{point}/deductions")
def deductions_add(request: Request, point: str, svc: Svc, posted_form: Posted) -> Response:
    owner, form = posted_form
    scope(owner, point)
    try:
        try:
            day = date.fromisoformat(_field(form, "day"))
        except ValueError:
            raise DomainError("Дата — в виде ГГГГ-ММ-ДД.") from None
        deductions.record(
            svc.db,
            owner.points,
            point_id=point if point != ALL else _field(form, "point"),
            by=owner.user_id,
            day=day,
            amount=deductions.parse_amount(_field(form, "amount")),
            reason=_field(form, "reason"),
            posting=_field(form, "posting"),
            shift=_field(form, "shift"),
            employee=_field(form, "employee"),
        )
    except DomainError as exc:
        return _deductions_page(request, owner, point, svc, error=exc.message, status=400)
    return _back(f"/console/p/{point}/deductions?done=1")


@router.post("/p/{point}/deductions/{deduction_id}")
def deductions_status(request: Request, point: str, deduction_id: int, svc: Svc, posted_form: Posted) -> Response:
    owner, form = posted_form
    owned = {p: owner.points[p] for p in scope(owner, point)}
    try:
        deductions.set_status(svc.db, owned, deduction_id, _field(form, "status"))
    except DomainError as exc:
        return _deductions_page(request, owner, point, svc, error=exc.message, status=400)
    return _back(f"/console/p/{point}/deductions?done=1")


# --- cameras ---


def _cameras_page(request: Request, owner: sessions.OwnerSession, point: str, svc: Services, **extra: Any) -> Response:
    points = scope(owner, point)
    with svc.db.read() as session:
        rows = cameras.cameras(session, points)
    return _view(request, owner, point, "cameras.html", cameras=rows, **extra)


@router.get("/p/{point}/cameras")
def cameras_list(request: Request, point: str, owner: Owner, svc: Svc) -> Response:
    return _cameras_page(request, owner, point, svc, error="")


@router.post("/p/{point}/cameras")
def cameras_add(request: Request, point: str, svc: Svc, posted_form: Posted) -> Response:
    owner, form = posted_form
    scope(owner, point)
    target = point if point != ALL else _field(form, "point")
    try:
        cameras.add(
            svc.db, owner.points, target, _field(form, "name"), _field(form, "workstation"), _field(form, "offset")
        )
    except DomainError as exc:
        return _cameras_page(request, owner, point, svc, error=exc.message, status=400)
    return _back(f"/console/p/{point}/cameras?done=1")


@router.post("/p/{point}/cameras/{camera_id}/delete")
def cameras_remove(request: Request, point: str, camera_id: int, svc: Svc, posted_form: Posted) -> Response:
    owner, _form = posted_form
    owned = {p: owner.points[p] for p in scope(owner, point)}
    try:
        cameras.remove(svc.db, owned, camera_id)
    except DomainError as exc:
        return _cameras_page(request, owner, point, svc, error=exc.message, status=400)
    return _back(f"/console/p/{point}/cameras?done=1")


# --- evidence pack ---


def _pack(owner: sessions.OwnerSession, point: str, posting: str, svc: Services) -> evidence.Pack:
    owned = {p: owner.points[p] for p in scope(owner, point)}
    with svc.db.read() as session:
        found = evidence.pack(session, owned, posting.strip(), utcnow())
    if found is None:
        raise Refused("Отправление не найдено в ваших пунктах.", 404)
    return found


@router.get("/p/{point}/parcel")
def parcel_find(point: str, owner: Owner, request: Request) -> Response:
    scope(owner, point)
    posting = request.query_params.get("posting", "").strip()
    return _back(f"/console/p/{point}/parcels/{quote(posting, safe='')}")


@router.get("/p/{point}/parcels/{posting}")
def parcel_pack(request: Request, point: str, posting: str, owner: Owner, svc: Svc) -> Response:
    return _view(request, owner, point, "parcel.html", pack=_pack(owner, point, posting, svc))


@router.get("/p/{point}/photos/{sha256}")
def parcel_photo(point: str, sha256: str, owner: Owner, svc: Svc) -> Response:
    """A defect photo of the owner's point, by its hash (the evidence page shows it; the bytes are
    the ones the counter uploaded, so anyone can recheck the SHA-256 the ledger names)."""
    points = scope(owner, point)
    with svc.db.read() as session:
        found = evidence.photo(session, points, sha256.lower())
    if found is None:
        raise Refused("Фото не найдено в ваших пунктах.", 404)
    content_type, data = found
    return Response(data, media_type=content_type, headers=HEADERS)


@router.get("/p/{point}/parcels/{posting}/evidence.pdf")
def parcel_pdf(request: Request, point: str, posting: str, owner: Owner, svc: Svc) -> Response:
    found = _pack(owner, point, posting, svc)
    return _pdf(request, found, f"evidence-{found.posting}.pdf", svc)


def _pdf(request: Request, found: evidence.Pack, name: str, svc: Services) -> Response:
    images: dict[str, bytes] = {}
    with svc.db.read() as session:
        for ph in found.photos:
            kept = evidence.photo(session, [found.point_id], ph.sha256)
            if kept is not None:
                images[ph.sha256] = kept[1]
    try:
        body = pdf.render(found, translator(language(request)), images)
    except DomainError as exc:
        raise Refused(exc.message, 500) from None
    return Response(
        body, media_type="application/pdf", headers={**HEADERS, "Content-Disposition": f'attachment; filename="{name}"'}
    )


def _shift_pack(
    owner: sessions.OwnerSession, point: str, day: str, login: str, workstation: str, svc: Services
) -> evidence.Pack:
    owned = {p: owner.points[p] for p in scope(owner, point)}
    try:
        when = date.fromisoformat(day)
    except ValueError:
        raise Refused("Дата смены — ГГГГ-ММ-ДД.", 404) from None
    with svc.db.read() as session:
        found = evidence.shift_pack(session, owned, point, when, login, workstation, utcnow())
    if found is None:
        raise Refused("Смена не найдена в ваших пунктах.", 404)
    return found


@router.get("/p/{point}/shifts/{day}/{login}/{workstation}")
def shift_page(
    request: Request, point: str, day: str, login: str, workstation: str, owner: Owner, svc: Svc
) -> Response:
    found = _shift_pack(owner, point, day, login, workstation, svc)
    return _view(request, owner, point, "parcel.html", pack=found)


@router.get("/p/{point}/shifts/{day}/{login}/{workstation}/evidence.pdf")
def shift_pdf(request: Request, point: str, day: str, login: str, workstation: str, owner: Owner, svc: Svc) -> Response:
    found = _shift_pack(owner, point, day, login, workstation, svc)
    name = re.sub(r"[^A-Za-z0-9._-]", "_", f"evidence-shift-{day}-{login}-{workstation}")
    return _pdf(request, found, f"{name}.pdf", svc)
