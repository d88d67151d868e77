"""coach share REP: the rep's copy for an email (coach-share(1))."""

import os
import stat
import unittest
from html.parser import HTMLParser

from coachtest import CoachTestCase, snapshot

HOSTILE = "<script>alert('x')</script> & \"quoted\" <b>bold</b>"


class Elements(HTMLParser):
    """The tags of a page and its text, as a browser reads them."""

    def __init__(self):
        super().__init__()
        self.tags, self.text = [], ""

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text += data


class ShareTest(CoachTestCase):
    def setUp(self):
        super().setUp()
        self.root = self.team()
        self.log("--date", "2026-11-10", "--personal", "Old topic", "--notes", "Old notes",
                 "--promise", "Send the deck (due 2026-11-13)", "--commitment", "Old forecast (due 2026-11-20)")
        self.log("--date", "2026-11-20", "--personal", "Kid's recital", "--professional", "Q4 pipeline",
                 "--notes", "Wants to lead the Acme call.\nSecond line.", "--private", "Worried about the move",
                 "--promise", "Send a quote (due 2026-11-23)", "--commitment", "Call Acme (due 2026-12-04)")

    def log(self, *args):
        return self.ok("-C", str(self.root), "log-1on1", "alice", *args)

    def share(self, *args, **kwargs):
        return self.ok("-C", str(self.root), "share", "alice", *args, **kwargs)

    def promise_id(self, text):
        out = self.ok("-C", str(self.root), "followups", "alice", "--format", "csv").out
        return next(line.split(",")[0] for line in out.splitlines() if text in line)

    def test_the_latest_1on1_and_the_promises_both_ways(self):
        self.ok("-C", str(self.root), "followups", "done", self.promise_id("Old forecast"), "--date", "2026-11-21")
        result = self.share()
        out = result.out
        self.assertEqual(result.err, "")
        self.assertTrue(out.startswith("# Alice Chen: our 1:1 on Fri 2026-11-20\n\n"
                                       "Hi Alice, here is my summary of our 1:1 on Fri 2026-11-20.\n"), out)
        self.assertIn("## 1:1 on Fri 2026-11-20\n\n**Personal**\n\n- Kid's recital\n\n**Professional**\n\n"
                      "- Q4 pipeline\n\n**Notes**\n\nWants to lead the Acme call.\nSecond line.\n", out)
        self.assertIn("**I will**\n\n- Send the deck (due Fri 2026-11-13)\n- Send a quote (due Mon 2026-11-23)\n", out)
        self.assertIn("**You will**\n\n- Call Acme (due Fri 2026-12-04)\n", out)
        self.assertIn("**Closed**\n\n- You: Old forecast: done Sat 2026-11-21\n", out)
        for earlier in ("Old topic", "Old notes", "Worried about the move", "Private"):
            self.assertNotIn(earlier, out)

    def test_since_takes_every_1on1_from_the_date(self):
        out = self.share("--since", "2026-11-01").out
        self.assertIn("# Alice Chen: our coaching since Sun 2026-11-01", out)
        self.assertLess(out.index("## 1:1 on Tue 2026-11-10"), out.index("## 1:1 on Fri 2026-11-20"))
        self.assertIn("Old notes", out)
        self.assertNotIn("Worried about the move", out)
        self.assertNotIn("Old topic", self.share("--since", "2026-11-11").out)

    def test_include_private_puts_them_last_under_their_heading_and_says_so(self):
        result = self.share("--include-private")
        head, private = result.out.split("## Private (not for the rep)\n")
        self.assertNotIn("Worried", head)
        self.assertEqual(private, "\n**1:1 on Fri 2026-11-20**\n\nWorried about the move\n")
        self.assertEqual(result.err, "coach: warning: this contains your private notes (--include-private); "
                                     "do not send it to Alice\n")

    def test_html_escapes_every_text(self):
        self.log("--personal", HOSTILE, "--notes", HOSTILE + "\nline two", "--promise", HOSTILE)
        html = self.share("--format", "html").out
        self.assertTrue(html.startswith("<!DOCTYPE html>\n<html lang=\"en\">"), html)
        page = Elements()
        page.feed(html)
        self.assertNotIn("script", page.tags)
        self.assertNotIn("b", page.tags)
        self.assertEqual(page.text.count(HOSTILE), 3)  # the topic, the notes and the promise, as typed
        self.assertIn("<br>", html)

    def test_joint_call_skills_audit_and_career_plan(self):
        c = ["-C", str(self.root)]
        self.ok(*c, "log", "joint-call", "alice", "--date", "2026-11-18", "--account", "Acme", "--went-well", "Opening",
                "--do-differently", "Ask before the price", "--focus", "Silence after the question", "--result", "partly",
                "--self-assessment", "I rushed", "--rate", "closing=2")
        self.ok(*c, "log", "joint-call", "alice", "--date", "2026-11-27", "--account", "Later", "--objective", "Plan")
        self.ok(*c, "log", "skills-audit", "alice", "--date", "2026-11-19", "--rate", "objections=3",
                "--recommend", "objections=Ask first")
        self.ok(*c, "log", "career", "alice", "--date", "2026-11-19", "--career-goal", "Team lead",
                "--goal", "Run a QBR (due 2027-01-29)")
        out = self.share().out
        self.assertIn("## Joint call at Acme on Wed 2026-11-18\n\n**Result**\n\n- objective partly\n\n"
                      "**Went well**\n\n- Opening\n\n**Do differently**\n\n- Ask before the price\n\n"
                      "**Focus**\n\n- Silence after the question\n", out)
        self.assertNotIn("I rushed", out)  # the rep's self-assessment is theirs already
        self.assertNotIn("Later", out)     # a plan is the manager's preparation
        self.assertIn("## Skills audit on Thu 2026-11-19\n\n**Ratings**\n\n- objections: 3/5\n\n"
                      "**What to work on**\n\n- objections: Ask first\n", out)
        self.assertIn("## Career plan\n\n**Goal**\n\n- Team lead\n\n**Development goals**\n\n"
                      "- Run a QBR (open, due Fri 2027-01-29)\n", out)
        # A career conversation with development goals alone still has its private notes in the plan's story.
        self.ok(*c, "log", "career", "alice", "--date", "2026-11-21", "--goal", "Lead a deal (due 2027-01-31)",
                "--private", "SECRET-CAREER")
        out = self.share("--include-private").out
        self.assertIn("**Career conversation on Sat 2026-11-21**\n\nSECRET-CAREER\n", out)
        self.assertNotIn("SECRET-CAREER", self.share().out)

    def test_o_writes_the_file_whole_for_you_alone(self):
        target = self.tmp / "alice.html"
        result = self.share("--format", "html", "-o", str(target))
        self.assertEqual(result.out, f"Wrote {target} (html format)\n")
        self.assertEqual(target.read_text(), self.share("--format", "html").out)
        self.assertEqual(stat.S_IMODE(os.stat(target).st_mode), 0o600)
        # A write that fails (a directory where the file would go) leaves it as it was and nothing beside it.
        blocked = self.tmp / "out" / "alice.md"
        (blocked / "inside").mkdir(parents=True)
        result = self.fails(6, "-C", str(self.root), "share", "alice", "-o", str(blocked))
        self.assertIn(str(blocked), result.err)
        self.assertEqual(os.listdir(self.tmp / "out"), ["alice.md"])
        self.assertEqual(os.listdir(blocked), ["inside"])
        self.assertEqual(target.read_text(), self.share("--format", "html").out)

    def test_markdown_escapes_every_text(self):
        # Texts used to go out as typed: a topic became a link, a note line a heading or raw HTML.
        self.log("--date", "2026-11-24", "--professional", "# Heading *bold* [link](javascript:alert(1)) & more",
                 "--notes", "line1\n<img src=x onerror=alert(1)>\n---\n# not heading\n1. not a list\n    code?")
        out = self.share().out
        self.assertIn("- \\# Heading \\*bold\\* \\[link\\](javascript:alert(1)) \\& more\n", out)
        self.assertIn("line1\n\\<img src=x onerror=alert(1)\\>\n\\---\n\\# not heading\n1\\. not a list\ncode?\n", out)
        share_lines = [l for l in out.splitlines() if l.startswith("#")]
        self.assertTrue(all(l.startswith(("# Alice Chen: ", "## ")) for l in share_lines), share_lines)
        self.assertNotIn("<img", out.replace("\\<img", ""))

    def test_o_never_writes_over_the_data_directorys_own_files(self):
        # calendar -o coach.yaml used to replace the team's settings with iCalendar text (exit 0).
        rep_file = self.root / "reps" / "alice-chen.yaml"
        (self.root / "cal.ics").symlink_to(rep_file)
        before = snapshot(self.root)
        for argv in (["calendar", "-o", "coach.yaml"], ["share", "alice", "-o", "reps/alice-chen.yaml"],
                     ["report", "-o", str(self.root / "reps" / "summary.md")], ["calendar", "-o", "cal.ics"],
                     ["share", "alice", "-o", "reps/../team/x.md"], ["report", "--format", "html", "-o", ".coach/r"]):
            with self.subTest(argv=argv):
                result = self.fails(2, "-C", str(self.root), *argv, cwd=self.root)
                self.assertRegex(result.err, r"^coach: error: -o \S+: that is (in )?the data directory's "
                                             r"(coach\.yaml|reps/|team/|\.coach/), where only coach's data belongs")
                self.assertEqual(result.err.count("\n"), 1)
        self.assertEqual(snapshot(self.root), before)
        # Beside them is fine.
        self.ok("-C", str(self.root), "calendar", "-o", str(self.root / "team.ics"))
        self.assertTrue((self.root / "team.ics").read_text().startswith("BEGIN:VCALENDAR"))

    def test_o_is_checked_before_any_file_is_read(self):
        # A place -o cannot write is said at once, not after reading every rep (a second at 2,000): with a broken
        # rep file, the error is the output's (exit 6), not the file's (exit 3), and nothing is left behind.
        rep = self.root / "reps" / "bo-diaz.yaml"
        rep.write_text(rep.read_text() + "  - kind: 1on1\n    date: 2026-13-01\n")
        before = snapshot(self.root)
        (self.tmp / "a-directory").mkdir()
        for target, why in ((self.tmp / "missing" / "x.ics", "cannot create a temporary file in"),
                            (self.tmp / "a-directory", "is not a regular file")):
            for argv in (["calendar"], ["report"], ["share", "alice"]):
                with self.subTest(argv=argv, target=target):
                    result = self.fails(6, "-C", str(self.root), *argv, "-o", str(target))
                    self.assertIn(why, result.err)
                    self.assertNotIn("bo-diaz", result.err)
        self.assertEqual(list((self.tmp / "a-directory").iterdir()), [])
        # The options still come first: a usage error is said whatever -o names, and nothing is made for it.
        self.fails(2, "-C", str(self.root), "share", "alice", "--since", "someday", "-o", str(self.tmp / "missing" / "x"))
        self.fails(2, "-C", str(self.root), "share", "alice", "--since", "someday", "-o", str(self.tmp / "a-directory"))
        self.assertEqual(list((self.tmp / "a-directory").iterdir()), [])
        self.assertEqual(snapshot(self.root), before)
        # A place it can write: the broken file is then what stops calendar, and the output is not made.
        self.fails(3, "-C", str(self.root), "calendar", "-o", str(self.tmp / "team.ics"))
        self.assertEqual([p.name for p in self.tmp.iterdir() if p.name.startswith(".team.ics")], [])
        self.assertFalse((self.tmp / "team.ics").exists())

    def test_nothing_on_record_and_bad_input(self):
        out = self.ok("-C", str(self.root), "share", "bo").out
        self.assertEqual(out, "# Bo Diaz: where we stand\n\nHi Bo, here is my summary of where we stand.\n")
        before = snapshot(self.root)
        self.fails(4, "-C", str(self.root), "share", "nobody")
        self.fails(2, "-C", str(self.root), "share", "alice", "--format", "pdf")
        self.fails(2, "-C", str(self.root), "share", "alice", "--since", "someday")
        self.assertEqual(snapshot(self.root), before)  # it only reads
        rep = self.root / "reps" / "alice-chen.yaml"
        rep.write_text(rep.read_text() + "  - kind: 1on1\n    date: 2026-13-01\n")
        result = self.fails(3, "-C", str(self.root), "share", "alice")
        self.assertRegex(result.err, r"alice-chen\.yaml:\d+:\d+: ")


if __name__ == "__main__":
    unittest.main()
