//! render: the site graph → pages in memory. Every output file is a [`Page`]; `pages` lists
//! them all, `Renderer::render` makes one. Pages are independent of each other, so they render
//! in parallel and `serve` can re-render only the ones an edit touches.

mod appeal_view;
mod claims;
mod constants;
mod data;
pub mod dates;
mod descriptions;
mod escape;
mod feeds;
mod fragments;
mod ical;
pub mod markdown;
pub mod oparl;
mod pages;
mod pairing;
mod roles;
pub mod search;
pub mod sitemap;
mod slots;
mod structured;
mod subject_pages;
mod template_errors;
pub mod theme;
pub mod views;
mod votes;
mod waves;
mod word_diff;

use crate::diag::{Diagnostic, Diagnostics};
use crate::site::reads::{self, Kind, Memo, Read};
use crate::site::{BodyId, CaseId, ItemId, MeetingId, OrgId, PartyId, PersonId, Site, SubjectId};
use rayon::prelude::*;
use std::sync::OnceLock;
use theme::Theme;

pub use claims::clashes;

/// One output file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Page {
    Home,
    Org(OrgId),
    OrgCases(OrgId),
    Body(BodyId),
    Meeting(MeetingId),
    Item(ItemId),
    Case(CaseId),
    People,
    Person(PersonId),
    Parties,
    Party(PartyId),
    Subjects,
    Subject(SubjectId),
    /// A list page of a subject: (subject, year, part), `/teman/<slug>/<year>/` for part 1.
    SubjectYear(SubjectId, i32, usize),
    SubjectFeed(SubjectId),
    NotFound,
    SiteFeed,
    OrgFeed(OrgId),
    BodyFeed(BodyId),
    CaseFeed(CaseId),
    /// `/sitemap.xml`, the sitemap index, and its parts (see [`sitemap`]).
    Sitemap,
    SitemapPart(sitemap::Part),
    Data(data::DataFile),
    /// `/data/katalog.rdf`: the DCAT-AP description of the open data (see `data/catalog.rs`).
    DataCatalog,
    Asset(usize),
    /// `/sok/`, and the parts of its index (see [`search`]).
    Search,
    SearchMeta,
    SearchTerms(usize),
    SearchPostings(usize),
    SearchDocs(usize),
    /// `/tillganglighet/`: the accessibility statement.
    Accessibility,
    /// `/overklaga/`: decisions that can still be appealed, and its feed.
    Appeals,
    AppealsFeed,
    /// iCalendar feeds of meetings (see [`ical`]): the site's, an organization's, a body's.
    SiteCalendar,
    OrgCalendar(OrgId),
    BodyCalendar(BodyId),
    /// The OParl 1.1 interface (see [`oparl`]).
    Oparl(oparl::OparlFile),
}

impl Page {
    /// The output path, relative to the output folder, `/`-separated.
    pub fn path(&self, site: &Site, theme: &Theme) -> String {
        let index = |url: &str| format!("{url}index.html");
        match *self {
            Page::Home => "index.html".into(),
            Page::Org(o) => index(&site.orgs[o].url),
            Page::OrgCases(o) => format!("{}arenden/index.html", site.orgs[o].url),
            Page::Body(b) => index(&site.bodies[b].url),
            Page::Meeting(m) => index(&site.meetings[m].url),
            Page::Item(i) => index(&site.items[i].url),
            Page::Case(c) => index(&site.cases[c].url),
            Page::People => "personer/index.html".into(),
            Page::Person(p) => index(&site.people[p].url),
            Page::Parties => "partier/index.html".into(),
            Page::Party(p) => index(&site.parties[p].url),
            Page::Subjects => "teman/index.html".into(),
            Page::Subject(s) => index(&site.subjects[s].url),
            Page::SubjectYear(s, y, n) => index(&subject_pages::part_url(site, s, y, n)),
            Page::SubjectFeed(s) => format!("{}atom.xml", site.subjects[s].url),
            Page::NotFound => "404.html".into(),
            Page::SiteFeed => "atom.xml".into(),
            Page::OrgFeed(o) => format!("{}atom.xml", site.orgs[o].url),
            Page::BodyFeed(b) => format!("{}atom.xml", site.bodies[b].url),
            Page::CaseFeed(c) => format!("{}atom.xml", site.cases[c].url),
            Page::Sitemap => "sitemap.xml".into(),
            Page::SitemapPart(part) => part.path(site),
            Page::Data(d) => d.path().into(),
            Page::DataCatalog => data::catalog::PATH.into(),
            Page::Asset(a) => theme.assets.keys().nth(a).cloned().unwrap_or_default(),
            Page::Search => "sok/index.html".into(),
            Page::SearchMeta => "sok/index/meta.json".into(),
            Page::SearchTerms(n) => format!("sok/index/t/{n}.json"),
            Page::SearchPostings(n) => format!("sok/index/p/{n}.bin"),
            Page::SearchDocs(c) => {
                format!("sok/index/d/{}/{c}.json", c / search::FILES_A_FOLDER)
            }
            Page::Accessibility => "tillganglighet/index.html".into(),
            Page::Appeals => format!("{}index.html", appeal_view::URL),
            Page::AppealsFeed => format!("{}atom.xml", appeal_view::URL),
            Page::SiteCalendar => ical::FILE.into(),
            Page::Oparl(f) => oparl::path(site, f),
            Page::OrgCalendar(o) => format!("{}{}", site.orgs[o].url, ical::FILE),
            Page::BodyCalendar(b) => format!("{}{}", site.bodies[b].url, ical::FILE),
        }
    }

