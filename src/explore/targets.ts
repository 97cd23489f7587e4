// Targets: what a check runs over. The bundled default (the seed's six Xen designs on the eras
// they build on) and a user's own C file on top of one of those eras.

import { allRows, bundledSources, eraSources, findEra, rows as seedRows, type BundledEra, type BundledRow } from '../bundled/manifest.ts';
import { parseProgram, type CSource } from '../c/frontend.ts';
import type { LatticeSpec } from '../model/config.ts';
import type { CheckRow, RowOrigin } from './check.ts';
import { harnessById, type HarnessDef } from './harness.ts';
import { bindEraSpellings } from './era-binding.ts';
import { bindProgram } from './program.ts';

/** The bundled lattice: every Kconfig axis the seed's code reads (PREEMPT_DYNAMIC: real trees). */
export const BUNDLED_LATTICE: LatticeSpec = {
  vary: ['PREEMPTION', 'PROVE_LOCKING', 'PROVE_RCU', 'DEBUG_ENTRY', 'TINY_RCU', 'NO_HZ_FULL', 'XEN_PV', 'TRACE_IRQFLAGS_NMI_SUPPORT'],
  fixed: { PREEMPT_DYNAMIC: false },
};

export const BUNDLED_NMI_VECTOR = 'kentry_nmi_vector';
export const BUNDLED_IRQ_VECTOR = 'kentry_irq_vector';

function requireHarness(id: string): HarnessDef {
  const h = harnessById(id);
  if (!h) throw new Error(`unknown harness '${id}'`);
  return h;
}

async function rowFromSources(id: string, title: string, era: BundledEra, sources: CSource[], entry: string, harness: HarnessDef, ownFiles: readonly string[], origin: RowOrigin): Promise<CheckRow> {
  const ir = bindEraSpellings(await parseProgram(sources), era);
  const roots = [entry, ...[BUNDLED_NMI_VECTOR, BUNDLED_IRQ_VECTOR].filter((n) => ir.functions.has(n))];
  const program = bindProgram(ir, roots);
  return {
    id,
    title,
    harness,
    program,
    vector: entry,
    ...(ir.functions.has(BUNDLED_IRQ_VECTOR) ? { irqVector: BUNDLED_IRQ_VECTOR } : {}),
    nmiVector: BUNDLED_NMI_VECTOR,
    ownFiles,
    origin,
  };
}

export async function bundledRow(row: BundledRow): Promise<CheckRow> {
  return rowFromSources(row.id, row.title, findEra(row.era)!, bundledSources(row.id), row.entry, requireHarness(row.harness), [row.file], { kind: 'bundled', id: row.id });
}

/** The bundled default: the seed's six designs (`all` adds the E3/E6 demonstration rows). */
export async function bundledTarget(which: 'seed' | 'all' = 'seed', only?: readonly string[]): Promise<CheckRow[]> {
  const list = (which === 'all' ? allRows : seedRows).filter((r) => !only || only.includes(r.id));
  const out: CheckRow[] = [];
  for (const r of list) out.push(await bundledRow(r));
  return out;
}

/** A user's C file on top of a bundled era: their definitions override the era's. */
export async function fileTarget(files: CSource[], entry: string, harnessId: string, eraId: string): Promise<CheckRow[]> {
  const harness = requireHarness(harnessId);
  const era = findEra(eraId);
  if (!era) throw new Error(`unknown --on era '${eraId}'`);
  const title = `${files.map((f) => f.file).join(', ')}: ${entry}() on ${eraId}`;
  const origin: RowOrigin = { kind: 'file', files: files.map((f) => ({ file: f.file, text: f.text })), entry, harness: harnessId, era: eraId };
  return [await rowFromSources(entry, title, era, [...eraSources(eraId), ...files], entry, harness, files.map((f) => f.file), origin)];
}
