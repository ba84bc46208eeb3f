//! Typed views handed to the templates. They borrow from the site graph where they can; the
//! few computed strings (dates in words, rendered Markdown, decision lines) are made here so
//! that templates only lay out.

use super::dates::DateView;
use super::markdown;
use super::slots::Slots;
use crate::model::OutcomeKind;
use crate::site::reads::{self, Kept, Kind, Memo, Read};
use crate::site::{CaseId, ItemId, MeetingId, Site, Target};
use serde::Serialize;
use std::sync::Mutex;

#[derive(Serialize)]
pub struct Link<'a> {
    pub title: &'a str,
    pub url: &'a str,
}

#[derive(Serialize)]
pub struct OutcomeView<'a> {
    pub kind: &'static str,
    pub to: Option<&'a str>,
    /// `Beslutat`, `Förslag till regionstyrelsen`.
    pub label: String,
}

#[derive(Serialize)]
pub struct MeetingSummary<'a> {
    pub title: String,
    pub url: &'a str,
    pub date: DateView,
    pub kind: &'static str,
    pub kind_label: String,
    pub org: Link<'a>,
    pub body: Link<'a>,
    pub item_count: usize,
}

/// An item as lists show it: what it says of itself, and its meeting (as a template value,
/// made once per meeting: see [`Views::meeting_value`]).
#[derive(Serialize)]
pub struct ItemSummary<'a> {
    #[serde(flatten)]
    pub head: ItemHead<'a>,
    pub meeting: tera::Value,
}

#[derive(Serialize)]
pub struct PersonRef<'a> {
    pub name: &'a str,
    pub url: Option<&'a str>,
}

#[derive(Serialize)]
pub struct StatementView<'a> {
    pub by: Vec<PersonRef<'a>>,
    pub text: Option<&'a str>,
}

#[derive(Serialize)]
pub struct ReferenceView<'a> {
    pub text: &'a str,
    /// The target's URL, or none when it is not in the archive.
    pub url: Option<&'a str>,
}

#[derive(Serialize)]
pub struct OfficialView<'a> {
    pub name: &'a str,
    pub role: Option<&'a str>,
}

/// What an item says of itself, without its meeting: the pages that show an item in full
/// already have its meeting in their context.
#[derive(Serialize)]
pub struct ItemHead<'a> {
    pub number: String,
    pub title: &'a str,
    pub url: &'a str,
    pub outcome: Option<OutcomeView<'a>>,
    /// What was decided, in one line.
    pub decision: Option<String>,
    pub cases: Vec<Link<'a>>,
}

/// An item with everything the meeting and item pages show.
#[derive(Serialize)]
pub struct ItemFull<'a> {
    #[serde(flatten)]
    pub head: ItemHead<'a>,
    pub anchor: &'a str,
    /// A template value already, so making the view's value does not copy the HTML again.
    pub html: tera::Value,
    pub motions: Vec<StatementView<'a>>,
    pub votes: Vec<super::votes::VoteView<'a>>,
    pub reservations: Vec<StatementView<'a>>,
    pub notes: Vec<StatementView<'a>>,
    pub abstained: Vec<PersonRef<'a>>,
    pub recused: Vec<PersonRef<'a>>,
    pub officials: Vec<OfficialView<'a>>,
    pub references: Vec<ReferenceView<'a>>,
    pub cited_by: Vec<ItemSummary<'a>>,
    pub mentioned_cases: Vec<Link<'a>>,
    pub attachments: &'a [String],
    pub recipients: &'a [String],
    /// The recurring subjects the item belongs to.
    pub subjects: Vec<Link<'a>>,
    /// The agenda item or protocol paragraph, proposal or decision it answers.
    pub pairs: Vec<super::pairing::PairView<'a>>,
}

/// Builds views from the graph; holds the lookups they need.
pub struct Views<'a> {
    pub site: &'a Site,
    strings: &'a toml::Table,
    /// Derived strings, made on first use and kept: an item is listed on many pages (its
    /// meeting, cases, feeds, people), and a meeting heads every item of it.
    heads: Slots<Memo<HeadStrings>>,
    meetings: Slots<Memo<MeetingStrings>>,
    /// Each meeting's summary as a template value. Tera values share their strings and maps,
    /// so the item pages, rows and lists that show a meeting insert it without re-making it.
    meeting_values: Slots<Memo<tera::Value>>,
    /// Each item in full as a template value, kept from the first of the two pages that show
    /// it (its meeting's and its own) for the second, which takes it: making the value is most
    /// of what showing the item costs, and keeping all of them would hold every item's page
    /// in memory. The build renders each meeting's item pages right after it.
    full_values: Slots<Mutex<Kept<tera::Value>>>,
}

