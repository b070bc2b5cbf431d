//! The lock screen: a title, why it is locked, the passphrase (masked), what went wrong,
//! and what to do if it is forgotten. Nothing of the notebook is drawn: the session holds
//! no app while locked.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Wrap};
use tui_input::Input;

use crate::i18n::lock_screen::LS;
use crate::i18n::tui::T;
use crate::tui::action::{Action, Context};
use crate::tui::app::{MIN_HEIGHT, MIN_WIDTH};
use crate::tui::lock::{LockScreen, Why};
use crate::tui::session::Session;
use crate::tui::widgets::{block, bold, centered, dim, error_style, input_window, wrap};

/// The widest the lock box gets.
const BOX_WIDTH: u16 = 72;
/// The passphrase box's width (inside its brackets).
const INPUT_WIDTH: usize = 30;

pub fn draw(session: &Session, lock: &LockScreen, frame: &mut Frame) {
    let area = frame.area();
    let lang = lock.lang;
    frame.render_widget(Clear, area);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = T::TooSmall.fill(lang, &[&MIN_WIDTH, &MIN_HEIGHT, &area.width, &area.height]);
        let p = Paragraph::new(msg)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true });
        let y = area.height / 2;
        frame.render_widget(
            p,
            Rect::new(area.x, area.y + y.saturating_sub(1), area.width, 3.min(area.height)),
        );
        return;
    }
    let width = BOX_WIDTH.min(area.width);
    let text_w = width.saturating_sub(4) as usize;
    let mut lines: Vec<Line> = Vec::new();
    let why = match lock.why {
        Why::Start => LS::WhyStart.get(lang).to_string(),
        Why::Idle(m) => LS::WhyIdle.fill(lang, &[&m]),
        Why::Now => LS::WhyNow.get(lang).to_string(),
    };
    lines.extend(wrap(&why, text_w).into_iter().map(|l| Line::from(format!(" {l}"))));
    lines.push(Line::from(""));
    let label = LS::Field.get(lang);
    let dot = if session.ascii() { "*" } else { "•" };
    let masked = Input::new(dot.repeat(lock.input.value().chars().count())).with_cursor(lock.input.cursor());
    let (shown, caret) = input_window(&masked, INPUT_WIDTH);
    let field_row = lines.len();
    lines.push(Line::styled(format!(" {label}: [{shown}]"), bold()));
    lines.push(Line::from(""));
    let problem = if let Some(left) = lock.wait_left(lock.now) {
        Some(LS::Wait.fill(lang, &[&left]))
    } else if let Some(e) = &lock.error {
        Some(e.clone())
    } else if lock.empty {
        Some(LS::Empty.get(lang).to_string())
    } else if lock.failures > 0 {
        Some(LS::Wrong.get(lang).to_string())
    } else {
        None
    };
    for l in wrap(problem.as_deref().unwrap_or(""), text_w) {
        lines.push(Line::styled(format!(" {l}"), error_style()));
    }
    lines.push(Line::from(""));
    lines.extend(
        wrap(LS::ForgottenHint.get(lang), text_w)
            .into_iter()
            .map(|l| Line::styled(format!(" {l}"), dim())),
    );
    let height = (lines.len() as u16 + 2).min(area.height.saturating_sub(1));
    let boxed = centered(Rect::new(area.x, area.y, area.width, area.height - 1), width, height);
    let b = block(session.ascii(), format!(" {} ", LS::Title.get(lang)));
    frame.render_widget(Paragraph::new(lines).block(b), boxed);
    // The caret where typing goes, so input-method windows follow it.
    let col = boxed.x + 1 + 1 + crate::text::width(label) as u16 + 3 + caret;
    let row = boxed.y + 1 + field_row as u16;
    if col < boxed.x + boxed.width && row < boxed.y + boxed.height {
        frame.set_cursor_position((col, row));
    }
    let keys = session.keymap();
    let unlock = keys.key_for(Context::Lock, Action::Lock).unwrap_or_default();
    let quit = keys.key_for(Context::Lock, Action::Quit).unwrap_or_default();
    let bar = Rect::new(area.x, area.y + area.height - 1, area.width, 1);
    frame.render_widget(
        Paragraph::new(format!(" {}", LS::Keys.fill(lang, &[&unlock, &quit]))).style(dim()),
        bar,
    );
}
