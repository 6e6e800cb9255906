"""The two scale protocols fed byte sequences built from the vendors' documents: whole, split at
every byte, mixed with noise, with bad checksums and cut frames."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pvz_desktop.core.errors import BadInput
from pvz_desktop.devices.scale import cas, massak
from pvz_desktop.devices.scale.readings import ScaleReading, ScaleState
from pvz_desktop.devices.scale.urls import parse_scale_url

W = ScaleState.WEIGHING


def test_massak_poll_is_the_documented_frame() -> None:
    # CMD_GET_MASSA: header F8 55 CE, length 0001, command 23, CRC 0023 little-endian.
    assert bytes.fromhex("f8 55 ce 01 00 23 23 00") == massak.POLL


def test_massak_crc_is_the_appendix_algorithm() -> None:
    # Written out bit by bit, independently of the implementation: polynomial 0x1021 over the high
    # byte of the running CRC, then the running CRC shifted by a byte and the data byte folded in.
    def reference(data: bytes) -> int:
        crc = 0
        for byte in data:
            high, acc = (crc >> 8) & 0xFF, 0
            for bit in range(8):
                top = (((high << 8) << bit) ^ acc) & 0x8000
                acc = ((acc << 1) ^ 0x1021) & 0xFFFF if top else (acc << 1) & 0xFFFF
            crc = (acc ^ ((crc << 8) & 0xFFFF) ^ byte) & 0xFFFF
        return crc

    for body in (b"\x23", b"\x24\xe2\x04\x00\x00\x01\x01\x00\x00", bytes(range(40))):
        assert massak.crc16(body) == reference(body)


@pytest.mark.parametrize(
    ("divisions", "division", "grams"),
    [(1250, 1, 1250), (12345, 0, 1234), (125, 2, 1250), (-20, 1, -20), (25, 4, 25_000)],
)
def test_massak_weight_by_its_division(divisions: int, division: int, grams: int) -> None:
    [reading] = massak.MassaKParser().feed(massak.ack_massa(divisions, division))
    assert (reading.state, reading.grams, reading.stable) == (W, grams, True)


def test_massak_flags_and_errors() -> None:
    parser = massak.MassaKParser()
    unstable, zero = parser.feed(massak.ack_massa(300, stable=False) + massak.ack_massa(0, zero=True))
    assert not unstable.stable and zero.zero and zero.weight is None
    overload = parser.feed(massak.frame(bytes([massak.CMD_ERROR, massak.ERROR_OVERLOAD])))
    assert [r.state for r in overload] == [ScaleState.OVERLOAD]
    [other] = parser.feed(massak.frame(bytes([massak.CMD_ERROR, 0x09])))
    assert other.state is ScaleState.ERROR and "0x09" in other.message
    [odd] = parser.feed(massak.frame(bytes([massak.CMD_ACK_MASSA, 1, 0, 0, 0, 9, 1, 0, 0])))
    assert odd.state is ScaleState.ERROR and "дискретность" in odd.message


def test_massak_bad_crc_noise_and_false_headers_are_dropped() -> None:
    good = massak.ack_massa(1500)
    bad = bytearray(massak.ack_massa(999))
    bad[-1] ^= 0xFF
    noise = b"\x00\xff\xf8\x55" + b"\xf8\x55\xce\xff\xff" + bytes(bad) + b"\xf8\x55\xce\x00\x00"
    readings = massak.MassaKParser().feed(noise + good)
    assert [r.grams for r in readings] == [1500]


def test_massak_answer_to_another_command_is_ignored() -> None:
    assert massak.MassaKParser().feed(massak.frame(bytes([0x76, 1, 2, 3]))) == []


def _stream_readings(parser_cls, data: bytes, cuts: list[int]) -> list[ScaleReading]:
    parser, readings, last = parser_cls(), [], 0
    for cut in [*sorted(set(cuts)), len(data)]:
        readings += parser.feed(data[last:cut])
        last = cut
    return readings


@given(st.lists(st.integers(0, 400), max_size=30))
def test_massak_any_split_of_the_stream_gives_the_same_readings(cuts: list[int]) -> None:
    data = (
        b"\x13\x37" + massak.ack_massa(100) + b"\xf8" + massak.ack_massa(2_000, stable=False) + massak.ack_massa(2_010)
    )
    got = _stream_readings(massak.MassaKParser, data, [c for c in cuts if c < len(data)])
    assert [(r.grams, r.stable) for r in got] == [(100, True), (2_000, False), (2_010, True)]


def test_cas_frame_is_22_bytes_as_documented() -> None:
    frame = cas.frame(13_500)
    assert len(frame) == 22 and frame.startswith(b"ST,GS,") and frame.endswith(b"  13.500 kg\r\n")


@pytest.mark.parametrize(
    ("line", "state", "grams", "stable"),
    [
        (b"ST,GS,1\xc0,  13.500 kg", W, 13_500, True),
        (b"US,GS,1\x80,   1.205 kg", W, 1_205, False),
        (b"ST,NT,1\xc0,-000.015 kg", W, -15, True),
        (b"ST,GS,1\xc1,   0.000 kg", W, 0, True),
        (b"ST,GS,1\xc0,  1250.0  g", W, 1_250, True),
        (b"OL,GS,1\x80,         kg", ScaleState.OVERLOAD, None, False),
    ],
)
def test_cas_lines(line: bytes, state: ScaleState, grams: int | None, stable: bool) -> None:
    [reading] = cas.CasParser().feed(line + b"\r\n")
    assert (reading.state, reading.grams, reading.stable) == (state, grams, stable)


def test_cas_noise_and_cut_lines_are_dropped() -> None:
    parser = cas.CasParser()
    cut = cas.frame(900)[:10]
    data = b"\xff\x00garbage\r\n" + cut + b"\r\n" + b"ST,GS,1\xc0,  1x.500 kg\r\n" + b"~~" + cas.frame(1_100)
    assert [r.grams for r in parser.feed(data)] == [1_100]


@given(st.lists(st.integers(0, 120), max_size=30))
def test_cas_any_split_of_the_stream_gives_the_same_readings(cuts: list[int]) -> None:
    data = b"\r\n\x01" + cas.frame(500, stable=False) + cas.frame(510) + cas.frame(0, overloaded=True)
    got = _stream_readings(cas.CasParser, data, [c for c in cuts if c < len(data)])
    assert [(r.state, r.grams, r.stable) for r in got] == [
        (W, 500, False),
        (W, 510, True),
        (ScaleState.OVERLOAD, None, False),
    ]


@given(st.binary(max_size=300))
def test_noise_never_raises_and_never_invents_a_weight(noise: bytes) -> None:
    for parser in (massak.MassaKParser(), cas.CasParser()):
        for r in parser.feed(noise):
            # A frame can only come out of noise with a valid CRC (Масса-К) or the exact CAS shape.
            assert r.state in set(ScaleState)


def test_only_a_stable_positive_reading_is_a_weight_to_take() -> None:
    assert ScaleReading(W, 1_000, stable=True).weight.grams == 1_000
    assert ScaleReading(W, 1_000, stable=False).weight.stable is False
    assert ScaleReading(W, 0, stable=True).weight is None
    assert ScaleReading(ScaleState.OVERLOAD).weight is None
    assert "меняется" in ScaleReading(W, 1_000, stable=False).describe()


@pytest.mark.parametrize(
    ("url", "port", "protocol", "baud"),
    [
        ("serial://COM5?protocol=massak", "COM5", "massak", 4800),
        ("serial:///dev/ttyUSB0?protocol=cas", "/dev/ttyUSB0", "cas", 9600),
        ("serial:///dev/ttyUSB0?protocol=CAS&baud=19200", "/dev/ttyUSB0", "cas", 19200),
    ],
)
def test_scale_urls(url: str, port: str, protocol: str, baud: int) -> None:
    config = parse_scale_url(url)
    assert (config.port, config.protocol, config.baudrate) == (port, protocol, baud)


@pytest.mark.parametrize(
    "url",
    [
        "tcp://1.2.3.4",
        "serial://COM5",
        "serial://COM5?protocol=mettler",
        "serial://?protocol=cas",
        "serial://COM5?protocol=cas&baud=x",
    ],
)
def test_bad_scale_urls_say_why(url: str) -> None:
    with pytest.raises(BadInput, match="Весы"):
        parse_scale_url(url)
