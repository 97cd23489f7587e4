// Fuzzing the front end and the CLI: no input may end in anything but a clean result or a clean
// user error. `npm run fuzz` runs 10,000 cases (test/fuzz.test.ts runs a slice of 1,000).
//
// Inputs are (a) random mutations of the bundled C (the seed's variants and eras, the kernel
// composites) and, when fetched, of a few entry files of the kernel trees in .cache/kernels/,
// and (b) generated programs that nest statements and expressions deeply. Each case is run in
// process through parse → lower → bind → a short exploration (one config, one context, a small
// state budget). A CSyntaxError or BindError is a clean user error (exit 2 in the CLI); any
// other exception is a failure. Every `cliEvery`-th case is also run through the real CLI, where
// any exit code other than 0/1/2/3, or a stack trace on stderr, is a failure.
//
//   npm run fuzz [-- --cases N --seed S --cli-every K]

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { eraSources } from '../src/bundled/manifest.ts';
import { parseProgram, type CSource } from '../src/c/frontend.ts';
import { CSyntaxError } from '../src/c/ir.ts';
import { runCheck, type CheckRow } from '../src/explore/check.ts';
import { harnessById } from '../src/explore/harness.ts';
import { BindError, bindProgram } from '../src/explore/program.ts';
import { BUNDLED_LATTICE } from '../src/explore/targets.ts';
import { PreemptModel } from '../src/model/config.ts';

const REPO = fileURLToPath(new URL('..', import.meta.url));

export interface FuzzOptions {
  readonly cases: number;
  readonly seed: number;
  /** Run every k-th case through the CLI as well (0: never). */
  readonly cliEvery: number;
  readonly log?: (s: string) => void;
}

export interface FuzzFailure {
  readonly index: number;
  readonly kind: string;
  readonly how: 'in-process' | 'cli';
  readonly message: string;
  readonly input: string;
}

export interface FuzzResult {
  readonly cases: number;
  readonly cliRuns: number;
  /** Cases that ended in a clean user error (syntax, unsupported construct, binding). */
  readonly userErrors: number;
  /** Cases that parsed, bound and were explored. */
  readonly explored: number;
  readonly failures: readonly FuzzFailure[];
  readonly seconds: number;
}

/** Small deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BUNDLED = [
  'src/bundled/variant1-pre2020-cond-resched.c',
  'src/bundled/variant2-feb2020-irq-enable.c',
  'src/bundled/variant3-v6-idtentry-exit-hcall.c',
  'src/bundled/variant4-andy-exit-then-schedule.c',
  'src/bundled/variant5-tglx-sketch.c',
  'src/bundled/variant6-merged-58.c',
  'src/bundled/era-x86-58.c',
  'src/kernel/c/sched.c',
  'src/kernel/c/softirq.c',
];

/** Entry files of fetched trees (read at run time, never copied into the repository). */
const TREE_FILES = ['kernel/entry/common.c', 'include/linux/entry-common.h', 'include/linux/irq-entry-common.h', 'arch/x86/entry/common.c'];

function treeTexts(): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  for (const v of ['6.1', '7.2']) {
    for (const f of TREE_FILES) {
      const p = join(REPO, '.cache/kernels', `linux-${v}`, f);
      if (existsSync(p)) out.push({ file: `linux-${v}/${f}`, text: readFileSync(p, 'utf8') });
    }
  }
  return out;
}

const SNIPPETS = [
  '{', '}', '(', ')', ';', ',', '&', '*', '->', '.', '!', '~', '-', '++', '--', '=', '|=', '&=', '^=', '<<', '>>',
  '?', ':', '[', ']', '0', '1', '0x7fffffff', '-1', '4294967296', "'\\x'", '"s"', 'x', 'regs', 'state',
  'if (x)', 'else', 'while (1)', 'for (;;)', 'do', 'switch (x)', 'case 1:', 'default:', 'break;', 'continue;',
  'goto out;', 'out:', 'return', 'return 0;', '({', '})', '&x', '*p', 'p->f', 'sizeof(x)', 'static', 'int',
  'unsigned long', 'struct pt_regs *', 'irqentry_state_t', 'IS_ENABLED(CONFIG_XEN_PV)', 'IS_ENABLED(CONFIG_FOO)',
  'likely(', 'unlikely(', 'need_resched()', 'schedule();', 'local_irq_enable();', 'local_irq_disable();',
  'rcu_irq_enter();', 'rcu_irq_exit();', 'instrumentation_begin();', 'instrumentation_end();', 'preempt_disable();',
  'preempt_enable();', 'WARN_ON_ONCE(', 'unknown_thing', 'unknown_call(&x);', 'x = unknown_call();', '__attribute__((unused))',
  '#if 1', '#endif', '#define X 1', 'asm volatile("");', 'typedef int t;', 'enum { A = 1 };', '/*', '*/', '//', '\\',
];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

