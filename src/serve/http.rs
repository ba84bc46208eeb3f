//! The preview's HTTP side (tiny_http: synchronous, no runtime). It serves only the pages of
//! the built site, from memory: a URL is decoded and checked, then looked up among the site's
//! output paths — there is no file system lookup at all, so `..`, encoded traversal and
//! symlinks cannot reach anything outside the site. Unknown paths get the site's `404.html`.

use super::reload::{self, Hub, EVENTS_PATH};
use super::state::{Lookup, State};
use std::io::Write;
use std::net::SocketAddr;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tiny_http::{Header, Request, Response, Server};

/// How many ports after the asked one are tried when it is taken.
const PORT_TRIES: u16 = 20;

/// Binds `bind:port`, or the next free port; port 0 lets the system choose.
pub fn bind(bind: &str, port: u16) -> anyhow::Result<(Server, SocketAddr)> {
    let last = if port == 0 {
        0
    } else {
        port.saturating_add(PORT_TRIES)
    };
    let mut error = None;
    for p in port..=last {
        match Server::http((bind, p)) {
            Ok(server) => {
                let addr = server
                    .server_addr()
                    .to_ip()
                    .ok_or_else(|| anyhow::anyhow!("not an IP address"))?;
                return Ok((server, addr));
            }
            Err(e) => error = Some(e),
        }
    }
    anyhow::bail!(
        "cannot listen on {bind} ports {port}–{last}: {}",
        error.map(|e| e.to_string()).unwrap_or_default()
    )
}

/// Where a URL leads among the site's paths.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    Page(String),
    /// A folder asked without its `/`: links inside it are relative to it.
    Redirect(String),
    NotFound,
}

/// Resolves a request URL (`/a/b/?q`) to a site path (`a/b/index.html`), refusing anything
/// that is not a plain path below the root once percent-decoded.
pub fn resolve(url: &str, exists: impl Fn(&str) -> bool) -> Resolved {
    let raw = url.split(['?', '#']).next().unwrap_or("");
    let Some(decoded) = percent_decode(raw) else {
        return Resolved::NotFound;
    };
    let Some(rel) = decoded.strip_prefix('/') else {
        return Resolved::NotFound;
    };
    let bad_part = rel
        .split('/')
        .enumerate()
        .any(|(i, s)| s == ".." || s == "." || (s.is_empty() && i + 1 < rel.split('/').count()));
    if bad_part || rel.contains(['\\', '\0', ':']) {
        return Resolved::NotFound;
    }
    let candidate = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    };
    if exists(&candidate) {
        Resolved::Page(candidate)
    } else if !rel.is_empty() && !rel.ends_with('/') && exists(&format!("{rel}/index.html")) {
        Resolved::Redirect(format!("{raw}/"))
    } else {
        Resolved::NotFound
    }
}

/// `%XX` decoding; `None` for a malformed escape or bytes that are not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Answers requests until the server is dropped; run on a few threads.
pub fn serve_requests(server: Arc<Server>, state: Arc<Mutex<State>>, hub: Arc<Hub>) {
    while let Ok(request) = server.recv() {
        if request.url().split('?').next() == Some(EVENTS_PATH) {
            let rx = hub.subscribe();
            std::thread::spawn(move || stream_events(request, rx));
            continue;
        }
        let response = respond(
            request.url(),
            &mut state.lock().unwrap_or_else(|e| e.into_inner()),
        );
        let _ = request.respond(response);
    }
}

type Reply = Response<std::io::Cursor<Vec<u8>>>;

fn respond(url: &str, state: &mut State) -> Reply {
    match resolve(url, |p| state.has_page(p)) {
        Resolved::Redirect(to) => Response::from_data(Vec::new())
            .with_status_code(301)
            .with_header(header("Location", &to)),
        Resolved::Page(path) if path.ends_with(".html") && state.has_errors() => {
            error_reply(state, Vec::new())
        }
        Resolved::Page(path) => match state.lookup(&path) {
            Lookup::Found(bytes) => page_reply(&path, &bytes, 200),
            Lookup::Failed(d) => {
                eprintln!("{}", d.clone().relative_to(&state.root));
                error_reply(state, vec![d])
            }
            Lookup::Missing => not_found(state),
        },
        Resolved::NotFound => not_found(state),
    }
}

fn not_found(state: &mut State) -> Reply {
    if state.has_errors() {
        return error_reply(state, Vec::new());
    }
    match state.lookup("404.html") {
        Lookup::Found(bytes) => page_reply("404.html", &bytes, 404),
        _ => Response::from_data(b"404 not found".to_vec()).with_status_code(404),
    }
}

fn error_reply(state: &State, extra: Vec<crate::diag::Diagnostic>) -> Reply {
    let mut diags = state.diagnostics().0;
    diags.extend(extra);
    Response::from_data(reload::error_page(&diags, &state.root))
        .with_status_code(500)
        .with_header(header("Content-Type", "text/html; charset=utf-8"))
        .with_header(header("Cache-Control", "no-store"))
}

fn page_reply(path: &str, bytes: &[u8], status: u16) -> Reply {
    let kind = content_type(path);
    let body = if kind.starts_with("text/html") {
        reload::inject(bytes)
    } else {
        bytes.to_vec()
    };
    Response::from_data(body)
        .with_status_code(status)
        .with_header(header("Content-Type", kind))
        .with_header(header("Cache-Control", "no-store"))
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" if path.ends_with("atom.xml") => "application/atom+xml",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("ASCII header")
}

/// One SSE client: a `reload` event per rebuild, a comment every 15 s so a closed tab is
/// noticed (the write fails) and its thread ends.
fn stream_events(request: Request, rx: Receiver<u64>) {
    let mut w = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n\
                Connection: close\r\n\r\n: connected\n\n";
    if w.write_all(head.as_bytes())
        .and_then(|_| w.flush())
        .is_err()
    {
        return;
    }
    loop {
        let message = match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(generation) => format!("event: reload\ndata: {generation}\n\n"),
            Err(RecvTimeoutError::Timeout) => ": ping\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if w.write_all(message.as_bytes())
            .and_then(|_| w.flush())
            .is_err()
        {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(p: &str) -> bool {
        ["index.html", "a/index.html", "style.css", "404.html"].contains(&p)
    }

    #[test]
    fn resolves_pages_folders_and_redirects() {
        assert_eq!(resolve("/", site), Resolved::Page("index.html".into()));
        assert_eq!(
            resolve("/a/?x=1", site),
            Resolved::Page("a/index.html".into())
        );
        assert_eq!(resolve("/a", site), Resolved::Redirect("/a/".into()));
        assert_eq!(
            resolve("/%73tyle.css", site),
            Resolved::Page("style.css".into())
        );
        assert_eq!(resolve("/nope/", site), Resolved::NotFound);
    }

    #[test]
    fn refuses_traversal() {
        let any = |_: &str| true;
        for bad in [
            "/../site.toml",
            "/%2e%2e/site.toml",
            "/a/%2E%2E/%2e%2e/x",
            "/a/..%2fx",
            "/a\\..\\x",
            "/a//b",
            "/%zz",
            "/%ff",
            "x",
        ] {
            assert_eq!(resolve(bad, any), Resolved::NotFound, "{bad}");
        }
    }
}
