// The playground's page (docs/src/playground.md): @qalint/wasm's check() on every edit, fix()
// for the fixed text, the page carried in the URL's fragment so that a link shows it.
import { init, check, fix } from './qalint.js';

const $ = (id) => document.getElementById(id);
const SAMPLE = `---
title: Loops
description: "Loops in Python."
framework: Python
frameworkSlug: python
topic: Basics
topicSlug: basics
subtopic: Loops
difficulty: Hard
order: 1
updated: 2026-06-18
seoDescription: "Interview questions on loops."
questions:
  - id: for-else
    difficulty: medium
    q: When does a for loop's else run?
    a: |
      When the loop ends without a break.

      \`\`\`
      for x in []:
          pass
      else:
          print("done")
      \`\`\`
---
`;

// The page in the fragment: UTF-8, then base64url.
const encode = (text) => {
  let bin = '';
  for (const b of new TextEncoder().encode(text)) bin += String.fromCharCode(b);
  return btoa(bin).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
};
const decode = (b64) => {
  const bin = atob(b64.replaceAll('-', '+').replaceAll('_', '/'));
  return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
};

function options() {
  const schema = $('qp-schema').value.trim();
  const config = $('qp-config').value;
  return {
    path: $('qp-path').value,
    text: $('qp-page').value,
    ...(schema ? { schema } : {}),
    ...(config.trim() ? { config } : {}),
    unsafeFixes: $('qp-unsafe').checked,
  };
}

function render() {
  const opts = options();
  const params = new URLSearchParams({ page: encode(opts.text), path: opts.path });
  $('qp-link').href = `#${params}`;
  history.replaceState(null, '', `#${params}`);
  try {
    const start = performance.now();
    const findings = check(opts);
    const ms = performance.now() - start;
    $('qp-time').textContent = `checked in ${ms.toFixed(1)} ms`;
    $('qp-time').dataset.ms = String(ms);
    $('qp-findings').textContent = findings.length === 0
      ? 'No problems.'
      : findings.map((f) => `${f.file}:${f.line}:${f.column}: ${f.code} [${f.rule}] ${f.message}`
        + (f.fix ? `  (${f.fix.applicability} fix: ${f.fix.message})` : '')).join('\n');
    $('qp-fixed').textContent = fix(opts).text;
  } catch (e) {
    $('qp-findings').textContent = `qalint: ${e.message}`;
    $('qp-fixed').textContent = '';
  }
}

await init(new URL('./qalint.wasm', import.meta.url));
const given = new URLSearchParams(location.hash.slice(1));
$('qp-page').value = given.has('page') ? decode(given.get('page')) : SAMPLE;
if (given.has('path')) $('qp-path').value = given.get('path');
for (const id of ['qp-path', 'qp-page', 'qp-schema', 'qp-config', 'qp-unsafe']) {
  $(id).addEventListener('input', render);
}
$('qp-fix').addEventListener('click', () => {
  $('qp-page').value = fix(options()).text;
  render();
});
render();
document.body.dataset.playground = 'ready';
