//! The reader compared with quick-xml, which it replaced: the same tree for every document
//! both accept, and an error wherever quick-xml has one, over answers and mutations of them.

use super::super::{Element, XmlError, MAX_DEPTH};
use super::{is_name, parse};
use crate::test_random::Random;
use quick_xml::events::{BytesStart, Event};

/// `bytes` read with quick-xml into the same tree, as the reader did before it was written.
fn quick_xml_tree(bytes: &[u8]) -> Result<Element, XmlError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|error| XmlError::new(format!("the body is not UTF-8: {error}")))?;
    let mut reader = quick_xml::Reader::from_str(text);
    let config = reader.config_mut();
    config.trim_text(false);
    config.check_end_names = true;
    config.check_comments = true;
    // Open elements, innermost last; the root once it is closed.
    let mut open: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let malformed = |problem: String, open: &[Element]| {
        let mut error = XmlError::new(format!("malformed XML: {problem}"));
        for element in open.iter().rev() {
            error = error.at(&element.name);
        }
        error
    };
    loop {
        let position = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|error| malformed(format!("{error} (near byte {position})"), &open))?;
        match event {
            Event::Start(start) | Event::Empty(start) if root.is_some() => {
                let name = local_name(&start);
                return Err(malformed(
                    format!("a second root element <{name}> after the first"),
                    &[],
                ));
            }
            Event::Start(start) => {
                if open.len() >= MAX_DEPTH {
                    return Err(malformed(
                        format!("elements nest deeper than {MAX_DEPTH} levels"),
                        &open,
                    ));
                }
                open.push(start_element(&start).map_err(|problem| malformed(problem, &open))?);
            }
            Event::Empty(start) => {
                let element = start_element(&start).map_err(|problem| malformed(problem, &open))?;
                match open.last_mut() {
                    Some(parent) => parent.children.push(element),
                    None => root = Some(element),
                }
            }
            Event::End(_) => {
                // quick-xml has checked that the name matches the open element's.
                let Some(element) = open.pop() else {
                    return Err(malformed(
                        "a closing tag without an opening one".into(),
                        &[],
                    ));
                };
                match open.last_mut() {
                    Some(parent) => parent.children.push(element),
                    None => root = Some(element),
                }
            }
            Event::Text(text) => {
                let content = text
                    .xml10_content()
                    .map_err(|error| malformed(error.to_string(), &open))?;
                push_text(&mut open, &content, &malformed)?;
            }
            Event::CData(data) => {
                let content = data
                    .xml10_content()
                    .map_err(|error| malformed(error.to_string(), &open))?;
                push_text(&mut open, &content, &malformed)?;
            }
            Event::GeneralRef(reference) => {
                let character = reference
                    .resolve_char_ref()
                    .map_err(|error| malformed(error.to_string(), &open))?;
                let resolved = match character {
                    Some(character) => character.to_string(),
                    None => {
                        let name = reference
                            .decode()
                            .map_err(|error| malformed(error.to_string(), &open))?;
                        quick_xml::escape::resolve_predefined_entity(&name)
                            .ok_or_else(|| malformed(format!("unknown entity `&{name};`"), &open))?
                            .to_owned()
                    }
                };
                push_text(&mut open, &resolved, &malformed)?;
            }
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            Event::DocType(_) => {
                return Err(malformed(
                    "a document type declaration (answers have none)".into(),
                    &open,
                ))
            }
            Event::Eof => {
                if !open.is_empty() {
                    return Err(malformed(
                        "the document ends inside an element".into(),
                        &open,
                    ));
                }
                return root.ok_or_else(|| malformed("no root element".into(), &[]));
            }
        }
    }
}

/// An element for a start tag, its attributes checked for well-formedness (their values are
/// not kept: no member of the supported protocols is an attribute).
fn start_element(start: &BytesStart) -> Result<Element, String> {
    let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
    if !is_name(&name) {
        return Err(format!("`{name}` is not an element name"));
    }
    for attribute in start.attributes().with_checks(true) {
        attribute.map_err(|error| format!("an attribute of <{}>: {error}", local_name(start)))?;
    }
    Ok(Element::empty(&local_name(start)))
}

fn local_name(start: &BytesStart) -> String {
    String::from_utf8_lossy(start.local_name().as_ref()).into_owned()
}

/// Appends character data to the innermost open element; outside the root only whitespace
/// is allowed.
fn push_text(
    open: &mut [Element],
    text: &str,
    malformed: &impl Fn(String, &[Element]) -> XmlError,
) -> Result<(), XmlError> {
    match open.last_mut() {
        Some(element) => {
            element.text.push_str(text);
            Ok(())
        }
        None if text.chars().all(char::is_whitespace) => Ok(()),
        None => Err(malformed("text outside the root element".into(), &[])),
    }
}

