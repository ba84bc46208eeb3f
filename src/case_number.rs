//! Case numbers (diarienummer): the printed variants of one number folded into one identity.
//!
//! A printed number is read as tokens (a prefix word, digit groups, separators `/ - : .`; any
//! dash is `-`; spaces may surround a separator but never split a digit group). A year is
//! four digits `19xx`/`20xx`; a two-digit year only ends a serial after `/`.
//!
//! | printed (any case, spacing, separator)      | shape                       | canonical          | document |
//! | ------------------------------------------- | --------------------------- | ------------------ | -------- |
//! | `RS 2273-2024` `RS2273–2024` `LS/4/2014`    | prefix, serial, year        | `RS 2273-2024`     |          |
//! | `RS 2124:1-2022` `RS 269:1-2020`            | prefix, serial:doc, year    | `RS 2124-2022`     | `1`      |
//! | `KS 2018/14` `Ks 2018:14` `KS2018.14` `KSN-2019-0014` | prefix, year, serial | `KS 2018/14`    |          |
//! | `KS 2018/00014-3`                           | prefix, year, serial, doc   | `KS 2018/14`       | `3`      |
//! | `KS 2021/00456-1.2.3`                       | prefix, year, serial, class | `KS 2021/456-1.2.3` |         |
//! | `2.3.1-456/2021` `2.2.2/171-2013` `1.6-216/2013` | class, serial, year    | `2.3.1-456/2021`   |          |
//! | `7-742-2011` `316-259/2012` `002 – 443 / 05` | class, serial, year        | `7-742/2011`       |          |
//! | `493-2019` `123/2016`                       | serial, year (no prefix)    | `493-2019`         |          |
//! | `2016/123` `2019/0045`                      | year, serial (no prefix)    | `2016/123`         |          |
//! | `Ks 478/08` `0456/19`                       | serial / two-digit year     | `KS 478/08`        |          |
//! | `24RS11304` `RV250246` `RV 250246`          | compact                     | as printed, no spaces |       |
//! | `RV250029-3` `FDS250030-2`                  | compact, doc                | `RV250029`         | `3`      |
//!
//! The canonical spelling depends only on the prefix and the digit groups, never on the
//! separators printed: a serial-year pair is written `S-Y` (the seeds' `RS 2273-2024`), a
//! year-serial pair `Y/S`, a class code `C-S/Y`. So every separator variant of one number is
//! one case, and two canonical spellings never share a slug. The printed order is kept:
//! `KS 2018/14` (year 2018, serial 14) and `KS 14/2018` (serial 14, year 2018) are different
//! numbers, as no register prints both. The serial next to a four-digit year loses its
//! leading zeros (`SN 2019/0045` = `SN 2019/45`): registers pad serials for sorting, and one
//! document prints the padded and the short form; next to a two-digit year, where which
//! group is the serial is a guess, the digits stay as printed.
//!
//! Not case numbers: a truncated number (`Dnr 2016/`, `Ks 478/`), dates (`2018-03-06`),
//! times (`09.00-11.00`), digit groups split by spaces (`1 200/2018`, `010-123 45 67`),
//! property designations (`Örja 2:2`: no year), two words (`mål nr 1234-15`), and the
//! numbers of other series whose prefix says so: `SOU 2017:114`, `Prop. 2018/19:1`,
//! `SFS 2017:725`, `HSLF-FS 2016:40`, `ISO 9001:2015`, `nr 11-2020` (see [`NOT_PREFIXES`]).
//!
//! A case's identity is (organization, canonical number); the slug is the canonical number in
//! lowercase with every run of other characters turned into one `-`.

use crate::slug::slugify;

/// A parsed case number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CaseNumber {
    /// The canonical spelling: `RS 2273-2024`, `KS 2018/14`, `24RS11304`, `RV250029`.
    pub canonical: String,
    /// The document inside the case, when the printed number names one.
    pub document: Option<String>,
}

/// How a number was printed, which tells a finder how far to trust it outside a label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A prefix and a four-digit year: `RS 2273-2024`, `KS 2018/14`, `LS/4/2014`.
    Prefixed,
    /// Letters inside digits: `24RS11304`, `RV250029-3`.
    Compact,
    /// No prefix, a four-digit year: `493-2019`, `2016/123`, `2.3.1-456/2021`.
    Bare,
    /// A two-digit year, with or without a prefix: `Ks 478/08`, `0456/19`.
    ShortYear,
}

/// Prefixes of numbers that are not diarienummer: government and EU series, standards,
/// and words that precede other numbers (`nr 11-2020`, `kl 09.00`). So is any prefix ending
/// in `FS`, a statute book (författningssamling: `SFS`, `AFS`, `SOSFS`, `HSLF-FS`).
pub const NOT_PREFIXES: &[&str] = &[
    "SOU", "DS", "PROP", "DIR", "BET", "RSKR", "KOM", "COM", "EU", "EG", "EEG", "ISO", "IEC", "SS",
    "EN", "NR", "MÅL", "KAP", "SID", "SIDA", "KL", "ÅR", "DNR", "MOTION", "BILAGA", "VECKA", "TEL",
    "FAX",
];

