//! Converts the HTML fragments of Smithy `documentation` traits to Markdown.
//!
//! The generator emits the result as `///` comments, so besides rendering
//! close to the original it must stay clear of rustdoc lints: a literal
//! `[x]` reads as an intra-doc link, `<x>` as an HTML tag, a bare URL trips
//! `bare_urls`, and an untagged code fence is compiled as a doctest. The
//! approach is a small tokenizer plus a renderer that keeps a stack of open
//! inline elements and list levels; nothing in it can fail, whatever the input.

/// Converts an HTML documentation fragment into rustdoc-friendly Markdown.
///
/// Paragraphs are separated by a blank line and never hard-wrapped; the
/// result has no leading or trailing whitespace.
pub fn html_to_markdown(html: &str) -> String {
    let mut renderer = Renderer::default();
    for token in tokenize(html) {
        renderer.token(token);
    }
    renderer.finish()
}

enum Token<'a> {
    /// Text between tags, entities decoded.
    Text(String),
    /// An opening (or self-closing) tag. `raw` is its source text, so that
    /// placeholders such as `<view-id>` inside `<code>` can be kept verbatim.
    Start {
        name: String,
        href: Option<String>,
        raw: &'a str,
    },
    End {
        name: String,
        raw: &'a str,
    },
}

fn tokenize(html: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let mut text_start = 0;
    let mut i = 0;
    while let Some(offset) = html[i..].find('<') {
        let at = i + offset;
        match markup(html, at) {
            Some((token, end)) => {
                if text_start < at {
                    tokens.push(Token::Text(decode_entities(&html[text_start..at])));
                }
                tokens.extend(token);
                text_start = end;
                i = end;
            }
            // Not a tag (`a < b`, `<3`, unterminated): the `<` stays text.
            None => i = at + 1,
        }
    }
    if text_start < html.len() {
        tokens.push(Token::Text(decode_entities(&html[text_start..])));
    }
    tokens
}

/// Parses the markup starting at `html[start] == '<'`: the token (`None` for
/// comments and declarations) and the offset just past it, or `None` if this
/// `<` does not start markup.
fn markup(html: &str, start: usize) -> Option<(Option<Token<'_>>, usize)> {
    let rest = &html[start..];
    if let Some(body) = rest.strip_prefix("<!--") {
        // An unterminated comment swallows the rest, as in browsers.
        let end = body.find("-->").map_or(html.len(), |p| start + 4 + p + 3);
        return Some((None, end));
    }
    if rest.starts_with("<!") || rest.starts_with("<?") {
        return Some((None, start + rest.find('>')? + 1));
    }
    let name_start = if rest.starts_with("</") { 2 } else { 1 };
    if !rest[name_start..].starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let name_len = rest[name_start..]
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':')))
        .unwrap_or(rest.len() - name_start);
    let attrs_start = name_start + name_len;
    // Find the closing `>`, skipping quoted attribute values; a stray `<`
    // means this was text after all (`a <b and <i>c</i>`).
    let mut quote = None;
    let mut end = None;
    for (k, c) in rest[attrs_start..].char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '<') => return None,
            (None, '>') => {
                end = Some(attrs_start + k);
                break;
            }
            (None, _) => {}
        }
    }
    let end = end?;
    let name = rest[name_start..attrs_start].to_ascii_lowercase();
    let raw = &rest[..=end];
    let token = if name_start == 2 {
        Token::End { name, raw }
    } else {
        let href = attribute(&rest[attrs_start..end], "href");
        Token::Start { name, href, raw }
    };
    Some((Some(token), start + end + 1))
}

/// The decoded value of attribute `wanted` (double-, single- or unquoted).
fn attribute(attrs: &str, wanted: &str) -> Option<String> {
    let mut rest = attrs;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if rest.is_empty() {
            return None;
        }
        let name_end = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        let name = &rest[..name_end];
        rest = rest[name_end..].trim_start();
        let mut value = "";
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            (value, rest) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = &after[1..];
                    let close = body.find(q).unwrap_or(body.len());
                    (&body[..close], body.get(close + 1..).unwrap_or(""))
                }
                _ => after.split_at(after.find(char::is_whitespace).unwrap_or(after.len())),
            };
        }
        if name.eq_ignore_ascii_case(wanted) {
            return Some(decode_entities(value));
        }
    }
}

fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest[1..]
            .find(';')
            .filter(|&len| len <= 10)
            .and_then(|len| Some((entity(&rest[1..1 + len])?, len + 2)));
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            // Unknown or unterminated: keep it literally.
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    let code = match name {
        "amp" => return Some('&'),
        "lt" => return Some('<'),
        "gt" => return Some('>'),
        "quot" => return Some('"'),
        "apos" => return Some('\''),
        // A plain space: rustdoc output gains nothing from a hard space, and
        // it then collapses like any other whitespace.
        "nbsp" => return Some(' '),
        _ => match name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => name.strip_prefix('#')?.parse().ok()?,
        },
    };
    Some(
        char::from_u32(code)
            .filter(|&c| c != '\0')
            .unwrap_or('\u{FFFD}'),
    )
}

/// Tags that are real HTML (or AWS documentation markup). Anything else seen
/// inside code is a placeholder written without escaping, like
/// `<code><view-id>:$SAVED</code>`, and is kept as text.
const HTML_ELEMENTS: &str = "a abbr b blockquote br caption cite code dd del div dl dt em \
    fullname h1 h2 h3 h4 h5 h6 hr i img important ins kbd li note ol p pre s samp small span \
    strong sub sup table tbody td tfoot th thead tr tt u ul var";

fn is_html_element(name: &str) -> bool {
    HTML_ELEMENTS.split_whitespace().any(|e| e == name)
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    /// Renders its content unchanged (a nested `<b>` in `<b>`, a link that
    /// cannot be a Markdown link).
    Plain,
    Strong,
    Emphasis,
    Code,
    Link,
}

/// An open inline element, or (as `Renderer::para`) the paragraph itself.
#[derive(Default)]
struct Frame {
    /// The tag that opened it, so that an end tag closes the right frame.
    tag: String,
    kind: Option<Kind>,
    href: String,
    /// Markdown rendered so far; `\n` marks a `<br>`.
    md: String,
    /// Plain text, to spot links whose text is their own URL.
    text: String,
    /// Whitespace preceded the content; it goes outside the markers.
    space_before: bool,
}

struct List {
    ordered: bool,
    items: usize,
    /// Width of the current item's marker, which is how far its content
    /// (and any nested list) must be indented.
    width: usize,
}

#[derive(Default)]
struct Renderer {
    out: String,
    para: Frame,
    open: Vec<Frame>,
    lists: Vec<List>,
    /// Marker of a list item whose first block has not been written yet.
    marker: Option<String>,
    /// `**Note:**` or `**Important:**`, waiting for the note's first paragraph.
    prefix: Option<&'static str>,
    /// Raw content of an open `<pre>`.
    pre: Option<String>,
    /// List depth of the last block written, to keep list items together.
    last_depth: usize,
}

impl Renderer {
    fn token(&mut self, token: Token<'_>) {
        match token {
            Token::Text(text) => self.text(&text),
            Token::Start { name, href, raw } => self.start(&name, href, raw),
            Token::End { name, raw } => self.end(&name, raw),
        }
    }

    fn finish(mut self) -> String {
        self.end_pre();
        self.flush();
        self.out.truncate(self.out.trim_end().len());
        self.out
    }

