"""The presenter's card tabs are the card widget's tabs, in the same order."""

from __future__ import annotations

from pvz_desktop.gui import card_tabs
from pvz_desktop.gui.issuance_presenter import CardTab


def test_the_presenter_names_the_card_widgets_tabs():
    assert (CardTab.READY, CardTab.TRANSIT, CardTab.DONE) == (card_tabs.READY, card_tabs.TRANSIT, card_tabs.DONE)
