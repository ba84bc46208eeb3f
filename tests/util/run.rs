//! Running the real binary: one [`Run`] per command, printed in full when an assertion on it
//! fails, so a CI log holds everything needed to reproduce.

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus};

/// The `diarium` binary cargo built for these tests.
pub const BIN: &str = env!("CARGO_BIN_EXE_diarium");

/// What one run of `diarium` did. Its `Display` is the whole story: the command, the folder,
/// the exit status and both streams.
pub struct Run {
    /// The command as a line to paste into a shell (it changes into the folder first).
    pub command: String,
    pub dir: PathBuf,
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `diarium <args>` in `dir` to its end.
pub fn diarium(dir: &Path, args: &[&str]) -> Run {
    run(command(dir, args), dir, args)
}

/// [`diarium`] as of another build day than the tests' own: `epoch` in seconds since 1970.
pub fn diarium_as_of(dir: &Path, epoch: &str, args: &[&str]) -> Run {
    let mut cmd = command(dir, args);
    cmd.env("SOURCE_DATE_EPOCH", epoch);
    run(cmd, dir, args)
}

fn run(mut cmd: Command, dir: &Path, args: &[&str]) -> Run {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", command_line(dir, args)));
    Run {
        command: command_line(dir, args),
        dir: dir.to_path_buf(),
        status: out.status,
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `diarium <args>` in `dir`, for the tests that drive the process themselves (spawn and
/// kill it, serve from it).
pub fn command(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(BIN);
    // Appeal windows are judged as of the build day: the tests build on 20 December 2024, noon
    // UTC, so that the fixture's windows are one open, one closed, whatever day they run.
    cmd.args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", super::TEST_EPOCH.to_string());
    cmd
}

/// `(cd <dir> && <binary> <args>)`, quoted for a POSIX shell.
pub fn command_line(dir: &Path, args: &[&str]) -> String {
    let words: Vec<String> = std::iter::once(BIN)
        .chain(args.iter().copied())
        .map(quote)
        .collect();
    format!(
        "(cd {} && {})",
        quote(&dir.to_string_lossy()),
        words.join(" ")
    )
}

/// A word as the shell reads it back: bare when it is plain, else in single quotes.
fn quote(word: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_./:=@%+,".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

impl Run {
    /// The exit code; `None` when a signal ended the process.
    pub fn code(&self) -> Option<i32> {
        self.status.code()
    }

    /// Asserts the run succeeded.
    pub fn success(self) -> Run {
        assert!(self.status.success(), "expected success\n{self}");
        self
    }

    /// Asserts the run failed.
    pub fn failure(self) -> Run {
        assert!(!self.status.success(), "expected failure\n{self}");
        self
    }

    /// Asserts stderr holds `needle`.
    pub fn stderr_has(&self, needle: &str) -> &Run {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}\n{self}"
        );
        self
    }

    /// The lines of stderr that report problems: without the closing count of errors and the
    /// note that the output was left as it was.
    pub fn problems(&self) -> String {
        let summary = |l: &&str| {
            l.ends_with(" error") || l.ends_with(" errors") || l.contains("left as it was")
        };
        let lines: Vec<&str> = self.stderr.lines().filter(|l| !summary(l)).collect();
        lines.join("\n")
    }

    /// Asserts stdout holds `needle`.
    pub fn stdout_has(&self, needle: &str) -> &Run {
        assert!(
            self.stdout.contains(needle),
            "stdout lacks {needle:?}\n{self}"
        );
        self
    }
}

impl fmt::Display for Run {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "command: {}", self.command)?;
        writeln!(f, "folder:  {}", self.dir.display())?;
        writeln!(f, "status:  {}", self.status)?;
        stream(f, "stdout", &self.stdout)?;
        stream(f, "stderr", &self.stderr)?;
        write!(f, "--- end of the run")
    }
}

/// One output stream under a header that says when it is empty.
fn stream(f: &mut fmt::Formatter<'_>, name: &str, text: &str) -> fmt::Result {
    if text.is_empty() {
        return writeln!(f, "--- {name}: empty");
    }
    writeln!(f, "--- {name}")?;
    write!(f, "{text}")?;
    if text.ends_with('\n') {
        Ok(())
    } else {
        writeln!(f)
    }
}
