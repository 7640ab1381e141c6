//! Constrained decoding: the most probable IOB2 sequence in which every I-X follows B-X or I-X
//! (Viterbi over word-level log-probabilities with forbidden transitions).

/// Which label may follow which, for IOB2 labels.
pub struct Transitions {
    allowed: Vec<Vec<bool>>,
    can_start: Vec<bool>,
}

impl Transitions {
    pub fn iob2(labels: &[String]) -> Self {
        let inside_of = |l: &str| l.strip_prefix("I-").map(str::to_string);
        let kind_of = |l: &str| l.get(2..).map(str::to_string);
        let allowed = labels
            .iter()
            .map(|from| {
                labels
                    .iter()
                    .map(|to| match inside_of(to) {
                        Some(kind) => from != "O" && kind_of(from).as_deref() == Some(kind.as_str()),
                        None => true,
                    })
                    .collect()
            })
            .collect();
        let can_start = labels.iter().map(|l| !l.starts_with("I-")).collect();
        Self { allowed, can_start }
    }
}

/// Best label index per position; `scores[i][l]` is the log-probability of label `l` at `i`.
pub(crate) fn viterbi(scores: &[Vec<f32>], transitions: &Transitions) -> Vec<usize> {
    let n = scores.len();
    if n == 0 {
        return Vec::new();
    }
    let labels = scores[0].len();
    let mut best: Vec<f32> =
        (0..labels).map(|l| if transitions.can_start[l] { scores[0][l] } else { f32::NEG_INFINITY }).collect();
    let mut back = vec![vec![0usize; labels]; n];
    for i in 1..n {
        let mut next = vec![f32::NEG_INFINITY; labels];
        for to in 0..labels {
            for (from, &score) in best.iter().enumerate() {
                if transitions.allowed[from][to] && score > f32::NEG_INFINITY {
                    let s = score + scores[i][to];
                    if s > next[to] {
                        next[to] = s;
                        back[i][to] = from;
                    }
                }
            }
        }
        best = next;
    }
    let mut last = (0..labels).max_by(|&a, &b| best[a].total_cmp(&best[b]).then(b.cmp(&a))).unwrap_or(0);
    let mut path = vec![0; n];
    for i in (0..n).rev() {
        path[i] = last;
        last = back[i][last];
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_inside_tag_after_outside() {
        let labels: Vec<String> = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC"].iter().map(|s| s.to_string()).collect();
        let t = Transitions::iob2(&labels);
        let ln = |p: f32| p.ln();
        // Argmax would give B-PER, I-PER, I-LOC: an I-LOC that continues nothing.
        let scores = vec![
            vec![ln(0.4), ln(0.5), ln(0.05), ln(0.03), ln(0.02)],
            vec![ln(0.1), ln(0.3), ln(0.5), ln(0.05), ln(0.05)],
            vec![ln(0.3), ln(0.05), ln(0.05), ln(0.2), ln(0.4)],
        ];
        let path: Vec<&str> = viterbi(&scores, &t).iter().map(|&i| labels[i].as_str()).collect();
        assert_eq!(path, ["B-PER", "I-PER", "O"]);
    }
}
