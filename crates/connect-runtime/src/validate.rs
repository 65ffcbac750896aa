//! Client-side validation of an input against the model's constraints, before anything is sent.
//!
//! Generated code implements [`Validate`] for every sent structure and union that has something
//! to check in its closure, and calls the [`Validator`] once per value and constraint. Presence
//! of required members and unions set to an unknown member are always checked; `length`,
//! `range` and `pattern` only when [`ConfigBuilder::validate_constraints`] is on (the default).
//! Every violation of the input is reported, not only the first, each with the member path
//! where it was found.
//!
//! [`ConfigBuilder::validate_constraints`]: crate::ConfigBuilder::validate_constraints

use std::fmt;
#[cfg(feature = "patterns")]
use std::sync::OnceLock;

/// A value that can check itself against the model's constraints.
pub trait Validate {
    /// Reports every violation found in `self`, which sits at `path`, to `out`.
    fn validate(&self, path: &Path<'_>, out: &mut Validator);
}

/// A member of a recursive shape, boxed: checked as the value it holds.
impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate(&self, path: &Path<'_>, out: &mut Validator) {
        (**self).validate(path, out);
    }
}

/// Checks `input`, the input of operation `operation`; `constraints` turns the `length`,
/// `range` and `pattern` checks on. Not generic: compiled once, here.
pub fn input(
    operation: &'static str,
    input: &dyn Validate,
    constraints: bool,
) -> Result<(), ValidationError> {
    let mut validator = Validator {
        constraints,
        violations: Vec::new(),
    };
    input.validate(&Path::ROOT, &mut validator);
    if validator.violations.is_empty() {
        Ok(())
    } else {
        Err(ValidationError {
            operation,
            violations: validator.violations,
        })
    }
}

/// Where a value sits in an input: a chain of members, list indexes and map keys, kept on the
/// stack while checking and only rendered (in the model's member names) for a violation.
#[derive(Clone, Copy, Debug)]
pub struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    segment: Segment<'a>,
}

#[derive(Clone, Copy, Debug)]
enum Segment<'a> {
    Root,
    Member(&'static str),
    Index(usize),
    Value(&'a str),
    Key(&'a str),
}

impl<'a> Path<'a> {
    /// The input itself.
    pub const ROOT: Path<'static> = Path {
        parent: None,
        segment: Segment::Root,
    };

    /// Member `name` (as the model spells it) of the structure or union at this path.
    pub fn member(&'a self, name: &'static str) -> Path<'a> {
        self.child(Segment::Member(name))
    }

    /// Item `index` of the list at this path.
    pub fn index(&'a self, index: usize) -> Path<'a> {
        self.child(Segment::Index(index))
    }

    /// The value of entry `key` of the map at this path.
    pub fn value(&'a self, key: &'a str) -> Path<'a> {
        self.child(Segment::Value(key))
    }

    /// The key of entry `key` of the map at this path.
    pub fn key(&'a self, key: &'a str) -> Path<'a> {
        self.child(Segment::Key(key))
    }

    fn child(&'a self, segment: Segment<'a>) -> Path<'a> {
        Path {
            parent: Some(self),
            segment,
        }
    }

    fn render(&self, out: &mut String) {
        if let Some(parent) = self.parent {
            parent.render(out);
        }
        match self.segment {
            Segment::Root => {}
            Segment::Member(name) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(name);
            }
            Segment::Index(index) => out.push_str(&format!("[{index}]")),
            Segment::Value(key) => out.push_str(&format!("[{key:?}]")),
            Segment::Key(key) => out.push_str(&format!("[{key:?}] (the key)")),
        }
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = String::new();
        self.render(&mut text);
        f.write_str(&text)
    }
}

/// Collects the violations of one input.
#[derive(Debug)]
pub struct Validator {
    constraints: bool,
    violations: Vec<Violation>,
}

impl Validator {
    /// A validator with the `length`, `range`, `pattern` and `uniqueItems` checks on or off.
    #[cfg(feature = "schema")]
    pub(crate) fn new(constraints: bool) -> Self {
        Self {
            constraints,
            violations: Vec::new(),
        }
    }

