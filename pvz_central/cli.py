"""Command line: ``pvz-central migrate | serve | seed | create-point | create-user | grant-point | locked``.

Only ``migrate``, ``seed`` (a demo database) and ``serve --migrate`` change the schema; every other
command refuses a database whose schema is not this version's head, saying what to run."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pvz_central.db import CentralDB
from pathlib import Path

from pvz_central.settings import database_url, secret_file
from pvz_desktop.console import make_stdio_safe


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pvz-central", description="Центральный сервер PVZ (эталонный)")
    db_help = (
        "URL базы: sqlite:///путь.db или postgresql+psycopg://… (по умолчанию PVZ_CENTRAL_DB или ./pvz-central.db)"
    )
    secret_help = (
        "файл секрета сервера, из которого выводятся ключи кодов получения пунктов (по умолчанию "
        "PVZ_CENTRAL_SECRET_FILE, или рядом с файлом SQLite, или ./pvz-central.secret); создаётся при первом запуске"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    migrate = sub.add_parser(
        "migrate", help="обновить схему базы до этой версии сервера (под блокировкой: второй запуск ждёт первого)"
    )
    migrate.add_argument("--db", help=db_help)
    migrate.add_argument("--secret-file", help=secret_help)

    serve = sub.add_parser("serve", help="запустить сервер")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--db", help=db_help)
    serve.add_argument("--secret-file", help=secret_help)
    serve.add_argument("--access-ttl", type=int, default=600, help="срок жизни токена доступа, с")
    serve.add_argument("--tls-cert", metavar="FILE", help="сертификат сервера (PEM, с цепочкой): включает https")
    serve.add_argument("--tls-key", metavar="FILE", help="закрытый ключ сертификата (PEM)")
    serve.add_argument(
        "--forwarded-allow-ips",
        metavar="IPS",
        help="адреса обратного прокси через запятую, чьим X-Forwarded-Proto/-For верить "
        "(по умолчанию FORWARDED_ALLOW_IPS или 127.0.0.1; * — любым)",
    )

    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="число процессов сервера на одном порту (по умолчанию 1); с PostgreSQL",
    )
    serve.add_argument(
        "--migrate",
        action="store_true",
        help="перед запуском обновить схему базы (для сервера из одного процесса; под той же блокировкой, что migrate)",
    )
    serve.add_argument(
        "--issuer", help="адрес сервера для OAuth (issuer, RFC 8414), если кассы видят его не так, как он сам себя"
    )

    locked = sub.add_parser("locked", help="учётные записи пункта, заблокированные после неудачных входов")
    locked.add_argument("--point", required=True)
    locked.add_argument("--unlock", metavar="ЛОГИН", help="снять блокировку с этой учётной записи")
    locked.add_argument("--db", help=db_help)
    locked.add_argument("--secret-file", help=secret_help)

    seed = sub.add_parser("seed", help="создать демо-пункт demo (логины emp-1 и emp-2, пароль demo)")
    seed.add_argument("--db", help=db_help)
    seed.add_argument("--secret-file", help=secret_help)
    seed.add_argument("--shipments", type=int, default=500)
    seed.add_argument("--seed", type=int, default=1)

    point = sub.add_parser("create-point", help="завести пункт выдачи")
    point.add_argument("--time-zone", default="Europe/Moscow", help="часовой пояс пункта (IANA) для консоли владельца")
    point.add_argument("point_id")
    point.add_argument("name")
    point.add_argument("--address", default="", help="адрес пункта: его видят покупатели других пунктов")
    point.add_argument("--db", help=db_help)
    point.add_argument("--secret-file", help=secret_help)

    user = sub.add_parser("create-user", help="завести сотрудника пункта")
    user.add_argument("login")
    user.add_argument("--name", required=True, help="отображаемое имя, например «Иванова А.»")
    user.add_argument("--point", required=True)
    user.add_argument("--role", choices=("owner", "employee"), default="employee")
    user.add_argument("--password", help="пароль (по умолчанию спросить; или PVZ_CENTRAL_PASSWORD)")
    user.add_argument("--db", help=db_help)
    user.add_argument("--secret-file", help=secret_help)

    grant = sub.add_parser("grant-point", help="ещё один пункт владельца (консоль владельца показывает все его пункты)")
    grant.add_argument("login")
    grant.add_argument("point_id")
    grant.add_argument("--db", help=db_help)
    grant.add_argument("--secret-file", help=secret_help)
    return parser


def tls_problem(cert: str | None, key: str | None) -> str | None:
    """Why the certificate and key cannot serve https, or None (also when neither is given)."""
    if not cert and not key:
        return None
    if not (cert and key):
        return "Нужны оба параметра: --tls-cert (сертификат) и --tls-key (его ключ)."
    import ssl

    try:
        ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(cert, key)
    except (OSError, ssl.SSLError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return f"Сертификат {cert} с ключом {key} не подходит для https: {reason}."
    return None


def _locked(db: CentralDB, point_id: str, unlock: str | None) -> int:
    from pvz_central import login_throttle

    if unlock is not None:
        if not login_throttle.unlock(db, unlock):
            print(f"Учётная запись {unlock} не заблокирована.", file=sys.stderr)
            return 2
        print(f"Блокировка {unlock} снята.")
        return 0
    accounts = login_throttle.locked_accounts(db, point_id)
    for a in accounts:
        print(f"{a.login}\tнеудачных входов: {a.failures}\tзаблокирован до {a.locked_until:%Y-%m-%d %H:%M} UTC")
    if not accounts:
        print(f"В пункте {point_id} заблокированных учётных записей нет.")
    return 0


def _serve(args: argparse.Namespace, db: CentralDB, url: str, secret: Path) -> None:
    """One process here; or ``--workers N`` processes sharing the port, each building the app from
    the environment set below (``pvz_central.app.app_from_environment``) with its own listener."""
    import uvicorn

    from pvz_central.server import CentralServer

    options: dict = {
        "host": args.host,
        "port": args.port,
        "access_log": False,  # request lines would put cursors and codes into logs
        "ssl_certfile": args.tls_cert,
        "ssl_keyfile": args.tls_key,
        "forwarded_allow_ips": args.forwarded_allow_ips,
        "timeout_graceful_shutdown": 10,
    }
    if args.workers <= 1:
        from pvz_central.app import create_app

        CentralServer(uvicorn.Config(create_app(db, access_ttl=args.access_ttl, issuer=args.issuer), **options)).run()
        return
    from uvicorn.supervisors import Multiprocess

    from pvz_central.pickup_keys import SECRET_ENV
    from pvz_central.settings import ACCESS_TTL_ENV, DB_ENV, ISSUER_ENV

    db.close()  # the workers open their own
    os.environ.update({DB_ENV: url, SECRET_ENV: str(secret.resolve()), ACCESS_TTL_ENV: str(args.access_ttl)})
    if args.issuer:
        os.environ[ISSUER_ENV] = args.issuer
    config = uvicorn.Config("pvz_central.app:app_from_environment", factory=True, workers=args.workers, **options)
    Multiprocess(config, sockets=[config.bind_socket()]).run()


def main(argv: Sequence[str] | None = None) -> int:
    make_stdio_safe()  # before the first print: --help is Russian
    args = build_parser().parse_args(argv)
    if args.command == "serve":
        problem = tls_problem(args.tls_cert, args.tls_key)
        if problem:
            print(problem, file=sys.stderr)
            return 2
    from pvz_central.db import CentralDB, normalise_url
    from pvz_central.pickup_keys import PointKeys
    from pvz_desktop.core.errors import DomainError

    url = database_url(args.db)
    secret = secret_file(url, args.secret_file)
    try:
        keys = PointKeys.from_file(secret)
    except DomainError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    if args.command == "serve" and args.workers > 1 and normalise_url(url).startswith("sqlite"):
        print(
            "Несколько процессов (--workers) — только с PostgreSQL: укажите --db postgresql+psycopg://…",
            file=sys.stderr,
        )
        return 2
    db = CentralDB(url, keys)
    try:
        if args.command == "migrate" or (args.command == "serve" and args.migrate):
            # Under the migration lock: processes started together take turns, the later ones find nothing to do.
            before, head = db.upgrade()
            done = "обновлять нечего" if before == head else f"обновлена с {before or 'пустой базы'}"
            print(f"Схема базы в версии {head}: {done}.", flush=True)
            if args.command == "migrate":
                return 0
        elif args.command == "seed":
            db.upgrade()
        else:
            problem = db.schema_problem()
            if problem:
                print(problem, file=sys.stderr)
                return 2
        if args.command == "serve":
            if not args.tls_cert:
                print(
                    "Сервер говорит по http: кассы подключаются только по https, поставьте его за обратный прокси "
                    "с TLS или запустите с --tls-cert и --tls-key (docs/DEPLOYMENT.md).",
                    file=sys.stderr,
                )
            _serve(args, db, url, secret)
            return 0
        if args.command == "locked":
            return _locked(db, args.point, args.unlock)
        if args.command == "seed":
            from pvz_central.seed import seed_demo

            summary = seed_demo(db, shipments=args.shipments, seed=args.seed)
            if summary.codes:
                # The demo's PINs are for the demo's own data only (the database keeps verifiers): the
                # file the counter's demo reads (pvz_desktop.demo.pickup_pins), customer id → PIN.
                pins = secret.with_name("demo-pickup-codes.json")
                pins.write_text(json.dumps(summary.codes, indent=1, sort_keys=True), encoding="utf-8")
                print(f"Коды получения демо-покупателей: {pins}")
            print(
                f"Демо-пункт {summary.point_id}: новых отправлений {summary.shipments}, "
                f"открытые накладные: {', '.join(summary.open_waybills)}. Вход: emp-1 / emp-2, пароль demo."
            )
            return 0
        from pvz_central.seed import create_point, create_user, grant_point

        if args.command == "grant-point":
            grant_point(db, args.login, args.point_id)
            print(f"Владелец {args.login} ведёт пункт {args.point_id}.")
            return 0
        if args.command == "create-point":
            create_point(db, args.point_id, args.name, address=args.address, time_zone=args.time_zone)
            print(f"Пункт {args.point_id} создан.")
            return 0
        password = args.password or os.environ.get("PVZ_CENTRAL_PASSWORD") or getpass.getpass("Пароль: ")
        create_user(db, args.login, args.name, password, args.point, args.role)
        print(f"Сотрудник {args.login} ({args.role}) добавлен в пункт {args.point}.")
        return 0
    except DomainError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    finally:
        db.close()


if __name__ == "__main__":
    sys.exit(main())
