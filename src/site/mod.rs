//! site: documents → an immutable, cross-linked graph.

pub mod topics;
