#include "terminal_text.hpp"

#include <unistd.h>

#include <iostream>

namespace coach::cli {

namespace {

bool passes(unsigned char c) {
  return (c >= 0x20 && c != 0x7f && c != 0xc2) || c == '\t' || c == '\n';
}

bool is_color_parameter(unsigned char c) {
  return (c >= '0' && c <= '9') || c == ';';
}

} // namespace

void TerminalSafeBuffer::emit_caret(unsigned char c) {
  const char caret[2] = {'^', static_cast<char>(c == 0x7f ? '?' : c + '@')};
  emit(caret, 2);
}

void TerminalSafeBuffer::release_pending() {
  if (m_pending.empty()) return;
  const std::string held = std::move(m_pending);
  m_pending.clear();
  const auto first = static_cast<unsigned char>(held[0]);
  if (first == 0xc2) {
    emit(held.data(), 1); // a lead byte at the very end: not a C1 control
    return;
  }
  emit_caret(first); // ESC or CR
  for (size_t i = 1; i < held.size(); ++i) put(static_cast<unsigned char>(held[i]));
}

void TerminalSafeBuffer::put(unsigned char c) {
  if (!m_pending.empty()) {
    const auto first = static_cast<unsigned char>(m_pending[0]);
    if (first == 0xc2) { // U+0080..U+009F are C1 controls (0x9b is a CSI to some terminals)
      m_pending.clear();
      if (c >= 0x80 && c <= 0x9f) {
        emit("\xef\xbf\xbd", 3);
        return;
      }
      emit("\xc2", 1);
    } else if (first == '\r') {
      m_pending.clear();
      if (c == '\n') {
        emit("\r\n", 2);
        return;
      }
      emit_caret('\r');
    } else { // an escape sequence: ESC [ parameters m sets colors, anything else is shown
      const bool color_so_far = m_pending.size() == 1 ? c == '[' : is_color_parameter(c) || c == 'm';
      if (color_so_far && m_pending.size() < 32) {
        m_pending += static_cast<char>(c);
        if (c == 'm') {
          emit(m_pending.data(), m_pending.size());
          m_pending.clear();
        }
        return;
      }
      release_pending();
    }
  }
  if (passes(c)) {
    const char byte = static_cast<char>(c);
    emit(&byte, 1);
  } else if (c == 0x1b || c == '\r' || c == 0xc2) {
    m_pending = static_cast<char>(c);
  } else {
    emit_caret(c);
  }
}

TerminalSafeBuffer::int_type TerminalSafeBuffer::overflow(int_type c) {
  if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
  put(static_cast<unsigned char>(traits_type::to_char_type(c)));
  return c;
}

std::streamsize TerminalSafeBuffer::xsputn(const char* s, std::streamsize n) {
  std::streamsize done = 0;
  while (done < n) {
    // The common case, a run of plain text, is passed on whole.
    std::streamsize run = 0;
    while (m_pending.empty() && done + run < n && passes(static_cast<unsigned char>(s[done + run]))) ++run;
    if (run > 0) {
      emit(s + done, static_cast<size_t>(run));
      done += run;
      continue;
    }
    put(static_cast<unsigned char>(s[done++]));
  }
  return n;
}

int TerminalSafeBuffer::sync() {
  release_pending();
  return m_target->pubsync();
}

void make_terminal_output_safe() {
  // Never destroyed: the streams are flushed (sync releases what is held back)
  // after every static object is gone, and they would write through a dead buffer.
  if (::isatty(STDOUT_FILENO) == 1) std::cout.rdbuf(new TerminalSafeBuffer(std::cout.rdbuf()));
  if (::isatty(STDERR_FILENO) == 1) std::cerr.rdbuf(new TerminalSafeBuffer(std::cerr.rdbuf()));
}

} // namespace coach::cli
