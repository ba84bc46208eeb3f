//! The incremental build's rule: after any sequence of edits, `build` (which renders only the
//! pages the edits reached, into the spare folder, then exchanges it) leaves exactly the output
//! a full build (`--full`, into another folder) leaves, byte for byte and file for file.

use crate::build::{run, BuildArgs};
use crate::test_edits::{edit, example_copy, order, Rng};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn build(root: &Path, out: &str, full: bool) -> bool {
    let args = BuildArgs {
        root: root.to_path_buf(),
        out: PathBuf::from(out),
        base_url: None,
        timings: false,
        full,
    };
    run(&args).expect("no I/O error") == std::process::ExitCode::SUCCESS
}

/// Every file below `dir` by relative path, with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Folders below `dir` with nothing in them (a full build leaves none).
fn empty_folders(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_dir())
        .filter(|e| std::fs::read_dir(e.path()).is_ok_and(|mut d| d.next().is_none()))
        .map(|e| e.into_path())
        .collect()
}

/// `settled`: the example's files are left to settle first (see
/// [`crate::content::kept::SETTLE`]), so that every build keeps the parse of every file it
/// did not see edited, and reads only the ones that were.
fn run_edits(seed: u64, settled: bool) {
    let dir = example_copy();
    let root = dir.path();
    if settled {
        std::thread::sleep(crate::content::kept::SETTLE + std::time::Duration::from_millis(200));
    }
    assert!(build(root, "public", false), "the example builds");
    let store = crate::content::kept::path_for(&root.join("public"));
    let setup = crate::pipeline::cache::Cache::read(&root.join(".public.diarium-cache"))
        .expect("a cache")
        .setup;
    let kept = crate::content::kept::Kept::read(&store, setup).map_or(0, |k| k.len());
    match settled {
        true => assert!(kept > 50, "the parse of every file kept, not {kept}"),
        false => assert_eq!(kept, 0, "files just written are not kept"),
    }
    let mut rng = Rng(seed);
    let mut saved = Vec::new();
    let kinds = order(&mut rng);
    let (mut built_runs, mut incremental_runs) = (0, 0);
    for (n, kind) in kinds.into_iter().enumerate() {
        let change = edit(&mut rng, kind, root, n + 1, &mut saved);
        let context = format!("seed {seed}, edit {}: {change:?}", n + 1);
        let cached = crate::pipeline::cache::Cache::read(&root.join(".public.diarium-cache"));
        let built = build(root, "public", false);
        let _ = std::fs::remove_dir_all(root.join("full"));
        let built_full = build(root, "full", true);
        assert_eq!(built, built_full, "{context}");
        if !built {
            continue;
        }
        built_runs += 1;
        incremental_runs += usize::from(cached.is_some());
        let (got, want) = (tree(&root.join("public")), tree(&root.join("full")));
        let names = |t: &BTreeMap<String, Vec<u8>>| t.keys().cloned().collect::<Vec<_>>();
        assert_eq!(names(&got), names(&want), "{context}");
        for (path, bytes) in &want {
            assert!(
                &got[path] == bytes,
                "{context}: {path} differs from a full build's"
            );
        }
        assert_eq!(
            empty_folders(&root.join("public")),
            Vec::<PathBuf>::new(),
            "{context}"
        );
    }
    // A build while a file is broken fails (and is skipped above); of the others, all but
    // the ones after a template or site.toml edit had a cache to start from.
    assert!(
        incremental_runs * 2 > built_runs,
        "{incremental_runs} of {built_runs} builds had a cache"
    );
}

#[test]
fn the_incremental_output_equals_a_full_build_after_random_edits() {
    run_edits(1999, false);
}

/// The same, with the content's parse kept between builds for every file not just edited.
#[test]
fn the_incremental_output_equals_a_full_build_after_random_edits_of_settled_files() {
    run_edits(2024, true);
}

