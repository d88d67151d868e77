#pragma once

// What coach's cache files (rep cache entries, the roster index, the
// open-promise index) share: their binary form, numbers as 8 native bytes and
// a string as its length then its bytes, written by BinaryWriter and read by
// BinaryReader, which never reads past the end (a truncated or corrupt file
// just makes it not ok); and how they are written.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <coach/date.hpp>
#include <coach/rep_cache.hpp>

namespace coach {

class BinaryWriter {
public:
  /// A writer that keeps nothing and counts the bytes it would write (size()).
  struct CountOnly {};
  BinaryWriter() = default;
  explicit BinaryWriter(CountOnly) : m_count_only(true) {}

  void raw(std::string_view bytes) { put(bytes.data(), bytes.size()); }
  void u64(uint64_t v) { put(reinterpret_cast<const char*>(&v), sizeof v); }
  void i64(int64_t v) { u64(static_cast<uint64_t>(v)); }
  void str(std::string_view s) {
    u64(s.size());
    put(s.data(), s.size());
  }
  void date(Date d) { i64(d.days().time_since_epoch().count()); }
  void opt_date(const std::optional<Date>& d) {
    u64(d ? 1 : 0);
    if (d) date(*d);
  }
  void u32s(const std::vector<uint32_t>& v) {
    u64(v.size());
    if (!v.empty()) put(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(uint32_t));
  }
  void strings(const std::vector<std::string>& v) {
    u64(v.size());
    for (const auto& s : v) str(s);
  }
  void reserve(size_t bytes) { m_out.reserve(bytes); }
  size_t size() const { return m_size; }
  std::string take() { return std::move(m_out); }

private:
  void put(const char* bytes, size_t n) {
    m_size += n;
    if (!m_count_only) m_out.append(bytes, n);
  }
  std::string m_out;
  size_t m_size = 0;
  bool m_count_only = false;
};

/// An index's head of one file's entry: its name and the stamp it had.
inline void write_file_and_stamp(BinaryWriter& w, std::string_view file, const FileStamp& stamp) {
  w.str(file);
  w.u64(stamp.size);
  w.i64(stamp.mtime_ns);
  w.i64(stamp.ctime_ns);
  w.u64(stamp.inode);
  w.u64(stamp.device);
}

/// What `write` (called with a writer of type W) writes, in a string allocated
/// once: `write` runs twice, first only counting. A whole-directory index
/// grown by doubling held 18 MB for 9 at 2,000 reps (a cold command's peak).
template <class W = BinaryWriter, class Write>
std::string written_once(Write&& write) {
  W counter{BinaryWriter::CountOnly{}};
  write(counter);
  W out;
  out.reserve(counter.size());
  write(out);
  return out.take();
}

/// A whole-directory index (the roster's, the open promises'): `magic`, the
/// number of entries `keep` accepts, then each one's file and stamp and what
/// `write_body(writer, entry)` writes, in one allocation (written_once).
/// `keep` is asked once an entry: the clock may move between the two passes.
template <class W = BinaryWriter, class Entry, class Keep, class WriteBody>
std::string written_index(std::string_view magic, const std::vector<Entry>& entries, Keep&& keep,
                          WriteBody&& write_body) {
  std::vector<bool> kept;
  kept.reserve(entries.size());
  for (const auto& e : entries) kept.push_back(keep(e));
  const auto count = static_cast<uint64_t>(std::count(kept.begin(), kept.end(), true));
  return written_once<W>([&](W& w) {
    w.raw(magic);
    w.u64(count);
    for (size_t i = 0; i < entries.size(); ++i) {
      if (!kept[i]) continue;
      write_file_and_stamp(w, entries[i].file, entries[i].stamp);
      write_body(w, entries[i]);
    }
  });
}

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
