//! Pupils who may be one child: typed by hand on two devices of an account (an imported
//! pupil's id is the same on every device, a typed one's is not), they arrive as two. The
//! class list marks them, and the teacher merges them (`Store::merge_pupils`).

use std::collections::BTreeMap;

use uuid::Uuid;

use super::Student;
use crate::text;

/// Groups of two or more pupils with the same name (folded: case, accents and spacing
/// aside) and birth date, each group's ids in order of name then id. Codes are left out: a
/// pupil typed without a code on one device and with it on another is still one child.
pub fn possible_duplicates(students: &[Student]) -> Vec<Vec<Uuid>> {
    let mut by_key: BTreeMap<(String, chrono::NaiveDate), Vec<&Student>> = BTreeMap::new();
    for s in students {
        by_key
            .entry((text::fold(&text::clean(&s.name)), s.birth_date))
            .or_default()
            .push(s);
    }
    by_key
        .into_values()
        .filter(|group| group.len() > 1)
        .map(|mut group| {
            group.sort_by_key(|s| s.id);
            group.into_iter().map(|s| s.id).collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testkit;

    #[test]
    fn the_same_child_typed_twice_is_found_whatever_the_spelling() {
        let a = testkit::student(1);
        let mut b = testkit::student(2);
        b.name = format!("  {}  ", a.name.to_uppercase());
        b.birth_date = a.birth_date;
        b.code = Some("HS-99".into());
        let c = testkit::student(3);
        let groups = possible_duplicates(&[c.clone(), b.clone(), a.clone()]);
        let mut want = vec![a.id, b.id];
        want.sort();
        assert_eq!(groups, vec![want]);
        // Another birth date: two children of one name.
        b.birth_date = b.birth_date.succ_opt().unwrap();
        assert!(possible_duplicates(&[a, b, c]).is_empty());
    }
}
