//! A data collection's files, as Nuxt Content reads them: a YAML file through the same
//! reader as frontmatter (dotted keys unflattened), a JSON file as `JSON.parse` reads it, a
//! CSV file's rows (`csv.rs`). A file whose top level is a list is one item whose `body` is
//! that list, as Nuxt Content makes it (with a warning of its own); nothing at all is an empty
//! item; a lone scalar is no item.

use serde_json::{Map, Value};

use super::locator::{Locator, Node};
use super::yaml::load_yaml;
use super::{DataFormat, LoadError, Page};
use crate::source::SourceFile;

/// The items of a data file. `csv_rows`: the collection's source is this one CSV file, whose
/// every row Nuxt Content makes an item (a glob of CSV files makes each file one item).
pub fn load_data(
    format: DataFormat,
    src: &SourceFile,
    csv_rows: bool,
) -> Result<Vec<Page>, LoadError> {
    match format {
        DataFormat::Yaml => yaml_item(src).map(|p| vec![p]),
        DataFormat::Json => json_item(src).map(|p| vec![p]),
        DataFormat::Csv => super::csv::items(src, csv_rows),
    }
}

fn yaml_item(src: &SourceFile) -> Result<Page, LoadError> {
    if let Some((at, c)) = super::frontmatter::forbidden_character(&src.text) {
        return Err(LoadError::new(
            format!(
                "invalid YAML: the control character U+{:04X} is not allowed in YAML",
                c as u32
            ),
            at..at + c.len_utf8(),
        ));
    }
    let (mut value, mut locator, dotted) = load_yaml(src, 0..src.text.len())?;
    let dropped = match dotted {
        true => super::unflatten::unflatten(&mut value, &mut locator),
        false => Vec::new(),
    };
    let (value, locator) = as_item(value, locator, src)?;
    Ok(Page::data(value, locator, dropped))
}

fn json_item(src: &SourceFile) -> Result<Page, LoadError> {
    let value: Value = serde_json::from_str(&src.text).map_err(|e| {
        // serde_json counts lines from 1 and columns in bytes from 1.
        let at = src.line_start(e.line().saturating_sub(1)) + e.column().saturating_sub(1);
        let at = src
            .snap(at.min(src.text.len())..at.min(src.text.len()))
            .start;
        LoadError::new(format!("invalid JSON: {}", json_error(&e)), at..at)
    })?;
    // JSON is YAML too: the YAML reader says where each key and value is written. Where it
    // cannot (a tab where YAML wants none), findings fall back to the file's start.
    let locator = load_yaml(src, 0..src.text.len())
        .map(|(_, locator, _)| locator)
        .unwrap_or_default();
    let (value, locator) = as_item(value, locator, src)?;
    Ok(Page::data(value, locator, Vec::new()))
}

/// The item Nuxt Content makes of a file's top-level value.
fn as_item(
    value: Value,
    locator: Locator,
    src: &SourceFile,
) -> Result<(Value, Locator), LoadError> {
    match value {
        Value::Object(_) => Ok((value, locator)),
        Value::Null => Ok((Value::Object(Map::new()), locator)),
        Value::Array(_) => {
            let mut moved = Locator::with_capacity(locator.len() + 1);
            for (pointer, node) in locator.iter() {
                moved.insert(format!("/body{pointer}"), node.clone());
            }
            moved.insert(
                String::new(),
                Node {
                    key: None,
                    value: 0..src.text.len(),
                    style: None,
                },
            );
            let mut item = Map::new();
            item.insert("body".into(), value);
            Ok((Value::Object(item), moved))
        }
        other => Err(LoadError::new(
            format!(
                "a data file holds a mapping or a list: this one holds {}",
                match other {
                    Value::String(_) => "a string",
                    Value::Number(_) => "a number",
                    _ => "a boolean",
                }
            ),
            0..src
                .text
                .len()
                .min(src.text.find('\n').unwrap_or(src.text.len())),
        )),
    }
}

/// serde_json's message without its own "at line L column C" (the finding has the place).
fn json_error(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}
