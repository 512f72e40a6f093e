//! Whether a Markdown text can hold a bare fence at all, from its lines alone: most answers
//! and bodies label every fence, and a full CommonMark parse of each (the rule's, through
//! pulldown-cmark) was a quarter of a run. The scan is sure only of the plain case — every
//! fence starts at the line's first byte, outside any container, and closes as CommonMark
//! closes it — and says "maybe" (parse it) for anything else: a fence run elsewhere on a line,
//! an HTML block, a lone carriage return, a bare opener. The test below holds it to
//! pulldown-cmark on many texts built from the lines that make CommonMark hard.

/// `false` when no line of `markdown` can open a fenced code block without an info string;
/// `true` when one may (the caller parses the text to know).
pub fn may_hold_bare_fence(markdown: &str) -> bool {
    let bytes = markdown.as_bytes();
    let mut next_run = fence_run_from(bytes, 0);
    if next_run.is_none() {
        return false;
    }
    // A carriage return not followed by a line feed is a line break this scan does not split on.
    if memchr::memchr_iter(b'\r', bytes).any(|i| bytes.get(i + 1) != Some(&b'\n')) {
        return true;
    }
    // The fence open at the top level: its character and the length of its run.
    let mut open: Option<(u8, usize)> = None;
    // Only a line with a fence run, or outside a fence one with a `<` (an HTML block may
    // start there), can change what the scan knows: the scan goes from one such line to the
    // next (the lines between were each a search for their end).
    let mut from = 0;
    // The next `<` at or after `from` (`Some(None)`: none is left), searched for again only
    // once passed, so the text is searched once in all.
    let mut next_html: Option<Option<usize>> = None;
    while from <= bytes.len() {
        let html = match open {
            None => {
                if next_html.is_none_or(|h| h.is_some_and(|h| h < from)) {
                    next_html = Some(memchr::memchr(b'<', &bytes[from..]).map(|i| from + i));
                }
                next_html.flatten()
            }
            Some(_) => None,
        };
        let Some(at) = next_run.into_iter().chain(html).min() else {
            return false;
        };
        let start = memchr::memrchr(b'\n', &bytes[from..at]).map_or(from, |i| from + i + 1);
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
        // Lines end at a byte of ASCII: a character boundary.
        let line = &markdown[start..end];
        let line = line.strip_suffix('\r').unwrap_or(line);
        let b = line.as_bytes();
        // Whether a run of three fence characters starts on this line (the positions of the
        // runs are searched for once a text, not once a line).
        let has_run = next_run.is_some_and(|at| at < end);
        if has_run {
            next_run = fence_run_from(bytes, end);
        }
        from = end + 1;
        match open {
            // Inside a fence every line is code, but its closer: up to three spaces, a run of
            // the same character at least as long (so a line with a run), then nothing but
            // spaces (a tab there makes the line code to pulldown-cmark, whose verdict this
            // must match).
            Some((ch, len)) if has_run => {
                let indent = b.iter().take_while(|&&c| c == b' ').count();
                if indent <= 3 {
                    let run = b[indent..].iter().take_while(|&&c| c == ch).count();
                    let rest = &b[indent + run..];
                    if run >= len && rest.iter().all(|&c| c == b' ') {
                        open = None;
                    }
                }
            }
            Some(_) => {}
            None if !has_run => {
                // An HTML block may hold fence lines that are not fences.
                let indent = b.iter().take_while(|&&c| c == b' ').count();
                if indent <= 3 && b.get(indent) == Some(&b'<') {
                    return true;
                }
            }
            None => {
                // Only an opener at the very start of the line is understood here (one
                // indented, in a list or a quote, or a run inside text means: parse).
                let Some(&ch) = b.first().filter(|&&c| c == b'`' || c == b'~') else {
                    return true;
                };
                let run = b.iter().take_while(|&&c| c == ch).count();
                let info = &line[run..];
                if run < 3 || info.trim().is_empty() || (ch == b'`' && info.contains('`')) {
                    return true;
                }
                open = Some((ch, run));
            }
        }
    }
    false
}

