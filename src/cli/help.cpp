#include "help.hpp"

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <vector>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <coach/error.hpp>
#include <coach/settings.hpp>
#include <coach/text.hpp>

#include "context.hpp"

namespace coach::cli {

namespace {

constexpr size_t help_width = 80;
constexpr size_t description_column = 26; // as git's parse-options: names in 24 columns, 2 spaces before
// CLI11's names for the types it converts to; TEXT reads as a meta-var, the others do not.
constexpr std::string_view number_types[] = {"INT", "UINT", "FLOAT", "NUMBER", "DOUBLE", "FLOAT_NUMBER"};

// The value an option takes, as the help shows it: the choices of a set
// (week|month) where CLI11 writes TEXT:{week,month}; N for a number; else the
// type_name the command gave (DATE, WHEN, TEXT).
std::string meta_var(const CLI::Option& option) {
  if (option.get_expected_max() == 0) return ""; // a flag
  const std::string full = option.get_type_name();
  const size_t colon = full.find(':');
  const std::string type = full.substr(0, colon);
  const bool generic = type == "TEXT" ||
                       std::find(std::begin(number_types), std::end(number_types), type) != std::end(number_types);
  if (generic && colon != std::string::npos && full.size() > colon + 2 && full[colon + 1] == '{' &&
      full.back() == '}') {
    std::string choices = full.substr(colon + 2, full.size() - colon - 3);
    std::replace(choices.begin(), choices.end(), ',', '|');
    return choices;
  }
  if (type.empty()) return "VALUE";
  return generic && type != "TEXT" ? "N" : type;
}

// "REP", "TEXT..." (several values), "[REP]" in the usage line when it may be left out.
std::string positional_name(const CLI::Option& option, bool in_usage) {
  std::string name = option.get_name(true);
  if (option.get_items_expected_max() > 1) name += "...";
  return in_usage && !option.get_required() ? "[" + name + "]" : name;
}

// "-d, --date DATE": the names an option answers to, then its value.
std::string option_names(const CLI::Option& option) {
  std::string names;
  for (const auto& name : option.get_snames()) names += (names.empty() ? "-" : ", -") + name;
  for (const auto& name : option.get_lnames()) names += (names.empty() ? "--" : ", --") + name;
  const std::string value = meta_var(option);
  return value.empty() ? names : names + " " + value;
}

// One row of a list: the name in the first columns, the description from
// description_column (on the next line when the name is too long for it).
std::string list_row(const std::string& name, const std::string& description) {
  std::string row = "  " + name;
  if (description.empty()) return row + "\n";
  if (display_width(row) + 2 > description_column) {
    row += "\n" + std::string(description_column, ' ');
  } else {
    row += std::string(description_column - display_width(row), ' ');
  }
  return row + wrap_text(description, description_column, description_column, help_width) + "\n";
}

bool shown(const CLI::Option* option) {
  return !option->get_group().empty();
}

std::string usage_line(const CLI::App& app) {
  std::string usage = "usage: " + command_path(app) + " [options]";
  for (const CLI::Option* option : app.get_options([](const CLI::Option* o) { return o->get_positional(); })) {
    if (shown(option)) usage += " " + positional_name(*option, true);
  }
  const auto commands = app.get_subcommands([](const CLI::App* sub) { return !sub->get_group().empty(); });
  if (!commands.empty() && app.get_require_subcommand_min() > 0) usage += " COMMAND [ARGS]";
  usage = wrap_text(usage, 0, 8, help_width) + "\n";
  // A command that runs alone or with a command after it (`coach followups`, `coach followups done ID`).
  if (!commands.empty() && app.get_require_subcommand_min() == 0) {
    usage += "   or: " + command_path(app) + " COMMAND [ARGS]\n";
  }
  return usage;
}

// The options of `app`, by group in the order the groups first appear ("Options", "Topics"...).
std::string option_groups(const CLI::App& app) {
  const auto options = app.get_options([](const CLI::Option* o) { return !o->get_positional() && shown(o); });
  std::vector<std::string> groups;
  for (const CLI::Option* option : options) {
    if (std::find(groups.begin(), groups.end(), option->get_group()) == groups.end()) {
      groups.push_back(option->get_group());
    }
  }
  std::string out;
  for (const auto& group : groups) {
    out += "\n" + group + ":\n";
    for (const CLI::Option* option : options) {
      if (option->get_group() == group) out += list_row(option_names(*option), option->get_description());
    }
  }
  return out;
}

// `text` as paragraphs (separated by a blank line), each wrapped anew: the
// line breaks written for a wider screen do not stay.
std::string paragraphs(const std::string& text) {
  std::string out;
  std::string paragraph;
  std::istringstream lines(text + "\n\n"); // a blank line at the end ends the last paragraph
  for (std::string line; std::getline(lines, line);) {
    if (!trim(line).empty()) {
      paragraph += " " + line;
      continue;
    }
    if (!paragraph.empty()) out += (out.empty() ? "" : "\n") + wrap_text(paragraph, 0, 0, help_width) + "\n";
    paragraph.clear();
  }
  return out;
}

} // namespace

std::string command_path(const CLI::App& app) {
  std::string path = app.get_name();
  for (const CLI::App* parent = app.get_parent(); parent; parent = parent->get_parent()) {
    path = parent->get_name() + " " + path;
  }
  return path;
}

std::string wrap_text(const std::string& text, size_t first_column, size_t indent, size_t width) {
  std::string out;
  size_t column = first_column;
  std::istringstream words(text);
  for (std::string word; words >> word;) {
    const size_t word_width = display_width(word);
    if (!out.empty()) {
      if (column + 1 + word_width > width) {
        out += "\n" + std::string(indent, ' ');
        column = indent;
      } else {
        out += ' ';
        ++column;
      }
    }
    out += word;
    column += word_width;
  }
  return out;
}

std::string HelpFormatter::make_help(const CLI::App* app, std::string, CLI::AppFormatMode) const {
  std::string out = usage_line(*app);
  if (!app->get_description().empty()) out += "\n" + paragraphs(app->get_description());
  const auto positionals = app->get_options([](const CLI::Option* o) { return o->get_positional() && shown(o); });
  if (!positionals.empty()) {
    out += "\nArguments:\n";
    for (const CLI::Option* option : positionals) {
      out += list_row(positional_name(*option, false), option->get_description());
    }
  }
  out += option_groups(*app);
  const auto commands = app->get_subcommands([](const CLI::App* sub) { return !sub->get_group().empty(); });
  if (!commands.empty()) {
    out += "\nCommands:\n";
    for (const CLI::App* command : commands) out += list_row(command->get_name(), command->get_description());
  }
  if (!app->get_footer().empty()) out += "\n" + paragraphs(app->get_footer());
  return out;
}

} // namespace coach::cli

