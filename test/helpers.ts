// Shared helpers for the check tests: run a tiny C program through runCheck() on one config and
// one (or a few) entry contexts, and assert on findings by exact check id.

import assert from 'node:assert/strict';
import { runCheck, type CheckRow } from '../src/explore/check.ts';
import type { ExploreBounds } from '../src/explore/engine.ts';
import { harnessById } from '../src/explore/harness.ts';
import { BUNDLED_LATTICE, fileTarget } from '../src/explore/targets.ts';
import { parseConfigFilter, type BoolSymbol, type PreemptModel } from '../src/model/config.ts';
import type { Finding, KentryReport } from '../src/report/schema.ts';

/** One point of the lattice unless a test says otherwise: lockdep and PROVE_RCU on, no NO_HZ_FULL. */
const DEFAULT_CONFIG = 'PREEMPTION=full,PROVE_LOCKING=y,PROVE_RCU=y,DEBUG_ENTRY=n,TINY_RCU=n,NO_HZ_FULL=n,XEN_PV=n,TRACE_IRQFLAGS_NMI_SUPPORT=y';

export interface CheckSpec {
  /** C text added on top of the era (its definitions override the era's). */
  readonly c?: string;
  /** Name the C text is reported under (`checks/<name>.c`). */
  readonly name?: string;
  readonly entry?: string;
  readonly harness?: string;
  readonly era?: string;
  /** Entry contexts to run (a subset of the harness's). */
  readonly contexts: readonly string[];
  /** `--config` style overrides on top of DEFAULT_CONFIG, e.g. `NO_HZ_FULL=y`. */
  readonly config?: string;
  readonly bounds?: Partial<ExploreBounds>;
  readonly maxStates?: number;
  /** Ready-made rows (bundled rows) instead of `c`. */
  readonly rows?: readonly CheckRow[];
  /** Number of configs the filter must leave (default 1). */
  readonly configs?: number;
}

export function configFilter(overrides = ''): { preempt?: PreemptModel; bools: Partial<Record<BoolSymbol, boolean>> } {
  const base = parseConfigFilter(DEFAULT_CONFIG);
  const over = parseConfigFilter(overrides);
  if (typeof base === 'string') throw new Error(base);
  if (typeof over === 'string') throw new Error(over);
  const merged = { ...base, ...(over.preempt !== undefined ? { preempt: over.preempt } : {}), bools: { ...base.bools, ...over.bools } };
  return merged;
}

export function cFile(name: string): string {
  return `checks/${name}.c`;
}

/** Runs one check and asserts that it really explored something (a quiet result is not vacuous). */
export async function check(spec: CheckSpec): Promise<KentryReport> {
  const harnessId = spec.harness ?? 'irq';
  const harness = harnessById(harnessId);
  assert.ok(harness, `harness ${harnessId}`);
  const entry = spec.entry ?? 'my_vector';
  const rows = spec.rows ?? (await fileTarget(spec.c === undefined ? [] : [{ file: cFile(spec.name ?? entry), text: spec.c }], entry, harnessId, spec.era ?? 'x86-58'));
  const filter = configFilter(spec.config ?? '');
  // The harness fixes its required symbols; keep the filter consistent with them.
  for (const [k, v] of Object.entries(harness.requires)) filter.bools[k as BoolSymbol] = v;
  const report = runCheck('test', rows, {
    lattice: BUNDLED_LATTICE,
    filter,
    contexts: spec.contexts,
    bounds: { nmiNesting: spec.bounds?.nmiNesting ?? 0, irqNesting: spec.bounds?.irqNesting ?? 0, ...(spec.bounds?.nestedIrqSummaries === false ? { nestedIrqSummaries: false } : {}), ...(spec.bounds?.reschedReduction === false ? { reschedReduction: false } : {}), ...(spec.bounds?.localMerge === false ? { localMerge: false } : {}), ...(spec.bounds?.nmiReduction === false ? { nmiReduction: false } : {}) },
    maxStates: spec.maxStates ?? 20_000,
    maxSeconds: 600,
  });
  assert.ok(report.complete, `exploration complete (distinct states: ${report.stats.distinctStates})`);
  assert.equal(report.stats.configsChecked, spec.configs ?? 1, 'configs checked');
  assert.ok(report.stats.runs >= 1, 'at least one run');
  return report;
}

export function ids(report: KentryReport): string[] {
  return [...new Set(report.findings.map((f) => f.check))].sort();
}

/** 1-based line of the first line of `text` containing `needle`. */
export function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`'${needle}' not in the C text`);
  return i + 1;
}

export interface FireExpect {
  /** Function the finding is reported against. */
  readonly fn?: string;
  /** Line in the test's own C file, given as a unique snippet of that line. */
  readonly at?: string;
  readonly file?: string;
  readonly severity?: 'violation' | 'hazard';
  /** Substring of the last trace step's action. */
  readonly lastAction?: string | RegExp;
  readonly message?: string | RegExp;
  /** Context of the shortest counterexample. */
  readonly context?: string;
}

