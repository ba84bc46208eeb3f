use super::*;
use crate::content::walk::Place;
use std::io::Write as _;
use std::sync::Arc;
use std::time::UNIX_EPOCH;

/// Every content file of the example archive and the test fixtures.
fn content_folders() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut folders = vec![root.join("content")];
    for entry in walkdir::WalkDir::new(root.join("tests/fixtures")) {
        let entry = entry.unwrap();
        if entry.file_type().is_dir() && entry.file_name() == "content" {
            folders.push(entry.into_path());
        }
    }
    folders
}

/// The encoded parse `bytes`, written to a file of its own and taken back as [`Kept::take`]
/// takes it: its head decoded, its text left in the file.
fn round_trip(bytes: &[u8], found: &Found) -> Option<Parsed> {
    let mut file = tempfile::tempfile().unwrap();
    file.write_all(bytes).unwrap();
    let head = Head::of(bytes)?;
    let text_len = u32::try_from(bytes.len() - head.len).unwrap();
    let text = Text::stored(Arc::new(file), head.len as u64, text_len, head.text_hash);
    decode_parse(&head, found, text)
}

/// What a parse says, all of it, in one comparable string.
fn shown(parsed: &Parsed) -> String {
    format!("{parsed:?}")
}

#[test]
fn every_parse_of_the_example_and_fixtures_reads_back_as_it_was() {
    let mut seen = 0;
    for folder in content_folders() {
        let (found, _) = super::super::walk::walk(&folder);
        for f in found {
            let Ok(parsed) = super::super::parse_found(f.clone()) else {
                continue;
            };
            let (bytes, _) = encode_parse(&parsed).expect("a meeting or item");
            let back = round_trip(&bytes, &f).expect("reads back");
            assert_eq!(shown(&back), shown(&parsed), "{}", f.path.display());
            seen += 1;
        }
    }
    assert!(seen > 80, "only {seen} files");
}

#[test]
fn a_parse_is_of_the_kind_its_place_says() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let (found, _) = super::super::walk::walk(&folder);
    let meeting = found
        .iter()
        .find(|f| matches!(f.place, Place::Meeting { .. }))
        .unwrap();
    let item = found
        .iter()
        .find(|f| matches!(f.place, Place::Item { .. }))
        .unwrap();
    let parsed = super::super::parse_found(meeting.clone()).unwrap();
    let Parsed::Meeting(m) = &parsed else {
        panic!("a meeting")
    };
    let text_len = m.text.get().len();
    let (bytes, hash) = encode_parse(&parsed).unwrap();
    assert!(round_trip(&bytes, meeting).is_some());
    assert!(
        round_trip(&bytes, item).is_none(),
        "a meeting's parse for an item"
    );
    // The head is all but the text, and what the index's hash is of; its length is known
    // from its first bytes.
    let head_len = bytes.len() - text_len;
    assert_eq!(Head::of(&bytes).unwrap().len, head_len);
    assert_eq!(hash, xxh3_64(&bytes[..head_len]));
    assert_eq!(Head::len_of(&bytes[..40]), Some(head_len));
    // Cut before its text, it is no head; cut in its text, it would be another text, which
    // is why a text is checked against its own hash when it is read (tested below).
    for cut in 0..head_len {
        assert!(Head::of(&bytes[..cut]).is_none(), "cut at {cut}");
    }
}

/// A content tree of one meeting with two items, last changed long ago.
fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let meeting = dir.path().join("content/region/styrelsen/2024-12-03");
    std::fs::create_dir_all(&meeting).unwrap();
    let files = [
        (
            "_index.md",
            "---\norganization: Region\nbody: Styrelsen\ndate: 2024-12-03\nkind: protokoll\n---\n\nIntro.\n",
        ),
        ("1-a.md", "---\nnumber: 1\ntitle: \"A\"\n---\n\nText a.\n"),
        ("2-b.md", "---\nnumber: 2\ntitle: \"B\"\n---\n\nText b.\n"),
    ];
    for (name, text) in files {
        std::fs::write(meeting.join(name), text).unwrap();
    }
    dir
}