    /// The violations found in an input of `operation`, if any.
    #[cfg(feature = "schema")]
    pub(crate) fn finish(self, operation: &'static str) -> Result<(), ValidationError> {
        if self.violations.is_empty() {
            return Ok(());
        }
        Err(ValidationError {
            operation,
            violations: self.violations,
        })
    }

    fn report(&mut self, path: &Path<'_>, constraint: Constraint) {
        self.violations.push(Violation {
            path: path.to_string(),
            constraint,
        });
    }

    /// A required member that is not set.
    pub fn missing(&mut self, path: &Path<'_>) {
        self.report(path, Constraint::Required);
    }

    /// A union set to a member this SDK does not know: it cannot be sent meaningfully.
    pub fn unknown_member(&mut self, path: &Path<'_>, name: &str) {
        self.report(
            path,
            Constraint::UnknownMember {
                name: name.to_owned(),
            },
        );
    }

    /// The `length` of a string, in Unicode scalar values. Returns whether the length is
    /// within bounds (or not checked), so that a pattern is only run on strings of a
    /// reasonable size.
    pub fn string_length(
        &mut self,
        path: &Path<'_>,
        value: &str,
        min: Option<u64>,
        max: Option<u64>,
    ) -> bool {
        // A scalar value takes 1 to 4 bytes, so the byte length settles most strings without
        // counting.
        let bytes = value.len() as u64;
        let surely_long_enough = min.is_none_or(|min| bytes / 4 >= min);
        if !self.constraints || (surely_long_enough && max.is_none_or(|max| bytes <= max)) {
            return true;
        }
        self.count(path, value.chars().count(), min, max)
    }

    /// The `length` of a list (items) or map (entries). Returns whether it is within bounds
    /// (or not checked).
    pub fn count(
        &mut self,
        path: &Path<'_>,
        actual: usize,
        min: Option<u64>,
        max: Option<u64>,
    ) -> bool {
        if !self.constraints {
            return true;
        }
        let actual = actual as u64;
        let ok = min.is_none_or(|min| actual >= min) && max.is_none_or(|max| actual <= max);
        if !ok {
            self.report(path, Constraint::Length { min, max, actual });
        }
        ok
    }

    /// `uniqueItems`: no two items of a list are equal. Reports the first repeated item.
    pub fn unique_items<T: PartialEq>(&mut self, path: &Path<'_>, items: &[T]) {
        if !self.constraints {
            return;
        }
        let repeated = items
            .iter()
            .enumerate()
            .find_map(|(index, item)| items[..index].contains(item).then_some(index));
        if let Some(index) = repeated {
            self.report(path, Constraint::UniqueItems { repeated: index });
        }
    }

    /// The `range` of an integer (byte, short, integer or long).
    pub fn integer_range(
        &mut self,
        path: &Path<'_>,
        actual: i64,
        min: Option<i64>,
        max: Option<i64>,
    ) {
        if !self.constraints {
            return;
        }
        if min.is_some_and(|min| actual < min) || max.is_some_and(|max| actual > max) {
            self.report(
                path,
                Constraint::Range {
                    min: min.map(Number::Integer),
                    max: max.map(Number::Integer),
                    actual: Number::Integer(actual),
                },
            );
        }
    }

    /// The `range` of a float or double. NaN is outside every range.
    pub fn float_range(
        &mut self,
        path: &Path<'_>,
        actual: f64,
        min: Option<f64>,
        max: Option<f64>,
    ) {
        if !self.constraints {
            return;
        }
        let below = min.is_some_and(|min| actual.partial_cmp(&min).is_none_or(|o| o.is_lt()));
        let above = max.is_some_and(|max| actual.partial_cmp(&max).is_none_or(|o| o.is_gt()));
        if below || above {
            self.report(
                path,
                Constraint::Range {
                    min: min.map(Number::Float),
                    max: max.map(Number::Float),
                    actual: Number::Float(actual),
                },
            );
        }
    }

    /// The `pattern` of a string: the regular expression must match somewhere in it (the
    /// model's patterns anchor themselves with `^` and `$` where they mean to).
    #[cfg(feature = "patterns")]
    pub fn pattern(&mut self, path: &Path<'_>, value: &str, pattern: &'static Pattern) {
        if self.constraints && pattern.is_match(value) == Some(false) {
            self.report(
                path,
                Constraint::Pattern {
                    pattern: pattern.source,
                },
            );
        }
    }
}

