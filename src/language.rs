//! Language identification of a document's body, so that the English models (NER, tone) are
//! run only on text they can read.
//!
//! Run on Russian or German pages, the English NER model tags ordinary words as organizations
//! (`org:na`, `org:tak`, `org:konzept`), and those become actors in every table. A body whose
//! language is identified with confidence as another one gets no entities or actors, and says
//! why in a warning; a body too short or too mixed to tell is read as English. Identification is
//! `whatlang` (trigram profiles of 69 languages, no model files), on the first
//! [`SAMPLE_BYTES`] of the body.
//!
//! Not part of the documented library surface (see the crate docs, "What is public"): public
//! for the `slant` binary and the integration tests.
#![doc(hidden)]

use crate::document::Language;

/// How much of a body is read: enough for a firm answer, and time stays flat on long pages.
pub const SAMPLE_BYTES: usize = 20_000;
/// Below this many letters an identification is not trusted: names and numbers dominate.
const MIN_LETTERS: usize = 80;
/// Latin-script languages share more trigrams: below this many letters a headline-length
/// English sentence can read as Danish ("Michael Cohen knew of some abuse allegations against
/// former New York attorney general, court filing says", NewsMTSC).
const MIN_LATIN_LETTERS: usize = 200;

/// The language of `text`, or `None` when it cannot be told with confidence.
pub fn identify(text: &str) -> Option<Language> {
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    let letters = sample.chars().filter(|c| c.is_alphabetic()).count();
    if letters < MIN_LETTERS {
        return None;
    }
    let info = whatlang::detect(sample)?;
    if info.script() == whatlang::Script::Latin && letters < MIN_LATIN_LETTERS {
        return None;
    }
    // Confidence is rounded so that output does not move in the last bits.
    let confidence = (info.confidence() * 1e4).round() as f32 / 1e4;
    info.is_reliable().then_some(Language { code: info.lang().code(), confidence })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_english_from_other_languages_and_abstains_on_short_text() {
        let english = "The minister said on Tuesday that the talks with the union would go on next week, \
                       although no agreement on wages had been reached so far. Union leaders warned that a \
                       strike could follow if the government did not move, and several hospitals have already \
                       cancelled planned operations. The opposition called the handling of the dispute a failure.";
        assert_eq!(identify(english).map(|l| l.code), Some("eng"));
        let russian = "Министр заявил во вторник, что переговоры с профсоюзом продолжатся на следующей \
                       неделе, хотя соглашения о зарплатах пока достигнуто не было.";
        assert_eq!(identify(russian).map(|l| l.code), Some("rus"));
        let german = "Der Minister sagte am Dienstag, dass die Gespräche mit der Gewerkschaft nächste \
                      Woche weitergehen würden, obwohl bisher keine Einigung über die Löhne erzielt wurde. Die \
                      Gewerkschaft warnte vor einem Streik, falls die Regierung sich nicht bewege, und mehrere \
                      Krankenhäuser haben geplante Operationen bereits abgesagt. Die Opposition sprach von einem \
                      Versagen der Regierung.";
        assert_eq!(identify(german).map(|l| l.code), Some("deu"));
        assert_eq!(identify("Rubio met Lavrov."), None);
        let headline = "Michael Cohen knew of some abuse allegations against former New York attorney general, \
                        court filing says";
        assert_eq!(identify(headline), None);
        // A long body is read up to the sample, on a character boundary.
        let long = russian.repeat(300);
        assert_eq!(identify(&long).map(|l| l.code), Some("rus"));
    }
}
