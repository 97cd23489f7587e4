// The x86-58 era in both of its spellings: the names v5.8 released with (idtentry_enter_cond_rcu()
// returning a bool, run_on_irqstack_cond(func, NULL, regs)) and the July-2020 tip rename merged for
// 5.9 (idtentry_enter() returning idtentry_state_t, run_on_irqstack_cond(func, regs)). The same
// upcall written either way binds to the same model functions and gets the same findings, and they
// are the bundled v6 / v6b rows' findings. The upcalls are written for these tests, in our own words.

import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { parseProgram } from '../src/c/frontend.ts';
import { OpKind } from '../src/c/ir.ts';
import { eraSources, findEra, findRow } from '../src/bundled/manifest.ts';
import { runCheck, type CheckRow } from '../src/explore/check.ts';
import { bindEraSpellings } from '../src/explore/era-binding.ts';
import { BindError, bindProgram } from '../src/explore/program.ts';
import { parseConfigFilter } from '../src/model/config.ts';
import { BUNDLED_LATTICE, bundledRow, fileTarget } from '../src/explore/targets.ts';
import type { Finding, KentryReport } from '../src/report/schema.ts';
import { assertFires, assertQuiet, check, ENTER, EXIT, vector } from './helpers.ts';

interface Spelling {
  readonly state: string;
  readonly enter: string;
  readonly irqstack: string;
  readonly exitRcu: string;
  readonly exit: string;
}

const RELEASED: Spelling = {
  state: 'bool rcu_exit;',
  enter: 'rcu_exit = idtentry_enter_cond_rcu(regs);',
  irqstack: 'run_on_irqstack_cond(__xen_pv_evtchn_do_upcall, NULL, regs);',
  exitRcu: 'rcu_exit',
  exit: 'idtentry_exit_cond_rcu(regs, rcu_exit);',
};

const TIP: Spelling = {
  state: 'idtentry_state_t state;',
  enter: 'state = idtentry_enter(regs);',
  irqstack: 'run_on_irqstack_cond(__xen_pv_evtchn_do_upcall, regs);',
  exitRcu: 'state.exit_rcu',
  exit: 'idtentry_exit(regs, state);',
};

/** A 5.8-style Xen PV upcall; `afterStack` closes the section around the IRQ-stack call. */
function upcall(s: Spelling, afterStack: 'instrumentation_end' | 'instrumentation_begin'): string {
  return `static void __xen_pv_evtchn_do_upcall(void)
{
	irq_enter_rcu();
	inc_irq_stat(irq_hv_callback_count);
	xen_hvm_evtchn_do_upcall();
	irq_exit_rcu();
}

__visible noinstr void xen_pv_evtchn_do_upcall(struct pt_regs *regs)
{
	struct pt_regs *old_regs;
	bool inhcall;
	${s.state}

	${s.enter}
	old_regs = set_irq_regs(regs);

	instrumentation_begin();
	${s.irqstack}
	${afterStack}();

	set_irq_regs(old_regs);

	inhcall = get_and_clear_inhcall();
	if (inhcall && !WARN_ON_ONCE(${s.exitRcu})) {
		instrumentation_begin();
		idtentry_exit_cond_resched(regs, true);
		instrumentation_end();
		restore_inhcall(inhcall);
	} else {
		${s.exit}
	}
}
`;
}

// The axes the Xen path and E5/E6 depend on vary (PREEMPTION, PROVE_LOCKING, TINY_RCU, NO_HZ_FULL,
// XEN_PV); the three debug options that only add checks are fixed on, to keep the six runs short.
const FILTER = parseConfigFilter('PROVE_RCU=y,DEBUG_ENTRY=y,TRACE_IRQFLAGS_NMI_SUPPORT=y');
if (typeof FILTER === 'string') throw new Error(FILTER);
const OPTS = { lattice: BUNDLED_LATTICE, filter: FILTER, bounds: { nmiNesting: 1, irqNesting: 1 }, maxStates: 50_000_000, maxSeconds: 900 };