/** One random edit of `text`. */
function mutate(r: () => number, text: string): string {
  const n = text.length;
  const at = Math.floor(r() * (n + 1));
  switch (Math.floor(r() * 8)) {
    case 0: {
      // Delete a span.
      const len = 1 + Math.floor(r() * 40);
      return text.slice(0, at) + text.slice(at + len);
    }
    case 1:
    case 2:
      // Insert a snippet.
      return text.slice(0, at) + ' ' + pick(r, SNIPPETS) + ' ' + text.slice(at);
    case 3: {
      // Duplicate a line.
      const lines = text.split('\n');
      const i = Math.floor(r() * lines.length);
      lines.splice(i, 0, lines[i] ?? '');
      return lines.join('\n');
    }
    case 4: {
      // Swap two lines.
      const lines = text.split('\n');
      const i = Math.floor(r() * lines.length);
      const j = Math.floor(r() * lines.length);
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      return lines.join('\n');
    }
    case 5:
      // Truncate.
      return text.slice(0, at);
    case 6: {
      // Replace an identifier-like word with another word from the text.
      const words = text.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? ['x'];
      const w = pick(r, words);
      return text.replace(new RegExp(`\\b${w}\\b`), pick(r, words));
    }
    default: {
      // Replace a character with a random printable one.
      const c = String.fromCharCode(32 + Math.floor(r() * 95));
      return text.slice(0, at) + c + text.slice(at + 1);
    }
  }
}

/** A generated program that nests one construct `depth` times inside the checked function. */
function deep(r: () => number, depth: number): string {
  const body = (inner: string): string => {
    switch (Math.floor(r() * 8)) {
      case 0:
        return `${'if (x) {'.repeat(depth)} ${inner} ${'}'.repeat(depth)}`;
      case 1:
        return `x = ${'('.repeat(depth)}1${')'.repeat(depth)}; ${inner}`;
      case 2:
        return `x = ${'!'.repeat(depth)}x; ${inner}`;
      case 3:
        return `x = ${Array.from({ length: depth }, () => 'x').join(' + ')}; ${inner}`;
      case 4: {
        let e = '1';
        for (let k = 0; k < depth; k++) e = `({ ${e}; })`;
        return `x = ${e}; ${inner}`;
      }
      case 5:
        return `${'while (x) {'.repeat(depth)} ${inner} ${'}'.repeat(depth)}`;
      case 6:
        return `${'switch (x) { case 1: '.repeat(depth)} ${inner} ${'}'.repeat(depth)}`;
      default:
        return `if (${Array.from({ length: depth }, (_, i) => `need_resched() && x != ${i}`).join(' || ')}) ${inner}`;
    }
  };
  return `void xen_pv_evtchn_do_upcall(struct pt_regs *regs)\n{\n\tint x = 1;\n\tirqentry_state_t state = idtentry_enter(regs);\n\t${body('x = 0;')}\n\tidtentry_exit(regs, state);\n}\n`;
}

const USER_FILE = 'fuzz.c';
const ENTRY = 'xen_pv_evtchn_do_upcall';

/** parse → lower → bind → a short exploration; returns 'user-error' | 'explored' or throws. */
async function runInProcess(sources: CSource[], tolerant: boolean): Promise<'user-error' | 'explored'> {
  let rows: CheckRow[];
  try {
    const ir = await parseProgram(sources, { tolerant });
    const roots = [ENTRY, 'kentry_nmi_vector'].filter((n) => ir.functions.has(n));
    if (!roots.includes(ENTRY)) return 'user-error';
    const program = bindProgram(ir, roots, tolerant ? { tolerant: true, ...(ir.constants ? { constants: ir.constants } : {}) } : {});
    const harness = harnessById('xen-upcall')!;
    rows = [{ id: 'fuzz', title: 'fuzz', harness, program, vector: ENTRY, ...(program.byName.has('kentry_nmi_vector') ? { nmiVector: 'kentry_nmi_vector' } : {}), ownFiles: [USER_FILE] }];
  } catch (e) {
    if (e instanceof CSyntaxError || e instanceof BindError) return 'user-error';
    throw e;
  }
  runCheck('fuzz', rows, {
    lattice: BUNDLED_LATTICE,
    filter: { preempt: PreemptModel.None, bools: { XEN_PV: true, PROVE_LOCKING: true, NO_HZ_FULL: false } },
    contexts: ['xen-hcall', 'kernel'],
    bounds: { nmiNesting: 1, irqNesting: 1 },
    maxStates: 400,
    maxSeconds: 20,
  });
  return 'explored';
}

