// Docs that exist: every relative link (and #anchor) in README.md and docs/*.md resolves;
// docs/json-schema.md is what src/report/schema.ts generates; the CI workflow in docs/ci.md is
// valid YAML that runs the check, uploads the SARIF and keeps a baseline, with options the CLI has.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { main } from '../src/cli/main.ts';
import { renderSchemaDoc, readSchema, SCHEMA_DOC } from '../scripts/gen-json-schema-doc.ts';

const repo = join(import.meta.dirname, '..');
const DOCS = [join(repo, 'README.md'), ...readdirSync(join(repo, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join(repo, 'docs', f))];

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, duplicates numbered. */
function anchors(markdown: string): Set<string> {
  const out = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const m = line.match(/^#{1,6}\s+(.*?)\s*#*\s*$/);
    if (!m) continue;
    const base = m[1]!
      .replace(/<[^>]+>/g, '')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n ? `${base}-${n}` : base);
  }
  return out;
}

/** Links outside code: `[text](target)`, `![alt](target)`, and `<a href>`/`<img src>`. */
function links(markdown: string): string[] {
  const text = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  const out: string[] = [];
  for (const m of text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) out.push(m[1]!);
  for (const m of text.matchAll(/<(?:a|img)\s[^>]*(?:href|src)="([^"]+)"/g)) out.push(m[1]!);
  return out;
}

describe('links in README.md and docs/', () => {
  it('the docs the README promises exist', () => {
    for (const f of ['docs/json-schema.md', 'docs/ci.md', 'docs/findings.md', 'docs/seed-verdicts.md', 'docs/mutants.md']) assert.ok(existsSync(join(repo, f)), f);
  });
  it('every relative link resolves, anchors included', () => {
    const problems: string[] = [];
    let checked = 0;
    for (const doc of DOCS) {
      const md = readFileSync(doc, 'utf8');
      for (const link of links(md)) {
        if (/^[a-z]+:/i.test(link)) continue; // external (http, mailto): not fetched here
        checked++;
        const [path, anchor] = link.split('#', 2) as [string, string | undefined];
        const target = path ? join(dirname(doc), decodeURIComponent(path)) : doc;
        const where = `${relative(repo, doc)}: ${link}`;
        if (!existsSync(target)) {
          problems.push(`${where}: no such file`);
          continue;
        }
        if (anchor !== undefined && statSync(target).isFile() && target.endsWith('.md') && !anchors(readFileSync(target, 'utf8')).has(anchor)) problems.push(`${where}: no heading #${anchor}`);
      }
    }
    assert.deepEqual(problems, []);
    assert.ok(checked >= 5, `only ${checked} links checked: the link reader is broken`);
  });
  it('the link checker fails on a broken link and a broken anchor', () => {
    assert.deepEqual(links('see [x](docs/nope.md) and ![i](img/a.png) and `[no](code.md)`'), ['docs/nope.md', 'img/a.png']);
    assert.ok(anchors('# Kentry in CI\n## A b\n## A b\n```\n# not a heading\n```').has('a-b-1'));
    assert.ok(!anchors('# x\n```\n# hidden\n```').has('hidden'));
  });
});

describe('docs/json-schema.md', () => {
  it('is generated from src/report/schema.ts (npm run docs:schema)', () => {
    assert.equal(readFileSync(SCHEMA_DOC, 'utf8'), renderSchemaDoc(), 'docs/json-schema.md is stale: npm run docs:schema');
  });
  it('documents every interface and field of the schema', () => {
    const doc = readFileSync(SCHEMA_DOC, 'utf8');
    const model = readSchema();
    assert.ok(model.types.some((t) => t.name === 'KentryReport'));
    for (const t of model.types) {
      assert.ok(doc.includes(`\n## ${t.name}\n`), t.name);
      for (const f of t.fields) {
        assert.ok(doc.includes(`| \`${f.name}${f.optional ? '?' : ''}\` |`), `${t.name}.${f.name}`);
        assert.ok(f.doc.length > 0, `${t.name}.${f.name} has no doc comment in schema.ts`);
      }
    }
    assert.ok(doc.includes('`kentry-report/1`'));
  });
});

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  id?: string;
  with?: Record<string, string | number>;
}

describe('docs/ci.md workflow', () => {
  const md = readFileSync(join(repo, 'docs', 'ci.md'), 'utf8');
  const block = md.match(/```yaml\n([\s\S]*?)```/);
  it('has a YAML workflow that parses', () => {
    assert.ok(block, 'a ```yaml block');
    const wf = parseYaml(block[1]!) as { on: Record<string, unknown>; permissions: Record<string, string>; jobs: Record<string, { steps: Step[] }> };
    assert.ok('pull_request' in wf.on && 'push' in wf.on);
    assert.equal(wf.permissions['security-events'], 'write');
    const steps = Object.values(wf.jobs)[0]!.steps;

    // runs the check with --sarif and --baseline
    const check = steps.find((s) => s.run?.includes(' check ') && s.run.includes('--sarif'));
    assert.ok(check, 'a step runs kentry check --sarif');
    const sarifFile = check.run!.match(/--sarif (\S+)/)![1]!;
    assert.match(check.run!, /--baseline kentry-baseline\.json/);

    // uploads that SARIF
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    assert.ok(upload);
    assert.equal(upload.with?.['sarif_file'], sarifFile);
    assert.equal(upload.if, 'always()');

    // keeps a baseline: restored before the check, saved after it under the same path
    const restore = steps.findIndex((s) => s.uses?.startsWith('actions/cache/restore@'));
    const save = steps.findIndex((s) => s.uses?.startsWith('actions/cache/save@'));
    assert.ok(restore >= 0 && save > steps.indexOf(check) && restore < steps.indexOf(check));
    assert.equal(steps[restore]!.with?.['path'], 'kentry-baseline.json');
    assert.equal(steps[save]!.with?.['path'], 'kentry-baseline.json');

    // the exit code of the check decides the job
    assert.ok(check.id && steps.at(-1)!.run!.includes(`steps.${check.id}.outputs.rc`));
  });
  it('uses only options kentry check has', async () => {
    let help = '';
    await main(['check', '--help'], { stdout: (s) => (help += s), stderr: () => {}, stdoutIsTTY: false, stderrIsTTY: false, env: {} });
    const used = new Set<string>();
    for (const line of (block?.[1] ?? '').split('\n').concat(md.split('\n'))) {
      if (!/kentry(\.js)? (check|diff)/.test(line)) continue;
      for (const m of line.matchAll(/\s(--[a-z-]+)/g)) used.add(m[1]!);
    }
    assert.ok(used.has('--sarif') && used.has('--baseline') && used.has('--format'));
    for (const opt of used) if (!['--omit', '--no-audit', '--no-fund', '--prefix'].includes(opt)) assert.ok(help.includes(opt), `${opt} is not a kentry check option`);
  });
});
