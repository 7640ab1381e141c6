//! [`Encoder`]: BERT's forward pass for inference, on the same weights rust-bert trains, with
//! libtorch's fused kernels and in a chosen [`Precision`].
//!
//! rust-bert computes GELU as several tensor ops (about a fifth of the forward pass, see
//! `../shared/notes/libtorch.md`) and attention as explicit matmul, softmax and matmul. This
//! pass takes the same steps with fused `gelu("none")` (the same erf GELU) and
//! `scaled_dot_product_attention`; outputs agree with rust-bert's to float rounding (a test
//! checks it). It holds handles on the variables (shared storage, no copy), so it always reads
//! the current weights, during training too; training itself runs rust-bert's modules, which
//! have dropout and gradients.
//!
//! In bf16 the layer weights are cast in place once ([`cast_layers`]); the embeddings run in fp32
//! and the output is given back in fp32, so the heads read fp32. oneDNN's bf16 matmul splits a
//! long inner dimension across threads, which makes results depend on the thread count (measured
//! on libtorch 2.4: the 1,536-wide feed-forward output differs, 768 and shorter never did, 1 to
//! 16 threads); so in bf16 the feed-forward block runs in slices of [`BF16_SLICE`] intermediate
//! units, whose outputs are added in fp32, and output stays the same whatever `--threads`.

use super::files::ModelError;
use super::precision::Precision;
use rust_bert::bert::BertConfig;
use std::collections::HashMap;
use tch::{nn, Kind, Tensor};

const LAYER_NORM_EPS: f64 = 1e-12;
/// Widest inner dimension a bf16 matmul is given (see the module docs).
const BF16_SLICE: i64 = 768;

struct Linear {
    weight: Tensor,
    bias: Tensor,
}

impl Linear {
    fn forward(&self, x: &Tensor) -> Tensor {
        x.linear(&self.weight, Some(&self.bias))
    }
}

struct Layer {
    query: Linear,
    key: Linear,
    value: Linear,
    attention_out: Linear,
    attention_norm: Linear,
    intermediate: Linear,
    output: Linear,
    output_norm: Linear,
    /// In bf16: the feed-forward block as slices, each an intermediate part and the output
    /// weight's matching columns (copies, made once; bf16 is for inference only).
    slices: Vec<(Linear, Tensor)>,
}

impl Layer {
    fn slice(&mut self) {
        let width = self.intermediate.weight.size()[0];
        self.slices = (0..width)
            .step_by(BF16_SLICE as usize)
            .map(|start| {
                let len = BF16_SLICE.min(width - start);
                let part = Linear {
                    weight: self.intermediate.weight.narrow(0, start, len).contiguous(),
                    bias: self.intermediate.bias.narrow(0, start, len).contiguous(),
                };
                (part, self.output.weight.narrow(1, start, len).contiguous())
            })
            .collect();
    }

    /// The feed-forward block before its residual and norm.
    fn feed_forward(&self, x: &Tensor) -> Tensor {
        if self.slices.is_empty() {
            return self.output.forward(&self.intermediate.forward(x).gelu("none"));
        }
        let bias = self.output.bias.to_kind(Kind::Float);
        let sum = self.slices.iter().fold(bias, |sum, (part, weight)| {
            let inner = part.forward(x).gelu("none");
            sum + inner.linear(weight, None::<&Tensor>).to_kind(Kind::Float)
        });
        sum.to_kind(x.kind())
    }
}

/// The encoder of a BERT model held in a var store under `bert.`.
pub(crate) struct Encoder {
    word_embeddings: Tensor,
    position_embeddings: Tensor,
    token_type_embeddings: Tensor,
    embeddings_norm: Linear,
    layers: Vec<Layer>,
    pooler: Option<Linear>,
    heads: i64,
    hidden: i64,
    kind: Kind,
}

fn variable(vars: &HashMap<String, Tensor>, name: &str) -> Result<Tensor, ModelError> {
    vars.get(name).map(Tensor::shallow_clone).ok_or_else(|| ModelError::Config(format!("no variable {name}")))
}

fn linear(vars: &HashMap<String, Tensor>, prefix: &str) -> Result<Linear, ModelError> {
    Ok(Linear {
        weight: variable(vars, &format!("{prefix}.weight"))?,
        bias: variable(vars, &format!("{prefix}.bias"))?,
    })
}

/// Casts the encoder layers' variables (not the embeddings, pooler or heads) to the precision's
/// kind, in place: every handle on them, rust-bert's modules included, sees the cast weights.
pub(crate) fn cast_layers(vs: &mut nn::VarStore, precision: Precision) {
    let mut layers = vs.root() / "bert" / "encoder";
    layers.set_kind(precision.kind());
}

