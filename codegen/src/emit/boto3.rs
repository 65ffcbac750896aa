//! An operation's request and response shapes written the way boto3 documents them.
//!
//! boto3's pages are the reference users already read, and a published page is an independent
//! account of the same model: rendering what the generator knows in boto3's exact syntax lets a
//! test compare the two. The layout follows botocore's documenters (`botocore/docs/example.py`
//! for the syntax blocks, `botocore/docs/params.py` for the bullet trees), quirks included;
//! `tests/boto3_every_operation.rs` compares every operation of Connect and its family with
//! what botocore's documentation generator writes.
//!
//! Members come in the parsed model's order, which is the model file's (and boto3's) as long as
//! serde_json's `preserve_order` feature is on; nothing here sorts.

use crate::ir::Index;
use crate::model::{Member, Model, Operation, Shape, ShapeKind, Simple};
use crate::render::docs::html_to_markdown;
use heck::ToSnakeCase;
use std::fmt::Write as _;

/// One bullet of boto3's "Parameters" or "Response Structure" tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocNode {
    /// The member name; `None` for list items, map keys and values, and the response root, which
    /// boto3 writes as a bare `(string) –`.
    pub name: Option<String>,
    /// boto3's Python type name: `string`, `integer`, `float`, `boolean`, `datetime`, `bytes`,
    /// `document`, `list` or `dict`.
    pub type_name: String,
    /// Whether boto3 marks the member `[REQUIRED]` (request members only).
    pub required: bool,
    /// Nested bullets: structure members, the list item, or a map's key (which holds the value).
    pub children: Vec<DocNode>,
}

/// boto3's "Request Syntax" block, e.g. `response = client.disassociate_workspace(` ... `)`,
/// without a trailing newline.
///
/// # Panics
///
/// If `operation` is not an operation shape.
pub fn request_syntax(index: &Index, operation: &Shape) -> String {
    let model = index.model();
    let input = model.shape(&io(operation).input);
    let mut out = format!("response = client.{}(", operation.name().to_snake_case());
    if input.members().is_empty() {
        out.push(')');
        return out;
    }
    let mut writer = Example {
        model,
        history: vec![input.id.as_str()],
        request: true,
    };
    out.push('\n');
    // The call's keyword arguments are laid out like a structure's members, with `Name=` for
    // `'Name': ` and parentheses for braces (botocore's RequestExampleDocumenter).
    for (position, member) in input.members().iter().enumerate() {
        out.push_str(&indent(1));
        out.push_str(&member.name);
        out.push('=');
        writer.value(&mut out, &member.target, 1);
        if position + 1 < input.members().len() {
            out.push(',');
        }
        out.push('\n');
    }
    out.push(')');
    docutils_lines(&out)
}

/// boto3's "Response Syntax" block: a dict literal of the output members, without a trailing
/// newline. Empty when the output is `smithy.api#Unit`, for which boto3 documents no response.
///
/// # Panics
///
/// If `operation` is not an operation shape.
pub fn response_syntax(index: &Index, operation: &Shape) -> String {
    let output = &io(operation).output;
    let mut out = String::new();
    if !index.model().is_unit_io(output) {
        let mut writer = Example {
            model: index.model(),
            history: Vec::new(),
            request: false,
        };
        writer.value(&mut out, output, 0);
    }
    out
}

/// boto3's "Parameters" tree: one node per input member, `required` as the model says.
///
/// # Panics
///
/// If `operation` is not an operation shape.
pub fn parameters(index: &Index, operation: &Shape) -> Vec<DocNode> {
    parameter_entries(index.model(), operation)
        .iter()
        .map(Entry::node)
        .collect()
}

/// boto3's "Response Structure" tree: a single `(dict)` root holding the output members, or no
/// node when the output is `smithy.api#Unit`.
///
/// # Panics
///
/// If `operation` is not an operation shape.
pub fn response_structure(index: &Index, operation: &Shape) -> Vec<DocNode> {
    response_entries(index.model(), operation)
        .iter()
        .map(Entry::node)
        .collect()
}

