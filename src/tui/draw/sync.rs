//! The sync screen: what bundles are for, the account, this device, the batches held and
//! the last exchange, the keys that export and import a bundle, and what the last import
//! said; when joined to a hub, the hub, where syncing stands, the last attempts and
//! this month's bytes.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use ratatui::style::Style;

use crate::i18n::account::S;
use crate::i18n::background::{B, outcome};
use crate::i18n::backup_ui::BU;
use crate::i18n::readers::RD;
use crate::store::Standing;
use crate::text;
use crate::tui::action::{Action, Context};
use crate::tui::app::App;
use crate::tui::background::state::clock_time;
use crate::tui::bundle::{SyncView, reader_name};
use crate::tui::widgets::{block, bold, dim, error_style, pad, wrap};

/// How many of the last attempts the screen lists.
const ATTEMPTS_SHOWN: usize = 5;

/// Bytes as the screen counts them: kB, rounded up (a few bytes are not nothing).
fn kb(bytes: u64) -> u64 {
    bytes.div_ceil(1024)
}

/// The hub's rows: its address (or how to join one), where syncing stands, the changes
/// waiting, the next try, and this month's bytes (teachers pay for mobile data).
fn hub_rows(app: &App, v: &SyncView) -> Vec<(&'static str, String)> {
    let lang = app.lang;
    let Some(hub) = &v.hub else {
        return vec![(B::LHub.get(lang), B::NotJoined.get(lang).to_string())];
    };
    let mut rows = vec![(B::LHub.get(lang), hub.url.clone())];
    if let Some(state) = &app.sync {
        let key = app.sync_key();
        rows.push((B::LState.get(lang), state.status_text(lang, app.today, &key)));
        rows.push((B::LWaiting.get(lang), B::WaitingCount.fill(lang, &[&state.waiting])));
        let next = match (state.syncing, state.next_try) {
            (true, _) => B::NowRunning.get(lang).to_string(),
            (false, Some(t)) => B::NextAt.fill(lang, &[&clock_time(t, app.today), &key]),
            (false, None) => B::NowRunning.get(lang).to_string(),
        };
        rows.push((B::LNext.get(lang), next));
    }
    rows.push((
        B::LMonth.get(lang),
        B::MonthBytes.fill(lang, &[&kb(hub.month.sent), &kb(hub.month.received)]),
    ));
    rows
}

/// The report readers the hub offers: fingerprint, who, and whether accepted (a changed
/// key stands out), the selected one marked; then how to accept.
fn reader_lines(app: &App, v: &SyncView, width: usize, lines: &mut Vec<Line>) {
    let lang = app.lang;
    lines.push(Line::from(""));
    lines.push(Line::styled(format!(" {}", RD::LReaders.get(lang)), bold()));
    if v.readers.is_empty() {
        lines.extend(
            wrap(RD::None.get(lang), width)
                .into_iter()
                .map(|l| Line::from(format!(" {l}"))),
        );
        return;
    }
    for (i, (reader, standing)) in v.readers.iter().enumerate() {
        let (said, style) = match standing {
            Standing::Accepted => (RD::Accepted, Style::new()),
            Standing::New => (RD::New, bold()),
            Standing::Changed => (RD::Changed, error_style()),
        };
        // The mark in a column of its own, so wrapping (which trims) keeps rows aligned.
        let mark = if i == v.reader_at { "▶" } else { " " };
        let row = format!("{}  {}  {}", reader.fingerprint, reader_name(reader), said.get(lang));
        for (j, part) in wrap(&row, width.saturating_sub(2)).into_iter().enumerate() {
            let mark = if j == 0 { mark } else { " " };
            lines.push(Line::styled(format!(" {mark} {part}"), style));
        }
    }
    let key = app.key_for(Context::Sync, Action::AcceptReader);
    lines.extend(
        wrap(&RD::ReadersHint.fill(lang, &[&key]), width)
            .into_iter()
            .map(|l| Line::styled(format!(" {l}"), dim())),
    );
}

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
    let last_backup = match v.last_backup {
        Some(day) => text::format_date(day),
        None => BU::NeverBackedUp.get(lang).to_string(),
    };
    let mut rows = vec![
        (S::LAccount.get(lang), account),
        (S::LDevice.get(lang), v.device.to_string()),
        (S::LBatches.get(lang), batches),
        (S::LLast.get(lang), last),
        (BU::LLastBackup.get(lang), last_backup),
    ];
    rows.extend(hub_rows(app, v));
    // The labels in a column (at most a third of the width), each value wrapped beside it.
    let label_w = rows
        .iter()
        .map(|(l, _)| text::width(l))
        .max()
        .unwrap_or(0)
        .min(width / 3);
    let value_w = width.saturating_sub(label_w + 2);
    for (label, value) in &rows {
        for (i, part) in wrap(value, value_w).into_iter().enumerate() {
            let label = if i == 0 { label } else { "" };
            lines.push(Line::from(vec![
                Span::styled(format!(" {}", pad(label, label_w)), bold()),
                Span::raw(format!("  {part}")),
            ]));
        }
    }
    if let Some(hub) = &v.hub {
        lines.push(Line::from(""));
        lines.push(Line::styled(format!(" {}", B::LAttempts.get(lang)), bold()));
        if hub.attempts.is_empty() {
            lines.push(Line::from(format!(" {}", B::NoAttempts.get(lang))));
        }
        for (at, a) in hub.attempts.iter().take(ATTEMPTS_SHOWN) {
            let said = B::Attempt.fill(
                lang,
                &[
                    &clock_time(*at, app.today),
                    &outcome(lang, &a.outcome),
                    &kb(a.sent),
                    &kb(a.received),
                ],
            );
            lines.push(Line::from(format!(" {said}")));
        }
        if let Some((said, error)) = app.sync.as_ref().and_then(|s| s.said.as_ref()) {
            lines.push(Line::from(""));
            lines.push(Line::styled(format!(" {}", B::LSaid.get(lang)), bold()));
            let style = if *error { error_style() } else { Style::new() };
            for part in said.lines() {
                lines.extend(
                    wrap(part, width)
                        .into_iter()
                        .map(|l| Line::styled(format!(" {l}"), style)),
                );
            }
        }
    }
    if v.hub.is_some() {
        reader_lines(app, v, width, &mut lines);
    }
    lines.push(Line::from(""));
    let mut how = Vec::new();
    if v.account.is_some() {
        let export = app.key_for(Context::Sync, Action::Export);
        let import = app.key_for(Context::Sync, Action::Import);
        how.extend([S::HowExport.fill(lang, &[&export]), S::HowImport.fill(lang, &[&import])]);
    }
    // Without an account too: the backup makes one.
    how.push(BU::HowBackup.fill(lang, &[&app.key_for(Context::Sync, Action::Backup)]));
    for how in how {
        lines.extend(wrap(&how, width).into_iter().map(|l| Line::from(format!(" {l}"))));
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
