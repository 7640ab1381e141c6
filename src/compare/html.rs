//! The HTML report of a comparison: one self-contained file (inline CSS and SVG; no scripts,
//! fonts, images or anything else to fetch) holding a group × actor heatmap of mean tone, the
//! counts and interval behind every cell, and the evidence sentences.
//!
//! Colours are ColorBrewer's RdBu (red negative, blue positive, near-white at 0), which stays
//! readable with the common colour-vision deficiencies; every number is also written out, so
//! nothing depends on colour alone.

use super::{Comparison, Row};
use std::collections::BTreeMap;
use std::fmt::Write;

const CELL_WIDTH: f64 = 96.0;
const CELL_HEIGHT: f64 = 48.0;
/// Rough advance of one character at the labels' 13 px, to size the margins without measuring.
const CHAR_WIDTH: f64 = 7.4;
/// Longest label drawn in full (the tooltip always has all of it).
const MAX_LABEL_CHARS: usize = 40;
/// Column labels are drawn at this angle (degrees, upward).
const LABEL_ANGLE: f64 = 40.0;
/// RdBu with 11 classes, most negative first.
const RDBU: [(u8, u8, u8); 11] = [
    (0x67, 0x00, 0x1f),
    (0xb2, 0x18, 0x2b),
    (0xd6, 0x60, 0x4d),
    (0xf4, 0xa5, 0x82),
    (0xfd, 0xdb, 0xc7),
    (0xf7, 0xf7, 0xf7),
    (0xd1, 0xe5, 0xf0),
    (0x92, 0xc5, 0xde),
    (0x43, 0x93, 0xc3),
    (0x21, 0x66, 0xac),
    (0x05, 0x30, 0x61),
];

