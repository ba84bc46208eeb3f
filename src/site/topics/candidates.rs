//! Terms from items: which normalized words of an item's title name its subject, and which
//! words its body is about. Nothing is compared between items here (that is `cluster.rs`).
//!
//! ```text
//! title "Uppsägning av regionavtalet"         → title terms {regionavtal}   (uppsägning: generic)
//! title "Information om IT-plan 2025"         → title terms {itplan}        (IT-plan: joined)
//! body  "… avtalet om regionvård …"           → alias       regionavtal
//! body  "… Cosmic … Cosmic … Cosmic … Cosmic" → body terms  {cosmic}        (a theme, not a mention)
//! title "Val av justerare"                    → no terms: housekeeping joins no subject
//! ```
//!
//! Compounds: Swedish writes a subject as one compound (`regionavtal`) or as a phrase (`avtalet
//! om regionvård`). Decomposing compounds by rule would let `regionavtal` meet `regionplan` and
//! `hyresavtal` through their shared parts, which is exactly the look-alike we must not join, so
//! phrases are mapped onto compounds by a small alias table instead: the built-in entries
//! below, extended per archive by `[topics.aliases]`. Hyphenated compounds (`IT-plan`) are kept
//! whole as one term (`itplan`) beside their parts.

use super::swedish::{is_generic_stem, stem, tokens};
use std::collections::{HashMap, HashSet};

/// Wordings every archive shares: official names and their short forms.
const BUILT_IN_ALIASES: &[(&str, &str)] = &[
    // Avtalet om regionvård i norra sjukvårdsregionen is what minutes call `regionavtalet`.
    ("avtal om regionvård", "regionavtal"),
    // The national health-record programme; `FVIS` is its own abbreviation.
    ("framtidens vårdinformationsstöd", "FVIS"),
    // The national reform `omställningen till nära vård`: the phrase, not the word `nära`.
    ("nära vård", "Nära vård"),
];

/// A body term counts when it is a theme of the text: at least this many mentions ...
const MIN_BODY_MENTIONS: usize = 2;
/// ... and at least one per this many words, so a long report does not join every subject it
/// names in passing.
const WORDS_PER_MENTION: usize = 300;

/// The normalized terms of one item.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct ItemTerms {
    /// Stems naming the item's subject, from its title; empty for housekeeping items.
    pub title: Vec<String>,
    /// Stems the body dwells on; always empty when `title` is (an item about nothing in
    /// particular, like `Informationer`, joins no subject through what its body lists).
    pub body: Vec<String>,
    /// (stem, the word as the title printed it), for display names.
    pub surfaces: Vec<(String, String)>,
}

/// How text becomes terms: aliases and the words that never make a subject.
pub struct Vocabulary {
    /// First stem of a wording → (all its stems, the term's stem, the term as written).
    aliases: HashMap<String, Vec<Alias>>,
    extra_generic: HashSet<String>,
}

struct Alias {
    wording: Vec<String>,
    stem: String,
    surface: String,
}

/// One word of text: its stem and how it was printed.
struct Word {
    stem: String,
    surface: String,
    /// Written as a name: capitalized or an acronym (`Cosmic`, `FVIS`, `IT-plan`), or the
    /// term of an alias (`avtalet om regionvård`). Only such words join an item to a subject
    /// through its body; common nouns (`möjlighet`, `mål`, `medarbetare`) run through the
    /// text of unrelated items, so they count only in titles.
    named: bool,
}

fn is_named(surface: &str) -> bool {
    surface.chars().next().is_some_and(char::is_uppercase)
}

impl Vocabulary {
    /// The built-in aliases plus the archive's, and its extra generic words.
    pub fn new(aliases: &[(String, String)], generic: &[String]) -> Vocabulary {
        let mut vocabulary = Vocabulary {
            aliases: HashMap::new(),
            extra_generic: generic.iter().map(|w| compound_stem(w)).collect(),
        };
        let built_in = BUILT_IN_ALIASES
            .iter()
            .map(|(w, t)| (w.to_string(), t.to_string()));
        for (wording, term) in built_in.chain(aliases.iter().cloned()) {
            vocabulary.add_alias(&wording, &term);
        }
        vocabulary
    }

