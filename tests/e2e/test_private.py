"""Private notes (issue 17, coach-files(5) "private"): planted in every kind
of record, by option, by the editor and by hand, then every read command in
every format it has is run, and the private text shows only where the design
says: prep and rep show (the manager's screens) and share --include-private.

The commands come from `coach --help`, walked as test_help.py walks it: a
command without an entry in COMMANDS (argument lists to run, or the reason it
is not run) fails the test, and so does a --format value its --help names that
no argument list runs."""

import json
import re
import sys
import textwrap
import unittest

import yaml

from coachtest import CoachTestCase
from test_help import listed_commands

# Where private text may appear without being asked for (the design's list).
SHOWS_PRIVATE = {("prep", "priya"), ("prep", "priya", "--format", "text"), ("rep", "show", "priya"),
                 ("rep", "show", "priya", "--format", "text"), ("rep", "show", "jordan")}

# Every command of `coach --help`: the argument lists to run (an "{out}" word
# is a file the command writes, read as part of its output), or why it is not run.
COMMANDS = {
    "init": "creates a data directory; reads no record",
    "rep": "a group: its commands are listed",
    "rep add": "writes a new rep; prints its id",
    "rep list": [["rep", "list"], ["rep", "list", "--all"], ["rep", "list", "--format", "json"],
                 ["rep", "list", "--all", "--format", "table"]],
    "rep show": [["rep", "show", "priya"], ["rep", "show", "priya", "--format", "text"], ["rep", "show", "jordan"], ["rep", "show", "priya", "--format", "json"],
                 ["rep", "show", "jordan", "--format", "json"], ["rep", "show", "sofia", "--format", "json"]],
    "rep archive": "writes one key; prints one line",
    "rep set": "writes header keys; prints one line",
    "rep move": "moves the file byte for byte; prints one line",
    "log-1on1": "writes (the markers were planted with it); --dry-run prints the record as the file will hold it",
    "log": "a group of the recording commands, as log-1on1",
    "log 1on1": "log-1on1",
    "log joint-call": "writes (planted with it); prints the summary line",
    "log career": "writes (planted with it); prints the summary line",
    "log skills-audit": "writes (planted with it); prints the summary line and the group totals",
    "log team-meeting": "writes (planted with it); prints the summary line",
    "joint-call": "a group: its command is listed",
    "joint-call feedback": "writes (planted with it); prints the summary line",
    "followups": [["followups"], ["followups", "--all"], ["followups", "priya", "--all"]]
    + [["followups", "--all", "--format", f] for f in ("table", "json", "csv", "md")],
    "followups done": "closes a promise; prints the promise's line",
    "followups drop": "closes a promise; prints the promise's line",
    "followups move": "moves a due date; prints the promise's line",
    "followups add": "writes a promise; prints its line",
    "edit": "the file itself, in your editor: where private notes are written",
    "rm": "prints the lines it takes out of the file, which are the file's",
    "prep": [["prep", "priya"], ["prep", "priya", "--format", "json"], ["prep", "priya", "--format", "text"],
             ["prep", "jordan", "--format", "json"]],
    "share": [["share", "priya"], ["share", "priya", "--format", "html"], ["share", "priya", "--format", "md"],
              ["share", "priya", "--since", "2026-01-01"], ["share", "jordan", "--since", "2026-01-01"],
              ["share", "sofia", "--since", "2026-01-01", "--format", "html"],
              ["share", "tyler", "--format", "html", "-o", "{out}"], ["share", "hannah", "--since", "2026-01-01"]],
    "audit": [["audit"], ["audit", "--format", "json"], ["audit", "--data"], ["audit", "--format", "table"]],
    "report": [["report", "--last", "365d", "--by", "month", "--format", f] for f in ("table", "md", "csv", "json")]
    + [["report", "--last", "365d", "--format", "html", "-o", "{out}"], ["report", "--format", "html"]],
    "results": [["results"], ["results", "--format", "json"], ["results", "--format", "csv"],
                ["results", "--format", "table"]],
    "results show": [["results", "show", "--format", f] for f in ("table", "json", "csv")],
    "results import": "imports sales results; prints amounts",
    "git": "git's own output: the files and their history, which are yours",
    "help": "man pages and --help texts; reads no record",
    "completion": [["completion", "bash"], ["completion", "zsh"], ["completion", "fish"]],
    "calendar": [["calendar"], ["calendar", "--mine"], ["calendar", "--closed-within", "400", "-o", "{out}"]],
    "remind": [["remind"], ["remind", "--format", "md"], ["remind", "--format", "json"], ["remind", "--format", "text"]],
}

FORMAT_WORDS = ("table", "text", "md", "csv", "json", "html")


def load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


