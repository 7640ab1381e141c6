//! Decoding: bytes to text. Gzip whose errors say what broke (a truncated or corrupt stream is an
//! error, never a shorter document), lossy UTF-8 with a warning naming the first bad line, UTF-16
//! and UTF-32 when a byte-order mark says so (whole pages, or record streams transcoded to UTF-8
//! before they are split into lines), a dropped byte-order mark, mojibake repaired, stray controls
//! replaced, and binary and empty detection.

use crate::document::ErrorKind;
use flate2::read::MultiGzDecoder;
use std::io::{self, Read};

/// Why a gzip input ended early, carried inside the `io::Error` its reader returns so that the
/// document and record readers can name it.
#[derive(Debug)]
struct BrokenGzip(String);

impl std::fmt::Display for BrokenGzip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BrokenGzip {}

/// A gzip decoder whose errors say what happened: flate2 reports a stream cut short as
/// `UnexpectedEof` ("incomplete deflate stream") and damage as `InvalidInput`.
pub(super) struct GzGuard<R>(MultiGzDecoder<R>);

impl<R: Read> GzGuard<R> {
    /// Decompresses `inner` (every gzip member in it, as `gzip -d` does).
    pub(super) fn new(inner: R) -> Self {
        Self(MultiGzDecoder::new(inner))
    }
}

impl<R: Read> Read for GzGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf).map_err(|e| {
            let message = if e.kind() == io::ErrorKind::UnexpectedEof {
                "gzip stream truncated".to_string()
            } else {
                format!("corrupt gzip: {e}")
            };
            io::Error::new(e.kind(), BrokenGzip(message))
        })
    }
}

/// The error kind and message for a failed read: `corrupt` for a broken gzip stream.
pub(super) fn read_failure(e: &io::Error) -> (ErrorKind, String) {
    match e.get_ref().and_then(|inner| inner.downcast_ref::<BrokenGzip>()) {
        Some(broken) => (ErrorKind::Corrupt, broken.0.clone()),
        None => (ErrorKind::Unreadable, format!("cannot read: {e}")),
    }
}

/// Decodes bytes as text: UTF-16 or UTF-32 when a byte-order mark says so, UTF-8 otherwise.
/// Refuses binary and empty content, replaces invalid sequences (with a warning naming the first
/// bad line), and drops a byte-order mark.
pub fn decode(bytes: &[u8], repair_mojibake: bool) -> Result<(String, Vec<String>), (ErrorKind, String)> {
    // Before the NUL test: UTF-16/32 text is full of NUL bytes.
    if let Some((encoding, bom)) = WideEncoding::detect(bytes) {
        let mut decoder = WideDecoder::new(encoding, "\u{fffd}".as_bytes());
        let mut out = Vec::with_capacity(bytes.len());
        decoder.feed(&bytes[bom..], &mut out);
        decoder.finish(&mut out);
        // The decoder writes only whole characters (U+FFFD for invalid code units).
        let text = String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        let warnings = decoder.warning().into_iter().collect();
        return finish(text, warnings, repair_mojibake);
    }
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let mut warnings = Vec::new();
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(e) => match legacy_encoding(bytes) {
            Some((encoding, why)) => {
                let (text, unmappable) = encoding.decode_without_bom_handling(bytes);
                let replaced = if unmappable { "; unmappable bytes replaced with U+FFFD" } else { "" };
                warnings.push(format!("not UTF-8: decoded as {} ({why}){replaced}", encoding.name()));
                text.into_owned()
            }
            None => {
                let at = e.valid_up_to();
                let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
                let lossy = String::from_utf8_lossy(bytes).into_owned();
                let replaced = lossy.matches('\u{fffd}').count();
                warnings.push(format!(
                    "invalid UTF-8 from line {line} (byte {at}); {replaced} invalid sequence(s) replaced with U+FFFD"
                ));
                lossy
            }
        },
    };
    finish(text, warnings, repair_mojibake)
}

