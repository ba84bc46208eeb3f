//! Live reload: the server-sent-events hub that tells open pages to reload, the script `serve`
//! injects into HTML responses (never into `build` output: it is added on the way out, the
//! cached pages stay byte-identical to `build`'s), and the error page shown instead of the site
//! while an edit is broken.

use crate::diag::{Diagnostic, Severity};
use crate::render::theme::escape_html;
use std::path::Path;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::Mutex;

/// The SSE endpoint the script listens to.
pub const EVENTS_PATH: &str = "/__diarium/events";

/// Reloads the page on every `reload` event. `EventSource` reconnects by itself, so a page
/// opened before a restart of `serve` follows the new one.
pub const SCRIPT: &str = concat!(
    "<script>(function(){var s=new EventSource(\"/__diarium/events\");",
    "s.addEventListener(\"reload\",function(){location.reload();});})();</script>"
);

/// The open event streams, one sender per client.
#[derive(Default)]
pub struct Hub {
    clients: Mutex<Vec<Sender<u64>>>,
}

impl Hub {
    pub fn subscribe(&self) -> Receiver<u64> {
        let (tx, rx) = channel();
        self.clients
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(tx);
        rx
    }

    /// Tells every client to reload; clients that went away are forgotten.
    pub fn reload(&self, generation: u64) {
        self.clients
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|c| c.send(generation).is_ok());
    }
}

/// `html` with the reload script before its last `</body>` (or at the end).
pub fn inject(html: &[u8]) -> Vec<u8> {
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + SCRIPT.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(SCRIPT.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The page shown for every HTML request while the archive has errors: each problem with its
/// file, line and hint, all escaped (the messages quote the user's files).
pub fn error_page(diags: &[Diagnostic], root: &Path) -> Vec<u8> {
    let errors: Vec<&Diagnostic> = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    let mut body = String::new();
    for d in &errors {
        let shown = (*d).clone().relative_to(root);
        let mut place = shown.path.display().to_string();
        if shown.line > 0 {
            place.push_str(&format!(":{}", shown.line));
            if shown.col > 0 {
                place.push_str(&format!(":{}", shown.col));
            }
        }
        body.push_str(&format!(
            "<li><code>{}</code><p>{}</p>",
            escape_html(&place),
            escape_html(&shown.message)
        ));
        if let Some(h) = &shown.hint {
            body.push_str(&format!("<p class=\"hint\">{}</p>", escape_html(h)));
        }
        body.push_str("</li>\n");
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>diarium: {n}</title>\
         <style>body{{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}}\
         li{{margin:1rem 0;padding:.5rem 1rem;border-left:4px solid #b00020;background:#fdf2f4}}\
         code{{font-weight:bold}}p{{margin:.25rem 0;white-space:pre-wrap}}.hint{{color:#444}}</style></head>\
         <body><h1>The archive has {n}</h1><p>Fix the file and save: this page reloads by itself.</p>\
         <ul>\n{body}</ul>{SCRIPT}</body></html>\n",
        n = crate::diag::count(errors.len(), "error")
    )
    .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_before_body_end() {
        let out = String::from_utf8(inject(b"<html><body><p>x</p></body></html>")).unwrap();
        assert!(out.ends_with(&format!("{SCRIPT}</body></html>")));
    }

    #[test]
    fn error_page_escapes_and_names_the_line() {
        let d = Diagnostic::error("/s/content/a.md", "bad <script>").at(3, 7);
        let page = String::from_utf8(error_page(&[d], Path::new("/s"))).unwrap();
        assert!(page.contains("content/a.md:3:7"));
        assert!(page.contains("bad &lt;script&gt;") && !page.contains("bad <script>"));
    }
}
