// The bundled default: the seed's six Xen designs, each verdict asserted with its reason.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { runCheck } from '../src/explore/check.ts';
import { bundledTarget, BUNDLED_LATTICE } from '../src/explore/targets.ts';
import type { Finding, KentryReport } from '../src/report/schema.ts';

let report: KentryReport;
const own = (row: string) => report.findings.filter((f) => f.row === row && f.origin === 'row');
const base = (row: string) => report.findings.filter((f) => f.row === row && f.origin === 'base');
const has = (fs: Finding[], check: string, fn?: string) => fs.find((f) => f.check === check && (!fn || f.function === fn || f.calledFrom?.function === fn));

describe('seed verdicts (full lattice, NMI nesting 1, IRQ nesting 1)', () => {
  before(async () => {
    report = runCheck('seed', await bundledTarget('seed'), { lattice: BUNDLED_LATTICE, bounds: { nmiNesting: 1, irqNesting: 1 }, maxStates: 100_000_000, maxSeconds: 900 });
  });

  it('covers the whole lattice', () => {
    assert.equal(report.complete, true);
    assert.equal(report.stats.configsInLattice, 96);
    assert.deepEqual(report.rows.map((r) => r.id), ['v1', 'v2', 'v3', 'v4', 'v5', 'v6']);
  });

  it('v1 (pre-2020 _cond_resched with IRQs off) violates I8: __schedule() entered with IRQs disabled', () => {
    const row = report.rows.find((r) => r.id === 'v1')!;
    assert.equal(row.verdict, 'violation');
    const f = has(own('v1'), 'sched.irqs_disabled', 'xen_maybe_preempt_hcall');
    assert.ok(f, 'schedule with IRQs off, attributed to the variant');
    assert.equal(f.context, 'xen-hcall');
    assert.ok(f.configs.every((c) => !c.includes('PREEMPTION=full')), 'only !PREEMPTION kernels have the hcall path');
  });

  it('v2 (Feb 2020 fix) is clean in its own code; the pre-5.8 base has I2 issues from idle', () => {
    assert.equal(report.rows.find((r) => r.id === 'v2')!.verdict, 'clean');
    assert.equal(own('v2').length, 0);
    assert.ok(base('v2').some((f) => f.invariant === 'I2' && f.contexts.includes('idle-eqs')));
  });

  it('v3 (V6 XEN_PV branch) fires rcu_irq_exit_preempt()\'s task-level check for an upcall nested in softirq', () => {
    assert.equal(report.rows.find((r) => r.id === 'v3')!.verdict, 'violation');
    const f = has(own('v3'), 'rcu.check_preempt.nmi_nesting', '__idtentry_exit');
    assert.ok(f);
    assert.ok(f.trace.some((s) => s.action.startsWith('nested IRQ arrives')), 'the counterexample nests an upcall');
    assert.ok(f.configs.every((c) => c.includes('PROVE_RCU=y')), 'RCU_LOCKDEP_WARN needs PROVE_RCU');
  });

  it('v4 (Andy: idtentry_exit() then schedule()) violates I7, I8, I10 and I11', () => {
    const fs = own('v4');
    assert.equal(report.rows.find((r) => r.id === 'v4')!.verdict, 'violation');
    assert.ok(has(fs, 'sched.irq_return_after_exit'), 'I7: schedule after the exit transitions');
    assert.ok(has(fs, 'sched.irqs_disabled'), 'I8: schedule with IRQs off');
    assert.ok(has(fs, 'sched.xen_inhcall_set'), 'I10: flag not cleared');
    const objtool = has(fs, 'objtool.noinstr_call', 'xen_pv_evtchn_do_upcall');
    assert.ok(objtool, 'I11: schedule() from noinstr at depth 0');
    assert.match(objtool.message, /call to schedule\(\) leaves \.noinstr\.text section/);
    assert.ok(has(fs, 'I3.instrumentable_after_lockdep_on'), 'soft/hardware mismatch while schedule() runs');
  });

  it('v5 (tglx sketch) carries the I3 hazard and its sanity check fires for a nested upcall', () => {
    const fs = own('v5');
    const h = has(fs, 'I3.instrumentable_after_lockdep_on');
    assert.ok(h);
    assert.equal(h.severity, 'hazard');
    assert.match(h.message, /xen_maybe_preempt_hcall/);
    assert.ok(has(fs, 'rcu.check_preempt.nmi_nesting'), 'rcu_sanity_check_for_preemption() warns when the upcall nests in softirq');
    assert.ok(!has(fs, 'sched.irqs_disabled') && !has(fs, 'sched.irq_return_after_exit'), 'never schedules with IRQs off');
  });

  it('v6 (merged 5.8) is clean in its Xen part; E5 is reported against idtentry_enter_cond_rcu', () => {
    assert.equal(report.rows.find((r) => r.id === 'v6')!.verdict, 'clean');
    assert.equal(own('v6').length, 0);
    const e5 = has(base('v6'), 'lockdep.inconsistent_lock_state', 'idtentry_enter_cond_rcu');
    assert.ok(e5);
    assert.ok(e5.configs.every((c) => c.includes('NO_HZ_FULL=y') && c.includes('PROVE_LOCKING=y')));
  });

  it('the bundled model has no opaque sites of its own: every call and access in every row is interpreted', () => {
    for (const row of report.rows) assert.deepEqual((row.opaqueSites ?? []).map((s) => `${s.callee} ${s.file}:${s.line}`), [], row.id);
    assert.deepEqual(report.opaqueCalls, []);
    assert.ok(report.findings.every((f) => !f.throughOpaque));
  });

  it('every finding has a trace ending at the step that fired, with source lines', () => {
    for (const f of report.findings) {
      const last = f.trace[f.trace.length - 1]!;
      assert.equal(last.violation, f.message);
      assert.ok(f.trace.every((s, i) => s.index === i + 1));
    }
  });
});