async function run(rows: CheckRow[]): Promise<KentryReport> {
  const r = runCheck('spellings', rows, OPTS);
  assert.equal(r.complete, true);
  assert.equal(r.stats.configsChecked, 8, "the filtered lattice");
  return r;
}

async function fileRun(name: string, text: string): Promise<KentryReport> {
  return run(await fileTarget([{ file: name, text }], 'xen_pv_evtchn_do_upcall', 'xen-upcall', 'x86-58'));
}

/**
 * A finding as a comparable key: check, severity, where (the row's own file is named by the text
 * of the line, so two files with different names and layouts compare), configs and contexts.
 */
function key(f: Finding, sources: ReadonlyMap<string, string>, own: string): string {
  const where = (loc: { file: string; line: number } | null | undefined): string => {
    if (!loc) return '-';
    if (loc.file !== own) return `${loc.file}:${loc.line}`;
    return `own:${(sources.get(own) ?? '').split('\n')[loc.line - 1]!.trim()}`;
  };
  return [f.check, f.severity, f.origin, f.function, where(f.loc), f.calledFrom?.function ?? '', where(f.calledFrom?.loc), [...f.configs].sort().join(';'), [...f.contexts].sort().join(',')].join(' | ');
}

function keys(r: KentryReport, own: string, text: string): string[] {
  return r.findings.map((f) => key(f, new Map([[own, text]]), own)).sort();
}

describe('x86-58: the v5.8 release names and the July-2020 tip names check alike', () => {
  const reports = new Map<string, KentryReport>();
  const text = (s: Spelling, b: 'instrumentation_end' | 'instrumentation_begin') => upcall(s, b);
  before(async () => {
    for (const [id, s] of [['released', RELEASED], ['tip', TIP]] as const) {
      reports.set(`${id}-fixed`, await fileRun(`${id}-fixed.c`, text(s, 'instrumentation_end')));
      reports.set(`${id}-e6`, await fileRun(`${id}-e6.c`, text(s, 'instrumentation_begin')));
    }
    const v6 = findRow('v6')!;
    const v6b = findRow('v6b')!;
    reports.set('v6', await run([await bundledRow(v6)]));
    reports.set('v6b', await run([await bundledRow(v6b)]));
  });

  it('gives identical findings (check, configs, contexts, function, line) for both spellings', () => {
    for (const b of ['fixed', 'e6'] as const) {
      const r = reports.get(`released-${b}`)!;
      const t = reports.get(`tip-${b}`)!;
      // The two files have the same layout: lines compare by number.
      const byLine = (x: KentryReport) => x.findings.map((f) => [f.check, f.function, f.loc?.line, f.configs.join(';'), f.contexts.join(',')].join(' | ')).sort();
      assert.ok(r.findings.length > 0, 'the comparison is not vacuous');
      assert.deepEqual(byLine(t), byLine(r), `${b}: same findings`);
      assert.equal(t.rows[0]!.verdict, r.rows[0]!.verdict);
    }
  });

  it('finds what the bundled rows find: v6 (fixed) clean in its own code with E5 in the era, v6b (as shipped) with E6', () => {
    for (const id of ['released', 'tip']) {
      const fixed = upcall(id === 'tip' ? TIP : RELEASED, 'instrumentation_end');
      const e6 = upcall(id === 'tip' ? TIP : RELEASED, 'instrumentation_begin');
      assert.deepEqual(keys(reports.get(`${id}-fixed`)!, `${id}-fixed.c`, fixed), keys(reports.get('v6')!, findRow('v6')!.file, ''), `${id} fixed = v6`);
      assert.equal(reports.get(`${id}-fixed`)!.findings.filter((f) => f.origin === 'row').length, 0);
      assert.ok(reports.get(`${id}-fixed`)!.findings.some((f) => f.check === 'lockdep.inconsistent_lock_state' && f.function === 'idtentry_enter_cond_rcu'), 'E5');
      const mine = reports.get(`${id}-e6`)!;
      const e6own = mine.findings.filter((f) => f.origin === 'row');
      assert.deepEqual(e6own.map((f) => [f.check, f.function]), [['objtool.return_instrumentation', 'xen_pv_evtchn_do_upcall']], `${id}: E6 is the row's one own finding`);
      const shipped = reports.get('v6b')!;
      const base = (x: KentryReport, own: string, t: string) => keys({ ...x, findings: x.findings.filter((f) => f.origin === 'base') }, own, t);
      assert.deepEqual(base(mine, `${id}-e6.c`, e6), base(shipped, findRow('v6b')!.file, ''), `${id} E6 base findings = v6b's`);
      assert.deepEqual(e6own.map((f) => [f.configs.join(';'), f.contexts.join(',')]), shipped.findings.filter((f) => f.origin === 'row').map((f) => [f.configs.join(';'), f.contexts.join(',')]));
    }
  });

  it('leaves nothing opaque: not the renamed calls, not the IRQ-stack switch, not the bundled NMI path', () => {
    for (const [id, r] of reports) {
      assert.deepEqual(r.rows.flatMap((row) => row.opaqueSites ?? []).map((s) => s.callee), [], id);
      assert.deepEqual(r.opaqueCalls, [], id);
    }
  });
});

