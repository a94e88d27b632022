"""scripts/emulator: first line, free port, clean stop, clear seed errors."""

import json
import subprocess
import urllib.request

from conftest import ROOT, start, stop


def test_prints_url_first_and_answers_then_stops_on_sigterm():
    emulator = start()
    assert emulator.url.startswith("http://127.0.0.1:")
    with urllib.request.urlopen(f"{emulator.url}/_emulator/health", timeout=5) as reply:
        assert json.loads(reply.read()) == {"ok": True}
    assert stop(emulator) == 0


def test_two_emulators_get_different_free_ports():
    a, b = start(), start()
    try:
        assert a.url != b.url
    finally:
        stop(a)
        stop(b)


def test_bad_seed_file_is_named_in_the_error(tmp_path):
    bad = tmp_path / "broken.json"
    bad.write_text('{"secrets": [{"versions": []}]}')
    proc = subprocess.run(
        [str(ROOT / "scripts" / "emulator"), "--seed", str(bad)], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 2
    assert "broken.json" in proc.stderr and "name" in proc.stderr
    assert proc.stdout == ""


def test_unknown_control_endpoint_is_404(emu):
    status, payload = emu.control("GET", "nope")
    assert status == 404 and "nope" in payload["error"]
