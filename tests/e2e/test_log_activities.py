"""coach log KIND REP (joint-call, career, skills-audit) and coach joint-call
feedback ID: from options and from an editor, the rules, and what is written."""

import shutil
import sys
import textwrap
import unittest

import yaml

from coachtest import CoachTestCase, snapshot
from test_git import GitTestCase


def load(path):
    return yaml.safe_load(path.read_text())


SKILLS = """\
skills:
  call:
    objections:
      question: Does the rep ask before answering an objection?
      assessed: observe
      required: true
    closing:
      question: Does the rep ask for the next step?
      assessed: observe
  knowledge:
    product:
      question: Does the rep know the product?
      assessed: test
"""


class LogActivitiesTest(CoachTestCase):
    def setUp(self):
        super().setUp()
        self.root = self.team()
        self.alice = self.root / "reps" / "alice-chen.yaml"

    def log(self, kind, *args, **kwargs):
        return self.ok("-C", str(self.root), "log", kind, "alice", *args, **kwargs)

    def records(self):
        return load(self.alice)["records"]

    def test_a_joint_call_with_plan_and_feedback(self):
        result = self.log("joint-call", "--date", "mon", "--account", "Acme Corp", "--contact", "Rob Lee",
                          "--call-type", "demo", "-m", "45", "--objective", "Agree a pilot", "--best-step",
                          "Pilot signed", "--fallback-step", "Second demo", "--manager-role", "observe", "--watch",
                          "objections", "--self-assessment", "Too fast on price", "--went-well", "Opening",
                          "--do-differently", "Ask before answering", "--result", "partly", "--outcome",
                          "Second demo booked", "--focus", "Objections", "--rate", "objections=2", "--rate",
                          "closing=4", "-p", "Send the pilot terms", "-c", "rep: Call Rob (due fri)")
        lines = result.out.splitlines()
        self.assertEqual(lines[0], "Logged joint call with Alice Chen at Acme Corp on Mon 2026-11-23; 2 promises, "
                                   "due Fri 2026-11-27 to Mon 2026-11-30")
        self.assertRegex(lines[1], r"^  [a-z][0-9a-z]{5}  you    Send the pilot terms  \(due Mon 2026-11-30\)$")
        self.assertEqual(result.err, "")
        record = self.records()[0]
        self.assertEqual(record["kind"], "joint-call")
        self.assertEqual(str(record["date"]), "2026-11-23")
        self.assertEqual((record["account"], record["contact"], record["call_type"], record["minutes"]),
                         ("Acme Corp", "Rob Lee", "demo", 45))
        self.assertEqual((record["objective"], record["best_step"], record["fallback_step"], record["manager_role"]),
                         ("Agree a pilot", "Pilot signed", "Second demo", "observe"))
        self.assertEqual(record["watch"], ["objections"])
        self.assertEqual(record["self_assessment"], "Too fast on price")
        self.assertEqual((record["went_well"], record["do_differently"], record["focus"]),
                         (["Opening"], ["Ask before answering"], ["Objections"]))
        self.assertEqual((record["result"], record["outcome"]), ("partly", "Second demo booked"))
        self.assertEqual(record["ratings"], {"objections": 2, "closing": 4})
        self.assertEqual([(p["owner"], p["text"]) for p in record["promises"]],
                         [("manager", "Send the pilot terms"), ("rep", "Call Rob")])

    def test_a_planned_call_then_its_feedback_keeps_hand_comments(self):
        # With its plan alone a call may be ahead; a weekday then names the coming one.
        result = self.log("joint-call", "--date", "fri", "--account", "Acme", "--objective", "Agree a pilot")
        self.assertEqual(result.out, "Logged the plan of a joint call with Alice Chen at Acme on Fri 2026-11-27\n")
        call_id = self.records()[0]["id"]
        self.assertIn(f"coach joint-call feedback {call_id}", result.err)
        # Too early: the call has not happened.
        before = snapshot(self.root)
        refused = self.fails(2, "-C", str(self.root), "joint-call", "feedback", call_id, "--went-well", "x")
        self.assertIn("in the future", refused.err)
        self.assertEqual(snapshot(self.root), before)
        # Once it happened (two days later), with comments written by hand in the file.
        text = self.alice.read_text()
        text = text.replace("    account: Acme\n", "    account: Acme   # the big one\n    # my own note\n")
        text += "# the end of the file\n"
        self.alice.write_text(text)
        later = {"COACH_TODAY": "2026-11-27"}
        result = self.ok("-C", str(self.root), "joint-call", "feedback", call_id[:4], "--went-well", "Opening",
                         "--result", "met", "--rate", "objections=3", "--self-assessment", "Good", env=later)
        self.assertEqual(result.out, "Added the feedback of the joint call with Alice Chen at Acme on Fri 2026-11-27\n")
        after = self.alice.read_text()
        self.assertTrue(after.startswith(text.split("# the end of the file")[0].rstrip("\n")), after)
        self.assertIn("    account: Acme   # the big one\n    # my own note\n", after)
        self.assertTrue(after.endswith("# the end of the file\n"), after)
        record = self.records()[0]
        self.assertEqual((record["went_well"], record["result"], record["ratings"], record["self_assessment"]),
                         (["Opening"], "met", {"objections": 3}, "Good"))
        # A second feedback is refused: it has one.
        before = snapshot(self.root)
        again = self.fails(5, "-C", str(self.root), "joint-call", "feedback", call_id, "--went-well", "y", env=later)
        self.assertIn("has its feedback already", again.err)
        self.assertEqual(snapshot(self.root), before)

    def test_feedback_refusals_change_nothing(self):
        self.log("career", "--career-goal", "Team lead")
        career_id = self.records()[0]["id"]
        before = snapshot(self.root)
        not_a_call = self.fails(2, "-C", str(self.root), "joint-call", "feedback", career_id, "--went-well", "x")
        self.assertIn("not a joint call", not_a_call.err)
        self.fails(4, "-C", str(self.root), "joint-call", "feedback", "zzzzzz", "--went-well", "x")
        self.assertEqual(snapshot(self.root), before)
        # A planned call of a rep who has left: archived reps are not coached.
        self.log("joint-call", "--account", "Acme", "--date", "yesterday")
        call_id = self.records()[-1]["id"]
        self.ok("-C", str(self.root), "rep", "archive", "alice")
        before = snapshot(self.root)
        archived = self.fails(2, "-C", str(self.root), "joint-call", "feedback", call_id, "--went-well", "x")
        self.assertIn("is archived since", archived.err)
        self.assertEqual(snapshot(self.root), before)

    def test_a_feedback_field_needs_a_date_that_is_past(self):
        before = snapshot(self.root)
        result = self.fails(2, "-C", str(self.root), "log", "joint-call", "alice", "--date", "2026-11-27",
                            "--account", "Acme", "--went-well", "x")
        self.assertIn("in the future", result.err)
        self.assertEqual(snapshot(self.root), before)

    def test_a_career_conversation_with_development_goals(self):
        result = self.log("career", "--career-goal", "Team lead in 2027", "-m", "50", "--goal",
                          "Run the QBR: alone (due 2027-01-31)", "--goal", "Coach Bo (due +6w)", "-c", "Read the book")
        lines = result.out.splitlines()
        self.assertEqual(lines[0], "Logged career conversation with Alice Chen on Wed 2026-11-25; 2 development "
                                   "goals; 1 promise, due Wed 2026-12-02")
        self.assertRegex(lines[1], r"^  [a-z][0-9a-z]{5}  goal   Run the QBR: alone  \(due Sun 2027-01-31\)$")
        record = self.records()[0]
        self.assertEqual((record["kind"], record["goal"], record["minutes"]), ("career", "Team lead in 2027", 50))
        self.assertEqual([(g["owner"], g["text"], str(g["due"])) for g in record["goals"]],
                         [("rep", "Run the QBR: alone", "2027-01-31"), ("rep", "Coach Bo", "2027-01-06")])
        self.assertEqual([p["text"] for p in record["promises"]], ["Read the book"])
        # A development goal closes like a promise.
        goal_id = record["goals"][0]["id"]
        self.ok("-C", str(self.root), "followups", "done", goal_id)
        self.assertEqual(str(self.records()[0]["goals"][0]["done"]), "2026-11-25")

    def test_a_development_goal_needs_a_due_date(self):
        before = snapshot(self.root)
        result = self.fails(2, "-C", str(self.root), "log", "career", "alice", "--goal", "Lead the team")
        self.assertIn('goal "Lead the team" needs a due date', result.err)
        self.assertEqual(snapshot(self.root), before)

    def test_a_skills_audit_with_totals_per_group(self):
        result = self.log("skills-audit", "--rate", "product=4", "--rate", "objections=2", "--rate", "closing=5",
                          "--recommend", "objections=Ask before answering", "-n", "Strong closer")
        self.assertEqual(result.out.splitlines(), [
            "Logged skills audit with Alice Chen on Wed 2026-11-25",
            "  knowledge  4 of 5 (1 rated)",
            "  call       7 of 10 (2 rated)",
        ])
        record = self.records()[0]
        self.assertEqual(record["ratings"], {"product": 4, "objections": 2, "closing": 5})
        self.assertEqual(record["recommendations"], {"objections": "Ask before answering"})
        self.assertEqual(record["notes"], "Strong closer")

    def test_skill_errors_write_nothing(self):
        with open(self.root / "coach.yaml", "a") as settings:
            settings.write(SKILLS)
        before = snapshot(self.root)
        cases = [
            (["skills-audit", "alice", "--rate", "closing=4"], "no rating of objections, which coach.yaml marks "
                                                              "required; give --rate objections=N"),
            (["skills-audit", "alice", "--rate", "objection=4"], '--rate: "objection" is not a skill on the team\'s '
                                                                'list (did you mean "objections"?)'),
            (["skills-audit", "alice", "--rate", "objections=6"], '--rate: objections: "6" is not a rating from 1 to 5'),
            (["skills-audit", "alice", "--rate", "objections=2", "--rate", "objections=3"], "given twice"),
            (["skills-audit", "alice", "--rate", "objections"], '--rate: "objections" is not SKILL=N'),
            (["skills-audit", "alice", "--rate", "objections=3", "--recommend", "stories=More"],
             '"stories" is not a skill'),  # not on this team's list, though on the default one
            (["skills-audit", "alice"], "a skills audit needs ratings: give --rate SKILL=N"),
            (["joint-call", "alice", "--account", "A", "--rate", "prospecting=3"], '"prospecting" is not a skill'),
            (["joint-call", "alice", "--account", "A", "--watch", "objection"],
             '--watch: "objection" is not a skill on the team\'s list (did you mean "objections"?)'),
            (["joint-call", "alice", "--account", "A", "--manager-role", "boss"],
             '--manager-role: "boss" is not one of observe, support, lead'),
            (["joint-call", "alice", "--objective", "X"], "a joint call needs account: give --account TEXT"),
            (["joint-call", "alice", "--account", "A", "--focus", "a", "--focus", "b", "--focus", "c"],
             "3 focus points; give one or two"),
            (["joint-call", "alice", "--account", "A", "-m", "lots"], '--minutes: "lots" is not a number of minutes'),
            (["career", "alice", "--date", "tomorrow"], "in the future"),
            (["career", "alice", "--goal", "X (due 2026-11-01)"], "is before the meeting"),
            (["nonsense", "alice"], "'log nonsense' is not a coach command"),
        ]
        for args, message in cases:
            with self.subTest(args=args):
                result = self.fails(2, "-C", str(self.root), "log", *args)
                self.assertIn(message, result.err)
        self.assertEqual(snapshot(self.root), before)

    def test_dry_run_writes_nothing(self):
        before = snapshot(self.root)
        result = self.log("skills-audit", "--rate", "product=4", "--dry-run")
        self.assertIn("  - kind: skills-audit\n    id: \"(new)\"\n", result.out)
        self.assertEqual(snapshot(self.root), before)

    def test_log_1on1_is_log_dash_1on1(self):
        result = self.log("1on1", "--personal", "Moving house", "-p", "Send the deck")
        self.assertTrue(result.out.startswith("Logged 1:1 with Alice Chen on Wed 2026-11-25; 1 promise"), result)
        self.assertEqual(self.records()[0]["personal"], ["Moving house"])

    def test_help_lists_every_field_of_the_kind(self):
        text = self.ok("log", "joint-call", "--help").out
        for flag in ["--account", "--call-type", "--best-step", "--fallback-step", "--manager-role", "--watch",
                     "--self-assessment", "--went-well", "--do-differently", "--result", "--outcome", "--focus",
                     "--rate SKILL=N", "--notes", "--promise", "--commitment", "--edit", "--dry-run"]:
            self.assertIn(flag, text)
        self.assertIn("Pre-call plan:", text)
        self.assertIn("Post-call feedback:", text)
        career = self.ok("log", "career", "--help").out
        self.assertIn("--career-goal TEXT", career)
        self.assertIn("--goal GOAL", career)


