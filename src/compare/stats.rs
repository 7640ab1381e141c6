//! Statistics of one group-and-actor cell: the mean over documents and its percentile bootstrap
//! confidence interval. The resampling unit is the document (each document gives one tone score
//! per actor), and the random stream is a seeded SplitMix64 per cell, so an interval depends only
//! on the cell's scores, the seed and the number of resamples: not on thread count, input order
//! or the other cells.

use ndarray::{Array2, ArrayView1, Axis};

/// Resamples per interval unless told otherwise.
pub const DEFAULT_RESAMPLES: usize = 2000;
/// Seed of the bootstrap unless told otherwise.
pub const DEFAULT_SEED: u64 = 1;
/// Two-sided coverage of the interval.
pub const CONFIDENCE: f64 = 0.95;
/// Upper bound on the resampled values held at once (rows × documents), so a cell with many
/// documents is resampled in blocks instead of one huge matrix.
const BLOCK_VALUES: usize = 1 << 20;

/// How intervals are drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bootstrap {
    pub resamples: usize,
    pub seed: u64,
    pub confidence: f64,
}

impl Default for Bootstrap {
    fn default() -> Self {
        Self { resamples: DEFAULT_RESAMPLES, seed: DEFAULT_SEED, confidence: CONFIDENCE }
    }
}

/// A two-sided interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    pub low: f64,
    pub high: f64,
}

/// The arithmetic mean; `None` for no values.
pub fn mean(values: ArrayView1<f64>) -> Option<f64> {
    values.mean()
}

impl Bootstrap {
    /// Percentile bootstrap interval of the mean of `values`, drawn from the stream of `stream`
    /// (a per-cell number mixed into the seed). `None` with fewer than two values, where
    /// resampling has nothing to vary, or with no resamples.
    ///
    /// Each resample draws `n` values with replacement and takes their mean; the interval is the
    /// `(1 - confidence) / 2` and `(1 + confidence) / 2` quantiles of those means, interpolated
    /// linearly between order statistics (numpy's default).
    pub(crate) fn mean_interval(&self, values: ArrayView1<f64>, stream: u64) -> Option<Interval> {
        let n = values.len();
        if n < 2 || self.resamples == 0 {
            return None;
        }
        let mut rng = SplitMix64::new(self.seed ^ stream);
        let block_rows = (BLOCK_VALUES / n).clamp(1, self.resamples);
        let mut means = Vec::with_capacity(self.resamples);
        while means.len() < self.resamples {
            let rows = block_rows.min(self.resamples - means.len());
            // One resample per row; filled row by row, so the draws do not depend on the block size.
            let draws = Array2::from_shape_simple_fn((rows, n), || values[rng.below(n)]);
            means.extend(draws.mean_axis(Axis(1)).expect("n >= 2 columns"));
        }
        means.sort_by(f64::total_cmp);
        let tail = (1.0 - self.confidence) / 2.0;
        Some(Interval { low: quantile(&means, tail), high: quantile(&means, 1.0 - tail) })
    }
}

/// The `q` quantile of sorted values, interpolating linearly between neighbours.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let position = q.clamp(0.0, 1.0) * (sorted.len() - 1) as f64;
    let below = position.floor() as usize;
    let above = (below + 1).min(sorted.len() - 1);
    sorted[below] + (position - below as f64) * (sorted[above] - sorted[below])
}

/// FNV-1a of a key, to give each cell its own random stream.
pub(crate) fn stream_of(key: &[&str]) -> u64 {
    key.iter().fold(crate::hash::FNV_OFFSET, |h, part| {
        crate::hash::fnv1a_from(crate::hash::fnv1a_from(h, part.as_bytes()), &[0x1f])
    })
}

/// SplitMix64 (Steele, Lea & Flood 2014). Written out rather than taken from `rand` so that the
/// stream, and with it every published interval, stays the same across dependency upgrades.
struct SplitMix64(u64);

impl SplitMix64 {
    fn new(seed: u64) -> Self {
        Self(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` by multiply-shift (Lemire); the bias, at most n / 2^64, is negligible.
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Array1;

    fn spread(n: usize) -> Array1<f64> {
        // A fixed, lumpy pattern of scores in [-1, 1].
        Array1::from_shape_fn(n, |i| ((i * 37 % 11) as f64 / 5.0) - 1.0)
    }

    #[test]
    fn interval_contains_the_mean_and_is_reproducible() {
        let values = spread(30);
        let boot = Bootstrap::default();
        let m = mean(values.view()).unwrap();
        let a = boot.mean_interval(values.view(), 7).unwrap();
        assert!(a.low < m && m < a.high, "{a:?} around {m}");
        assert_eq!(boot.mean_interval(values.view(), 7), Some(a));
        let other_seed = Bootstrap { seed: 99, ..boot };
        assert_ne!(other_seed.mean_interval(values.view(), 7), Some(a));
    }

    #[test]
    fn interval_narrows_with_more_documents() {
        let boot = Bootstrap::default();
        let width = |n| {
            let i = boot.mean_interval(spread(n).view(), 0).unwrap();
            i.high - i.low
        };
        assert!(width(440) < width(44) / 2.0, "{} vs {}", width(440), width(44));
    }

    #[test]
    fn block_size_does_not_change_the_draws() {
        // 3000 values: 349 resamples per block, so 2000 resamples span several blocks.
        let values = spread(3000);
        let boot = Bootstrap { resamples: 2000, ..Bootstrap::default() };
        let whole = boot.mean_interval(values.view(), 3).unwrap();
        let mut rng = SplitMix64::new(boot.seed ^ 3);
        let mut means: Vec<f64> =
            (0..2000).map(|_| (0..3000).map(|_| values[rng.below(3000)]).sum::<f64>() / 3000.0).collect();
        means.sort_by(f64::total_cmp);
        assert!((whole.low - quantile(&means, 0.025)).abs() < 1e-12);
        assert!((whole.high - quantile(&means, 0.975)).abs() < 1e-12);
    }

    #[test]
    fn no_interval_from_one_document() {
        assert_eq!(Bootstrap::default().mean_interval(spread(1).view(), 0), None);
    }

    #[test]
    fn quantiles_interpolate() {
        let sorted = [0.0, 1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile(&sorted, 0.5), 2.0);
        assert_eq!(quantile(&sorted, 0.125), 0.5);
        assert_eq!(quantile(&sorted, 1.0), 4.0);
    }
}
