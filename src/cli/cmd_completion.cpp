// `coach completion bash|zsh|fish` prints a thin script for the shell; the
// script asks the hidden `coach __complete SHELL WORD... CURRENT` for the words
// to offer, which walks the very CLI11 tree the command table built: a new
// command, option or choice is offered without a line here.
#include <algorithm>
#include <cstdlib>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include <coach/activities.hpp>
#include <coach/audit.hpp>
#include <coach/data_dir.hpp>
#include <coach/team_file.hpp>
#include <coach/text.hpp>

#include "context.hpp"
#include "output.hpp"

namespace coach::cli {

namespace {

// The one line that tells a script to let the shell complete a path itself.
constexpr std::string_view files_directive = ":files";
constexpr std::string_view directories_directive = ":dirs";
constexpr size_t description_width = 50;

struct Candidate {
  std::string word;
  std::string description;
};
using Candidates = std::vector<Candidate>;

// Where the words before the current one leave the command line.
struct Walk {
  const CLI::App* command = nullptr;
  std::vector<std::string> arguments;   // the positional arguments given to `command`
  const CLI::Option* pending = nullptr; // the option whose value the current word is
  std::optional<std::string> dir;       // -C/--dir given on the line
  bool foreign = false;                 // after `coach git`: git's words, not coach's
};

bool is_dir_option(const CLI::Option& option) {
  return option.check_name("-C");
}

bool shown(const CLI::App& command) {
  return !command.get_group().empty(); // hidden commands (merge-driver, __complete) have none
}

// The option `name` ("--format", "-C") of `command` or of a command above it,
// where options fall through to (`coach rep show -C DIR`).
const CLI::Option* find_option(const CLI::App* command, const std::string& name) {
  for (; command; command = command->get_parent()) {
    if (const CLI::Option* option = command->get_option_no_throw(name)) return option;
  }
  return nullptr;
}

const CLI::App* shown_subcommand(const CLI::App& command, const std::string& name) {
  for (const CLI::App* sub : command.get_subcommands({})) {
    if (sub->get_name() == name) return sub;
  }
  return nullptr;
}

// Follows `words` (those before the current one) down the command tree.
// bash hands the words as typed: `-C "my team"` or `-C my\ team` is the folder
// my team. Quotes and backslashes are taken off as the shell would; zsh and
// fish hand them unquoted already.
std::vector<std::string> shell_unquoted(const std::vector<std::string>& words) {
  std::vector<std::string> out;
  for (const auto& word : words) {
    std::string plain;
    char quote = 0;
    for (size_t i = 0; i < word.size(); ++i) {
      const char c = word[i];
      const bool escaped_next = c == '\\' && i + 1 < word.size();
      if (quote == '\'') {
        if (c == '\'') quote = 0;
        else plain += c;
      } else if (quote == '"') {
        if (c == '"') quote = 0;
        else if (escaped_next && std::string_view("\"\\$`").find(word[i + 1]) != std::string_view::npos)
          plain += word[++i];
        else plain += c;
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (escaped_next) {
        plain += word[++i];
      } else {
        plain += c;
      }
    }
    if (plain.starts_with("~/")) {
      if (const char* home = std::getenv("HOME")) plain = home + plain.substr(1);
    }
    out.push_back(std::move(plain));
  }
  return out;
}

Walk walk_line(const CLI::App& root, const std::vector<std::string>& words) {
  Walk walk;
  walk.command = &root;
  bool only_arguments = false; // after "--"
  for (const auto& word : words) {
    if (walk.foreign) break;
    if (walk.pending) {
      if (is_dir_option(*walk.pending) && !walk.dir) walk.dir = word;
      walk.pending = nullptr;
    } else if (!only_arguments && word == "--") {
      only_arguments = true;
    } else if (!only_arguments && word.size() > 2 && word.starts_with("-C")) {
      if (!walk.dir) walk.dir = word.substr(2); // -CDIR, as CLI11 reads it
    } else if (!only_arguments && word.size() > 1 && word.front() == '-') {
      const size_t equals = word.find('=');
      const CLI::Option* option = find_option(walk.command, word.substr(0, equals));
      if (!option || option->get_expected_max() == 0) continue; // a flag, or unknown: takes no word
      if (equals == std::string::npos) walk.pending = option;
      else if (is_dir_option(*option) && !walk.dir) walk.dir = word.substr(equals + 1);
    } else if (const CLI::App* sub = walk.arguments.empty() ? shown_subcommand(*walk.command, word) : nullptr) {
      walk.command = sub;
      walk.foreign = sub->get_prefix_command();
    } else {
      walk.arguments.push_back(word);
    }
  }
  return walk;
}

std::vector<std::string> split_at(std::string_view text, char separator) {
  std::vector<std::string> parts;
  for (size_t start = 0;;) {
    const size_t end = text.find(separator, start);
    parts.emplace_back(text.substr(start, end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

// The choices of a value as the option itself declares them: a set check
// (CLI11 adds "{week,month}" to its type name), or a type name listing its
// words (me|rep; DAYS|default, where the capitalized part is no word).
std::vector<std::string> declared_choices(const CLI::Option& option) {
  const std::string full = option.get_type_name();
  std::vector<std::string> choices;
  const size_t set = full.find(":{");
  const size_t end = full.find('}', set);
  if (set != std::string::npos && end != std::string::npos) {
    for (const auto& choice : split_at(full.substr(set + 2, end - set - 2), ',')) choices.push_back(choice);
    return choices;
  }
  const std::string type = full.substr(0, full.find(':'));
  if (type.find('|') == std::string::npos) return {};
  for (const auto& word : split_at(type, '|')) {
    if (to_lower(word) == word) choices.push_back(word);
  }
  return choices;
}

Candidates matching(Candidates candidates, std::string_view current) {
  std::erase_if(candidates, [&](const Candidate& candidate) { return !starts_with(candidate.word, current); });
  return candidates;
}

// The active reps whose id starts with `current`; when none does, those whose
// name holds it (`coach prep chen` completes to alice-chen).
Candidates rep_words(const DataDir& dir, std::string_view current) {
  std::vector<LoadFailure> unreadable; // left out: completion never reports a broken file
  Candidates by_id;
  Candidates by_name;
  const std::string lowered = to_lower(current);
  for (const auto& entry : dir.load_roster(&unreadable)) {
    if (entry.archived || entry.name.empty() || is_team_file_path(entry.path)) continue;
    if (starts_with(entry.id, current)) by_id.push_back({entry.id, entry.name});
    else if (!current.empty() && to_lower(entry.name).find(lowered) != std::string::npos) {
      by_name.push_back({entry.id, entry.name});
    }
  }
  return by_id.empty() ? by_name : by_id;
}

// Every rep and team file, read through the cache; unreadable ones left out.
std::vector<Rep> loaded_files(const DataDir& dir) {
  std::vector<LoadFailure> unreadable;
  std::vector<Rep> reps = dir.load_reps(&unreadable);
  for (auto& team : dir.load_team_files(&unreadable)) reps.push_back(std::move(team));
  return reps;
}

std::string whose(const Rep& rep) {
  return is_team_file_path(rep.path) ? "team" : rep.name;
}

// The words for an argument naming a promise or a record, with what they are.
Candidates id_words(const DataDir& dir, ArgumentWords words) {
  Candidates ids;
  for (const Rep& rep : loaded_files(dir)) {
    if (words == ArgumentWords::open_joint_calls) {
      if (is_team_file_path(rep.path)) continue;
      for (const Record* call : open_joint_calls(rep)) {
        ids.push_back({call->id, fmt::format("joint call {}, {}", call->date.iso(), rep.name)});
      }
      continue;
    }
    for (const Record& record : rep.records) {
      if (words == ArgumentWords::records) {
        const KindSpec* kind = record.spec();
        ids.push_back({record.id, fmt::format("{} {}, {}", kind ? kind->title : std::string_view(record.kind),
                                              record.date.iso(), whose(rep))});
      }
      for (const Promise& promise : record.promises) {
        if (words == ArgumentWords::records || promise.is_open()) {
          ids.push_back({promise.id, fmt::format("{}: {}", whose(rep), promise.text)});
        }
      }
    }
  }
  return ids;
}

// `coach help rep <TAB>`: the commands of the command the words so far name.
Candidates command_words(const CLI::App& root, const std::vector<std::string>& words) {
  const CLI::App* command = &root;
  for (const auto& word : words) {
    command = shown_subcommand(*command, word);
    if (!command) return {};
  }
  Candidates names;
  for (const CLI::App* sub : command->get_subcommands({})) {
    if (shown(*sub)) names.push_back({sub->get_name(), sub->get_description()});
  }
  if (words.empty()) names.push_back({"files", "The data directory's files, coach-files(5)"});
  return names;
}

// The data directory as every command finds it, the line's -C first; none,
// silently, when there is none.
std::optional<DataDir> data_dir_of(const Context& context, const std::optional<std::string>& dir) {
  DirectoryHints hints = context.directory_hints();
  if (dir) {
    const bool home_relative = starts_with(*dir, "~/") && hints.home; // as typed: the shell expands it later
    hints.explicit_dir = home_relative ? *hints.home + dir->substr(1) : *dir;
  }
  try {
    return DataDir(find_data_dir(hints));
  } catch (const Error&) {
    return std::nullopt;
  }
}

struct Request {
  const Context& context;
  const CLI::App& root;
  const Walk& walk;
  std::string current;
};

// The words that may follow an option or stand as an argument, from the
// table's ArgumentWords or else from the option itself.
Candidates value_words(const Request& request, const CLI::Option& option, ArgumentWords words) {
  if (words == ArgumentWords::commands)
    return matching(command_words(request.root, request.walk.arguments), request.current);
  if (words == ArgumentWords::from_option) {
    Candidates choices;
    for (auto& choice : declared_choices(option)) choices.push_back({std::move(choice), ""});
    if (!choices.empty()) return matching(choices, request.current);
    const std::string name = option.get_positional() ? option.get_name(true) : option.get_type_name();
    const std::string type = name.substr(0, name.find(':'));
    if (type == "FILE") return {{std::string(files_directive), ""}};
    if (type == "DIR") return {{std::string(directories_directive), ""}};
    if (type != "REP") return {};
    words = ArgumentWords::reps;
  }
  const auto dir = data_dir_of(request.context, request.walk.dir);
  if (!dir) return {};
  if (words == ArgumentWords::reps) return rep_words(*dir, request.current);
  return matching(id_words(*dir, words), request.current);
}

// What the table says the command's first argument takes: its own row's, else its parent's (log's kinds).
ArgumentWords table_words(const Context& context, const CLI::App* command) {
  for (; command; command = command->get_parent()) {
    if (const auto row = context.argument_words.find(command); row != context.argument_words.end()) {
      return row->second;
    }
  }
  return ArgumentWords::from_option;
}

Candidates argument_words(const Request& request) {
  const CLI::App& command = *request.walk.command;
  const auto positionals = command.get_options([](const CLI::Option* option) { return option->get_positional(); });
  const size_t given = request.walk.arguments.size();
  const CLI::Option* argument = nullptr;
  if (given < positionals.size()) argument = positionals[given];
  else if (!positionals.empty() && positionals.back()->get_items_expected_max() > 1) argument = positionals.back();
  if (!argument) return {};
  ArgumentWords words = table_words(request.context, &command);
  // The table names what the first argument takes (REP of followups add, not its TEXT); help's are all commands.
  if (given > 0 && words != ArgumentWords::commands) words = ArgumentWords::from_option;
  return value_words(request, *argument, words);
}

Candidates option_names(const CLI::App& command, std::string_view current) {
  Candidates names;
  for (const CLI::Option* option : command.get_options({})) {
    if (option->get_positional() || option->get_group().empty()) continue;
    for (const auto& name : option->get_lnames()) {
      names.push_back({"--" + name, option->get_description()});
    }
    if (current.size() > 1) continue; // "--": the long names alone
    for (const auto& name : option->get_snames()) names.push_back({"-" + name, option->get_description()});
  }
  return matching(names, current);
}

Candidates candidates_for(const Request& request) {
  const Walk& walk = request.walk;
  const std::string& current = request.current;
  if (walk.foreign) return {};
  if (walk.pending) return value_words(request, *walk.pending, ArgumentWords::from_option);
  if (starts_with(current, "--") && current.find('=') != std::string::npos) {
    const std::string name = current.substr(0, current.find('='));
    const CLI::Option* option = find_option(walk.command, name);
    if (!option || option->get_expected_max() == 0) return {};
    Request value = request;
    value.current = current.substr(name.size() + 1);
    Candidates values = value_words(value, *option, ArgumentWords::from_option);
    // A path after '=': left to the shell, which completes what follows the '='.
    if (values.size() == 1 && starts_with(values.front().word, ":")) return values;
    for (auto& candidate : values) candidate.word = name + "=" + candidate.word;
    return values;
  }
  if (starts_with(current, "-")) return option_names(*walk.command, current);
  Candidates words;
  if (walk.arguments.empty()) {
    for (const CLI::App* sub : walk.command->get_subcommands({})) {
      if (shown(*sub)) words.push_back({sub->get_name(), sub->get_description()});
    }
    words = matching(words, current);
  }
  for (auto& word : argument_words(request)) words.push_back(std::move(word));
  return words;
}

// One word a line; for zsh and fish a tab and its description, on one line and cut short.
void print_candidates(std::ostream& out, const Candidates& candidates, bool described) {
  for (const Candidate& candidate : candidates) {
    std::string description = candidate.description;
    std::replace_if(
        description.begin(), description.end(), [](char c) { return c == '\t' || c == '\n' || c == '\r'; }, ' ');
    out << candidate.word;
    if (described && !description.empty()) out << '\t' << fit(trim(description), description_width);
    out << '\n';
  }
}

int run_complete(const Setup& setup, const CLI::App& root, std::vector<std::string> args) {
  if (args.empty()) return 0;
  const std::string shell = args.front();
  const std::string current = args.size() > 1 ? args.back() : "";
  const std::vector<std::string> before(args.begin() + std::min<size_t>(args.size(), 1),
                                        args.end() - (args.size() > 1 ? 1 : 0));
  const Walk walk = walk_line(root, shell == "bash" ? shell_unquoted(before) : before);
  print_candidates(setup.context.out(), candidates_for({setup.context, root, walk, current}), shell != "bash");
  return 0;
}

// The scripts: each hands the words before the cursor and the current one to
// `coach __complete`, the program as typed first (a build's ./coach completes itself).
constexpr std::string_view bash_script = R"SCRIPT(# bash completion for coach, printed by `coach completion bash`.
# Load it with: source <(coach completion bash)
_coach() {
    local cur words cword
    if declare -F _get_comp_words_by_ref >/dev/null; then
        _get_comp_words_by_ref -n =: cur words cword
    else
        words=("${COMP_WORDS[@]}")
        cword=$COMP_CWORD
        cur=${COMP_WORDS[COMP_CWORD]}
    fi
    local -a candidates
    mapfile -t candidates < <("${words[0]/#\~/$HOME}" __complete bash "${words[@]:1:cword-1}" "$cur" 2>/dev/null)
    local IFS=$'\n' option=
    [[ $cur == --*=* ]] && option=${cur%%=*}=   # --format=j: the words come as --format=json
    case ${candidates[0]-} in
    :files) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -P "$option" -- "${cur#"$option"}")) ;;
    :dirs) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -P "$option" -- "${cur#"$option"}")) ;;
    *) COMPREPLY=("${candidates[@]}") ;;
    esac
    # readline replaces only what follows the = (a word break): hand it that part alone.
    if [[ -n $option && $COMP_WORDBREAKS == *=* ]]; then COMPREPLY=("${COMPREPLY[@]#"$option"}"); fi
    if declare -F __ltrim_colon_completions >/dev/null; then __ltrim_colon_completions "$cur"; fi
}
complete -F _coach coach
)SCRIPT";

