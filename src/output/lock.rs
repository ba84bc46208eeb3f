//! One build at a time into an output folder.
//!
//! Why: two builds into the same `public/` (a scheduled one and one by hand) would both
//! append to the store of parsed content, write the same cache and exchange the same spare
//! folder with the output; each step is safe against a crash, not against a second writer.
//! So a build holds an advisory lock on a file beside the output (`.public.diarium-lock`)
//! from before it reads the last build's cache until it has swapped its pages in, and a
//! second build waits for it, saying so. The lock goes with the process, however it ends: a
//! killed build never leaves the next one waiting.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;

/// The lock, held until dropped.
pub struct Held {
    _file: Option<File>,
}

/// Takes the lock of the output folder `out`, waiting (and saying so on stderr) while
/// another build holds it. Where no lock can be taken (a file system without locks, or no
/// folder to put it in yet), the build goes on without one, as builds did before locks.
pub fn hold(out: &Path) -> std::io::Result<Held> {
    let path = super::beside(out, "diarium-lock");
    let Ok(file) = OpenOptions::new()
        .create(true)
        .write(true)
        .truncate(false)
        .open(&path)
    else {
        return Ok(Held { _file: None });
    };
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            eprintln!(
                "waiting for another build into {} to finish (it holds {})",
                out.display(),
                path.display()
            );
            file.lock()?;
        }
        Err(TryLockError::Error(_)) => return Ok(Held { _file: None }),
    }
    Ok(Held { _file: Some(file) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_waits_for_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first = hold(&out).unwrap();
        let lock = dir.path().join(".public.diarium-lock");
        // Another open file description of the same file cannot take it meanwhile.
        let other = File::open(&lock).unwrap();
        assert!(matches!(other.try_lock(), Err(TryLockError::WouldBlock)));
        let (sender, receiver) = std::sync::mpsc::channel();
        let waiting = std::thread::spawn(move || {
            let held = hold(&out).unwrap();
            sender.send(()).unwrap();
            held
        });
        assert!(
            receiver
                .recv_timeout(std::time::Duration::from_millis(200))
                .is_err(),
            "the second holder waits"
        );
        drop(first);
        receiver
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("the second holder goes on once the first lets go");
        drop(waiting.join().unwrap());
        assert!(other.try_lock().is_ok(), "free once both let go");
    }

    #[test]
    fn without_a_folder_to_lock_in_the_build_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        let held = hold(&dir.path().join("no such folder/public")).unwrap();
        assert!(held._file.is_none());
    }
}
