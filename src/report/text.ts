// The human report: verdict table, then per row its findings, the shortest counterexample as a
// kernel-style splat, and the step-by-step trace showing only the fields each step changed.
// The single printer for terminal output; colour only when asked (TTY and no NO_COLOR).

import type { Finding, KentryReport, TraceStep, Verdict } from './schema.ts';

export interface TextOptions {
  readonly color: boolean;
  /** Print the trace of every finding, not only each row's headline finding. */
  readonly allTraces: boolean;
}

const CODES = { red: [31, 39], yellow: [33, 39], green: [32, 39], dim: [2, 22], bold: [1, 22], cyan: [36, 39] } as const;
type Style = keyof typeof CODES;

function painter(color: boolean) {
  return (style: Style, text: string) => (color ? `\u001b[${CODES[style][0]}m${text}\u001b[${CODES[style][1]}m` : text);
}

const SYMBOL: Record<Verdict, string> = { clean: '✓', violation: '✗', hazard: '⚠', 'not-reached': '·' };

/** Short names of snapshot fields for the "changes" column. */
const FIELD_SHORT: Record<string, (s: TraceStep['state']) => string> = {
  hwIrqsEnabled: (s) => `hw=${s.hwIrqsEnabled ? 'on' : 'off'}`,
  lockdepHardirqsEnabled: (s) => `lockdep=${s.lockdepHardirqsEnabled ? 'on' : 'off'}`,
  lockdepHardirqContext: (s) => `hardirq_ctx=${s.lockdepHardirqContext}`,
  lockdepChainKeyChanged: (s) => `chain_key_changed=${s.lockdepChainKeyChanged ? 1 : 0}`,
  debugLocks: (s) => `debug_locks=${s.debugLocks ? 1 : 0}`,
  tracerIrqsOff: (s) => `tracer=${s.tracerIrqsOff ? 'off' : 'on'}`,
  rcuWatching: (s) => `rcu_watching=${s.rcuWatching ? 1 : 0}`,
  rcuNesting: (s) => `rcu_nesting=${s.rcuNesting}`,
  rcuNmiNesting: (s) => `nmi_nesting=${s.rcuNmiNesting}`,
  preemptCountDecoded: (s) => s.preemptCountDecoded,
  needResched: (s) => `need_resched=${s.needResched ? 1 : 0}`,
  needReschedLazy: (s) => `need_resched_lazy=${s.needReschedLazy ? 1 : 0}`,
  softirqPending: (s) => `softirq_pending=${s.softirqPending ? 1 : 0}`,
  ctState: (s) => `ct=${s.ctState}`,
  instrumentationDepth: (s) => `instr=${s.instrumentationDepth}`,
  xenInPreemptibleHcall: (s) => `xen_inhcall=${s.xenInPreemptibleHcall ? 1 : 0}`,
  nesting: (s) => `[${s.nesting}]`,
};

export function formatTraceLine(step: TraceStep): string {
  const where = step.function ? `${step.function}${step.loc ? `:${step.loc.line}` : ''}` : '—';
  const changes = step.changed.filter((k) => k in FIELD_SHORT).map((k) => FIELD_SHORT[k]!(step.state));
  const indent = '  '.repeat(step.level);
  return `${String(step.index).padStart(4)}  ${(indent + where).padEnd(40)} ${step.action}${changes.length ? `   → ${changes.join(' ')}` : ''}`;
}

export function formatTrace(f: Finding): string {
  return f.trace.map((s) => formatTraceLine(s) + (s.violation ? `\n        ^^^ ${s.violation}` : '')).join('\n');
}

function where(f: Finding): string {
  const at = (loc: Finding['loc']) => (loc ? `${loc.file}:${loc.line}` : '?');
  return `${f.function}() at ${at(f.loc)}${f.calledFrom ? `, called from ${f.calledFrom.function}() at ${at(f.calledFrom.loc)}` : ''}`;
}

/** A probability as TLC prints one: two significant digits and an exponent (`1.2E-9`), or 0. */
export function formatProbability(p: number): string {
  if (p === 0) return '0';
  const [mant, exp] = p.toExponential(1).split('e');
  return `${mant}E${Number(exp)}`;
}

