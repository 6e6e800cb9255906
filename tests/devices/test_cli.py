"""``pvz-desktop devices``: listing, listening to a real pty in a real process, the test page."""

from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pytest

from pvz_desktop.__main__ import main
from tests.devices.scanner.ports import PtyPort, wait_for

ROOT = Path(__file__).resolve().parents[2]


def lines_of(stream: IO[str]) -> queue.Queue[str]:
    """A queue filled with the stream's lines by a reader thread, so the test can wait with a timeout."""
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        with stream:  # closed by its reader at the end: the process is gone by then
            for line in stream:
                lines.put(line.rstrip("\n"))

    threading.Thread(target=pump, daemon=True).start()
    return lines


@dataclass
class Listening:
    scanner: PtyPort
    process: subprocess.Popen[str]
    out: queue.Queue[str]
    err: queue.Queue[str]


@pytest.fixture
def listening() -> Iterator[Listening]:
    """``pvz-desktop devices listen`` running as its own process on a pty scanner."""
    with PtyPort() as scanner:
        command = [sys.executable, "-m", "pvz_desktop", "devices", "listen", "--scanner", f"serial://{scanner.path}"]
        env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        assert process.stdout is not None and process.stderr is not None
        yield Listening(scanner, process, lines_of(process.stdout), lines_of(process.stderr))
        if process.poll() is None:
            process.kill()
            process.wait(5)


def test_listen_prints_one_line_per_scan_and_ctrl_c_exits_quietly(listening: Listening) -> None:
    pty_port, process, out, err = listening.scanner, listening.process, listening.out, listening.err
    wait_for(err, lambda line: line == f"Сканер {pty_port.path} готов", timeout=15)
    pty_port.write(b"0123604587-1235-1\r\n\x00GM00004")
    pty_port.write(b"12345\r\n0104601234567890\x1d21ABC\r\n")
    source = f"serial://{pty_port.path}"
    expected = [
        f"{source}\t\t0123604587-1235-1",
        f"{source}\t\tGM0000412345",
        f"{source}\t\t0104601234567890\\x1d21ABC",
    ]
    got = [wait_for(out, lambda line: True)[0] for _ in expected]
    assert got == expected

    process.send_signal(signal.SIGINT)
    assert process.wait(10) == 0
    rest = list(err.queue)
    assert not any("Traceback" in line or "KeyboardInterrupt" in line for line in rest), rest


def test_listen_refuses_a_bad_url_in_russian(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["devices", "listen", "--scanner", "serial:///dev/ttyACM0?baud=abc"]) == 2
    assert "Скорость порта сканера" in capsys.readouterr().err


def test_listen_without_a_readable_scanner_says_what_to_do(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PVZ_SCANNERS", "wedge")
    assert main(["devices", "listen"]) == 2
    err = capsys.readouterr().err
    assert "только окном программы" in err and "--scanner" in err


def test_list_shows_both_kinds_even_when_nothing_is_there(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["devices", "list"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Последовательные порты:\n")
    assert "Сканеры HID-POS:\n" in out


def test_listen_prints_the_weights_of_a_scale(monkeypatch: pytest.MonkeyPatch) -> None:
    from pvz_desktop.devices.scale import cas

    with PtyPort() as scale:
        command = [
            sys.executable,
            "-m",
            "pvz_desktop",
            "devices",
            "listen",
            "--scale",
            f"serial://{scale.path}?protocol=cas",
        ]
        env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PVZ_SCANNERS": "wedge"}
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        try:
            assert process.stdout is not None and process.stderr is not None
            out = lines_of(process.stdout)
            lines_of(process.stderr)  # drained (and closed at its end) so the pipe never fills
            for _ in range(100):  # a continuous scale repeats itself until the process has the port open
                scale.write(cas.frame(1_250, stable=False) + cas.frame(1_260))
                try:
                    wait_for(out, lambda line: line.startswith("scale\tweighing\t1260\tstable"), timeout=0.1)
                    break
                except AssertionError:
                    continue
            else:
                raise AssertionError("no weight printed")
            process.send_signal(signal.SIGINT)
            assert process.wait(10) == 0
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(5)


def test_list_names_the_configured_scale(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PVZ_SCALE", "serial://COM5?protocol=massak")
    assert main(["devices", "list"]) == 0
    assert "Весы:\n  serial://COM5?protocol=massak\n" in capsys.readouterr().out


class PrinterListener:
    """A loopback ESC/POS printer: records bytes and answers every DLE EOT status query with 0x12 (all fine)."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.received = bytearray()
        self.done = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        conn, _ = self.server.accept()
        with conn:
            while chunk := conn.recv(4096):
                self.received += chunk
                conn.sendall(b"\x12" * (chunk.count(b"\x10\x04")))
        self.done.set()

    def close(self) -> None:
        self.server.close()


def test_test_print_sends_the_page_with_the_chosen_code_page(capsys: pytest.CaptureFixture[str]) -> None:
    printer = PrinterListener()
    try:
        assert main(["devices", "test-print", "--printer", f"tcp://127.0.0.1:{printer.port}", "--codepage", "59"]) == 0
        assert printer.done.wait(10)
    finally:
        printer.close()
    assert b"\x1bt\x3b" in printer.received  # ESC t 59
    assert "ТЕСТОВАЯ".encode("cp866") in printer.received
    assert "Пробная страница отправлена" in capsys.readouterr().out


def test_test_print_to_nobody_fails_with_a_russian_message(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.create_server(("127.0.0.1", 0)) as placeholder:
        port = placeholder.getsockname()[1]  # closed again below: nothing listens there
    assert main(["devices", "test-print", "--printer", f"tcp://127.0.0.1:{port}"]) == 1
    err = capsys.readouterr().err
    assert "127.0.0.1" in err and not err.isascii()  # a Russian message naming the printer
