// The report's "Coaching and results" section on hand-built figures
// (coach-report(1), "Coaching and results").
#include <doctest/doctest.h>

#include <cmath>

#include <coach/report.hpp>

using namespace coach;

namespace {

// A rep expected 1:1s, with `late` of 100 counted days late: ON CADENCE = (100 - late) / 100.
RepFigures rep(const std::string& id, int late, std::optional<std::pair<double, double>> quota_actual = {}) {
  RepFigures f;
  f.id = id;
  f.name = "Rep " + id;
  f.expected = 10;
  f.days_counted = 100;
  f.days_late = late;
  if (quota_actual) f.results = Attainment{quota_actual->first, quota_actual->second, {"2026-Q3"}};
  return f;
}

ActivityFigures activity(int expected, int credited) {
  ActivityFigures f;
  f.cadence = 14;
  f.expected = expected;
  f.credited = credited;
  f.held = credited;
  return f;
}

TeamReport team_of(std::vector<RepFigures> reps) {
  TeamReport team;
  team.directory = "west";
  team.manager = "Dana";
  team.team = "West";
  for (auto& f : reps) {
    if (f.results) {
      if (!team.totals.results) team.totals.results = Attainment{};
      team.totals.results->quota += f.results->quota;
      team.totals.results->actual += f.results->actual;
    }
  }
  team.reps = std::move(reps);
  return team;
}

std::vector<std::string> ids(const std::vector<ResultsPoint>& points) {
  std::vector<std::string> out;
  for (const auto& p : points) out.push_back(p.id);
  return out;
}

} // namespace

TEST_CASE("results section: consistency is the mean of ON CADENCE and the adherences expected") {
  const RepFigures f = rep("ann", 20); // ON CADENCE 80%
  const ActivityFigures joint = activity(2, 1);
  const ActivityFigures untracked = activity(0, 0);
  const ActivityFigures career = activity(1, 1);
  CHECK(*coaching_consistency(f, {}) == doctest::Approx(0.8));
  // (0.8 + 0.5 + 1.0) / 3; the activity not expected is left out.
  CHECK(*coaching_consistency(f, {&joint, &untracked, &career}) == doctest::Approx(2.3 / 3));
  RepFigures no_one_on_ones = f;
  no_one_on_ones.expected = 0;
  CHECK(*coaching_consistency(no_one_on_ones, {&joint}) == doctest::Approx(0.5));
  CHECK_FALSE(coaching_consistency(no_one_on_ones, {&untracked}));
  // 1:1s expected but no day counted (no ON CADENCE): the part has no value and is left out.
  RepFigures uncounted = f;
  uncounted.days_counted = 0;
  uncounted.days_late = 0;
  CHECK_FALSE(coaching_consistency(uncounted, {}));
  CHECK(*coaching_consistency(uncounted, {&career}) == doctest::Approx(1.0));
}

TEST_CASE("results section: none without results; a point per rep with both figures") {
  CHECK_FALSE(team_results_section(team_of({rep("a", 0), rep("b", 10)}), {}));

  RepFigures no_quota = rep("c", 5, std::pair{0.0, 500.0});
  RepFigures no_consistency = rep("d", 0, std::pair{100.0, 90.0});
  no_consistency.expected = 0;
  const auto section = team_results_section(team_of({rep("a", 0, std::pair{1000.0, 1200.0}), rep("b", 50), no_quota,
                                                     no_consistency, rep("e", 30, std::pair{2000.0, 1000.0})}),
                                            {});
  REQUIRE(section);
  CHECK(ids(section->points) == std::vector<std::string>{"a", "e"});
  CHECK(section->points[0].consistency == doctest::Approx(1.0));
  CHECK(section->points[0].attainment == doctest::Approx(1.2));
  CHECK(section->points[1].quota == 2000.0);
  CHECK(section->points[1].actual == 1000.0);
  CHECK(section->correlation.n == 2);
  CHECK_FALSE(section->correlation.rho); // fewer than 3
  // Top fifth of 2: ceil(2/5) = 1 rep.
  CHECK(section->top->ids == std::vector<std::string>{"a"});
  CHECK(section->rest->ids == std::vector<std::string>{"e"});
  // The line through two points: slope (0.5 - 1.2) / (0.7 - 1.0) = 7/3.
  CHECK(section->trend->slope == doctest::Approx(7.0 / 3));
}

