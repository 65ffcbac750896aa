//! XML answers of the awsQuery protocol, without serde derive.
//!
//! An answer is parsed once into a tree of [`Element`]s (names without their namespace
//! prefix, the text of each element); generated types implement [`FromXml`] with plain code
//! over that tree, through the helpers here, which spell out the protocol's rules once:
//! members are child elements named after the member (or its `@xmlName`), lists wrap their
//! items in `<member>` elements unless `@xmlFlattened`, maps their entries in
//! `<entry><key/><value/></entry>`, timestamps are ISO 8601 date-times, blobs base64, floats may
//! be `NaN`, `Infinity` or `-Infinity`; unknown elements are ignored.
//!
//! Bad input is an [`XmlError`] naming the problem and the element path, never a panic: the
//! parser refuses malformed documents (mismatched or unclosed tags, text outside the root,
//! unknown entities, a second root) and documents nested deeper than [`MAX_DEPTH`].

use crate::encoding::timestamp::{from_text, DateTime, TimestampFormat};
use aws_smithy_types::{BigDecimal, BigInteger, Blob};
use std::collections::HashMap;
use std::fmt;
use std::hash::Hash;
use std::str::FromStr;

mod parse;

pub use parse::parse;

/// How deeply elements may nest. AWS answers nest a handful of levels; the limit keeps a
/// hostile answer from building a tree that the readers (recursive, like the shapes) would
/// overflow the stack walking.
pub const MAX_DEPTH: usize = 100;

/// An XML element: its name (the local part, without a namespace prefix), its child elements
/// in order, and its text (every piece of character data directly inside it, joined).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Element {
    name: String,
    children: Vec<Element>,
    text: String,
}

impl Element {
    /// An element named `name` with no content: what an empty answer reads as.
    pub fn empty(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            ..Self::default()
        }
    }

    /// The element's local name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The text directly inside the element (entities resolved, CDATA included).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The child elements, in document order.
    pub fn children(&self) -> &[Element] {
        &self.children
    }

    /// The first child element named `name`.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|child| child.name == name)
    }

    /// Every child element named `name`, in document order.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |child| child.name == name)
    }
}

/// Where and how an XML answer departs from what the model says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct XmlError {
    /// Path segments from the leaf up (built while the error travels outwards).
    path: Vec<String>,
    problem: String,
}

impl XmlError {
    /// An error at the current element.
    pub fn new(problem: impl Into<String>) -> Self {
        Self {
            path: Vec::new(),
            problem: problem.into(),
        }
    }

    /// The same error, one element further out.
    pub fn at(mut self, element: &str) -> Self {
        self.path.push(element.to_owned());
        self
    }

    /// The element path of the problem, e.g. `/AssumeRoleResult/Credentials/Expiration`
    /// (`/` for the document itself).
    pub fn path(&self) -> String {
        if self.path.is_empty() {
            return "/".to_owned();
        }
        let mut path = String::new();
        for segment in self.path.iter().rev() {
            path.push('/');
            path.push_str(segment);
        }
        path
    }
}

impl fmt::Display for XmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at {}", self.problem, self.path())
    }
}

impl std::error::Error for XmlError {}

/// Reads a value from an XML element.
pub trait FromXml: Sized {
    /// The value `element` holds, or what did not match.
    fn read_xml(element: &Element) -> Result<Self, XmlError>;
}

impl FromXml for String {
    fn read_xml(element: &Element) -> Result<Self, XmlError> {
        Ok(element.text.clone())
    }
}

impl FromXml for bool {
    fn read_xml(element: &Element) -> Result<Self, XmlError> {
        match element.text.trim() {
            "true" => Ok(true),
            "false" => Ok(false),
            other => Err(XmlError::new(format!(
                "expected `true` or `false`, found {other:?}"
            ))),
        }
    }
}

macro_rules! from_text {
    ($($ty:ty: $what:literal),*) => {$(
        impl FromXml for $ty {
            fn read_xml(element: &Element) -> Result<Self, XmlError> {
                let text = element.text.trim();
                crate::encoding::integer(text).ok_or_else(|| {
                    XmlError::new(format!(concat!("expected ", $what, ", found {:?}"), text))
                })
            }
        }
    )*};
}
from_text!(
    i8: "a byte", i16: "a short", i32: "an integer", i64: "a long"
);

