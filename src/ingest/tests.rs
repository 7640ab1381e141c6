//! Ingest read end to end: decoding, format detection, records, gzip that breaks, the manifest.

use super::decode::{WideDecoder, WideEncoding};
use super::discover::glob_root;
use super::jsonl::json_record;
use super::*;
use flate2::read::MultiGzDecoder;
use std::path::Path;

#[test]
fn decode_rejects_binary_and_empty_and_warns_on_invalid_utf8() {
    assert_eq!(decode(b"ab\0cd", true).unwrap_err().0, ErrorKind::Binary);
    assert_eq!(decode(b"  \n\t ", true).unwrap_err().0, ErrorKind::Empty);
    // UTF-8 ("naïve") with a broken byte: the byte is replaced, the rest stays UTF-8.
    let mut bytes = "line one, naïve\nbad ".as_bytes().to_vec();
    bytes.extend(b"\xff byte\n");
    let (text, warnings) = decode(&bytes, true).unwrap();
    assert_eq!(text, "line one, naïve\nbad \u{fffd} byte\n");
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].contains("line 2"), "{warnings:?}");
}

#[test]
fn legacy_encodings_are_read_as_declared_or_as_windows_1252() {
    // No UTF-8 sequence anywhere: an old Western file, read as Windows-1252.
    let (text, warnings) = decode(b"Caf\xe9 owners said \x93no\x94 on Monday.\n", true).unwrap();
    assert_eq!(text, "Café owners said “no” on Monday.\n");
    assert_eq!(warnings, ["not UTF-8: decoded as windows-1252 (no UTF-8 sequence in it)"]);
    // A page that declares its charset is read in it (Windows-1251 Cyrillic here).
    let mut page = b"<html><head><meta charset=\"windows-1251\"></head><body><p>".to_vec();
    page.extend(b"\xcf\xf3\xf2\xe8\xed said</p></body></html>");
    let (text, warnings) = decode(&page, true).unwrap();
    assert!(text.contains("<p>Путин said</p>"), "{text}");
    assert_eq!(warnings, ["not UTF-8: decoded as windows-1251 (the charset the page declares)"]);
    // A page declaring Latin-1 that is valid UTF-8 is UTF-8 (the declaration is the common mistake).
    let (text, warnings) = decode("<meta charset=iso-8859-1><p>Łódź</p>".as_bytes(), true).unwrap();
    assert!(text.contains("Łódź") && warnings.is_empty(), "{text} {warnings:?}");
}

#[test]
fn decode_strips_bom() {
    assert_eq!(decode(b"\xef\xbb\xbfHello", true).unwrap().0, "Hello");
    // A mark left inside after decoding (written twice) goes too.
    assert_eq!(decode(&utf16le("\u{feff}Hello"), true).unwrap().0, "Hello");
    assert_eq!(decode(&utf16le("Hello"), true).unwrap().0, "Hello");
}

