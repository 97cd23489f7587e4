// The read-set memo of runCheck(): configs that agree on everything a run read share that run.
// PREEMPTION ("full or not") and the preemption model (none / voluntary / full) are separate reads,
// so code that only asks IS_ENABLED(CONFIG_PREEMPTION) runs once for none and voluntary together.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCheck } from '../src/explore/check.ts';
import { BUNDLED_LATTICE, fileTarget } from '../src/explore/targets.ts';
import { ConfigReader, PreemptModel, projectConfig } from '../src/model/config.ts';
import { cFile, configFilter } from './helpers.ts';

/** A kernel-mode IRQ vector whose only own config read is `cond`. */
function vectorReading(cond: string): string {
  return `noinstr void my_vector(struct pt_regs *regs)
{
	lockdep_hardirqs_off(CALLER_ADDR0);
	instrumentation_begin();
	trace_hardirqs_off_finish();
	if (IS_ENABLED(${cond}))
		inc_irq_stat();
	trace_hardirqs_on_prepare();
	lockdep_hardirqs_on_prepare(CALLER_ADDR0);
	instrumentation_end();
	lockdep_hardirqs_on(CALLER_ADDR0);
}
`;
}

/** Checks `c` over all three preemption models, everything else fixed. */
async function overPreemptModels(name: string, c: string) {
  const rows = await fileTarget([{ file: cFile(name), text: c }], 'my_vector', 'irq', 'x86-58');
  const { preempt: _drop, ...filter } = configFilter();
  const report = runCheck('test', rows, { lattice: BUNDLED_LATTICE, filter, contexts: ['kernel'], bounds: { nmiNesting: 0, irqNesting: 0 }, maxStates: 20_000, maxSeconds: 600 });
  assert.ok(report.complete);
  assert.equal(report.stats.configsChecked, 3, 'none, voluntary and full');
  assert.deepEqual(report.findings, [], 'the program is clean');
  return report;
}

describe('config read tracking', () => {
  it('PREEMPTION and the preemption model are separate reads with separate projections', () => {
    const none = { preempt: PreemptModel.None, bits: 0 };
    const vol = { preempt: PreemptModel.Voluntary, bits: 0 };
    const full = { preempt: PreemptModel.Full, bits: 0 };
    const a = new ConfigReader(vol);
    assert.equal(a.kconfig('PREEMPTION'), false);
    assert.equal(projectConfig(none, a.readMask), projectConfig(vol, a.readMask));
    assert.notEqual(projectConfig(full, a.readMask), projectConfig(vol, a.readMask));
    const b = new ConfigReader(vol);
    assert.equal(b.kconfig('PREEMPT_VOLUNTARY'), true);
    assert.notEqual(projectConfig(none, b.readMask), projectConfig(vol, b.readMask));
    assert.equal(projectConfig(none, 0), projectConfig(full, 0), 'nothing read: one run for all');
  });

  it('a program that only reads PREEMPTION shares one run between none and voluntary', async () => {
    const report = await overPreemptModels('reads-preemption', vectorReading('CONFIG_PREEMPTION'));
    assert.equal(report.stats.runs, 2, 'full, and none+voluntary');
  });

  it('a program that reads the preemption model runs none and voluntary separately', async () => {
    const report = await overPreemptModels('reads-preempt-model', vectorReading('CONFIG_PREEMPT_VOLUNTARY'));
    assert.equal(report.stats.runs, 3);
  });
});
