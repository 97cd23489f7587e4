// kentry's command line. One place decides what goes to stdout (results), stderr (progress,
// diagnostics) and the exit code: 0 clean, 1 violations found, 2 bad input, 3 a budget stopped
// the search, 70 internal error.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { CSyntaxError } from '../c/ir.ts';
import { parseProgram } from '../c/frontend.ts';
import { formatFunction } from '../c/print.ts';
import { parseConfigFilter, type LatticeSpec } from '../model/config.ts';
import type { ExploreBounds } from '../explore/engine.ts';
import { ENTRY_CONTEXTS } from '../model/contexts.ts';
import { KENTRY_VERSION, type CheckRow } from '../explore/check.ts';
import { defaultJobs, type JobStats, runCheckJobs } from '../explore/workers.ts';
import { HARNESSES } from '../explore/harness.ts';
import { BindError } from '../explore/program.ts';
import { BUNDLED_LATTICE, bundledTarget, fileTarget } from '../explore/targets.ts';
import { INVARIANTS } from '../kernel/invariants.ts';
import { ALL_CHECKS } from '../kernel/index.ts';
import { eras } from '../bundled/manifest.ts';
import { formatReport } from '../report/text.ts';
import { toItf, fromItf } from '../report/itf.ts';
import { renderHtmlReport, renderHtmlTrace } from '../report/html.ts';
import type { KentryReport } from '../report/schema.ts';

export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_BAD_INPUT = 2;
export const EXIT_INCOMPLETE = 3;
export const EXIT_INTERNAL = 70;


/** Bad input: printed as one line, exit 2. */
export class UsageError extends Error {}

const USAGE = `usage:
  kentry check [FILE.c ...] [options]     check the bundled default, or your C file(s)
  kentry check --kernel DIR [--vector V] [--arch x86]
                                          check a kernel tree's entry code over its config lattice
  kentry coverage --kernel DIR [--vector V] [--json]
                                          what was interpreted, what stayed opaque (and why)
  kentry view TRACE.itf.json [--out F]    write a self-contained HTML viewer for a trace
  kentry parse FILE.c [--function F]      print the lowered IR
  kentry invariants                       the invariant and check catalogue

check options:
  --vector V,...        with --kernel: irq | exception | nmi | syscall | xen-upcall (default: all)
  --entry FN            function the harness enters (default xen_pv_evtchn_do_upcall)
  --harness H           ${HARNESSES.map((h) => h.id).join(' | ')} (default xen-upcall)
  --on ERA              bundled code your file builds on: ${eras.map((e) => e.id).join(' | ')} (default x86-58)
  --rows a,b            bundled rows to check (default: v1..v6); --all adds the E3/E6 demos
  --config K=V,...      narrow the config lattice, e.g. PREEMPTION=none,XEN_PV=y,NO_HZ_FULL=y
  --context c,...       entry contexts: ${ENTRY_CONTEXTS.map((c) => c.id).join(', ')}
  --nmi-nesting N       NMIs nested at once (default 1)     --irq-nesting N  nested IRQs (default 1)
  --max-states N        state budget (exit 3 when hit)     --max-seconds S  time budget
  --jobs N              threads exploring runs in parallel (default: the number of cores; same report)
  --json                the report as JSON on stdout (schema: docs/json-schema.md)
  --itf DIR             one ITF trace file per counterexample
  --html FILE           self-contained HTML report with the trace viewer
  --trace               print every finding's trace, not only each row's headline
  --no-color / NO_COLOR plain output`;

interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  env: NodeJS.ProcessEnv;
}

function intOption(v: string | undefined, name: string, dflt: number): number {
  if (v === undefined) return dflt;
  if (!/^\d+$/.test(v)) throw new UsageError(`--${name} takes a non-negative integer, got '${v}'`);
  return Number(v);
}

