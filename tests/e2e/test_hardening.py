"""Nothing lost, ever: commands killed mid-write, failed writes, a read-only
directory, a file replaced while a command runs, and many commands at once."""

import os
import random
import re
import resource
import shutil
import stat
import signal
import subprocess
import time
import unittest
from concurrent.futures import ThreadPoolExecutor

import yaml

from coachtest import COACH, CoachTestCase, snapshot


class KillTest(CoachTestCase):
    """SIGKILL at random moments during each writing command: every file still
    parses and holds either the old or the new content."""

    ROUNDS = int(os.environ.get("COACH_KILL_ROUNDS", "300"))

    def test_sigkill_during_writes(self):
        root = self.team()
        out = self.ok("-C", str(root), "log-1on1", "alice", "-p", "p1", "-p", "p2", "-p", "p3").out
        promise_ids = re.findall(r"^  ([a-z0-9]{6}) ", out, re.M)
        rng = random.Random(7)
        killed = 0
        kinds = [
            lambda i: ["log-1on1", rng.choice(["alice", "bo"]), "--notes", f"n{i}\n" * rng.randint(1, 50),
                       "-p", f"promise {i}"],
            lambda i: ["followups", "add", "bo", f"added {i}"],
            lambda i: ["followups", "done", rng.choice(promise_ids)],
            lambda i: ["rep", "add", f"Person {i}"],
        ]
        for i in range(self.ROUNDS):
            before = snapshot(root)
            args = rng.choice(kinds)(i)
            proc = subprocess.Popen([COACH, "-C", str(root), *args], env=self.env, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
            time.sleep(rng.uniform(0, 0.004))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            killed += proc.returncode == -signal.SIGKILL
            after = snapshot(root)
            for name, content in after.items():
                if "/." in name or name.startswith("."):
                    continue  # an interrupted temporary file or the lock; never read as data
                if name.endswith(".yaml"):
                    yaml.safe_load(content)  # parses
                    if name in before:
                        changed = content != before[name]
                        if changed:
                            # the new content is the old plus lines (log, add, done never remove anything)
                            old_lines = before[name].decode().splitlines()
                            new_lines = content.decode().splitlines()
                            self.assertTrue(all(line in new_lines for line in old_lines), name)
        self.assertGreater(killed, self.ROUNDS // 4)
        self.ok("-C", str(root), "audit", "--data")
        self.ok("-C", str(root), "rep", "list")


class FailedWriteTest(CoachTestCase):
    def test_disk_full_leaves_the_file_as_it_was(self):
        root = self.team()
        before = snapshot(root)

        def small_files():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (200, 200))

        proc = subprocess.run([COACH, "-C", str(root), "log-1on1", "alice", "--notes", "x" * 5000], env=self.env,
                              capture_output=True, text=True, preexec_fn=small_files)
        self.assertEqual(proc.returncode, 6, proc.stderr)
        self.assertIn("cannot write", proc.stderr)
        self.assertIn("nothing was changed", proc.stderr)
        after = snapshot(root)
        after.pop(".coach/lock", None)
        before.pop(".coach/lock", None)
        self.assertEqual(after, before)

    @unittest.skipUnless(os.geteuid() == 0 and shutil.which("runuser"), "needs root to run as another user")
    def test_read_only_directory(self):
        if subprocess.run(["runuser", "-u", "nobody", "--", COACH, "--version"], capture_output=True).returncode != 0:
            # A checkout under a private folder (mktemp -d is 0700): nobody cannot even start coach.
            self.skipTest("the user nobody cannot run the built binary from this checkout")
        root = self.team()
        shutil.chown(self.tmp, "nobody")
        for path in [root, *root.rglob("*")]:
            shutil.chown(path, "nobody")
        os.chmod(root / "reps", 0o500)
        os.chmod(root, 0o500)
        before = snapshot(root)
        env = dict(self.env, HOME=str(self.tmp))
        proc = subprocess.run(["runuser", "-u", "nobody", "--", COACH, "-C", str(root), "log-1on1", "alice",
                               "--notes", "x"], env=env, capture_output=True, text=True)
        self.assertEqual(proc.returncode, 6, proc.stderr)
        self.assertEqual(len(proc.stderr.splitlines()), 1, proc.stderr)
        self.assertIn("Permission denied", proc.stderr)
        proc = subprocess.run(["runuser", "-u", "nobody", "--", COACH, "-C", str(root), "rep", "list"], env=env,
                              capture_output=True, text=True)
        self.assertEqual(proc.returncode, 0, proc.stderr)  # reading needs no write access
        os.chmod(root, 0o700)
        os.chmod(root / "reps", 0o700)
        self.assertEqual(snapshot(root), before)


class ReplacedFileTest(CoachTestCase):
    def test_file_saved_by_hand_while_the_editor_is_open_is_kept(self):
        root = self.team()
        rep_file = root / "reps" / "alice-chen.yaml"
        script = self.tmp / "editor.py"
        script.write_text(
            "import sys, os\n"
            f"rep = {str(rep_file)!r}\n"
            "text = open(rep).read().replace('name: Alice Chen', 'name: Alice Chen  # saved by hand meanwhile')\n"
            "open(rep + '.new', 'w').write(text)\n"
            "os.replace(rep + '.new', rep)\n"
            "path = sys.argv[-1]\n"
            "open(path, 'a').write('hello from the editor\\n')\n")
        self.ok("-C", str(root), "log-1on1", "alice", "--edit", env={"VISUAL": f"/usr/bin/python3 {script}"})
        text = rep_file.read_text()
        self.assertIn("# saved by hand meanwhile", text)
        self.assertIn("hello from the editor", text)


class ConcurrencyTest(CoachTestCase):
    def test_dozens_of_logs_and_closings_at_once(self):
        root = self.team()
        ids = []
        for rep in ("alice", "bo"):
            out = self.ok("-C", str(root), "log-1on1", rep, *sum([["-p", f"{rep} {k}"] for k in range(12)], [])).out
            ids += re.findall(r"^  ([a-z0-9]{6}) ", out, re.M)
        jobs = [["log-1on1", rep, "--notes", f"{rep} meeting {i}"] for i in range(12) for rep in ("alice", "bo")]
        jobs += [["followups", "done", pid] for pid in ids]
        random.Random(3).shuffle(jobs)

        def run(args):
            return subprocess.run([COACH, "-C", str(root), *args], env=self.env, capture_output=True).returncode

        with ThreadPoolExecutor(max_workers=24) as pool:
            codes = list(pool.map(run, jobs))
        self.assertEqual(codes, [0] * len(jobs))
        done = 0
        notes = []
        for rep in ("alice-chen", "bo-diaz"):
            data = yaml.safe_load((root / "reps" / f"{rep}.yaml").read_text())
            for record in data["records"]:
                if record.get("notes"):
                    notes.append(record["notes"])
                done += sum(1 for p in record.get("promises", []) if "done" in p)
        self.assertEqual(done, len(ids))
        self.assertEqual(len(notes), 24)


class CacheTest(CoachTestCase):
    """The cache of parsed files is derived data: a hand edit is always seen,
    and a corrupt cache is never believed."""

    def age(self, path, seconds=3600):
        old = time.time() - seconds
        os.utime(path, (old, old))
        time.sleep(0.025)  # its ctime is now: old enough to cache once the 20 ms granularity has passed

    def test_hand_edit_is_always_seen(self):
        root = self.team()
        rep = root / "reps" / "alice-chen.yaml"
        self.age(rep)
        self.ok("-C", str(root), "rep", "list")
        self.assertTrue((root / ".coach" / "cache" / "alice-chen.yaml.cache").is_file())
        self.assertIn("Alice Chen", self.ok("-C", str(root), "rep", "list").out)
        # Same size, same modification time: only the change time tells.
        stat = rep.stat()
        rep.write_text(rep.read_text().replace("Alice Chen", "Alice Chan"))
        os.utime(rep, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        self.assertEqual(rep.stat().st_size, stat.st_size)
        self.assertIn("Alice Chan", self.ok("-C", str(root), "rep", "list").out)

    def test_hand_edit_is_seen_through_the_roster_index(self):
        # Commands that look a rep up by name read .coach/cache/roster, not every file.
        root = self.team()
        rep = root / "reps" / "alice-chen.yaml"
        self.age(rep)
        self.ok("-C", str(root), "prep", "Alice")
        self.assertTrue((root / ".coach" / "cache" / "roster").is_file())
        stat_before = rep.stat()
        rep.write_text(rep.read_text().replace("Alice Chen", "Alize Chen"))
        os.utime(rep, ns=(stat_before.st_atime_ns, stat_before.st_mtime_ns))
        self.assertIn("Alize Chen", self.ok("-C", str(root), "prep", "Alize").out)
        self.fails(4, "-C", str(root), "prep", "Alice Chen")

    def test_fresh_clone_without_private_folder_gets_a_cache(self):
        # .coach/ is git-ignored, so a clone has none; reads must still cache.
        root = self.team()
        shutil.rmtree(root / ".coach", ignore_errors=True)  # writes need no .coach since the lock is on the directory
        self.age(root / "reps" / "alice-chen.yaml")
        self.ok("-C", str(root), "followups")
        self.assertTrue((root / ".coach" / "cache" / "alice-chen.yaml.cache").is_file())
        self.assertEqual(stat.S_IMODE((root / ".coach").stat().st_mode), 0o700)

    def test_touched_file_is_cached_by_the_next_command(self):
        # After `git clone` or `touch`, the next command writes the cache: stamps are compared at full
        # resolution, not in whole seconds with a 2 s window (which left such files uncached for 2-3 s).
        root = self.team()
        shutil.rmtree(root / ".coach", ignore_errors=True)
        for rep in (root / "reps").iterdir():
            os.utime(rep)  # touch: mtime and ctime now
        time.sleep(0.05)  # past the 20 ms granularity; the next command starts about as late
        self.ok("-C", str(root), "prep", "Alice")
        self.assertTrue((root / ".coach" / "cache" / "alice-chen.yaml.cache").is_file())
        self.assertIn(b"bo-diaz.yaml", (root / ".coach" / "cache" / "roster").read_bytes())
        # A hand edit right after, same size, mtime put back: the ctime tells.
        rep = root / "reps" / "alice-chen.yaml"
        stat = rep.stat()
        rep.write_text(rep.read_text().replace("Alice Chen", "Alice Chan"))
        os.utime(rep, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        self.assertIn("Alice Chan", self.ok("-C", str(root), "rep", "list").out)

    def test_corrupt_cache_is_ignored(self):
        root = self.team()
        rep = root / "reps" / "alice-chen.yaml"
        self.age(rep)
        self.ok("-C", str(root), "rep", "list")
        entry = root / ".coach" / "cache" / "alice-chen.yaml.cache"
        data = bytearray(entry.read_bytes())
        for i in range(40, len(data), 5):
            data[i] = 0xFF
        entry.write_bytes(bytes(data))
        self.assertIn("Alice Chen", self.ok("-C", str(root), "rep", "list").out)
        entry.write_bytes(b"")
        self.assertIn("Alice Chen", self.ok("-C", str(root), "rep", "show", "alice").out)
        shutil.rmtree(root / ".coach" / "cache")
        self.assertIn("Alice Chen", self.ok("-C", str(root), "rep", "list").out)

    def test_cold_write_reads_the_other_files_without_parsing_them(self):
        # A new id is checked against every file's bytes; only the rep written to is parsed (and cached).
        root = self.team()
        for rep in (root / "reps").iterdir():
            self.age(rep)
        shutil.rmtree(root / ".coach" / "cache", ignore_errors=True)
        self.ok("-C", str(root), "log-1on1", "alice-chen", "--notes", "n", "-p", "Send the deck")
        self.ok("-C", str(root), "followups", "add", "alice-chen", "Call back")
        cache = root / ".coach" / "cache"
        self.assertFalse((cache / "bo-diaz.yaml.cache").exists())
        self.assertFalse((cache / "roster").exists())
        records = yaml.safe_load((root / "reps" / "alice-chen.yaml").read_text())["records"]
        ids = [r["id"] for r in records] + [p["id"] for r in records for p in r.get("promises", [])]
        self.assertEqual(len(ids), len(set(ids)))
        self.ok("-C", str(root), "followups", "done", ids[-1])


class HostileArgumentsTest(CoachTestCase):
    def test_unicode_quotes_and_newlines_round_trip(self):
        root = self.team()
        texts = ["‘curly’ “quotes” «guillemets»", "emoji 🎉 and ZWJ 👩‍💻", "new\nline", "tab\there", "back\\slash",
                 "#hash: colon", "- dash", "李小龍", "RTL עברית", "\u00a0nbsp", "trailing space ", "'single'",
                 '"double"', "{flow: [x]}", "&anchor *alias", "!tag", "%directive", "@at `tick`", "null", "~",
                 "2026-11-25", "0x1F", "1e3", ".inf", "yes", "NO", "y"]
        for text in texts:
            self.ok("-C", str(root), "followups", "add", "alice", text)
        data = yaml.safe_load((root / "reps" / "alice-chen.yaml").read_text())
        stored = [p["text"] for r in data["records"] for p in r["promises"]]
        # Typed text loses only surrounding blanks.
        self.assertEqual(stored, [t.strip(" \t\n\r") for t in texts])


if __name__ == "__main__":
    unittest.main()
