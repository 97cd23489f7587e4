// Output formats for CI and editors: SARIF 2.1.0 (validated by Microsoft's SARIF multitool with
// the rules GitHub code scanning applies), KTAP version 1, terse editor lines. Each format has
//   - a golden file from a fixed report JSON (format functions are pure: report → text),
//   - structural checks on a report computed here from the bundled default (narrowed) and from a
//     real tree (.cache/kernels/linux-6.12, Xen upcall, one config; skipped with a message when
//     the tree is absent), asserting agreement with the report rather than frozen finding text,
//   - the hostile-name fixture, plus line breaks, `#` and forged KTAP lines on top of it.
//
//   KENTRY_UPDATE_GOLDEN=1 node --import tsx --test test/formats.test.ts   # rewrites the goldens

import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, describe, it } from 'node:test';
import { main } from '../src/cli/main.ts';
import { findingIdentity, primaryLoc } from '../src/report/baseline.ts';
import { formatKtap, ktapName } from '../src/report/ktap.ts';
import { FINGERPRINT_KEY, toSarif } from '../src/report/sarif.ts';
import { formatTerse } from '../src/report/terse.ts';
import type { Finding, KentryReport } from '../src/report/schema.ts';
import { assertValidSarif, validateSarif } from './sarif-validate.ts';
import { tempDir } from './tmp.ts';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..');
const FIXTURES = join(here, 'fixtures', 'reports');
const GOLDEN = join(here, 'golden');
const tmp = tempDir('kentry-formats-');
const load = (name: string): KentryReport => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as KentryReport;

function golden(name: string, actual: string): void {
  const file = join(GOLDEN, name);
  if (process.env.KENTRY_UPDATE_GOLDEN === '1') writeFileSync(file, actual);
  assert.ok(existsSync(file), `${file} missing: run with KENTRY_UPDATE_GOLDEN=1 once`);
  assert.equal(actual, readFileSync(file, 'utf8'), `${name} differs from the golden file (KENTRY_UPDATE_GOLDEN=1 rewrites it after review)`);
}

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), stdoutIsTTY: false, stderrIsTTY: false, env: {} });
  return { code, stdout, stderr };
}

// ------------------------------------------------------------------------------ a KTAP reader

interface KtapTest {
  readonly ok: boolean;
  readonly number: number;
  readonly name: string;
  readonly directive: string;
  readonly diagnostics: readonly string[];
  readonly subtests: readonly KtapTest[];
}

/**
 * Parses KTAP version 1 strictly: every line must be a version line, a plan, a result, a
 * diagnostic or a subtest header at the right indentation; plans must match the results.
 */
