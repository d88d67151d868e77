// `coach audit`: is the coaching happening as the policy says, and is the data sound?
#include <map>
#include <ostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <coach/audit.hpp>
#include <coach/error.hpp>
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

int run_audit_command(const AuditOptions& options, Context& context) {
  const DataDir dir = context.open_data_dir();
  const Settings settings = dir.load_settings(); // a bad policy stops the audit: nothing can be judged without it
  const Date today = context.today();
  AuditRequest request;
  request.today = today;
  request.as_of = options.as_of.empty() ? today : parse_date_option("--as-of", options.as_of, today, DateDirection::past);
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

  std::vector<LoadFailure> failures;
  const auto reps = dir.load_reps(&failures);
  const auto findings = run_audit(settings, reps, failures, request);

  size_t counts[3] = {0, 0, 0};
  for (const auto& finding : findings) ++counts[static_cast<int>(finding.severity)];
  size_t active = 0;
  for (const auto& rep : reps) {
    const bool archived_then = rep.archived && *rep.archived <= request.as_of;
    if (!archived_then || options.archived) ++active;
  }

  auto& out = context.out();
  if (options.format == "json") {
    Json list = Json::array();
    for (const auto& f : findings) {
      list.push_back({{"severity", severity_name(f.severity)},
                      {"check", f.check},
                      {"rep", f.rep_id.empty() ? Json(nullptr) : Json(f.rep_id)},
                      {"place", f.place.empty() ? Json(nullptr) : Json(f.place)},
                      {"message", f.message}});
    }
    out << Json{{"as_of", request.as_of.iso()},
                {"findings", list},
                {"summary", {{"errors", counts[2]}, {"warnings", counts[1]}, {"notes", counts[0]}, {"reps", active}}}}
               .dump(2)
        << "\n";
  } else if (!findings.empty()) {
    const bool color = context.color();
    std::map<std::string, std::string> names;
    for (const auto& rep : reps) names[rep.id] = rep.name;
    std::string group = "\x01";
    for (const auto& f : findings) {
      if (f.rep_id != group) {
        group = f.rep_id;
        const std::string root = dir.root().lexically_normal().string();
        const std::string title = group.empty() ? (root == "." ? std::string("Team directory") : "Team directory " + root)
                                                : fmt::format("{} ({})", names.count(group) ? names[group] : group, group);
        out << styled(title, Style::bold, color) << "\n";
      }
      const std::string severity = fmt::format("{:<8}", severity_name(f.severity));
      out << "  " << styled(severity, severity_style(f.severity), color) << fmt::format(" {:<12} ", f.check)
          << (f.place.empty() ? "" : f.place + ": ") << f.message << "\n";
    }
    const auto part = [](size_t n, std::string_view word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); };
    out << fmt::format("{}, {}, {} in {} (as of {})\n", part(counts[2], "error"), part(counts[1], "warning"),
                       part(counts[0], "note"), part(active, "rep"), request.as_of.pretty());
  }

  int threshold = 3;
  if (options.fail_on == "error") threshold = 2;
  else if (options.fail_on == "warning") threshold = 1;
  else if (options.fail_on == "note") threshold = 0;
  for (const auto& f : findings) {
    if (static_cast<int>(f.severity) >= threshold) return static_cast<int>(ExitCode::findings);
  }
  return 0;
}

} // namespace

void register_audit_command(CLI::App& app, Context& context, int& exit_code) {
  auto options = std::make_shared<AuditOptions>();
  auto* cmd = app.add_subcommand("audit", "Check cadence, consistency, notes, promises and the data against the policy");
  std::vector<std::string> checks(audit_checks.begin(), audit_checks.end());
  cmd->add_option("--only", options->only, "Run only this check (repeat): cadence, consistency, content, promises, data")
      ->check(CLI::IsMember(checks))
      ->type_name("CHECK");
  cmd->add_option("--skip", options->skip, "Skip this check (repeat)")->check(CLI::IsMember(checks))->type_name("CHECK");
  cmd->add_flag("--data", options->data_only, "Only the data checks: fast, for a git pre-commit hook");
  cmd->add_flag("--archived", options->archived, "Audit archived reps too");
  cmd->add_option("--as-of", options->as_of, "Audit the state on this past date")->check(non_empty())->type_name("DATE");
  cmd->add_option("--fail-on", options->fail_on, "Exit 1 when a finding is at least this severe: error (default), "
                                                 "warning, note, never")
      ->check(CLI::IsMember({"error", "warning", "note", "never"}))
      ->type_name("SEVERITY");
  cmd->add_option("--format", options->format, "table or json")->check(CLI::IsMember({"table", "json"}));
  cmd->footer("Prints nothing when everything is clean. Exit status: 0 clean (or findings below --fail-on), 1 findings,\n"
              "2 usage, 3 coach.yaml does not parse or holds a bad value, 4 no data directory, 6 cannot read.\n"
              "Rep files that cannot be read are reported as data errors whatever --only says.");
  cmd->callback([options, &context, &exit_code] { exit_code = run_audit_command(*options, context); });
}

} // namespace coach::cli