/** Asserts `check` fired, and returns the (first) finding with that id. */
export function assertFires(report: KentryReport, checkId: string, c: string | undefined, exp: FireExpect = {}): Finding {
  const all = report.findings.filter((f) => f.check === checkId);
  assert.ok(all.length > 0, `expected ${checkId} to fire; got [${ids(report).join(', ')}]`);
  let pick = all;
  if (exp.at !== undefined) {
    assert.ok(c !== undefined, 'C text needed for `at`');
    const line = lineOf(c, exp.at);
    pick = all.filter((f) => f.loc?.line === line && (exp.file === undefined || f.loc.file === exp.file));
    assert.ok(pick.length > 0, `${checkId} at line ${line} (${exp.at}); fired at ${all.map((f) => `${f.loc?.file}:${f.loc?.line}`).join(', ')}`);
  }
  const f = pick[0]!;
  if (exp.fn !== undefined) assert.equal(f.function, exp.fn, `${checkId} function`);
  if (exp.file !== undefined) assert.equal(f.loc?.file, exp.file, `${checkId} file`);
  assert.equal(f.severity, exp.severity ?? 'violation', `${checkId} severity`);
  if (exp.context !== undefined) assert.equal(f.context, exp.context, `${checkId} context`);
  if (exp.message !== undefined) {
    if (typeof exp.message === 'string') assert.ok(f.message.includes(exp.message), `message '${f.message}' has '${exp.message}'`);
    else assert.match(f.message, exp.message);
  }
  // The shortest trace ends at the step that fired.
  const last = f.trace[f.trace.length - 1];
  assert.ok(last, `${checkId} has a trace`);
  assert.equal(last.violation, f.message, 'the violation is on the last trace step');
  assert.ok(f.trace.slice(0, -1).every((s) => s.violation === undefined), 'only the last step carries the violation');
  if (exp.lastAction !== undefined) {
    if (typeof exp.lastAction === 'string') assert.ok(last.action.includes(exp.lastAction), `last action '${last.action}' has '${exp.lastAction}'`);
    else assert.match(last.action, exp.lastAction);
  }
  if (f.loc && last.loc) assert.deepEqual(last.loc, f.loc, 'last step is at the finding location');
  return f;
}

export function assertQuiet(report: KentryReport, checkId: string): void {
  const hit = report.findings.filter((f) => f.check === checkId);
  assert.equal(hit.length, 0, `expected ${checkId} quiet; fired at ${hit.map((f) => `${f.function} ${f.loc?.file}:${f.loc?.line} (${f.context})`).join(', ')}`);
}

/** The corrected program is clean: no finding at all. */
export function assertClean(report: KentryReport): void {
  assert.deepEqual(
    report.findings.map((f) => `${f.check} @ ${f.function}:${f.loc?.line} (${f.context})`),
    [],
    'no findings',
  );
}

// The correct kernel-mode IRQ bracket (IF=1, RCU already watching): lockdep first, the tracer
// inside instrumentation; on the way out the prepare halves, then lockdep's "on" last.
export const ENTER = `	lockdep_hardirqs_off(CALLER_ADDR0);
	instrumentation_begin();
	trace_hardirqs_off_finish();`;
export const EXIT = `	trace_hardirqs_on_prepare();
	lockdep_hardirqs_on_prepare(CALLER_ADDR0);
	instrumentation_end();
	lockdep_hardirqs_on(CALLER_ADDR0);`;

/** A noinstr vector with the given body. */
export function vector(body: string, prelude = ''): string {
  return `${prelude}noinstr void my_vector(struct pt_regs *regs)
{
${body}
}
`;
}

// ── a reduction against the search without it (test/*-por.test.ts) ──

/** What each finding is: row, check, function, place, contexts, configs. */
export function firings(r: KentryReport): string[] {
  return r.findings.map((f) => `${f.row} ${f.check} ${f.function} ${f.loc?.file}:${f.loc?.line} [${f.contexts.join(',')}] ${f.configSummary}`).sort();
}

/** Each finding's trace length, keyed as firings() (without the configs). */
export function traceLengths(r: KentryReport): Map<string, number> {
  return new Map(r.findings.map((f) => [`${f.row} ${f.check} ${f.function} ${f.loc?.file}:${f.loc?.line} [${f.contexts.join(',')}]`, f.trace.length]));
}

/** A reduction's report (`on`) against the full search's (`off`): both complete, the same
 *  firings, each trace as short, and fewer states with the reduction. */
export function sameAsUnreduced(on: KentryReport, off: KentryReport): void {
  assert.ok(on.complete && off.complete, 'both searches complete');
  assert.deepEqual(firings(on), firings(off));
  const lon = traceLengths(on);
  for (const [k, n] of traceLengths(off)) assert.equal(lon.get(k), n, `trace length of ${k}`);
  assert.ok(on.stats.distinctStates < off.stats.distinctStates, `${on.stats.distinctStates} < ${off.stats.distinctStates} states`);
}
