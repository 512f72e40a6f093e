//! "Did you mean" suggestions for misspelled keys, values and paths.

/// The candidate closest to `word`, when it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(&lower, &c.to_lowercase()), c))
        .filter(|&(d, c)| d <= (c.chars().count() / 3).max(1))
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
    }
}
