// Where the tree tests find Debian's kernel trees, and when they are skipped: one place for what
// every test that reads a real tree used to spell out itself.
//
// scripts/fetch-kernels.sh extracts each series to <cache>/kernels/linux-<series>/, the cache being
// $KENTRY_CACHE or the repository's .cache. `npm test` fetches them first (scripts/pretest.mjs), so a
// missing tree means a test file run on its own: the tests of the five x86 trees then fail (they
// fetch or say what is missing), the arch tests that need one tree skip with the reason.
// KENTRY_SKIP_KERNELS=1 skips every tree test, and says so.

import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { OpKind } from '../src/c/ir.ts';
import { bindTree, checkRows, kernelTarget, type LoadedTree } from '../src/explore/kernel-target.ts';
import type { CheckRow } from '../src/explore/check.ts';
import { parseConfigFilter } from '../src/model/config.ts';
import type { Finding, KentryReport } from '../src/report/schema.ts';
import { tempDir } from './tmp.ts';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The cache directory fetch-kernels.sh writes to. */
export const CACHE = process.env.KENTRY_CACHE ? path.resolve(process.env.KENTRY_CACHE) : path.join(REPO, '.cache');

/** The extracted tree of a series, e.g. `kernelRoot('7.3')`. */
export function kernelRoot(series: string): string {
  return path.join(CACHE, 'kernels', `linux-${series}`);
}

/** KENTRY_SKIP_KERNELS=1 as a skip reason, else false. */
export const SKIP_KERNELS: string | false = process.env.KENTRY_SKIP_KERNELS === '1' ? 'KENTRY_SKIP_KERNELS=1' : false;

/**
 * The skip reason for a test that needs `series` (and, inside it, `needs`, e.g. `arch/riscv`):
 * KENTRY_SKIP_KERNELS=1, or the tree or that path not being in the cache. False: run.
 */
export function skipUnlessTree(series: string, needs = ''): string | false {
  if (SKIP_KERNELS) return SKIP_KERNELS;
  return existsSync(path.join(kernelRoot(series), needs)) ? false : `no linux-${series}${needs ? `/${needs}` : ''} in ${path.join(CACHE, 'kernels')} (bash scripts/fetch-kernels.sh)`;
}

// ── the arch tests (arm64, riscv, s390, loongarch on 7.3): one lattice point, exact finding sets ──



/** `row check @ function context → callee`: a finding as the arch tests list it (the callee is
 *  the one objtool would name, for objtool.noinstr_call). */
export function archFindingKey(f: Finding): string {
  const m = /call to (\S+?)\(\) leaves/.exec(f.message);
  return `${f.row} ${f.check} @ ${f.function} ${f.context}${m ? ` → ${m[1]}` : ''}`;
}

/** archFindingKey() without the context: the context a finding is first seen from depends on which
 *  configs are checked (no `nohz-user-eqs` where NO_HZ_FULL=n), its class does not. */
export function archFindingClass(f: Finding): string {
  const m = /call to (\S+?)\(\) leaves/.exec(f.message);
  return `${f.row} ${f.check} @ ${f.function}${m ? ` → ${m[1]}` : ''}`;
}

/** The arm64 test point (docs/findings.md "## arm64 (7.3)" and "arm64 on 6.12"): lockdep, NO_HZ_FULL,
 *  full preemption without PREEMPT_DYNAMIC or RT, so every context of the rows applies; SError is
 *  the NMI-class vector. */
export const ARM64_POINT = 'PREEMPTION=full,PREEMPT_DYNAMIC=n,PREEMPT_RT=n,PROVE_LOCKING=y,PROVE_RCU=y,NO_HZ_FULL=y,ARM64_PSEUDO_NMI=n';
/** The same point with GIC priority masking: the pseudo-NMI is the NMI-class vector. */
export const ARM64_PNMI_POINT = ARM64_POINT.replace('ARM64_PSEUDO_NMI=n', 'ARM64_PSEUDO_NMI=y,ARM64_DEBUG_PRIORITY_MASKING=y');

