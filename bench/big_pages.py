#!/usr/bin/env python3
"""Peak memory on big but honest files (issue 39): one run of qalint on each, cache off.

    python3 bench/big_pages.py [QALINT_BINARY]

The files: a 47 MB page of 700,000 questions, a 63 MB one (just under the 64 MB limit), a
10 MB page of a million unlabeled fences, and a 15 MB CSV of a data collection with a
finding on each of its 560,000 rows. Peak memory is the child's maximum resident set size
(wait4), as bench.py measures it.
"""
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAD = ("---\ntitle: Big\ndescription: Big.\nframework: Python\nframeworkSlug: python\n"
        "topic: Basics\ntopicSlug: basics\nsubtopic: Big\ndifficulty: easy\norder: 1\n"
        "updated: 2026-06-18\nseoDescription: A big page.\n")


def run(cmd, cwd, env=None):
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"{cmd} failed with exit code {code}")
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def page(folder, name, questions, answer):
    path = folder / "content" / "python" / "basics" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as f:
        f.write(HEAD + "questions:\n")
        for i in range(questions):
            f.write(f"  - id: q{i}\n    difficulty: easy\n    q: Question {i}?\n    a: {answer(i)}\n")
        f.write("---\n")
    (folder / "qalint.toml").write_text("root = true\n")
    return path


def fences(folder):
    path = folder / "content" / "python" / "basics" / "fences.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEAD + "---\n" + "```\nx\n```\n" * 1_000_000)
    (folder / "qalint.toml").write_text("root = true\n")
    return path


def csv(folder, qalint, cache):
    (folder / ".git").mkdir(parents=True, exist_ok=True)
    (folder / "content").mkdir(exist_ok=True)
    (folder / "nuxt.config.ts").write_text("export default defineNuxtConfig({ modules: ['@nuxt/content'] })\n")
    (folder / "content.config.ts").write_text("// the site's collections\n")
    schema = {"$schema": "http://json-schema.org/draft-07/schema#", "$ref": "#/definitions/__SCHEMA__",
              "definitions": {"__SCHEMA__": {"type": "object", "properties": {
                  "id": {"type": "string"}, "name": {"type": "string", "minLength": 2},
                  "role": {"type": "string", "enum": ["admin", "editor"]}},
                  "required": ["id", "name", "role"], "additionalProperties": False}}}
    record = {"nuxtContent": "3.16.1", "configFiles": [str(folder / "content.config.ts")],
              "collections": [{"name": "people", "type": "data", "sources": [{
                  "cwd": str(folder / "content"), "include": "people.csv", "exclude": [], "prefix": None}],
                  "schema": schema}]}
    path = folder / "content" / "people.csv"
    with open(path, "w") as f:
        f.write("name,role\n")
        i = 0
        while f.tell() < 15_000_000:
            f.write(f"Person number {i},owner\n")
            i += 1
    env = dict(os.environ, XDG_CACHE_HOME=str(cache))
    subprocess.run([qalint, "nuxt-collections", "--root", str(folder)], cwd=folder, env=env,
                   input=json.dumps(record).encode(), check=True, capture_output=True)
    return path, env


def main():
    qalint = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "target" / "release" / "qalint")
    with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryDirectory() as cache:
        tmp = Path(tmp)
        cases = [
            ("47 MB page, 700,000 questions", page(tmp / "a", "big.md", 700_000, lambda i: f"A{i}."), None),
            ("63 MB page, 700,000 questions", page(tmp / "b", "big.md", 700_000, lambda i: f"|\n      Answer {i}"), None),
            ("10 MB page, 1,000,000 unlabeled fences", fences(tmp / "c"), None),
        ]
        path, env = csv(tmp / "d", qalint, cache)
        cases.append(("15 MB CSV, 560,000 rows with a finding each", path, env))
        print("| file | wall time | peak memory |")
        print("| --- | ---: | ---: |")
        for name, path, env in cases:
            folder = path.parents[3] if env is None else path.parents[1]
            wall, rss = run([qalint, "--no-cache", "--format", "concise"], folder, env)
            print(f"| {name} | {wall:.1f} s | {rss:.0f} MB |", flush=True)


if __name__ == "__main__":
    main()
