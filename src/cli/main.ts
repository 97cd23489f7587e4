// kentry's command line. One place decides what goes to stdout (results), stderr (progress,
// diagnostics) and the exit code: 0 clean, 1 violations found, 2 bad input, 3 a budget stopped
// the search, 70 internal error.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { CSyntaxError } from '../c/ir.ts';
import { parseProgram } from '../c/frontend.ts';
import { formatFunction } from '../c/print.ts';
import { parseConfigFilter, type LatticeSpec, type SetOption } from '../model/config.ts';
import type { ExploreBounds } from '../explore/engine.ts';
import { ENTRY_CONTEXTS } from '../model/contexts.ts';
import { type CheckOptions, KENTRY_VERSION, rowLattice, type CheckRow } from '../explore/check.ts';
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
import type { Coverage, UnsettableHeld } from '../explore/kernel-target.ts';
import type { HeldOption } from '../tree/kconfig.ts';
import { diffReports, formatDiff, parseReportJson, type ReportDiff } from '../report/baseline.ts';
import { toSarif } from '../report/sarif.ts';
import { formatKtap } from '../report/ktap.ts';
import { formatTerse } from '../report/terse.ts';
import { progressMeter } from '../report/progress.ts';

export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_BAD_INPUT = 2;
export const EXIT_INCOMPLETE = 3;
export const EXIT_INTERNAL = 70;


/** Bad input: printed as one line, exit 2. */
export class UsageError extends Error {}

const CHECK_HELP = `usage: kentry check [FILE.c ...] [options]        the bundled default, or your C file(s)
       kentry check --kernel DIR [--vector V] [options]  a kernel tree over its config lattice

what to check:
  --kernel DIR          a kernel tree: its entry vectors over each arch's config lattice
  --vector V,...        with --kernel: irq | exception | nmi | syscall | xen-upcall | serror | …
                        (default: all); each arch checks the named rows it has
  --arch A,...          with --kernel: the architectures (default: every one the tree builds with
                        the generic entry, i.e. its arch/A/Kconfig selects GENERIC_ENTRY or
                        GENERIC_IRQ_ENTRY, and kentry has harnesses for; one section each; rows
                        are named arch/row when there are several). An arch of the default that
                        kentry cannot read in this tree is named and the result is incomplete (3).
                        arm64 before 7.x (its own entry code, e.g. 6.12) only when named
  --partial             with --kernel: a tree without its Kconfig is checked over the hand-written
                        lattice (a warning, and the report is marked partial) instead of refused
  --entry FN            function the harness enters (default xen_pv_evtchn_do_upcall)
  --harness H           ${HARNESSES.map((h) => h.id).join(' | ')} (default xen-upcall)
  --on ERA              bundled code your file builds on: ${eras.map((e) => e.id).join(' | ')} (default x86-58)
  --rows a,b            bundled rows to check (default: v1..v6); --all adds the E3/E6 demos
  --config K=V,...      narrow the config lattice, e.g. PREEMPTION=none,XEN_PV=y,NO_HZ_FULL=y; with
                        --kernel, any other option (K=y or K=n) is set in every config checked, the
                        tree's lattice derived with it (coverage lists the options held otherwise)
  --held                with --kernel: also check, one at a time, each option the lattice holds at
                        one value whose other value changes what is checked (coverage --held lists
                        them): rows named row+NAME=value, over the lattice derived with it
  --context c,...       entry contexts: ${ENTRY_CONTEXTS.map((c) => c.id).join(', ')}
  --nmi-nesting N       NMIs nested at once (default 1)     --irq-nesting N  nested IRQs (default 1)
  --max-states N        state budget (exit 3 when hit)     --max-seconds S  time budget
  --jobs N              threads exploring runs in parallel (default: the number of cores; same report)
  --exact               compare stored states word for word instead of by 64-bit fingerprint (no
                        collision probability, about six times the memory; the same report)

output (stdout gets one format; files are written besides):
  --format F            text (default) | terse | json | ktap
                        terse: path:line: WARNING: message [check-id], one per finding (vim/emacs)
  --json                = --format json (schema: docs/json-schema.md)
  --ktap                = --format ktap (KTAP version 1: one test per row × invariant)
  --sarif FILE          SARIF 2.1.0 for code scanning (one rule per check, traces as code flows)
  --itf DIR             one ITF trace file per counterexample
  --html FILE           self-contained HTML report with the trace viewer
  --trace               text: print every finding's trace, not only each row's headline
  --no-color / NO_COLOR plain text output
  --baseline OLD.json   compare with an earlier --json report: exit 1 only for violations not in
                        it (matched by row, check, function and config class, not by line) and
                        list the findings that went away
  -q, --quiet           no progress line and no "wrote FILE" notes on stderr
  --debug               on an internal error, print the stack
  -h, --help            this help

exit codes: 0 clean (hazards alone don't fail), 1 violations (new ones, with --baseline),
2 bad input, 3 a budget stopped the search, 70 internal error`;