    fn start(&mut self, name: &str, href: Option<String>, raw: &str) {
        if let Some(pre) = &mut self.pre {
            match name {
                "br" => pre.push('\n'),
                _ if !is_html_element(name) => pre.push_str(raw),
                _ => {}
            }
            return;
        }
        if self.inside(Kind::Code) {
            match name {
                "br" => self.text(" "),
                _ if !is_html_element(name) => self.text(raw),
                _ => {}
            }
            return;
        }
        match name {
            "p" | "div" | "dd" | "fullname" | "hr" => self.flush(),
            "dt" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush();
                self.open(name, Kind::Strong, String::new());
            }
            "note" | "important" => {
                self.flush();
                self.prefix = Some(if name == "note" {
                    "**Note:**"
                } else {
                    "**Important:**"
                });
            }
            "ul" | "ol" => {
                self.flush();
                self.flush_pending();
                self.lists.push(List {
                    ordered: name == "ol",
                    items: 0,
                    width: 0,
                });
            }
            "li" => {
                self.flush();
                if self.lists.is_empty() {
                    // A stray `<li>` still reads best as a bullet.
                    self.lists.push(List {
                        ordered: false,
                        items: 0,
                        width: 0,
                    });
                }
                if let Some(list) = self.lists.last_mut() {
                    list.items += 1;
                    let marker = if list.ordered {
                        format!("{}. ", list.items)
                    } else {
                        "- ".to_string()
                    };
                    list.width = marker.len();
                    self.marker = Some(marker);
                }
            }
            "br" => self.line_break(),
            "pre" => {
                self.flush();
                self.pre = Some(String::new());
            }
            "code" | "tt" => self.open(name, Kind::Code, String::new()),
            "b" | "strong" => self.open_emphasis(name, Kind::Strong),
            "i" | "em" => self.open_emphasis(name, Kind::Emphasis),
            "a" => match href.as_deref().and_then(link_target) {
                Some(target) if !self.inside(Kind::Link) => self.open(name, Kind::Link, target),
                _ => self.open(name, Kind::Plain, String::new()),
            },
            // Unknown tags are dropped; their text is kept.
            _ => {}
        }
    }

    fn end(&mut self, name: &str, raw: &str) {
        if let Some(pre) = &mut self.pre {
            match name {
                "pre" => self.end_pre(),
                _ if !is_html_element(name) => pre.push_str(raw),
                _ => {}
            }
            return;
        }
        if self.inside(Kind::Code) && name != "code" && name != "tt" {
            if !is_html_element(name) {
                self.text(raw);
            }
            return;
        }
        match name {
            "p" | "div" | "dd" | "dt" | "fullname" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush()
            }
            "note" | "important" => {
                self.flush();
                self.prefix = None;
            }
            "ul" | "ol" => {
                self.flush();
                self.marker = None;
                if self.lists.pop().is_some() {
                    self.last_depth = self.lists.len();
                }
            }
            "li" => {
                self.flush();
                // An item that stayed empty is dropped rather than left as a bare `-`.
                self.marker = None;
            }
            _ => {
                if let Some(index) = self.open.iter().rposition(|f| f.tag == name) {
                    while self.open.len() > index {
                        self.close_top();
                    }
                }
            }
        }
    }

    fn inside(&self, kind: Kind) -> bool {
        self.open.iter().any(|f| f.kind == Some(kind))
    }

    fn top(&mut self) -> &mut Frame {
        self.open.last_mut().unwrap_or(&mut self.para)
    }

    fn open(&mut self, tag: &str, kind: Kind, href: String) {
        self.open.push(Frame {
            tag: tag.to_string(),
            kind: Some(kind),
            href,
            ..Frame::default()
        });
    }

    fn open_emphasis(&mut self, tag: &str, kind: Kind) {
        // `****x****` does not render as bold: nested emphasis of the same kind is flattened.
        let kind = if self.inside(kind) { Kind::Plain } else { kind };
        self.open(tag, kind, String::new());
    }

    fn text(&mut self, text: &str) {
        if let Some(pre) = &mut self.pre {
            pre.push_str(text);
            return;
        }
        let in_code = self.inside(Kind::Code);
        let in_link = self.inside(Kind::Link);
        let line_start = self.at_line_start();
        let frame = self.top();
        // Whitespace runs collapse to one space, as when a browser renders;
        // a space after a break, or at the start of an element, is dropped
        // (the latter is put back outside the element's markers).
        let mut collapsed = String::with_capacity(text.len());
        for c in text.chars() {
            if !c.is_whitespace() {
                collapsed.push(c);
            } else if !collapsed.ends_with(' ') {
                collapsed.push(' ');
            }
        }
        let at_break = frame.md.is_empty() || frame.md.ends_with([' ', '\n']);
        let collapsed = match collapsed.strip_prefix(' ') {
            Some(rest) if at_break => {
                frame.space_before |= frame.md.is_empty();
                rest
            }
            _ => &collapsed,
        };
        frame.text.push_str(collapsed);
        if in_code {
            frame.md.push_str(collapsed);
            return;
        }
        escape_into(&mut frame.md, collapsed, line_start, !in_link);
    }

    /// Whether text added now would begin an output line, where `#`, `-`,
    /// `1.` and the like start a block.
    fn at_line_start(&self) -> bool {
        for frame in self.open.iter().rev().chain([&self.para]) {
            if !frame.md.is_empty() {
                return frame.md.ends_with('\n');
            }
            // An empty element with markers puts them first; a plain one is transparent.
            if frame.kind.is_some_and(|kind| kind != Kind::Plain) {
                return false;
            }
        }
        true
    }

    fn line_break(&mut self) {
        let in_para = self.open.is_empty();
        let frame = self.top();
        frame.md.truncate(frame.md.trim_end_matches(' ').len());
        if frame.md.ends_with('\n') && in_para {
            // `<br><br>` separates paragraphs.
            self.flush();
        } else if !frame.md.is_empty() && !frame.md.ends_with('\n') {
            frame.md.push('\n');
        }
    }

    /// Closes the innermost inline element into its parent.
    fn close_top(&mut self) {
        let Some(frame) = self.open.pop() else {
            return;
        };
        let inner = frame.md.trim_end();
        let rendered = match frame.kind {
            _ if inner.is_empty() && frame.kind != Some(Kind::Link) => String::new(),
            Some(Kind::Strong) => format!("**{inner}**"),
            Some(Kind::Emphasis) => format!("*{inner}*"),
            Some(Kind::Code) => code_span(inner),
            Some(Kind::Link) if inner.is_empty() || frame.text.trim() == frame.href => {
                format!("<{}>", frame.href)
            }
            Some(Kind::Link) => format!("[{inner}]({})", frame.href),
            Some(Kind::Plain) | None => inner.to_string(),
        };
        let space_after = frame.md.ends_with(' ');
        let parent = self.top();
        if frame.space_before && !parent.md.is_empty() && !parent.md.ends_with([' ', '\n']) {
            parent.md.push(' ');
        }
        parent.md.push_str(&rendered);
        parent.text.push_str(&frame.text);
        if space_after && !rendered.is_empty() {
            parent.md.push(' ');
        }
    }

    /// Ends the current paragraph, writing it out if it has any text.
    fn flush(&mut self) {
        while !self.open.is_empty() {
            self.close_top();
        }
        let md = std::mem::take(&mut self.para.md);
        self.para.text.clear();
        let lines: Vec<&str> = md
            .split('\n')
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        if lines.is_empty() {
            return;
        }
        // A backslash at the end of a line is a hard line break.
        let mut text = lines.join("\\\n");
        if let Some(prefix) = self.prefix.take() {
            text = format!("{prefix} {text}");
        }
        self.emit(&text.split('\n').collect::<Vec<_>>());
    }

    /// Writes out a waiting note prefix or list marker before a block that
    /// cannot carry it (a nested list).
    fn flush_pending(&mut self) {
        if let Some(prefix) = self.prefix.take() {
            self.emit(&[prefix]);
        }
        if self.marker.is_some() {
            self.emit(&[""]);
        }
    }

    fn end_pre(&mut self) {
        let Some(content) = self.pre.take() else {
            return;
        };
        let lines: Vec<&str> = content.lines().collect();
        let Some(first) = lines.iter().position(|l| !l.trim().is_empty()) else {
            return;
        };
        let last = lines
            .iter()
            .rposition(|l| !l.trim().is_empty())
            .unwrap_or(first);
        let body = &lines[first..=last];
        // Drop the indentation the HTML source added to every line.
        let indent = body
            .iter()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
            .min()
            .unwrap_or(0);
        let fence = "`".repeat(3.max(longest_run(&content, '`') + 1));
        let opening = format!("{fence}text");
        let mut block = vec![opening.as_str()];
        block.extend(
            body.iter()
                .map(|l| l.get(indent..).unwrap_or("").trim_end()),
        );
        block.push(&fence);
        if let Some(prefix) = self.prefix.take() {
            self.emit(&[prefix]);
        }
        self.emit(&block);
    }

    /// Appends a block, indented for the enclosing lists.
    fn emit(&mut self, lines: &[&str]) {
        let indent: usize = self.lists.iter().map(|l| l.width).sum();
        let marker = self.marker.take();
        if !self.out.is_empty() {
            // Items of one list (and a nested list under its item) stay tight.
            let tight = marker.is_some() && self.last_depth > 0;
            self.out.push_str(if tight { "\n" } else { "\n\n" });
        }
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                self.out.push('\n');
            }
            let start = self.out.len();
            match (&marker, i) {
                (Some(marker), 0) => {
                    let outer = indent.saturating_sub(marker.len());
                    self.out.push_str(&" ".repeat(outer));
                    self.out.push_str(marker);
                }
                _ => self.out.push_str(&" ".repeat(indent)),
            }
            self.out.push_str(line);
            // Blank lines and empty items must not leave trailing spaces.
            let kept = self.out[start..].trim_end().len();
            self.out.truncate(start + kept);
        }
        self.last_depth = self.lists.len();
    }
}

