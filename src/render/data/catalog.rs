//! `/data/katalog.rdf`: the archive described in DCAT-AP (RDF/XML), so that a national data
//! portal (Sveriges dataportal harvests DCAT-AP-SE in RDF/XML) can list it: one catalogue, one
//! dataset of the decisions with a distribution per download and feed, and the OParl
//! interface as a data service. CI checks it against DCAT-AP 3's SHACL shapes
//! (`tests/fixtures/dcat-ap/`).
//!
//! Published with the OParl interface, when `base_url` is absolute: RDF needs absolute names.

use super::super::feeds::esc;
use super::super::{ical, oparl};
use super::DataFile;
use crate::site::Site;
use std::fmt::Write;

pub const PATH: &str = "data/katalog.rdf";

/// EU vocabularies the profile asks for (the Publications Office's authority tables).
const EU: &str = "http://publications.europa.eu/resource/authority/";
const IANA: &str = "http://www.iana.org/assignments/media-types/";

const LICENSE: (&str, &str) = ("dct:license", "dct:LicenseDocument");
const CONFORMS_TO: (&str, &str) = ("dct:conformsTo", "dct:Standard");

/// `<property><Class rdf:about="url"/></property>`: a link to a resource of the class the
/// profile expects there, typed in place since the vocabularies are not part of the file.
/// `url` is escaped already.
fn link(x: &mut String, depth: usize, (property, class): (&str, &str), url: &str) {
    let indent = "  ".repeat(depth);
    let _ = writeln!(
        x,
        "{indent}<{property}><{class} rdf:about=\"{url}\"/></{property}>"
    );
}

/// A download or feed of the dataset.
struct Distribution {
    path: String,
    title: &'static str,
    media_type: &'static str,
    /// The file type's code in the EU table.
    format: &'static str,
    /// The standard the file follows, when it follows one.
    conforms_to: Option<&'static str>,
}

fn distributions() -> Vec<Distribution> {
    let json = |file: DataFile, title| Distribution {
        path: file.path().into(),
        title,
        media_type: "application/json",
        format: "JSON",
        conforms_to: None,
    };
    let mut out = vec![
        json(DataFile::Meetings, "Sammanträden (JSON)"),
        json(DataFile::Items, "Ärenden och paragrafer (JSON)"),
        json(DataFile::Cases, "Diarienummer (JSON)"),
        json(DataFile::People, "Personer (JSON)"),
        json(DataFile::Subjects, "Återkommande ämnen (JSON)"),
        json(DataFile::Votes, "Omröstningar (JSON)"),
    ];
    out.push(Distribution {
        conforms_to: Some("http://www.popoloproject.com/specs/"),
        ..json(DataFile::Popolo, "Omröstningar enligt Popolo (JSON)")
    });
    out.push(Distribution {
        path: ical::FILE.into(),
        title: "Sammanträdeskalender (iCalendar)",
        media_type: "text/calendar",
        format: "ICS",
        conforms_to: Some("https://www.rfc-editor.org/rfc/rfc5545"),
    });
    out.push(Distribution {
        path: "atom.xml".into(),
        title: "Senaste besluten (Atom)",
        media_type: "application/atom+xml",
        format: "ATOM",
        conforms_to: Some("https://www.rfc-editor.org/rfc/rfc4287"),
    });
    out
}