fn now_plus(secs: u64) -> (i64, i64) {
    settled_at(SystemTime::now() + Duration::from_secs(secs))
}

fn shown_all(files: &Files) -> Vec<String> {
    files
        .iter()
        .map(|(p, f)| format!("{} {:?}", p.display(), f.as_ref().map(shown)))
        .collect()
}

#[test]
fn a_second_read_takes_unchanged_files_and_reads_changed_ones() {
    let dir = tree();
    let content = dir.path().join("content");
    let store = dir.path().join(".public.diarium-parsed");
    // As though the files had settled long before: everything is kept.
    let later = now_plus(60);
    let (first, reading, problem) = read_all(&content, None, &store, 7, later);
    assert!(problem.is_none());
    assert_eq!(reading, Reading { kept: 0, read: 3 });
    assert_eq!(
        shown_all(&first),
        shown_all(&super::super::read_all(&content))
    );

    let kept = Kept::read(&store, 7).expect("a store");
    let (second, reading, _) = read_all(&content, Some(&kept), &store, 7, later);
    assert_eq!(reading, Reading { kept: 3, read: 0 });
    assert_eq!(shown_all(&second), shown_all(&first));

    // An edit that keeps the size: the change time still tells.
    let item = content.join("region/styrelsen/2024-12-03/1-a.md");
    std::fs::write(&item, "---\nnumber: 1\ntitle: \"C\"\n---\n\nText a.\n").unwrap();
    let kept = Kept::read(&store, 7).unwrap();
    let (third, reading, _) = read_all(&content, Some(&kept), &store, 7, now_plus(120));
    assert_eq!(reading, Reading { kept: 2, read: 1 });
    assert_eq!(
        shown_all(&third),
        shown_all(&super::super::read_all(&content))
    );

    // A file gone is gone from the store too.
    std::fs::remove_file(content.join("region/styrelsen/2024-12-03/2-b.md")).unwrap();
    let kept = Kept::read(&store, 7).unwrap();
    let (fourth, reading, _) = read_all(&content, Some(&kept), &store, 7, now_plus(120));
    assert_eq!(reading, Reading { kept: 2, read: 0 });
    assert_eq!(fourth.len(), 2);
    assert_eq!(Kept::read(&store, 7).unwrap().len(), 2);
}

/// Whether every meeting's and item's text in `files` lies in a store (`true`) or in memory.
fn texts_stored(files: &Files) -> Vec<bool> {
    (files.values().filter_map(|f| f.as_ref().ok()))
        .filter_map(|parsed| match parsed {
            Parsed::Meeting(m) => Some(m.text.is_stored()),
            Parsed::Item { doc, .. } => Some(doc.text.is_stored()),
            Parsed::People(_) => None,
        })
        .collect()
}

#[test]
fn a_read_leaves_every_text_in_the_store_it_writes() {
    let dir = tree();
    let content = dir.path().join("content");
    let store = dir.path().join(".public.diarium-parsed");
    let (files, _, problem) = read_all(&content, None, &store, 7, now_plus(60));
    assert!(problem.is_none());
    // A full build holds none of the texts it read; they read back as the files have them.
    assert_eq!(texts_stored(&files), [true; 3]);
    assert_eq!(
        shown_all(&files),
        shown_all(&super::super::read_all(&content))
    );
    // The parses were appended as read, in no set order; the index still finds each, and
    // the next read takes all of them, their texts still in the store.
    let kept = Kept::read(&store, 7).expect("a store");
    let (again, reading, _) = read_all(&content, Some(&kept), &store, 7, now_plus(60));
    assert_eq!(reading, Reading { kept: 3, read: 0 });
    assert_eq!(texts_stored(&again), [true; 3]);
    assert_eq!(shown_all(&again), shown_all(&files));
}

