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
    let mut decoder = Decoder::new(&values, &elements);
    let Some(data) = child(&decoder, 0, "data").filter(|&d| d < decoder.len()) else {
        return Ok(Vec::new());
    };
    let mut pages = Vec::new();
    for (_, entry, _) in decoder.entries(data) {
        let Ok(entry) = usize::try_from(entry) else {
            continue;
        };
        if entry >= decoder.len() || !decoder.is_object(entry) {
            continue;
        }
        let entries = decoder.entries(entry);
        let Some((_, page, page_site)) = entries.iter().find(|(k, _, _)| *k == "page") else {
            continue;
        };
        let Ok(page_index) = usize::try_from(*page) else {
            continue;
        };
        if page_index >= decoder.len() {
            continue;
        }
        if !decoder.is_object(page_index) {
            let at = page_site.key.clone().unwrap_or(page_site.reference.clone());
            return Err(LoadError::new(
                "invalid payload page: `page` is not an object",
                at,
            ));
        }
        if child(&decoder, page_index, "questions").is_none() {
            continue; // a page of the site that is not a Q&A page
        }
        let mut locator = Locator::default();
        let root = Site {
            key: None,
            reference: decoder.range(decoder.resolve(page_index)),
        };
        let value = decoder
            .decode(*page, &root, &mut String::new(), &mut locator, 0)?
            .unwrap_or(Value::Null);
        let siblings = match entries.iter().find(|(k, _, _)| *k == "siblings") {
            Some((_, index, site)) => siblings(&mut decoder, *index, site)?,
            None => Vec::new(),
        };
        pages.push(Page {
            kind: PageKind::Payload,
            value,
            locator,
            body: None,
            siblings,
        });
    }
    Ok(pages)
}

/// The reference under `key` in the object at `index` (it may be out of range: decoding says so).
fn child(decoder: &Decoder<'_>, index: usize, key: &str) -> Option<usize> {
    let (_, i, _) = decoder
        .entries(index)
        .into_iter()
        .find(|(k, _, _)| *k == key)?;
    usize::try_from(i).ok()
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
