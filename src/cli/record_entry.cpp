#include "record_entry.hpp"

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
#include <coach/rep_file.hpp>
#include <coach/text.hpp>

#include "context.hpp"
#include "output.hpp"

namespace coach::cli {

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

EditorSession::~EditorSession() {
  if (!keep && !path.empty()) ::unlink(path.c_str());
}

MeetingDraft draft_from_editor(const DataDir& dir, std::string_view file_prefix, const std::string& template_text,
                               EditorSession& session, const std::function<MeetingDraft(const std::string&)>& parse) {
  std::string name = (dir.ensure_private_dir() / fmt::format("{}-XXXXXX", file_prefix)).string();
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
               fmt::format("{}; nothing was logged, your text is kept in {}", error.what(), session.path));
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
    session.keep = false;
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
    if (spec.type == FieldType::promises || (part && spec.part != *part)) continue;
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
