// `coach audit`: is the coaching happening as the policy says, and is the data sound?
#include <map>
#include <ostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <coach/audit.hpp>
#include <coach/error.hpp>
#include <coach/settings.hpp>
#include <coach/text.hpp>

#include "context.hpp"
#include "output.hpp"

namespace coach::cli {

namespace {

using Json = nlohmann::ordered_json;

struct AuditOptions {
  std::vector<std::string> only;
  std::vector<std::string> skip;
  bool data_only = false;
  bool archived = false;
  std::string as_of;
  std::string fail_on = "error";
  std::string format = "table";
};

Style severity_style(Severity severity) {
  switch (severity) {
  case Severity::error: return Style::red;
  case Severity::warning: return Style::yellow;
  case Severity::note: return Style::dim;
  }
  return Style::plain;
}

AuditRequest audit_request(const AuditOptions& options, const DataDir& dir, Date today) {
  AuditRequest request;
  request.today = today;
  request.as_of = options.as_of.empty() ? today
                                        : parse_date_option("--as-of", options.as_of, today, DateDirection::past);
  if (request.as_of > today) {
    throw Error(ExitCode::usage, fmt::format("--as-of: {} is in the future", request.as_of.pretty()));
  }
  request.include_archived = options.archived;
  request.settings_path = dir.settings_path().lexically_normal().string();
  for (const auto& check : options.only) request.checks.insert(check);
  if (options.data_only) request.checks.insert("data");
  if (!options.skip.empty()) {
    if (request.checks.empty()) {
      for (auto check : audit_checks) request.checks.insert(std::string(check));
    }
    for (const auto& check : options.skip) request.checks.erase(check);
    if (request.checks.empty()) throw Error(ExitCode::usage, "--skip leaves no check to run");
  }
  return request;
}

// What the audit found, computed once for the text and the JSON.
struct AuditResult {
  Date as_of;
  ChunkedSequence<Finding> findings;
  size_t counts[3] = {0, 0, 0};             // by Severity: notes, warnings, errors
  size_t reps = 0;                          // the reps audited
  std::map<std::string, std::string> names; // rep id -> name
  std::string root;                         // the directory, for the team's findings
};

AuditResult audit_result(const AuditOptions& options, const AuditRequest& request, const Settings& settings,
                         const DataDir& dir) {
  AuditResult result;
  result.as_of = request.as_of;
  std::vector<LoadFailure> failures;       // the rep files' first, as for_each_rep lists them
  std::vector<LoadFailure> other_failures; // then the team's and the results' files
  const auto& team_files = kept_until_exit(dir.load_team_files(&other_failures)); // team/YEAR.yaml
  dir.load_results(&other_failures); // results/PERIOD.yaml: read only to name the ones that cannot be
  std::vector<const Record*> team_meetings;
  for (const Rep& file : team_files) {
    for (const Record& record : file.records) team_meetings.push_back(&record);
  }
  // What must be known of every file before the first rep is audited (the
  // earliest record, each activity's first day) comes from the roster, so
  // that the reps themselves are read one at a time and freed.
  // The roster is freed before the reps are read: 8 MB off the peak at 2,000 reps.
  IncrementalAudit audit = [&] {
    std::vector<LoadFailure> unread_again; // the roster's: the same files for_each_rep names
    const auto roster = dir.load_roster(&unread_again);
    Settings settled = settings;
    settle_since(settled, roster); // as the report does: since, else the earliest record
    return IncrementalAudit(std::move(settled), request, activity_starts(roster));
  }();
  dir.for_each_rep(
      [&](const Rep& rep) {
        audit.add(rep);
        const bool archived_then = rep.archived && *rep.archived <= request.as_of;
        if (!archived_then || options.archived) ++result.reps;
        result.names[rep.id] = rep.name;
      },
      &failures);
  failures.insert(failures.end(), other_failures.begin(), other_failures.end());
  result.findings = audit.finish(failures, team_meetings);
  for (const auto& finding : result.findings) ++result.counts[static_cast<int>(finding.severity)];
  result.root = dir.root().lexically_normal().string();
  return result;
}

// The audit as JSON, byte for byte what dumping one document with every
// finding in it gives, written a finding at a time: at 69,583 findings the
// document and its text were half of the command's memory.
void write_audit_json(const AuditResult& result, std::ostream& out) {
  out << "{\n  \"as_of\": " << Json(result.as_of.iso()).dump() << ",\n";
  {
    JsonArrayMember findings(out, "findings");
    for (const auto& f : result.findings) {
      findings.add(Json{{"severity", severity_name(f.severity)},
                        {"check", f.check},
                        {"rep", f.rep_id.empty() ? Json(nullptr) : Json(f.rep_id)},
                        {"place", f.place.empty() ? Json(nullptr) : Json(f.place)},
                        {"message", f.message}});
    }
  }
  out << ",\n  \"summary\": ";
  const auto& counts = result.counts;
  write_json_nested(out,
                    Json{{"errors", counts[2]}, {"warnings", counts[1]}, {"notes", counts[0]}, {"reps", result.reps}},
                    1);
  out << "\n}\n";
}

// The findings grouped by rep (the team's first), then a count; nothing when clean.
// One finding: severity and check, then the place and message wrapped at
// `width` with the later lines indented under the message's first column.
std::string finding_text(const Finding& f, size_t width, bool color) {
  const std::string severity = fmt::format("{:<8}", severity_name(f.severity));
  const std::string check = fmt::format(" {:<12} ", f.check);
  const size_t indent = 2 + severity.size() + display_width(check);
  const std::string message = (f.place.empty() ? "" : f.place + ": ") + one_line(f.message);
  const auto lines = wrap_words(message, width > indent + 20 ? width - indent : 20);
  std::string out = "  " + styled(severity, severity_style(f.severity), color) + check + lines.front() + "\n";
  for (size_t i = 1; i < lines.size(); ++i) out += std::string(indent, ' ') + lines[i] + "\n";
  return out;
}

// Written a rep's title or a finding at a time (each wrapped as a whole text
// would be: wrap_long_lines goes line by line), never the whole text at once.
void write_audit_text(const AuditResult& result, size_t width, bool color, std::ostream& out) {
  if (result.findings.empty()) return;
  std::string group = "\x01";
  for (const auto& f : result.findings) {
    if (f.rep_id != group) {
      group = f.rep_id;
      const auto name = result.names.find(group);
      const std::string title = group.empty()
                                    ? (result.root == "." ? std::string("Team directory")
                                                          : "Team directory " + result.root)
                                    : fmt::format("{} ({})", name != result.names.end() ? name->second : group, group);
      out << wrap_long_lines(styled(title, Style::bold, color) + "\n", width); // a title with a long directory
    }
    out << wrap_long_lines(finding_text(f, width, color), width);
  }
  const auto part = [](size_t n, std::string_view word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); };
  const auto& counts = result.counts;
  out << wrap_long_lines(fmt::format("{}, {}, {} in {} (as of {})\n", part(counts[2], "error"),
                                     part(counts[1], "warning"), part(counts[0], "note"), part(result.reps, "rep"),
                                     result.as_of.pretty()),
                         width);
}

int run_audit_command(const AuditOptions& options, const Setup& setup) {
  const AuditRequest request = audit_request(options, setup.dir(), setup.today());
  const AuditResult result = audit_result(options, request, setup.settings(), setup.dir());
  if (options.format == "json") write_audit_json(result, setup.context.out());
  else
    write_audit_text(result, static_cast<size_t>(setup.context.terminal_width()), setup.context.color(),
                     setup.context.out());
  int threshold = 3;
  if (options.fail_on == "error") threshold = 2;
  else if (options.fail_on == "warning") threshold = 1;
  else if (options.fail_on == "note") threshold = 0;
  for (const auto& f : result.findings) {
    if (static_cast<int>(f.severity) >= threshold) return static_cast<int>(ExitCode::findings);
  }
  return 0;
}

} // namespace

