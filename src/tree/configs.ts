// Named Kconfig presets for reading entry code: small sets of enabled symbols (no `CONFIG_`
// prefix) covering the axes the entry code branches on. Not a full .config: symbols not listed
// are n. Arch-selected symbols (HAVE_PREEMPT_DYNAMIC_CALL/_KEY) come from the tree's facts, not
// from a version check.

import type { TreeFacts } from './discover.ts';

export type PresetName =
  | 'preempt-full-dynamic'
  | 'preempt-full'
  | 'preempt-none'
  | 'preempt-voluntary-dynamic'
  | 'xen-pv'
  | 'nohz-full'
  | 'no-context-tracking'
  | 'prove-locking';

/** x86-64 SMP with the generic entry code and tree RCU. */
const BASE = [
  'X86', 'X86_64', '64BIT', 'SMP', 'MMU', 'GENERIC_ENTRY', 'TREE_RCU', 'NO_HZ_COMMON', 'NO_HZ_IDLE',
  'CONTEXT_TRACKING', 'CONTEXT_TRACKING_IDLE', 'TRACE_IRQFLAGS_SUPPORT', 'HAVE_PREEMPT_DYNAMIC',
  'IRQ_FORCED_THREADING', 'HAVE_IRQ_EXIT_ON_IRQ_STACK', 'HIGH_RES_TIMERS', 'GENERIC_IRQ_ENTRY',
];
const FULL = ['PREEMPTION', 'PREEMPT', 'PREEMPT_BUILD', 'PREEMPT_COUNT', 'PREEMPT_RCU'];
const DYNAMIC = ['PREEMPT_DYNAMIC', 'PREEMPT_BUILD', 'PREEMPTION', 'PREEMPT_COUNT', 'PREEMPT_RCU'];

const PRESETS: Readonly<Record<PresetName, { readonly on: readonly string[]; readonly off?: readonly string[] }>> = {
  'preempt-full-dynamic': { on: [...FULL, ...DYNAMIC] },
  'preempt-full': { on: FULL },
  'preempt-none': { on: ['PREEMPT_NONE', 'PREEMPT_NONE_BUILD'] },
  // Debian's amd64 choice: voluntary preemption by default, switchable at boot (PREEMPT_DYNAMIC).
  'preempt-voluntary-dynamic': { on: ['PREEMPT_VOLUNTARY', ...DYNAMIC] },
  'xen-pv': { on: [...FULL, ...DYNAMIC, 'HYPERVISOR_GUEST', 'PARAVIRT', 'PARAVIRT_XXL', 'XEN', 'XEN_PV', 'XEN_PV_SMP'] },
  'nohz-full': { on: [...FULL, ...DYNAMIC, 'NO_HZ_FULL', 'CONTEXT_TRACKING_USER', 'VIRT_CPU_ACCOUNTING_GEN', 'RCU_NOCB_CPU'], off: ['NO_HZ_IDLE'] },
  'no-context-tracking': { on: [...FULL, ...DYNAMIC, 'TINY_RCU'], off: ['CONTEXT_TRACKING', 'CONTEXT_TRACKING_IDLE', 'TREE_RCU', 'PREEMPT_RCU'] },
  'prove-locking': { on: [...FULL, ...DYNAMIC, 'PROVE_LOCKING', 'LOCKDEP', 'DEBUG_LOCK_ALLOC', 'TRACE_IRQFLAGS', 'PROVE_RCU', 'DEBUG_ENTRY', 'DEBUG_PREEMPT', 'PREEMPT_TRACER', 'DEBUG_ATOMIC_SLEEP'] },
};

export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

/** Enabled symbols of a preset for a tree. `facts.archPreemptDynamic` adds the arch's
 *  HAVE_PREEMPT_DYNAMIC_CALL or _KEY. */
export function presetConfig(name: PresetName, facts?: Pick<TreeFacts, 'archPreemptDynamic'>): Set<string> {
  const p = PRESETS[name];
  const on = new Set([...BASE, ...p.on]);
  for (const s of p.off ?? []) on.delete(s);
  if (facts?.archPreemptDynamic === 'call') on.add('HAVE_PREEMPT_DYNAMIC_CALL');
  if (facts?.archPreemptDynamic === 'key') on.add('HAVE_PREEMPT_DYNAMIC_KEY');
  return on;
}