/// A link destination rustdoc treats as a URL, or `None` when the text
/// should be kept alone: relative targets would be taken for (broken)
/// intra-doc links.
fn link_target(href: &str) -> Option<String> {
    let href = href.trim();
    let absolute = ["https://", "http://", "mailto:"]
        .iter()
        .any(|scheme| href.starts_with(scheme) && href.len() > scheme.len());
    if !absolute {
        return None;
    }
    let mut target = String::with_capacity(href.len());
    for c in href.chars() {
        // These would end the destination or the autolink early.
        if c.is_whitespace() || c.is_control() || matches!(c, '(' | ')' | '<' | '>' | '`' | '\\') {
            let mut buf = [0; 4];
            for byte in c.encode_utf8(&mut buf).bytes() {
                target.push_str(&format!("%{byte:02X}"));
            }
        } else {
            target.push(c);
        }
    }
    Some(target)
}

fn code_span(code: &str) -> String {
    let fence = "`".repeat(longest_run(code, '`') + 1);
    // CommonMark strips one space on each side; without it a backtick at the
    // edge would merge into the fence.
    let pad = if code.starts_with('`') || code.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{code}{pad}{fence}")
}

fn longest_run(text: &str, c: char) -> usize {
    text.split(|x| x != c).map(str::len).max().unwrap_or(0)
}