/// Answers, and documents that use each construct the reader supports.
const SEEDS: &[&str] = &[
    r#"<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <SourceIdentity>Alice</SourceIdentity>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/demo/TestAR</Arn>
      <AssumedRoleId>ARO123EXAMPLE123:TestAR</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId>
      <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
      <SessionToken>AQoDYXdzEPT//////////wEXAMPLEtc764=</SessionToken>
      <Expiration>2019-11-09T13:34:41Z</Expiration>
    </Credentials>
    <PackedPolicySize>6</PackedPolicySize>
  </AssumeRoleResult>
  <ResponseMetadata>
    <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
  </ResponseMetadata>
</AssumeRoleResponse>"#,
    r#"<?xml version="1.0" encoding="UTF-8"?>
<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error><Type>Sender</Type><Code>ExpiredTokenException</Code>
  <Message>Token &amp; &lt;session&gt; &#x41;&#66; expired</Message></Error>
  <RequestId>42</RequestId>
</ErrorResponse>"#,
    r#"<?xml version="1.0"?>
<!-- a comment -->
<a:Root xmlns:a="urn:x" xmlns="urn:y" attr='v' other="&amp;w">
  <Name>x &amp; y &quot;&apos;</Name>
  <Data><![CDATA[<not> &tags;]]></Data>
  <?pi some data?>
  <Empty/><Empty2 />
  <a:Prefixed>p</a:Prefixed>
  <List><member>1</member><member>2</member></List>
  <Map><entry><key>k</key><value>v</value></entry></Map>
</a:Root>"#,
    "<R>line\r\nnext\rlast<![CDATA[a\r\nb]]></R>",
    "<R>\u{e9}t\u{e9} &#233; &#x1F600;</R>",
];

/// Pieces of markup that mutations insert.
const PIECES: &[&str] = &[
    "<",
    ">",
    "/",
    "&",
    ";",
    "&amp;",
    "&#x41;",
    "&#65;",
    "&#0;",
    "&#x1;",
    "&bogus;",
    "&#xD800;",
    "<![CDATA[",
    "]]>",
    "<!--",
    "-->",
    "--",
    "<?",
    "?>",
    "<!DOCTYPE a>",
    "=",
    "'",
    "\"",
    "<a>",
    "</a>",
    "<b/>",
    "<a:b>",
    "</a:b>",
    " x='1'",
    " x=\"2\"",
    "\r\n",
    "\r",
    " ",
    "\t",
    "\u{e9}",
    "\u{feff}",
    "text",
    ":",
    "-",
    "1",
];

/// `seed` with one to three edits: a piece inserted, a span removed or a span repeated.
fn mutate(seed: &str, random: &mut Random) -> String {
    let mut text = seed.to_owned();
    for _ in 0..=random.below(3) {
        let at = random.boundary(&text);
        match random.below(3) {
            0 => text.insert_str(at, PIECES[random.below(PIECES.len())]),
            1 => {
                let end = random.boundary(&text).max(at);
                let end = (at + (end - at).min(12)).min(text.len());
                let end = (end..=text.len())
                    .find(|end| text.is_char_boundary(*end))
                    .unwrap();
                text.replace_range(at..end, "");
            }
            _ => {
                let end = random.boundary(&text).max(at);
                let span = text[at..end.min(at + 40)].to_owned();
                text.insert_str(at, &span);
            }
        }
    }
    text
}

#[test]
fn the_seeds_read_alike() {
    for seed in SEEDS {
        assert_eq!(
            parse(seed.as_bytes()),
            quick_xml_tree(seed.as_bytes()),
            "{seed}"
        );
    }
}

/// What the reader refuses and quick-xml lets through, each a rule of XML 1.0 that a
/// well-formed document keeps: where the reader refuses a document that quick-xml reads, its
/// message must name one of these.
const STRICTER: &[(&str, &str)] = &[
    (
        "is not a character XML allows",
        "2.2 Characters, WFC: Legal Character",
    ),
    (
        "contains `<`",
        "3.1 Start-Tags, WFC: No < in Attribute Values",
    ),
    (
        "is not an attribute",
        "3.1 Start-Tags: S Attribute (Name Eq AttValue)",
    ),
    (
        "has no `=`",
        "3.1 Start-Tags: Attribute ::= Name Eq AttValue",
    ),
    (
        "unknown entity",
        "4.1 Character and Entity References, WFC: Entity Declared",
    ),
    (
        "starts no reference",
        "2.3 Common Syntactic Constructs: AttValue",
    ),
    (
        "without a target",
        "2.6 Processing Instructions: PI ::= '<?' PITarget",
    ),
];

#[test]
fn mutated_documents_read_alike_or_both_fail() {
    let mut random = Random(0x2545_f491_4f6c_dd1d);
    let (mut accepted, mut refused) = (0, 0);
    let mut stricter = vec![0; STRICTER.len()];
    for round in 0..40_000 {
        let seed = SEEDS[round % SEEDS.len()];
        let document = mutate(seed, &mut random);
        let ours = parse(document.as_bytes());
        let theirs = quick_xml_tree(document.as_bytes());
        match (&ours, &theirs) {
            (Ok(ours), Ok(theirs)) => assert_eq!(ours, theirs, "{document:?}"),
            (Err(_), Err(_)) => {}
            (Err(error), Ok(_)) => {
                let message = error.to_string();
                let rule = STRICTER
                    .iter()
                    .position(|(problem, _)| message.contains(problem))
                    .unwrap_or_else(|| panic!("{document:?}: only the reader refuses it: {error}"));
                stricter[rule] += 1;
            }
            (Ok(_), Err(error)) => panic!("{document:?}: only quick-xml refuses it: {error}"),
        }
        if ours.is_ok() {
            accepted += 1;
        } else {
            refused += 1;
        }
    }
    // Both outcomes are reached often.
    assert!(
        accepted > 5_000 && refused > 5_000,
        "{accepted} / {refused}"
    );
    for ((_, rule), count) in STRICTER.iter().zip(stricter) {
        eprintln!("refused by the reader alone: {count} ({rule})");
    }
}