@unittest.skipUnless(shutil.which("git"), "git is not installed")
class LogActivitiesGitTest(GitTestCase):
    def test_each_record_and_feedback_is_a_commit_of_the_rep_file(self):
        root = self.init()
        self.ok("-C", str(root), "rep", "add", "Alice Chen")
        self.ok("-C", str(root), "log", "career", "alice", "--goal", "Lead a QBR (due 2027-01-31)", "-c", "Read")
        self.ok("-C", str(root), "log", "joint-call", "alice", "--date", "2026-11-24", "--account", "Acme")
        call_id = load(root / "reps" / "alice-chen.yaml")["records"][1]["id"]
        self.ok("-C", str(root), "joint-call", "feedback", call_id, "--result", "met")
        self.assertEqual(self.log(root)[:3], ["joint-call feedback: Alice Chen, 2026-11-24",
                                              "log joint-call: Alice Chen, 2026-11-24",
                                              "log career: Alice Chen, 2026-11-25, 1 promise, 1 development goal"])
        self.assertEqual(self.files_in(root), ["reps/alice-chen.yaml"])
        self.assertEqual(self.git(root, "status", "--porcelain").stdout, "")


class LogActivitiesEditorTest(CoachTestCase):
    """The editor path of each kind, driven by a scripted $VISUAL."""

    def setUp(self):
        super().setUp()
        self.root = self.team()
        self.alice = self.root / "reps" / "alice-chen.yaml"

    def editor(self, replacements, append=""):
        """A $VISUAL that makes `replacements` (pairs of texts) in the template and appends `append`."""
        script = self.tmp / "editor.py"
        script.write_text(textwrap.dedent(f"""\
            import sys
            path = sys.argv[-1]
            template = open(path).read()
            open('{self.tmp}/seen-template', 'w').write(template)
            for old, new in {replacements!r}:
                assert old in template, old
                template = template.replace(old, new, 1)
            open(path, 'w').write(template + {append!r})
            """))
        return {"VISUAL": f"{sys.executable} {script}"}

    def seen(self):
        return (self.tmp / "seen-template").read_text()

    def test_a_joint_call_in_the_editor(self):
        env = self.editor([("account:\n", "account: Acme\n"),
                           ("manager_role:     # observe", "manager_role: lead     # observe"),
                           ("asked first\n", "asked first\nI rushed the demo.\n"),
                           ("result:           #", "result: missed #"),
                           ("for the skills observed\n", "for the skills observed\n- closing: 2\n"),
                           ("- me: \n", "- me: Share the recording (due fri)\n")], append="A hard call.\n")
        result = self.ok("-C", str(self.root), "log", "joint-call", "alice", "--edit", env=env)
        self.assertIn("Logged joint call with Alice Chen at Acme on Wed 2026-11-25; 1 promise", result.out)
        self.assertIn("skills: product, industry, competitors,", self.seen())
        record = load(self.alice)["records"][0]
        self.assertEqual((record["account"], record["manager_role"], record["result"]), ("Acme", "lead", "missed"))
        self.assertEqual(record["self_assessment"], "I rushed the demo.\n")
        self.assertEqual(record["ratings"], {"closing": 2})
        self.assertEqual(record["private"], "A hard call.\n")  # issue 17: the template's last section is `private:`
        self.assertEqual(list((self.root / ".coach").glob("LOG_*")), [])

    def test_a_bad_template_keeps_the_text_and_writes_nothing(self):
        before = snapshot(self.root)
        env = self.editor([("account:\n", "account: Acme\n"),
                           ("for the skills observed\n", "for the skills observed\n- closeing: 2\n")],
                          append="Precious notes\n")
        result = self.coach("-C", str(self.root), "log", "joint-call", "alice", "--edit", env=env)
        self.assertEqual(result.rc, 2, result)
        self.assertIn('"closeing" is not a skill on the team\'s list (did you mean "closing"?)', result.err)
        kept = list((self.root / ".coach").glob("LOG_*"))
        self.assertEqual(len(kept), 1)
        self.assertIn(str(kept[0]), result.err)
        self.assertIn("Precious notes", kept[0].read_text())
        after = snapshot(self.root)
        after.pop(str(kept[0].relative_to(self.root)))
        self.assertEqual(after, before)

    def test_a_career_conversation_in_the_editor(self):
        env = self.editor([("goal:             #", "goal: Team lead #"),
                           ("goals:            # development goals: TEXT (due DATE)\n- \n",
                            "goals:\n- Run the QBR (due 2027-01-31)\n")])
        result = self.ok("-C", str(self.root), "log", "career", "alice", "--edit", env=env)
        self.assertIn("1 development goal", result.out)
        record = load(self.alice)["records"][0]
        self.assertEqual(record["goal"], "Team lead")
        self.assertEqual([(g["text"], str(g["due"])) for g in record["goals"]], [("Run the QBR", "2027-01-31")])

    def test_a_skills_audit_in_the_editor_lists_every_skill(self):
        env = self.editor([("- objections:\n", "- objections: 3\n"), ("- product:\n", "- product: 5\n")])
        self.ok("-C", str(self.root), "log", "skills-audit", "alice", "--edit", env=env)
        template = self.seen()
        for skill in ["product", "industry", "competitors", "prospecting", "questions", "stories", "gatekeepers",
                      "opening", "needs-analysis", "presentation", "objections", "closing"]:
            self.assertRegex(template, rf"\n# [^\n]+\? \((test|observe|ask)\)\n- {skill}:\n")
        self.assertEqual(load(self.alice)["records"][0]["ratings"], {"product": 5, "objections": 3})

    def test_feedback_in_the_editor_shows_the_plan(self):
        self.ok("-C", str(self.root), "log", "joint-call", "alice", "--date", "2026-11-24", "--account", "Acme",
                "--objective", "Agree a pilot")
        call_id = load(self.alice)["records"][0]["id"]
        env = self.editor([("went_well:\n- \n", "went_well:\n- The opening\n"),
                           ("for the skills observed\n", "for the skills observed\n- objections: 4\n")])
        result = self.ok("-C", str(self.root), "joint-call", "feedback", call_id, "--edit", env=env)
        self.assertIn("Added the feedback", result.out)
        template = self.seen()
        self.assertIn("#   objective: Agree a pilot\n", template)
        self.assertNotIn("\naccount:", template)
        record = load(self.alice)["records"][0]
        self.assertEqual((record["went_well"], record["ratings"]), (["The opening"], {"objections": 4}))
        self.assertEqual(list((self.root / ".coach").glob("JOINT_CALL_FEEDBACK-*")), [])

    def test_feedback_from_a_bad_template_keeps_the_text(self):
        self.ok("-C", str(self.root), "log", "joint-call", "alice", "--date", "2026-11-24", "--account", "Acme")
        call_id = load(self.alice)["records"][0]["id"]
        before = snapshot(self.root)
        env = self.editor([("result:           #", "result: won #")], append="")
        result = self.coach("-C", str(self.root), "joint-call", "feedback", call_id, "--edit", env=env)
        self.assertEqual(result.rc, 2, result)
        self.assertIn('result: "won" is not one of met, partly, missed', result.err)
        kept = list((self.root / ".coach").glob("JOINT_CALL_FEEDBACK-*"))
        self.assertEqual(len(kept), 1)
        self.assertIn(str(kept[0]), result.err)
        after = snapshot(self.root)
        after.pop(str(kept[0].relative_to(self.root)))
        self.assertEqual(after, before)


if __name__ == "__main__":
    unittest.main()
