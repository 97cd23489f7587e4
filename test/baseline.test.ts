// Baselines: a finding is matched by row, check, function and config class, never by line. A new
// finding fails (exit 1 for a violation), a fixed one is listed, a line shift is neither; the same
// through `kentry check --baseline` and `kentry diff`.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { main } from '../src/cli/main.ts';
import { diffReports, findingIdentity, formatDiff, parseReportJson } from '../src/report/baseline.ts';
import type { Finding, KentryReport } from '../src/report/schema.ts';
import { tempDir } from './tmp.ts';

const tmp = tempDir('kentry-baseline-');
const fixture = (): KentryReport => JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'reports', 'xen-upcall.report.json'), 'utf8')) as KentryReport;

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), stdoutIsTTY: false, stderrIsTTY: false, env: {} });
  return { code, stdout, stderr };
}

/** Every line number in a finding moved by `by` (as if lines were added above the code). */
function shiftFinding(f: Finding, by: number): Finding {
  const s = (l: Finding['loc']) => (l ? { ...l, line: l.line + by } : l);
  return { ...f, loc: s(f.loc), ...(f.calledFrom ? { calledFrom: { ...f.calledFrom, loc: s(f.calledFrom.loc) } } : {}), trace: f.trace.map((t) => ({ ...t, loc: s(t.loc) })) };
}
const shifted = (r: KentryReport, by: number): KentryReport => ({ ...r, findings: r.findings.map((f) => shiftFinding(f, by)) });
const write = (name: string, r: unknown) => {
  const p = join(tmp, name);
  writeFileSync(p, JSON.stringify(r));
  return p;
};

describe('diffReports', () => {
  const r = fixture();
  it('the fixture has findings of different identities', () => assert.ok(new Set(r.findings.map(findingIdentity)).size >= 2));
  it('a line shift is neither new nor fixed', () => {
    const d = diffReports(r, shifted(r, 12));
    assert.equal(d.added.length, 0);
    assert.equal(d.fixed.length, 0);
    assert.equal(d.unchanged.length, r.findings.length);
  });
  it('a new finding is new, the rest unchanged', () => {
    const old = { ...r, findings: r.findings.slice(1) };
    const d = diffReports(old, shifted(r, 3));
    assert.deepEqual(d.added.map((f) => f.id), [r.findings[0]!.id]);
    assert.equal(d.fixed.length, 0);
    assert.equal(d.unchanged.length, r.findings.length - 1);
  });
  it('a finding that went away is fixed', () => {
    const d = diffReports(r, { ...r, findings: r.findings.slice(1) });
    assert.deepEqual(d.fixed.map((f) => f.id), [r.findings[0]!.id]);
    assert.equal(d.added.length, 0);
  });
  it('identity: another function, check, row or config class is another finding; a line is not', () => {
    const f = r.findings[0]!;
    for (const other of [{ ...f, function: 'elsewhere' }, { ...f, check: 'other.check' }, { ...f, row: 'other-row' }, { ...f, configSummary: 'PREEMPTION=full' }]) assert.notEqual(findingIdentity(other), findingIdentity(f));
    assert.equal(findingIdentity(shiftFinding(f, 40)), findingIdentity(f));
  });
  it('two findings equal but for their line stay two (multiset), so a duplicate is new', () => {
    const f = r.findings[0]!;
    const twice = { ...r, findings: [f, { ...shiftFinding(f, 9), id: 99 }] };
    const d = diffReports({ ...r, findings: [f] }, twice);
    assert.equal(d.added.length, 1);
    assert.equal(d.unchanged.length, 1);
  });
  it('formatDiff lists new, fixed and unchanged', () => {
    const text = formatDiff(diffReports({ ...r, findings: r.findings.slice(1) }, { ...r, findings: r.findings.slice(0, -1) }));
    assert.match(text, /^new: 1\n  \+ /m);
    assert.match(text, /^fixed: 1\n  - /m);
    assert.match(text, new RegExp(`^unchanged: ${r.findings.length - 2}$`, 'm'));
  });
  it('parseReportJson rejects what is not a report, in one line', () => {
    for (const [text, re] of [['nope', /not JSON/], ['[]', /not a kentry report/], ['{"schema":"other/1","findings":[]}', /not a kentry-report\/1 report/], ['{"schema":"kentry-report/1","findings":[{}]}', /findings\[0\] lacks/]] as const) {
      assert.throws(() => parseReportJson(text, 'x.json'), (e: Error) => re.test(e.message) && !e.message.includes('\n'));
    }
  });
});

