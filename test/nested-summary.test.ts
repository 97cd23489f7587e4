// Nested IRQs explored once per CPU state (engine.ts nestedIrq, search.ts summarizeNested) must
// find exactly what exploring them afresh above every interrupted path finds: the same checks at
// the same places, with traces as short, through the nested IRQ's own steps.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findRow } from '../src/bundled/manifest.ts';
import { bundledRow } from '../src/explore/targets.ts';
import type { KentryReport } from '../src/report/schema.ts';
import { check } from './helpers.ts';

function firings(r: KentryReport): string[] {
  return r.findings.map((f) => `${f.row} ${f.check} ${f.function} ${f.loc?.file}:${f.loc?.line} [${f.contexts.join(',')}] trace=${f.trace.length}`).sort();
}

async function both(rowId: string, contexts: string[], config = '', bounds = { irqNesting: 1, nmiNesting: 1 }): Promise<{ on: KentryReport; off: KentryReport }> {
  const rows = [await bundledRow(findRow(rowId)!)];
  const on = await check({ rows, contexts, config, bounds, maxStates: 2_000_000 });
  const off = await check({ rows, contexts, config, bounds: { ...bounds, nestedIrqSummaries: false }, maxStates: 2_000_000 });
  return { on, off };
}

describe('nested-IRQ summaries', () => {
  it('e3 (a nested tick in the idle task): the same finding, inside the nested IRQ, with the same trace length', async () => {
    const { on, off } = await both('e3', ['idle-eqs']);
    assert.ok(off.findings.length > 0, 'the row has findings to compare');
    assert.deepEqual(firings(on), firings(off));
    const f = on.findings.find((x) => x.check === 'rcu.tick.false_quiescent_state')!;
    assert.ok(f, 'the nested tick finding');
    // The firing step is inside the nested IRQ (level 1), reached through its own steps.
    assert.equal(f.trace.at(-1)!.level, 1);
    assert.ok(f.trace.some((s) => s.action.startsWith('nested IRQ arrives')));
    assert.ok(on.stats.distinctStates <= off.stats.distinctStates, `${on.stats.distinctStates} ≤ ${off.stats.distinctStates} states`);
  });

  it('v4 (the seed upcall that schedules from the hypercall): the same findings with fewer states', async () => {
    const { on, off } = await both('v4', ['xen-hcall', 'kernel', 'user'], 'PREEMPTION=none,XEN_PV=y');
    assert.ok(off.findings.length > 0, 'the row has findings to compare');
    assert.deepEqual(firings(on), firings(off));
    assert.ok(on.stats.distinctStates < off.stats.distinctStates, `${on.stats.distinctStates} < ${off.stats.distinctStates} states`);
  });

  it('a clean row stays clean', async () => {
    const { on, off } = await both('v6', ['xen-hcall', 'kernel', 'user'], 'PREEMPTION=none,XEN_PV=y');
    assert.deepEqual(firings(on), firings(off));
  });
});