function readSource(path: string): { file: string; text: string } {
  try {
    return { file: path, text: readFileSync(path, 'utf8') };
  } catch (e) {
    throw new UsageError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

type KernelTargetModule = typeof import('../explore/kernel-target.ts');

async function kernelModule(what: string): Promise<KernelTargetModule> {
  try {
    // Real-tree support (issue 3) is loaded on demand: the bundled check never pays for the tree
    // reader. A literal relative specifier, so the build rewrites it to the compiled module.
    return (await import('../explore/kernel-target.ts')) as KernelTargetModule;
  } catch (e) {
    throw new UsageError(`${what}: cannot load the kernel-tree reader (${(e as Error).message.split('\n')[0]})`);
  }
}

/** A kernel tree's rows, its lattice and the bounds trees are checked with. */
async function loadKernelTarget(dir: string, vectors: readonly string[] | undefined, arch: string | undefined): Promise<{ rows: CheckRow[]; target: string; lattice: LatticeSpec; bounds: ExploreBounds }> {
  const mod = await kernelModule('--kernel');
  if (!existsSync(dir)) throw new UsageError(`--kernel ${dir}: no such directory`);
  const known = mod.X86_VECTORS.map((v) => v.harness);
  for (const v of vectors ?? []) if (!known.includes(v)) throw new UsageError(`unknown --vector '${v}' (known: ${known.join(', ')})`);
  let loaded;
  try {
    loaded = await mod.kernelTarget(dir, { ...(vectors ? { vectors: [...vectors] } : {}), ...(arch ? { arch: arch as 'x86' } : {}) });
  } catch (e) {
    throw new UsageError(`--kernel ${dir}: ${(e as Error).message.split('\n')[0]}`);
  }
  return { rows: loaded.rows, target: `kernel tree ${dir}`, lattice: loaded.lattice, bounds: mod.KERNEL_BOUNDS };
}

async function cmdCheck(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      entry: { type: 'string' },
      harness: { type: 'string' },
      on: { type: 'string' },
      rows: { type: 'string' },
      all: { type: 'boolean' },
      config: { type: 'string' },
      context: { type: 'string' },
      'nmi-nesting': { type: 'string' },
      'irq-nesting': { type: 'string' },
      'max-states': { type: 'string' },
      'max-seconds': { type: 'string' },
      json: { type: 'boolean' },
      itf: { type: 'string' },
      html: { type: 'string' },
      trace: { type: 'boolean' },
      color: { type: 'boolean' },
      'no-color': { type: 'boolean' },
      kernel: { type: 'string' },
      vector: { type: 'string' },
      arch: { type: 'string' },
      jobs: { type: 'string' },
    },
  });
  const jobs = intOption(values.jobs, 'jobs', defaultJobs());
  if (jobs < 1) throw new UsageError('--jobs takes a positive integer, got 0');
  const filter = values.config ? parseConfigFilter(values.config) : undefined;
  if (typeof filter === 'string') throw new UsageError(filter);
  const contexts = values.context?.split(',').map((s) => s.trim());
  for (const c of contexts ?? []) if (!ENTRY_CONTEXTS.some((e) => e.id === c)) throw new UsageError(`unknown --context '${c}' (known: ${ENTRY_CONTEXTS.map((e) => e.id).join(', ')})`);
  if (values.harness && !HARNESSES.some((h) => h.id === values.harness)) throw new UsageError(`unknown --harness '${values.harness}' (known: ${HARNESSES.map((h) => h.id).join(', ')})`);
  if (values.arch && values.arch !== 'x86') throw new UsageError(`--arch ${values.arch}: only x86 is modelled`);
  let bounds: ExploreBounds = { nmiNesting: intOption(values['nmi-nesting'], 'nmi-nesting', 1), irqNesting: intOption(values['irq-nesting'], 'irq-nesting', 1) };
  const maxStates = intOption(values['max-states'], 'max-states', 200_000_000);
  const maxSeconds = intOption(values['max-seconds'], 'max-seconds', 3600);

  let rows: CheckRow[];
  let target: string;
  let lattice: LatticeSpec = BUNDLED_LATTICE;
  if (values.vector && !values.kernel) throw new UsageError('--vector selects a harness of a kernel tree: give --kernel DIR too');
  if (values.kernel) {
    const k = await loadKernelTarget(values.kernel, values.vector?.split(',').map((s) => s.trim()), values.arch);
    ({ rows, target, lattice } = k);
    // The tree default bounds unless the user gave their own.
    if (values['nmi-nesting'] === undefined && values['irq-nesting'] === undefined) bounds = k.bounds;
  } else if (positionals.length) {
    const files = positionals.map(readSource);
    const entry = values.entry ?? 'xen_pv_evtchn_do_upcall';
    const era = values.on ?? 'x86-58';
    if (!eras.some((e) => e.id === era)) throw new UsageError(`unknown --on era '${era}' (known: ${eras.map((e) => e.id).join(', ')})`);
    rows = await fileTarget(files, entry, values.harness ?? 'xen-upcall', era);
    target = `${positionals.join(', ')}: ${entry}() with the ${values.harness ?? 'xen-upcall'} harness on ${era}`;
  } else {
    const only = values.rows?.split(',').map((s) => s.trim());
    rows = await bundledTarget(values.all || only ? 'all' : 'seed', only);
    if (only) for (const id of only) if (!rows.some((r) => r.id === id)) throw new UsageError(`unknown --rows id '${id}'`);
    target = "bundled default: the seed's Xen PV upcall designs (LKML, May 2020) on the x86 entry code they build on";
  }

  const progress = io.stderrIsTTY && !values.json ? (msg: string) => io.stderr(`\r\u001b[2Kchecking ${msg.slice(0, 100)}`) : undefined;
  const report = await runCheckJobs(target, rows, {
    jobs,
    ...(io.env['KENTRY_DEBUG_JOBS'] ? { onJobStats: (s: JobStats) => io.stderr(`kentry: jobs ${jobs}: ${s.ranHere} runs here, ${s.ranOnWorkers} on workers, ${s.wasted} wasted; workers ready after ${s.workerReadyMs.join(', ')} ms\n`) } : {}),
    lattice,
    ...(filter ? { filter } : {}),
    ...(contexts ? { contexts } : {}),
    bounds,
    maxStates,
    maxSeconds,
    ...(progress ? { progress } : {}),
  });
  if (progress) io.stderr('\r\u001b[2K');

  if (values.itf) writeItf(values.itf, report, io);
  if (values.html) {
    writeFileSync(values.html, renderHtmlReport(report));
    io.stderr(`wrote ${values.html}\n`);
  }
  if (values.json) io.stdout(JSON.stringify(report, null, 2) + '\n');
  else {
    const color = values.color === true || (values['no-color'] !== true && io.stdoutIsTTY && !io.env['NO_COLOR']);
    io.stdout(formatReport(report, { color, allTraces: values.trace === true }) + '\n');
  }
  if (!report.complete) {
    io.stderr(`kentry: budget hit after ${report.stats.distinctStates} states in ${report.stats.runs} runs (${report.stats.configsChecked} configs covered); results are partial\n`);
    return EXIT_INCOMPLETE;
  }
  return report.findings.some((f) => f.severity === 'violation') ? EXIT_FINDINGS : EXIT_CLEAN;
}

