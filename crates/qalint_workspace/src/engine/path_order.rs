//! The order files are checked in: by path, the named ones and the others merged.

use crate::discover::Target;

/// The named files (linted) and the others (facts only), both sorted, merged into one list
/// in path order.
pub(super) fn in_path_order<'a>(named: &'a [Target], others: &'a [Target]) -> Vec<(&'a Target, bool)> {
    let mut jobs = Vec::with_capacity(named.len() + others.len());
    let (mut a, mut b) = (named.iter().peekable(), others.iter().peekable());
    loop {
        let lint = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) => x <= y,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => return jobs,
        };
        let next = if lint { a.next() } else { b.next() };
        jobs.extend(next.map(|t| (t, lint)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discover::Target;
    use crate::load;
    use std::path::PathBuf;
    use std::sync::Arc;

    fn targets(names: &[&str]) -> Vec<Target> {
        names
            .iter()
            .map(|n| Target {
                path: Arc::new(PathBuf::from(n)),
                kind: load::FileKind::Markdown,
            })
            .collect()
    }

    /// Named and other files come out merged in path order, each with whether it is linted.
    #[test]
    fn files_are_checked_in_path_order() {
        let named = targets(&["/p/b.md", "/p/d.md"]);
        let others = targets(&["/p/a.md", "/p/c.md", "/p/e.md", "/p/f.md"]);
        let order: Vec<(&str, bool)> = in_path_order(&named, &others)
            .into_iter()
            .map(|(t, lint)| (t.path.to_str().unwrap_or(""), lint))
            .collect();
        assert_eq!(
            order,
            [
                ("/p/a.md", false),
                ("/p/b.md", true),
                ("/p/c.md", false),
                ("/p/d.md", true),
                ("/p/e.md", false),
                ("/p/f.md", false),
            ]
        );
        assert!(in_path_order(&[], &[]).is_empty());
        assert_eq!(in_path_order(&named, &[]).len(), 2);
    }
}
