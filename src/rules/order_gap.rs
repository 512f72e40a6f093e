//! QA005: the `order` values of a topic's pages are not exactly 1..N.

use std::collections::BTreeMap;

use super::{FixAvailability, ProjectCtx, Rule, RuleMeta};
use crate::finding::{Applicability, Finding, Fix, RuleId, Severity};
use crate::index::{order_edit, PageFacts};
use crate::load::PageKind;

pub static META: RuleMeta = RuleMeta {
    id: RuleId { code: "QA005", name: "order-gap" },
    severity: Severity::Error,
    fix: FixAvailability::Safe,
    summary: "the `order` values of a topic's pages are not exactly 1..N",
    doc: include_str!("../../rules/order-gap.md"),
};

pub struct OrderGap;

impl Rule for OrderGap {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_project(&self, ctx: &ProjectCtx<'_>, out: &mut Vec<Finding>) {
        // Sources and payloads are grouped apart: a built site holds each page twice.
        let mut topics: BTreeMap<(bool, &str, &str), Vec<&PageFacts>> = BTreeMap::new();
        for page in &ctx.index.pages {
            let (Some(fw), Some(topic), Some(_)) = (&page.framework, &page.topic, &page.order) else {
                continue;
            };
            topics.entry((page.kind == PageKind::Payload, fw, topic)).or_default().push(page);
        }
        for ((_, fw, topic), mut pages) in topics {
            pages.sort_by_key(|p| (p.order.as_ref().map(|o| o.value), p.path.clone()));
            let orders: Vec<i64> = pages.iter().filter_map(|p| p.order.as_ref().map(|o| o.value)).collect();
            let distinct = orders.windows(2).all(|w| w[0] != w[1]);
            let list = orders.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
            for (i, page) in pages.iter().enumerate() {
                let Some(order) = &page.order else { continue };
                let expected = i as i64 + 1;
                if order.value == expected || !page.linted {
                    continue;
                }
                let shared = orders.iter().filter(|&&o| o == order.value).count() > 1;
                let message = if shared {
                    format!("order {} is shared by {} pages of {fw}/{topic} (orders {list}): expected {expected}", order.value, orders.iter().filter(|&&o| o == order.value).count())
                } else if !distinct {
                    format!("order {} is out of place in {fw}/{topic} (orders {list}): expected {expected}", order.value)
                } else {
                    format!("order {} leaves a gap in {fw}/{topic} (orders {list}): expected {expected}", order.value)
                };
                let fix = (distinct && page.kind == PageKind::Source).then(|| Fix {
                    applicability: Applicability::Safe,
                    message: format!("renumber to {expected}"),
                    edits: vec![order_edit(order, expected)],
                });
                let help = format!("the pages of a topic are numbered 1..{} without gaps", pages.len());
                out.push(ctx.finding(&META, &page.file, order.location.clone(), message).with_help(help).with_fix(fix));
            }
        }
    }
}