const HELP: Record<string, string> = {
  check: CHECK_HELP,
  coverage: `usage: kentry coverage --kernel DIR [--vector V,...] [--arch A,...] [--json] [--partial]

What kentry interpreted in a kernel tree, and what stayed opaque (and why): every opaque call,
inline-asm helper, store and load of memory kentry does not track, with its site.
  --kernel DIR      the kernel tree
  --vector V,...    the rows to cover, as for check (default: all)
  --arch A,...      the architectures, as for check (default: every one the tree builds with the
                    generic entry that kentry models; each is a section). One arch named: JSON is
                    its kentry-coverage/1 object; otherwise a kentry-coverage-set/1 of them
  --json            the coverage as JSON on stdout
  --partial         a tree without its Kconfig is read over the hand-written lattice (a warning)
  --config K=V,...  read the tree with options that are not model axes set (as for check)
  --held            also say which held options change what is checked: the tree read again
                    with each one's other value and the interpreted functions compared (one load
                    per held option: 7.3 s390 about a minute, loongarch about five)

exit codes: 0 done, 2 bad input, 3 an arch of the default could not be read (named on stderr),
70 internal error`,
  view: `usage: kentry view TRACE.itf.json [--out FILE]

Writes a self-contained HTML viewer for one ITF trace (from kentry check --itf DIR).
  --out FILE        where to write it (default: the trace's name with .html)`,
  parse: `usage: kentry parse FILE.c ... [--function F]

Prints the lowered IR, one op per line.
  --function F      only this function`,
  invariants: `usage: kentry invariants

Prints the invariant and check catalogue.`,
  diff: `usage: kentry diff OLD.json NEW.json [--json] [--no-unchanged]

Compares two reports of kentry check --json by finding identity (row, check, function, config
class; never by line number) and prints the new, fixed and unchanged findings.
  --json            the comparison as JSON
  --no-unchanged    count the unchanged findings instead of listing them
exit codes: 0 no new violation, 1 new violations, 2 bad input`,
};

const USAGE = `usage:
  kentry check [FILE.c ...] [options]     check the bundled default, or your C file(s)
  kentry check --kernel DIR [--vector V] [--arch A]
                                          check a kernel tree's entry code over its config lattice
  kentry coverage --kernel DIR [--vector V] [--json]
                                          what was interpreted, what stayed opaque (and why)
  kentry diff OLD.json NEW.json           new / fixed / unchanged findings between two reports
  kentry view TRACE.itf.json [--out F]    write a self-contained HTML viewer for a trace
  kentry parse FILE.c [--function F]      print the lowered IR
  kentry invariants                       the invariant and check catalogue
  kentry --version                        print the version

kentry COMMAND --help prints the options of a command.

${CHECK_HELP.slice(CHECK_HELP.indexOf('what to check:'))}`;

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  env: NodeJS.ProcessEnv;
  /** Terminal width of stderr (progress line); default 120. */
  columns?: number;
  /** Clock for the progress line (tests); default Date.now. */
  now?: () => number;
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

/** The harness ids of `arch` in the tree at `dir`; a usage error (exit 2, one line) when the tree
 *  does not build that arch with the generic entry or kentry has no harnesses for it. */
