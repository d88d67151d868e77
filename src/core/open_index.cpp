#include <coach/open_index.hpp>

#include <cstring>

#include <coach/audit.hpp>
#include <coach/error.hpp>
#include <coach/files.hpp>

namespace coach {

namespace fs = std::filesystem;

Rep open_view_of(const Rep& rep) {
  Rep view;
  view.id = rep.id;
  view.name = rep.name;
  view.archived = rep.archived;
  view.path = rep.path;
  for (const auto& record : rep.records) {
    const bool open_call = !is_held(record); // a joint call waiting for its feedback
    Record kept;
    for (const auto& promise : record.promises) {
      if (promise.is_open()) kept.promises.push_back(promise);
    }
    if (kept.promises.empty() && !open_call) continue;
    kept.kind = record.kind;
    kept.id = record.id;
    kept.date = record.date;
    if (open_call) kept.fields = record.fields; // its account and parts are listed
    view.records.push_back(std::move(kept));
  }
  return view;
}

namespace {

// The index's own version, then the rep cache's format line (its version and
// the schema's fingerprint), since each view is stored as serialize_rep writes it.
constexpr std::string_view open_index_version = "coach-open-index 1\n";

const std::string& open_index_magic() {
  static const std::string magic = std::string(open_index_version) + rep_cache_format();
  return magic;
}

void put_u64(std::string& out, uint64_t v) {
  out.append(reinterpret_cast<const char*>(&v), sizeof v);
}

void put_str(std::string& out, std::string_view s) {
  put_u64(out, s.size());
  out.append(s);
}

// Reads what put_u64 and put_str wrote; any read past the end makes it not ok.
class IndexReader {
public:
  explicit IndexReader(std::string_view data) : m_data(data) {}
  bool ok() const { return m_ok; }
  bool at_end() const { return m_pos == m_data.size(); }
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
  std::string_view str() {
    const uint64_t n = u64();
    if (!m_ok || n > m_data.size() - m_pos) {
      m_ok = false;
      return {};
    }
    const std::string_view s = m_data.substr(m_pos, n);
    m_pos += n;
    return s;
  }
  // A count of entries of at least `min_bytes` each: a corrupt count cannot ask for more than the data holds.
  uint64_t count(size_t min_bytes) {
    const uint64_t n = u64();
    if (n > (m_data.size() - m_pos) / min_bytes) m_ok = false;
    return m_ok ? n : 0;
  }

private:
  std::string_view m_data;
  size_t m_pos = 0;
  bool m_ok = true;
};

} // namespace

std::string serialize_open_index(const std::vector<IndexedOpenView>& entries) {
  std::string out(open_index_magic());
  put_u64(out, entries.size());
  for (const auto& e : entries) {
    put_str(out, e.file);
    put_u64(out, e.stamp.size);
    put_u64(out, static_cast<uint64_t>(e.stamp.mtime_ns));
    put_u64(out, static_cast<uint64_t>(e.stamp.ctime_ns));
    put_u64(out, e.stamp.inode);
    put_u64(out, e.stamp.device);
    put_str(out, serialize_rep(e.view));
  }
  return out;
}

std::optional<std::vector<IndexedOpenView>> deserialize_open_index(std::string_view data) {
  const std::string& magic = open_index_magic();
  if (data.substr(0, magic.size()) != magic) return std::nullopt;
  IndexReader r(data.substr(magic.size()));
  std::vector<IndexedOpenView> entries(r.count(8 * 8)); // file, stamp and view: 8 words at least
  for (auto& e : entries) {
    e.file = r.str();
    e.stamp.size = r.u64();
    e.stamp.mtime_ns = static_cast<int64_t>(r.u64());
    e.stamp.ctime_ns = static_cast<int64_t>(r.u64());
    e.stamp.inode = r.u64();
    e.stamp.device = r.u64();
    const std::string_view payload = r.str();
    if (!r.ok()) return std::nullopt;
    auto view = deserialize_rep(payload);
    if (!view) return std::nullopt;
    e.view = std::move(*view);
  }
  if (!r.ok() || !r.at_end()) return std::nullopt;
  return entries;
}

std::vector<IndexedOpenView> load_open_index(const fs::path& folder) {
  // Mapped rather than read (a quarter of warm followups was the copy).
  const MappedFile file(folder / "open");
  if (file.view().empty()) return {}; // none yet, or unreadable: the files are read instead
  auto entries = deserialize_open_index(file.view());
  return entries ? std::move(*entries) : std::vector<IndexedOpenView>{};
}

void store_open_index(const fs::path& folder, const std::vector<IndexedOpenView>& entries) {
  std::vector<IndexedOpenView> kept;
  for (const auto& e : entries) {
    if (!file_too_recent_to_cache(e.stamp)) kept.push_back({e.file, e.stamp, e.view});
  }
  try {
    make_private_directory(folder.parent_path());
    make_private_directory(folder);
    write_file_atomic(folder / "open", serialize_open_index(kept), 0600, false);
  } catch (const Error&) {
    // No index, no harm: the next command reads the files' cache entries.
  }
}

} // namespace coach