    fn add_alias(&mut self, wording: &str, term: &str) {
        let stems = stem_phrase(wording);
        let Some(first) = stems.first().cloned() else {
            return; // validation reports empty wordings
        };
        let alias = Alias {
            wording: stems,
            stem: compound_stem(term),
            surface: term.trim().to_string(),
        };
        let list = self.aliases.entry(first).or_default();
        list.push(alias);
        // Longest wording first, so `avtal om regionvård` wins over a shorter `avtal om`.
        list.sort_by_key(|alias| std::cmp::Reverse(alias.wording.len()));
    }

    /// The term a wording from site.toml or front-matter stands for: its alias, or its words
    /// as one compound (`Regionavtalet` → `regionavtal`, `IT-plan` → `itplan`).
    pub fn term_of(&self, wording: &str) -> String {
        let plain: Vec<Word> = tokens(wording)
            .map(|w| Word {
                stem: stem(&w),
                named: false,
                surface: w,
            })
            .collect();
        match self.alias_at(&plain) {
            Some(alias) if alias.wording.len() == plain.len() => alias.stem.clone(),
            _ => compound_stem(wording),
        }
    }

    /// True when `stem_` can name a subject.
    pub fn is_distinctive(&self, stem_: &str) -> bool {
        !is_generic_stem(stem_) && !self.extra_generic.contains(stem_)
    }

    /// The terms of one item.
    pub fn item_terms(&self, title: &str, text: &str) -> ItemTerms {
        let title_words = self.words(title);
        let mut surfaces: Vec<(String, String)> = title_words
            .into_iter()
            .filter(|w| self.is_distinctive(&w.stem))
            .map(|w| (w.stem, w.surface))
            .collect();
        surfaces.sort();
        surfaces.dedup_by(|a, b| a.0 == b.0);
        let title: Vec<String> = surfaces.iter().map(|(s, _)| s.clone()).collect();
        let body = if title.is_empty() {
            Vec::new()
        } else {
            self.body_terms(text)
        };
        ItemTerms {
            title,
            body,
            surfaces,
        }
    }

    /// Distinctive stems mentioned often enough to be a theme of `text` (sorted).
    fn body_terms(&self, text: &str) -> Vec<String> {
        let words = self.words(text);
        let needed = MIN_BODY_MENTIONS.max(words.len() / WORDS_PER_MENTION);
        let mut counts: HashMap<String, usize> = HashMap::new();
        for word in words {
            if word.named && self.is_distinctive(&word.stem) {
                *counts.entry(word.stem).or_default() += 1;
            }
        }
        let mut strong: Vec<String> = counts
            .into_iter()
            .filter(|(_, n)| *n >= needed)
            .map(|(s, _)| s)
            .collect();
        strong.sort();
        strong
    }

    /// The words of `text` with aliases applied, followed by its hyphenated compounds.
    fn words(&self, text: &str) -> Vec<Word> {
        let plain: Vec<Word> = tokens_with_surface(text)
            .map(|surface| Word {
                stem: stem_of_surface(surface),
                named: is_named(surface),
                surface: surface.to_string(),
            })
            .collect();
        let mut words = self.apply_aliases(plain);
        words.extend(hyphen_compounds(text));
        words
    }

    fn apply_aliases(&self, mut plain: Vec<Word>) -> Vec<Word> {
        if self.aliases.is_empty() {
            return plain;
        }
        let mut out = Vec::with_capacity(plain.len());
        let mut i = 0;
        while i < plain.len() {
            match self.alias_at(&plain[i..]) {
                Some(alias) => {
                    out.push(Word {
                        stem: alias.stem.clone(),
                        surface: alias.surface.clone(),
                        named: true,
                    });
                    i += alias.wording.len();
                }
                None => {
                    // Moved, not cloned: this runs on every word of every item.
                    out.push(Word {
                        stem: std::mem::take(&mut plain[i].stem),
                        surface: std::mem::take(&mut plain[i].surface),
                        named: plain[i].named,
                    });
                    i += 1;
                }
            }
        }
        out
    }

    fn alias_at(&self, words: &[Word]) -> Option<&Alias> {
        let candidates = self.aliases.get(&words.first()?.stem)?;
        candidates.iter().find(|alias| {
            alias.wording.len() <= words.len()
                && alias.wording.iter().zip(words).all(|(a, w)| *a == w.stem)
        })
    }
}