/** The era's program with a user file on top, spellings bound. */
async function bound(user: string, era = 'x86-58') {
  return bindEraSpellings(await parseProgram([...eraSources(era), { file: 'u.c', text: user }]), findEra(era)!);
}

function callees(ir: Awaited<ReturnType<typeof bound>>, fn: string): string[] {
  return ir.functions.get(fn)!.ops.flatMap((op) => (op.kind === OpKind.Call ? [op.callee] : []));
}

describe('era spellings: what binds and what does not', () => {
  it('binds the tip names to the era functions and the IRQ-stack switch to its assertion and a call', async () => {
    const ir = await bound(upcall(TIP, 'instrumentation_end'));
    const c = callees(ir, 'xen_pv_evtchn_do_upcall');
    assert.ok(c.includes('idtentry_enter_cond_rcu') && c.includes('idtentry_exit_cond_rcu'));
    assert.ok(!c.includes('idtentry_enter') && !c.includes('idtentry_exit') && !c.includes('run_on_irqstack_cond'));
    const at = c.indexOf('lockdep_assert_irqs_disabled');
    assert.equal(c[at + 1], '__xen_pv_evtchn_do_upcall', 'the assertion, then the function, in place of the switch');
    // Jumps still land on the ops they meant: the else branch starts with the exit call.
    const f = ir.functions.get('xen_pv_evtchn_do_upcall')!;
    for (const op of f.ops) if (op.kind === OpKind.BranchIfFalse || op.kind === OpKind.Jump) assert.ok(op.target <= f.ops.length);
    const exitAt = f.ops.findIndex((op) => op.kind === OpKind.Call && op.callee === 'idtentry_exit_cond_rcu');
    assert.ok(f.ops.some((op) => op.kind === OpKind.BranchIfFalse && op.target === exitAt), 'the if/else branch targets the exit call');
  });

  it('keeps a user definition of a renamed function', async () => {
    const own = `idtentry_state_t idtentry_enter(struct pt_regs *regs)
{
	idtentry_state_t s = { .exit_rcu = false };

	lockdep_hardirqs_off(CALLER_ADDR0);
	return s;
}
${upcall(TIP, 'instrumentation_end')}`;
    const c = callees(await bound(own), 'xen_pv_evtchn_do_upcall');
    assert.ok(c.includes('idtentry_enter') && c.includes('idtentry_exit_cond_rcu'));
  });

  it('does not rename on another era: v6-may2020 has its own idtentry_enter()/idtentry_exit()', async () => {
    const user = `__visible noinstr void xen_pv_evtchn_do_upcall(struct pt_regs *regs)
{
	idtentry_enter(regs);
	idtentry_exit(regs);
}
`;
    assert.deepEqual(callees(await bound(user, 'v6-may2020'), 'xen_pv_evtchn_do_upcall'), ['idtentry_enter', 'idtentry_exit']);
  });

  it('refuses the alias when idtentry_state_t is not the one-field struct its bool stands for', async () => {
    const user = `typedef struct idtentry_state {
	bool lockdep;
	bool exit_rcu;
} idtentry_state_t;
${upcall(TIP, 'instrumentation_end')}`;
    await assert.rejects(bound(user), (e: unknown) => {
      assert.ok(e instanceof BindError, 'a problem with the input (exit 2), not an internal error');
      assert.equal(e.loc.file, 'u.c');
      assert.equal(e.loc.line, user.split('\n').findIndex((l) => l.includes('state = idtentry_enter(regs);')) + 1);
      assert.match(e.detail, /idtentry_state_t here is \{ lockdep, exit_rcu \}/);
      return true;
    });
    // The era's own struct binds (the positive case is the first test above).
    await bound(upcall(TIP, 'instrumentation_end'));
  });

  it('leaves a switch to a function it cannot call opaque, and lists it', async () => {
    for (const call of ['run_on_irqstack_cond(undefined_handler, regs);', 'run_on_irqstack_cond(two_args, regs);']) {
      const user = `static void two_args(int a, int b)
{
}

noinstr void my_vector(struct pt_regs *regs)
{
	instrumentation_begin();
	${call}
	instrumentation_end();
}
`;
      const ir = await bound(user);
      assert.deepEqual(callees(ir, 'my_vector').filter((n) => !n.startsWith('instrumentation')), ['run_on_irqstack_cond']);
      const p = bindProgram(ir, ['my_vector']);
      assert.deepEqual(p.opaque.map((o) => o.name), ['run_on_irqstack_cond']);
    }
  });

  it("the switch's lockdep_assert_irqs_disabled() fires when lockdep says IRQs are on, and only then", async () => {
    const handler = 'static void my_handler(void)\n{\n\tgeneric_handle_irq();\n}\n\n';
    const bad = vector(`${ENTER}\n\ttrace_hardirqs_on();\n\trun_on_irqstack_cond(my_handler, regs);\n\ttrace_hardirqs_off();\n${EXIT}`, handler);
    assertFires(await check({ c: bad, contexts: ['kernel'] }), 'lockdep.assert_irqs_disabled', bad, { at: 'run_on_irqstack_cond', fn: 'my_vector' });
    const good = vector(`${ENTER}\n\trun_on_irqstack_cond(my_handler, regs);\n${EXIT}`, handler);
    assertQuiet(await check({ c: good, contexts: ['kernel'] }), 'lockdep.assert_irqs_disabled');
  });
});

