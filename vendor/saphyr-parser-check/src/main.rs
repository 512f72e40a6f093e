//! `saphyr-parser-check DIR…`: the YAML of every page under DIR (a Markdown page's frontmatter,
//! a `.yml`/`.yaml` file), and 300,000 generated block, plain and quoted scalars made of the characters
//! that end or change a run (breaks, NUL, the byte-order mark, tabs, non-ASCII, `:` and flow
//! indicators), parsed by the stock and the patched parser. Exit 1 when any event or span
//! differs.

use std::path::Path;

macro_rules! events {
    ($krate:ident, $text:expr) => {{
        let mut out = String::new();
        let mut parser = $krate::Parser::new_from_str($text);
        while let Some(event) = parser.next_event() {
            match event {
                Ok((event, span)) => out.push_str(&format!("{event:?} {span:?}\n")),
                Err(error) => {
                    out.push_str(&format!("error {error:?}\n"));
                    break;
                }
            }
        }
        out
    }};
}

fn collect(dir: &Path, inputs: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, inputs);
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        match path.extension().and_then(|e| e.to_str()) {
            Some("yml" | "yaml") => inputs.push(text),
            Some("md") => {
                if let Some(rest) = text.strip_prefix("---") {
                    let end = rest.find("\n---").unwrap_or(rest.len());
                    inputs.push(rest[..end].to_string());
                }
            }
            _ => {}
        }
    }
}

fn main() {
    let mut inputs = Vec::new();
    for dir in std::env::args().skip(1) {
        collect(Path::new(&dir), &mut inputs);
    }
    let files = inputs.len();
    let pieces = [
        "a", "é", "\u{FEFF}", "\r", "\r\n", "\n", "\0", "\t", " ", "  ", "|", ">", "-", ":", "#",
        "日本", "x: |\n  ", "k: >-\n   ", "\n  ", "\n\n", "`", "\u{2028}", ",", "[", "]", "{",
        "}", "::", ": ", "'", "\"", "?", "*", "&", "!", "%", "@",
    ];
    // Block scalars, plain scalars in block and in flow context, quoted scalars, and scalars
    // after others (the scanner keeps one buffer for all of a document's scalars).
    let starts = [
        "a: |\n  ", "- >\n  ", "a: ", "- ", "k: [", "{k: ", "[a, ", "key: x", "a: \"", "- '",
        "a: |-\n  long line one\n  two\nb: ", "a: x y z\nb: \"q\"\nc: ",
    ];
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..300_000 {
        let mut text = String::from(starts[(next() % starts.len() as u64) as usize]);
        for _ in 0..next() % 12 + 1 {
            text.push_str(pieces[(next() % pieces.len() as u64) as usize]);
        }
        inputs.push(text);
    }
    let mut differ = 0;
    for text in &inputs {
        let (stock, patched) = (events!(stock, text), events!(patched, text));
        if stock != patched {
            differ += 1;
            if differ <= 3 {
                eprintln!("differs on {text:?}\nstock:\n{stock}\npatched:\n{patched}");
            }
        }
    }
    println!(
        "saphyr-parser: {} inputs ({files} from files), {differ} differ",
        inputs.len()
    );
    if differ > 0 || files == 0 {
        std::process::exit(1);
    }
}