macro_rules! float_from_text {
    ($($ty:ty),*) => {$(
        impl FromXml for $ty {
            fn read_xml(element: &Element) -> Result<Self, XmlError> {
                match element.text.trim() {
                    "NaN" => Ok(<$ty>::NAN),
                    "Infinity" => Ok(<$ty>::INFINITY),
                    "-Infinity" => Ok(<$ty>::NEG_INFINITY),
                    // Rust also reads `inf` and `nan`, which are not the protocol's spellings.
                    text if text.bytes().any(|byte| byte.is_ascii_alphabetic() && byte != b'e' && byte != b'E') => {
                        Err(XmlError::new(format!("expected a number, found {text:?}")))
                    }
                    text => text
                        .parse()
                        .map_err(|_| XmlError::new(format!("expected a number, found {text:?}"))),
                }
            }
        }
    )*};
}
float_from_text!(f32, f64);

impl FromXml for Blob {
    fn read_xml(element: &Element) -> Result<Self, XmlError> {
        let text = element.text.trim();
        aws_smithy_types::base64::decode(text)
            .map(Blob::new)
            .map_err(|error| XmlError::new(format!("expected base64, found {text:?}: {error}")))
    }
}

/// Timestamps are ISO 8601 date-times unless `@timestampFormat` says otherwise (see
/// [`timestamp`]).
impl FromXml for DateTime {
    fn read_xml(element: &Element) -> Result<Self, XmlError> {
        timestamp(element, TimestampFormat::DateTime)
    }
}

impl FromXml for BigInteger {
    fn read_xml(element: &Element) -> Result<Self, XmlError> {
        let text = element.text.trim();
        BigInteger::from_str(text)
            .map_err(|error| XmlError::new(format!("expected an integer, found {text:?}: {error}")))
    }
}

impl FromXml for BigDecimal {
    fn read_xml(element: &Element) -> Result<Self, XmlError> {
        let text = element.text.trim();
        BigDecimal::from_str(text)
            .map_err(|error| XmlError::new(format!("expected a number, found {text:?}: {error}")))
    }
}

/// The timestamp `element` holds in `format` (a member's `@timestampFormat`).
pub fn timestamp(element: &Element, format: TimestampFormat) -> Result<DateTime, XmlError> {
    let text = element.text.trim();
    from_text(text, format)
        .map_err(|error| XmlError::new(format!("expected a timestamp, found {text:?}: {error}")))
}

/// Member `name` of the structure `parent`, read with `read`: `None` when `parent` has no
/// such child element.
pub fn member<T>(
    parent: &Element,
    name: &str,
    read: impl FnOnce(&Element) -> Result<T, XmlError>,
) -> Result<Option<T>, XmlError> {
    match parent.child(name) {
        None => Ok(None),
        Some(element) => match read(element) {
            Ok(value) => Ok(Some(value)),
            Err(error) => Err(error.at(name)),
        },
    }
}

/// The items of a wrapped list: every child of `collection` named `item` (`member` unless
/// the list's member has an `@xmlName`), each read with `read`.
pub fn list<T>(
    collection: &Element,
    item: &str,
    read: impl Fn(&Element) -> Result<T, XmlError>,
) -> Result<Vec<T>, XmlError> {
    items(collection, item, &read)
}

/// Every child of `parent` named `name`, read with `read`. Loops rather than iterator
/// adapters: this is compiled once per item type and call, in the crate of the call.
fn items<T>(
    parent: &Element,
    name: &str,
    read: &dyn Fn(&Element) -> Result<T, XmlError>,
) -> Result<Vec<T>, XmlError> {
    let mut items = Vec::new();
    for (index, element) in parent.children_named(name).enumerate() {
        match read(element) {
            Ok(value) => items.push(value),
            Err(error) => return Err(error.at(&format!("{name}[{index}]"))),
        }
    }
    Ok(items)
}