class PrivateNotesTest(CoachTestCase):
    def setUp(self):
        super().setUp()
        self.root = self.examples_copy()
        self.markers = {}  # marker -> where it was planted

    def run_coach(self, *args, **kwargs):
        return self.ok("-C", str(self.root), *args, **kwargs)

    def marker(self, where):
        text = f"PRIVATE-{where.upper()}-7Q"
        self.markers[text] = where
        return text

    def editor(self, replacements):
        """A $VISUAL that makes `replacements` (pairs of texts) in the template it is given."""
        script = self.tmp / "editor.py"
        script.write_text(textwrap.dedent(f"""\
            import sys
            path = sys.argv[-1]
            template = open(path).read()
            open('{self.tmp}/seen-template', 'w').write(template)
            for old, new in {replacements!r}:
                assert old in template, old
                template = template.replace(old, new, 1)
            open(path, 'w').write(template)
            """))
        return {"VISUAL": f"{sys.executable} {script}"}

    def plant(self):
        """A private marker in every kind of record, by option, editor and hand."""
        line = "private:          # for you alone: never shared\n"
        self.run_coach("log-1on1", "priya", "--personal", "Kids", "--notes", "Shared text",
                       "--private", self.marker("1on1-option"), "--promise", "Send the deck (due fri)")
        env = self.editor([("personal:\n- \n", "personal:\n- Marathon\n"),
                           (line, f"private: {self.marker('1on1-editor')}\n")])
        self.run_coach("log-1on1", "marcus", "--edit", env=env)
        self.assertIn("notes:\n\n" + line, (self.tmp / "seen-template").read_text())
        jordan = self.root / "reps" / "jordan-okafor.yaml"
        jordan.write_text(jordan.read_text() + "  - kind: 1on1\n    id: rhandx\n    date: 2026-11-24\n"
                          "    personal: [Moving house]\n    private: |\n      Line one\n"
                          f"      {self.marker('1on1-by-hand')}\n")
        self.run_coach("log", "joint-call", "sofia", "--account", "Acme", "--objective", "A pilot",
                       "--private", self.marker("call-plan"))
        self.run_coach("log", "joint-call", "tyler", "--account", "Beta", "--objective", "A demo")
        call = [r for r in load(self.root / "reps" / "tyler-nguyen.yaml")["records"] if r.get("account") == "Beta"]
        self.run_coach("joint-call", "feedback", call[0]["id"], "--went-well", "Opening", "--focus", "Ask first",
                       "--private", self.marker("call-feedback"))
        self.run_coach("log", "career", "hannah", "--career-goal", "Team lead", "--private", self.marker("career"))
        env = self.editor([("- product:\n", "- product: 4\n"), (line, f"private: {self.marker('audit-editor')}\n")])
        self.run_coach("log", "skills-audit", "priya", "--edit", env=env)
        self.run_coach("log", "skills-audit", "sofia", "--rate", "product=3", "--private", self.marker("audit"))
        self.run_coach("log", "team-meeting", "--topic", "Q1 plan", "--private", self.marker("team-meeting"))

    def test_the_markers_are_in_the_files_as_planted(self):
        self.plant()
        found = {}
        for path in list((self.root / "reps").glob("*.yaml")) + list((self.root / "team").glob("*.yaml")):
            for record in load(path).get("records") or []:  # PyYAML, the second reader
                for marker in self.markers:
                    if marker in (record.get("private") or ""):
                        found[marker] = record["kind"]
                        self.assertNotIn(marker, record.get("notes") or "")
        self.assertEqual(found, {m: k for m, k in zip(self.markers, ["1on1", "1on1", "1on1", "joint-call",
                                                                      "joint-call", "career", "skills-audit",
                                                                      "skills-audit", "team-meeting"])})

    def every_command(self):
        """Full names of the commands `coach --help` lists, walked down."""
        found, todo = [], [[]]
        while todo:
            words = todo.pop(0)
            text = self.ok(*words, "--help").out
            if words:
                found.append((" ".join(words), text))
            todo += [words + [name] for name in listed_commands(text)]
        return found

    def test_private_text_shows_only_where_the_design_says(self):
        self.plant()
        runs = 0
        shown = {}  # argument list -> markers it showed
        for name, help_text in self.every_command():
            with self.subTest(command=name):
                self.assertIn(name, COMMANDS, f"`coach {name}` has no entry in test_private.py's COMMANDS")
                entry = COMMANDS[name]
                if isinstance(entry, str):
                    continue
                # Every format its --help names is run.
                format_line = next((l for l in help_text.splitlines() if "--format" in l), "")
                named = {w for w in re.findall(r"[a-z]+", format_line.partition("--format")[2]) if w in FORMAT_WORDS}
                ran = {argv[argv.index("--format") + 1] for argv in entry if "--format" in argv}
                self.assertEqual(named - ran, set(), f"formats of `coach {name}` never run")
                for argv in entry:
                    out_file = self.tmp / f"out-{runs}"
                    argv = [str(out_file) if a == "{out}" else a for a in argv]
                    result = self.coach("-C", str(self.root), *argv)
                    self.assertIn(result.rc, (0, 1) if argv[0] == "audit" else (0,), result)  # audit: findings
                    runs += 1
                    text = result.out + result.err + (out_file.read_text() if out_file.exists() else "")
                    shown[tuple(argv)] = sorted(m for m in self.markers if m in text)
        for argv, markers in shown.items():
            if argv not in SHOWS_PRIVATE:
                self.assertEqual(markers, [], f"`coach {' '.join(argv)}` shows private notes")
        # Where they may show, they do: the test would see a leak.
        self.assertIn(self.marker("1on1-option"), shown[("prep", "priya")])
        self.assertIn(self.marker("audit-editor"), shown[("rep", "show", "priya")])
        self.assertIn(self.marker("1on1-by-hand"), shown[("rep", "show", "jordan")])
        self.assertGreaterEqual(runs, 40)

    def test_share_shows_them_only_with_include_private(self):
        self.plant()
        for rep, planted in [("priya", ["1on1-option", "audit-editor"]), ("tyler", ["call-feedback"]),
                             ("hannah", ["career"]), ("sofia", ["audit"])]:
            for fmt in ("md", "html"):
                plain = self.run_coach("share", rep, "--since", "2026-01-01", "--format", fmt)
                mine = self.run_coach("share", rep, "--since", "2026-01-01", "--format", fmt, "--include-private")
                for where in planted:
                    self.assertNotIn(self.marker(where), plain.out + plain.err)
                    self.assertIn(self.marker(where), mine.out)
                    self.assertIn("Private (not for the rep)", mine.out)
                    head, private = mine.out.split("Private (not for the rep)")
                    self.assertNotIn(self.marker(where), head)
                self.assertEqual(plain.err, "")
                self.assertIn("private notes", mine.err)

    def test_a_1on1_with_private_notes_alone_is_documented(self):
        root = self.team()
        result = self.ok("-C", str(root), "log-1on1", "alice", "--private", "Only for me")
        self.assertNotIn("no topics or notes recorded", result.err)
        self.assertIn("no personal topic recorded", result.err)
        audit = self.coach("-C", str(root), "audit", "--only", "content")
        self.assertIn("1:1 on Wed 2026-11-25 has no personal topic", audit.out)
        self.assertNotIn("undocumented", audit.out)
        self.assertNotIn("has no notes", audit.out)
        report = json.loads(self.ok("-C", str(root), "report", "--format", "json", "--last", "7d").out)
        self.assertEqual(report["teams"][0]["totals"]["with_notes"], 1, report["teams"][0]["totals"])

    def test_private_and_notes_cannot_both_read_standard_input(self):
        for argv in (["log-1on1", "priya"], ["log", "career", "hannah"], ["log", "team-meeting"]):
            result = self.fails(2, "-C", str(self.root), *argv, "--notes", "-", "--private", "-", input="x\n")
            self.assertIn("both read standard input", result.err)

    def test_joint_call_feedback_takes_private_notes_once_and_with_feedback(self):
        self.run_coach("log", "joint-call", "sofia", "--account", "Zeta", "--objective", "A pilot", "--private", "Mine")
        call = [r for r in load(self.root / "reps" / "sofia-martinez.yaml")["records"] if r.get("account") == "Zeta"]
        before = (self.root / "reps" / "sofia-martinez.yaml").read_bytes()
        result = self.fails(5, "-C", str(self.root), "joint-call", "feedback", call[0]["id"], "--went-well", "Opening",
                            "--private", "More")
        self.assertIn("has private notes already", result.err)
        result = self.fails(2, "-C", str(self.root), "joint-call", "feedback", call[0]["id"], "--private", "More")
        self.assertIn("no feedback given", result.err)
        self.assertEqual((self.root / "reps" / "sofia-martinez.yaml").read_bytes(), before)
        self.run_coach("joint-call", "feedback", call[0]["id"], "--went-well", "Opening")
        record = [r for r in load(self.root / "reps" / "sofia-martinez.yaml")["records"] if r.get("account") == "Zeta"]
        self.assertEqual((record[0]["private"], record[0]["went_well"]), ("Mine", ["Opening"]))

    def test_help_names_the_private_option(self):
        for argv in (["log-1on1"], ["log", "joint-call"], ["log", "career"], ["log", "skills-audit"],
                     ["log", "team-meeting"], ["joint-call", "feedback"]):
            self.assertRegex(self.ok(*argv, "--help").out, r"--private TEXT +Notes for you alone", argv)


if __name__ == "__main__":
    unittest.main()
