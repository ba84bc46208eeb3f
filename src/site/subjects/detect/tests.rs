//! Subject detection on the seed minutes (tests/fixtures/subjects/, copies of the shared seeds)
//! and on small hand-made items: look-alikes, config, manual subjects.

use super::*;
use regex::Regex;

const VASTMANLAND_AGENDA: &str =
    include_str!("../../../../tests/fixtures/subjects/000_89168f636f27dbf2.txt");
const VASTERBOTTEN: &str =
    include_str!("../../../../tests/fixtures/subjects/001_74a5850b5a719d43.txt");
const VASTERNORRLAND: &str =
    include_str!("../../../../tests/fixtures/subjects/002_826bea17b38470f3.txt");
const VASTMANLAND_REPORT: &str =
    include_str!("../../../../tests/fixtures/subjects/004_f3a19cbbc7dd40cc.txt");

/// An item cut from a seed, labelled like `VB 229` for the assertions.
struct SeedItem {
    label: String,
    meeting: &'static str,
    title: String,
    text: String,
}

/// Cuts `text` at each heading `pattern` matches (group 1: number, group 2: title). A number
/// seen twice (a table of contents, then the paragraph) keeps its longest section.
fn cut(text: &str, pattern: &str, prefix: &str, meeting: &'static str) -> Vec<SeedItem> {
    let heading = Regex::new(pattern).unwrap();
    let starts: Vec<_> = heading.captures_iter(text).collect();
    let mut by_number: BTreeMap<usize, SeedItem> = BTreeMap::new();
    for (k, caps) in starts.iter().enumerate() {
        let whole = caps.get(0).unwrap();
        let end = starts
            .get(k + 1)
            .map_or(text.len(), |c| c.get(0).unwrap().start());
        let number: usize = caps[1].parse().unwrap();
        let item = SeedItem {
            label: format!("{prefix} {number}"),
            meeting,
            title: caps[2].trim().to_string(),
            text: text[whole.end()..end].to_string(),
        };
        let longer = by_number
            .get(&number)
            .is_none_or(|old| old.text.len() < item.text.len());
        if longer {
            by_number.insert(number, item);
        }
    }
    by_number.into_values().collect()
}

fn seed_items() -> Vec<SeedItem> {
    let paragraph = r"(?m)^[ \t]*§ ?(\d+)[ \t]+(\S[^\n]*)$";
    let mut items = cut(
        VASTMANLAND_AGENDA,
        r"(?m)^ ?(\d{1,2}) ([A-ZÅÄÖ][^\n]*)$",
        "VM",
        "vm/rsau/2025-04",
    );
    items.extend(cut(VASTERBOTTEN, paragraph, "VB", "vb/rsau/2024-12-05"));
    items.extend(cut(VASTERNORRLAND, paragraph, "VN", "vn/rsfu/2024-12-11"));
    items.push(SeedItem {
        label: "VM report".into(),
        meeting: "vm/regionkontoret/2025-rapport",
        title: "Verksamhetsberättelse 2025 Regionkontoret".into(),
        text: VASTMANLAND_REPORT.into(),
    });
    items
}

fn inputs(items: &[SeedItem]) -> Vec<ItemInput<'_>> {
    items
        .iter()
        .enumerate()
        .map(|(id, item)| ItemInput {
            id,
            meeting: item.meeting,
            title: &item.title,
            text: &item.text,
            manual: &[],
            people: &[],
        })
        .collect()
}

/// `slug: label, label` per subject, for assertions that read like the review.
fn summary(subjects: &[Detected], items: &[SeedItem]) -> Vec<String> {
    subjects
        .iter()
        .map(|t| {
            let members: Vec<&str> = t.members.iter().map(|&i| items[i].label.as_str()).collect();
            format!("{} \"{}\": {}", t.slug, t.name, members.join(", "))
        })
        .collect()
}

#[test]
fn seed_split_finds_every_item() {
    let items = seed_items();
    let labels: Vec<&str> = items.iter().map(|i| i.label.as_str()).collect();
    assert_eq!(
        labels.iter().filter(|l| l.starts_with("VM ")).count(),
        14,
        "{labels:?}"
    );
    assert_eq!(
        labels.iter().filter(|l| l.starts_with("VB ")).count(),
        17,
        "{labels:?}"
    );
    assert_eq!(
        labels.iter().filter(|l| l.starts_with("VN ")).count(),
        20,
        "{labels:?}"
    );
}