#[test]
fn a_few_control_characters_are_replaced_with_a_warning_binary_stays_binary() {
    let text =
        format!("{}\0The minister said\u{1} on Monday that the talks would go on.\n", "Words of prose. ".repeat(20));
    let (decoded, warnings) = decode(text.as_bytes(), true).unwrap();
    assert!(decoded.contains(" The minister said  on Monday") && !decoded.contains('\0'), "{decoded}");
    assert_eq!(warnings, ["2 NUL or control character(s) replaced with spaces"]);
    assert_eq!(decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01", true).unwrap_err().0, ErrorKind::Binary);
    assert_eq!(decode(b"\0\0\0 \0", true).unwrap_err().0, ErrorKind::Binary);
    // Record fields are cleaned the same way.
    let line = br#"{"id": "r", "text": "\ufeffTalks went on.\u0000 Both sides agreed."}"#;
    let raw = json_record(line, "f:1", SourceRef::file("f"), &IngestOptions::default()).unwrap();
    assert_eq!(raw.content, "Talks went on.  Both sides agreed.");
    assert_eq!(raw.warnings, ["1 NUL or control character(s) replaced with spaces"]);
}

#[test]
fn mojibake_is_repaired_with_a_warning_unless_kept() {
    // UTF-8 read as Latin-1 and saved again: each curly quote is "â" and two C1 controls, more
    // than 1% of the page, which must not make it "binary".
    let garbled =
        |s: &str| s.chars().map(|c| c.to_string().bytes().map(char::from).collect::<String>()).collect::<String>();
    let page = garbled("“We’d go,” said Carol’s owner. “It’s done.” ").repeat(4);
    let (text, warnings) = decode(page.as_bytes(), true).unwrap();
    assert!(text.starts_with("“We’d go,” said Carol’s owner."), "{text}");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].starts_with("28 mojibake sequence(s) repaired"), "{warnings:?}");
    // Kept: its C1 controls are replaced as any stray control is, and the page is no binary.
    let (kept, warnings) = decode(page.as_bytes(), false).unwrap();
    assert!(kept.starts_with("â  We") && warnings[0].contains("control character(s) replaced"), "{kept}");
    // A record's text field is repaired the same way.
    let line = format!(r#"{{"id": "r", "text": "{}"}}"#, garbled("Carol’s Pub reopened."));
    let raw = json_record(line.as_bytes(), "f:1", SourceRef::file("f"), &IngestOptions::default()).unwrap();
    assert_eq!(raw.content, "Carol’s Pub reopened.");
}

#[test]
fn format_detection_strips_gz_and_sniffs() {
    assert_eq!(extension_without_gz(Path::new("a/b.jsonl.gz")), (Some("jsonl".into()), true));
    assert_eq!(sniff(b"  {\"text\": 1}"), InputFormat::Jsonl);
    assert_eq!(sniff(b"<!DOCTYPE html><html>"), InputFormat::Html);
    assert_eq!(sniff(b"Plain words"), InputFormat::Text);
}

#[test]
fn glob_root_stops_at_first_pattern_component() {
    assert_eq!(glob_root("data/pages/*.txt"), PathBuf::from("data/pages"));
    assert_eq!(glob_root("data/**/x.html"), PathBuf::from("data"));
}

