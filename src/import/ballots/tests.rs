//! Ballots from constructed protocols: the layouts real voteringslistor use, in neither the
//! seeds nor the dev set.

use super::*;
use crate::import::doc::lines_of;

fn ballots(text: &str) -> Vec<Vec<(String, Choice)>> {
    read(&lines_of(text))
        .into_iter()
        .map(|g| g.ballots.into_iter().map(|b| (b.by, b.vote)).collect())
        .collect()
}

fn b(by: &str, vote: Choice) -> (String, Choice) {
    (by.to_string(), vote)
}

const LAYOUT_TABLE: &str = "\
Omröstningsbilaga § 45

Voteringslista
                                                  Ja      Nej     Avstår   Frånvarande
Ledamöter             Parti
Ordförande Anna Berg  S                           X
Olle Ek               M                                   X
Eva Lund (S)                                      X
Karin af Ström        SD                                          X
Per Sund              V                                                    X
Summa                                             2       1       1

Fullmäktige har beslutat enligt kommunstyrelsens förslag.
";

#[test]
fn layout_table_with_party_column_marks_and_sum_row() {
    let groups = read(&lines_of(LAYOUT_TABLE));
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].printed, Some((2, 1, 1)));
    assert_eq!(
        ballots(LAYOUT_TABLE),
        [vec![
            b("Anna Berg (S)", Choice::Yes),
            b("Olle Ek (M)", Choice::No),
            b("Eva Lund (S)", Choice::Yes),
            b("Karin af Ström (SD)", Choice::Abstain),
            b("Per Sund (V)", Choice::Absent),
        ]]
    );
}

#[test]
fn pipe_table_and_substitute_beside_the_member() {
    let text = "\
Ledamöter | Tjänstgörande ersättare | Ja | Nej | Avstår
Anna Berg (S) | | X | |
Olle Ek (M) | Lisa Holm (M) | | X |
";
    assert_eq!(
        ballots(text),
        [vec![
            b("Anna Berg (S)", Choice::Yes),
            b("Lisa Holm (M)", Choice::No),
        ]]
    );
}

#[test]
fn rows_with_the_vote_as_a_word_need_no_header_but_two_rows() {
    let text = "Anna Berg (S)        Ja\nOlle Ek (M)          Nej\nEva Lund (S)         Avstår\n";
    assert_eq!(
        ballots(text),
        [vec![
            b("Anna Berg (S)", Choice::Yes),
            b("Olle Ek (M)", Choice::No),
            b("Eva Lund (S)", Choice::Abstain),
        ]]
    );
    assert!(ballots("Anna Berg (S)        Ja\n\nOrdföranden ställer proposition.\n").is_empty());
    assert!(ballots("Anna Berg (S) röstar ja och Olle Ek (M) nej.\nDärefter ja.\n").is_empty());
}

#[test]
fn sentence_lists_split_into_votes_when_a_label_repeats() {
    let text = "\
Omröstning
Ja-röster (2): Anna Berg (S) och Eva Lund
(S). Nej-röster: Olle Ek (M). Frånvarande: Per Sund (V).

Följande ledamöter röstade ja: Anna Berg, Olle Ek
Följande ledamöter röstade nej: Eva Lund
";
    assert_eq!(
        ballots(text),
        [
            vec![
                b("Anna Berg (S)", Choice::Yes),
                b("Eva Lund (S)", Choice::Yes),
                b("Olle Ek (M)", Choice::No),
                b("Per Sund (V)", Choice::Absent),
            ],
            vec![
                b("Anna Berg", Choice::Yes),
                b("Olle Ek", Choice::Yes),
                b("Eva Lund", Choice::No),
            ],
        ]
    );
}

#[test]
fn counts_and_presence_notes_are_no_ballots() {
    assert!(ballots("Ja: 31, Nej: 28, Avstår: 2.\n").is_empty());
    assert!(ballots("Frånvarande: Per Sund (V), Anna Berg (S).\n").is_empty());
    assert!(ballots("Ja-röst för bifall, nej-röst för Anna Bergs (S) yrkande.\n").is_empty());
}

fn described(question: &str) -> Vote {
    Vote {
        question: Some(question.to_string()),
        ..Vote::counted(0, 0, 0)
    }
}

#[test]
fn printed_counts_win_and_ballots_count_when_nothing_is_printed() {
    let groups = read(&lines_of(LAYOUT_TABLE));
    let q = "Ja-röst för kommunstyrelsens förslag, nej-röst för återremiss.";
    let kept = votes(Some((3, 1, 1)), described(q), groups.clone());
    assert_eq!((kept[0].yes, kept[0].no, kept[0].abstained), (3, 1, 1));
    assert!(kept[0].disagrees());
    assert_eq!(kept[0].yes_for.as_deref(), Some("kommunstyrelsens förslag"));
    assert_eq!(kept[0].no_for.as_deref(), Some("återremiss"));
    let summed = votes(None, described(q), groups);
    assert_eq!(
        (summed[0].yes, summed[0].no, summed[0].abstained),
        (2, 1, 1)
    );
    assert!(!summed[0].disagrees());
    let listed = votes(
        None,
        Vote::counted(0, 0, 0),
        read(&lines_of("Ja: A B (S)\nNej: C D (M)\n")),
    );
    assert_eq!((listed[0].yes, listed[0].no), (1, 1));
}

#[test]
fn counts_only_and_no_vote() {
    let q = "Den som vill bifalla förslaget röstar ja, den som vill avslå det röstar nej.";
    let v = votes(Some((31, 30, 0)), described(q), Vec::new());
    assert_eq!(v.len(), 1);
    assert!(v[0].ballots.is_empty());
    assert_eq!(v[0].yes_for.as_deref(), Some("bifalla förslaget"));
    assert_eq!(v[0].no_for.as_deref(), Some("avslå det"));
    assert!(votes(None, described(q), Vec::new()).is_empty());
}
