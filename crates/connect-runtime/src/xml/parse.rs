//! An XML document's bytes read into a tree of [`Element`]s.
//!
//! awsQuery answers use a small part of XML 1.0: elements, attributes (whose values no member
//! reads), character data with the predefined entities and character references, CDATA,
//! comments, processing instructions and the XML declaration. That part is read here in a
//! few screens of code, where a general XML library cost the one-operation build a second and
//! a half. Everything else is refused with the byte position: a document type declaration
//! (answers have none, and entity definitions are where XML parsers get attacked), mismatched
//! or unclosed tags, malformed attributes or references, text outside the root.

use super::{Element, XmlError, MAX_DEPTH};

/// `bytes` parsed as an XML document: its root element.
pub fn parse(bytes: &[u8]) -> Result<Element, XmlError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|error| XmlError::new(format!("the body is not UTF-8: {error}")))?;
    let mut parser = Parser {
        // A byte order mark may open the document (XML 1.0, appendix F.1).
        text: text.strip_prefix('\u{feff}').unwrap_or(text),
        at: 0,
        open: Vec::new(),
        root: None,
    };
    parser.document()
}

struct Parser<'a> {
    text: &'a str,
    /// The byte offset of what is read next.
    at: usize,
    /// Open elements, innermost last, each with its qualified name for the closing tag.
    open: Vec<(&'a str, Element)>,
    /// The root, once it is closed.
    root: Option<Element>,
}

impl<'a> Parser<'a> {
    fn document(&mut self) -> Result<Element, XmlError> {
        while self.at < self.text.len() {
            let rest = &self.text[self.at..];
            if let Some(markup) = rest.strip_prefix('<') {
                self.markup(markup)?;
            } else {
                let end = rest.find('<').unwrap_or(rest.len());
                self.at += end;
                let text = unescape(&rest[..end]).map_err(|problem| self.malformed(problem))?;
                self.push_text(&text)?;
            }
        }
        if !self.open.is_empty() {
            return Err(self.malformed("the document ends inside an element".into()));
        }
        self.root
            .take()
            .ok_or_else(|| self.malformed("no root element".into()))
    }

    /// What follows a `<`: a declaration, instruction, comment, CDATA section or tag.
    fn markup(&mut self, markup: &'a str) -> Result<(), XmlError> {
        if let Some(body) = markup.strip_prefix('?') {
            // The XML declaration and processing instructions: nothing to keep but their
            // target's form.
            if !is_name(name_at(body)) {
                return Err(self.malformed("a processing instruction without a target".into()));
            }
            self.skip_past(body, "?>", "a processing instruction")?;
        } else if let Some(body) = markup.strip_prefix("!--") {
            let comment = self.skip_past(body, "-->", "a comment")?;
            if comment.contains("--") || comment.ends_with('-') {
                return Err(self.malformed("`--` inside a comment".into()));
            }
        } else if let Some(body) = markup.strip_prefix("![CDATA[") {
            let data = self.skip_past(body, "]]>", "a CDATA section")?;
            self.push_text(&normalize_newlines(data))?;
        } else if markup.starts_with("!DOCTYPE") {
            return Err(self.malformed("a document type declaration (answers have none)".into()));
        } else if let Some(tag) = markup.strip_prefix('/') {
            self.end_tag(tag)?;
        } else {
            self.start_tag(markup)?;
        }
        Ok(())
    }