/// What an item's head shows that takes work to make.
struct HeadStrings {
    number: String,
    outcome_label: Option<String>,
    /// What was decided, whole (see [`resolution_text`]): the OParl interface gives it as is,
    /// the pages shortened. Kept whole so that the text is searched for it once, not once for
    /// the pages and again for the interface.
    resolution: Option<String>,
}

/// What a meeting summary shows that takes work to make.
pub struct MeetingStrings {
    pub title: String,
    pub date: DateView,
    pub kind_label: String,
}

impl<'a> Views<'a> {
    pub fn new(site: &'a Site, strings: &'a toml::Table) -> Views<'a> {
        let (items, meetings) = (site.items.unrecorded(), site.meetings.unrecorded());
        Views {
            site,
            strings,
            heads: Slots::new(items.len()),
            meetings: Slots::new(meetings.len()),
            meeting_values: Slots::new(meetings.len()),
            full_values: Slots::new(items.len()),
        }
    }

    /// A UI string by key; the key itself when the theme lacks it, so a gap shows, not breaks.
    pub fn label(&self, key: &str) -> String {
        self.strings
            .get(key)
            .and_then(|v| v.as_str())
            .unwrap_or(key)
            .to_string()
    }

    /// `1 sammanträde`, `2 sammanträden`: the number and the word in the form it takes, from
    /// the theme's `count_<what>` (one) and `count_<what>s` (any other number).
    pub fn count(&self, n: usize, what: &str) -> String {
        let key = match n {
            1 => format!("count_{what}"),
            _ => format!("count_{what}s"),
        };
        format!("{n} {}", self.label(&key))
    }

    fn outcome_label(&self, o: &crate::model::Outcome) -> String {
        let kind = o.kind().as_str();
        match o.to() {
            Some(to) if o.kind() == OutcomeKind::Proposed => {
                format!(
                    "{} {}",
                    self.label("outcome_proposed_to"),
                    to.to_lowercase()
                )
            }
            _ => self.label(&format!("outcome_{kind}")),
        }
    }

    fn head_strings(&self, i: ItemId) -> &HeadStrings {
        self.heads[i.index()].get_or_init(|| {
            let item = &self.site.items[i];
            let outcome = item.meta.outcome.as_ref();
            HeadStrings {
                number: item.meta.number.to_string(),
                outcome_label: outcome.map(|o| self.outcome_label(o)),
                resolution: resolution_text(&self.site.item_text(i)),
            }
        })
    }

    /// What the item's text says was decided, whole (see [`resolution_text`]).
    pub(crate) fn resolution(&self, i: ItemId) -> Option<&str> {
        self.head_strings(i).resolution.as_deref()
    }

    /// The decision line: [`Views::resolution`], shortened for a page.
    fn decision(&self, i: ItemId) -> Option<String> {
        self.resolution(i).map(decision_line_of)
    }

    pub fn meeting_strings(&self, m: MeetingId) -> &MeetingStrings {
        self.meetings[m.index()].get_or_init(|| {
            let meeting = &self.site.meetings[m];
            let date = DateView::new(meeting.meta.date, self.site.config.language);
            let kind_label = self.label(&format!("kind_{}", meeting.meta.kind.as_str()));
            let title = match &meeting.meta.title {
                Some(t) => t.clone(),
                None => format!(
                    "{}, {kind_label} {}",
                    self.site.bodies[meeting.body].name, date.text
                ),
            };
            MeetingStrings {
                title,
                date,
                kind_label,
            }
        })
    }

    pub fn meeting(&self, m: MeetingId) -> MeetingSummary<'a> {
        let site = self.site;
        let meeting = &site.meetings[m];
        let (org, body) = (&site.orgs[meeting.org], &site.bodies[meeting.body]);
        let strings = self.meeting_strings(m);
        MeetingSummary {
            title: strings.title.clone(),
            url: &meeting.url,
            date: strings.date.clone(),
            kind: meeting.meta.kind.as_str(),
            kind_label: strings.kind_label.clone(),
            org: Link {
                title: &org.name,
                url: &org.url,
            },
            body: Link {
                title: &body.name,
                url: &body.url,
            },
            item_count: meeting.items.len(),
        }
    }

    /// [`Views::meeting`] as a template value, made on first use and then shared.
    pub fn meeting_value(&self, m: MeetingId) -> tera::Value {
        self.meeting_values[m.index()]
            .get_or_init(|| tera::Value::from_serializable(&self.meeting(m)))
            .clone()
    }

    pub fn case_link(&self, c: CaseId) -> Link<'a> {
        let case = &self.site.cases[c];
        Link {
            title: &case.number,
            url: &case.url,
        }
    }

    pub fn item(&self, i: ItemId) -> ItemSummary<'a> {
        ItemSummary {
            head: self.item_head(i),
            meeting: self.meeting_value(self.site.items[i].meeting),
        }
    }

    pub fn item_head(&self, i: ItemId) -> ItemHead<'a> {
        let item = &self.site.items[i];
        let meta = &item.meta;
        let strings = self.head_strings(i);
        ItemHead {
            number: strings.number.clone(),
            title: &meta.title,
            url: &item.url,
            outcome: meta.outcome.as_ref().map(|o| OutcomeView {
                kind: o.kind().as_str(),
                to: o.to(),
                label: strings.outcome_label.clone().unwrap_or_default(),
            }),
            decision: self.decision(i),
            cases: item.cases.iter().map(|c| self.case_link(*c)).collect(),
        }
    }

    /// One line on what the item is, for feeds and the page's description: the decision line,
    /// else the first paragraph of its text, else its outcome and title (an item of a title
    /// only says what its title says).
    pub fn summary(&self, i: ItemId) -> String {
        let item = &self.site.items[i];
        if let Some(decision) = self.decision(i) {
            return decision;
        }
        if let Some(first) = markdown::first_paragraph(&self.site.item_text(i)) {
            return shorten(&first, 240);
        }
        match &self.head_strings(i).outcome_label {
            Some(outcome) => format!("{outcome}: {}", item.meta.title),
            None => item.meta.title.clone(),
        }
    }

    /// `shift`: how far the item's own headings move down on the page showing it.
    pub fn item_full(&self, i: ItemId, shift: u8) -> ItemFull<'a> {
        let item = &self.site.items[i];
        let meta = &item.meta;
        // A facts section whose heading the text already has would say the same twice
        // (`Deltar ej i beslutet` above and below): the text, as printed, is kept.
        let text = self.site.item_text(i);
        let unless_in_text = |names: &[&str]| !markdown::has_heading(&text, names);
        let chair = self.site.meetings[item.meeting].meta.chair.as_deref();
        let full = ItemFull {
            head: self.item_head(i),
            anchor: &item.anchor,
            html: self.item_html(i, &text, shift),
            motions: meta
                .motions
                .iter()
                .map(|m| self.statement(&m.by, Some(&m.text), chair))
                .collect(),
            votes: self.votes(i),
            reservations: meta
                .reservations
                .iter()
                .map(|s| self.statement(&s.by, s.text.as_deref(), chair))
                .collect(),
            notes: meta
                .notes
                .iter()
                .map(|s| self.statement(&s.by, s.text.as_deref(), chair))
                .collect(),
            abstained: meta.abstained.iter().map(|p| self.person(p)).collect(),
            recused: meta.recused.iter().map(|p| self.person(p)).collect(),
            officials: meta
                .officials
                .iter()
                .map(|o| OfficialView {
                    name: &o.name,
                    role: o.role.as_deref(),
                })
                .collect(),
            references: self.references(i),
            cited_by: item.cited_by.iter().map(|c| self.item(*c)).collect(),
            mentioned_cases: item.mentions.iter().map(|c| self.case_link(*c)).collect(),
            attachments: &meta.attachments,
            recipients: &meta.recipients,
            subjects: item
                .subjects
                .iter()
                .map(|s| Link {
                    title: &self.site.subjects[*s].name,
                    url: &self.site.subjects[*s].url,
                })
                .collect(),
            pairs: super::pairing::links(self, i),
        };
        ItemFull {
            reservations: keep_if(unless_in_text(RESERVATIONS), full.reservations),
            notes: keep_if(unless_in_text(NOTES), full.notes),
            abstained: keep_if(unless_in_text(ABSTAINED), full.abstained),
            recused: keep_if(unless_in_text(RECUSED), full.recused),
            recipients: if unless_in_text(RECIPIENTS) {
                full.recipients
            } else {
                &[]
            },
            ..full
        }
    }

    /// [`Views::item_full`] as a template value, made for the first of two uses and taken by
    /// the second; with a `shift`, a copy whose `html` has its headings moved.
    pub fn item_full_value(&self, i: ItemId, shift: u8) -> tera::Value {
        let own = {
            // A poisoned slot only means another page panicked; the value in it is whole.
            let mut slot = self.full_values[i.index()]
                .lock()
                .unwrap_or_else(|e| e.into_inner());
            match slot.take() {
                Some((kept, read)) => {
                    reads::note_all(&read);
                    kept
                }
                None => {
                    let (made, read) =
                        reads::capture(|| tera::Value::from_serializable(&self.item_full(i, 0)));
                    *slot = Some((made.clone(), read));
                    made
                }
            }
        };
        if shift == 0 {
            return own;
        }
        // The text is rendered once, for the item's own page; the meeting's page moves the
        // headings of that HTML rather than render the Markdown again.
        let html_key = tera::value::Key::from("html");
        let mut fields = own.into_map().unwrap_or_default();
        if let Some(html) = fields.get(&html_key).and_then(|h| h.as_str()) {
            let shifted = tera::Value::safe_string(&markdown::shift_headings(html, shift));
            fields.insert(html_key, shifted);
        }
        tera::Value::from(fields)
    }

    /// The item's text as HTML; `shift` moves headings below the page's own. Not kept: each
    /// item's text is rendered once (see [`Views::item_full_value`]), and keeping every
    /// item's HTML to the end of the build was a fifth of its peak memory. `text` is the
    /// item's, as [`Views::item_full`] read it: a stored text is read from disk on each ask.
    fn item_html(&self, i: ItemId, text: &str, shift: u8) -> tera::Value {
        tera::Value::safe_string(&markdown::to_html_linked(
            text,
            shift,
            &self.linkables(i),
            &self.label("not_in_archive"),
        ))
    }

    /// The phrases of an item's text that name its cases and its references.
    fn linkables(&self, i: ItemId) -> Vec<markdown::Linkable> {
        let item = &self.site.items[i];
        let base = self.site.config.base_path();
        let org = self.site.meetings[item.meeting].org;
        let cases = item.meta.cases.iter().filter_map(|printed| {
            let number = crate::case_number::CaseNumber::parse(printed)?;
            let case = self.site.case(org, &number.canonical)?;
            Some(markdown::Linkable {
                text: printed.clone(),
                href: Some(format!("{base}{}", self.site.cases[case].url)),
            })
        });
        let refs = self.references(i).into_iter().map(|r| markdown::Linkable {
            text: r.text.to_string(),
            href: r.url.map(|u| format!("{base}{u}")),
        });
        cases.chain(refs).collect()
    }

    fn references(&self, i: ItemId) -> Vec<ReferenceView<'a>> {
        let item = &self.site.items[i];
        item.meta
            .references
            .iter()
            .zip(
                item.reference_targets
                    .iter()
                    .chain(std::iter::repeat(&None)),
            )
            .map(|(r, t)| ReferenceView {
                text: &r.text,
                url: t.map(|t| match t {
                    Target::Item(x) => self.site.items[x].url.as_str(),
                    Target::Case(c) => self.site.cases[c].url.as_str(),
                }),
            })
            .collect()
    }

    /// `chair`: the meeting's, whom the role word `Ordförande` in `by` names.
    fn statement(
        &self,
        by: &'a [String],
        text: Option<&'a str>,
        chair: Option<&'a str>,
    ) -> StatementView<'a> {
        StatementView {
            by: by
                .iter()
                .map(|p| self.person(crate::site::as_person(p, chair)))
                .collect(),
            text,
        }
    }

    /// A printed name linked to the person's page, or to the party's page for a party.
    pub fn person(&self, printed: &'a str) -> PersonRef<'a> {
        let name = crate::model::PersonName::parse(printed).name;
        // Looked up in what was made for all pages: the page depends on every name and URL
        // (a person added may take this name), not on each person's record.
        reads::note(Read::whole(Kind::PersonLinks));
        reads::note(Read::whole(Kind::PartyLinks));
        let people = self.site.people.unrecorded();
        let person = self
            .site
            .person_named(&name)
            .map(|p| people[p].url.as_str());
        let url = person.or_else(|| {
            self.site
                .parties
                .unrecorded()
                .iter()
                .find(|p| p.code == crate::identity::fold(printed).trim())
                .map(|p| p.url.as_str())
        });
        PersonRef { name: printed, url }
    }
}