#[test]
fn a_build_with_nothing_changed_renders_nothing_and_a_damaged_cache_makes_it_full() {
    let dir = example_copy();
    let root = dir.path();
    assert!(build(root, "public", false));
    let before = tree(&root.join("public"));
    assert!(build(root, "public", false));
    assert_eq!(tree(&root.join("public")), before);
    let cache = root.join(".public.diarium-cache");
    let bytes = std::fs::read(&cache).unwrap();
    std::fs::write(&cache, &bytes[..bytes.len() / 2]).unwrap();
    assert!(build(root, "public", false));
    assert_eq!(tree(&root.join("public")), before);
    assert!(
        crate::pipeline::cache::Cache::read(&cache).is_some(),
        "written anew"
    );
}

/// A build that changes no file touches neither folder (no spare is made, no exchange) nor
/// the cache; the next build that does change a file makes the spare then, and still equals a
/// full build.
#[test]
fn a_build_that_changes_no_file_leaves_the_output_and_the_cache_alone() {
    let dir = example_copy();
    let root = dir.path();
    assert!(build(root, "public", false));
    let (public, cache) = (root.join("public"), root.join(".public.diarium-cache"));
    let live = crate::output::folder_id(&public);
    let cached = std::fs::read(&cache).unwrap();
    let modified = std::fs::metadata(&cache).unwrap().modified().unwrap();
    assert!(build(root, "public", false));
    assert_eq!(crate::output::folder_id(&public), live, "not exchanged");
    assert!(
        !crate::output::spare_path(&public).exists(),
        "no spare made"
    );
    assert_eq!(std::fs::read(&cache).unwrap(), cached);
    let unchanged = std::fs::metadata(&cache).unwrap().modified().unwrap();
    assert_eq!(unchanged, modified, "not written again");
    let item = first_item(root);
    let text = std::fs::read_to_string(&item).unwrap();
    std::fs::write(&item, format!("{text}\nEtt tillägg i texten.\n")).unwrap();
    assert!(build(root, "public", false));
    assert_ne!(crate::output::folder_id(&public), live, "exchanged");
    assert!(build(root, "full", true));
    assert_eq!(tree(&public), tree(&root.join("full")));
}

/// The cache's page records are read only once an edit reaches a page: damage there goes
/// unseen by a build with nothing changed (which needs no record), and makes the next build
/// that needs them a full one, which equals a full build and leaves a sound cache.
#[test]
fn damaged_page_records_make_the_build_that_needs_them_full() {
    let dir = example_copy();
    let root = dir.path();
    assert!(build(root, "public", false));
    let cache = root.join(".public.diarium-cache");
    let mut bytes = std::fs::read(&cache).unwrap();
    // The footer (see `cache`'s header) begins with where the page records begin.
    let footer = bytes.len() - (8 + 8 + 3 * 16 + 16);
    let pages_at = u64::from_le_bytes(bytes[footer..footer + 8].try_into().unwrap()) as usize;
    bytes[pages_at + 20] ^= 0x10;
    std::fs::write(&cache, &bytes).unwrap();
    assert!(
        publish_once(root).incremental,
        "nothing changed: no record read"
    );
    let item = first_item(root);
    let text = std::fs::read_to_string(&item).unwrap();
    std::fs::write(&item, format!("{text}\nEtt tillägg i texten.\n")).unwrap();
    let published = publish_once(root);
    assert!(
        !published.incremental,
        "the records are damaged: a full build"
    );
    let mut read = crate::pipeline::cache::Cache::read(&cache).expect("a cache written anew");
    assert!(read.pages.take().is_some(), "with sound records");
    assert!(build(root, "full", true));
    assert_eq!(tree(&root.join("public")), tree(&root.join("full")));
}

