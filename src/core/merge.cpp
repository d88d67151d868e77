#include <coach/merge.hpp>

#include <map>
#include <set>

#include <coach/error.hpp>
#include <coach/rep_file.hpp>
#include <coach/yaml_tree.hpp>

namespace coach {

namespace {

// The change that turns `before` into `after`, when it is one coach makes
// (closing, moving); nullopt otherwise.
std::optional<PromiseChange> change_between(const Promise& before, const Promise& after) {
  Promise probe = before;
  PromiseChange change;
  if (after.done && !before.done) {
    change.done = after.done;
    if (after.note != before.note) change.note = after.note;
  }
  if (after.dropped && !before.dropped) {
    change.dropped = after.dropped;
    if (after.reason != before.reason) change.reason = after.reason;
  }
  if (after.due != before.due && after.due) change.new_due = after.due;
  apply_change(probe, change);
  if (!(probe == after)) return std::nullopt;
  return change;
}

std::map<std::string, const Promise*> promises_by_id(const Rep& rep) {
  std::map<std::string, const Promise*> out;
  for (const auto& record : rep.records) {
    for (const auto& promise : record.promises) out[promise.id] = &promise;
  }
  return out;
}

std::map<std::string, const Record*> records_by_id(const Rep& rep) {
  std::map<std::string, const Record*> out;
  for (const auto& record : rep.records) out[record.id] = &record;
  return out;
}

// The rep without its records: what must agree apart from `archived`.
Rep header_of(Rep rep) {
  rep.records.clear();
  rep.archived.reset();
  return rep;
}

} // namespace

std::optional<std::string> merge_rep_files(const std::string& base_text, const std::string& ours_text,
                                           const std::string& theirs_text, const std::string& path) {
  try {
    const Rep base = read_rep(parse_yaml(path, base_text));
    Rep ours = read_rep(parse_yaml(path, ours_text));
    const Rep theirs = read_rep(parse_yaml(path, theirs_text));
    if (!(header_of(theirs) == header_of(base)) && !(header_of(theirs) == header_of(ours))) return std::nullopt;
    if (!(header_of(ours) == header_of(base)) && !(header_of(theirs) == header_of(ours))) return std::nullopt;

    std::string text = ours_text;
    const auto reparse = [&] { return parse_yaml(path, text); };

    // archived: added on their side only.
    if (theirs.archived != base.archived && ours.archived == base.archived) {
      if (!theirs.archived || base.archived) return std::nullopt; // un-archiving or a changed date: leave to git
      text = text_with_header_field(reparse(), "archived", theirs.archived->iso());
      ours.archived = theirs.archived;
    } else if (theirs.archived != base.archived && theirs.archived != ours.archived) {
      return std::nullopt;
    }

    const auto base_records = records_by_id(base);
    const auto our_records = records_by_id(ours);
    const auto base_promises = promises_by_id(base);
    const auto our_promises = promises_by_id(ours);
    if (base_records.count("") || our_records.count("") || records_by_id(theirs).count("")) {
      return std::nullopt; // records without ids cannot be matched
    }

    // Changes to promises that exist on both sides.
    for (const auto& [id, their_promise] : promises_by_id(theirs)) {
      const auto in_base = base_promises.find(id);
      const auto in_ours = our_promises.find(id);
      if (in_base != base_promises.end() && in_ours == our_promises.end()) {
        if (!(*their_promise == *in_base->second)) return std::nullopt; // we removed what they changed
        continue;
      }
      if (in_base == base_promises.end() || in_ours == our_promises.end()) continue;
      const Promise& b = *in_base->second;
      const Promise& o = *in_ours->second;
      if (*their_promise == b || *their_promise == o) continue; // unchanged there, or the same change
      if (!(o == b)) return std::nullopt;                        // both changed it, differently
      const auto change = change_between(b, *their_promise);
      if (!change) return std::nullopt;
      text = text_with_promise_changed(reparse(), id, *change);
      for (auto& record : ours.records) {
        for (auto& promise : record.promises) {
          if (promise.id == id) apply_change(promise, *change);
        }
      }
    }
    // Records edited on their side in other ways than promises are not merged here.
    for (const auto& record : theirs.records) {
      const auto in_base = base_records.find(record.id);
      const auto in_ours = our_records.find(record.id);
      if (in_base == base_records.end() || in_ours == our_records.end()) continue;
      Record theirs_bare = record;
      Record base_bare = *in_base->second;
      Record ours_bare = *in_ours->second;
      theirs_bare.promises.clear();
      base_bare.promises.clear();
      ours_bare.promises.clear();
      if (!(theirs_bare == base_bare) && !(theirs_bare == ours_bare)) return std::nullopt;
      if (record.promises.size() != in_base->second->promises.size()) return std::nullopt;
    }
    // A record deleted on one side is not something coach does: leave it to git.
    for (const auto& [id, record] : base_records) {
      if (!our_records.count(id) || !records_by_id(theirs).count(id)) return std::nullopt;
    }

    // Records added on their side, in their order, after ours.
    for (const auto& record : theirs.records) {
      if (base_records.count(record.id)) continue;
      if (const auto same = our_records.find(record.id); same != our_records.end()) {
        if (!(*same->second == record)) return std::nullopt; // one id, two different records
        continue;
      }
      text = text_with_record_appended(reparse(), record);
      ours.records.push_back(record);
    }
    ours.path = path;
    verify_edit(path, text, ours);
    return text;
  } catch (const Error&) {
    return std::nullopt;
  }
}

} // namespace coach
