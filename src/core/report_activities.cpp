// The report's sections for the coaching activities other than the 1:1: joint
// calls, team meetings, career conversations and skills audits (coach-report(1),
// "Other activities").
#include <coach/report.hpp>

#include <algorithm>
#include <set>

#include <coach/audit.hpp>
#include <coach/schema.hpp>
#include <coach/team_file.hpp>

namespace coach {

namespace {

std::optional<double> mean(const std::vector<double>& values) {
  if (values.empty()) return std::nullopt;
  double sum = 0;
  for (double v : values) sum += v;
  return sum / static_cast<double>(values.size());
}

// The groups of the team's skill list, in the order they first appear.
std::vector<std::string> skill_groups(const Settings& settings) {
  std::vector<std::string> groups;
  for (const auto& skill : settings.skills) {
    if (std::find(groups.begin(), groups.end(), skill.group) == groups.end()) groups.push_back(skill.group);
  }
  return groups;
}

// The mean of an audit's ratings of the skills of `group`; skills not on the list are left out.
std::optional<double> group_average(const Record& audit, const Settings& settings, const std::string& group) {
  std::vector<double> ratings;
  for (const auto& rated : audit.fields.ratings(field::ratings)) {
    const Skill* skill = settings.find_skill(rated.skill);
    if (skill && skill->group == group) ratings.push_back(rated.rating);
  }
  return mean(ratings);
}

// Whether `records` hold one of `kind` on or before `last` (its section then shows).
bool any_of_kind(const std::vector<Record>& records, std::string_view kind, Date last) {
  return std::any_of(records.begin(), records.end(), [&](const Record& r) { return r.kind == kind && r.date <= last; });
}

SkillsFigures team_skills(const std::vector<ActivityRow>& rows, const Settings& settings) {
  SkillsFigures team;
  const auto groups = skill_groups(settings);
  for (size_t g = 0; g < groups.size(); ++g) {
    std::vector<double> averages;
    std::vector<double> changes;
    for (const auto& row : rows) {
      if (g >= row.skills.groups.size()) continue; // no audit in the period
      if (const auto& a = row.skills.groups[g].average) averages.push_back(*a);
      if (const auto& c = row.skills.groups[g].change) changes.push_back(*c);
    }
    team.groups.push_back({groups[g], mean(averages), std::nullopt, mean(changes)});
  }
  return team;
}

} // namespace

std::optional<double> ActivityFigures::adherence() const {
  if (expected == 0) return std::nullopt;
  return static_cast<double>(credited) / expected;
}

ActivityFigures activity_figures(const Rep& rep, const Policy& policy, std::string_view kind,
                                 const ReportPeriod& period, const std::vector<Record>& team_records) {
  ActivityFigures f;
  f.cadence = cadence_for(rep, policy, kind);
  if (f.cadence > 0) f.expected = working_days_on_team(rep, policy, period.first, period.last) / f.cadence;
  std::set<Date> in_period; // one a day at most, as for 1:1s
  std::optional<Date> last;
  const auto count = [&](const Record& record) {
    if (record.date > period.last) return; // judged as the record stood on the period's last day
    if (!last || record.date > *last) last = record.date;
    if (record.date >= period.first) in_period.insert(record.date);
  };
  if (kind == kind::team_meeting) {
    for (const auto& record : team_records) {
      if (record.kind == kind && attended_team_meeting(rep, record)) count(record);
    }
  } else {
    for (const auto& record : rep.records) {
      if (record.kind == kind && is_held(record)) count(record);
    }
  }
  f.held = static_cast<int>(in_period.size());
  f.credited = std::min(f.held, f.expected);
  f.dates.assign(in_period.begin(), in_period.end());
  // A rep who left: the time since runs to the day they left, as for 1:1s.
  const Date end = rep.archived && *rep.archived < period.last ? *rep.archived : period.last;
  if (last) f.days_since_last = last->days_until(std::max(end, *last));
  return f;
}

SkillsFigures skills_figures(const Rep& rep, const Settings& settings, const ReportPeriod& period) {
  std::vector<const Record*> audits;
  for (const auto& record : rep.records) {
    if (record.kind == kind::skills_audit && record.date <= period.last) audits.push_back(&record);
  }
  // Two audits on one day: the later in the file is the later one.
  std::stable_sort(audits.begin(), audits.end(), [](const Record* a, const Record* b) { return a->date < b->date; });
  SkillsFigures s;
  if (audits.empty() || audits.back()->date < period.first) return s;
  const Record& latest = *audits.back();
  const Record* before = audits.size() > 1 ? audits[audits.size() - 2] : nullptr;
  s.audited = latest.date;
  if (before) s.previous_audit = before->date;
  for (const auto& group : skill_groups(settings)) {
    GroupRating g{group, group_average(latest, settings, group), std::nullopt, std::nullopt};
    if (before) g.previous = group_average(*before, settings, group);
    if (g.average && g.previous) g.change = *g.average - *g.previous;
    s.groups.push_back(std::move(g));
  }
  return s;
}

ActivitySections::ActivitySections(const Settings& settings, const ReportPeriod& period,
                                   const std::vector<Record>& team_records)
    : m_settings(settings), m_period(period), m_team_records(team_records) {
  for (std::string_view kind : activity_kinds) {
    if (kind == kind::one_on_one) continue;
    ActivityReport& section = m_sections.emplace_back();
    section.kind = std::string(kind);
    const auto cadence = settings.policy.activity_cadence.find(section.kind);
    section.totals.cadence = cadence == settings.policy.activity_cadence.end() ? 0 : cadence->second;
    m_shown.push_back(any_of_kind(team_records, kind, period.last));
  }
}

void ActivitySections::add(const Rep& rep) {
  for (size_t k = 0; k < m_sections.size(); ++k) {
    ActivityReport& section = m_sections[k];
    if (!m_shown[k] && any_of_kind(rep.records, section.kind, m_period.last)) m_shown[k] = true;
    ActivityRow row{rep.id,
                    rep.name,
                    rep.is_archived(),
                    activity_figures(rep, m_settings.policy, section.kind, m_period, m_team_records),
                    {}};
    if (section.kind == kind::skills_audit) row.skills = skills_figures(rep, m_settings, m_period);
    section.totals.held += row.figures.held;
    section.totals.expected += row.figures.expected;
    section.totals.credited += row.figures.credited; // no rep counts above 100%
    section.reps.push_back(std::move(row));
  }
}

std::vector<ActivityReport> ActivitySections::finish() {
  std::vector<ActivityReport> shown;
  for (size_t k = 0; k < m_sections.size(); ++k) {
    if (!m_shown[k]) continue;
    ActivityReport& section = m_sections[k];
    if (section.kind == kind::skills_audit) section.team_skills = team_skills(section.reps, m_settings);
    if (section.kind == kind::team_meeting) {
      std::set<Date> days;
      for (const auto& record : m_team_records) {
        if (record.kind == section.kind && record.date >= m_period.first && record.date <= m_period.last) {
          days.insert(record.date);
        }
      }
      section.days_held = static_cast<int>(days.size());
    }
    shown.push_back(std::move(section));
  }
  return shown;
}

std::vector<ActivityReport> activity_reports(const std::vector<const Rep*>& included, const Settings& settings,
                                             const ReportPeriod& period, const std::vector<Record>& team_records) {
  ActivitySections sections(settings, period, team_records);
  for (const Rep* rep : included) sections.add(*rep);
  return sections.finish();
}

} // namespace coach
