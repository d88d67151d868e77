"""Coaching notes versioned in git: a commit per change with exactly its
files, hooks and hostile text, and two clones merged for each kind of change."""

import os
import re
import shutil
import subprocess
import unittest

import yaml

from coachtest import COACH, CoachTestCase

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Dana", "GIT_AUTHOR_EMAIL": "dana@example.com",
    "GIT_COMMITTER_NAME": "Dana", "GIT_COMMITTER_EMAIL": "dana@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
}


@unittest.skipUnless(shutil.which("git"), "git is not installed")
class GitTestCase(CoachTestCase):
    def setUp(self):
        super().setUp()
        self.env.update(GIT_ENV)
        # The driver may be configured as `coach` found on PATH: find this build first.
        self.env["PATH"] = os.path.dirname(os.path.abspath(COACH)) + os.pathsep + self.env["PATH"]

    def git(self, cwd, *args, check=True):
        proc = subprocess.run(["git", *args], cwd=cwd, env=self.env, capture_output=True, text=True)
        if check:
            self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        return proc

    def log(self, cwd):
        return self.git(cwd, "log", "--format=%s").stdout.splitlines()

    def files_in(self, cwd, rev="HEAD"):
        return sorted(self.git(cwd, "show", "--name-only", "--format=", rev).stdout.split())

    def init(self, name="team"):
        root = self.tmp / name
        self.ok("init", str(root), "--git", "--manager", "Dana")
        return root