#[test]
fn a_store_that_cannot_be_written_leaves_the_texts_in_memory() {
    let dir = tree();
    let content = dir.path().join("content");
    let store = dir.path().join("no such folder/.public.diarium-parsed");
    let (files, reading, problem) = read_all(&content, None, &store, 7, now_plus(60));
    assert!(problem.is_some(), "the problem is returned");
    assert_eq!(reading.read, 3);
    assert_eq!(texts_stored(&files), [false; 3]);
    assert_eq!(
        shown_all(&files),
        shown_all(&super::super::read_all(&content))
    );
}

#[test]
fn files_changed_just_before_the_build_are_not_kept() {
    let dir = tree();
    let content = dir.path().join("content");
    let store = dir.path().join("parsed");
    // The build began now: the files changed within SETTLE of it.
    let (_, reading, _) = read_all(&content, None, &store, 7, settled_at(SystemTime::now()));
    assert_eq!(reading.read, 3);
    let kept = Kept::read(&store, 7).expect("a store, empty");
    assert!(kept.is_empty());
}

#[test]
fn a_store_of_another_setup_or_damaged_keeps_nothing_wrongly() {
    let dir = tree();
    let content = dir.path().join("content");
    let store = dir.path().join("parsed");
    let (want, _, _) = read_all(&content, None, &store, 7, now_plus(60));
    let want = shown_all(&want);
    assert!(Kept::read(&store, 8).is_none(), "another binary or setup");
    let bytes = std::fs::read(&store).unwrap();
    let damaged = dir.path().join("damaged");
    let check = |bytes: &[u8], what: &str| {
        std::fs::write(&damaged, bytes).unwrap();
        // Whatever is damaged: no store, or one whose every file is read or kept as it was,
        // but for a text damaged in the store, which is refused when it is read (`Text::get`
        // stops the build): never taken for another text.
        let kept = Kept::read(&damaged, 7);
        let (got, reading, _) = read_all(&content, kept.as_ref(), &damaged, 7, now_plus(60));
        let got = shown_all(&got);
        assert_eq!(got.len(), want.len(), "{what}");
        for (got, want) in got.iter().zip(&want) {
            let refused = got.contains(crate::content::text::UNREADABLE);
            assert!(got == want || refused, "{what}: {got}");
        }
        reading
    };
    assert_eq!(check(&bytes, "whole").kept, 3);
    for cut in 0..bytes.len() {
        assert_eq!(check(&bytes[..cut], &format!("cut at {cut}")).kept, 0);
    }
    let mut kept_after_change = 0;
    for at in 0..bytes.len() {
        let mut changed = bytes.clone();
        changed[at] ^= 0x04;
        kept_after_change += check(&changed, &format!("byte {at} changed")).kept;
    }
    // A changed byte in one parse costs that file only; anywhere else, the whole store.
    assert!(kept_after_change > 0);
    assert!(kept_after_change < 3 * bytes.len());
}

#[test]
fn a_file_with_problems_is_never_kept() {
    let dir = tree();
    let content = dir.path().join("content");
    let bad = content.join("region/styrelsen/2024-12-03/3-c.md");
    std::fs::write(&bad, "no front-matter\n").unwrap();
    let store = dir.path().join("parsed");
    read_all(&content, None, &store, 7, now_plus(60));
    let kept = Kept::read(&store, 7).unwrap();
    assert_eq!(kept.len(), 3);
    let (files, reading, _) = read_all(&content, Some(&kept), &store, 7, now_plus(60));
    assert_eq!(reading, Reading { kept: 3, read: 1 });
    assert!(files[&bad].is_err(), "its problem reported again");
}

#[test]
fn the_settled_time_is_before_now() {
    let t = UNIX_EPOCH + Duration::from_secs(1_000);
    assert_eq!(settled_at(t), (998, 0));
    let t = UNIX_EPOCH + Duration::from_millis(2_500);
    assert_eq!(settled_at(t), (0, 500_000_000));
}