/**
 * The tree's program with two adjacent calls of one straight-line function swapped (a proposed
 * fix that reorders two lines, e.g. F5's), bound again for `arch`. Asserts the shape it relies on:
 * `first` is called right before `second`, and the function has no jumps a swap could move.
 */
export function withCallsSwapped(kt: LoadedTree, fnName: string, first: string, second: string, arch: string): LoadedTree['program'] {
  const ir = kt.program.ir;
  const fn = ir.functions.get(fnName);
  assert.ok(fn, `${fnName} is read`);
  const calls = fn.ops.map((op) => (op.kind === OpKind.Call ? op.callee : ''));
  const a = calls.indexOf(first);
  const b = calls.indexOf(second);
  assert.ok(a >= 0 && b === a + 1, `${fnName} calls ${first} just before ${second}: ${calls.join(', ')}`);
  assert.ok(fn.ops.every((op) => op.kind !== OpKind.Jump && op.kind !== OpKind.BranchIfFalse), 'straight-line function: swapping two calls moves no jump target');
  const ops = fn.ops.map((op, k) => (k === a ? fn.ops[b]! : k === b ? fn.ops[a]! : op));
  const functions = new Map(ir.functions);
  functions.set(fn.name, { ...fn, ops });
  return bindTree({ ...ir, functions }, kt.layout, arch);
}

/** The 64-bit powerpc point (Book3S-64 with soft masking) whose rows are judged in
 *  docs/findings.md ("### powerpc 64-bit"): lockdep, full preemption without PREEMPT_DYNAMIC. */
export const POWERPC64_POINT = 'PREEMPTION=full,PREEMPT_DYNAMIC=n,PROVE_LOCKING=y,NO_HZ_FULL=n,PPC64=y,PPC_IRQ_SOFT_MASK_DEBUG=n';

/**
 * The irq row at POWERPC64_POINT: `row check @ function context`, each judged against the 7.3 C in docs/findings.md:
 * - missed_preemption (kernel) and work_pending (user): F6, TRUE — after a soft-masked interrupt
 *   is replayed at the interrupt return, the `again:` loops of interrupt_exit_kernel_prepare() and
 *   interrupt_exit_user_prepare() (arch/powerpc/kernel/interrupt.c:251–271, :199–207) no longer
 *   redo the work the replayed handler raised (6.12 re-checked it there).
 * - lockdep hardirq_context (kernel; from user too): F7, TRUE — the replayed handler's irqentry_exit()
 *   calls trace_hardirqs_on() inside arch_local_irq_restore()'s irq_enter() (irq_64.c:317). First
 *   seen from kernel since session 27 (powerpc's own arch_enter_from_user_mode() is read, so the
 *   user entry's trace is longer); the fix tests below still find it from user.
 * (The NMI entry's traceable search_kernel_soft_mask_table(), asm/entry-common.h:339 → :42, is not
 * reached from this row: a nested NMI interrupts C text, regs->nip above __end_soft_masked. It is
 * an I1 hazard only in system_call_common's window: test/powerpc64-rows.test.ts.)
 * - I6 tracer @ nmi vector: F1's split, TRUE (hazard), as on every tree.
 * (An I14.user_return_resched_ignored that was kentry's — a remote TIF_NEED_RESCHED without the
 * reschedule IPI that comes with it — is gone since the model keeps that IPI, Machine.reschedIpi.)
 */
export const POWERPC64_IRQ_FINDINGS: readonly string[] = [
  'irq harness.irq_return.missed_preemption @ kentry_powerpc_irq_vector kernel',
  'irq lockdep.hardirqs_on_prepare.hardirq_context @ irqentry_exit_to_kernel_mode_after_preempt kernel',
  'irq I14.user_return_work_pending @ kentry_powerpc_irq_vector user',
  'irq I6.iret_tracer_mismatch @ kentry_powerpc_nmi_vector idle-eqs',
];

