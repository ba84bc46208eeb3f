//! Site-wide constants folded into the templates when the theme loads.
//!
//! Every page prints the same UI strings (`{{ t.skip }}`), the site's base path (`{{ base }}`)
//! and title. Tera keeps them in its global context but looks each one up again on every page:
//! through the page's loops and `set`s, the templates that include the current one, the page's
//! context and then the global one, cloning the value and escaping it again. On an archive of
//! 1,000 meetings those lookups were a quarter of the instructions Tera spent evaluating
//! templates. Their values cannot change during a build (serve reloads the theme when
//! site.toml or the strings change), so a plain `{{ t.skip }}` is replaced by its escaped text
//! once, before Tera compiles the template. The output is byte for byte what Tera would have
//! printed.
//!
//! Only the exact form `{{ name }}` is folded, and only where the name must mean the shared
//! value: not inside `{% raw %}` or a component (a component sees its arguments, not the
//! page), and not at all if any template binds the name itself (`{% for t in … %}`,
//! `{% set base = … %}`), since an included template would then see the binding. A value that
//! contains template syntax characters or a line break is left to Tera.
//!
//! Folding moves the columns of whatever follows a constant on its line, so errors are
//! reported from the templates as written (see [`super::theme::Theme::as_written`]).

use crate::config::Config;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// What a template may print as a constant: the expression (`t.skip`) and its raw value.
pub type Constants = BTreeMap<String, String>;

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    lang: &'a str,
    base_url: &'a str,
}

#[derive(Serialize)]
struct Shared<'a> {
    site: SiteView<'a>,
    base: &'a str,
    t: &'a toml::Table,
}

/// The keys every template sees, item rows included, that follow from the config and the UI
/// strings alone: `site`, `base` and `t`, as a map. They are Tera's global context, and [`of`]
/// folds the same values, so the two cannot disagree.
pub fn shared(config: &Config, strings: &toml::Table) -> tera::Value {
    tera::Value::from_serializable(&Shared {
        site: SiteView {
            title: &config.title,
            description: &config.description,
            lang: config.language.code(),
            base_url: &config.base_url,
        },
        base: config.base_path(),
        t: strings,
    })
}

/// Every string of `shared`, by the name a template prints it with (`base`, `site.title`,
/// `t.skip`).
pub fn of(shared: &tera::Value) -> Constants {
    let mut constants = Constants::new();
    for (key, value) in shared.as_map().into_iter().flatten() {
        let Some(key) = key.as_str() else { continue };
        if let Some(s) = value.as_str() {
            constants.insert(key.to_string(), s.to_string());
        }
        for (sub, v) in value.as_map().into_iter().flatten() {
            if let (Some(sub), Some(s)) = (sub.as_str(), v.as_str()) {
                constants.insert(format!("{key}.{sub}"), s.to_string());
            }
        }
    }
    constants
}

/// The folded sources; templates Tera does not autoescape are left as they are.
pub fn fold(
    sources: &BTreeMap<String, String>,
    constants: &Constants,
    escape: fn(&str) -> String,
) -> BTreeMap<String, String> {
    let bound = bound_names(sources.values().map(String::as_str));
    let printable: BTreeMap<&str, String> = constants
        .iter()
        .filter(|(name, _)| !bound.contains(root(name)))
        .map(|(name, value)| (name.as_str(), escape(value)))
        .filter(|(_, text)| !text.contains(['{', '}', '%', '#', '\n', '\r']))
        .collect();
    sources
        .iter()
        .map(|(name, source)| {
            let escaped = name.ends_with(".html") || name.ends_with(".xml");
            let text = if escaped {
                fold_one(source, &printable)
            } else {
                source.clone()
            };
            (name.clone(), text)
        })
        .collect()
}

fn root(name: &str) -> &str {
    name.split('.').next().unwrap_or(name)
}

/// One tag of a template: where it starts and ends, and its text between the delimiters.
struct Tag<'s> {
    start: usize,
    end: usize,
    kind: u8,
    inner: &'s str,
}

/// The tags (`{{ }}`, `{% %}`, `{# #}`) of a template, in order. A `}}` or `%}` inside a quoted
/// string does not end a tag.
fn tags(source: &str) -> impl Iterator<Item = Tag<'_>> {
    let bytes = source.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        let start = at + source.get(at..)?.find('{')?;
        let kind = *bytes.get(start + 1)?;
        if !matches!(kind, b'{' | b'%' | b'#') {
            at = start + 1;
            return Some(None);
        }
        let close = match kind {
            b'{' => b'}',
            other => other,
        };
        let mut i = start + 2;
        let mut quote: Option<u8> = None;
        while i + 1 < bytes.len() {
            let b = bytes[i];
            match quote {
                Some(q) if b == q => quote = None,
                Some(_) => {}
                None if kind != b'#' && matches!(b, b'"' | b'\'' | b'`') => quote = Some(b),
                None if b == close && bytes[i + 1] == b'}' => {
                    at = i + 2;
                    return Some(Some(Tag {
                        start,
                        end: i + 2,
                        kind,
                        inner: &source[start + 2..i],
                    }));
                }
                None => {}
            }
            i += 1;
        }
        None
    })
    .flatten()
}

/// The first word of a `{% %}` tag (`for`, `set`, `component`, `raw`, …) and the rest.
fn statement(inner: &str) -> (&str, &str) {
    let inner = inner.trim_matches('-').trim();
    match inner.split_once(char::is_whitespace) {
        Some((word, rest)) => (word, rest.trim()),
        None => (inner, ""),
    }
}

