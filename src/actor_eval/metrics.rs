//! Clustering metrics over one document's mentions: B-cubed, MUC, pairwise (as `actor_score.py`
//! computes them, twinless mentions included) and entity-level CEAF with the phi4 similarity
//! (Luo 2005), each kept as sums that add up over documents (micro-averaging) and become
//! precision, recall and F1 at the end (`prf`).
//!
//! A side (key or response) is a list of `(mention, cluster label)` with each mention at most
//! once; a mention missing from the other side is twinless.

use serde::Serialize;
use std::collections::HashMap;

/// Precision, recall, F1; `None` where the denominator is zero (the Python's `None`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Prf {
    pub p: Option<f64>,
    pub r: Option<f64>,
    pub f1: Option<f64>,
}

/// `prf(tp_p, n_p, tp_r, n_r)` of the Python: F1 is 0 when one side is undefined and the other 0.
pub(crate) fn prf(tp_p: f64, n_p: f64, tp_r: f64, n_r: f64) -> Prf {
    let p = (n_p != 0.0).then(|| tp_p / n_p);
    let r = (n_r != 0.0).then(|| tp_r / n_r);
    let f1 = match (p, r) {
        (Some(p), Some(r)) => Some(if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 }),
        _ if p == Some(0.0) || r == Some(0.0) => Some(0.0),
        _ => None,
    };
    Prf { p, r, f1 }
}

/// `[precision numerator, precision denominator, recall numerator, recall denominator]`.
pub type Quad = [f64; 4];

/// The sums of every metric, added over documents.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ClusterSums {
    pub b3: Quad,
    pub muc: Quad,
    pub pair: Quad,
    pub ceafe: Quad,
}

impl ClusterSums {
    pub fn add(&mut self, other: &ClusterSums) {
        for (acc, new) in [(&mut self.b3, &other.b3), (&mut self.muc, &other.muc), (&mut self.pair, &other.pair)]
            .into_iter()
            .chain([(&mut self.ceafe, &other.ceafe)])
        {
            for (a, b) in acc.iter_mut().zip(new) {
                *a += b;
            }
        }
    }

    pub fn finish(&self) -> ClusterScores {
        let f = |q: &Quad| prf(q[0], q[1], q[2], q[3]);
        ClusterScores { b3: f(&self.b3), muc: f(&self.muc), pair: f(&self.pair), ceafe: f(&self.ceafe) }
    }
}

/// The figures of one clustering subset.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ClusterScores {
    pub b3: Prf,
    pub muc: Prf,
    pub pair: Prf,
    pub ceafe: Prf,
}

/// Clusters of one side in order of first appearance, as lists of mentions, and each mention's
/// label (cluster index).
struct Side {
    clusters: Vec<Vec<usize>>,
    label_of: HashMap<usize, usize>,
}

impl Side {
    fn new(items: &[(usize, usize)]) -> Self {
        let mut index: HashMap<usize, usize> = HashMap::new();
        let mut clusters: Vec<Vec<usize>> = Vec::new();
        let mut label_of = HashMap::new();
        for &(mention, label) in items {
            let c = *index.entry(label).or_insert_with(|| {
                clusters.push(Vec::new());
                clusters.len() - 1
            });
            clusters[c].push(mention);
            label_of.insert(mention, c);
        }
        Side { clusters, label_of }
    }

    /// For each cluster, how many of its mentions fall in each cluster of `other` (the
    /// `Counter` of the Python, in order of first appearance).
    fn overlaps(&self, other: &Side) -> Vec<Vec<(usize, usize)>> {
        self.clusters
            .iter()
            .map(|c| {
                let mut counts: Vec<(usize, usize)> = Vec::new();
                for m in c {
                    if let Some(&o) = other.label_of.get(m) {
                        match counts.iter_mut().find(|(l, _)| *l == o) {
                            Some((_, n)) => *n += 1,
                            None => counts.push((o, 1)),
                        }
                    }
                }
                counts
            })
            .collect()
    }
}