#[test]
fn jsonl_record_uses_configured_fields() {
    let mut options = IngestOptions::default();
    options.fields.text = "body".into();
    let line = br#"{"id": 7, "body": "Some text.", "outlet": "Daily", "title": ""}"#;
    let raw = json_record(line, "f.jsonl:1", SourceRef::at_line("f.jsonl", 1), &options).unwrap();
    assert_eq!(raw.id, "7");
    assert_eq!(raw.content, "Some text.");
    assert_eq!(raw.supplied.outlet.as_deref(), Some("Daily"));
    assert_eq!(raw.supplied.title, None);
    let missing = json_record(br#"{"id": "x"}"#, "f:2", SourceRef::at_line("f", 2), &options).unwrap_err();
    assert_eq!(missing.kind, ErrorKind::MissingField);
    assert_eq!(missing.id, "x");
}

fn utf16le(text: &str) -> Vec<u8> {
    let mut out = b"\xff\xfe".to_vec();
    out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    out
}

fn utf16be(text: &str) -> Vec<u8> {
    let mut out = b"\xfe\xff".to_vec();
    out.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    out
}

fn utf32(text: &str, little: bool) -> Vec<u8> {
    let mut out = if little { b"\xff\xfe\0\0".to_vec() } else { b"\0\0\xfe\xff".to_vec() };
    for c in text.chars() {
        out.extend(if little { (c as u32).to_le_bytes() } else { (c as u32).to_be_bytes() });
    }
    out
}

#[test]
fn decode_reads_utf16_and_utf32_with_a_bom() {
    let text = "Zelenskyy met Merkel in Kyiv 🇺🇦, café.\nLine two";
    for bytes in [utf16le(text), utf16be(text), utf32(text, true), utf32(text, false)] {
        let (decoded, warnings) = decode(&bytes, true).unwrap();
        assert_eq!(decoded, text);
        assert!(warnings.is_empty(), "{warnings:?}");
    }
    // FF FE 00 00 is UTF-32 LE, not UTF-16 LE followed by U+0000.
    assert_eq!(decode(&utf32("Hi", true), true).unwrap().0, "Hi");
    assert_eq!(decode(&utf16le(""), true).unwrap_err().0, ErrorKind::Empty);
    assert_eq!(decode(&utf16le("  \n"), true).unwrap_err().0, ErrorKind::Empty);
}

#[test]
fn decode_replaces_invalid_utf16_and_utf32_with_a_warning() {
    // A lone high surrogate on line 2, then a lone low surrogate and an odd final byte.
    let mut bytes = utf16le("ok\nbad ");
    bytes.extend([0x00, 0xd8, b'x', 0x00, 0x00, 0xdc, b'!', 0x00, b'z']);
    let (text, warnings) = decode(&bytes, true).unwrap();
    assert_eq!(text, "ok\nbad \u{fffd}x\u{fffd}!\u{fffd}");
    assert_eq!(warnings, vec!["invalid UTF-16LE from line 2; 3 invalid code unit(s) replaced with U+FFFD"]);
    let mut bytes = utf32("a", false);
    bytes.extend(0x0011_0000u32.to_be_bytes());
    let (text, warnings) = decode(&bytes, true).unwrap();
    assert_eq!(text, "a\u{fffd}");
    assert!(warnings[0].starts_with("invalid UTF-32BE from line 1"), "{warnings:?}");
    // Wide text that is mostly NUL characters is still binary.
    assert_eq!(decode(&utf16le("a\0\0\0b"), true).unwrap_err().0, ErrorKind::Binary);
}

#[test]
fn wide_decoder_handles_input_cut_anywhere() {
    let text = "a😀b\n€";
    let bytes = utf16be(text);
    for cut in 2..bytes.len() {
        let mut decoder = WideDecoder::new(WideEncoding::Utf16Be, "\u{fffd}".as_bytes());
        let mut out = Vec::new();
        decoder.feed(&bytes[2..cut], &mut out);
        decoder.feed(&bytes[cut..], &mut out);
        decoder.finish(&mut out);
        assert_eq!(String::from_utf8(out).unwrap(), text, "cut at {cut}");
        assert_eq!(decoder.warning(), None);
    }
}

fn read_all(path: &Path, options: &IngestOptions) -> Vec<IngestItem> {
    let file = InputFile { path: path.to_path_buf(), rel: path.file_name().unwrap().to_string_lossy().into() };
    open_input(file, options).collect()
}

#[test]
fn a_windows_1252_csv_is_read_as_such_and_its_records_say_so() {
    let dir = tempfile::tempdir().unwrap();
    // As Excel on Windows saves it: é is one byte, the quotes are 0x93 and 0x94.
    let csv = dir.path().join("export.csv");
    std::fs::write(&csv, b"id,text\n1,\"Caf\xe9 owners said \x93no\x94.\"\n2,Plain text.\n").unwrap();
    let docs: Vec<_> = read_all(&csv, &IngestOptions::default()).into_iter().map(Result::unwrap).collect();
    assert_eq!(docs.iter().map(|d| d.content.as_str()).collect::<Vec<_>>(), ["Café owners said “no”.", "Plain text."]);
    for doc in &docs {
        assert_eq!(doc.warnings, ["file is not UTF-8: decoded as windows-1252 (no UTF-8 sequence in its first 64 KB)"]);
    }
    // UTF-8 with one broken byte stays UTF-8: only that record is touched, and says so.
    let jsonl = dir.path().join("mixed.jsonl");
    let mut bytes = "{\"text\": \"Zürich\"}\n{\"text\": \"bad ".as_bytes().to_vec();
    bytes.extend(b"\xe9\"}\n");
    std::fs::write(&jsonl, &bytes).unwrap();
    let docs: Vec<_> = read_all(&jsonl, &IngestOptions::default()).into_iter().map(Result::unwrap).collect();
    assert_eq!((docs[0].content.as_str(), docs[1].content.as_str()), ("Zürich", "bad \u{fffd}"));
    assert!(docs[0].warnings.is_empty() && docs[1].warnings.len() == 1, "{docs:?}");
}

#[test]
fn utf16_jsonl_and_csv_yield_one_record_per_line() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = dir.path().join("a.jsonl");
    std::fs::write(
        &jsonl,
        utf16le("{\"id\": \"1\", \"text\": \"Erste Zeile\"}\r\n{\"id\": \"2\", \"text\": \"Zweite ü\"}\n"),
    )
    .unwrap();
    let items = read_all(&jsonl, &IngestOptions::default());
    let docs: Vec<_> = items.into_iter().map(Result::unwrap).collect();
    assert_eq!(docs.iter().map(|d| d.content.as_str()).collect::<Vec<_>>(), ["Erste Zeile", "Zweite ü"]);
    // A lone surrogate inside a record is replaced and warned about on that record only.
    let mut bytes = utf32("{\"text\": \"fine\"}\n{\"text\": \"x", true);
    bytes.extend(0xdc00u32.to_le_bytes());
    bytes.extend(utf32("\"}\n", true).into_iter().skip(4));
    let sniffed = dir.path().join("b.data");
    std::fs::write(&sniffed, &bytes).unwrap();
    let docs: Vec<_> = read_all(&sniffed, &IngestOptions::default()).into_iter().map(Result::unwrap).collect();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[1].content, "x\u{fffd}");
    assert!(docs[0].warnings.is_empty() && docs[1].warnings.len() == 1, "{docs:?}");
    let csv = dir.path().join("c.csv");
    std::fs::write(&csv, utf16be("id,text\n1,\"Un, deux\"\n2,trois\n")).unwrap();
    let docs: Vec<_> = read_all(&csv, &IngestOptions::default()).into_iter().map(Result::unwrap).collect();
    assert_eq!(docs.iter().map(|d| d.content.as_str()).collect::<Vec<_>>(), ["Un, deux", "trois"]);
    let page = dir.path().join("d.html");
    std::fs::write(&page, utf16le("<html><body><p>Hi</p></body></html>")).unwrap();
    let doc = read_all(&page, &IngestOptions::default()).pop().unwrap().unwrap();
    assert_eq!((doc.kind, doc.content.as_str()), (ContentKind::Html, "<html><body><p>Hi</p></body></html>"));
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

