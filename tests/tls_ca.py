"""A throwaway certificate authority for the TLS tests (trustme): the point's own CA, made per test."""

from __future__ import annotations

import gc
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import trustme

from pvz_central.server import ServerThread

LOOPBACK = "127.0.0.1"


def write_leaf(cert: trustme.LeafCert, folder: Path, name: str) -> tuple[str, str]:
    """The server's certificate chain and key as files, as ``--tls-cert`` / ``--tls-key`` take them."""
    chain, key = folder / f"{name}.pem", folder / f"{name}.key"
    chain.write_bytes(b"".join(blob.bytes() for blob in cert.cert_chain_pems))
    cert.private_key_pem.write_to_path(str(key))
    return str(chain), str(key)


@dataclass
class Pki:
    folder: Path
    ca: trustme.CA
    bundle: str  # the point's CA bundle, as a counter's setting names it

    def leaf(self, name: str, *hosts: str, **validity: Any) -> tuple[str, str]:
        return write_leaf(self.ca.issue_cert(*(hosts or (LOOPBACK,)), **validity), self.folder, name)


def make_pki(folder: Path) -> Pki:
    ca = trustme.CA(organization_name="ПВЗ Тверская: свой центр сертификации")
    bundle = folder / "point-ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    return Pki(folder, ca, str(bundle))


def collect_tls_leftovers() -> None:
    """Collect what a stopped https server left to the garbage collector.

    uvicorn on Python 3.11's asyncio keeps no handle on a TLS connection it is closing (or still in
    its handshake), so stopping leaves the transport's socket to the garbage collector, which warns
    about it (ResourceWarning) in whatever test runs then. Collected here; only that warning is
    dropped, anything else still reaches pytest."""
    previous = sys.unraisablehook

    def hook(unraisable: sys.UnraisableHookArgs) -> None:
        if not isinstance(unraisable.exc_value, ResourceWarning):
            previous(unraisable)

    sys.unraisablehook = hook
    try:
        gc.collect()
    finally:
        sys.unraisablehook = previous


def stop_tls_server(thread: ServerThread) -> None:
    thread.stop()
    collect_tls_leftovers()
