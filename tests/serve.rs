//! `diarium serve` end to end: the real binary on a fresh `diarium init` archive, driven over
//! HTTP with a plain `TcpStream`. Waits are bounded polls; nothing here asserts on timing.

mod util;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use util::{command, command_line, diarium};

const ITEM_URL: &str = "/exempelkommun/kommunstyrelsen/2025-01-15/002-budget/";
const ITEM_FILE: &str = "content/exempelkommun/kommunstyrelsen/2025-01-15/002-budget.md";

/// A running `diarium serve`; killed on drop, its command and stderr shown when a test fails.
struct Serve {
    child: Child,
    command: String,
    addr: String,
    stderr: Arc<Mutex<String>>,
}

impl Serve {
    fn start(root: &Path) -> Serve {
        let args = ["serve", "--port", "0", "--root", root.to_str().unwrap()];
        let dir = root.parent().unwrap();
        let shown = command_line(dir, &args);
        let mut child = command(dir, &args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {shown}: {e}"));
        let stderr = Arc::new(Mutex::new(String::new()));
        let (err_pipe, sink) = (child.stderr.take().unwrap(), stderr.clone());
        std::thread::spawn(move || {
            for line in BufReader::new(err_pipe).lines().map_while(Result::ok) {
                sink.lock().unwrap().push_str(&format!("{line}\n"));
            }
        });
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        out.read_line(&mut line).expect("read serve's first line");
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_else(|| {
                panic!(
                    "no URL in {line:?}\ncommand: {shown}\n--- stderr\n{}",
                    stderr.lock().unwrap()
                )
            })
            .to_string();
        Serve {
            child,
            command: shown,
            addr,
            stderr,
        }
    }

    /// (status, body) of a GET with the path sent exactly as given.
    fn get(&self, path: &str) -> (u16, String) {
        let mut s = TcpStream::connect(&self.addr).expect("connect");
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut raw = String::new();
        s.read_to_string(&mut raw).expect("read response");
        let status = raw
            .split(' ')
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        let body = raw
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_string())
            .unwrap_or_default();
        (status, body)
    }

