#include <coach/meeting_template.hpp>

#include <charconv>

#include <fmt/format.h>

#include <coach/error.hpp>
#include <coach/text.hpp>

namespace coach {

namespace {

enum class Section { none, personal, professional, promises, notes };

// Text for a `#` comment line: a line break in it would end the comment.
std::string comment_text(std::string_view text) {
  std::string out;
  for (char c : text) out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  return out;
}

[[noreturn]] void fail(size_t line, std::string_view message) {
  throw Error(ExitCode::usage, fmt::format("template line {}: {}", line, message));
}

} // namespace

PromiseDraft parse_promise_spec(std::string_view spec, Owner default_owner) {
  PromiseDraft draft;
  draft.owner = default_owner;
  std::string_view rest = trim(spec);
  if (const auto colon = rest.find(':'); colon != std::string_view::npos && colon <= 8) {
    const std::string prefix = to_lower(trim(rest.substr(0, colon)));
    if (prefix == "me" || prefix == "i" || prefix == "manager" || prefix == "mine") {
      draft.owner = Owner::manager;
      rest = trim(rest.substr(colon + 1));
    } else if (prefix == "rep" || prefix == "they" || prefix == "them" || prefix == "theirs") {
      draft.owner = Owner::rep;
      rest = trim(rest.substr(colon + 1));
    }
  }
  // A trailing "(due DATE)".
  if (!rest.empty() && rest.back() == ')') {
    const auto open = rest.rfind('(');
    if (open != std::string_view::npos) {
      const std::string_view inside = trim(rest.substr(open + 1, rest.size() - open - 2));
      if (to_lower(inside.substr(0, 4)) == "due " || to_lower(inside.substr(0, 4)) == "due:") {
        draft.due = std::string(trim(inside.substr(4)));
        rest = trim(rest.substr(0, open));
      }
    }
  }
  if (rest.empty()) {
    throw Error(ExitCode::usage, fmt::format("promise \"{}\" has no text", std::string(trim(spec))));
  }
  draft.text = std::string(rest);
  return draft;
}

std::string render_meeting_template(const Rep& rep, Date date, Date today) {
  std::string out;
  out += fmt::format("# 1:1 with {}. Fill in what you covered, save and quit.\n", comment_text(rep.name));
  out += "# Lines starting with '#' are ignored; an empty or unchanged template logs nothing.\n";
  const auto open = rep.open_promises();
  if (!open.empty()) {
    out += "#\n# Open promises:\n";
    for (const Promise* promise : open) {
      std::string due = promise->due ? promise->due->pretty() : "no due date";
      if (promise->is_overdue(today)) {
        due += fmt::format(", {} days overdue", promise->due->days_until(today));
      }
      out += fmt::format("#   {}  {}: {} (due {})\n", promise->id,
                         promise->owner == Owner::manager ? "you" : comment_text(rep.first_name()),
                         comment_text(promise->text), due);
    }
  }
  if (const Record* last = rep.last_one_on_one()) {
    out += fmt::format("#\n# Last 1:1, {}:\n", last->date.pretty());
    for (const auto& topic : last->personal) out += fmt::format("#   personal: {}\n", comment_text(topic));
    for (const auto& topic : last->professional) out += fmt::format("#   professional: {}\n", comment_text(topic));
    if (last->personal.empty() && last->professional.empty()) out += "#   (no topics written down)\n";
  }
  out += "#\n# Promises: one per line, \"me: TEXT\" or \"rep: TEXT\", optionally ending in\n"
         "# (due DATE): (due fri), (due +2w), (due 2026-12-01). Without one, a promise is\n"
         "# due at the next 1:1 under the cadence policy.\n\n";
  out += fmt::format("date: {}\nminutes:\n\npersonal:\n- \n\nprofessional:\n- \n\npromises:\n- me: \n- rep: \n\n"
                     "notes:\n\n",
                     date.iso());
  return out;
}

MeetingDraft parse_meeting_template(std::string_view text) {
  MeetingDraft draft;
  Section section = Section::none;
  std::string notes;
  size_t number = 0;
  for (std::string_view line : split_lines(text)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty() && line.front() == '#') continue;
    if (section == Section::notes) {
      notes.append(line);
      notes += '\n';
      continue;
    }
    const std::string_view body = trim(line);
    if (body.empty()) continue;
    // A section header starts at the left margin: `name:` and maybe a value.
    if (line.front() != ' ' && line.front() != '-') {
      const auto colon = body.find(':');
      const std::string name = to_lower(trim(body.substr(0, colon)));
      const std::string_view value = colon == std::string_view::npos ? "" : trim(body.substr(colon + 1));
      if (colon == std::string_view::npos) {
        fail(number, fmt::format("\"{}\" is not a section (date, minutes, personal, professional, promises, notes)",
                                 std::string(body)));
      }
      if (name == "date") {
        if (!value.empty()) draft.date = std::string(value);
        section = Section::none;
      } else if (name == "minutes") {
        if (!value.empty()) {
          const auto minutes = parse_whole_number(value);
          if (!minutes || *minutes < 0 || *minutes > 24 * 60) {
            fail(number, fmt::format("minutes: \"{}\" is not a number of minutes", std::string(value)));
          }
          draft.minutes = static_cast<int>(*minutes);
        }
        section = Section::none;
      } else if (name == "personal") {
        section = Section::personal;
        if (!value.empty()) draft.personal.emplace_back(value);
      } else if (name == "professional") {
        section = Section::professional;
        if (!value.empty()) draft.professional.emplace_back(value);
      } else if (name == "promises") {
        section = Section::promises;
        if (!value.empty()) {
          try {
            draft.promises.push_back(parse_promise_spec(value, Owner::manager));
          } catch (const Error& e) {
            fail(number, e.what());
          }
        }
      } else if (name == "notes") {
        section = Section::notes;
        if (!value.empty()) {
          notes.append(value);
          notes += '\n';
        }
      } else {
        fail(number, fmt::format("\"{}\" is not a section (date, minutes, personal, professional, promises, notes)",
                                 name));
      }
      continue;
    }
    if (body.front() != '-') {
      fail(number, "items start with \"- \"");
    }
    const std::string_view item = trim(body.substr(1));
    switch (section) {
    case Section::personal:
      if (!item.empty()) draft.personal.emplace_back(item);
      break;
    case Section::professional:
      if (!item.empty()) draft.professional.emplace_back(item);
      break;
    case Section::promises: {
      // The template's empty "- me:" and "- rep:" lines are skipped.
      const std::string lower = to_lower(item);
      if (item.empty() || lower == "me:" || lower == "rep:") break;
      try {
        draft.promises.push_back(parse_promise_spec(item, Owner::manager));
      } catch (const Error& e) {
        fail(number, e.what());
      }
      break;
    }
    default:
      fail(number, "a list item outside personal, professional or promises");
    }
  }
  const std::string_view trimmed = trim(notes);
  if (!trimmed.empty()) {
    draft.notes = std::string(trimmed) + "\n";
  }
  return draft;
}

} // namespace coach
