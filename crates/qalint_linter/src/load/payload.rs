//! `_payload.json` files: the Q&A pages a Nuxt build wrote, decoded from devalue.

use serde_json::Value;

use super::devalue::{Decoder, Site};
use super::json_spans;
use super::{LoadError, Locator, Page, PageKind, SiblingRef};
use crate::source::SourceFile;

/// The pages under `data` (entries holding a `page` with `questions`), each with its `siblings`.
pub fn load_payload(src: &SourceFile) -> Result<Vec<Page>, LoadError> {
    let start = src.content_start();
    let text = &src.text[start..];
    let values: Vec<Value> = match serde_json::from_str::<Value>(text) {
        Ok(Value::Array(values)) => values,
        Ok(_) => {
            return Err(LoadError::new(
                "invalid devalue payload: the root is not an array",
                start..start,
            ))
        }
        Err(e) => {
            let at = src
                .line_start(e.line().saturating_sub(1))
                .max(start)
                .saturating_add(e.column().saturating_sub(1))
                .min(src.text.len());
            return Err(LoadError::new(
                format!("invalid JSON: {}", strip_position(&e)),
                at..at,
            ));
        }
    };
    if values.is_empty() {
        return Err(LoadError::new(
            "invalid devalue payload: the array is empty",
            start..start,
        ));
    }
    let mut elements = json_spans::scan(text);
    for e in &mut elements {
        shift(&mut e.range, start);
        for c in &mut e.children {
            shift(&mut c.value, start);
            if let Some(k) = &mut c.key {
                shift(k, start);
            }
        }
    }
    let mut decoder = Decoder::new(&src.text, &values, &elements);
    // Every reference on the way from the root to a page must hold: a corrupt one is a
    // QA000, never a payload that silently has no pages.
    let root = Site {
        key: None,
        reference: decoder.range(0),
    };
    let Some(root) = decoder.target(0, &root)? else {
        return Ok(Vec::new());
    };
    let Some((_, data, data_site)) = field(&decoder, root, "data") else {
        return Ok(Vec::new());
    };
    let Some(data) = decoder.target(data, &data_site)? else {
        return Ok(Vec::new());
    };
    let mut pages = Vec::new();
    for (_, entry, entry_site) in decoder.entries(data) {
        let Some(entry) = decoder.target(entry, &entry_site)? else {
            continue;
        };
        if !decoder.is_object(entry) {
            continue; // the data of another kind of page
        }
        let entries = decoder.entries(entry);
        let Some((_, page, page_site)) = entries.iter().find(|(k, _, _)| k == "page") else {
            continue;
        };
        let Some(page_index) = decoder.target(*page, page_site)? else {
            continue;
        };
        if matches!(values.get(page_index), Some(Value::Null)) {
            continue; // Nuxt writes `page: null` for a route with no page
        }
        if !decoder.is_object(page_index) {
            let at = page_site.key.clone().unwrap_or(page_site.reference.clone());
            return Err(LoadError::new(
                "invalid payload page: `page` is not an object",
                at,
            ));
        }
        match field(&decoder, page_index, "questions") {
            Some((_, questions, site)) if decoder.target(questions, &site)?.is_some() => {}
            _ => continue, // a page of the site that is not a Q&A page
        }
        let mut locator = Locator::default();
        let root = Site {
            key: None,
            reference: decoder.range(page_index),
        };
        let value = decoder
            .decode(*page, &root, &mut String::new(), &mut locator, 0)?
            .unwrap_or(Value::Null);
        let siblings = match entries.iter().find(|(k, _, _)| k == "siblings") {
            Some((_, index, site)) => siblings(&mut decoder, *index, site)?,
            None => Vec::new(),
        };
        pages.push(Page {
            kind: PageKind::Payload,
            value,
            locator,
            body: None,
            siblings,
            dropped: Vec::new(),
        });
    }
    Ok(pages)
}

/// The entry `key` of the object at `index`: its reference and where it is written.
fn field(decoder: &Decoder<'_>, index: usize, key: &str) -> Option<(String, i64, Site)> {
    decoder
        .entries(index)
        .into_iter()
        .find(|(k, _, _)| k == key)
        .map(|(k, i, site)| (k.into_owned(), i, site))
}

fn siblings(
    decoder: &mut Decoder<'_>,
    index: i64,
    site: &Site,
) -> Result<Vec<SiblingRef>, LoadError> {
    let mut locator = Locator::default();
    let Some(Value::Array(items)) =
        decoder.decode(index, site, &mut String::new(), &mut locator, 0)?
    else {
        return Ok(Vec::new());
    };
    Ok(items
        .iter()
        .enumerate()
        .filter_map(|(n, item)| {
            let path = item.get("path")?.as_str()?.to_string();
            let range = locator.value_range(&format!("/{n}/path"))?;
            let order = item.get("order").and_then(Value::as_i64);
            Some(SiblingRef { path, range, order })
        })
        .collect())
}

fn shift(r: &mut std::ops::Range<usize>, by: usize) {
    *r = r.start + by..r.end + by;
}

/// serde_json appends " at line L column C", which the finding's position already says.
fn strip_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}
