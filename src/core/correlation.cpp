// Spearman's rank correlation and its p-value, for the report's "Coaching and
// results" section (coach-report(1)).
#include <coach/correlation.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

#include <coach/error.hpp>

namespace coach {

namespace {

double mean_of(const std::vector<double>& values) {
  return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

// Sum of (v - mean)^2.
double squares_about_mean(const std::vector<double>& values) {
  const double m = mean_of(values);
  double sum = 0;
  for (double v : values) sum += (v - m) * (v - m);
  return sum;
}

// The continued fraction of the incomplete beta (modified Lentz), converging for x < (a + 1) / (a + b + 2).
double beta_continued_fraction(double a, double b, double x) {
  constexpr double tiny = 1e-300;
  constexpr double epsilon = 1e-15;
  double c = 1;
  double d = 1 - (a + b) * x / (a + 1);
  if (std::fabs(d) < tiny) d = tiny;
  d = 1 / d;
  double h = d;
  for (int m = 1; m <= 1000; ++m) {
    // The even step, then the odd step, of the fraction's terms.
    for (const double term : {m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
                              -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))}) {
      d = 1 + term * d;
      if (std::fabs(d) < tiny) d = tiny;
      c = 1 + term / c;
      if (std::fabs(c) < tiny) c = tiny;
      d = 1 / d;
      h *= d * c;
      if (std::fabs(d * c - 1) < epsilon) return h;
    }
  }
  return h; // not reached for the report's arguments (b = 1/2, a <= n / 2)
}

} // namespace

std::vector<double> average_ranks(const std::vector<double>& values) {
  std::vector<size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return values[a] < values[b]; });
  std::vector<double> ranks(values.size());
  for (size_t i = 0; i < order.size();) {
    size_t j = i;
    while (j + 1 < order.size() && values[order[j + 1]] == values[order[i]]) ++j;
    const double shared = (static_cast<double>(i) + static_cast<double>(j)) / 2 + 1; // mean of ranks i+1..j+1
    for (size_t k = i; k <= j; ++k) ranks[order[k]] = shared;
    i = j + 1;
  }
  return ranks;
}

std::optional<double> pearson(const std::vector<double>& xs, const std::vector<double>& ys) {
  if (xs.size() != ys.size()) throw Error(ExitCode::internal, "pearson: series of different lengths");
  if (xs.size() < 2) return std::nullopt;
  const double sxx = squares_about_mean(xs);
  const double syy = squares_about_mean(ys);
  if (sxx == 0 || syy == 0) return std::nullopt;
  const double mx = mean_of(xs);
  const double my = mean_of(ys);
  double sxy = 0;
  for (size_t i = 0; i < xs.size(); ++i) sxy += (xs[i] - mx) * (ys[i] - my);
  return std::clamp(sxy / std::sqrt(sxx * syy), -1.0, 1.0);
}

double exact_spearman_p(const std::vector<double>& x_ranks, const std::vector<double>& y_ranks, double rho) {
  const size_t n = x_ranks.size();
  if (n != y_ranks.size() || n > static_cast<size_t>(exact_p_limit)) {
    throw Error(ExitCode::internal, "exact_spearman_p: more pairs than the exact limit");
  }
  // Only the sum of products changes between orderings: rho is (sum x*y - n*mx*my) / sqrt(Sxx*Syy).
  const double centre = static_cast<double>(n) * mean_of(x_ranks) * mean_of(y_ranks);
  const double scale = std::sqrt(squares_about_mean(x_ranks) * squares_about_mean(y_ranks));
  const double observed = std::fabs(rho) * scale - 1e-9 * scale; // tolerance for rounding
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  long at_least = 0;
  long orderings = 0;
  do {
    double products = 0;
    for (size_t i = 0; i < n; ++i) products += x_ranks[i] * y_ranks[order[i]];
    if (std::fabs(products - centre) >= observed) ++at_least;
    ++orderings;
  } while (std::next_permutation(order.begin(), order.end()));
  return static_cast<double>(at_least) / static_cast<double>(orderings);
}

double regularized_incomplete_beta(double a, double b, double x) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  // x^a (1-x)^b / (a B(a, b)), in logarithms.
  const double front = std::exp(std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) +
                                b * std::log1p(-x));
  // The fraction converges fast on one side of the mean; use the symmetry I_x(a,b) = 1 - I_{1-x}(b,a) on the other.
  if (x < (a + 1) / (a + b + 2)) return front * beta_continued_fraction(a, b, x) / a;
  return 1 - front * beta_continued_fraction(b, a, 1 - x) / b;
}

double student_t_two_sided_p(double t, double df) {
  if (!std::isfinite(t)) return 0;
  return regularized_incomplete_beta(df / 2, 0.5, df / (df + t * t));
}

RankCorrelation spearman(const std::vector<double>& xs, const std::vector<double>& ys) {
  if (xs.size() != ys.size()) throw Error(ExitCode::internal, "spearman: series of different lengths");
  RankCorrelation r;
  r.n = static_cast<int>(xs.size());
  if (r.n < 3) return r;
  const auto x_ranks = average_ranks(xs);
  const auto y_ranks = average_ranks(ys);
  r.rho = pearson(x_ranks, y_ranks);
  if (!r.rho) return r;
  if (r.n <= exact_p_limit) {
    r.method = PValueMethod::exact;
    r.p = exact_spearman_p(x_ranks, y_ranks, *r.rho);
  } else {
    r.method = PValueMethod::t;
    const double rho = *r.rho;
    // |rho| = 1: no ordering is further from chance; t is infinite and p is 0.
    const double t = std::fabs(rho) >= 1 ? INFINITY : rho * std::sqrt((r.n - 2) / (1 - rho * rho));
    r.p = student_t_two_sided_p(t, r.n - 2);
  }
  return r;
}

std::optional<Line> least_squares(const std::vector<double>& xs, const std::vector<double>& ys) {
  if (xs.size() != ys.size()) throw Error(ExitCode::internal, "least_squares: series of different lengths");
  if (xs.size() < 2) return std::nullopt;
  const double sxx = squares_about_mean(xs);
  if (sxx == 0) return std::nullopt;
  const double mx = mean_of(xs);
  const double my = mean_of(ys);
  double sxy = 0;
  for (size_t i = 0; i < xs.size(); ++i) sxy += (xs[i] - mx) * (ys[i] - my);
  Line line;
  line.slope = sxy / sxx;
  line.intercept = my - line.slope * mx;
  return line;
}

} // namespace coach
