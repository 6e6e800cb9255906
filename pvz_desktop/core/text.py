"""Sentences for people, composed below the window but worded by it.

Code under ``gui/`` has Qt's translation; the layers below it do not (and must not import Qt). So a
refusal, a status or a device's state is not sent up as a finished Russian sentence: it is a
``Text`` — the Russian template, which is also its key in the translation catalogue, and its
parameters. ``gui`` renders it in the window's language; ``str(text)`` is the Russian sentence (the
log, receipts and the command line use it).

``msg("…", **params)`` makes one and ``word("…")`` marks a label kept as a plain string (a status
name in a table): ``resources/translations/build.py`` has lupdate collect both (as aliases of
``QT_TR_NOOP``), so every one of them is in the catalogue, in the context ``""``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Text:
    template: str
    params: tuple[tuple[str, object], ...] = ()

    @classmethod
    def plain(cls, sentence: str) -> Text:
        """A finished sentence, not a template: braces in it (a scanned code, a name) stay as they are."""
        return cls(sentence.replace("{", "{{").replace("}", "}}"))

    @classmethod
    def of(cls, label: str) -> Text:
        """A label marked with ``word`` (a status name) as a parameter that is translated too."""
        return cls(label)

    @property
    def arguments(self) -> Mapping[str, object]:
        return dict(self.params)

    def __contains__(self, part: str) -> bool:
        return part in str(self)

    def __str__(self) -> str:
        # Only nested texts become strings here: a date keeps its format spec ({until:%d.%m}).
        return self.template.format(**{k: str(v) if isinstance(v, Text) else v for k, v in self.params})


def msg(template: str, **params: object) -> Text:
    return Text(template, tuple(params.items()))


def word(label: str) -> str:
    """Marks a label for the translation catalogue; the label itself stays a Russian string."""
    return label


def listing(labels: list[str] | tuple[str, ...]) -> Text:
    """Marked labels as one comma-separated text, each translated in the window."""
    if not labels:
        return Text("")
    joined = Text.of(labels[0])
    for label in labels[1:]:
        joined = msg("{one}, {other}", one=joined, other=Text.of(label))
    return joined
