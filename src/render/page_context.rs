//! The context a page template sees: the keys every page shares (site, UI strings, base) plus
//! the page's own. The shared part holds every UI string, so copying it for each of 200,000
//! pages cost more than some pages' own data; instead one context per thread is reused, and
//! a page's keys are inserted for its render and removed after it.

use serde::Serialize;
use tera::Context;

/// The shared context, lent to one page at a time.
pub struct PageContext<'c> {
    ctx: &'c mut Context,
    /// The page's keys, each with the shared value it hides, if any.
    own: Vec<(&'static str, Option<tera::Value>)>,
    /// A part of the page that could not be made (a reused fragment's template error).
    failure: Option<crate::diag::Diagnostic>,
}

impl<'c> PageContext<'c> {
    pub fn new(shared: &'c mut Context) -> PageContext<'c> {
        PageContext {
            ctx: shared,
            own: Vec::new(),
            failure: None,
        }
    }

    /// Adds one of the page's own keys.
    pub fn insert<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        let hidden = self.ctx.remove(key);
        self.ctx.insert(key, value);
        self.own.push((key, hidden));
    }

    /// Adds a key whose value could fail to be made; a failure is kept for
    /// [`PageContext::failure`] and the page is not rendered.
    pub fn insert_made<T: Serialize>(
        &mut self,
        key: &'static str,
        value: Result<T, crate::diag::Diagnostic>,
    ) {
        match value {
            Ok(v) => self.insert(key, &v),
            Err(d) => {
                self.failure.get_or_insert(d);
            }
        }
    }

    /// The first failure of [`PageContext::insert_made`].
    pub fn failure(&mut self) -> Option<crate::diag::Diagnostic> {
        self.failure.take()
    }

    /// The whole context, for rendering.
    pub fn get(&self) -> &Context {
        self.ctx
    }
}

impl Drop for PageContext<'_> {
    /// Leaves the shared part as it was, so no key of this page shows on the next one.
    fn drop(&mut self) {
        for (key, hidden) in self.own.drain(..).rev() {
            self.ctx.remove(key);
            if let Some(value) = hidden {
                self.ctx.insert(key, &value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pages_keys_leave_with_it_and_shared_keys_stay() {
        let mut shared = Context::new();
        shared.insert("site", "Arkivet");
        shared.insert("parties", &["S", "M"]);
        {
            let mut page = PageContext::new(&mut shared);
            page.insert("item", &7);
            page.insert("parties", &["KD"]);
            assert!(page.get().contains_key("item"));
            assert_eq!(page.get().get("parties"), Some(&serde_json::json!(["KD"])));
            assert_eq!(page.get().get("site"), Some(&"Arkivet".into()));
        }
        assert!(!shared.contains_key("item"));
        assert_eq!(shared.get("site"), Some(&"Arkivet".into()));
        assert_eq!(shared.get("parties"), Some(&serde_json::json!(["S", "M"])));
    }
}