/// The example's first item file, by path.
fn first_item(root: &Path) -> PathBuf {
    walkdir::WalkDir::new(root.join("content"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.path().extension().is_some_and(|x| x == "md") && e.file_name() != "_index.md")
        .unwrap()
        .into_path()
}

/// One build into `root/public` as `build` makes it, with what publishing did.
fn publish_once(root: &Path) -> super::publish::Published {
    publish_paths(root).0
}

/// [`publish_once`], with the archive's page paths (by page index).
fn publish_paths(root: &Path) -> (super::publish::Published, Vec<String>) {
    use super::publish::{publish, Prior};
    let out = root.join("public");
    let target = crate::output::Target::check(root, &out).expect("a target");
    let (config, theme) = super::setup(root, None).expect("a setup");
    let prior = Prior::read(root, &config, target.path(), false).expect("a prior");
    let files = prior.read_content(&config.content_dir(), target.path());
    let archive = super::Archive::assemble(
        root,
        config,
        theme,
        files,
        super::Keep::Problems,
        prior.reuse(),
    );
    assert!(!archive.has_errors());
    let published = publish(&archive, &target, prior)
        .expect("no I/O error")
        .unwrap_or_else(|d| panic!("{d:?}"));
    (published, archive.paths)
}

/// Issue 16: a build without a cache splits no item into words for the search index's
/// fingerprints (the index it renders splits each once and gives them), nor does a build
/// where nothing changed; after a new word in one item's text, it splits that item twice (as the last
/// build parsed it, and as it is now) and renders the files of one group of buckets and the
/// item's document, not the whole index; and the output still equals a full build's.
#[test]
fn an_item_edit_reaches_few_search_files_and_no_edit_splits_no_item() {
    let dir = example_copy();
    let root = dir.path();
    // Settled, so that the first build keeps the parse of the file edited below.
    std::thread::sleep(crate::content::kept::SETTLE + std::time::Duration::from_millis(200));
    let first = publish_once(root);
    assert!(!first.incremental);
    assert_eq!(
        first.search_split, 0,
        "the index's own postings give the sums"
    );
    let all = first.search_rendered;
    let again = publish_once(root);
    assert!(again.incremental);
    assert_eq!((again.search_split, again.search_rendered), (0, 0));
    let item = first_item(root);
    let text = std::fs::read_to_string(&item).unwrap();
    std::fs::write(&item, format!("{text}\nZyxkvorn.\n")).unwrap();
    let edited = publish_once(root);
    assert!(edited.incremental);
    assert_eq!(edited.search_split, 2, "the item before and after");
    // Test builds group buckets by two: a group's two dictionary and two postings files, and
    // the item's document file.
    assert_eq!(edited.search_rendered, 5, "of {all}");
    // Edited again at once: the last build parsed the file within SETTLE of its edit, and
    // kept that parse for this all the same.
    std::fs::write(&item, format!("{text}\nZyxkvorn Qwplunt.\n")).unwrap();
    let again = publish_once(root);
    assert_eq!(again.search_split, 2, "the item before and after, again");
    assert!(build(root, "full", true));
    assert_eq!(tree(&root.join("public")), tree(&root.join("full")));
}

/// Issue 16: an item's text is a read of its own (see [`crate::site::Kind::ItemText`]).
/// After an edit of one item's text alone, the pages that list the item but not its text
/// (the open data, the sitemap) are not rendered again, though they name it; the pages that
/// show its text or its file's time (its own, its meeting's, its case's, its document in the
/// search index, the OParl objects of its meeting) are; and the output still equals a full
/// build's.
#[test]
fn a_text_edit_renders_the_pages_that_show_the_text_not_those_that_list_the_item() {
    let dir = example_copy();
    let root = dir.path();
    publish_once(root);
    let meeting = "region-vastmanland/regionstyrelsens-arbetsutskott/2025-04-15-dagordning";
    let stem = "013-ansokan-till-effektivitetsdelegationen";
    let item = root.join(format!("content/{meeting}/{stem}.md"));
    let text = std::fs::read_to_string(&item).unwrap();
    let sentence = "kommer att kompenseras genom sökta medel.";
    assert!(text.contains(sentence));
    std::fs::write(
        &item,
        text.replace(sentence, &format!("{sentence} Zyxkvorn.")),
    )
    .unwrap();
    let (edited, paths) = publish_paths(root);
    assert!(edited.incremental);
    let rendered = |path: &str| {
        let at = paths.iter().position(|p| p == path);
        edited.rendered_pages[at.unwrap_or_else(|| panic!("{path} is a page"))]
    };
    let public = root.join("public");
    for listing in [
        "data/meetings.json",
        "data/items.json",
        "data/cases.json",
        "sitemap/region-vastmanland/1.xml",
    ] {
        let bytes = std::fs::read_to_string(public.join(listing)).unwrap();
        assert!(bytes.contains(stem), "{listing} lists the item");
        assert!(!rendered(listing), "{listing} rendered again");
    }
    for showing in [
        format!("{meeting}/{stem}/index.html"),
        format!("{meeting}/index.html"),
        "region-vastmanland/arenden/rv250363/index.html".to_string(),
        "oparl/meeting/region-vastmanland/regionstyrelsens-arbetsutskott/2025-04-15.json".into(),
    ] {
        assert!(rendered(&showing), "{showing} not rendered again");
    }
    // A group's two dictionary and two postings files, and the item's document file.
    assert_eq!(edited.search_rendered, 5);
    assert!(build(root, "full", true));
    assert_eq!(tree(&public), tree(&root.join("full")));
}

/// Issue 16: a meeting's text is a read of its own (see [`crate::site::Kind::MeetingText`]),
/// and the time a meeting was created is read apart from its file's. After an edit of the
/// meeting file's text alone, its page and its OParl object are rendered again (they show
/// the text, or the file's time as `modified`), but not its items' pages nor the OParl
/// objects that show its items (they were created with the meeting, which the edit leaves
/// as it was); and the output still equals a full build's.
#[test]
fn a_meeting_text_edit_renders_the_meeting_not_its_items() {
    let dir = example_copy();
    let root = dir.path();
    publish_once(root);
    let meeting = "region-vastmanland/regionstyrelsens-arbetsutskott/2025-04-15-dagordning";
    let file = root.join(format!("content/{meeting}/_index.md"));
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("{text}\nEtt tillägg i kallelsen.\n")).unwrap();
    let (edited, paths) = publish_paths(root);
    assert!(edited.incremental);
    let rendered = |path: &str| {
        let at = paths.iter().position(|p| p == path);
        edited.rendered_pages[at.unwrap_or_else(|| panic!("{path} is a page"))]
    };
    for showing in [
        format!("{meeting}/index.html"),
        "oparl/meeting/region-vastmanland/regionstyrelsens-arbetsutskott/2025-04-15.json".into(),
    ] {
        assert!(rendered(&showing), "{showing} not rendered again");
    }
    for not_showing in [
        format!("{meeting}/013-ansokan-till-effektivitetsdelegationen/index.html"),
        format!("{meeting}/001-faststallande-av-foredragningslista/index.html"),
        "oparl/paper/region-vastmanland/rv250363.json".into(),
        "data/items.json".into(),
    ] {
        assert!(!rendered(&not_showing), "{not_showing} rendered again");
    }
    assert!(build(root, "full", true));
    assert_eq!(tree(&root.join("public")), tree(&root.join("full")));
}

