//! Every user-facing string, in Vietnamese and English.
//!
//! Each area keeps its own table (one file each), made with [`strings!`], so a string
//! can't exist in one language only: the macro needs both.

use serde::{Deserialize, Serialize};
use std::fmt::Display;

pub mod account;
pub mod background;
pub mod backup;
pub mod backup_ui;
pub mod case;
pub mod cli;
pub mod common;
pub mod dialog;
pub mod domain;
pub mod export;
pub mod hub;
pub mod import;
pub mod indicator;
pub mod io;
pub mod keymap;
pub mod keys;
pub mod lock;
pub mod lock_screen;
pub mod period;
pub mod readers;
pub mod report;
pub mod sync;
pub mod tui;
pub mod views;

/// The language of the interface.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "vi" | "vn" | "vie" | "tiếng việt" | "tieng viet" => Some(Lang::Vi),
            "en" | "eng" | "english" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language of a locale name such as `vi-VN` or `en_US.UTF-8`: Vietnamese for
    /// `vi`, English for everything else.
    pub fn from_locale(locale: &str) -> Lang {
        if locale.to_ascii_lowercase().starts_with("vi") {
            Lang::Vi
        } else {
            Lang::En
        }
    }

    /// The system's language, read from the locale.
    pub fn from_system() -> Lang {
        sys_locale::get_locale().map_or(Lang::En, |l| Lang::from_locale(&l))
    }
}

/// Fills `{0}`, `{1}`… in a template with `args`.
pub fn fill(template: &str, args: &[&dyn Display]) -> String {
    let mut out = template.to_string();
    for (i, a) in args.iter().enumerate() {
        out = out.replace(&format!("{{{i}}}"), &a.to_string());
    }
    out
}

/// The placeholders `{0}`, `{1}`… a template uses, in order of number.
pub fn placeholders(template: &str) -> Vec<usize> {
    let mut found: Vec<usize> = (0..10).filter(|i| template.contains(&format!("{{{i}}}"))).collect();
    found.dedup();
    found
}

/// Declares a string table: an enum of keys, each with its Vietnamese and English text.
/// `ALL` lists every key so tests can check both languages use the same placeholders.
#[macro_export]
macro_rules! strings {
    ($name:ident { $($key:ident => $vi:expr, $en:expr;)* }) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name { $($key),* }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$key),*];
            pub fn get(self, lang: $crate::i18n::Lang) -> &'static str {
                match lang {
                    $crate::i18n::Lang::Vi => match self { $($name::$key => $vi),* },
                    $crate::i18n::Lang::En => match self { $($name::$key => $en),* },
                }
            }
            /// The text with `{0}`, `{1}`… filled in.
            pub fn fill(self, lang: $crate::i18n::Lang, args: &[&dyn std::fmt::Display]) -> String {
                $crate::i18n::fill(self.get(lang), args)
            }
        }
        #[cfg(test)]
        mod strings_parity {
            #[test]
            fn both_languages_use_the_same_placeholders() {
                for k in super::$name::ALL {
                    let vi = $crate::i18n::placeholders(k.get($crate::i18n::Lang::Vi));
                    let en = $crate::i18n::placeholders(k.get($crate::i18n::Lang::En));
                    assert_eq!(vi, en, "{:?}", k);
                    assert!(!k.get($crate::i18n::Lang::Vi).is_empty(), "{:?}", k);
                }
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_picks_language() {
        assert_eq!(Lang::from_locale("vi-VN"), Lang::Vi);
        assert_eq!(Lang::from_locale("vi_VN.UTF-8"), Lang::Vi);
        assert_eq!(Lang::from_locale("en-US"), Lang::En);
        assert_eq!(Lang::from_locale("fr_FR"), Lang::En);
        assert_eq!(Lang::parse("EN"), Some(Lang::En));
        assert_eq!(Lang::parse("de"), None);
    }

    #[test]
    fn fill_replaces_numbered_placeholders() {
        assert_eq!(fill("{1} of {0}", &[&3, &"x"]), "x of 3");
        assert_eq!(placeholders("{1} of {0}"), vec![0, 1]);
    }
}
