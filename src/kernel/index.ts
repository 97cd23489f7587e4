// The primitive catalogue: the one place a callee name (or version alias) is resolved to its
// semantics, and the list of every check the tool can make.

import { arm64 } from './arm64.ts';
import { asserts } from './asserts.ts';
import { instrumentation } from './instrumentation.ts';
import { entrywork } from './entrywork.ts';
import { EXPLORER_CHECKS } from './invariants.ts';
import { irq } from './irq.ts';
import { irqflags } from './irqflags.ts';
import { lockdep } from './lockdep.ts';
import { loongarch } from './loongarch.ts';
import { powerpc } from './powerpc.ts';
import { preempt } from './preempt.ts';
import { rcu } from './rcu.ts';
import { riscv } from './riscv.ts';
import { rseq } from './rseq.ts';
import { s390 } from './s390.ts';
import { sched } from './sched.ts';
import { trace } from './trace.ts';
import type { CheckDef, PrimitiveDef, Subsystem } from './types.ts';
import { xen } from './xen.ts';

/**
 * The Kconfig symbols the model's own code (primitives, contexts, the engine) reads by name
 * (`ConfigReader.kconfig()` with a literal name), beside the `IS_ENABLED(CONFIG_X)` of the code it reads. A worker
 * thread answers a tree point's symbols from a snapshot (workers.ts), which must hold both: a
 * symbol missing from it is an internal error. test/jobs.test.ts checks this list against every
 * such call in src/, so it cannot fall behind.
 */
export const MODEL_KCONFIG_READS: readonly string[] = ['ARM64_DEBUG_PRIORITY_MASKING', 'ARM64_PSEUDO_NMI', 'GENERIC_ENTRY', 'KVM', 'PPC64', 'PPC_BOOK3S_64', 'PREEMPT_LAZY', 'PROVE_RCU', 'RISCV_M_MODE', 'RSEQ', 'TRACE_IRQFLAGS'];

export const SUBSYSTEMS: readonly Subsystem[] = [irqflags, lockdep, trace, rcu, preempt, sched, irq, xen, arm64, riscv, s390, loongarch, powerpc, instrumentation, asserts, entrywork, rseq];

const byName = new Map<string, PrimitiveDef>();
for (const s of SUBSYSTEMS) {
  for (const p of s.primitives) {
    for (const n of [p.name, ...(p.aliases ?? [])]) {
      if (byName.has(n)) throw new Error(`primitive ${n} defined twice`);
      byName.set(n, p);
    }
  }
}

export function lookupPrimitive(name: string): PrimitiveDef | undefined {
  return byName.get(name);
}

export function allPrimitives(): readonly PrimitiveDef[] {
  return SUBSYSTEMS.flatMap((s) => s.primitives);
}

export const ALL_CHECKS: readonly CheckDef[] = [...SUBSYSTEMS.flatMap((s) => s.checks), ...EXPLORER_CHECKS];

const checkIds = new Set<string>();
for (const c of ALL_CHECKS) {
  if (checkIds.has(c.id)) throw new Error(`check ${c.id} defined twice`);
  checkIds.add(c.id);
}
