"""The listing benchmark (run through scripts/bench).

For each dataset (size × prefix distribution) it starts the emulator with
an injected round-trip latency, seeds the secrets in-process through the
control API, and times, several runs each, `sekret ls --json` (parallel),
`sekret ls --json --sequential` and `aws secretsmanager list-secrets`:
median wall time and median client CPU time (user + system of the child).
The sequential floor is pages × latency. All three must list the same
secrets; the run fails if they do not.

With --audit, `sekret audit --json` is timed too (ListSecrets, then one
GetResourcePolicy per secret, a bounded number at a time); the emulator's
call log checks that every policy was read exactly once and no value was.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
import urllib.request

WORDS = ("alpha", "bravo", "cedar", "delta", "ember", "fjord", "gamma", "harbor", "iris", "jade",
         "kilo", "lumen", "mango", "nova", "onyx", "pixel", "quartz", "raven", "sierra", "tango",
         "umber", "vega", "willow", "xenon", "yarrow", "zephyr")


def names(size: int, layout: str) -> list[str]:
    rng = random.Random(size)
    if layout == "even":
        # Services spread over every first letter, three environments each.
        return [f"{rng.choice(WORDS)}-{i % 97:02d}/{('prod', 'staging', 'dev')[i % 3]}/key-{i:06d}"
                for i in range(size)]
    # Skewed: everything under prod/, as in accounts with one environment.
    return [f"prod/svc-{i % max(size // 10, 1):04d}/key-{i:06d}" for i in range(size)]


def start_emulator(emulator: str, latency_ms: int) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([emulator], stdout=subprocess.PIPE, text=True)
    first = proc.stdout.readline().strip()
    if not first.startswith("EMULATOR_URL="):
        proc.kill()
        sys.exit(f"bench: the emulator did not start ({first!r})")
    url = first.split("=", 1)[1]
    control(url, "seed", {"identities": {"AKIABENCH00000000001": "arn:aws:iam::123456789012:user/bench"}})
    control(url, "faults", {"latency_ms": latency_ms})
    return proc, url


def control(url: str, what: str, body) -> None:
    req = urllib.request.Request(f"{url}/_emulator/{what}", data=json.dumps(body).encode(), method="POST")
    with urllib.request.urlopen(req, timeout=600) as reply:
        reply.read()


def calls(url: str, method: str = "GET") -> list[dict]:
    req = urllib.request.Request(f"{url}/_emulator/calls", method=method)
    with urllib.request.urlopen(req, timeout=600) as reply:
        body = reply.read()
    return json.loads(body) if method == "GET" and body else []


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    out = subprocess.run(cmd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if out.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed: {out.stderr.strip()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, out.stdout


def audit(sekret: str, url: str, env: dict[str, str], size: int, runs: int) -> tuple[float, float, dict]:
    walls, cpus, ops = [], [], {}
    for _ in range(runs):
        calls(url, "DELETE")
        wall, cpu, stdout = timed([sekret, "--endpoint-url", url, "audit", "--json"], env)
        report = json.loads(stdout)
        if report["secrets"] != size or report["policies_unknown"] != 0:
            sys.exit(f"bench: audit checked {report['secrets']} secrets, {report['policies_unknown']} policies unknown")
        ops = {}
        for c in calls(url):
            ops[c["operation"]] = ops.get(c["operation"], 0) + 1
        if ops.get("GetResourcePolicy") != size or ops.get("GetSecretValue"):
            sys.exit(f"bench: audit made {ops}")
        walls.append(wall)
        cpus.append(cpu)
    return statistics.median(walls), statistics.median(cpus), ops


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float, set[str]]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    out = subprocess.run(cmd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if out.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed: {out.stderr.strip()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    data = json.loads(out.stdout)
    listed = data["SecretList"] if isinstance(data, dict) else data
    return wall, cpu, {s.get("ARN") or s.get("arn") for s in listed}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sekret", required=True)
    ap.add_argument("--aws", required=True)
    ap.add_argument("--emulator", required=True)
    ap.add_argument("--latency-ms", type=int, default=30)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--audit", action="store_true", help="time `sekret audit --json` as well")
    args = ap.parse_args()

    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(AWS_ACCESS_KEY_ID="AKIABENCH00000000001", AWS_SECRET_ACCESS_KEY="bench",
               AWS_REGION="us-east-1", AWS_DEFAULT_REGION="us-east-1",
               AWS_CONFIG_FILE="/dev/null", AWS_SHARED_CREDENTIALS_FILE="/dev/null",
               AWS_EC2_METADATA_DISABLED="true", XDG_CONFIG_HOME="/nonexistent")
    rows = []
    audits = []
    for size in [int(s) for s in args.sizes.split(",")]:
        for layout in ("even", "skewed"):
            proc, url = start_emulator(args.emulator, args.latency_ms)
            try:
                control(url, "seed", {"secrets": [{"name": n, "versions": [{"value": "v"}]}
                                                  for n in names(size, layout)]})
                tools = {
                    "sekret ls (parallel)": [args.sekret, "--endpoint-url", url, "ls", "--json"],
                    "sekret ls --sequential": [args.sekret, "--endpoint-url", url, "ls", "--json", "--sequential"],
                    "aws secretsmanager list-secrets": [args.aws, "--endpoint-url", url, "secretsmanager",
                                                        "list-secrets", "--output", "json"],
                }
                listed = {}
                for tool, cmd in tools.items():
                    walls, cpus = [], []
                    for _ in range(args.runs):
                        wall, cpu, arns = run(cmd, env)
                        walls.append(wall)
                        cpus.append(cpu)
                        listed[tool] = arns
                    rows.append((size, layout, tool, statistics.median(walls), statistics.median(cpus)))
                counts = {tool: len(arns) for tool, arns in listed.items()}
                if len({frozenset(a) for a in listed.values()}) != 1 or counts[next(iter(counts))] != size:
                    sys.exit(f"bench: the tools listed different secrets: {counts}")
                pages = -(-size // 100)
                rows.append((size, layout, "sequential floor (pages × latency)", pages * args.latency_ms / 1000, None))
                if args.audit:
                    wall, cpu, ops = audit(args.sekret, url, env, size, min(args.runs, 3))
                    # One policy after another would take a round trip each.
                    floor = (pages + size) * args.latency_ms / 1000
                    audits.append((size, layout, wall, cpu, ops, floor))
            finally:
                proc.terminate()
                proc.wait(timeout=10)

    print(f"ListSecrets at {args.latency_ms} ms round trip, median of {args.runs} runs "
          f"(all three tools listed the same secrets)\n")
    print("| secrets | layout | tool | wall | client CPU |")
    print("| ---: | --- | --- | ---: | ---: |")
    for size, layout, tool, wall, cpu in rows:
        cpu_text = "—" if cpu is None else f"{cpu:.3f} s"
        print(f"| {size:,} | {layout} | {tool} | {wall:.2f} s | {cpu_text} |")

    # The goals: wall ≤ 0.35 × the sequential floor, client CPU ≤ 0.1 × the CLI's.
    print("\n| secrets | layout | sekret wall ÷ floor (goal ≤ 0.35) | sekret CPU ÷ AWS CLI CPU (goal ≤ 0.1) |")
    print("| ---: | --- | ---: | ---: |")
    table = {(size, layout, tool): (wall, cpu) for size, layout, tool, wall, cpu in rows}
    for size, layout in dict.fromkeys((size, layout) for size, layout, *_ in rows):
        wall, cpu = table[(size, layout, "sekret ls (parallel)")]
        floor, _ = table[(size, layout, "sequential floor (pages × latency)")]
        _, aws_cpu = table[(size, layout, "aws secretsmanager list-secrets")]
        print(f"| {size:,} | {layout} | {wall / floor:.2f} × | {cpu / aws_cpu:.3f} × |")

    if audits:
        print(f"\n`sekret audit --json`, median of {min(args.runs, 3)} runs (each policy read once, no value read)\n")
        print("| secrets | layout | wall | client CPU | ListSecrets | GetResourcePolicy | one-at-a-time floor |")
        print("| ---: | --- | ---: | ---: | ---: | ---: | ---: |")
        for size, layout, wall, cpu, ops, floor in audits:
            print(f"| {size:,} | {layout} | {wall:.2f} s | {cpu:.3f} s | {ops.get('ListSecrets', 0):,} "
                  f"| {ops.get('GetResourcePolicy', 0):,} | {floor:.1f} s |")


if __name__ == "__main__":
    main()