constexpr std::string_view zsh_script = R"SCRIPT(#compdef coach
# zsh completion for coach, printed by `coach completion zsh`.
# Load it with: eval "$(coach completion zsh)" after compinit, or save it as _coach in a directory of $fpath.
_coach() {
  local -a lines described
  local line word description
  lines=("${(@f)$(${~words[1]} __complete zsh "${(@)words[2,CURRENT-1]}" "$PREFIX" 2>/dev/null)}")
  case $lines[1] in
    (:files) compset -P '--*='; _files; return ;;
    (:dirs) compset -P '--*='; _files -/; return ;;
  esac
  for line in $lines; do
    [[ -n $line ]] || continue
    word=${line%%$'\t'*}
    description=
    [[ $line == *$'\t'* ]] && description=${line#*$'\t'}
    described+=("${word//:/\\:}${description:+:$description}")
  done
  (( $#described )) && _describe -t values coach described
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  _coach "$@"
else
  compdef _coach coach
fi
)SCRIPT";

constexpr std::string_view fish_script = R"SCRIPT(# fish completion for coach, printed by `coach completion fish`.
# Load it with: coach completion fish | source
function __coach_complete
    set -l tokens (commandline -opc)
    set -l current (commandline -ct)
    set -l lines ($tokens[1] __complete fish $tokens[2..-1] "$current" 2>/dev/null)
    switch "$lines[1]"
        case :files
            set -l option (string match -r -- '^--[^=]*=' $current)
            __fish_complete_path (string replace -r -- '^--[^=]*=' '' $current) | string replace -r -- '^' "$option"
        case :dirs
            set -l option (string match -r -- '^--[^=]*=' $current)
            __fish_complete_directories (string replace -r -- '^--[^=]*=' '' $current) "" | string replace -r -- '^' "$option"
        case '*'
            for line in $lines
                echo $line
            end
    end
end
complete -c coach -f -a '(__coach_complete)'
)SCRIPT";

} // namespace

CommandBody completion_command(CLI::App& cmd) {
  auto shell = std::make_shared<std::string>();
  cmd.add_option("SHELL", *shell, "bash, zsh or fish")->required()->check(CLI::IsMember({"bash", "zsh", "fish"}));
  cmd.footer("bash: source <(coach completion bash) in ~/.bashrc; zsh: eval \"$(coach completion zsh)\" after "
             "compinit in ~/.zshrc; fish: coach completion fish > ~/.config/fish/completions/coach.fish. "
             "An installed coach has them where the shells look already. See coach-completion(1).");
  return [shell](const Setup& setup) {
    setup.context.out() << (*shell == "bash" ? bash_script : *shell == "zsh" ? zsh_script : fish_script);
    return 0;
  };
}

CommandBody complete_command(CLI::App& cmd) {
  // Every word after __complete is the line's, options and --help included:
  // CLI11 stops at the first word and leaves them all in remaining().
  cmd.prefix_command();
  cmd.fallthrough(false);
  cmd.set_help_flag();
  const CLI::App* root = cmd.get_parent();
  return [&cmd, root](const Setup& setup) {
    try {
      return run_complete(setup, *root, cmd.remaining());
    } catch (const std::exception&) {
      return 0; // completion is silent: a broken file or directory offers fewer words, never an error
    }
  };
}

} // namespace coach::cli
