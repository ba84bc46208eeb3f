//! The Meeting object, with its AgendaItems and Files inside: the interface's largest and
//! most numerous objects (about half its bytes, written twice: on their own and in their
//! body's meeting list). Written straight from typed structs rather than through a
//! `serde_json::Value` tree, whose map allocated every key of every agenda item again.
//!
//! The fields of each struct are declared in the byte order of their JSON names, the order a
//! `Value`'s map writes them in and the rest of the interface is written in: a reader sees
//! one canonical form (a test checks that each file is its own canonical form).

use super::times::Times;
use super::{id, OparlFile};
use crate::model::MeetingKind;
use crate::render::views::Views;
use crate::site::{ItemId, MeetingId, Site};
use serde::Serialize;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Meeting<'a> {
    agenda_item: Vec<AgendaItem<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    created: Option<String>,
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    invitation: Option<File<'a>>,
    license: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<Location<'a>>,
    meeting_state: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    modified: Option<String>,
    name: String,
    organization: [String; 1],
    #[serde(skip_serializing_if = "Option::is_none")]
    results_protocol: Option<File<'a>>,
    start: String,
    #[serde(rename = "type")]
    kind: String,
    web: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AgendaItem<'a> {
    auxiliary_file: [AuxiliaryFile<'a>; 1],
    #[serde(skip_serializing_if = "Option::is_none")]
    consultation: Option<String>,
    created: String,
    id: String,
    license: &'a str,
    meeting: String,
    modified: String,
    name: &'a str,
    number: String,
    order: usize,
    public: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    resolution_text: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    result: Option<&'static str>,
    #[serde(rename = "type")]
    kind: String,
    web: String,
}

/// The item's text, where the site shows it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AuxiliaryFile<'a> {
    access_url: String,
    id: String,
    license: &'a str,
    mime_type: &'static str,
    name: &'a str,
    #[serde(rename = "type")]
    kind: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct File<'a> {
    access_url: String,
    created: String,
    date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    download_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    file_name: Option<&'a str>,
    id: String,
    license: &'a str,
    mime_type: &'static str,
    modified: String,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    sha512_checksum: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    size: Option<u64>,
    #[serde(rename = "type")]
    kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    web: Option<String>,
}

#[derive(Serialize)]
struct Location<'a> {
    description: &'a str,
    id: String,
    #[serde(rename = "type")]
    kind: String,
}

pub(super) fn meeting<'a>(site: &'a Site, views: &'a Views, first: MeetingId) -> Meeting<'a> {
    let documents = site.sitting(first);
    let m = &site.meetings[first];
    let meeting_id = id(site, OparlFile::Meeting(first));
    let of_kind = |kind| {
        documents
            .iter()
            .copied()
            .find(|d| site.meetings[*d].meta.kind == kind)
    };
    let (protocol, agenda) = (
        of_kind(MeetingKind::Protokoll),
        of_kind(MeetingKind::Dagordning),
    );
    let agenda_item = super::objects::embedding_document(site, &documents)
        .map(|d| {
            site.meetings[d]
                .items
                .iter()
                .enumerate()
                .map(|(order, i)| agenda_item(site, views, &meeting_id, *i, order))
                .collect()
        })
        .unwrap_or_default();
    let location = documents
        .iter()
        .find_map(|d| site.meetings[*d].meta.place.as_deref())
        .map(|place| Location {
            description: place,
            id: format!("{meeting_id}#location"),
            kind: super::objects::kind("Location"),
        });
    let times = Times::span(documents.iter().map(|d| Times::of_document(site, *d)));
    let (created, modified) = times.map(Times::strings).unzip();
    Meeting {
        agenda_item,
        created,
        invitation: agenda.map(|a| file(site, &meeting_id, a, "invitation")),
        license: &site.config.data.license,
        location,
        meeting_state: if protocol.is_some() {
            "durchgeführt"
        } else {
            "eingeladen"
        },
        modified,
        name: format!("{} {}", site.bodies[m.body].name, m.meta.date),
        organization: [id(site, OparlFile::Organization(m.body))],
        results_protocol: protocol.map(|p| file(site, &meeting_id, p, "protocol")),
        start: super::objects::start(site, &documents),
        kind: super::objects::kind("Meeting"),
        web: site.config.absolute(&m.url),
        id: meeting_id,
    }
}