    /// What kind of page this is, for `--timings`.
    pub fn kind(&self) -> &'static str {
        match self {
            Page::Home => "home",
            Page::Org(_) | Page::OrgCases(_) => "organization",
            Page::Body(_) => "body",
            Page::Meeting(_) => "meeting",
            Page::Item(_) => "item",
            Page::Case(_) => "case",
            Page::People | Page::Person(_) | Page::Parties | Page::Party(_) => "people",
            Page::Subjects | Page::Subject(_) | Page::SubjectYear(..) => "subject",
            Page::SiteFeed
            | Page::OrgFeed(_)
            | Page::BodyFeed(_)
            | Page::SubjectFeed(_)
            | Page::AppealsFeed => "feed",
            Page::SiteCalendar | Page::OrgCalendar(_) | Page::BodyCalendar(_) => "calendar",
            Page::Oparl(_) => "OParl",
            Page::CaseFeed(_) => "case feed",
            Page::Sitemap | Page::SitemapPart(_) => "sitemap",
            Page::Data(_) | Page::DataCatalog => "open data",
            Page::Asset(_) => "asset",
            Page::SearchMeta
            | Page::SearchTerms(_)
            | Page::SearchPostings(_)
            | Page::SearchDocs(_) => "search index",
            Page::Search => "search",
            Page::NotFound | Page::Accessibility | Page::Appeals => "other",
        }
    }

    /// Whether the page is one of the search index's files (not the search page).
    pub fn is_search_index(&self) -> bool {
        matches!(
            self,
            Page::SearchMeta | Page::SearchTerms(_) | Page::SearchPostings(_) | Page::SearchDocs(_)
        )
    }

    /// Which wave of a full render the page is made in: the search index's files (0), the
    /// open-data files (1), then every other page (2). The first two are large and made from
    /// the whole archive: the search index holds every item's terms while its files are made
    /// (about 200 MB at 10,000 meetings), and the items' data file is one 67 MB buffer. Made
    /// beside the other pages, they came on top of the rows and meeting values those pages
    /// keep for each other (about 150 MB), which set the build's peak memory; made first, they
    /// come and go while only the graph is held. The other pages are made in a wave for each
    /// organization and one for the rest (see [`waves`]).
    pub fn wave(&self) -> usize {
        match self {
            p if p.is_search_index() => 0,
            Page::Data(_) | Page::DataCatalog => 1,
            _ => 2,
        }
    }

    /// Whether the page is an HTML page a person reads (listed in the sitemap).
    pub fn is_html(&self) -> bool {
        !matches!(
            self,
            Page::SiteFeed
                | Page::OrgFeed(_)
                | Page::BodyFeed(_)
                | Page::CaseFeed(_)
                | Page::SubjectFeed(_)
                | Page::AppealsFeed
                | Page::SiteCalendar
                | Page::OrgCalendar(_)
                | Page::BodyCalendar(_)
                | Page::Oparl(_)
                | Page::Sitemap
                | Page::SitemapPart(_)
                | Page::Data(_)
                | Page::DataCatalog
                | Page::Asset(_)
                | Page::NotFound
                | Page::SearchMeta
                | Page::SearchTerms(_)
                | Page::SearchPostings(_)
                | Page::SearchDocs(_)
        )
    }
}

