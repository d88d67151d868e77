#pragma once

// What coach's cache files (rep cache entries, the roster index, the
// open-promise index) share: their binary form, numbers as 8 native bytes and
// a string as its length then its bytes, written by BinaryWriter and read by
// BinaryReader, which never reads past the end (a truncated or corrupt file
// just makes it not ok); and how they are written.
#include <chrono>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <coach/date.hpp>

namespace coach {

class BinaryWriter {
public:
  void raw(std::string_view bytes) { m_out.append(bytes); }
  void u64(uint64_t v) { m_out.append(reinterpret_cast<const char*>(&v), sizeof v); }
  void i64(int64_t v) { u64(static_cast<uint64_t>(v)); }
  void str(std::string_view s) {
    u64(s.size());
    m_out.append(s);
  }
  void date(Date d) { i64(d.days().time_since_epoch().count()); }
  void opt_date(const std::optional<Date>& d) {
    u64(d ? 1 : 0);
    if (d) date(*d);
  }
  void u32s(const std::vector<uint32_t>& v) {
    u64(v.size());
    if (!v.empty()) m_out.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(uint32_t));
  }
  void strings(const std::vector<std::string>& v) {
    u64(v.size());
    for (const auto& s : v) str(s);
  }
  std::string take() { return std::move(m_out); }

private:
  std::string m_out;
};

class BinaryReader {
public:
  explicit BinaryReader(std::string_view data) : m_data(data) {}
  bool ok() const { return m_ok; }
  bool at_end() const { return m_pos == m_data.size(); }
  void fail() { m_ok = false; }

  uint64_t u64() {
    uint64_t v = 0;
    if (m_data.size() - m_pos < sizeof v) {
      m_ok = false;
      return 0;
    }
    std::memcpy(&v, m_data.data() + m_pos, sizeof v);
    m_pos += sizeof v;
    return v;
  }
  int64_t i64() { return static_cast<int64_t>(u64()); }
  // The length of a list whose elements take at least `min_bytes` each: a
  // corrupt length can then never ask for more memory than the data could fill.
  uint64_t count(size_t min_bytes = sizeof(uint64_t)) {
    const uint64_t n = u64();
    if (n > (m_data.size() - m_pos) / min_bytes) m_ok = false;
    return m_ok ? n : 0;
  }
  // A string viewing the data, not copied.
  std::string_view str_view() {
    const uint64_t n = count(1);
    if (!m_ok) return {};
    const std::string_view s = m_data.substr(m_pos, n);
    m_pos += n;
    return s;
  }
  std::string str() { return std::string(str_view()); }
  Date date() { return Date{std::chrono::sys_days{std::chrono::days{static_cast<int>(i64())}}}; }
  std::optional<Date> opt_date() {
    if (u64() == 0) return std::nullopt;
    return date();
  }
  std::vector<uint32_t> u32s() {
    const uint64_t n = count(sizeof(uint32_t));
    if (!m_ok) return {};
    std::vector<uint32_t> v(n);
    if (n > 0) std::memcpy(v.data(), m_data.data() + m_pos, n * sizeof(uint32_t)); // data() may be null
    m_pos += n * sizeof(uint32_t);
    return v;
  }
  std::vector<std::string> strings() {
    std::vector<std::string> v(count());
    for (auto& s : v) s = str();
    return v;
  }

private:
  std::string_view m_data;
  size_t m_pos = 0;
  bool m_ok = true;
};

/// Writes the cache file `path` in the cache folder `folder` (made first, with
/// .coach/ above it, once per process), atomically but not flushed to disk:
/// the cache is derived, and a file lost in a crash is made again. Best
/// effort: a read-only directory just has no cache.
void write_cache_file(const std::filesystem::path& folder, const std::filesystem::path& path, std::string_view content);

} // namespace coach
