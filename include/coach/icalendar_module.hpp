#pragma once
// Finding and opening coach-icalendar.so, the module that writes iCalendar
// text with libical (coach/icalendar_abi.h says why it is one).

#include <filesystem>
#include <vector>

#include <coach/icalendar_abi.h>

namespace coach {

/// The module's functions.
struct IcalendarModule {
  char* (*write)(const coach_ical_entry* entries, size_t count, const coach_ical_header* header) = nullptr;
  void (*free)(char* text) = nullptr;
};

/// Where coach looks for coach-icalendar.so, in order: beside the running
/// executable (a build directory; the unit tests get a copy beside them), and
/// the install's module folder, relative to the executable first (a moved
/// install or a package unpacked elsewhere), then as configured.
std::vector<std::filesystem::path> icalendar_module_dirs();

/// The module, opened once per process. Throws coach::Error (io) naming the
/// folders looked in when it is missing, cannot be opened (libical missing)
/// or is of another version.
const IcalendarModule& icalendar_module();

} // namespace coach
