//! Renders a [`Document`] as Markdown tables; the figures in an HTML comment at the end.

use super::document::Document;

pub fn render(doc: &Document) -> Vec<u8> {
    todo!()
}
