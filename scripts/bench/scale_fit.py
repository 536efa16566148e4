"""Growth of a build with the series: build time = a + b·N, fitted by least squares.

The fit takes the sizes from N=100 up (below, the fixed costs of a build, such as
starting Python and the theme, are all there is to see). Two checks say whether the
growth is linear: the largest relative gap between a measured time and the fitted line,
and an extrapolation, where the line fitted without the largest N predicts it (a build
that grows faster than linearly takes longer than predicted: a ratio above 1).
"""

from __future__ import annotations

from dataclasses import dataclass

# The smallest N the fit takes.
FIT_FROM = 100


@dataclass
class LinearFit:
    fixed: float  # a, in seconds
    per_item: float  # b, in seconds per episode
    sizes: list[int]
    # The largest |measured − fitted| / fitted over the sizes fitted.
    worst_gap: float
    # Measured time of the largest N over the prediction of the line fitted without it
    # (None with fewer than three sizes).
    extrapolation: float | None

    def at(self, n: int) -> float:
        return self.fixed + self.per_item * n


def _least_squares(points: list[tuple[int, float]]) -> tuple[float, float]:
    count = len(points)
    mean_n = sum(n for n, _ in points) / count
    mean_t = sum(t for _, t in points) / count
    spread = sum((n - mean_n) ** 2 for n, _ in points)
    slope = sum((n - mean_n) * (t - mean_t) for n, t in points) / spread
    return mean_t - slope * mean_n, slope


def linear_fit(measured: dict[int, float]) -> LinearFit | None:
    """The line through the measured (N, value) pairs from FIT_FROM up; None with fewer
    than two such sizes."""
    points = sorted((n, value) for n, value in measured.items() if n >= FIT_FROM)
    if len(points) < 2:
        return None
    fixed, slope = _least_squares(points)
    gaps = [abs(value - (fixed + slope * n)) / (fixed + slope * n) for n, value in points]
    extrapolation = None
    if len(points) >= 3:
        before, slope_before = _least_squares(points[:-1])
        largest, value = points[-1]
        extrapolation = value / (before + slope_before * largest)
    return LinearFit(fixed, slope, [n for n, _ in points], max(gaps), extrapolation)
