//! The cover page read as running text: in a flattened transcript (or a form whose label and
//! value columns interleave) labels and values run on in one line, so facts are found by a
//! label anywhere in the first page's text, not by the line they stand on.
//!
//! ```text
//! 1(36) Plats och tid Jan Sahléns tjänsterum, kommunhuset, våning 4, 09.00-11.00 Beslutande
//! ... Underskrifter Sekreterare Paragrafer 26 -- 38 Maria Hedman Ordförande Jan Sahlén (S)
//! ... ANSLAG/BEVIS ... Organ Kommunstyrelsens arbetsutskott ... Sista datum för
//! överklagande 2018-04-24
//! ```

use super::{date_in, has_body_word, repeated_body_header, Header, ISO_DATE};
use crate::import::doc::{upper_first, Line};
use crate::model::{MeetingKind, ParagraphRange};
use chrono::NaiveDate;
use regex::Regex;
use std::sync::LazyLock;

static ORGANIZATION_IN_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b((?i:region) \p{Lu}[\p{L}-]+(?: \p{Lu}[\p{L}-]+)?|\p{Lu}[\p{L}-]+ (?i:kommun)\b|\p{Lu}[\p{L}-]+ (?i:läns landsting)\p{L}*|(?i:kommunförbundet|landstinget) \p{Lu}[\p{L}-]+)").unwrap()
});
static DATE_LABEL_IN_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:sammanträdesdatum|sammanträdesdag|mötesdatum|datum|plats och tid|tid och plats|tid)\b:?").unwrap()
});
static KIND_WORD_IN_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:protokoll\p{L}*|kallelse|föredragningslista|dagordning|ärendelista)\b")
        .unwrap()
});
static PROTOKOLL_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:PROTOKOLL|Protokoll|Sammanträdesprotokoll|SAMMANTRÄDESPROTOKOLL)\b").unwrap()
});
/// Cover-page labels are capitalized; `samt plats och tid för justering` is a sentence.
static PLACE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:Plats och tid|PLATS OCH TID|Tid och plats|TID OCH PLATS|Sammanträdesplats|Plats|PLATS)\b:?").unwrap()
});
/// Where a place ends and its date begins: a weekday, `den 9`, a written date.
static PLACE_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:(?:mån|tis|ons|tors|fre|lör|sön)dag(?:en)?|den \d+|\d{1,2} (?:januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december))\b").unwrap()
});
/// Labels of a cover page, where a value that runs on stops.
static NEXT_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:Beslutande|Närvarande|NÄRVARANDE|Ledamöter|Övriga|Ersättare|Utses att justera|Justerare|Justeringens|Sekreterare|Ordförande|Paragrafer|Underskrift|Organ|Sammanträdesdatum|Datum för|Datum då|Datum när|Anslaget|Protokollet|Förvaringsplats|Sista dag|Överklagandetiden)").unwrap()
});
static CLOCK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:kl(?:ockan|\.)?\s*)?\d{1,2}[.:]\d{2}\s*(?:[-–]+\s*\d{1,2}[.:]\d{2})?")
        .unwrap()
});
static APPROVED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:justeringsdatum|protokollet justerades(?: den)?|justerat(?: den)?|datum för justering)\b:?").unwrap()
});
static POSTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:datum för anslags uppsättande|datum (?:då|när) anslaget (?:sätts|sattes|satts) upp|anslaget (?:uppsatt|sätts upp|sattes upp|publicerat|publicerades)(?: den)?|anslagsdatum|datum för anslag(?:et)?|anslaget har (?:satts upp|publicerats)(?: den)?|protokollet anslås(?: från)?|protokollet (?:har )?anslagits(?: den)?|justeringen (?:har )?tillkännagivits genom anslag(?: den)?)\b:?").unwrap()
});
static POSTED_UNTIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:datum för anslags nedtagande|datum (?:då|när) anslaget (?:tas|togs) (?:ned|ner|bort)|anslaget nedtages|anslaget (?:tas|togs) (?:ned|ner|bort)(?: den)?|anslaget till och med|datum för nedtagande(?: av anslag(?:et)?)?)\b:?").unwrap()
});
static APPEAL_DEADLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:sista (?:dag|datum|dagen) (?:för (?:överklagande|överklagan|att överklaga)|att överklaga)|överklagandetiden (?:går|löper) ut(?: den)?|överklagandetiden utgår(?: den)?)\b:?")
        .unwrap()
});
static SIGNER_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\p{Lu}\p{Ll}+(?:[ -]\p{Lu}\p{Ll}+){1,2}(?:\s*\(\p{Lu}{1,4}\))?").unwrap()
});
/// Capitalized words of a cover page that open no name.
const NOT_A_NAME: &[&str] = &[
    "Justeringens",
    "Paragrafer",
    "Protokollet",
    "Förvaltningen",
    "Plats",
    "Underskrift",
    "Underskrifter",
    "Ordförande",
    "Sekreterare",
    "Justerare",
    "Justerande",
    "Organ",
    "Sammanträdesdatum",
    "Datum",
    "Anslaget",
    "Förvaringsplats",
    "Beslutande",
    "Övriga",
    "Region",
    "Kommunstyrelsen",
    "Landstingshuset",
    "Kommunhuset",
    "Stadshuset",
];
static LABELLED_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:\bparagrafer|\bparagraf|§§)\s*(\d{1,4})(?:\s*(?:-{1,2}|–|—)\s*(\d{1,4}))?\b",
    )
    .unwrap()
});