/// Text that does not compress away, so half of the gzip is half of the records.
fn varied_lines(n: usize) -> Vec<String> {
    let mut x = 12345u64;
    (0..n)
        .map(|i| {
            let words: Vec<String> = (0..12)
                .map(|_| {
                    x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    format!("w{:x}", x >> 40)
                })
                .collect();
            format!("Line {i} {}.", words.join(" "))
        })
        .collect()
}

#[test]
fn truncated_or_corrupt_gzip_page_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let whole = gzip(varied_lines(200).join("\n").as_bytes());
    let path = dir.path().join("page.txt.gz");
    std::fs::write(&path, &whole).unwrap();
    assert!(read_all(&path, &IngestOptions::default())[0].is_ok());
    for cut in [whole.len() / 2, whole.len() - 4, 5] {
        std::fs::write(&path, &whole[..cut]).unwrap();
        let items = read_all(&path, &IngestOptions::default());
        assert_eq!(items.len(), 1);
        let err = items[0].as_ref().unwrap_err();
        assert_eq!((err.kind, err.message.as_str()), (ErrorKind::Corrupt, "gzip stream truncated"), "cut {cut}");
        assert_eq!(err.id, "page.txt.gz");
    }
    let mut damaged = whole.clone();
    let n = damaged.len();
    damaged[n - 6] ^= 0xff; // the CRC
    std::fs::write(&path, &damaged).unwrap();
    let err = read_all(&path, &IngestOptions::default()).pop().unwrap().unwrap_err();
    assert_eq!(err.kind, ErrorKind::Corrupt);
    assert!(err.message.starts_with("corrupt gzip: "), "{}", err.message);
    std::fs::write(&path, b"not gzip at all").unwrap();
    let err = read_all(&path, &IngestOptions::default()).pop().unwrap().unwrap_err();
    assert!(err.message.starts_with("corrupt gzip: "), "{}", err.message);
}

