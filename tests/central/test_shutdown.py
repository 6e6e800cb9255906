"""A stopping server answers its long-polls instead of cutting them off mid-wait."""

from __future__ import annotations

import logging
import threading

import requests

from tests.central.harness import POINT, login, raw_session, wait_until


def test_stopping_the_server_answers_a_waiting_long_poll(central, caplog) -> None:
    token = login(central.url, "emp1").tokens.access_token
    http = raw_session(central.url, token)
    first = http.get(f"{central.url}/api/v1/points/{POINT}/changes", params={"wait": 0}, timeout=10).json()
    answers: list[requests.Response | BaseException] = []

    def long_poll() -> None:
        try:
            since = {"since": first["cursor"], "wait": 20}
            answers.append(http.get(f"{central.url}/api/v1/points/{POINT}/changes", params=since, timeout=30))
        except requests.RequestException as exc:
            answers.append(exc)

    poller = threading.Thread(target=long_poll)
    services = central.thread.server.config.app.state.services
    with caplog.at_level(logging.ERROR):
        poller.start()
        wait_until(lambda: any(services.notifier._waiters.values()), 10)  # the request is waiting
        central.stop()
        poller.join(10)

    assert not poller.is_alive()
    assert len(answers) == 1 and isinstance(answers[0], requests.Response), answers
    assert answers[0].status_code == 200
    page = answers[0].json()
    assert page["changes"] == [] and page["cursor"] == first["cursor"]  # nothing new, nothing lost
    assert not [r for r in caplog.records if "Cancel" in r.getMessage() or r.exc_info]
    central.start()  # the fixture closes it
