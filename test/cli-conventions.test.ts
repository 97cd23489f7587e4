// CLI conventions: --version, --help on every subcommand (exit 0), one-line bad input (exit 2),
// the internal-error line (exit 70, stack only with --debug), the progress line on a terminal only.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { KENTRY_VERSION } from '../src/explore/check.ts';
import { main, internalErrorLine, type Io } from '../src/cli/main.ts';
import { formatProgress, progressMeter } from '../src/report/progress.ts';

const repo = join(import.meta.dirname, '..');
const NARROW = ['--rows', 'v4', '--config', 'PREEMPTION=none,PROVE_LOCKING=y,PROVE_RCU=y,NO_HZ_FULL=n,TINY_RCU=n,DEBUG_ENTRY=n,TRACE_IRQFLAGS_NMI_SUPPORT=y'];

async function run(args: string[], io: Partial<Io> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), stdoutIsTTY: false, stderrIsTTY: false, env: {}, ...io });
  return { code, stdout, stderr };
}

describe('version and help', () => {
  it('kentry --version: the package version, exit 0', async () => {
    const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string };
    assert.equal(KENTRY_VERSION, pkg.version);
    for (const v of ['--version', '-V', 'version']) {
      const r = await run([v]);
      assert.equal(r.code, 0);
      assert.equal(r.stdout, `kentry ${pkg.version}\n`);
    }
  });
  it('kentry check --help prints the check options, exit 0', async () => {
    const r = await run(['check', '--help']);
    assert.equal(r.code, 0);
    for (const opt of ['--kernel', '--vector', '--config', '--format', '--sarif', '--ktap', '--baseline', '--quiet', '--max-states', '--json']) assert.ok(r.stdout.includes(opt), opt);
    assert.equal(r.stderr, '');
  });
  it('--help / -h on every subcommand, wherever it stands, exit 0', async () => {
    for (const cmd of ['check', 'coverage', 'view', 'parse', 'invariants', 'diff']) {
      for (const args of [[cmd, '--help'], [cmd, '-h'], [cmd, 'x.c', '--bogus', '--help'], ['help', cmd]]) {
        const r = await run(args);
        assert.equal(r.code, 0, args.join(' '));
        assert.match(r.stdout, new RegExp(`^usage: kentry ${cmd}`), args.join(' '));
      }
    }
    const top = await run(['--help']);
    assert.equal(top.code, 0);
    assert.match(top.stdout, /kentry diff OLD\.json NEW\.json/);
  });
  it('bad input is one line and exit 2: no command, unknown command, unknown option, bad format', async () => {
    for (const args of [[], ['frobnicate'], ['check', '--bogus'], ['check', '--format', 'xml'], ['check', '--json', '--ktap'], ['help', 'nope'], ['invariants', 'extra']]) {
      const r = await run(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stderr.split('\n').filter(Boolean).length, 1, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /^kentry: /);
    }
  });
  it('an unwritable --sarif path is bad input, not an internal error', async () => {
    const r = await run(['check', ...NARROW, '--context', 'xen-hcall', '--sarif', '/nonexistent-dir/x.sarif']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^kentry: \/nonexistent-dir\/x\.sarif: cannot write \(ENOENT\)\n$/);
  });
});

describe('internal errors', () => {
  const failing = (): Partial<Io> => ({
    stdout: () => {
      throw new Error('stdout exploded\n    at somewhere (file.ts:1:1)');
    },
  });
  it('exactly one line, exit 70, no stack', async () => {
    const r = await run(['invariants'], failing());
    assert.equal(r.code, 70);
    assert.equal(r.stderr, 'kentry: internal error: stdout exploded, please report; rerun with --debug for the stack\n');
  });
  it('--debug adds the stack (anywhere on the command line)', async () => {
    const r = await run(['invariants', '--debug'], failing());
    assert.equal(r.code, 70);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines[0], 'kentry: internal error: stdout exploded, please report; rerun with --debug for the stack');
    assert.ok(lines.length > 2);
    assert.ok(lines.some((l) => /^\s+at /.test(l)), 'stack frames');
  });
  it('a thrown non-Error and an empty message still give one line', () => {
    assert.equal(internalErrorLine('boom'), 'kentry: internal error: boom, please report; rerun with --debug for the stack');
    assert.equal(internalErrorLine(new RangeError('')), 'kentry: internal error: RangeError, please report; rerun with --debug for the stack');
  });
  it('bin/kentry.js: a closed pipe ends quietly', () => {
    const out = spawnSync('bash', ['-c', `node ${join(repo, 'bin/kentry.js')} invariants | head -c 10 >/dev/null; echo "rc=\${PIPESTATUS[0]}"`], { encoding: 'utf8' });
    assert.match(out.stdout, /rc=0/);
    assert.doesNotMatch(out.stderr, /at |Error/);
  });
  it('bin/kentry.js --version', () => {
    assert.equal(execFileSync('node', [join(repo, 'bin/kentry.js'), '--version'], { encoding: 'utf8' }), `kentry ${KENTRY_VERSION}\n`);
  });
});

describe('progress', () => {
  it('formatProgress: runs done/total, states/s, elapsed, estimate', () => {
    const line = formatProgress({ slot: 11, slots: 40, statesExplored: 250_000, elapsedMs: 5_000, label: 'v4 xen-hcall PREEMPTION=none' });
    assert.equal(line, '[10/40 runs] 5.0 s, 50,000 states/s, about 0:15 left · v4 xen-hcall PREEMPTION=none');
    assert.match(formatProgress({ slot: 1, slots: 40, statesExplored: 0, elapsedMs: 0, label: 'x' }), /^\[ 0\/40 runs\] 0\.0 s, 0 states\/s, estimating · x$/);
    assert.match(formatProgress({ slot: 2, slots: 3, statesExplored: 10, elapsedMs: 3_700_000, label: 'x' }), /about 2:03:20 left/);
    assert.equal(formatProgress({ slot: 5, slots: 9, statesExplored: 1, elapsedMs: 1, label: 'y'.repeat(500) }, 60).length, 60);
  });
  it('progressMeter: redraws at most every interval, erases at the end', () => {
    let t = 0;
    const out: string[] = [];
    const m = progressMeter((s) => out.push(s), () => t, 100);
    m.update('a', { slot: 1, slots: 4, statesExplored: 0 });
    t = 50;
    m.update('b', { slot: 2, slots: 4, statesExplored: 10 });
    t = 150;
    m.update('c', { slot: 3, slots: 4, statesExplored: 20 });
    m.finish();
    assert.equal(out.length, 3);
    assert.match(out[1]!, /^\r\u001b\[2K\[2\/4 runs\] 0\.1 s, 133 states\/s, about 0:00 left · c$/);
    assert.equal(out[2], '\r\u001b[2K');
  });
  it('a check on a terminal shows it on stderr; on a pipe and with --quiet nothing', async () => {
    let t = 0;
    const tty = await run(['check', ...NARROW], { stderrIsTTY: true, now: () => (t += 1000) });
    assert.equal(tty.code, 1);
    assert.match(tty.stderr, /\[\s*\d+\/\d+ runs\] [\d.]+ s, [\d,]+ states\/s, (about [\d:]+ left|estimating) · v4 /);
    assert.ok(tty.stderr.endsWith('\r\u001b[2K'), 'the line is erased at the end');
    assert.doesNotMatch(tty.stdout, /runs\]/);
    const pipe = await run(['check', ...NARROW]);
    assert.equal(pipe.stderr, '');
    const quiet = await run(['check', ...NARROW, '-q'], { stderrIsTTY: true });
    assert.equal(quiet.stderr, '');
  });
});