// ---- coach help [COMMAND...] ----

namespace coach::cli {

namespace {

// Runs `argv` (found on PATH) attached to the terminal and returns its exit
// status, or -1 when it cannot be started or is killed; `quiet` sends its
// output and errors to /dev/null.
int run_program(const std::vector<std::string>& args, bool quiet) {
  std::vector<char*> argv;
  for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  std::cout.flush();
  const pid_t pid = ::fork();
  if (pid == 0) {
    if (quiet) {
      const int devnull = ::open("/dev/null", O_WRONLY);
      ::dup2(devnull, STDOUT_FILENO);
      ::dup2(devnull, STDERR_FILENO);
    }
    ::execvp(argv[0], argv.data());
    _exit(127);
  }
  if (pid < 0) return -1;
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) == 127) return -1;
  return WEXITSTATUS(status);
}

// The page of the source tree this coach was built from, when it runs from
// its build directory (a developer's `build/coach help rep`); else none, and
// man finds the installed page on MANPATH.
std::optional<std::filesystem::path> page_of_this_build(const std::string& page, char section) {
#if defined(COACH_SOURCE_MAN_DIR) && defined(COACH_BUILD_DIR)
  std::error_code ec;
  const auto exe = std::filesystem::canonical("/proc/self/exe", ec);
  if (ec || exe.parent_path() != std::filesystem::weakly_canonical(COACH_BUILD_DIR, ec)) return std::nullopt;
  const std::filesystem::path path = std::filesystem::path(COACH_SOURCE_MAN_DIR) / fmt::format("{}.{}", page, section);
  if (std::filesystem::is_regular_file(path, ec)) return path;
#else
  (void)page;
  (void)section;
#endif
  return std::nullopt;
}

