#pragma once

#include <stdexcept>
#include <string>

namespace coach {

/// The exit codes of every `coach` command; documented in coach(1).
enum class ExitCode : int {
  ok = 0,
  findings = 1,  // a check found something (audit)
  usage = 2,     // bad arguments or options
  data = 3,      // a file does not parse or holds invalid data
  not_found = 4, // no data directory, unknown or ambiguous rep or id
  exists = 5,    // the thing to create exists already
  io = 6,        // a file or directory could not be read, written or locked
  aborted = 7,   // the user aborted (empty editor template)
  internal = 70, // a bug in coach
};

/// The one exception type that crosses the command boundary: a message for
/// the user (one line, naming the file, line and field or the argument at
/// fault) and the exit code it maps to.
class Error : public std::runtime_error {
public:
  Error(ExitCode code, const std::string& message) : std::runtime_error(message), m_code(code) {}
  ExitCode code() const { return m_code; }

private:
  ExitCode m_code;
};

} // namespace coach
