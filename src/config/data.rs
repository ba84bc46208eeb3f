//! `[data]`: what the open data (`/data/`, `/oparl/`, the DCAT-AP catalogue) says of itself:
//! its licence, who publishes it and whom to ask, and where the original documents are.
//!
//! ```toml
//! [data]
//! license = "https://creativecommons.org/publicdomain/zero/1.0/"   # the default: CC0
//! publisher = "Region Exempel"              # default: [accessibility] organization, else title
//! publisher_url = "https://www.example.se/" # the publisher's own site
//! contact_email = "registrator@example.se"  # default: [accessibility] contact_email
//! originals = "https://www.example.se/protokoll/"  # where sources/ is published
//! ```

use super::{is_email, key_error, url_problem, Accessibility};
use crate::diag::Diagnostic;
use serde::Deserialize;
use std::path::Path;

/// `[data]` as written.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawData {
    #[serde(default)]
    license: Option<String>,
    #[serde(default)]
    publisher: Option<String>,
    #[serde(default)]
    publisher_url: Option<String>,
    #[serde(default)]
    contact_email: Option<String>,
    #[serde(default)]
    originals: Option<String>,
}

/// CC0, as Swedish public-sector data is usually published.
pub const CC0: &str = "https://creativecommons.org/publicdomain/zero/1.0/";

/// `[data]`, validated, with its defaults filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenData {
    /// The licence, a URL.
    pub license: String,
    /// Who publishes the data: a name.
    pub publisher: String,
    pub publisher_url: Option<String>,
    pub contact_email: Option<String>,
    /// The URL where the archive's `sources/` folder is published, ending in `/`.
    pub originals: Option<String>,
}

impl RawData {
    /// Checks every URL (a bad one is an error naming its key and line) and fills the
    /// defaults from the accessibility statement, which already names who answers for the site.
    pub(super) fn validate(
        self,
        (path, text): (&Path, &str),
        title: &str,
        accessibility: &Accessibility,
    ) -> Result<OpenData, Diagnostic> {
        let url = |key: &str, value: Option<String>| -> Result<Option<String>, Diagnostic> {
            match value {
                Some(v) => match url_problem(&v).or_else(|| relative(&v)) {
                    Some(problem) => Err(key_error(path, text, key, problem).hint(
                        "give a full http(s) URL, e.g. https://creativecommons.org/licenses/by/4.0/",
                    )),
                    None => Ok(Some(v.trim().to_string())),
                },
                None => Ok(None),
            }
        };
        let license = url("license", self.license)?.unwrap_or_else(|| CC0.to_string());
        let publisher_url = url("publisher_url", self.publisher_url)?;
        let originals = url("originals", self.originals)?.map(|mut o| {
            if !o.ends_with('/') {
                o.push('/');
            }
            o
        });
        if let Some(email) = &self.contact_email {
            if !is_email(email) {
                return Err(key_error(
                    path,
                    text,
                    "contact_email",
                    format!("`{email}` is not an email address"),
                )
                .hint("write the address alone, e.g. registrator@example.se"));
            }
        }
        Ok(OpenData {
            license,
            publisher: self
                .publisher
                .or_else(|| accessibility.organization.clone())
                .unwrap_or_else(|| title.to_string()),
            publisher_url,
            contact_email: self
                .contact_email
                .or_else(|| accessibility.contact_email.clone()),
            originals,
        })
    }
}

impl OpenData {
    /// The public URL of a source document, when `originals` says where `sources/` is
    /// published: the path below `sources/` (or the file's name), each part percent-encoded.
    pub fn original_url(&self, source_file: &str) -> Option<String> {
        let base = self.originals.as_ref()?;
        // `sources/…` as import records it, also when it was given as a longer path.
        let below_sources = source_file
            .match_indices("sources/")
            .filter(|(i, _)| *i == 0 || source_file[..*i].ends_with('/'))
            .last()
            .map(|(i, _)| &source_file[i + "sources/".len()..]);
        let rel = below_sources
            .or_else(|| source_file.rsplit('/').next())
            .unwrap_or(source_file);
        let encoded: Vec<String> = rel.split('/').map(percent_encode).collect();
        Some(format!("{base}{}", encoded.join("/")))
    }
}

/// A problem when `url` is not absolute: what the data names must resolve off the site too.
fn relative(url: &str) -> Option<String> {
    let lower = url.trim().to_ascii_lowercase();
    (!(lower.starts_with("https://") || lower.starts_with("http://")))
        .then(|| format!("`{url}` is not a full http(s) URL"))
}

/// A path segment with everything but unreserved characters (RFC 3986) percent-encoded.
fn percent_encode(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for b in segment.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn validate(toml_text: &str) -> Result<OpenData, Diagnostic> {
        let raw: RawData = toml::from_str(toml_text).unwrap();
        let a = Accessibility {
            organization: Some("Region Exempel".into()),
            contact_email: Some("webb@example.se".into()),
            ..Accessibility::default()
        };
        raw.validate((Path::new("site.toml"), toml_text), "Arkivet", &a)
    }

    #[test]
    fn defaults_come_from_the_accessibility_statement() {
        let d = validate("").unwrap();
        assert_eq!(d.license, CC0);
        assert_eq!(d.publisher, "Region Exempel");
        assert_eq!(d.contact_email.as_deref(), Some("webb@example.se"));
        assert_eq!(d.originals, None);
        assert_eq!(d.original_url("sources/a.pdf"), None);
    }

    #[test]
    fn originals_make_public_urls_below_sources() {
        let d = validate("originals = \"https://www.example.se/protokoll\"\n").unwrap();
        assert_eq!(
            d.original_url("sources/2024/RS 2024-12-03 § 1.pdf")
                .as_deref(),
            Some("https://www.example.se/protokoll/2024/RS%202024-12-03%20%C2%A7%201.pdf")
        );
        assert_eq!(
            d.original_url("/home/r/arkiv/sources/2024/a.pdf")
                .as_deref(),
            Some("https://www.example.se/protokoll/2024/a.pdf")
        );
        assert_eq!(
            d.original_url("elsewhere/x.pdf").as_deref(),
            Some("https://www.example.se/protokoll/x.pdf")
        );
    }

    #[test]
    fn a_bad_url_or_address_names_its_key_and_line() {
        let e = validate("publisher = \"R\"\noriginals = \"www.example.se\"\n").unwrap_err();
        let shown = format!("{e:?}");
        assert!(shown.contains("www.example.se"), "{shown}");
        assert_eq!(e.line, 2, "{shown}");
        let e = validate("contact_email = \"registrator at example.se\"\n").unwrap_err();
        assert!(format!("{e:?}").contains("not an email address"));
        assert!(validate("license = \"CC0\"\n").is_err());
    }
}