function runCli(dir: string, text: string): { code: number | null; stderr: string } {
  const file = join(dir, USER_FILE);
  writeFileSync(file, text);
  const r = spawnSync(
    process.execPath,
    [join(REPO, 'bin/kentry.js'), 'check', file, '--max-states', '400', '--config', 'PREEMPTION=none,XEN_PV=y,PROVE_LOCKING=y,NO_HZ_FULL=n', '--context', 'xen-hcall', '--json'],
    { encoding: 'utf8', timeout: 120_000 },
  );
  return { code: r.status, stderr: r.stderr ?? '' };
}

export async function fuzz(opts: FuzzOptions): Promise<FuzzResult> {
  const started = Date.now();
  const r = rng(opts.seed);
  const era = eraSources('x86-58');
  const bundled = BUNDLED.map((f) => ({ file: f, text: readFileSync(join(REPO, f), 'utf8') }));
  const trees = treeTexts();
  const failures: FuzzFailure[] = [];
  let userErrors = 0;
  let explored = 0;
  let cliRuns = 0;
  const dir = mkdtempSync(join(tmpdir(), 'kentry-fuzz-'));
  try {
    for (let i = 0; i < opts.cases; i++) {
      const kindRoll = r();
      let kind: string;
      let sources: CSource[];
      let userText: string;
      let tolerant = false;
      if (kindRoll < 0.15) {
        kind = 'deep';
        const depth = pick(r, [10, 100, 255, 256, 300, 1000, 3000, 10000]);
        userText = deep(r, depth);
        sources = [...era, { file: USER_FILE, text: userText }];
      } else if (kindRoll < 0.3 && trees.length > 0) {
        // A tree file, mutated, read the way trees are read (tolerant), with a variant on top.
        kind = 'tree';
        const t = pick(r, trees);
        let text = t.text;
        for (let k = 1 + Math.floor(r() * 4); k > 0; k--) text = mutate(r, text);
        userText = readFileSync(join(REPO, BUNDLED[5]!), 'utf8');
        sources = [...era, { file: t.file, text }, { file: USER_FILE, text: userText }];
        tolerant = true;
      } else {
        kind = 'mutation';
        const base = pick(r, bundled);
        let text = base.text;
        for (let k = 1 + Math.floor(r() * 3); k > 0; k--) text = mutate(r, text);
        if (base.file.startsWith('src/bundled/variant')) {
          userText = text;
          sources = [...era, { file: USER_FILE, text }];
        } else {
          // A mutated era or composite file, with the merged v5.8 variant on top as the user file.
          userText = readFileSync(join(REPO, BUNDLED[5]!), 'utf8');
          sources = [...era.map((s) => (s.file === base.file ? { file: s.file, text } : s)), { file: USER_FILE, text: userText }];
          if (!era.some((s) => s.file === base.file)) sources.splice(0, 0, { file: base.file, text });
        }
      }
      try {
        const outcome = await runInProcess(sources, tolerant);
        if (outcome === 'user-error') userErrors++;
        else explored++;
      } catch (e) {
        const err = e as Error;
        failures.push({ index: i, kind, how: 'in-process', message: `${err.name}: ${err.message}\n${err.stack ?? ''}`.slice(0, 2000), input: userText.slice(0, 4000) });
      }
      if (opts.cliEvery > 0 && i % opts.cliEvery === 0) {
        cliRuns++;
        const c = runCli(dir, userText);
        const stackTrace = /\n\s+at .+:\d+:\d+\)?/.test(c.stderr);
        if (c.code === null || ![0, 1, 2, 3].includes(c.code) || stackTrace) {
          failures.push({ index: i, kind, how: 'cli', message: `exit ${c.code}: ${c.stderr.slice(0, 1500)}`, input: userText.slice(0, 4000) });
        }
      }
      if (opts.log && (i + 1) % 500 === 0) opts.log(`${i + 1}/${opts.cases} cases, ${failures.length} failure(s), ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { cases: opts.cases, cliRuns, userErrors, explored, failures, seconds: (Date.now() - started) / 1000 };
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { cases: { type: 'string' }, seed: { type: 'string' }, 'cli-every': { type: 'string' } } });
  const result = await fuzz({
    cases: Number(values.cases ?? 10_000),
    seed: Number(values.seed ?? 1),
    cliEvery: Number(values['cli-every'] ?? 100),
    log: (s) => process.stderr.write(`fuzz: ${s}\n`),
  });
  for (const f of result.failures.slice(0, 20)) {
    process.stdout.write(`FAIL case ${f.index} (${f.kind}, ${f.how}): ${f.message}\n--- input (first 4000 chars) ---\n${f.input}\n---\n`);
  }
  process.stdout.write(
    `fuzz: ${result.cases} cases (${result.explored} explored, ${result.userErrors} clean user errors), ${result.cliRuns} CLI runs, ${result.failures.length} failure(s), ${result.seconds.toFixed(0)} s\n`,
  );
  return result.failures.length === 0 ? 0 : 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main();
}