/// A `pattern` of the model: an ECMAScript regular expression, read on first use (by
/// `connect-pattern`, in Unicode mode or else with Annex B's syntax, as the generator read it)
/// and then kept for the life of the program (feature `patterns`).
#[cfg(feature = "patterns")]
#[derive(Debug)]
pub struct Pattern {
    source: &'static str,
    compiled: OnceLock<Option<connect_pattern::Regex>>,
}

#[cfg(feature = "patterns")]
impl Pattern {
    /// The pattern `source`, as the model spells it.
    pub const fn new(source: &'static str) -> Self {
        Self {
            source,
            compiled: OnceLock::new(),
        }
    }

    /// The regular expression as the model spells it.
    pub fn source(&self) -> &'static str {
        self.source
    }

    /// Whether the pattern matches somewhere in `value`; `None` when it cannot be read (the
    /// generator reads every pattern of the model with the same crate and stops on one it
    /// cannot, so this does not happen: a value is never refused for a pattern that cannot be
    /// checked).
    pub fn is_match(&self, value: &str) -> Option<bool> {
        let compiled = self
            .compiled
            .get_or_init(|| connect_pattern::Regex::new(self.source).ok());
        compiled.as_ref().map(|regex| regex.is_match(value))
    }
}

/// The input of an operation broke constraints of the model; nothing was sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationError {
    operation: &'static str,
    violations: Vec<Violation>,
}

impl ValidationError {
    /// The operation, e.g. `DisassociateWorkspace`.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// Every violation, in the order of the input's members (map entries in the map's order).
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: invalid input: ", self.operation)?;
        for (index, violation) in self.violations.iter().enumerate() {
            if index > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{violation}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationError {}

/// One constraint broken at one place of the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    path: String,
    constraint: Constraint,
}

impl Violation {
    /// Where, in the model's member names: `Filters.Queues[2]`, `Attributes["key"]`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What was broken.
    pub fn constraint(&self) -> &Constraint {
        &self.constraint
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.constraint)
    }
}

/// A constraint of the model, as broken by a value.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Constraint {
    /// `required`: the member is not set.
    Required,
    /// A union is set to a member unknown to this SDK, which cannot be sent.
    UnknownMember {
        /// The member's name as given to `Unknown(..)`.
        name: String,
    },
    /// `length`: of a string in Unicode scalar values, of a list in items, of a map in
    /// entries; bounds inclusive.
    Length {
        /// Lower bound.
        min: Option<u64>,
        /// Upper bound.
        max: Option<u64>,
        /// The value's length.
        actual: u64,
    },
    /// `range` of a number; bounds inclusive.
    Range {
        /// Lower bound.
        min: Option<Number>,
        /// Upper bound.
        max: Option<Number>,
        /// The value.
        actual: Number,
    },
    /// `pattern`: the regular expression does not match the string.
    Pattern {
        /// The regular expression as the model spells it.
        pattern: &'static str,
    },
    /// `uniqueItems`: an item of the list equals one before it.
    UniqueItems {
        /// The index of the first item that repeats an earlier one.
        repeated: usize,
    },
}

impl fmt::Display for Constraint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Required => f.write_str("required"),
            Self::UnknownMember { name } => write!(
                f,
                "set to `Unknown({name:?})`, a member this SDK does not know, which cannot be sent"
            ),
            Self::Length { min, max, actual } => {
                f.write_str("length ")?;
                bounds(f, min, max)?;
                write!(f, ", got {actual}")
            }
            Self::Range { min, max, actual } => {
                f.write_str("range ")?;
                bounds(f, min, max)?;
                write!(f, ", got {actual}")
            }
            Self::Pattern { pattern } => write!(f, "pattern {pattern}"),
            Self::UniqueItems { repeated } => {
                write!(
                    f,
                    "unique items, but item {repeated} repeats an earlier one"
                )
            }
        }
    }
}

/// `1..=100`, `1..`, `..=100`, as Rust spells inclusive ranges.
fn bounds<T: fmt::Display>(
    f: &mut fmt::Formatter<'_>,
    min: &Option<T>,
    max: &Option<T>,
) -> fmt::Result {
    if let Some(min) = min {
        write!(f, "{min}")?;
    }
    f.write_str("..")?;
    if let Some(max) = max {
        write!(f, "={max}")?;
    }
    Ok(())
}

