//! The class dashboard: the plan's indicators for the school year as bars with figures
//! against their targets, then visits, sessions and support by type.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::CHROME_ROWS;
use crate::domain::{Indicator, Indicators, Ratio, SupportCount, Target};
use crate::i18n::Lang;
use crate::i18n::domain as d;
use crate::i18n::tui::T;
use crate::i18n::views::V;
use crate::report::summary::Counts;
use crate::text;
use crate::tui::action::{Action, Context};
use crate::tui::app::App;
use crate::tui::views::{DashboardView, ViewTab};
use crate::tui::widgets::{block, bold, dim, pad, wrap};

/// Cells of a bar.
const BAR: usize = 10;

/// Lines the dashboard's box shows on a terminal of `size`.
pub fn inner_height(size: (u16, u16)) -> usize {
    size.1.saturating_sub(CHROME_ROWS + 1 + 2) as usize
}

pub fn line_count(app: &App) -> usize {
    lines(app, app.size.0.saturating_sub(2) as usize).len()
}

pub fn draw(app: &App, v: &DashboardView, frame: &mut Frame, area: Rect) {
    let [tabs, body] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    super::tabs::draw(app, ViewTab::Dashboard, frame, tabs);
    let class = app.profile.as_ref().map(|p| p.class.as_str()).unwrap_or_default();
    let b = block(app.ascii, format!(" {} ", V::TitleDashboard.fill(app.lang, &[&class])));
    let inner = b.inner(body);
    frame.render_widget(b, body);
    let lines = lines(app, inner.width as usize);
    let max = lines.len().saturating_sub(inner.height as usize);
    frame.render_widget(Paragraph::new(lines).scroll((v.scroll.min(max) as u16, 0)), inner);
}

/// A ratio's share in percent as people write it: "80%", "12,5%" in Vietnamese, "12.5%" in
/// English; `None` when there is nothing to count. Rounded to a tenth, but a target that is
/// not met is never shown as reached: 1999 of 2000 against "at least 100%" is "99.9%", not
/// "100%" (rounded down), and 1001 of 100000 against "at most 1%" is "1.1%" (rounded up).
pub fn percent(lang: Lang, r: &Ratio) -> Option<String> {
    let tenths = r.shown_tenths()?;
    let s = if tenths % 10 == 0 {
        format!("{}", tenths / 10)
    } else {
        format!("{}.{}", tenths / 10, tenths % 10)
    };
    Some(match lang {
        Lang::Vi => format!("{}%", s.replace('.', ",")),
        Lang::En => format!("{s}%"),
    })
}

/// A bar of `BAR` cells. A share short of 100% never fills it, and one above 0% never
/// leaves it empty, so the bar does not hide a gap or a case.
pub fn bar(p: Option<f64>, ascii: bool) -> String {
    let (full, empty) = if ascii { ('#', '.') } else { ('█', '░') };
    let cells = match p {
        None => 0,
        Some(p) => {
            let n = (p / 100.0 * BAR as f64).round() as usize;
            let n = if p < 100.0 { n.min(BAR - 1) } else { BAR };
            if p > 0.0 { n.max(1) } else { n }
        }
    };
    std::iter::repeat_n(full, cells)
        .chain(std::iter::repeat_n(empty, BAR - cells))
        .collect()
}

/// "mục tiêu 100%", "mục tiêu tối đa 1%".
fn target(lang: Lang, t: Target) -> String {
    match t {
        Target::AtLeast(n) => V::TargetAtLeast.fill(lang, &[&n]),
        Target::AtMost(n) => V::TargetAtMost.fill(lang, &[&n]),
    }
}

/// Whether the target is met, in words (with a mark when the font has one), and its colour.
fn verdict(lang: Lang, r: &Ratio, ascii: bool) -> (String, Style) {
    if r.total == 0 {
        return (V::NothingToCount.get(lang).to_string(), dim());
    }
    let (mark, word, colour) = if r.met() {
        ("✓", V::Met, Color::Green)
    } else {
        ("✗", V::NotMet, Color::Red)
    };
    let word = word.get(lang);
    let text = if ascii {
        word.to_string()
    } else {
        format!("{mark} {word}")
    };
    (text, bold().fg(colour))
}

