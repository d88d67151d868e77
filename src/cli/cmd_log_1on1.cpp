// `coach log-1on1 REP`: record one 1:1, from options or from an editor.
#include <ostream>

#include <fmt/format.h>

#include <coach/error.hpp>
#include <coach/meeting_template.hpp>
#include <coach/rep_file.hpp>
#include <coach/roster.hpp>
#include <coach/text.hpp>

#include "context.hpp"
#include "output.hpp"
#include "record_entry.hpp"

namespace coach::cli {

namespace {

struct LogOptions {
  std::string rep;
  std::string date;
  int minutes = -1;
  std::vector<std::string> personal;
  std::vector<std::string> professional;
  std::string notes;
  bool notes_given = false;
  std::vector<std::string> promises;
  std::vector<std::string> commitments;
  std::string due;
  bool edit = false;
  bool dry_run = false;

  bool has_content() const {
    return minutes >= 0 || !personal.empty() || !professional.empty() || notes_given || !promises.empty() ||
           !commitments.empty();
  }
};

MeetingDraft draft_from_editor(const DataDir& dir, const Rep& rep, Date date, Date today, EditorSession& session) {
  return cli::draft_from_editor(dir, "LOG_1ON1", render_meeting_template(rep, date, today), session,
                                [](const std::string& edited) {
                                  return parse_meeting_template(edited, *find_kind(kind_one_on_one));
                                });
}

std::string summary_line(const Rep& rep, const Record& record) {
  return fmt::format("Logged 1:1 with {} on {}{}", rep.name, record.date.pretty(), promises_phrase(record.promises));
}

// The 1:1's fields given as options (--minutes, --personal, --professional, --notes).
RecordFields fields_from_options(const LogOptions& options) {
  const KindSpec& kind = *find_kind(kind_one_on_one);
  RecordFields fields;
  if (options.minutes >= 0) fields.set(*kind.field(field::minutes), options.minutes);
  std::vector<std::string> personal;
  for (const auto& topic : options.personal) personal.push_back(checked_text("--personal", topic));
  if (!personal.empty()) fields.set(*kind.field(field::personal), std::move(personal));
  std::vector<std::string> professional;
  for (const auto& topic : options.professional) professional.push_back(checked_text("--professional", topic));
  if (!professional.empty()) fields.set(*kind.field(field::professional), std::move(professional));
  if (options.notes_given) {
    fields.set(*kind.field(field::notes), checked_text("--notes", options.notes == "-" ? read_stdin() : options.notes));
  }
  return fields;
}

Record build_record(const LogOptions& options, const MeetingDraft& draft, const Rep& rep, const Settings& settings,
                    Date date, Date today, bool from_editor);

// What log-1on1 says once the record is written, computed before it is printed.
struct LoggedMeeting {
  const Rep* rep = nullptr;
  const Record* written = nullptr;
  bool second_that_day = false; // another 1:1 with the rep on the same date
  bool undocumented = false;    // no topic and no notes, from options
  bool no_personal = false;
};

LoggedMeeting logged_meeting(const Rep& rep, const Record& written, bool from_editor) {
  LoggedMeeting logged{&rep, &written};
  for (const auto& other : rep.records) {
    if (other.is_one_on_one() && other.date == written.date) logged.second_that_day = true;
  }
  const RecordFields& fields = written.fields;
  const bool no_personal = fields.list(field::personal).empty();
  logged.undocumented = no_personal && fields.list(field::professional).empty() && !fields.text(field::notes) &&
                        !from_editor;
  logged.no_personal = !logged.undocumented && no_personal;
  return logged;
}

// The summary line and the new promises' ids on standard output, notes on standard error.
void print_logged(const LoggedMeeting& logged, Context& context) {
  const Rep& rep = *logged.rep;
  const Record& written = *logged.written;
  context.out() << summary_line(rep, written) << "\n";
  print_new_promises(context.out(), rep, written.promises);
  if (logged.second_that_day) {
    context.err() << fmt::format("note: this is the second 1:1 with {} on {}\n", rep.name, written.date.pretty());
  }
  if (logged.undocumented) {
    context.err() << "note: no topics or notes recorded; an undocumented 1:1 is easy to forget\n";
  } else if (logged.no_personal) {
    context.err() << "note: no personal topic recorded; a 1:1 covers the person as well as the pipeline\n";
  }
}

int run_log(LogOptions options, const Setup& setup) {
  Context& context = setup.context;
  const DataDir& dir = setup.dir();
  const Settings& settings = setup.settings();
  const Date today = setup.today();
  const Rep rep = active_rep(dir, options.rep);
  Date date = options.date.empty() ? today : parse_date_option("--date", options.date, today, DateDirection::past);
  if (date > today) { // before any editor is opened
    throw Error(ExitCode::usage, fmt::format("--date: {} is in the future; log a 1:1 once it happened", date.pretty()));
  }

  MeetingDraft draft;
  EditorSession session;
  const bool use_editor = options.edit || (!options.has_content() && context.stdin_is_terminal());
  Record record;
  if (use_editor) {
    if (options.has_content()) {
      throw Error(ExitCode::usage, "--edit takes no content options; write everything in the editor");
    }
    try {
      draft = draft_from_editor(dir, rep, date, today, session);
      if (draft.date) date = parse_date_option("template date", *draft.date, today, DateDirection::past);
      record = build_record(options, draft, rep, settings, date, today, true);
    } catch (const Error& e) {
      throw with_kept_text(e, session);
    }
  } else {
    draft.fields = fields_from_options(options);
    draft.promises = promise_drafts(options.promises, options.commitments);
    record = build_record(options, draft, rep, settings, date, today, false);
  }
  const auto written = append_or_print(setup, rep, record, options.dry_run, session,
                                       commit_message("log-1on1", rep, record));
  if (!written) return 0;
  print_logged(logged_meeting(rep, *written, use_editor), context);
  return 0;
}

Record build_record(const LogOptions& options, const MeetingDraft& draft, const Rep& rep, const Settings& settings,
                    Date date, Date today, bool from_editor) {
  if (date > today) {
    throw Error(ExitCode::usage, fmt::format("{}: {} is in the future; log a 1:1 once it happened",
                                             from_editor && draft.date ? "template date" : "--date", date.pretty()));
  }
  Record record;
  record.kind = std::string(kind_one_on_one);
  record.date = date;
  record.fields = draft.fields;
  // Relative due dates count from the day of the meeting, when the promise was made.
  const Date default_due = options.due.empty() ? date.plus_days(cadence_for(rep, settings.policy))
                                               : parse_date_option("--due", options.due, date, DateDirection::future);
  record.promises = promises_from_drafts(draft.promises, date, default_due);
  return record;
}

} // namespace

CommandBody log_1on1_command(CLI::App& cmd) {
  auto options = std::make_shared<LogOptions>();
  cmd.add_option("REP", options->rep, "Id, start of an id, or part of a name")->required();
  cmd.add_option("-d,--date", options->date, "When it took place (default today; e.g. yesterday, mon, -3d)")
      ->check(non_empty())
      ->type_name("DATE");
  cmd.add_option("-m,--minutes", options->minutes, "How long it lasted")->check(CLI::Range(0, 24 * 60));
  cmd.add_option("--personal", options->personal, "A personal topic (repeat for more)")->type_name("TEXT");
  cmd.add_option("--professional,--pro", options->professional, "A professional topic (repeat for more)")
      ->type_name("TEXT");
  cmd.add_option("-n,--notes", options->notes, "Free notes; - reads them from standard input")->type_name("TEXT");
  add_promise_options(cmd, options->promises, options->commitments, options->due);
  cmd.add_flag("-e,--edit", options->edit,
               "Write the meeting in $VISUAL/$EDITOR (the default on a terminal "
               "when no content options are given)");
  cmd.add_flag("--dry-run", options->dry_run, "Print the record that would be added and write nothing");
  cmd.footer("Dates: YYYY-MM-DD, today, yesterday, weekday names (the last one for --date, the next one for due\n"
             "dates), -3d, +7d, +2w, eow (Friday of this week), eom (end of month). Relative due dates count\n"
             "from the day of the meeting.");
  return [options, &cmd](const Setup& setup) {
    options->notes_given = cmd.count("--notes") > 0;
    return run_log(*options, setup);
  };
}

} // namespace coach::cli
