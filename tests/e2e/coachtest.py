"""Helpers for the end-to-end tests: run the built `coach` binary on
temporary data directories and look at its output, exit code and files."""

import fcntl
import os
import select
import shutil
import struct
import subprocess
import tempfile
import termios
import time
import unittest
from pathlib import Path

COACH = os.environ.get("COACH_BIN", str(Path(__file__).resolve().parents[2] / "build" / "coach"))
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "team"
TODAY = "2026-11-25"  # a Wednesday; every test pins the date


def run_on_terminal(args, *, env, cwd=None, rows=30, columns=100, stream="stdout", timeout=60):
    """Runs `args` with `stream` (standard output or error) on a pseudo-terminal of
    `rows` x `columns`: (exit code, what the terminal showed as bytes, the other stream's bytes).

    Reading the terminal until the kernel reports that every writer closed it
    (EIO) can lose the last lines written just before the exit, so this keeps
    its own end of the terminal open, writes a marker through it once the command
    and everything it started have finished, and reads up to that marker."""
    marker = b"<coach-test-end-of-terminal>"
    master, slave = os.openpty()
    try:
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        on_terminal = {"stdout": slave, "stderr": subprocess.PIPE}
        if stream == "stderr":
            on_terminal = {"stdout": subprocess.PIPE, "stderr": slave}
        proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, env=env, cwd=cwd, **on_terminal)
        other_pipe = proc.stdout if stream == "stderr" else proc.stderr
        shown, other = bytearray(), bytearray()
        deadline = time.monotonic() + timeout
        pipe_open = True
        while time.monotonic() < deadline:
            readable, _, _ = select.select([master] + ([other_pipe] if pipe_open else []), [], [], 0.05)
            if master in readable:
                shown += os.read(master, 65536)
            if other_pipe in readable:
                chunk = os.read(other_pipe.fileno(), 65536)
                other += chunk
                pipe_open = bool(chunk)  # end of file: the command and its children closed it
            if not readable and not pipe_open and proc.poll() is not None:
                break
        else:
            proc.kill()
            raise TimeoutError(f"{args} did not finish in {timeout} s")
        os.write(slave, marker)
        while marker not in shown:
            shown += os.read(master, 65536)
        del shown[shown.index(marker):]
        other_pipe.close()
        return proc.wait(), bytes(shown), bytes(other)
    finally:
        os.close(master)
        os.close(slave)


class Result:
    def __init__(self, proc):
        self.rc = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr

    def __repr__(self):
        return f"rc={self.rc}\n--- stdout\n{self.out}--- stderr\n{self.err}"


class CoachTestCase(unittest.TestCase):
    """A test with its own temporary directory, kept when the test fails."""

    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="coach-e2e-"))
        self.env = {
            # The built coach first on PATH, as an installed one is: git runs
            # `coach merge-driver` from there.
            "PATH": os.path.dirname(COACH) + os.pathsep + os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.tmp / "home"),
            "COACH_TODAY": TODAY,
            "LC_ALL": "C.UTF-8",
            # Wide enough that no table is cut: the suites check what is shown;
            # test_tables_fit.py checks the fitting (80 in a pipe) itself.
            "COLUMNS": "1000",
        }
        (self.tmp / "home").mkdir()

    def tearDown(self):
        outcome = getattr(self, "_outcome", None)
        failed = False
        if outcome is not None and hasattr(outcome, "result"):
            result = outcome.result
            failed = any(test is self for test, _ in result.failures + result.errors)
        if failed:
            print(f"\nkept {self.tmp}")
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def coach(self, *args, cwd=None, input=None, env=None, timeout=60):
        full_env = dict(self.env)
        if env:
            full_env.update(env)
        proc = subprocess.run(
            [COACH, *args],
            cwd=cwd or self.tmp,
            input=input if input is not None else "",
            env=full_env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        return Result(proc)

    def ok(self, *args, **kwargs):
        result = self.coach(*args, **kwargs)
        self.assertEqual(result.rc, 0, result)
        return result

    def fails(self, rc, *args, **kwargs):
        result = self.coach(*args, **kwargs)
        self.assertEqual(result.rc, rc, result)
        self.assertEqual(len(result.err.strip().splitlines()), 1, result)  # one line
        self.assertTrue(result.err.startswith("coach: error: "), result)
        return result

    def team(self, name="team"):
        """A fresh data directory with two reps."""
        root = self.tmp / name
        self.ok("init", str(root), "--manager", "Dana Whitfield")
        self.ok("-C", str(root), "rep", "add", "Alice Chen", "--role", "Senior AE", "--start", "2019-04-01",
                "--tag", "high-performer")
        self.ok("-C", str(root), "rep", "add", "Bo Diaz", "--tag", "new-hire")
        return root

    def examples_copy(self):
        dest = self.tmp / "examples"
        shutil.copytree(EXAMPLES, dest)
        return dest


def snapshot(root):
    """Every file under root with its bytes, to prove that nothing changed;
    coach's lock and cache (derived data in .coach/) are left out."""
    files = {}
    for p in sorted(Path(root).rglob("*")):
        name = str(p.relative_to(root))
        if p.is_file() and name != ".coach/lock" and not name.startswith(".coach/cache/"):
            files[name] = p.read_bytes()
    return files


def chromium_screenshot(html, tmp, height):
    """The page `html` as headless Chromium draws it, 1200 pixels wide and
    `height` high, as a PIL RGB image (Debian's python3-pil)."""
    from PIL import Image
    page = Path(tmp) / "report.html"
    page.write_text(html)
    shot = Path(tmp) / "report.png"
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={Path(tmp) / 'profile'}", "--hide-scrollbars", f"--window-size=1200,{height}",
                    f"--screenshot={shot}", page.as_uri()],
                   capture_output=True, timeout=120, check=True)
    return Image.open(shot).convert("RGB")
