//! Scoring: each document's slant mentions carried into gold offsets and paired one to one with
//! gold mentions, actors mapped to gold entities and back, and the counts of all documents turned
//! into the figures of [`ActorScores`](super::ActorScores).

use super::gold::{py_str, Gold, GoldDoc, GoldKind, GoldMention};
use super::metrics::{cluster_sums, prf, ClusterSums};
use super::report::{
    ActorScores, Clustering, CrossDoc, Detection, GroupScores, OrderedCounts, PronounLinks, SlantPrecision,
};
use super::{align, gold, Records};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// The kinds of slant mentions; anything else counts as a name, as in the Python.
const SLANT_KINDS: [&str; 3] = ["name", "pronoun", "nominal"];

/// How far before a gold head a slant mention may start and still be looked at (the Python's
/// window in its start-sorted scan: longer mentions starting earlier are not candidates).
const CANDIDATE_LOOKBACK: i64 = 400;

fn share(a: usize, b: usize) -> Option<f64> {
    (b != 0).then(|| a as f64 / b as f64)
}

// ---------------------------------------------------------------- one document's mentions

/// A slant mention in gold offsets.
struct SlantMention {
    start: usize,
    end: usize,
    kind: &'static str,
    /// Index of its actor in the record's `actors` (the Python's `"{ai}|{aid}"` key).
    actor: usize,
}

struct ActorInfo {
    id: String,
    atype: String,
}

/// Python slicing `text[s:e]` of code points, negative indices from the end.
fn py_slice(text: &[char], s: i64, e: i64) -> &[char] {
    let n = text.len() as i64;
    let clamp = |x: i64| if x < 0 { (x + n).max(0) } else { x.min(n) } as usize;
    let (s, e) = (clamp(s), clamp(e));
    if s < e {
        &text[s..e]
    } else {
        &[]
    }
}

/// `slant_mentions` of the Python: the record's mentions in gold offsets, its actors, which gold
/// characters its text covers, and whether its text differs from the gold's.
fn slant_mentions(
    rec: &serde_json::Map<String, Value>,
    gold_text: &[char],
    odd: &mut BTreeMap<String, usize>,
) -> (Vec<SlantMention>, HashMap<usize, ActorInfo>, Vec<bool>, bool) {
    let own: Vec<char>;
    let text: &[char] = match rec.get("text") {
        Some(Value::String(s)) => {
            own = s.chars().collect();
            &own
        }
        _ => {
            *odd.entry("record_without_text".into()).or_default() += 1;
            gold_text
        }
    };
    let map = align::align(gold_text, text);
    let mut out = Vec::new();
    let mut actors = HashMap::new();
    let mut seen_ids: HashMap<String, usize> = HashMap::new();
    let actor_list = rec.get("actors").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
    for (ai, a) in actor_list.iter().enumerate() {
        let Some(a) = a.as_object() else { continue };
        let id = match a.get("id") {
            v if gold::truthy(v) => py_str(v.unwrap()),
            _ => format!("_actor{ai}"),
        };
        *seen_ids.entry(id.clone()).or_default() += 1;
        let atype = match a.get("type") {
            v if gold::truthy(v) => py_str(v.unwrap()),
            _ => "?".to_owned(),
        };
        actors.insert(ai, ActorInfo { id, atype });
        for mm in a.get("mentions").and_then(Value::as_array).into_iter().flatten() {
            let Some(mm) = mm.as_object() else { continue };
            let (Some(s), Some(e)) = (gold::int(mm.get("start")), gold::int(mm.get("end"))) else {
                *odd.entry("mention_without_offsets".into()).or_default() += 1;
                continue;
            };
            match mm.get("text") {
                None | Some(Value::Null) => {}
                Some(Value::String(t)) if t.chars().eq(py_slice(text, s, e).iter().copied()) => {}
                Some(_) => *odd.entry("mention_text_differs_from_offsets".into()).or_default() += 1,
            }
            let Some((start, end)) = align::map_span(&map, s, e) else {
                *odd.entry("mention_not_alignable".into()).or_default() += 1;
                continue;
            };
            let kind = mm.get("kind").and_then(Value::as_str).and_then(|k| SLANT_KINDS.into_iter().find(|x| *x == k));
            out.push(SlantMention { start, end, kind: kind.unwrap_or("name"), actor: ai });
        }
    }
    let duplicates = seen_ids.values().filter(|&&n| n > 1).count();
    *odd.entry("duplicate_actor_ids_in_record".into()).or_default() += duplicates;
    let cov = align::covered(&map, gold_text.len());
    (out, actors, cov, text != gold_text)
}