/// Characters at the top of a document that count as its header.
const HEADER_CHARS: usize = 300;

/// Fills what the line-by-line reading of the header left open from the cover page's text.
pub fn complete(h: &mut Header, raw: &[Line]) {
    let head = head_text(raw);
    let named = named_body(&head);
    if h.organization.is_none() {
        if let Some((name, at)) = organization_in(&head) {
            if at > HEADER_CHARS {
                h.inferred.push("organization");
            }
            h.organization = Some(name);
        }
    }
    h.body = repeated_body_header(raw)
        .map(|r| r.0)
        .or(named)
        .or(h.body.take())
        .or_else(|| first_words_body(&head))
        .or_else(|| organization_body(&head));
    h.date = h.date.or_else(|| date_in_text(&head));
    h.paragraphs = h.paragraphs.or_else(|| labelled_range(&head));
    h.kind = h.kind.or_else(|| kind_in_text(&head));
    if h.place.is_none() && h.time.is_none() {
        (h.place, h.time) = place_and_time(&head);
    }
    h.chair = signer(&head, &["Ordförande", "ORDFÖRANDE"]);
    h.secretary = signer(&head, &["Sekreterare", "SEKRETERARE"]);
    h.adjusters = signer(
        &head,
        &["Justerande", "Justerare", "JUSTERANDE", "Utses att justera"],
    )
    .into_iter()
    .collect();
    h.approved = notice_date(&head, &APPROVED);
    h.posted = notice_date(&head, &POSTED);
    h.posted_until = notice_date(&head, &POSTED_UNTIL);
    h.appeal_deadline = notice_date(&head, &APPEAL_DEADLINE);
}

/// The kind from the words of a flattened head: the approval furniture of a protocol
/// (`Justerare`, `Utses att justera`, `ANSLAG/BEVIS`) says protokoll before any `Ärendelista`
/// does; then `Protokoll`, then the agenda words.
fn kind_in_text(head: &str) -> Option<MeetingKind> {
    let top: String = head.chars().take(2000).collect();
    let lower = top.to_lowercase();
    // `Val av justerare` is an item of every agenda: only the approval's own furniture counts.
    let protocol = [
        "utses att justera",
        "justerande",
        "justeringens",
        "anslag/bevis",
        "protokollet är justerat",
    ];
    if protocol.iter().any(|w| lower.contains(w)) || PROTOKOLL_WORD.is_match(&top) {
        return Some(MeetingKind::Protokoll);
    }
    // An agenda says so in its title, at the top; further down the word is an item's.
    let title: String = lower.chars().take(300).collect();
    [
        "kallelse",
        "föredragningslista",
        "dagordning",
        "ärendelista",
    ]
    .iter()
    .any(|w| title.contains(w))
    .then_some(MeetingKind::Dagordning)
}

/// `Plats och tid Jan Sahléns tjänsterum, kommunhuset, våning 4, 09.00-11.00 Beslutande ...`:
/// the value runs to the next label; the time is the clock range in it, the place what
/// comes before.
fn place_and_time(head: &str) -> (Option<String>, Option<String>) {
    let Some(m) = PLACE_LABEL.find(head) else {
        return (None, None);
    };
    let rest = &head[m.end()..];
    // Without a next label the value is at most the next 200 bytes, cut at a character.
    let end = NEXT_LABEL.find(rest).map_or_else(
        || {
            (0..=rest.len().min(200))
                .rev()
                .find(|i| rest.is_char_boundary(*i))
                .unwrap_or(0)
        },
        |n| n.start(),
    );
    let value = rest[..end].trim().trim_start_matches(':').trim();
    let value = value
        .strip_prefix("för sammanträdet")
        .or_else(|| value.strip_prefix("för Sammanträdet"))
        .unwrap_or(value)
        .trim();
    let time = CLOCK.find(value);
    let place_end = [
        time.map(|t| t.start()),
        PLACE_END.find(value).map(|d| d.start()),
        ISO_DATE.find(value).map(|d| d.start()),
    ]
    .into_iter()
    .flatten()
    .min()
    .unwrap_or(value.len());
    let place = value[..place_end].trim().trim_end_matches(',').trim();
    (
        (!place.is_empty()).then(|| place.to_string()),
        time.map(|t| t.as_str().to_string()),
    )
}

