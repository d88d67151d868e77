#!/usr/bin/env python3
"""Writes a deterministic, realistic coach directory for benchmarks.

    bench/generate.py OUT --reps N --weeks M [--today YYYY-MM-DD] [--seed S]

Each rep gets a weekly 1:1 (a few skipped) for M weeks up to --today, with
personal and professional topics, notes, and one or two promises per meeting,
of which most are kept on time, some late, some moved, some dropped, and the
recent ones open (a few overdue). Between them, at the rates of a busy manager
who mostly keeps the default cadences: a joint call about every 30 days (plan,
feedback with ratings, a promise now and then; the latest sometimes a plan
without feedback yet), a career conversation about every 90 days (the career
goal, development goals achieved, dropped or open), and a skills audit about
every 180 days (all twelve default skills rated, a few recommendations). The
team meets weekly: team/YEAR.yaml holds the meetings, with absences, topics and
actions that name their rep. Records are in date order in each file. The same
arguments always give the same bytes.
"""

import argparse
import datetime
import random
from pathlib import Path

ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
FIRST = ["Alice", "Bo", "Chen", "Dana", "Eli", "Farah", "Gus", "Hana", "Ivan", "Jo", "Kai", "Lena", "Marc",
         "Nia", "Omar", "Pia", "Quinn", "Rosa", "Sam", "Tara", "Uma", "Vic", "Wes", "Xia", "Yuri", "Zoe"]
LAST = ["Reed", "Okafor", "Raman", "Nguyen", "Martinez", "Brooks", "Kowalski", "Chen", "Diaz", "Park", "Silva",
        "Novak", "Haddad", "Berg", "Sato", "Moreau", "Ivanova", "Costa", "Lund", "Meyer"]
PERSONAL = ["Kids' soccer tournament this weekend", "Training for a half marathon", "Moving house next month",
            "Back from a week at the lake", "Mother in hospital, doing better", "Learning Spanish on the side",
            "New puppy, not much sleep", "Sister's wedding coming up", "Concert tickets for Saturday"]
PROFESSIONAL = ["Q4 pipeline review: two deals at risk", "Acme renewal - pricing pushback",
                "Forecast accuracy: commit vs best case", "Discovery calls - asking why more often",
                "Territory plan for next year", "Negotiation practice on the Globex deal",
                "Prospecting cadence: 40 calls a week", "Mentoring the new hire on demos"]
PROMISES = ["Send the pricing deck", "Get an answer on the discount", "Book a ride-along", "Share the QBR template",
            "Update the forecast in the CRM", "Write up the account plan", "Intro to the CFO's office",
            "Review the proposal draft"]
SKILLS = ["product", "industry", "competitors", "prospecting", "questions", "stories", "gatekeepers", "opening",
          "needs-analysis", "presentation", "objections", "closing"]
ACCOUNTS = ["Acme Corp", "Globex", "Initech", "Umbrella Foods", "Stark Packaging", "Wayne Logistics", "Hooli",
            "Vandelay Industries", "Soylent Dairy", "Tyrell Plastics"]
CALL_TYPES = ["discovery", "demo", "negotiation", "proposal", "renewal"]
OBJECTIVES = ["Agree the business case and a budget review", "Find who decides and meet them",
              "Hold price; trade term for any discount", "Get the order form to legal"]
WENT_WELL = ["Asked before answering", "Let the customer do most of the talking", "Clear next step with a date",
             "Knew the account's numbers cold"]
DO_DIFFERENTLY = ["Wait after each question", "Ask for the next step before the end", "Shorter deck",
                  "Trade, don't discount"]
CAREER_GOALS = ["Enterprise AE in two years", "A first-line manager role", "Principal AE", "Grow into strategic accounts"]
DEV_GOALS = ["Lead one negotiation end to end", "Three contacts on every deal over 50k", "Mentor the next new hire",
             "Present a customer story at the team meeting", "Finish the negotiation course",
             "Run a CFO meeting alone"]
TOPICS = ["Forecast", "Pipeline review", "Win story of the week", "New pricing tiers", "Competitor update",
          "Territory plan", "Objection handling practice", "Quarter close plan"]
ACTIONS = ["Share the win story slides", "Send the pricing examples", "Update the competitor battlecard",
           "Send the quarter close checklist", "Share the account map template"]
NOTES = ["Good energy today; the pipeline is healthier than last month.",
         "Talked through the Acme objections and role-played the pricing call.",
         "Wants more ownership of the strategic accounts; worth exploring next quarter.",
         "Frustrated with the CRM; agreed to raise it with ops.",
         "Celebrated the close - first six-figure deal this year."]


