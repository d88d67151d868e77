"""coach calendar (coach-calendar(1)): events and to-dos read back by a second
reader, python3-icalendar: dates, UIDs that stay, closed promises, --mine,
-o written atomically, hostile promise texts, broken files."""

import datetime
import os
import re
import resource
import shutil
import signal
import subprocess
import unittest

import icalendar
import yaml

from coachtest import COACH, CoachTestCase, snapshot

DAY = datetime.date.fromisoformat


def summaries_by_uid(text):
    """SUMMARY by UID, read by RFC 5545's rules alone: lines unfolded, TEXT
    unescaped in one pass. python3-icalendar 4.0 (Debian 12) unescapes with
    chained replaces, so an escaped backslash before n (`\\\\n`, a backslash
    then n) comes back as a line break; coach's text is right, that reader is not."""
    unfolded = re.sub(r"\r\n[ \t]", "", text)
    out, uid = {}, None
    for line in unfolded.split("\r\n"):
        if line.startswith("UID:"):
            uid = line[4:]
        elif line.startswith("SUMMARY:"):
            out[uid] = re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), line[8:])
    return out


def promise(pid, owner, text, due=None, **closed):
    out = {"id": pid, "owner": owner, "text": text}
    if due:
        out["due"] = due
    out.update(closed)
    return out


def alice(records=None):
    """Alice: 1:1s every 7 days (the default), the last on Fri 11-20 with promises of every state."""
    return {"id": "alice-chen", "name": "Alice Chen", "start": "2019-04-01", "records": records or [
        {"kind": "1on1", "id": "raaaaa", "date": "2026-11-20", "notes": "SHARED-NOTES-MARKER",
         "private": "PRIVATE-NOTES-MARKER",
         "promises": [promise("amine1", "manager", "Send the deck", "2026-11-27"),
                      promise("athei1", "rep", "Update the CRM", "2026-11-30"),
                      promise("akept1", "manager", "Intro to Rob", "2026-11-21", done="2026-11-22",
                              note="NOTE-MARKER"),
                      promise("adrop1", "manager", "Tickets", "2026-11-21", dropped="2026-11-23",
                              reason="REASON-MARKER")]},
        {"kind": "1on1", "id": "rbbbbb", "date": "2026-09-01",
         "promises": [promise("aold01", "manager", "Old one", "2026-09-05", done="2026-09-04")]}]}