    /// Moves past `body` up to and including `end`; what came before `end`.
    fn skip_past(&mut self, body: &'a str, end: &str, what: &str) -> Result<&'a str, XmlError> {
        let Some(length) = body.find(end) else {
            return Err(self.malformed(format!("the document ends inside {what}")));
        };
        self.at = offset(self.text, body) + length + end.len();
        Ok(&body[..length])
    }

    fn start_tag(&mut self, tag: &'a str) -> Result<(), XmlError> {
        let name = name_at(tag);
        if !is_name(name) {
            return Err(self.malformed(format!("`<{}` does not start a tag", first_word(tag))));
        }
        let mut rest = &tag[name.len()..];
        let mut attributes: Vec<&str> = Vec::new();
        let empty = loop {
            let trimmed = rest.trim_start_matches(is_space);
            let spaced = trimmed.len() < rest.len();
            if let Some(after) = trimmed.strip_prefix("/>") {
                rest = after;
                break true;
            }
            if let Some(after) = trimmed.strip_prefix('>') {
                rest = after;
                break false;
            }
            if trimmed.is_empty() {
                return Err(self.malformed(format!("the document ends inside the tag <{name}>")));
            }
            let (attribute, after) = attribute(trimmed, spaced).map_err(|problem| {
                self.malformed(format!("an attribute of <{name}>: {problem}"))
            })?;
            if attributes.contains(&attribute) {
                return Err(self.malformed(format!(
                    "the attribute `{attribute}` appears twice in <{name}>"
                )));
            }
            attributes.push(attribute);
            rest = after;
        };
        self.at = offset(self.text, rest);
        let local = name.rsplit_once(':').map_or(name, |(_, local)| local);
        let element = Element::empty(local);
        if self.root.is_some() {
            return Err(XmlError::new(format!(
                "malformed XML: a second root element <{local}> after the first"
            )));
        }
        if empty {
            self.close(element);
        } else {
            if self.open.len() >= MAX_DEPTH {
                return Err(self.malformed(format!("elements nest deeper than {MAX_DEPTH} levels")));
            }
            self.open.push((name, element));
        }
        Ok(())
    }

    fn end_tag(&mut self, tag: &'a str) -> Result<(), XmlError> {
        let name = name_at(tag);
        let Some(after) = tag[name.len()..]
            .trim_start_matches(is_space)
            .strip_prefix('>')
        else {
            return Err(self.malformed(format!("the closing tag </{name}> is not closed by `>`")));
        };
        match self.open.last() {
            Some((open, _)) if *open == name => {}
            Some((open, _)) => {
                return Err(
                    self.malformed(format!("the closing tag </{name}> does not match <{open}>"))
                )
            }
            None => {
                return Err(XmlError::new(format!(
                    "malformed XML: a closing tag </{name}> without an opening one"
                )))
            }
        }
        self.at = offset(self.text, after);
        let (_, element) = self.open.pop().expect("matched above");
        self.close(element);
        Ok(())
    }

    /// Adds a complete element to its parent, or makes it the root.
    fn close(&mut self, element: Element) {
        match self.open.last_mut() {
            Some((_, parent)) => parent.children.push(element),
            None => self.root = Some(element),
        }
    }

    /// Appends character data to the innermost open element; outside the root only whitespace
    /// is allowed.
    fn push_text(&mut self, text: &str) -> Result<(), XmlError> {
        match self.open.last_mut() {
            Some((_, element)) => element.text.push_str(text),
            None if text.chars().all(is_space) => {}
            None => {
                return Err(XmlError::new(
                    "malformed XML: text outside the root element",
                ))
            }
        }
        Ok(())
    }

    /// An error at the current position, with the path of the open elements.
    fn malformed(&self, problem: String) -> XmlError {
        let mut error = XmlError::new(format!("malformed XML: {problem} (near byte {})", self.at));
        for (_, element) in self.open.iter().rev() {
            error = error.at(&element.name);
        }
        error
    }
}

/// An attribute `name="value"` (or with `'`) at the start of `text`, after whitespace if
/// `spaced`: its name, and what follows it.
fn attribute(text: &str, spaced: bool) -> Result<(&str, &str), String> {
    let name = name_at(text);
    if !spaced || !is_name(name) {
        return Err(format!("`{}` is not an attribute", first_word(text)));
    }
    let value = text[name.len()..]
        .trim_start_matches(is_space)
        .strip_prefix('=')
        .map(|after| after.trim_start_matches(is_space))
        .ok_or_else(|| format!("`{name}` has no `=`"))?;
    let quote = value
        .chars()
        .next()
        .filter(|quote| matches!(quote, '"' | '\''))
        .ok_or_else(|| format!("the value of `{name}` is not quoted"))?;
    let body = &value[1..];
    let end = body
        .find(quote)
        .ok_or_else(|| format!("the value of `{name}` is not closed"))?;
    if body[..end].contains('<') {
        return Err(format!("the value of `{name}` contains `<`"));
    }
    unescape(&body[..end])?;
    Ok((name, &body[end + 1..]))
}

/// Character data with its references resolved and its line ends normalized.
fn unescape(raw: &str) -> Result<String, String> {
    let mut text = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(start) = rest.find('&') {
        text.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let end = after
            .find(';')
            .filter(|end| *end > 0 && !after[..*end].contains(is_space))
            .ok_or_else(|| format!("`&` starts no reference near {:?}", first_word(after)))?;
        text.push(reference(&after[..end])?);
        rest = &after[end + 1..];
    }
    text.push_str(rest);
    Ok(normalize_newlines(&text).into_owned())
}

/// The character that `&name;` stands for: a predefined entity or a character reference.
fn reference(name: &str) -> Result<char, String> {
    let code = if let Some(hex) = name.strip_prefix("#x") {
        u32::from_str_radix(hex, 16).ok()
    } else if let Some(decimal) = name.strip_prefix('#') {
        decimal.parse().ok()
    } else {
        return match name {
            "amp" => Ok('&'),
            "lt" => Ok('<'),
            "gt" => Ok('>'),
            "quot" => Ok('"'),
            "apos" => Ok('\''),
            _ => Err(format!("unknown entity `&{name};`")),
        };
    };
    // XML 1.0's `Char`: no control character below space but tab and line ends, no
    // surrogate (which `char` excludes), neither U+FFFE nor U+FFFF.
    code.and_then(char::from_u32)
        .filter(|c| *c >= ' ' || matches!(c, '\t' | '\n' | '\r'))
        .filter(|c| !matches!(c, '\u{fffe}' | '\u{ffff}'))
        .ok_or_else(|| format!("`&{name};` is not a character XML allows"))
}

/// XML's end-of-line handling: `\r\n` and a lone `\r` read as `\n`.
fn normalize_newlines(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n").into()
    } else {
        text.into()
    }
}

/// The name at the start of `text`: everything up to whitespace or a delimiter.
fn name_at(text: &str) -> &str {
    let end = text
        .find(|c: char| is_space(c) || matches!(c, '/' | '>' | '=' | '<' | '"' | '\''))
        .unwrap_or(text.len());
    &text[..end]
}

/// Whether `name` is an XML name (a qualified one: `prefix:local`), by XML 1.0's production,
/// with every non-ASCII character allowed.
fn is_name(name: &str) -> bool {
    let mut chars = name.chars();
    let starts = |c: char| c.is_ascii_alphabetic() || c == '_' || c == ':' || !c.is_ascii();
    chars.next().is_some_and(starts)
        && chars.all(|c| starts(c) || c.is_ascii_digit() || c == '-' || c == '.')
}

/// XML's whitespace.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// A short excerpt of `text` for a message.
fn first_word(text: &str) -> &str {
    let end = text
        .char_indices()
        .nth(12)
        .map_or(text.len(), |(index, _)| index);
    text[..end].split(is_space).next().unwrap_or_default()
}

/// The byte offset of `part` within `whole`, of which it is a suffix.
fn offset(whole: &str, part: &str) -> usize {
    whole.len() - part.len()
}

#[cfg(test)]
mod tests;
