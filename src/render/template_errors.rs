//! Tera's errors as diagnostics, `path:line:col: error: message` with a hint, naming the
//! template file the author wrote: the site's or the theme's own, or the built-in one.
//!
//! A syntax or rendering error comes as a report with its template, message and position. An
//! error inside a component or an included template names the file it happened in, and says
//! where that was called from only in the report's text (`note: called from name:line:col`).
//! Loading reports every unknown filter, component or include at once, as the same text
//! (`error: message` over ` --> name:line:col`). Both are read here.

use crate::diag::Diagnostic;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The templates' files by template name, and the site's root to show them from.
pub struct Files<'a> {
    pub paths: &'a BTreeMap<String, PathBuf>,
    pub root: &'a Path,
}

const HINT: &str = "fix the template; the previous output is left as it was";
const TAG_HINT: &str = "Tera 2 has no macros or imports: shared pieces are components, \
    called as {{ <name arg={value} /> }} (see the README, Themes); fix the template, the \
    previous output is left as it was";

/// One diagnostic per problem (rendering stops at its first).
pub fn diagnostics(e: &tera::Error, files: &Files) -> Vec<Diagnostic> {
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let span = r.span();
            let mut message = r.message().to_string();
            for (name, line, col) in e.to_string().lines().filter_map(called_from) {
                let place = files.path(name);
                let place = place.strip_prefix(files.root).unwrap_or(&place);
                message.push_str(&format!(" (called from {}:{line}:{col})", place.display()));
            }
            // Tera counts columns from 0.
            vec![files.at(r.filename(), span.start_line, span.start_col + 1, &message)]
        }
        _ => {
            let text = e.to_string();
            let reports: Vec<Diagnostic> = text
                .split("\n\n")
                .filter_map(report)
                .map(|(name, line, col, message)| files.at(name, line, col, message))
                .collect();
            if !reports.is_empty() {
                return reports;
            }
            // Inheritance and duplicate-component errors quote the template's name.
            let name = files
                .paths
                .keys()
                .find(|n| text.contains(&format!("'{n}'")) || text.contains(&format!("`{n}`")))
                .map_or("", String::as_str);
            vec![files.at(name, 0, 0, &text.replace('\n', " "))]
        }
    }
}

impl Files<'_> {
    fn path(&self, name: &str) -> PathBuf {
        self.paths
            .get(name)
            .cloned()
            .unwrap_or_else(|| PathBuf::from("templates"))
    }

    fn at(&self, name: &str, line: usize, col: usize, message: &str) -> Diagnostic {
        let hint = if message == "Unknown tag" {
            TAG_HINT
        } else {
            HINT
        };
        Diagnostic::error(self.path(name), message)
            .at(line, col)
            .hint(hint)
    }
}

/// A report in text, `error: message` over ` --> name:line:col`, as its parts.
fn report(text: &str) -> Option<(&str, usize, usize, &str)> {
    let mut lines = text.lines();
    let message = lines.next()?.strip_prefix("error: ")?;
    let (name, line, col) = position(lines.next()?.trim_start().strip_prefix("--> ")?)?;
    Some((name, line, col, message))
}

/// The caller in a `note: called from name:line:col` line.
fn called_from(line: &str) -> Option<(&str, usize, usize)> {
    position(line.strip_prefix("note: called from ")?)
}

/// `name:line:col` (the name may hold colons; the numbers do not).
fn position(text: &str) -> Option<(&str, usize, usize)> {
    let mut parts = text.rsplitn(3, ':');
    let col = parts.next()?.trim().parse().ok()?;
    let line = parts.next()?.parse().ok()?;
    Some((parts.next()?, line, col))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(templates: &[(&str, &str)]) -> tera::Error {
        let mut tera = tera::Tera::new();
        tera.add_raw_templates(templates.iter().copied())
            .unwrap_err()
    }

    fn shown(e: &tera::Error) -> Vec<String> {
        let paths: BTreeMap<String, PathBuf> = ["a.html", "b.html", "parts.html"]
            .iter()
            .map(|n| (n.to_string(), PathBuf::from("/site/templates").join(n)))
            .collect();
        let files = Files {
            paths: &paths,
            root: Path::new("/site"),
        };
        diagnostics(e, &files)
            .iter()
            .map(|d| d.to_string().lines().next().unwrap().to_string())
            .collect()
    }

    #[test]
    fn a_syntax_error_names_the_file_line_and_column() {
        let e = load(&[("a.html", "<p>\n  {{ oops( }}\n")]);
        assert_eq!(
            shown(&e),
            ["/site/templates/a.html:2:12: error: Found `}}` but expected identifier."]
        );
    }

    #[test]
    fn every_unknown_name_is_reported_where_it_is_used() {
        let e = load(&[("a.html", "{{ x | nosuch }}\n{% include \"gone.html\" %}")]);
        assert_eq!(
            shown(&e),
            [
                "/site/templates/a.html:1:8: error: Unknown filter `nosuch`",
                "/site/templates/a.html:2:12: error: Unknown template `gone.html`",
            ]
        );
    }

    #[test]
    fn an_error_in_a_component_says_where_it_was_called_from() {
        let mut tera = tera::Tera::new();
        tera.add_raw_templates([
            (
                "parts.html",
                "{% component d(x) %}{{ x.iso }}{% endcomponent d %}",
            ),
            ("b.html", "<p>\n{{ <d x={1} /> }}"),
        ])
        .unwrap();
        let e = tera.render("b.html", &tera::Context::new()).unwrap_err();
        assert_eq!(
            shown(&e),
            [
                "/site/templates/parts.html:1:26: error: Field `iso` is not defined. \
                 (called from templates/b.html:2:4)"
            ]
        );
    }

    #[test]
    fn a_v1_macro_gets_a_hint_about_components() {
        let e = load(&[("parts.html", "{% macro d(x) %}{% endmacro d %}")]);
        let paths = BTreeMap::new();
        let files = Files {
            paths: &paths,
            root: Path::new("/"),
        };
        let d = diagnostics(&e, &files).remove(0);
        assert_eq!(d.message, "Unknown tag");
        assert!(d.hint.unwrap().contains("components"));
    }
}