function archVectors(mod: KernelTargetModule, dir: string, arch: string, partial: boolean): string[] {
  if (!/^[a-z0-9_]+$/.test(arch)) throw new UsageError(`--arch '${arch}': not an architecture name (a directory under the tree's arch/, e.g. x86, arm64)`);
  try {
    return [...new Set(mod.archHarnesses(dir, arch, partial ? { partial } : {}).vectors.map((v) => v.row ?? v.harness))];
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]!);
  }
}

/** A kernel tree's rows (of one or several architectures), a lattice and the bounds trees are
 *  checked with. Each row carries its arch's own lattice (CheckRow.lattice); `lattice` is the
 *  first arch's, for what reads one. `unchecked` names the arches of the every-arch default that
 *  kentry could not read in this tree, with why: the report says so and the result is incomplete. */
/** What to do with the options the lattice holds at one value (LoadedTree.held): name them
 *  (`none`), say which change what is checked (`relevance`, coverage --held), or also check each
 *  of those with its other value (`explore`, check --held). */
type HeldMode = 'none' | 'relevance' | 'explore';

async function loadKernelTarget(dir: string, vectors: readonly string[] | undefined, archOption: string | undefined, { partial, set, held: heldMode = 'none', filter }: { readonly partial: boolean; readonly set: readonly SetOption[]; readonly held?: HeldMode; readonly filter?: CheckOptions['filter'] }, note: (s: string) => void): Promise<{ rows: CheckRow[]; target: string; lattice: LatticeSpec; bounds: ExploreBounds; unchecked: string[]; partial: string[]; coverages: Coverage[]; held: string[] }> {
  const mod = await kernelModule('--kernel');
  if (!existsSync(dir)) throw new UsageError(`--kernel ${dir}: no such directory`);
  const explicit = archOption !== undefined && archOption !== 'all';
  const arches = explicit ? [...new Set(archOption.split(',').map((a) => a.trim()))] : mod.defaultArches(dir);
  // Which rows each arch has; --vector narrows every arch to the named rows it has, and an arch
  // with none of them is not part of the check (it was narrowed away, not skipped).
  const known = new Map(arches.map((a) => [a, archVectors(mod, dir, a, partial)] as const));
  for (const v of vectors ?? []) {
    if (![...known.values()].some((k) => k.includes(v))) {
      const names = [...new Set([...known.values()].flat())];
      throw new UsageError(`unknown --vector '${v}' (known${arches.length > 1 ? ` for ${arches.join(', ')}` : ''}: ${names.join(', ')})`);
    }
  }
  const selected = arches.filter((a) => !vectors || vectors.some((v) => known.get(a)!.includes(v)));
  const several = selected.length > 1;
  const rows: CheckRow[] = [];
  const unchecked: string[] = [];
  // Arches a user option of --config cannot be set on (narrowed away, as by a model axis value).
  const narrowed: string[] = [];
  const partialNotes: string[] = [];
  const coverages: Coverage[] = [];
  let lattice: LatticeSpec | undefined;
  for (const arch of selected) {
    // The arch's rows as the check reads them; --held reads them again with one option more.
    const archTarget = { arch, ...(vectors ? { vectors: vectors.filter((v) => known.get(arch)!.includes(v)) } : {}), ...mod.treeLoadOptions({ partial, set }) };
    let loaded;
    try {
      loaded = await mod.kernelTarget(dir, archTarget);
    } catch (e) {
      const why = (e as Error).message.split('\n')[0]!;
      // A user option this arch cannot have narrows the check away from the arch, as a model
      // axis value it cannot have does (narrowedByConfig); named, it is bad input.
      if (e instanceof mod.UnsettableOption) {
        if (explicit) throw new UsageError(`--kernel ${dir}${several ? ` (--arch ${arch})` : ''}: --config: ${why}`);
        note(`kentry: --config: ${why}: ${arch} not checked\n`);
        narrowed.push(`${arch}: ${why}`);
        continue;
      }
      // An arch the user named must be checked; one the default added is reported as not checked.
      if (explicit) throw new UsageError(`--kernel ${dir}${several ? ` (--arch ${arch})` : ''}: ${why}`);
      unchecked.push(`${arch}: kentry cannot read this tree's ${arch} entry code: ${why}`);
      continue;
    }
    lattice ??= loaded.lattice;
    for (const p of loaded.lattice.partial ?? []) partialNotes.push(several ? `${arch}: ${p}` : p);
    // Row ids name the arch when the check covers several, so every row id stays unique.
    const prefix = several ? `${arch}/` : '';
    for (const r of loaded.rows) rows.push({ ...r, id: `${prefix}${r.id}` });
    if (heldMode === 'none') {
      coverages.push(loaded.coverage);
      continue;
    }
    const heldRelevance = await mod.relevantHeld(dir, arch, mod.treeLoadOptions({ partial, set }));
    if (heldMode !== 'explore') {
      coverages.push({ ...loaded.coverage, lattice: { ...loaded.coverage.lattice, heldRelevance } });
      continue;
    }
    // Each held option that matters, checked at its other value: the rows again, read with it set
    // (their own lattice and origin), named `row+NAME=value`. One option at a time, not combinations.
    // Where the --config filter leaves none of the configs derived with it, the option was not
    // checked: it stays held, with the reason (its rows would report "clean" having run nothing).
    const notAtPoint: UnsettableHeld[] = [];
    for (const h of heldRelevance.relevant) {
      const other = { name: h.name, value: !h.value };
      const v = await mod.kernelTarget(dir, { ...archTarget, set: [...set, other] });
      const none = heldVariantUnmatched(h, v, filter);
      if (none) {
        notAtPoint.push(none);
        continue;
      }
      const label = mod.heldText(other);
      for (const r of v.rows) rows.push({ ...r, id: `${prefix}${r.id}+${label}`, title: `${r.title} with ${label}` });
    }
    coverages.push({ ...loaded.coverage, lattice: { ...loaded.coverage.lattice, heldRelevance: { ...heldRelevance, unsettable: [...heldRelevance.unsettable, ...notAtPoint] } } });
  }
  if (!lattice) throw new UsageError(`--kernel ${dir}: no architecture could be read (${[...unchecked, ...narrowed.map((n) => `--config: ${n}`)].join('; ')})`);
  const target = `kernel tree ${dir}${explicit || several ? ` (${selected.join(', ')})` : ''}${set.length ? ` with ${set.map((o) => `${o.name}=${o.value ? 'y' : 'n'}`).join(', ')}` : ''}${heldMode === 'explore' ? ', and each held option that matters at its other value (--held)' : ''}`;
  // What the check leaves at one value: every held option; with --held, only those whose other
  // value kentry could not set (the others were checked, or change nothing kentry interprets).
  const held = coverages.flatMap((c) => (heldMode === 'explore' ? (c.lattice.heldRelevance?.unsettable ?? []) : c.lattice.held).map(mod.heldText).map((x) => `${several ? `${c.tree.arch}: ` : ''}${x}`));
  return { rows, target, lattice, bounds: mod.KERNEL_BOUNDS, unchecked, partial: partialNotes, coverages, held };
}

