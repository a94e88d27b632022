"""Resident memory of the real console with many secrets listed (see
scripts/console-rss). Each secret has a description, two tags and two
versions, as in `cargo bench --bench memory`."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", "-L", "sekret-rss", *args], capture_output=True, text=True).stdout


def status(pid: int) -> dict[str, int]:
    fields = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile"):
                fields[key] = int(value.split()[0])
    return fields


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sekret", required=True)
    ap.add_argument("--emulator", required=True)
    ap.add_argument("--secrets", type=int, default=100_000)
    args = ap.parse_args()
    proc, url = bench.start_emulator(args.emulator, 0)
    try:
        began = time.monotonic()
        secrets = [
            {
                "name": name,
                "description": f"Credentials for {name.split('/')[0]}",
                "tags": {"team": name.split("-")[0], "env": name.split("/")[1]},
                "versions": [{"value": "v1"}, {"value": "v2"}],
            }
            for name in bench.names(args.secrets, "even")
        ]
        bench.control(url, "seed", {"secrets": secrets})
        print(f"seeded {args.secrets:,} secrets in {time.monotonic() - began:.0f} s", file=sys.stderr)
        env = " ".join(
            f"{k}={v}"
            for k, v in {
                "AWS_ACCESS_KEY_ID": "AKIABENCH00000000001",
                "AWS_SECRET_ACCESS_KEY": "bench",
                "AWS_REGION": "us-east-1",
                "AWS_CONFIG_FILE": "/dev/null",
                "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
                "AWS_EC2_METADATA_DISABLED": "true",
                "XDG_CONFIG_HOME": "/nonexistent",
            }.items()
        )
        tmux("kill-server")
        tmux("new-session", "-d", "-s", "rss", "-x", "120", "-y", "40",
             f"env {env} {args.sekret} --endpoint-url {url}; sleep 600")
        began = time.monotonic()
        while "listing complete" not in tmux("capture-pane", "-p", "-t", "rss"):
            if time.monotonic() - began > 600:
                sys.exit("console-rss: the listing did not complete in 10 minutes")
            time.sleep(0.2)
        listed = time.monotonic() - began
        pid = int(tmux("display-message", "-p", "-t", "rss", "#{pane_pid}").strip())
        children = subprocess.run(["pgrep", "-P", str(pid), "-x", "sekret"], capture_output=True, text=True)
        sekret = int(children.stdout.split()[0])
        time.sleep(1)
        mem = status(sekret)
        print(f"console with {args.secrets:,} secrets listed (in {listed:.1f} s): "
              f"RSS {mem['VmRSS'] / 1024:.1f} MB (peak {mem['VmHWM'] / 1024:.1f} MB): "
              f"{mem['RssAnon'] / 1024:.1f} MB anonymous, {mem['RssFile'] / 1024:.1f} MB of mapped files "
              f"(the binary)")
    finally:
        tmux("kill-server")
        proc.terminate()
        proc.wait(timeout=30)


if __name__ == "__main__":
    main()