/// The pages every site has once.
pub const SITE_PAGES: [Page; 12] = [
    Page::Home,
    Page::NotFound,
    Page::SiteFeed,
    Page::Sitemap,
    Page::People,
    Page::Parties,
    Page::Subjects,
    Page::Search,
    Page::Accessibility,
    Page::Appeals,
    Page::AppealsFeed,
    Page::SiteCalendar,
];

/// Every page of the site.
pub fn pages(site: &Site, theme: &Theme) -> Vec<Page> {
    let mut out = SITE_PAGES.to_vec();
    out.extend(sitemap::parts(site).into_iter().map(Page::SitemapPart));
    out.extend(search_pages(site));
    out.extend(site.orgs.ids().flat_map(|o| {
        [
            Page::Org(o),
            Page::OrgCases(o),
            Page::OrgFeed(o),
            Page::OrgCalendar(o),
        ]
    }));
    out.extend(
        (site.bodies.ids()).flat_map(|b| [Page::Body(b), Page::BodyFeed(b), Page::BodyCalendar(b)]),
    );
    out.extend(site.meetings.ids().map(Page::Meeting));
    out.extend(site.items.ids().map(Page::Item));
    out.extend(
        site.cases
            .ids()
            .flat_map(|c| [Page::Case(c), Page::CaseFeed(c)]),
    );
    out.extend(site.people.ids().map(Page::Person));
    out.extend(site.parties.ids().map(Page::Party));
    out.extend(
        site.subjects
            .ids()
            .flat_map(|s| subject_pages::pages(site, s)),
    );
    out.extend(data::DataFile::ALL.iter().map(|d| Page::Data(*d)));
    if oparl::published(site) {
        out.push(Page::DataCatalog);
    }
    out.extend(oparl::files(site).into_iter().map(Page::Oparl));
    out.extend((0..theme.assets.len()).map(Page::Asset));
    out
}

/// The search index's files (the search page itself holds no item text).
pub fn search_pages(site: &Site) -> impl Iterator<Item = Page> {
    let files = search::bucket_count(site.items.len());
    let terms = (0..files).map(Page::SearchTerms);
    let postings = (0..files + search::filter_count(site)).map(Page::SearchPostings);
    let docs = (0..search::doc_count(site.items.len())).map(Page::SearchDocs);
    std::iter::once(Page::SearchMeta)
        .chain(terms)
        .chain(postings)
        .chain(docs)
}

/// Renders pages of one site with one theme.
pub struct Renderer<'a> {
    pub site: &'a Site,
    pub theme: &'a Theme,
    pub(crate) views: views::Views<'a>,
    /// The parties, which every page's context holds, made once (a value is shared, not
    /// copied, when it is inserted again).
    parties: tera::Value,
    /// Shared by the page waves of one build (see [`waves`]): an item's row is shown on the
    /// pages of the whole archive (subjects) as well as its organization's.
    fragments: std::sync::Arc<fragments::Fragments>,
    /// The breadcrumb trail of each meeting's item pages, made on first use.
    item_crumbs: slots::Slots<Memo<tera::Value>>,
    /// Every item, newest first: the feeds and the home page list from it. Made on first
    /// use: the preview server makes a renderer per request, and most pages never need it.
    newest_items: Memo<Vec<ItemId>>,
    /// Built on first use: only the search pages need it.
    search: Memo<search::Index>,
    /// The groups of the search index's buckets whose files are to be rendered (see
    /// [`search::group_of`]), when not all are: building the index of a few groups reads
    /// every item's words but makes the sets of those groups' terms only.
    search_groups: Option<Vec<bool>>,
    search_touches: Option<&'a search::Touches>,
    /// Where the search index leaves its fingerprints' sums, when it is built whole (see
    /// [`render_everything`]).
    search_summed: Option<&'a OnceLock<search::Summed>>,
    /// The search index's document numbers (items in date order): its own value, so that a
    /// document's file reads the meetings' order and its item, not every item.
    search_docs: Memo<Vec<ItemId>>,
    /// What each organization's OParl lists hold (see [`oparl::MemberCache`]).
    oparl_members: oparl::MemberCache,
}

