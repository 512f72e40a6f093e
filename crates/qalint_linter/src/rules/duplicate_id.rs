//! QA002: two questions of one page share an `id` (the answer's URL anchor).

use crate::findings::Findings;
use std::collections::HashMap;

use super::{Ctx, PageRule};

declare_rule! {
    pub struct DuplicateId {
        code: "QA002",
        name: "duplicate-id",
        severity: Error,
        fix: None,
        scope: Page,
        stands_for_schema: true,
        summary: "two questions of one page share an `id`",
    }
}

impl PageRule for DuplicateId {
    fn check(&self, ctx: &Ctx<'_>, out: &mut Findings) {
        let Some(questions) = ctx.page.value.get("questions").and_then(|q| q.as_array()) else {
            return;
        };
        // Each id's first question; pointers are spelled out only for a duplicate.
        let mut first: HashMap<&str, usize, foldhash::fast::RandomState> = HashMap::default();
        for (n, q) in questions.iter().enumerate() {
            let Some(id) = q.get("id").and_then(|v| v.as_str()) else {
                continue;
            };
            let Some(&m) = first.get(id) else {
                first.insert(id, n);
                continue;
            };
            let (pointer, earlier) = (format!("/questions/{n}/id"), format!("/questions/{m}/id"));
            let locator = &ctx.page.locator;
            let (Some(mut here), Some(mut there)) =
                (locator.value_range(&pointer), locator.value_range(&earlier))
            else {
                continue;
            };
            // devalue writes a repeated string once: both ids are then one element, and the
            // questions' `"id"` keys are what tells them apart.
            if here == there {
                if let (Some(h), Some(t)) =
                    (locator.key_range(&pointer), locator.key_range(&earlier))
                {
                    (here, there) = (h, t);
                }
            }
            let there = ctx.location(there);
            let here_line = ctx.location(here.clone()).start.line;
            // A payload is one line: its column is what tells.
            let place = if there.start.line == here_line {
                format!("line {}, column {}", there.start.line, there.start.column)
            } else {
                format!("line {}", there.start.line)
            };
            let message = format!(
                "duplicate question id `{}` (first used on {place})",
                crate::quote::short(id)
            );
            out.push(
                ctx.finding(&META, here, message)
                    .with_label(there, "first used here")
                    .with_help("ids are the answers' URL anchors: give each question its own")
                    .with_pointer(pointer),
            );
        }
    }
}
