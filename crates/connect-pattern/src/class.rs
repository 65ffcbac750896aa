//! Sets of characters: what one position of a string may hold.

use crate::unicode_tables;

/// A character class: `[a-z_]`, `[^:]`, `.`, `\d`, `\p{L}`, ...
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Class {
    negated: bool,
    items: Vec<Item>,
}

/// One member of a class.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Item {
    /// The characters from the first to the second, both included.
    Range(char, char),
    /// A Unicode general category, as `\p{..}` names it.
    Category(Category),
    /// Every character that none of these hold: `\S`, `\D`, `\W` and `\P{..}` in a class.
    Not(Vec<Item>),
}

/// The Unicode general categories the models' patterns use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Category {
    /// `L`: letters.
    Letter,
    /// `M`: combining marks.
    Mark,
    /// `N`: numbers.
    Number,
    /// `Z`: separators.
    Separator,
    /// `C`: control, format, surrogate, private-use and unassigned code points.
    Other,
}

impl Class {
    pub(crate) fn new(negated: bool, items: Vec<Item>) -> Self {
        Self { negated, items }
    }

    /// One character.
    pub(crate) fn char(c: char) -> Self {
        Self::new(false, vec![Item::Range(c, c)])
    }

    /// `.`: any character but a line terminator (there is no `s` flag).
    pub(crate) fn dot() -> Self {
        Self::new(true, line_terminators())
    }

    pub(crate) fn contains(&self, c: char) -> bool {
        any(&self.items, c) != self.negated
    }
}

fn any(items: &[Item], c: char) -> bool {
    items.iter().any(|item| match item {
        Item::Range(first, last) => (*first..=*last).contains(&c),
        Item::Category(category) => in_ranges(category.ranges(), c),
        Item::Not(items) => !any(items, c),
    })
}

fn in_ranges(ranges: &[(char, char)], c: char) -> bool {
    ranges
        .binary_search_by(|&(first, last)| {
            if last < c {
                std::cmp::Ordering::Less
            } else if first > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

impl Category {
    /// The category named by `\p{name}`: the short or long name of the value, alone or after
    /// `General_Category=` or `gc=`.
    pub(crate) fn named(name: &str) -> Option<Self> {
        let value = name
            .strip_prefix("General_Category=")
            .or_else(|| name.strip_prefix("gc="))
            .unwrap_or(name);
        Some(match value {
            "L" | "Letter" => Self::Letter,
            "M" | "Mark" | "Combining_Mark" => Self::Mark,
            "N" | "Number" => Self::Number,
            "Z" | "Separator" => Self::Separator,
            "C" | "Other" => Self::Other,
            _ => return None,
        })
    }

    fn ranges(self) -> &'static [(char, char)] {
        match self {
            Self::Letter => unicode_tables::LETTER,
            Self::Mark => unicode_tables::MARK,
            Self::Number => unicode_tables::NUMBER,
            Self::Separator => unicode_tables::SEPARATOR,
            Self::Other => unicode_tables::OTHER,
        }
    }
}

/// `\d`: ASCII digits, whatever the mode.
pub(crate) fn digits() -> Vec<Item> {
    vec![Item::Range('0', '9')]
}

/// `\w`: ASCII letters, digits and `_` (there is no `i` flag to widen it).
pub(crate) fn word() -> Vec<Item> {
    vec![
        Item::Range('0', '9'),
        Item::Range('A', 'Z'),
        Item::Range('_', '_'),
        Item::Range('a', 'z'),
    ]
}

/// `\s`: ECMAScript's white space and line terminators (not Rust's `char::is_whitespace`,
/// which has U+0085 and not U+FEFF).
pub(crate) fn space() -> Vec<Item> {
    let mut items = vec![
        Item::Range('\t', '\r'),
        Item::Range(' ', ' '),
        Item::Range('\u{a0}', '\u{a0}'),
        Item::Range('\u{1680}', '\u{1680}'),
        Item::Range('\u{2000}', '\u{200a}'),
        Item::Range('\u{202f}', '\u{202f}'),
        Item::Range('\u{205f}', '\u{205f}'),
        Item::Range('\u{3000}', '\u{3000}'),
        Item::Range('\u{feff}', '\u{feff}'),
    ];
    items.extend(line_terminators());
    items
}

fn line_terminators() -> Vec<Item> {
    vec![
        Item::Range('\n', '\n'),
        Item::Range('\r', '\r'),
        Item::Range('\u{2028}', '\u{2029}'),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_hold_what_ecmascript_says() {
        let not_space = Class::new(false, vec![Item::Not(space())]);
        assert!(!not_space.contains('\u{feff}'));
        assert!(not_space.contains('\u{85}'));
        assert!(Class::dot().contains('\u{85}'));
        assert!(!Class::dot().contains('\u{2029}'));
        let printable = Class::new(
            false,
            vec![
                Item::Not(vec![Item::Category(Category::Other)]),
                Item::Range('\n', '\n'),
            ],
        );
        assert!(printable.contains('é') && printable.contains('\n'));
        assert!(!printable.contains('\u{7}') && !printable.contains('\u{e000}'));
        let letters = Class::new(true, vec![Item::Category(Category::Letter)]);
        assert!(letters.contains('7') && !letters.contains('中'));
    }

    #[test]
    fn category_names_are_read_as_ecmascript_reads_them() {
        assert_eq!(Category::named("L"), Some(Category::Letter));
        assert_eq!(Category::named("gc=Mark"), Some(Category::Mark));
        assert_eq!(
            Category::named("General_Category=Z"),
            Some(Category::Separator)
        );
        assert_eq!(Category::named("Lu"), None);
        assert_eq!(Category::named("Script=Latin"), None);
    }
}