/// The whole boto3 page of `operation` as text, in the page's section order and wording:
/// heading, description, "Request Syntax", "Parameters:", "Return type:", "Response Syntax",
/// "Response Structure" and "Exceptions". Descriptions are the model's, as Markdown.
///
/// # Panics
///
/// If `operation` is not an operation shape.
pub fn render_operation(index: &Index, operation: &Shape) -> String {
    let model = index.model();
    let op = io(operation);
    let client = client_name(model);
    let method = operation.name().to_snake_case();
    let mut out = format!(
        "{client} / Client / {method}\n\n{method}\n\n{client}.Client.{method}(**kwargs)\n\n"
    );
    for paragraph in paragraphs(operation.traits.documentation.as_deref()) {
        out.push_str(&paragraph);
        out.push_str("\n\n");
    }
    out.push_str("See also: AWS API Documentation\n\nRequest Syntax\n\n");
    out.push_str(&request_syntax(index, operation));
    out.push('\n');
    let parameters = parameter_entries(model, operation);
    if !parameters.is_empty() {
        out.push_str("Parameters:\n");
        for entry in &parameters {
            entry.render(&mut out, 0);
        }
    }
    if model.is_unit_io(&op.output) {
        out.push_str("Return type:\n\nNone\n\nReturns:\n\nNone\n\n");
    } else {
        out.push_str("Return type:\n\ndict\n\nReturns:\n\nResponse Syntax\n\n");
        out.push_str(&response_syntax(index, operation));
        out.push_str("\n\nResponse Structure\n\n");
        for entry in &response_entries(model, operation) {
            entry.render(&mut out, 0);
        }
    }
    out.push_str("Exceptions\n\n");
    for error in &op.errors {
        let _ = writeln!(
            out,
            "  • {client}.Client.exceptions.{}",
            crate::model::name_of(error)
        );
    }
    out
}

fn io(operation: &Shape) -> &Operation {
    match &operation.kind {
        ShapeKind::Operation(op) => op,
        _ => panic!("`{}` is not an operation", operation.id),
    }
}

/// boto3's client class: the service's `sdkId` without spaces (`Connect`).
fn client_name(model: &Model) -> String {
    let service = model.service_shape();
    service.traits.aws_service.as_ref().map_or_else(
        || service.name().to_owned(),
        |aws| aws.sdk_id.replace(' ', ""),
    )
}

fn indent(level: usize) -> String {
    " ".repeat(4 * level)
}

/// A syntax block as the page shows it: botocore's text is reStructuredText, whose literal
/// blocks docutils reads line by line with trailing whitespace removed.
fn docutils_lines(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    lines.join("\n")
}

/// Writes example values (botocore's `BaseExampleDocumenter`).
struct Example<'m> {
    model: &'m Model,
    /// The shapes on the path from the root: a shape met again is recursive.
    history: Vec<&'m str>,
    /// Request Syntax (botocore's `RequestExampleDocumenter`) rather than Response Syntax.
    request: bool,
}

impl<'m> Example<'m> {
    /// Writes the value of shape `id`, whose first line is already indented to `level`.
    fn value(&mut self, out: &mut String, id: &'m str, level: usize) {
        if self.history.contains(&id) {
            out.push_str("{'... recursive ...'}");
            return;
        }
        self.history.push(id);
        let shape = self.model.shape(id);
        match &shape.kind {
            ShapeKind::Simple(simple) => out.push_str(simple_example(*simple)),
            ShapeKind::IntEnum(_) => out.push_str("123"),
            ShapeKind::Enum(members) => {
                let values: Vec<String> = members
                    .iter()
                    .map(|member| format!("'{}'", enum_value(member)))
                    .collect();
                out.push_str(&values.join("|"));
            }
            ShapeKind::List(item) => {
                // boto3 shows one item, always followed by a comma.
                out.push_str("[\n");
                out.push_str(&indent(level + 1));
                self.value(out, &item.target, level + 1);
                out.push_str(",\n");
                out.push_str(&indent(level));
                out.push(']');
            }
            ShapeKind::Map(_, value) => {
                // boto3 writes every key as `'string'`, whatever the key shape.
                out.push_str("{\n");
                out.push_str(&indent(level + 1));
                out.push_str("'string': ");
                self.value(out, &value.target, level + 1);
                out.push('\n');
                out.push_str(&indent(level));
                out.push('}');
            }
            ShapeKind::Structure(members) | ShapeKind::Union(members) if members.is_empty() => {
                out.push_str("{}");
                if self.request {
                    // botocore's request documenter opens the structure (`{`, a line break at
                    // the members' indentation), then, finding no member, replaces the text
                    // with `{}` and closes it as usual: a line break back at this level. What
                    // follows, a comma or the closing bracket's line break, comes after it.
                    out.push('\n');
                    out.push_str(&indent(level));
                }
            }
            ShapeKind::Structure(members) | ShapeKind::Union(members) => {
                out.push_str("{\n");
                for (position, member) in members.iter().enumerate() {
                    out.push_str(&indent(level + 1));
                    let _ = write!(out, "'{}': ", member.name);
                    self.value(out, &member.target, level + 1);
                    if position + 1 < members.len() {
                        out.push(',');
                    }
                    out.push('\n');
                }
                out.push_str(&indent(level));
                out.push('}');
            }
            // Model::parse only lets members target values.
            ShapeKind::Operation(_) | ShapeKind::Service(_) | ShapeKind::Resource(_) => {}
        }
        self.history.pop();
    }
}