/// The legacy encoding to read bytes that are not UTF-8 in, and why: the charset an HTML page
/// declares in its first 2,048 bytes (`<meta charset="windows-1251">`, or `http-equiv`'s
/// `content="text/html; charset=..."`) when it is not UTF-8; else Windows-1252 (which WHATWG reads
/// ISO-8859-1 as) when no byte sequence in the file is UTF-8 beyond ASCII, as in an old Western
/// page or a text file saved by an old editor. `None` for UTF-8 with a few broken bytes: reading
/// that as Windows-1252 would garble every character the rest of it writes right.
fn legacy_encoding(bytes: &[u8]) -> Option<(&'static encoding_rs::Encoding, &'static str)> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    let declared = head.find("charset=").and_then(|at| {
        let label: String = head[at + 8..]
            .trim_start_matches(['"', '\''])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
            .collect();
        encoding_rs::Encoding::for_label(label.as_bytes())
    });
    if let Some(encoding) = declared.filter(|e| *e != encoding_rs::UTF_8 && e.is_ascii_compatible()) {
        return Some((encoding, "the charset the page declares"));
    }
    (!has_utf8_beyond_ascii(bytes)).then_some((encoding_rs::WINDOWS_1252, "no UTF-8 sequence in it"))
}

/// Whether any valid UTF-8 sequence in `bytes` writes more than ASCII: text that is UTF-8 with a
/// few broken bytes has some, a Windows-1252 file none.
fn has_utf8_beyond_ascii(bytes: &[u8]) -> bool {
    bytes.utf8_chunks().any(|chunk| !chunk.valid().is_ascii())
}

/// Control characters in more than this share of a file's first characters make it binary.
const BINARY_SHARE: usize = 100; // 1%

/// Characters that do not belong in text: C0 controls (tab, line feed, form feed and carriage
/// return excepted), DEL, and C1 controls.
fn is_stray_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}')
}

/// The decoded text, judged: binary when C0 controls are more than 1% of its first 8,192
/// characters (NUL bytes in a text file are pasted accidents, in a binary file everywhere; C1
/// controls do not count, as UTF-8 read as Latin-1 is full of them), else tidied; empty refused.
fn finish(
    text: String,
    mut warnings: Vec<String>,
    repair_mojibake: bool,
) -> Result<(String, Vec<String>), (ErrorKind, String)> {
    let is_binary_control = |c: char| is_stray_control(c) && c < '\u{80}';
    let (head, controls) =
        text.chars().take(8192).fold((0usize, 0usize), |(n, k), c| (n + 1, k + usize::from(is_binary_control(c))));
    if controls > 0 && controls * BINARY_SHARE > head {
        return Err((ErrorKind::Binary, "looks like a binary file (NUL or control characters), not text".into()));
    }
    let text = tidy(text, repair_mojibake, &mut warnings);
    if text.trim().is_empty() {
        return Err((ErrorKind::Empty, "document is empty".into()));
    }
    Ok((text, warnings))
}

/// Text as slant keeps it, for pages and records' text fields alike: a leading byte-order mark
/// (one decoding left, or a second) dropped, mojibake repaired when asked, stray control
/// characters replaced by spaces; a warning for each repair.
pub(super) fn tidy(text: String, repair_mojibake: bool, warnings: &mut Vec<String>) -> String {
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    let text = match repair_mojibake.then(|| super::mojibake::repair(&text)).flatten() {
        Some((repaired, n)) => {
            warnings.push(format!(
                "{n} mojibake sequence(s) repaired (UTF-8 that had been read as Latin-1 or Windows-1252, \"donâ€™t\")"
            ));
            repaired
        }
        None => text,
    };
    match replace_controls(&text) {
        Some((cleaned, replaced)) => {
            warnings.push(format!("{replaced} NUL or control character(s) replaced with spaces"));
            cleaned
        }
        None => text,
    }
}

/// `text` with its stray control characters replaced by spaces and how many there were; `None`
/// when it has none.
fn replace_controls(text: &str) -> Option<(String, usize)> {
    let replaced = text.chars().filter(|&c| is_stray_control(c)).count();
    (replaced > 0).then(|| (text.chars().map(|c| if is_stray_control(c) { ' ' } else { c }).collect(), replaced))
}

/// A Unicode encoding wider than UTF-8, told by its byte-order mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum WideEncoding {
    Utf16Le,
    Utf16Be,
    Utf32Le,
    Utf32Be,
}

impl WideEncoding {
    /// The encoding a byte-order mark at the start of `bytes` names, and the mark's length.
    pub(super) fn detect(bytes: &[u8]) -> Option<(Self, usize)> {
        // UTF-32 LE first: its mark (FF FE 00 00) starts with UTF-16 LE's (FF FE).
        if bytes.starts_with(b"\xff\xfe\0\0") {
            Some((WideEncoding::Utf32Le, 4))
        } else if bytes.starts_with(b"\0\0\xfe\xff") {
            Some((WideEncoding::Utf32Be, 4))
        } else if bytes.starts_with(b"\xff\xfe") {
            Some((WideEncoding::Utf16Le, 2))
        } else if bytes.starts_with(b"\xfe\xff") {
            Some((WideEncoding::Utf16Be, 2))
        } else {
            None
        }
    }

