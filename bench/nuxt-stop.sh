#!/usr/bin/env bash
# How soon `nuxi generate` stops on a broken page of a big site: the Nuxt 4 fixture app (its
# node_modules installed, as scripts/test-nuxt4.sh leaves it) with N generated pages and one
# broken one. Prints the seconds from the command's start to its exit, and when Nuxt Content
# said it had parsed every page (its "Processed … files in … ms" line): the gate that answers
# first stops before that; one that waits for the build (`build:before`) after it.
#   bench/nuxt-stop.sh APP [N]      (APP: an installed copy of fixtures/nuxt4-app)
set -euo pipefail
app=$(cd "${1:?usage: bench/nuxt-stop.sh APP [N]}" && pwd)
n=${2:-10000}
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$app"
rm -rf content .data .nuxt .output
cp -R "$repo/fixtures/nuxt4-app/content" content
node - "$n" <<'EOF'
const { mkdirSync, writeFileSync } = require("node:fs");
const n = Number(process.argv[2]);
for (let i = 0; i < n; i++) {
  const topic = `t${Math.floor(i / 10)}`;
  const dir = `content/gen/${topic}`;
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/p${i % 10}.md`, `---
title: Page ${i}
description: ""
framework: Generated
frameworkSlug: gen
topic: "Topic ${topic}"
topicSlug: ${topic}
subtopic: "page ${i}"
difficulty: medium
order: ${(i % 10) + 1}
updated: 2026-06-18
seoDescription: "Generated page ${i}: interview questions."
tags:
  - gen
questions:
  - id: q${i}
    difficulty: easy
    q: What is page ${i}?
    a: |
      The answer to page ${i}, with a paragraph of text to parse.
---

Some body text for page ${i}.
`);
}
EOF
cp "$repo/fixtures/nuxt4-app/broken/content/python/concurrency/threads.md" content/python/concurrency/threads.md
npx nuxi prepare > /dev/null 2>&1
start=$(date +%s.%N)
set +e
npx nuxi generate > generate.log 2>&1
code=$?
set -e
end=$(date +%s.%N)
parsed=$(grep -o 'Processed [0-9]* collections and [0-9]* files in [0-9.]*ms' generate.log || echo "Nuxt Content did not finish parsing")
printf 'nuxi generate on %s pages: exit %s after %.1f s; %s\n' "$((n + 5))" "$code" "$(awk "BEGIN { print $end - $start }")" "$parsed"
