// `coach log team-meeting`: record one team meeting in the team's file
// (team/YEAR.yaml), from options or from an editor.
#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <iterator>
#include <ostream>

#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <coach/error.hpp>
#include <coach/files.hpp>
#include <coach/meeting_template.hpp>
#include <coach/rep_file.hpp>
#include <coach/roster.hpp>
#include <coach/team_file.hpp>
#include <coach/text.hpp>
#include <coach/working_days.hpp>

#include "context.hpp"
#include "output.hpp"
#include "record_entry.hpp"

namespace coach::cli {

namespace {

struct TeamMeetingOptions {
  std::string date;
  std::string minutes; // as typed: 30, 45m, 1h30 (parse_minutes)
  std::vector<std::string> attendees;
  std::vector<std::string> absent;
  std::vector<std::string> topics;
  std::string notes;
  bool notes_given = false;
  std::string private_notes;
  bool private_given = false;
  std::vector<std::string> actions;
  std::string due;
  bool edit = false;
  bool dry_run = false;

  bool has_content() const {
    return !minutes.empty() || !attendees.empty() || !absent.empty() || !topics.empty() || notes_given ||
           private_given || !actions.empty();
  }
};

// An action as written, with where: "--action" or "template line N".
struct ActionInput {
  std::string where;
  std::string spec;
};

// What the meeting holds before its reps are resolved and its dates parsed.
struct TeamMeetingDraft {
  std::optional<std::string> date; // the template's, as typed
  RecordFields fields;             // minutes, topics, notes (attendees and absent are resolved below)
  std::vector<std::string> attendees;
  std::vector<std::string> absent;
  std::vector<ActionInput> actions;
};

const KindSpec& team_meeting_kind() {
  return *find_kind(kind::team_meeting);
}

std::string render_team_template(const std::vector<Rep>& active, Date date) {
  std::string out = "# Team meeting. Fill in what you covered, save and quit.\n"
                    "# Lines starting with '#' are ignored; an empty or unchanged template logs nothing.\n"
                    "#\n# Attendees: every active rep is listed; move those who missed it under absent.\n"
                    "#\n# Actions (promises:), one per line, optionally ending in (due DATE):\n"
                    "#   me: TEXT            yours, to the whole team\n"
                    "#   me to REP: TEXT     yours, promised to REP\n"
                    "#   REP: TEXT           REP's (REP: an id, the start of one, or part of a name)\n"
                    "# Without a date, an action is due at the next team meeting under the cadence policy.\n\n";
  out += fmt::format("date: {}\n", date.iso());
  for (const FieldSpec* spec : team_meeting_kind().template_fields()) {
    if (spec->key != field::attendees) {
      out += spec->template_text;
      continue;
    }
    out += "attendees:\n";
    for (const auto& rep : active) out += fmt::format("- {}\n", rep.id);
    out += "\n";
  }
  return out;
}

// The items of the template's `promises:` section, with their line numbers:
// the actions' owners are read from the text as written (see parse_team_action).
std::vector<ActionInput> template_actions(std::string_view text) {
  std::vector<ActionInput> actions;
  bool in_actions = false;
  size_t number = 0;
  for (std::string_view line : split_lines(text)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::string_view body = trim(line);
    if (body.empty() || line.front() == '#') continue;
    std::string_view item;
    if (line.front() != ' ' && line.front() != '-') {
      const size_t colon = body.find(':');
      in_actions = to_lower(trim(body.substr(0, colon))) == field::promises;
      if (!in_actions || colon == std::string_view::npos) continue;
      item = trim(body.substr(colon + 1));
    } else if (in_actions && body.front() == '-') {
      item = trim(body.substr(1));
    }
    const std::string lower = to_lower(item);
    if (item.empty() || lower == "me:" || lower == "rep:") continue; // the template's placeholder
    actions.push_back({fmt::format("template line {}", number), std::string(item)});
  }
  return actions;
}

TeamMeetingDraft team_draft_from_editor(const DataDir& dir, const std::vector<Rep>& active, Date date,
                                        EditorSession& session) {
  std::vector<ActionInput> actions;
  const MeetingDraft parsed = draft_from_editor(dir, "LOG_TEAM_MEETING", render_team_template(active, date), session,
                                                [&](const std::string& edited) {
                                                  actions = template_actions(edited);
                                                  return parse_meeting_template(edited, team_meeting_kind());
                                                });
  TeamMeetingDraft draft;
  draft.date = parsed.date;
  draft.attendees = parsed.fields.list(field::attendees);
  draft.absent = parsed.fields.list(field::absent);
  for (const Field& field : parsed.fields.all()) {
    const auto key = field.spec().key;
    if (key != field::attendees && key != field::absent) draft.fields.set(field.spec(), field.value);
  }
  draft.actions = std::move(actions);
  if (draft.fields.empty() && draft.actions.empty()) {
    session.keep = false;
    throw Error(ExitCode::aborted, "the template holds no minutes, topics, notes or actions; nothing was logged");
  }
  return draft;
}

std::string read_stdin() {
  return {std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
}

TeamMeetingDraft draft_from_options(const TeamMeetingOptions& options) {
  const KindSpec& kind = team_meeting_kind();
  TeamMeetingDraft draft;
  if (!options.minutes.empty()) {
    const FieldSpec& spec = *kind.field(field::minutes);
    draft.fields.set(spec, typed_field_value(spec, "--minutes", options.minutes));
  }
  std::vector<std::string> topics;
  for (const auto& topic : options.topics) topics.push_back(checked_text("--topic", topic));
  if (!topics.empty()) draft.fields.set(*kind.field(field::topics), std::move(topics));
  if (options.notes_given) {
    draft.fields.set(*kind.field(field::notes),
                     checked_text("--notes", options.notes == "-" ? read_stdin() : options.notes));
  }
  if (options.private_given) {
    draft.fields.set(*kind.field(field::private_notes),
                     checked_text("--private", options.private_notes == "-" ? read_stdin() : options.private_notes));
  }
  for (const auto& rep : options.attendees) draft.attendees.push_back(checked_text("--attendee", rep));
  for (const auto& rep : options.absent) draft.absent.push_back(checked_text("--absent", rep));
  for (const auto& spec : options.actions) draft.actions.push_back({"--action", checked_text("--action", spec)});
  return draft;
}

// The active rep `query` names, for `where` ("--absent", "template line 12", ...).
const Rep& named_rep(const std::vector<Rep>& reps, const std::string& query, const std::string& where) {
  try {
    const Rep& rep = resolve_rep(reps, query);
    if (rep.is_archived()) {
      throw Error(ExitCode::usage, fmt::format("{} ({}) is archived since {}", rep.name, rep.id, rep.archived->iso()));
    }
    return rep;
  } catch (const Error& e) {
    throw Error(e.code(), fmt::format("{}: {}", where, e.what()));
  }
}

// The ids of the reps `queries` name, each once.
std::vector<std::string> rep_ids(const std::vector<Rep>& reps, const std::vector<std::string>& queries,
                                 const std::string& where) {
  std::vector<std::string> ids;
  for (const auto& query : queries) {
    const std::string& id = named_rep(reps, query, where).id;
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  }
  return ids;
}

// Who attended and who did not: the reps named, else every active rep but the absent.
void set_attendance(Record& record, const TeamMeetingDraft& draft, const std::vector<Rep>& reps, bool from_editor) {
  const KindSpec& kind = team_meeting_kind();
  const std::string where = from_editor ? "template" : "--attendee";
  std::vector<std::string> absent = rep_ids(reps, draft.absent, from_editor ? "template" : "--absent");
  std::vector<std::string> attendees = rep_ids(reps, draft.attendees, where);
  if (draft.attendees.empty() && !from_editor) {
    for (const auto& rep : reps) {
      const bool away = std::find(absent.begin(), absent.end(), rep.id) != absent.end();
      if (!rep.is_archived() && !away) attendees.push_back(rep.id);
    }
  }
  for (const auto& id : absent) {
    if (std::find(attendees.begin(), attendees.end(), id) != attendees.end()) {
      throw Error(ExitCode::usage, fmt::format("{}: {} is listed as attending and as absent; keep one", where, id));
    }
  }
  if (!attendees.empty()) record.fields.set(*kind.field(field::attendees), std::move(attendees));
  if (!absent.empty()) record.fields.set(*kind.field(field::absent), std::move(absent));
}

Promise action_of(const ActionInput& input, const std::vector<Rep>& reps, Date date, Date default_due) {
  TeamActionDraft draft;
  try {
    draft = parse_team_action(input.spec);
  } catch (const Error& e) {
    throw Error(ExitCode::usage, fmt::format("{}: {}", input.where, e.what()));
  }
  Promise action;
  action.owner = draft.owner;
  action.text = draft.text;
  if (!draft.rep.empty()) {
    try {
      action.rep = named_rep(reps, draft.rep, input.where).id;
    } catch (const Error& e) {
      throw Error(e.code(),
                  fmt::format("{}; an action of yours to the whole team whose text has a colon is written \"me: {}\"",
                              e.what(), trim(input.spec)));
    }
  }
  action.due = draft.due ? parse_date_option(fmt::format("{}: due date of \"{}\"", input.where, action.text),
                                             *draft.due, date, DateDirection::future)
                         : default_due;
  if (*action.due < date) {
    throw Error(ExitCode::usage, fmt::format("{}: action \"{}\": due {} is before the meeting on {}", input.where,
                                             action.text, action.due->pretty(), date.pretty()));
  }
  return action;
}

Record build_record(const TeamMeetingOptions& options, const TeamMeetingDraft& draft, const std::vector<Rep>& reps,
                    const Settings& settings, Date date, bool from_editor) {
  Record record;
  record.kind = std::string(kind::team_meeting);
  record.date = date;
  record.fields = draft.fields;
  set_attendance(record, draft, reps, from_editor);
  // Relative due dates count from the day of the meeting; by default, the next one under the policy.
  const auto cadence = settings.policy.activity_cadence.find(std::string(kind::team_meeting));
  const int days = cadence != settings.policy.activity_cadence.end() && cadence->second > 0 ? cadence->second : 7;
  const Date default_due = options.due.empty() ? weekday_on_or_after(date.plus_days(days)) // never a weekend
                                               : parse_date_option("--due", options.due, date, DateDirection::future);
  for (const auto& input : draft.actions) record.promises.push_back(action_of(input, reps, date, default_due));
  return record;
}

// What the team meeting says it decided, and the new actions' ids.
void print_logged(const Record& written, const std::vector<Rep>& reps, const std::string& file, Context& context) {
  const size_t attended = written.fields.list(field::attendees).size();
  const size_t absent = written.fields.list(field::absent).size();
  context.out() << fmt::format("Logged team meeting on {} in {}: {} attended{}; {} action{}\n", written.date.pretty(),
                               file, attended, absent > 0 ? fmt::format(", {} absent", absent) : "",
                               written.promises.size(), written.promises.size() == 1 ? "" : "s");
  for (const auto& action : written.promises) {
    std::string who = "you (team)";
    const auto rep = std::find_if(reps.begin(), reps.end(), [&](const Rep& r) { return r.id == action.rep; });
    if (rep != reps.end()) who = action.owner == Owner::manager ? "you to " + rep->first_name() : rep->first_name();
    context.out() << fmt::format("  {}  {}: {}  (due {})\n", action.id, who, one_line(action.text),
                                 action.due->pretty());
  }
}

Date meeting_date(const std::string& option, const std::string& value, Date today) {
  const Date date = value.empty() ? today : parse_date_option(option, value, today, DateDirection::past);
  if (date > today) {
    throw Error(ExitCode::usage,
                fmt::format("{}: {} is in the future; log a team meeting once it happened", option, date.pretty()));
  }
  return date;
}

int run_log_team_meeting(const TeamMeetingOptions& options, const Setup& setup) {
  Context& context = setup.context;
  const DataDir& dir = setup.dir();
  const Date today = setup.today();
  Date date = meeting_date("--date", options.date, today); // before any editor is opened
  // Attendance and actions name reps; no history is needed (loading every one was a third of the command).
  const auto& reps = kept_until_exit(dir.load_rep_headers());
  std::vector<Rep> active;
  std::copy_if(reps.begin(), reps.end(), std::back_inserter(active), [](const Rep& r) { return !r.is_archived(); });

  EditorSession session;
  const bool use_editor = options.edit || (!options.has_content() && context.stdin_is_terminal());
  if (use_editor && options.has_content()) {
    throw Error(ExitCode::usage, "--edit takes no content options; write everything in the editor");
  }
  Record record;
  try {
    const TeamMeetingDraft draft = use_editor ? team_draft_from_editor(dir, active, date, session)
                                              : draft_from_options(options);
    if (draft.date) date = meeting_date("template date", *draft.date, today);
    record = build_record(options, draft, reps, setup.settings(), date, use_editor);
  } catch (const Error& e) {
    if (!use_editor || !session.keep || session.path.empty()) throw;
    throw Error(e.code(), fmt::format("{}; nothing was logged, your text is kept in {}", e.what(), session.path));
  }
  if (options.dry_run) {
    record.id = "(new)";
    for (auto& action : record.promises) action.id = "(new)";
    context.out() << render_record(record, 2);
    session.keep = false;
    return 0;
  }
  const std::string file = fmt::format("team/{}.yaml", static_cast<int>(date.ymd().year()));
  const Record written = dir.append_team_meeting(record, setup.settings().team, setup.committer([&](const auto&) {
    return fmt::format("log team-meeting: {}{}", record.date.iso(),
                       record.promises.empty() ? ""
                                               : fmt::format(", {} action{}", record.promises.size(),
                                                             record.promises.size() == 1 ? "" : "s"));
  }));
  session.keep = false;
  print_logged(written, reps, file, context);
  return 0;
}

} // namespace

CommandBody log_team_meeting_command(CLI::App& cmd) {
  auto options = std::make_shared<TeamMeetingOptions>();
  cmd.add_option("-d,--date", options->date, "When it took place (default today; e.g. yesterday, mon, -3d)")
      ->check(non_empty())
      ->type_name("DATE");
  cmd.add_option("-m,--minutes", options->minutes, "How long it lasted: 30, 45m, 1h, 1h30, 1.5h")
      ->check(non_empty())
      ->type_name("TIME");
  cmd.add_option("--attendee", options->attendees,
                 "A rep who attended (repeat; default: every active rep not --absent)")
      ->type_name("REP");
  cmd.add_option("--absent", options->absent, "A rep who missed it (repeat)")->type_name("REP");
  cmd.add_option("--topic", options->topics, "A topic covered (repeat for more)")->type_name("TEXT");
  cmd.add_option("-n,--notes", options->notes, "Free notes; - reads them from standard input")->type_name("TEXT");
  add_private_option(cmd, options->private_notes);
  cmd.add_option("--action", options->actions,
                 "An action: \"me: TEXT\" (yours, to the team), \"me to REP: TEXT\" (yours, to REP) or "
                 "\"REP: TEXT\" (REP's), optionally ending in (due DATE) (repeat)")
      ->type_name("SPEC");
  cmd.add_option("--due", options->due,
                 "Due date of actions without their own (default: the next team meeting under the policy)")
      ->check(non_empty())
      ->type_name("DATE");
  cmd.add_flag("-e,--edit", options->edit,
               "Write the meeting in $VISUAL/$EDITOR (the default on a terminal when no content options are given)");
  cmd.add_flag("--dry-run", options->dry_run, "Print the record that would be added and write nothing");
  cmd.footer("REP: an id, the start of one, or part of a name. Dates: as for log-1on1; relative due dates count\n"
             "from the day of the meeting.");
  return [options, &cmd](const Setup& setup) {
    options->notes_given = cmd.count("--notes") > 0;
    options->private_given = cmd.count("--private") > 0;
    refuse_two_stdin_reads(options->notes, options->private_notes);
    return run_log_team_meeting(*options, setup);
  };
}

} // namespace coach::cli