fn simple_example(simple: Simple) -> &'static str {
    match simple {
        Simple::String => "'string'",
        Simple::Boolean => "True|False",
        Simple::Byte | Simple::Short | Simple::Integer | Simple::Long | Simple::BigInteger => "123",
        // botocore's `py_default` has an example for `double` and none for `float`, which it
        // writes as its fallback, `...`.
        Simple::Float => "...",
        Simple::Double | Simple::BigDecimal => "123.0",
        Simple::Timestamp => "datetime(2015, 1, 1)",
        Simple::Blob => "b'bytes'",
        Simple::Document => "{...}|[...]|123|123.4|'string'|True|None",
    }
}

/// A string enum member's value: `enumValue`, or the member name when the trait is absent.
fn enum_value(member: &Member) -> &str {
    member
        .traits
        .enum_value
        .as_ref()
        .and_then(|value| value.as_str())
        .unwrap_or(&member.name)
}

/// boto3's type name of shape `shape` (botocore's `py_type_name`).
fn type_name(shape: &Shape) -> &'static str {
    match &shape.kind {
        ShapeKind::Simple(simple) => match simple {
            Simple::String => "string",
            Simple::Boolean => "boolean",
            Simple::Byte | Simple::Short | Simple::Integer | Simple::Long | Simple::BigInteger => {
                "integer"
            }
            Simple::Float | Simple::Double | Simple::BigDecimal => "float",
            Simple::Timestamp => "datetime",
            Simple::Blob => "bytes",
            Simple::Document => "document",
        },
        ShapeKind::IntEnum(_) => "integer",
        ShapeKind::Enum(_) => "string",
        ShapeKind::List(_) => "list",
        ShapeKind::Map(..) | ShapeKind::Structure(_) | ShapeKind::Union(_) => "dict",
        ShapeKind::Operation(_) | ShapeKind::Service(_) | ShapeKind::Resource(_) => "",
    }
}

/// A tree node with the text boto3 prints under its bullet.
struct Entry {
    name: Option<String>,
    type_name: &'static str,
    required: bool,
    /// Paragraphs of Markdown.
    text: Vec<String>,
    children: Vec<Entry>,
}

impl Entry {
    fn node(&self) -> DocNode {
        DocNode {
            name: self.name.clone(),
            type_name: self.type_name.to_owned(),
            required: self.required,
            children: self.children.iter().map(Entry::node).collect(),
        }
    }

    /// Writes the bullet at `depth`: bullets sit at 2 + 2·depth spaces, their text 2 deeper,
    /// every block followed by a blank line, as the page's text shows them.
    fn render(&self, out: &mut String, depth: usize) {
        let bullet = " ".repeat(2 + 2 * depth);
        let body = " ".repeat(4 + 2 * depth);
        out.push_str(&bullet);
        out.push_str("• ");
        if let Some(name) = &self.name {
            out.push_str(name);
            out.push(' ');
        }
        let _ = write!(out, "({}) –\n\n", self.type_name);
        if self.required {
            let _ = write!(out, "{body}[REQUIRED]\n\n");
        }
        for paragraph in &self.text {
            for line in paragraph.lines() {
                if !line.is_empty() {
                    out.push_str(&body);
                    out.push_str(line);
                }
                out.push('\n');
            }
            out.push('\n');
        }
        for child in &self.children {
            child.render(out, depth + 1);
        }
    }
}

