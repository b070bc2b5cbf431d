//! The forms of the class's views: an awareness session (with a checkbox per pupil) and
//! the limits the indicators and reminders use. As with the other forms, the domain
//! validates; these only turn inputs into fields and back.

use std::collections::BTreeSet;

use uuid::Uuid;

use super::form::{FieldId, Form, FormField, Pick, Widget, pick, text};
use crate::domain::{Audience, Casebook, Field, SessionInput, SettingsInput};

/// The class's pupils in list order (as imported or added: ids are UUIDv7), the order the
/// roster shows by default, so the checkboxes follow the paper class list.
pub fn class_order(book: &Casebook) -> Vec<Uuid> {
    let mut ids: Vec<Uuid> = book.students.keys().copied().collect();
    ids.sort();
    ids
}

/// Date, audience, topic, how many attended, notes, then one checkbox a pupil of `pupils`.
pub fn session_form(input: &SessionInput, pupils: &[Uuid]) -> Form {
    let audience = input.audience.unwrap_or(Audience::Parents);
    let mut fields = vec![
        text(Field::HeldOn, &input.held_on, true),
        pick(
            Field::Audience,
            Audience::ALL.iter().map(|a| Pick::Audience(*a)).collect(),
            Pick::Audience(audience),
        ),
        text(Field::Topic, &input.topic, true),
        text(Field::Attended, &input.attended, false),
        text(Field::Notes, &input.notes, false),
    ];
    fields.extend(pupils.iter().map(|id| FormField {
        id: FieldId::Attendee(*id),
        widget: Widget::Check(input.students.contains(id)),
        required: false,
    }));
    Form::new(fields)
}

pub fn session_input(form: &Form) -> SessionInput {
    SessionInput {
        held_on: form.text(Field::HeldOn),
        audience: match form.pick(Field::Audience) {
            Some(Pick::Audience(a)) => Some(a),
            _ => None,
        },
        topic: form.text(Field::Topic),
        attended: form.text(Field::Attended),
        students: ticked(form),
        notes: form.text(Field::Notes),
    }
}

/// The pupils ticked as present.
pub fn ticked(form: &Form) -> BTreeSet<Uuid> {
    form.ticked(|id| match id {
        FieldId::Attendee(pupil) => Some(pupil),
        _ => None,
    })
}

pub fn settings_form(input: &SettingsInput) -> Form {
    Form::new(vec![
        text(Field::InterventionDays, &input.intervention_days, true),
        text(Field::MonitoringDays, &input.monitoring_days, true),
    ])
}

pub fn settings_input(form: &Form) -> SettingsInput {
    SettingsInput {
        intervention_days: form.text(Field::InterventionDays),
        monitoring_days: form.text(Field::MonitoringDays),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Settings;

    #[test]
    fn session_form_round_trips_with_its_ticks() {
        let a = Uuid::from_u128(1);
        let b = Uuid::from_u128(2);
        let input = SessionInput {
            held_on: "20/11/2026".into(),
            audience: Some(Audience::Both),
            topic: "Quyền trẻ em".into(),
            attended: "12".into(),
            students: [b].into(),
            notes: String::new(),
        };
        let form = session_form(&input, &[a, b]);
        assert_eq!(form.fields.len(), 7);
        assert_eq!(session_input(&form), input);
    }

    #[test]
    fn settings_form_round_trips() {
        let input = SettingsInput::from_settings(&Settings::default());
        assert_eq!(settings_input(&settings_form(&input)), input);
    }
}