/// An `@xmlFlattened` list member `name` of `parent`: every child named `name` is an item;
/// `None` when there is none.
pub fn flat_list<T>(
    parent: &Element,
    name: &str,
    read: impl Fn(&Element) -> Result<T, XmlError>,
) -> Result<Option<Vec<T>>, XmlError> {
    let items = items(parent, name, &read)?;
    Ok((!items.is_empty()).then_some(items))
}

/// The entries of a wrapped map: every `<entry>` child of `collection`, its key and value the
/// children named `key` and `value` (`key` and `value` unless the map's members have an
/// `@xmlName`). An entry without a key is refused; one without a value is left out, as an
/// entry whose value is `null` in the JSON protocols.
pub fn map<K: Eq + Hash, V>(
    collection: &Element,
    key: &str,
    value: &str,
    read_key: impl Fn(&Element) -> Result<K, XmlError>,
    read_value: impl Fn(&Element) -> Result<V, XmlError>,
) -> Result<HashMap<K, V>, XmlError> {
    entries(collection, "entry", key, value, &read_key, &read_value)
}

/// An `@xmlFlattened` map member `name` of `parent`: every child named `name` is an entry;
/// `None` when there is none.
pub fn flat_map<K: Eq + Hash, V>(
    parent: &Element,
    name: &str,
    key: &str,
    value: &str,
    read_key: impl Fn(&Element) -> Result<K, XmlError>,
    read_value: impl Fn(&Element) -> Result<V, XmlError>,
) -> Result<Option<HashMap<K, V>>, XmlError> {
    if parent.child(name).is_none() {
        return Ok(None);
    }
    entries(parent, name, key, value, &read_key, &read_value).map(Some)
}

fn entries<K: Eq + Hash, V>(
    parent: &Element,
    entry: &str,
    key: &str,
    value: &str,
    read_key: &impl Fn(&Element) -> Result<K, XmlError>,
    read_value: &impl Fn(&Element) -> Result<V, XmlError>,
) -> Result<HashMap<K, V>, XmlError> {
    let mut map = HashMap::new();
    for (index, element) in parent.children_named(entry).enumerate() {
        let at = |error: XmlError| error.at(&format!("{entry}[{index}]"));
        let Some(key_element) = element.child(key) else {
            return Err(at(XmlError::new(format!("a map entry without <{key}>"))));
        };
        let read = read_key(key_element).map_err(|error| at(error.at(key)))?;
        if let Some(value) = member(element, value, read_value).map_err(at)? {
            map.insert(read, value);
        }
    }
    Ok(map)
}

/// The member a union's element holds: its one child element.
pub fn union_member(element: &Element) -> Result<&Element, XmlError> {
    match element.children() {
        [only] => Ok(only),
        [] => Err(XmlError::new("a union with no member set")),
        _ => Err(XmlError::new("a union with more than one member set")),
    }
}

/// The message of an awsQuery error element, under the spellings services use (`Message`,
/// `message`).
pub fn error_message(error: &Element) -> Option<String> {
    ["Message", "message"]
        .iter()
        .find_map(|name| error.child(name))
        .map(|element| element.text.clone())
}