    /// Polls `path` until `pred` holds, for at most 10 s.
    fn wait_for(&self, path: &str, what: &str, pred: impl Fn(u16, &str) -> bool) -> String {
        let until = Instant::now() + Duration::from_secs(10);
        loop {
            let (status, body) = self.get(path);
            if pred(status, &body) {
                return body;
            }
            if Instant::now() > until {
                panic!(
                    "{what}: GET {path} gave {status}:\n{body}\n--- serve's command: {}\n--- serve's stderr:\n{}",
                    self.command,
                    self.stderr.lock().unwrap()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn init_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("arkiv");
    diarium(dir.path(), &["init", root.to_str().unwrap()]).success();
    (dir, root)
}

/// Writes through a temporary file and a rename, as editors do.
fn save(path: &Path, text: &str) {
    let tmp = path.with_extension("md.tmp~");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

#[test]
fn edit_break_and_fix_an_item() {
    let (_dir, root) = init_site();
    let serve = Serve::start(&root);
    let file = root.join(ITEM_FILE);
    let original = std::fs::read_to_string(&file).unwrap();

    let (status, body) = serve.get(ITEM_URL);
    assert_eq!(status, 200, "{body}");
    assert!(
        body.contains("/__diarium/events"),
        "the reload script is injected"
    );

    let edited = original.replacen("---\n\n", "---\n\nKORREKTURLÄST-STYCKE\n\n", 1);
    assert_ne!(
        edited, original,
        "the sample item has a body after its front-matter"
    );
    save(&file, &edited);
    serve.wait_for(ITEM_URL, "the edit shows", |s, b| {
        s == 200 && b.contains("KORREKTURLÄST-STYCKE")
    });
    // The meeting page shows the item in full, so it changed too.
    serve.wait_for(
        "/exempelkommun/kommunstyrelsen/2025-01-15/",
        "the meeting shows the edit",
        |s, b| s == 200 && b.contains("KORREKTURLÄST-STYCKE"),
    );

    let broken = edited.replacen("title:", "title: [unclosed", 1);
    save(&file, &broken);
    let page = serve.wait_for(ITEM_URL, "the error page", |s, _| s == 500);
    let line = broken
        .lines()
        .position(|l| l.starts_with("title:"))
        .unwrap()
        + 1;
    assert!(
        page.contains(&format!("002-budget.md:{line}:")),
        "names the file and line:\n{page}"
    );
    assert!(
        page.contains("/__diarium/events"),
        "the error page reloads itself"
    );

    save(
        &file,
        &edited.replace("KORREKTURLÄST-STYCKE", "RÄTTAT-STYCKE"),
    );
    serve.wait_for(ITEM_URL, "the fixed page", |s, b| {
        s == 200 && b.contains("RÄTTAT-STYCKE")
    });
}

#[test]
fn structural_edits_and_new_files() {
    let (_dir, root) = init_site();
    let serve = Serve::start(&root);
    let file = root.join(ITEM_FILE);
    let original = std::fs::read_to_string(&file).unwrap();
    // A new case number: the graph is rebuilt and the case page appears.
    let with_case = original.replacen("cases:\n", "cases:\n- KS 99-2025\n", 1);
    assert_ne!(with_case, original);
    save(&file, &with_case);
    serve.wait_for(
        "/exempelkommun/arenden/ks-99-2025/",
        "the new case page",
        |s, _| s == 200,
    );
    // A new item file appears; deleting it removes it again.
    let new_item = file.with_file_name("003-ny-punkt.md");
    save(&new_item, "---\nnumber: 3\ntitle: Ny punkt\n---\n\nText.\n");
    serve.wait_for(
        "/exempelkommun/kommunstyrelsen/2025-01-15/003-ny-punkt/",
        "the new item",
        |s, _| s == 200,
    );
    std::fs::remove_file(&new_item).unwrap();
    serve.wait_for(
        "/exempelkommun/kommunstyrelsen/2025-01-15/003-ny-punkt/",
        "the item gone",
        |s, _| s == 404,
    );
}

#[test]
fn serves_only_the_site() {
    let (_dir, root) = init_site();
    std::fs::write(root.join("secret.txt"), "do not serve").unwrap();
    let serve = Serve::start(&root);
    for path in [
        "/../site.toml",
        "/%2e%2e/site.toml",
        "/%2E%2E%2Fsite.toml",
        "/secret.txt",
        "/content/",
        "/a/../../etc/passwd",
    ] {
        let (status, body) = serve.get(path);
        assert_eq!(status, 404, "{path}: {body}");
        assert!(
            !body.contains("do not serve") && !body.contains("title ="),
            "{path}: {body}"
        );
    }
    let (status, body) = serve.get("/finns-inte/");
    assert_eq!(status, 404);
    assert!(body.contains("<html"), "the site's 404.html: {body}");
    let (status, _) = serve.get("/exempelkommun");
    assert_eq!(status, 301, "a folder without its slash is redirected");
    let (status, body) = serve.get("/sitemap.xml");
    assert_eq!(status, 200);
    assert!(!body.contains("__diarium"), "no script outside HTML");
}

/// Two pages claiming one path are an error in the preview too, as in `build` and `check`.
#[test]
fn two_pages_claiming_one_path_show_the_error_page() {
    let (_dir, root) = init_site();
    std::fs::create_dir_all(root.join("static")).unwrap();
    std::fs::write(root.join("static/index.html"), "<p>mine</p>").unwrap();
    let serve = Serve::start(&root);
    let (_, body) = serve.get("/");
    assert!(
        body.contains("two pages would be written to this file: the home page and the theme file static/index.html"),
        "{body}"
    );
}
