#pragma once

#include <optional>
#include <vector>

namespace coach {

/// The ranks 1..n of `values` (1 = the smallest); tied values share the mean
/// of the ranks they span, so {5, 7, 7, 9} ranks {1, 2.5, 2.5, 4}.
std::vector<double> average_ranks(const std::vector<double>& values);

/// Pearson's correlation of two series of the same length; nullopt when
/// fewer than 2 values or either series has no spread.
std::optional<double> pearson(const std::vector<double>& xs, const std::vector<double>& ys);

/// How a p-value was found.
enum class PValueMethod {
  exact, // every ordering of the ranks counted (n <= exact_p_limit)
  t,     // the t approximation, n - 2 degrees of freedom
};

/// The largest n whose p-value counts every ordering (8! = 40,320).
constexpr int exact_p_limit = 8;

/// Spearman's rank correlation between two series of the same length.
struct RankCorrelation {
  int n = 0;                 // the pairs
  std::optional<double> rho; // Pearson's correlation of the average ranks; nullopt: n < 3 or no spread
  std::optional<double> p;   // two-sided: the chance of an |rho| at least this large with no link at all
  PValueMethod method = PValueMethod::exact;
};

RankCorrelation spearman(const std::vector<double>& xs, const std::vector<double>& ys);

/// The share of all orderings of `y_ranks` against `x_ranks` whose |rho| is
/// at least `rho`'s (two-sided exact permutation test). n must be <= exact_p_limit.
double exact_spearman_p(const std::vector<double>& x_ranks, const std::vector<double>& y_ranks, double rho);

/// The regularized incomplete beta function I_x(a, b), a > 0, b > 0, 0 <= x <= 1.
double regularized_incomplete_beta(double a, double b, double x);

/// The two-sided p-value of Student's t with `df` degrees of freedom:
/// P(|T| >= |t|) = I_{df/(df+t^2)}(df/2, 1/2).
double student_t_two_sided_p(double t, double df);

/// The least-squares line y = intercept + slope * x (ordinary least squares of
/// y on x); nullopt when fewer than 2 points or x has no spread.
struct Line {
  double intercept = 0;
  double slope = 0;
};
std::optional<Line> least_squares(const std::vector<double>& xs, const std::vector<double>& ys);

} // namespace coach
