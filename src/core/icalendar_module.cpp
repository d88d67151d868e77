#include <coach/icalendar_module.hpp>

#include <dlfcn.h>

#include <algorithm>
#include <string>

#include <fmt/format.h>

#include <coach/error.hpp>

namespace fs = std::filesystem;

namespace coach {

namespace {

constexpr const char* module_file = "coach-icalendar.so";

// The loaded module, or why there is none.
struct Loaded {
  IcalendarModule module;
  std::string problem;
};

Loaded open_module() {
  std::string tried;
  for (const fs::path& dir : icalendar_module_dirs()) {
    const fs::path path = dir / module_file;
    std::error_code ec;
    if (!fs::exists(path, ec)) {
      tried += (tried.empty() ? "" : ", ") + dir.string();
      continue;
    }
    // RTLD_LOCAL: libical's and ICU's symbols stay out of coach's namespace.
    void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) return {{}, fmt::format("{}: cannot be opened: {}", path.string(), ::dlerror())};
    auto abi = reinterpret_cast<int (*)()>(::dlsym(handle, "coach_ical_abi"));
    Loaded loaded;
    loaded.module.write = reinterpret_cast<decltype(IcalendarModule::write)>(::dlsym(handle, "coach_ical_write"));
    loaded.module.free = reinterpret_cast<decltype(IcalendarModule::free)>(::dlsym(handle, "coach_ical_free"));
    if (!abi || abi() != COACH_ICALENDAR_ABI || !loaded.module.write || !loaded.module.free) {
      return {{}, fmt::format("{}: is from another version of coach", path.string())};
    }
    return loaded; // never closed: the process ends soon after writing
  }
  return {{}, fmt::format("{} was found in none of {}", module_file, tried)};
}

} // namespace

std::vector<fs::path> icalendar_module_dirs() {
  std::vector<fs::path> dirs;
  std::error_code ec;
  const fs::path executable = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path bin = executable.parent_path();
    dirs.push_back(bin);
    dirs.push_back((bin / COACH_MODULE_DIR_FROM_BIN).lexically_normal());
  }
  const fs::path configured = COACH_MODULE_DIR;
  if (std::find(dirs.begin(), dirs.end(), configured) == dirs.end()) dirs.push_back(configured);
  return dirs;
}

const IcalendarModule& icalendar_module() {
  static const Loaded loaded = open_module(); // thread-safe, once
  if (!loaded.problem.empty()) {
    throw Error(ExitCode::io, fmt::format("cannot write iCalendar: {}; reinstall coach (the module comes with it "
                                          "and needs libical)",
                                          loaded.problem));
  }
  return loaded.module;
}

} // namespace coach