/// Appends plain text, escaped, turning bare URLs into autolinks.
fn escape_into(out: &mut String, text: &str, mut line_start: bool, autolink: bool) {
    let mut rest = text;
    while let Some((start, end)) = autolink.then(|| find_url(rest)).flatten() {
        escape_plain(out, &rest[..start], line_start);
        out.push('<');
        out.push_str(&rest[start..end]);
        out.push('>');
        line_start = false;
        rest = &rest[end..];
    }
    escape_plain(out, rest, line_start);
}

/// The byte range of the first `http(s)://` URL in `text`.
fn find_url(text: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(pos) = text[from..].find("http") {
        let start = from + pos;
        let tail = &text[start..];
        from = start + 4;
        let Some(scheme) = ["https://", "http://"]
            .iter()
            .find(|s| tail.starts_with(*s))
        else {
            continue;
        };
        let len = tail
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`'))
            .unwrap_or(tail.len());
        let mut url = &tail[..len];
        // Trailing punctuation usually ends the sentence, not the URL.
        loop {
            let mut trimmed = url.trim_end_matches(['.', ',', ';', ':', '!', '?', '\'', ']']);
            if trimmed.ends_with(')') && trimmed.matches('(').count() < trimmed.matches(')').count()
            {
                trimmed = &trimmed[..trimmed.len() - 1];
            }
            if trimmed.len() == url.len() {
                break;
            }
            url = trimmed;
        }
        if url.len() > scheme.len() {
            return Some((start, start + url.len()));
        }
    }
    None
}

/// Appends `text` so that Markdown shows it literally and rustdoc sees no
/// link, HTML tag or block syntax in it.
fn escape_plain(out: &mut String, text: &str, line_start: bool) {
    let chars: Vec<char> = text.chars().collect();
    let mut escape_at = None;
    if line_start {
        // Headings, quotes, list items and setext underlines start a line.
        match chars.first() {
            Some('#' | '>' | '+' | '-' | '=') => out.push('\\'),
            Some(c) if c.is_ascii_digit() => {
                let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
                if matches!(chars.get(digits), Some('.' | ')')) {
                    escape_at = Some(digits);
                }
            }
            _ => {}
        }
    }
    let is_word = |i: Option<usize>| {
        i.and_then(|i| chars.get(i))
            .is_some_and(|c| c.is_alphanumeric())
    };
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '\\' | '[' | ']' | '*' | '`' | '~' => {
                out.push('\\');
                out.push(c);
            }
            // `snake_case` is safe; a `_` at a word boundary may open emphasis.
            '_' if !(is_word(i.checked_sub(1)) && is_word(Some(i + 1))) => out.push_str("\\_"),
            '<' => out.push_str("&lt;"),
            '&' if looks_like_entity(&chars[i + 1..]) => out.push_str("&amp;"),
            _ if escape_at == Some(i) => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
}

/// Whether the text after a `&` would be read as an entity reference.
fn looks_like_entity(after: &[char]) -> bool {
    let body = after.strip_prefix(&['#']).unwrap_or(after);
    let len = body
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    len > 0 && body.get(len) == Some(&';')
}

#[cfg(test)]
mod tests {
    use super::html_to_markdown as md;

    #[test]
    fn paragraphs_are_separated_and_whitespace_collapsed() {
        let html = "<p>The identifier of the Amazon Connect instance. You can <a \
            href=\"https://docs.aws.amazon.com/connect/latest/adminguide/find-instance-arn.html\">\
            find the instance ID</a> in\n   the Amazon Resource Name (ARN) of the instance.</p>\n\
            \n   <p>  Second\tparagraph. </p>";
        assert_eq!(
            md(html),
            "The identifier of the Amazon Connect instance. You can [find the instance ID]\
            (https://docs.aws.amazon.com/connect/latest/adminguide/find-instance-arn.html) in \
            the Amazon Resource Name (ARN) of the instance.\n\nSecond paragraph."
        );
        assert_eq!(md("Loose <p>text</p> around"), "Loose\n\ntext\n\naround");
        assert_eq!(md("  \n "), "");
    }

