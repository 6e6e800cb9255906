"""The scale reader on a real pty: a polled Масса-К answered by a scale thread, a CAS scale
talking on its own, a cable pulled mid-weighing and plugged back, a scale that falls silent."""

from __future__ import annotations

import os
import queue
import select
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from pvz_desktop.devices.scale import cas, massak
from pvz_desktop.devices.scale.reader import ScaleReader
from pvz_desktop.devices.scale.readings import ScaleReading, ScaleState
from pvz_desktop.devices.scale.urls import parse_scale_url
from tests.devices.scanner.ports import PluggablePort, PtyPort, wait_for


class MassaKScale:
    """The scale's side of the port: answers every poll with the weight on the platform now."""

    def __init__(self, pty: PtyPort) -> None:
        self.pty = pty
        self.divisions, self.stable = 0, True
        self.polls = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._answer, daemon=True)
        self._thread.start()

    def _answer(self) -> None:
        buffer = b""
        while not self._stop.is_set():
            if not select.select([self.pty.master], [], [], 0.05)[0]:
                continue
            try:
                buffer += os.read(self.pty.master, 64)
            except OSError:
                return  # unplugged
            while massak.POLL in buffer:
                buffer = buffer.split(massak.POLL, 1)[1]
                self.polls += 1
                self.pty.write(massak.ack_massa(self.divisions, stable=self.stable))

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(2)


@pytest.fixture
def readings() -> queue.Queue[ScaleReading]:
    return queue.Queue()


@pytest.fixture
def reader_for(readings) -> Iterator:
    started: list[ScaleReader] = []

    def make(url: str, **kwargs) -> ScaleReader:
        reader = ScaleReader(parse_scale_url(url), readings.put, **kwargs)
        reader.start()
        started.append(reader)
        return reader

    yield make
    for reader in started:
        reader.stop()


def _weight(grams: int, stable: bool = True):
    return lambda r: r.state is ScaleState.WEIGHING and r.grams == grams and r.stable is stable


def test_massak_is_polled_and_the_weight_follows_the_platform(reader_for, readings) -> None:
    with PtyPort() as pty:
        scale = MassaKScale(pty)
        try:
            reader = reader_for(f"serial://{pty.path}?protocol=massak")
            wait_for(readings, _weight(0))
            scale.divisions, scale.stable = 1_480, False  # a parcel put down: the display settles
            wait_for(readings, _weight(1_480, stable=False))
            scale.stable = True
            wait_for(readings, _weight(1_480))
            assert reader.latest.weight is not None and reader.latest.weight.grams == 1_480
            assert scale.polls >= 3
        finally:
            scale.stop()


def test_cas_talks_on_its_own_in_pieces_with_noise(reader_for, readings) -> None:
    with PtyPort() as pty:
        reader_for(f"serial://{pty.path}?protocol=cas")
        _talk_until_read(pty, cas.frame(5), readings, _weight(5))  # the reader has the port open
        stream = b"\x00\xffjunk\r\n" + cas.frame(730, stable=False) + cas.frame(745) + cas.frame(0, overloaded=True)
        for i in range(0, len(stream), 5):
            pty.write(stream[i : i + 5])
        wait_for(readings, _weight(730, stable=False))
        wait_for(readings, _weight(745))
        wait_for(readings, lambda r: r.state is ScaleState.OVERLOAD)
        assert pty.waiting() == b""  # nothing is ever sent to a continuous scale


def _talk_until_read(pty: PtyPort, frame: bytes, readings, match) -> None:
    """A continuous scale repeats its frame; what came before the reader opened the port is flushed."""
    for _ in range(50):
        pty.write(frame)
        try:
            wait_for(readings, match, timeout=0.1)
            return
        except AssertionError:
            continue
    raise AssertionError(f"{frame!r} was never read")


def test_cable_pulled_mid_weighing_and_plugged_back(tmp_path: Path, reader_for, readings) -> None:
    port = PluggablePort(tmp_path / "ttyScale")
    pty = port.plug()
    reader_for(f"serial://{port.link}?protocol=cas")
    _talk_until_read(pty, cas.frame(2_000, stable=False), readings, _weight(2_000, stable=False))
    port.unplug()
    lost, _ = wait_for(readings, lambda r: r.state is ScaleState.DISCONNECTED)
    assert "отключены" in lost.message and lost.weight is None
    pty = port.plug()
    _talk_until_read(pty, cas.frame(2_000), readings, _weight(2_000))
    port.unplug()


def test_a_silent_scale_is_reported(reader_for, readings) -> None:
    with PtyPort() as pty:
        reader = reader_for(f"serial://{pty.path}?protocol=massak", silent_after=0.3)
        silent, _ = wait_for(readings, lambda r: "не отвечают" in r.message)
        assert silent.state is ScaleState.DISCONNECTED
        assert pty.read_exactly(len(massak.POLL)) == massak.POLL  # it kept asking
        assert reader.latest.weight is None


def test_a_port_that_is_not_there_says_so(reader_for, readings, tmp_path: Path) -> None:
    reader_for(f"serial://{tmp_path / 'nothing'}?protocol=cas")
    absent, _ = wait_for(readings, lambda r: r.state is ScaleState.DISCONNECTED)
    assert "не найдены" in absent.message
