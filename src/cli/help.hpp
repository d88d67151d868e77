#pragma once

#include <string>

#include <CLI/CLI.hpp>

namespace coach::cli {

/// `--help` written as git's: a usage line (`usage: coach followups add
/// [options] REP TEXT...`), the summary, then the arguments, options and
/// commands, names aligned and descriptions wrapped so that no line is over
/// 80 columns; no option-library notation (`TEXT REQUIRED`, `:{week,month}`).
class HelpFormatter : public CLI::Formatter {
public:
  std::string make_help(const CLI::App* app, std::string name, CLI::AppFormatMode mode) const override;
};

/// The full name of a command as typed: "coach followups add".
std::string command_path(const CLI::App& app);

/// `text` wrapped at spaces so that each line, `indent` spaces added before
/// every line but the first, is at most `width` columns from `first_column`
/// (the column where the first line starts).
std::string wrap_text(const std::string& text, size_t first_column, size_t indent, size_t width);

} // namespace coach::cli
