"""`coach rm ID`: a record or promise logged by mistake is taken out of its
file, line for line, with everything else kept byte for byte; the lines are
printed, and with git one commit that `coach git revert` undoes."""

import random
import shutil
import subprocess
import unittest

import yaml

from coachtest import CoachTestCase, snapshot
from test_git import GIT_ENV


def items_of(model):
    """Every record and promise id of a file PyYAML read."""
    ids = []
    for record in (model or {}).get("records") or []:
        ids.append(record["id"])
        ids.extend(p["id"] for p in record.get("promises") or [])
        ids.extend(p["id"] for p in record.get("goals") or [])
    return ids


def without(model, item_id):
    """The model PyYAML reads, minus the record or promise `item_id`."""
    records = model.get("records") or []
    kept = [r for r in records if r["id"] != item_id]
    for record in kept:
        for key in ("promises", "goals"):
            if record.get(key):
                record[key] = [p for p in record[key] if p["id"] != item_id] or None
    model["records"] = kept or None
    return model


def normalized(model):
    """Empty lists and absent keys alike, as coach reads them."""
    for record in (model or {}).get("records") or []:
        for key in ("promises", "goals"):
            if not record.get(key):
                record.pop(key, None)
    if model is not None and not model.get("records"):
        model.pop("records", None)
    return model


def removed_lines(out):
    return "".join(line[4:] for line in out.splitlines(keepends=True) if line.startswith("  | "))


class RmTest(CoachTestCase):
    def test_every_record_and_promise_of_the_example_team_removed_one_by_one(self):
        root = self.examples_copy()
        files = sorted(str(p.relative_to(root)) for p in (root / "reps").glob("*.yaml")) + ["team/2026.yaml"]
        ids = [(name, i) for name in files for i in items_of(yaml.safe_load((root / name).read_text()))]
        random.Random(16).shuffle(ids)
        removed = 0
        for name, item_id in ids:
            before = snapshot(root)
            text = before[name].decode()
            if item_id not in items_of(yaml.safe_load(text)):
                continue  # went with its record
            result = self.ok("-C", str(root), "rm", item_id)
            after = snapshot(root)
            new_text = after[name].decode()
            lines = removed_lines(result.out)
            at = text.index(lines)
            self.assertEqual(new_text, text[:at] + text[at + len(lines):], result)
            self.assertEqual(normalized(yaml.safe_load(new_text)),
                             normalized(without(yaml.safe_load(text), item_id)), item_id)
            self.assertEqual({k: v for k, v in before.items() if k != name},
                             {k: v for k, v in after.items() if k != name})
            removed += 1
        print(f"\n{removed} records and promises removed one by one, every other byte kept")
        self.assertGreater(removed, 300)
        for name in files:
            self.assertEqual(items_of(yaml.safe_load((root / name).read_text())), [])
        self.ok("-C", str(root), "audit", "--data")

    def test_output_names_the_item_and_prints_its_lines(self):
        root = self.examples_copy()
        result = self.ok("-C", str(root), "rm", "mfqqhm")
        self.assertTrue(result.out.startswith(
            "Removed 1:1 mfqqhm with Hannah Brooks (2025-12-01) from reps/hannah-brooks.yaml:\n"
            "  |   - kind: 1on1\n  |     id: mfqqhm\n"), result)
        self.assertIn("promise", result.err)
        self.assertIn("the lines above are the only copy left", result.err)
        # A promise kept long ago can go too: a mistake fix.
        result = self.ok("-C", str(root), "rm", "xw3k21")
        self.assertTrue(result.out.startswith("Removed promise xw3k21 of Hannah Brooks (2025-11-24)"), result)
        self.assertIn("done: 2025-11-26", result.out)

    def test_comments_above_stay_and_comments_inside_go(self):
        root = self.team()
        path = root / "reps" / "alice-chen.yaml"
        head = path.read_text()
        record = ("  - kind: 1on1   # logged twice by mistake\n    id: aaaaaa\n    date: 2026-11-20\n"
                  "    # inside\n    notes: Fine\n")
        path.write_text(head + "  # about the next 1:1\n" + record + "  - kind: 1on1\n    id: bbbbbb\n"
                        "    date: 2026-11-21\n")
        self.ok("-C", str(root), "rm", "aaaaaa")
        self.assertEqual(path.read_text(), head + "  # about the next 1:1\n  - kind: 1on1\n    id: bbbbbb\n"
                         "    date: 2026-11-21\n")

    def test_dry_run_writes_nothing(self):
        root = self.examples_copy()
        before = snapshot(root)
        result = self.ok("-C", str(root), "rm", "--dry-run", "mfqqhm")
        self.assertTrue(result.out.startswith("Would remove 1:1 mfqqhm"), result)
        self.assertIn("  |     id: mfqqhm\n", result.out)
        self.assertEqual(snapshot(root), before)

    def test_unknown_id_is_not_found_with_a_did_you_mean(self):
        root = self.examples_copy()
        before = snapshot(root)
        err = self.fails(4, "-C", str(root), "rm", "mfqqhx").err
        self.assertIn("did you mean mfqqhm (1on1 of Hannah Brooks, 2025-12-01)?", err)
        err = self.fails(4, "-C", str(root), "rm", "mfqq").err  # a start is never enough to remove
        self.assertIn("did you mean mfqqhm", err)
        err = self.fails(4, "-C", str(root), "rm", "zzzzzz").err
        self.assertNotIn("did you mean", err)
        self.assertEqual(snapshot(root), before)

    def test_a_file_that_cannot_be_read_is_named_when_the_id_is_not_found(self):
        root = self.team()
        (root / "reps" / "bo-diaz.yaml").write_text("name: [unclosed\n")
        err = self.fails(3, "-C", str(root), "rm", "zzzzzz").err
        self.assertIn("bo-diaz.yaml", err)

    def test_a_flow_map_record_is_refused_and_left_alone(self):
        root = self.team()
        path = root / "reps" / "alice-chen.yaml"
        path.write_text(path.read_text() + "  - {kind: 1on1, id: ffffff, date: 2026-11-20}\n")
        before = snapshot(root)
        err = self.fails(3, "-C", str(root), "rm", "ffffff").err
        self.assertIn("alice-chen.yaml:", err)
        self.assertEqual(snapshot(root), before)