/// `b3_muc_pairs` of the Python plus CEAF-e, for one document.
pub(crate) fn cluster_sums(key: &[(usize, usize)], resp: &[(usize, usize)]) -> ClusterSums {
    let k = Side::new(key);
    let r = Side::new(resp);
    let k_over = k.overlaps(&r);
    let r_over = r.overlaps(&k);

    let b3_num = |side: &Side, over: &[Vec<(usize, usize)>]| -> f64 {
        side.clusters
            .iter()
            .zip(over)
            .map(|(c, parts)| parts.iter().map(|(_, v)| v * v).sum::<usize>() as f64 / c.len() as f64)
            .sum()
    };
    let b3 = [b3_num(&r, &r_over), resp.len() as f64, b3_num(&k, &k_over), key.len() as f64];

    // MUC: a cluster of n mentions needs n - 1 links; the other side keeps n minus the number of
    // pieces it cuts the cluster into (each twinless mention its own piece).
    let muc_side = |side: &Side, over: &[Vec<(usize, usize)>]| -> (usize, usize) {
        let mut num = 0;
        let mut den = 0;
        for (c, parts) in side.clusters.iter().zip(over) {
            let twinned: usize = parts.iter().map(|(_, v)| v).sum();
            let pieces = parts.len() + (c.len() - twinned);
            num += c.len() - pieces;
            den += c.len() - 1;
        }
        (num, den)
    };
    let (mr_num, mr_den) = muc_side(&k, &k_over);
    let (mp_num, mp_den) = muc_side(&r, &r_over);
    let muc = [mp_num as f64, mp_den as f64, mr_num as f64, mr_den as f64];

    // Pairwise: a pair is in both sides' links when both mentions share a key cluster and a
    // response cluster.
    let choose2 = |n: usize| n * n.saturating_sub(1) / 2;
    let common: usize = k_over.iter().flatten().map(|&(_, v)| choose2(v)).sum();
    let key_pairs: usize = k.clusters.iter().map(|c| choose2(c.len())).sum();
    let resp_pairs: usize = r.clusters.iter().map(|c| choose2(c.len())).sum();
    let pair = [common as f64, resp_pairs as f64, common as f64, key_pairs as f64];

    let similarity = ceafe_similarity(&k, &k_over, &r);
    let ceafe = [similarity, r.clusters.len() as f64, similarity, k.clusters.len() as f64];
    ClusterSums { b3, muc, pair, ceafe }
}

/// The best one-to-one alignment of key to response entities under
/// phi4(K, R) = 2 |K ∩ R| / (|K| + |R|), summed. Entities that share no mention score 0 with each
/// other, so the assignment is solved per connected group of overlapping entities.
fn ceafe_similarity(k: &Side, k_over: &[Vec<(usize, usize)>], r: &Side) -> f64 {
    // Union-find over key clusters 0..nk and response clusters nk..nk+nr.
    let nk = k.clusters.len();
    let mut parent: Vec<usize> = (0..nk + r.clusters.len()).collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for (ki, parts) in k_over.iter().enumerate() {
        for &(ri, _) in parts {
            let (a, b) = (root(&mut parent, ki), root(&mut parent, nk + ri));
            parent[a] = b;
        }
    }
    let mut groups: HashMap<usize, (Vec<usize>, Vec<usize>)> = HashMap::new();
    for (ki, parts) in k_over.iter().enumerate() {
        if !parts.is_empty() {
            let g = root(&mut parent, ki);
            groups.entry(g).or_default().0.push(ki);
        }
    }
    for (ri, _) in r.clusters.iter().enumerate() {
        let g = root(&mut parent, nk + ri);
        if let Some(group) = groups.get_mut(&g) {
            group.1.push(ri);
        }
    }
    let mut total = 0.0;
    let mut ordered: Vec<_> = groups.into_values().collect();
    ordered.sort(); // a fixed order of summation, whatever the hashing
    for (keys, resps) in ordered {
        let matrix: Vec<Vec<f64>> = keys
            .iter()
            .map(|&ki| {
                resps
                    .iter()
                    .map(|&ri| {
                        let common = k_over[ki].iter().find(|(l, _)| *l == ri).map_or(0, |&(_, v)| v);
                        2.0 * common as f64 / (k.clusters[ki].len() + r.clusters[ri].len()) as f64
                    })
                    .collect()
            })
            .collect();
        total += max_assignment(&matrix);
    }
    total
}

