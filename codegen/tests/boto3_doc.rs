//! The generator's account of DisassociateWorkspace, written in boto3's documentation syntax,
//! against boto3's own page for it (`shared/docs/disassociate_workspace.boto3.txt`).
//!
//! The syntax blocks must be byte for byte the page's, the bullet trees equal in names, order,
//! nesting, types and `[REQUIRED]` marks. Member order is the model file's because the crate
//! reads JSON with serde_json's `preserve_order`.

use connect_codegen::emit::boto3::{self, DocNode};
use connect_codegen::ir::Index;
use connect_codegen::model::{Model, Shape};
use std::path::Path;
use std::sync::OnceLock;

const MODEL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/models/connect.json"
);
const DOC: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/docs/disassociate_workspace.boto3.txt"
);

/// The model, loaded once for all tests (it is 2.5 MB).
fn model() -> &'static Model {
    static LOADED: OnceLock<Model> = OnceLock::new();
    LOADED.get_or_init(|| {
        let path = Path::new(MODEL);
        assert!(
            path.is_file(),
            "the Connect model is missing: expected it at {MODEL}"
        );
        Model::load(path).unwrap_or_else(|error| panic!("{error}"))
    })
}

fn operation<'m>(index: &Index<'m>) -> &'m Shape {
    index
        .operation("DisassociateWorkspace")
        .unwrap_or_else(|error| panic!("{error}"))
}

fn doc_page() -> Page {
    let text =
        std::fs::read_to_string(DOC).unwrap_or_else(|error| panic!("cannot read {DOC}: {error}"));
    Page::parse(&text)
}

/// The parts of a boto3 page the tests compare.
#[derive(Debug)]
struct Page {
    request_syntax: String,
    parameters: Vec<DocNode>,
    response_syntax: String,
    response_structure: Vec<DocNode>,
}

impl Page {
    fn parse(text: &str) -> Page {
        let lines: Vec<&str> = text.lines().collect();
        let request = section(&lines, "Request Syntax", "Parameters:");
        let response = section(&lines, "Response Syntax", "Response Structure");
        Page {
            request_syntax: code_block(request, "Request Syntax", false),
            parameters: parse_tree(section(&lines, "Parameters:", "Return type:")),
            response_syntax: code_block(response, "Response Syntax", true),
            response_structure: parse_tree(section(&lines, "Response Structure", "Exceptions")),
        }
    }
}

/// The lines strictly between the one line equal to `start` and the next line equal to `end`.
fn section<'a, 'l>(lines: &'l [&'a str], start: &str, end: &str) -> &'l [&'a str] {
    let mut starts = lines.iter().enumerate().filter(|(_, line)| **line == start);
    let first = match (starts.next(), starts.next()) {
        (Some((at, _)), None) => at + 1,
        (None, _) => panic!("no line {start:?} in the page"),
        (Some(_), Some(_)) => panic!("several lines {start:?} in the page"),
    };
    let length = lines[first..]
        .iter()
        .position(|line| *line == end)
        .unwrap_or_else(|| panic!("no line {end:?} after {start:?}"));
    &lines[first..first + length]
}

/// A syntax block: a blank line after the heading, then the code, then (for the response, which
/// is followed by another heading) one blank line.
fn code_block(lines: &[&str], heading: &str, blank_after: bool) -> String {
    let (first, rest) = lines
        .split_first()
        .unwrap_or_else(|| panic!("{heading}: empty"));
    assert!(
        first.is_empty(),
        "{heading}: expected a blank line, found {first:?}"
    );
    let code = if blank_after {
        let (last, code) = rest
            .split_last()
            .unwrap_or_else(|| panic!("{heading}: no code"));
        assert!(
            last.is_empty(),
            "{heading}: expected a blank line, found {last:?}"
        );
        code
    } else {
        rest
    };
    if let Some(blank) = code.iter().find(|line| line.trim().is_empty()) {
        panic!("{heading}: unexpected blank line {blank:?} in the code");
    }
    code.join("\n")
}

/// Parses a bullet tree: `•` bullets at 2 + 2·depth spaces, reading `Name (type) –` or
/// `(type) –`; the lines under a bullet, 2 deeper, start with `[REQUIRED]` when it is required.
fn parse_tree(lines: &[&str]) -> Vec<DocNode> {
    fn close(open: &mut Vec<DocNode>, roots: &mut Vec<DocNode>) {
        if let Some(node) = open.pop() {
            match open.last_mut() {
                Some(parent) => parent.children.push(node),
                None => roots.push(node),
            }
        }
    }
    let mut roots = Vec::new();
    // The bullets from the root to the current one: `open[d]` is at depth d.
    let mut open: Vec<DocNode> = Vec::new();
    let mut has_text = false;
    for line in lines.iter().filter(|line| !line.trim().is_empty()) {
        let spaces = indentation(line);
        let rest = &line[spaces..];
        if let Some(label) = rest.strip_prefix("• ") {
            assert!(
                spaces >= 2 && spaces % 2 == 0 && spaces / 2 - 1 <= open.len(),
                "bullet at an unexpected indentation: {line:?}"
            );
            while open.len() > spaces / 2 - 1 {
                close(&mut open, &mut roots);
            }
            open.push(parse_label(label, line));
            has_text = false;
        } else {
            assert_eq!(
                spaces,
                2 * open.len() + 2,
                "text not indented under its bullet: {line:?}"
            );
            let current = open
                .last_mut()
                .unwrap_or_else(|| panic!("text before the first bullet: {line:?}"));
            if rest == "[REQUIRED]" {
                assert!(
                    !has_text,
                    "[REQUIRED] after other text of the bullet: {line:?}"
                );
                current.required = true;
            }
            has_text = true;
        }
    }
    while !open.is_empty() {
        close(&mut open, &mut roots);
    }
    roots
}