impl Encoder {
    /// Handles on the encoder's variables in `vs` (names as rust-bert gives them), computing in
    /// the kind the layer weights have. `pooler`: also read BERT's pooler (for `[CLS]`-pooled heads).
    pub(crate) fn new(vs: &nn::VarStore, config: &BertConfig, pooler: bool) -> Result<Self, ModelError> {
        let vars = vs.variables();
        let layers = (0..config.num_hidden_layers)
            .map(|i| {
                let p = format!("bert.encoder.layer.{i}");
                Ok(Layer {
                    query: linear(&vars, &format!("{p}.attention.self.query"))?,
                    key: linear(&vars, &format!("{p}.attention.self.key"))?,
                    value: linear(&vars, &format!("{p}.attention.self.value"))?,
                    attention_out: linear(&vars, &format!("{p}.attention.output.dense"))?,
                    attention_norm: linear(&vars, &format!("{p}.attention.output.LayerNorm"))?,
                    intermediate: linear(&vars, &format!("{p}.intermediate.dense"))?,
                    output: linear(&vars, &format!("{p}.output.dense"))?,
                    output_norm: linear(&vars, &format!("{p}.output.LayerNorm"))?,
                    slices: Vec::new(),
                })
            })
            .collect::<Result<Vec<Layer>, ModelError>>()?;
        let kind = layers.first().map_or(Kind::Float, |l| l.query.weight.kind());
        let mut layers = layers;
        if kind == Kind::BFloat16 {
            layers.iter_mut().for_each(Layer::slice);
        }
        Ok(Self {
            word_embeddings: variable(&vars, "bert.embeddings.word_embeddings.weight")?,
            position_embeddings: variable(&vars, "bert.embeddings.position_embeddings.weight")?,
            token_type_embeddings: variable(&vars, "bert.embeddings.token_type_embeddings.weight")?,
            embeddings_norm: linear(&vars, "bert.embeddings.LayerNorm")?,
            layers,
            pooler: if pooler { Some(linear(&vars, "bert.pooler.dense")?) } else { None },
            heads: config.num_attention_heads,
            hidden: config.hidden_size,
            kind,
        })
    }

    fn norm(&self, x: &Tensor, norm: &Linear) -> Tensor {
        x.layer_norm([self.hidden], Some(&norm.weight), Some(&norm.bias), LAYER_NORM_EPS, false)
    }

    /// Hidden states `[batch, pieces, hidden]` in fp32. `ids` are read unless input embeddings
    /// are given (word pieces plus an input feature); `mask` is 1 for real pieces, 0 for padding;
    /// token types default to 0.
    pub(crate) fn forward(
        &self,
        ids: &Tensor,
        embeds: Option<&Tensor>,
        token_types: Option<&Tensor>,
        mask: &Tensor,
    ) -> Tensor {
        let size = ids.size();
        let (batch, len) = (size[0], size[1]);
        let words = match embeds {
            Some(e) => e.shallow_clone(),
            None => Tensor::embedding(&self.word_embeddings, ids, 0, false, false),
        };
        let positions = self.position_embeddings.narrow(0, 0, len).unsqueeze(0);
        let types = match token_types {
            Some(t) => Tensor::embedding(&self.token_type_embeddings, t, -1, false, false),
            None => self.token_type_embeddings.get(0).view([1, 1, self.hidden]),
        };
        let mut x = self.norm(&(words + positions + types), &self.embeddings_norm).to_kind(self.kind);
        // True where a key may be attended to; broadcast over heads and queries.
        let keys = mask.to_kind(Kind::Bool).view([batch, 1, 1, len]);
        let head_size = self.hidden / self.heads;
        let split = |t: Tensor| t.view([batch, len, self.heads, head_size]).transpose(1, 2);
        for layer in &self.layers {
            let q = split(layer.query.forward(&x));
            let k = split(layer.key.forward(&x));
            let v = split(layer.value.forward(&x));
            let context = Tensor::scaled_dot_product_attention(&q, &k, &v, Some(&keys), 0.0, false, None::<f64>)
                .transpose(1, 2)
                .reshape([batch, len, self.hidden]);
            let attended = self.norm(&(layer.attention_out.forward(&context) + &x), &layer.attention_norm);
            x = self.norm(&(layer.feed_forward(&attended) + attended), &layer.output_norm);
        }
        x.to_kind(Kind::Float)
    }

    /// BERT's pooled `[CLS]` vector (fp32) of hidden states from [`Self::forward`].
    pub(crate) fn pooled(&self, hidden: &Tensor) -> Result<Tensor, ModelError> {
        let pooler = self.pooler.as_ref().ok_or_else(|| ModelError::Config("encoder built without pooler".into()))?;
        let cls = hidden.select(1, 0).to_kind(pooler.weight.kind());
        Ok(pooler.forward(&cls).tanh().to_kind(Kind::Float))
    }
}