/// A number in a `range` violation.
#[derive(Clone, Copy, Debug)]
pub enum Number {
    /// A byte, short, integer or long.
    Integer(i64),
    /// A float or double.
    Float(f64),
}

/// Floats compare by bit pattern, so that equality is total (NaN equals itself).
impl PartialEq for Number {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Integer(a), Self::Integer(b)) => a == b,
            (Self::Float(a), Self::Float(b)) => a.to_bits() == b.to_bits(),
            _ => false,
        }
    }
}

impl Eq for Number {}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Integer(value) => write!(f, "{value}"),
            Self::Float(value) => write!(f, "{value}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs `check` on a fresh validator and returns the violations as text.
    fn run(constraints: bool, check: impl Fn(&Path<'_>, &mut Validator)) -> Vec<String> {
        struct Checked<F>(F);
        impl<F: Fn(&Path<'_>, &mut Validator)> Validate for Checked<F> {
            fn validate(&self, path: &Path<'_>, out: &mut Validator) {
                (self.0)(path, out)
            }
        }
        match input("Op", &Checked(check), constraints) {
            Ok(()) => Vec::new(),
            Err(error) => {
                assert_eq!(error.operation(), "Op");
                error.violations().iter().map(ToString::to_string).collect()
            }
        }
    }

    #[test]
    fn paths_use_model_names_indexes_and_keys() {
        let violations = run(true, |path, out| {
            let filters = path.member("Filters");
            let queue = filters.member("Queues");
            out.missing(&queue.index(2));
            let items = path.member("RoutingConfig");
            let items = items.member("Items");
            out.missing(&items.index(0).member("Name"));
            let attributes = path.member("Attributes");
            out.missing(&attributes.value("key \"1\""));
            out.missing(&attributes.key("k"));
        });
        assert_eq!(
            violations,
            [
                "Filters.Queues[2]: required",
                "RoutingConfig.Items[0].Name: required",
                r#"Attributes["key \"1\""]: required"#,
                r#"Attributes["k"] (the key): required"#,
            ]
        );
    }

    #[test]
    fn string_length_counts_unicode_scalar_values() {
        let check = |value: &'static str, min, max| {
            run(true, move |path, out| {
                out.string_length(&path.member("Name"), value, min, max);
            })
        };
        // Two scalar values in 6 bytes: within 1..=2 whatever the byte count says.
        assert_eq!(check("é😀", Some(1), Some(2)), Vec::<String>::new());
        assert_eq!(check("é😀", Some(3), None), ["Name: length 3.., got 2"]);
        assert_eq!(
            check("", Some(1), Some(100)),
            ["Name: length 1..=100, got 0"]
        );
        assert_eq!(check("abcd", None, Some(3)), ["Name: length ..=3, got 4"]);
        assert_eq!(check("😀😀😀😀", None, Some(4)), Vec::<String>::new());
    }

    #[test]
    fn list_and_map_sizes() {
        let violations = run(true, |path, out| {
            out.count(&path.member("Queues"), 0, Some(1), Some(10));
            out.count(&path.member("Attributes"), 51, None, Some(50));
            out.count(&path.member("Fine"), 10, Some(1), Some(10));
        });
        assert_eq!(
            violations,
            [
                "Queues: length 1..=10, got 0",
                "Attributes: length ..=50, got 51"
            ]
        );
    }

    #[test]
    fn integer_and_float_ranges_are_inclusive() {
        let violations = run(true, |path, out| {
            out.integer_range(&path.member("MaxResults"), 0, Some(1), Some(1000));
            out.integer_range(&path.member("Fine"), 1000, Some(1), Some(1000));
            out.integer_range(&path.member("Long"), i64::MIN, Some(-1), None);
            out.float_range(&path.member("Level"), 5.5, Some(1.0), Some(5.0));
            out.float_range(&path.member("Fraction"), 0.25, Some(0.5), None);
            out.float_range(&path.member("Edge"), 1.5, Some(1.5), Some(1.5));
            out.float_range(&path.member("NaN"), f64::NAN, Some(0.0), None);
        });
        assert_eq!(
            violations,
            [
                "MaxResults: range 1..=1000, got 0",
                "Long: range -1.., got -9223372036854775808",
                "Level: range 1..=5, got 5.5",
                "Fraction: range 0.5.., got 0.25",
                "NaN: range 0.., got NaN",
            ]
        );
    }

    #[test]
    fn repeated_items_are_reported_once() {
        let violations = run(true, |path, out| {
            out.unique_items(&path.member("Tags"), &["a", "b", "a", "b"]);
            out.unique_items(&path.member("Ids"), &[1, 2, 3]);
        });
        assert_eq!(
            violations,
            ["Tags: unique items, but item 2 repeats an earlier one"]
        );
        assert!(run(false, |path, out| out
            .unique_items(&path.member("T"), &[1, 1]))
        .is_empty());
    }

    #[test]
    fn every_violation_is_reported_in_one_error() {
        let error = input("DisassociateWorkspace", &Both, true).unwrap_err();
        assert_eq!(
            error.to_string(),
            "DisassociateWorkspace: invalid input: InstanceId: length 1..=100, got 0; \
             Answer: set to `Unknown(\"NewMember\")`, a member this SDK does not know, which \
             cannot be sent"
        );
        assert_eq!(
            error.violations()[1].constraint(),
            &Constraint::UnknownMember {
                name: "NewMember".into()
            }
        );
        assert_eq!(error.violations()[0].path(), "InstanceId");
    }

    struct Both;

    impl Validate for Both {
        fn validate(&self, path: &Path<'_>, out: &mut Validator) {
            out.string_length(&path.member("InstanceId"), "", Some(1), Some(100));
            out.unknown_member(&path.member("Answer"), "NewMember");
        }
    }

    #[test]
    fn switching_constraints_off_keeps_required_and_unknown_members() {
        let violations = run(false, |path, out| {
            out.string_length(&path.member("Name"), "", Some(1), None);
            out.count(&path.member("Queues"), 0, Some(1), None);
            out.integer_range(&path.member("MaxResults"), 0, Some(1), None);
            out.float_range(&path.member("Level"), 9.0, None, Some(5.0));
            out.missing(&path.member("Nested").member("Id"));
            out.unknown_member(&path.member("Answer"), "New");
        });
        assert_eq!(
            violations,
            [
                "Nested.Id: required",
                "Answer: set to `Unknown(\"New\")`, a member this SDK does not know, which \
                 cannot be sent"
            ]
        );
        assert_eq!(run(true, |_, _| {}), Vec::<String>::new());
    }

    #[cfg(feature = "patterns")]
    #[test]
    fn patterns_search_unless_anchored_and_compile_once() {
        static LOWER: Pattern = Pattern::new("^[a-z]+$");
        static NO_SPACE: Pattern = Pattern::new(r"\S");
        static TAG_KEY: Pattern = Pattern::new(r"^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]*$");
        static VIEW_ID: Pattern = Pattern::new(r"^[a-zA-Z0-9\_\-:\/$]+$");
        let violations = run(true, |path, out| {
            out.pattern(&path.member("A"), "abc", &LOWER);
            out.pattern(&path.member("B"), "abC", &LOWER);
            out.pattern(&path.member("C"), "  x  ", &NO_SPACE);
            out.pattern(&path.member("D"), "   ", &NO_SPACE);
            out.pattern(&path.member("E"), "Straße 7 @home", &TAG_KEY);
            out.pattern(&path.member("F"), "aws:reserved", &TAG_KEY);
            out.pattern(&path.member("G"), "view_1-a:b/c", &VIEW_ID);
            out.pattern(&path.member("H"), "view 1", &VIEW_ID);
        });
        assert_eq!(
            violations,
            [
                "B: pattern ^[a-z]+$",
                r"D: pattern \S",
                r"F: pattern ^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]*$",
                r"H: pattern ^[a-zA-Z0-9\_\-:\/$]+$",
            ]
        );
        assert!(LOWER.compiled.get().is_some_and(Option::is_some));
        assert_eq!(
            run(false, |path, out| out.pattern(path, "ABC", &LOWER)),
            Vec::<String>::new()
        );
    }
}
