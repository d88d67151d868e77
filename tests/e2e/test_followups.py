"""coach followups: listing, filters, formats, and the closing verbs, with
the file diff checked line by line."""

import csv
import datetime
import difflib
import io
import json
import unittest

import yaml

from coachtest import CoachTestCase, snapshot


def added_and_removed(before, after):
    diff = [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)][2:]
    added = [line[1:] for line in diff if line.startswith("+")]
    removed = [line[1:] for line in diff if line.startswith("-")]
    return added, removed


class ListTest(CoachTestCase):
    def setUp(self):
        super().setUp()
        self.root = self.examples_copy()

    def list(self, *args):
        return self.ok("-C", str(self.root), "followups", *args).out

    def ids(self, out):
        table = out.split("\n\n")[0].splitlines()  # open joint-call plans may follow the table
        return [line.split()[0] for line in table[1:-1]]

    def test_order_overdue_first_then_by_due_date(self):
        out = self.list()
        lines = out.split("\n\n")[0].splitlines()
        self.assertEqual(lines[0].split(), ["ID", "REP", "OWNER", "PROMISE", "DUE", "WHEN", "FROM"])
        self.assertEqual(self.ids(out)[:8], ["vka7f8", "mnjmx9", "vxngr3", "tvk3bp", "xwqtjt", "m86hg2", "a2w2zw",
                                             "aavm2d"])
        self.assertEqual(len(self.ids(out)), 29)
        self.assertIn("19 days overdue", lines[1])
        self.assertIn("1:1 Thu 2026-10-22", lines[1])
        self.assertEqual(lines[-1], "29 open, 8 overdue (5 yours)")
        self.assertTrue(lines[9].split()[0] in ("za6hrn", "xvapcy", "jcby0w", "cm3e79", "ftsx0j"))
        self.assertIn("in 5 days", lines[9])
        self.assertNotIn("\x1b[", out)

    def test_columns_line_up_whatever_the_when_and_the_text(self):
        # The table is measured before it is written, the When, Due and From widths computed without making
        # the texts: every cell must start where its header does, whatever the day count or the characters.
        for due, text in (("today", "Café with Rob"), ("tomorrow", "Renew the ÜBER deal"), ("2026-11-27", "x"),
                          ("2027-03-05", "Plan the QBR — Ω")):
            self.ok("-C", str(self.root), "followups", "add", "marcus", text, "--due", due)
        out = self.ok("-C", str(self.root), "followups", env={"COLUMNS": "250"}).out
        lines = out.split("\n\n")[0].splitlines()[:-1]
        header = lines[0]
        starts = [header.index(name) for name in ("REP", "OWNER", "PROMISE", "DUE", "WHEN", "FROM")]
        for line in lines[1:]:
            with self.subTest(line=line):
                for start in starts:
                    self.assertEqual(line[start - 2:start], "  ")
                    self.assertNotEqual(line[start], " ")
        whens = {line[starts[4]:starts[5]].strip() for line in lines[1:]}
        self.assertTrue({"due today", "tomorrow", "in 2 days", "in 100 days", "19 days overdue"} <= whens, whens)
        self.assertIn("Café with Rob", out)

    def test_each_when_sized_exactly_when_it_is_the_widest(self):
        # A width computed one short or long shows only in the widest cell: each kind of When alone in a listing.
        cases = (("2026-11-25", None, "due today"), ("2026-11-26", None, "tomorrow"), ("2026-11-27", None, "in 2 days"),
                 ("2027-03-05", None, "in 100 days"), ("2026-11-26", "2026-11-27", "1 day overdue"),
                 ("2026-11-26", "2029-08-22", "1000 days overdue"))
        for n, (due, today, when) in enumerate(cases):
            with self.subTest(when=when):
                root = self.team(f"when{n}")
                self.ok("-C", str(root), "followups", "add", "alice", "Send the deck", "--due", due)
                env = {"COLUMNS": "250"} | ({"COACH_TODAY": today} if today else {})
                header, row = self.ok("-C", str(root), "followups", env=env).out.splitlines()[:2]
                when_at, from_at = header.index("WHEN"), header.index("FROM")
                self.assertEqual(row[when_at:from_at], when + "  ")
                weekday = datetime.date.fromisoformat(due).strftime("%a")
                self.assertEqual(row[header.index("DUE"):when_at], f"{weekday} {due}  ")
                self.assertRegex(row[from_at:], r"^added \w{3} \d{4}-\d{2}-\d{2}$")

    def many_promises(self, prefix, count, text_of, day_of):
        """A team whose Alice holds one 1:1 with `count` open promises, ids `prefix` and five letters, the n-th's
        text text_of(n), due in December or November 2026 on day day_of(n); with the ids in the json's order."""
        root = self.team()
        alphabet = "0123456789abcdefghjkmnpqrstvwxyz"
        lines = ["  - kind: 1on1", f"    id: {prefix}zzzzz", "    date: 2026-11-20", "    promises:"]
        for n in range(count):
            pid = prefix + "".join(alphabet[(n // 32 ** k) % 32] for k in range(5))
            lines += [f"      - id: {pid}", "        owner: " + ("manager" if n % 3 else "rep"),
                      f"        text: {text_of(n)}", f"        due: 2026-{12 - n % 2:02}-{day_of(n):02}"]
        rep = root / "reps" / "alice-chen.yaml"
        rep.write_text(rep.read_text().replace("records: []\n", "records:\n") + "\n".join(lines) + "\n")
        listed = [p["id"] for p in json.loads(self.ok("-C", str(root), "followups", "--format", "json").out)["promises"]]
        self.assertEqual(len(listed), count)
        return root, listed

    def test_a_table_too_wide_to_hold_is_written_line_by_line_in_the_same_order(self):
        # Lines are made in memory order into one buffer, unless they would hold more than 16 MB: then each is made
        # in the listing's order. 2,100 promises at 9,999 columns, one text 8,000 characters long: 17 MB.
        root, listed = self.many_promises("w", 2100, lambda n: "Send the long brief " + "x" * 8000 if n == 1234
                                          else f"Task {n}", lambda n: 1 + n % 28)
        out = self.ok("-C", str(root), "followups", env={"COLUMNS": "9999"}).out.splitlines()
        self.assertEqual([line.split()[0] for line in out[1:-1]], listed)
        when_at = out[0].index("WHEN")
        self.assertTrue(all(line[when_at - 2:when_at] == "  " and line[when_at] != " " for line in out[1:-1]))
        self.assertIn("x" * 8000, "\n".join(out))

    def test_a_long_listing_made_in_two_halves_is_one_table_in_the_listing_order(self):
        # From 4,096 rows, each half of the rows (in memory order) is measured and made on a core of its own: the
        # widest cell lies in the second half only, and the lines of both come out in the listing's order. An odd
        # count: the halves differ by one row.
        widest = "Send the long brief " + "y" * 60
        root, listed = self.many_promises("h", 5001, lambda n: widest if n == 4321 else f"Task {n}",
                                          lambda n: 1 + (n * 7) % 28)
        out = self.ok("-C", str(root), "followups", env={"COLUMNS": "250"}).out.splitlines()
        self.assertEqual([line.split()[0] for line in out[1:-1]], listed)
        header = out[0]
        self.assertEqual(header.index("DUE") - header.index("PROMISE"), len(widest) + 2)
        due_at = header.index("DUE")
        self.assertTrue(all(line[due_at - 2:due_at] == "  " and line[due_at] != " " for line in out[1:-1]))
        self.assertIn(widest + "  ", "\n".join(out))

    def test_filters_combine(self):
        self.assertEqual(self.ids(self.list("--overdue", "--mine")), ["vka7f8", "mnjmx9", "xwqtjt", "m86hg2", "aavm2d"])
        self.assertEqual(self.ids(self.list("--overdue", "--theirs")), ["vxngr3", "tvk3bp", "a2w2zw"])
        # Tyler's two open development goals (career conversation of Nov 5) come last, by due date.
        self.assertEqual(self.ids(self.list("tyler")), ["m86hg2", "a2w2zw", "cm3e79", "e29dnv", "smvmjm", "gk7zs1"])
        self.assertEqual(self.ids(self.list("tyler", "--theirs")), ["a2w2zw", "cm3e79", "smvmjm", "gk7zs1"])
        within = self.ids(self.list("--due-within", "5d"))
        self.assertEqual(len(within), 13)  # 8 overdue + 5 due on Nov 30 (Sofia's goal ftsx0j among them)
        self.assertEqual(self.ids(self.list("--due-within", "1w")), self.ids(self.list("--due-within", "7")))
        self.assertNotIn("ggk0rm", self.ids(self.list("--due-within", "12")))
        self.assertIn("ggk0rm", self.ids(self.list("--due-within", "13")))
        self.fails(2, "-C", str(self.root), "followups", "--mine", "--theirs")
        self.fails(2, "-C", str(self.root), "followups", "--due-within", "soon")
        self.assertEqual(self.list("ryan"), "No promises match.\n")

    def test_a_bad_option_is_a_usage_error_whatever_the_data(self):
        # The options are read before any file: an unknown rep or a broken file does not change the answer.
        (self.root / "reps" / "marcus-reed.yaml").write_text("id: marcus-reed\nrecords: [\n")
        for args in (["--due-within", "soon"], ["--due-within", "soon", "nobody"], ["--mine", "--theirs", "--all"]):
            with self.subTest(args=args):
                result = self.fails(2, "-C", str(self.root), "followups", *args)
                self.assertEqual(result.out, "")

    def test_open_joint_call_plans_follow_the_promises(self):
        # Sofia's Vantage QBR of Nov 19 was planned and never debriefed: the manager owes its feedback.
        out = self.list()
        self.assertTrue(out.endswith("\nJoint calls waiting for their feedback (coach joint-call feedback ID)\n"
                                     "  tv6j41  Sofia Martinez  Vantage Plastics  Thu 2026-11-19 (6 days ago)\n"), out)
        self.assertIn("Joint calls waiting", self.list("sofia", "--overdue"))
        self.assertNotIn("Joint calls waiting", self.list("--theirs"))
        self.assertNotIn("Joint calls waiting", self.list("tyler"))
        data = json.loads(self.list("--format", "json"))
        self.assertEqual(data["open_joint_calls"], [{"id": "tv6j41", "rep": "sofia-martinez",
                                                     "rep_name": "Sofia Martinez", "account": "Vantage Plastics",
                                                     "date": "2026-11-19"}])
        self.assertEqual(json.loads(self.list("--theirs", "--format", "json"))["open_joint_calls"], [])
        # Once debriefed, it is no longer open.
        self.ok("-C", str(self.root), "joint-call", "feedback", "tv6j41", "--result", "met")
        self.assertNotIn("Joint calls waiting", self.list())

    def test_all_shows_how_promises_closed(self):
        out = self.list("ryan", "--all")
        self.assertIn("dropped 2026-", out)
        self.assertIn("kept 2026-01-15 (after a move; 6 days past the first date)", out)
        self.assertIn("kept 2026-03-31 (20 days late)", out)
        data = json.loads(self.list("--all", "--archived", "--format", "json"))
        states = {}
        for p in data["promises"]:
            states[p["state"]] = states.get(p["state"], 0) + 1
        # With the promises and development goals of the joint calls, career conversations and
        # skills audits, and the team meetings' actions (counted from the files with PyYAML).
        self.assertEqual(states, {"overdue": 8, "open": 21, "kept_on_time": 140, "kept_after_move": 5,
                                  "kept_late": 24, "dropped": 7})
        self.assertEqual(len(data["promises"]), 205)

    def test_json_is_documented_and_stable(self):
        data = json.loads(self.list("--format", "json"))
        self.assertEqual(data["as_of"], "2026-11-25")
        first = data["promises"][0]
        self.assertEqual(list(first.keys()), ["id", "rep", "rep_name", "owner", "text", "due", "first_due", "state",
                                              "days_until_due", "closed", "note", "reason", "from"])
        self.assertEqual(first["id"], "vka7f8")
        self.assertEqual(first["state"], "overdue")
        self.assertEqual(first["days_until_due"], -19)
        self.assertEqual(first["first_due"], "2026-10-29")
        self.assertEqual(first["from"], {"kind": "1on1", "id": "sfg6d1", "date": "2026-10-22"})

    def test_json_text_is_the_document_indented_by_two(self):
        # The listing's JSON is written a row at a time, plain texts without the JSON library: its text must be
        # what dumping the parsed document with an indent of two gives, for texts that need escapes or are not
        # ASCII, nested "from" objects, nulls and numbers, closed promises' reasons, and the rep list's JSON.
        texts = ['Say "thanks" to Rob', "Path C:\\deals\\q4", "Tab\there", "Café — Ω ✓", "plain ascii ~ {}[]"]
        for text in texts:
            self.ok("-C", str(self.root), "followups", "add", "marcus", text, "--due", "2026-12-01")
        self.ok("-C", str(self.root), "followups", "drop", "mnjmx9", "--reason", 'On "hold" \\ later')
        for args in (["followups"], ["followups", "--all", "--archived"], ["rep", "list", "--all"]):
            with self.subTest(args=args):
                text = self.ok("-C", str(self.root), *args, "--format", "json").out
                document = json.loads(text)
                self.assertEqual(text, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        listed = json.loads(self.list("--all", "--format", "json"))["promises"]
        self.assertEqual(sorted(p["text"] for p in listed if p["text"] in texts), sorted(texts))
        self.assertIn('On "hold" \\ later', [p["reason"] for p in listed])

    def test_csv_and_markdown(self):
        rows = list(csv.DictReader(io.StringIO(self.list("--format", "csv"), newline="")))
        self.assertEqual(len(rows), 29)
        self.assertEqual(rows[0]["id"], "vka7f8")
        self.assertEqual(rows[0]["text"], "Get Rob's answer on the strategic accounts role for Marcus")
        md = self.list("--overdue", "--format", "md").splitlines()
        self.assertEqual(md[0], "| ID | Rep | Owner | Promise | Due | When | From |")
        self.assertEqual(len(md), 2 + 8)
        self.assertTrue(all(line.count(" | ") == 6 for line in md[2:]), md)

    def test_color_marks_overdue_only_when_asked(self):
        out = self.ok("-C", str(self.root), "--color", "always", "followups", "--overdue").out
        self.assertIn("\x1b[31m19 days overdue\x1b[0m", out)

    def test_table_fits_a_narrow_terminal_width_in_csv_safe_text(self):
        # Text with commas, quotes and pipes survives csv and md.
        self.ok("-C", str(self.root), "followups", "add", "jordan", 'Send "the deck", v2 | final')
        rows = list(csv.DictReader(io.StringIO(self.list("jordan", "--format", "csv"), newline="")))
        self.assertIn('Send "the deck", v2 | final', [row["text"] for row in rows])
        self.assertIn("Send \"the deck\", v2 \\| final", self.list("jordan", "--format", "md"))


class CloseTest(CoachTestCase):
    def setUp(self):
        super().setUp()
        self.root = self.examples_copy()
        self.marcus = self.root / "reps" / "marcus-reed.yaml"
        self.before = self.marcus.read_text()

    def run_verb(self, *args):
        return self.ok("-C", str(self.root), "followups", *args)

    def test_done_adds_lines_under_the_promise_only(self):
        out = self.run_verb("done", "vka7", "--date", "yesterday", "--note", "Rob said yes: he's in").out
        self.assertEqual(out, "Done: vka7f8 (Marcus Reed, yours): Get Rob's answer on the strategic accounts role for "
                              "Marcus (kept Tue 2026-11-24, 18 days late)\n")
        added, removed = added_and_removed(self.before, self.marcus.read_text())
        self.assertEqual(removed, [])
        self.assertEqual(added, ["        done: 2026-11-24", '        note: "Rob said yes: he\'s in"'])
        after = self.marcus.read_text().splitlines()
        at = after.index("        done: 2026-11-24")
        self.assertEqual(after[at - 1], "        first_due: 2026-10-29")
        self.assertEqual(after[at + 2], "      - id: x0n1r4")
        self.assertNotIn("vka7f8", self.ok("-C", str(self.root), "followups").out)

    def test_drop_records_the_reason(self):
        out = self.run_verb("drop", "mnjmx9", "--reason", "Territory map on hold").out
        self.assertIn("Dropped: mnjmx9", out)
        added, removed = added_and_removed(self.before, self.marcus.read_text())
        self.assertEqual(removed, [])
        self.assertEqual(added, ["        dropped: 2026-11-25", "        reason: Territory map on hold"])

    def test_move_keeps_the_first_due_date(self):
        out = self.run_verb("move", "vxngr3", "--due", "fri").out
        self.assertIn("(due Fri 2026-11-27, first due Thu 2026-11-12)", out)
        added, removed = added_and_removed(self.before, self.marcus.read_text())
        self.assertEqual(removed, ["        due: 2026-11-12"])
        self.assertEqual(added, ["        due: 2026-11-27", "        first_due: 2026-11-12"])
        # A second move changes only the due line; kept by the moved date is "kept after a move".
        self.run_verb("move", "vxngr3", "--due", "2026-11-30")
        added, removed = added_and_removed(self.before, self.marcus.read_text())
        self.assertEqual(added, ["        due: 2026-11-30", "        first_due: 2026-11-12"])
        self.run_verb("done", "vxngr3")
        data = json.loads(self.ok("-C", str(self.root), "followups", "marcus", "--all", "--format", "json").out)
        state = next(p for p in data["promises"] if p["id"] == "vxngr3")
        self.assertEqual(state["state"], "kept_after_move")
        self.assertEqual((state["due"], state["first_due"], state["closed"]), ("2026-11-30", "2026-11-12", "2026-11-25"))

    def test_add_records_a_promise_outside_a_1on1(self):
        out = self.run_verb("add", "marcus", "Call Rob about Marcus", "--due", "tomorrow").out
        self.assertRegex(out, r"^Added [a-z][0-9a-z]{5} \(Marcus Reed, yours\): Call Rob about Marcus \(due Thu 2026-11-26\)\n$")
        added, removed = added_and_removed(self.before, self.marcus.read_text())
        self.assertEqual(removed, [])
        self.assertEqual(added[0], "  - kind: promise")
        record = yaml.safe_load(self.marcus.read_text())["records"][-1]
        self.assertEqual(record["kind"], "promise")
        self.assertEqual(record["promises"][0]["text"], "Call Rob about Marcus")
        self.assertIn("added Wed 2026-11-25", self.ok("-C", str(self.root), "followups", "marcus").out)
        out = self.run_verb("add", "jordan", "Send the ramp plan", "--owner", "rep").out
        self.assertIn("(Jordan Okafor, theirs)", out)
        self.assertIn("(due Mon 2026-11-30)", out)  # his next 1:1 under the policy

    def test_bad_ids_and_dates_change_nothing(self):
        before = snapshot(self.root)
        result = self.fails(4, "-C", str(self.root), "followups", "done", "vka7f9")
        self.assertIn("no promise 'vka7f9'; closest: vka7f8 (Marcus Reed: Get Rob's answer", result.err)
        result = self.fails(4, "-C", str(self.root), "followups", "done", "x")
        self.assertIn("promise id 'x' is ambiguous", result.err)
        self.fails(5, "-C", str(self.root), "followups", "done", "x0n1r4")  # kept already
        self.fails(2, "-C", str(self.root), "followups", "done", "vka7f8", "--date", "2026-10-01")
        self.fails(2, "-C", str(self.root), "followups", "done", "vka7f8", "--date", "tomorrow")
        self.fails(2, "-C", str(self.root), "followups", "drop", "vka7f8", "--reason", " ")
        self.fails(2, "-C", str(self.root), "followups", "drop", "vka7f8")
        self.fails(2, "-C", str(self.root), "followups", "move", "vka7f8", "--due", "someday")
        self.fails(2, "-C", str(self.root), "followups", "move", "vka7f8", "--due", "2026-11-06")
        self.fails(2, "-C", str(self.root), "followups", "add", "marcus", "x", "--due", "yesterday")
        self.fails(2, "-C", str(self.root), "followups", "add", "ryan", "x")
        self.fails(2, "-C", str(self.root), "followups", "add", "marcus", "x", "--owner", "boss")
        # One word too many, and empty values, are errors, never quietly dropped or taken as "not given".
        # (followups add takes unquoted words as its text since issue 16: test_entering_records.py)
        self.fails(2, "-C", str(self.root), "followups", "add", "marcus")
        self.fails(2, "-C", str(self.root), "followups", "done", "vka7f8", "mnjmx9")
        self.fails(2, "-C", str(self.root), "followups", "done", "vka7f8", "--date", "")
        self.fails(2, "-C", str(self.root), "followups", "done", "vka7f8", "--note", " ")
        self.fails(2, "-C", str(self.root), "followups", "--due-within", "")
        self.fails(2, "-C", str(self.root), "log-1on1", "marcus", "-d", "")
        self.fails(2, "-C", str(self.root), "rep", "archive", "marcus", "--date", "2000-01-01")
        self.assertEqual(snapshot(self.root), before)


HAND_WRITTEN = """\
name: Bo Diaz
records:
  -   kind: 1on1
      date: 2026-11-10
      promises:
         -  id: hwaaaa
            owner: manager     # mine
            text: "Send: the deck"
            due: '2026-11-17'
# a comment at the left margin
         -  {id: hwbbbb, owner: rep, text: flow style, due: 2026-11-20}
# end
"""


class HandWrittenTest(CoachTestCase):
    def test_promise_in_a_hand_written_file(self):
        self.ok("init", "t")
        path = self.tmp / "t" / "reps" / "bo-diaz.yaml"
        path.write_text(HAND_WRITTEN)
        self.ok("-C", "t", "followups", "move", "hwaaaa", "--due", "2026-11-27")
        self.ok("-C", "t", "followups", "done", "hwaaaa", "--date", "2026-11-24")
        after = path.read_text()
        self.assertEqual(after, HAND_WRITTEN.replace("'2026-11-17'", "2026-11-27").replace(
            "            due: 2026-11-27\n",
            "            due: 2026-11-27\n            first_due: 2026-11-17\n            done: 2026-11-24\n"))
        result = self.fails(3, "-C", "t", "followups", "done", "hwbbbb")
        self.assertIn("flow map", result.err)
        self.assertEqual(path.read_text(), after)

    def test_existing_note_and_empty_due_written_by_hand(self):
        self.ok("init", "t")
        path = self.tmp / "t" / "reps" / "bo-diaz.yaml"
        text = ("name: Bo Diaz\nrecords:\n  - kind: 1on1\n    date: 2026-11-10\n    promises:\n"
                "      - id: hwcccc\n        owner: rep\n        text: x\n        note: my own note\n"
                "      - id: hwdddd\n        owner: rep\n        text: y\n        due:   # decide later\n")
        path.write_text(text)
        result = self.fails(5, "-C", "t", "followups", "done", "hwcccc", "--note", "another")
        self.assertIn("has a note already", result.err)
        self.assertEqual(path.read_text(), text)
        self.ok("-C", "t", "followups", "done", "hwcccc")
        self.ok("-C", "t", "followups", "move", "hwdddd", "--due", "2026-12-01")
        self.assertEqual(path.read_text(), text.replace("note: my own note\n", "note: my own note\n        done: 2026-11-25\n")
                         .replace("due:   # decide later", "due: 2026-12-01  # decide later"))


class MovedEarlierTest(CoachTestCase):
    """On time means on or before both dates: a promise moved earlier and kept
    between the two dates is late, in followups and in the report alike."""

    def test_kept_between_the_two_dates_is_late(self):
        root = self.tmp / "team"
        (root / "reps").mkdir(parents=True)
        (root / "coach.yaml").write_text("manager: Dana\n")
        (root / "reps" / "al.yaml").write_text(
            "id: al\nname: Al\nstart: 2026-01-05\nrecords:\n  - kind: 1on1\n    id: a00001\n    date: 2026-11-02\n"
            "    promises:\n      - id: pa0001\n        owner: rep\n        text: Call Acme\n        due: 2026-12-04\n")
        self.ok("-C", str(root), "followups", "move", "pa0001", "--due", "2026-11-20")
        out = self.ok("-C", str(root), "followups", "done", "pa0001", "--date", "2026-11-22").out
        self.assertIn("(kept Sun 2026-11-22, 2 days late)", out)  # two days after 11-20, before 12-04
        listed = json.loads(self.ok("-C", str(root), "followups", "al", "--all", "--format", "json").out)
        self.assertEqual(listed["promises"][0]["state"], "kept_late")
        report = json.loads(self.ok("-C", str(root), "report", "--month", "2026-11", "--format", "json").out)
        theirs = report["teams"][0]["reps"][0]["rep_promises"]
        self.assertEqual((theirs["kept_on_time"], theirs["kept_after_move"], theirs["kept_late"]), (0, 0, 1))


if __name__ == "__main__":
    unittest.main()