class CommitTest(GitTestCase):
    def test_init_git(self):
        root = self.init()
        self.assertTrue((root / ".git").is_dir())
        self.assertEqual(self.log(root), ["coach init"])
        self.assertEqual(self.files_in(root), [".gitattributes", ".gitignore", "coach.yaml"])
        self.assertIn("reps/*.yaml merge=coach", (root / ".gitattributes").read_text())
        self.assertIn("commit: true", (root / "coach.yaml").read_text())
        driver = self.git(root, "config", "--get", "merge.coach.driver").stdout
        self.assertIn("merge-driver %O %A %B %P", driver)
        self.assertEqual(self.git(root, "status", "--porcelain").stdout, "")

    def test_every_change_is_a_commit_of_exactly_its_file(self):
        root = self.init()
        self.ok("rep", "add", "Alice Chen", cwd=root)
        self.ok("rep", "add", "Bo Diaz", cwd=root)
        # Unrelated work in progress: one file staged, one modified; neither may be swept in.
        (root / "notes.md").write_text("staged draft\n")
        self.git(root, "add", "notes.md")
        (root / "coach.yaml").write_text((root / "coach.yaml").read_text() + "# my edit\n")
        out = self.ok("log-1on1", "alice", "--date", "2026-11-20", "-p", "Send the deck", "-c", "Update CRM",
                      cwd=root).out
        ids = re.findall(r"^  ([a-z0-9]{6}) ", out, re.M)
        self.ok("followups", "done", ids[0], cwd=root)
        self.ok("followups", "move", ids[1], "--due", "mon", cwd=root)
        self.ok("followups", "add", "bo", "Intro to Raj", "--due", "+3d", cwd=root)
        self.ok("rep", "archive", "bo", cwd=root)
        self.assertEqual(self.log(root), [
            "rep archive: Bo Diaz, 2026-11-25",
            f"followups add: {self.added_id(root)}, Bo Diaz, due 2026-11-28",
            f"followups move: {ids[1]}, Alice Chen, due 2026-11-30",
            f"followups done: {ids[0]}, Alice Chen: Send the deck",
            "log-1on1: Alice Chen, 2026-11-20, 2 promises",
            "rep add: Bo Diaz (bo-diaz)",
            "rep add: Alice Chen (alice-chen)",
            "coach init",
        ])
        self.assertEqual(self.files_in(root, "HEAD~4"), ["reps/alice-chen.yaml"])
        status = self.git(root, "status", "--porcelain").stdout.splitlines()
        self.assertEqual(sorted(status), [" M coach.yaml", "A  notes.md"])

    def added_id(self, root):
        data = yaml.safe_load((root / "reps" / "bo-diaz.yaml").read_text())
        return data["records"][-1]["promises"][0]["id"]

    def test_no_commit_and_setting_off(self):
        root = self.init()
        self.ok("--no-commit", "rep", "add", "Alice Chen", cwd=root)
        self.assertEqual(self.log(root), ["coach init"])
        self.assertIn("?? reps/", self.git(root, "status", "--porcelain").stdout)
        (root / "coach.yaml").write_text((root / "coach.yaml").read_text().replace("commit: true", "commit: false"))
        self.ok("log-1on1", "alice", "--notes", "x", cwd=root)
        self.assertEqual(self.log(root), ["coach init"])

    def test_failing_hook_keeps_the_change_and_says_so(self):
        root = self.init()
        hook = root / ".git" / "hooks" / "pre-commit"
        hook.write_text("#!/bin/sh\necho 'hook says no' >&2\nexit 1\n")
        hook.chmod(0o755)
        result = self.ok("rep", "add", "Alice Chen", cwd=root)
        self.assertIn("note: not committed to git: git commit failed (exit status 1): hook says no; the change itself is saved", result.err)
        self.assertTrue((root / "reps" / "alice-chen.yaml").is_file())
        self.assertEqual(self.log(root), ["coach init"])

    def test_hostile_text_cannot_inject_commands(self):
        root = self.init()
        name = "Eve $(touch pwned1) `touch pwned2`; touch pwned3 \"' -m x"
        self.ok("rep", "add", name, "--id", "eve", cwd=root)
        self.ok("log-1on1", "eve", "--notes", "$(touch pwned4)\n--help", "-p", "--amend; touch pwned5", cwd=root)
        for n in range(1, 6):
            self.assertFalse((root / f"pwned{n}").exists())
            self.assertFalse((self.tmp / f"pwned{n}").exists())
        self.assertEqual(self.log(root)[1], f"rep add: {name} (eve)")
        self.assertEqual(len(self.log(root)), 3)

    def test_stray_git_dir_is_ignored(self):
        root = self.init()
        decoy = self.tmp / "decoy"
        decoy.mkdir()
        self.git(decoy, "init", "-q")
        self.ok("rep", "add", "Alice Chen", cwd=root, env={"GIT_DIR": str(decoy / ".git")})
        self.assertEqual(self.log(root)[0], "rep add: Alice Chen (alice-chen)")
        self.assertEqual(self.git(decoy, "rev-list", "--all").stdout, "")

    def test_coach_git_runs_in_the_directory(self):
        root = self.init()
        elsewhere = self.tmp / "elsewhere"
        elsewhere.mkdir()
        result = self.ok("-C", str(root), "git", "log", "--format=%s", cwd=elsewhere)
        self.assertEqual(result.out, "coach init\n")
        result = self.coach("-C", str(root), "git", "no-such-git-command", cwd=elsewhere)
        self.assertNotEqual(result.rc, 0)
        result = self.ok("--no-commit", "--color", "never", f"-C{root}", "git", "log", "--format=%s", cwd=elsewhere)
        self.assertEqual(result.out, "coach init\n")

    def test_words_after_git_are_gits(self):
        # coach's own options and command names after `git` go to git untouched.
        root = self.init()
        elsewhere = self.tmp / "elsewhere"
        elsewhere.mkdir()
        result = self.ok("-C", str(root), "git", "-C", ".", "--no-pager", "log", "--format=%s", "--color=never",
                         cwd=elsewhere)
        self.assertEqual(result.out, "coach init\n")
        result = self.coach("-C", str(root), "git", "init", "-h", cwd=elsewhere)
        self.assertIn("usage: git init", result.out + result.err)
        self.assertNotIn("Create a data directory", result.out)
        result = self.ok("git", "--help", cwd=root)
        self.assertIn("Run git in the data directory", result.out)
        result = self.ok("git", "--version", cwd=root)
        self.assertTrue(result.out.startswith("git version"), result.out)
        # --help after another of git's words is git's; alone, coach's, even where there is no data directory.
        result = self.coach("-C", str(root), "git", "--no-pager", "--help", cwd=elsewhere)
        self.assertNotIn("Run git in the data directory", result.out)
        self.assertIn("usage: git", result.out + result.err)
        result = self.ok("git", "--help", cwd=elsewhere, env={"COACH_DIR": str(self.tmp / "missing")})
        self.assertIn("Run git in the data directory", result.out)

    def test_not_a_repository_means_no_commit(self):
        self.ok("init", "plain")
        self.ok("rep", "add", "Alice Chen", cwd=self.tmp / "plain")
        self.assertFalse((self.tmp / "plain" / ".git").exists())


