//! QA005: the `order` values of a topic's pages are not exactly 1..N.

use crate::findings::Findings;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use super::{ProjectCtx, ProjectRule};
use crate::finding::{Applicability, Edit, Fix};
use crate::index::{order_edit, PageFacts};
use crate::load::PageKind;

declare_rule! {
    pub struct OrderGap {
        code: "QA005",
        name: "order-gap",
        severity: Error,
        fix: SafeAndUnsafe,
        scope: Project,
        summary: "the `order` values of a topic's pages are not exactly 1..N",
    }
}

impl ProjectRule for OrderGap {
    fn check_project(&self, ctx: &ProjectCtx<'_>, out: &mut Findings) {
        // Only topics with a linted page are checked: with a few pages named (a pre-commit
        // hook), only their topics are gathered.
        let linted = ctx
            .index
            .pages
            .iter()
            .filter(|p| p.linted && p.kind == PageKind::Source && p.order.is_some())
            .filter_map(topic_key);
        let mut focus: Vec<TopicKey<'_>> = Vec::new();
        for key in linted {
            if !focus.contains(&key) {
                focus.push(key);
                if focus.len() > FEW {
                    break;
                }
            }
        }
        let few = focus.len() <= FEW;
        let mut topics: HashMap<TopicKey<'_>, Vec<&PageFacts>, foldhash::fast::FixedState> =
            HashMap::default();
        for page in &ctx.index.pages {
            let (Some(fw), Some(topic), Some(order)) = (&page.framework, &page.topic, &page.order)
            else {
                continue;
            };
            if page.kind == PageKind::Payload {
                // A built page lists its whole topic in `siblings`: check it against that.
                if page.linted && !page.sibling_orders.is_empty() {
                    let members: Vec<Member<'_>> = page
                        .sibling_orders
                        .iter()
                        .map(|(p, o)| (*o, &**p, None))
                        .collect();
                    let sorted = sort(members);
                    check_page(
                        ctx,
                        page,
                        (order.value, &page.path),
                        (fw, topic),
                        &sorted,
                        out,
                    );
                }
                continue;
            }
            let Some(key) = topic_key(page).filter(|k| !few || focus.contains(k)) else {
                continue;
            };
            topics.entry(key).or_default().push(page);
        }
        // In the topics' order, so the findings (and ties among them) come the same every run.
        let mut topics: Vec<_> = topics.into_iter().collect();
        topics.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        for ((_, _, fw, topic), pages) in &topics {
            // A topic with one page in the tree is a partial tree (an example, a sparse
            // checkout): its other pages are not here to number against.
            if pages.len() < 2 || !pages.iter().any(|p| p.linted) {
                continue;
            }
            let members: Vec<Member<'_>> = pages
                .iter()
                .filter_map(|p| Some((p.order.as_ref()?.value, source_key(p), Some(*p))))
                .collect();
            let sorted = sort(members);
            for page in pages.iter().filter(|p| p.linted) {
                let Some(order) = &page.order else { continue };
                check_page(
                    ctx,
                    page,
                    (order.value, source_key(page)),
                    (fw, topic),
                    &sorted,
                    out,
                );
            }
        }
    }
}

/// Up to this many topics with a linted page are looked for one by one; more (a whole-tree
/// run), every topic is gathered.
const FEW: usize = 8;

/// The topic of a page with a framework and a topic.
fn topic_key(page: &PageFacts) -> Option<TopicKey<'_>> {
    let project = page.project.as_deref().map(|p| p.as_os_str());
    Some((
        project,
        page.collection.as_deref(),
        page.framework.as_deref()?,
        page.topic.as_deref()?,
    ))
}

/// A topic: its project (as bytes: grouping needs no path parsing), collection (what the
/// site queries together: two locales' collections may share slugs), framework slug and
/// topic slug.
type TopicKey<'a> = (
    Option<&'a std::ffi::OsStr>,
    Option<&'a str>,
    &'a str,
    &'a str,
);

/// A page of a topic: its order, what tells it apart, and its facts (source pages only).
type Member<'a> = (i64, &'a str, Option<&'a PageFacts>);

/// The topic's pages in their new order: by current order, then by file path.
fn sort(mut members: Vec<Member<'_>>) -> Vec<Member<'_>> {
    members.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    members
}

/// What tells the source pages of a topic apart: their file (two files may share a path).
fn source_key(page: &PageFacts) -> &str {
    page.file.to_str().unwrap_or(&page.path)
}

/// The topic renumbered 1..N in `sorted` order: one fix with an edit on every page whose
/// order changes, the finding's own file first. Safe when no two pages share an order;
/// ties are broken by file path, a guess, so then it is unsafe.
fn renumber(
    page: &PageFacts,
    (fw, topic): (&str, &str),
    sorted: &[Member<'_>],
    distinct: bool,
) -> Option<Fix> {
    let mut edits = Vec::new();
    let mut elsewhere: BTreeMap<Arc<PathBuf>, Vec<Edit>> = BTreeMap::new();
    for (n, (order, _, facts)) in sorted.iter().enumerate() {
        let facts = (*facts)?;
        let expected = n as i64 + 1;
        let located = facts.order.as_ref()?;
        if *order == expected {
            continue;
        }
        let edit = order_edit(located, expected);
        if facts.file == page.file {
            edits.push(edit);
        } else {
            elsewhere.entry(facts.file.clone()).or_default().push(edit);
        }
    }
    let others = elsewhere.len();
    let n = sorted.len();
    let message = match others {
        0 => format!("renumber {fw}/{topic} 1..{n}"),
        1 => format!("renumber {fw}/{topic} 1..{n} (also in 1 other file)"),
        k => format!("renumber {fw}/{topic} 1..{n} (also in {k} other files)"),
    };
    Some(Fix {
        applicability: if distinct {
            Applicability::Safe
        } else {
            Applicability::Unsafe
        },
        message,
        edits,
        elsewhere: elsewhere.into_iter().collect(),
    })
}

/// Reports `page` (known in `sorted` as `(order, key)`) when its order is not the one its
/// place among the topic's pages calls for.
fn check_page(
    ctx: &ProjectCtx<'_>,
    page: &PageFacts,
    (value, key): (i64, &str),
    (fw, topic): (&str, &str),
    sorted: &[Member<'_>],
    out: &mut Findings,
) {
    let Some(order) = &page.order else { return };
    let Some(position) = sorted.iter().position(|&(o, p, _)| o == value && p == key) else {
        return;
    };
    let expected = position as i64 + 1;
    if order.value == expected {
        return;
    }
    let orders: Vec<i64> = sorted.iter().map(|&(o, _, _)| o).collect();
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
    // Payloads are build output: never edited.
    let fix = (page.kind == PageKind::Source)
        .then(|| renumber(page, (fw, topic), sorted, distinct))
        .flatten();
    let help = format!(
        "the pages of a topic are numbered 1..{} without gaps",
        sorted.len()
    );
    out.push(
        ctx.finding(&META, &page.file, order.location(), message)
            .with_help(help)
            .with_fix(fix),
    );
}
