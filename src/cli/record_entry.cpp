#include "record_entry.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <ostream>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <coach/error.hpp>
#include <coach/files.hpp>
#include <coach/rep_file.hpp>
#include <coach/text.hpp>

#include "context.hpp"
#include "output.hpp"

namespace coach::cli {

std::string read_stdin() {
  std::string text{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
  return text;
}

namespace {

// The editor command and where it comes from: $VISUAL, else $EDITOR, else vi.
std::pair<std::string, std::string_view> editor_command() {
  const char* visual = std::getenv("VISUAL");
  if (visual && *visual) return {visual, "VISUAL"};
  const char* editor = std::getenv("EDITOR");
  if (editor && *editor) return {editor, "EDITOR"};
  return {"vi", "the default"};
}

// Whether the program `command` starts with (after VAR=value words) can be
// run: a path that is executable, or a name found on PATH. A command sh must
// read first (quotes, $, a builtin...) is given the benefit of the doubt.
bool editor_runnable(std::string_view command) {
  std::string_view program;
  for (std::string_view rest = trim(command); !rest.empty();) {
    const auto end = rest.find_first_of(" \t");
    program = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view{} : trim(rest.substr(end));
    if (program.find('=') == std::string_view::npos) break;
  }
  if (program.empty() || program.find_first_of("'\"\\$`;&|<>(){}~*?[") != std::string_view::npos) return true;
  if (program.find('/') != std::string_view::npos) return ::access(std::string(program).c_str(), X_OK) == 0;
  const char* path_variable = std::getenv("PATH");
  std::string_view dirs = path_variable ? path_variable : "/usr/bin:/bin";
  while (true) {
    const auto colon = dirs.find(':');
    const std::string_view dir = dirs.substr(0, colon);
    const std::string candidate = fmt::format("{}/{}", dir.empty() ? "." : dir, program);
    if (::access(candidate.c_str(), X_OK) == 0) return true;
    if (colon == std::string_view::npos) break;
    dirs.remove_prefix(colon + 1);
  }
  // Builtins and keywords sh runs without a file ("exec vi", "command vi").
  static constexpr std::string_view builtins[] = {"exec", "command", "eval", "env", "nice", "time", "."};
  return std::find(std::begin(builtins), std::end(builtins), program) != std::end(builtins);
}

// The error for an editor command that cannot be run (status 126 or 127 from sh too).
Error editor_not_runnable(const std::pair<std::string, std::string_view>& editor) {
  return Error(ExitCode::aborted,
               fmt::format("editor '{}' cannot be run ({}); set VISUAL or EDITOR to an installed editor", editor.first,
                           editor.second));
}

} // namespace

void refuse_unrunnable_editor() {
  const auto editor = editor_command();
  if (!editor_runnable(editor.first)) throw editor_not_runnable(editor);
}

// Runs the user's editor on `path` the way git does: through sh, so
// EDITOR="code --wait" works, with the file name passed as an argument and
// never pasted into the command.
int run_editor(const std::string& path) {
  const std::string command = editor_command().first;
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

EditorSession::~EditorSession() {
  if (!keep && !path.empty()) ::unlink(path.c_str());
}

std::string new_editor_file(const DataDir& dir, const std::string& pattern, int suffix_length,
                            const std::string& text) {
  std::string name = (dir.ensure_private_dir() / pattern).string();
  const int fd = ::mkstemps(name.data(), suffix_length);
  if (fd < 0) {
    throw Error(ExitCode::io, fmt::format("cannot create the editor file in {}: {}", dir.private_dir().string(),
                                          std::strerror(errno)));
  }
  ::close(fd);
  give_to_directory_owner(name); // under sudo, the text typed stays the user's
  write_file_atomic(name, text);
  return name;
}

namespace {

constexpr size_t max_editor_text = 1024 * 1024;

} // namespace

MeetingDraft draft_from_editor(const DataDir& dir, std::string_view file_prefix, const std::string& template_text,
                               EditorSession& session, const std::function<MeetingDraft(const std::string&)>& parse,
                               const std::optional<KeptText>& resume) {
  const auto editor = editor_command();
  if (!editor_runnable(editor.first)) throw editor_not_runnable(editor); // before any file is made
  session.resumed = resume.has_value();
  session.path = resume ? resume->path : new_editor_file(dir, fmt::format("{}-XXXXXX", file_prefix), 0, template_text);
  const int status = run_editor(session.path);
  if (status != 0) {
    // What the user did not type (the template, untouched) is not kept.
    if (!resume && read_text_file(session.path, max_editor_text) == template_text) session.keep = false;
    if (status == 126 || status == 127) throw editor_not_runnable(editor);
    throw Error(ExitCode::aborted,
                fmt::format("the editor exited with status {}{}", status, session.keep ? "" : "; nothing was logged"));
  }
  const std::string edited = read_text_file(session.path, max_editor_text);
  if (edited == template_text && !resume) {
    session.keep = false;
    throw Error(ExitCode::aborted, "the template is unchanged; nothing was logged");
  }
  MeetingDraft draft = parse(edited);
  if (draft.has_no_content()) {
    session.keep = false;
    throw Error(ExitCode::aborted, "the template is empty; nothing was logged");
  }
  return draft;
}

Error with_kept_text(const Error& error, const EditorSession& session) {
  if (!session.keep || session.path.empty()) return error;
  return Error(error.code(),
               fmt::format("{}; nothing was logged, your text is kept in {}{}", error.what(), session.path,
                           session.resume_command.empty() ? ""
                                                          : fmt::format(" (`{}` reopens it)", session.resume_command)));
}

std::optional<KeptText> newest_kept_text(const DataDir& dir, std::string_view file_prefix) {
  const std::string start = fmt::format("{}-", file_prefix);
  std::optional<KeptText> newest;
  time_t newest_time = 0;
  size_t count = 0;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir.private_dir(), error)) {
    const std::string name = entry.path().filename().string();
    // mkstemp's six letters and digits after the prefix: "LOG_1ON1-al-" is not "LOG_1ON1-al-bo-"'s.
    if (name.size() != start.size() + 6 || !name.starts_with(start) ||
        name.find('-', start.size()) != std::string::npos)
      continue;
    struct stat info {};
    if (::stat(entry.path().c_str(), &info) != 0 || !S_ISREG(info.st_mode)) continue;
    ++count;
    if (newest && info.st_mtime < newest_time) continue;
    newest_time = info.st_mtime;
    std::tm local{};
    ::localtime_r(&info.st_mtime, &local);
    char when[32];
    std::strftime(when, sizeof when, "%a %Y-%m-%d %H:%M", &local);
    newest = KeptText{entry.path().string(), when, 0};
  }
  if (newest) newest->older = count - 1;
  return newest;
}

std::optional<KeptText> text_to_resume(const DataDir& dir, std::string_view file_prefix, bool resume,
                                       std::string_view what, std::string_view resume_command, std::ostream& err) {
  auto kept = newest_kept_text(dir, file_prefix);
  if (resume && !kept) {
    throw Error(ExitCode::not_found, fmt::format("--resume: no text of {} is kept in {}; leave out --resume to start "
                                                 "anew",
                                                 what, dir.private_dir().string()));
  }
  if (resume) return kept;
  if (kept) {
    err << fmt::format("note: a draft of {} from {} is waiting{}: `{}` reopens it; this one starts blank\n", what,
                       kept->when, kept->older > 0 ? fmt::format(" ({} older too)", kept->older) : "", resume_command);
  }
  return std::nullopt;
}

std::vector<Promise> promises_from_drafts(const std::vector<PromiseDraft>& drafts, Date date, Date default_due) {
  std::vector<Promise> promises;
  for (const auto& promise_draft : drafts) {
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
    promises.push_back(std::move(promise));
  }
  return promises;
}

std::vector<Promise> goals_from_drafts(const std::vector<PromiseDraft>& drafts, Date date) {
  std::vector<Promise> goals;
  for (const auto& draft : drafts) {
    // A goal without a date can never be late, so it is never reviewed: each one needs its own.
    if (!draft.due) {
      throw Error(ExitCode::usage, fmt::format("goal \"{}\" needs a due date: write it \"{} (due DATE)\"",
                                               trim(draft.text), trim(draft.text)));
    }
    goals.push_back(promises_from_drafts({draft}, date, date).front());
    goals.back().owner = Owner::rep;
    goals.back().goal = true;
  }
  return goals;
}

void add_promise_options(CLI::App& cmd, std::vector<std::string>& promises, std::vector<std::string>& commitments,
                         std::string& due) {
  cmd.add_option("-p,--promise", promises,
                 "A promise you made: \"TEXT\" or \"TEXT (due fri)\"; \"rep: TEXT\" makes it the rep's (repeat)")
      ->type_name("SPEC");
  cmd.add_option("-c,--commitment", commitments, "A promise the rep made: \"TEXT\" or \"TEXT (due +2w)\" (repeat)")
      ->type_name("SPEC");
  cmd.add_option("--due", due,
                 "Due date of promises without their own (default: the next 1:1 under the cadence policy)")
      ->check(non_empty())
      ->type_name("DATE");
}

void add_private_option(CLI::App& cmd, std::string& private_notes) {
  const FieldSpec& spec = *find_kind(kind::one_on_one)->field(field::private_notes);
  cmd.add_option("--private", private_notes, std::string(spec.help) + "; - reads them from standard input")
      ->type_name("TEXT");
}

void refuse_two_stdin_reads(std::string_view notes, std::string_view private_notes) {
  if (notes == "-" && private_notes == "-") {
    throw Error(ExitCode::usage, "--notes and --private both read standard input; give one of them as TEXT");
  }
}

std::vector<PromiseDraft> promise_drafts(const std::vector<std::string>& promises,
                                         const std::vector<std::string>& commitments) {
  std::vector<PromiseDraft> drafts;
  for (const auto& spec : promises)
    drafts.push_back(parse_promise_spec(checked_text("--promise", spec), Owner::manager));
  for (const auto& spec : commitments) {
    drafts.push_back(parse_promise_spec(checked_text("--commitment", spec), Owner::rep));
  }
  return drafts;
}

std::optional<Record> append_or_print(const Setup& setup, const Rep& rep, Record record, bool dry_run,
                                      EditorSession& session, const std::string& message) {
  if (dry_run) {
    record.id = "(new)";
    for (auto& promise : record.promises) promise.id = "(new)";
    setup.context.out() << render_record(record, 2);
    session.keep = session.resumed; // a kept text waits on after a dry run
    return std::nullopt;
  }
  Record written = setup.dir().append_record(rep, record,
                                             setup.committer([&](const WrittenChange&) { return message; }));
  session.keep = false;
  return written;
}

std::string commit_message(std::string_view command, const Rep& rep, const Record& record) {
  const auto goals = std::count_if(record.promises.begin(), record.promises.end(),
                                   [](const Promise& p) { return p.goal; });
  const auto promises = static_cast<long>(record.promises.size()) - goals;
  std::string message = fmt::format("{}: {}, {}", command, rep.name, record.date.iso());
  if (promises > 0) message += fmt::format(", {} promise{}", promises, promises == 1 ? "" : "s");
  if (goals > 0) message += fmt::format(", {} development goal{}", goals, goals == 1 ? "" : "s");
  return message;
}

std::string promises_phrase(const std::vector<Promise>& all) {
  std::vector<Date> dues;
  size_t n = 0;
  for (const auto& p : all) {
    if (p.goal) continue;
    ++n;
    if (p.due) dues.push_back(*p.due);
  }
  if (n == 0) return "";
  std::sort(dues.begin(), dues.end());
  std::string line = fmt::format("; {} promise{}", n, n == 1 ? "" : "s");
  if (!dues.empty()) {
    line += dues.front() == dues.back() ? fmt::format(", due {}", dues.front().pretty())
                                        : fmt::format(", due {} to {}", dues.front().pretty(), dues.back().pretty());
  }
  return line;
}

void print_new_promises(std::ostream& out, const Rep& rep, const std::vector<Promise>& promises) {
  const std::string first = rep.first_name();
  const bool any_goal = std::any_of(promises.begin(), promises.end(), [](const Promise& p) { return p.goal; });
  const size_t owner_width = std::max<size_t>(any_goal ? 4 : 3, display_width(first));
  for (const auto& p : promises) {
    const std::string owner = p.goal ? "goal" : p.owner == Owner::manager ? "you" : first;
    out << fmt::format("  {}  {}{}  {}  (due {})\n", p.id, owner, std::string(owner_width - display_width(owner), ' '),
                       one_line(p.text), p.due->pretty());
  }
}

std::string field_flag(const FieldSpec& spec) {
  switch (spec.type) {
  case FieldType::skill_ratings: return "--rate";
  case FieldType::skill_texts: return "--recommend";
  case FieldType::goals: return "--goal";
  default: break;
  }
  std::string flag = "--" + std::string(spec.key);
  std::replace(flag.begin(), flag.end(), '_', '-');
  return flag;
}

namespace {

bool repeatable(FieldType type) {
  return type == FieldType::text_list || type == FieldType::skill_ratings || type == FieldType::skill_texts ||
         type == FieldType::goals;
}

std::string_view value_name(const FieldSpec& spec) {
  switch (spec.type) {
  case FieldType::minutes:
  case FieldType::rating: return "N";
  case FieldType::date: return "DATE";
  case FieldType::choice: return "WORD";
  case FieldType::skill_ratings: return "SKILL=N";
  case FieldType::skill_texts: return "SKILL=TEXT";
  case FieldType::goals: return "GOAL";
  default: return "TEXT";
  }
}

// The help line of a field's option: the table's help, and how to give it.
std::string option_help(const FieldSpec& spec) {
  std::string help(spec.help);
  if (spec.type == FieldType::choice) help += fmt::format(" ({})", coach::join(spec.choices, ", "));
  if (spec.type == FieldType::notes) help += "; - reads it from standard input";
  if (repeatable(spec.type)) help += " (repeat for more)";
  return help;
}

std::string_view group_of(FieldPart part) {
  switch (part) {
  case FieldPart::plan: return "Pre-call plan";
  case FieldPart::feedback: return "Post-call feedback";
  case FieldPart::main: break;
  }
  return "Options";
}

} // namespace

void FieldOptions::add_to(CLI::App& cmd, const KindSpec& kind, std::optional<FieldPart> part) {
  for (const FieldSpec& spec : kind.fields) {
    // Private notes go with every part: a joint call's feedback may bring the manager's own.
    if (spec.type == FieldType::promises || (part && spec.part != *part && !is_private(spec))) continue;
    Given& given = m_given.emplace_back();
    given.spec = &spec;
    given.flag = field_flag(spec);
    // A key whose flag another field's type takes (career's `goal` beside `--goal`) gets the kind before it.
    const bool taken = std::any_of(kind.fields.begin(), kind.fields.end(), [&](const FieldSpec& other) {
      return &other != &spec && other.key != field_flag(other).substr(2) && field_flag(other) == given.flag;
    });
    if (taken) given.flag = fmt::format("--{}-{}", kind.kind, spec.key);
    std::string names = given.flag;
    if (spec.key == field::minutes) names = "-m," + names; // as log-1on1's
    if (spec.key == field::notes) names = "-n," + names;
    given.option = repeatable(spec.type) ? cmd.add_option(names, given.values, option_help(spec))
                                         : cmd.add_option(names, given.value, option_help(spec));
    given.option->type_name(std::string(value_name(spec)))->group(std::string(group_of(spec.part)));
  }
}

bool FieldOptions::any_given() const {
  return std::any_of(m_given.begin(), m_given.end(), [](const Given& g) { return g.option->count() > 0; });
}

bool FieldOptions::given_of(FieldPart part) const {
  return std::any_of(m_given.begin(), m_given.end(),
                     [&](const Given& g) { return g.spec->part == part && g.option->count() > 0; });
}

RecordFields FieldOptions::fields(std::span<const Skill> skills, std::vector<PromiseDraft>& goals) const {
  RecordFields fields;
  const Given* reads_stdin = nullptr; // standard input can be read once
  for (const Given& given : m_given) {
    if (given.option->count() == 0) continue;
    const FieldSpec& spec = *given.spec;
    switch (spec.type) {
    case FieldType::text_list: {
      std::vector<std::string> items;
      for (const auto& item : given.values) items.push_back(checked_text(given.flag, item));
      fields.set(spec, std::move(items));
      break;
    }
    case FieldType::skill_ratings:
    case FieldType::skill_texts: {
      FieldValue map = empty_value(spec.type);
      for (const auto& item : given.values) {
        const auto equals = item.find('=');
        if (equals == std::string::npos) {
          throw Error(ExitCode::usage, fmt::format("{}: \"{}\" is not {}", given.flag, item, value_name(spec)));
        }
        add_skill_item(map, spec, skills, given.flag, item.substr(0, equals),
                       checked_text(given.flag, item.substr(equals + 1)));
      }
      fields.set(spec, std::move(map));
      break;
    }
    case FieldType::goals:
      for (const auto& item : given.values) goals.push_back(parse_goal_spec(checked_text(given.flag, item)));
      break;
    case FieldType::notes:
      if (given.value == "-" && reads_stdin) {
        throw Error(ExitCode::usage, fmt::format("{} and {} both read standard input; give one of them as TEXT",
                                                 reads_stdin->flag, given.flag));
      }
      if (given.value == "-") reads_stdin = &given;
      fields.set(spec, checked_text(given.flag, given.value == "-" ? read_stdin() : given.value));
      break;
    default: fields.set(spec, typed_field_value(spec, given.flag, checked_text(given.flag, given.value)));
    }
  }
  return fields;
}

void check_record_rules(const KindSpec& kind, const RecordFields& fields, std::span<const Skill> skills,
                        bool from_editor) {
  // The articles: one or two focus points, so that the rep works on them.
  if (fields.list(field::focus).size() > 2) {
    throw Error(ExitCode::usage, fmt::format("{}: {} focus points; give one or two, so that they are worked on",
                                             from_editor ? "focus" : "--focus", fields.list(field::focus).size()));
  }
  // The skills a joint call's plan watches for are the team's, as its ratings are.
  for (const auto& skill : fields.list("watch")) {
    try {
      checked_skill(skills, skill);
    } catch (const Error& e) {
      throw Error(e.code(), fmt::format("{}: {}", from_editor ? "watch" : "--watch", e.what()));
    }
  }
  for (const FieldSpec& spec : kind.fields) {
    if (spec.required && !fields.find(spec.key)) {
      throw Error(ExitCode::usage,
                  fmt::format("a {} needs {}: give {} {}", kind.title, spec.key,
                              from_editor ? std::string(spec.key) + ":" : field_flag(spec), value_name(spec)));
    }
    if (spec.type != FieldType::skill_ratings || !spec.required) continue;
    const auto& rated = fields.ratings(spec.key);
    for (const Skill& skill : skills) {
      const bool has = std::any_of(rated.begin(), rated.end(),
                                   [&](const SkillRating& r) { return r.skill == skill.id; });
      if (skill.required && !has) {
        throw Error(ExitCode::usage, fmt::format("no rating of {}, which coach.yaml marks required; give {}", skill.id,
                                                 from_editor ? fmt::format("- {}: N under {}:", skill.id, spec.key)
                                                             : fmt::format("{} {}=N", field_flag(spec), skill.id)));
      }
    }
  }
}

} // namespace coach::cli