def promise_lines(rng, new_id, day, today, owner, text, due_days=7, rep=None):
    """One promise, action or development goal made on `day`, due `due_days` later: most kept,
    some late, moved or dropped, the recent ones open."""
    pad = " " * 8
    due = day + datetime.timedelta(days=due_days)
    lines = [f"      - id: {new_id()}", f"{pad}owner: {owner}"]
    if rep:
        lines.append(f"{pad}rep: {rep}")
    lines += [f"{pad}text: {text}", f"{pad}due: {due.isoformat()}"]
    age = (today - due).days
    fate = rng.random()
    if age < 0 or (age < 60 and fate < 0.15):
        return lines  # open (overdue when past due)
    if fate < 0.70:
        lines.append(f"{pad}done: {max(day, due - datetime.timedelta(days=rng.randint(0, 3))).isoformat()}")
    elif fate < 0.82:
        lines.append(f"{pad}done: {min(today, due + datetime.timedelta(days=rng.randint(1, 14))).isoformat()}")
    elif fate < 0.90:
        moved = due + datetime.timedelta(days=7)
        lines[-1] = f"{pad}due: {moved.isoformat()}"
        lines.append(f"{pad}first_due: {due.isoformat()}")
        lines.append(f"{pad}done: {min(today, moved).isoformat()}")
    elif fate < 0.95:
        lines += [f"{pad}dropped: {min(today, due).isoformat()}", f"{pad}reason: No longer needed"]
    return lines


