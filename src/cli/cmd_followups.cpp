// `coach followups`: the open promises before every 1:1, and closing them
// (done, drop, move) or adding one made outside a 1:1.
#include <algorithm>
#include <array>
#include <functional>
#include <ostream>
#include <ranges>
#include <unordered_map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <coach/activities.hpp>
#include <coach/error.hpp>
#include <coach/followups.hpp>
#include <coach/meeting_template.hpp>
#include <coach/open_index.hpp>
#include <coach/roster.hpp>
#include <coach/team_file.hpp>
#include <coach/text.hpp>
#include <coach/working_days.hpp>

#include "columns.hpp"
#include "context.hpp"
#include "output.hpp"

namespace coach::cli {

namespace {

using Json = nlohmann::ordered_json;

struct ListOptions {
  std::string rep;
  bool overdue = false;
  std::string due_within;
  bool mine = false;
  bool theirs = false;
  bool all = false;
  bool archived = false;
  std::string format = "table";
};

struct DoneOptions {
  std::string id;
  std::string date;
  std::string note;
};

struct DropOptions {
  std::string id;
  std::string date;
  std::string reason;
};

struct MoveOptions {
  std::string id;
  std::string due;
};

struct AddOptions {
  std::string rep;
  std::vector<std::string> text; // the words after REP, quoted or not: joined by one space
  std::string due;
  std::string owner = "me";
};

// One listed promise, computed once and rendered by every format; its text
// views the reps or the open-promise index, kept until the listing is out.
struct Row {
  std::string_view id;
  std::string_view rep_id;
  std::string_view rep_name;
  std::string_view owner;       // "manager" or "rep"
  std::string_view owner_label; // "you" or the rep's first name
  std::string_view text;
  std::optional<Date> due;
  std::optional<Date> first_due;
  PromiseState state;
  std::optional<int> days_until_due; // negative when overdue (open promises only)
  std::optional<Date> closed;
  std::string_view note;
  std::string_view reason;
  std::string_view from_kind;
  std::string_view from_id;
  Date from_date;
};

std::string_view state_key(PromiseState state) {
  switch (state) {
  case PromiseState::open: return "open";
  case PromiseState::due_today: return "due_today";
  case PromiseState::overdue: return "overdue";
  case PromiseState::kept_on_time: return "kept_on_time";
  case PromiseState::kept_after_move: return "kept_after_move";
  case PromiseState::kept_late: return "kept_late";
  case PromiseState::dropped: return "dropped";
  }
  return "open";
}

// The first word of a rep's name, as Rep::first_name, viewing the name.
std::string_view first_name_of(std::string_view name) {
  return name.substr(0, name.find(' '));
}

Row make_row(const PromiseRef& ref, Date today) {
  const Promise& p = *ref.promise;
  Row row;
  row.id = p.id;
  row.rep_id = ref.rep->id;
  row.rep_name = ref.rep->name;
  row.owner = owner_name(p.owner);
  row.owner_label = p.owner == Owner::manager ? "you" : first_name_of(ref.rep->name);
  row.text = p.text;
  row.due = p.due;
  row.first_due = p.first_due;
  row.state = promise_state(p, today);
  if (p.is_open() && p.due) row.days_until_due = today.days_until(*p.due);
  row.closed = p.done ? p.done : p.dropped;
  row.note = p.note;
  row.reason = p.reason;
  row.from_kind = ref.record->kind;
  row.from_id = ref.record->id;
  row.from_date = ref.record->date;
  return row;
}

// The same of an open promise read from the open-promise index, of the rep `rep_id` named `rep_name`.
Row make_row(const OpenPromise& p, std::string_view rep_id, std::string_view rep_name, Date today) {
  Row row;
  row.id = p.id;
  row.rep_id = rep_id;
  row.rep_name = rep_name;
  row.owner = owner_name(p.owner);
  row.owner_label = p.owner == Owner::manager ? "you" : first_name_of(rep_name);
  row.text = p.text;
  row.due = p.due;
  row.first_due = p.first_due;
  row.state = open_promise_state(p.due, today);
  if (p.due) row.days_until_due = today.days_until(*p.due);
  row.note = p.note;
  row.reason = p.reason;
  row.from_kind = p.record_kind;
  row.from_id = p.record_id;
  row.from_date = p.record_date;
  return row;
}

// "3 days overdue", "due today", "in 2 days", "kept 2 days late", "dropped".
std::string when_text(const Row& row) {
  switch (row.state) {
  // Open ones, every row of the default listing, made by hand: fmt::format was a tenth of writing 49,000 rows.
  case PromiseState::overdue: {
    const int days = -*row.days_until_due;
    return std::to_string(days) + (days == 1 ? " day overdue" : " days overdue");
  }
  case PromiseState::due_today: return "due today";
  case PromiseState::open:
    if (!row.days_until_due) return "no due date";
    return *row.days_until_due == 1 ? "tomorrow" : "in " + std::to_string(*row.days_until_due) + " days";
  case PromiseState::kept_on_time:
    return fmt::format("kept {}{}", row.closed->iso(), row.first_due ? " (on time, moved)" : " (on time)");
  case PromiseState::kept_after_move: {
    const int late = row.first_due->days_until(*row.closed);
    return fmt::format("kept {} (after a move; {} day{} past the first date)", row.closed->iso(), late,
                       late == 1 ? "" : "s");
  }
  case PromiseState::kept_late: {
    const int late = row.due->days_until(*row.closed);
    return fmt::format("kept {} ({} day{} late)", row.closed->iso(), late, late == 1 ? "" : "s");
  }
  case PromiseState::dropped:
    return fmt::format("dropped {}{}{}", row.closed->iso(), row.reason.empty() ? "" : ": ", row.reason);
  }
  return "";
}

Style when_style(const Row& row) {
  switch (row.state) {
  case PromiseState::overdue: return Style::red;
  case PromiseState::due_today: return Style::yellow;
  case PromiseState::open: return row.days_until_due && *row.days_until_due <= 2 ? Style::yellow : Style::plain;
  case PromiseState::kept_after_move: return Style::yellow;
  case PromiseState::kept_late: return Style::yellow;
  case PromiseState::kept_on_time: return Style::green;
  case PromiseState::dropped: return Style::dim;
  }
  return Style::plain;
}

// The number of digits of `n` (at least 0).
size_t digits(int n) {
  size_t count = 1;
  for (; n >= 10; n /= 10) ++count;
  return count;
}

// The width of date.pretty() ("Mon 2026-11-30"), without making it.
size_t pretty_width(Date date) {
  const int year = static_cast<int>(date.ymd().year());
  return year >= 0 && year <= 9999 ? 14 : date.pretty().size();
}

// The width of when_text(row), without making it for an open promise (every row of the default listing).
size_t when_width(const Row& row) {
  switch (row.state) {
  case PromiseState::overdue: {
    const int days = -*row.days_until_due;
    return digits(days) + (days == 1 ? 12 : 13); // " day overdue", " days overdue"
  }
  case PromiseState::due_today: return 9; // "due today"
  case PromiseState::open:
    if (!row.days_until_due) return 11;         // "no due date"
    if (*row.days_until_due == 1) return 8;     // "tomorrow"
    return 3 + digits(*row.days_until_due) + 5; // "in ", " days"
  default: return shown_width(when_text(row));
  }
}

std::string from_text(const Row& row) {
  if (row.from_kind == kind_one_on_one) return "1:1 " + row.from_date.pretty();
  if (row.from_kind == kind_promise) return "added " + row.from_date.pretty();
  if (row.from_kind == kind::team_meeting) return "team meeting " + row.from_date.pretty();
  return fmt::format("{} {}", row.from_kind, row.from_date.pretty());
}

size_t from_width(const Row& row) {
  const size_t date = pretty_width(row.from_date);
  if (row.from_kind == kind_one_on_one) return 4 + date;     // "1:1 "
  if (row.from_kind == kind_promise) return 6 + date;        // "added "
  if (row.from_kind == kind::team_meeting) return 13 + date; // "team meeting "
  return shown_width(from_text(row));
}

// The listing's columns, in every format (the table and Markdown show those with a header). Cells view
// the row's texts, which outlive the table (they view the reps or the open-promise index).
const Columns<Row>& row_columns() {
  static const Columns<Row> columns{
      {"ID", "id",
       [](const Row& r) {
         return Table::Cell{{}, Style::plain, r.id};
       },
       [](const Row& r) { return Json(std::string(r.id)); }},
      {"", "rep", {}, [](const Row& r) { return Json(std::string(r.rep_id)); }},
      {"Rep",
       "rep_name",
       [](const Row& r) {
         return Table::Cell{{}, Style::plain, r.rep_name};
       },
       [](const Row& r) { return Json(std::string(r.rep_name)); },
       Table::Align::left,
       true,
       false,
       {},
       true},
      {"Owner", "owner",
       [](const Row& r) {
         return Table::Cell{{}, Style::plain, r.owner_label};
       },
       [](const Row& r) { return Json(std::string(r.owner)); }},
      {"Promise",
       "text",
       [](const Row& r) {
         return Table::Cell{{}, Style::plain, r.text};
       },
       [](const Row& r) { return Json(std::string(r.text)); },
       Table::Align::left,
       true,
       false,
       {},
       true},
      {"Due", "due", [](const Row& r) { return Table::Cell{r.due ? r.due->pretty() : ""}; },
       [](const Row& r) { return date_json(r.due); }, Table::Align::left, false, true, "-", false,
       [](const Row& r) { return r.due ? pretty_width(*r.due) : 0; }},
      {"", "first_due", {}, [](const Row& r) { return date_json(r.first_due); }},
      {"When",
       "",
       [](const Row& r) {
         return Table::Cell{when_text(r), when_style(r)};
       },
       {},
       Table::Align::left,
       true,
       false,
       {},
       true,
       when_width},
      {"", "state", {}, [](const Row& r) { return Json(state_key(r.state)); }},
      {"",
       "days_until_due",
       {},
       [](const Row& r) { return r.days_until_due ? Json(*r.days_until_due) : Json(nullptr); }},
      {"", "closed", {}, [](const Row& r) { return date_json(r.closed); }},
      {"", "note", {}, [](const Row& r) { return Json(std::string(r.note)); }},
      {"", "reason", {}, [](const Row& r) { return Json(std::string(r.reason)); }},
      {"From",
       "from.kind",
       [](const Row& r) { return Table::Cell{from_text(r)}; },
       [](const Row& r) { return Json(std::string(r.from_kind)); },
       Table::Align::left,
       false,
       true,
       {},
       false,
       from_width},
      {"", "from.id", {}, [](const Row& r) { return Json(std::string(r.from_id)); }},
      {"", "from.date", {}, [](const Row& r) { return Json(r.from_date.iso()); }},
  };
  return columns;
}

// "3 open, 1 overdue (0 yours), 1 due today, 2 closed" under the table.
template <RowsOf<Row> Rows>
std::string summary_line(const Rows& rows) {
  size_t open = 0, overdue = 0, overdue_mine = 0, today_count = 0;
  for (const auto& row : rows) {
    if (row.state == PromiseState::open || row.state == PromiseState::due_today || row.state == PromiseState::overdue) {
      ++open;
    }
    if (row.state == PromiseState::overdue) {
      ++overdue;
      if (row.owner == "manager") ++overdue_mine;
    }
    if (row.state == PromiseState::due_today) ++today_count;
  }
  std::string summary = fmt::format("{} open", open);
  if (overdue > 0) summary += fmt::format(", {} overdue ({} yours)", overdue, overdue_mine);
  if (today_count > 0) summary += fmt::format(", {} due today", today_count);
  if (rows.size() > open) summary += fmt::format(", {} closed", rows.size() - open);
  return summary;
}

// A joint call planned and not yet debriefed: an open item of the manager's.
struct OpenPlan {
  std::string_view id;
  std::string_view rep_id;
  std::string_view rep_name;
  std::string_view account; // empty when it has none
  Date date;
};

// Whether the filter lets an open joint call dated `date` through: the
// manager's (so none with --theirs), dated before today with --overdue, by
// the day --due-within reaches.
bool plan_passes(const PromiseFilter& filter, Date date, Date today) {
  if (filter.owner == Owner::rep) return false;
  if (filter.overdue_only && date >= today) return false;
  return !filter.due_within || date <= today.plus_days(*filter.due_within);
}

void sort_plans(std::vector<OpenPlan>& plans) {
  std::stable_sort(plans.begin(), plans.end(), [](const OpenPlan& a, const OpenPlan& b) { return a.date < b.date; });
}

// The open joint-call plans of `reps` the filter lets through.
std::vector<OpenPlan> open_plans(const std::vector<Rep>& reps, const PromiseFilter& filter, Date today) {
  std::vector<OpenPlan> plans;
  for (const auto& rep : reps) {
    if (rep.is_archived() && !filter.include_archived) continue;
    if (filter.rep_id && rep.id != *filter.rep_id) continue;
    for (const Record* call : open_joint_calls(rep)) {
      if (!plan_passes(filter, call->date, today)) continue;
      const std::string* account = call->fields.text(field::account);
      plans.push_back({call->id, rep.id, rep.name, account ? std::string_view(*account) : "", call->date});
    }
  }
  sort_plans(plans);
  return plans;
}

std::string when(Date day, Date today) {
  const int days = today.days_until(day);
  if (days == 0) return "today";
  return days > 0 ? fmt::format("in {} day{}", days, days == 1 ? "" : "s")
                  : fmt::format("{} day{} ago", -days, days == -1 ? "" : "s");
}

Json plans_json(const std::vector<OpenPlan>& plans) {
  Json out = Json::array();
  for (const auto& plan : plans) {
    out.push_back({{"id", std::string(plan.id)},
                   {"rep", std::string(plan.rep_id)},
                   {"rep_name", std::string(plan.rep_name)},
                   {"account", std::string(plan.account)},
                   {"date", plan.date.iso()}});
  }
  return out;
}

// One line per joint call, cut with ~ at `width` (a long account name).
void render_plans(const std::vector<OpenPlan>& plans, Date today, size_t width, std::ostream& out) {
  if (plans.empty()) return;
  out << "\nJoint calls waiting for their feedback (coach joint-call feedback ID)\n";
  for (const auto& plan : plans) {
    out << fit(fmt::format("  {}  {}  {}  {} ({})", plan.id, plan.rep_name, one_line(plan.account), plan.date.pretty(),
                           when(plan.date, today)),
               width)
        << "\n";
  }
}

// The listing for programs (json, csv) or Markdown, the rows in the order listed.
template <RowsOf<Row> Rows>
void render_data(const Rows& rows, const std::vector<OpenPlan>& plans, const std::string& format, Date today,
                 std::ostream& out) {
  const auto& columns = row_columns();
  if (format == "json") {
    std::string text;
    JsonTextWriter json(text);
    const auto write_out = [&] {
      out.write(text.data(), static_cast<std::streamsize>(text.size()));
      text.clear();
    };
    json.open_object();
    json.key("as_of");
    json.value(today.iso());
    json.key("promises");
    json.open_array();
    write_json_items(json, columns, rows, [&] {
      if (text.size() >= 64 * 1024) write_out();
    });
    json.close();
    json.key("open_joint_calls");
    json.value(plans_json(plans));
    json.close();
    text += '\n';
    write_out();
  } else if (format == "csv") {
    out << csv_of(columns, rows);
  } else {
    out << markdown_of(columns, rows);
  }
}

// `order`, when given: the rows are in the order they lie in memory, and order[i] is the place among them of the
// i-th listed (write_table).
template <RowsOf<Row> Rows>
void render(const Rows& rows, const std::vector<uint32_t>* order, const std::vector<OpenPlan>& plans,
            const std::string& format, Date today, Context& context) {
  auto& out = context.out();
  if (format == "json" || format == "csv" || format == "md") {
    if (order)
      render_data(std::views::transform(*order, [&rows](uint32_t at) { return rows[at]; }), plans, format, today, out);
    else render_data(rows, plans, format, today, out);
    return;
  }
  if (rows.empty()) {
    out << "No promises match.\n";
  } else {
    const bool color = context.color();
    write_table(row_columns(), rows, out, context.terminal_width(), color, 0, true, order);
    out << styled(summary_line(rows), Style::dim, color) << "\n"; // counts: any order
  }
  render_plans(plans, today, static_cast<size_t>(context.terminal_width()), out);
}

PromiseFilter list_filter(const ListOptions& options) {
  PromiseFilter filter;
  filter.overdue_only = options.overdue;
  if (!options.due_within.empty()) {
    filter.due_within = parse_day_span(options.due_within);
    if (!filter.due_within) {
      throw Error(ExitCode::usage,
                  fmt::format("--due-within: \"{}\" is not a number of days (7, 7d, 2w)", options.due_within));
    }
  }
  if (options.mine && options.theirs) {
    throw Error(ExitCode::usage, "--mine and --theirs exclude each other; leave both out for both");
  }
  if (options.mine) filter.owner = Owner::manager;
  if (options.theirs) filter.owner = Owner::rep;
  filter.include_closed = options.all;
  filter.include_archived = options.archived;
  return filter;
}

// The team meetings' open actions: those concerning a rep by that rep's id, in
// the order attach_team_actions appends them, and those to the whole team by
// team file (team_action_views), listed under "Team".
struct TeamActions {
  std::unordered_map<std::string_view, std::vector<OpenPromise>> by_rep;
  std::vector<std::pair<std::string_view, std::vector<OpenPromise>>> whole_team; // team file id, its actions
};

TeamActions team_actions(const std::vector<Rep>& teams) {
  TeamActions actions;
  for (const auto& team : teams) {
    std::vector<OpenPromise> whole_team;
    for (const auto& meeting : team.records) {
      if (meeting.kind != kind::team_meeting) continue;
      for (const auto& action : meeting.promises) {
        if (!action.is_open()) continue;
        auto& list = action.rep.empty() ? whole_team : actions.by_rep[action.rep];
        list.push_back(open_promise_of(meeting, action));
      }
    }
    if (!whole_team.empty()) actions.whole_team.emplace_back(team.id, std::move(whole_team));
  }
  return actions;
}

// An open promise listed, with its rep; Row made from it as it is rendered
// (49,000 rows of 230 bytes held at once were a fifth of a listing's time, in
// the kernel making their pages).
struct Listed {
  uint64_t key; // see open_listing
  uint32_t rep; // its rep's id and name in open_listing's `reps`
  uint32_t at;  // its place in open_listing's order, the order the promises lie in memory
  const OpenPromise* promise;
};

// Sorts `listed` by key, equal keys kept in their order: a radix sort, eleven bits a pass, a pass skipped where
// every key has the same digit (the bits between the rank and the due day). A comparison sort of 49,000 was a
// tenth of the listing's time.
void sort_by_key(std::vector<Listed>& listed) {
  constexpr int digit_bits = 11;
  constexpr size_t digits = (64 + digit_bits - 1) / digit_bits;
  constexpr size_t buckets = size_t{1} << digit_bits;
  const auto digit = [](uint64_t key, size_t d) { return (key >> (d * digit_bits)) & (buckets - 1); };
  std::vector<std::array<uint32_t, buckets>> counts(digits); // every pass's histogram, in one read of the keys
  for (const Listed& l : listed) {
    for (size_t d = 0; d < digits; ++d) ++counts[d][digit(l.key, d)];
  }
  std::vector<Listed> sorted(listed.size());
  for (size_t d = 0; d < digits; ++d) {
    auto& count = counts[d];
    if (std::find(count.begin(), count.end(), listed.size()) != count.end()) continue; // one digit for all
    uint32_t start = 0;
    for (auto& c : count) start += std::exchange(c, start);
    for (const Listed& l : listed) sorted[count[digit(l.key, d)]++] = l;
    listed.swap(sorted);
  }
}

// The ids and names of the reps a listing's promises are of, by Listed::rep.
using ListedReps = std::vector<std::pair<std::string_view, std::string_view>>;

// The promises select_promises gives for the reps with their team actions
// attached, listed from the open items, in the order they lie in memory:
// sort_by_key puts them in select_promises' order.
std::vector<Listed> open_listing(const OpenItems& items, const TeamActions& team, const PromiseFilter& filter,
                                 Date today, ListedReps& reps) {
  // select_promises' order: by due date (none last), then by rep id, then as listed. The key packs the first two
  // (the due day and the rank of the rep id among those listed) in one number: comparing it, not the dates and ids
  // it stands for, took a tenth of a 49,000-promise listing.
  std::vector<std::string_view> rep_ids;
  for (const OpenFile* file : items.files) rep_ids.push_back(file->id);
  for (const auto& [team_id, actions] : team.whole_team) rep_ids.push_back(team_id);
  std::sort(rep_ids.begin(), rep_ids.end());
  const auto rank_of = [&](std::string_view rep_id) {
    return static_cast<uint64_t>(std::lower_bound(rep_ids.begin(), rep_ids.end(), rep_id) - rep_ids.begin());
  };
  std::vector<Listed> listed;
  size_t candidates = 0; // at most every one is listed: room made once, not grown by copies
  for (const OpenFile* file : items.files) candidates += file->promises.size();
  for (const auto& [rep_id, actions] : team.by_rep) candidates += actions.size();
  for (const auto& [team_id, actions] : team.whole_team) candidates += actions.size();
  listed.reserve(candidates);
  const auto add = [&](const std::vector<OpenPromise>& promises, std::string_view rep_id, std::string_view name) {
    const uint64_t rank = rank_of(rep_id);
    const auto rep = static_cast<uint32_t>(reps.size());
    reps.emplace_back(rep_id, name);
    for (const auto& p : promises) {
      if (filter.owner && p.owner != *filter.owner) continue;
      if (filter.overdue_only && !(p.due && *p.due < today)) continue;
      if (filter.due_within && (!p.due || today.days_until(*p.due) > *filter.due_within)) continue;
      // Days from 1970 shifted to be positive for any date the calendar holds; no due date after every one.
      const uint64_t due = p.due ? static_cast<uint64_t>(int64_t{p.due->days().time_since_epoch().count()} +
                                                         (int64_t{1} << 31))
                                 : uint64_t{1} << 32;
      listed.push_back({due << 31 | rank, rep, static_cast<uint32_t>(listed.size()), &p});
    }
  };
  for (const OpenFile* file : items.files) {
    if (file->archived && !filter.include_archived) continue;
    add(file->promises, file->id, file->name);
    if (const auto it = team.by_rep.find(file->id); it != team.by_rep.end()) add(it->second, file->id, file->name);
  }
  for (const auto& [team_id, actions] : team.whole_team) add(actions, team_id, default_team_name);
  return listed;
}

// The places in `listed` of its promises in select_promises' order.
std::vector<uint32_t> listing_order(std::vector<Listed> listed) {
  sort_by_key(listed);
  std::vector<uint32_t> order(listed.size());
  std::ranges::transform(listed, order.begin(), [](const Listed& l) { return l.at; });
  return order;
}

// The rows of `listed`, each made when it is read.
auto rows_of(const std::vector<Listed>& listed, const ListedReps& reps, Date today) {
  return std::views::transform(listed, [&reps, today](const Listed& l) {
    return make_row(*l.promise, reps[l.rep].first, reps[l.rep].second, today);
  });
}

// The open joint-call plans of the open items the filter lets through.
std::vector<OpenPlan> open_plans(const OpenItems& items, const PromiseFilter& filter, Date today) {
  std::vector<OpenPlan> plans;
  for (const OpenFile* file : items.files) {
    if (file->archived && !filter.include_archived) continue;
    for (const auto& call : file->calls) {
      if (plan_passes(filter, call.date, today))
        plans.push_back({call.id, file->id, file->name, call.account, call.date});
    }
  }
  sort_plans(plans);
  return plans;
}

// The open items, from the open-promise index: no history read, no rep built.
int run_open_list(const ListOptions& options, const PromiseFilter& filter, const Setup& setup) {
  const DataDir& dir = setup.dir();
  std::vector<LoadFailure> unreadable; // shown at the end: the other reps' promises still are
  const OpenItems items = load_open_items(dir, &unreadable);
  const auto& teams = kept_until_exit(dir.load_team_files(&unreadable));
  const Date today = setup.today();
  const TeamActions team = team_actions(teams); // listed points into it
  ListedReps reps;
  const std::vector<Listed> listed = open_listing(items, team, filter, today, reps);
  const std::vector<uint32_t> order = listing_order(listed);
  render(rows_of(listed, reps, today), &order, open_plans(items, filter, today), options.format, today, setup.context);
  fail_on_unreadable(unreadable, setup.context.out(), setup.context.err());
  return 0;
}

int run_list(const ListOptions& options, const Setup& setup) {
  // The options first: a usage error reads no file, and is the same whatever the data holds.
  PromiseFilter filter = list_filter(options);
  if (options.rep.empty() && !options.all) return run_open_list(options, filter, setup);
  const DataDir& dir = setup.dir();
  const Date today = setup.today();
  // One rep's promises need only that rep's file; closed ones every history.
  std::vector<LoadFailure> unreadable; // shown at the end: the other reps' promises still are
  auto loaded = !options.rep.empty() ? std::vector<Rep>{dir.find_rep(options.rep)} : dir.load_reps(&unreadable);
  // The team meetings' actions: under the rep they concern, the whole team's under "Team".
  const auto teams = dir.load_team_files(&unreadable);
  attach_team_actions(loaded, teams);
  if (options.rep.empty()) {
    for (auto& view : team_action_views(teams)) loaded.push_back(std::move(view));
  }
  const auto& reps = kept_until_exit(std::move(loaded));
  if (!options.rep.empty()) filter.rep_id = reps.front().id;
  const auto selected = select_promises(reps, filter, today);
  std::vector<Row> rows;
  rows.reserve(selected.size()); // no moving tens of thousands of rows at a whole organization
  for (const auto& ref : selected) rows.push_back(make_row(ref, today));
  render(rows, nullptr, open_plans(reps, filter, today), options.format, today, setup.context);
  fail_on_unreadable(unreadable, setup.context.out(), setup.context.err());
  return 0;
}

// The promise a closing verb names, with its rep (kept in `holder`), checked to be still open.
PromiseRef open_promise(const DataDir& dir, const std::string& id, std::vector<Rep>& holder) {
  auto [rep, exact_id] = dir.find_rep_with_promise(id);
  holder = {std::move(rep)};
  const PromiseRef ref = find_promise(holder, exact_id);
  const Promise& p = *ref.promise;
  if (p.done) throw Error(ExitCode::exists, fmt::format("promise {} was kept already, on {}", p.id, p.done->pretty()));
  if (p.dropped) {
    throw Error(ExitCode::exists, fmt::format("promise {} was dropped already, on {}", p.id, p.dropped->pretty()));
  }
  return ref;
}

// Whose promise it is: the rep's name, or for a team meeting's action the rep it concerns (the team file has ids).
const std::string& concerning(const PromiseRef& ref) {
  return ref.promise->rep.empty() ? ref.rep->name : ref.promise->rep;
}

std::string describe(const PromiseRef& ref) {
  return fmt::format("{} ({}, {}): {}", ref.promise->id, concerning(ref),
                     ref.promise->owner == Owner::manager ? "yours" : "theirs", one_line(ref.promise->text));
}

// A closing date: not before the promise was made, not in the future.
Date closing_date(const std::string& option, const std::string& value, const PromiseRef& ref, Date today) {
  const Date date = value.empty() ? today : parse_date_option(option, value, today, DateDirection::past);
  if (date > today) throw Error(ExitCode::usage, fmt::format("{}: {} is in the future", option, date.pretty()));
  if (date < ref.record->date) {
    throw Error(ExitCode::usage, fmt::format("{}: {} is before the promise was made ({})", option, date.pretty(),
                                             ref.record->date.pretty()));
  }
  return date;
}

// What done, drop and move share: the open promise `id` names, the change
// `change_for` makes to it, and the commit; returns the promise as changed.
struct ChangedPromise {
  std::vector<Rep> holder; // what `ref` points into
  PromiseRef ref;          // the promise before the change
  Promise changed;
};

ChangedPromise
change_open_promise(const Setup& setup, const std::string& id,
                    const std::function<PromiseChange(const PromiseRef&)>& change_for,
                    const std::function<std::string(const PromiseRef&, const PromiseChange&)>& commit_message) {
  ChangedPromise out;
  out.ref = open_promise(setup.dir(), id, out.holder);
  const PromiseChange change = change_for(out.ref);
  out.changed = setup.dir().change_promise(*out.ref.rep, out.ref.promise->id, change, setup.committer([&](const auto&) {
    return commit_message(out.ref, change);
  }));
  return out;
}

// "followups VERB: ID, Rep Name: text", the commit message of done and drop.
std::function<std::string(const PromiseRef&, const PromiseChange&)> closing_message(std::string_view verb) {
  return [verb](const PromiseRef& ref, const PromiseChange&) {
    return fmt::format("followups {}: {}, {}: {}", verb, ref.promise->id, concerning(ref), ref.promise->text);
  };
}

int run_done(const DoneOptions& options, const Setup& setup) {
  const Date today = setup.today();
  const auto [holder, ref, kept] = change_open_promise(
      setup, options.id,
      [&](const PromiseRef& open) {
        PromiseChange change;
        change.done = closing_date("--date", options.date, open, today);
        if (!options.note.empty()) change.note = checked_text("--note", options.note);
        return change;
      },
      closing_message("done"));
  std::string how;
  switch (promise_state(kept, today)) {
  case PromiseState::kept_on_time: how = ", on time"; break;
  case PromiseState::kept_after_move: how = ", after a move"; break;
  case PromiseState::kept_late: {
    const int late = kept.due->days_until(*kept.done);
    how = fmt::format(", {} day{} late", late, late == 1 ? "" : "s");
    break;
  }
  default: break;
  }
  setup.context.out() << fmt::format("Done: {} (kept {}{})\n", describe(ref), kept.done->pretty(), how);
  return 0;
}

int run_drop(const DropOptions& options, const Setup& setup) {
  const auto [holder, ref, dropped] = change_open_promise(
      setup, options.id,
      [&](const PromiseRef& open) {
        PromiseChange change;
        change.dropped = closing_date("--date", options.date, open, setup.today());
        change.reason = std::string(trim(checked_text("--reason", options.reason)));
        return change;
      },
      closing_message("drop"));
  setup.context.out() << fmt::format("Dropped: {} ({})\n", describe(ref), one_line(dropped.reason));
  return 0;
}

int run_move(const MoveOptions& options, const Setup& setup) {
  const auto [holder, ref, moved] = change_open_promise(
      setup, options.id,
      [&](const PromiseRef& open) {
        PromiseChange change;
        change.new_due = parse_date_option("--due", options.due, setup.today(), DateDirection::future);
        if (*change.new_due < open.record->date) {
          throw Error(ExitCode::usage, fmt::format("--due: {} is before the promise was made ({})",
                                                   change.new_due->pretty(), open.record->date.pretty()));
        }
        if (open.promise->due && *change.new_due == *open.promise->due) {
          throw Error(ExitCode::usage, fmt::format("--due: the promise is due {} already", change.new_due->pretty()));
        }
        return change;
      },
      [](const PromiseRef& open, const PromiseChange& change) {
        return fmt::format("followups move: {}, {}, due {}", open.promise->id, concerning(open), change.new_due->iso());
      });
  setup.context.out() << fmt::format("Moved: {} (due {}, first due {})\n", describe(ref), moved.due->pretty(),
                                     moved.first_due ? moved.first_due->pretty() : "-");
  return 0;
}

int run_add(const AddOptions& options, const Setup& setup) {
  Context& context = setup.context;
  const Settings& settings = setup.settings();
  const Date today = setup.today();
  const Rep rep = active_rep(setup.dir(), options.rep);
  Promise promise;
  const auto owner = owner_from_word(options.owner);
  if (!owner) {
    throw Error(ExitCode::usage, fmt::format("--owner: \"{}\" is neither me (i, manager, mine) nor rep (they, them, "
                                             "theirs)",
                                             options.owner));
  }
  promise.owner = *owner;
  promise.text = std::string(trim(checked_text("TEXT", coach::join(options.text, " "))));
  promise.due = options.due.empty()
                    ? weekday_on_or_after(std::max(next_one_on_one_due(rep, settings.policy, today), today))
                    : parse_date_option("--due", options.due, today, DateDirection::future);
  if (*promise.due < today) {
    throw Error(ExitCode::usage, fmt::format("--due: {} is in the past", promise.due->pretty()));
  }
  Record record;
  record.kind = std::string(kind_promise);
  record.date = today;
  record.promises.push_back(promise);
  const Record written = setup.dir().append_record(rep, record, setup.committer([&](const WrittenChange& change) {
    const Promise& added = change.appended->promises.front();
    return fmt::format("followups add: {}, {}, due {}", added.id, rep.name, added.due->iso());
  }));
  const Promise& p = written.promises.front();
  context.out() << fmt::format("Added {} ({}, {}): {} (due {})\n", p.id, rep.name,
                               p.owner == Owner::manager ? "yours" : "theirs", one_line(p.text), p.due->pretty());
  return 0;
}

// A verb after `followups`: a word too many must be an error, not the listing's REP.
void as_verb(CLI::App& cmd) {
  cmd.footer("");
  cmd.fallthrough(false);
}

} // namespace

CommandBody followups_list_command(CLI::App& cmd) {
  auto list = std::make_shared<ListOptions>();
  cmd.require_subcommand(0, 1);
  cmd.add_option("REP", list->rep, "Only this rep's promises (id, start of an id, or part of a name)");
  cmd.add_flag("--overdue", list->overdue, "Only overdue promises");
  cmd.add_option("--due-within", list->due_within, "Only promises due within this time (7, 7d, 2w); overdue included")
      ->check(non_empty())
      ->type_name("DAYS");
  cmd.add_flag("--mine", list->mine, "Only your promises");
  cmd.add_flag("--theirs", list->theirs, "Only the reps' commitments");
  cmd.add_flag("-a,--all", list->all, "Closed promises too, with how they closed");
  cmd.add_flag("--archived", list->archived, "Include archived reps");
  cmd.add_option("--format", list->format, "table, json, csv or md")
      ->check(CLI::IsMember({"table", "json", "csv", "md"}));
  cmd.footer("Subcommands: done ID, drop ID, move ID, add REP TEXT. See `coach followups COMMAND --help`.");
  return [list](const Setup& setup) { return run_list(*list, setup); };
}

CommandBody followups_done_command(CLI::App& cmd) {
  auto done = std::make_shared<DoneOptions>();
  as_verb(cmd);
  cmd.add_option("ID", done->id, "The promise's id, or a unique start of it")->required();
  cmd.add_option("--date", done->date, "When it was kept (default: today)")->check(non_empty())->type_name("DATE");
  cmd.add_option("--note", done->note, "A note on how it was kept")->check(non_empty())->type_name("TEXT");
  return [done](const Setup& setup) { return run_done(*done, setup); };
}

CommandBody followups_drop_command(CLI::App& cmd) {
  auto drop = std::make_shared<DropOptions>();
  as_verb(cmd);
  cmd.add_option("ID", drop->id, "The promise's id, or a unique start of it")->required();
  cmd.add_option("--reason", drop->reason, "Why it was dropped")->check(non_empty())->required()->type_name("TEXT");
  cmd.add_option("--date", drop->date, "When (default: today)")->check(non_empty())->type_name("DATE");
  return [drop](const Setup& setup) { return run_drop(*drop, setup); };
}

CommandBody followups_move_command(CLI::App& cmd) {
  auto move = std::make_shared<MoveOptions>();
  as_verb(cmd);
  cmd.add_option("ID", move->id, "The promise's id, or a unique start of it")->required();
  cmd.add_option("--due", move->due, "The new due date (e.g. fri, +1w, 2026-12-04)")
      ->check(non_empty())
      ->required()
      ->type_name("DATE");
  return [move](const Setup& setup) { return run_move(*move, setup); };
}

CommandBody followups_add_command(CLI::App& cmd) {
  auto add = std::make_shared<AddOptions>();
  as_verb(cmd);
  cmd.add_option("REP", add->rep, "Id, start of an id, or part of a name")->required();
  // The words after REP are the text, quoted or not; options may come anywhere, and after `--`
  // every word is text, one starting with '-' too.
  cmd.add_option("TEXT", add->text, "What was promised: the words after REP, quoted or not")->required();
  cmd.add_option("--due", add->due, "When it is due (default: the rep's next 1:1 under the policy)")
      ->check(non_empty())
      ->type_name("DATE");
  cmd.add_option("--owner", add->owner, "Whose promise: me (default) or rep")->check(non_empty())->type_name("me|rep");
  return [add](const Setup& setup) { return run_add(*add, setup); };
}

} // namespace coach::cli
