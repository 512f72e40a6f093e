//! A CSV file as Nuxt Content reads it (its `csv` transformer: comma-separated, the first
//! row naming the columns, `"` quoting with `""` for a quote, every cell and column name
//! trimmed as JavaScript's `trim()` trims, a byte order mark with it), with where each cell is
//! written. Each row is an object of its cells by column name, every value a string; an empty
//! cell (or one of spaces) is no value. A collection whose source is one CSV file has an item
//! a line (Nuxt Content splits the file at each line break and reads the header with each
//! line); a glob of CSV files has an item a file, its rows in `body`. No crate gives a cell's
//! place in the file (the `csv` crate's ranges are into its unescaped buffer), hence this
//! small reader.

use std::ops::Range;

use serde_json::{Map, Value};

use super::locator::{push_token, Locator, Node};
use super::{LoadError, Page};
use crate::paths::slugify::is_js_space;
use crate::source::SourceFile;

/// One cell: where it is written (quotes included) and its text.
struct Cell {
    range: Range<usize>,
    text: String,
}

/// The rows of `text`, each a list of cells.
fn rows(text: &str) -> Result<Vec<Vec<Cell>>, LoadError> {
    rows_at(text, 0)
}

/// The rows of `text`, written at `offset` in the file.
fn rows_at(text: &str, offset: usize) -> Result<Vec<Vec<Cell>>, LoadError> {
    let b = text.as_bytes();
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut i = 0;
    while i <= b.len() {
        let start = i;
        let cell = if b.get(i) == Some(&b'"') {
            let mut value = String::new();
            i += 1;
            loop {
                match b.get(i) {
                    None => {
                        return Err(LoadError::new(
                            "invalid CSV: the quoted cell opened here is never closed",
                            offset + start..offset + start + 1,
                        ))
                    }
                    Some(b'"') if b.get(i + 1) == Some(&b'"') => {
                        value.push('"');
                        i += 2;
                    }
                    Some(b'"') => {
                        i += 1;
                        break;
                    }
                    Some(_) => {
                        let c = text[i..].chars().next().unwrap_or('\u{fffd}');
                        value.push(c);
                        i += c.len_utf8();
                    }
                }
            }
            if !matches!(b.get(i), None | Some(b',' | b'\n' | b'\r')) {
                return Err(LoadError::new(
                    "invalid CSV: text after a quoted cell's closing quote",
                    offset + i..offset + i + 1,
                ));
            }
            Cell {
                range: offset + start..offset + i,
                text: value,
            }
        } else {
            while !matches!(b.get(i), None | Some(b',' | b'\n' | b'\r')) {
                i += 1;
            }
            // Trimmed as Nuxt Content trims it; the cell is placed at what is left.
            let raw = &text[start..i];
            let trimmed = raw.trim_matches(is_js_space);
            let at = offset + start + (raw.len() - raw.trim_start_matches(is_js_space).len());
            Cell {
                range: at..at + trimmed.len(),
                text: trimmed.to_string(),
            }
        };
        row.push(cell);
        match b.get(i) {
            // After a comma another cell follows, empty at the end of the text.
            Some(b',') => i += 1,
            Some(b'\r') if b.get(i + 1) == Some(&b'\n') => {
                rows.push(std::mem::take(&mut row));
                i += 2;
            }
            Some(b'\n' | b'\r') => {
                rows.push(std::mem::take(&mut row));
                i += 1;
            }
            _ => {
                rows.push(std::mem::take(&mut row));
                break;
            }
        }
        if i == b.len() && row.is_empty() {
            break; // a last line break ends the file, not a row
        }
    }
    Ok(rows)
}

/// The rows of a one-file source as Nuxt Content makes its items: the file split at each
/// `\n` (a quoted line break included), every line after the first one item, read with the
/// header; a last line break ends the file.
fn line_rows(text: &str) -> Result<Vec<Vec<Cell>>, LoadError> {
    let mut out = Vec::new();
    let mut offset = 0;
    for (n, line) in text.split('\n').enumerate() {
        let at = offset;
        offset += line.len() + 1;
        if n == 0 || (offset > text.len() && line.is_empty()) {
            continue;
        }
        out.push(rows_at(line, at)?.into_iter().next().unwrap_or_default());
    }
    Ok(out)
}