/// The span a gold mention offers for pairing.
struct Target {
    start: i64,
    end: i64,
    anchors: Vec<(i64, i64)>,
}

impl Target {
    fn of(m: &GoldMention) -> Self {
        let mut anchors = vec![m.head];
        anchors.extend(m.anchor);
        Target { start: m.start, end: m.end, anchors }
    }
}

/// `match` of the Python: gold index -> slant index in the order the pairs were made, and the
/// gold mentions whose head (or anchor) some slant mention overlaps.
fn pair(gold: &[Target], slant: &[SlantMention]) -> (Vec<(usize, usize)>, HashSet<usize>) {
    let mut order: Vec<usize> = (0..slant.len()).collect();
    order.sort_by_key(|&j| slant[j].start);
    let starts: Vec<i64> = order.iter().map(|&j| slant[j].start as i64).collect();
    let mut cands: Vec<(f64, i64, usize, usize)> = Vec::new();
    let mut head_any = HashSet::new();
    for (i, g) in gold.iter().enumerate() {
        let lo_all = g.anchors.iter().map(|a| a.0).min().unwrap_or(g.start);
        let hi_all = g.anchors.iter().map(|a| a.1).max().unwrap_or(g.end);
        let lo = starts.partition_point(|&s| s < lo_all - CANDIDATE_LOOKBACK);
        for &j in &order[lo..] {
            let s = &slant[j];
            let (ss, se) = (s.start as i64, s.end as i64);
            if ss >= hi_all {
                break;
            }
            if g.anchors.iter().any(|&(hs, he)| ss < he && hs < se) {
                head_any.insert(i);
                let inter = (g.end.min(se) - g.start.max(ss)).max(0);
                let union = g.end.max(se) - g.start.min(ss);
                let jaccard = if union != 0 { inter as f64 / union as f64 } else { 0.0 };
                cands.push((jaccard, -(g.end - g.start), i, j));
            }
        }
    }
    // Best first: Jaccard, then the shorter gold mention, then (as Python's reversed tuple sort)
    // the later gold and slant index.
    cands.sort_by(|x, y| y.partial_cmp(x).expect("Jaccard is never NaN"));
    let mut pairs = Vec::new();
    let (mut g_used, mut s_used) = (HashSet::new(), HashSet::new());
    for (_, _, i, j) in cands {
        if g_used.contains(&i) || s_used.contains(&j) {
            continue;
        }
        g_used.insert(i);
        s_used.insert(j);
        pairs.push((i, j));
    }
    (pairs, head_any)
}

/// Name votes and other votes for each candidate.
#[derive(Default, Clone)]
struct Votes {
    names: BTreeMap<usize, usize>,
    others: BTreeMap<usize, usize>,
}

impl Votes {
    fn add(&mut self, key: usize, is_name: bool) {
        *if is_name { &mut self.names } else { &mut self.others }.entry(key).or_default() += 1;
    }

    fn merge(&mut self, other: &Votes) {
        for (k, v) in &other.names {
            *self.names.entry(*k).or_default() += v;
        }
        for (k, v) in &other.others {
            *self.others.entry(*k).or_default() += v;
        }
    }

