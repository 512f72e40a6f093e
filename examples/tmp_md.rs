use saphyr::{LoadableYamlNode, Yaml};
fn main() {
    let dir = std::env::args().nth(1).unwrap();
    let files = qalint::discover::walk(&[dir.into()]);
    let mut answers = Vec::new();
    for t in files.iter().take(2000) {
        let text = std::fs::read_to_string(t.path.as_path()).unwrap();
        let rest = text.strip_prefix("---\n").unwrap();
        let end = rest.find("\n---\n").unwrap();
        let docs = Yaml::load_from_str(&rest[..end + 1]).unwrap();
        for q in docs[0]["questions"].as_sequence().unwrap() {
            answers.push(q["a"].as_str().unwrap().to_string());
        }
    }
    let t = std::time::Instant::now();
    let mut n = 0;
    for a in &answers {
        n += pulldown_cmark::Parser::new(a).count();
    }
    println!("count {:?} {n}", t.elapsed());
    let t = std::time::Instant::now();
    let mut n = 0;
    for a in &answers {
        n += pulldown_cmark::Parser::new(a).into_offset_iter().count();
    }
    println!("offset count {:?} {n}", t.elapsed());
    let t = std::time::Instant::now();
    let mut n = 0;
    for a in &answers {
        n += qalint::rules::unlabeled_code_fence::bare_fences(a).len();
    }
    println!("bare_fences {:?} {n}", t.elapsed());
}