/**
 * The exception and nmi rows at POWERPC64_POINT: `row check @ function context`, each judged against the 7.3 C in docs/findings.md:
 * - lockdep hardirq_context (user, idle-eqs): F7 — the exception's own return replays an interrupt
 *   that arrived soft-masked while the handler ran with MSR[EE] on (asm/entry-common.h:211–213).
 * - I14 work_pending (user): F6 on the user return.
 * - I2 @ interrupt_exit_kernel_prepare → replay_soft_interrupts(), @ replay_soft_interrupts →
 *   irq_enter() (idle-eqs): TRUE (hazard) — the kernel return replays after irqentry_exit()'s
 *   ct_irq_exit(), through traceable functions, before irq_enter()'s ct_irq_enter().
 * - I6 tracer @ nmi vector: F1's split, TRUE (hazard), as on every tree.
 * The nmi row (the system reset) finds nothing: an NMI in the kernel's C text has regs->nip above
 * __end_soft_masked, so is_implicit_soft_masked() returns before its traceable table search (that
 * search runs only in the system call's head-text window: test/powerpc64-rows.test.ts).
 */
export const POWERPC64_EXCEPTION_NMI_FINDINGS: readonly string[] = [
  'exception lockdep.hardirqs_on_prepare.hardirq_context @ irqentry_exit_to_kernel_mode_after_preempt user',
  'exception lockdep.hardirqs_on_prepare.hardirq_context @ irqentry_exit_to_kernel_mode_after_preempt idle-eqs',
  'exception I14.user_return_work_pending @ kentry_powerpc_exception_vector user',
  'exception I2.instrumentation_rcu_not_watching @ interrupt_exit_kernel_prepare idle-eqs',
  'exception I2.instrumentation_rcu_not_watching @ replay_soft_interrupts idle-eqs',
  'exception I6.iret_tracer_mismatch @ kentry_powerpc_nmi_vector idle-eqs',
];

/**
 * The syscall row at POWERPC64_POINT (39.3 M states): `row check @ function context`, each judged
 * against the 7.3 C in docs/findings.md ("The exception, nmi and syscall rows"):
 * - I14 work_pending (user): F6 on the system call return — syscall_exit_prepare()'s `again:`
 *   (arch/powerpc/kernel/interrupt.c:126–132) follows syscall_exit_to_user_mode(): an interrupt
 *   that arrived soft-masked during the exit work is replayed by the local_irq_enable() at :130,
 *   and work its handler raises is not looked at again (6.12's loop re-read the flags).
 * - lockdep hardirq_context (user): F7, the replayed handler's irqentry_exit() inside irq_enter().
 * - I1 @ is_implicit_soft_masked (user): the hazard in system_call_common's MSR[EE] window.
 * - I6 tracer @ nmi vector (user): F1's split.
 */
export const POWERPC64_SYSCALL_FINDINGS: readonly string[] = [
  'syscall I14.user_return_work_pending @ kentry_powerpc_syscall_vector user',
  'syscall lockdep.hardirqs_on_prepare.hardirq_context @ irqentry_exit_to_kernel_mode_after_preempt user',
  'syscall I1.instrumentable_before_lockdep_off @ is_implicit_soft_masked user',
  'syscall I6.iret_tracer_mismatch @ kentry_powerpc_nmi_vector user',
];

/** A `--config` point as the filter checkRows() takes; a point that does not parse is a test bug. */
export function pointFilter(point: string): Exclude<ReturnType<typeof parseConfigFilter>, string> {
  const filter = parseConfigFilter(point);
  if (typeof filter === 'string') throw new Error(filter);
  return filter;
}

/** The rows checked at one point of their lattice (a `--config` filter), complete within the
 *  budget and at exactly one config; the timing and state count go to the test's diagnostics.
 *  The budget is states, not seconds: a loaded CI machine must not turn "complete" into
 *  "incomplete" (the time limit only guards against a hang). */
export function checkAtPoint(t: { diagnostic(msg: string): void }, label: string, rows: readonly CheckRow[], lattice: Parameters<typeof checkRows>[2], point: string, started: number, maxStates = 40_000_000): KentryReport {
  const report = checkRows(label, rows, lattice, { filter: pointFilter(point), maxStates, maxSeconds: 7200 });
  t.diagnostic(`load+check ${((Date.now() - started) / 1000).toFixed(0)}s, ${report.stats.distinctStates} states, ${report.stats.configsChecked} config(s), ${report.stats.runs} runs`);
  assert.ok(report.complete, 'explored within the budget');
  assert.equal(report.stats.configsChecked, 1);
  return report;
}