    /// `pick`: most name votes, then most votes, then first in `order`; the lower key on a full
    /// tie (see the module comment).
    fn pick(&self, order: impl Fn(usize) -> i64) -> Option<usize> {
        let keys: BTreeSet<usize> = self.names.keys().chain(self.others.keys()).copied().collect();
        let mut best: Option<((usize, usize, i64), usize)> = None;
        for key in keys {
            let n = self.names.get(&key).copied().unwrap_or(0);
            let o = self.others.get(&key).copied().unwrap_or(0);
            let sc = (n, n + o, -order(key));
            if best.is_none_or(|(b, _)| sc > b) {
                best = Some((sc, key));
            }
        }
        best.map(|(_, k)| k)
    }
}

#[derive(Default, Clone)]
struct GroupCounts {
    names: usize,
    names_found: usize,
    he_she: usize,
    he_she_ok: usize,
    b3: [f64; 4],
}

/// One (document, Wikipedia identity) and the id of the actor its entity maps to.
struct XdocItem {
    doc: String,
    identity: String,
    actor: Option<String>,
}

/// Everything summed over documents.
#[derive(Default)]
struct Totals {
    odd: BTreeMap<String, usize>,
    det: BTreeMap<String, [usize; 5]>,
    pron_link: BTreeMap<String, [usize; 3]>,
    sprec: BTreeMap<String, [usize; 5]>,
    clus: [ClusterSums; 4],
    type_conf: BTreeMap<String, usize>,
    other_types: Vec<(String, usize)>,
    genres: BTreeMap<String, GroupCounts>,
    splits: BTreeMap<String, GroupCounts>,
    errors: BTreeMap<&'static str, usize>,
    xdoc_items: Vec<XdocItem>,
    docs_missing: usize,
    chars_total: usize,
    chars_kept: usize,
}

impl Totals {
    fn error(&mut self, kind: &'static str) {
        *self.errors.entry(kind).or_default() += 1;
    }
}

fn group_key(v: &Option<String>) -> String {
    v.clone().filter(|s| !s.is_empty()).unwrap_or_else(|| "?".to_owned())
}

/// Scores records against gold (`score` of the Python).
pub fn score(gold: &Gold, records: &Records) -> ActorScores {
    let mut t = Totals::default();
    let missing_record = serde_json::Map::new();
    for (doc_id, gd) in &gold.docs {
        let rec = match records.by_id.get(doc_id).and_then(Value::as_object) {
            Some(r) if r.get("status").is_none() || r.get("status").and_then(Value::as_str) == Some("ok") => r,
            _ => {
                t.docs_missing += 1;
                &missing_record
            }
        };
        score_doc(doc_id, gd, rec, rec.is_empty(), &mut t);
    }
    finish(gold, records, t)
}

