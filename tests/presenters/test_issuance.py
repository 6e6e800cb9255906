"""The Выдача tab's presenter, as plain Python: what a scan asks for, which card is shown, which tab and answer."""

from __future__ import annotations

import subprocess
import sys

import pytest

from pvz_desktop.core.errors import BadInput, NotFound
from pvz_desktop.gui.issuance_presenter import (
    CardAnswer,
    CardTab,
    Confirm,
    IssuancePresenter,
    Lookup,
    snapshot,
)
from pvz_desktop.workflows import issuance
from pvz_desktop.workflows.issuance import IssuanceSession


@pytest.fixture
def codes(point) -> dict[str, str]:
    point.add_cells()
    ready = point.add_customer("48213377")
    point.add_shipment(customer="48213377", status="stored", cell="C-A-01-02")
    coming = point.add_customer("11112222", pin="0001", name="Петров П.")
    point.add_shipment(customer="11112222", status="expected")
    nothing = point.add_customer("33334444", pin="0002", name="Сидоров С.")
    return {"ready": ready, "coming": coming, "nothing": nothing}


def _found(presenter: IssuancePresenter, ctx, lookup: Lookup):
    session = IssuanceSession.start(ctx, lookup.code)
    return presenter.card_found(lookup, session, snapshot(session))


def test_a_scan_asks_for_a_lookup_and_once_a_card_is_shown_a_parcel_confirms(ctx, codes):
    presenter = IssuancePresenter()
    posting = ctx.profile.classify("0123604587-1235-1")
    assert presenter.take(posting) is None and kind_names(presenter) == {"pickup_code"}
    lookup = presenter.take(ctx.profile.classify(codes["ready"]))
    assert isinstance(lookup, Lookup) and lookup.number == 1
    shown = _found(presenter, ctx, lookup)
    assert shown is not None and (shown.tab, shown.answer) == (CardTab.READY, CardAnswer.READY)
    assert presenter.presented == codes["ready"] and presenter.state is shown.state
    assert presenter.take(posting) == Confirm(posting)
    assert kind_names(presenter) == {"pickup_code", "shipment"}
    presenter.clear()
    assert presenter.state is None and presenter.take(posting) is None


def test_an_answer_overtaken_by_a_later_customer_is_dropped(ctx, codes):
    presenter = IssuancePresenter()
    first = presenter.take(ctx.profile.classify(codes["ready"]))
    second = presenter.take(ctx.profile.classify(codes["coming"]))
    assert isinstance(first, Lookup) and isinstance(second, Lookup)
    later = _found(presenter, ctx, second)  # the later scan answered first
    assert later is not None and later.state.card.customer_name == "Петров П."
    assert _found(presenter, ctx, first) is None  # the earlier one must not replace it
    assert not presenter.refusal_shown(first) and presenter.state is later.state


def test_the_card_opens_on_the_tab_that_has_something(ctx, codes):
    presenter = IssuancePresenter()
    for who, tab, answer in (
        ("coming", CardTab.TRANSIT, CardAnswer.IN_TRANSIT),
        ("nothing", CardTab.READY, CardAnswer.NOTHING),
    ):
        shown = _found(presenter, ctx, presenter.take(ctx.profile.classify(codes[who])))
        assert (shown.tab, shown.answer) == (tab, answer), who


def test_the_lookup_writes_only_on_a_miss_and_takes_the_classified_code(ctx, codes):
    misses: list[str] = []

    def on_miss(write):
        misses.append("write")
        return write()

    card = issuance.lookup(ctx, ctx.profile.classify(codes["ready"]), on_miss)
    assert card.customer_name == "Иванова А." and misses == []
    with pytest.raises(NotFound):
        issuance.lookup(ctx, "48213377*0000", on_miss)  # a wrong code is counted: it writes
    assert misses == ["write"]
    # A right code after a wrong one resets the count: that lookup writes too, and finds the card.
    assert issuance.lookup(ctx, codes["ready"], on_miss).customer_name == "Иванова А." and len(misses) == 2
    with pytest.raises(BadInput):
        issuance.lookup(ctx, ctx.profile.classify("C-A-01-02"), on_miss)  # not a pickup code
    assert len(misses) == 2


def test_the_presenter_module_loads_no_qt():
    probe = "import sys, pvz_desktop.gui.issuance_presenter; print(sorted(m for m in sys.modules if 'PySide6' in m))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def kind_names(presenter: IssuancePresenter) -> set[str]:
    return {kind.value for kind in presenter.scan_kinds()}


def test_while_someone_is_fitting_a_parcel_with_no_card_looks_its_customer_up(ctx, point, codes):
    from pvz_desktop.workflows import fitting

    posting = point.add_shipment(customer="48213377", status="stored", cell="C-A-01-01")
    fitting.hand_out(ctx, "48213377", [posting])
    presenter = IssuancePresenter()
    parcel = ctx.profile.classify(posting)
    assert presenter.take(parcel) is None  # nobody known to be fitting: the router answers it
    presenter.fittings = fitting.fittings(ctx)
    assert kind_names(presenter) == {"pickup_code", "shipment"}
    lookup = presenter.take(parcel)
    assert isinstance(lookup, Lookup) and lookup.by_parcel
    session = IssuanceSession.for_fitting(ctx, posting)
    shown = presenter.card_found(lookup, session, snapshot(session))
    assert shown is not None and shown.state.confirmed == (posting,)
    assert presenter.presented is None  # no code was shown: «Другие пункты» cannot be asked
    assert presenter.take(parcel) == Confirm(parcel)