/**
 * A held option's variant (`check --held`: the rows read with its other value, over the lattice
 * derived with it) that the `--config` filter leaves no configuration: not checked, and why. Its
 * rows would run nothing and read "clean" (loongarch 7.3's RSEQ=n at a PREEMPT_RT=n point, while
 * the derivation lost the PREEMPT_RT=n points).
 */
export function heldVariantUnmatched(h: HeldOption, variant: { readonly rows: readonly CheckRow[]; readonly lattice: LatticeSpec }, filter: CheckOptions['filter']): UnsettableHeld | undefined {
  if (!filter || variant.rows.some((r) => rowLattice(r, { lattice: variant.lattice, filter }).length > 0)) return undefined;
  return { name: h.name, value: h.value, why: `no configuration of the lattice derived with ${h.name}=${h.value ? 'n' : 'y'} matches --config` };
}

/**
 * `--config` narrows each row's lattice. A row of a kernel tree whose arch has no configuration
 * left is dropped with a note (`--config ARM64_PSEUDO_NMI=y` narrows a several-arch check to
 * arm64); a filter that leaves no row any configuration is bad input: a check of nothing is not
 * "clean".
 */
function narrowedByConfig(rows: CheckRow[], lattice: LatticeSpec, filter: ReturnType<typeof parseConfigFilter> | undefined, text: string, note: (s: string) => void): CheckRow[] {
  if (!filter || typeof filter === 'string') return rows;
  const kept = rows.filter((r) => rowLattice(r, { lattice, filter }).length > 0);
  if (kept.length === 0) throw new UsageError(`--config ${text}: no configuration of the lattice matches`);
  const droppedArches = [...new Set(rows.filter((r) => r.arch && !kept.some((k) => k.arch === r.arch)).map((r) => r.arch!))];
  for (const a of droppedArches) note(`kentry: --config ${text} leaves no ${a} configuration: ${a} not checked\n`);
  // Within a kept arch (or a single target), rows keep their place: a row the filter empties
  // (a harness that requires what the filter excludes) is reported not reached, as before.
  return rows.filter((r) => !r.arch || !droppedArches.includes(r.arch));
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
      format: { type: 'string' },
      ktap: { type: 'boolean' },
      sarif: { type: 'string' },
      baseline: { type: 'string' },
      quiet: { type: 'boolean', short: 'q' },
      partial: { type: 'boolean' },
      held: { type: 'boolean' },
      jobs: { type: 'string' },
      exact: { type: 'boolean' },
    },
  });
  const formats = [...(values.format !== undefined ? [values.format] : []), ...(values.json ? ['json'] : []), ...(values.ktap ? ['ktap'] : [])];
  for (const f of formats) if (!OUTPUT_FORMATS.includes(f as OutputFormat)) throw new UsageError(`unknown --format '${f}' (known: ${OUTPUT_FORMATS.join(', ')})`);
  if (new Set(formats).size > 1) throw new UsageError(`one output format at a time on stdout (got ${[...new Set(formats)].join(' and ')}); write SARIF, HTML or ITF to files besides`);
  const format: OutputFormat = (formats[0] as OutputFormat | undefined) ?? 'text';
  const quiet = values.quiet === true;
  // The baseline is read before the check, so a bad one fails fast.
  const baseline = values.baseline !== undefined ? readReport(values.baseline) : undefined;
  const jobs = intOption(values.jobs, 'jobs', defaultJobs());
  if (jobs < 1) throw new UsageError('--jobs takes a positive integer, got 0');
  const filter = values.config ? parseConfigFilter(values.config, { userOptions: values.kernel !== undefined }) : undefined;
  if (typeof filter === 'string') throw new UsageError(filter);
  const contexts = values.context?.split(',').map((s) => s.trim());
  for (const c of contexts ?? []) if (!ENTRY_CONTEXTS.some((e) => e.id === c)) throw new UsageError(`unknown --context '${c}' (known: ${ENTRY_CONTEXTS.map((e) => e.id).join(', ')})`);
  if (values.harness && !HARNESSES.some((h) => h.id === values.harness)) throw new UsageError(`unknown --harness '${values.harness}' (known: ${HARNESSES.map((h) => h.id).join(', ')})`);
  if (values.held && !values.kernel) throw new UsageError('--held explores the options a kernel tree\'s lattice holds: give --kernel DIR too');
  if (values.arch !== undefined && !values.kernel) throw new UsageError('--arch selects the architecture of a kernel tree: give --kernel DIR too');
  let bounds: ExploreBounds = { nmiNesting: intOption(values['nmi-nesting'], 'nmi-nesting', 1), irqNesting: intOption(values['irq-nesting'], 'irq-nesting', 1) };
  const maxStates = intOption(values['max-states'], 'max-states', 200_000_000);
  const maxSeconds = intOption(values['max-seconds'], 'max-seconds', 3600);

  let rows: CheckRow[];
  let target: string;
  let lattice: LatticeSpec = BUNDLED_LATTICE;
  // What was not read as asked: a tree read without its Kconfig (--partial), an arch of the
  // every-arch default kentry cannot read in this tree (`unchecked`: the result is incomplete).
  let partialNotes: readonly string[] = [];
  let unchecked: readonly string[] = [];
  let held: readonly string[] = [];
  if (values.vector && !values.kernel) throw new UsageError('--vector selects a harness of a kernel tree: give --kernel DIR too');
  if (values.kernel) {
    const k = await loadKernelTarget(values.kernel, values.vector?.split(',').map((s) => s.trim()), values.arch, { partial: values.partial === true, set: (typeof filter === 'object' && filter.set) || [], held: values.held ? 'explore' : 'none', ...(typeof filter === 'object' ? { filter } : {}) }, (s) => {
      if (!quiet) io.stderr(s);
    });
    ({ rows, target, lattice, unchecked, held } = k);
    partialNotes = k.partial;
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

  rows = narrowedByConfig(rows, lattice, filter, values.config ?? '', (s) => {
    if (!quiet) io.stderr(s);
  });

  const meter = io.stderrIsTTY && !quiet ? progressMeter(io.stderr, io.now ?? Date.now, 100, Math.max(40, (io.columns ?? 120) - 1)) : undefined;
  const progress = meter ? (label: string, at: { slot: number; slots: number; statesExplored: number }) => meter.update(label, at) : undefined;
  const checked = await runCheckJobs(target, rows, {
    jobs,
    ...(io.env['KENTRY_DEBUG_JOBS'] ? { onJobStats: (s: JobStats) => io.stderr(`kentry: jobs ${jobs}: ${s.ranHere} runs here, ${s.ranOnWorkers} on workers, ${s.wasted} wasted; workers ready after ${s.workerReadyMs.join(', ')} ms\n`) } : {}),
    lattice,
    ...(filter ? { filter } : {}),
    ...(contexts ? { contexts } : {}),
    bounds: values.exact ? { ...bounds, exactStates: true } : bounds,
    maxStates,
    maxSeconds,
    ...(progress ? { progress } : {}),
  });
  meter?.finish();
  // A tree read incompletely (--partial), or an arch not checked: warn, and say so in the report.
  const notes = [...partialNotes, ...unchecked];
  for (const p of notes) io.stderr(`kentry: warning: ${p}\n`);
  const report: KentryReport = { ...checked, ...(notes.length ? { partial: notes } : {}), ...(held.length ? { held } : {}) };

  const note = (s: string) => {
    if (!quiet) io.stderr(s);
  };
  const diff = baseline ? diffReports(baseline.report, report) : undefined;
  const newIds = diff ? new Set(diff.added.map((f) => f.id)) : undefined;
  if (values.itf) writeItf(values.itf, report, note);
  if (values.html) {
    writeOutput(values.html, renderHtmlReport(report));
    note(`wrote ${values.html}\n`);
  }
  if (values.sarif) {
    writeOutput(values.sarif, JSON.stringify(toSarif(report, newIds ? { newIds } : {}), null, 2) + '\n');
    note(`wrote ${values.sarif}\n`);
  }
  if (format === 'json') io.stdout(JSON.stringify(report, null, 2) + '\n');
  else if (format === 'ktap') io.stdout(formatKtap(report) + '\n');
  else if (format === 'terse') {
    const text = formatTerse(report, { ...(values.kernel ? { root: values.kernel } : {}), ...(newIds ? { only: newIds } : {}) });
    if (text) io.stdout(text + '\n');
  } else {
    const color = values.color === true || (values['no-color'] !== true && io.stdoutIsTTY && !io.env['NO_COLOR']);
    io.stdout(formatReport(report, { color, allTraces: values.trace === true }) + '\n');
  }
  if (diff && baseline) {
    // Text output gets the comparison as part of the result; machine formats keep stdout pure.
    const summary = `baseline ${baseline.name}: ${diff.added.length} new, ${diff.fixed.length} fixed (went away), ${diff.unchanged.length} unchanged\n${formatDiff(diff, { unchanged: false })}\n`;
    if (format === 'text') io.stdout('\n' + summary);
    else io.stderr(summary);
  }
  if (!report.complete) {
    io.stderr(`kentry: budget hit after ${report.stats.distinctStates} states in ${report.stats.runs} runs (${report.stats.configsChecked} configs covered); results are partial\n`);
    return EXIT_INCOMPLETE;
  }
  if (unchecked.length) {
    io.stderr(`kentry: ${unchecked.length} architecture(s) of the tree not checked (above); give --arch to check only the others\n`);
    return EXIT_INCOMPLETE;
  }
  const failing = diff ? diff.added : report.findings;
  return failing.some((f) => f.severity === 'violation') ? EXIT_FINDINGS : EXIT_CLEAN;
}

