// Finding identity across runs, and the comparison of two reports (`--baseline`, `kentry diff`).
//
// A finding is the same finding in another report when it has the same row, check, function
// (with the function it is attributed to, when it fires inside a kernel composite) and config
// class (`configSummary`). Line numbers are deliberately not part of it: a patch that shifts the
// entry code by a few lines must neither "fix" nor "introduce" anything. Equal identities are
// matched as a multiset, in line order, so two findings that differ only by line stay two.

import type { SourceLoc } from '../c/ir.ts';
import { REPORT_SCHEMA, type Finding, type KentryReport } from './schema.ts';

/**
 * The line-independent identity of a finding: `row|check|function|config class`, where a kernel
 * tree's row is named `arch/row` whether or not its report covered other architectures (so
 * `--arch arm64` and the every-arch default name the same finding the same way). `withArch:
 * false` drops the arch: for a baseline written before reports named architectures.
 */
export function findingIdentity(f: Finding): string {
  return identity(f, true);
}

function identity(f: Finding, withArch: boolean): string {
  const fn = f.calledFrom && f.calledFrom.function !== f.function ? `${f.calledFrom.function}>${f.function}` : f.function;
  const bare = f.arch && f.row.startsWith(`${f.arch}/`) ? f.row.slice(f.arch.length + 1) : f.row;
  const row = f.arch && withArch ? `${f.arch}/${bare}` : bare;
  return [row, f.check, fn, f.configSummary].join('|');
}

/** Whether a report's findings name their architecture (reports before kentry checked several did not). */
const namesArch = (fs: readonly Finding[]): boolean => fs.some((f) => f.arch !== undefined);

/** The location a finding is reported at: the call site it is attributed to, else where it fired. */
export function primaryLoc(f: Finding): SourceLoc | null {
  return f.calledFrom?.loc ?? f.loc ?? [...f.trace].reverse().find((s) => s.loc)?.loc ?? null;
}

export interface ReportDiff {
  /** In NEW, not in OLD. */
  readonly added: readonly Finding[];
  /** In OLD, not in NEW (findings of OLD). */
  readonly fixed: readonly Finding[];
  /** In both (findings of NEW). */
  readonly unchanged: readonly Finding[];
}

function byLine(a: Finding, b: Finding): number {
  const la = primaryLoc(a);
  const lb = primaryLoc(b);
  return (la?.file ?? '').localeCompare(lb?.file ?? '') || (la?.line ?? 0) - (lb?.line ?? 0) || a.id - b.id;
}

function group(fs: readonly Finding[], withArch: boolean): Map<string, Finding[]> {
  const m = new Map<string, Finding[]>();
  for (const f of fs) {
    const k = identity(f, withArch);
    const list = m.get(k);
    if (list) list.push(f);
    else m.set(k, [f]);
  }
  for (const list of m.values()) list.sort(byLine);
  return m;
}

/** Compares OLD with NEW by finding identity (never by line). Each list keeps its report's order. */
export function diffReports(oldReport: Pick<KentryReport, 'findings'>, newReport: Pick<KentryReport, 'findings'>): ReportDiff {
  // A baseline from before findings named their arch is matched without it (its rows were x86's
  // or one --arch's, with bare ids), so upgrading kentry does not turn every finding "new".
  const withArch = namesArch(oldReport.findings) === namesArch(newReport.findings);
  const olds = group(oldReport.findings, withArch);
  const news = group(newReport.findings, withArch);
  const added = new Set<Finding>();
  const fixed = new Set<Finding>();
  const unchanged = new Set<Finding>();
  for (const [k, list] of news) {
    const before = olds.get(k) ?? [];
    list.forEach((f, i) => (i < before.length ? unchanged : added).add(f));
  }
  for (const [k, list] of olds) {
    const after = news.get(k) ?? [];
    list.forEach((f, i) => {
      if (i >= after.length) fixed.add(f);
    });
  }
  const inOrder = (fs: readonly Finding[], s: Set<Finding>) => fs.filter((f) => s.has(f));
  return { added: inOrder(newReport.findings, added), fixed: inOrder(oldReport.findings, fixed), unchanged: inOrder(newReport.findings, unchanged) };
}

/**
 * Reads a report written by `kentry check --json` (a baseline, or an input of `kentry diff`).
 * Throws an Error with a one-line reason when the text is not such a report.
 */
export function parseReportJson(text: string, name: string): KentryReport {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${name}: not JSON (${(e as Error).message.split('\n')[0]})`);
  }
  const r = json as Partial<KentryReport> | null;
  if (!r || typeof r !== 'object' || Array.isArray(r)) throw new Error(`${name}: not a kentry report (expected a JSON object from kentry check --json)`);
  if (r.schema !== REPORT_SCHEMA) throw new Error(`${name}: not a ${REPORT_SCHEMA} report (schema: ${JSON.stringify(r.schema ?? null)}); write it with kentry check --json`);
  if (!Array.isArray(r.findings)) throw new Error(`${name}: the report has no findings array`);
  for (const [i, f] of r.findings.entries()) {
    const x = f as Partial<Finding> | null;
    if (!x || typeof x !== 'object' || typeof x.row !== 'string' || typeof x.check !== 'string' || typeof x.function !== 'string' || typeof x.configSummary !== 'string' || typeof x.id !== 'number' || !Array.isArray(x.trace))
      throw new Error(`${name}: findings[${i}] lacks row, check, function, configSummary, id or trace`);
  }
  return r as KentryReport;
}

function oneLine(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g, ' ');
}

function describe(f: Finding): string {
  const loc = primaryLoc(f);
  return `${f.row} ${f.check} [${f.severity}] in ${f.calledFrom && f.calledFrom.function !== f.function ? `${f.calledFrom.function}() → ${f.function}()` : `${f.function}()`}${loc ? ` at ${loc.file}:${loc.line}` : ''}; ${f.configSummary}: ${f.message}`;
}

/** The human listing of a comparison: new, fixed, unchanged, one finding per line. */
export function formatDiff(d: ReportDiff, opts: { readonly unchanged: boolean } = { unchanged: true }): string {
  const out: string[] = [];
  const section = (title: string, fs: readonly Finding[], mark: string) => {
    out.push(`${title}: ${fs.length}`);
    for (const f of fs) out.push(`  ${mark} ${oneLine(describe(f))}`);
  };
  section('new', d.added, '+');
  section('fixed', d.fixed, '-');
  if (opts.unchanged) section('unchanged', d.unchanged, '=');
  else out.push(`unchanged: ${d.unchanged.length}`);
  return out.join('\n');
}