function parseKtap(text: string): { plan: number; tests: KtapTest[]; diagnostics: string[] } {
  const lines = text.split('\n');
  let i = 0;
  function block(indent: string): { plan: number; tests: KtapTest[]; diagnostics: string[] } {
    assert.equal(lines[i], `${indent}KTAP version 1`, `line ${i + 1}: expected '${indent}KTAP version 1'`);
    i++;
    const top: string[] = [];
    let plan = -1;
    const tests: KtapTest[] = [];
    let pending: string[] = [];
    let sub: { plan: number; tests: KtapTest[] } | undefined;
    while (i < lines.length) {
      const line = lines[i]!;
      if (line === '' && i === lines.length - 1) break;
      if (line.startsWith(`${indent}    KTAP version 1`)) {
        sub = block(`${indent}    `);
        continue;
      }
      if (!line.startsWith(indent) || /^\s/.test(line.slice(indent.length))) break; // end of this block
      const body = line.slice(indent.length);
      let m: RegExpMatchArray | null;
      if ((m = body.match(/^1\.\.(\d+)$/))) {
        assert.equal(plan, -1, `line ${i + 1}: second plan`);
        plan = Number(m[1]);
      } else if ((m = body.match(/^# Subtest: (.*)$/))) {
        // the header of the subtest block we are in
      } else if ((m = body.match(/^(ok|not ok) (\d+) ([^#]*?)(?: # (.*))?$/))) {
        assert.equal(Number(m[2]), tests.length + 1, `line ${i + 1}: test number`);
        tests.push({ ok: m[1] === 'ok', number: Number(m[2]), name: m[3]!, directive: m[4] ?? '', diagnostics: pending, subtests: sub?.tests ?? [] });
        if (sub) assert.equal(sub.tests.length, sub.plan, `line ${i + 1}: subtest plan`);
        pending = [];
        sub = undefined;
      } else if (body.startsWith('#')) {
        (plan === -1 && !tests.length ? top : pending).push(body);
      } else {
        assert.fail(`line ${i + 1}: not a KTAP line: ${JSON.stringify(line)}`);
      }
      i++;
    }
    assert.equal(tests.length, plan, `${indent.length / 4}: plan ${plan}, ${tests.length} results`);
    return { plan, tests, diagnostics: top };
  }
  const r = block('');
  assert.equal(i, lines.length - (lines.at(-1) === '' ? 1 : 0), `trailing text after the KTAP document at line ${i + 1}`);
  return r;
}

// ------------------------------------------------------------------------------ structure checks

/** What every format must say about a report, whatever its findings are. */
function assertFormatsAgree(r: KentryReport, what: string, root?: string): void {
  // terse: one line per finding, in order, at the attributed location
  const terse = formatTerse(r, root ? { root } : {});
  const lines = terse ? terse.split('\n') : [];
  assert.equal(lines.length, r.findings.length, `${what}: one terse line per finding`);
  r.findings.forEach((f, k) => {
    const loc = primaryLoc(f);
    const m = lines[k]!.match(/^(.+):(\d+): WARNING: (.*) \[([^\]]+)\]$/);
    assert.ok(m, `${what}: terse line ${k + 1} has the shape path:line: WARNING: message [check-id]: ${lines[k]}`);
    assert.equal(m[4], f.check);
    if (loc) {
      assert.equal(Number(m[2]), loc.line);
      assert.ok(m[1]!.endsWith(loc.file), `${what}: ${m[1]} ends with ${loc.file}`);
    }
  });

  // KTAP: one test per row × invariant, not ok exactly where a violation is
  const ktap = parseKtap(formatKtap(r));
  assert.equal(ktap.plan, r.rows.length * r.invariants.length, `${what}: one KTAP test per row × invariant`);
  let n = 0;
  for (const row of r.rows) {
    for (const inv of r.invariants) {
      const t = ktap.tests[n++]!;
      assert.equal(t.name, ktapName(`${row.id}.${inv.id}`));
      const fs = row.findings.map((id) => r.findings[id - 1]!).filter((f) => f.invariant === inv.id);
      assert.equal(t.ok, !fs.some((f) => f.severity === 'violation'), `${what}: ${t.name} ok iff no violation`);
      if (row.cells[inv.id] === 'not-reached') assert.match(t.directive, /^SKIP/);
      const classes = new Set(fs.map((f) => f.configSummary));
      assert.equal(t.subtests.length, classes.size, `${what}: ${t.name}: one subtest per config class`);
      for (const f of fs.filter((x) => x.severity === 'violation')) {
        const sub = t.subtests.find((s) => s.name === ktapName(f.configSummary))!;
        assert.equal(sub.ok, false);
        assert.ok(sub.diagnostics.some((d) => d.includes(f.message.split(/[\n\r\u2028\u2029]/)[0]!)), `${what}: the finding's message is a diagnostic of its not-ok line`);
      }
    }
  }

  // SARIF: one rule per check, one result per finding, the trace as a thread flow
  const sarif = toSarif(r) as unknown as SarifLog;
  const run = sarif.runs[0]!;
  assert.equal(sarif.version, '2.1.0');
  assert.deepEqual(run.tool.driver.rules.map((x) => x.id).slice(0, r.checks.length), r.checks.map((c) => c.id), `${what}: one rule per check`);
  assert.equal(run.results.length, r.findings.length);
  run.results.forEach((res, k) => {
    const f = r.findings[k]!;
    assert.equal(res.ruleId, f.check);
    assert.equal(run.tool.driver.rules[res.ruleIndex]!.id, f.check);
    assert.equal(res.level, f.severity === 'violation' ? 'error' : 'warning');
    assert.ok(res.message.text.startsWith(f.message));
    const flow = res.codeFlows[0]!.threadFlows[0]!.locations;
    assert.equal(flow.length, f.trace.length);
    flow.forEach((l, s) => assert.deepEqual(Object.keys(l.state).sort(), [...f.trace[s]!.changed].sort(), `${what}: step ${s} carries the changed fields`));
    const loc = primaryLoc(f);
    if (loc) {
      const pl = res.locations[0]!.physicalLocation!;
      assert.equal(decodeURIComponent(pl.artifactLocation.uri), loc.file);
      assert.equal(pl.region.startLine, loc.line);
    }
  });
  assertGithubRequirements(sarif, what);
}

interface SarifLog {
  $schema: string;
  version: string;
  runs: {
    tool: { driver: { name: string; rules: { id: string; shortDescription: { text: string }; fullDescription: { text: string }; help: { text: string } }[] } };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: { physicalLocation?: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number } } }[];
      partialFingerprints: Record<string, string>;
      codeFlows: { threadFlows: { locations: { state: Record<string, { text: string }>; location: { message: { text: string } } }[] }[] }[];
      baselineState?: string;
    }[];
  }[];
}

/** What GitHub code scanning needs from an upload, checked here in addition to the validator. */
function assertGithubRequirements(s: SarifLog, what: string): void {
  assert.match(s.$schema, /sarif-schema-2\.1\.0\.json$/);
  assert.equal(s.runs.length, 1, `${what}: one run (one tool)`);
  const run = s.runs[0]!;
  assert.ok(run.tool.driver.name);
  const ids = new Set(run.tool.driver.rules.map((r) => r.id));
  assert.equal(ids.size, run.tool.driver.rules.length, `${what}: rule ids unique`);
  for (const rule of run.tool.driver.rules) {
    assert.ok(rule.shortDescription.text && rule.fullDescription.text && rule.help.text, `${what}: rule ${rule.id} has descriptions and help`);
    assert.ok(rule.shortDescription.text.length <= 1024);
  }
  assert.ok(run.results.length <= 25_000, 'GitHub keeps at most 25,000 results a run');
  for (const res of run.results) {
    assert.ok(ids.has(res.ruleId));
    assert.ok(res.message.text.length > 0);
    assert.ok(res.locations.length >= 1 && res.locations.length <= 1000);
    const pl = res.locations[0]!.physicalLocation;
    if (pl) {
      assert.doesNotMatch(pl.artifactLocation.uri, /^[a-z]+:|^\//i, `${what}: locations are relative to the checkout`);
      assert.doesNotMatch(pl.artifactLocation.uri, /[\s<>"#?]/, `${what}: the uri is percent-encoded`);
      assert.ok(pl.region.startLine >= 1);
    }
    assert.match(res.partialFingerprints[FINGERPRINT_KEY] ?? '', /^[0-9a-f]{64}$/);
    for (const flow of res.codeFlows) for (const tf of flow.threadFlows) assert.ok(tf.locations.length <= 10_000);
  }
}

// ------------------------------------------------------------------------------ hostile

/** The hostile fixture, plus what is hostile to line formats: line breaks, `#`, forged KTAP lines. */
function hostileLines(): KentryReport {
  const r = load('hostile.report.json');
  const forged = '\nnot ok 1 forged # SKIP\r\n# Subtest: forged\nKTAP version 1\n1..9\u2028ok 2 forged';
  const f0 = r.findings[0]!;
  const loc = { file: `dir #1/a:b\n${f0.loc!.file}`, line: 7, col: 1 };
  const f: Finding = { ...f0, message: `${f0.message}${forged}`, configSummary: `# SKIP ${f0.configSummary}\n1..0`, function: `${f0.function}\nnot ok 3`, loc, check: `${f0.check} #TODO` };
  return { ...r, rows: r.rows.map((row) => ({ ...row, id: `${row.id} # TODO\nok 5` })), findings: [{ ...f, row: `${f.row} # TODO\nok 5` }] };
}

// ------------------------------------------------------------------------------ tests

describe('golden: formats of a fixed report (test/fixtures/reports/xen-upcall.report.json)', () => {
  const r = load('xen-upcall.report.json');
  it('terse', () => golden('xen-upcall.terse.txt', formatTerse(r) + '\n'));
  it('KTAP', () => golden('xen-upcall.ktap', formatKtap(r) + '\n'));
  it('SARIF', () => golden('xen-upcall.sarif.json', JSON.stringify(toSarif(r), null, 2) + '\n'));
  it('all three agree with the report', () => assertFormatsAgree(r, 'xen-upcall fixture'));
  it('terse paths are prefixed with the --kernel directory', () => {
    const line = formatTerse(r, { root: 'src/linux' }).split('\n')[0]!;
    assert.match(line, /^src\/linux\/[a-z]+\/\S+\.c:\d+: WARNING: /);
    assert.ok(line.startsWith(`src/linux/${primaryLoc(r.findings[0]!)!.file}:`));
  });
});

describe('SARIF validator', () => {
  it('the fixed report validates (schema and GitHub rules)', () => assertValidSarif(toSarif(load('xen-upcall.report.json')), 'xen-upcall fixture'));
  it('rejects a broken log (the validation can fail)', () => {
    const broken = toSarif(load('xen-upcall.report.json')) as unknown as SarifLog;
    const run = broken.runs[0]! as unknown as { tool: { driver: Record<string, unknown> }; results: Record<string, unknown>[] };
    delete run.tool.driver['name'];
    run.results[0]!['message'] = {};
    const found = validateSarif(broken);
    assert.ok(found.some((f) => f.level === 'error'), JSON.stringify(found));
  });
  it('fingerprints survive a line shift and differ between findings', () => {
    const r = load('xen-upcall.report.json');
    const shift = (l: Finding['loc']) => (l ? { ...l, line: l.line + 17 } : l);
    const shifted: KentryReport = { ...r, findings: r.findings.map((f) => ({ ...f, loc: shift(f.loc), ...(f.calledFrom ? { calledFrom: { ...f.calledFrom, loc: shift(f.calledFrom.loc) } } : {}), trace: f.trace.map((s) => ({ ...s, loc: shift(s.loc) })) })) };
    const fp = (x: KentryReport) => (toSarif(x) as unknown as SarifLog).runs[0]!.results.map((res) => res.partialFingerprints[FINGERPRINT_KEY]);
    assert.deepEqual(fp(shifted), fp(r));
    assert.equal(new Set(fp(r)).size, r.findings.length);
    const moved = (toSarif(shifted) as unknown as SarifLog).runs[0]!.results[0]!.locations[0]!.physicalLocation!.region.startLine;
    assert.equal(moved, primaryLoc(r.findings[0]!)!.line + 17);
  });
});

describe('hostile names', () => {
  const r = load('hostile.report.json');
  const x = hostileLines();
  it('terse: one line per finding, no raw line break or control character, text kept', () => {
    for (const rep of [r, x]) {
      const t = formatTerse(rep);
      assert.equal(t.split('\n').length, rep.findings.length);
      assert.doesNotMatch(t, /[\r\u2028\u2029\u0000-\u0009\u000b-\u001f]/);
      assert.match(t, /\[[^\]]*\]$/);
    }
    assert.ok(formatTerse(r).includes('<b>x</b> & </script><img src=x onerror=alert(3)>'));
    assert.ok(formatTerse(x).includes('\\nnot ok 1 forged # SKIP\\r\\n'));
    assert.ok(formatTerse(x).startsWith('dir #1/a:b\\narch/'));
  });
  it('KTAP: parses strictly; forged result, plan and header lines stay diagnostics; names carry no #', () => {
    for (const rep of [r, x]) {
      const text = formatKtap(rep);
      const k = parseKtap(text);
      assert.equal(k.plan, rep.rows.length * rep.invariants.length);
      for (const t of k.tests) {
        assert.doesNotMatch(t.name, /#/);
        for (const s of t.subtests) assert.doesNotMatch(s.name, /#/);
      }
      assert.equal(k.tests[0]!.ok, false);
      assert.equal(k.tests[0]!.subtests.length, 1);
      assert.equal(k.tests[0]!.subtests[0]!.ok, false);
      assert.equal(k.tests[0]!.subtests[0]!.directive, '', 'a config class cannot inject a directive');
    }
    const text = formatKtap(x);
    assert.ok(!text.split('\n').some((l) => /^\s*(not ok 1 forged|ok 2 forged|1\.\.9|# Subtest: forged)/.test(l)), 'no forged line');
    assert.ok(text.includes('#   not ok 1 forged # SKIP'), 'the message text is kept as a diagnostic');
    assert.equal(parseKtap(text).tests[0]!.name, ktapName(`${x.rows[0]!.id}.I8`));
    assert.match(ktapName('a # b\nc'), /^a %23 b%0Ac$/);
  });
  it('SARIF: valid, text round-trips exactly, uris percent-encoded', () => {
    for (const [rep, what] of [[r, 'hostile'], [x, 'hostile lines']] as const) {
      const log = toSarif(rep);
      assertValidSarif(log, what);
      const back = JSON.parse(JSON.stringify(log)) as SarifLog;
      const res = back.runs[0]!.results[0]!;
      assert.ok(res.message.text.startsWith(rep.findings[0]!.message));
      const uri = res.locations[0]!.physicalLocation!.artifactLocation.uri;
      assert.equal(decodeURIComponent(uri), primaryLoc(rep.findings[0]!)!.file);
      assertGithubRequirements(back, what);
    }
  });
});

describe('formats on the bundled default (v4, one config, computed now)', () => {
  let report: KentryReport;
  const NARROW = ['--rows', 'v4', '--config', 'PREEMPTION=none,PROVE_LOCKING=y,PROVE_RCU=y,NO_HZ_FULL=n,TINY_RCU=n,DEBUG_ENTRY=n,TRACE_IRQFLAGS_NMI_SUPPORT=y'];
  before(async () => {
    const r = await run(['check', ...NARROW, '--json']);
    assert.equal(r.code, 1, r.stderr);
    report = JSON.parse(r.stdout) as KentryReport;
  });
  it('has violations to format', () => assert.ok(report.findings.some((f) => f.severity === 'violation')));
  it('terse, KTAP and SARIF agree with the report', () => assertFormatsAgree(report, 'bundled v4'));
  it('SARIF validates', () => assertValidSarif(toSarif(report), 'bundled v4'));
  it('the CLI writes the same formats (--format terse, --ktap, --sarif FILE)', async () => {
    const terse = await run(['check', ...NARROW, '--format', 'terse']);
    assert.equal(terse.code, 1);
    assert.equal(terse.stdout, formatTerse(report) + '\n');
    const ktap = await run(['check', ...NARROW, '--ktap']);
    assert.equal(ktap.stdout, formatKtap(report) + '\n');
    const file = join(tmp, 'bundled.sarif');
    const sarif = await run(['check', ...NARROW, '--sarif', file, '--quiet']);
    assert.equal(sarif.code, 1);
    assert.equal(sarif.stderr, '', '--quiet: no "wrote" note');
    const log = JSON.parse(readFileSync(file, 'utf8')) as SarifLog;
    assert.deepEqual(log.runs[0]!.results.map((x) => x.ruleId), report.findings.map((f) => f.check));
    assert.deepEqual(
      log.runs[0]!.results.map((x) => x.partialFingerprints[FINGERPRINT_KEY]),
      (toSarif(report) as unknown as SarifLog).runs[0]!.results.map((x) => x.partialFingerprints[FINGERPRINT_KEY]),
    );
  });
  it('finding identities are unique within the report', () => {
    const ids = report.findings.map(findingIdentity);
    assert.equal(new Set(ids).size, ids.length, ids.join('\n'));
  });
});

const TREE = join(repo, '.cache', 'kernels', 'linux-6.12');
const treeSkip = existsSync(join(TREE, 'kernel', 'entry', 'common.c')) ? false : `no kernel tree at ${TREE} (npm run fetch-kernels)`;

describe('formats on a real tree (linux-6.12, Xen upcall, one config)', { skip: treeSkip }, () => {
  let report: KentryReport;
  let terse: string;
  const root = '.cache/kernels/linux-6.12';
  before(async () => {
    const file = join(tmp, 'tree.sarif');
    const r = await run(['check', '--kernel', TREE, '--vector', 'xen-upcall', '--config', 'PREEMPTION=none,PROVE_LOCKING=y,PROVE_RCU=y,NO_HZ_FULL=n,TINY_RCU=n,DEBUG_ENTRY=n,TRACE_IRQFLAGS_NMI_SUPPORT=y', '--json', '--sarif', file, '--quiet']);
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    report = JSON.parse(r.stdout) as KentryReport;
    terse = formatTerse(report, { root });
    const written = JSON.parse(readFileSync(file, 'utf8')) as SarifLog;
    assert.deepEqual(written, JSON.parse(JSON.stringify(toSarif(report))));
  });
  it('terse, KTAP and SARIF agree with the report', () => assertFormatsAgree(report, 'linux-6.12', root));
  it('SARIF validates; locations are tree-relative files that exist in the tree', () => {
    const log = toSarif(report) as unknown as SarifLog;
    assertValidSarif(log, 'linux-6.12');
    for (const res of log.runs[0]!.results) {
      const pl = res.locations[0]!.physicalLocation!;
      if (pl.artifactLocation.uriBaseId === 'SRCROOT') assert.ok(existsSync(join(TREE, decodeURIComponent(pl.artifactLocation.uri))), pl.artifactLocation.uri);
    }
  });
  it('terse paths resolve from the directory kentry ran in', () => {
    for (const line of terse.split('\n').filter(Boolean)) {
      const path = line.slice(0, line.indexOf(':'));
      if (path.startsWith(root)) assert.ok(existsSync(join(repo, path)), path);
    }
  });
});
