//! The figures of one scoring run ([`ActorScores`] and its parts, serialized with the Python's
//! `--json` key names) and their printing as the Python's table and summary line.

use super::metrics::{ClusterScores, Prf};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Detection {
    pub gold: usize,
    /// Paired one to one with a slant mention.
    pub found: Option<f64>,
    /// Some slant mention overlaps the head ("covered").
    pub head_any: Option<f64>,
    /// The head is in text slant's extraction dropped.
    pub lost_to_extraction: Option<f64>,
    /// Found, among those not lost.
    pub found_in_kept: Option<f64>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PronounLinks {
    pub gold: usize,
    pub attached: Option<f64>,
    pub correct: Option<f64>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SlantPrecision {
    pub n: usize,
    pub paired: Option<f64>,
    pub precision: Option<f64>,
    pub inside_own_entity: Option<f64>,
    pub on_other_gum_type: Option<f64>,
}

/// The four clustering subsets, in the Python's order.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Clustering {
    pub matched_names: ClusterScores,
    pub matched_all: ClusterScores,
    pub e2e_names: ClusterScores,
    pub e2e_all: ClusterScores,
}

impl Clustering {
    pub fn rows(&self) -> [(&'static str, &ClusterScores); 4] {
        [
            ("matched_names", &self.matched_names),
            ("matched_all", &self.matched_all),
            ("e2e_names", &self.e2e_names),
            ("e2e_all", &self.e2e_all),
        ]
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CrossDoc {
    #[serde(flatten)]
    pub prf: Prf,
    pub identities_in_2plus_docs: usize,
    pub doc_pairs: usize,
    pub same_id: usize,
    pub different_id: usize,
    pub unmapped_side: usize,
    pub recall_when_both_mapped: Option<f64>,
    pub pairs_sharing_an_id: usize,
    pub false_merge_pairs: usize,
    pub ids_holding_several_identities: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct GroupScores {
    pub name_recall: Option<f64>,
    pub he_she_correct: Option<f64>,
    pub b3_all_matched_f1: Option<f64>,
    pub docs: usize,
}

/// Counts in a fixed order (most first, then first seen), serialized as a JSON object.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OrderedCounts(pub Vec<(String, usize)>);

impl Serialize for OrderedCounts {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// Every figure of one scoring run; field names are the Python's `--json` keys.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ActorScores {
    pub docs: usize,
    pub docs_without_ok_record: usize,
    pub gold_chars_kept_by_slant: Option<f64>,
    /// By `kind:type` (`name:PER`, `pronoun:ALL`, `name_outer:LOC`, ...).
    pub detection: BTreeMap<String, Detection>,
    /// Gold person pronouns by `pron_class`, and `ALL`.
    pub person_pronouns: BTreeMap<String, PronounLinks>,
    /// slant mentions by kind.
    pub slant_mentions: BTreeMap<String, SlantPrecision>,
    pub clustering: Clustering,
    pub cross_doc: CrossDoc,
    /// `gold type->actor type`: entities by the type of the actor they map to.
    pub type_confusion: BTreeMap<String, usize>,
    /// `slant type->GUM type` of unpaired slant names.
    pub unpaired_slant_names_by_gum_type: OrderedCounts,
    pub per_genre: BTreeMap<String, GroupScores>,
    pub per_split: BTreeMap<String, GroupScores>,
    pub oddities: BTreeMap<String, usize>,
    /// How many errors of each kind (the Python's examples are not reproduced, only counted).
    pub error_counts: BTreeMap<String, usize>,
    pub records_not_in_gold: usize,
}

// ---------------------------------------------------------------- report

/// A figure with three decimals, `-` when undefined (the Python's `fmt`).
fn fmt(x: Option<f64>) -> String {
    x.map_or_else(|| "  -  ".to_owned(), |v| format!("{v:.3}"))
}

impl ActorScores {
    /// The one-line summary the Python prints last, with CEAF-e added.
    pub fn summary(&self) -> String {
        let g =
            |k: &str, head_any: bool| self.detection.get(k).and_then(|d| if head_any { d.head_any } else { d.found });
        let pp = self.person_pronouns.get("prs3sg_mf");
        let c = &self.clustering;
        let x = &self.cross_doc;
        format!(
            "SUMMARY docs {} | names covered/paired PER {}/{} ORG {}/{} LOC {}/{} | he/she linked right {} (attached {}), \
             pronoun P {} | matched B3 F1 names {} all {}, MUC F1 names {} all {} | end-to-end B3 F1 names {} all {}, \
             CEAF-e F1 names {} all {} | cross-doc P {} R {} F1 {} ({} pairs), false-merge pairs {}",
            self.docs,
            fmt(g("name:PER", true)),
            fmt(g("name:PER", false)),
            fmt(g("name:ORG", true)),
            fmt(g("name:ORG", false)),
            fmt(g("name:LOC", true)),
            fmt(g("name:LOC", false)),
            fmt(pp.and_then(|p| p.correct)),
            fmt(pp.and_then(|p| p.attached)),
            fmt(self.slant_mentions.get("pronoun").and_then(|s| s.precision)),
            fmt(c.matched_names.b3.f1),
            fmt(c.matched_all.b3.f1),
            fmt(c.matched_names.muc.f1),
            fmt(c.matched_all.muc.f1),
            fmt(c.e2e_names.b3.f1),
            fmt(c.e2e_all.b3.f1),
            fmt(c.e2e_names.ceafe.f1),
            fmt(c.e2e_all.ceafe.f1),
            fmt(x.prf.p),
            fmt(x.prf.r),
            fmt(x.prf.f1),
            x.doc_pairs,
            x.false_merge_pairs,
        )
    }

    /// The human-readable report (the Python's, without its example lists).
    pub fn table(&self) -> String {
        let mut out = String::new();
        let w = &mut out;
        macro_rules! say {
            ($($arg:tt)*) => { let _ = writeln!(w, $($arg)*); };
        }
        say!(
            "documents {} (without an ok record: {}); share of gold text in slant's extracted text: {}",
            self.docs,
            self.docs_without_ok_record,
            fmt(self.gold_chars_kept_by_slant)
        );
        say!();
        say!("Mention detection: gold mentions paired one to one with a slant mention over their head (or name) token");
        say!("  found: share paired; head_any: covered, some slant mention overlaps the head; lost_extr: head in text slant's extraction dropped;");
        say!("  found_in_kept: found among the rest; name_outer: names not inside a longer gold name; name_plural: person names with a plural head");
        say!(
            "  {:<20}{:>6}{:>8}{:>10}{:>11}{:>15}",
            "kind:type",
            "gold",
            "found",
            "head_any",
            "lost_extr",
            "found_in_kept"
        );
        for (k, v) in &self.detection {
            say!(
                "  {k:<20}{:>6}{:>8}{:>10}{:>11}{:>15}",
                v.gold,
                fmt(v.found),
                fmt(v.head_any),
                fmt(v.lost_to_extraction),
                fmt(v.found_in_kept)
            );
        }
        say!();
        say!("Person pronouns (gold): attached = paired with a slant mention; correct = paired with a mention of an actor that maps to the pronoun's own entity");
        say!("  prs3sg_mf he/she/him/her/his/hers/-self; prs3pl they/them/their; prs12 I/we/you/...; others: dem, ind, rel, ...");
        for (k, v) in &self.person_pronouns {
            say!("  {k:<14}{:>6}  attached {}  correct {}", v.gold, fmt(v.attached), fmt(v.correct));
        }
        say!();
        say!("slant mentions: paired = with a gold PER/ORG/LOC mention; precision = paired with a mention of the entity its actor maps to, or inside one;");
        say!("  on_other_gum_type = unpaired, on a GUM mention of another type (abstract, event, object, ...)");
        for (k, v) in &self.slant_mentions {
            say!(
                "  {k:<9}{:>6}  paired {}  precision {}  (inside own entity {})  on_other_gum_type {}",
                v.n,
                fmt(v.paired),
                fmt(v.precision),
                fmt(v.inside_own_entity),
                fmt(v.on_other_gum_type)
            );
        }
        say!();
        say!("Within-document clustering, P / R / F1 (matched_*: paired mentions only; e2e_*: all gold and slant mentions of the kind)");
        for (k, v) in self.clustering.rows() {
            let cell = |p: &Prf| format!("{}/{}/{}", fmt(p.p), fmt(p.r), fmt(p.f1));
            say!("  {k:<14}b3 {}  muc {}  pair {}  ceafe {}", cell(&v.b3), cell(&v.muc), cell(&v.pair), cell(&v.ceafe));
        }
        say!();
        let x = &self.cross_doc;
        say!(
            "Across documents: Wikipedia identities in 2+ documents {}, document pairs {}",
            x.identities_in_2plus_docs,
            x.doc_pairs
        );
        say!(
            "  same id {}, different ids {}, one side without an actor {}: recall {} (when both sides have an actor {})",
            x.same_id,
            x.different_id,
            x.unmapped_side,
            fmt(x.prf.r),
            fmt(x.recall_when_both_mapped)
        );
        say!(
            "  pairs of documents sharing an id {}, of them different identities {}: precision {}; F1 {}; ids holding several identities {}",
            x.pairs_sharing_an_id,
            x.false_merge_pairs,
            fmt(x.prf.p),
            fmt(x.prf.f1),
            x.ids_holding_several_identities
        );
        say!();
        let joined = |it: &mut dyn Iterator<Item = (&String, &usize)>| {
            it.map(|(k, v)| format!("{k} {v}")).collect::<Vec<_>>().join(", ")
        };
        say!("Type of each gold entity's actor (gold->slant): {}", joined(&mut self.type_confusion.iter()));
        say!(
            "Unpaired slant name mentions, what GUM has there (slant type->GUM type): {}",
            joined(&mut self.unpaired_slant_names_by_gum_type.0.iter().take(14).map(|(k, v)| (k, v)))
        );
        say!();
        for (name, groups) in [("per genre", &self.per_genre), ("per split", &self.per_split)] {
            let parts: Vec<String> = groups
                .iter()
                .map(|(g, v)| {
                    format!(
                        "{g} ({} docs) names {}, he/she {}, matched B3 all {}",
                        v.docs,
                        fmt(v.name_recall),
                        fmt(v.he_she_correct),
                        fmt(v.b3_all_matched_f1)
                    )
                })
                .collect();
            say!("{name}: {}", parts.join("; "));
        }
        let odd: Vec<_> = self.oddities.iter().filter(|(_, &v)| v > 0).collect();
        if !odd.is_empty() {
            say!("Oddities: {}", joined(&mut odd.into_iter()));
        }
        say!();
        say!("Error counts: {}", joined(&mut self.error_counts.iter()));
        out
    }
}
