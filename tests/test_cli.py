"""The command as a first-time user meets it: help, --version, plurals, one line per bad input, and
a broken Frog install reported once at start with Frog's own message."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimtrail import __version__, frog
from claimtrail.cli import app, plural
from claimtrail.errors import ConfigError

from .conftest import EXAMPLES

ROOT = Path(__file__).resolve().parents[1]
PYTHON_TYPES = re.compile(r"<\w+|\{paths\}|list\[|\bstr\b|\bbool\b|Path\]")


@pytest.mark.parametrize("command", [[], ["ingest"], ["extract"], ["story"], ["report"], ["serve"], ["claims"]])
def test_help_reads_like_a_persons(command):
    res = CliRunner().invoke(app, [*command, "--help"], terminal_width=100)
    assert res.exit_code == 0, res.output
    assert not PYTHON_TYPES.search(res.output), res.output
    if command in (["ingest"], ["extract"]):
        assert "PATH..." in res.output and "--db" in res.output and "FILE" in res.output


def test_version():
    res = CliRunner().invoke(app, ["--version"])
    assert res.exit_code == 0 and res.output.strip() == f"claimtrail {__version__}"


def test_plurals():
    assert [plural(n, "claim") for n in (0, 1, 2)] == ["0 claims", "1 claim", "2 claims"]


@pytest.mark.slow  # a real process: seconds of start-up
def test_one_line_per_bad_input_and_a_singular_summary(tmp_path):
    """A real process (the log handler and the error line both go to stderr): each bad input once."""
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "bin.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    good = EXAMPLES / "11_en_port_rotterdam_hack.txt"
    done = subprocess.run([sys.executable, "-m", "claimtrail.cli", "extract", str(tmp_path), str(good), "--format", "jsonl"],
                          capture_output=True, text=True, cwd=ROOT, timeout=300, env={**os.environ, "COLUMNS": "60"})
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert sum("empty.txt" in ln for ln in lines) == 1, done.stderr
    assert sum("bin.txt" in ln for ln in lines) == 1, done.stderr
    claims = len(done.stdout.splitlines())
    assert lines[-1] == f"1 article, {plural(claims, 'claim')}; 2 inputs failed"  # one line, even 60 columns wide


def _fake_frog(folder: Path, script: str) -> None:
    exe = folder / "frog"
    exe.write_text("#!/bin/sh\n" + script)
    exe.chmod(exe.stat().st_mode | stat.S_IEXEC)


@pytest.fixture
def broken_frog(tmp_path, monkeypatch):
    """A frog that stops the way Debian's does without uctodata."""
    _fake_frog(tmp_path, "echo 'frog-2.0: tokenizer: could not read tokconfig-nld' >&2\n"
                         "echo 'Initialization failed for: [tokenizer]' >&2\nexit 1\n")
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    frog.check.cache_clear()
    yield
    frog.check.cache_clear()


def test_a_broken_frog_is_one_clear_error_at_start(broken_frog):
    with pytest.raises(ConfigError) as e:
        frog.check()
    msg = str(e.value)
    assert msg.startswith("E024") and "Initialization failed for: [tokenizer]" in msg and "apt-get install uctodata" in msg


def test_a_broken_frog_stops_the_command_before_any_article(broken_frog):
    res = CliRunner().invoke(app, ["extract", str(EXAMPLES / "01_nl_dode_vis_westerschelde.txt"), "--analyzer", "frog"])
    assert res.exit_code == 2
    assert "E024" in res.output and "E018" not in res.output and res.output.count("error") == 1


def test_frog_failure_message_picks_frogs_own_words():
    out = "frog-2.0 started\nloading config\nInitialization failed for: [tokenizer]\nbye\n"
    assert frog.failure_message(out) == "Initialization failed for: [tokenizer]"
    assert frog.failure_message("just one line\n") == "just one line"
    assert "uctodata" in frog.fix_for(out) and "frogdata" in frog.fix_for("config file frog.cfg not found")