impl CaseNumber {
    /// Parses a printed case number; `None` when it has none of the recognized shapes.
    pub fn parse(printed: &str) -> Option<CaseNumber> {
        parse_shaped(printed).map(|(number, _)| number)
    }

    /// `rs-2273-2024`, `ks-2018-14`, `24rs11304`.
    pub fn slug(&self) -> String {
        slugify(&self.canonical)
    }
}

/// Parses a printed case number and says which shape it had.
pub fn parse_shaped(printed: &str) -> Option<(CaseNumber, Shape)> {
    let printed = crate::identity::fold(printed);
    let toks = lex(&printed)?;
    structured(&toks).or_else(|| compact(&toks))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok<'a> {
    Word(&'a str),
    Num(&'a str),
    Sep(char),
}

fn is_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || "åäöÅÄÖ".contains(c)
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '‐' | '‑' | '−')
}

/// Tokens of a printed number; `None` for any other character, two words, or two digit
/// groups with only a space between them.
fn lex(s: &str) -> Option<Vec<Tok<'_>>> {
    let mut toks = Vec::new();
    let mut rest = s.trim();
    while let Some(c) = rest.chars().next() {
        let run_of = |pred: fn(char) -> bool| rest.find(|c: char| !pred(c)).unwrap_or(rest.len());
        let (tok, len) = if c.is_whitespace() {
            rest = &rest[c.len_utf8()..];
            continue;
        } else if c.is_ascii_digit() {
            let n = run_of(|c| c.is_ascii_digit());
            (Tok::Num(&rest[..n]), n)
        } else if is_letter(c) {
            let n = run_of(is_letter);
            (Tok::Word(&rest[..n]), n)
        } else if is_dash(c) {
            (Tok::Sep('-'), c.len_utf8())
        } else if matches!(c, '/' | ':' | '.') {
            (Tok::Sep(c), 1)
        } else {
            return None;
        };
        // A run never follows a run of its kind but across a space: `1 200`, `mål nr`.
        let clash = matches!(
            (toks.last(), tok),
            (Some(Tok::Num(_)), Tok::Num(_))
                | (Some(Tok::Word(_)), Tok::Word(_))
                | (Some(Tok::Sep(_)), Tok::Sep(_))
        );
        if clash {
            return None;
        }
        toks.push(tok);
        rest = &rest[len..];
    }
    Some(toks)
}

/// A group of the body: one number, or a dotted class code such as `2.3.1`.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Group<'a> {
    Plain(&'a str),
    Class(String),
}

/// What a structured number is made of before it is spelled.
struct Read {
    body: String,
    document: Option<String>,
    four_digit_year: bool,
}