/// The name after the first of `labels` (capitalized: a label of the cover page, not a role
/// in a sentence) that has one within a few words: `Sekreterare Paragrafer 26 -- 38 Maria
/// Hedman` (a form's columns interleaved) gives `Maria Hedman`.
fn signer(head: &str, labels: &[&str]) -> Option<String> {
    for label in labels {
        for (at, _) in head.match_indices(label) {
            let after = &head[at + label.len()..];
            if after.starts_with(char::is_alphabetic) {
                continue;
            }
            let window: String = after.chars().take(80).collect();
            // A name ends where a label begins (`Maria Hedman Ordförande`).
            let name = SIGNER_NAME.find_iter(&window).find_map(|m| {
                let words: Vec<&str> = m
                    .as_str()
                    .split_whitespace()
                    .take_while(|w| !NOT_A_NAME.contains(w))
                    .collect();
                (words.len() >= 2).then(|| words.join(" "))
            });
            if name.is_some() {
                return name;
            }
        }
    }
    None
}

/// The first date after a notice-board label in the head.
fn notice_date(head: &str, label: &Regex) -> Option<NaiveDate> {
    // Each place the label stands, until one has a date: a form may name the notice in a
    // sentence (`Justeringen har tillkännagivits genom anslag`) before its dated field.
    label.find_iter(head).find_map(|m| {
        let window: String = head[m.end()..].chars().take(60).collect();
        // The value belongs to this label only if no other label comes first.
        let window = match NEXT_LABEL.find(&window) {
            Some(n) if n.start() > 0 => window[..n.start()].to_string(),
            _ => window,
        };
        date_in(&window)
    })
}

/// The first page's text as one string, lines joined: in a flattened transcript the whole
/// cover page is one line, and labels and values run on in it.
fn head_text(raw: &[Line]) -> String {
    let mut out = String::new();
    for l in raw {
        if out.len() > 4000 {
            break;
        }
        out.push_str(l.trimmed());
        out.push(' ');
    }
    out
}

/// `Vilhelmina kommun`, `VILHELMINA KOMMUN`, `Region Västerbotten`, `Jämtlands läns
/// landsting(sstyrelse)`, `Kommunförbundet X`, `Landstinget X`: the first near the top.
fn organization_in(head: &str) -> Option<(String, usize)> {
    let top: String = head.chars().take(1500).collect();
    let all: Vec<regex::Match> = ORGANIZATION_IN_TEXT.find_iter(&top).collect();
    let m = *all.first()?;
    // Several organizations named in the text (`Region A, Region B och Region C`) and none
    // in the header: which one held the meeting cannot be told.
    let distinct = all
        .iter()
        .map(|m| m.as_str().to_lowercase())
        .collect::<std::collections::HashSet<_>>();
    let in_header = top[..m.start()].chars().count() <= HEADER_CHARS;
    if distinct.len() > 1 && !in_header {
        return None;
    }
    let at = top[..m.start()].chars().count();
    let name = m.as_str();
    let name = if name
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase)
    {
        title_case(name)
    } else {
        name.to_string()
    };
    // `Jämtlands läns landstingsstyrelse` names the body; its organization is the landsting.
    let name = match name.find(" läns landsting") {
        Some(at) => format!("{} läns landsting", &name[..at]),
        None => name,
    };
    Some((name, at))
}