fn paragraphs(html: Option<&str>) -> Vec<String> {
    html.map(html_to_markdown)
        .filter(|text| !text.is_empty())
        .into_iter()
        .collect()
}

fn parameter_entries(model: &Model, operation: &Shape) -> Vec<Entry> {
    let input = model.shape(&io(operation).input);
    let mut tree = Tree {
        model,
        history: vec![input.id.as_str()],
        request: true,
    };
    tree.members(input.members())
}

fn response_entries(model: &Model, operation: &Shape) -> Vec<Entry> {
    let output = &io(operation).output;
    if model.is_unit_io(output) {
        return Vec::new();
    }
    let shape = model.shape(output);
    let mut tree = Tree {
        model,
        history: vec![shape.id.as_str()],
        request: false,
    };
    vec![Entry {
        name: None,
        type_name: "dict",
        required: false,
        text: paragraphs(shape.traits.documentation.as_deref()),
        children: tree.members(shape.members()),
    }]
}

/// Builds bullet trees (botocore's `RequestParamsDocumenter` / `ResponseParamsDocumenter`).
struct Tree<'m> {
    model: &'m Model,
    /// The shapes on the path from the root: a shape met again is recursive.
    history: Vec<&'m str>,
    /// Request trees mark required members; response trees never do.
    request: bool,
}

impl<'m> Tree<'m> {
    fn members(&mut self, members: &'m [Member]) -> Vec<Entry> {
        members
            .iter()
            .map(|member| {
                let required = self.request && member.traits.required;
                self.entry(Some(&member.name), member, required)
            })
            .collect()
    }

