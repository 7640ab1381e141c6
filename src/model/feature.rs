//! [`InputFeature`]: a learned embedding of one class per word piece (a word shape, a lexicon
//! polarity), added to BERT's word-piece embeddings before its own position/type embeddings and
//! layer norm. It starts at zero, so an untrained feature leaves the base model unchanged.

use tch::{nn, nn::Module, Tensor};

pub(crate) struct InputFeature {
    classes: nn::Embedding,
    /// Handle on BERT's word-piece embedding matrix (the same variable, shared storage).
    word_embeddings: Tensor,
}

impl InputFeature {
    /// Creates the feature's variables as `NAME.weight` in `vs`, which must already hold BERT
    /// under `bert.`.
    pub(crate) fn new(vs: &nn::VarStore, name: &str, classes: i64, hidden: i64) -> Self {
        let classes = nn::embedding(
            vs.root() / name,
            classes,
            hidden,
            nn::EmbeddingConfig { ws_init: nn::Init::Const(0.0), ..Default::default() },
        );
        let word_embeddings = vs.variables()["bert.embeddings.word_embeddings.weight"].shallow_clone();
        Self { classes, word_embeddings }
    }

    /// Input embeddings `[batch, pieces, hidden]` for piece ids and their feature classes.
    pub(crate) fn embeds(&self, ids: &Tensor, classes: &Tensor) -> Tensor {
        Tensor::embedding(&self.word_embeddings, ids, 0, false, false) + self.classes.forward(classes)
    }
}
