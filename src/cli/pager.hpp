#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <sys/types.h>

namespace coach::cli {

class Context;

/// The commands whose output can be long, which page on a terminal as git's
/// do (by their name as typed: "rep list"); `prep` fits one screen by design.
bool pages_its_output(std::string_view command);

/// The pager command a user chose: COACH_PAGER, else coach.yaml's `pager:`
/// (`pager_setting`), else PAGER, else "less"; none when the one found is
/// empty, `false` or `cat` (paging through cat is not paging).
std::optional<std::string> chosen_pager(const std::optional<std::string>& pager_setting);

/// Standard output sent through a pager, as git's setup_pager: started when
/// standard output is a terminal, finished (the pager waited for) by
/// finish() or the destructor, so the exit code is the command's.
class Pager {
public:
  /// Starts `command` (run by sh) with its input from a pipe that becomes
  /// coach's standard output, LESS=FRX when LESS is unset (less exits at once
  /// when the text fits one screen, keeps colors), COLUMNS the terminal's
  /// width; does nothing (active() false) when it cannot be started.
  explicit Pager(const std::string& command);
  ~Pager();
  Pager(const Pager&) = delete;
  Pager& operator=(const Pager&) = delete;

  bool active() const { return m_pid > 0; }
  /// Flushes standard output, closes it and waits until the reader quits.
  void finish();

private:
  pid_t m_pid = -1;
};

/// Starts the pager for `command` (the command as typed, e.g. "rep list")
/// when it pages its output, standard output is a terminal and --no-pager
/// is not given; tells `context` so that colors and the width stay those of
/// the terminal. Returns none when nothing is paged.
std::unique_ptr<Pager> start_pager_for(std::string_view command, Context& context);

} // namespace coach::cli
