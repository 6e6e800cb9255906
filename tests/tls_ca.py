"""A throwaway certificate authority for the TLS tests (trustme): the point's own CA, made per test."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import trustme

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