/// The output of a successful awsQuery answer: the `<{Operation}Result>` element inside the
/// `<{Operation}Response>` root, read as `T`. An empty body, or a root without the result
/// element, is an output with nothing set.
pub fn answer<T: FromXml>(bytes: &[u8], response: &str, result: &str) -> Result<T, XmlError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return T::read_xml(&Element::empty(result));
    }
    let root = parse(bytes)?;
    if root.name != response {
        return Err(XmlError::new(format!(
            "expected the root element <{response}>, found <{}>",
            root.name
        ))
        .at(&root.name));
    }
    match root.child(result) {
        Some(element) => T::read_xml(element).map_err(|error| error.at(result).at(response)),
        None => T::read_xml(&Element::empty(result)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaf(name: &str, text: &str) -> Element {
        Element {
            name: name.to_owned(),
            children: Vec::new(),
            text: text.to_owned(),
        }
    }

    #[test]
    fn parses_names_text_entities_and_cdata() {
        let root = parse(
            br#"<?xml version="1.0" encoding="UTF-8"?>
<!-- a comment -->
<a:Root xmlns:a="urn:x" xmlns="urn:y" attr="v">
  <Name>x &amp; y &#x41;&#66; &lt;&gt;&quot;&apos;</Name>
  <Data><![CDATA[<not> &tags;]]></Data>
  <Empty/>
  <a:Prefixed>p</a:Prefixed>
</a:Root>"#,
        )
        .unwrap();
        assert_eq!(root.name(), "Root");
        assert_eq!(root.child("Name").unwrap().text(), "x & y AB <>\"'");
        assert_eq!(root.child("Data").unwrap().text(), "<not> &tags;");
        assert_eq!(root.child("Empty").unwrap(), &Element::empty("Empty"));
        assert_eq!(root.child("Prefixed").unwrap().text(), "p");
        assert_eq!(root.children().len(), 4);
        // A byte order mark may open a document; line ends read as `\n`.
        let root = parse(b"\xef\xbb\xbf<R>a\r\nb\rc</R>").unwrap();
        assert_eq!(root.text(), "a\nb\nc");
    }

    #[test]
    fn malformed_documents_are_typed_errors() {
        let cases: &[(&[u8], &str)] = &[
            (b"", "no root element"),
            (b"   ", "no root element"),
            (b"<a><b></a>", "malformed XML"),
            (b"<a>", "ends inside an element"),
            (b"<a></a><b/>", "a second root element <b>"),
            (b"text<a/>", "text outside the root element"),
            (b"<a/>text", "text outside the root element"),
            (b"<a>&bogus;</a>", "unknown entity `&bogus;`"),
            (b"<a>&#0;</a>", "malformed XML"),
            (b"<a b=></a>", "malformed XML"),
            (b"<a b='1' b='2'/>", "malformed XML"),
            (
                b"<!DOCTYPE a [<!ENTITY e 'x'>]><a>&e;</a>",
                "document type declaration",
            ),
            (b"<a>\xff</a>", "not UTF-8"),
            (b"</a>", "malformed XML"),
            (b"<a><!-- -- --></a>", "malformed XML"),
            (b"<<a/>", "malformed XML"),
        ];
        for (input, expected) in cases {
            let error = parse(input).unwrap_err();
            assert!(
                error.to_string().contains(expected),
                "{:?}: {error}",
                String::from_utf8_lossy(input)
            );
        }
        let error = parse(b"<a><b><c></b></a>").unwrap_err();
        assert!(error.path().starts_with("/a/b"), "{error}");
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = "<a>".repeat(MAX_DEPTH + 1) + &"</a>".repeat(MAX_DEPTH + 1);
        let error = parse(deep.as_bytes()).unwrap_err();
        assert!(error.to_string().contains("deeper than 100"), "{error}");
        let fine = "<a>".repeat(MAX_DEPTH) + &"</a>".repeat(MAX_DEPTH);
        assert!(parse(fine.as_bytes()).is_ok());
    }

    #[test]
    fn scalars_read_their_text() {
        assert_eq!(bool::read_xml(&leaf("b", " true ")), Ok(true));
        assert!(bool::read_xml(&leaf("b", "yes")).is_err());
        assert_eq!(i32::read_xml(&leaf("i", "-12")), Ok(-12));
        assert!(i8::read_xml(&leaf("i", "300")).is_err());
        assert!(i64::read_xml(&leaf("i", "1.5")).is_err());
        assert_eq!(f64::read_xml(&leaf("f", "1.5e3")), Ok(1500.0));
        assert!(f64::read_xml(&leaf("f", "NaN")).unwrap().is_nan());
        assert_eq!(
            f32::read_xml(&leaf("f", "-Infinity")),
            Ok(f32::NEG_INFINITY)
        );
        assert!(f64::read_xml(&leaf("f", "inf")).is_err());
        assert!(f64::read_xml(&leaf("f", "nan")).is_err());
        assert_eq!(Blob::read_xml(&leaf("b", "aGk=")).unwrap().as_ref(), b"hi");
        assert!(Blob::read_xml(&leaf("b", "***")).is_err());
        assert_eq!(
            DateTime::read_xml(&leaf("t", "2019-12-16T23:48:18Z")),
            Ok(DateTime::from_secs(1_576_540_098))
        );
        assert_eq!(
            timestamp(&leaf("t", "1576540098"), TimestampFormat::EpochSeconds),
            Ok(DateTime::from_secs(1_576_540_098))
        );
        assert!(DateTime::read_xml(&leaf("t", "yesterday")).is_err());
        assert_eq!(String::read_xml(&leaf("s", " kept ")).unwrap(), " kept ");
        assert_eq!(
            BigInteger::read_xml(&leaf("n", "123456789012345678901234567890"))
                .unwrap()
                .as_ref(),
            "123456789012345678901234567890"
        );
    }

    #[test]
    fn collections_wrapped_and_flattened() {
        let root = parse(
            b"<R><L><member>1</member><member>2</member></L>\
              <F>3</F><Other/><F>4</F>\
              <M><entry><key>a</key><value>1</value></entry><entry><key>b</key></entry></M>\
              <FM><k>x</k><v>9</v></FM><FM><k>y</k><v>8</v></FM></R>",
        )
        .unwrap();
        let items = member(&root, "L", |l| list(l, "member", i32::read_xml)).unwrap();
        assert_eq!(items, Some(vec![1, 2]));
        assert_eq!(
            flat_list(&root, "F", i32::read_xml).unwrap(),
            Some(vec![3, 4])
        );
        assert_eq!(flat_list(&root, "Missing", i32::read_xml).unwrap(), None);
        let entries = member(&root, "M", |m| {
            map(m, "key", "value", String::read_xml, i32::read_xml)
        })
        .unwrap()
        .unwrap();
        assert_eq!(entries, HashMap::from([("a".to_owned(), 1)]));
        let flat = flat_map(&root, "FM", "k", "v", String::read_xml, i32::read_xml)
            .unwrap()
            .unwrap();
        assert_eq!(
            flat,
            HashMap::from([("x".to_owned(), 9), ("y".to_owned(), 8)])
        );
        let error = member(&root, "L", |l| list(l, "member", bool::read_xml)).unwrap_err();
        assert_eq!(error.path(), "/L/member[0]");
        let broken = parse(b"<R><M><entry><value>1</value></entry></M></R>").unwrap();
        let error = member(&broken, "M", |m| {
            map(m, "key", "value", String::read_xml, i32::read_xml)
        })
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "a map entry without <key> at /M/entry[0]"
        );
    }

    #[test]
    fn unions_hold_one_member() {
        let root = parse(b"<U><A>1</A></U>").unwrap();
        assert_eq!(union_member(&root).unwrap().name(), "A");
        assert!(union_member(&parse(b"<U/>").unwrap()).is_err());
        assert!(union_member(&parse(b"<U><A/><B/></U>").unwrap()).is_err());
    }

    #[derive(Debug, PartialEq)]
    struct Output {
        value: Option<i32>,
    }

    impl FromXml for Output {
        fn read_xml(element: &Element) -> Result<Self, XmlError> {
            Ok(Self {
                value: member(element, "Value", i32::read_xml)?,
            })
        }
    }

    #[test]
    fn answers_are_read_from_the_result_element() {
        let body = br#"<OpResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
            <OpResult><Value>7</Value></OpResult>
            <ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>
        </OpResponse>"#;
        assert_eq!(
            answer::<Output>(body, "OpResponse", "OpResult"),
            Ok(Output { value: Some(7) })
        );
        assert_eq!(
            answer::<Output>(b"", "OpResponse", "OpResult"),
            Ok(Output { value: None })
        );
        assert_eq!(
            answer::<Output>(b"<OpResponse/>", "OpResponse", "OpResult"),
            Ok(Output { value: None })
        );
        let error = answer::<Output>(b"<Other/>", "OpResponse", "OpResult").unwrap_err();
        assert_eq!(
            error.to_string(),
            "expected the root element <OpResponse>, found <Other> at /Other"
        );
        let error = answer::<Output>(
            b"<OpResponse><OpResult><Value>x</Value></OpResult></OpResponse>",
            "OpResponse",
            "OpResult",
        )
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "expected an integer, found \"x\" at /OpResponse/OpResult/Value"
        );
        assert!(answer::<Output>(b"<OpResponse>", "OpResponse", "OpResult").is_err());
    }
}