fn score_doc(doc_id: &str, gd: &GoldDoc, rec: &serde_json::Map<String, Value>, empty: bool, t: &mut Totals) {
    let gtext = &gd.text;
    let (sms, actor_info, cov, changed) = if empty {
        // No ok record: empty output over the gold text.
        (Vec::new(), HashMap::new(), vec![true; gtext.len()], false)
    } else {
        slant_mentions(rec, gtext, &mut t.odd)
    };
    if changed {
        *t.odd.entry("records_with_changed_text".into()).or_default() += 1;
    }
    t.chars_total += gtext.len();
    t.chars_kept += cov.iter().filter(|&&c| c).count();

    // Entities by id, in order of first appearance; the last entity of an id is its info.
    let mut ent_index: HashMap<&str, usize> = HashMap::new();
    let mut ent_info = Vec::new();
    for e in &gd.entities {
        let next = ent_index.len();
        let idx = *ent_index.entry(e.id.as_str()).or_insert(next);
        if idx == ent_info.len() {
            ent_info.push(e);
        } else {
            ent_info[idx] = e;
        }
    }
    struct GoldRef<'a> {
        m: &'a GoldMention,
        entity: usize,
        etype: &'a str,
    }
    let gms: Vec<GoldRef> = gd
        .entities
        .iter()
        .flat_map(|e| e.mentions.iter().map(move |m| (e, m)))
        .map(|(e, m)| GoldRef { m, entity: ent_index[e.id.as_str()], etype: &e.etype })
        .collect();
    let targets: Vec<Target> =
        gms.iter().map(|g| Target::of(g.m)).chain(gd.other_mentions.iter().map(Target::of)).collect();
    let (both, head_any_all) = pair(&targets, &sms);
    let g2s_list: Vec<(usize, usize)> = both.iter().copied().filter(|&(i, _)| i < gms.len()).collect();
    let g2s: HashMap<usize, usize> = g2s_list.iter().copied().collect();
    let s2g: HashMap<usize, usize> = g2s_list.iter().map(|&(i, j)| (j, i)).collect();
    let s2o: HashMap<usize, usize> =
        both.iter().filter(|&&(i, _)| i >= gms.len()).map(|&(i, j)| (j, i - gms.len())).collect();
    let head_any: HashSet<usize> = head_any_all.into_iter().filter(|&i| i < gms.len()).collect();

    let mut first_pos: HashMap<usize, i64> = HashMap::new();
    for g in &gms {
        let p = first_pos.entry(g.entity).or_insert(1 << 30);
        *p = (*p).min(g.m.start);
    }
    let mut actor_first: HashMap<usize, usize> = HashMap::new();
    for s in &sms {
        let p = actor_first.entry(s.actor).or_insert(1 << 30);
        *p = (*p).min(s.start);
    }
    let mut by_actor: BTreeMap<usize, Votes> = BTreeMap::new();
    let mut by_entity: BTreeMap<usize, Votes> = BTreeMap::new();
    for &(i, j) in &g2s_list {
        let (g, s) = (&gms[i], &sms[j]);
        let is_name = s.kind == "name" && g.m.kind == GoldKind::Name;
        by_actor.entry(s.actor).or_default().add(g.entity, is_name);
        by_entity.entry(g.entity).or_default().add(s.actor, is_name);
    }
    let entity_order = |e: usize| first_pos.get(&e).copied().unwrap_or(0);
    let actor_order = |a: usize| actor_first.get(&a).copied().unwrap_or(0) as i64;
    let a2e: HashMap<usize, usize> = by_actor.iter().filter_map(|(a, v)| Some((*a, v.pick(entity_order)?))).collect();
    let e2a: HashMap<usize, usize> = by_entity.iter().filter_map(|(e, v)| Some((*e, v.pick(actor_order)?))).collect();

    let genre = group_key(&gd.genre);
    let split = group_key(&gd.split);
    t.genres.entry(genre.clone()).or_default();
    t.splits.entry(split.clone()).or_default();
    let groups_add = |t: &mut Totals, f: &dyn Fn(&mut GroupCounts)| {
        f(t.genres.get_mut(&genre).expect("made above"));
        f(t.splits.get_mut(&split).expect("made above"));
    };

    // Detection and pronoun linking.
    for (i, g) in gms.iter().enumerate() {
        let hs = g.m.head.0;
        let lost = if hs >= 0 && (hs as usize) < cov.len() { !cov[hs as usize] } else { true };
        let paired = g2s.contains_key(&i);
        let gk = g.m.kind.as_str();
        let mut keys = vec![format!("{gk}:{}", g.etype), format!("{gk}:ALL")];
        if g.m.kind == GoldKind::Name && !g.m.nested_in_name {
            keys.push(format!("name_outer:{}", g.etype));
            keys.push("name_outer:ALL".to_owned());
        }
        for k in keys {
            let d = t.det.entry(k).or_default();
            d[0] += 1;
            d[1] += paired as usize;
            d[2] += head_any.contains(&i) as usize;
            d[3] += lost as usize;
            d[4] += (paired && !lost) as usize;
        }
        if g.m.kind == GoldKind::Name {
            groups_add(t, &|c| {
                c.names += 1;
                c.names_found += paired as usize;
            });
            if !paired && !lost {
                t.error("missed_name");
            }
        }
        if g.m.kind == GoldKind::Pronoun && g.etype == "PER" {
            let pc = g.m.pron_class.clone().unwrap_or_else(|| "other".to_owned());
            let right = g2s.get(&i).is_some_and(|&j| a2e.get(&sms[j].actor) == Some(&g.entity));
            for k in [pc.clone(), "ALL".to_owned()] {
                let pl = t.pron_link.entry(k).or_default();
                pl[0] += 1;
                pl[1] += paired as usize;
                pl[2] += right as usize;
            }
            if pc == "prs3sg_mf" {
                groups_add(t, &|c| {
                    c.he_she += 1;
                    c.he_she_ok += right as usize;
                });
                if !paired && e2a.contains_key(&g.entity) && !lost {
                    t.error("missed_pronoun");
                }
            }
        }
    }

    // slant mentions: precision.
    let mut ent_spans: HashMap<usize, Vec<(i64, i64)>> = HashMap::new();
    for g in &gms {
        ent_spans.entry(g.entity).or_default().push((g.m.start, g.m.end));
    }
    for (j, s) in sms.iter().enumerate() {
        let sp = t.sprec.entry(s.kind.to_owned()).or_default();
        sp[0] += 1;
        let claimed = a2e.get(&s.actor).copied();
        if let Some(&i) = s2g.get(&j) {
            sp[1] += 1;
            if claimed == Some(gms[i].entity) {
                sp[2] += 1;
            } else if s.kind == "pronoun" {
                t.error("pronoun_wrong_entity");
            } else if s.kind == "nominal" {
                t.error("nominal_wrong_entity");
            }
            continue;
        }
        let (ss, se) = (s.start as i64, s.end as i64);
        let inside =
            claimed.and_then(|e| ent_spans.get(&e)).is_some_and(|spans| spans.iter().any(|&(a, b)| a <= ss && se <= b));
        if inside {
            sp[3] += 1; // inside a gold mention of its own entity ("Galois [himself]")
            continue;
        }
        let other = s2o.get(&j).map(|&o| &gd.other_mentions[o]);
        if other.is_some() {
            sp[4] += 1;
        }
        if s.kind == "name" {
            let gum_type = match other {
                Some(o) => o.gum_type.clone().unwrap_or_else(|| "None".to_owned()),
                None => "(no GUM mention)".to_owned(),
            };
            let key = format!("{}->{gum_type}", actor_info[&s.actor].atype);
            match t.other_types.iter_mut().find(|(k, _)| *k == key) {
                Some((_, n)) => *n += 1,
                None => t.other_types.push((key, 1)),
            }
            if other.is_none() {
                t.error("name_spurious");
            }
        } else if s.kind == "pronoun" {
            t.error("pronoun_spurious");
        } else {
            t.error("nominal_spurious");
        }
    }

    // Clustering. Mentions: gold i is i, unpaired slant j is gms.len() + j.
    let subsets: [(usize, &[GoldKind]); 2] =
        [(0, &[GoldKind::Name]), (1, &[GoldKind::Name, GoldKind::NamePlural, GoldKind::Pronoun, GoldKind::Nominal])];
    for (sub, kinds) in subsets {
        let key: Vec<(usize, usize)> = g2s_list
            .iter()
            .filter(|&&(i, _)| kinds.contains(&gms[i].m.kind))
            .map(|&(i, _)| (i, gms[i].entity))
            .collect();
        let resp: Vec<(usize, usize)> = g2s_list
            .iter()
            .filter(|&&(i, _)| kinds.contains(&gms[i].m.kind))
            .map(|&(i, j)| (i, sms[j].actor))
            .collect();
        let sums = cluster_sums(&key, &resp);
        t.clus[sub].add(&sums);
        if sub == 1 {
            groups_add(t, &|c| {
                for (a, b) in c.b3.iter_mut().zip(sums.b3) {
                    *a += b;
                }
            });
        }
        let key: Vec<(usize, usize)> =
            gms.iter().enumerate().filter(|(_, g)| kinds.contains(&g.m.kind)).map(|(i, g)| (i, g.entity)).collect();
        let mut resp = Vec::new();
        for (j, s) in sms.iter().enumerate() {
            if sub == 0 && s.kind != "name" {
                continue;
            }
            match s2g.get(&j) {
                // Paired with a gold mention of another kind (a role noun slant calls a name):
                // neither right nor wrong for this subset.
                Some(&i) => {
                    if kinds.contains(&gms[i].m.kind) {
                        resp.push((i, s.actor));
                    }
                }
                None => resp.push((gms.len() + j, s.actor)),
            }
        }
        t.clus[2 + sub].add(&cluster_sums(&key, &resp));
    }

    // Merges and splits over name mentions.
    for v in by_actor.values() {
        if v.names.len() >= 2 {
            t.error("merge_within_doc");
        }
    }
    for v in by_entity.values() {
        if v.names.len() >= 2 {
            t.error("split_within_doc");
        }
    }
    // Types.
    for (e, a) in &e2a {
        let (gt, at) = (&ent_info[*e].type_label, &actor_info[a].atype);
        *t.type_conf.entry(format!("{gt}->{at}")).or_default() += 1;
        if gt != at {
            t.error("wrong_type");
        }
    }
    // Cross-document items: one per (document, identity).
    let mut idents: Vec<(&str, Vec<usize>)> = Vec::new();
    for e in &gd.entities {
        if let Some(ident) = &e.identity {
            let idx = ent_index[e.id.as_str()];
            match idents.iter_mut().find(|(i, _)| i == ident) {
                Some((_, es)) => es.push(idx),
                None => idents.push((ident, vec![idx])),
            }
        }
    }
    for (ident, es) in idents {
        let mut votes = Votes::default();
        for e in es {
            if let Some(v) = by_entity.get(&e) {
                votes.merge(v);
            }
        }
        let a = votes.pick(actor_order);
        t.xdoc_items.push(XdocItem {
            doc: doc_id.to_owned(),
            identity: ident.to_owned(),
            actor: a.map(|a| actor_info[&a].id.clone()),
        });
    }
}

