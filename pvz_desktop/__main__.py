"""Command line: ``pvz-desktop`` starts the counter; sub-commands serve setup and diagnostics."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from pvz_desktop.console import make_stdio_safe
from pvz_desktop.devices import cli as devices_cli


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pvz-desktop", description="PVZ Desktop — программа пункта выдачи")
    parser.add_argument("--demo", action="store_true", help="открыть демо-пункт с тестовыми данными")
    parser.add_argument("--data-dir", help="папка данных (по умолчанию — папка пользователя)")
    sub = parser.add_subparsers(dest="command")

    demo = sub.add_parser("demo-data", help="создать базу демо-пункта")
    demo.add_argument("--shipments", type=int, default=2000)
    demo.add_argument("--db", required=True)
    demo.add_argument("--seed", type=int, default=1)

    sub.add_parser("verify-ledger", help="проверить цепочку журнала событий")
    devices_cli.add_parsers(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    make_stdio_safe()  # before the first print: --help is Russian
    args = build_parser().parse_args(argv)
    if args.command == "demo-data":
        from pvz_desktop.demo.generator import generate_cli

        return generate_cli(args.db, shipments=args.shipments, seed=args.seed)
    if args.command == "devices":
        return devices_cli.run(args)
    from pvz_desktop import app

    if args.command == "verify-ledger":
        return app.verify_ledger(data_dir=args.data_dir)
    return app.run(demo=args.demo, data_dir=args.data_dir)


if __name__ == "__main__":
    sys.exit(main())
