"""The dashboard's figures against a generated day whose totals the test knows (point p1 in
Moscow time, UTC+3; p3 is the owner's second point, p2 another owner's)."""

from __future__ import annotations

import csv
import io
import re
import uuid
from datetime import date, datetime, timedelta

import pytest

from pvz_central.console import reports
from pvz_central.console.periods import Period
from pvz_central.models import OperationRecord, Shipment, ShipmentEvent, TransportPackage, Waybill
from tests.central.harness import Central

DAY = date(2026, 11, 10)  # a Tuesday
NOW = datetime(2026, 11, 10, 18, 0)  # UTC


def _utc(local_hour: float, day: date = DAY) -> datetime:
    """A Moscow wall-clock time of ``day`` as stored (naive UTC)."""
    return datetime.combine(day, datetime.min.time()) + timedelta(hours=local_hour - 3)


class Day:
    def __init__(self, central: Central) -> None:
        self.central = central
        self.n = 0

    def shipment(self, point: str = "p1", **kw) -> str:
        self.n += 1
        posting = f"{50000000 + self.n:010d}-0001-1"
        with self.central.db.write() as s:
            s.add(Shipment(point_id=point, posting_number=posting, status=kw.pop("status", "stored"), **kw))
        return posting

    def event(
        self,
        action: str,
        at: datetime,
        user: str = "emp1",
        point: str = "p1",
        op: str | None = None,
        posting: str | None = None,
    ) -> None:
        with self.central.db.write() as s:
            s.add(
                ShipmentEvent(
                    point_id=point,
                    posting_number=posting or self.shipment(point),
                    action=action,
                    from_status="stored",
                    to_status="x",
                    op_key=op or str(uuid.uuid4()),
                    user_id=user,
                    workstation="counter-1",
                    occurred_at=at,
                )
            )

    def waybill(self, number: str, first_accept: datetime, closed: datetime, missing_package: bool) -> None:
        with self.central.db.write() as s:
            w = Waybill(point_id="p1", number=number, status="closed", closed_at=closed)
            s.add(w)
            s.flush()
            s.add(
                TransportPackage(
                    waybill_id=w.id, barcode=f"GM{number[-10:]}", state="missing" if missing_package else "received"
                )
            )
            for k in range(3):
                posting = f"{number[-8:]}{k:02d}-0001-1"
                s.add(Shipment(point_id="p1", posting_number=posting, status="stored", waybill_id=w.id))
                s.flush()
                s.add(
                    ShipmentEvent(
                        point_id="p1",
                        posting_number=posting,
                        action="accept",
                        from_status="expected",
                        to_status="received",
                        op_key=str(uuid.uuid4()),
                        user_id="emp1",
                        workstation="counter-1",
                        occurred_at=first_accept + timedelta(minutes=k),
                    )
                )

    def refused(self, at: datetime, status: int = 409, point: str = "p1") -> None:
        with self.central.db.write() as s:
            s.add(
                OperationRecord(
                    key=str(uuid.uuid4()),
                    point_id=point,
                    user_id="emp1",
                    kind="issuance",
                    body_hash="0" * 64,
                    status_code=status,
                    result="{}",
                    created_at=at,
                )
            )


def generate(central: Central) -> None:
    """What happened on DAY (and around it) at p1, p3 and p2."""
    d = Day(central)
    # Two waybills: 60 min and 120 min from the first parcel accepted to the close; the second
    # closed with a package missing (a discrepancy act). 3 + 3 parcels accepted by emp1.
    d.waybill("TN-0000000001", _utc(9), _utc(10), missing_package=False)
    d.waybill("TN-0000000002", _utc(11), _utc(13), missing_package=True)
    # Issued: emp1 gives 4 parcels to 2 customers (2 operations), emp1b 3 parcels to 3 customers.
    for op, hour in (("op-a", 12.2), ("op-a", 12.2), ("op-b", 12.5), ("op-b", 12.5)):
        d.event("issue", _utc(hour), "emp1", op=op)
    for hour in (0.5, 15.1, 15.7):  # 00:30 Moscow is still DAY (21:30 UTC the day before)
        d.event("issue", _utc(hour), "emp1b")
    d.event("customer_return", _utc(14), "emp1b")
    d.event("drop_off", _utc(10.5), "emp1")
    d.event("drop_off", _utc(10.6), "emp1")
    for _ in range(3):
        d.event("hand_to_courier", _utc(16), "emp1b")
    d.event("lose", _utc(17), "emp1")
    d.event("place", _utc(12), "emp1")  # not a counted figure
    # Outside the day in Moscow time: 23:59 the evening before, 00:00 the next day.
    d.event("issue", _utc(-0.02), "emp1")
    d.event("issue", _utc(24), "emp1")
    # Refused operations: two on DAY, one the next day, and an applied one.
    d.refused(_utc(12))
    d.refused(_utc(13))
    d.refused(_utc(25))
    d.refused(_utc(12), status=200)
    # Storage ended and not in a return box: 2 (a stored one, an expired one); not counted: one
    # still in storage time, one already packed, one issued.
    d.shipment(status="stored", storage_deadline=NOW - timedelta(hours=1))
    d.shipment(status="expired", storage_deadline=NOW - timedelta(days=2))
    d.shipment(status="stored", storage_deadline=NOW + timedelta(hours=1))
    d.shipment(status="in_return_box", storage_deadline=NOW - timedelta(days=1))
    d.shipment(status="issued", storage_deadline=NOW - timedelta(days=1))
    # The owner's second point: one parcel issued; another owner's point: five.
    d.event("issue", _utc(12), "owner1", point="p3")
    for _ in range(5):
        d.event("issue", _utc(12), "owner2", point="p2")
    # Earlier in the same week (Monday) and month (the 1st): two and one more issued at p1.
    d.event("issue", _utc(12, date(2026, 11, 9)), "emp1")
    d.event("issue", _utc(12, date(2026, 11, 9)), "emp1")
    d.event("issue", _utc(12, date(2026, 11, 1)), "emp1")