function writeItf(dir: string, report: KentryReport, io: Io): void {
  mkdirSync(dir, { recursive: true });
  for (const f of report.findings) {
    const name = join(dir, `trace-${f.id}.itf.json`);
    writeFileSync(name, JSON.stringify(toItf(f, report), null, 2) + '\n');
  }
  io.stderr(`wrote ${report.findings.length} ITF trace(s) to ${dir}\n`);
}

async function cmdView(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { out: { type: 'string' } } });
  const file = positionals[0];
  if (!file) throw new UsageError('kentry view: give an ITF trace file (from kentry check --itf DIR)');
  const { text } = readSource(file);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${file}: not JSON (${(e as Error).message})`);
  }
  let imported;
  try {
    imported = fromItf(json);
  } catch (e) {
    throw new UsageError(`${file}: ${(e as Error).message}`);
  }
  void imported;
  const out = values.out ?? file.replace(/\.itf\.json$|\.json$/, '') + '.html';
  writeFileSync(out, renderHtmlTrace(json as Parameters<typeof renderHtmlTrace>[0], basename(file)));
  io.stdout(`${out}\n`);
  return EXIT_CLEAN;
}

async function cmdParse(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { function: { type: 'string' } } });
  if (!positionals.length) throw new UsageError('kentry parse: give a C file');
  const ir = await parseProgram(positionals.map(readSource));
  for (const [name, fn] of ir.functions) if (!values.function || values.function === name) io.stdout(formatFunction(fn, { locs: true }) + '\n\n');
  return EXIT_CLEAN;
}

async function cmdCoverage(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: { kernel: { type: 'string' }, vector: { type: 'string' }, arch: { type: 'string' }, json: { type: 'boolean' } } });
  if (!values.kernel) throw new UsageError('kentry coverage: give --kernel DIR');
  if (values.arch && values.arch !== 'x86') throw new UsageError(`--arch ${values.arch}: only x86 is modelled`);
  const mod = await kernelModule('coverage');
  if (!existsSync(values.kernel)) throw new UsageError(`--kernel ${values.kernel}: no such directory`);
  const vectors = values.vector?.split(',').map((s) => s.trim());
  const known = mod.X86_VECTORS.map((v) => v.harness);
  for (const v of vectors ?? []) if (!known.includes(v)) throw new UsageError(`unknown --vector '${v}' (known: ${known.join(', ')})`);
  let cov;
  try {
    cov = await mod.coverageReport(values.kernel, vectors ? { vectors } : {});
  } catch (e) {
    throw new UsageError(`--kernel ${values.kernel}: ${(e as Error).message.split('\n')[0]}`);
  }
  io.stdout((values.json ? JSON.stringify(cov, null, 2) : mod.formatCoverage(cov)) + '\n');
  return EXIT_CLEAN;
}

function cmdInvariants(io: Io): number {
  for (const inv of INVARIANTS) {
    io.stdout(`${inv.id}  ${inv.title}\n    ${inv.doc}\n`);
    for (const c of ALL_CHECKS.filter((x) => x.invariant === inv.id)) io.stdout(`    - ${c.id} [${c.severity}, ${c.reporter}] ${c.message}\n`);
    io.stdout('\n');
  }
  return EXIT_CLEAN;
}

export async function main(argv: string[], io: Io): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'check':
        return await cmdCheck(rest, io);
      case 'view':
        return await cmdView(rest, io);
      case 'parse':
        return await cmdParse(rest, io);
      case 'coverage':
        return await cmdCoverage(rest, io);
      case 'invariants':
        return cmdInvariants(io);
      case '--version':
      case 'version':
        io.stdout(`kentry ${KENTRY_VERSION}\n`);
        return EXIT_CLEAN;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout(USAGE + '\n');
        return cmd === undefined ? EXIT_BAD_INPUT : EXIT_CLEAN;
      default:
        throw new UsageError(`unknown command '${cmd}'\n${USAGE}`);
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof CSyntaxError || e instanceof BindError) {
      io.stderr(`kentry: ${e.message}\n`);
      return EXIT_BAD_INPUT;
    }
    if (e instanceof TypeError && (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`kentry: ${e.message}\n`);
      return EXIT_BAD_INPUT;
    }
    io.stderr(`kentry: internal error: ${(e as Error).stack ?? String(e)}\n`);
    return EXIT_INTERNAL;
  }
}
