//! content: the content tree → parsed documents and diagnostics.

pub mod frontmatter;