/// The headings under which minutes print what the facts sections of an item show (the names
/// the importer reads them from, in `import::item`).
const RESERVATIONS: &[&str] = &["reservation", "reservationer"];
const NOTES: &[&str] = &[
    "protokollsanteckning",
    "protokollsanteckningar",
    "särskilt yttrande",
];
const ABSTAINED: &[&str] = &["deltar ej i beslutet"];
const RECUSED: &[&str] = &["jäv"];
const RECIPIENTS: &[&str] = &["delges", "expedieras", "beslutet skickas till"];

fn keep_if<T>(keep: bool, list: Vec<T>) -> Vec<T> {
    if keep {
        list
    } else {
        Vec::new()
    }
}

/// The line that says what was decided, shortened for a page (see [`resolution_text`]).
#[cfg(test)]
fn decision_line(text: &str) -> Option<String> {
    resolution_text(text).as_deref().map(decision_line_of)
}

/// The decision line of a resolution: at most 240 characters of it.
fn decision_line_of(resolution: &str) -> String {
    shorten(resolution, 240)
}

/// What was decided: the first paragraph of the `Beslut` section, or of `Förslag till beslut`
/// when there is no decision. A proposal's `Beslut` says what the body proposes, while its
/// `Förslag till beslut` may hold a member's motion (`Ordförande yrkar …`), which is not what
/// was decided, so the decision comes first whatever the outcome. Whole, it is what open data
/// gives as the resolution; shortened, the decision line of the pages.
fn resolution_text(text: &str) -> Option<String> {
    markdown::first_paragraph_under(text, is_decision_heading).or_else(|| {
        markdown::first_paragraph_under(text, is_proposal_heading).filter(|l| !is_motion(l))
    })
}

