//! Writes a realistic corpus of Q&A pages for the benchmark:
//! `cargo run --release --example gen_corpus -- PAGES DIR`.
//!
//! Pages are laid out `DIR/content/<framework>/<topic>/<slug>.md`, ten pages a topic, six
//! questions a page, answers of 10–30 lines with one or two fences. A few problems of each
//! kind are sprinkled in deterministically (about one page in forty has one).

use std::fmt::Write as _;
use std::path::PathBuf;

/// A small deterministic generator (xorshift64*), so the corpus is the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const FRAMEWORKS: [(&str, &str, &str); 6] = [
    ("Python", "python", "python"),
    ("JavaScript", "javascript", "javascript"),
    ("Go", "go", "go"),
    ("Rust", "rust", "rust"),
    ("Java", "java", "java"),
    ("SQL", "sql", "sql"),
];
const WORDS: [&str; 24] = [
    "thread", "lock", "queue", "event", "loop", "memory", "cache", "index", "query", "closure",
    "scope", "future", "promise", "channel", "buffer", "stream", "parser", "module", "import",
    "object", "method", "garbage", "pointer", "runtime",
];
const LEVELS: [&str; 3] = ["easy", "medium", "hard"];

fn sentence(rng: &mut Rng) -> String {
    let n = 8 + rng.below(8);
    let mut s = String::new();
    for i in 0..n {
        let w = rng.pick(&WORDS);
        if i == 0 {
            s.push_str(&w[..1].to_uppercase());
            s.push_str(&w[1..]);
        } else {
            s.push(' ');
            if rng.below(9) == 0 {
                write!(s, "**{w}**").ok();
            } else {
                s.push_str(w);
            }
        }
    }
    s.push('.');
    s
}

fn answer(rng: &mut Rng, lang: &str, bare_fence: bool) -> String {
    let mut a = String::new();
    let fences = 1 + rng.below(2);
    for f in 0..fences {
        for _ in 0..3 + rng.below(4) {
            writeln!(a, "      {}", sentence(rng)).ok();
        }
        a.push('\n');
        let label = if bare_fence && f == 0 { "" } else { lang };
        writeln!(a, "      ```{label}").ok();
        for i in 0..4 + rng.below(6) {
            writeln!(
                a,
                "      let {}_{i} = {}({});",
                rng.pick(&WORDS),
                rng.pick(&WORDS),
                rng.below(100)
            )
            .ok();
        }
        a.push_str("      ```\n\n");
    }
    writeln!(a, "      {}", sentence(rng)).ok();
    a
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let pages: usize = args
        .next()
        .ok_or("usage: gen_corpus PAGES DIR [heavy]")?
        .parse()?;
    let dir = PathBuf::from(args.next().ok_or("usage: gen_corpus PAGES DIR [heavy]")?);
    // A finding-heavy tree: every answer's first fence unlabeled (a QA007 finding each).
    let heavy = args.next().is_some_and(|a| a == "heavy");
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for p in 0..pages {
        let (framework, fw, lang) = FRAMEWORKS[p % FRAMEWORKS.len()];
        let topic_no = p / (FRAMEWORKS.len() * 10);
        let topic = format!("topic-{topic_no}");
        let order = (p / FRAMEWORKS.len()) % 10 + 1;
        let slug = format!("page-{p}");
        // Problems, each on a fixed share of the pages.
        let bad_difficulty = p % 97 == 5;
        let bare_fence = p % 89 == 7;
        let duplicate = p % 101 == 9;
        let no_seo = p % 113 == 11;
        let gap = p % 131 == 13;
        let broken_related = p % 127 == 17;
        let mut s = String::with_capacity(8192);
        s.push_str("---\n");
        writeln!(s, "title: {}", sentence(&mut rng).trim_end_matches('.')).ok();
        writeln!(s, "description: \"{}\"", sentence(&mut rng)).ok();
        writeln!(s, "framework: {framework}\nframeworkSlug: {fw}\ntopic: Topic {topic_no}\ntopicSlug: {topic}").ok();
        writeln!(s, "subtopic: {}", rng.pick(&WORDS)).ok();
        writeln!(
            s,
            "difficulty: {}",
            if bad_difficulty {
                "Hard"
            } else {
                rng.pick(&LEVELS)
            }
        )
        .ok();
        writeln!(s, "order: {}", if gap { order + 20 } else { order }).ok();
        writeln!(s, "updated: 2026-0{}-1{}", 1 + rng.below(9), rng.below(10)).ok();
        if !no_seo {
            writeln!(s, "seoDescription: \"{}\"", sentence(&mut rng)).ok();
        }
        let sibling = p.saturating_sub(FRAMEWORKS.len());
        let target = if broken_related {
            format!("page-{p}-missing")
        } else {
            format!("page-{sibling}")
        };
        let sibling_topic = sibling / (FRAMEWORKS.len() * 10);
        writeln!(
            s,
            "related:\n  - /{fw}/topic-{}/{target}",
            if broken_related {
                topic_no
            } else {
                sibling_topic
            }
        )
        .ok();
        s.push_str("questions:\n");
        for q in 0..6 {
            let id = if duplicate && q == 5 {
                "question-0".to_string()
            } else {
                format!("question-{q}")
            };
            writeln!(
                s,
                "  - id: {id}\n    difficulty: {}\n    q: {}?",
                rng.pick(&LEVELS),
                sentence(&mut rng).trim_end_matches('.')
            )
            .ok();
            s.push_str("    a: |\n");
            s.push_str(&answer(&mut rng, lang, heavy || (bare_fence && q == 2)));
        }
        s.push_str("---\n");
        let path = dir
            .join("content")
            .join(fw)
            .join(&topic)
            .join(format!("{slug}.md"));
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, s)?;
    }
    // A project of its own, wherever it is generated (under target/ it is inside this
    // repository's git work tree, whose top would otherwise be its project root).
    std::fs::write(dir.join("qalint.toml"), "root = true\n")?;
    Ok(())
}