    #[test]
    fn links() {
        let cases = [
            (
                "<a href=\"https://x.test/a\">text</a>",
                "[text](https://x.test/a)",
            ),
            (
                "<a href='https://x.test/q'>single</a>",
                "[single](https://x.test/q)",
            ),
            ("<a>no href</a>", "no href"),
            ("<a href=\"other.html\">relative</a>", "relative"),
            (
                "<a href=\" https://x.test/a b(c) \">t</a>",
                "[t](https://x.test/a%20b%28c%29)",
            ),
            (
                "<a href=\"https://x.test/?a=1&amp;b=2\">q</a>",
                "[q](https://x.test/?a=1&b=2)",
            ),
            (
                "<a href=\"https://x.test/a\">https://x.test/a</a>",
                "<https://x.test/a>",
            ),
            ("<a href=\"https://x.test/a\"> </a>", "<https://x.test/a>"),
            (
                "<a href=\"https://x.test/\">\n <code>C_D</code> [x]\n</a>.",
                "[`C_D` \\[x\\]](https://x.test/) .",
            ),
            (
                "<a href=\"https://x.test/\">see https://y.test/</a>",
                "[see https://y.test/](https://x.test/)",
            ),
        ];
        for (html, expected) in cases {
            assert_eq!(md(html), expected, "{html}");
        }
    }

    #[test]
    fn bare_urls_become_autolinks() {
        assert_eq!(
            md("See https://x.test/a_b. Or (http://y.test/p?q=1), https:// alone."),
            "See <https://x.test/a_b>. Or (<http://y.test/p?q=1>), https:// alone."
        );
        assert_eq!(md("(https://x.test/a_(b))"), "(<https://x.test/a_(b)>)");
    }

    #[test]
    fn code_spans_are_verbatim() {
        let cases = [
            ("<code>a_b *c* [d] &lt;e&gt;</code>", "`a_b *c* [d] <e>`"),
            ("<code>a`b</code>", "``a`b``"),
            ("<code>`a`</code>", "`` `a` ``"),
            ("<code> x\n   y </code>z", "`x y` z"),
            ("a<code></code>b", "ab"),
            // Unescaped placeholders inside code, as in the Connect model.
            ("<code><view-id>:$SAVED</code>", "`<view-id>:$SAVED`"),
            ("<code><Expression 1></code>", "`<Expression 1>`"),
            ("<code><span>s</span><b>t</b></code>", "`st`"),
            ("<code>a<br>b</code>", "`a b`"),
        ];
        for (html, expected) in cases {
            assert_eq!(md(html), expected, "{html}");
        }
    }

    #[test]
    fn emphasis() {
        let cases = [
            (
                "<b>bold</b>, <strong>strong</strong>, <i>it</i> and <em>em</em>",
                "**bold**, **strong**, *it* and *em*",
            ),
            ("a<b> spaced </b>b", "a **spaced** b"),
            ("<b><b>x</b> y</b>", "**x y**"),
            ("<i><code>c</code></i>", "*`c`*"),
            ("<b> </b>x", "x"),
        ];
        for (html, expected) in cases {
            assert_eq!(md(html), expected, "{html}");
        }
    }

    #[test]
    fn lists() {
        let cases = [
            (
                "<p>Intro:</p>\n<ul>\n <li>one</li>\n <li><p>two</p></li>\n</ul>\n<p>After.</p>",
                "Intro:\n\n- one\n- two\n\nAfter.",
            ),
            ("<ol><li>a</li><li>b</li></ol>", "1. a\n2. b"),
            (
                "<ul><li><p>a</p><ul><li>b<ul><li>c</li></ul></li></ul></li><li>d</li></ul>",
                "- a\n  - b\n    - c\n- d",
            ),
            ("<ul><li><p>a</p><p>b</p></li></ul>", "- a\n\n  b"),
            ("<ol><li>a<ul><li>b</li></ul></li></ol>", "1. a\n   - b"),
            ("<ul><li><ul><li>x</li></ul></li></ul>", "-\n  - x"),
            ("<ul><li></li><li>x</li></ul>", "- x"),
            ("<ul><li>a</li></ul><ul><li>b</li></ul>", "- a\n\n- b"),
            ("<ul><li>a<br>b</li></ul>", "- a\\\n  b"),
        ];
        for (html, expected) in cases {
            assert_eq!(md(html), expected, "{html}");
        }
    }