/// The indicators that are shares, in the one list's order, with their short names: a
/// row each (the plain counts have their own line). The teacher's training is the
/// profile's.
fn indicator_rows(lang: Lang, counts: &Counts) -> Vec<(Indicator, &'static str, Ratio)> {
    Indicator::ALL
        .into_iter()
        .filter_map(|ind| {
            counts
                .ratio(ind)
                .map(|r| (ind, crate::i18n::indicator::short(lang, ind), r))
        })
        .collect()
}

/// Everything the dashboard shows, for a box `width` cells wide.
fn lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let lang = app.lang;
    let mut out = Vec::new();
    let (Some(i), Some(p)) = (&app.indicators, &app.profile) else {
        out.push(Line::from(format!(" {}", T::NotSetUp.get(lang))));
        return out;
    };
    // Text wrapped to the box, every line `indent` cells in.
    let text_lines = |out: &mut Vec<Line<'static>>, indent: usize, s: &str, style: Style| {
        let pad = " ".repeat(indent);
        for part in wrap(s, width.saturating_sub(indent + 1)) {
            out.push(Line::styled(format!("{pad}{part}"), style));
        }
    };
    let period = V::PeriodLine.fill(
        lang,
        &[
            &p.school_year,
            &text::format_date(i.period.from),
            &text::format_date(i.period.to),
            &text::format_date(i.as_of),
        ],
    );
    text_lines(&mut out, 1, &period, Style::new());
    let s = app.casebook.settings;
    let key = app.key_for(Context::Dashboard, Action::Edit);
    let limits = V::LimitsLine.fill(lang, &[&s.intervention_days, &s.monitoring_days, &key]);
    text_lines(&mut out, 1, &limits, dim());

    // The indicators: "   Label   ████████░░   8/10    80%  target 100%  ✗ not met".
    out.push(Line::from(""));
    out.push(Line::styled(format!(" {}", V::SecIndicators.get(lang)), bold()));
    let counts = Counts::from_indicators(i, p.trained_on);
    let rows = indicator_rows(lang, &counts);
    let label_w = rows.iter().map(|(_, l, _)| text::width(l)).max().unwrap_or(0);
    let label_w = label_w.min(width.saturating_sub(3 + BAR + 15));
    // Targets padded to one width, so the verdicts line up.
    let target_w = rows
        .iter()
        .map(|(_, _, r)| text::width(&target(lang, r.target)))
        .max()
        .unwrap_or(0);
    // All on one line each when every row fits, else every target under its bar: a mix of
    // the two would read as misaligned.
    let figures = |r: &Ratio| format!("{}/{}", r.count, r.total);
    let pct = |r: &Ratio| percent(lang, r).unwrap_or_else(|| "—".to_string());
    let figures_w = rows.iter().map(|(_, _, r)| figures(r).len()).max().unwrap_or(0);
    let pct_w = rows.iter().map(|(_, _, r)| text::width(&pct(r))).max().unwrap_or(0);
    let head_w = 3 + label_w + 1 + BAR + 2 + figures_w + 2 + pct_w;
    let verdict_w = rows
        .iter()
        .map(|(_, _, r)| text::width(&verdict(lang, r, app.ascii).0))
        .max()
        .unwrap_or(0);
    let inline = head_w + 2 + target_w + 2 + verdict_w <= width;
    for (indicator, label, r) in &rows {
        let figures = format!("{:>figures_w$}", figures(r));
        let pct = format!("{:>pct_w$}", pct(r));
        let (verdict, style) = verdict(lang, r, app.ascii);
        let colour = style.fg.map_or(Style::new(), |c| Style::new().fg(c));
        let head = vec![
            Span::raw(format!("   {} ", pad(label, label_w))),
            Span::styled(bar(r.percent(), app.ascii), colour),
            Span::raw(format!("  {figures}  {pct}")),
        ];
        let tail_text = target(lang, r.target);
        if inline {
            let mut spans = head;
            spans.push(Span::raw(format!("  {}  ", pad(&tail_text, target_w))));
            spans.push(Span::styled(verdict, style));
            out.push(Line::from(spans));
        } else {
            // A narrow box: the target and the verdict on a line of their own.
            out.push(Line::from(head));
            out.push(Line::from(vec![
                Span::raw(format!("     {tail_text} · ")),
                Span::styled(verdict, style),
            ]));
        }
        // "Of whom in hazardous work" under the child-labour row it refines. Counted at
        // every age, so it shows for any pupil in child labour or trafficked, not only those
        // the 5–17 rate counts.
        if *indicator == Indicator::ChildLabourRate && i.in_child_labour + i.trafficked > 0 {
            text_lines(&mut out, 3, &V::Hazardous.fill(lang, &[&i.hazardous]), dim());
        }
    }
    // The plain counts but hazardous work (under its row above): a line each, as every
    // report's indicators table counts them.
    for ind in Indicator::ALL {
        if ind.target().is_some() || ind == Indicator::Hazardous {
            continue;
        }
        if let Some(n) = counts.get(ind.spec().count) {
            let line = format!("{}: {n}", crate::i18n::indicator::name(lang, ind));
            text_lines(&mut out, 3, &line, Style::new());
        }
    }

    out.push(Line::from(""));
    out.push(Line::styled(format!(" {}", V::SecActivity.get(lang)), bold()));
    let activity = V::ActivityLine.fill(lang, &[&i.cases, &i.visits, &i.sessions]);
    text_lines(&mut out, 3, &activity, Style::new());

    out.push(Line::from(""));
    support_table(lang, i, width, &mut out);
    // How each is counted: the same words every report's definitions use.
    out.push(Line::from(""));
    out.push(Line::styled(format!(" {}", V::HowCounted.get(lang)), bold()));
    for (name, definition) in crate::report::document::definitions(lang, app.casebook.settings) {
        text_lines(&mut out, 3, name, Style::new());
        text_lines(&mut out, 3, &definition, dim());
    }
    out
}

