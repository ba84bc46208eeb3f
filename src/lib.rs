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

// The public surface is what src/main.rs, tests/, benches/ and fuzz/fuzz_targets/ use (the
// command line; front-matter, registry and importer parsers for the fuzz targets; the model;
// case numbers; the search index's word rules); every other module is crate-private, so that
// the compiler reports code nothing uses.
pub(crate) mod appeal;
pub(crate) mod build;
pub(crate) mod calendar;
pub mod case_number;
pub(crate) mod check;
pub mod cli;
pub(crate) mod config;
pub mod content;
pub(crate) mod diag;
pub(crate) mod identity;
pub mod import;
pub(crate) mod init;
pub mod model;
pub(crate) mod output;
pub(crate) mod pipeline;
pub(crate) mod progress;
pub mod registry;
pub(crate) mod render;
pub(crate) mod serve;
pub(crate) mod site;
pub(crate) mod slug;
pub(crate) mod swedish;
#[cfg(test)]
mod test_edits;
pub(crate) mod timings;

/// The search index's word rules, public for the integration test of the index
/// (tests/citizen.rs); the rest of the renderer is crate-private.
pub mod search {
    pub use crate::render::search::{bucket_count, bucket_of, normalize};
}