/// The items of a CSV file: a line each when `rows_are_items`, else one with the rows in
/// `body`.
pub fn items(src: &SourceFile, rows_are_items: bool) -> Result<Vec<Page>, LoadError> {
    let first_line = src.text.split('\n').next().unwrap_or_default();
    let mut all = match rows_are_items {
        true => rows_at(first_line, 0)?.into_iter(),
        false => rows(&src.text)?.into_iter(),
    };
    let Some(header) = all.next() else {
        return Ok(Vec::new());
    };
    let object = |row: &[Cell], prefix: &str, locator: &mut Locator| {
        let mut item = Map::new();
        for (column, cell) in header.iter().zip(row) {
            if cell.text.is_empty() {
                continue;
            }
            let mut pointer = prefix.to_string();
            push_token(&mut pointer, &column.text);
            locator.insert(
                pointer,
                Node {
                    key: Some(column.range.clone()),
                    value: cell.range.clone(),
                    style: None,
                },
            );
            item.insert(column.text.clone(), Value::String(cell.text.clone()));
        }
        Value::Object(item)
    };
    let page = |value: Value, locator: Locator| Page::data(value, locator, Vec::new());
    let rows: Vec<Vec<Cell>> = match rows_are_items {
        true => line_rows(&src.text)?,
        false => all.collect(),
    };
    if rows_are_items {
        return Ok(rows
            .iter()
            .map(|row| {
                let mut locator = Locator::with_capacity(header.len() + 1);
                let value = object(row, "", &mut locator);
                locator.insert(String::new(), row_node(row));
                page(value, locator)
            })
            .collect());
    }
    let mut locator = Locator::with_capacity(rows.len() * (header.len() + 1));
    let body: Vec<Value> = rows
        .iter()
        .enumerate()
        .map(|(n, row)| {
            let pointer = format!("/body/{n}");
            locator.insert(&pointer, row_node(row));
            object(row, &pointer, &mut locator)
        })
        .collect();
    let mut item = Map::new();
    item.insert("body".into(), Value::Array(body));
    Ok(vec![page(Value::Object(item), locator)])
}

/// Where a whole row is written.
fn row_node(row: &[Cell]) -> Node {
    let start = row.first().map_or(0, |c| c.range.start);
    let end = row.last().map_or(start, |c| c.range.end);
    Node {
        key: None,
        value: start..end,
        style: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str, rows: bool) -> Vec<Page> {
        items(&SourceFile::new("/a.csv", text.to_string()), rows).expect("loads")
    }

    #[test]
    fn rows_are_objects_of_strings_with_each_cell_placed() {
        let text = "name,role\nAna,admin\n\"Bo \"\"B\"\"\",\r\n";
        let pages = load(text, true);
        assert_eq!(pages.len(), 2);
        assert_eq!(
            pages[0].value,
            serde_json::json!({ "name": "Ana", "role": "admin" })
        );
        assert_eq!(pages[1].value, serde_json::json!({ "name": "Bo \"B\"" }));
        let role = pages[0].locator.get("/role").expect("placed");
        assert_eq!(&text[role.value.clone()], "admin");
        assert_eq!(&text[role.key.clone().expect("key")], "role");
        let name = pages[1].locator.get("/name").expect("placed");
        assert_eq!(&text[name.value.clone()], "\"Bo \"\"B\"\"\"");
        let one = load(text, false);
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].value["body"][1]["name"], "Bo \"B\"");
        assert!(one[0].locator.get("/body/0/role").is_some());
    }

    #[test]
    fn cells_and_column_names_are_trimmed_as_javascript_trims_a_bom_too() {
        let text = "\u{feff}name , role\n  Ana\u{a0},\tadmin \n";
        let pages = load(text, true);
        assert_eq!(
            pages[0].value,
            serde_json::json!({ "name": "Ana", "role": "admin" })
        );
        let name = pages[0].locator.get("/name").expect("placed");
        assert_eq!(&text[name.value.clone()], "Ana");
        assert_eq!(&text[name.key.clone().expect("key")], "name");
        // U+0085 is no white space to JavaScript: it stays.
        assert_eq!(load("a\n\u{85}x\n", true)[0].value["a"], "\u{85}x");
    }

    #[test]
    fn a_one_file_source_has_an_item_a_line_as_nuxt_content_splits_it() {
        // A quoted line break splits the item, as Nuxt Content's split does; an empty line is
        // an item with nothing; the last line break ends the file.
        let text = "a,b\n1,\"x\n2,y\n\n3,z\n";
        let e = items(&SourceFile::new("/a.csv", text.into()), true).expect_err("split quote");
        assert_eq!(e.range, 6..7);
        let text = "a,b\n1,x\n\n3,z";
        let pages = load(text, true);
        assert_eq!(pages.len(), 3);
        assert_eq!(
            load("a,b\n1,", true)[0].value,
            serde_json::json!({ "a": "1" })
        );
        assert_eq!(pages[1].value, serde_json::json!({}));
        assert_eq!(pages[2].value, serde_json::json!({ "a": "3", "b": "z" }));
        let b = pages[2].locator.get("/b").expect("placed");
        assert_eq!(&text[b.value.clone()], "z");
    }

    #[test]
    fn a_quote_never_closed_is_an_error_at_it() {
        let e = items(&SourceFile::new("/a.csv", "a\n\"x\n".into()), true).expect_err("error");
        assert_eq!(e.range, 2..3);
        assert!(load("", true).is_empty());
        assert!(load("a,b\n", true).is_empty());
    }
}