    #[test]
    fn notes_and_definitions() {
        let cases = [
            (
                "<p>A</p><note><p>Careful.</p><p>More.</p></note>",
                "A\n\n**Note:** Careful.\n\nMore.",
            ),
            ("<important>Do it.</important>", "**Important:** Do it."),
            ("<note><ul><li>x</li></ul></note>", "**Note:**\n\n- x"),
            ("<note> </note><p>x</p>", "x"),
            (
                "<dl><dt>TERM_ONE</dt><dd><p>Def one.</p></dd><dt>Two</dt><dd>Def two.</dd></dl>",
                "**TERM_ONE**\n\nDef one.\n\n**Two**\n\nDef two.",
            ),
        ];
        for (html, expected) in cases {
            assert_eq!(md(html), expected, "{html}");
        }
    }

    #[test]
    fn line_breaks() {
        assert_eq!(md("<p>a<br>b<br/>c <br /> d</p>"), "a\\\nb\\\nc\\\nd");
        assert_eq!(md("<p>a<br><br>b</p>"), "a\n\nb");
        assert_eq!(md("<p><br>a<br></p>"), "a");
    }

    #[test]
    fn preformatted_text_is_a_text_block() {
        assert_eq!(
            md("<p>Example:</p><pre>\n    {\n      \"a\": [1]\n\n    }  \n</pre><p>x</p>"),
            "Example:\n\n```text\n{\n  \"a\": [1]\n\n}\n```\n\nx"
        );
        assert_eq!(
            md("<pre><code>x ``` y &amp;</code></pre>"),
            "````text\nx ``` y &\n````"
        );
        assert_eq!(
            md("<ul><li><pre>a\nb</pre></li></ul>"),
            "- ```text\n  a\n  b\n  ```"
        );
        assert_eq!(
            md("<note><pre>a</pre></note>"),
            "**Note:**\n\n```text\na\n```"
        );
        assert_eq!(md("<pre><id>\n</pre>"), "```text\n<id>\n```");
        assert_eq!(md("<pre>unterminated"), "```text\nunterminated\n```");
    }

    #[test]
    fn unknown_tags_and_comments_are_dropped() {
        assert_eq!(
            md(
                "<!DOCTYPE html><p class=\"title\">a <span>b</span> <foo-bar x=1>c</foo-bar>\
                <!-- hidden <b>x</b> -->d</p>"
            ),
            "a b cd"
        );
        assert_eq!(md("a<!-- unterminated <p>b</p>"), "a");
    }

    #[test]
    fn entities() {
        assert_eq!(
            md(
                "&amp; &lt;tag&gt; &quot;q&quot; &apos;a&#39; x&nbsp;y &#65;&#x42;&#X43; \
                &bogus; &amp;lt; & &#xZZ; &#0; &#1114112;"
            ),
            "& &lt;tag> \"q\" 'a' x y ABC &amp;bogus; &amp;lt; & &amp;#xZZ; \u{FFFD} \u{FFFD}"
        );
    }

    #[test]
    fn markdown_syntax_in_text_is_escaped() {
        assert_eq!(
            md("a [b] c*d*e `f` 1 < 2 > 0 snake_case _x_ ~y~ back\\slash # - 1."),
            "a \\[b\\] c\\*d\\*e \\`f\\` 1 &lt; 2 > 0 snake_case \\_x\\_ \\~y\\~ back\\\\slash # - 1."
        );
        assert_eq!(
            md(
                "<p># h</p><p>&gt; q</p><p>- l</p><p>+ p</p><p>= s</p><p>12. n</p><p>3) m</p>\
                <p>2024 year</p>"
            ),
            "\\# h\n\n\\> q\n\n\\- l\n\n\\+ p\n\n\\= s\n\n12\\. n\n\n3\\) m\n\n2024 year"
        );
        assert_eq!(md("<p>a<br># b<br> 1. c</p>"), "a\\\n\\# b\\\n1\\. c");
        assert_eq!(md("<ul><li>- x</li></ul>"), "- \\- x");
        assert_eq!(md("<p><b># b</b></p>"), "**# b**");
        assert_eq!(md("<p><a>- x</a> <a href=\"x\">+ y</a></p>"), "\\- x + y");
    }