/// The document as a File. When `[data] originals` says where the source documents are
/// published, the File is the original (its URL, type, size and checksum as import recorded
/// them) and the site's page is its `web`; else it is the page the site reads it on.
fn file<'a>(site: &'a Site, meeting_id: &str, m: MeetingId, part: &str) -> File<'a> {
    let meeting = &site.meetings[m];
    let page = site.config.absolute(&meeting.url);
    let (created, modified) = Times::of_meeting(site, m).strings();
    let mut f = File {
        access_url: page,
        created,
        date: meeting.meta.date.to_string(),
        download_url: None,
        file_name: None,
        id: format!("{meeting_id}#{part}"),
        license: &site.config.data.license,
        mime_type: "text/html",
        modified,
        name: format!(
            "{} {}",
            site.bodies[meeting.body].name,
            meeting.meta.kind.as_str()
        ),
        sha512_checksum: None,
        size: None,
        kind: super::objects::kind("File"),
        web: None,
    };
    let Some(source) = &meeting.meta.source else {
        return f;
    };
    let name = source.file_name();
    f.file_name = Some(name);
    if let Some(url) = site.config.data.original_url(&source.file) {
        f.web = Some(std::mem::replace(&mut f.access_url, url.clone()));
        f.download_url = Some(url);
        f.mime_type = super::objects::mime_type(name);
        f.sha512_checksum = source.sha512.as_deref();
        f.size = source.size;
    }
    f
}

fn agenda_item<'a>(
    site: &'a Site,
    views: &'a Views,
    meeting_id: &str,
    i: ItemId,
    order: usize,
) -> AgendaItem<'a> {
    let item = &site.items[i];
    let web = site.config.absolute(&item.url);
    let (created, modified) = Times::of_item(site, i).strings();
    AgendaItem {
        // Not inline (`text`): every meeting and every page of a body's meeting list would
        // carry it, which made the interface of 10,000 meetings 974 MB. (`data/items.json`
        // holds the front-matter, not the text: a harvest of the text reads the item pages
        // this file points to.)
        auxiliary_file: [AuxiliaryFile {
            access_url: web.clone(),
            id: format!("{meeting_id}#{}-text", item.anchor),
            license: &site.config.data.license,
            mime_type: "text/html",
            name: &item.meta.title,
            kind: super::objects::kind("File"),
        }],
        consultation: (item.cases.first()).map(|c| super::objects::consultation_id(site, *c, i)),
        created,
        id: format!("{meeting_id}#{}", item.anchor),
        license: &site.config.data.license,
        meeting: meeting_id.to_string(),
        modified,
        name: &item.meta.title,
        number: item.meta.number.to_string(),
        order,
        public: true,
        resolution_text: views.resolution(i),
        result: (item.meta.outcome.as_ref()).map(|o| o.kind().as_str()),
        kind: super::objects::kind("AgendaItem"),
        web,
    }
}

#[cfg(test)]
mod tests {
    use crate::render::oparl::{files, render, ListKind, OparlFile};
    use crate::render::Renderer;

    /// Written from structs, a meeting and a meeting list must come out as a `Value`'s map
    /// writes them (keys in byte order, compact), as every other object of the interface does.
    #[test]
    fn meetings_and_their_lists_are_written_in_canonical_form() {
        let loaded = crate::render::tests::example();
        let renderer = Renderer::new(&loaded.site, &loaded.theme);
        let members = super::super::member_cache(&loaded.site);
        let mut checked = 0;
        for file in files(&loaded.site) {
            if !matches!(
                file,
                OparlFile::Meeting(_) | OparlFile::List(_, ListKind::Meeting, _)
            ) {
                continue;
            }
            let bytes = render(&loaded.site, &renderer.views, &members, file);
            let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            let mut canonical = serde_json::to_vec(&value).unwrap();
            canonical.push(b'\n');
            assert_eq!(
                String::from_utf8(bytes).unwrap(),
                String::from_utf8(canonical).unwrap()
            );
            checked += 1;
        }
        assert!(checked > 0, "no meeting files in the example");
    }
}
