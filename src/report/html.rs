//! Renders a [`Document`] as one self-contained HTML file (no network assets), printable on A4 with
//! print CSS; the figures in a `<script type="text/plain" id="sotay-figures">`.

use super::document::Document;

pub fn render(doc: &Document) -> Vec<u8> {
    todo!()
}