/// Every subject on the seeds, reviewed by eye:
/// - `cosmic-fvis`: VB § 222 follows up FVIS (framtidens vårdinformationsstöd), VB § 223 sets
///   the go-live of Cosmic (the FVIS health record), VN § 220 is the IT plan whose text is
///   about introducing Cosmic / Framtidens vårdinformationsstöd.
/// - `finansrapport`: the monthly finance reports of Västmanland (item 8, March 2025) and
///   Västerbotten (§ 221, October 2024): the same recurring report.
/// - `regionavtal`: the termination of the northern region agreement in both regions.
///
/// Not joined, rightly: VB § 220 `Informationer` (lists FVIS, Cosmic, budget, internal control
/// in passing), the housekeeping items, VN § 210 (Regionplan) with anything else, the annual
/// report with anything.
#[test]
fn seed_subjects_are_the_reviewed_subjects() {
    let items = seed_items();
    let subjects = detect(&inputs(&items), &SubjectsConfig::default());
    assert_eq!(
        summary(&subjects, &items),
        [
            "cosmic-fvis \"Cosmic / FVIS\": VB 222, VB 223, VN 220",
            "finansrapport \"Finansrapport\": VM 8, VB 221",
            "regionavtal \"Regionavtal\": VB 229, VN 216",
        ]
    );
    let cosmic = &subjects[0];
    assert_eq!(cosmic.terms, ["cosmic", "fvis"]);
}

#[test]
fn seed_detection_is_deterministic() {
    let items = seed_items();
    let first = detect(&inputs(&items), &SubjectsConfig::default());
    for _ in 0..3 {
        assert_eq!(detect(&inputs(&items), &SubjectsConfig::default()), first);
    }
}

#[test]
fn hand_edit_adds_an_item_to_a_detected_subject() {
    let items = seed_items();
    let manual = ["Regionavtalet".to_string()];
    let mut inputs = inputs(&items);
    let budget = items.iter().position(|i| i.label == "VB 227").unwrap();
    inputs[budget].manual = &manual;
    let subjects = detect(&inputs, &SubjectsConfig::default());
    let regionavtal = subjects.iter().find(|t| t.slug == "regionavtal").unwrap();
    let labels: Vec<&str> = regionavtal
        .members
        .iter()
        .map(|&i| items[i].label.as_str())
        .collect();
    assert_eq!(labels, ["VB 227", "VB 229", "VN 216"]);
}