/// The largest sum of `weights[i][j]` over a one-to-one assignment of rows to columns (rows or
/// columns may be left over): the Hungarian (Kuhn-Munkres) algorithm with potentials, O(n² m).
pub(crate) fn max_assignment(weights: &[Vec<f64>]) -> f64 {
    let rows = weights.len();
    let cols = weights.first().map_or(0, Vec::len);
    if rows == 0 || cols == 0 {
        return 0.0;
    }
    // The algorithm below wants rows <= columns and minimizes: transpose and negate.
    let costs: Vec<Vec<f64>> = if rows <= cols {
        weights.iter().map(|row| row.iter().map(|w| -w).collect()).collect()
    } else {
        (0..cols).map(|j| weights.iter().map(|row| -row[j]).collect()).collect()
    };
    let (n, m) = (costs.len(), costs[0].len());
    let cost = |i: usize, j: usize| costs[i][j];
    // 1-based arrays, column 0 the virtual start (e-maxx formulation).
    let mut u = vec![0.0; n + 1];
    let mut v = vec![0.0; m + 1];
    let mut owner = vec![0usize; m + 1]; // owner[j]: the row assigned to column j
    let mut way = vec![0usize; m + 1];
    for i in 1..=n {
        owner[0] = i;
        let mut j0 = 0;
        let mut minv = vec![f64::INFINITY; m + 1];
        let mut used = vec![false; m + 1];
        loop {
            used[j0] = true;
            let i0 = owner[j0];
            let mut delta = f64::INFINITY;
            let mut j1 = 0;
            for j in 1..=m {
                if !used[j] {
                    let cur = cost(i0 - 1, j - 1) - u[i0] - v[j];
                    if cur < minv[j] {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if minv[j] < delta {
                        delta = minv[j];
                        j1 = j;
                    }
                }
            }
            for j in 0..=m {
                if used[j] {
                    u[owner[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
            if owner[j0] == 0 {
                break;
            }
        }
        loop {
            let j1 = way[j0];
            owner[j0] = owner[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    (1..=m).filter(|&j| owner[j] != 0).map(|j| -cost(owner[j] - 1, j - 1)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    /// Key {a b c} {d e}, response {a b} {c d e} (mentions a..e = 0..4).
    fn crossed() -> ClusterSums {
        cluster_sums(&[(0, 0), (1, 0), (2, 0), (3, 1), (4, 1)], &[(0, 7), (1, 7), (2, 8), (3, 8), (4, 8)])
    }

    #[test]
    fn b3_muc_pairwise_by_hand() {
        let s = crossed().finish();
        // B3 recall: (2²+1²)/3 + 2²/2 = 11/3 over 5 mentions; precision the same by symmetry.
        assert!(close(s.b3.r.unwrap(), 11.0 / 15.0) && close(s.b3.p.unwrap(), 11.0 / 15.0));
        // MUC: the key needs 2 + 1 links, the response keeps 1 + 1; the response's 1 + 2 links,
        // the key keeps 1 + 1.
        assert!(close(s.muc.r.unwrap(), 2.0 / 3.0) && close(s.muc.p.unwrap(), 2.0 / 3.0));
        // Pairs: key ab ac bc de, response ab cd ce de; common ab de.
        assert!(close(s.pair.p.unwrap(), 0.5) && close(s.pair.r.unwrap(), 0.5));
    }

    #[test]
    fn ceafe_by_hand() {
        // phi4: {abc}-{ab} = 4/5, {de}-{cde} = 4/5, the crossed pairs 1/3 and 0: best 8/5 over
        // two entities each side.
        let s = crossed().finish();
        assert!(close(s.ceafe.p.unwrap(), 0.8) && close(s.ceafe.r.unwrap(), 0.8) && close(s.ceafe.f1.unwrap(), 0.8));

        // A twinless key mention is its own key entity: key {a b} {c}, response {a b c}:
        // phi4 {ab}-{abc} = 4/5, {c}-{abc} = 1/2; one response entity, so 4/5 it is.
        // P = 0.8 / 1, R = 0.8 / 2, F1 = 2 * 0.8 * 0.4 / 1.2 = 0.5333...
        let s = cluster_sums(&[(0, 0), (1, 0), (2, 1)], &[(0, 5), (1, 5), (2, 5)]).finish();
        assert!(close(s.ceafe.p.unwrap(), 0.8) && close(s.ceafe.r.unwrap(), 0.4));
        assert!(close(s.ceafe.f1.unwrap(), 0.64 / 1.2));

        // Mentions only one side has: key {a b}, response {b c} {d}: phi4 {ab}-{bc} = 1/2.
        let s = cluster_sums(&[(0, 0), (1, 0)], &[(1, 3), (2, 3), (4, 9)]).finish();
        assert!(close(s.ceafe.p.unwrap(), 0.25) && close(s.ceafe.r.unwrap(), 0.5));
    }

    #[test]
    fn assignment_is_optimal_where_greedy_is_not() {
        // Greedy takes 0.9 and then 0.0; the best assignment is 0.8 + 0.7.
        assert!(close(max_assignment(&[vec![0.9, 0.8], vec![0.7, 0.0]]), 1.5));
        // More rows than columns, and more columns than rows.
        assert!(close(max_assignment(&[vec![0.1], vec![0.6], vec![0.3]]), 0.6));
        assert!(close(max_assignment(&[vec![0.5, 0.2, 0.9], vec![0.4, 0.1, 0.8]]), 1.3));
    }

    #[test]
    fn prf_edge_cases_follow_the_python() {
        assert_eq!(prf(0.0, 0.0, 0.0, 4.0), Prf { p: None, r: Some(0.0), f1: Some(0.0) });
        assert_eq!(prf(0.0, 0.0, 0.0, 0.0), Prf { p: None, r: None, f1: None });
        assert_eq!(prf(1.0, 2.0, 0.0, 0.0), Prf { p: Some(0.5), r: None, f1: None });
    }
}