/// Whether a paragraph moves something (`… yrkar …`, `… tilläggsyrkar …`) rather than states it.
fn is_motion(paragraph: &str) -> bool {
    paragraph
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| matches!(w.to_lowercase().as_str(), "yrkar" | "tilläggsyrkar"))
}

/// `Beslut`, or a body's decision in the genitive: `Arbetsutskottets beslut`, `Nämndens
/// beslut`, `Kommunfullmäktiges beslut`.
pub(crate) fn is_decision_heading(heading: &str) -> bool {
    let h = heading.to_lowercase();
    h == "beslut" || (h.ends_with("s beslut") && !h.starts_with("förslag"))
}

/// `Förslag till beslut` (also `… under sammanträdet`), `Beslutsförslag`, `Ordförandens förslag`.
pub(crate) fn is_proposal_heading(heading: &str) -> bool {
    let h = heading.to_lowercase();
    h.starts_with("förslag till beslut") || h == "beslutsförslag" || h.ends_with("s förslag")
}

pub(super) fn shorten(s: &str, max_chars: usize) -> String {
    if s.chars().count() <= max_chars {
        return s.to_string();
    }
    let cut: String = s.chars().take(max_chars).collect();
    let at = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", &cut[..at])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decision_and_proposal_headings_by_their_shape() {
        for h in [
            "Beslut",
            "Arbetsutskottets beslut",
            "Nämndens beslut",
            "Kommunfullmäktiges beslut",
        ] {
            assert!(is_decision_heading(h), "{h}");
        }
        for h in [
            "Förslag till beslut",
            "Beslutsunderlag",
            "Beslutsgång",
            "Reservationer",
        ] {
            assert!(!is_decision_heading(h), "{h}");
        }
        for h in [
            "Förslag till beslut",
            "Förslag till beslut under sammanträdet",
            "Beslutsförslag",
            "Ordförandens förslag",
        ] {
            assert!(is_proposal_heading(h), "{h}");
        }
        let md = "## Sammanfattning\n\nText.\n\n## Socialnämndens beslut\n\nAnsökan beviljas.\n";
        assert_eq!(decision_line(md).as_deref(), Some("Ansökan beviljas."));
    }

    /// Issue 14: § 227 of 2024-12-05 showed the chair's motion, not the decision.
    #[test]
    fn the_decision_box_shows_the_decision_not_a_motion() {
        let md = "## Förslag till beslut\n\nOrdförande yrkar på följande ändringar;\n\n\
                  ## Beslut\n\nArbetsutskottet föreslår att regionstyrelsen beslutar\n\n\
                  Att fastställa nämndplanen.\n";
        assert_eq!(
            decision_line(md).as_deref(),
            Some(
                "Arbetsutskottet föreslår att regionstyrelsen beslutar Att fastställa nämndplanen."
            )
        );
        let only_motion = "## Förslag till beslut\n\nAnna Berg (S) yrkar bifall.\n";
        assert_eq!(decision_line(only_motion), None);
        let proposal = "## Förslag till beslut\n\nRegionstyrelsen godkänner planen.\n";
        assert_eq!(
            decision_line(proposal).as_deref(),
            Some("Regionstyrelsen godkänner planen.")
        );
    }
}