/// Hand-made items: (meeting, title, text).
fn made(items: &[(&'static str, &'static str, &'static str)]) -> Vec<ItemInput<'static>> {
    items
        .iter()
        .enumerate()
        .map(|(id, &(meeting, title, text))| ItemInput {
            id,
            meeting,
            title,
            text,
            manual: &[],
            people: &[],
        })
        .collect()
}

fn members(subjects: &[Detected]) -> Vec<(String, Vec<usize>)> {
    subjects
        .iter()
        .map(|t| (t.slug.clone(), t.members.clone()))
        .collect()
}

#[test]
fn regionavtal_meets_avtalet_om_regionvard_but_not_its_look_alikes() {
    let items = made(&[
        ("vb/1", "Uppsägning av regionavtalet", ""),
        (
            "vn/1",
            "Norra sjukvårdsregionen",
            "Avtalet om regionvård sägs upp. Avtalet om regionvård gäller till 2027.",
        ),
        ("vn/2", "Regionplan 2025–2027", ""),
        ("jh/1", "Regionplanen 2026–2028", ""),
        ("vb/2", "Hyresavtal för Skellefteå lasarett", ""),
        ("nb/1", "Nytt hyresavtalet för lasarettet i Sunderbyn", ""),
        ("vm/1", "Avtalssamverkan inför höjd beredskap", ""),
        ("vm/2", "Avtal om samverkan kring höjd beredskap", ""),
    ]);
    let subjects = detect(&items, &SubjectsConfig::default());
    assert_eq!(
        members(&subjects),
        [
            ("beredskap-hojd".to_string(), vec![6, 7]),
            ("hyresavtal-lasarett".to_string(), vec![4, 5]),
            ("regionavtal".to_string(), vec![0, 1]),
            ("regionplan".to_string(), vec![2, 3]),
        ]
    );
}

#[test]
fn two_different_agreements_stay_apart() {
    let items = made(&[
        (
            "vb/1",
            "Avtal om tolktjänster",
            "Avtalet med tolkförmedlingen löper ut.",
        ),
        ("vn/1", "Förlängning av avtalet om tolktjänster", ""),
        (
            "vb/2",
            "Avtal om städtjänster",
            "Avtalet med städbolaget löper ut.",
        ),
        ("vn/2", "Upphandling av avtal om städtjänster", ""),
    ]);
    let subjects = detect(&items, &SubjectsConfig::default());
    assert_eq!(
        members(&subjects),
        [
            ("stadtjanst".to_string(), vec![2, 3]),
            ("tolktjanst".to_string(), vec![0, 1]),
        ]
    );
}

#[test]
fn generic_words_and_housekeeping_never_make_a_subject() {
    let items = made(&[
        ("a/1", "Uppföljning av budget 2025", "Budget budget budget."),
        (
            "b/1",
            "Budget och uppföljning 2025",
            "Budget budget budget.",
        ),
        ("a/2", "Val av justerare", "Cosmic Cosmic Cosmic"),
        ("b/2", "Informationer", "Cosmic Cosmic Cosmic"),
        ("c/1", "Driftsättning av Cosmic", ""),
        ("a/3", "Anmälan av delegationsbeslut", ""),
        ("b/3", "Meddelanden", ""),
    ]);
    assert_eq!(detect(&items, &SubjectsConfig::default()), []);
}

/// Issue 14: the 10,000-meeting archive had subjects named `Kring`, `Motion`, `Riktlinje`,
/// `Medborgarförslag` and `Revisionsrapport / Svar`, from the frames of its titles.
#[test]
fn the_frames_of_titles_never_make_a_subject() {
    let frames = [
        "Avtal om samverkan kring {}",
        "Motion om {} från Anna Berg (S)",
        "Riktlinje för {}",
        "Medborgarförslag om {}",
        "Svar på revisionsrapport om {}",
        "Överenskommelse om {}",
        "Interpellation angående {}",
    ];
    let titles: Vec<String> = ["hyrpersonal", "arbetsmiljö"]
        .iter()
        .flat_map(|subject| frames.map(|frame| frame.replace("{}", subject)))
        .collect();
    let meetings = ["a/1", "b/1", "a/2", "b/2", "c/1"];
    let items: Vec<ItemInput> = titles
        .iter()
        .enumerate()
        .map(|(id, title)| ItemInput {
            id,
            meeting: meetings[id % meetings.len()],
            title,
            text: "",
            manual: &[],
            people: &[],
        })
        .collect();
    let subjects = detect(&items, &SubjectsConfig::default());
    let names: Vec<&str> = subjects.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["Arbetsmiljö", "Hyrpersonal"]);
    assert!(subjects.iter().all(|t| t.members.len() == frames.len()));
}

fn config(text: &str) -> SubjectsConfig {
    let config: SubjectsConfig = toml::from_str(text).unwrap();
    config.validate().unwrap();
    config
}

fn seed_slugs(config: &SubjectsConfig) -> Detection {
    detect_checked(&inputs(&seed_items()), config)
}

#[test]
fn config_suppresses_a_subject_by_slug_or_term() {
    for key in ["finansrapport", "Finansrapporten"] {
        let detection = seed_slugs(&config(&format!("suppress = [\"{key}\"]")));
        let slugs: Vec<&str> = detection.subjects.iter().map(|t| t.slug.as_str()).collect();
        assert_eq!(slugs, ["cosmic-fvis", "regionavtal"], "{key}");
    }
}

#[test]
fn config_merges_renames_and_splits() {
    let merged = seed_slugs(&config(
        "merge = [[\"regionavtal\", \"finansrapport\"]]\n[names]\nregionavtal = \"Avtal och rapporter\"",
    ));
    assert_eq!(merged.problems, Vec::<String>::new());
    let names: Vec<(&str, &str)> = merged
        .subjects
        .iter()
        .map(|t| (t.slug.as_str(), t.name.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("cosmic-fvis", "Cosmic / FVIS"),
            ("regionavtal", "Avtal och rapporter")
        ]
    );
    assert_eq!(merged.subjects[1].terms, ["finansrapport", "regionavtal"]);

    let split = seed_slugs(&config("split = [\"cosmic-fvis\"]"));
    let slugs: Vec<(&str, usize)> = split
        .subjects
        .iter()
        .map(|t| (t.slug.as_str(), t.members.len()))
        .collect();
    assert_eq!(
        slugs,
        [
            ("cosmic", 2),
            ("finansrapport", 2),
            ("fvis", 3),
            ("regionavtal", 2)
        ]
    );
}

#[test]
fn config_naming_an_unknown_subject_is_reported() {
    let detection = seed_slugs(&config(
        "merge = [[\"regionavtalet\", \"fvis\"]]\nsplit = [\"budget\"]\n[names]\nnope = \"X\"",
    ));
    assert_eq!(
        detection.problems,
        [
            "topics.split: no topic \"budget\" (known: cosmic-fvis, finansrapport, regionavtal)",
            "topics.merge: no topic \"regionavtalet\" (known: cosmic-fvis, finansrapport, regionavtal)",
            "topics.merge: no topic \"fvis\" (known: cosmic-fvis, finansrapport, regionavtal)",
            "topics.names: no topic \"nope\"",
        ]
    );
    assert_eq!(detection.subjects.len(), 3);
}

#[test]
fn config_alias_joins_a_new_wording() {
    let items = made(&[
        ("vb/1", "Införande av Millennium", ""),
        ("vn/1", "Millennium i primärvården", ""),
        ("jh/1", "Driftstart för Cosmic", ""),
    ]);
    let config = config("[aliases]\nMillennium = \"Cosmic\"");
    let subjects = detect(&items, &config);
    assert_eq!(members(&subjects), [("cosmic".to_string(), vec![0, 1, 2])]);
}

#[test]
fn manual_subject_counts_for_a_single_item() {
    let manual = ["Sjukresor".to_string()];
    let mut items = made(&[("vn/1", "Ordförandeförslag", "")]);
    items[0].manual = &manual;
    let subjects = detect(&items, &SubjectsConfig::default());
    assert_eq!(
        subjects,
        [Detected {
            slug: "sjukresor".into(),
            name: "Sjukresor".into(),
            members: vec![0],
            terms: vec![],
        }]
    );
}

/// A distinct word for each number (titles with digits name no subject), spelled with
/// consonants after `ämn` so that no two fold to one stem.
fn word(mut n: usize) -> String {
    const CONSONANTS: &[u8] = b"bcdfghjklmnpqrtvwxz";
    let mut letters = Vec::new();
    loop {
        letters.push(CONSONANTS[n % CONSONANTS.len()]);
        n /= CONSONANTS.len();
        if n == 0 {
            break;
        }
    }
    letters.reverse();
    format!("ämn{}", String::from_utf8(letters).unwrap_or_default())
}

#[test]
fn many_items_stay_fast_and_apart() {
    const MEETINGS: usize = 2_000;
    let meetings: Vec<String> = (0..MEETINGS)
        .map(|m| format!("org{}/möte{m}", m % 20))
        .collect();
    let mut owned: Vec<(usize, String, String)> = Vec::new();
    for (m, _) in meetings.iter().enumerate() {
        owned.push((
            m,
            "Finansrapport per månad".into(),
            "Likviditet och lån.".into(),
        ));
        owned.push((m, "Val av justerare".into(), String::new()));
        for k in 0..8 {
            let subject = word(m * 8 + k);
            owned.push((
                m,
                format!("Uppföljning av {subject}"),
                format!("{subject} {subject}"),
            ));
        }
    }
    let items: Vec<ItemInput<'_>> = owned
        .iter()
        .enumerate()
        .map(|(id, (m, title, text))| ItemInput {
            id,
            meeting: &meetings[*m],
            title,
            text,
            manual: &[],
            people: &[],
        })
        .collect();
    let started = std::time::Instant::now();
    let subjects = detect(&items, &SubjectsConfig::default());
    eprintln!("{} items: {:?}", items.len(), started.elapsed());
    assert_eq!(subjects.len(), 1);
    assert_eq!(subjects[0].slug, "finansrapport");
    assert_eq!(subjects[0].members.len(), MEETINGS);
}

/// Minutes name who moved or reserved themselves in the titles and texts of items of every
/// subject; first names and surnames recur across meetings, but they are people, not subjects.
#[test]
fn people_are_not_subjects() {
    let items = made(&[
        (
            "vb/1",
            "Motion om regionavtalet från Camilla Larsson (SD)",
            "",
        ),
        (
            "vn/1",
            "Motion om arbetsmiljö från Camilla Pettersson (S)",
            "",
        ),
        ("jh/1", "Motion om trafikplikt från Olle Pettersson(M)", ""),
        (
            "nb/1",
            "Uppsägning av regionavtalet",
            "Peter Lindberg (M) yrkar bifall. Lindberg yrkar också.",
        ),
        (
            "vm/1",
            "Lokalförsörjningsplan",
            "Peter Lindberg (M) yrkar avslag. Lindberg reserverar sig.",
        ),
        ("vm/2", "Lokalförsörjningsplan", ""),
    ]);
    let subjects = detect(&items, &SubjectsConfig::default());
    assert_eq!(
        members(&subjects),
        [
            // `Motion` is the kind of business, never a subject (issue 14).
            ("lokalforsorjningsplan".to_string(), vec![4, 5]),
            ("regionavtal".to_string(), vec![0, 3]),
        ]
    );
}
