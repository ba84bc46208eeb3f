//! Reading a source: a `.txt` (text extracted from a PDF) or a `.pdf`, whose text layer is
//! extracted with poppler's `pdftotext`. Problems are diagnostics naming the file: an empty
//! file, invalid UTF-8, a binary file, a PDF without text.

use crate::diag::Diagnostic;
use std::path::Path;
use std::process::Command;

/// Reads `path` into text, or a diagnostic that says what is wrong with it.
pub fn read(path: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(path, format!("cannot read the file: {e}")))?;
    if bytes.starts_with(b"%PDF-") {
        return pdf_text(path);
    }
    text_of(path, &bytes)
}

/// Validates the bytes of a text source.
pub fn text_of(path: &Path, bytes: &[u8]) -> Result<String, Diagnostic> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Diagnostic::error(path, "the file is empty")
            .hint("export the minutes' text again, or remove the file from the inputs"));
    }
    if looks_binary(bytes) {
        return Err(Diagnostic::error(path, "the file is binary, not text")
            .hint("import minutes as .txt (text extracted from the PDF) or as .pdf"));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, col) = crate::diag::line_col_of_bytes(bytes, e.valid_up_to());
        Diagnostic::error(path, "the file is not valid UTF-8")
            .at(line, col)
            .hint("convert it, e.g. `iconv -f latin1 -t utf-8 in.txt > out.txt`")
    })?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text).to_string())
}

/// A NUL byte, or many control characters, never occur in extracted minutes text.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    let controls = head
        .iter()
        .filter(|b| **b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    head.contains(&0) || controls * 20 > head.len()
}

/// For a PDF, what its layout says of the lines of `text` (its `pdftotext` output): bold and
/// larger lines, running headers and footers. Empty for a `.txt`, or when poppler's
/// `pdftohtml` is missing (the text alone still imports).
pub fn looks(path: &Path, text: &str) -> super::layout::Looks {
    let is_pdf = std::fs::File::open(path).is_ok_and(|mut f| {
        let mut head = [0u8; 5];
        std::io::Read::read_exact(&mut f, &mut head).is_ok() && &head == b"%PDF-"
    });
    match is_pdf.then(|| super::layout::runs_of(path)).flatten() {
        Some(runs) => super::layout::looks(text, &runs),
        None => super::layout::Looks::default(),
    }
}

/// Plain (not `-layout`) pdftotext output: that is the shape of the seed texts, with one
/// column of running text rather than page-wide layout.
fn pdf_text(path: &Path) -> Result<String, Diagnostic> {
    let out = Command::new("pdftotext")
        .arg("-enc")
        .arg("UTF-8")
        .arg(path)
        .arg("-")
        .output()
        .map_err(|_| {
            Diagnostic::error(path, "cannot extract text from a PDF: `pdftotext` is not installed")
                .hint("install poppler-utils (`apt-get install poppler-utils`), or import the text extracted from the PDF as a .txt file")
        })?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(Diagnostic::error(
            path,
            format!("pdftotext could not read the PDF: {}", err.trim()),
        ));
    }
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    if !text.chars().any(char::is_alphanumeric) {
        return Err(
            Diagnostic::error(path, "the PDF has no text layer (a scanned image?)")
                .hint("run OCR on it first (e.g. `ocrmypdf in.pdf out.pdf`) and import the result"),
        );
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("s.txt")
    }

    #[test]
    fn empty_binary_and_bad_utf8_are_errors() {
        assert_eq!(
            text_of(p(), b" \n\n").unwrap_err().message,
            "the file is empty"
        );
        assert!(text_of(p(), b"ab\0cd")
            .unwrap_err()
            .message
            .contains("binary"));
        let e = text_of(p(), b"ok\nv\xe4rde\n").unwrap_err();
        assert_eq!((e.line, e.col), (2, 2));
        assert!(e.message.contains("UTF-8"));
    }

    #[test]
    fn text_passes_without_bom() {
        assert_eq!(
            text_of(p(), "\u{feff}§ 1 Val".as_bytes()).unwrap(),
            "§ 1 Val"
        );
    }
}