#[test]
fn jsonl_and_csv_gzip_cut_in_half_keep_the_records_before_the_break() {
    let dir = tempfile::tempdir().unwrap();
    let lines = varied_lines(400);
    let jsonl: String = lines.iter().map(|l| format!("{}\n", serde_json::json!({ "text": l }))).collect();
    let csv: String = std::iter::once("text\n".to_string()).chain(lines.iter().map(|l| format!("{l}\n"))).collect();
    for (name, content, header) in [("a.jsonl.gz", jsonl, 0), ("a.csv.gz", csv, 1)] {
        let whole = gzip(content.as_bytes());
        let half = &whole[..whole.len() / 2];
        let path = dir.path().join(name);
        std::fs::write(&path, half).unwrap();
        let items = read_all(&path, &IngestOptions::default());
        let ok: Vec<&RawDocument> = items.iter().filter_map(|i| i.as_ref().ok()).collect();
        let errors: Vec<&DocError> = items.iter().filter_map(|i| i.as_ref().err()).collect();
        assert_eq!(errors.len(), 1, "{name}: {errors:?}");
        assert!(items.last().unwrap().is_err(), "{name}: the error comes last");
        // Every complete record that the half decompresses to, and nothing made up.
        let mut partial = Vec::new();
        let _ = MultiGzDecoder::new(half).read_to_end(&mut partial);
        let complete = partial.iter().filter(|&&b| b == b'\n').count() - header;
        assert!(complete > 50 && complete < 350, "{name}: {complete}");
        assert_eq!(ok.len(), complete, "{name}");
        for (doc, line) in ok.iter().zip(&lines) {
            assert_eq!(&doc.content, line);
        }
        let err = errors[0];
        assert_eq!(err.kind, ErrorKind::Corrupt);
        let break_line = (complete + header + 1) as u64;
        assert_eq!(err.source.line, Some(break_line), "{name}");
        assert_eq!(err.message, format!("gzip stream truncated at line {break_line}; the records before it were kept"));
    }
}

#[test]
fn unknown_fields_and_columns_are_kept_as_extra() {
    let mut options = IngestOptions::default();
    options.fields.text = "body".into();
    let line = br#"{"id": 7, "body": "Some text.", "outlet": "Daily", "tags": ["a", 2], "score": 0.5, "text": "x"}"#;
    let raw = json_record(line, "f:1", SourceRef::at_line("f", 1), &options).unwrap();
    assert_eq!(
        serde_json::Value::Object(raw.extra.clone()),
        serde_json::json!({"tags": ["a", 2], "score": 0.5, "text": "x"})
    );
    assert_eq!(crate::document::Document::from_raw(&raw).extra, raw.extra);

    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("c.csv");
    std::fs::write(&csv, "id,text,section,,wave\n1,Words here.,World,ignored,3\n2,More words.,,,\n").unwrap();
    let manifest_path = dir.path().join("m.csv");
    std::fs::write(&manifest_path, "id,outlet,desk,section\n1,Daily,Foreign,Manifest\n").unwrap();
    let manifest = Manifest::load(&manifest_path).unwrap();
    let files = vec![InputFile { path: csv, rel: "c.csv".into() }];
    let docs: Vec<RawDocument> =
        Ingest::new(files, IngestOptions::default(), Some(manifest)).map(Result::unwrap).collect();
    // CSV values as strings; the record's own column wins over the manifest's.
    assert_eq!(
        serde_json::Value::Object(docs[0].extra.clone()),
        serde_json::json!({"section": "World", "wave": "3", "desk": "Foreign"})
    );
    assert_eq!(docs[0].supplied.outlet.as_deref(), Some("Daily"));
    assert_eq!(serde_json::Value::Object(docs[1].extra.clone()), serde_json::json!({"section": "", "wave": ""}));
}