    fn name(self) -> &'static str {
        match self {
            WideEncoding::Utf16Le => "UTF-16LE",
            WideEncoding::Utf16Be => "UTF-16BE",
            WideEncoding::Utf32Le => "UTF-32LE",
            WideEncoding::Utf32Be => "UTF-32BE",
        }
    }

    fn unit_len(self) -> usize {
        match self {
            WideEncoding::Utf16Le | WideEncoding::Utf16Be => 2,
            WideEncoding::Utf32Le | WideEncoding::Utf32Be => 4,
        }
    }
}

/// Incremental UTF-16/UTF-32 to UTF-8 transcoder: input may be cut anywhere (inside a code unit
/// or a surrogate pair). Each invalid code unit becomes `invalid` in the output.
pub(super) struct WideDecoder {
    encoding: WideEncoding,
    invalid: &'static [u8],
    /// Bytes of an incomplete code unit from the previous chunk.
    carry: Vec<u8>,
    /// A high surrogate waiting for its low half.
    high: Option<u16>,
    /// Invalid code units so far, and the output line of the first.
    replaced: usize,
    first_bad_line: Option<usize>,
    lines: usize,
}

impl WideDecoder {
    pub(super) fn new(encoding: WideEncoding, invalid: &'static [u8]) -> Self {
        Self { encoding, invalid, carry: Vec::new(), high: None, replaced: 0, first_bad_line: None, lines: 1 }
    }

    pub(super) fn feed(&mut self, mut bytes: &[u8], out: &mut Vec<u8>) {
        let unit = self.encoding.unit_len();
        if !self.carry.is_empty() {
            let need = (unit - self.carry.len()).min(bytes.len());
            self.carry.extend_from_slice(&bytes[..need]);
            bytes = &bytes[need..];
            if self.carry.len() < unit {
                return;
            }
            let carried = std::mem::take(&mut self.carry);
            self.unit(&carried, out);
        }
        let whole = bytes.len() - bytes.len() % unit;
        for chunk in bytes[..whole].chunks_exact(unit) {
            self.unit(chunk, out);
        }
        self.carry.extend_from_slice(&bytes[whole..]);
    }

    /// Ends the input: a dangling surrogate or partial code unit is invalid.
    pub(super) fn finish(&mut self, out: &mut Vec<u8>) {
        if self.high.take().is_some() {
            self.bad(out);
        }
        if !std::mem::take(&mut self.carry).is_empty() {
            self.bad(out);
        }
    }

    fn unit(&mut self, b: &[u8], out: &mut Vec<u8>) {
        let c = match self.encoding {
            WideEncoding::Utf32Le | WideEncoding::Utf32Be => {
                let v = if self.encoding == WideEncoding::Utf32Le {
                    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
                } else {
                    u32::from_be_bytes([b[0], b[1], b[2], b[3]])
                };
                match char::from_u32(v) {
                    Some(c) => c,
                    None => return self.bad(out),
                }
            }
            WideEncoding::Utf16Le | WideEncoding::Utf16Be => {
                let u = if self.encoding == WideEncoding::Utf16Le {
                    u16::from_le_bytes([b[0], b[1]])
                } else {
                    u16::from_be_bytes([b[0], b[1]])
                };
                match (self.high.take(), u) {
                    (Some(high), 0xDC00..=0xDFFF) => {
                        let v = 0x10000 + ((u32::from(high) - 0xD800) << 10) + (u32::from(u) - 0xDC00);
                        char::from_u32(v).unwrap_or(char::REPLACEMENT_CHARACTER)
                    }
                    (high, 0xD800..=0xDBFF) => {
                        if high.is_some() {
                            self.bad(out);
                        }
                        self.high = Some(u);
                        return;
                    }
                    (high, 0xDC00..=0xDFFF) => {
                        debug_assert!(high.is_none());
                        return self.bad(out);
                    }
                    (high, _) => {
                        if high.is_some() {
                            self.bad(out);
                        }
                        char::from_u32(u32::from(u)).unwrap_or(char::REPLACEMENT_CHARACTER)
                    }
                }
            }
        };
        if c == '\n' {
            self.lines += 1;
        }
        let mut buf = [0u8; 4];
        out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
    }

