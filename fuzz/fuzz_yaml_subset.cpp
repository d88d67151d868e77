// libFuzzer entry point for coach::fuzz::yaml_subset (see targets.hpp).
#include <cstddef>
#include <cstdint>

#include "targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  coach::fuzz::yaml_subset(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