@unittest.skipUnless(shutil.which("git"), "git is not installed")
class RmGitTest(CoachTestCase):
    def test_one_commit_that_git_revert_undoes(self):
        self.env.update(GIT_ENV)
        root = self.examples_copy()
        self.ok("-C", str(root), "init", "--git", "--manager", "Dana")
        subprocess.run(["git", "add", "-A"], cwd=root, env=self.env, check=True)
        subprocess.run(["git", "commit", "-qm", "team"], cwd=root, env=self.env, check=True)
        before = snapshot(root)
        result = self.ok("-C", str(root), "rm", "mfqqhm")
        self.assertIn("`coach git revert HEAD` brings it back", result.err)
        log = subprocess.run(["git", "log", "-1", "--format=%s", "--name-only"], cwd=root, env=self.env,
                             capture_output=True, text=True).stdout
        self.assertEqual(log.split(), "rm: 1:1 mfqqhm with Hannah Brooks (2025-12-01) reps/hannah-brooks.yaml".split())
        self.ok("-C", str(root), "git", "revert", "--no-edit", "HEAD")
        after = snapshot(root)
        self.assertEqual({k: v for k, v in after.items() if not k.startswith(".git/")},
                         {k: v for k, v in before.items() if not k.startswith(".git/")})

    def test_a_commit_that_fails_does_not_suggest_a_revert(self):
        # Reverting HEAD then would undo some other change; the printed lines are the only copy.
        self.env.update(GIT_ENV)
        root = self.examples_copy()
        self.ok("-C", str(root), "init", "--git", "--manager", "Dana")
        subprocess.run(["git", "add", "-A"], cwd=root, env=self.env, check=True)
        subprocess.run(["git", "commit", "-qm", "team"], cwd=root, env=self.env, check=True)
        hook = root / ".git" / "hooks" / "pre-commit"
        hook.write_text("#!/bin/sh\nexit 1\n")
        hook.chmod(0o755)
        result = self.ok("-C", str(root), "rm", "mfqqhm")
        self.assertIn("not committed to git", result.err)
        self.assertNotIn("revert", result.err)
        self.assertIn("the lines above are the only copy left", result.err)


if __name__ == "__main__":
    unittest.main()
