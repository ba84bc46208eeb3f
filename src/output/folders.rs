//! Making the folders of the files written, and the files in them.
//!
//! On Unix each thread keeps one folder of the staging tree open and creates files and
//! folders relative to it (`mkdirat`, `openat`): with paths of eight components from `/`, the
//! kernel's walking of each path was a tenth of writing's CPU time. The open folder is the one
//! above a page's own folder (`org/body/meeting` for an item's `…/<item>/index.html`), which
//! successive pages share, so a page costs one `mkdir` and one `open` of one or two
//! components, and a folder already made by this thread costs nothing.

use crate::diag::Diagnostic;
use std::path::{Path, PathBuf};

#[cfg(unix)]
pub use unix::Folders;

#[cfg(unix)]
mod unix {
    use super::*;
    use rustix::fd::OwnedFd;
    use rustix::fs::{AtFlags, FileType, Mode, OFlags};
    use std::sync::{Mutex, MutexGuard, PoisonError};

    /// One cursor per rayon worker, and one shared by any other thread.
    pub struct Folders {
        root: PathBuf,
        cursors: Vec<Mutex<Option<Cursor>>>,
    }

    /// An open folder (`base`, relative to the root) and the last folder made in it.
    struct Cursor {
        base: String,
        fd: OwnedFd,
        made: String,
    }

    /// The folder of a file, made, and held open until the file is written.
    pub struct Folder<'a> {
        folders: &'a Folders,
        cursor: MutexGuard<'a, Option<Cursor>>,
        rel: &'a str,
    }

    impl Folders {
        pub fn new(root: &Path) -> Folders {
            let slots = rayon::current_num_threads() + 1;
            Folders {
                root: root.to_path_buf(),
                cursors: (0..slots).map(|_| Mutex::new(None)).collect(),
            }
        }

        /// Closes the open folders.
        pub fn close(&mut self) {
            self.cursors.clear();
        }

        /// Makes the folder of `rel` (a plain relative path) and those above it.
        pub fn make<'a>(&'a self, rel: &'a str) -> Result<Folder<'a>, Diagnostic> {
            let (dir, _) = rel.rsplit_once('/').unwrap_or(("", rel));
            let (base, leaf) = dir.rsplit_once('/').unwrap_or(("", dir));
            let mut cursor = self.cursor();
            if cursor.as_ref().is_none_or(|c| c.base != base) {
                *cursor = Some(self.open(base)?);
            }
            let c = cursor.as_mut().expect("opened above");
            if !leaf.is_empty() && c.made != leaf {
                make_dir(&c.fd, leaf).map_err(|e| {
                    Diagnostic::error(self.root.join(dir), format!("cannot create folder: {e}"))
                })?;
                c.made.clear();
                c.made.push_str(leaf);
            }
            Ok(Folder {
                folders: self,
                cursor,
                rel,
            })
        }

        /// This thread's cursor: each rayon worker has its own; other threads share one.
        fn cursor(&self) -> MutexGuard<'_, Option<Cursor>> {
            let last = self.cursors.len() - 1;
            let i = rayon::current_thread_index().map_or(last, |i| i.min(last));
            self.cursors[i]
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
        }

        fn open(&self, base: &str) -> Result<Cursor, Diagnostic> {
            let path = self.root.join(base);
            let fd = std::fs::create_dir_all(&path)
                .and_then(|()| {
                    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
                    Ok(rustix::fs::open(&path, flags, Mode::empty())?)
                })
                .map_err(|e| Diagnostic::error(&path, format!("cannot create folder: {e}")))?;
            Ok(Cursor {
                base: base.to_string(),
                fd,
                made: String::new(),
            })
        }
    }

    /// `mkdir`, where an existing folder (made by another thread, say) is fine, as in
    /// `create_dir_all`.
    fn make_dir(at: &OwnedFd, name: &str) -> std::io::Result<()> {
        match rustix::fs::mkdirat(at, name, Mode::from_raw_mode(0o777)) {
            Err(rustix::io::Errno::EXIST) => {
                let stat = rustix::fs::statat(at, name, AtFlags::empty())?;
                if FileType::from_raw_mode(stat.st_mode) == FileType::Directory {
                    Ok(())
                } else {
                    Err(rustix::io::Errno::EXIST.into())
                }
            }
            made => Ok(made?),
        }
    }

    impl Folder<'_> {
        /// Creates (or truncates) the file and writes `bytes`, as `std::fs::write` does.
        pub fn write(self, bytes: &[u8]) -> Result<(), Diagnostic> {
            let c = self.cursor.as_ref().expect("made by Folders::make");
            let name = self.rel[c.base.len()..].trim_start_matches('/');
            write_at(&c.fd, name, bytes).map_err(|e| {
                let path = self.folders.root.join(self.rel);
                Diagnostic::error(path, format!("cannot write: {e}"))
            })
        }
    }

    fn write_at(at: &OwnedFd, name: &str, mut bytes: &[u8]) -> std::io::Result<()> {
        let flags = OFlags::WRONLY | OFlags::CREATE | OFlags::TRUNC | OFlags::CLOEXEC;
        let file = rustix::fs::openat(at, name, flags, Mode::from_raw_mode(0o666))?;
        while !bytes.is_empty() {
            match rustix::io::write(&file, bytes) {
                Ok(0) => return Err(std::io::ErrorKind::WriteZero.into()),
                Ok(n) => bytes = &bytes[n..],
                Err(rustix::io::Errno::INTR) => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
    }
}

/// Elsewhere: the standard library's calls, with whole paths.
#[cfg(not(unix))]
pub struct Folders(PathBuf);

#[cfg(not(unix))]
pub struct Folder(PathBuf);

#[cfg(not(unix))]
impl Folders {
    pub fn new(root: &Path) -> Folders {
        Folders(root.to_path_buf())
    }

    pub fn close(&mut self) {}

    pub fn make(&self, rel: &str) -> Result<Folder, Diagnostic> {
        let path = self.0.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| Diagnostic::error(dir, format!("cannot create folder: {e}")))?;
        }
        Ok(Folder(path))
    }
}

#[cfg(not(unix))]
impl Folder {
    pub fn write(self, bytes: &[u8]) -> Result<(), Diagnostic> {
        std::fs::write(&self.0, bytes)
            .map_err(|e| Diagnostic::error(&self.0, format!("cannot write: {e}")))
    }
}
