// `coach log-1on1 REP`: record one 1:1, from options or from an editor.
#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <iterator>
#include <ostream>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <coach/error.hpp>
#include <coach/files.hpp>
#include <coach/meeting_template.hpp>
#include <coach/rep_file.hpp>
#include <coach/roster.hpp>
#include <coach/text.hpp>

#include "context.hpp"
#include "output.hpp"

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

std::string read_stdin() {
  std::string text{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
  return text;
}

// Runs the user's editor on `path` the way git does: through sh, so
// EDITOR="code --wait" works, with the file name passed as an argument and
// never pasted into the command.
int run_editor(const std::string& path) {
  const char* visual = std::getenv("VISUAL");
  const char* editor = (visual && *visual) ? visual : std::getenv("EDITOR");
  const std::string command = (editor && *editor) ? editor : "vi";
  const pid_t pid = ::fork();
  if (pid < 0) {
    throw Error(ExitCode::io, fmt::format("cannot start the editor: {}", std::strerror(errno)));
  }
  if (pid == 0) {
    const std::string script = command + " \"$@\"";
    ::execl("/bin/sh", "sh", "-c", script.c_str(), command.c_str(), path.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      throw Error(ExitCode::io, fmt::format("cannot wait for the editor: {}", std::strerror(errno)));
    }
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

// Fills `options` from what the manager writes in the editor. Their text is
// kept in a file until the meeting is recorded, so nothing typed is lost.
struct EditorSession {
  std::string path;
  bool keep = true;
  ~EditorSession() {
    if (!keep && !path.empty()) ::unlink(path.c_str());
  }
};

MeetingDraft draft_from_editor(const DataDir& dir, const Rep& rep, Date date, Date today, EditorSession& session) {
  const std::string template_text = render_meeting_template(rep, date, today);
  std::string name = (dir.ensure_private_dir() / "LOG_1ON1-XXXXXX").string();
  const int fd = ::mkstemp(name.data());
  if (fd < 0) {
    throw Error(ExitCode::io, fmt::format("cannot create the editor file in {}: {}", dir.private_dir().string(),
                                          std::strerror(errno)));
  }
  ::close(fd);
  session.path = name;
  give_to_directory_owner(name); // under sudo, the text typed stays the user's
  write_file_atomic(name, template_text);
  const int status = run_editor(name);
  if (status != 0) {
    throw Error(ExitCode::aborted, fmt::format("the editor exited with status {}", status));
  }
  const std::string edited = read_text_file(name, 1024 * 1024);
  if (edited == template_text) {
    session.keep = false;
    throw Error(ExitCode::aborted, "the template is unchanged; nothing was logged");
  }
  MeetingDraft draft = parse_meeting_template(edited, *find_kind(kind_one_on_one));
  if (draft.has_no_content()) {
    session.keep = false;
    throw Error(ExitCode::aborted, "the template is empty; nothing was logged");
  }
  return draft;
}

std::string summary_line(const Rep& rep, const Record& record) {
  std::string line = fmt::format("Logged 1:1 with {} on {}", rep.name, record.date.pretty());
  if (record.promises.empty()) return line;
  std::vector<Date> dues;
  for (const auto& p : record.promises) {
    if (p.due) dues.push_back(*p.due);
  }
  std::sort(dues.begin(), dues.end());
  const size_t n = record.promises.size();
  line += fmt::format("; {} promise{}", n, n == 1 ? "" : "s");
  if (!dues.empty()) {
    line += dues.front() == dues.back() ? fmt::format(", due {}", dues.front().pretty())
                                        : fmt::format(", due {} to {}", dues.front().pretty(), dues.back().pretty());
  }
  return line;
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
  auto& out = context.out();
  out << summary_line(rep, written) << "\n";
  const std::string first = rep.first_name();
  const size_t owner_width = std::max<size_t>(3, display_width(first));
  for (const auto& p : written.promises) {
    const std::string owner = p.owner == Owner::manager ? "you" : first;
    out << fmt::format("  {}  {}{}  {}  (due {})\n", p.id, owner, std::string(owner_width - display_width(owner), ' '),
                       one_line(p.text), p.due->pretty());
  }
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
      if (!session.keep || session.path.empty()) throw;
      throw Error(e.code(), fmt::format("{}; nothing was logged, your text is kept in {}", e.what(), session.path));
    }
  } else {
    draft.fields = fields_from_options(options);
    for (const auto& spec : options.promises) {
      draft.promises.push_back(parse_promise_spec(checked_text("--promise", spec), Owner::manager));
    }
    for (const auto& spec : options.commitments) {
      draft.promises.push_back(parse_promise_spec(checked_text("--commitment", spec), Owner::rep));
    }
    record = build_record(options, draft, rep, settings, date, today, false);
  }

  if (options.dry_run) {
    record.id = "(new)";
    for (auto& promise : record.promises) promise.id = "(new)";
    context.out() << render_record(record, 2);
    session.keep = false;
    return 0;
  }
  const Record written = dir.append_record(rep, record, setup.committer([&](const WrittenChange&) {
    return fmt::format("log-1on1: {}, {}{}", rep.name, record.date.iso(),
                       record.promises.empty() ? ""
                                               : fmt::format(", {} promise{}", record.promises.size(),
                                                             record.promises.size() == 1 ? "" : "s"));
  }));
  session.keep = false;
  print_logged(logged_meeting(rep, written, use_editor), context);
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
  for (const auto& promise_draft : draft.promises) {
    Promise promise;
    promise.owner = promise_draft.owner;
    promise.text = std::string(trim(promise_draft.text));
    promise.due = promise_draft.due ? parse_date_option(fmt::format("due date of \"{}\"", promise.text),
                                                        *promise_draft.due, date, DateDirection::future)
                                    : default_due;
    if (*promise.due < date) {
      throw Error(ExitCode::usage, fmt::format("promise \"{}\": due {} is before the meeting on {}", promise.text,
                                               promise.due->pretty(), date.pretty()));
    }
    record.promises.push_back(std::move(promise));
  }
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
  cmd.add_option("-p,--promise", options->promises,
                 "A promise you made: \"TEXT\" or \"TEXT (due fri)\"; \"rep: TEXT\" makes it the rep's (repeat)")
      ->type_name("SPEC");
  cmd.add_option("-c,--commitment", options->commitments,
                 "A promise the rep made: \"TEXT\" or \"TEXT (due +2w)\" (repeat)")
      ->type_name("SPEC");
  cmd.add_option("--due", options->due,
                 "Due date of promises without their own (default: the next 1:1 under the cadence policy)")
      ->check(non_empty())
      ->type_name("DATE");
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
