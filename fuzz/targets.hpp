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

} // namespace coach::fuzz