class CalendarTest(CoachTestCase):
    def setUp(self):
        super().setUp()
        self.root = self.tmp / "west"
        self.ok("init", str(self.root), "--manager", "Dana Whitfield", "--team", "West Coast")
        settings = self.root / "coach.yaml"  # a team tracked all year, not since today
        settings.write_text(settings.read_text().replace("since: 2026-11-25", "since: 2026-01-01"))
        self.write_rep(alice())
        self.write_rep({"id": "bo-diaz", "name": "Bo Diaz", "records": [
            {"kind": "1on1", "id": "rccccc", "date": "2026-11-02",
             "promises": [promise("bmine1", "manager", "Fix CRM access", "2026-11-20")]}]})

    def write_rep(self, rep, root=None):
        path = (root or self.root) / "reps" / f"{rep['id']}.yaml"
        path.write_text(yaml.safe_dump(rep, allow_unicode=True, sort_keys=False))

    def raw(self, *args, root=None):
        """The calendar's bytes as written (CR LF line ends and all)."""
        proc = subprocess.run([COACH, "-C", str(root or self.root), "calendar", *args], env=self.env,
                              capture_output=True, stdin=subprocess.DEVNULL, timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return proc.stdout.decode()

    def calendar(self, *args, root=None):
        return icalendar.Calendar.from_ical(self.raw(*args, root=root).encode())

    def entries(self, cal, name):
        return {str(c["UID"]): c for c in cal.walk(name)}

    def test_events_are_all_day_at_the_next_due_date_and_block_no_time(self):
        events = self.entries(self.calendar(), "VEVENT")
        self.assertEqual(set(events), {"next-1on1.alice-chen.west-coast@coach", "next-1on1.bo-diaz.west-coast@coach"})
        alice_1on1 = events["next-1on1.alice-chen.west-coast@coach"]
        self.assertEqual(str(alice_1on1["SUMMARY"]), "1:1 with Alice Chen")
        self.assertEqual(alice_1on1.decoded("DTSTART"), DAY("2026-11-27"))  # a date, not a time
        self.assertEqual(alice_1on1.decoded("DTEND"), DAY("2026-11-28"))
        self.assertEqual(str(alice_1on1["TRANSP"]), "TRANSPARENT")
        self.assertIn("the last 1:1 on Fri 2026-11-20", str(alice_1on1["DESCRIPTION"]))
        self.assertIsInstance(alice_1on1.decoded("DTSTAMP"), datetime.datetime)
        # Bo's was due on 11-09: it is on today, saying since when, not "(overdue)" in a title that outlives the day.
        bo = events["next-1on1.bo-diaz.west-coast@coach"]
        self.assertEqual(bo.decoded("DTSTART"), DAY("2026-11-25"))
        self.assertEqual(str(bo["SUMMARY"]), "1:1 with Bo Diaz")
        self.assertIn("Due since Mon 2026-11-09.", str(bo["DESCRIPTION"]))

    def test_the_calendar_names_itself_and_its_version(self):
        text = self.raw()
        cal = icalendar.Calendar.from_ical(text.encode())
        version = self.ok("--version").out.strip()
        self.assertEqual(str(cal["PRODID"]), f"-//coach//coach {version}//EN")
        self.assertEqual(str(cal["VERSION"]), "2.0")
        self.assertEqual(str(cal["X-WR-CALNAME"]), "coach: West Coast")
        self.assertTrue(text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n"))

    def test_uids_stay_across_runs_and_the_next_1on1_moves_when_one_is_logged(self):
        first = self.entries(self.calendar(), "VEVENT")
        again = self.entries(self.calendar(), "VEVENT")
        self.assertEqual({uid: e.decoded("DTSTART") for uid, e in first.items()},
                         {uid: e.decoded("DTSTART") for uid, e in again.items()})
        first_todos = self.entries(self.calendar(), "VTODO")
        self.assertEqual(set(first_todos), set(self.entries(self.calendar(), "VTODO")))
        self.ok("-C", str(self.root), "log-1on1", "alice", "--date", "2026-11-24", "--minutes", "30", "--notes", "x")
        after = self.entries(self.calendar(), "VEVENT")
        self.assertEqual(set(after), set(first))  # the same UID, not a second event
        self.assertEqual(after["next-1on1.alice-chen.west-coast@coach"].decoded("DTSTART"), DAY("2026-12-01"))

    def test_promises_are_to_dos_with_who_owes_whom_and_closed_ones_complete(self):
        todos = self.entries(self.calendar(), "VTODO")
        self.assertEqual(set(todos), {f"promise-{pid}.west-coast@coach"
                                      for pid in ("amine1", "athei1", "akept1", "adrop1", "bmine1")})
        mine = todos["promise-amine1.west-coast@coach"]
        self.assertEqual(str(mine["SUMMARY"]), "Send the deck (to Alice Chen)")
        self.assertEqual(mine.decoded("DUE"), DAY("2026-11-27"))
        self.assertEqual(str(mine["STATUS"]), "NEEDS-ACTION")
        self.assertIn("coach followups done amine1", str(mine["DESCRIPTION"]))
        self.assertEqual(str(todos["promise-athei1.west-coast@coach"]["SUMMARY"]), "Alice Chen: Update the CRM")
        kept = todos["promise-akept1.west-coast@coach"]
        self.assertEqual(str(kept["STATUS"]), "COMPLETED")
        self.assertEqual(kept.decoded("COMPLETED"), datetime.datetime(2026, 11, 22, 12, tzinfo=datetime.timezone.utc))
        self.assertEqual(str(todos["promise-adrop1.west-coast@coach"]["STATUS"]), "CANCELLED")

        # Kept now: the same to-do, completed, so that a calendar reading the file again closes it.
        self.ok("-C", str(self.root), "followups", "done", "amine1")
        kept_now = self.entries(self.calendar(), "VTODO")["promise-amine1.west-coast@coach"]
        self.assertEqual(str(kept_now["STATUS"]), "COMPLETED")
        self.assertEqual(kept_now.decoded("COMPLETED").date(), DAY("2026-11-25"))
        self.assertNotIn("followups done", str(kept_now["DESCRIPTION"]))

        # --closed-within 0: open ones only.
        self.assertEqual(set(self.entries(self.calendar("--closed-within", "0"), "VTODO")),
                         {"promise-athei1.west-coast@coach", "promise-bmine1.west-coast@coach"})

    def test_mine_keeps_your_promises_and_every_event(self):
        cal = self.calendar("--mine")
        self.assertEqual(set(self.entries(cal, "VTODO")),
                         {f"promise-{pid}.west-coast@coach" for pid in ("amine1", "akept1", "adrop1", "bmine1")})
        self.assertEqual(len(self.entries(cal, "VEVENT")), 2)

    def test_no_notes_ever_and_archived_reps_left_out(self):
        text = self.raw()
        for marker in ("SHARED-NOTES-MARKER", "PRIVATE-NOTES-MARKER", "NOTE-MARKER", "REASON-MARKER"):
            self.assertNotIn(marker, text)
        self.ok("-C", str(self.root), "rep", "archive", "bo", "--date", "2026-11-24")
        cal = self.calendar()
        self.assertNotIn("next-1on1.bo-diaz.west-coast@coach", self.entries(cal, "VEVENT"))
        self.assertNotIn("promise-bmine1.west-coast@coach", self.entries(cal, "VTODO"))

    def test_other_activities_and_the_team_meeting_away_days_moving_them(self):
        rep = alice([{"kind": "1on1", "id": "raaaaa", "date": "2026-11-20"},
                     {"kind": "joint-call", "id": "rjjjjj", "date": "2026-11-10", "account": "Acme",
                      "objective": "Pilot", "went_well": "Opening"},
                     {"kind": "career", "id": "rkkkkk", "date": "2026-06-01", "goal": "Senior AE"}])
        rep["away"] = [{"from": "2026-11-26", "to": "2026-11-30", "reason": "REASON-OF-ABSENCE"}]
        self.write_rep(rep)
        self.ok("-C", str(self.root), "log", "team-meeting", "--date", "2026-11-23", "--topic", "Forecast",
                "--notes", "n")
        events = self.entries(self.calendar(), "VEVENT")
        self.assertEqual(events["next-joint-call.alice-chen.west-coast@coach"].decoded("DTSTART"), DAY("2026-12-10"))
        # Due on 08-30, so today; Alice is not away today.
        career = events["next-career.alice-chen.west-coast@coach"]
        self.assertEqual(career.decoded("DTSTART"), DAY("2026-11-25"))
        self.assertEqual(str(career["SUMMARY"]), "Career conversation with Alice Chen")
        # The 1:1 is due on 11-27, while she is away: on the day she is back.
        one_on_one = events["next-1on1.alice-chen.west-coast@coach"]
        self.assertEqual(one_on_one.decoded("DTSTART"), DAY("2026-12-01"))
        self.assertIn("Away until Mon 2026-11-30.", str(one_on_one["DESCRIPTION"]))
        self.assertNotIn("REASON-OF-ABSENCE", self.raw())
        self.assertEqual(events["next-team-meeting.west-coast@coach"].decoded("DTSTART"), DAY("2026-11-30"))
        self.assertNotIn("next-skills-audit.alice-chen.west-coast@coach", events)  # the team never held one

    def test_two_teams_never_share_a_uid(self):
        east = self.tmp / "east"
        self.ok("init", str(east), "--manager", "Luis Ortega")  # no team name: the directory's
        self.write_rep(alice(), root=east)
        west_uids = set(self.entries(self.calendar(), "VEVENT")) | set(self.entries(self.calendar(), "VTODO"))
        east_cal = self.calendar(root=east)
        east_uids = set(self.entries(east_cal, "VEVENT")) | set(self.entries(east_cal, "VTODO"))
        self.assertIn("next-1on1.alice-chen.east@coach", east_uids)
        self.assertFalse(west_uids & east_uids)

    def test_hostile_promise_texts_read_back_exactly(self):
        texts = [
            "Commas, semicolons; and a colon: here",
            "Back\\slash \\n not a line break \\",
            "Two lines\nEND:VCALENDAR",
            "BEGIN:VTODO\nSUMMARY:injected",
            "Zoë O'Brien — 東京 ✓ " + "é" * 60,
            "A long line " + "x" * 188,
            '"Quoted" and \ttabbed',
        ]
        records = [{"kind": "1on1", "id": "raaaaa", "date": "2026-11-20",
                    "promises": [promise(f"h{i}aaaa", "manager", text, "2026-12-01") for i, text in enumerate(texts)]}]
        self.write_rep(alice(records))
        text = self.raw()
        lines = text.split("\r\n")
        self.assertEqual(lines[-1], "")  # CRLF after every line, the last too
        for line in lines:
            self.assertLessEqual(len(line.encode()), 75, line)  # folded at 75 octets
            self.assertNotIn("\n", line)
        self.assertEqual([line for line in lines if line == "END:VCALENDAR"], ["END:VCALENDAR"])
        todos = self.entries(icalendar.Calendar.from_ical(text.encode()), "VTODO")
        self.assertEqual(len([uid for uid in todos if uid.startswith("promise-h")]), len(texts))
        strict = summaries_by_uid(text)
        for i, expected in enumerate(texts):
            uid = f"promise-h{i}aaaa.west-coast@coach"
            with self.subTest(expected):
                self.assertEqual(strict[uid], f"{expected} (to Alice Chen)")
                if not re.search(r"\\[nN,;]", expected):
                    self.assertEqual(str(todos[uid]["SUMMARY"]), f"{expected} (to Alice Chen)")

    def test_output_file_is_written_whole_and_says_so(self):
        target = self.tmp / "team.ics"
        out = self.ok("-C", str(self.root), "calendar", "-o", str(target)).out
        self.assertEqual(out, f"Wrote {target} (2 events, 5 to-dos)\n")
        self.assertEqual(set(self.entries(icalendar.Calendar.from_ical(target.read_bytes()), "VTODO")),
                         set(self.entries(self.calendar(), "VTODO")))
        self.assertEqual(target.stat().st_mode & 0o777, 0o600)

    def test_a_failing_write_leaves_the_old_file(self):
        target = self.tmp / "team.ics"
        target.write_text("OLD CALENDAR\n")
        target.chmod(0o644)
        # A write that fails half way: the file size limit stops the temporary file at 1 KiB.
        def limit():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails with EFBIG instead of killing coach
            resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))
        proc = subprocess.run([COACH, "-C", str(self.root), "calendar", "-o", str(target)], env=self.env,
                              capture_output=True, text=True, preexec_fn=limit, restore_signals=False)
        self.assertEqual(proc.returncode, 6, proc.stderr)
        self.assertTrue(proc.stderr.startswith("coach: error: "), proc.stderr)
        self.assertEqual(len(proc.stderr.splitlines()), 1, proc.stderr)
        self.assertEqual(target.read_text(), "OLD CALENDAR\n")
        self.assertEqual(target.stat().st_mode & 0o777, 0o644)
        self.assertEqual(sorted(p.name for p in self.tmp.iterdir()), ["home", "team.ics", "west"])  # no leftover

        # A symbolic link is refused, the file it names untouched.
        link = self.tmp / "link.ics"
        link.symlink_to(target)
        self.fails(6, "-C", str(self.root), "calendar", "-o", str(link))
        self.assertEqual(target.read_text(), "OLD CALENDAR\n")

    def test_a_broken_rep_or_team_file_stops_it_and_writes_nothing(self):
        target = self.tmp / "team.ics"
        target.write_text("OLD CALENDAR\n")
        (self.root / "team").mkdir(exist_ok=True)
        broken = {"reps/bo-diaz.yaml": "id: bo-diaz\nname: Bo Diaz\nrecords:\n  - kind: 1on1\n    date: 2026-13-45\n",
                  "team/2026.yaml": "records:\n  - kind: team-meeting\n    date: [\n"}
        for path, text in broken.items():
            with self.subTest(path=path):
                old = (self.root / path).read_text() if (self.root / path).exists() else None
                (self.root / path).write_text(text)
                before = snapshot(self.root)
                result = self.fails(3, "-C", str(self.root), "calendar")
                self.assertEqual(result.out, "")
                self.assertRegex(result.err, re.escape(path) + r":\d+:\d+: ")
                self.fails(3, "-C", str(self.root), "calendar", "-o", str(target))
                self.assertEqual(target.read_text(), "OLD CALENDAR\n")
                self.assertEqual(snapshot(self.root), before)
                if old is None:
                    (self.root / path).unlink()
                else:
                    (self.root / path).write_text(old)

    def test_without_its_icalendar_module_it_says_what_is_missing_and_the_rest_works(self):
        # libical lives in coach-icalendar.so, opened by `coach calendar` alone: a binary copied
        # away from it still runs every other command, and the calendar names what is missing.
        alone = self.tmp / "elsewhere" / "bin"
        alone.mkdir(parents=True)
        shutil.copy(COACH, alone / "coach")
        target = self.tmp / "team.ics"
        target.write_text("OLD CALENDAR\n")
        env = dict(os.environ, COACH_TODAY="2026-11-25")
        run = lambda *args: subprocess.run([str(alone / "coach"), "-C", str(self.root), *args], capture_output=True,
                                           text=True, env=env)
        result = run("calendar", "-o", str(target))
        if result.returncode == 0:
            self.skipTest("a coach-icalendar.so is installed where this build also looks")
        self.assertEqual(result.returncode, 6, result.stderr)
        self.assertEqual(len(result.stderr.splitlines()), 1, result.stderr)
        self.assertIn("coach-icalendar.so was found in none of " + str(alone), result.stderr)
        self.assertIn("reinstall coach", result.stderr)
        self.assertEqual(target.read_text(), "OLD CALENDAR\n")
        self.assertEqual(run("rep", "list").returncode, 0)
        self.assertEqual(run("followups").returncode, 0)

    def test_usage_errors(self):
        self.fails(2, "-C", str(self.root), "calendar", "--closed-within", "-1")
        result = self.fails(2, "-C", str(self.root), "calendar", "--closed-within", "soon")
        self.assertIn('"soon" is not a number of days from 0 to 3660 (30, 30d, 4w)', result.err)
        self.fails(2, "-C", str(self.root), "calendar", "--closed-within", "3661")
        # The forms of remind --within: 2w is 14 days (it was refused).
        weeks, days = (set(self.entries(self.calendar("--closed-within", v), "VTODO")) for v in ("2w", "14"))
        self.assertEqual(weeks, days)
        self.fails(2, "-C", str(self.root), "calendar", "-o", "")
        self.fails(4, "-C", str(self.tmp / "nowhere"), "calendar")


if __name__ == "__main__":
    unittest.main()
