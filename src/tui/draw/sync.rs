//! The sync screen: what bundles are for, the account, this device, the batches held and
//! the last exchange, the keys that export and import a bundle, and what the last import
//! said.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::i18n::account::S;
use crate::text;
use crate::tui::action::{Action, Context};
use crate::tui::app::App;
use crate::tui::bundle::SyncView;
use crate::tui::widgets::{block, bold, dim, pad, wrap};

pub fn draw(app: &App, v: &SyncView, frame: &mut Frame, area: Rect) {
    let lang = app.lang;
    let b = block(app.ascii, format!(" {} ", S::SyncTitle.get(lang)));
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let width = inner.width.saturating_sub(2) as usize;
    let mut lines: Vec<Line> = wrap(S::SyncIntro.get(lang), width)
        .into_iter()
        .map(|l| Line::styled(format!(" {l}"), dim()))
        .collect();
    lines.push(Line::from(""));
    let account = match v.account {
        Some(id) => id.to_string(),
        None => S::NoAccount.get(lang).to_string(),
    };
    let batches = if v.held == 0 {
        S::NoBatches.fill(lang, &[&v.next_batch])
    } else {
        S::Batches.fill(lang, &[&v.held, &v.devices, &v.next_batch])
    };
    let last = match &v.last {
        None => S::NoExchange.get(lang).to_string(),
        Some((e, day)) if e.imported => S::LastRead.fill(lang, &[&text::format_date(*day), &e.batches, &e.changes]),
        Some((e, day)) => S::LastWritten.fill(lang, &[&text::format_date(*day), &e.batches]),
    };
    let rows = [
        (S::LAccount, account),
        (S::LDevice, v.device.to_string()),
        (S::LBatches, batches),
        (S::LLast, last),
    ];
    // The labels in a column (at most a third of the width), each value wrapped beside it.
    let label_w = rows
        .iter()
        .map(|(l, _)| text::width(l.get(lang)))
        .max()
        .unwrap_or(0)
        .min(width / 3);
    let value_w = width.saturating_sub(label_w + 2);
    for (label, value) in &rows {
        for (i, part) in wrap(value, value_w).into_iter().enumerate() {
            let label = if i == 0 { label.get(lang) } else { "" };
            lines.push(Line::from(vec![
                Span::styled(format!(" {}", pad(label, label_w)), bold()),
                Span::raw(format!("  {part}")),
            ]));
        }
    }
    if v.account.is_some() {
        lines.push(Line::from(""));
        let export = app.key_for(Context::Sync, Action::Export);
        let import = app.key_for(Context::Sync, Action::Import);
        for how in [S::HowExport.fill(lang, &[&export]), S::HowImport.fill(lang, &[&import])] {
            lines.extend(wrap(&how, width).into_iter().map(|l| Line::from(format!(" {l}"))));
        }
    }
    if !v.report.is_empty() {
        lines.push(Line::from(""));
        lines.push(Line::styled(format!(" {}", S::LastImport.get(lang)), bold()));
        for said in &v.report {
            lines.extend(wrap(said, width).into_iter().map(|l| Line::from(format!(" {l}"))));
        }
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