class MergeTest(GitTestCase):
    """Two clones each make a change; the second pulls the first's: no record is
    lost or duplicated, and the result parses."""

    def setUp(self):
        super().setUp()
        self.a = self.init("a")
        self.ok("rep", "add", "Alice Chen", cwd=self.a)
        out = self.ok("log-1on1", "alice", "--date", "2026-11-18", "-p", "First", "-p", "Second", "-c", "Third",
                      cwd=self.a).out
        self.ids = re.findall(r"^  ([a-z0-9]{6}) ", out, re.M)
        self.git(self.tmp, "clone", "-q", str(self.a), "b")
        self.b = self.tmp / "b"
        self.ok("init", "--git", cwd=self.b)  # installs the merge driver in the clone

    def pull(self, check=True):
        return self.git(self.b, "pull", "-q", "--no-rebase", "--no-edit", str(self.a), "master", check=check)

    def data(self):
        return yaml.safe_load((self.b / "reps" / "alice-chen.yaml").read_text())

    def promise(self, pid):
        for record in self.data()["records"]:
            for p in record.get("promises", []):
                if p["id"] == pid:
                    return p
        return None

    def assert_sound(self):
        self.ok("audit", "--data", cwd=self.b)
        ids = [r["id"] for r in self.data()["records"]]
        self.assertEqual(len(ids), len(set(ids)))

    def test_both_log_a_meeting(self):
        self.ok("log-1on1", "alice", "--notes", "from a", "-p", "A promise", cwd=self.a)
        self.ok("log-1on1", "alice", "--notes", "from b", cwd=self.b)
        self.pull()
        notes = [r.get("notes") for r in self.data()["records"]]
        self.assertEqual(sorted(n for n in notes if n), ["from a", "from b"])
        self.assertEqual(len(notes), 3)
        self.assert_sound()

    def test_one_logs_the_other_closes_a_promise(self):
        self.ok("log-1on1", "alice", "--notes", "from a", cwd=self.a)
        self.ok("followups", "done", self.ids[0], cwd=self.b)
        self.pull()
        self.assertEqual(str(self.promise(self.ids[0])["done"]), "2026-11-25")
        self.assertEqual(len(self.data()["records"]), 2)
        self.assert_sound()

    def test_each_closes_a_different_promise(self):
        self.ok("followups", "drop", self.ids[0], "--reason", "moot", cwd=self.a)
        self.ok("followups", "move", self.ids[1], "--due", "2026-12-09", cwd=self.a)
        self.ok("followups", "done", self.ids[2], "--note", "sent", cwd=self.b)
        self.pull()
        self.assertEqual(self.promise(self.ids[0])["reason"], "moot")
        self.assertEqual(str(self.promise(self.ids[1])["due"]), "2026-12-09")
        self.assertEqual(str(self.promise(self.ids[1])["first_due"]), "2026-11-25")
        self.assertEqual(self.promise(self.ids[2])["note"], "sent")
        self.assert_sound()

    def test_both_add_promises_and_one_archives(self):
        self.ok("followups", "add", "alice", "From a", cwd=self.a)
        self.ok("rep", "archive", "alice", cwd=self.a)
        self.ok("followups", "add", "alice", "From b", cwd=self.b)
        self.pull()
        texts = sorted(p["text"] for r in self.data()["records"] for p in r.get("promises", []))
        self.assertEqual(texts, ["First", "From a", "From b", "Second", "Third"])
        self.assertEqual(str(self.data()["archived"]), "2026-11-25")

    def test_same_promise_changed_differently_is_a_real_conflict(self):
        self.ok("followups", "move", self.ids[0], "--due", "2026-12-01", cwd=self.a)
        self.ok("followups", "move", self.ids[0], "--due", "2026-12-04", cwd=self.b)
        result = self.pull(check=False)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("CONFLICT", result.stdout + result.stderr)
        text = (self.b / "reps" / "alice-chen.yaml").read_text()
        self.assertIn("<<<<<<< ours", text)
        result = self.coach("rep", "list", cwd=self.b)
        self.assertEqual(result.rc, 3)
        self.assertIn("git conflict marker", result.err)

    def test_same_change_on_both_sides_merges(self):
        self.ok("followups", "done", self.ids[0], cwd=self.a)
        self.ok("followups", "done", self.ids[0], cwd=self.b)
        self.pull()
        self.assertEqual(str(self.promise(self.ids[0])["done"]), "2026-11-25")
        self.assert_sound()

    def hand_edit(self, root, old, new):
        path = root / "reps" / "alice-chen.yaml"
        text = path.read_text()
        self.assertIn(old, text)
        path.write_text(text.replace(old, new, 1))
        self.git(root, "commit", "-q", "-am", "hand edit")

    def test_their_hand_edit_of_an_unknown_key_survives(self):
        self.hand_edit(self.a, "    date: 2026-11-18\n", "    date: 2026-11-18\n    mood: calm\n")
        self.pull()
        self.hand_edit(self.a, "    mood: calm\n", "    mood: tense\n")
        self.ok("log-1on1", "alice", "--notes", "from b", cwd=self.b)
        self.pull()
        self.assertEqual(self.data()["records"][0]["mood"], "tense")
        self.assertEqual([r.get("notes") for r in self.data()["records"]][1:], ["from b"])
        self.assert_sound()

    def test_their_comments_survive(self):
        self.hand_edit(self.a, "name: Alice Chen\n", "name: Alice Chen\n# Met at the offsite\n")
        self.hand_edit(self.a, "    date: 2026-11-18\n", "    date: 2026-11-18\n    # she called back twice\n")
        self.ok("log-1on1", "alice", "--notes", "from b", cwd=self.b)
        self.pull()
        text = (self.b / "reps" / "alice-chen.yaml").read_text()
        self.assertIn("name: Alice Chen\n# Met at the offsite\n", text)
        self.assertIn("    date: 2026-11-18\n    # she called back twice\n", text)
        self.assertEqual(len(self.data()["records"]), 2)
        self.assert_sound()

    def test_a_conflicting_promise_marks_its_record_alone(self):
        self.ok("log-1on1", "alice", "--notes", "from a", cwd=self.a)
        self.ok("followups", "move", self.ids[0], "--due", "2026-12-01", cwd=self.a)
        self.ok("log-1on1", "alice", "--notes", "from b", cwd=self.b)
        self.ok("followups", "move", self.ids[0], "--due", "2026-12-04", cwd=self.b)
        result = self.pull(check=False)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("conflict in record", result.stdout + result.stderr)
        path = self.b / "reps" / "alice-chen.yaml"
        text = path.read_text()
        self.assertEqual(text.count("<<<<<<< ours\n"), 1)
        self.assertLess(text.index(">>>>>>> theirs\n"), text.index("from a"))
        self.assertLess(text.index(">>>>>>> theirs\n"), text.index("from b"))
        for keep, due in (("ours", "2026-12-04"), ("theirs", "2026-12-01")):
            resolution = self.resolved(text, keep)
            path.write_text(resolution)
            self.git(self.b, "add", "reps/alice-chen.yaml")  # resolved: git no longer lists it as unmerged
            self.ok("rep", "list", cwd=self.b)
            notes = [r.get("notes") for r in self.data()["records"]]
            self.assertEqual(sorted(n for n in notes if n), ["from a", "from b"], keep)
            self.assertEqual(str(self.promise(self.ids[0])["due"]), due)

    @staticmethod
    def resolved(text, keep):
        """The text with each conflict resolved to one side, as an editor's 'accept ours/theirs' does."""
        out, state = [], None
        for line in text.splitlines(keepends=True):
            if line.startswith("<<<<<<< "):
                state = "ours"
            elif line == "=======\n" and state == "ours":
                state = "theirs"
            elif line.startswith(">>>>>>> "):
                state = None
            elif state in (None, keep):
                out.append(line)
        return "".join(out)