TEST_CASE("results section: rho, the top fifth and its ties") {
  // Consistency 100, 90, 90, 70, 60, 50%; attainment 1.1, 0.9, 1.0, 0.8, 0.95, 0.7.
  const auto section =
      team_results_section(team_of({rep("a", 0, std::pair{100.0, 110.0}), rep("b", 10, std::pair{100.0, 90.0}),
                                    rep("c", 10, std::pair{100.0, 100.0}), rep("d", 30, std::pair{100.0, 80.0}),
                                    rep("e", 40, std::pair{100.0, 95.0}), rep("f", 50, std::pair{100.0, 70.0})}),
                           {});
  REQUIRE(section);
  CHECK(section->correlation.n == 6);
  // Ranks of consistency 6, 4.5, 4.5, 3, 2, 1; of attainment 6, 3, 5, 2, 4, 1:
  // Pearson of those ranks = 13.5 / sqrt(17 * 17.5) = 0.7827.
  CHECK(*section->correlation.rho == doctest::Approx(13.5 / std::sqrt(17 * 17.5)));
  CHECK(section->correlation.method == PValueMethod::exact);
  // ceil(6/5) = 2: a and b, and c tied with b.
  CHECK(section->top->ids == std::vector<std::string>{"a", "b", "c"});
  CHECK(*section->top->mean_consistency == doctest::Approx((1.0 + 0.9 + 0.9) / 3));
  CHECK(*section->top->mean_attainment == doctest::Approx((1.1 + 0.9 + 1.0) / 3));
  CHECK(section->rest->ids == std::vector<std::string>{"d", "e", "f"});
  CHECK(*section->rest->mean_attainment == doctest::Approx((0.8 + 0.95 + 0.7) / 3));
}

TEST_CASE("results section: all tied at the top leaves the rest empty") {
  const auto section = team_results_section(team_of({rep("a", 10, std::pair{100.0, 110.0}),
                                                     rep("b", 10, std::pair{100.0, 90.0}),
                                                     rep("c", 10, std::pair{100.0, 100.0})}),
                                            {});
  CHECK(section->top->ids.size() == 3);
  CHECK(section->rest->ids.empty());
  CHECK_FALSE(section->rest->mean_attainment);
  CHECK_FALSE(section->correlation.rho); // no spread in consistency
  CHECK_FALSE(section->trend);
}

TEST_CASE("results section: the activities count by the rep's row") {
  TeamReport team = team_of({rep("a", 0, std::pair{100.0, 100.0}), rep("b", 0, std::pair{100.0, 50.0})});
  ActivityReport joint;
  joint.kind = "joint-call";
  joint.reps = {{"a", "Rep a", false, activity(2, 2), {}}, {"b", "Rep b", false, activity(2, 0), {}}};
  team.activities.push_back(joint);
  const auto section = team_results_section(team, {});
  CHECK(section->points[0].consistency == doctest::Approx(1.0));
  CHECK(section->points[1].consistency == doctest::Approx(0.5)); // (1.0 + 0.0) / 2
}

TEST_CASE("results section: a rep's extra columns of the results periods summed") {
  ResultsPeriod q3 = *results_period_of("2026-Q3");
  q3.reps = {{"a", 100, 110, {{"pipeline", "310000"}, {"win_rate", "0.3"}}, 3}, {"b", 100, 90, {}, 7}};
  ResultsPeriod q2 = *results_period_of("2026-Q2");
  q2.reps = {{"a", 100, 50, {{"pipeline", "1"}}, 3}};
  const auto section = team_results_section(team_of({rep("a", 0, std::pair{100.0, 110.0}),
                                                     rep("b", 20, std::pair{100.0, 90.0})}),
                                            {q2, q3});
  REQUIRE(section->points.size() == 2);
  REQUIRE(section->points[0].extra.size() == 1);
  CHECK(section->points[0].extra[0].first == "2026-Q3");
  CHECK(section->points[0].extra[0].second ==
        std::vector<std::pair<std::string, std::string>>{{"pipeline", "310000"}, {"win_rate", "0.3"}});
  CHECK(section->points[1].extra.empty());
}

TEST_CASE("results section: one level up, a point per team") {
  std::vector<TeamReport> teams;
  // West: consistency (1.0 + 0.8 + 0.6) / 3 = 0.8, the rep without results counting; attainment 210 / 200.
  teams.push_back(team_of({rep("a", 0, std::pair{100.0, 110.0}), rep("b", 20, std::pair{100.0, 100.0}), rep("c", 40)}));
  teams[0].results = team_results_section(teams[0], {});
  CHECK_FALSE(teams_results_section(teams)); // one team: no level above

  teams.push_back(team_of({rep("d", 50)})); // no results: no point
  teams[1].manager = "Eve";
  teams.push_back(team_of({rep("e", 10, std::pair{300.0, 150.0})}));
  teams[2].manager = "Fay";
  teams[2].directory = "east";
  teams[2].results = team_results_section(teams[2], {});
  const auto up = teams_results_section(teams);
  REQUIRE(up);
  REQUIRE(up->points.size() == 2);
  CHECK(up->points[0].name == "Dana");
  CHECK(up->points[0].team == "West");
  CHECK(up->points[0].consistency == doctest::Approx(0.8));
  CHECK(up->points[0].attainment == doctest::Approx(1.05));
  CHECK(up->points[1].name == "Fay");
  CHECK(up->points[1].attainment == doctest::Approx(0.5));
  CHECK(up->correlation.n == 2);
  // Fay's team is the more consistent (0.9): the top fifth of 2 teams is hers.
  CHECK(up->top->ids == std::vector<std::string>{"east"});

  std::vector<TeamReport> without;
  without.push_back(team_of({rep("a", 0)}));
  without.push_back(team_of({rep("b", 0)}));
  CHECK_FALSE(teams_results_section(without));
}