/// A full build over an output keeps the output it replaced as the spare folder, known to the
/// cache with where it differs, instead of removing it; the next edit's incremental build
/// brings that spare up to date rather than making one, and still equals a full build.
#[test]
fn a_full_build_keeps_the_output_it_replaces_as_the_spare() {
    let dir = example_copy();
    let root = dir.path();
    let (public, cache) = (root.join("public"), root.join(".public.diarium-cache"));
    assert!(build(root, "public", true));
    let read = || crate::pipeline::cache::Cache::read(&cache).expect("a cache");
    assert_eq!(read().spare, None, "nothing to keep the first time");
    let item = first_item(root);
    let text = std::fs::read_to_string(&item).unwrap();
    std::fs::write(&item, format!("{text}\nEtt tillägg i texten.\n")).unwrap();
    let old = crate::output::folder_id(&public);
    assert!(build(root, "public", true));
    let spare = crate::output::spare_path(&public);
    assert_eq!(crate::output::folder_id(&spare), old, "the old output kept");
    let kept = read();
    assert_eq!(kept.spare, old);
    assert!(
        kept.spare_differs.iter().any(|p| p.ends_with("index.html")),
        "the item's pages differ: {:?}",
        kept.spare_differs
    );
    std::fs::write(&item, format!("{text}\nEtt annat tillägg.\n")).unwrap();
    assert!(build(root, "public", false));
    assert_eq!(
        crate::output::folder_id(&public),
        old,
        "the spare swapped in"
    );
    assert!(build(root, "full", true));
    assert_eq!(tree(&public), tree(&root.join("full")));
}
