#!/usr/bin/env python3
"""Writes a deterministic, realistic coach directory for benchmarks.

    bench/generate.py OUT --reps N --weeks M [--today YYYY-MM-DD] [--seed S]

Each rep gets a weekly 1:1 (a few skipped) for M weeks up to --today, with
personal and professional topics, notes, and one or two promises per meeting,
of which most are kept on time, some late, some moved, some dropped, and the
recent ones open (a few overdue). The same arguments always give the same bytes.
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
NOTES = ["Good energy today; the pipeline is healthier than last month.",
         "Talked through the Acme objections and role-played the pricing call.",
         "Wants more ownership of the strategic accounts; worth exploring next quarter.",
         "Frustrated with the CRM; agreed to raise it with ops.",
         "Celebrated the close - first six-figure deal this year."]


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
        day = today - datetime.timedelta(weeks=args.weeks) + datetime.timedelta(days=r % 5)
        while day < today:
            if rng.random() < 0.08:  # skipped week
                day += datetime.timedelta(weeks=1)
                continue
            meetings_total += 1
            lines += ["  - kind: 1on1", f"    id: {new_id()}", f"    date: {day.isoformat()}",
                      f"    minutes: {rng.choice([25, 30, 30, 45, 60])}"]
            if rng.random() > 0.05:
                lines += ["    personal:", f"      - {rng.choice(PERSONAL)}"]
            lines += ["    professional:"] + [f"      - \"{rng.choice(PROFESSIONAL)}\""
                                               for _ in range(rng.randint(1, 3))]
            lines += ["    notes: |"] + [f"      {rng.choice(NOTES)}" for _ in range(rng.randint(1, 3))]
            lines.append("    promises:")
            for _ in range(rng.randint(1, 2)):
                promises_total += 1
                due = day + datetime.timedelta(days=7)
                lines += [f"      - id: {new_id()}", f"        owner: {rng.choice(['manager', 'rep'])}",
                          f"        text: {rng.choice(PROMISES)}", f"        due: {due.isoformat()}"]
                age = (today - due).days
                fate = rng.random()
                if age < 0 or (age < 60 and fate < 0.15):
                    continue  # open (overdue when past due)
                if fate < 0.70:
                    lines.append(f"        done: {(due - datetime.timedelta(days=rng.randint(0, 3))).isoformat()}")
                elif fate < 0.82:
                    lines.append(f"        done: {min(today, due + datetime.timedelta(days=rng.randint(1, 14))).isoformat()}")
                elif fate < 0.90:
                    moved = due + datetime.timedelta(days=7)
                    lines[-1] = f"        due: {moved.isoformat()}"
                    lines.append(f"        first_due: {due.isoformat()}")
                    lines.append(f"        done: {min(today, moved).isoformat()}")
                elif fate < 0.95:
                    lines += [f"        dropped: {min(today, due).isoformat()}", "        reason: No longer needed"]
            day += datetime.timedelta(weeks=1)
        (out / "reps" / f"{rep_id}.yaml").write_text("\n".join(lines) + "\n")
    size = sum(p.stat().st_size for p in (out / "reps").iterdir())
    print(f"{out}: {args.reps} reps, {meetings_total} meetings, {promises_total} promises, {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
