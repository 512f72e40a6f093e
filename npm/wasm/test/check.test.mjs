// @qalint/wasm against the native binary: on every page of the bundled fixture site, the
// module's findings are the binary's JSON (the rules of one page: the cross-file ones, QA004
// and QA005, and QA100, which needs every finding of the site, are left out on both sides), and
// its fixes are the binary's `--fix` on standard input. Needs qalint.wasm (scripts/build-wasm.sh)
// and QALINT_BINARY.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import { init, check, fix, run } from '../index.js';

const repo = fileURLToPath(new URL('../../..', import.meta.url));
const site = join(repo, 'fixtures', 'site');
const binary = process.env.QALINT_BINARY;
const config = readFileSync(join(site, 'qalint.toml'), 'utf8');
const crossFile = 'QA004,QA005,QA100';

function pages(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? pages(join(dir, e.name)) : e.name.endsWith('.md') ? [join(dir, e.name)] : [],
  );
}

function native(rel, text, extra = []) {
  assert.ok(binary, 'QALINT_BINARY names the qalint binary to compare with');
  const out = spawnSync(
    binary,
    ['--no-cache', '--ignore', crossFile, '--stdin-filename', rel, ...extra],
    { cwd: site, input: text, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
  );
  assert.ok(out.status === 0 || out.status === 1, `${rel}: exit ${out.status}: ${out.stderr}`);
  return out.stdout;
}

await init();

test('the findings of every fixture page equal the binary JSON', () => {
  const all = pages(join(site, 'content'));
  assert.ok(all.length >= 10, `${all.length} pages`);
  let findings = 0;
  for (const file of all) {
    const rel = relative(site, file);
    const text = readFileSync(file, 'utf8');
    const expected = JSON.parse(native(rel, text, ['--format', 'json']));
    const got = check({ path: rel, text, config: `${config}ignore = ["QA004", "QA005", "QA100"]\n` });
    assert.deepEqual(got, expected, rel);
    findings += got.length;
  }
  assert.ok(findings > 10, `${findings} findings`);
});

test('fix gives the bytes --fix gives on standard input', () => {
  for (const file of pages(join(site, 'content'))) {
    const rel = relative(site, file);
    const text = readFileSync(file, 'utf8');
    for (const unsafe of [false, true]) {
      const flags = unsafe ? ['--fix', '--unsafe-fixes'] : ['--fix'];
      const expected = native(rel, text, flags);
      const got = fix({ path: rel, text, config, unsafeFixes: unsafe });
      assert.equal(got.text, expected, `${rel} ${flags.join(' ')}`);
    }
  }
});

test('a schema and settings are given as text; bad ones are errors', () => {
  const text = readFileSync(join(site, 'content', 'python', 'concurrency', 'gil.md'), 'utf8');
  const schema = { type: 'object', required: ['title', 'author'] };
  const got = check({ path: 'content/python/concurrency/gil.md', text, schema });
  assert.ok(got.some((f) => f.code === 'QA001' && f.message.includes('author')), JSON.stringify(got));
  assert.throws(() => check({ path: 'a.md', text, config: 'selct = 1\n' }), /selct/);
  assert.throws(() => check({ path: 1, text }), TypeError);
});

test('a run over the whole site prints what the binary prints, in every format', () => {
  const files = pages(join(site, 'content'))
    .map((file) => relative(site, file))
    .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  // As the launcher's fallback reads them: text, or bytes when not UTF-8.
  const texts = files.map((path) => {
    const bytes = readFileSync(join(site, path));
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      return { path, text: bytes.toString('utf8') };
    } catch {
      return { path, bytes };
    }
  });
  const settings = `${config}ignore = ["QA004", "QA005", "QA100"]\n`;
  for (const format of ['pretty', 'concise', 'json', 'github', 'sarif']) {
    assert.ok(binary, 'QALINT_BINARY names the qalint binary to compare with');
    const out = spawnSync(
      binary,
      ['--no-cache', '--ignore', crossFile, '--format', format, ...files],
      { cwd: site, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', GITHUB_ACTIONS: '' } },
    );
    const got = run({ pages: texts, format, config: settings });
    assert.equal(got.output, out.stdout, format);
    // The summary line is the binary's first line on standard error, when it says one.
    const said = out.stderr.split('\n').filter((l) => l.startsWith('Found ') || l.startsWith('All checks'));
    assert.deepEqual(got.summary === null ? [] : [got.summary], said, format);
    assert.equal(got.errors > 0 ? 1 : 0, out.status, format);
  }
});