    fn bad(&mut self, out: &mut Vec<u8>) {
        self.replaced += 1;
        self.first_bad_line.get_or_insert(self.lines);
        out.extend_from_slice(self.invalid);
    }

    /// The warning for the invalid code units met, if any.
    pub(super) fn warning(&self) -> Option<String> {
        let line = self.first_bad_line?;
        Some(format!(
            "invalid {} from line {line}; {} invalid code unit(s) replaced with U+FFFD",
            self.encoding.name(),
            self.replaced
        ))
    }
}

/// A reader that transcodes a UTF-16/UTF-32 stream to UTF-8 as it is read, so that line and
/// record splitting work on UTF-8. An invalid code unit becomes the byte 0xFF, never valid in
/// UTF-8, so that the per-line decoding downstream replaces it with U+FFFD and warns about that
/// very line.
struct WideReader<R> {
    inner: R,
    decoder: WideDecoder,
    out: Vec<u8>,
    pos: usize,
    done: bool,
}

impl<R: Read> Read for WideReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.pos == self.out.len() && !self.done {
            self.out.clear();
            self.pos = 0;
            let mut raw = [0u8; 8192];
            let n = self.inner.read(&mut raw)?;
            if n == 0 {
                self.decoder.finish(&mut self.out);
                self.done = true;
            } else {
                self.decoder.feed(&raw[..n], &mut self.out);
            }
        }
        Ok(serve(&self.out, &mut self.pos, buf))
    }
}

/// Copies what `buf` takes of the transcoded bytes `out` from `pos` on, and moves `pos`.
fn serve(out: &[u8], pos: &mut usize, buf: &mut [u8]) -> usize {
    let n = buf.len().min(out.len() - *pos);
    buf[..n].copy_from_slice(&out[*pos..*pos + n]);
    *pos += n;
    n
}

/// How much of a record stream is read to judge its encoding.
const STREAM_HEAD: u64 = 64 * 1024;

/// Reads the first bytes of a stream to judge its encoding, and returns a reader of the whole
/// stream as UTF-8 (a UTF-8 mark is left to the record readers): UTF-16/UTF-32 when a byte-order
/// mark says so; Windows-1252 when the first 64 KB are not UTF-8 and hold no UTF-8 sequence
/// beyond ASCII (a CSV saved by Excel on Windows), with the warning each record should carry.
pub(super) fn transcode_stream(mut reader: Box<dyn Read>) -> io::Result<(Box<dyn Read>, Option<String>)> {
    let mut head = Vec::new();
    // A stream that breaks early (gzip cut short) still yields the records before the break:
    // the bytes read stay in `head` and the error comes after them.
    let rest: Box<dyn Read> = match (&mut reader).take(STREAM_HEAD).read_to_end(&mut head) {
        Ok(_) => reader,
        Err(e) => Box::new(FailsOnce(Some(e))),
    };
    if let Some((encoding, bom)) = WideEncoding::detect(&head) {
        let rest = io::Cursor::new(head[bom..].to_vec()).chain(rest);
        let decoder = WideDecoder::new(encoding, b"\xff");
        return Ok((Box::new(WideReader { inner: rest, decoder, out: Vec::new(), pos: 0, done: false }), None));
    }
    // A sequence cut by the end of the head is no evidence either way.
    let invalid = std::str::from_utf8(&head).err().is_some_and(|e| e.error_len().is_some());
    let legacy = invalid && !has_utf8_beyond_ascii(&head);
    let stream = io::Cursor::new(head).chain(rest);
    Ok(if legacy {
        let note = "file is not UTF-8: decoded as windows-1252 (no UTF-8 sequence in its first 64 KB)";
        (Box::new(Windows1252Reader { inner: stream, out: Vec::new(), pos: 0 }), Some(note.to_string()))
    } else {
        (Box::new(stream), None)
    })
}

/// A reader that returns the error it holds, then ends.
struct FailsOnce(Option<io::Error>);

impl Read for FailsOnce {
    fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
        self.0.take().map_or(Ok(0), Err)
    }
}

/// A reader of Windows-1252 bytes as UTF-8 (a single-byte encoding: each byte is one character).
struct Windows1252Reader<R> {
    inner: R,
    out: Vec<u8>,
    pos: usize,
}

impl<R: Read> Read for Windows1252Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.pos == self.out.len() {
            let mut raw = [0u8; 8192];
            let n = self.inner.read(&mut raw)?;
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&raw[..n]);
            self.out = text.into_owned().into_bytes();
            self.pos = 0;
        }
        Ok(serve(&self.out, &mut self.pos, buf))
    }
}