/// Support by type: count, delivered, amount delivered; only the types given, and a total.
fn support_table(lang: Lang, i: &Indicators, width: usize, out: &mut Vec<Line<'static>>) {
    let given: Vec<(&str, SupportCount)> = i
        .supports
        .iter()
        .filter(|(_, c)| c.count > 0)
        .map(|(t, c)| (d::support_type(lang, *t), *c))
        .collect();
    let (count_h, delivered_h, amount_h) = (V::ColCount.get(lang), V::ColDelivered.get(lang), V::ColAmount.get(lang));
    let count_w = text::width(count_h).max(4);
    let delivered_w = text::width(delivered_h).max(4);
    let amount_w = 15;
    let numbers_w = 2 + count_w + 2 + delivered_w + 2 + amount_w;
    let title = V::SecSupport.get(lang);
    let total = V::SupportTotal.get(lang);
    let label_w = given
        .iter()
        .map(|(l, _)| text::width(l))
        .chain([text::width(title) - 1, text::width(total)])
        .max()
        .unwrap_or(0)
        .min(width.saturating_sub(3 + numbers_w));
    let row = |label: &str, count: &str, delivered: &str, amount: &str| {
        format!(
            "{}  {count:>count_w$}  {delivered:>delivered_w$}  {amount:>amount_w$}",
            pad(label, label_w)
        )
    };
    let head = row("", count_h, delivered_h, amount_h);
    // The section's title sits where the labels go, the columns' names after it.
    let head = format!(" {}{}", pad(title, label_w + 2), &head[label_w..]);
    out.push(Line::styled(head, bold()));
    if given.is_empty() {
        out.push(Line::styled(format!("  {}", V::NoSupport.get(lang)), dim()));
        return;
    }
    let mut sum = SupportCount::default();
    for (label, c) in &given {
        let line = row(
            label,
            &c.count.to_string(),
            &c.delivered.to_string(),
            &text::format_vnd(c.amount_vnd),
        );
        out.push(Line::from(format!("   {line}")));
        // Saturating: a mistyped amount must not crash the dashboard.
        sum.count = sum.count.saturating_add(c.count);
        sum.delivered = sum.delivered.saturating_add(c.delivered);
        sum.amount_vnd = sum.amount_vnd.saturating_add(c.amount_vnd);
    }
    let line = row(
        total,
        &sum.count.to_string(),
        &sum.delivered.to_string(),
        &text::format_vnd(sum.amount_vnd),
    );
    out.push(Line::styled(format!("   {line}"), bold()));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ratio(count: usize, total: usize, target: Target) -> Ratio {
        Ratio { count, total, target }
    }

    #[test]
    fn percentages_are_written_the_local_way() {
        let p = |lang, count, total| percent(lang, &ratio(count, total, Target::AtLeast(0))).unwrap();
        assert_eq!(p(Lang::Vi, 8, 10), "80%");
        assert_eq!(p(Lang::Vi, 1, 8), "12,5%");
        assert_eq!(p(Lang::En, 1, 8), "12.5%");
        assert_eq!(p(Lang::En, 1, 3), "33.3%");
        assert_eq!(p(Lang::En, 2, 3), "66.7%", "rounded to the nearest tenth");
        assert_eq!(percent(Lang::En, &ratio(0, 0, Target::AtLeast(100))), None);
    }

    #[test]
    fn a_target_not_met_is_never_shown_as_reached() {
        let p = |count, total, target| percent(Lang::En, &ratio(count, total, target)).unwrap();
        // 99.95% is short of 100%: not "100%".
        assert_eq!(p(1999, 2000, Target::AtLeast(100)), "99.9%");
        assert_eq!(p(19_999, 20_000, Target::AtLeast(100)), "99.9%");
        // 98.96% against 99%.
        assert_eq!(p(9896, 10_000, Target::AtLeast(99)), "98.9%");
        // Far from the target, rounding is the usual one.
        assert_eq!(p(2, 3, Target::AtLeast(90)), "66.7%");
        // Met, the usual rounding too.
        assert_eq!(p(1999, 2000, Target::AtLeast(99)), "100%");
        // "At most 1%": 1% meets it, 1.001% and 1.04% do not and read above it.
        assert_eq!(p(1, 100, Target::AtMost(1)), "1%");
        assert_eq!(p(1001, 100_000, Target::AtMost(1)), "1.1%");
        assert_eq!(p(104, 10_000, Target::AtMost(1)), "1.1%");
        assert_eq!(p(2, 3, Target::AtMost(1)), "66.7%");
        assert_eq!(p(0, 5, Target::AtMost(1)), "0%");
    }

    #[test]
    fn support_totals_saturate() {
        use crate::domain::SupportType;
        let mut i = crate::domain::indicators(
            &crate::domain::Casebook::default(),
            crate::domain::Period::school_year(crate::domain::SchoolYear(2026)),
            chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
        );
        let big = SupportCount {
            count: 1,
            delivered: 1,
            amount_vnd: u64::MAX - 1,
            planned_vnd: u64::MAX - 1,
        };
        i.supports = vec![(SupportType::Scholarship, big), (SupportType::BooksSupplies, big)];
        let mut out = Vec::new();
        support_table(Lang::En, &i, 100, &mut out);
        let total = out.last().unwrap().to_string();
        assert!(total.contains(&text::format_vnd(u64::MAX)), "{total}");
    }

    #[test]
    fn bars_never_hide_a_gap_or_a_case() {
        assert_eq!(bar(Some(80.0), false), "████████░░");
        assert_eq!(bar(Some(99.0), true), "#########.");
        assert_eq!(bar(Some(100.0), true), "##########");
        assert_eq!(bar(Some(1.0), true), "#.........");
        assert_eq!(bar(Some(0.0), true), "..........");
        assert_eq!(bar(None, true), "..........");
    }
}