/// `[prefix [sep]] groups`, the shapes of the table but the compact ones.
fn structured(toks: &[Tok<'_>]) -> Option<(CaseNumber, Shape)> {
    let (prefix, body) = match toks {
        [Tok::Word(w), Tok::Sep('/' | '-' | '.'), rest @ ..] | [Tok::Word(w), rest @ ..] => {
            (Some(prefix(w)?), rest)
        }
        rest => (None, rest),
    };
    let (groups, seps) = groups(body)?;
    let read = match (groups.as_slice(), seps.as_slice()) {
        ([Group::Plain(a), Group::Plain(b)], [s]) => pair(a, *s, b)?,
        ([Group::Class(c), Group::Plain(a), Group::Plain(b)], [_, s]) => class_first(c, a, *s, b)?,
        ([Group::Plain(a), Group::Plain(b), Group::Class(c)], [_, '-']) => class_last(a, b, c)?,
        ([Group::Plain(a), Group::Plain(b), Group::Plain(c)], [s1, s2]) => {
            triple(a, *s1, b, *s2, c)?
        }
        _ => return None,
    };
    let shape = match (&prefix, read.four_digit_year) {
        (_, false) => Shape::ShortYear,
        (Some(_), true) => Shape::Prefixed,
        (None, true) => Shape::Bare,
    };
    let canonical = match &prefix {
        Some(p) => format!("{p} {}", read.body),
        None => read.body,
    };
    let number = CaseNumber {
        canonical,
        document: read.document,
    };
    Some((number, shape))
}

/// The prefix in capitals, unless it names another series.
fn prefix(word: &str) -> Option<String> {
    let upper = word.to_uppercase();
    let ok = (1..=8).contains(&word.chars().count())
        && !NOT_PREFIXES.contains(&upper.as_str())
        && !upper.ends_with("FS");
    ok.then_some(upper)
}

/// Splits `Num (Sep Num)*` at the separators other than `.`; a group of several numbers
/// joined by dots is a class code, except a lone `2018.14`, which is a pair.
fn groups<'a>(body: &[Tok<'a>]) -> Option<(Vec<Group<'a>>, Vec<char>)> {
    let mut runs: Vec<Vec<&'a str>> = vec![Vec::new()];
    let mut seps = Vec::new();
    for (i, tok) in body.iter().enumerate() {
        match (i % 2, tok) {
            (0, Tok::Num(n)) if n.len() <= 6 => runs.last_mut()?.push(*n),
            (1, Tok::Sep('.')) => {}
            (1, Tok::Sep(s)) => {
                seps.push(*s);
                runs.push(Vec::new());
            }
            _ => return None,
        }
    }
    if body.len().is_multiple_of(2) {
        return None; // empty, or ends with a separator: truncated (`2016/`)
    }
    if let [run] = runs.as_slice() {
        if let [a, b] = run.as_slice() {
            return Some((vec![Group::Plain(a), Group::Plain(b)], vec!['.']));
        }
    }
    let groups = runs
        .into_iter()
        .map(|run| match run.as_slice() {
            [one] => Some(Group::Plain(one)),
            parts if parts.iter().all(|p| p.len() <= 3) => Some(Group::Class(parts.join("."))),
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    Some((groups, seps))
}

fn year4(n: &str) -> bool {
    n.len() == 4 && (n.starts_with("19") || n.starts_with("20"))
}

/// A serial without the zeros that pad it: `0045` → `45`, `0` stays; `02021` stays, as
/// `2021` would read as a year and the canonical spelling would not parse to itself.
fn unpadded(n: &str) -> &str {
    let t = n.trim_start_matches('0');
    match t {
        "" => &n[n.len() - 1..],
        t if year4(t) => n,
        t => t,
    }
}

/// Two groups: serial-year, year-serial, or serial/two-digit year.
fn pair(a: &str, s: char, b: &str) -> Option<Read> {
    let (body, four_digit_year) = pair_body(a, s, b, "-")?;
    Some(Read {
        body,
        document: None,
        four_digit_year,
    })
}

/// The canonical spelling of a pair, writing a serial-year pair with `serial_year_sep`.
fn pair_body(a: &str, s: char, b: &str, serial_year_sep: &str) -> Option<(String, bool)> {
    if year4(b) {
        Some((format!("{}{serial_year_sep}{b}", unpadded(a)), true))
    } else if year4(a) {
        Some((format!("{a}/{}", unpadded(b)), true))
    } else if s == '/' && b.len() == 2 {
        Some((format!("{a}/{b}"), false))
    } else {
        None
    }
}

fn class_first(c: &str, a: &str, s: char, b: &str) -> Option<Read> {
    let (pair, four_digit_year) = pair_body(a, s, b, "/")?;
    Some(Read {
        body: format!("{c}-{pair}"),
        document: None,
        four_digit_year,
    })
}

fn class_last(a: &str, b: &str, c: &str) -> Option<Read> {
    (year4(a) && !year4(b)).then(|| Read {
        body: format!("{a}/{}-{c}", unpadded(b)),
        document: None,
        four_digit_year: true,
    })
}

/// Three groups: serial:doc-year, year/serial-doc, serial-year-doc, class-serial-year.
fn triple(a: &str, s1: char, b: &str, s2: char, c: &str) -> Option<Read> {
    let read = |body: String, document: Option<&str>, four_digit_year| Read {
        body,
        document: document.map(str::to_string),
        four_digit_year,
    };
    let short_doc = c.len() <= 3 && s2 == '-';
    if s1 == ':' && s2 != ':' && year4(c) {
        Some(read(format!("{}-{c}", unpadded(a)), Some(b), true))
    } else if is_date(a, s1, b, s2, c) {
        None
    } else if year4(a) && !year4(b) && short_doc {
        Some(read(format!("{a}/{}", unpadded(b)), Some(c), true))
    } else if year4(b) && short_doc {
        Some(read(format!("{}-{b}", unpadded(a)), Some(c), true))
    } else if a.len() <= 3 && (year4(c) || (s2 == '/' && c.len() == 2)) {
        let b = if year4(c) { unpadded(b) } else { b };
        Some(read(format!("{a}-{b}/{c}"), None, year4(c)))
    } else {
        None
    }
}

/// `2018-03-06`, `2018/03/06`: a date, not a year, serial and document.
fn is_date(a: &str, s1: char, b: &str, s2: char, c: &str) -> bool {
    let in_range =
        |n: &str, max: u32| n.len() == 2 && n.parse::<u32>().is_ok_and(|v| (1..=max).contains(&v));
    year4(a) && s1 == s2 && in_range(b, 12) && in_range(c, 31)
}

/// `24RS11304`, `RV250246`, `RV250029-3`: letters inside digits, canonical as printed.
fn compact(toks: &[Tok<'_>]) -> Option<(CaseNumber, Shape)> {
    let (lead, word, digits, doc) = match toks {
        [Tok::Num(l), Tok::Word(w), Tok::Num(d), rest @ ..] => (*l, *w, *d, rest),
        [Tok::Word(w), Tok::Num(d), rest @ ..] => ("", *w, *d, rest),
        _ => return None,
    };
    let document = match doc {
        [] => None,
        [Tok::Sep('-'), Tok::Num(n)] if n.len() <= 4 => Some(n.to_string()),
        _ => return None,
    };
    let ok = lead.len() <= 4 && (2..=10).contains(&digits.len());
    let number = CaseNumber {
        canonical: format!("{lead}{}{digits}", prefix(word)?),
        document,
    };
    ok.then_some((number, Shape::Compact))
}

#[cfg(test)]
mod tests;