export function formatReport(r: KentryReport, opts: TextOptions): string {
  const p = painter(opts.color);
  const out: string[] = [];
  const s = r.stats;
  out.push(p('bold', `kentry ${r.tool.version} — ${r.target}`));
  out.push(
    `${r.rows.length} row(s) × entry contexts × ${s.configsInLattice} configs: ${s.runs} runs, ${s.statesExplored.toLocaleString('en-US')} states explored (${s.distinctStates.toLocaleString('en-US')} distinct), depth ≤ ${s.maxDepth}, ${s.seconds.toFixed(1)} s, ${s.statesPerSecond.toLocaleString('en-US')} states/s, ${s.visitedSet === 'exact' ? 'states compared word for word (--exact)' : `64-bit state fingerprints (collision probability ${formatProbability(s.collisionProbability)}, calculated, optimistic)`}${r.complete ? '' : p('yellow', ' — INCOMPLETE: a budget stopped the search')}`,
  );
  // What the check did not cover as asked (a tree read without its Kconfig, an arch not read).
  for (const note of r.partial ?? []) out.push(p('yellow', `not checked as asked: ${note}`));
  // Configs the lattice does not reach: counted here, named by the JSON report and by `kentry coverage`.
  if (r.held?.length) out.push(`held at one value: ${r.held.length} user option(s) the entry code tests (not explored at their other value; kentry coverage names them, coverage --held says which change what is checked, --config NAME=y|n checks one)`);
  out.push('');
  const invIds = r.invariants.map((i) => i.id);
  // One column per invariant, wide enough for the longest id and a space (`I15`, `WARN`).
  const COL = Math.max(...invIds.map((i) => i.length)) + 1;
  const idW = Math.max(4, ...r.rows.map((x) => x.id.length));
  out.push(`${''.padEnd(idW)}  ${invIds.map((i) => i.padStart(COL)).join('')}   own code`);
  // A check of several architectures is one section per arch (rows come grouped by arch).
  const arches = new Set(r.rows.map((x) => x.arch));
  let archNow: string | undefined;
  for (const row of r.rows) {
    if (arches.size > 1 && row.arch !== archNow) {
      archNow = row.arch;
      out.push(p('bold', `── ${archNow ?? '?'}`));
    }
    const cells = invIds.map((i) => {
      const v = row.cells[i] ?? 'clean';
      const own = row.ownCells?.[i] ?? v;
      const sym = SYMBOL[v];
      const text = own === v ? sym : `(${sym})`;
      const styled = v === 'violation' ? p(own === v ? 'red' : 'dim', text) : v === 'hazard' ? p(own === v ? 'yellow' : 'dim', text) : p('dim', text);
      return ' '.repeat(Math.max(0, COL - text.length)) + styled;
    });
    const verdict = row.verdict ?? 'clean';
    const vtext = verdict === 'violation' ? p('red', 'VIOLATION') : verdict === 'hazard' ? p('yellow', 'HAZARD') : p('green', 'clean');
    out.push(`${row.id.padEnd(idW)}  ${cells.join('')}   ${vtext}  ${p('dim', row.title)}`);
  }
  out.push(p('dim', `legend: ✓ clean  ✗ violation  ⚠ hazard  · not reached; (✗) only in the code the row builds on`));
  out.push(p('dim', `invariants: ${r.invariants.map((i) => `${i.id} ${i.title}`).join('; ')}`));
  for (const row of r.rows) {
    const fs = row.findings.map((id) => r.findings[id - 1]!);
    if (!fs.length) continue;
    out.push('');
    out.push(p('bold', `── ${row.id}: ${row.title}`));
    for (const f of fs) {
      const sev = f.severity === 'violation' ? p('red', 'violation') : p('yellow', 'hazard');
      out.push(`  [${f.id}] ${f.invariant} ${sev} ${f.origin === 'base' ? p('dim', '(base) ') : ''}${f.message}`);
      out.push(p('dim', `      in ${where(f)}; ${f.contexts.join(', ')}; ${f.configSummary}`));
      if (f.throughOpaque) out.push(p('yellow', `      the counterexample passes through what kentry does not interpret: ${(f.opaqueSites ?? []).map((o) => `${o.callee} (${o.file}:${o.line})`).join(', ')}`));
    }
    const headline = fs.find((f) => f.origin !== 'base' && f.severity === 'violation') ?? fs.find((f) => f.origin !== 'base') ?? (opts.allTraces ? undefined : undefined);
    const show = opts.allTraces ? fs : headline ? [headline] : [];
    for (const f of show) {
      out.push('');
      out.push(p('bold', `  shortest counterexample for [${f.id}] (${f.trace.length} steps, context ${f.context}):`));
      out.push(f.splat.split('\n').map((l) => `    ${l}`).join('\n'));
      out.push('');
      out.push(formatTrace(f));
    }
  }
  for (const row of r.rows) {
    if (!row.opaqueSites?.length) continue;
    out.push('');
    out.push(`${row.id}: ${row.opaqueSites.length} opaque site(s) on explored paths (every value that matters explored):`);
    for (const o of row.opaqueSites) out.push(`  ${o.access === 'call' || o.access === 'asm' || o.access === 'builtin' ? `${o.callee}()${o.access === 'asm' ? ' [inline asm]' : o.access === 'builtin' ? ' [compiler builtin]' : ''}` : `${o.access} ${o.callee}`}  ${o.file}:${o.line}:${o.col} in ${o.fn}`);
  }
  if (r.opaqueCalls.length) {
    out.push('');
    const names = [...new Set(r.opaqueCalls.map((o) => o.name))];
    out.push(p('dim', `not modelled (opaque calls): ${names.join(', ')}`));
  }
  const v = r.findings.filter((f) => f.severity === 'violation').length;
  const h = r.findings.length - v;
  out.push('');
  out.push(`${v} violation(s), ${h} hazard(s) in ${r.rows.length} row(s)${r.complete ? '' : ' (incomplete)'}`);
  return out.join('\n');
}