impl<'a> Renderer<'a> {
    pub fn new(site: &'a Site, theme: &'a Theme) -> Renderer<'a> {
        Renderer {
            site,
            theme,
            views: views::Views::new(site, &theme.strings),
            parties: pages::party_links(site),
            fragments: std::sync::Arc::new(fragments::Fragments::new(
                site.items.unrecorded().len(),
            )),
            item_crumbs: slots::Slots::new(site.meetings.unrecorded().len()),
            newest_items: Memo::default(),
            search: Memo::default(),
            search_groups: None,
            search_touches: None,
            search_summed: None,
            search_docs: Memo::default(),
            oparl_members: oparl::member_cache(site),
        }
    }

    /// Renders one page to bytes; a template error names the template and the content file.
    pub fn render(&self, page: Page) -> Result<Vec<u8>, Diagnostic> {
        match page {
            Page::SiteFeed
            | Page::OrgFeed(_)
            | Page::BodyFeed(_)
            | Page::CaseFeed(_)
            | Page::SubjectFeed(_)
            | Page::AppealsFeed => {
                let newest = || {
                    self.newest_items
                        .get_or_init(|| self.site.items_newest_first())
                        .as_slice()
                };
                Ok(feeds::render(self.site, &self.views, &newest, page).into_bytes())
            }
            Page::SiteCalendar | Page::OrgCalendar(_) | Page::BodyCalendar(_) => {
                Ok(ical::render(self.site, page).into_bytes())
            }
            Page::Oparl(f) => Ok(oparl::render(
                self.site,
                &self.views,
                &self.oparl_members,
                f,
            )),
            Page::Sitemap => Ok(sitemap::index(self.site).into_bytes()),
            Page::SitemapPart(part) => Ok(sitemap::part(self.site, self.theme, part).into_bytes()),
            Page::Data(d) => Ok(data::render(self.site, d)),
            Page::DataCatalog => Ok(data::catalog::render(self.site)),
            Page::SearchMeta => Ok(self.search_index().meta_file(self.site)),
            Page::SearchTerms(n) => Ok(self.search_index().terms_file(n)),
            Page::SearchPostings(n) => Ok(self.search_index().postings_file(n)),
            Page::SearchDocs(n) => {
                let docs = self
                    .search_docs
                    .get_or_init(|| search::doc_order(self.site));
                Ok(search::doc_file(self, docs, n))
            }
            Page::Asset(a) => Ok(self
                .theme
                .assets
                .values()
                .nth(a)
                .cloned()
                .unwrap_or_default()),
            html => self.render_html(html),
        }
    }

    /// [`Renderer::render`], with what the page read of the graph (see [`crate::site::reads`]).
    pub fn render_recorded(&self, page: Page) -> (Result<Vec<u8>, Diagnostic>, Box<[Read]>) {
        reads::capture(|| self.render(page))
    }

    fn search_index(&self) -> &search::Index {
        self.search.get_or_init(|| {
            let groups = self.search_groups.as_deref();
            search::Index::build(self.site, groups, self.search_touches, self.search_summed)
        })
    }

    /// An HTML page: its own keys in a fresh context; the keys every page shares are in the
    /// theme's global context.
    fn render_html(&self, page: Page) -> Result<Vec<u8>, Diagnostic> {
        let mut ctx = tera::Context::new();
        // Made once for all pages, outside any page's record: noted here for each.
        reads::note(Read::whole(Kind::PartyLinks));
        ctx.insert_value("parties", self.parties.clone());
        let template = pages::context(self, page, &mut ctx)?;
        let description = descriptions::of(&self.views, page);
        ctx.insert(
            "description",
            description
                .as_deref()
                .unwrap_or(&self.site.config.description),
        );
        ctx.insert(
            "page_path",
            &page
                .path(self.site, self.theme)
                .trim_end_matches("index.html"),
        );
        // Written into a buffer sized for a typical page: growing one from empty was a
        // noticeable share of rendering, and the bytes need no UTF-8 check on the way out.
        let mut out = Vec::with_capacity(16 * 1024);
        match self.theme.tera.render_to(template, &ctx, &mut out) {
            Ok(()) => Ok(out),
            Err(e) => Err(self.template_error(e, template, &ctx, page)),
        }
    }

    /// A template error, found again in the templates as written (the folded ones put it at
    /// another column), naming the content file the page (or fragment) was made from.
    fn template_error(
        &self,
        e: tera::Error,
        template: &str,
        ctx: &tera::Context,
        page: Page,
    ) -> Diagnostic {
        let e = match self
            .theme
            .as_written
            .render_to(template, ctx, std::io::sink())
        {
            Err(as_written) => as_written,
            Ok(()) => e,
        };
        let files = template_errors::Files {
            paths: &self.theme.template_paths,
            root: &self.site.config.root,
        };
        // Rendering stops at its first error, so there is one.
        let mut d = template_errors::diagnostics(&e, &files).swap_remove(0);
        if let Some(source) = pages::source_file(self.site, page) {
            let shown = source
                .strip_prefix(&self.site.config.root)
                .unwrap_or(&source);
            d.message = format!("{} (while rendering {})", d.message, shown.display());
        }
        d
    }
}

