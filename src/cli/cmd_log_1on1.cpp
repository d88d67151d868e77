// `coach log-1on1 REP`: record one 1:1, from options or from an editor.
#include <ostream>

#include <fmt/format.h>

#include <coach/error.hpp>
#include <coach/meeting_template.hpp>
#include <coach/rep_file.hpp>
#include <coach/roster.hpp>
#include <coach/text.hpp>
#include <coach/working_days.hpp>

#include "context.hpp"
#include "output.hpp"
#include "record_entry.hpp"

namespace coach::cli {

namespace {

struct LogOptions {
  std::string rep;
  std::string date;
  std::string minutes; // as typed: 30, 45m, 1h30 (parse_minutes)
  std::vector<std::string> personal;
  std::vector<std::string> professional;
  std::string notes;
  bool notes_given = false;
  std::string private_notes;
  bool private_given = false;
  std::vector<std::string> promises;
  std::vector<std::string> commitments;
  std::string due;
  bool edit = false;
  bool resume = false; // reopen the text a failed editor session kept
  bool dry_run = false;

  bool has_content() const {
    return !minutes.empty() || !personal.empty() || !professional.empty() || notes_given || private_given ||
           !promises.empty() || !commitments.empty();
  }
};

// The editor's file is LOG_1ON1-REPID-XXXXXX: a kept one is found again by the rep.
MeetingDraft draft_from_editor(const LogOptions& options, const Setup& setup, const Rep& rep, Date date,
                               EditorSession& session) {
  const DataDir& dir = setup.dir();
  const std::string prefix = fmt::format("LOG_1ON1-{}", rep.id);
  session.resume_command = fmt::format("coach log-1on1 {} --resume", rep.id);
  const auto kept = text_to_resume(dir, prefix, options.resume, fmt::format("a 1:1 with {}", rep.name),
                                   session.resume_command, setup.context.err());
  return cli::draft_from_editor(
      dir, prefix, render_meeting_template(rep, date, setup.today()), session,
      [&](const std::string& edited) { return parse_meeting_template(edited, *find_kind(kind_one_on_one), {}, &rep); },
      kept);
}

std::string summary_line(const Rep& rep, const Record& record) {
  return fmt::format("Logged 1:1 with {} on {}{}", rep.name, record.date.pretty(), promises_phrase(record.promises));
}

// The 1:1's fields given as options (--minutes, --personal, --professional, --notes, --private).
RecordFields fields_from_options(const LogOptions& options) {
  const KindSpec& kind = *find_kind(kind_one_on_one);
  RecordFields fields;
  if (!options.minutes.empty()) {
    const FieldSpec& spec = *kind.field(field::minutes);
    fields.set(spec, typed_field_value(spec, "--minutes", options.minutes));
  }
  std::vector<std::string> personal;
  for (const auto& topic : options.personal) personal.push_back(checked_text("--personal", topic));
  if (!personal.empty()) fields.set(*kind.field(field::personal), std::move(personal));
  std::vector<std::string> professional;
  for (const auto& topic : options.professional) professional.push_back(checked_text("--professional", topic));
  if (!professional.empty()) fields.set(*kind.field(field::professional), std::move(professional));
  if (options.notes_given) {
    fields.set(*kind.field(field::notes), checked_text("--notes", options.notes == "-" ? read_stdin() : options.notes));
  }
  if (options.private_given) {
    fields.set(*kind.field(field::private_notes),
               checked_text("--private", options.private_notes == "-" ? read_stdin() : options.private_notes));
  }
  return fields;
}

Record build_record(const LogOptions& options, const MeetingDraft& draft, const Rep& rep, const Settings& settings,
                    Date date, Date today, bool from_editor);

// What log-1on1 says once the record is written, computed before it is printed.
struct LoggedMeeting {
  const Rep* rep = nullptr;
  const Record* written = nullptr;
  int nth_that_day = 1;      // 2 when another 1:1 with the rep is on the same date, 3 with two...
  bool undocumented = false; // no topic and no notes, from options
  bool no_personal = false;
};

LoggedMeeting logged_meeting(const Rep& rep, const Record& written, bool from_editor) {
  LoggedMeeting logged{&rep, &written};
  for (const auto& other : rep.records) {
    if (other.is_one_on_one() && other.date == written.date) ++logged.nth_that_day;
  }
  const RecordFields& fields = written.fields;
  const bool no_personal = fields.list(field::personal).empty();
  logged.undocumented = no_personal && fields.list(field::professional).empty() && !has_any_notes(fields) &&
                        !from_editor;
  logged.no_personal = !logged.undocumented && no_personal;
  return logged;
}

// "second", "third", "fourth", then "5th", "6th"... ("21st" and "22nd" as English writes them).
std::string ordinal(int n) {
  static constexpr std::string_view words[] = {"first", "second", "third", "fourth"};
  if (n >= 1 && n <= 4) return std::string(words[n - 1]);
  const int tens = n % 100;
  const int last = n % 10;
  const char* suffix = (tens >= 11 && tens <= 13) ? "th"
                       : last == 1                ? "st"
                       : last == 2                ? "nd"
                       : last == 3                ? "rd"
                                                  : "th";
  return fmt::format("{}{}", n, suffix);
}

// The summary line and the new promises' ids on standard output, notes on standard error.
void print_logged(const LoggedMeeting& logged, Context& context) {
  const Rep& rep = *logged.rep;
  const Record& written = *logged.written;
  context.out() << summary_line(rep, written) << "\n";
  print_new_promises(context.out(), rep, written.promises);
  if (logged.nth_that_day > 1) {
    context.err() << fmt::format("note: this is the {} 1:1 with {} on {}\n", ordinal(logged.nth_that_day), rep.name,
                                 written.date.pretty());
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
  const bool use_editor = options.edit || options.resume || (!options.has_content() && context.stdin_is_terminal());
  Record record;
  if (use_editor) {
    if (options.has_content()) {
      throw Error(ExitCode::usage, fmt::format("{} takes no content options; write everything in the editor",
                                               options.resume ? "--resume" : "--edit"));
    }
    try {
      draft = draft_from_editor(options, setup, rep, date, session);
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
  // A due date coach picks never falls on a weekend; one given with --due is kept as given.
  const Date default_due = options.due.empty() ? weekday_on_or_after(date.plus_days(cadence_for(rep, settings.policy)))
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
  cmd.add_option("-m,--minutes", options->minutes, "How long it lasted: 30, 45m, 1h, 1h30, 1.5h")
      ->check(non_empty())
      ->type_name("TIME");
  cmd.add_option("--personal", options->personal, "A personal topic (repeat for more)")->type_name("TEXT");
  cmd.add_option("--professional,--pro", options->professional, "A professional topic (repeat for more)")
      ->type_name("TEXT");
  cmd.add_option("-n,--notes", options->notes, "Free notes; - reads them from standard input")->type_name("TEXT");
  add_private_option(cmd, options->private_notes);
  add_promise_options(cmd, options->promises, options->commitments, options->due);
  cmd.add_flag("-e,--edit", options->edit,
               "Write the meeting in $VISUAL/$EDITOR (the default on a terminal "
               "when no content options are given)");
  cmd.add_flag("--resume", options->resume, "Reopen the text a failed editor session kept, and log it");
  cmd.add_flag("--dry-run", options->dry_run, "Print the record that would be added and write nothing");
  cmd.footer("Dates: YYYY-MM-DD, today, yesterday, weekday names (the last one for --date, the next one for due\n"
             "dates), -3d, +7d, +2w, eow (Friday of this week), eom (end of month). Relative due dates count\n"
             "from the day of the meeting.");
  return [options, &cmd](const Setup& setup) {
    options->notes_given = cmd.count("--notes") > 0;
    options->private_given = cmd.count("--private") > 0;
    refuse_two_stdin_reads(options->notes, options->private_notes);
    return run_log(*options, setup);
  };
}

} // namespace coach::cli
