#include <coach/team_file.hpp>

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include <coach/error.hpp>
#include <coach/meeting_template.hpp>
#include <coach/text.hpp>
#include <coach/yaml_write.hpp>

namespace coach {

bool is_team_file_path(std::string_view path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string_view::npos) return false;
  const std::string_view file = path.substr(slash + 1);
  if (file.size() != 9 || file.substr(4) != ".yaml") return false;
  if (!std::all_of(file.begin(), file.begin() + 4, [](char c) { return c >= '0' && c <= '9'; })) return false;
  const std::string_view folder = path.substr(0, slash);
  const size_t before = folder.find_last_of("/:");
  return folder.substr(before == std::string_view::npos ? 0 : before + 1) == "team";
}

std::string team_file_id(int year) {
  return fmt::format("team-{:04}", year);
}

std::string render_new_team_file(std::string_view team_name) {
  // No user text goes into comments: a comment cannot escape a line break.
  std::string out = "# The team's meetings, kept with coach (see coach-files(5)).\n"
                    "# Hand edits and comments are welcome; coach changes only the lines it must.\n";
  if (!team_name.empty()) out += fmt::format("team: {}\n", yaml_scalar(team_name));
  out += "records:\n";
  return out;
}

namespace {

// The words of `text`, split at blanks.
std::vector<std::string_view> words_of(std::string_view text) {
  std::vector<std::string_view> words;
  size_t at = 0;
  while ((at = text.find_first_not_of(" \t", at)) != std::string_view::npos) {
    const size_t end = std::min(text.find_first_of(" \t", at), text.size());
    words.push_back(text.substr(at, end - at));
    at = end;
  }
  return words;
}

} // namespace

TeamActionDraft parse_team_action(std::string_view spec) {
  TeamActionDraft draft;
  std::string_view body = trim(spec);
  if (const size_t colon = body.find(':'); colon != std::string_view::npos) {
    const std::string_view owner = trim(body.substr(0, colon));
    const auto words = words_of(owner);
    const auto owner_word = owner_from_word(owner);
    if (owner_word == Owner::rep) {
      throw Error(ExitCode::usage,
                  fmt::format("action \"{}\": name the rep who owes it (\"alice: TEXT\")", trim(spec)));
    }
    const bool to_rep = words.size() == 3 && owner_from_word(words[0]) == Owner::manager && to_lower(words[1]) == "to";
    if (to_rep) draft.rep = std::string(words[2]);
    if (words.size() == 1 && !owner_word) {
      draft.owner = Owner::rep;
      draft.rep = std::string(owner);
    }
    if (owner_word || to_rep || words.size() == 1) body = trim(body.substr(colon + 1));
  }
  // The trailing "(due DATE)", read as in a promise; the owner is decided above.
  PromiseDraft parsed;
  try {
    // "me: " first, so that an owner word at the start of the text stays text.
    parsed = parse_promise_spec("me: " + std::string(body), Owner::manager);
  } catch (const Error&) {
    throw Error(ExitCode::usage, fmt::format("action \"{}\" has no text", trim(spec)));
  }
  draft.text = parsed.text;
  draft.due = parsed.due;
  return draft;
}

namespace {

// Whether the team meeting's action `action` is owed by or to `rep_id`.
bool concerns(const Promise& action, const std::string& rep_id) {
  return !action.rep.empty() && action.rep == rep_id;
}

// A copy of the meeting that holds only the actions `keep` selects, or nullopt when none.
template <class Keep>
std::optional<Record> with_actions(const Record& meeting, Keep&& keep) {
  Record copy;
  copy.kind = meeting.kind;
  copy.id = meeting.id;
  copy.date = meeting.date;
  copy.origin = meeting.origin;
  for (const auto& action : meeting.promises) {
    if (keep(action)) copy.promises.push_back(action);
  }
  if (copy.promises.empty()) return std::nullopt;
  return copy;
}

} // namespace

void attach_team_actions(std::vector<Rep>& reps, const std::vector<Rep>& team_files) {
  for (auto& rep : reps) attach_team_actions(rep, team_files);
}

void attach_team_actions(Rep& rep, const std::vector<Rep>& team_files) {
  for (const auto& team : team_files) {
    for (const auto& meeting : team.records) {
      if (meeting.kind != kind::team_meeting) continue;
      auto copy = with_actions(meeting, [&](const Promise& action) { return concerns(action, rep.id); });
      if (copy) rep.records.push_back(std::move(*copy));
    }
  }
}

std::vector<Rep> team_action_views(const std::vector<Rep>& team_files) {
  std::vector<Rep> views;
  for (const auto& team : team_files) {
    Rep view;
    view.id = team.id;
    view.name = std::string(default_team_name); // listed as "Team", whatever the team is called
    view.path = team.path;
    for (const auto& meeting : team.records) {
      if (meeting.kind != kind::team_meeting) continue;
      auto copy = with_actions(meeting, [](const Promise& action) { return action.rep.empty(); });
      if (copy) view.records.push_back(std::move(*copy));
    }
    if (!view.records.empty()) views.push_back(std::move(view));
  }
  return views;
}

bool attended_team_meeting(const Rep& rep, const Record& meeting) {
  const auto listed = [&](std::string_view key) {
    const auto& ids = meeting.fields.list(key);
    return std::find(ids.begin(), ids.end(), rep.id) != ids.end();
  };
  if (!meeting.fields.list(field::attendees).empty()) return listed(field::attendees);
  if (listed(field::absent)) return false;
  if (const auto joined = first_day_on_team(rep); joined && meeting.date < *joined) return false;
  return !(rep.archived && meeting.date > *rep.archived);
}

const Record* latest_team_meeting(std::span<const Rep> team_files, Date today) {
  const Record* last = nullptr;
  for (const Rep& file : team_files) {
    for (const Record& meeting : file.records) {
      if (meeting.kind == kind::team_meeting && meeting.date <= today && (!last || meeting.date >= last->date)) {
        last = &meeting;
      }
    }
  }
  return last;
}

} // namespace coach
