// `coach edit REP`: the rep's file opened in the editor, as `crontab -e` and
// `visudo` do: the text is edited in a copy, and written over the file only
// when it reads with every check a rep file gets, and only when the file did
// not change meanwhile. A text that does not read is reopened on request, or
// kept aside in .coach/ for `coach edit REP --resume`; it is never written
// half valid.
#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <ostream>

#include <unistd.h>

#include <fmt/format.h>

#include <coach/audit.hpp>
#include <coach/error.hpp>
#include <coach/files.hpp>
#include <coach/text.hpp>

#include "context.hpp"
#include "record_entry.hpp"

namespace coach::cli {

namespace fs = std::filesystem;

namespace {

struct EditOptions {
  std::string rep;
  bool resume = false;
};

// Texts kept aside are .coach/EDIT-ID-XXXXXX.yaml: the newest is the one
// --resume reopens. Beside each, EDIT-ID-XXXXXX.yaml.base holds the file's
// text it began from: a kept edit is written only over that very text, so
// that a record logged since is never lost to it.
constexpr const char* base_suffix = ".base";

std::string kept_prefix(const Rep& rep) {
  return fmt::format("EDIT-{}-", rep.id);
}

std::optional<fs::path> newest_kept(const DataDir& dir, const Rep& rep) {
  std::optional<fs::path> newest;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(dir.private_dir(), error)) {
    const std::string name = entry.path().filename().string();
    if (!starts_with(name, kept_prefix(rep)) || entry.path().extension() != ".yaml") continue; // not a .base
    if (!newest || fs::last_write_time(entry.path(), error) > fs::last_write_time(*newest, error))
      newest = entry.path();
  }
  return newest;
}

// A private copy for the editor, named so that editors color it as YAML.
std::string new_editor_copy(const DataDir& dir, const Rep& rep, const std::string& text) {
  const std::string name = new_editor_file(dir, kept_prefix(rep) + "XXXXXX.yaml", 5, text);
  write_file_atomic(name + base_suffix, text);
  return name;
}

// What `audit --data` calls an error in the edited rep (a date in the future, a
// promise kept before it was made...): refused as the reader's errors are.
// `edited` was read from the copy the user edited; audit sees it at the rep's
// own path (its id is the file's name), and the place names the copy again.
void refuse_data_errors(const Setup& setup, const Rep& rep, Rep edited) {
  const DataDir& dir = setup.dir();
  const Date today = setup.today();
  const std::string copy = edited.path;
  edited.path = rep.path;
  AuditRequest request{today, today, {"data"}, true, (dir.root() / settings_file_name).string()};
  for (const Finding& finding : run_audit(dir.load_settings(), {edited}, {}, request)) {
    if (finding.severity == Severity::error && finding.rep_id == edited.id) {
      std::string place = finding.place;
      if (place.starts_with(rep.path)) place = copy + place.substr(rep.path.size());
      throw Error(ExitCode::data, fmt::format("{}: {}", place, finding.message));
    }
  }
}

// On a terminal: what to do with a text that does not read. 'e' edits again, 'k' keeps it aside, 'q' throws it away.
char ask_what_now(Context& context) {
  while (true) {
    context.err() << "What now? (e)dit again, (k)eep it aside, (q)uit without saving [e]: " << std::flush;
    std::string answer;
    if (!std::getline(std::cin, answer)) return 'k';
    const std::string choice = to_lower(trim(answer));
    if (choice.empty() || choice == "e") return 'e';
    if (choice == "k" || choice == "q") return choice[0];
  }
}

struct Session {
  const Setup& setup;
  const Rep& rep;
  std::string original; // the file's text when the edit began
  std::string path;     // the editor's copy
  bool keep = true;     // whether the copy stays when the session ends

  ~Session() {
    if (keep || path.empty()) return;
    ::unlink(path.c_str());
    ::unlink((path + base_suffix).c_str());
  }