/// `VILHELMINA KOMMUN` → `Vilhelmina kommun`: the first word capitalized, the others lower
/// unless they are proper names (`Region Jämtland Härjedalen`).
fn title_case(t: &str) -> String {
    let words: Vec<String> = t.split_whitespace().map(str::to_lowercase).collect();
    let generic = [
        "kommun",
        "läns",
        "landsting",
        "region",
        "regionen",
        "kommunförbundet",
        "landstinget",
    ];
    words
        .iter()
        .enumerate()
        .map(|(k, w)| {
            if k == 0 || !generic.contains(&w.as_str()) {
                upper_first(w)
            } else {
                w.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The body, from a label (`Organ Kommunstyrelsens arbetsutskott`, `Nämnd/styrelse: ...`),
/// a protocol's own name (`Protokollsutdrag från regionstyrelsen`, `Socialnämndens
/// protokoll`), or the first words of the document (`Kommunstyrelsen 3 (22) Ärendelista`).
fn named_body(head: &str) -> Option<String> {
    let words: Vec<&str> = head.split_whitespace().collect();
    for (k, w) in words.iter().enumerate() {
        let lower = w.trim_end_matches(':').to_lowercase();
        let value = match lower.as_str() {
            "organ" | "nämnd/styrelse" | "nämnd" | "instans" | "beslutsinstans" => {
                body_words(&words[k + 1..])
            }
            "från" | "vid" | "för"
                if k > 0 && words[k - 1].to_lowercase().starts_with("protokoll") =>
            {
                body_words(&words[k + 1..])
            }
            // `Socialnämndens protokoll`; `PROTOKOLL 1(3) Kommunstyrelsen`.
            "protokoll" | "kallelse" => (k > 0)
                .then(|| genitive_body(words[k - 1]))
                .flatten()
                .or_else(|| {
                    let next = words[k + 1..].iter().position(|w| {
                        !w.chars().all(|c| c.is_ascii_digit() || "()/".contains(c))
                    })?;
                    body_words(&words[k + 1 + next..])
                }),
            _ => None,
        };
        if value.is_some() {
            return value;
        }
    }
    None
}

/// A document that opens with its body's name, after a page number: `1 Kommunstyrelsen 3 (22)`.
fn first_words_body(head: &str) -> Option<String> {
    let words: Vec<&str> = head
        .split_whitespace()
        .skip_while(|w| w.chars().all(|c| c.is_ascii_digit() || "()/".contains(c)))
        .collect();
    body_words(&words).filter(|_| words.first().is_some_and(|w| has_body_word(w)))
}

/// `Jämtlands läns landstingsstyrelse`: the organization's name with the body in it.
fn organization_body(head: &str) -> Option<String> {
    let top: String = head.chars().take(1500).collect();
    let m = ORGANIZATION_IN_TEXT.captures(&top)?;
    let name = m.get(1)?.as_str().to_lowercase();
    let rest = name.split(" läns ").nth(1)?;
    let body = rest.strip_prefix("landsting")?;
    if body.len() < 4 || !has_body_word(body) {
        return None;
    }
    let definite = if body.ends_with('e') { "n" } else { "en" };
    Some(format!("Landsting{body}{definite}"))
}

/// A body's name at the start of `words`: one capitalized word with a body word in it and
/// the lowercase words after it (`Kommunstyrelsens arbetsutskott`), at most five.
fn body_words(words: &[&str]) -> Option<String> {
    let first = words
        .first()?
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
    if first.chars().next().is_some_and(char::is_lowercase) && !has_body_word(first) {
        return None;
    }
    let mut name = vec![first.to_string()];
    for w in words.iter().skip(1).take(4) {
        // `och` joins a name only after a hyphen: `Barn- och utbildningsnämnden`.
        let joins = *w != "och" || name.last().is_some_and(|p| p.ends_with('-'));
        if !w.chars().all(|c| c.is_lowercase() || c == '-') || *w == "den" || !joins {
            break;
        }
        name.push(w.to_string());
    }
    // The name ends with its last body word (`Kommunstyrelsens arbetsutskott`); one that ends
    // in a genitive (`Styrelsens ledning` → `Styrelsens`) names something of the body's.
    let last = name.iter().rposition(|w| has_body_word(w))?;
    name.truncate(last + 1);
    if name[last].strip_suffix('s').is_some_and(has_body_word) {
        return None;
    }
    let joined = name.join(" ");
    has_body_word(&joined).then(|| upper_first(&joined))
}

/// `Socialnämndens` (before `protokoll`) → `Socialnämnden`.
fn genitive_body(w: &str) -> Option<String> {
    let stem = w.strip_suffix('s')?;
    (has_body_word(stem) && stem.chars().next().is_some_and(char::is_uppercase))
        .then(|| stem.to_string())
}

/// The meeting date from a label anywhere in the head (`Sammanträdesdatum 2024-12-05`,
/// `Plats och tid Folkets Hus, torsdagen den 9 juni 2016`), else the first date written
/// near a kind word (`Protokollsutdrag från regionstyrelsen den 27 februari 2019`,
/// `Ärendelista 11 maj 2015`). Dates after `Datum för anslag...` are the notice's.
fn date_in_text(head: &str) -> Option<NaiveDate> {
    for m in DATE_LABEL_IN_TEXT.find_iter(head) {
        let after = &head[m.end()..];
        if after.trim_start().to_lowercase().starts_with("för") {
            continue;
        }
        let window: String = after.chars().take(90).collect();
        if let Some(d) = date_in(&window) {
            return Some(d);
        }
    }
    let top: String = head.chars().take(300).collect();
    KIND_WORD_IN_TEXT
        .find(&top)
        .and_then(|m| date_in(&top[m.start()..]))
}

/// `Paragrafer 26 -- 38`, `Paragraf 12`, `§§ 208-227` anywhere in the head.
fn labelled_range(head: &str) -> Option<ParagraphRange> {
    let c = LABELLED_RANGE.captures(head)?;
    let first: u32 = c[1].parse().ok()?;
    let last: u32 = c.get(2).map_or(Some(first), |m| m.as_str().parse().ok())?;
    (first <= last).then_some(ParagraphRange { first, last })
}