describe('kentry check --baseline and kentry diff', () => {
  const NARROW = ['--rows', 'v4', '--config', 'PREEMPTION=none,PROVE_LOCKING=y,PROVE_RCU=y,NO_HZ_FULL=n,TINY_RCU=n,DEBUG_ENTRY=n,TRACE_IRQFLAGS_NMI_SUPPORT=y', '--context', 'xen-hcall'];
  let current: KentryReport;
  before(async () => {
    const r = await run(['check', ...NARROW, '--json']);
    assert.equal(r.code, 1, r.stderr);
    current = JSON.parse(r.stdout) as KentryReport;
    assert.ok(current.findings.filter((f) => f.severity === 'violation').length >= 2);
  });

  it('same findings, lines shifted: exit 0, nothing new or fixed', async () => {
    const base = write('shifted.json', shifted(current, 25));
    const r = await run(['check', ...NARROW, '--baseline', base]);
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, new RegExp(`baseline .*: 0 new, 0 fixed \\(went away\\), ${current.findings.length} unchanged`));
  });
  it('a violation not in the baseline: exit 1, listed as new', async () => {
    const v = current.findings.find((f) => f.severity === 'violation')!;
    const base = write('without-one.json', { ...current, findings: current.findings.filter((f) => f !== v) });
    const r = await run(['check', ...NARROW, '--baseline', base, '--json']);
    assert.equal(r.code, 1);
    JSON.parse(r.stdout); // stdout stays pure JSON
    assert.match(r.stderr, /: 1 new, 0 fixed/);
    assert.ok(r.stderr.includes(`+ ${v.row} ${v.check} [violation]`), r.stderr);
  });
  it('a finding that went away: listed as fixed, exit 0', async () => {
    const gone: Finding = { ...current.findings[0]!, id: 999, check: 'sched.atomic_old', function: 'old_function', calledFrom: undefined as never };
    const base = write('with-extra.json', { ...current, findings: [...current.findings, gone] });
    const r = await run(['check', ...NARROW, '--baseline', base, '--format', 'terse']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, '', 'terse with a baseline lists only new findings');
    assert.match(r.stderr, /0 new, 1 fixed \(went away\)/);
    assert.match(r.stderr, /- v4 sched\.atomic_old \[violation\] in old_function\(\)/);
  });
  it('a bad baseline is bad input: one line, exit 2, before any checking', async () => {
    const r = await run(['check', ...NARROW, '--baseline', write('bad.json', { schema: 'nope' })]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.equal(r.stdout, '');
    const missing = await run(['check', '--baseline', join(tmp, 'missing.json')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /missing\.json: cannot read \(ENOENT\)/);
  });
  it('kentry diff OLD NEW: new / fixed / unchanged, exit 1 only for new violations', async () => {
    const v = current.findings.find((f) => f.severity === 'violation')!;
    const a = write('a.json', { ...current, findings: current.findings.filter((f) => f !== v) });
    const b = write('b.json', shifted(current, 4));
    const r = await run(['diff', a, b]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^new: 1$/m);
    assert.match(r.stdout, /^fixed: 0$/m);
    assert.match(r.stdout, new RegExp(`^unchanged: ${current.findings.length - 1}$`, 'm'));
    const back = await run(['diff', b, a, '--json']);
    assert.equal(back.code, 0);
    const j = JSON.parse(back.stdout) as { new_findings: unknown[]; fixed: { check: string }[]; unchanged: unknown[] };
    assert.equal(j.new_findings.length, 0);
    assert.deepEqual(j.fixed.map((f) => f.check), [v.check]);
    const same = await run(['diff', b, b]);
    assert.equal(same.code, 0);
    assert.match(same.stdout, /^new: 0$/m);
    const bad = await run(['diff', a]);
    assert.equal(bad.code, 2);
  });
});
