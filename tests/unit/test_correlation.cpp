// Spearman's rank correlation, its p-value and the least-squares line
// (coach-report(1), "Coaching and results"). The expected values come from
// closed forms derived in the comments, or from this plain Python (no scipy):
//
//   import itertools, math
//   def ranks(v):      # average ranks for ties
//       s = sorted(range(len(v)), key=lambda i: v[i]); r = [0] * len(v); i = 0
//       while i < len(s):
//           j = i
//           while j + 1 < len(s) and v[s[j + 1]] == v[s[i]]: j += 1
//           for k in range(i, j + 1): r[s[k]] = (i + j) / 2 + 1
//           i = j + 1
//       return r
//   def pearson(x, y):
//       n = len(x); mx = sum(x) / n; my = sum(y) / n
//       sxy = sum((a - mx) * (b - my) for a, b in zip(x, y))
//       return sxy / math.sqrt(sum((a - mx) ** 2 for a in x) * sum((b - my) ** 2 for b in y))
//   def exact(x, y):   # rho, orderings with |rho| at least as large, all orderings
//       rx, ry = ranks(x), ranks(y); rho = pearson(rx, ry)
//       perms = list(itertools.permutations(ry))
//       return rho, sum(abs(pearson(rx, p)) >= abs(rho) - 1e-12 for p in perms), len(perms)
//   def t_p(t, df):    # two-sided p of Student's t: Simpson's rule on the density, u = tan(theta)
//       c = math.gamma((df + 1) / 2) / (math.sqrt(df * math.pi) * math.gamma(df / 2))
//       f = lambda u: c * (1 + u * u / df) ** (-(df + 1) / 2)
//       a, b, N = math.atan(abs(t)), math.pi / 2, 200000; h = (b - a) / N
//       g = lambda th: f(math.tan(th)) / math.cos(th) ** 2 if th < b else 0.0
//       return 2 * h / 3 * (g(a) + g(b) + sum((4 if k % 2 else 2) * g(a + k * h) for k in range(1, N)))
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>

#include <coach/correlation.hpp>

using namespace coach;

TEST_CASE("correlation: average ranks share the ranks of ties") {
  CHECK(average_ranks({5, 7, 7, 9}) == std::vector<double>{1, 2.5, 2.5, 4});
  CHECK(average_ranks({3, 1, 2}) == std::vector<double>{3, 1, 2});
  CHECK(average_ranks({4, 4, 4}) == std::vector<double>{2, 2, 2});
  // Three tied in the middle take (2 + 3 + 4) / 3 = 3.
  CHECK(average_ranks({0.9, 0.5, 0.5, 0.1, 0.5}) == std::vector<double>{5, 3, 3, 1, 3});
  CHECK(average_ranks({}).empty());
}

TEST_CASE("correlation: Pearson, and none without spread") {
  CHECK(*pearson({1, 2, 3}, {2, 4, 6}) == doctest::Approx(1.0));
  CHECK(*pearson({1, 2, 3}, {3, 2, 1}) == doctest::Approx(-1.0));
  // x = 1,2,3,4; y = 1,3,2,4: sxy = 4, sxx = syy = 5, r = 0.8.
  CHECK(*pearson({1, 2, 3, 4}, {1, 3, 2, 4}) == doctest::Approx(0.8));
  CHECK_FALSE(pearson({1, 1, 1}, {1, 2, 3}));
  CHECK_FALSE(pearson({1, 2, 3}, {5, 5, 5}));
  CHECK_FALSE(pearson({1}, {1}));
}

TEST_CASE("correlation: Spearman with an exact p-value up to 8 pairs") {
  SUBCASE("no ties: rho = 1 - 6 sum d^2 / (n (n^2 - 1))") {
    // d = -1, 1, -1, 1, 0: sum d^2 = 4, rho = 1 - 24 / 120 = 0.8; exact(): 16 of 120 orderings.
    const auto r = spearman({1, 2, 3, 4, 5}, {2, 1, 4, 3, 5});
    CHECK(r.n == 5);
    CHECK(*r.rho == doctest::Approx(0.8));
    CHECK(r.method == PValueMethod::exact);
    CHECK(*r.p == doctest::Approx(16.0 / 120));
  }
  SUBCASE("values, not ranks: only the order counts") {
    // exact([0.9,0.8,0.7,0.6,0.5,0.4], [1.1,0.7,0.9,0.6,0.8,0.5]) = (0.7142857, 98, 720)
    const auto r = spearman({0.9, 0.8, 0.7, 0.6, 0.5, 0.4}, {1.1, 0.7, 0.9, 0.6, 0.8, 0.5});
    CHECK(*r.rho == doctest::Approx(5.0 / 7));
    CHECK(*r.p == doctest::Approx(98.0 / 720));
  }
  SUBCASE("ties take average ranks") {
    // x ranks 1.5, 1.5, 3, 4; y ranks 1, 3, 2, 4: rho = 2 / sqrt(10) = 0.6325; exact(): 12 of 24.
    const auto r = spearman({0.5, 0.5, 0.7, 0.9}, {0.8, 1.0, 0.9, 1.2});
    CHECK(*r.rho == doctest::Approx(2 / std::sqrt(10.0)));
    CHECK(*r.p == doctest::Approx(0.5));
  }
  SUBCASE("a perfect order of 3 is 2 of the 6 orderings (itself and its reverse)") {
    const auto r = spearman({1, 2, 3}, {10, 20, 30});
    CHECK(*r.rho == doctest::Approx(1.0));
    CHECK(*r.p == doctest::Approx(1.0 / 3));
    CHECK(*spearman({1, 2, 3}, {30, 20, 10}).rho == doctest::Approx(-1.0));
  }
  SUBCASE("8 pairs still exact: a perfect order is 2 of 8! = 40,320") {
    const auto r = spearman({1, 2, 3, 4, 5, 6, 7, 8}, {1, 2, 3, 4, 5, 6, 7, 8});
    CHECK(r.method == PValueMethod::exact);
    CHECK(*r.p == doctest::Approx(2.0 / 40320));
  }
}