fn finish(gold: &Gold, records: &Records, mut t: Totals) -> ActorScores {
    // Cross-document pairs.
    let mut by_ident: BTreeMap<&str, Vec<&XdocItem>> = BTreeMap::new();
    for it in &t.xdoc_items {
        by_ident.entry(it.identity.as_str()).or_default().push(it);
    }
    let multi: Vec<_> = by_ident.values().filter(|v| v.len() >= 2).collect();
    let (mut tp, mut fn_, mut fn_unmapped, mut splits) = (0, 0, 0, 0);
    for items in &multi {
        for a in 0..items.len() {
            for b in a + 1..items.len() {
                let (x, y) = (items[a], items[b]);
                if x.actor.is_some() && x.actor == y.actor {
                    tp += 1;
                } else if x.actor.is_none() || y.actor.is_none() {
                    fn_ += 1;
                    fn_unmapped += 1;
                } else {
                    fn_ += 1;
                    splits += 1;
                }
            }
        }
    }
    let mut by_aid: BTreeMap<&str, Vec<&XdocItem>> = BTreeMap::new();
    for it in &t.xdoc_items {
        if let Some(aid) = &it.actor {
            by_aid.entry(aid.as_str()).or_default().push(it);
        }
    }
    let (mut fp, mut tp_p, mut several) = (0, 0, 0);
    for items in by_aid.values() {
        for a in 0..items.len() {
            for b in a + 1..items.len() {
                let (x, y) = (items[a], items[b]);
                if x.doc == y.doc {
                    continue;
                }
                if x.identity == y.identity {
                    tp_p += 1;
                } else {
                    fp += 1;
                }
            }
        }
        let ids: HashSet<&str> = items.iter().map(|x| x.identity.as_str()).collect();
        let docs: HashSet<&str> = items.iter().map(|x| x.doc.as_str()).collect();
        if ids.len() > 1 && docs.len() > 1 {
            several += 1;
        }
    }
    if splits > 0 {
        *t.errors.entry("xdoc_split").or_default() += splits;
    }
    // The Python always reports this one, zero or not.
    *t.errors.entry("xdoc_merge").or_default() += several;
    let cross_doc = CrossDoc {
        prf: prf(tp_p as f64, (tp_p + fp) as f64, tp as f64, (tp + fn_) as f64),
        identities_in_2plus_docs: multi.len(),
        doc_pairs: tp + fn_,
        same_id: tp,
        different_id: fn_ - fn_unmapped,
        unmapped_side: fn_unmapped,
        recall_when_both_mapped: share(tp, tp + fn_ - fn_unmapped),
        pairs_sharing_an_id: tp_p + fp,
        false_merge_pairs: fp,
        ids_holding_several_identities: several,
    };

    let group = |groups: &BTreeMap<String, GroupCounts>, field: fn(&GoldDoc) -> &Option<String>| {
        groups
            .iter()
            .map(|(g, c)| {
                let scores = GroupScores {
                    name_recall: share(c.names_found, c.names),
                    he_she_correct: share(c.he_she_ok, c.he_she),
                    b3_all_matched_f1: prf(c.b3[0], c.b3[1], c.b3[2], c.b3[3]).f1,
                    docs: gold.docs.values().filter(|d| field(d).as_deref() == Some(g.as_str())).count(),
                };
                (g.clone(), scores)
            })
            .collect()
    };
    let mut other_types = t.other_types.clone();
    other_types.sort_by_key(|(_, n)| std::cmp::Reverse(*n)); // stable: first seen first among equals
    let mut oddities: BTreeMap<String, usize> =
        t.odd.iter().filter(|(_, &v)| v > 0).map(|(k, v)| (k.clone(), *v)).collect();
    oddities.insert("unparsable_record_lines".to_owned(), records.unparsable_lines.len());
    let [matched_names, matched_all, e2e_names, e2e_all] = t.clus.map(|s| s.finish());
    ActorScores {
        docs: gold.docs.len(),
        docs_without_ok_record: t.docs_missing,
        gold_chars_kept_by_slant: share(t.chars_kept, t.chars_total),
        detection: t
            .det
            .iter()
            .map(|(k, v)| {
                let d = Detection {
                    gold: v[0],
                    found: share(v[1], v[0]),
                    head_any: share(v[2], v[0]),
                    lost_to_extraction: share(v[3], v[0]),
                    found_in_kept: share(v[4], v[0] - v[3]),
                };
                (k.clone(), d)
            })
            .collect(),
        person_pronouns: t
            .pron_link
            .iter()
            .map(|(k, v)| {
                (k.clone(), PronounLinks { gold: v[0], attached: share(v[1], v[0]), correct: share(v[2], v[0]) })
            })
            .collect(),
        slant_mentions: t
            .sprec
            .iter()
            .map(|(k, v)| {
                let s = SlantPrecision {
                    n: v[0],
                    paired: share(v[1], v[0]),
                    precision: share(v[2] + v[3], v[0]),
                    inside_own_entity: share(v[3], v[0]),
                    on_other_gum_type: share(v[4], v[0]),
                };
                (k.clone(), s)
            })
            .collect(),
        clustering: Clustering { matched_names, matched_all, e2e_names, e2e_all },
        cross_doc,
        type_confusion: t.type_conf.clone(),
        unpaired_slant_names_by_gum_type: OrderedCounts(other_types),
        per_genre: group(&t.genres, |d| &d.genre),
        per_split: group(&t.splits, |d| &d.split),
        oddities,
        error_counts: t.errors.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect(),
        records_not_in_gold: records.by_id.keys().filter(|k| !gold.docs.contains_key(*k)).count(),
    }
}