/// Where the first run of three backticks or tildes at or after `from` starts.
fn fence_run_from(bytes: &[u8], from: usize) -> Option<usize> {
    // Each backtick or tilde is looked at (two substring searches a call cost more: answers
    // have few of either).
    let rest = bytes.get(from..)?;
    let mut at = 0;
    while let Some(i) = memchr::memchr2(b'`', b'~', &rest[at..]) {
        let i = at + i;
        let c = rest[i];
        if rest.get(i + 1) == Some(&c) && rest.get(i + 2) == Some(&c) {
            return Some(from + i);
        }
        at = i + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::may_hold_bare_fence;

    /// The bare fences pulldown-cmark finds, without this scan in front.
    fn bare_fences(text: &str) -> Vec<super::super::BareFence> {
        let mut out = Vec::new();
        super::super::parsed_bare_fences(text, |f| out.push(f));
        out
    }

    /// Lines that make fences hard: openers and closers of both characters and lengths,
    /// indented ones, ones in lists and quotes, inline runs, HTML, tabs, lone CRs.
    const LINES: &[&str] = &[
        "```",
        "```python",
        "````",
        "````js",
        "~~~",
        "~~~ sh",
        "~~~~",
        "  ```",
        "   ```",
        "    ```",
        "\t```",
        "  ```rust",
        "- ```",
        "- ```py",
        "1. ```",
        "> ```",
        "> ```js",
        "```a`b",
        "``` ",
        "```\t",
        "text ``` text",
        "``",
        "~~",
        "<div>",
        "</div>",
        "  <pre>",
        "",
        "text",
        "  indented text",
        "- item",
        "> quote",
        "    code",
        "```\r",
        "a\rb",
        "~~~~~~",
        "```  x",
        "* ```",
        "+ ~~~",
        "~~~py",
    ];

    /// The lines most texts are made of, so that the rare orders that fool a scan come up.
    const COMMON: &[&str] = &[
        "```",
        "```python",
        "~~~",
        "~~~py",
        "````",
        "<div>",
        "",
        "text",
    ];

    /// A small deterministic generator (xorshift), so the texts are the same on every run.
    fn texts(count: usize) -> Vec<String> {
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        (0..count)
            .map(|_| {
                let lines = 1 + (next() % 9) as usize;
                let mut t = String::new();
                for _ in 0..lines {
                    let from = if next() % 3 == 0 { LINES } else { COMMON };
                    t.push_str(from[(next() % from.len() as u64) as usize]);
                    t.push_str(match next() % 9 {
                        0 => "\r\n",
                        1 => "\r",
                        _ => "\n",
                    });
                }
                t
            })
            .collect()
    }

    /// Never wrong when it says no: on 300,000 texts, a "no" is a text pulldown-cmark finds no
    /// bare fence in. And it says no often enough to matter on labeled fences.
    #[test]
    fn a_no_is_always_what_commonmark_says() {
        let mut noes = 0;
        for text in texts(300_000) {
            if !may_hold_bare_fence(&text) {
                noes += 1;
                assert!(bare_fences(&text).is_empty(), "{text:?}");
            }
        }
        assert!(noes > 30_000, "{noes}");
        let labeled = "Run it:\n\n```python\nprint(1)\n```\n\nand:\n\n~~~~sh\n```\nls\n~~~~\n";
        assert!(!may_hold_bare_fence(labeled));
        assert!(may_hold_bare_fence("```\nx\n```\n"));
        assert!(may_hold_bare_fence("- item\n\n  ```\n  x\n  ```\n"));
        // What fools a simpler scan: a fence line inside an HTML block.
        let html = "<div>\n```python\n</div>\n\n```\nx\n";
        assert!(!bare_fences(html).is_empty());
        assert!(may_hold_bare_fence(html));
    }
}
