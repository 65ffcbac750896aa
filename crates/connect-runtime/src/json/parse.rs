//! JSON text to a [`Value`]: RFC 8259's grammar, read strictly.
//!
//! The runtime's own reader rather than serde_json's: that crate and serde's core were about
//! 3 s of the CPU time of every application's build, for a tree this small reader builds as
//! well. It reads what serde_json read, and numbers beyond an `f64`'s range too, as Python's
//! `json` (botocore's reader) does. Python also reads bare `NaN` and `Infinity`, which the
//! protocols spell as strings, and lone surrogate escapes (`"\ud800"`), which a Rust string
//! cannot hold: both are refused here, as serde_json refused them.

use super::value::{Map, Number, Value};
use super::JsonError;

/// How deeply arrays and objects may nest: deeper documents are refused rather than read with
/// a stack that grows with the input.
const DEPTH_LIMIT: usize = 128;

/// The value of the JSON text `bytes`, or what is wrong with it and where.
pub(super) fn parse_value(bytes: &[u8]) -> Result<Value, JsonError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|error| syntax_error(bytes, error.valid_up_to(), "invalid UTF-8"))?;
    let mut parser = Parser::new(text);
    parser.skip_whitespace();
    let value = parser.value()?;
    parser.skip_whitespace();
    if parser.at < bytes.len() {
        return Err(parser.error("trailing characters after the value"));
    }
    Ok(value)
}

struct Parser<'a> {
    /// The whole text, for slices of strings and numbers.
    text: &'a str,
    /// `text`'s bytes, which the grammar reads.
    bytes: &'a [u8],
    at: usize,
    depth: usize,
}

