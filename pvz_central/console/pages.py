"""Rendering the console's pages: one Jinja2 environment, the language, the security headers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from pvz_central.console.i18n import LANG_COOKIE, LANGUAGES, action_word, defect_word, status_word, translator

ENV = Environment(
    loader=FileSystemLoader(Path(__file__).with_name("templates")),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
# No script at all, no framing, forms only to this server; pygal's SVG carries inline styles.
HEADERS = {
    "Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "script-src 'none'; frame-ancestors 'none'; form-action 'self'",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
}


def rubles(kopecks: int) -> str:
    whole, kop = divmod(kopecks, 100)
    return f"{whole:,}".replace(",", "\u00a0") + f",{kop:02d}\u00a0₽"


def minutes(value: Any) -> str:
    return "—" if value is None else f"{value.total_seconds() / 60:.0f}"


ENV.filters["rubles"] = rubles
ENV.filters["minutes"] = minutes
ENV.globals.update(status_word=status_word, action_word=action_word, defect_word=defect_word)


def language(request: Request) -> str:
    lang = request.cookies.get(LANG_COOKIE, "ru")
    return lang if lang in LANGUAGES else "ru"


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    lang = language(request)
    done = request.query_params.get("done") == "1"  # a form went through and came back here
    body = ENV.get_template(template).render(_=translator(lang), lang=lang, path=request.url.path, done=done, **context)
    return HTMLResponse(body, status_code=status, headers=HEADERS)
