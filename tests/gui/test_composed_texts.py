"""Words composed into a refusal below the window (what to fill in, the list of refusal reasons,
where a parcel of another supply comes from) are translated with the sentence: in English the
whole refusal is English, the data (a supply's seller) aside."""

from __future__ import annotations

import re

import pytest

from pvz_desktop.core.errors import DomainError
from pvz_desktop.gui.texts import reason
from pvz_desktop.workflows import support
from pvz_desktop.workflows.dropoff import supply
from pvz_desktop.workflows.issuance import checked_refusal
from tests.workflows.dropoff_builders import announce_supply

CYRILLIC = re.compile("[А-Яа-яЁё]")
SP, SP2, OTHER = "SP-0000000101", "SP-0000000102", "OB000000000999"


def refusal(call) -> str:
    with pytest.raises(DomainError) as caught:
        call()
    return reason(caught.value)


def test_composed_refusals_speak_the_windows_language(ctx, language):
    announce_supply(ctx, SP, ["OB000000000300"])
    announce_supply(ctx, SP2, [OTHER], seller="ИП Кузнецов")
    supply.open_supply(ctx, SP)
    said = {
        "subject": refusal(lambda: support.create_ticket(ctx, "  ", "other", "Текст")),
        "body": refusal(lambda: support.create_ticket(ctx, "Тема", "other", "")),
        "reasons": refusal(lambda: checked_refusal(None)),
        "supply": refusal(lambda: supply.scan(ctx, SP, OTHER)).replace("ИП Кузнецов", ""),
    }
    if language == "en":
        assert said["subject"] == "Fill in the subject of the request."
        assert said["body"] == "Fill in the text of the request."
        assert said["reasons"].startswith("Give the reason of the refusal: wrong size, defect")
        assert f"from supply {SP2}" in said["supply"]
        russian = {k: v for k, v in said.items() if CYRILLIC.search(v)}
        assert not russian, russian
    else:
        assert said["subject"] == "Заполните тему обращения."
        assert said["reasons"].startswith("Укажите причину отказа: не подошёл размер, брак")
        assert f"из поставки {SP2}" in said["supply"]
