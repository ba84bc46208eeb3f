//! diarium: minutes of Swedish councils, regions and committees → a static decision archive.
//!
//! The pipeline, one module a stage:
//!
//! ```text
//! import   sources/*.txt|*.pdf → content/**/*.md        (src/import/)
//! content  content/ → parsed documents + diagnostics    (src/content/)
//! site     documents → an immutable, cross-linked graph (src/site/)
//! pipeline config + theme + content → graph + page list, one way for build, check, serve
//! render   graph → pages in memory, each with what it read (src/render/)
//! output   pages → public/ through a fresh folder and a swap (src/output.rs)
//! serve    watch → minimal rebuild → HTTP with live reload (src/serve/)
//! ```

pub mod appeal;
pub mod build;
pub mod calendar;
pub mod case_number;
pub mod check;
pub mod cli;
pub mod config;
pub mod content;
pub mod diag;
pub mod identity;
pub mod import;
pub mod init;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod progress;
pub mod registry;
pub mod render;
pub mod serve;
pub mod site;
pub mod slug;
pub mod swedish;
#[cfg(test)]
mod test_edits;
pub mod timings;
