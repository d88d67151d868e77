#pragma once
// What coach writes to a terminal is made safe to show there: a note, a name
// or a promise may hold any character (the files keep them, escaped), and a
// control character or an escape sequence in one would move the cursor,
// retitle the window or hide text. coach's own colors stay.

#include <streambuf>
#include <string>

namespace coach::cli {

/// A stream buffer in front of `target` that passes text on, showing C0
/// control characters other than tab and line feed in caret notation (^[,
/// ^G, ^M unless a line feed follows, ^? for DEL) and C1 control characters
/// (U+0080..U+009F) as U+FFFD, except escape sequences that only set colors
/// (ESC [ digits and ; m), which pass as they are.
class TerminalSafeBuffer : public std::streambuf {
public:
  explicit TerminalSafeBuffer(std::streambuf* target) : m_target(target) {}

protected:
  int_type overflow(int_type c) override;
  std::streamsize xsputn(const char* s, std::streamsize n) override;
  int sync() override;

private:
  void put(unsigned char c);
  void emit(const char* s, size_t n) { m_target->sputn(s, static_cast<std::streamsize>(n)); }
  void emit_caret(unsigned char c);
  /// Writes what is held back (a sequence cut short) as plain characters.
  void release_pending();

  std::streambuf* m_target;
  std::string m_pending; // an escape sequence, a lone CR or a 0xC2 lead byte not yet decided
};

/// Puts a TerminalSafeBuffer in front of standard output and standard error
/// where each is a terminal; for the life of the process.
void make_terminal_output_safe();

} // namespace coach::cli