/** arm64's six rows on a tree (7.x's generic irqentry code, or 6.12's own entry helpers: the same
 *  rows and harnesses either way) checked at one point; the rows' shape is asserted first. */
export async function checkArm64Point(t: { diagnostic(msg: string): void }, series: string, point: string): Promise<KentryReport> {
  const started = Date.now();
  const { rows, lattice } = await kernelTarget(kernelRoot(series), { arch: 'arm64' });
  assert.deepEqual(rows.map((r) => r.id), ['irq', 'nmi', 'exception', 'syscall', 'serror', 'debug']);
  assert.deepEqual(rows.map((r) => r.harness.id), ['irq', 'nmi', 'exception', 'syscall', 'nmi', 'nmi']);
  assert.ok(rows.every((r) => r.asyncMask), 'arm64 rows mask SError on exception entry');
  // The EL1 debug exception arrives only in kernel contexts (EL0's take the user-mode helpers).
  assert.deepEqual(rows.find((r) => r.id === 'debug')!.harness.contexts, ['kernel', 'kernel-preempt-off', 'kernel-irqs-off', 'idle-eqs', 'idle-irqs-off']);
  return checkAtPoint(t, `linux-${series} arm64`, rows, lattice, point, started);
}

/** A small tree written for a test (in our own words): relative path → text, in a fresh temp dir. */
export function writeTree(files: Record<string, string>): string {
  const dir = tempDir('kentry-tree-');
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

/** The CLI in process, not a TTY, no environment: its exit code and what it printed. */
export async function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { main } = await import('../src/cli/main.ts');
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), stdoutIsTTY: false, stderrIsTTY: false, env: {} });
  return { code, stdout, stderr };
}

/**
 * A cached tree with some of its files left out, for a test that needs a tree kentry cannot read
 * for one arch: a fresh temp dir whose directories under `real` (and their ancestors) are real
 * directories, their files hard links to the cache's (copies across file systems), everything else
 * a symlink into the cache. kentry lists only real directories and files (src/tree/discover.ts), so
 * the directories it lists must be under `real`. Nothing in the cache is modified.
 */
export function treeWithout(root: string, omit: readonly string[], real: readonly string[]): string {
  const dir = tempDir('kentry-overlay-');
  const skip = new Set(omit);
  const inside = (rel: string): boolean => real.some((r) => rel === r || rel.startsWith(`${r}/`));
  const above = (rel: string): boolean => rel === '' || real.some((r) => r.startsWith(`${rel}/`));
  const build = (rel: string): void => {
    for (const e of readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (skip.has(r)) continue;
      const from = path.join(root, r);
      const to = path.join(dir, r);
      if (e.isDirectory() && (inside(r) || above(r))) {
        mkdirSync(to);
        build(r);
      } else if (e.isFile() && inside(r)) {
        try { linkSync(from, to); } catch { copyFileSync(from, to); }
      } else {
        symlinkSync(from, to);
      }
    }
  };
  build('');
  return dir;
}

/**
 * A cached tree with some files rewritten, for a test that needs the tree's code plus a few lines
 * of its own: `edit` maps a path to a function of the file's text, whose result (written by the
 * test, in our own words around the tree's text) replaces the file in a treeWithout() overlay whose
 * `real` directories are the ones kentry lists for the arch read (x86: kernel, arch/x86). The cache's
 * file is never written: the overlay's hard link is removed before the new text is written.
 */
export function treeEdited(root: string, real: readonly string[], edit: Record<string, (text: string) => string>): string {
  const dir = treeWithout(root, [], [...new Set([...real, ...Object.keys(edit).map((rel) => path.posix.dirname(rel))])]);
  for (const [rel, change] of Object.entries(edit)) {
    const to = path.join(dir, rel);
    const text = change(readFileSync(to, 'utf8'));
    rmSync(to);
    writeFileSync(to, text);
  }
  return dir;
}