/// The store's inode and length.
#[cfg(unix)]
fn inode_and_len(store: &Path) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(store).unwrap();
    (meta.ino(), meta.len())
}

/// Edits item 1 of [`tree`] to a text of `n`'s own, then reads the content with the store.
fn edit_and_read(content: &Path, store: &Path, n: u64) -> (Files, Reading) {
    let item = content.join("region/styrelsen/2024-12-03/1-a.md");
    let text = format!("---\nnumber: 1\ntitle: \"A\"\n---\n\nText a, edit {n}.\n");
    std::fs::write(&item, text).unwrap();
    let kept = Kept::read(store, 7).expect("a store");
    let (files, reading, problem) = read_all(content, Some(&kept), store, 7, now_plus(60 + n));
    assert!(problem.is_none());
    (files, reading)
}

#[cfg(unix)]
#[test]
fn a_store_mostly_kept_is_appended_to_in_place_and_rewritten_once_mostly_left_behind() {
    let dir = tree();
    let content = dir.path().join("content");
    let store = dir.path().join(".public.diarium-parsed");
    read_all(&content, None, &store, 7, now_plus(60));
    let (first_inode, first_len) = inode_and_len(&store);

    // One file edited: its parse and a new index go after the last store's, in the same file,
    // and every file reads as a fresh read of the tree has it.
    let (files, reading) = edit_and_read(&content, &store, 1);
    assert_eq!(reading, Reading { kept: 2, read: 1 });
    assert_eq!(
        shown_all(&files),
        shown_all(&super::super::read_all(&content))
    );
    let (inode, len) = inode_and_len(&store);
    assert_eq!(inode, first_inode, "appended in place, not renamed over");
    assert!(len > first_len);
    let kept = Kept::read(&store, 7).expect("the appended store reads");
    let (again, reading, _) = read_all(&content, Some(&kept), &store, 7, now_plus(600));
    assert_eq!(reading, Reading { kept: 3, read: 0 });
    assert_eq!(shown_all(&again), shown_all(&files));
    assert_eq!(texts_stored(&again), [true; 3]);

    // Edit after edit, what is left behind grows until the store is written anew, smaller.
    let mut rewritten = None;
    for n in 2..20 {
        let before = inode_and_len(&store);
        let (files, _) = edit_and_read(&content, &store, n);
        assert_eq!(
            shown_all(&files),
            shown_all(&super::super::read_all(&content))
        );
        let after = inode_and_len(&store);
        if after.0 != before.0 {
            rewritten = Some((before.1, after.1));
            break;
        }
    }
    let (before, after) = rewritten.expect("rewritten within 20 edits");
    assert!(
        after < before,
        "the rewrite leaves what was left behind: {after} < {before}"
    );
    let kept = Kept::read(&store, 7).expect("the rewritten store reads");
    assert_eq!(kept.len(), 3);
}

#[test]
fn a_build_killed_while_appending_leaves_no_store() {
    let dir = tree();
    let content = dir.path().join("content");
    let store = dir.path().join(".public.diarium-parsed");
    read_all(&content, None, &store, 7, now_plus(60));
    // What a build killed after appending a parse, before its index, leaves.
    let mut bytes = std::fs::read(&store).unwrap();
    bytes.extend_from_slice(b"a parse appended, and no index after it");
    std::fs::write(&store, &bytes).unwrap();
    assert!(Kept::read(&store, 7).is_none());
    let (files, reading, problem) = read_all(&content, None, &store, 7, now_plus(60));
    assert!(problem.is_none());
    assert_eq!(reading, Reading { kept: 0, read: 3 });
    assert_eq!(
        shown_all(&files),
        shown_all(&super::super::read_all(&content))
    );
    assert!(Kept::read(&store, 7).is_some(), "written anew");
}