/// The stem of a word as printed; most words are already lowercase, so they skip the copy.
fn stem_of_surface(surface: &str) -> String {
    if surface.chars().any(char::is_uppercase) {
        stem(&surface.to_lowercase())
    } else {
        stem(surface)
    }
}

/// The words of `wording` written as one compound, stemmed: `IT-planen` → `itplan`.
fn compound_stem(wording: &str) -> String {
    stem(&tokens(wording).collect::<String>())
}

/// The stems of a phrase as written in site.toml or in the alias table.
fn stem_phrase(phrase: &str) -> Vec<String> {
    tokens(phrase).map(|w| stem(&w)).collect()
}

/// Like [`tokens`], but borrowing the words as printed (for display names).
fn tokens_with_surface(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// `IT-plan` → `itplan`, `FVIS-programmet` → `fvisprogram`: a hyphenated compound is one
/// word to a reader. A hyphen followed by a space (`hälso- och sjukvård`) joins nothing.
fn hyphen_compounds(text: &str) -> impl Iterator<Item = Word> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|chunk| {
            let parts = chunk.split('-').filter(|p| !p.is_empty()).count();
            parts >= 2 && !chunk.starts_with('-') && !chunk.ends_with('-')
        })
        .map(|chunk| Word {
            stem: compound_stem(chunk),
            named: is_named(chunk),
            surface: chunk.to_string(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary() -> Vocabulary {
        Vocabulary::new(&[], &[])
    }

    #[test]
    fn title_terms_skip_generic_words() {
        let terms = vocabulary().item_terms("Uppsägning av regionavtalet", "");
        assert_eq!(terms.title, ["regionavtal"]);
        assert_eq!(terms.surfaces[0].1, "regionavtalet");
    }

    #[test]
    fn housekeeping_titles_have_no_terms() {
        for title in [
            "Val av justerare samt tid för justering",
            "Fastställande av föredragningslista",
            "Anmälan av delegationsbeslut",
            "Redovisning av delegeringsbeslut",
            "Meddelanden",
            "Informationer",
            "Nästa sammanträde",
        ] {
            let terms = vocabulary().item_terms(title, "Cosmic Cosmic Cosmic");
            assert_eq!(terms, ItemTerms::default(), "{title}");
        }
    }

    #[test]
    fn aliases_turn_a_phrase_into_its_compound() {
        let text = "att säga upp avtalet om regionvård enligt avtalets om regionvård § 12";
        let terms = vocabulary().item_terms("Norra sjukvårdsregionen", text);
        assert_eq!(terms.body, ["regionavtal"]);
    }

    #[test]
    fn hyphenated_compounds_are_one_term() {
        let terms = vocabulary().item_terms("Information om IT-plan 2025", "");
        assert_eq!(terms.title, ["itplan"]);
        assert_eq!(terms.surfaces[0].1, "IT-plan");
        let terms = vocabulary().item_terms("Hälso- och sjukvård", "");
        assert!(terms.title.is_empty(), "{terms:?}");
    }

    #[test]
    fn a_passing_mention_is_not_a_body_term() {
        let text = "Cosmic nämns en gång. Cambio levererar. Cambio igen.";
        let terms = vocabulary().item_terms("Tidsplan för driftsättning", text);
        assert!(terms.title.is_empty());
        let terms = vocabulary().item_terms("Labhus", text);
        assert_eq!(terms.body, ["cambio"]);
        let long = format!("{} {}", "beslut ".repeat(1000), text);
        assert!(vocabulary().item_terms("Labhus", &long).body.is_empty());
    }

    #[test]
    fn common_nouns_in_the_body_join_nothing() {
        let text = "Det ger möjlighet till nära vård. Ytterligare möjlighet finns. Mål och mål.";
        assert!(vocabulary()
            .item_terms("Kollektivtrafik", text)
            .body
            .is_empty());
        let named = "Införandet av Cosmic fortsätter. Cosmic driftsätts i maj.";
        assert_eq!(vocabulary().item_terms("IT-plan", named).body, ["cosmic"]);
    }

    #[test]
    fn archive_generic_words_and_aliases_apply() {
        let vocabulary = Vocabulary::new(
            &[("Millennium".into(), "Cosmic".into())],
            &["labhus".into()],
        );
        let terms = vocabulary.item_terms("Labhus och Millennium", "");
        assert_eq!(terms.title, ["cosmic"]);
        assert_eq!(terms.surfaces[0].1, "Cosmic");
    }
}
