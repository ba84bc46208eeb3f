//! The meeting's own data, read from the first page and the running headers.
//!
//! ```text
//! PROTOKOLL §§ 208-227                      kind: protokoll, paragraphs 208–227
//! REGIONSTYRELSENS                          body: Regionstyrelsens finansutskott
//! FINANSUTSKOTT
//! Tid: 2024-12-11                           date (also `Datum:`, `Sammanträdesdatum`,
//!                                           or a repeated header `Body 2024-12-05`)
//! Region Västmanland                        organization (a line of its own)
//! ```

mod cover;

use super::doc::Line;
use crate::model::{MeetingKind, ParagraphRange};
use chrono::NaiveDate;
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

static LABELLED_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:tid(?:\s+och\s+plats)?|datum|sammanträdesdatum|sammanträdesdag|mötesdatum)\s*:?\s*(.*)$").unwrap()
});
static ISO_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{4}-\d{2}-\d{2})\b").unwrap());
static WORD_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(\d{1,2})\s+(januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december)\s+(\d{4})").unwrap()
});
static BODY_HEADER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\p{Lu}[\p{L} ]+?)\s+(\d{4}-\d{2}-\d{2})$").unwrap());
static ORGANIZATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(Region \p{Lu}[\p{L}-]+(?: \p{Lu}[\p{L}-]+)*|\p{Lu}[\p{L}-]+ kommun|\p{Lu}[\p{L}-]+ läns landsting)$").unwrap()
});
static RANGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"§§\s*(\d{1,4})\s*[-–]\s*(\d{1,4})").unwrap());
static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)kl(?:ockan|\.)?\s*\d{1,2}[.:]\d{2}(?:\s*[-–]\s*\d{1,2}[.:]\d{2})?").unwrap()
});

const BODY_WORDS: &[&str] = &[
    "styrelse",
    "utskott",
    "nämnd",
    "fullmäktige",
    "beredning",
    "direktion",
    "kommitté",
    "presidium",
];

/// What the first page and running headers state.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Header {
    pub organization: Option<String>,
    pub body: Option<String>,
    pub date: Option<NaiveDate>,
    pub kind: Option<MeetingKind>,
    pub place: Option<String>,
    pub time: Option<String>,
    pub paragraphs: Option<ParagraphRange>,
    /// Facts read from running text rather than a header (`organization`), to be warned about.
    pub inferred: Vec<&'static str>,
    /// The signers named on a flattened cover page (`Ordförande Jan Sahlén (S)`), for when
    /// the presence list does not say.
    pub chair: Option<String>,
    pub secretary: Option<String>,
    pub adjusters: Vec<String>,
    /// The notice-board dates (see `MeetingMeta`).
    pub approved: Option<NaiveDate>,
    pub posted: Option<NaiveDate>,
    pub posted_until: Option<NaiveDate>,
    pub appeal_deadline: Option<NaiveDate>,
}

/// Reads the header from the raw lines (furniture included: running headers carry the date).
pub fn read(raw: &[Line]) -> Header {
    let mut h = read_lines(raw);
    cover::complete(&mut h, raw);
    h
}

fn read_lines(raw: &[Line]) -> Header {
    let head: Vec<&str> = raw
        .iter()
        .take(80)
        .map(Line::trimmed)
        .filter(|t| !t.is_empty())
        .collect();
    let repeated = repeated_body_header(raw);
    Header {
        organization: head
            .iter()
            .take(20)
            .find_map(|t| ORGANIZATION.find(t).map(|m| m.as_str().to_string())),
        body: repeated
            .as_ref()
            .map(|r| r.0.clone())
            .or_else(|| body_in(&head[..head.len().min(20)])),
        date: labelled_date(raw).or(repeated.map(|r| r.1)),
        kind: kind_in(&head),
        place: place_in(&head),
        time: head
            .iter()
            .filter(|t| is_time_label(t))
            .find_map(|t| TIME.find(t))
            .map(|m| m.as_str().to_string()),
        paragraphs: head.iter().find_map(|t| range_in(t)),
        ..Header::default()
    }
}

fn labelled_date(raw: &[Line]) -> Option<NaiveDate> {
    for (i, line) in raw.iter().enumerate().take(200) {
        let Some(c) = LABELLED_DATE.captures(line.trimmed()) else {
            continue;
        };
        let value = if c[1].trim().is_empty() {
            raw.iter()
                .skip(i + 1)
                .map(Line::trimmed)
                .find(|t| !t.is_empty())
                .unwrap_or("")
        } else {
            c.get(1).map_or("", |m| m.as_str())
        };
        if let Some(d) = date_in(value) {
            return Some(d);
        }
    }
    None
}