CommandBody audit_command(CLI::App& cmd) {
  auto options = std::make_shared<AuditOptions>();
  std::vector<std::string> checks(audit_checks.begin(), audit_checks.end());
  cmd.add_option("--only", options->only,
                 "Run only this check (repeat): cadence, consistency, content, promises, joint-call, career, "
                 "skills-audit, team-meeting, data")
      ->check(CLI::IsMember(checks))
      ->type_name("CHECK");
  cmd.add_option("--skip", options->skip, "Skip this check (repeat)")->check(CLI::IsMember(checks))->type_name("CHECK");
  cmd.add_flag("--data", options->data_only, "Only the data checks: fast, for a git pre-commit hook");
  cmd.add_flag("--archived", options->archived, "Audit archived reps too");
  cmd.add_option("--as-of", options->as_of, "Audit the state on this past date")->check(non_empty())->type_name("DATE");
  cmd.add_option("--fail-on", options->fail_on,
                 "Exit 1 when a finding is at least this severe: error (default), "
                 "warning, note, never")
      ->check(CLI::IsMember({"error", "warning", "note", "never"}))
      ->type_name("SEVERITY");
  cmd.add_option("--format", options->format, "table or json")->check(CLI::IsMember({"table", "json"}));
  cmd.footer(
      "Prints nothing when everything is clean. Exit status: 0 clean (or findings below --fail-on), 1 findings,\n"
      "2 usage, 3 coach.yaml does not parse or holds a bad value, 4 no data directory, 6 cannot read.\n"
      "Rep files that cannot be read are reported as data errors whatever --only says.");
  return [options](const Setup& setup) { return run_audit_command(*options, setup); };
}

} // namespace coach::cli