/// Names bound by `for` and `set`/`set_global` anywhere in the templates.
fn bound_names<'s>(sources: impl Iterator<Item = &'s str>) -> BTreeSet<String> {
    let mut bound = BTreeSet::new();
    for source in sources {
        for tag in tags(source).filter(|t| t.kind == b'%') {
            let (word, rest) = statement(tag.inner);
            let names = match word {
                "for" => rest.split(" in ").next().unwrap_or(""),
                "set" | "set_global" => rest.split('=').next().unwrap_or(""),
                _ => continue,
            };
            for name in names.split(',') {
                bound.insert(name.trim().to_string());
            }
        }
    }
    bound
}

fn fold_one(source: &str, printable: &BTreeMap<&str, String>) -> String {
    let mut out = String::with_capacity(source.len());
    let mut copied = 0;
    // Inside `{% raw %}` or a component definition nothing is folded.
    let (mut raw, mut component_depth) = (false, 0usize);
    for tag in tags(source) {
        if tag.kind == b'%' {
            match statement(tag.inner).0 {
                "raw" => raw = true,
                "endraw" => raw = false,
                "component" if !raw => component_depth += 1,
                "endcomponent" if !raw => component_depth = component_depth.saturating_sub(1),
                _ => {}
            }
            continue;
        }
        if tag.kind != b'{' || raw || component_depth > 0 {
            continue;
        }
        // `{{- x }}` trims whitespace around it; left to Tera.
        if tag.inner.starts_with('-') || tag.inner.ends_with('-') {
            continue;
        }
        if let Some(text) = printable.get(tag.inner.trim()) {
            out.push_str(&source[copied..tag.start]);
            out.push_str(text);
            copied = tag.end;
        }
    }
    out.push_str(&source[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(templates: &[(&str, &str)]) -> BTreeMap<String, String> {
        let sources = templates
            .iter()
            .map(|(n, s)| (n.to_string(), s.to_string()))
            .collect();
        let constants: Constants = [
            ("base", "/arkiv/"),
            ("t.skip", "Hoppa <till> innehållet"),
            ("t.odd", "100 % {{ x }}"),
            ("site.title", "Region & kommun"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        fold(&sources, &constants, crate::render::theme::escape_html)
    }

    #[test]
    fn plain_constants_become_their_escaped_text() {
        let out = folded(&[(
            "a.html",
            "<a href=\"{{ base }}x\">{{t.skip}}</a> {{ site.title }} {{ item.title }}",
        )]);
        assert_eq!(
            out["a.html"],
            "<a href=\"/arkiv/x\">Hoppa &lt;till&gt; innehållet</a> Region &amp; kommun {{ item.title }}"
        );
    }

    #[test]
    fn filters_whitespace_control_raw_components_and_syntax_in_values_are_left_to_tera() {
        let source = "{{ t.skip | upper }}{{- base }}{% raw %}{{ base }}{% endraw %}\
            {% component m(@base) %}{{ base }}{% endcomponent m %}{{ t.odd }}{{ \"}}\" }}{{ base }}";
        let out = folded(&[("a.html", source)]);
        assert_eq!(
            out["a.html"],
            "{{ t.skip | upper }}{{- base }}{% raw %}{{ base }}{% endraw %}\
            {% component m(@base) %}{{ base }}{% endcomponent m %}{{ t.odd }}{{ \"}}\" }}/arkiv/"
        );
    }

    #[test]
    fn a_name_bound_anywhere_is_not_folded_anywhere() {
        let out = folded(&[
            (
                "list.html",
                "{% for t in items %}{% include \"row.html\" %}{% endfor %}",
            ),
            ("row.html", "{{ t.skip }} {{ base }}"),
            ("other.html", "{% set base = \"/\" %}"),
        ]);
        assert_eq!(out["row.html"], "{{ t.skip }} {{ base }}");
    }

    /// Guards the speed-up itself: a default template that bound `t` or `base` somewhere would
    /// silently turn folding off for every page.
    #[test]
    fn the_default_theme_folds_its_ui_strings_and_base() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/templates");
        let sources: BTreeMap<String, String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .map(|p| {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                (name, std::fs::read_to_string(&p).unwrap())
            })
            .collect();
        let strings: toml::Table =
            toml::from_str(include_str!("../../themes/default/strings.toml")).unwrap();
        let mut constants: Constants = strings["sv"]
            .as_table()
            .unwrap()
            .iter()
            .map(|(k, v)| (format!("t.{k}"), v.as_str().unwrap_or_default().to_string()))
            .collect();
        constants.insert("base".into(), "/".into());
        let out = fold(&sources, &constants, crate::render::theme::escape_html);
        assert!(!out["base.html"].contains("{{ base }}"));
        assert!(!out["base.html"].contains("{{ t.skip }}"));
        assert!(!out["item_body.html"].contains("{{ t.case }}"));
    }

    #[test]
    fn constants_are_the_strings_of_the_shared_keys_by_their_printed_names() {
        #[derive(Serialize)]
        struct Keys {
            base: &'static str,
            site: BTreeMap<&'static str, &'static str>,
            t: BTreeMap<&'static str, &'static str>,
            parties: [&'static str; 2],
        }
        let shared = tera::Value::from_serializable(&Keys {
            base: "/arkiv/",
            site: BTreeMap::from([("title", "Arkivet")]),
            t: BTreeMap::from([("skip", "Hoppa")]),
            parties: ["S", "M"],
        });
        let names: Vec<(String, String)> = of(&shared).into_iter().collect();
        let expected = [
            ("base", "/arkiv/"),
            ("site.title", "Arkivet"),
            ("t.skip", "Hoppa"),
        ];
        assert_eq!(names, expected.map(|(k, v)| (k.to_string(), v.to_string())));
    }

    #[test]
    fn templates_tera_does_not_escape_are_untouched() {
        let out = folded(&[("robots.txt", "{{ base }}")]);
        assert_eq!(out["robots.txt"], "{{ base }}");
    }
}