class MergeDriverTest(GitTestCase):
    """The driver run as git runs it, on versions it cannot read: it must leave
    a merge or conflict markers in OURS, never our version alone."""

    def run_driver(self, base, ours, theirs):
        for name, content in (("base", base), ("ours", ours), ("theirs", theirs)):
            (self.tmp / name).write_bytes(content)
        return self.coach("merge-driver", "base", "ours", "theirs", "reps/alice-chen.yaml")

    def test_a_version_it_cannot_read_still_gets_markers(self):
        base = b"name: Alice Chen\nrecords:\n  - kind: 1on1\n    id: qaaaaa\n    date: 2026-11-18\n"
        ours = base + b"  - kind: 1on1\n    id: naaaaa\n    date: 2026-11-25\n    notes: ours\n"
        for theirs in (base + b"  - kind: 1on1\n    id: nbbbbb\n    notes: \x00\n",   # binary: git gives up too
                       base + b"#" * (9 * 1024 * 1024) + b"\n"):                      # over the size coach reads
            result = self.run_driver(base, ours, theirs)
            self.assertEqual(result.rc, 1, result)
            self.assertIn("falling back to a line merge", result.err)
            merged = (self.tmp / "ours").read_bytes()
            self.assertIn(b"<<<<<<< ours\n", merged)
            self.assertIn(b"notes: ours", merged)
            self.assertIn(theirs[len(base):][:40], merged)

    def test_a_line_merge_that_does_not_read_as_yaml_is_a_conflict(self):
        # One version ends its document with `...` before its last record: coach refuses to split it, and
        # git's line merge is clean but the result reads as no YAML reader accepts.
        base = b"---\nid: alice-chen\nname: Alice Chen\nrecords:\n  - kind: 1on1\n    id: qaaaaa\n    date: 2026-11-18\n...\n"
        ours = base.replace(b"...\n", b"  - kind: 1on1\n    id: naaaaa\n    date: 2026-11-21\n...\n")
        theirs = base + b"  - kind: 1on1\n    id: nbbbbb\n    date: 2026-11-22\n"
        result = self.run_driver(base, ours, theirs)
        self.assertEqual(result.rc, 1, result)
        self.assertIn("the line merge does not read as YAML", result.err)
        merged = (self.tmp / "ours").read_bytes()
        self.assertTrue(merged.startswith(b"<<<<<<< ours\n" + ours + b"=======\n" + theirs), merged)


if __name__ == "__main__":
    unittest.main()