const STYLE: &str = r#"
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif; color: #222; margin: 24px 32px; max-width: 1300px; }
h1 { font-size: 22px; margin: 0 0 6px; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
h3 { font-size: 14px; margin: 0 0 4px; }
p.meta, p.note { color: #555; font-size: 13px; margin: 4px 0; }
svg { display: block; margin: 12px 0; }
svg text { font-size: 13px; fill: #222; }
svg .value { font-size: 14px; font-weight: 600; text-anchor: middle; }
svg .count { font-size: 11px; text-anchor: middle; }
svg .light { fill: #fff; }
svg a:hover rect { stroke: #000; stroke-width: 2; }
table { border-collapse: collapse; font-size: 13px; }
th, td { padding: 3px 8px; border-bottom: 1px solid #eee; text-align: right; vertical-align: top; }
th { background: #f5f5f5; position: sticky; top: 0; }
td.text, th.text { text-align: left; }
tr:target, section:target { background: #fff8c4; }
section.evidence { margin: 10px 0 14px; padding: 6px 10px; border-left: 4px solid #ccc; }
section.evidence ol { margin: 4px 0; padding-left: 22px; font-size: 13px; }
section.evidence li { margin: 3px 0; }
mark { background: #ffe58a; padding: 0 1px; }
.doc { color: #666; }
.swatch { display: inline-block; width: 10px; height: 10px; margin-right: 4px; border: 1px solid #999; vertical-align: baseline; }
"#;

/// The whole report.
pub fn render(c: &Comparison) -> String {
    let mut out = String::new();
    let by = c.meta.by.join(", ");
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>slant compare: tone toward actors by {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape(&by)
    );
    let _ = writeln!(out, "<h1>Tone toward actors by {}</h1>", escape(&by));
    let m = &c.meta;
    let _ = writeln!(
        out,
        "<p class=\"meta\">{} from {}; {} error records and {} malformed lines skipped; \
         {} without a value for a grouping key (they form the group “{}”). slant {}.</p>",
        documents(m.documents),
        escape(&m.inputs.join(", ")),
        m.error_records,
        m.malformed_lines,
        documents(m.documents_without_group_value),
        escape(m.no_value),
        escape(m.slant_version),
    );
    if c.rows.is_empty() {
        out.push_str(
            "<p><strong>No rows:</strong> no actor has enough documents in any group.</p>\n</body>\n</html>\n",
        );
        return out;
    }

    out.push_str("<h2>Mean tone by group and actor</h2>\n");
    let _ = writeln!(
        out,
        "<p class=\"note\">Each cell is the mean, over the group's documents, of the article's tone toward \
         the actor (−1 negative … +1 positive); <em>n</em> is the number of documents. Hover a cell for \
         the {:.0}% bootstrap interval ({} resamples over documents, seed {}; none from a single \
         document) and the tone shares; click it for the evidence. Grey cells: {}. Actors are ordered \
         by mentions in the whole corpus.</p>",
        m.interval.confidence * 100.0,
        m.interval.resamples,
        m.interval.seed,
        empty_cell_meaning(m.min_docs),
    );
    let domain = colour_domain(c);
    out.push_str(&heatmap(c, domain));
    out.push_str(&numbers_table(c, domain));
    out.push_str(&evidence_sections(c));
    out.push_str("</body>\n</html>\n");
    out
}

/// Group labels in row order, and actors (corpus rank order) that have at least one row.
fn axes(c: &Comparison) -> (Vec<String>, Vec<(String, String)>) {
    let mut groups: Vec<String> = Vec::new();
    for row in &c.rows {
        let label = c.group_label(row);
        if groups.last() != Some(&label) {
            groups.push(label);
        }
    }
    let actors = c
        .meta
        .actors
        .iter()
        .filter(|a| c.rows.iter().any(|r| r.actor_id == a.id))
        .map(|a| (a.id.clone(), a.name.clone()))
        .collect();
    (groups, actors)
}

/// What a grey (empty) heatmap cell means.
fn empty_cell_meaning(min_docs: usize) -> String {
    if min_docs > 1 {
        format!("the actor is in fewer than {min_docs} of the group's documents")
    } else {
        "no document of the group mentions the actor".into()
    }
}

/// Symmetric colour domain: the largest |mean| rounded up to a quarter, so that weak contrasts
/// still show; the legend states it.
fn colour_domain(c: &Comparison) -> f64 {
    let largest = c.rows.iter().filter_map(|r| r.mean_tone).fold(0.0_f64, |m, x| m.max(x.abs()));
    ((largest * 4.0).ceil() / 4.0).clamp(0.25, 1.0)
}

fn heatmap(c: &Comparison, domain: f64) -> String {
    let (groups, actors) = axes(c);
    let cells: BTreeMap<(String, &str), (usize, &Row)> =
        c.rows.iter().enumerate().map(|(i, r)| ((c.group_label(r), r.actor_id.as_str()), (i, r))).collect();

    let row_label_chars = groups.iter().map(|g| g.chars().count().min(MAX_LABEL_CHARS)).max().unwrap_or(0);
    let column_label_chars = actors.iter().map(|(_, n)| n.chars().count().min(MAX_LABEL_CHARS)).max().unwrap_or(0);
    let (sin, cos) = LABEL_ANGLE.to_radians().sin_cos();
    let left = (row_label_chars as f64 * CHAR_WIDTH + 20.0).max(60.0);
    let top = column_label_chars as f64 * CHAR_WIDTH * sin + 24.0;
    let grid_width = actors.len() as f64 * CELL_WIDTH;
    let overhang = (column_label_chars as f64 * CHAR_WIDTH * cos - CELL_WIDTH / 2.0).max(0.0);
    let width = left + grid_width.max(300.0) + overhang + 20.0;
    let legend_top = top + groups.len() as f64 * CELL_HEIGHT + 24.0;
    let height = legend_top + 56.0;

    let mut svg = String::new();
    let _ = writeln!(
        svg,
        "<svg width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.0} {height:.0}\" role=\"img\" \
         aria-label=\"Heatmap of mean tone by group and actor\">"
    );
    for (j, (id, name)) in actors.iter().enumerate() {
        let x = left + (j as f64 + 0.5) * CELL_WIDTH;
        let _ = writeln!(
            svg,
            "<text x=\"{x:.1}\" y=\"{:.1}\" transform=\"rotate(-{LABEL_ANGLE} {x:.1} {:.1})\"><title>{}</title>{}</text>",
            top - 8.0,
            top - 8.0,
            escape(&format!("{name} ({id})")),
            escape(&shorten(name)),
        );
    }
    for (i, group) in groups.iter().enumerate() {
        let y = top + i as f64 * CELL_HEIGHT;
        let _ = writeln!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\"><title>{}</title>{}</text>",
            left - 8.0,
            y + CELL_HEIGHT / 2.0 + 4.0,
            escape(group),
            escape(&shorten(group)),
        );
        for (j, (id, name)) in actors.iter().enumerate() {
            let x = left + j as f64 * CELL_WIDTH;
            let (cx, cy) = (x + CELL_WIDTH / 2.0, y + CELL_HEIGHT / 2.0);
            let Some(&(index, row)) = cells.get(&(group.clone(), id.as_str())) else {
                let _ = writeln!(
                    svg,
                    "<g><title>{}</title><rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{CELL_WIDTH}\" height=\"{CELL_HEIGHT}\" \
                     fill=\"#f2f2f2\" stroke=\"#fff\" stroke-width=\"2\"/></g>",
                    escape(&format!("{group} × {name}\n{}", empty_cell_meaning(c.meta.min_docs))),
                );
                continue;
            };
            let (fill, light) = match row.mean_tone {
                Some(mean) => {
                    let t = (mean / domain).clamp(-1.0, 1.0);
                    (colour(t), t.abs() > 0.6)
                }
                None => ("#d9d9d9".to_string(), false),
            };
            let class = if light { " light" } else { "" };
            let value = row.mean_tone.map_or("no tone".to_string(), signed);
            let target = if row.evidence.is_empty() { format!("row-{index}") } else { format!("cell-{index}") };
            let _ = writeln!(
                svg,
                "<a href=\"#{target}\"><g><title>{}</title>\
                 <rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{CELL_WIDTH}\" height=\"{CELL_HEIGHT}\" fill=\"{fill}\" stroke=\"#fff\" stroke-width=\"2\"/>\
                 <text class=\"value{class}\" x=\"{cx:.1}\" y=\"{:.1}\">{}</text>\
                 <text class=\"count{class}\" x=\"{cx:.1}\" y=\"{:.1}\">n={}</text></g></a>",
                escape(&tooltip(c, row)),
                cy - 2.0,
                escape(&value),
                cy + 14.0,
                row.n_docs,
            );
        }
    }
    svg.push_str(&legend(left, legend_top, domain));
    svg.push_str("</svg>\n");
    svg
}

/// The colour bar under the grid.
fn legend(left: f64, top: f64, domain: f64) -> String {
    let width = 240.0;
    let mut out = String::from("<defs><linearGradient id=\"rdbu\" x1=\"0\" x2=\"1\" y1=\"0\" y2=\"0\">");
    for (i, (r, g, b)) in RDBU.iter().enumerate() {
        let _ = write!(out, "<stop offset=\"{:.3}\" stop-color=\"#{r:02x}{g:02x}{b:02x}\"/>", i as f64 / 10.0);
    }
    out.push_str("</linearGradient></defs>\n");
    let _ = writeln!(
        out,
        "<text x=\"{left:.1}\" y=\"{:.1}\">mean tone</text>\
         <rect x=\"{:.1}\" y=\"{:.1}\" width=\"{width}\" height=\"14\" fill=\"url(#rdbu)\" stroke=\"#999\"/>",
        top + 11.0,
        left + 80.0,
        top,
    );
    for (k, label) in [
        (0.0, format!("{} negative", signed(-domain))),
        (0.5, "0".into()),
        (1.0, format!("{} positive", signed(domain))),
    ] {
        let x = left + 80.0 + k * width;
        let anchor = if k == 0.0 {
            "start"
        } else if k == 1.0 {
            "end"
        } else {
            "middle"
        };
        let _ = writeln!(
            out,
            "<line x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"#555\"/>\
             <text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{}</text>",
            top + 14.0,
            top + 19.0,
            top + 33.0,
            escape(&label),
        );
    }
    out
}

/// The hover text of a cell.
fn tooltip(c: &Comparison, row: &Row) -> String {
    let mut lines = vec![format!("{} × {}", c.group_label(row), row.actor)];
    match (row.mean_tone, row.ci) {
        (Some(mean), Some(ci)) => lines.push(format!(
            "mean tone {} ({:.0}% CI {} to {})",
            signed(mean),
            c.meta.interval.confidence * 100.0,
            signed(ci.low),
            signed(ci.high)
        )),
        (Some(mean), None) => lines.push(format!("mean tone {} (no interval from one document)", signed(mean))),
        (None, _) => lines.push("no tone scores".into()),
    }
    lines.push(format!("{} ({} with tone), {} mentions", documents(row.n_docs), row.n_docs_scored, row.n_mentions));
    if let (Some(neg), Some(neu), Some(pos)) = (row.share_negative, row.share_neutral, row.share_positive) {
        lines.push(format!("negative {} · neutral {} · positive {}", percent(neg), percent(neu), percent(pos)));
    }
    if let (Some(diff), Some(corpus)) = (row.diff_from_corpus, row.corpus_mean_tone) {
        lines.push(format!("{} against the actor's corpus mean {}", signed(diff), signed(corpus)));
    }
    lines.push(if row.evidence.is_empty() { "click for the numbers".into() } else { "click for evidence".into() });
    lines.join("\n")
}

/// Every row with its numbers: the counts behind each cell.
fn numbers_table(c: &Comparison, domain: f64) -> String {
    let mut out = String::from(
        "<h2>Numbers behind each cell</h2>\n<table>\n<thead><tr><th class=\"text\">group</th><th class=\"text\">actor</th>\
         <th>documents</th><th>with tone</th><th>mentions</th><th>mean tone</th><th>95% CI</th>\
         <th>negative</th><th>neutral</th><th>positive</th><th>mention share</th><th>in title</th>\
         <th>vs corpus</th></tr></thead>\n<tbody>\n",
    );
    let blank = || "–".to_string();
    for (i, row) in c.rows.iter().enumerate() {
        let fill = row.mean_tone.map_or("#d9d9d9".to_string(), |m| colour(m / domain));
        let _ = writeln!(
            out,
            "<tr id=\"row-{i}\"><td class=\"text\">{}</td><td class=\"text\"><span class=\"swatch\" style=\"background:{fill}\"></span>{}</td>\
             <td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&c.group_label(row)),
            escape(&row.actor),
            row.n_docs,
            row.n_docs_scored,
            row.n_mentions,
            row.mean_tone.map_or_else(blank, signed),
            row.ci.map_or_else(blank, |ci| format!("{} to {}", signed(ci.low), signed(ci.high))),
            row.share_negative.map_or_else(blank, percent),
            row.share_neutral.map_or_else(blank, percent),
            row.share_positive.map_or_else(blank, percent),
            row.mean_mention_share.map_or_else(blank, percent),
            row.share_in_title.map_or_else(blank, percent),
            row.diff_from_corpus.map_or_else(blank, signed),
        );
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

/// The evidence sentences of every cell that has any, the actor's mentions marked.
fn evidence_sections(c: &Comparison) -> String {
    let mut out = String::from(
        "<h2>Evidence</h2>\n<p class=\"note\">The sentences that move each cell's documents most \
         (effect: the sentence's weighted positive minus negative toward the actor).</p>\n",
    );
    for (i, row) in c.rows.iter().enumerate().filter(|(_, r)| !r.evidence.is_empty()) {
        let _ = writeln!(
            out,
            "<section class=\"evidence\" id=\"cell-{i}\"><h3>{} × {}</h3>\
             <p class=\"note\">mean tone {} over {}; <a href=\"#row-{i}\">numbers</a></p><ol>",
            escape(&c.group_label(row)),
            escape(&row.actor),
            row.mean_tone.map_or("–".to_string(), signed),
            documents(row.n_docs),
        );
        for ev in &row.evidence {
            let doc = match &ev.title {
                Some(title) => format!("{title} ({})", ev.doc_id),
                None => ev.doc_id.clone(),
            };
            let _ = writeln!(
                out,
                "<li>{} <span class=\"doc\">(effect {}; {}{})</span></li>",
                highlight(&ev.sentence, &ev.mentions),
                signed(ev.effect),
                escape(&doc),
                ev.doc_tone.map_or(String::new(), |t| format!("; document tone {}", signed(t))),
            );
        }
        out.push_str("</ol></section>\n");
    }
    out
}

/// The sentence, escaped, with the given code-point ranges in `<mark>`.
fn highlight(sentence: &str, ranges: &[(usize, usize)]) -> String {
    let mut ranges = ranges.to_vec();
    ranges.sort_unstable();
    let chars: Vec<char> = sentence.chars().collect();
    let mut out = String::new();
    let mut at = 0;
    for (start, end) in ranges {
        // Overlapping or out-of-range spans are left unmarked rather than garbled.
        if start < at || end > chars.len() || start >= end {
            continue;
        }
        out.push_str(&escape(&chars[at..start].iter().collect::<String>()));
        out.push_str("<mark>");
        out.push_str(&escape(&chars[start..end].iter().collect::<String>()));
        out.push_str("</mark>");
        at = end;
    }
    out.push_str(&escape(&chars[at..].iter().collect::<String>()));
    out
}

/// RdBu at `t` in [-1, 1], interpolated between the 11 classes.
fn colour(t: f64) -> String {
    let position = (t.clamp(-1.0, 1.0) + 1.0) / 2.0 * 10.0;
    let below = (position.floor() as usize).min(9);
    let f = position - below as f64;
    let (a, b) = (RDBU[below], RDBU[below + 1]);
    let mix = |x: u8, y: u8| (f64::from(x) + f * (f64::from(y) - f64::from(x))).round() as u8;
    format!("#{:02x}{:02x}{:02x}", mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// `+0.42`, `−0.42` (a true minus sign), `0.00`.
fn signed(x: f64) -> String {
    let rounded = (x * 100.0).round() / 100.0;
    if rounded > 0.0 {
        format!("+{rounded:.2}")
    } else if rounded < 0.0 {
        format!("−{:.2}", -rounded)
    } else {
        "0.00".into()
    }
}

fn documents(n: usize) -> String {
    if n == 1 {
        "1 document".into()
    } else {
        format!("{n} documents")
    }
}

fn percent(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

fn shorten(label: &str) -> String {
    if label.chars().count() <= MAX_LABEL_CHARS {
        label.to_string()
    } else {
        label.chars().take(MAX_LABEL_CHARS - 1).chain(['…']).collect()
    }
}

/// Escapes text for HTML content and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_diverge_from_a_light_middle() {
        assert_eq!(colour(-1.0), "#67001f");
        assert_eq!(colour(0.0), "#f7f7f7");
        assert_eq!(colour(1.0), "#053061");
        assert_eq!(colour(7.0), colour(1.0));
    }

    #[test]
    fn highlights_mentions_and_escapes() {
        assert_eq!(highlight("“Putin” & <co>", &[(1, 6)]), "“<mark>Putin</mark>” &amp; &lt;co&gt;");
        assert_eq!(highlight("ab", &[(1, 5)]), "ab");
    }

    #[test]
    fn signs_numbers() {
        assert_eq!(signed(0.4249), "+0.42");
        assert_eq!(signed(-0.004), "0.00");
        assert_eq!(signed(-1.0), "−1.00");
    }
}
