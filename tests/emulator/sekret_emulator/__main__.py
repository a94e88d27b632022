"""Start the emulator: `python -m sekret_emulator [--port N] [--seed FILE] ...`.

Prints `EMULATOR_URL=http://127.0.0.1:PORT` as its first stdout line once the
server answers requests, then serves until SIGTERM or SIGINT.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
import urllib.request

from . import seed
from .app import Emulator
from .server import make_keepalive_server


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="scripts/emulator", description="AWS-compatible emulator for sekret")
    p.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: a free one)")
    p.add_argument("--seed", action="append", default=[], help="seed file (JSON); may repeat")
    p.add_argument("--latency-ms", type=int, default=0, help="latency added to every AWS call")
    p.add_argument("--throttle-rate", type=float, default=0.0, help="share of calls throttled (0..1)")
    p.add_argument("--error-rate", type=float, default=0.0, help="share of calls answered with HTTP 500 (0..1)")
    p.add_argument("--drop-rate", type=float, default=0.0, help="share of connections dropped (0..1)")
    p.add_argument("--deny", action="append", default=[], help="secret-name glob answered with AccessDenied")
    p.add_argument("--rotation-delay", type=float, default=2.0, help="seconds before a rotation completes")
    p.add_argument("--cloudtrail-rps", type=float, default=2.0, help="LookupEvents budget per second (0 = none)")
    p.add_argument("--rng-seed", type=int, default=None, help="seed for the random fault rolls")
    return p.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    emulator = Emulator(
        rotation_delay_s=args.rotation_delay, cloudtrail_rps=args.cloudtrail_rps, rng_seed=args.rng_seed
    )
    try:
        emulator.faults.update(
            {
                "latency_ms": args.latency_ms,
                "throttle_rate": args.throttle_rate,
                "error_rate": args.error_rate,
                "drop_rate": args.drop_rate,
                "deny": args.deny,
            }
        )
    except ValueError as err:
        print(f"emulator: {err}", file=sys.stderr)
        return 2
    for path in args.seed:
        try:
            with open(path, encoding="utf-8") as f:
                counts = seed.load(json.load(f), emulator.trail, emulator.directory)
        except (OSError, ValueError, KeyError, TypeError) as err:
            print(f"emulator: seed {path}: {err}", file=sys.stderr)
            return 2
        print(f"seeded {path}: {counts['secrets']} secrets, {counts['events']} events", file=sys.stderr)

    try:
        server = make_keepalive_server("127.0.0.1", args.port, emulator)
    except OSError as err:
        print(f"emulator: cannot listen on 127.0.0.1:{args.port}: {err}", file=sys.stderr)
        return 1
    url = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    with urllib.request.urlopen(f"{url}/_emulator/health", timeout=10) as reply:
        reply.read()

    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    print(f"EMULATOR_URL={url}", flush=True)
    stop.wait()
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
