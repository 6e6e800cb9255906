"""Texts composed below the window."""

from __future__ import annotations


def test_a_plain_sentence_with_braces_is_kept_as_it_is() -> None:
    from pvz_desktop.core.errors import NotFound

    # A refusal that quotes what someone typed: «{» and «}» are not template fields.
    exc = NotFound("Отправление 12}3{ не найдено")
    assert exc.message == "Отправление 12}3{ не найдено" and str(exc.text) == exc.message
