//! The ECMAScript regular expressions of Smithy `pattern` constraints: read once, then matched
//! against strings.
//!
//! A [`Regex`] is read in ECMAScript's Unicode mode (the `u` flag) when the pattern is valid
//! there, and otherwise with the relaxed syntax of ECMAScript's Annex B, which some models
//! need for escapes such as `\_`. Either way a string is matched by Unicode scalar values.
//!
//! What is read: characters and escapes, `.`, classes (`[a-z]`, `[^:]`, `\d`, `\w`, `\s` and
//! their negations, the Unicode general categories `\p{L}`, `\p{M}`, `\p{N}`, `\p{Z}` and
//! `\p{C}`, `\p{ASCII}`, `\p{Any}`), quantifiers (`*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`, greedy
//! or lazy), groups of every kind, alternation, `^`, `$` and lookaheads (`(?=`, `(?!`). What is
//! refused, with an error saying so: backreferences, lookbehind, word boundaries and the other
//! Unicode properties.
//!
//! [`Regex::is_match`] tells whether the pattern matches somewhere in the string (the model's
//! patterns anchor themselves with `^` and `$` where they mean to).

mod class;
mod parse;
mod program;
mod search;
mod unicode_tables;

#[cfg(test)]
mod tests;

pub use parse::Error;
use program::Program;

/// A pattern, read and ready to match.
#[derive(Clone, Debug)]
pub struct Regex {
    program: Program,
    unicode: bool,
}

impl Regex {
    /// Reads `source`: in Unicode mode when it is valid there, else with Annex B's syntax; the
    /// error is Unicode mode's when neither reads it, unless one of them reads it as something
    /// this crate does not support (`\p{Lu}`, a backreference): then that one's.
    pub fn new(source: &str) -> Result<Self, Error> {
        let read = |unicode| parse::parse(source, unicode).and_then(|tree| Program::compile(&tree));
        match read(true) {
            Ok(program) => Ok(Self {
                program,
                unicode: true,
            }),
            Err(error) if error.is_unsupported() => Err(error),
            Err(error) => match read(false) {
                Ok(program) => Ok(Self {
                    program,
                    unicode: false,
                }),
                // What Annex B's syntax reads but this crate does not support says more.
                Err(annex_b) if annex_b.is_unsupported() => Err(annex_b),
                Err(_) => Err(error),
            },
        }
    }

    /// Whether the pattern was read in Unicode mode (else with Annex B's syntax).
    pub fn is_unicode(&self) -> bool {
        self.unicode
    }

    /// Whether the pattern matches somewhere in `text`.
    pub fn is_match(&self, text: &str) -> bool {
        search::is_match(&self.program, text)
    }
}