    #[test]
    fn malformed_html_keeps_the_text() {
        let cases = [
            ("<p>unclosed <b>bold <i>it", "unclosed **bold *it***"),
            ("</p>stray</li></ul></b> text</a>", "stray\n\ntext"),
            (
                "a < b, c<3, <> and x <y",
                "a &lt; b, c&lt;3, &lt;> and x &lt;y",
            ),
            ("x <y and <b>z</b>", "x &lt;y and **z**"),
            ("<p>a <b>b</p><p>c</b> d</p>", "a **b**\n\nc d"),
            (
                "<a href=\"https://x.test/\" unterminated",
                "&lt;a href=\"<https://x.test/>\" unterminated",
            ),
            ("<a href=\"x>y\">t</a>", "t"),
            ("<a href=\"https://x.test/\">t", "[t](https://x.test/)"),
            ("<li>stray item", "- stray item"),
            ("<a href>x</a><a href=>y</a><a =z>w</a>", "xyw"),
        ];
        for (html, expected) in cases {
            assert_eq!(md(html), expected, "{html}");
        }
        // Every truncation of a busy fragment converts without panicking.
        let busy = "<p>é <a href='https://x.test/é'>l<code>`c`</code></a><!-- c --> &amp\
            <ul><li>a<ol><li>b<br>c</li></ol></li></ul><pre> p </pre><dl><dt>t</dt></dl></p>";
        for (i, _) in busy.char_indices() {
            let out = md(&busy[..i]);
            assert_eq!(out, out.trim(), "{i}");
        }
    }

    #[test]
    fn converts_the_whole_model() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../shared/models/connect.json"
        );
        let Ok(json) = std::fs::read_to_string(path) else {
            eprintln!("skipping: {path} not found");
            return;
        };
        let model: serde_json::Value = serde_json::from_str(&json).expect("model is JSON");
        let mut docs = Vec::new();
        collect_docs(&model, &mut docs);
        assert!(
            docs.len() > 1000,
            "found only {} documentation strings",
            docs.len()
        );
        for html in docs {
            let out = md(html);
            assert_eq!(out, md(html), "conversion is deterministic");
            if let Err(problem) = check(&out) {
                panic!("{problem} in:\n{out}\n\nconverted from:\n{html}");
            }
        }
    }

    fn collect_docs<'a>(value: &'a serde_json::Value, docs: &mut Vec<&'a str>) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, value) in map {
                    match value.as_str() {
                        Some(doc) if key == "smithy.api#documentation" => docs.push(doc),
                        _ => collect_docs(value, docs),
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| collect_docs(v, docs)),
            _ => {}
        }
    }

    /// Checks, per paragraph and outside code, what would upset rustdoc:
    /// `<` other than an autolink, an unbalanced backtick, `[`/`]` that do
    /// not form a `[text](url)` link, and trailing whitespace.
    fn check(markdown: &str) -> Result<(), String> {
        if markdown.lines().any(|l| l.ends_with(char::is_whitespace)) {
            return Err("trailing whitespace".into());
        }
        let mut in_fence = false;
        let mut prose = String::new();
        for line in markdown.lines() {
            if line.trim_start().starts_with("```") {
                in_fence = !in_fence;
            } else if !in_fence {
                prose.push_str(line);
                prose.push('\n');
            }
        }
        for paragraph in prose.split("\n\n") {
            let chars: Vec<char> = paragraph.chars().collect();
            let mut open_links = 0;
            let mut i = 0;
            while i < chars.len() {
                let run = |at: usize| chars[at..].iter().take_while(|&&c| c == '`').count();
                match chars[i] {
                    '\\' => i += 1,
                    '`' => {
                        let fence = run(i);
                        let mut j = i + fence;
                        while j < chars.len() && (chars[j] != '`' || run(j) != fence) {
                            j += if chars[j] == '`' { run(j) } else { 1 };
                        }
                        if j >= chars.len() {
                            return Err("unbalanced backtick".into());
                        }
                        i = j + fence - 1;
                    }
                    '<' => {
                        let end = chars[i..].iter().position(|&c| c == '>');
                        if !chars[i + 1..].starts_with(&['h', 't', 't', 'p']) || end.is_none() {
                            return Err("`<` outside an autolink".into());
                        }
                        i += end.unwrap_or(0);
                    }
                    '[' => open_links += 1,
                    ']' if open_links > 0 && chars.get(i + 1) == Some(&'(') => {
                        open_links -= 1;
                        i += chars[i..].iter().position(|&c| c == ')').unwrap_or(0);
                    }
                    ']' => return Err("unescaped `]`".into()),
                    _ => {}
                }
                i += 1;
            }
            if open_links > 0 {
                return Err("unescaped `[`".into());
            }
        }
        Ok(())
    }

    #[test]
    fn checker_catches_problems() {
        assert!(check("[a](https://x.test/) `b` <https://x.test/> \\[ \\` &lt;").is_ok());
        for bad in ["[a]", "a]", "`a", "<b>", "a \n"] {
            assert!(check(bad).is_err(), "{bad}");
        }
    }
}
