#include <coach/open_index.hpp>

#include <algorithm>
#include <cstring>

#include <coach/activities.hpp>
#include <coach/audit.hpp>
#include <coach/error.hpp>
#include <coach/files.hpp>

#include "cache_file.hpp"

namespace coach {

namespace fs = std::filesystem;

OpenPromise open_promise_of(const Record& record, const Promise& p) {
  return {p.id, p.owner, p.text, p.due, p.first_due, p.note, p.reason, record.kind, record.id, record.date};
}

OpenFile open_file_of(const Rep& rep) {
  OpenFile open;
  open.id = rep.id;
  open.name = rep.name;
  open.archived = rep.archived;
  for (const auto& record : rep.records) {
    for (const auto& p : record.promises) {
      if (!p.is_open()) continue;
      open.promises.push_back(open_promise_of(record, p));
    }
  }
  for (const Record* call : open_joint_calls(rep)) {
    const std::string* account = call->fields.text(field::account);
    open.calls.push_back({call->id, call->date, account ? std::string_view(*account) : std::string_view()});
  }
  return open;
}

namespace {

// The index's own version, then the rep cache's format line (its version and
// the schema's fingerprint): which records are open follows from the schema,
// so the index is ignored whenever cache entries are.
constexpr std::string_view open_index_version = "coach-open-index 2\n"; // 2: open items, read in place

const std::string& open_index_magic() {
  static const std::string magic = std::string(open_index_version) + rep_cache_format();
  return magic;
}

void put_open_file(BinaryWriter& out, const OpenFile& open) {
  out.str(open.id);
  out.str(open.name);
  out.opt_date(open.archived);
  out.u64(open.promises.size());
  for (const auto& p : open.promises) {
    out.str(p.id);
    out.u64(p.owner == Owner::manager ? 0 : 1);
    out.str(p.text);
    out.opt_date(p.due);
    out.opt_date(p.first_due);
    out.str(p.note);
    out.str(p.reason);
    out.str(p.record_kind);
    out.str(p.record_id);
    out.date(p.record_date);
  }
  out.u64(open.calls.size());
  for (const auto& call : open.calls) {
    out.str(call.id);
    out.date(call.date);
    out.str(call.account);
  }
}

// Reads what put_open_file wrote: a promise takes 10 words at least, a call 3.
void read_open_file(BinaryReader& r, OpenFile& open) {
  open.id = r.str_view();
  open.name = r.str_view();
  open.archived = r.opt_date();
  open.promises.resize(r.count(10 * 8));
  for (auto& p : open.promises) {
    p.id = r.str_view();
    p.owner = r.u64() == 0 ? Owner::manager : Owner::rep;
    p.text = r.str_view();
    p.due = r.opt_date();
    p.first_due = r.opt_date();
    p.note = r.str_view();
    p.reason = r.str_view();
    p.record_kind = r.str_view();
    p.record_id = r.str_view();
    p.record_date = r.date();
  }
  open.calls.resize(r.count(3 * 8));
  for (auto& call : open.calls) {
    call.id = r.str_view();
    call.date = r.date();
    call.account = r.str_view();
  }
}

} // namespace

OpenItems::Parsed::Parsed(const OpenFile& items) {
  BinaryWriter out;
  put_open_file(out, items);
  bytes = out.take();
  BinaryReader in(bytes);
  read_open_file(in, open);
}

namespace {

// The index of the entries `keep` accepts.
template <class Keep>
std::string serialize_entries(const std::vector<IndexedOpenFile>& entries, Keep&& keep) {
  return written_index(open_index_magic(), entries, keep,
                       [](BinaryWriter& out, const IndexedOpenFile& e) { put_open_file(out, e.open); });
}

} // namespace

std::string serialize_open_index(const std::vector<IndexedOpenFile>& entries) {
  return serialize_entries(entries, [](const IndexedOpenFile&) { return true; });
}

std::optional<std::vector<IndexedOpenFile>> deserialize_open_index(std::string_view data) {
  const std::string& magic = open_index_magic();
  if (data.substr(0, magic.size()) != magic) return std::nullopt;
  BinaryReader r(data.substr(magic.size()));
  std::vector<IndexedOpenFile> entries(r.count(11 * 8)); // file, stamp, id, name, archived, two counts
  for (auto& e : entries) {
    e.file = r.str_view();
    e.stamp.size = r.u64();
    e.stamp.mtime_ns = static_cast<int64_t>(r.u64());
    e.stamp.ctime_ns = static_cast<int64_t>(r.u64());
    e.stamp.inode = r.u64();
    e.stamp.device = r.u64();
    read_open_file(r, e.open);
    if (!r.ok()) return std::nullopt;
  }
  if (!r.ok() || !r.at_end()) return std::nullopt;
  return entries;
}

// Mapped rather than read (a quarter of warm followups was the copy); entries view the mapping.
OpenIndex::OpenIndex(const fs::path& folder) : m_file(folder / "open") {
  if (m_file.view().empty()) return; // none yet, or unreadable: the files are read instead
  if (auto entries = deserialize_open_index(m_file.view())) m_entries = std::move(*entries);
}

void store_open_index(const fs::path& folder, const std::vector<IndexedOpenFile>& entries) {
  const int64_t now = wall_clock_ns();
  const auto old_enough = [now](const IndexedOpenFile& e) { return !file_too_recent_to_cache(e.stamp, now); };
  write_cache_file(folder, folder / "open", serialize_entries(entries, old_enough)); // best effort
}

} // namespace coach
