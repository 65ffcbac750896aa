//! The pattern's text read into a tree, with ECMAScript's grammar: its Unicode mode, or the
//! relaxed syntax of its Annex B.

use crate::class::{self, Category, Class, Item};
use std::fmt;

/// What a pattern is made of. Alternatives are lists of sequences; a sequence is a list of
/// nodes matched one after the other.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Node {
    /// `^`: the start of the string (there is no `m` flag).
    Start,
    /// `$`: the end of the string.
    End,
    /// A character matched as it is.
    Char(char),
    /// One character of a class.
    Class(Class),
    /// `item{min,max}`; `*`, `+` and `?` too. Lazy or greedy: whether a match exists does not
    /// depend on it.
    Repeat {
        item: Box<Node>,
        min: u32,
        max: Option<u32>,
    },
    /// A group, capturing or not: nothing reads what it captured.
    Group(Vec<Vec<Node>>),
    /// `(?=..)`, or `(?!..)` when negated.
    Look {
        negated: bool,
        alternatives: Vec<Vec<Node>>,
    },
}

/// Why a pattern cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    at: usize,
    message: String,
    /// ECMAScript reads it, this crate does not: no other mode is tried.
    unsupported: bool,
}

impl Error {
    /// Where, in characters from the start of the pattern.
    pub fn at(&self) -> usize {
        self.at
    }

    /// What is wrong.
    pub fn message(&self) -> &str {
        &self.message
    }

    pub(crate) fn new(at: usize, message: impl Into<String>) -> Self {
        Self {
            at,
            message: message.into(),
            unsupported: false,
        }
    }

    /// Valid ECMAScript that this crate does not read: reading the pattern in Annex B's syntax
    /// instead would give it another meaning (`\p{Lu}` would be `p{Lu}`).
    pub(crate) fn unsupported(at: usize, message: impl Into<String>) -> Self {
        Self {
            unsupported: true,
            ..Self::new(at, message)
        }
    }

    pub(crate) fn is_unsupported(&self) -> bool {
        self.unsupported
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at character {}: {}", self.at, self.message)
    }
}

impl std::error::Error for Error {}

/// The alternatives of the whole pattern.
pub(crate) fn parse(source: &str, unicode: bool) -> Result<Vec<Vec<Node>>, Error> {
    let mut parser = Parser {
        chars: source.chars().collect(),
        at: 0,
        unicode,
    };
    let alternatives = parser.disjunction()?;
    match parser.peek() {
        None => Ok(alternatives),
        Some(_) => Err(parser.error("`)` without a `(`")),
    }
}

struct Parser {
    chars: Vec<char>,
    at: usize,
    unicode: bool,
}