    fn entry(&mut self, name: Option<&str>, member: &'m Member, required: bool) -> Entry {
        let shape = self.model.shape(&member.target);
        let documentation = member
            .traits
            .documentation
            .as_deref()
            .or(shape.traits.documentation.as_deref());
        let mut text = paragraphs(documentation);
        if member.traits.idempotency_token {
            text.push("This field is autopopulated if not provided.".into());
        }
        let mut entry = Entry {
            name: name.map(str::to_owned),
            type_name: type_name(shape),
            required,
            text,
            children: Vec::new(),
        };
        if self.history.contains(&shape.id.as_str()) {
            // botocore documents a recursive member without children and without passing its
            // required flag on, so the page shows no `[REQUIRED]` for it.
            entry.required = false;
            return entry;
        }
        self.history.push(&shape.id);
        entry.children = match &shape.kind {
            ShapeKind::List(item) => vec![self.entry(None, item, false)],
            ShapeKind::Map(key, value) => {
                // The value's bullet is nested under the key's.
                let mut key = self.entry(None, key, false);
                key.children = vec![self.entry(None, value, false)];
                vec![key]
            }
            ShapeKind::Structure(members) | ShapeKind::Union(members) => self.members(members),
            _ => Vec::new(),
        };
        self.history.pop();
        entry
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// Every kind of value, with member names in alphabetical order so that the expected text
    /// does not depend on whether the parsed model keeps the JSON order.
    const MODEL: &str = r#"{"smithy": "2.0", "shapes": {
        "a#S": {"type": "service", "operations": [{"target": "a#GetThing"}]},
        "a#GetThing": {"type": "operation", "input": {"target": "a#In"}},
        "a#In": {"type": "structure", "traits": {"smithy.api#input": {}}, "members": {
            "Blob": {"target": "smithy.api#Blob"},
            "Bool": {"target": "smithy.api#Boolean"},
            "Color": {"target": "a#Color", "traits": {"smithy.api#required": {}}},
            "Count": {"target": "smithy.api#Long"},
            "Empty": {"target": "a#Empty"},
            "Level": {"target": "a#Level"},
            "Node": {"target": "a#Node"},
            "Rate": {"target": "smithy.api#Float"},
            "Ratio": {"target": "smithy.api#Double"},
            "Tags": {"target": "a#Tags"},
            "When": {"target": "smithy.api#Timestamp"}
        }},
        "a#Color": {"type": "enum", "members": {
            "BLUE": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "blue"}},
            "RED": {"target": "smithy.api#Unit"}
        }},
        "a#Level": {"type": "intEnum", "members": {
            "HIGH": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": 2}}
        }},
        "a#Empty": {"type": "structure", "members": {}},
        "a#Node": {"type": "union", "members": {
            "Children": {"target": "a#Nodes"},
            "Leaf": {"target": "smithy.api#String"}
        }},
        "a#Nodes": {"type": "list", "member": {"target": "a#Node"}},
        "a#Tags": {"type": "map", "key": {"target": "a#Color"}, "value": {"target": "a#Nodes"}}
    }}"#;

    fn model() -> Model {
        Model::parse(Path::new("model.json"), MODEL.as_bytes()).unwrap()
    }

    #[test]
    fn request_syntax_covers_every_value_kind() {
        let model = model();
        let index = Index::new(&model);
        let operation = index.operation("GetThing").unwrap();
        let expected = "\
response = client.get_thing(
    Blob=b'bytes',
    Bool=True|False,
    Color='blue'|'RED',
    Count=123,
    Empty={}
    ,
    Level=123,
    Node={
        'Children': [
            {'... recursive ...'},
        ],
        'Leaf': 'string'
    },
    Rate=...,
    Ratio=123.0,
    Tags={
        'string': [
            {
                'Children': {'... recursive ...'},
                'Leaf': 'string'
            },
        ]
    },
    When=datetime(2015, 1, 1)
)";
        assert_eq!(request_syntax(&index, operation), expected);
        // No output: boto3 documents no response.
        assert_eq!(response_syntax(&index, operation), "");
        assert!(response_structure(&index, operation).is_empty());
    }

    /// The generator gives every operation an input and output of its own, copying a structure
    /// the model does not mark `@output`: the copy is documented like the original (botocore's
    /// model has the original), an empty one as `{}`; only `Unit` means no response.
    #[test]
    fn outputs_copied_or_empty_are_documented() {
        let model = Model::parse(
            Path::new("model.json"),
            br#"{"smithy": "2.0", "shapes": {
                "a#S": {"type": "service", "operations": [
                    {"target": "a#Get"}, {"target": "a#Put"}, {"target": "a#Touch"}
                ]},
                "a#Get": {"type": "operation", "output": {"target": "a#Out"}},
                "a#Put": {"type": "operation", "output": {"target": "a#Nothing"}},
                "a#Touch": {"type": "operation"},
                "a#Out": {"type": "structure", "members": {"Id": {"target": "smithy.api#String"}}},
                "a#Nothing": {"type": "structure", "members": {}}
            }}"#,
        )
        .unwrap();
        let index = Index::new(&model);
        let syntax = |name: &str| response_syntax(&index, index.operation(name).unwrap());
        assert_eq!(syntax("Get"), "{\n    'Id': 'string'\n}");
        assert_eq!(syntax("Put"), "{}");
        assert_eq!(syntax("Touch"), "");
        let tree = response_structure(&index, index.operation("Put").unwrap());
        assert_eq!(tree.len(), 1);
        assert!(response_structure(&index, index.operation("Touch").unwrap()).is_empty());
    }

    #[test]
    fn parameters_nest_lists_maps_and_stop_at_recursion() {
        let model = model();
        let index = Index::new(&model);
        let operation = index.operation("GetThing").unwrap();
        let node = |name: Option<&str>, type_name: &str, children: Vec<DocNode>| DocNode {
            name: name.map(str::to_owned),
            type_name: type_name.to_owned(),
            required: false,
            children,
        };
        // The recursion stops at the first shape met again: the union at the top level, the
        // list inside the map.
        let union = |children: Vec<DocNode>| {
            node(
                None,
                "dict",
                vec![
                    node(Some("Children"), "list", children),
                    node(Some("Leaf"), "string", vec![]),
                ],
            )
        };
        let tree = parameters(&index, operation);
        let color = &tree[2];
        assert_eq!(
            (
                color.name.as_deref(),
                color.type_name.as_str(),
                color.required
            ),
            (Some("Color"), "string", true)
        );
        assert_eq!(tree[5].type_name, "integer");
        assert_eq!(tree[7].type_name, "float");
        assert_eq!(tree[8].type_name, "float");
        assert_eq!(tree[10].type_name, "datetime");
        assert_eq!(
            tree[6].children,
            union(vec![node(None, "dict", vec![])]).children
        );
        assert_eq!(
            tree[9].children,
            vec![node(
                None,
                "string",
                vec![node(None, "list", vec![union(vec![])])]
            )]
        );
    }
}
