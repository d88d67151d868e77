// `coach log KIND REP`: record a coaching activity (a joint call, a career
// conversation, a skills audit; a 1:1 as log-1on1 does) from options made
// from the kind's fields (schema.cpp), or in an editor.
#include <algorithm>
#include <memory>
#include <ostream>

#include <fmt/format.h>

#include <coach/error.hpp>
#include <coach/meeting_template.hpp>
#include <coach/text.hpp>
#include <coach/working_days.hpp>

#include "context.hpp"
#include "output.hpp"
#include "record_entry.hpp"

namespace coach::cli {

namespace {

struct LogKindOptions {
  const KindSpec* kind = nullptr;
  std::string rep;
  std::string date;
  std::string due;
  std::vector<std::string> promises;
  std::vector<std::string> commitments;
  bool edit = false;
  bool resume = false; // reopen the text a failed editor session kept
  bool dry_run = false;
  FieldOptions fields;

  bool has_content() const { return fields.any_given() || !promises.empty() || !commitments.empty(); }
};

// A kind with a plan part (a joint call) may be logged before it happens, with its plan alone.
bool may_be_planned(const KindSpec& kind) {
  return std::any_of(kind.fields.begin(), kind.fields.end(),
                     [](const FieldSpec& spec) { return spec.part == FieldPart::plan; });
}

Record build_record(const LogKindOptions& options, const MeetingDraft& draft, const Rep& rep, const Settings& settings,
                    Date date, Date today, bool from_editor) {
  const KindSpec& kind = *options.kind;
  if (date > today && !(may_be_planned(kind) && !draft.fields.has_part(FieldPart::feedback))) {
    throw Error(ExitCode::usage,
                fmt::format("{}: {} is in the future; log a {} once it happened{}",
                            from_editor && draft.date ? "template date" : "--date", date.pretty(), kind.title,
                            may_be_planned(kind) ? " (its plan alone may be logged before)" : ""));
  }
  check_record_rules(kind, draft.fields, settings.skills, from_editor);
  Record record;
  record.kind = std::string(kind.kind);
  record.date = date;
  record.fields = draft.fields;
  // Relative due dates count from the day of the record, when the promise was made.
  // A due date coach picks never falls on a weekend; one given with --due is kept as given.
  const Date default_due = options.due.empty() ? weekday_on_or_after(date.plus_days(cadence_for(rep, settings.policy)))
                                               : parse_date_option("--due", options.due, date, DateDirection::future);
  // Goals first: a record lists `goals:` before `promises:`, and is read back in that order.
  record.promises = goals_from_drafts(draft.goals, date);
  for (auto& promise : promises_from_drafts(draft.promises, date, default_due)) {
    record.promises.push_back(std::move(promise));
  }
  return record;
}

// "Logged joint call with Alice Chen at Acme on Fri 2026-11-20; 2 promises, due ..."
std::string summary_line(const KindSpec& kind, const Rep& rep, const Record& record) {
  const bool plan_only = may_be_planned(kind) && !record.fields.has_part(FieldPart::feedback);
  std::string line = fmt::format("Logged {}{} with {}", plan_only ? "the plan of a " : "", kind.title, rep.name);
  if (const std::string* account = record.fields.text(field::account)) line += " at " + one_line(*account);
  line += " on " + record.date.pretty();
  const auto goals = std::count_if(record.promises.begin(), record.promises.end(),
                                   [](const Promise& p) { return p.goal; });
  if (goals > 0) line += fmt::format("; {} development goal{}", goals, goals == 1 ? "" : "s");
  return line + promises_phrase(record.promises);
}

// A skills audit's totals per group of the team's list: "  call  17 of 30 (6 rated)".
void print_group_totals(std::ostream& out, const Record& record, const Settings& settings) {
  const auto& ratings = record.fields.ratings(field::ratings);
  if (record.kind != kind::skills_audit || ratings.empty()) return;
  std::vector<std::string> groups;
  for (const auto& skill : settings.skills) {
    if (std::find(groups.begin(), groups.end(), skill.group) == groups.end()) groups.push_back(skill.group);
  }
  size_t width = 0;
  for (const auto& group : groups) width = std::max(width, display_width(group));
  for (const auto& group : groups) {
    int total = 0;
    int rated = 0;
    for (const auto& rating : ratings) {
      const Skill* skill = settings.find_skill(rating.skill);
      if (!skill || skill->group != group) continue;
      total += rating.rating;
      ++rated;
    }
    if (rated == 0) continue;
    out << fmt::format("  {}{}  {} of {} ({} rated)\n", group, std::string(width - display_width(group), ' '), total,
                       rated * 5, rated);
  }
}

// The editor's file is LOG_KIND-REPID-XXXXXX: a kept one is found again by the kind and the rep.
MeetingDraft kind_draft_from_editor(const LogKindOptions& options, const Setup& setup, const Rep& rep, Date date,
                                    EditorSession& session) {
  const KindSpec& kind = *options.kind;
  const Settings& settings = setup.settings();
  const std::string prefix = fmt::format("LOG_{}-{}", kind.kind, rep.id);
  session.resume_command = fmt::format("coach log {} {} --resume", kind.kind, rep.id);
  const auto kept = text_to_resume(setup.dir(), prefix, options.resume,
                                   fmt::format("a {} with {}", kind.title, rep.name), session.resume_command,
                                   setup.context.err());
  const TemplateSubject subject{&kind, &rep, date, setup.today(), settings.skills};
  return draft_from_editor(
      setup.dir(), prefix, render_record_template(subject), session,
      [&](const std::string& edited) { return parse_meeting_template(edited, kind, settings.skills, &rep); }, kept);
}

int run_log_kind(const LogKindOptions& options, const Setup& setup) {
  Context& context = setup.context;
  const DataDir& dir = setup.dir();
  const Settings& settings = setup.settings();
  const Date today = setup.today();
  const KindSpec& kind = *options.kind;
  const Rep rep = active_rep(dir, options.rep);
  const bool use_editor = options.edit || options.resume || (!options.has_content() && context.stdin_is_terminal());
  if ((options.edit || options.resume) && options.has_content()) {
    throw Error(ExitCode::usage, fmt::format("{} takes no content options; write everything in the editor",
                                             options.resume ? "--resume" : "--edit"));
  }
  // A weekday names the coming one for a call planned from options, else the last one.
  const bool planning = may_be_planned(kind) && !use_editor && !options.fields.given_of(FieldPart::feedback);
  Date date = options.date.empty() ? today
                                   : parse_date_option("--date", options.date, today,
                                                       planning ? DateDirection::future : DateDirection::past);
  if (date > today && !may_be_planned(kind)) { // before any editor is opened
    throw Error(ExitCode::usage,
                fmt::format("--date: {} is in the future; log a {} once it happened", date.pretty(), kind.title));
  }
  MeetingDraft draft;
  EditorSession session;
  Record record;
  if (use_editor) {
    try {
      draft = kind_draft_from_editor(options, setup, rep, date, session);
      if (draft.date) date = parse_date_option("template date", *draft.date, today, DateDirection::past);
      record = build_record(options, draft, rep, settings, date, today, true);
    } catch (const Error& e) {
      throw with_kept_text(e, session);
    }
  } else {
    draft.fields = options.fields.fields(settings.skills, draft.goals);
    draft.promises = promise_drafts(options.promises, options.commitments);
    record = build_record(options, draft, rep, settings, date, today, false);
  }
  const auto appended = append_or_print(setup, rep, record, options.dry_run, session,
                                        commit_message(fmt::format("log {}", kind.kind), rep, record));
  if (!appended) return 0;
  const Record& written = *appended;
  context.out() << summary_line(kind, rep, written) << "\n";
  print_group_totals(context.out(), written, settings);
  print_new_promises(context.out(), rep, written.promises);
  if (may_be_planned(kind) && !written.fields.has_part(FieldPart::feedback)) {
    context.err() << fmt::format("note: after the call, add its feedback: coach joint-call feedback {}\n", written.id);
  }
  return 0;
}

// `coach log KIND`'s options: REP, the date, the kind's fields, promises, the editor.
CommandBody log_kind_command(CLI::App& cmd, const KindSpec& kind) {
  auto options = std::make_shared<LogKindOptions>();
  options->kind = &kind;
  cmd.add_option("REP", options->rep, "Id, start of an id, or part of a name")->required();
  cmd.add_option("-d,--date", options->date,
                 may_be_planned(kind) ? "When it took place, or will with its plan alone (default today)"
                                      : "When it took place (default today; e.g. yesterday, mon, -3d)")
      ->check(non_empty())
      ->type_name("DATE");
  options->fields.add_to(cmd, kind);
  add_promise_options(cmd, options->promises, options->commitments, options->due);
  cmd.add_flag("-e,--edit", options->edit,
               "Write it in $VISUAL/$EDITOR (the default on a terminal when no content options are given)");
  cmd.add_flag("--resume", options->resume, "Reopen the text a failed editor session kept, and log it");
  cmd.add_flag("--dry-run", options->dry_run, "Print the record that would be added and write nothing");
  cmd.footer("Skills: the names of coach.yaml's `skills:` list. Dates: YYYY-MM-DD, today, yesterday, weekday\n"
             "names, -3d, +7d, +2w, eow, eom; due dates count from the record's date. See coach-log(1).");
  return [options](const Setup& setup) { return run_log_kind(*options, setup); };
}

template <const std::string_view& Kind>
CommandBody log_kind(CLI::App& cmd) {
  return log_kind_command(cmd, *find_kind(Kind));
}

// The kinds `coach log` records, each a subcommand. A kind recorded
// elsewhere than in a rep's file (a team meeting, in team/YEAR.yaml) has its
// own options function in its own file, and its row here.
struct LogKind {
  std::string_view kind;
  std::string_view summary;
  CommandOptions options;
};

const LogKind log_kinds[] = {
    {kind::joint_call, "A joint sales call: the plan before it, the feedback after it", log_kind<kind::joint_call>},
    {kind::one_on_one, "A 1:1 (the same as log-1on1)", log_1on1_command},
    {kind::team_meeting, "A team meeting: attendees, topics, notes and actions (no REP)", log_team_meeting_command},
    {kind::career, "A career conversation: the career goal and development goals", log_kind<kind::career>},
    {kind::skills_audit, "A sales skills audit: a rating 1-5 and a recommendation per skill",
     log_kind<kind::skills_audit>},
};

} // namespace

CommandBody log_command(CLI::App& cmd) {
  cmd.require_subcommand(1);
  auto bodies = std::make_shared<std::vector<std::pair<const CLI::App*, CommandBody>>>();
  for (const LogKind& kind : log_kinds) {
    CLI::App* sub = cmd.add_subcommand(std::string(kind.kind), std::string(kind.summary));
    bodies->emplace_back(sub, kind.options(*sub));
  }
  return [bodies](const Setup& setup) {
    for (const auto& [sub, body] : *bodies) {
      if (sub->parsed()) return body(setup);
    }
    throw Error(ExitCode::internal, "coach log: no kind was parsed");
  };
}

} // namespace coach::cli