def every(rng, first, today, days):
    """Dates about `days` apart (give or take a fifth) from a random start after `first`; one in ten skipped."""
    day = first + datetime.timedelta(days=rng.randint(0, days - 1))
    while day <= today:
        if rng.random() >= 0.1:
            yield day
        day += datetime.timedelta(days=days + rng.randint(-days // 5, days // 5))


def add_joint_calls(rng, new_id, records, first, today):
    n = 0
    for day in every(rng, first, today, 30):
        n += 1
        watch = rng.sample(SKILLS[6:], 2)
        record = ["  - kind: joint-call", f"    id: {new_id()}", f"    date: {day.isoformat()}",
                  f"    account: {rng.choice(ACCOUNTS)}", f"    call_type: {rng.choice(CALL_TYPES)}",
                  f"    objective: {rng.choice(OBJECTIVES)}", "    best_step: A signed order form",
                  "    fallback_step: A meeting with the CFO",
                  f"    manager_role: {rng.choice(['observe', 'observe', 'support', 'lead'])}",
                  "    watch:"] + [f"      - {skill}" for skill in watch]
        if (today - day).days < 14 and rng.random() < 0.3:
            records.append((day, record))  # planned, no feedback yet: an open item
            continue
        record += [f"    minutes: {rng.choice([30, 45, 60, 90])}",
                   "    self_assessment: |", f"      {rng.choice(NOTES)}",
                   "    went_well:", f"      - {rng.choice(WENT_WELL)}",
                   "    do_differently:", f"      - {rng.choice(DO_DIFFERENTLY)}",
                   f"    result: {rng.choice(['met', 'met', 'partly', 'missed'])}",
                   "    outcome: Next meeting booked", "    focus:", f"      - {rng.choice(DO_DIFFERENTLY)}",
                   "    ratings:"] + [f"      {skill}: {rng.randint(2, 5)}" for skill in watch]
        if rng.random() < 0.3:
            record += ["    promises:"] + promise_lines(rng, new_id, day, today, rng.choice(["manager", "rep"]),
                                                        rng.choice(PROMISES))
        records.append((day, record))
    return n


def add_career(rng, new_id, records, first, today):
    n = 0
    goal = rng.choice(CAREER_GOALS)
    for day in every(rng, first, today, 90):
        n += 1
        record = ["  - kind: career", f"    id: {new_id()}", f"    date: {day.isoformat()}",
                  f"    minutes: {rng.choice([45, 60])}", f"    goal: {goal}", "    goals:"]
        for text in rng.sample(DEV_GOALS, rng.randint(1, 2)):
            record += promise_lines(rng, new_id, day, today, "rep", text, due_days=rng.choice([60, 90, 120]))
        record += ["    notes: |", f"      {rng.choice(NOTES)}"]
        records.append((day, record))
    return n


def add_audits(rng, new_id, records, first, today):
    n = 0
    level = {skill: rng.randint(2, 4) for skill in SKILLS}
    for day in every(rng, first, today, 180):
        n += 1
        record = ["  - kind: skills-audit", f"    id: {new_id()}", f"    date: {day.isoformat()}", "    ratings:"]
        record += [f"      {skill}: {level[skill]}" for skill in SKILLS]
        weakest = sorted(SKILLS, key=lambda skill: level[skill])[:2]
        record += ["    recommendations:"] + [f"      {skill}: {rng.choice(DO_DIFFERENTLY)}" for skill in weakest]
        record += ["    notes: |", f"      {rng.choice(NOTES)}"]
        records.append((day, record))
        for skill in weakest:  # what was worked on rises
            level[skill] = min(5, level[skill] + rng.randint(0, 1))
    return n


def write_team_files(rng, new_id, out, rep_ids, first, today):
    """Weekly team meetings (a few skipped), one file per calendar year."""
    (out / "team").mkdir(exist_ok=True)
    by_year = {}
    day = first + datetime.timedelta(days=(7 - first.weekday()) % 7)  # Mondays
    while day <= today:
        if rng.random() >= 0.1:
            record = ["  - kind: team-meeting", f"    id: {new_id()}", f"    date: {day.isoformat()}",
                      f"    minutes: {rng.choice([30, 30, 45])}"]
            absent = rng.sample(rep_ids, min(len(rep_ids), rng.randint(0, 2)))
            if absent:
                record += ["    absent:"] + [f"      - {rep_id}" for rep_id in absent]
            record += ["    topics:"] + [f"      - {topic}" for topic in rng.sample(TOPICS, 2)]
            actions = rng.randint(0, 2)
            if actions:
                record.append("    promises:")
            for _ in range(actions):
                owner, rep = rng.choice([("manager", None), ("manager", rng.choice(rep_ids)),
                                         ("rep", rng.choice(rep_ids))])
                record += promise_lines(rng, new_id, day, today, owner, rng.choice(ACTIONS), rep=rep)
            by_year.setdefault(day.year, []).append(record)
        day += datetime.timedelta(weeks=1)
    for year, meetings in by_year.items():
        lines = [f"# Team meetings, {year}", "team: Bench", "records:"]
        for record in meetings:
            lines += record
        (out / "team" / f"{year}.yaml").write_text("\n".join(lines) + "\n")
    return sum(len(meetings) for meetings in by_year.values())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--reps", type=int, default=12)
    parser.add_argument("--weeks", type=int, default=260)
    parser.add_argument("--today", default="2026-11-25")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    today = datetime.date.fromisoformat(args.today)
    used = set()

    def new_id():
        while True:
            candidate = rng.choice(ALPHABET[10:]) + "".join(rng.choice(ALPHABET) for _ in range(5))
            if candidate not in used:
                used.add(candidate)
                return candidate

    out = Path(args.out)
    (out / "reps").mkdir(parents=True, exist_ok=True)
    (out / "coach.yaml").write_text("manager: Bench Manager\nteam: Bench\npolicy:\n  cadence: 7\n  grace: 2\n")
    names = set()
    promises_total = 0
    meetings_total = 0
    counts = {"joint calls": 0, "career conversations": 0, "skills audits": 0}
    rep_ids = []
    for r in range(args.reps):
        while True:
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            if r >= len(FIRST) * len(LAST) // 2:
                name += f" {r}"
            if name not in names:
                names.add(name)
                break
        rep_id = name.lower().replace(" ", "-")
        start = today - datetime.timedelta(weeks=args.weeks + rng.randint(0, 200))
        lines = [f"# {name}", f"id: {rep_id}", f"name: {name}", "role: Account Executive",
                 f"start: {start.isoformat()}"]
        if r % 7 == 0:
            lines.append("tags: [high-performer]")
        lines.append("records:")
        records = []  # (date, lines): written in date order
        first = today - datetime.timedelta(weeks=args.weeks)
        day = first + datetime.timedelta(days=r % 5)
        while day < today:
            if rng.random() < 0.08:  # skipped week
                day += datetime.timedelta(weeks=1)
                continue
            meetings_total += 1
            record = ["  - kind: 1on1", f"    id: {new_id()}", f"    date: {day.isoformat()}",
                      f"    minutes: {rng.choice([25, 30, 30, 45, 60])}"]
            if rng.random() > 0.05:
                record += ["    personal:", f"      - {rng.choice(PERSONAL)}"]
            record += ["    professional:"] + [f"      - \"{rng.choice(PROFESSIONAL)}\""
                                                 for _ in range(rng.randint(1, 3))]
            record += ["    notes: |"] + [f"      {rng.choice(NOTES)}" for _ in range(rng.randint(1, 3))]
            record.append("    promises:")
            for _ in range(rng.randint(1, 2)):
                promises_total += 1
                record += promise_lines(rng, new_id, day, today, rng.choice(["manager", "rep"]),
                                        rng.choice(PROMISES))
            records.append((day, record))
            day += datetime.timedelta(weeks=1)
        counts["joint calls"] += add_joint_calls(rng, new_id, records, first, today)
        counts["career conversations"] += add_career(rng, new_id, records, first, today)
        counts["skills audits"] += add_audits(rng, new_id, records, first, today)
        records.sort(key=lambda dated: dated[0])  # stable: a 1:1 before an activity of the same day
        for _, record in records:
            lines += record
        (out / "reps" / f"{rep_id}.yaml").write_text("\n".join(lines) + "\n")
        rep_ids.append(rep_id)
    counts["team meetings"] = write_team_files(rng, new_id, out, rep_ids, today - datetime.timedelta(weeks=args.weeks),
                                               today)
    size = sum(p.stat().st_size for p in (out / "reps").iterdir())
    size += sum(p.stat().st_size for p in (out / "team").iterdir())
    activities = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    print(f"{out}: {args.reps} reps, {meetings_total} meetings, {promises_total} promises, {activities}, "
          f"{size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