type Parsed<T> = Result<T, JsonError>;

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text,
            bytes: text.as_bytes(),
            at: 0,
            depth: 0,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        self.at += usize::from(found);
        found
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn value(&mut self) -> Parsed<Value> {
        match self.peek() {
            None => Err(self.error("expected a value")),
            Some(b'{') => self.nested(Self::object),
            Some(b'[') => self.nested(Self::array),
            Some(b'"') => self.string().map(Value::String),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.error("expected a value")),
        }
    }

    /// An array or object: `read` starts after its opening bracket.
    fn nested(&mut self, read: fn(&mut Self) -> Parsed<Value>) -> Parsed<Value> {
        if self.depth == DEPTH_LIMIT {
            return Err(self.error("recursion limit exceeded"));
        }
        self.depth += 1;
        self.at += 1;
        let value = read(self);
        self.depth -= 1;
        value
    }

    fn array(&mut self) -> Parsed<Value> {
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.eat(b']') {
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_whitespace();
            items.push(self.value()?);
            self.skip_whitespace();
            if self.eat(b']') {
                return Ok(Value::Array(items));
            }
            if !self.eat(b',') {
                return Err(self.error("expected `,` or `]`"));
            }
        }
    }

    fn object(&mut self) -> Parsed<Value> {
        let mut members = Vec::new();
        self.skip_whitespace();
        if self.eat(b'}') {
            return Ok(Value::Object(Map::new()));
        }
        loop {
            self.skip_whitespace();
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a member name"));
            }
            let name = self.string()?;
            self.skip_whitespace();
            if !self.eat(b':') {
                return Err(self.error("expected `:`"));
            }
            self.skip_whitespace();
            members.push((name, self.value()?));
            self.skip_whitespace();
            if self.eat(b'}') {
                return Ok(Value::Object(members.into_iter().collect()));
            }
            if !self.eat(b',') {
                return Err(self.error("expected `,` or `}`"));
            }
        }
    }

    fn literal(&mut self, word: &str, value: Value) -> Parsed<Value> {
        if self.bytes[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(value)
        } else {
            Err(self.error("expected a value"))
        }
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    fn number(&mut self) -> Parsed<Value> {
        let start = self.at;
        self.eat(b'-');
        match self.peek() {
            Some(b'0') => self.at += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.error("invalid number")),
        }
        let fraction = self.eat(b'.');
        if fraction {
            self.required_digits()?;
        }
        let exponent = matches!(self.peek(), Some(b'e' | b'E'));
        if exponent {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            self.required_digits()?;
        }
        let text = self.slice(start, self.at)?;
        Ok(Value::Number(Number::from_json_text(
            text,
            !fraction && !exponent,
        )))
    }

    fn digits(&mut self) {
        while self.peek().is_some_and(|byte| byte.is_ascii_digit()) {
            self.at += 1;
        }
    }

    fn required_digits(&mut self) -> Parsed<()> {
        let start = self.at;
        self.digits();
        if self.at == start {
            return Err(self.error("invalid number"));
        }
        Ok(())
    }

    /// A string, from its opening quote; runs without escapes are copied whole.
    fn string(&mut self) -> Parsed<String> {
        self.at += 1;
        let mut text = String::new();
        loop {
            let rest = &self.bytes[self.at..];
            let Some(offset) = rest
                .iter()
                .position(|&byte| byte == b'"' || byte == b'\\' || byte < 0x20)
            else {
                self.at = self.bytes.len();
                return Err(self.error("unexpected end of text"));
            };
            text.push_str(self.slice(self.at, self.at + offset)?);
            self.at += offset;
            match self.bytes[self.at] {
                b'"' => {
                    self.at += 1;
                    return Ok(text);
                }
                b'\\' => {
                    self.at += 1;
                    text.push(self.escape()?);
                }
                _ => return Err(self.error("control character in a string")),
            }
        }
    }

    /// The character of the escape after a backslash.
    fn escape(&mut self) -> Parsed<char> {
        let escaped = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.at += 1;
                return self.unicode_escape();
            }
            _ => return Err(self.error("invalid escape")),
        };
        self.at += 1;
        Ok(escaped)
    }

    /// `\uXXXX`, after the `u`, with the second half of a surrogate pair.
    fn unicode_escape(&mut self) -> Parsed<char> {
        let code = match self.hex4()? {
            first @ 0xD800..=0xDBFF => {
                if !(self.eat(b'\\') && self.eat(b'u')) {
                    return Err(self.error("lone leading surrogate in hex escape"));
                }
                match self.hex4()? {
                    second @ 0xDC00..=0xDFFF => {
                        0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                    }
                    _ => return Err(self.error("invalid surrogate pair in hex escape")),
                }
            }
            0xDC00..=0xDFFF => return Err(self.error("lone trailing surrogate in hex escape")),
            code => code,
        };
        char::from_u32(code).ok_or_else(|| self.error("invalid hex escape"))
    }

    fn hex4(&mut self) -> Parsed<u32> {
        let mut code = 0;
        for _ in 0..4 {
            let digit = self.peek().and_then(|byte| char::from(byte).to_digit(16));
            code = code * 16 + digit.ok_or_else(|| self.error("invalid hex escape"))?;
            self.at += 1;
        }
        Ok(code)
    }

    /// Text between two ASCII bytes of the input, so always on character boundaries.
    fn slice(&self, start: usize, end: usize) -> Parsed<&'a str> {
        self.text
            .get(start..end)
            .ok_or_else(|| self.error("invalid UTF-8"))
    }

    /// `problem` here; whatever was expected, at the end of the text the problem is the end.
    fn error(&self, problem: &str) -> JsonError {
        let problem = if self.at >= self.bytes.len() {
            "unexpected end of text"
        } else {
            problem
        };
        syntax_error(self.bytes, self.at, problem)
    }
}

/// `problem` at byte `at` of `bytes`, as a line and a column (both from 1, the column in bytes).
fn syntax_error(bytes: &[u8], at: usize, problem: &str) -> JsonError {
    let before = &bytes[..at.min(bytes.len())];
    let line_start = before
        .iter()
        .rposition(|&byte| byte == b'\n')
        .map_or(0, |n| n + 1);
    let line = 1 + before.iter().filter(|&&byte| byte == b'\n').count();
    JsonError::syntax(problem, line, 1 + before.len() - line_start)
}
