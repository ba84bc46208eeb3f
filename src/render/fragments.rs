//! fragments: parts of pages rendered once and reused. An item is listed on many pages: its
//! case's timeline on every item page of that case and on the case page, the pages of its
//! subjects, the home page. Rendering its row through Tera on each of them was most of what
//! those pages cost (a subject page lists thousands of items), so the row is rendered from
//! the theme's `item_row.html` the first time a page needs it and kept; lists then put in the
//! finished HTML.
//!
//! A row must not depend on the page that happened to need it first, so it is rendered in a
//! context holding only `i`; it sees the shared keys (site, base, UI strings) through the
//! theme's global context.

use super::slots::Slots;
use super::{Page, Renderer};
use crate::diag::Diagnostic;
use crate::site::reads::Memo;
use crate::site::ItemId;
use serde::Serialize;

/// The row of each item, made on first use.
pub struct Fragments {
    /// The error boxed: a slot is kept for every item of the archive, and a diagnostic inline
    /// (96 bytes) made each slot three times the size of the row's value.
    rows: Slots<Memo<Result<tera::Value, Box<Diagnostic>>>>,
}

/// An item as a list shows it: its finished row, and whether it is the page's own item.
#[derive(Serialize)]
pub struct Listed<'a> {
    pub url: &'a str,
    /// A template value: pages share the row's HTML rather than copy it.
    pub row: tera::Value,
    pub current: bool,
}

impl Fragments {
    pub fn new(items: usize) -> Fragments {
        Fragments {
            rows: Slots::new(items),
        }
    }
}

impl<'a> Renderer<'a> {
    /// The item's row (see the module comment); a template error names `item_row.html`.
    pub fn row(&self, i: ItemId) -> Result<&tera::Value, &Diagnostic> {
        self.fragments.rows[i.index()]
            .get_or_init(|| {
                self.render_row(i)
                    .map(|html| tera::Value::safe_string(&html))
                    .map_err(Box::new)
            })
            .as_ref()
            .map_err(|e| &**e)
    }

    /// The items as a list shows them; `current` is the page's own item, if listed.
    pub fn listed(
        &self,
        items: impl IntoIterator<Item = ItemId>,
        current: Option<ItemId>,
    ) -> Result<Vec<Listed<'_>>, Diagnostic> {
        items
            .into_iter()
            .map(|i| {
                Ok(Listed {
                    url: &self.site.items[i].url,
                    row: self.row(i).map_err(Clone::clone)?.clone(),
                    current: current == Some(i),
                })
            })
            .collect()
    }

    fn render_row(&self, i: ItemId) -> Result<String, Diagnostic> {
        let mut ctx = tera::Context::new();
        ctx.insert("i", &self.views.item(i));
        self.theme
            .tera
            .render("item_row.html", &ctx)
            .map_err(|e| self.template_error(e, "item_row.html", &ctx, Page::Item(i)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One slot per item of the archive: 150,000 at 10,000 meetings, 1.5 million at 100,000.
    #[test]
    fn a_row_slot_is_small() {
        let slot = std::mem::size_of::<Memo<Result<tera::Value, Box<Diagnostic>>>>();
        assert!(slot <= 48, "{slot} bytes");
    }
}