/// An ISO date or a written one (`4 mars 2025`) in `t`.
pub fn date_in(t: &str) -> Option<NaiveDate> {
    if let Some(m) = ISO_DATE.captures(t) {
        return NaiveDate::parse_from_str(&m[1], "%Y-%m-%d").ok();
    }
    let m = WORD_DATE.captures(t)?;
    let month = crate::calendar::MONTHS_SV
        .iter()
        .position(|x| m[2].eq_ignore_ascii_case(x))? as u32
        + 1;
    NaiveDate::from_ymd_opt(m[3].parse().ok()?, month, m[1].parse().ok()?)
}

/// `Regionstyrelsens arbetsutskott 2024-12-05` printed on two or more pages.
fn repeated_body_header(raw: &[Line]) -> Option<(String, NaiveDate)> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for l in raw {
        if BODY_HEADER.is_match(l.trimmed()) {
            *counts.entry(l.trimmed()).or_default() += 1;
        }
    }
    let (line, _) = counts
        .into_iter()
        .filter(|(_, n)| *n >= 2)
        .max_by_key(|(l, n)| (*n, *l))?;
    let c = BODY_HEADER.captures(line)?;
    let body = c[1].trim().to_string();
    has_body_word(&body).then_some(())?;
    Some((body, NaiveDate::parse_from_str(&c[2], "%Y-%m-%d").ok()?))
}

fn has_body_word(t: &str) -> bool {
    let lower = t.to_lowercase();
    BODY_WORDS.iter().any(|w| lower.contains(w))
}

/// The body named on the first page: a line (or consecutive capitalized lines) with a
/// body word, such as `REGIONSTYRELSENS` / `FINANSUTSKOTT` or `Kommunstyrelsen`.
fn body_in(head: &[&str]) -> Option<String> {
    let i = head.iter().position(|t| is_body_line(t))?;
    let mut words = vec![strip_kind(head[i])];
    let upper = |t: &str| t.chars().any(char::is_alphabetic) && !t.chars().any(char::is_lowercase);
    if upper(head[i]) {
        words.extend(
            head[i + 1..]
                .iter()
                .take_while(|t| upper(t) && !t.contains('§'))
                .map(|t| t.to_string()),
        );
    }
    let joined = words.join(" ");
    Some(if upper(&joined) {
        sentence_case(&joined)
    } else {
        joined
    })
}

fn is_body_line(t: &str) -> bool {
    // `Regionstyrelsens beslut`, `Nämndens förslag` are section headings, not the body.
    let last = t.split_whitespace().last().unwrap_or("").to_lowercase();
    !["beslut", "förslag", "yttrande", "ordförande"].contains(&last.as_str())
        && has_body_word(t)
        && t.chars().count() <= 60
        && !t.contains('§')
        && !t.ends_with(['.', ':', ','])
        && t.split_whitespace().count() <= 5
}

fn strip_kind(t: &str) -> String {
    let mut words: Vec<&str> = t.split_whitespace().collect();
    if words
        .first()
        .is_some_and(|w| w.eq_ignore_ascii_case("protokoll") || w.eq_ignore_ascii_case("kallelse"))
    {
        words.remove(0);
    }
    words.join(" ")
}

fn sentence_case(t: &str) -> String {
    super::doc::upper_first(&t.to_lowercase())
}

/// The kind, from a header line that starts with a kind word (`PROTOKOLL §§ 208-227`,
/// `Kallelse och föredragningslista`), so a paragraph titled `Fastställande av
/// föredragningslista` does not count.
fn kind_in(head: &[&str]) -> Option<MeetingKind> {
    head.iter().find_map(|t| {
        let first = t.split_whitespace().next()?.to_lowercase();
        match first.as_str() {
            "protokoll" | "sammanträdesprotokoll" | "protokollsutdrag" => {
                Some(MeetingKind::Protokoll)
            }
            "kallelse" | "föredragningslista" | "dagordning" => Some(MeetingKind::Dagordning),
            "verksamhetsberättelse" | "årsredovisning" | "delårsrapport" | "årsrapport" => {
                Some(MeetingKind::Rapport)
            }
            _ => None,
        }
    })
}

/// `Plats: Regionhuset, Gävle`, or `Plats och tid: Kommunhuset, Lycksele, kl. 13.00`
/// (the place is what comes before the time).
fn place_in(head: &[&str]) -> Option<String> {
    head.iter().find_map(|t| {
        let (l, v) = t.split_once(':')?;
        let label = l.trim().to_lowercase();
        if label != "plats" && label != "plats och tid" {
            return None;
        }
        let place = match TIME.find(v) {
            Some(m) => &v[..m.start()],
            None => v,
        };
        let place = place.trim().trim_end_matches(',').trim();
        (!place.is_empty()).then(|| place.to_string())
    })
}