fn parse_label(label: &str, line: &str) -> DocNode {
    fn bad(line: &str) -> ! {
        panic!("expected `Name (type) –` or `(type) –`: {line:?}")
    }
    let head = label.strip_suffix(" –").unwrap_or_else(|| bad(line));
    let (name, type_name) = match head.strip_prefix('(') {
        Some(type_name) => (None, type_name),
        None => {
            let (name, type_name) = head.split_once(" (").unwrap_or_else(|| bad(line));
            (Some(name), type_name)
        }
    };
    let type_name = type_name.strip_suffix(')').unwrap_or_else(|| bad(line));
    let name_ok =
        name.is_none_or(|name| !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric()));
    if !name_ok || type_name.is_empty() || !type_name.chars().all(|c| c.is_ascii_lowercase()) {
        bad(line);
    }
    DocNode {
        name: name.map(str::to_owned),
        type_name: type_name.to_owned(),
        required: false,
        children: Vec::new(),
    }
}

fn indentation(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

#[test]
fn page_snapshot() {
    let index = Index::new(model());
    insta::assert_snapshot!(
        "disassociate_workspace",
        boto3::render_operation(&index, operation(&index))
    );
}

#[test]
fn syntax_blocks_match_the_doc() {
    let index = Index::new(model());
    let operation = operation(&index);
    let page = doc_page();
    assert_eq!(
        boto3::request_syntax(&index, operation),
        page.request_syntax
    );
    assert_eq!(
        boto3::response_syntax(&index, operation),
        page.response_syntax
    );
}

#[test]
fn trees_match_the_doc() {
    let index = Index::new(model());
    let operation = operation(&index);
    let page = doc_page();
    // Guard against a parser that reads nothing: the page's trees as seen by eye.
    assert_eq!(page.parameters.len(), 3);
    assert!(page.parameters.iter().all(|node| node.required));
    assert_eq!(page.parameters[2].children.len(), 1);
    assert_eq!(page.response_structure.len(), 1);
    assert_eq!(page.response_structure[0].children.len(), 2);
    assert_eq!(boto3::parameters(&index, operation), page.parameters);
    assert_eq!(
        boto3::response_structure(&index, operation),
        page.response_structure
    );
}

/// The comparisons are not vacuous: one change anywhere makes them differ.
#[test]
fn comparisons_catch_differences() {
    let index = Index::new(model());
    let operation = operation(&index);
    let page = doc_page();

    let ours = boto3::parameters(&index, operation);
    let mut flipped = page.parameters.clone();
    flipped[1].required = false;
    assert_ne!(ours, flipped);
    let mut item = page.parameters.clone();
    item[2].children[0].type_name = "integer".into();
    assert_ne!(ours, item);
    let mut reordered = page.parameters.clone();
    reordered.swap(1, 2);
    assert_ne!(ours, reordered);

    let ours = boto3::response_structure(&index, operation);
    let mut renamed = page.response_structure.clone();
    renamed[0].children[1].children[0].children[1].name = Some("ErrorCodes".into());
    assert_ne!(ours, renamed);
    let mut pruned = page.response_structure.clone();
    pruned[0].children[0].children[0].children.pop();
    assert_ne!(ours, pruned);

    let ours = boto3::request_syntax(&index, operation);
    assert_ne!(ours, page.request_syntax.replacen("'string'", "123", 1));
    assert_ne!(
        ours,
        page.request_syntax
            .replacen("        'string',", "      'string',", 1)
    );
    let ours = boto3::response_syntax(&index, operation);
    assert_ne!(
        ours,
        page.response_syntax
            .replacen("'ErrorMessage': 'string'", "'ErrorMessage': 'string',", 1)
    );
}

/// The page `render_operation` writes has the layout of boto3's: read back with the same
/// parser, it gives what the functions return.
#[test]
fn rendered_page_reads_back() {
    let index = Index::new(model());
    let operation = operation(&index);
    let page = Page::parse(&boto3::render_operation(&index, operation));
    assert_eq!(
        page.request_syntax,
        boto3::request_syntax(&index, operation)
    );
    assert_eq!(
        page.response_syntax,
        boto3::response_syntax(&index, operation)
    );
    assert_eq!(page.parameters, boto3::parameters(&index, operation));
    assert_eq!(
        page.response_structure,
        boto3::response_structure(&index, operation)
    );
}