const OUTPUT_FORMATS = ['text', 'terse', 'json', 'ktap'] as const;
type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** A report file (baseline or diff input): bad input is one line, exit 2. */
function readReport(path: string): { name: string; report: KentryReport } {
  const { text } = readSource(path);
  try {
    return { name: path, report: parseReportJson(text, path) };
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** Writes an output file; an unwritable path is bad input (one line), not an internal error. */
function writeOutput(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (e) {
    throw new UsageError(`${path}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

async function cmdDiff(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' }, 'no-unchanged': { type: 'boolean' } } });
  if (positionals.length !== 2) throw new UsageError('kentry diff: give two reports, OLD.json NEW.json (from kentry check --json)');
  const a = readReport(positionals[0]!);
  const b = readReport(positionals[1]!);
  const d: ReportDiff = diffReports(a.report, b.report);
  if (values.json) {
    const brief = (f: KentryReport['findings'][number]) => ({ id: f.id, row: f.row, check: f.check, severity: f.severity, function: f.function, ...(f.calledFrom ? { calledFrom: f.calledFrom.function } : {}), configSummary: f.configSummary, loc: f.loc, message: f.message });
    io.stdout(JSON.stringify({ old: a.name, new: b.name, new_findings: d.added.map(brief), fixed: d.fixed.map(brief), unchanged: d.unchanged.map(brief) }, null, 2) + '\n');
  } else {
    io.stdout(`kentry diff ${a.name} → ${b.name}\n${formatDiff(d, { unchanged: values['no-unchanged'] !== true })}\n`);
  }
  return d.added.some((f) => f.severity === 'violation') ? EXIT_FINDINGS : EXIT_CLEAN;
}

function writeItf(dir: string, report: KentryReport, note: (s: string) => void): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new UsageError(`${dir}: cannot create (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  for (const f of report.findings) writeOutput(join(dir, `trace-${f.id}.itf.json`), JSON.stringify(toItf(f, report), null, 2) + '\n');
  note(`wrote ${report.findings.length} ITF trace(s) to ${dir}\n`);
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
  const { values } = parseArgs({ args, options: { kernel: { type: 'string' }, vector: { type: 'string' }, arch: { type: 'string' }, json: { type: 'boolean' }, partial: { type: 'boolean' }, config: { type: 'string' }, held: { type: 'boolean' } } });
  if (!values.kernel) throw new UsageError('kentry coverage: give --kernel DIR');
  const mod = await kernelModule('coverage');
  // Coverage is of the whole lattice: --config here only sets options that are not model axes.
  const parsed = values.config !== undefined ? parseConfigFilter(values.config, { userOptions: true }) : undefined;
  if (typeof parsed === 'string') throw new UsageError(parsed);
  if (parsed && (parsed.preempt !== undefined || Object.keys(parsed.bools).length)) throw new UsageError(`kentry coverage --config sets options that are not model axes (coverage is of the whole lattice; check --config narrows the axes)`);
  // The same architectures as `check` reads, chosen the same way (loadKernelTarget).
  // --held: which held options change what is checked, one load of the tree per option.
  const k = await loadKernelTarget(values.kernel, values.vector?.split(',').map((s) => s.trim()), values.arch, { partial: values.partial === true, set: parsed?.set ?? [], held: values.held ? 'relevance' : 'none' }, (s) => io.stderr(s));
  for (const p of k.partial) io.stderr(`kentry: warning: ${p}\n`);
  for (const u of k.unchecked) io.stderr(`kentry: ${u}\n`);
  // One arch named: its coverage object, as it always was. Otherwise (the every-arch default or a
  // list) a set of them, whatever the tree holds, so a script's parser depends on its own command
  // line and not on the tree.
  const single = values.arch !== undefined && values.arch !== 'all' && !values.arch.includes(',');
  if (values.json) {
    const out = single ? k.coverages[0] : { schema: mod.COVERAGE_SET_SCHEMA, coverage: k.coverages, ...(k.unchecked.length ? { unchecked: k.unchecked } : {}) };
    io.stdout(JSON.stringify(out, null, 2) + '\n');
  } else {
    io.stdout(k.coverages.map((c) => mod.formatCoverage(c)).join('\n\n') + '\n');
    for (const u of k.unchecked) io.stdout(`\nnot read: ${u}\n`);
  }
  // An arch of the default that could not be read: what was asked was not done (as `check`).
  return k.unchecked.length ? EXIT_INCOMPLETE : EXIT_CLEAN;
}

function cmdInvariants(io: Io): number {
  for (const inv of INVARIANTS) {
    io.stdout(`${inv.id}  ${inv.title}\n    ${inv.doc}\n`);
    for (const c of ALL_CHECKS.filter((x) => x.invariant === inv.id)) io.stdout(`    - ${c.id} [${c.severity}, ${c.reporter}] ${c.message}\n`);
    io.stdout('\n');
  }
  return EXIT_CLEAN;
}

/** The one line an internal error prints (the stack only with --debug). */
export function internalErrorLine(e: unknown): string {
  const raw = e instanceof Error ? e.message : String(e);
  const msg = raw.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)[0] ?? (e instanceof Error ? e.name : 'unknown error');
  return `kentry: internal error: ${msg}, please report; rerun with --debug for the stack`;
}

export async function main(argv: string[], io: Io): Promise<number> {
  const debug = argv.includes('--debug');
  const args = argv.filter((a) => a !== '--debug');
  const [cmd, ...rest] = args;
  try {
    if (cmd && cmd in HELP && rest.some((a) => a === '--help' || a === '-h')) {
      io.stdout(HELP[cmd] + '\n');
      return EXIT_CLEAN;
    }
    switch (cmd) {
      case 'check':
        return await cmdCheck(rest, io);
      case 'view':
        return await cmdView(rest, io);
      case 'parse':
        return await cmdParse(rest, io);
      case 'coverage':
        return await cmdCoverage(rest, io);
      case 'diff':
        return await cmdDiff(rest, io);
      case 'invariants':
        if (rest.length) throw new UsageError(`kentry invariants takes no arguments (got '${rest[0]}')`);
        return cmdInvariants(io);
      case '--version':
      case '-V':
      case 'version':
        io.stdout(`kentry ${KENTRY_VERSION}\n`);
        return EXIT_CLEAN;
      case undefined:
        throw new UsageError(`give a command: ${Object.keys(HELP).join(', ')} (kentry --help)`);
      case 'help':
      case '--help':
      case '-h': {
        const topic = rest[0];
        if (topic && !(topic in HELP)) throw new UsageError(`no help for '${topic}' (commands: ${Object.keys(HELP).join(', ')})`);
        io.stdout((topic ? HELP[topic]! : USAGE) + '\n');
        return EXIT_CLEAN;
      }
      default:
        throw new UsageError(`unknown command '${cmd}' (commands: ${Object.keys(HELP).join(', ')}; kentry --help)`);
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof CSyntaxError || e instanceof BindError) {
      io.stderr(`kentry: ${e.message.split('\n')[0]}\n`);
      return EXIT_BAD_INPUT;
    }
    if (e instanceof TypeError && (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`kentry: ${e.message.split('\n')[0]}${cmd && cmd in HELP ? ` (kentry ${cmd} --help)` : ''}\n`);
      return EXIT_BAD_INPUT;
    }
    try {
      io.stderr(internalErrorLine(e) + '\n');
      if (debug) io.stderr(`${(e as Error)?.stack ?? String(e)}\n`);
    } catch {
      // stderr itself is gone: the exit code still says it.
    }
    return EXIT_INTERNAL;
  }
}
