//! QA005: the `order` values of a topic's pages are not exactly 1..N.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{FixAvailability, ProjectCtx, Rule, RuleMeta};
use crate::finding::{Applicability, Finding, Fix, RuleId, Severity};
use crate::index::{order_edit, PageFacts};
use crate::load::PageKind;

pub static META: RuleMeta = RuleMeta {
    id: RuleId {
        code: "QA005",
        name: "order-gap",
    },
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
        let mut topics: BTreeMap<TopicKey<'_>, Vec<(&str, i64)>> = BTreeMap::new();
        for page in &ctx.index.pages {
            let (Some(fw), Some(topic), Some(order)) = (&page.framework, &page.topic, &page.order)
            else {
                continue;
            };
            if page.kind == PageKind::Payload {
                // A built page lists its whole topic in `siblings`: check it against that.
                if page.linted && !page.sibling_orders.is_empty() {
                    let members: Vec<(&str, i64)> = page
                        .sibling_orders
                        .iter()
                        .map(|(p, o)| (p.as_str(), *o))
                        .collect();
                    check_page(ctx, page, &page.path, (fw, topic), &members, out);
                }
                continue;
            }
            topics
                .entry((page.project.as_deref().map(PathBuf::as_path), fw, topic))
                .or_default()
                .push((source_key(page), order.value));
        }
        for page in ctx
            .index
            .pages
            .iter()
            .filter(|p| p.linted && p.kind == PageKind::Source)
        {
            let (Some(fw), Some(topic)) = (&page.framework, &page.topic) else {
                continue;
            };
            let Some(members) = topics.get(&(
                page.project.as_deref().map(PathBuf::as_path),
                fw.as_str(),
                topic.as_str(),
            )) else {
                continue;
            };
            // A topic with one page in the tree is a partial tree (an example, a sparse
            // checkout): its other pages are not here to number against.
            if members.len() > 1 {
                check_page(ctx, page, source_key(page), (fw, topic), members, out);
            }
        }
    }
}

/// A topic: its project, framework slug and topic slug.
type TopicKey<'a> = (Option<&'a Path>, &'a str, &'a str);

/// What tells the source pages of a topic apart: their file (two files may share a path).
fn source_key(page: &PageFacts) -> &str {
    page.file.to_str().unwrap_or(&page.path)
}

/// Reports `page` (known among `members` as `key`) when its order is not the one its place
/// among `members` calls for.
fn check_page(
    ctx: &ProjectCtx<'_>,
    page: &PageFacts,
    key: &str,
    (fw, topic): (&str, &str),
    members: &[(&str, i64)],
    out: &mut Vec<Finding>,
) {
    let Some(order) = &page.order else { return };
    let mut sorted: Vec<(i64, &str)> = members.iter().map(|&(p, o)| (o, p)).collect();
    sorted.sort();
    let Some(position) = sorted
        .iter()
        .position(|&(o, p)| o == order.value && p == key)
    else {
        return;
    };
    let expected = position as i64 + 1;
    if order.value == expected {
        return;
    }
    let orders: Vec<i64> = sorted.iter().map(|&(o, _)| o).collect();
    let list = orders
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let sharing = orders.iter().filter(|&&o| o == order.value).count();
    let distinct = orders.windows(2).all(|w| w[0] != w[1]);
    let message = if sharing > 1 {
        format!("order {} is shared by {sharing} pages of {fw}/{topic} (orders {list}): expected {expected}", order.value)
    } else if !distinct {
        format!(
            "order {} is out of place in {fw}/{topic} (orders {list}): expected {expected}",
            order.value
        )
    } else {
        format!(
            "order {} leaves a gap in {fw}/{topic} (orders {list}): expected {expected}",
            order.value
        )
    };
    // Renumbering is only sure when no two pages share an order; payloads are never edited.
    let fix = (distinct && page.kind == PageKind::Source).then(|| Fix {
        applicability: Applicability::Safe,
        message: format!("renumber to {expected}"),
        edits: vec![order_edit(order, expected)],
    });
    let help = format!(
        "the pages of a topic are numbered 1..{} without gaps",
        sorted.len()
    );
    out.push(
        ctx.finding(&META, &page.file, order.location.clone(), message)
            .with_help(help)
            .with_fix(fix),
    );
}
