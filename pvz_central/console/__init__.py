"""The owner console: a web console at ``/console/`` for owners of one or several points.

Server-rendered pages (Jinja2), a session cookie and a CSRF token per session; no route of it is
part of the API's OpenAPI schema. ``routes`` is the HTTP side, the other modules do one thing each.
"""
