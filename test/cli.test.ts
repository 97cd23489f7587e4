// CLI: output and exit codes (0 clean, 1 violations, 2 bad input, 3 budget hit), determinism.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { heldVariantUnmatched, main } from '../src/cli/main.ts';
import type { CheckRow } from '../src/explore/check.ts';
import { type LatticeSpec, parseConfigFilter } from '../src/model/config.ts';
import { tempDir } from './tmp.ts';

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), stdoutIsTTY: false, stderrIsTTY: false, env: {} });
  return { code, stdout, stderr };
}

const NARROW = ['--config', 'PREEMPTION=none,PROVE_LOCKING=y,PROVE_RCU=y,NO_HZ_FULL=n,TINY_RCU=n,DEBUG_ENTRY=n,TRACE_IRQFLAGS_NMI_SUPPORT=y', '--context', 'xen-hcall'];
const tmp = tempDir('kentry-cli-');

describe('kentry check: exit codes', () => {
  it('malformed C: one line file:line:col, exit 2', async () => {
    const f = join(tmp, 'bad.c');
    writeFileSync(f, 'noinstr void xen_pv_evtchn_do_upcall(struct pt_regs *regs)\n{\n\tif (x {\n}\n');
    const r = await run(['check', f]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, new RegExp(`^kentry: ${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:\\d+: `));
    assert.equal(r.stderr.trim().split('\n').length, 1);
  });
  it('unknown identifier: file:line:col, exit 2', async () => {
    const f = join(tmp, 'unknown.c');
    writeFileSync(f, 'noinstr void xen_pv_evtchn_do_upcall(struct pt_regs *regs)\n{\n\tif (mystery_flag)\n\t\treturn;\n}\n');
    const r = await run(['check', f]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown\.c:3:\d+: unknown identifier 'mystery_flag'/);
  });
  it('missing file, bad option values: exit 2, no stack trace', async () => {
    for (const args of [['check', join(tmp, 'nope.c')], ['check', '--config', 'FOO=y'], ['check', '--max-states', 'lots'], ['check', '--context', 'mars'], ['frobnicate']]) {
      const r = await run(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    }
  });
  it('budget hit: exit 3 and says what was covered', async () => {
    const r = await run(['check', '--rows', 'v4', ...NARROW, '--max-states', '500']);
    assert.equal(r.code, 3);
    assert.match(r.stderr, /budget hit after \d+ states in \d+ runs/);
    assert.match(r.stdout, /INCOMPLETE/);
  });
  it('violations: exit 1 with the splat and the trace', async () => {
    const r = await run(['check', '--rows', 'v4', ...NARROW]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /call to schedule\(\) leaves \.noinstr\.text section/);
    assert.match(r.stdout, /VIOLATION/);
    assert.match(r.stdout, /lockdep_hardirqs_on\(CALLER_ADDR0\)\s+→ lockdep=on/);
  });
  it('clean: exit 0 (the merged design from a user file on the 5.8 base)', async () => {
    const f = join(tmp, 'my-upcall.c');
    // Our own restatement of the merged 5.8 upcall, as a user would write a variant.
    writeFileSync(
      f,
      `noinstr void xen_pv_evtchn_do_upcall(struct pt_regs *regs)
{
	bool rcu_exit = idtentry_enter_cond_rcu(regs);
	bool inhcall;

	instrumentation_begin();
	__xen_pv_evtchn_do_upcall();
	instrumentation_end();

	inhcall = get_and_clear_inhcall();
	if (inhcall && !WARN_ON_ONCE(rcu_exit)) {
		instrumentation_begin();
		idtentry_exit_cond_resched(regs, true);
		instrumentation_end();
		restore_inhcall(inhcall);
	} else {
		idtentry_exit_cond_rcu(regs, rcu_exit);
	}
}
`,
    );
    const r = await run(['check', f, '--entry', 'xen_pv_evtchn_do_upcall', '--harness', 'xen-upcall', '--on', 'x86-58', '--config', 'PREEMPTION=none,PROVE_LOCKING=n,NO_HZ_FULL=n', '--context', 'xen-hcall']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /clean/);
  });
});

describe('kentry check: machine output', () => {
  it('--json is one document with the documented schema; --itf writes one file per finding; view renders it', async () => {
    const dir = join(tmp, 'itf');
    const r = await run(['check', '--rows', 'v4', ...NARROW, '--json', '--itf', dir]);
    assert.equal(r.code, 1);
    const rep = JSON.parse(r.stdout);
    assert.equal(rep.schema, 'kentry-report/1');
    assert.ok(rep.findings.length > 0);
    const files = readdirSync(dir).sort();
    assert.equal(files.length, rep.findings.length);
    const itf = JSON.parse(readFileSync(join(dir, files[0]!), 'utf8'));
    assert.ok(Array.isArray(itf.states) && itf.states.length > 0);
    const v = await run(['view', join(dir, files[0]!), '--out', join(tmp, 'trace.html')]);
    assert.equal(v.code, 0);
    assert.ok(existsSync(join(tmp, 'trace.html')));
    const bad = join(tmp, 'bad.itf.json');
    writeFileSync(bad, '{"states": 3}');
    assert.equal((await run(['view', bad])).code, 2);
  });
  it('golden: the v4 report in one config (stats line excluded)', async () => {
    const r = await run(['check', '--rows', 'v4', ...NARROW]);
    const text = r.stdout.split('\n').filter((_, i) => i !== 1).join('\n');
    const golden = new URL('./golden/v4-xen-hcall.txt', import.meta.url);
    if (process.env['UPDATE_GOLDEN']) writeFileSync(golden, text);
    assert.equal(text, readFileSync(golden, 'utf8'));
  });
  it('is deterministic: same counts and same traces on a second run', async () => {
    const a = JSON.parse((await run(['check', '--rows', 'v3,v5', '--config', 'PREEMPTION=none,PROVE_RCU=y', '--json'])).stdout);
    const b = JSON.parse((await run(['check', '--rows', 'v3,v5', '--config', 'PREEMPTION=none,PROVE_RCU=y', '--json'])).stdout);
    assert.equal(a.stats.statesExplored, b.stats.statesExplored);
    assert.equal(a.stats.distinctStates, b.stats.distinctStates);
    assert.deepEqual(a.findings.map((f: { trace: unknown }) => f.trace), b.findings.map((f: { trace: unknown }) => f.trace));
  });
});

describe('check --held: a held option whose derived lattice the --config filter empties', () => {
  // The variant rows of `check --held` carry the lattice derived with the option's other value. If
  // the filter leaves it no configuration, the option is not checked (it stays held, with why):
  // rows that ran nothing would read "clean".
  const row = { id: 'irq', harness: { requires: {} } } as unknown as CheckRow;
  const filter = parseConfigFilter('PREEMPTION=full,PROVE_LOCKING=y');
  assert.ok(typeof filter === 'object');
  const held = { name: 'TOY', value: true };
  it('fires when no configuration of the variant matches: named with its other value', () => {
    const variant = { rows: [row], lattice: { vary: ['PREEMPTION'], fixed: { PROVE_LOCKING: false } } as unknown as LatticeSpec };
    assert.deepEqual(heldVariantUnmatched(held, variant, filter), { name: 'TOY', value: true, why: 'no configuration of the lattice derived with TOY=n matches --config' });
  });
  it('is quiet when some configuration matches, or without a filter', () => {
    const variant = { rows: [row], lattice: { vary: ['PREEMPTION', 'PROVE_LOCKING'], fixed: {} } as unknown as LatticeSpec };
    assert.equal(heldVariantUnmatched(held, variant, filter), undefined);
    const empty = { rows: [row], lattice: { vary: ['PREEMPTION'], fixed: { PROVE_LOCKING: false } } as unknown as LatticeSpec };
    assert.equal(heldVariantUnmatched(held, empty, undefined), undefined);
  });
});
