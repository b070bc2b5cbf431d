//! Renders a [`Document`] as CSV for Excel: UTF-8 with a byte-order mark, one table after another, then
//! the figures' rows (see `figures`).

use super::document::Document;

pub fn render(doc: &Document) -> Vec<u8> {
    todo!()
}
