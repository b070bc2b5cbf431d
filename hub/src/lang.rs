//! The language of the hub's human output: `--lang`, else `SOTAY_LANG`, else `LANG`
//! starting with `vi`, else English. API answers stay English (clients show their own words).

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    Vi,
    En,
}

impl Lang {
    /// The language chosen by the flag, else by the environment.
    pub fn pick(flag: Option<Lang>) -> Lang {
        if let Some(l) = flag {
            return l;
        }
        let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        match env("SOTAY_LANG") {
            Some(v) if v.to_ascii_lowercase().starts_with("vi") => Lang::Vi,
            Some(_) => Lang::En,
            None => match env("LANG") {
                Some(v) if v.to_ascii_lowercase().starts_with("vi") => Lang::Vi,
                _ => Lang::En,
            },
        }
    }

    /// The text in this language: `vi` or `en`.
    pub fn t<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }
}
