//! brat import: each `.ann` file with the `.txt` beside it. Text-bound annotations
//! (`T1<TAB>PER 10 15<TAB>Rubio`, code-point offsets) become spans; a discontinuous one
//! (`10 15;16 20`) becomes the span from its first start to its last end. Other lines
//! (relations, events, attributes, notes) are ignored. A span whose text column does not match
//! the `.txt` there is reported and left out: the two files do not belong together.

use super::{check_spans, ImportError, ImportRecord, Imported, RawSpan, SpanRecord};
use crate::offsets::CodePoints;
use std::path::Path;

pub(crate) fn read(ann: &Path, id: &str, imported: &mut Imported) -> Result<(), ImportError> {
    let txt = ann.with_extension("txt");
    let read = |path: &Path| {
        std::fs::read_to_string(path).map_err(|source| ImportError::Io { path: path.display().to_string(), source })
    };
    let text = match read(&txt) {
        Ok(text) => text,
        Err(e) => {
            imported.error(ann.display().to_string(), format!("no text beside it ({e})"));
            return Ok(());
        }
    };
    let annotations = read(ann)?;
    let shown = ann.display().to_string();
    let offsets = CodePoints::new(&text);
    let mut raw = Vec::new();
    for (i, line) in annotations.lines().enumerate() {
        if !line.starts_with('T') {
            continue;
        }
        let location = format!("{shown}:{}", i + 1);
        match parse_line(line, &offsets) {
            Ok((start, end, label)) => raw.push(RawSpan { start, end, label, location }),
            Err(message) => imported.error(&location, message),
        }
    }
    let spans = check_spans(&text, raw, imported);
    imported.records.push(ImportRecord::Spans(SpanRecord { id: id.to_string(), text, spans }));
    Ok(())
}

/// `T1<TAB>LABEL START END[;START END...]<TAB>TEXT` → (start, end, label).
fn parse_line(line: &str, offsets: &CodePoints) -> Result<(usize, usize, String), String> {
    let mut columns = line.split('\t');
    let (_, Some(middle)) = (columns.next(), columns.next()) else {
        return Err(format!("expected `ID<TAB>TYPE START END<TAB>TEXT`, got {line:?}"));
    };
    let written_text = columns.next();
    let (label, ranges) = middle.split_once(' ').ok_or_else(|| format!("no offsets in {middle:?}"))?;
    let mut fragments = Vec::new();
    for range in ranges.split(';') {
        let (start, end) = range.trim().split_once(' ').ok_or_else(|| format!("bad offsets {range:?}"))?;
        let parse = |n: &str| n.parse::<usize>().map_err(|_| format!("bad offset {n:?}"));
        fragments.push((parse(start)?, parse(end)?));
    }
    let start = fragments.iter().map(|f| f.0).min().unwrap_or(0);
    let end = fragments.iter().map(|f| f.1).max().unwrap_or(0);
    if end > offsets.len() || fragments.iter().any(|&(s, e)| s > e) {
        return Err(format!("offsets {ranges:?} are outside the text ({} code points)", offsets.len()));
    }
    if let Some(written) = written_text {
        // brat shows fragments joined by a space, and line breaks as spaces.
        let actual: Vec<&str> = fragments.iter().map(|&(s, e)| offsets.slice(s, e)).collect();
        let flatten = |t: &str| t.replace(['\n', '\r'], " ");
        if flatten(&actual.join(" ")) != flatten(written) {
            return Err(format!("offsets {ranges:?} select {:?} in the .txt, not {written:?}", actual.join(" ")));
        }
    }
    Ok((start, end, label.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_text_bound_lines() {
        let offsets = CodePoints::new("🙂 Marco\u{a0}Rubio met\nLavrov");
        assert_eq!(parse_line("T1\tPER 2 13\tMarco\u{a0}Rubio", &offsets), Ok((2, 13, "PER".into())));
        assert_eq!(parse_line("T2\tPER 2 7;8 13\tMarco Rubio", &offsets), Ok((2, 13, "PER".into())));
        assert!(parse_line("T3\tPER 2 7\tRubio", &offsets).unwrap_err().contains("select"));
        assert!(parse_line("T4\tPER 2 99\tx", &offsets).is_err());
        assert!(parse_line("T5\tPER two 7\tx", &offsets).is_err());
        assert_eq!(parse_line("T6\tPER 2 13", &offsets), Ok((2, 13, "PER".into())));
    }
}