/// A page made: its index in the archive's list, its output path, its bytes and what it read
/// of the graph.
pub struct Made<'a> {
    pub index: usize,
    pub path: &'a str,
    pub bytes: Vec<u8>,
    pub reads: Box<[Read]>,
}

/// What [`render_all`] renders: the graph, the theme, and every page with its output path
/// (in the same order). The pipeline holds them; render takes them as they are, so it needs
/// nothing of the pipeline (the two modules form no cycle).
pub struct Work<'a> {
    pub site: &'a Site,
    pub theme: &'a Theme,
    pub pages: &'a [Page],
    pub paths: &'a [String],
    /// Which documents have terms in which groups of the search index's buckets, when the
    /// caller fingerprinted them (see [`search::bucket_prints`]): an index of a few groups
    /// then reads only those documents.
    pub search_touches: Option<&'a search::Touches>,
}

/// Renders the archive's pages (those `wanted` marks, or all) in parallel, handing each to
/// `sink` as soon as it is made, so memory holds only the pages in flight. Returns the
/// problems found.
pub fn render_all<F>(work: Work<'_>, wanted: Option<&[bool]>, sink: F) -> Diagnostics
where
    F: Fn(Made<'_>) -> Result<(), Diagnostic> + Sync,
{
    render_waves(work, wanted, None, sink)
}

/// [`render_all`] of every page, the search index leaving in `search_summed` the sums its
/// fingerprints are made of (see [`search::Summed`]): a build without a cache then splits
/// every item into words once, for the index, not a second time for its fingerprints.
pub fn render_everything<F>(
    work: Work<'_>,
    search_summed: &OnceLock<search::Summed>,
    sink: F,
) -> Diagnostics
where
    F: Fn(Made<'_>) -> Result<(), Diagnostic> + Sync,
{
    render_waves(work, None, Some(search_summed), sink)
}

fn render_waves<F>(
    work: Work<'_>,
    wanted: Option<&[bool]>,
    search_summed: Option<&OnceLock<search::Summed>>,
    sink: F,
) -> Diagnostics
where
    F: Fn(Made<'_>) -> Result<(), Diagnostic> + Sync,
{
    let mut list = render_order(work.site, work.pages);
    if let Some(wanted) = wanted {
        list.retain(|i| wanted.get(*i).copied().unwrap_or(false));
    }
    // Nothing to render (an incremental build that no edit reached): no renderer to set up.
    if list.is_empty() {
        return Diagnostics::default();
    }
    // With --timings, each kind of page's render time, and writing (the last row).
    let tally = crate::timings::Tally::default();
    // Rendered in waves, each with a renderer of its own that is dropped before the next
    // (see [`waves`]), so that what one wave holds is let go before the next grows; what a
    // wave freed is handed back to the kernel before the next starts (see `crate::memory`).
    let mut problems = Vec::new();
    let rows = std::sync::Arc::new(fragments::Fragments::new(
        work.site.items.unrecorded().len(),
    ));
    // The kind of wave running, and since when: each kind gets a `--timings` line when it
    // ends, so that the line's peak is that kind's.
    let mut current: Option<(usize, std::time::Instant)> = None;
    for (n, wave) in waves::group(work.site, work.pages, list) {
        // Between kinds of wave only: what one organization's wave let go has the shapes
        // the next one's asks for, and kept, it is reused without the kernel zeroing it again.
        if current.is_none_or(|(kind, _)| kind != n) {
            waves::ended(current);
            crate::memory::release_freed();
            current = Some((n, std::time::Instant::now()));
        }
        let mut renderer = Renderer::new(work.site, work.theme);
        if n == 2 {
            renderer.fragments = rows.clone();
        }
        // Not every file of the search index: build the index of the groups wanted only.
        if n == 0 && wanted.is_some() {
            renderer.search_groups = Some(search_groups(work.site, work.pages, &wave));
            renderer.search_touches = work.search_touches;
        }
        if n == 0 {
            renderer.search_summed = search_summed;
        }
        problems.extend(render_list(&work, renderer, &wave, &sink, &tally));
    }
    waves::ended(current);
    crate::memory::release_freed();
    if crate::timings::enabled() {
        eprintln!("pages (cpu time summed over threads):");
        tally.lines().iter().for_each(|l| eprintln!("{l}"));
    }
    Diagnostics(dedupe(problems))
}

/// Renders the pages at `list` in parallel with `renderer`, dropped when they are done.
fn render_list<F>(
    work: &Work<'_>,
    renderer: Renderer<'_>,
    list: &[usize],
    sink: &F,
    tally: &crate::timings::Tally,
) -> Vec<Diagnostic>
where
    F: Fn(Made<'_>) -> Result<(), Diagnostic> + Sync,
{
    let timed = crate::timings::enabled();
    let clock = |t: Option<std::time::Instant>, kind: &'static str| {
        if let Some(t) = t {
            tally.add(kind, t.elapsed());
        }
        timed.then(std::time::Instant::now)
    };
    list.par_iter()
        .map(|&index| {
            let page = work.pages[index];
            let started = timed.then(std::time::Instant::now);
            let (rendered, reads) = renderer.render_recorded(page);
            let written = clock(started, page.kind());
            let problem = match rendered {
                Ok(bytes) => sink(Made {
                    index,
                    path: &work.paths[index],
                    bytes,
                    reads,
                })
                .err(),
                Err(d) => Some(d),
            };
            clock(written, "(writing)");
            problem
        })
        .flatten()
        .collect()
}

/// The groups of the search index whose files are among `list` (see [`search::group_of`]).
fn search_groups(site: &Site, pages: &[Page], list: &[usize]) -> Vec<bool> {
    let buckets = search::bucket_count(site.items.unrecorded().len());
    let size = search::group_size(buckets);
    let mut groups = vec![false; buckets / size];
    for page in list.iter().map(|i| pages[*i]) {
        match page {
            // A filter's file (past the buckets) and meta.json need no group.
            Page::SearchTerms(n) | Page::SearchPostings(n) if n < buckets => {
                groups[n / size] = true;
            }
            _ => {}
        }
    }
    groups
}

/// The pages' indices in the order they are rendered: each meeting's item pages right after
/// it, so what the meeting page made for its items (see [`views::Views::item_full_value`]) is
/// used and let go while it is still in the cache, by the same thread.
fn render_order(site: &Site, pages: &[Page]) -> Vec<usize> {
    let item_at: std::collections::HashMap<ItemId, usize> = pages
        .iter()
        .enumerate()
        .filter_map(|(at, page)| match page {
            Page::Item(i) => Some((*i, at)),
            _ => None,
        })
        .collect();
    let mut out = Vec::with_capacity(pages.len());
    for (at, page) in pages.iter().enumerate() {
        match page {
            Page::Item(_) => {}
            Page::Meeting(m) => {
                out.push(at);
                let items = site.meetings.unrecorded()[*m].items.iter();
                out.extend(items.filter_map(|i| item_at.get(i).copied()));
            }
            _ => out.push(at),
        }
    }
    out
}

/// One template error breaks many pages; report each distinct message once.
fn dedupe(mut problems: Vec<Diagnostic>) -> Vec<Diagnostic> {
    problems.sort_by(|a, b| a.message.cmp(&b.message));
    problems.dedup_by(|a, b| {
        a.path == b.path && a.line == b.line && first_part(&a.message) == first_part(&b.message)
    });
    problems
}

fn first_part(message: &str) -> &str {
    message.split(" (while rendering").next().unwrap_or(message)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The repository's example archive, loaded.
    pub(super) fn example() -> crate::pipeline::Archive {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        crate::pipeline::load(root, None, crate::pipeline::Keep::Problems)
            .unwrap_or_else(|_| panic!("the example archive loads"))
    }

    #[test]
    fn search_documents_lie_eight_a_file_in_folders_of_a_thousand() {
        let loaded = example();
        let path = |c| Page::SearchDocs(c).path(&loaded.site, &loaded.theme);
        assert_eq!(path(0), "sok/index/d/0/0.json");
        assert_eq!(path(124), "sok/index/d/0/124.json");
        assert_eq!(path(125), "sok/index/d/1/125.json");
        // Document 149,999 (of 150,000) is in the last file.
        assert_eq!(path(149_999 / 8), "sok/index/d/149/18749.json");
        assert_eq!(search::doc_count(150_000), 18_750);
        assert_eq!(search::doc_count(150_001), 18_751);
        assert_eq!(search::doc_count(0), 0);
    }

    #[test]
    fn render_order_has_every_page_once_and_items_after_their_meeting() {
        let loaded = example();
        let site = &loaded.site;
        let order = render_order(site, &loaded.pages);
        let mut sorted = order.clone();
        sorted.sort();
        let all: Vec<usize> = (0..loaded.pages.len()).collect();
        assert_eq!(sorted, all, "every page once");
        assert!(!site.items.is_empty());
        let order: Vec<Page> = order.into_iter().map(|i| loaded.pages[i]).collect();
        for (m, meeting) in site.meetings.enumerate() {
            let at = order.iter().position(|p| *p == Page::Meeting(m)).unwrap();
            let next: Vec<Page> = meeting.items.iter().map(|i| Page::Item(*i)).collect();
            assert_eq!(order[at + 1..at + 1 + next.len()], next[..]);
        }
    }

    /// The preview sets up a renderer for a few pages, whose memo tables then hold a few
    /// chunks; a build's renderer makes every page and fills them all. Each page must come out
    /// the same both ways, and what it read alone must be among the reads the build records
    /// (a memo hands its reads to every later user; a memo made for another page, such as a
    /// meeting's item trail made on its first item's page, may hand on more).
    #[test]
    fn a_renderer_for_one_page_renders_it_as_a_renderer_of_every_page_does() {
        let loaded = example();
        let (site, theme) = (&loaded.site, &loaded.theme);
        let everything = Renderer::new(site, theme);
        let mut compared = 0;
        for at in render_order(site, &loaded.pages) {
            let page = loaded.pages[at];
            // The search index's and data files read no memo table; each made alone would
            // build the whole index again.
            if page.wave() != 2 {
                continue;
            }
            let (all, all_reads) = everything.render_recorded(page);
            let (alone, alone_reads) = Renderer::new(site, theme).render_recorded(page);
            assert_eq!(all.ok(), alone.ok(), "{}", loaded.paths[at]);
            // The same reads, whether the page's memo values were made for it or taken from
            // an earlier page: a memo that kept another page's reads would over-report here.
            let sorted = |reads: &[Read]| {
                let mut reads = reads.to_vec();
                reads.sort_unstable();
                reads.dedup();
                reads
            };
            assert_eq!(
                sorted(&all_reads),
                sorted(&alone_reads),
                "{}",
                loaded.paths[at]
            );
            compared += 1;
        }
        assert!(compared > 100, "{compared} pages compared");
    }

    #[test]
    fn an_items_shared_value_is_the_same_for_both_of_its_pages() {
        let loaded = example();
        let renderer = Renderer::new(&loaded.site, &loaded.theme);
        let views = &renderer.views;
        let i = loaded
            .site
            .items
            .ids()
            .find(|i| loaded.site.item_text(*i).contains("\n## "))
            .expect("an item with a heading in the example");
        let fresh = |shift| tera::Value::from_serializable(&views.item_full(i, shift));
        // The meeting's page first (it makes and keeps the value), then the item's own page
        // (it takes it), then a third use, which makes it again.
        assert_eq!(views.item_full_value(i, 1), fresh(1));
        assert_eq!(views.item_full_value(i, 0), fresh(0));
        assert_eq!(views.item_full_value(i, 0), fresh(0));
        assert_ne!(fresh(0), fresh(1), "the headings moved");
    }
}
