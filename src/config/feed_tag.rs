//! `feed_tag`: who mints the ids of the feeds' entries, as the tagging entity of a `tag:` URI
//! (RFC 4151): an authority (a domain name or an email address) and a date on which it
//! belonged to the minter.
//!
//! ```text
//! feed_tag = "arkiv.example.org,2025"
//!   entry of region-x/rs/2024-12-05/229-a/  →  tag:arkiv.example.org,2025:/region-x/rs/2024-12-05/229-a/
//! ```
//!
//! A feed reader knows an entry by its id. An id made of the page's URL changes when the site
//! moves (a new `base_url`), and every reader then shows every entry again; a tag id names the
//! entry by its path under an authority that is written down once. Without `feed_tag` the
//! authority is the host of site.toml's `base_url` (never the `--base-url` of one build), with
//! [`DEFAULT_YEAR`]; [`FeedTag::warning`] asks for the key so that a move keeps the ids.

use crate::diag::Diagnostic;
use std::path::Path;

/// The date of a default tagging entity: the year diarium began minting tag ids.
pub const DEFAULT_YEAR: &str = "2026";
/// The authority when site.toml's `base_url` has no host (a site built for a path only).
const NO_HOST: &str = "diarium.invalid";

pub const HINT: &str = "write a domain or email address you own and a date it was yours, as in \
                        `feed_tag = \"arkiv.example.org,2025\"`";

/// A validated tagging entity: `authority,date`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedTag {
    entity: String,
    /// Whether site.toml named it (else it was derived from `base_url`).
    configured: bool,
}

impl FeedTag {
    /// From site.toml's `feed_tag`, or else its `base_url`; `Err` says what is wrong with it.
    pub fn new(configured: Option<&str>, base_url: Option<&str>) -> Result<FeedTag, String> {
        match configured {
            Some(entity) => {
                check(entity)?;
                Ok(FeedTag {
                    entity: entity.to_string(),
                    configured: true,
                })
            }
            None => Ok(FeedTag {
                entity: format!("{},{DEFAULT_YEAR}", host(base_url).unwrap_or(NO_HOST)),
                configured: false,
            }),
        }
    }

    /// The id of the thing at `path` (relative to the site's root).
    pub fn id(&self, path: &str) -> String {
        format!("tag:{}:/{}", self.entity, path.trim_start_matches('/'))
    }

    /// A warning when a site with a host derives its ids from it: they change with the host.
    pub fn warning(&self, site_toml: &Path, base_url: &str) -> Option<Diagnostic> {
        if self.configured || !base_url.contains("://") {
            return None;
        }
        Some(
            Diagnostic::warning(
                site_toml,
                format!(
                    "no `feed_tag`: feed entry ids are made from base_url's host \
                     (`tag:{}:/…`) and change if the site moves",
                    self.entity
                ),
            )
            .hint(format!(
                "add `feed_tag = \"{}\"` to site.toml to keep them",
                self.entity
            )),
        )
    }
}

/// The host of an absolute URL, without port or user.
fn host(url: Option<&str>) -> Option<&str> {
    let after = &url?[url?.find("://")? + 3..];
    let host = after.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?.split(':').next()?;
    (!host.is_empty()).then_some(host)
}

/// RFC 4151: `authorityName "," date`, a DNS name or an email address, and `YYYY`,
/// `YYYY-MM` or `YYYY-MM-DD`.
fn check(entity: &str) -> Result<(), String> {
    let Some((authority, date)) = entity.rsplit_once(',') else {
        return Err(format!("feed_tag: `{entity}` has no `,<date>`"));
    };
    let name = authority.rsplit('@').next().unwrap_or(authority);
    let dns = !name.is_empty()
        && name.split('.').all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    let user_ok = authority
        .rsplit_once('@')
        .is_none_or(|(user, _)| !user.is_empty() && !user.contains([' ', ',', ':']));
    if !dns || !user_ok {
        return Err(format!(
            "feed_tag: `{authority}` is not a domain name or an email address"
        ));
    }
    let padded = match date.len() {
        4 => format!("{date}-01-01"),
        7 => format!("{date}-01"),
        _ => date.to_string(),
    };
    let valid = matches!(date.len(), 4 | 7 | 10)
        && chrono::NaiveDate::parse_from_str(&padded, "%Y-%m-%d").is_ok();
    if !valid {
        return Err(format!(
            "feed_tag: `{date}` is not a date as YYYY, YYYY-MM or YYYY-MM-DD"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_keep_their_authority_whatever_the_base() {
        let tag =
            FeedTag::new(Some("arkiv.example.org,2025"), Some("https://new.example/")).unwrap();
        assert_eq!(tag.id("a/b/"), "tag:arkiv.example.org,2025:/a/b/");
        assert_eq!(
            tag.warning(Path::new("site.toml"), "https://new.example/"),
            None
        );
        let derived = FeedTag::new(None, Some("https://user@arkiv.example.se:8080/x/")).unwrap();
        assert_eq!(derived.id(""), "tag:arkiv.example.se,2026:/");
        assert!(derived
            .warning(Path::new("site.toml"), "https://arkiv.example.se/x/")
            .is_some());
        let path_only = FeedTag::new(None, None).unwrap();
        assert_eq!(path_only.id("x/"), "tag:diarium.invalid,2026:/x/");
        assert_eq!(path_only.warning(Path::new("site.toml"), "/"), None);
    }

    #[test]
    fn bad_entities_say_what_is_wrong() {
        for ok in [
            "example.org,2025",
            "a@example.org,2025-01",
            "x.se,2025-02-28",
        ] {
            assert_eq!(check(ok), Ok(()), "{ok}");
        }
        for (bad, says) in [
            ("example.org", "no `,<date>`"),
            ("exa mple.org,2025", "not a domain"),
            ("@example.org,2025", "not a domain"),
            ("example.org,25", "not a date"),
            ("example.org,2025-13", "not a date"),
        ] {
            let e = check(bad).unwrap_err();
            assert!(e.contains(says), "{bad}: {e}");
        }
    }
}