  Error kept(const Error& error) const {
    return Error(error.code(), fmt::format("{}; nothing was written, your text is kept in {}: `coach edit {} "
                                           "--resume` reopens it",
                                           error.what(), path, rep.id));
  }

  int finish(const std::string& text);
};

// Writes `text` when it differs from the file; either way the editor's copy is no longer needed.
int Session::finish(const std::string& text) {
  Context& context = setup.context;
  const DataDir& dir = setup.dir();
  if (text == original) {
    keep = false;
    context.out() << fmt::format("No changes to {}\n", rep_file_in_dir(rep));
    return 0;
  }
  dir.replace_rep_file(rep, original, text,
                       setup.committer([&](const WrittenChange&) { return fmt::format("edit: {}", rep.name); }));
  keep = false;
  context.out() << fmt::format("Saved {}\n", rep_file_in_dir(rep));
  return 0;
}

int run_edit(const EditOptions& options, const Setup& setup) {
  Context& context = setup.context;
  const DataDir& dir = setup.dir();
  const Rep rep = dir.find_rep(options.rep);
  const std::optional<fs::path> waiting = newest_kept(dir, rep);
  if (options.resume && !waiting) {
    throw Error(ExitCode::not_found,
                fmt::format("no edit of {} is kept aside; `coach edit {}` opens the file", rep.name, rep.id));
  }
  if (waiting && !options.resume) {
    context.err() << fmt::format("note: an edit of {} is kept aside in {}: `coach edit {} --resume` reopens it\n",
                                 rep.name, waiting->string(), rep.id);
  }
  refuse_unrunnable_editor(); // before a copy is made for it
  // A kept text is edited where it is, and removed once it is saved.
  Session session{setup, rep, {}, {}};
  if (options.resume) {
    session.path = waiting->string();
    session.original = read_text_file(session.path + base_suffix, max_yaml_file_size);
  } else {
    session.original = read_text_file(rep.path, max_yaml_file_size);
    session.path = new_editor_copy(dir, rep, session.original);
  }
  std::string text = read_text_file(session.path, max_yaml_file_size);
  while (true) {
    const int status = run_editor(session.path);
    if (!fs::exists(session.path)) { // the editor removed its file: nothing to save
      session.keep = false;
      throw Error(ExitCode::aborted, fmt::format("the editor removed {}; nothing was written", session.path));
    }
    const std::string edited = read_text_file(session.path, max_yaml_file_size);
    if (status != 0) {
      session.keep = options.resume || edited != text; // kept only when the user typed something
      const Error error(ExitCode::aborted, fmt::format("the editor exited with status {}{}", status,
                                                       status == 127 ? " (VISUAL/EDITOR cannot be run)" : ""));
      throw session.keep ? session.kept(error)
                         : Error(error.code(), std::string(error.what()) + "; nothing was written");
    }
    try {
      if (edited != session.original) refuse_data_errors(setup, rep, dir.checked_rep_text(rep, edited, session.path));
      return session.finish(edited);
    } catch (const Error& e) {
      if (e.code() != ExitCode::data || !context.stdin_is_terminal() || !::isatty(STDERR_FILENO)) throw session.kept(e);
      context.err() << "coach: error: " << e.what() << "\n";
      const char choice = ask_what_now(context);
      if (choice == 'k') throw session.kept(e);
      if (choice == 'q') {
        session.keep = false;
        context.err() << "nothing was written\n";
        return static_cast<int>(ExitCode::data);
      }
      text = edited;
    }
  }
}

} // namespace

CommandBody edit_command(CLI::App& cmd) {
  auto edit = std::make_shared<EditOptions>();
  cmd.add_option("REP", edit->rep, "The rep: id, name or a unique part of it")->required();
  cmd.add_flag("--resume", edit->resume, "Reopen the text of an edit kept aside");
  return [edit](const Setup& setup) { return run_edit(*edit, setup); };
}

} // namespace coach::cli