/// A line labelled with the meeting's time or date (`Tid:`, `Plats och tid:`, `Datum:`).
fn is_time_label(t: &str) -> bool {
    let label = t.split_once(':').map_or("", |(l, _)| l).to_lowercase();
    LABELLED_DATE.is_match(t) || label.split_whitespace().any(|w| w == "tid")
}

/// `§§ 208-227`; a range that runs backwards (`§§ 208-2`, a number cut off) is no range.
fn range_in(t: &str) -> Option<ParagraphRange> {
    let c = RANGE.captures(t)?;
    let (first, last) = (c[1].parse().ok()?, c[2].parse().ok()?);
    (first <= last).then_some(ParagraphRange { first, last })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::doc::lines_of;

    #[test]
    fn first_page_of_a_form_protocol() {
        let h = read(&lines_of("Dokumentnamn\nPROTOKOLL §§ 208-227\nREGIONSTYRELSENS\nFINANSUTSKOTT\n\nTid: 2024-12-11\n"));
        assert_eq!(h.body.as_deref(), Some("Regionstyrelsens finansutskott"));
        assert_eq!(h.date.unwrap().to_string(), "2024-12-11");
        assert_eq!(h.kind, Some(MeetingKind::Protokoll));
        assert_eq!(
            h.paragraphs,
            Some(ParagraphRange {
                first: 208,
                last: 227
            })
        );
    }

    #[test]
    fn flattened_cover_page_labels_and_values() {
        let h = read(&lines_of("1(36) Plats och tid Jan Sahléns tjänsterum, kommunhuset, våning 4, 09.00-11.00 Beslutande ledamöter Jan Sahlén (S) Utses att justera Ida Stafrin (C) Paragrafer 26 -- 38 ANSLAG/BEVIS Protokollet är justerat. Organ Kommunstyrelsens arbetsutskott Protokollet anslås Anslaget till och med 2018-04-25 Förvaringsplats för protokollet Kommunledningsförvaltningen Sista datum för överklagande 2018-04-24"));
        assert_eq!(
            h.place.as_deref(),
            Some("Jan Sahléns tjänsterum, kommunhuset, våning 4")
        );
        assert_eq!(h.time.as_deref(), Some("09.00-11.00"));
        assert_eq!(h.body.as_deref(), Some("Kommunstyrelsens arbetsutskott"));
        assert_eq!(h.kind, Some(MeetingKind::Protokoll));
        assert_eq!(
            h.paragraphs,
            Some(ParagraphRange {
                first: 26,
                last: 38
            })
        );
        assert_eq!(
            h.posted, None,
            "only the day the notice comes down is printed"
        );
        assert_eq!(h.posted_until.unwrap().to_string(), "2018-04-25");
        assert_eq!(h.appeal_deadline.unwrap().to_string(), "2018-04-24");
    }

    /// The notice board's dates as other house styles print them: each pair is (cover text,
    /// posted, taken down, printed last day).
    #[test]
    fn notice_dates_in_other_house_styles() {
        let cases = [
            (
                "Justerare Anna Berg (S) Datum då anslaget sätts upp 2024-12-05 Datum då anslaget tas ned 2024-12-27 Förvaringsplats för protokollet Kommunkansliet",
                Some("2024-12-05"),
                Some("2024-12-27"),
                None,
            ),
            (
                "BEVIS Justeringen har tillkännagivits genom anslag Organ Socialnämnden Sammanträdesdatum 2016-06-09 Datum för anslags uppsättande 2016-06-13 Datum för anslags nedtagande 2016-07-05",
                Some("2016-06-13"),
                Some("2016-07-05"),
                None,
            ),
            (
                "Protokollet har anslagits den 5 december 2024 på kommunens digitala anslagstavla. Överklagandetiden går ut den 27 december 2024.",
                Some("2024-12-05"),
                None,
                Some("2024-12-27"),
            ),
            (
                "Anslaget publicerat: 2025-03-17 Anslaget tas ner: 2025-04-08 Sista dag att överklaga: 2025-04-07",
                Some("2025-03-17"),
                Some("2025-04-08"),
                Some("2025-04-07"),
            ),
        ];
        for (text, posted, until, last) in cases {
            let h = read(&lines_of(text));
            let day = |d: Option<NaiveDate>| d.map(|d| d.to_string());
            assert_eq!(day(h.posted).as_deref(), posted, "posted in {text}");
            assert_eq!(
                day(h.posted_until).as_deref(),
                until,
                "taken down in {text}"
            );
            assert_eq!(
                day(h.appeal_deadline).as_deref(),
                last,
                "last day in {text}"
            );
        }
    }

    #[test]
    fn signers_of_a_form_whose_columns_interleave() {
        let h = read(&lines_of("Justerare Justeringens plats och tid Ida Stafrin (C) Förvaltningen 6 mars Underskrifter Sekreterare Paragrafer 26 -- 38 Maria Hedman Ordförande Jan Sahlén (S) Justerare Ida Stafrin (C)"));
        assert_eq!(h.chair.as_deref(), Some("Jan Sahlén (S)"));
        assert_eq!(h.secretary.as_deref(), Some("Maria Hedman"));
        assert_eq!(h.adjusters, ["Ida Stafrin (C)"]);
        let h = read(&lines_of("Underskrift Sekreterare Marianne Persson Ordförande... Annika Wibrell Justerande... Rickard Norberg"));
        assert_eq!(h.chair.as_deref(), Some("Annika Wibrell"));
        assert_eq!(h.secretary.as_deref(), Some("Marianne Persson"));
        assert_eq!(h.adjusters, ["Rickard Norberg"]);
    }

    #[test]
    fn organization_in_capitals_and_written_dates() {
        let h = read(&lines_of("VILHELMINA KOMMUN PROTOKOLL 1(54) Plats och tid Folkets Hus, Vilhelmina, torsdagen den 9 juni 2016, kl Beslutande Annika Wibrell"));
        assert_eq!(h.organization.as_deref(), Some("Vilhelmina kommun"));
        assert_eq!(h.date.unwrap().to_string(), "2016-06-09");
        assert_eq!(h.place.as_deref(), Some("Folkets Hus, Vilhelmina"));
        assert!(h.inferred.is_empty());
    }

    #[test]
    fn organizations_named_in_a_sentence_are_not_guessed() {
        let filler = "ord ".repeat(100);
        let h = read(&lines_of(&format!("Protokollsutdrag från regionstyrelsen den 27 februari 2019 {filler} de fyra regionerna; Region Jämtland Härjedalen, Region Västernorrland och Region Norrbotten.")));
        assert_eq!(h.organization, None);
        assert_eq!(h.body.as_deref(), Some("Regionstyrelsen"));
        assert_eq!(h.date.unwrap().to_string(), "2019-02-27");
        let h = read(&lines_of(&format!(
            "Ärendelista {filler} Budget för Kramfors kommun 2017"
        )));
        assert_eq!(h.organization.as_deref(), Some("Kramfors kommun"));
        assert_eq!(h.inferred, ["organization"]);
    }

    /// Found by the `import_parse` fuzz target: the time was looked for before the value lost
    /// its `för sammanträdet`, and the place cut at a byte inside `ä`.
    #[test]
    fn place_and_time_cut_at_characters() {
        let h = read(&lines_of("1(36) Plats och tid för Sammanträdetsterum, kommunhuset, våning 4, 09.00-11.00 Beslutande"));
        assert_eq!(h.time.as_deref(), Some("09.00-11.00"));
        let h = read(&lines_of(&format!(
            "Plats och tid {}",
            "rådhuset ä".repeat(40)
        )));
        assert!(h.place.is_some());
    }

    #[test]
    fn a_backwards_range_is_no_range() {
        let h = read(&lines_of("PROTOKOLL §§ 208-2\nKommunstyrelsen\n"));
        assert_eq!(h.paragraphs, None);
        let h = read(&lines_of("Paragrafer 26 -- 38 Maria Hedman"));
        assert_eq!(
            h.paragraphs,
            Some(ParagraphRange {
                first: 26,
                last: 38
            })
        );
    }

    #[test]
    fn running_header_gives_body_and_date() {
        let page = "Sammanträdesdatum\nRegionstyrelsens arbetsutskott 2024-12-05\n§ 1 Val\n";
        let h = read(&lines_of(&page.repeat(2)));
        assert_eq!(h.body.as_deref(), Some("Regionstyrelsens arbetsutskott"));
        assert_eq!(h.date.unwrap().to_string(), "2024-12-05");
    }

    #[test]
    fn written_dates_and_organization() {
        let h = read(&lines_of("Umeå kommun\nKommunstyrelsen\nProtokoll\nDatum: tisdagen den 4 mars 2025 kl. 13.00–15.30\nPlats: Stadshuset"));
        assert_eq!(h.organization.as_deref(), Some("Umeå kommun"));
        assert_eq!(h.body.as_deref(), Some("Kommunstyrelsen"));
        assert_eq!(h.date.unwrap().to_string(), "2025-03-04");
        assert_eq!(h.time.as_deref(), Some("kl. 13.00–15.30"));
        assert_eq!(h.place.as_deref(), Some("Stadshuset"));
    }
}