def test_the_day_at_one_point(two_points):
    generate(two_points)
    with two_points.db.read() as s:
        fig = reports.figures(s, ["p1"], Period.of("day", DAY), now=NOW)
    t = fig.totals
    assert (t.accepted, t.issued, t.returned, t.dropped_off, t.handed_to_couriers, t.shortages) == (6, 7, 1, 2, 3, 1)
    assert t.customers == 5
    assert fig.waybills_closed == 2
    assert fig.acceptance_avg == timedelta(minutes=90)
    assert fig.acceptance_worst == timedelta(minutes=120)
    assert fig.waybills_over_limit == 1  # 120 min against the 90 min limit
    assert fig.discrepancy_acts == 1
    assert fig.refused_operations == 2
    assert fig.past_deadline == 2
    emp1, emp1b = fig.per_employee["Кузнецов Д."], fig.per_employee["Орлова Е."]
    assert (emp1.accepted, emp1.issued, emp1.customers, emp1.dropped_off, emp1.shortages) == (6, 4, 2, 2, 1)
    assert (emp1b.issued, emp1b.customers, emp1b.returned, emp1b.handed_to_couriers) == (3, 3, 1, 3)
    assert fig.per_hour[0] == 1 and fig.per_hour[12] == 4 and fig.per_hour[15] == 2 and sum(fig.per_hour) == 7


def test_week_month_and_all_points(two_points):
    generate(two_points)
    with two_points.db.read() as s:
        week = reports.figures(s, ["p1"], Period.of("week", DAY), now=NOW)
        month = reports.figures(s, ["p1"], Period.of("month", DAY), now=NOW)
        both = reports.figures(s, ["p1", "p3"], Period.of("day", DAY), now=NOW)
    # Week Mon 9 – Sun 15: the day's 7, Monday's 2 and its 23:59, and the 00:00 of the 11th.
    assert week.totals.issued == 11 and week.per_day[date(2026, 11, 9)] == 3 and week.per_day[DAY] == 7
    assert week.per_day[date(2026, 11, 11)] == 1
    assert month.totals.issued == 12  # and the 1st
    assert both.totals.issued == 8 and both.per_employee["Смирнова О."].issued == 1


def _csv(browser, point: str, period: str = "day") -> dict[str, str]:
    r = browser.get(f"/console/p/{point}/report.csv?period={period}&date={DAY.isoformat()}")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert r.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig")), delimiter=";"))
    return {row[0]: row[1] for row in rows if len(row) >= 2}


def test_the_pages_and_the_csv_show_the_same_figures(browser, two_points):
    generate(two_points)
    figures = _csv(browser, "p1")
    assert figures["Выдано"] == "7" and figures["Принято"] == "6" and figures["Обслужено покупателей"] == "5"
    assert figures["Отклонённые операции"] == "2" and figures["Акты расхождений"] == "1"
    assert figures["Приёмка накладных, худшая, мин"] == "120.0"
    assert figures["Кузнецов Д."] == "6"  # per employee: accepted first
    assert _csv(browser, "all")["Выдано"] == "8"
    both = browser.get(f"/console/p/all/?period=day&date={DAY.isoformat()}").text
    rows = both.split('id="per-point"')[1].split("</table>")[0]
    issued = re.findall(r">(ПВЗ [^<]+)</a></td><td[^>]*>\d+</td><td[^>]*>(\d+)</td>", rows)
    assert issued == [("ПВЗ Лесная 3", "1"), ("ПВЗ Тверская 1", "7")]  # each point's own, in name order
    page = browser.get(f"/console/p/p1/?period=day&date={DAY.isoformat()}").text
    shown = dict(re.findall(r'data-figure="(\w+)">[^<]*<b>([^<]*)</b>', page))
    assert shown["issued"] == "7" and shown["customers"] == "5" and shown["acts"] == "1"
    assert "<svg" in page  # the per-hour chart
    browser.get("/console/lang/en?next=/console/")
    assert _csv(browser, "p1")["Issued"] == "7"


def test_a_bad_period_or_date_is_refused_with_a_message(browser):
    r = browser.get("/console/p/p1/?period=year")
    assert r.status_code == 400 and "Неверные данные" in r.text
    assert browser.get("/console/p/p1/?date=10.11.2026").status_code == 400


def test_a_point_in_another_time_zone_has_its_own_day(two_points):
    from pvz_central.seed import create_point, grant_point
    from pvz_desktop.core.errors import BadInput

    create_point(two_points.db, "p4", "ПВЗ Екатеринбург", time_zone="Asia/Yekaterinburg")  # UTC+5
    grant_point(two_points.db, "owner1", "p4")
    d = Day(two_points)
    d.event("issue", datetime(2026, 11, 9, 19, 30), point="p4")  # 00:30 on the 10th in Yekaterinburg
    d.event("issue", datetime(2026, 11, 10, 19, 30), point="p4")  # 00:30 on the 11th there
    with two_points.db.read() as s:
        fig = reports.figures(s, ["p4"], Period.of("day", DAY), now=NOW)
    assert fig.totals.issued == 1 and fig.per_hour[0] == 1
    with pytest.raises(BadInput, match="Mars/Olympus"):
        create_point(two_points.db, "p5", "x", time_zone="Mars/Olympus")