TEST_CASE("correlation: no rho below 3 pairs or without spread") {
  CHECK(spearman({}, {}).n == 0);
  CHECK_FALSE(spearman({}, {}).rho);
  const auto two = spearman({0.1, 0.9}, {0.5, 1.5});
  CHECK(two.n == 2);
  CHECK_FALSE(two.rho);
  CHECK_FALSE(two.p);
  const auto flat = spearman({0.5, 0.5, 0.5, 0.5}, {1, 2, 3, 4});
  CHECK(flat.n == 4);
  CHECK_FALSE(flat.rho);
  CHECK_FALSE(flat.p);
  CHECK_FALSE(spearman({1, 2, 3}, {0.7, 0.7, 0.7}).rho);
}

TEST_CASE("correlation: Spearman beyond 8 pairs uses the t approximation") {
  SUBCASE("pairs swapped: rho = 1 - 6 * 10 / 990") {
    // sum d^2 = 10, rho = 0.939394; t = rho sqrt(8 / (1 - rho^2)) = 7.75; t_p(7.75, 8) = 5.48405e-05.
    const auto r = spearman({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, {2, 1, 4, 3, 6, 5, 8, 7, 10, 9});
    CHECK(r.method == PValueMethod::t);
    CHECK(*r.rho == doctest::Approx(1 - 60.0 / 990));
    CHECK(*r.p == doctest::Approx(5.48405e-05).epsilon(1e-4));
  }
  SUBCASE("a looser order") {
    // sum d^2 = 48: rho = 1 - 288 / 990 = 0.709091; t = 2.844367; t_p(2.844367, 8) = 0.0216659.
    const auto r = spearman({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, {3, 1, 2, 6, 4, 9, 10, 5, 8, 7});
    CHECK(*r.rho == doctest::Approx(1 - 288.0 / 990));
    CHECK(*r.p == doctest::Approx(0.0216659).epsilon(1e-4));
  }
  SUBCASE("a perfect order: t is infinite, p is 0") {
    std::vector<double> xs;
    std::vector<double> ys;
    for (int i = 0; i < 12; ++i) {
      xs.push_back(i);
      ys.push_back(100 - i * i);
    }
    const auto r = spearman(xs, ys);
    CHECK(*r.rho == doctest::Approx(-1.0));
    CHECK(*r.p == 0.0);
  }
}

TEST_CASE("correlation: the exact p-value counts every ordering of tied ranks") {
  // y has ties: ranks 1.5, 1.5, 3; x ranks 1, 2, 3. Observed rho = sqrt(3)/2 = 0.866;
  // of the 6 orderings, 4 put rank 3 last or first (|rho| = 0.866) and 2 put it in the middle (rho = 0).
  CHECK(exact_spearman_p({1, 2, 3}, {1.5, 1.5, 3}, std::sqrt(3.0) / 2) == doctest::Approx(4.0 / 6));
}

TEST_CASE("correlation: the regularized incomplete beta") {
  CHECK(regularized_incomplete_beta(2, 3, 0) == 0.0);
  CHECK(regularized_incomplete_beta(2, 3, 1) == 1.0);
  // I_x(a, 1) = x^a and I_x(1, b) = 1 - (1 - x)^b.
  CHECK(regularized_incomplete_beta(3, 1, 0.4) == doctest::Approx(0.064));
  CHECK(regularized_incomplete_beta(1, 4, 0.25) == doctest::Approx(1 - std::pow(0.75, 4)));
  // Symmetry: I_0.5(a, a) = 1/2.
  CHECK(regularized_incomplete_beta(4.5, 4.5, 0.5) == doctest::Approx(0.5));
  // Whole a, b: I_x(a, b) = P(Binomial(a + b - 1, x) >= a); I_0.3(2, 3) = 6(.09)(.49) + 4(.027)(.7) + .0081 = 0.3483.
  CHECK(regularized_incomplete_beta(2, 3, 0.3) == doctest::Approx(0.3483));
  CHECK(regularized_incomplete_beta(2, 3, 0.9) == doctest::Approx(1 - 4 * 0.1 * 0.1 * 0.1 * 0.9 - 0.0001));
}

TEST_CASE("correlation: Student's t two-sided p-values") {
  // df 1 is Cauchy: p = 1 - (2/pi) atan|t|; df 2: p = 1 - |t| / sqrt(2 + t^2).
  CHECK(student_t_two_sided_p(1.0, 1) == doctest::Approx(0.5));
  CHECK(student_t_two_sided_p(-3.0, 1) == doctest::Approx(1 - 2 / std::numbers::pi * std::atan(3.0)));
  CHECK(student_t_two_sided_p(1.5, 2) == doctest::Approx(1 - 1.5 / std::sqrt(4.25)));
  // The tables' 5% critical values: 2.228 with 10 degrees of freedom, 2.086 with 20.
  CHECK(student_t_two_sided_p(2.228138852, 10) == doctest::Approx(0.05).epsilon(1e-6));
  CHECK(student_t_two_sided_p(2.085963447, 20) == doctest::Approx(0.05).epsilon(1e-6));
  CHECK(student_t_two_sided_p(0.0, 7) == doctest::Approx(1.0));
  CHECK(student_t_two_sided_p(INFINITY, 7) == 0.0);
}

TEST_CASE("correlation: the least-squares line") {
  // y = 1 + 2x exactly.
  const auto exact = least_squares({0, 1, 2}, {1, 3, 5});
  REQUIRE(exact);
  CHECK(exact->slope == doctest::Approx(2));
  CHECK(exact->intercept == doctest::Approx(1));
  // x = 0, 1, 2, 3 (mean 1.5); y = 1, 3, 2, 4 (mean 2.5): sxy = 2.25 - 0.25 - 0.25 + 2.25 = 4, sxx = 5:
  // slope 0.8, intercept 2.5 - 0.8 * 1.5 = 1.3.
  const auto fit = least_squares({0, 1, 2, 3}, {1, 3, 2, 4});
  CHECK(fit->slope == doctest::Approx(0.8));
  CHECK(fit->intercept == doctest::Approx(1.3));
  CHECK_FALSE(least_squares({0.5, 0.5}, {1, 2}));
  CHECK_FALSE(least_squares({0.5}, {1}));
}

TEST_CASE("correlation: properties over random teams, ties included") {
  // 2,000 teams of 3 to 12 reps, values drawn from a few levels so that ties are common.
  std::mt19937 random(15);
  int checked = 0;
  for (int team = 0; team < 2000; ++team) {
    const int n = 3 + static_cast<int>(random() % 10);
    std::vector<double> xs;
    std::vector<double> ys;
    for (int i = 0; i < n; ++i) {
      xs.push_back(static_cast<double>(random() % 6) / 5);
      ys.push_back(static_cast<double>(random() % 9) / 4);
    }
    const auto r = spearman(xs, ys);
    if (!r.rho) continue;
    ++checked;
    CHECK(*r.rho >= -1.0);
    CHECK(*r.rho <= 1.0);
    CHECK(*r.p >= 0.0);
    CHECK(*r.p <= 1.0);
    CHECK(r.method == (n <= exact_p_limit ? PValueMethod::exact : PValueMethod::t));
    // Ranks only: a rise that keeps the order changes nothing.
    std::vector<double> rescaled;
    for (double x : xs) rescaled.push_back(x * x * 3 + 1);
    const auto same = spearman(rescaled, ys);
    CHECK(*same.rho == doctest::Approx(*r.rho));
    CHECK(*same.p == doctest::Approx(*r.p));
    // Reversing one side flips the sign and keeps the two-sided p.
    std::vector<double> reversed;
    for (double y : ys) reversed.push_back(-y);
    const auto flipped = spearman(xs, reversed);
    CHECK(*flipped.rho == doctest::Approx(-*r.rho));
    CHECK(*flipped.p == doctest::Approx(*r.p));
    // Without ties, rho = 1 - 6 sum d^2 / (n (n^2 - 1)).
    const auto rx = average_ranks(xs);
    const auto ry = average_ranks(ys);
    const auto distinct = [](std::vector<double> values) {
      std::sort(values.begin(), values.end());
      return std::adjacent_find(values.begin(), values.end()) == values.end();
    };
    if (distinct(xs) && distinct(ys)) {
      double d2 = 0;
      for (int i = 0; i < n; ++i) d2 += (rx[i] - ry[i]) * (rx[i] - ry[i]);
      CHECK(*r.rho == doctest::Approx(1 - 6 * d2 / (n * (n * n - 1.0))));
    }
  }
  CHECK(checked > 1500);
}