/// What an escape stands for.
enum Escaped {
    Char(char),
    Class(Vec<Item>),
    /// `\D`, `\P{L}`, ...: every character but these.
    NotClass(Vec<Item>),
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.at + ahead).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += 1;
        Some(c)
    }

    fn eat(&mut self, c: char) -> bool {
        let found = self.peek() == Some(c);
        if found {
            self.at += 1;
        }
        found
    }

    fn eat_str(&mut self, text: &str) -> bool {
        let found = text
            .chars()
            .enumerate()
            .all(|(ahead, c)| self.peek_at(ahead) == Some(c));
        if found {
            self.at += text.chars().count();
        }
        found
    }

    fn error(&self, message: impl Into<String>) -> Error {
        Error::new(self.at, message)
    }

    fn disjunction(&mut self) -> Result<Vec<Vec<Node>>, Error> {
        let mut alternatives = vec![self.alternative()?];
        while self.eat('|') {
            alternatives.push(self.alternative()?);
        }
        Ok(alternatives)
    }

    fn alternative(&mut self) -> Result<Vec<Node>, Error> {
        let mut nodes = Vec::new();
        while !matches!(self.peek(), None | Some('|' | ')')) {
            nodes.push(self.term()?);
        }
        Ok(nodes)
    }

    fn term(&mut self) -> Result<Node, Error> {
        let start = self.at;
        let c = self
            .next()
            .ok_or_else(|| self.error("the pattern ends early"))?;
        let atom = match c {
            '^' => return Ok(Node::Start),
            '$' => return Ok(Node::End),
            '(' => return self.group(start),
            '.' => Node::Class(Class::dot()),
            '[' => Node::Class(self.class()?),
            '\\' => self.atom_escape()?,
            '*' | '+' | '?' => {
                return Err(Error::new(start, format!("nothing to repeat before `{c}`")))
            }
            '{' if self.unicode => {
                return Err(Error::new(start, "`{` must be escaped in Unicode mode"))
            }
            '{' if self.braces_at(start).is_some() => {
                return Err(Error::new(start, "nothing to repeat before `{`"))
            }
            '}' | ']' if self.unicode => {
                return Err(Error::new(
                    start,
                    format!("`{c}` must be escaped in Unicode mode"),
                ))
            }
            c => Node::Char(c),
        };
        self.quantified(atom)
    }

    /// After `(`: a group, or a lookahead, which cannot be repeated.
    fn group(&mut self, start: usize) -> Result<Node, Error> {
        let look = if self.eat_str("?=") {
            Some(false)
        } else if self.eat_str("?!") {
            Some(true)
        } else if self.eat_str("?<=") || self.eat_str("?<!") {
            return Err(Error::unsupported(start, "lookbehind is not supported"));
        } else if self.eat_str("?:") {
            None
        } else if self.eat_str("?<") {
            self.group_name()?;
            None
        } else if self.peek() == Some('?') {
            return Err(
                self.error("unknown group: `(?` must be followed by `:`, `=`, `!` or `<name>`")
            );
        } else {
            None
        };
        let alternatives = self.disjunction()?;
        if !self.eat(')') {
            return Err(Error::new(start, "`(` without a `)`"));
        }
        match look {
            Some(negated) => {
                if self.quantifier_follows() {
                    return Err(self.error("a lookahead cannot be repeated"));
                }
                Ok(Node::Look {
                    negated,
                    alternatives,
                })
            }
            None => self.quantified(Node::Group(alternatives)),
        }
    }

    fn group_name(&mut self) -> Result<(), Error> {
        let start = self.at;
        while let Some(c) = self.next() {
            if c == '>' {
                return match self.at - 1 > start {
                    true => Ok(()),
                    false => Err(Error::new(start, "a group's name is empty")),
                };
            }
            if !(c.is_alphanumeric() || c == '_' || c == '$') {
                return Err(Error::new(self.at - 1, format!("`{c}` in a group's name")));
            }
        }
        Err(Error::new(start, "a group's name has no `>`"))
    }

    fn quantified(&mut self, atom: Node) -> Result<Node, Error> {
        let start = self.at;
        let (min, max) = match self.peek() {
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('?') => (0, Some(1)),
            Some('{') => match self.braces_at(start) {
                Some((bounds, end)) => {
                    self.at = end - 1;
                    bounds
                }
                None if self.unicode => {
                    return Err(Error::new(
                        start,
                        "`{` starts no quantifier `{n}`, `{n,}` or `{n,m}`",
                    ))
                }
                // Annex B: a `{` that starts no quantifier is a character.
                None => return Ok(atom),
            },
            _ => return Ok(atom),
        };
        // The quantifier's character, or the `}` of its braces; then `?`, which makes it lazy.
        self.at += 1;
        self.eat('?');
        if max.is_some_and(|max| max < min) {
            return Err(Error::new(start, "the numbers of `{n,m}` are out of order"));
        }
        Ok(Node::Repeat {
            item: Box::new(atom),
            min,
            max,
        })
    }

    /// Whether a quantifier starts at the parser's position.
    fn quantifier_follows(&self) -> bool {
        match self.peek() {
            Some('*' | '+' | '?') => true,
            Some('{') => self.unicode || self.braces_at(self.at).is_some(),
            _ => false,
        }
    }

    /// `{n}`, `{n,}` or `{n,m}` starting at `at`: its bounds, and where it ends (past its `}`).
    /// Numbers past `u32::MAX` are read as `u32::MAX`, which no string reaches.
    fn braces_at(&self, at: usize) -> Option<((u32, Option<u32>), usize)> {
        let char_at = |at: usize| self.chars.get(at).copied();
        let number = |at: &mut usize| {
            let start = *at;
            let mut value: u32 = 0;
            while let Some(digit) = char_at(*at).and_then(|c| c.to_digit(10)) {
                value = value.saturating_mul(10).saturating_add(digit);
                *at += 1;
            }
            (*at > start).then_some(value)
        };
        let mut at = at + 1;
        let min = number(&mut at)?;
        let max = match char_at(at) {
            Some(',') if char_at(at + 1) == Some('}') => {
                at += 1;
                None
            }
            Some(',') => {
                at += 1;
                Some(number(&mut at)?)
            }
            _ => Some(min),
        };
        (char_at(at) == Some('}')).then_some(((min, max), at + 1))
    }

    /// After `\`, outside a class.
    fn atom_escape(&mut self) -> Result<Node, Error> {
        let start = self.at - 1;
        match self.peek() {
            Some('b' | 'B') => Err(Error::unsupported(
                start,
                "word boundaries (`\\b`, `\\B`) are not supported",
            )),
            Some('1'..='9') => Err(Error::unsupported(
                start,
                "backreferences are not supported",
            )),
            Some('k') => Err(Error::unsupported(
                start,
                "named backreferences (`\\k`) are not supported",
            )),
            _ => Ok(match self.escape(false)? {
                Escaped::Char(c) => Node::Char(c),
                Escaped::Class(items) => Node::Class(Class::new(false, items)),
                Escaped::NotClass(items) => Node::Class(Class::new(true, items)),
            }),
        }
    }

    /// After `\`, in a class or not (where `\b` was taken for a word boundary).
    fn escape(&mut self, in_class: bool) -> Result<Escaped, Error> {
        let start = self.at - 1;
        let c = self
            .next()
            .ok_or_else(|| Error::new(start, "`\\` ends the pattern"))?;
        let class = |items| Ok(Escaped::Class(items));
        let not = |items| Ok(Escaped::NotClass(items));
        match c {
            'd' => class(class::digits()),
            'D' => not(class::digits()),
            'w' => class(class::word()),
            'W' => not(class::word()),
            's' => class(class::space()),
            'S' => not(class::space()),
            'p' | 'P' if self.unicode => {
                let items = self.property(start)?;
                if c == 'p' {
                    class(items)
                } else {
                    not(items)
                }
            }
            't' => Ok(Escaped::Char('\t')),
            'n' => Ok(Escaped::Char('\n')),
            'v' => Ok(Escaped::Char('\u{b}')),
            'f' => Ok(Escaped::Char('\u{c}')),
            'r' => Ok(Escaped::Char('\r')),
            'b' => Ok(Escaped::Char('\u{8}')),
            '-' if in_class && self.unicode => Ok(Escaped::Char('-')),
            'c' => match self.peek() {
                Some(letter) if letter.is_ascii_alphabetic() => {
                    self.at += 1;
                    Ok(Escaped::Char(char::from(letter as u8 % 32)))
                }
                _ if self.unicode => Err(Error::new(start, "`\\c` must be followed by a letter")),
                // Annex B: in a class, a digit or `_` also makes a control character; else the
                // backslash is a character, and so is the `c` after it.
                Some(c @ ('0'..='9' | '_')) if in_class => {
                    self.at += 1;
                    Ok(Escaped::Char(char::from(c as u8 % 32)))
                }
                _ => {
                    self.at -= 1;
                    Ok(Escaped::Char('\\'))
                }
            },
            '0' if !self.peek().is_some_and(|c| c.is_ascii_digit()) => Ok(Escaped::Char('\0')),
            '0'..='9' => Err(Error::unsupported(
                start,
                "octal escapes and backreferences are not supported",
            )),
            'x' => match self.hex(2) {
                Some(value) => Ok(Escaped::Char(char::from(value as u8))),
                None if self.unicode => Err(Error::new(
                    start,
                    "`\\x` must be followed by two hex digits",
                )),
                None => Ok(Escaped::Char('x')),
            },
            'u' => self.unicode_escape(start),
            c if self.unicode => match "^$\\.*+?()[]{}|/".contains(c) {
                true => Ok(Escaped::Char(c)),
                false => Err(Error::new(
                    start,
                    format!("`\\{c}` is not an escape in Unicode mode"),
                )),
            },
            'k' => Err(Error::unsupported(
                start,
                "named backreferences (`\\k`) are not supported",
            )),
            c => Ok(Escaped::Char(c)),
        }
    }

    /// After `\u`: `\uXXXX` (two of them for a surrogate pair in Unicode mode), `\u{X..}` in
    /// Unicode mode; a plain `u` in Annex B when no hex digits follow.
    fn unicode_escape(&mut self, start: usize) -> Result<Escaped, Error> {
        if self.unicode && self.eat('{') {
            let digits = self.at;
            while self.peek().is_some_and(|c| c.is_ascii_hexdigit()) {
                self.at += 1;
            }
            let text: String = self.chars[digits..self.at].iter().collect();
            let value = u32::from_str_radix(&text, 16).ok().and_then(char::from_u32);
            return match (value, self.eat('}')) {
                (Some(c), true) => Ok(Escaped::Char(c)),
                _ => Err(Error::new(
                    start,
                    "`\\u{..}` must hold the hex digits of a character",
                )),
            };
        }
        let Some(unit) = self.hex(4) else {
            return match self.unicode {
                true => Err(Error::new(
                    start,
                    "`\\u` must be followed by four hex digits",
                )),
                false => Ok(Escaped::Char('u')),
            };
        };
        if let Some(c) = char::from_u32(unit) {
            return Ok(Escaped::Char(c));
        }
        let low_start = self.at;
        if (0xd800..0xdc00).contains(&unit) && self.unicode && self.eat_str("\\u") {
            if let Some(low @ 0xdc00..=0xdfff) = self.hex(4) {
                let value = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
                return Ok(Escaped::Char(
                    char::from_u32(value).unwrap_or(char::REPLACEMENT_CHARACTER),
                ));
            }
            self.at = low_start;
        }
        Err(Error::unsupported(
            start,
            "a lone surrogate, which no string holds",
        ))
    }

    /// `count` hex digits, if they follow (else the parser stays where it was).
    fn hex(&mut self, count: usize) -> Option<u32> {
        let digits: String = (0..count).map_while(|ahead| self.peek_at(ahead)).collect();
        if digits.len() != count || !digits.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        self.at += count;
        u32::from_str_radix(&digits, 16).ok()
    }

    /// After `\p` or `\P`: `{name}`.
    fn property(&mut self, start: usize) -> Result<Vec<Item>, Error> {
        if !self.eat('{') {
            return Err(Error::new(start, "`\\p` must be followed by `{name}`"));
        }
        let name_start = self.at;
        while self.peek().is_some_and(|c| c != '}') {
            self.at += 1;
        }
        let name: String = self.chars[name_start..self.at].iter().collect();
        if !self.eat('}') {
            return Err(Error::new(start, "`\\p{` without a `}`"));
        }
        match name.as_str() {
            "ASCII" => return Ok(vec![Item::Range('\0', '\u{7f}')]),
            "Any" => return Ok(vec![Item::Range('\0', char::MAX)]),
            _ => {}
        }
        // A name of ECMAScript's form that is not read here is refused as unsupported; any
        // other text (`\p{2}`) is not a property name, and Annex B may read it.
        let property_like = |part: &str| {
            part.starts_with(|c: char| c.is_ascii_alphabetic())
                && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        };
        match Category::named(&name) {
            Some(category) => Ok(vec![Item::Category(category)]),
            None if !name.split('=').all(property_like) || name.matches('=').count() > 1 => Err(
                Error::new(start, format!("`{name}` is not a Unicode property's name")),
            ),
            None => Err(Error::unsupported(
                start,
                format!(
                    "the Unicode property `{name}` is not supported: only the general \
                     categories L, M, N, Z and C (by short or long name), ASCII and Any are"
                ),
            )),
        }
    }

    /// After `[`: the class, up to its `]`.
    fn class(&mut self) -> Result<Class, Error> {
        let start = self.at - 1;
        let negated = self.eat('^');
        let mut items = Vec::new();
        loop {
            let first = match self.class_atom()? {
                Some(atom) => atom,
                None if self.eat(']') => return Ok(Class::new(negated, items)),
                None => return Err(Error::new(start, "`[` without a `]`")),
            };
            let dash = self.at;
            let range = self.peek() == Some('-') && !matches!(self.peek_at(1), None | Some(']'));
            if !range {
                push(&mut items, first);
                continue;
            }
            self.at += 1;
            let last = self
                .class_atom()?
                .ok_or_else(|| Error::new(start, "`[` without a `]`"))?;
            match (first, last) {
                (Escaped::Char(first), Escaped::Char(last)) if first <= last => {
                    items.push(Item::Range(first, last))
                }
                (Escaped::Char(_), Escaped::Char(_)) => {
                    return Err(Error::new(dash, "the range's ends are out of order"))
                }
                _ if self.unicode => {
                    return Err(Error::new(dash, "a class escape cannot end a range"))
                }
                // Annex B: `[\w-x]` holds `\w`, `-` and `x`.
                (first, last) => {
                    push(&mut items, first);
                    items.push(Item::Range('-', '-'));
                    push(&mut items, last);
                }
            }
        }
    }

    /// One character or escape of a class; `None` at its `]` or at the end of the pattern.
    fn class_atom(&mut self) -> Result<Option<Escaped>, Error> {
        match self.peek() {
            None | Some(']') => Ok(None),
            Some('\\') => {
                self.at += 1;
                self.escape(true).map(Some)
            }
            Some(c) => {
                self.at += 1;
                Ok(Some(Escaped::Char(c)))
            }
        }
    }
}

fn push(items: &mut Vec<Item>, atom: Escaped) {
    match atom {
        Escaped::Char(c) => items.push(Item::Range(c, c)),
        Escaped::Class(mut more) => items.append(&mut more),
        Escaped::NotClass(more) => items.push(Item::Not(more)),
    }
}
