//! Tiny models built inside tests: a word-level tokenizer over a fixed vocabulary and a small
//! randomly initialised BERT configuration.

use rust_bert::bert::BertConfig;
use rust_bert::Activation;
use tokenizers::models::wordpiece::WordPiece;
use tokenizers::normalizers::BertNormalizer;
use tokenizers::pre_tokenizers::bert::BertPreTokenizer;
use tokenizers::processors::bert::BertProcessing;
use tokenizers::Tokenizer;

pub const PEOPLE: &[&str] = &["lavrov", "rubio", "putin", "trump", "zelensky", "merkel", "macron", "modi"];
pub const PLACES: &[&str] = &["moscow", "budapest", "alaska", "kyiv", "paris", "delhi", "berlin", "geneva"];
pub const FILLER: &[&str] = &[
    "met", "in", "on", "monday", "and", "talks", "said", "the", "visited", "later", ".", "<", ">", "praised",
    "attacked", "was", "great", "terrible", "fine",
];

pub fn tiny_tokenizer() -> Tokenizer {
    let vocab: Vec<&str> =
        ["[PAD]", "[UNK]", "[CLS]", "[SEP]"].iter().chain(PEOPLE).chain(PLACES).chain(FILLER).copied().collect();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vocab.txt");
    std::fs::write(&path, vocab.join("\n")).unwrap();
    let model = WordPiece::from_file(path.to_str().unwrap()).unk_token("[UNK]".into()).build().unwrap();
    let mut tokenizer = Tokenizer::new(model);
    tokenizer.with_normalizer(Some(BertNormalizer::new(true, true, None, true)));
    tokenizer.with_pre_tokenizer(Some(BertPreTokenizer));
    tokenizer.with_post_processor(Some(BertProcessing::new(("[SEP]".into(), 3), ("[CLS]".into(), 2))));
    tokenizer
}

pub fn tiny_config(labels: &[String]) -> BertConfig {
    tch::manual_seed(7);
    BertConfig {
        hidden_act: Activation::gelu,
        attention_probs_dropout_prob: 0.0,
        hidden_dropout_prob: 0.0,
        hidden_size: 32,
        initializer_range: 0.02,
        intermediate_size: 64,
        max_position_embeddings: 512,
        num_attention_heads: 2,
        num_hidden_layers: 2,
        type_vocab_size: 2,
        vocab_size: 48,
        output_attentions: None,
        output_hidden_states: None,
        is_decoder: None,
        id2label: Some(labels.iter().enumerate().map(|(i, l)| (i as i64, l.clone())).collect()),
        label2id: None,
    }
}

/// libtorch's random generator is global to the process and the tests of one file run on
/// parallel threads: a test that seeds it and then builds or trains a model holds this lock, so
/// another test cannot draw from the generator in between and the run is the same every time.
pub fn torch_lock() -> std::sync::MutexGuard<'static, ()> {
    static TORCH: std::sync::Mutex<()> = std::sync::Mutex::new(());
    TORCH.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
