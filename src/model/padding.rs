//! Padded lengths and inference batches that make each sequence's outputs its own.
//!
//! libtorch's attention gives a sequence slightly different outputs for different padded lengths
//! (its reductions over keys are vectorized by position, so the tail a length leaves changes the
//! order of a sum). In fp32 that shows at most in a last digit; in bf16 it moves scores in their
//! 4th decimal (measured: a 22-piece window padded to 87 moves an NER logit by 0.002, a 65-piece
//! one padded to 66 by 0.03). The batch size and the other rows never change a row's outputs
//! once its padded length is fixed. So at inference every sequence is padded to a length that
//! depends on its own length only ([`padded_len`]), and batches only hold sequences of one padded
//! length ([`inference_batches`]): a document's scores are the same whichever documents it is
//! tagged with, in one run, in Spark partitions, or on its own.

/// Padded lengths are multiples of this many pieces.
pub const PAD_MULTIPLE: usize = 16;

/// The padded length of a sequence of `len` pieces: the next multiple of [`PAD_MULTIPLE`], but
/// never past `limit` (the model's position count) unless the sequence itself is longer.
pub fn padded_len(len: usize, limit: usize) -> usize {
    (len.div_ceil(PAD_MULTIPLE).max(1) * PAD_MULTIPLE).min(limit.max(len))
}

/// Batches of at most `batch_size` indices into `lengths`, shortest first, each of one padded
/// length; within a padded length, in index order (a stable sort, so deterministic).
pub fn inference_batches(lengths: &[usize], batch_size: usize, limit: usize) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..lengths.len()).collect();
    order.sort_by_key(|&i| lengths[i]);
    let mut batches: Vec<Vec<usize>> = Vec::new();
    let mut current_len = None;
    for i in order {
        let len = padded_len(lengths[i], limit);
        match batches.last_mut() {
            Some(batch) if current_len == Some(len) && batch.len() < batch_size => batch.push(i),
            _ => batches.push(vec![i]),
        }
        current_len = Some(len);
    }
    batches
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padded_lengths_are_multiples_within_the_limit() {
        assert_eq!(padded_len(1, 512), 16);
        assert_eq!(padded_len(16, 512), 16);
        assert_eq!(padded_len(17, 512), 32);
        assert_eq!(padded_len(150, 150), 150, "never past the position count");
        assert_eq!(padded_len(0, 512), 16);
    }

    #[test]
    fn batches_hold_one_padded_length_and_every_index_once() {
        let lengths: Vec<usize> = (0..200).map(|i| (i * 37) % 101 + 1).collect();
        let batches = inference_batches(&lengths, 8, 512);
        let mut seen: Vec<usize> = batches.iter().flatten().copied().collect();
        seen.sort();
        assert_eq!(seen, (0..200).collect::<Vec<_>>());
        for batch in &batches {
            assert!(batch.len() <= 8);
            let len = padded_len(lengths[batch[0]], 512);
            assert!(batch.iter().all(|&i| padded_len(lengths[i], 512) == len), "{batch:?}");
        }
    }
}