describe("the bundled NMI path's ftrace hooks: interpreted, instrumentable, no modelled state", () => {
  const nmi = (hook: string, inside: string) => `noinstr void my_nmi(struct pt_regs *regs)
{
	irqentry_state_t irq_state = idtentry_enter_nmi(regs);

${hook}	instrumentation_begin();
${inside}	default_do_nmi(regs);
	instrumentation_end();

	idtentry_exit_nmi(regs, irq_state);
}
`;
  it('objtool reports a hook called outside an instrumentation section, and only there', async () => {
    const out = nmi('\tftrace_nmi_enter();\n', '');
    const r = await check({ c: out, entry: 'my_nmi', harness: 'nmi', contexts: ['kernel'] });
    assertFires(r, 'objtool.noinstr_call', out, { at: 'ftrace_nmi_enter', fn: 'my_nmi', message: 'call to ftrace_nmi_enter() leaves .noinstr.text section' });
    assert.deepEqual(r.rows[0]!.opaqueSites ?? [], []);
    const inside = nmi('', '\tftrace_nmi_enter();\n');
    const q = await check({ c: inside, entry: 'my_nmi', harness: 'nmi', contexts: ['kernel'] });
    assertQuiet(q, 'objtool.noinstr_call');
    assert.deepEqual(q.rows[0]!.opaqueSites ?? [], []);
  });
});
