#pragma once

#include <string_view>

namespace coach::fuzz {

// Each target feeds arbitrary bytes to one parser. coach::Error is the
// expected way to refuse bad input; any other exception, crash, hang or
// sanitizer report is a bug. The unit tests replay every file in
// fuzz/regressions/<target>/ through the same functions.
void rep_file(std::string_view data);
void settings(std::string_view data);
void date(std::string_view data);
void meeting_template(std::string_view data);
// Differential: when the fast subset reader accepts `data`, yaml-cpp's path
// must accept it too and build the same tree with the same places. Throws
// std::logic_error naming the first difference otherwise.
void yaml_subset(std::string_view data);
/// The same check; whether the fast reader took the text (for tests that count).
bool yaml_subset_reads(std::string_view data);

} // namespace coach::fuzz
