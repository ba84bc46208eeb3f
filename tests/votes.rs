//! Issue 17, point 3, "who voted how", through the real binary: a constructed protocol with a
//! voteringslista and a labelled list is imported, then built; the ballots reach the item's
//! table, the people's and parties' pages and `/data/votes.json`. A list that does not add up
//! to the printed counts keeps the counts and is said in a warning.

mod util;

use std::fs;
use std::path::Path;
use util::{diarium, write};

/// Two paragraphs: § 45 with a voteringslista (party in a column of its own, X marks, a sum
/// row) and counts that agree; § 46 with `Ja-röster:` lists that name one voter fewer than
/// the printed count, and a protocol note by two members of one party.
const PROTOCOL: &str = "\
Storby kommun
Kommunfullmäktige
Protokoll
Datum: 2025-03-20

§ 45 Budget 2026
Dnr KS 2024/456

Yrkande
Anna Berg (S) yrkar bifall till kommunstyrelsens förslag. Olle Ek (M) yrkar återremiss.

Omröstning
Ja-röst för kommunstyrelsens förslag, nej-röst för återremiss.
Med 2 ja-röster mot 1 nej-röst och 1 som avstår har fullmäktige beslutat enligt kommunstyrelsens förslag.

Voteringslista
                                             Ja      Nej     Avstår   Frånvarande
Ledamöter               Parti
Anna Berg               S                    X
Olle Ek                 M                            X
Eva Lund                S                    X
Nils Dahl               SD                                   X
Maja Ström              C                                             X
Summa                                        2       1       1

Beslut
Kommunfullmäktige beslutar att fastställa budgeten.

§ 46 Motion om cykelväg
Dnr KS 2024/311

Omröstning
Ja: 3, Nej: 1.
Ja-röster: Anna Berg (S), Eva Lund (S). Nej-röster: Olle Ek (M).

Beslut
Kommunfullmäktige beslutar att bifalla motionen.

Protokollsanteckning
Anna Berg (S) och Eva Lund (S) antecknar att cykelvägen bör byggas före år 2027.
";

const ITEM_45: &str = "content/storby-kommun/kommunfullmaktige/2025-03-20/045-budget-2026.md";
const PAGE_45: &str =
    "public/storby-kommun/kommunfullmaktige/2025-03-20/045-budget-2026/index.html";
const PAGE_46: &str =
    "public/storby-kommun/kommunfullmaktige/2025-03-20/046-motion-om-cykelvag/index.html";

/// The item page says that the names do not add up to the printed counts.
fn says_counts_kept(page: &str) -> bool {
    page.contains("<p class=\"note\">Namnen i protokollets röstlista summerar inte")
}

fn read(root: &Path, rel: &str) -> String {
    fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn imported() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    diarium(tmp.path(), &["init", "site"]).success();
    let site = tmp.path().join("site");
    fs::remove_dir_all(site.join("content/exempelkommun")).unwrap();
    write(&site, "sources/kf.txt", PROTOCOL);
    tmp
}

#[test]
fn ballots_are_imported_and_a_mismatch_is_a_warning_naming_the_item() {
    let tmp = imported();
    let site = tmp.path().join("site");
    let run = diarium(&site, &["import", "sources/kf.txt"]).success();
    run.stderr_has(
        "sources/kf.txt: warning: item 46: the ballots add up to 2 ja, 1 nej, 0 avstår, \
         but the printed counts are 3 ja, 1 nej, 0 avstår; the printed counts were kept",
    );
    assert!(
        !run.stderr.contains("item 45:"),
        "§ 45 adds up and must not be flagged\n{run}"
    );
    let item = read(&site, ITEM_45);
    for line in [
        "  yes_for: kommunstyrelsens förslag\n",
        "  no_for: återremiss\n",
        "  yes: 2\n  no: 1\n  abstained: 1\n",
        "  - by: Anna Berg (S)\n    vote: yes\n",
        "  - by: Olle Ek (M)\n    vote: no\n",
        "  - by: Nils Dahl (SD)\n    vote: abstain\n",
        "  - by: Maja Ström (C)\n    vote: absent\n",
    ] {
        assert!(item.contains(line), "{line:?} not in:\n{item}");
    }
}

#[test]
fn ballots_link_item_person_party_and_open_data() {
    let tmp = imported();
    let site = tmp.path().join("site");
    diarium(&site, &["import", "sources/kf.txt"]).success();
    diarium(&site, &["build"]).success();
    let page = read(&site, PAGE_45);
    for needle in [
        "<caption>Ja-röst för kommunstyrelsens förslag, nej-röst för återremiss.</caption>",
        "<th scope=\"row\"><a href=\"/personer/olle-ek/\">Olle Ek</a></th><td><a href=\"/partier/m/\">M</a></td><td>Nej</td>",
        "<tfoot><tr><th scope=\"row\">Utfall</th><td colspan=\"2\">Ja 2, Nej 1, Avstår 1</td></tr></tfoot>",
    ] {
        assert!(page.contains(needle), "{needle:?} not in the item page");
    }
    let person = read(&site, "public/personer/nils-dahl/index.html");
    assert!(person.contains("045-budget-2026/\">§ 45 Budget 2026</a>"));
    assert!(person.contains("<td>Avstår</td>"));
    // The Social Democrats: two yes in § 45, two yes in § 46 (newest first, same date).
    let party = read(&site, "public/partier/s/index.html");
    assert_eq!(
        party
            .matches("<td>2</td><td>0</td><td>0</td><td>0</td>")
            .count(),
        2
    );
    // Their members' joint note counts for both in the party's summary.
    assert!(party.contains("2 protokollsanteckningar"), "{party}");
    // A ballot list is not the question (`Ja-röster:` is not `Ja-röst för`).
    let page = read(&site, PAGE_46);
    assert!(page.contains("<caption>Omröstning</caption>"), "{page}");
    assert!(says_counts_kept(&page));
    let data = read(&site, "public/data/votes.json");
    assert!(data.contains(
        "{\"by\":\"Maja Ström (C)\",\"vote\":\"absent\",\"person\":\"personer/maja-strom/\",\"party\":\"partier/c/\"}"
    ));
}
