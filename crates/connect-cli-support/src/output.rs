//! Printing an output: pretty JSON, or tables.

use connect_runtime::{DateTime, TimestampFormat};
use serde_json::{Map, Value};
use std::fmt::Write;

/// Rewrites the epoch seconds at each of `paths` (member names, `[]` for every item of a list,
/// `{}` for every value of a map) as ISO 8601 text, `2023-11-14T22:13:20Z`, as the AWS CLI
/// prints timestamps.
pub fn iso_timestamps(output: &mut Value, paths: &[&[&str]]) {
    for path in paths {
        rewrite(output, path);
    }
}

fn rewrite(value: &mut Value, path: &[&str]) {
    let Some((step, rest)) = path.split_first() else {
        if let Value::Number(number) = value {
            let text = number.to_string();
            let date = DateTime::from_str(&text, TimestampFormat::EpochSeconds)
                .ok()
                .and_then(|date| date.fmt(TimestampFormat::DateTime).ok());
            if let Some(date) = date {
                *value = Value::String(date);
            }
        }
        return;
    };
    match (*step, value) {
        ("[]", Value::Array(items)) => items.iter_mut().for_each(|item| rewrite(item, rest)),
        ("{}", Value::Object(map)) => map.values_mut().for_each(|item| rewrite(item, rest)),
        (name, Value::Object(members)) => {
            if let Some(member) = members.get_mut(name) {
                rewrite(member, rest);
            }
        }
        _ => {}
    }
}

/// The output as pretty JSON, members in the model's order, with a final newline.
pub fn json(output: &Value) -> String {
    let mut text = serde_json::to_string_pretty(output).unwrap_or_else(|_| output.to_string());
    text.push('\n');
    text
}

/// The output as tables: one key/value table for the scalar members of a structure (lists of
/// scalars joined with `, `), one table with a column per scalar member for a list of
/// structures, and a titled section for each nested structure (`Title.Member`,
/// `Title.List[2].Member`). An empty output prints nothing.
pub fn table(title: &str, output: &Value) -> String {
    let mut out = String::new();
    section(title, output, &mut out);
    out
}

fn section(title: &str, value: &Value, out: &mut String) {
    match value {
        Value::Object(members) => object(title, members, out),
        Value::Array(items) if items.iter().any(Value::is_object) => list(title, items, out),
        scalar => grid(title, &[], &[vec![cell(scalar)]], out),
    }
}

fn object(title: &str, members: &Map<String, Value>, out: &mut String) {
    let rows: Vec<Vec<String>> = members
        .iter()
        .filter(|(_, value)| is_cell(value))
        .map(|(name, value)| vec![name.clone(), cell(value)])
        .collect();
    if !rows.is_empty() {
        grid(title, &[], &rows, out);
    }
    for (name, value) in members.iter().filter(|(_, value)| !is_cell(value)) {
        section(&format!("{title}.{name}"), value, out);
    }
}

fn list(title: &str, items: &[Value], out: &mut String) {
    let mut columns: Vec<&str> = Vec::new();
    for item in items {
        if let Value::Object(members) = item {
            for (name, value) in members {
                if is_cell(value) && !columns.contains(&name.as_str()) {
                    columns.push(name);
                }
            }
        }
    }
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|item| match item {
            Value::Object(members) => columns
                .iter()
                .map(|column| members.get(*column).map(cell).unwrap_or_default())
                .collect(),
            scalar => vec![cell(scalar)],
        })
        .collect();
    if !columns.is_empty() {
        grid(title, &columns, &rows, out);
    }
    for (index, item) in items.iter().enumerate() {
        if let Value::Object(members) = item {
            for (name, value) in members.iter().filter(|(_, value)| !is_cell(value)) {
                section(&format!("{title}[{index}].{name}"), value, out);
            }
        }
    }
}

/// Scalars, and lists of scalars, fit in a cell.
fn is_cell(value: &Value) -> bool {
    match value {
        Value::Object(_) => false,
        Value::Array(items) => !items.iter().any(|item| item.is_object() || item.is_array()),
        _ => true,
    }
}

fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => text.replace(['\n', '\r', '\t'], " "),
        Value::Array(items) => items.iter().map(cell).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

/// A titled table: an optional header row, then the rows.
fn grid(title: &str, header: &[&str], rows: &[Vec<String>], out: &mut String) {
    let count = rows
        .iter()
        .map(Vec::len)
        .chain([header.len()])
        .max()
        .unwrap_or(0);
    let mut widths = vec![0; count];
    let all = rows
        .iter()
        .map(|row| row.iter().map(String::as_str).collect::<Vec<_>>())
        .chain([header.to_vec()]);
    for row in all {
        for (width, text) in widths.iter_mut().zip(row) {
            *width = (*width).max(text.chars().count());
        }
    }
    let rule = {
        let mut rule = String::from("+");
        for width in &widths {
            rule.push_str(&"-".repeat(width + 2));
            rule.push('+');
        }
        rule
    };
    let line = |out: &mut String, row: &[&str]| {
        out.push('|');
        for (index, width) in widths.iter().enumerate() {
            let text = row.get(index).copied().unwrap_or("");
            let pad = width - text.chars().count();
            let _ = write!(out, " {text}{} |", " ".repeat(pad));
        }
        out.push('\n');
    };
    let _ = writeln!(out, "{title}\n{rule}");
    if !header.is_empty() {
        line(out, header);
        let _ = writeln!(out, "{rule}");
    }
    for row in rows {
        line(out, &row.iter().map(String::as_str).collect::<Vec<_>>());
    }
    let _ = writeln!(out, "{rule}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_of_structures_is_a_table_with_a_column_per_member() {
        let output: Value = serde_json::from_str(
            r#"{"NextToken":"t","Users":[{"Id":"1","Name":"ana","Tags":{"a":"b"}},{"Id":"22","Groups":["x","y"]}]}"#,
        )
        .unwrap();
        let text = table("ListUsers", &output);
        assert_eq!(
            text,
            "ListUsers\n\
             +-----------+---+\n\
             | NextToken | t |\n\
             +-----------+---+\n\
             ListUsers.Users\n\
             +----+------+--------+\n\
             | Id | Name | Groups |\n\
             +----+------+--------+\n\
             | 1  | ana  |        |\n\
             | 22 |      | x, y   |\n\
             +----+------+--------+\n\
             ListUsers.Users[0].Tags\n\
             +---+---+\n\
             | a | b |\n\
             +---+---+\n"
        );
    }

    #[test]
    fn epoch_seconds_at_the_paths_become_iso_8601() {
        let mut output: Value = serde_json::from_str(
            r#"{"At":1700000000,"List":[{"At":1700000000.5},{"At":"2023-11-14T22:13:20Z"}],
                "Map":{"a":[1700000000]},"Other":1700000000}"#,
        )
        .unwrap();
        iso_timestamps(
            &mut output,
            &[
                &["At"],
                &["List", "[]", "At"],
                &["Map", "{}", "[]"],
                &["Absent", "At"],
            ],
        );
        let expected: Value = serde_json::from_str(
            r#"{"At":"2023-11-14T22:13:20Z","List":[{"At":"2023-11-14T22:13:20.5Z"},
                {"At":"2023-11-14T22:13:20Z"}],"Map":{"a":["2023-11-14T22:13:20Z"]},"Other":1700000000}"#,
        )
        .unwrap();
        assert_eq!(output, expected);
    }

    #[test]
    fn an_empty_output_prints_nothing_and_json_is_pretty() {
        assert_eq!(table("DeleteUser", &Value::Object(Map::new())), "");
        let output: Value = serde_json::from_str(r#"{"B":1,"A":[true]}"#).unwrap();
        assert_eq!(
            json(&output),
            "{\n  \"B\": 1,\n  \"A\": [\n    true\n  ]\n}\n"
        );
    }
}