// The command `words` name ("followups", "add"), or exit 4 naming the first unknown word.
const CLI::App& named_command(const CLI::App& root, const std::vector<std::string>& words) {
  const CLI::App* current = &root;
  for (const auto& word : words) {
    const auto commands = current->get_subcommands([](const CLI::App* sub) { return !sub->get_group().empty(); });
    const auto found = std::find_if(commands.begin(), commands.end(),
                                    [&](const CLI::App* sub) { return sub->get_name() == word; });
    if (found != commands.end()) {
      current = *found;
      continue;
    }
    std::vector<std::string_view> names;
    for (const CLI::App* sub : commands) names.push_back(sub->get_name());
    throw Error(ExitCode::not_found, fmt::format("'{} {}' is not a coach command{}; `coach help` lists them",
                                                 command_path(*current), word, key_suggestion(word, names)));
  }
  return *current;
}

// `coach help files`: the data directory's page, coach-files(5), as `git help` shows its guides.
int show_files_page(std::ostream& err) {
  if (const auto local = page_of_this_build("coach-files", '5')) {
    if (run_program({"man", "-l", local->string()}, false) == 0) return 0;
  } else if (run_program({"man", "5", "coach-files"}, false) == 0) {
    return 0;
  }
  err << "coach: note: the man page coach-files(5) cannot be shown (is man installed, the page on MANPATH?)\n";
  return 0; // as `help COMMAND` without man: a note, not a failure
}

int show_help(const CLI::App& root, const std::vector<std::string>& words, std::ostream& out, std::ostream& err) {
  if (words.size() == 1 && words.front() == "files") return show_files_page(err);
  const CLI::App& command = named_command(root, words);
  // The formatter itself: App::help() would describe the command chosen on this line, `help`.
  const auto help_of = [](const CLI::App& app) {
    return app.get_formatter()->make_help(&app, app.get_name(), CLI::AppFormatMode::Normal);
  };
  if (words.empty()) {
    out << help_of(root);
    return 0;
  }
  // One page per top-level command, as the man/ directory has them: `help followups add` is coach-followups(1).
  const std::string page = "coach-" + words.front();
  if (const auto local = page_of_this_build(page, '1')) {
    if (run_program({"man", "-l", local->string()}, false) == 0) return 0;
  } else if (run_program({"man", "-w", page}, true) == 0 && run_program({"man", page}, false) == 0) {
    return 0;
  }
  out << help_of(command);
  out.flush();
  err << fmt::format("coach: note: the man page {}(1) cannot be shown (is man installed, the page on MANPATH?); "
                     "this is `{} --help`\n",
                     page, command_path(command));
  return 0;
}

} // namespace

CommandBody help_command(CLI::App& cmd) {
  auto words = std::make_shared<std::vector<std::string>>();
  cmd.fallthrough(false); // `coach help rep add`: the words are help's, not commands to run
  cmd.add_option("COMMAND", *words, "A command, or a group and its command (rep add)")->type_name("");
  cmd.footer("`coach help COMMAND` shows the man page coach-COMMAND(1); without man, the command's --help.\n"
             "`coach help files` shows coach-files(5), the data directory's files.");
  const CLI::App* root = cmd.get_parent();
  return
      [root, words](const Setup& setup) { return show_help(*root, *words, setup.context.out(), setup.context.err()); };
}

} // namespace coach::cli
