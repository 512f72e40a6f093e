//! "Did you mean" suggestions for misspelled keys, values and paths.

/// The candidate closest to `word`, when it is close enough to be a likely typo: a few edits
/// for the shorter of the two (a quarter of its characters, at least one), so a word that is
/// only the start of a longer key (`trailing`, `trailingIcon`) is no misspelling of it.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let len = word.chars().count();
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(&lower, &c.to_lowercase()), c))
        .filter(|&(d, c)| d <= (len.min(c.chars().count()) / 4).max(1))
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    #[test]
    fn suggests_close_keys_only() {
        let keys = ["seoDescription", "description", "title"];
        assert_eq!(
            super::did_you_mean("seoDescripton", keys),
            Some("seoDescription")
        );
        assert_eq!(super::did_you_mean("tilte", keys), Some("title"));
        assert_eq!(super::did_you_mean("banana", keys), None);
        // The start of a longer key is another key, not a misspelling of it.
        assert_eq!(
            super::did_you_mean("trailing", ["trailingIcon", "leading"]),
            None
        );
        assert_eq!(
            super::did_you_mean("trailingIcn", ["trailingIcon"]),
            Some("trailingIcon")
        );
    }
}

/// The page path closest to a broken `path`. A typo sits in the slug or in a folder, rarely in
/// both: candidates are the pages of the same folder and the pages with the same slug, so a
/// broken link costs a handful of comparisons, not one per page of the site.
pub fn closest_path<'a>(
    path: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let split = |p: &'a str| -> (&'a str, &'a str) { p.rsplit_once('/').unwrap_or(("", p)) };
    let (folder, slug) = path.rsplit_once('/').unwrap_or(("", path));
    let near = candidates.into_iter().filter(|c| {
        let (f, s) = split(c);
        f == folder || s == slug
    });
    did_you_mean(path, near)
}

#[cfg(test)]
mod path_tests {
    #[test]
    fn closest_path_prefers_the_same_folder() {
        let paths = [
            "/javascript/async/callbacks",
            "/javascript/async/promises",
            "/go/basics/intro",
        ];
        assert_eq!(
            super::closest_path("/javascript/async/callback-hell", paths),
            Some("/javascript/async/callbacks")
        );
        assert_eq!(super::closest_path("/rust/x/y", paths), None);
        assert_eq!(
            super::closest_path("/javascript/async/calbacks", paths),
            Some("/javascript/async/callbacks")
        );
        assert_eq!(
            super::closest_path("/javascipt/async/promises", paths),
            Some("/javascript/async/promises")
        );
    }
}
