// The Xen PV per-CPU preemptible-hypercall flag and per-CPU accessors (kentry-ref §2.9).
//
// The flag is per-CPU storage with per-task meaning: a task scheduled from the upcall may resume
// on another CPU, so it must be cleared before scheduling and written back afterwards (I10).

import type { PrimitiveDef, PrimitiveEnv, Subsystem } from './types.ts';

/** Per-CPU variables the model knows, by the value their names evaluate to. */
export const PERCPU_XEN_IN_PREEMPTIBLE_HCALL = 0x7e01;

export const PERCPU_NAMES: ReadonlyMap<string, number> = new Map([['xen_in_preemptible_hcall', PERCPU_XEN_IN_PREEMPTIBLE_HCALL]]);

/**
 * The accessors model only the per-CPU variables above; `this_cpu_read(other_var)` binds as if no
 * primitive existed (the tree's definition, else an opaque site whose value is unconstrained), so
 * an unknown variable is never read as some modelled one, nor as 0.
 */
const namesModelledVariable = (argText: readonly string[]): boolean => PERCPU_NAMES.has((argText[0] ?? '').trim());

// Unreachable for other variables (appliesTo); a call that gets here anyway is a bug of ours.
function read(env: PrimitiveEnv): number {
  if (env.args[0] === PERCPU_XEN_IN_PREEMPTIBLE_HCALL) return env.m.xenInHcall;
  throw new Error(`per-CPU variable '${env.argText[0]}' is not modelled`);
}

function write(env: PrimitiveEnv): number {
  if (env.args[0] === PERCPU_XEN_IN_PREEMPTIBLE_HCALL) {
    env.m.xenInHcall = env.args[1] ? 1 : 0;
    return 0;
  }
  throw new Error(`per-CPU variable '${env.argText[0]}' is not modelled`);
}

const primitives: PrimitiveDef[] = [
  {
    name: '__this_cpu_read',
    aliases: ['this_cpu_read', 'raw_cpu_read'],
    instrumentable: false,
    query: true,
    appliesTo: namesModelledVariable,
    doc: 'Reads a modelled per-CPU variable (xen_in_preemptible_hcall).',
    run: read,
  },
  {
    name: '__this_cpu_write',
    aliases: ['this_cpu_write', 'raw_cpu_write'],
    instrumentable: false,
    appliesTo: namesModelledVariable,
    doc: 'Writes a modelled per-CPU variable (xen_in_preemptible_hcall).',
    run: write,
  },
];

export const xen: Subsystem = { name: 'xen', primitives, checks: [] };