pub(in crate::render) fn render(site: &Site) -> Vec<u8> {
    let config = &site.config;
    let data = &config.data;
    let abs = |path: &str| esc(&config.absolute(path));
    let license = esc(&data.license);
    let catalog = format!("{}#katalog", abs(PATH));
    let dataset = format!("{}#beslut", abs(PATH));
    let description = if config.description.is_empty() {
        format!("Protokoll och beslut i {}", config.title)
    } else {
        config.description.clone()
    };
    let mut x = String::new();
    x.push_str(concat!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n",
        "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"",
        " xmlns:dcat=\"http://www.w3.org/ns/dcat#\" xmlns:dct=\"http://purl.org/dc/terms/\"",
        " xmlns:foaf=\"http://xmlns.com/foaf/0.1/\" xmlns:vcard=\"http://www.w3.org/2006/vcard/ns#\"",
        " xmlns:rdfs=\"http://www.w3.org/2000/01/rdf-schema#\"",
        " xmlns:skos=\"http://www.w3.org/2004/02/skos/core#\">\n",
    ));
    let _ = writeln!(x, "<dcat:Catalog rdf:about=\"{catalog}\">");
    let _ = writeln!(
        x,
        "  <dct:title xml:lang=\"sv\">{}</dct:title>",
        esc(&config.title)
    );
    let _ = writeln!(
        x,
        "  <dct:description xml:lang=\"sv\">{}</dct:description>",
        esc(&description)
    );
    publisher(&mut x, site);
    link(&mut x, 1, ("foaf:homepage", "foaf:Document"), &abs(""));
    link(
        &mut x,
        1,
        ("dct:language", "dct:LinguisticSystem"),
        &format!("{EU}language/SWE"),
    );
    link(&mut x, 1, LICENSE, &license);
    let _ = writeln!(
        x,
        "  <dcat:dataset>\n  <dcat:Dataset rdf:about=\"{dataset}\">"
    );
    let _ = writeln!(
        x,
        "    <dct:title xml:lang=\"sv\">Protokoll och beslut – {}</dct:title>",
        esc(&config.title)
    );
    let orgs: Vec<&str> = site.orgs.iter().map(|o| o.name.as_str()).collect();
    let _ = writeln!(
        x,
        "    <dct:description xml:lang=\"sv\">Sammanträden, paragrafer med beslut, diarienummer, personer, partier och omröstningar ur protokollen från {}.</dct:description>",
        esc(&orgs.join(", "))
    );
    publisher(&mut x, site);
    contact_point(&mut x, site);
    // The EU data theme "Government and public sector", with its label: the profile wants a
    // concept to carry one, and the vocabulary itself is not part of the file.
    let _ = writeln!(
        x,
        "    <dcat:theme><skos:Concept rdf:about=\"{EU}data-theme/GOVE\"><skos:prefLabel xml:lang=\"sv\">Regeringen och den offentliga sektorn</skos:prefLabel></skos:Concept></dcat:theme>"
    );
    link(&mut x, 2, ("dcat:landingPage", "foaf:Document"), &abs(""));
    for keyword in ["protokoll", "beslut", "diarienummer", "sammanträden"] {
        let _ = writeln!(
            x,
            "    <dcat:keyword xml:lang=\"sv\">{keyword}</dcat:keyword>"
        );
    }
    for org in site.orgs.iter() {
        let _ = writeln!(
            x,
            "    <dcat:keyword xml:lang=\"sv\">{}</dcat:keyword>",
            esc(&org.name)
        );
    }
    period(&mut x, site);
    for d in distributions() {
        let url = abs(&d.path);
        let _ = writeln!(
            x,
            "    <dcat:distribution>\n    <dcat:Distribution rdf:about=\"{url}\">"
        );
        let _ = writeln!(
            x,
            "      <dct:title xml:lang=\"sv\">{}</dct:title>",
            d.title
        );
        link(&mut x, 3, ("dcat:accessURL", "rdfs:Resource"), &url);
        link(&mut x, 3, ("dcat:downloadURL", "rdfs:Resource"), &url);
        link(
            &mut x,
            3,
            ("dcat:mediaType", "dct:MediaType"),
            &format!("{IANA}{}", d.media_type),
        );
        link(
            &mut x,
            3,
            ("dct:format", "dct:MediaTypeOrExtent"),
            &format!("{EU}file-type/{}", d.format),
        );
        link(&mut x, 3, LICENSE, &license);
        if let Some(standard) = d.conforms_to {
            link(&mut x, 3, CONFORMS_TO, standard);
        }
        x.push_str("    </dcat:Distribution>\n    </dcat:distribution>\n");
    }
    x.push_str("  </dcat:Dataset>\n  </dcat:dataset>\n");
    if oparl::published(site) {
        let endpoint = abs(&oparl::path(site, oparl::OparlFile::System));
        let _ = writeln!(
            x,
            "  <dcat:service>\n  <dcat:DataService rdf:about=\"{endpoint}\">"
        );
        x.push_str("    <dct:title xml:lang=\"sv\">OParl 1.1-gränssnitt</dct:title>\n");
        link(&mut x, 2, ("dcat:endpointURL", "rdfs:Resource"), &endpoint);
        link(&mut x, 2, CONFORMS_TO, "https://schema.oparl.org/1.1/");
        let _ = writeln!(x, "    <dcat:servesDataset rdf:resource=\"{dataset}\"/>");
        link(&mut x, 2, LICENSE, &license);
        x.push_str("  </dcat:DataService>\n  </dcat:service>\n");
    }
    x.push_str("</dcat:Catalog>\n</rdf:RDF>\n");
    x.into_bytes()
}

fn publisher(x: &mut String, site: &Site) {
    let data = &site.config.data;
    x.push_str("  <dct:publisher>\n    <foaf:Agent>\n");
    let _ = writeln!(
        x,
        "      <foaf:name xml:lang=\"sv\">{}</foaf:name>",
        esc(&data.publisher)
    );
    if let Some(url) = &data.publisher_url {
        link(x, 3, ("foaf:homepage", "foaf:Document"), &esc(url));
    }
    x.push_str("    </foaf:Agent>\n  </dct:publisher>\n");
}

fn contact_point(x: &mut String, site: &Site) {
    let data = &site.config.data;
    x.push_str("    <dcat:contactPoint>\n    <vcard:Kind>\n");
    let _ = writeln!(x, "      <vcard:fn>{}</vcard:fn>", esc(&data.publisher));
    if let Some(email) = &data.contact_email {
        let _ = writeln!(
            x,
            "      <vcard:hasEmail rdf:resource=\"mailto:{}\"/>",
            esc(email)
        );
    }
    x.push_str("    </vcard:Kind>\n    </dcat:contactPoint>\n");
}

/// The span of the archive's meetings.
fn period(x: &mut String, site: &Site) {
    let dates = site.meetings.iter().map(|m| m.meta.date);
    let (Some(first), Some(last)) = (dates.clone().min(), dates.max()) else {
        return;
    };
    let _ = writeln!(
        x,
        "    <dct:temporal>\n    <dct:PeriodOfTime>\n      <dcat:startDate rdf:datatype=\"http://www.w3.org/2001/XMLSchema#date\">{first}</dcat:startDate>\n      <dcat:endDate rdf:datatype=\"http://www.w3.org/2001/XMLSchema#date\">{last}</dcat:endDate>\n    </dct:PeriodOfTime>\n    </dct:temporal>"
    );
}
