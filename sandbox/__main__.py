"""python -m sandbox serve | migrate: the platform's own entry points (used by the local stack)."""

from __future__ import annotations

import argparse
import sys

from sandbox.settings import get_settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sandbox", description="Jump reference platform")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("serve", help="serve REST and GraphQL (settings from SANDBOX_* variables)")
    sub.add_parser("migrate", help="apply pending SQL migrations to both databases")
    args = parser.parse_args(argv)
    settings = get_settings()
    if args.command == "migrate":
        from sandbox.migrate import migrate

        for name in migrate(settings.events_dsn, settings.inventory_dsn):
            print(f"applied {name}")
        return 0
    import uvicorn

    from sandbox.app import create_app

    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_level="warning",
        access_log=False,
        proxy_headers=False,
        timeout_graceful_shutdown=2,  # idle keep-alive clients must not hold a restart for long  # rate limits are per real client: never trust X-Forwarded-For
        loop="uvloop",
        http="httptools",
        ssl_certfile=str(settings.tls_cert_file) if settings.tls_enabled else None,
        ssl_keyfile=str(settings.tls_key_file) if settings.tls_enabled else None,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
