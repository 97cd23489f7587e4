// Mutation testing at test time (scripts/mutants.ts, docs/mutants.md): a fixed sample of mutants of
// linux-6.12's irqentry_enter/exit and irqentry_nmi_enter/exit — every operator on each — must be
// killed, each by the check named here; and the judged table (scripts/mutants-judged.ts) must match
// the mutants 5.10, 6.1 and 6.12 generate (no STALE entry). The full run is `npm run mutants`.
// Skipped only with KENTRY_SKIP_KERNELS=1.
//
// Speed: each sample is checked in stage 1 only (three configs × every context) on one cheap row
// — `nmi` for the NMI pair, `syscall` (whose nested IRQ runs irqentry_enter/exit) for the other —
// against that row's baseline over the whole lattice. A finding of a restricted run is a finding of
// the full run, so a kill here is a kill of `npm run mutants`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseProgram } from '../src/c/frontend.ts';
import { OpKind } from '../src/c/ir.ts';
import type { CheckRow } from '../src/explore/check.ts';
import { enumerateLattice, hasBool, PreemptModel } from '../src/model/config.ts';
import { HARNESS_INSERTED_CALLS, loadTree, type LoadedTree, treeRows } from '../src/explore/kernel-target.ts';
import { matchesFilter } from '../src/model/config.ts';
import {
  allMutants,
  archMutatedFunctions,
  baselineKeys,
  canonical,
  fetchedTrees,
  killRates,
  MUTATED_FUNCTIONS,
  type Mutant,
  type MutantResult,
  onlySelects,
  restrictLattice,
  mutantsOf,
  judgedMap,
  type Operator,
  OPERATORS,
  runMutant,
  score,
  stage1Filters,
  staleJudged,
  tally,
  treeRoot,
  variantOf,
} from '../scripts/mutants.ts';
import { JUDGED, type JudgedMutant, UNMODELLED_LEAVES } from '../scripts/mutants-judged.ts';
import { CACHE, REPO, SKIP_KERNELS } from './trees.ts';
import { tempDir } from './tmp.ts';

const repo = REPO;
const cache = CACHE;
const skip = SKIP_KERNELS;

let fetched = false;
function ensureTrees(): void {
  if (fetched) return;
  execFileSync('bash', [path.join(repo, 'scripts/fetch-kernels.sh')], { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, KENTRY_CACHE: cache } });
  fetched = true;
}

interface Sample {
  /** Mutant.key (stable across trees and line shifts). */
  readonly key: string;
  readonly operator: Operator;
  readonly row: 'nmi' | 'syscall';
  /** Check id of the first new finding. */
  readonly check: string;
}

/**
 * Every operator on each of the four functions, except: irqentry_nmi_enter has no branch to negate,
 * and irqentry_nmi_exit has no swap the model kills on 6.12. Its one killed swap used to be
 * `instrumentation_begin() ↔ ftrace_nmi_exit()`, but ftrace_nmi_exit() is an __always_inline body
 * that is empty without the HWLAT/OSNOISE tracers (not lattice axes), now inlined as the compiler
 * does, so that swap is equivalent in every config the model builds; the other swaps are
 * equivalent or judged (scripts/mutants-judged.ts).
 */
const SAMPLES: readonly Sample[] = [
  // irqentry_enter, through the nested IRQ of the system call row.
  { key: 'irqentry_enter: delete lockdep_hardirqs_off(CALLER_ADDR0) [2/2]', operator: 'delete', row: 'syscall', check: 'harness.handler.lockdep_on' },
  { key: 'irqentry_enter: swap trace_hardirqs_off_finish() ↔ instrumentation_end() [2/2]', operator: 'swap', row: 'syscall', check: 'objtool.noinstr_call' },
  { key: 'irqentry_enter: duplicate instrumentation_begin() [2/2]', operator: 'instr', row: 'syscall', check: 'objtool.return_instrumentation' },
  { key: 'irqentry_enter: negate if (is_idle_task(current))', operator: 'negate', row: 'syscall', check: 'harness.irq_return.missed_preemption' },
  { key: 'irqentry_enter: lockdep_hardirqs_off → lockdep_hardirqs_on [2/2]', operator: 'sibling', row: 'syscall', check: 'harness.handler.lockdep_on' },
  // irqentry_exit, likewise.
  { key: 'irqentry_exit: delete raw_irqentry_exit_cond_resched()', operator: 'delete', row: 'syscall', check: 'harness.irq_return.missed_preemption' },
  { key: 'irqentry_exit: swap trace_hardirqs_on() ↔ instrumentation_end()', operator: 'swap', row: 'syscall', check: 'objtool.noinstr_call' },
  { key: 'irqentry_exit: instrumentation_begin() → instrumentation_end() [2/2]', operator: 'instr', row: 'syscall', check: 'objtool.instrumentation_end_underflow' },
  { key: 'irqentry_exit: negate if (IS_ENABLED(CONFIG_PREEMPTION))', operator: 'negate', row: 'syscall', check: 'harness.irq_return.missed_preemption' },
  { key: 'irqentry_exit: trace_hardirqs_on → trace_hardirqs_on_prepare', operator: 'sibling', row: 'syscall', check: 'I6.iret_lockdep_mismatch' },
  // irqentry_nmi_enter, through the NMI row.
  { key: 'irqentry_nmi_enter: delete lockdep_hardirq_enter()', operator: 'delete', row: 'nmi', check: 'lockdep.hardirq_context.underflow' },
  { key: 'irqentry_nmi_enter: swap instrumentation_begin() ↔ kmsan_unpoison_entry_regs(regs)', operator: 'swap', row: 'nmi', check: 'objtool.noinstr_call' },
  { key: 'irqentry_nmi_enter: drop instrumentation_end()', operator: 'instr', row: 'nmi', check: 'objtool.return_instrumentation' },
  { key: 'irqentry_nmi_enter: ct_nmi_enter → ct_nmi_exit', operator: 'sibling', row: 'nmi', check: 'I2.instrumentation_rcu_not_watching' },
  // irqentry_nmi_exit.
  { key: 'irqentry_nmi_exit: delete __nmi_exit()', operator: 'delete', row: 'nmi', check: 'I4.iret_preempt_count_unbalanced' },
  { key: 'irqentry_nmi_exit: duplicate instrumentation_end()', operator: 'instr', row: 'nmi', check: 'objtool.instrumentation_end_underflow' },
  { key: 'irqentry_nmi_exit: negate if (irq_state.lockdep) [2/2]', operator: 'negate', row: 'nmi', check: 'I6.iret_lockdep_mismatch' },
  { key: 'irqentry_nmi_exit: lockdep_hardirqs_on → lockdep_hardirqs_off', operator: 'sibling', row: 'nmi', check: 'I6.iret_lockdep_mismatch' },
];

/** A judged-equivalent mutant the NMI row must not kill over its whole lattice (the control). */
const CONTROL = 'irqentry_nmi_exit: delete lockdep_hardirqs_on_prepare()';

test('the sample covers every operator on each of irqentry_enter/exit and irqentry_nmi_enter/exit', () => {
  for (const fn of ['irqentry_enter', 'irqentry_exit', 'irqentry_nmi_enter', 'irqentry_nmi_exit']) {
    const ops = new Set(SAMPLES.filter((s) => s.key.startsWith(`${fn}: `)).map((s) => s.operator));
    const expected = fn === 'irqentry_nmi_enter' ? OPERATORS.filter((o) => o !== 'negate') : fn === 'irqentry_nmi_exit' ? OPERATORS.filter((o) => o !== 'swap') : OPERATORS;
    assert.deepEqual([...ops].sort(), [...expected].sort(), fn);
  }
});

let kt612: LoadedTree | undefined;
let mutants612: Mutant[] = [];

test('linux-6.12: the sampled mutants are killed, each by the check named', { skip, timeout: 300_000 }, async (t) => {
  ensureTrees();
  const started = Date.now();
  kt612 = await loadTree(treeRoot('6.12'));
  mutants612 = allMutants(kt612);
  const byKey = new Map(mutants612.map((m) => [m.key, m]));
  const loaded = (Date.now() - started) / 1000;
  const baseline = baselineKeys(kt612, ['nmi', 'syscall']);
  const baselined = (Date.now() - started) / 1000;
  for (const s of SAMPLES) {
    await t.test(s.key, () => {
      const m = byKey.get(s.key);
      assert.ok(m, `no mutant ${s.key} in linux-6.12`);
      assert.equal(m.operator, s.operator);
      assert.equal(m.decided, undefined, 'a sampled mutant is run, not decided by rule');
      const r = runMutant(kt612!, m, baseline, '6.12', { rows: [s.row], stage2: false });
      assert.equal(r.status, 'killed', `${m.id} ${r.status}${r.by ? `: ${r.by}` : ''}`);
      assert.equal(r.stage, 1);
      assert.equal(r.check, s.check, `${m.id}: first new finding ${r.by}`);
      assert.ok(r.by!.startsWith(`${s.row}|${s.check}|`), r.by);
      assert.ok(!baseline.has(r.by!), 'the finding is new');
    });
  }
  await t.test(`control: ${CONTROL} survives the whole lattice of the nmi row`, () => {
    const m = byKey.get(CONTROL);
    assert.ok(m, `no mutant ${CONTROL}`);
    assert.equal(JUDGED.find((j) => j.key === CONTROL)?.class, 'equivalent');
    const r = runMutant(kt612!, m, baseline, '6.12', { rows: ['nmi'] });
    assert.equal(r.status, 'survived', `${r.status}${r.by ? `: ${r.by}` : ''}`);
  });
  t.diagnostic(`linux-6.12: tree read ${loaded.toFixed(1)}s, baseline of the nmi and syscall rows ${(baselined - loaded).toFixed(1)}s, ${SAMPLES.length + 1} mutants ${((Date.now() - started) / 1000 - baselined).toFixed(1)}s`);
});

// 5.10–6.12 here; 7.2/7.3 below (their own keys: the kernel-mode halves and exit helpers moved).
for (const v of ['5.10', '6.1', '6.12'] as const) {
  test(`linux-${v}: no STALE entry in the judged table`, { skip, timeout: 600_000 }, async () => {
    ensureTrees();
    const ms = v === '6.12' && mutants612.length ? mutants612 : allMutants(await loadTree(treeRoot(v)));
    assert.ok(ms.length > 200, `${ms.length} mutants generated`);
    assert.deepEqual(staleJudged(ms, v), []);
    // Keys carry no line numbers and fold the 5.10 → 6.1 → 6.12 renames, so the trees share them.
    assert.ok(ms.some((m) => m.key.startsWith('enter_from_user_mode: ')));
    assert.ok(ms.some((m) => m.key === 'enter_from_user_mode: delete CT_WARN_ON(__ct_state() != CT_STATE_USER)'));
  });
}

// 7.x: the entries judged on the 7.3 run (trees 7.2/7.3) must name mutants both trees generate.
for (const v of ['7.2', '7.3'] as const) {
  test(`linux-${v}: no STALE entry in the judged table`, { skip, timeout: 600_000 }, async () => {
    ensureTrees();
    const ms = allMutants(await loadTree(treeRoot(v)));
    assert.ok(ms.length > 250, `${ms.length} mutants generated`);
    assert.deepEqual(staleJudged(ms, v), []);
    // 7.x's own keys: the kernel-mode half that irqentry_enter() dispatches to.
    assert.ok(ms.some((m) => m.key.startsWith('irqentry_enter_from_kernel_mode: ')));
  });
}

// ---- --arch: another arch's mutants; x86's unchanged ----

/**
 * x86 on 7.3 before `--arch` existed (commit 916ecdd): 304 mutants; the SHA-256 of one line per
 * mutant, `id TAB key TAB operator TAB callees TAB rule-status`. The arch option must not move an
 * x86 id, key, guard or rule decision. Since session 25, 305: ct_state()'s own text is interpreted
 * (PrimitiveDef.yieldsToTreeBodyCalling), so its call in syscall_exit_to_user_mode_work() is a
 * function call the delete operator takes (`syscall_exit_to_user_mode_work#2`, its key with RENAMED folded: `delete __ct_state()`; judged equivalent
 * in scripts/mutants-judged.ts); the later ids of that function move up by one, nothing else changes
 * (was 54fd7aa2…0619).
 */
const X86_73 = { count: 305, sha256: '98a3521211415544a1995415283230ca4e259a85664ffd2ce792a0f328416bc1' };
/**
 * Since session 28 a mutated function's config variants are mutated too (configVariantsOf): x86
 * 7.3 binds the exit loop only as `__exit_to_user_mode_loop[PREEMPT_RT=n]` and
 * `…[TINY_RCU=n PREEMPT_RT=y]`, 24 mutants each. They are added beside the 305, which are unchanged.
 */
const X86_73_VARIANTS = { count: 48, fns: ['__exit_to_user_mode_loop[PREEMPT_RT=n]', '__exit_to_user_mode_loop[TINY_RCU=n PREEMPT_RT=y]'] };

test('linux-7.3: x86 generates exactly the mutants it generated before --arch, and its variants\' beside them', { skip, timeout: 600_000 }, async () => {
  ensureTrees();
  const all = allMutants(await loadTree(treeRoot('7.3')));
  const isVariant = (fn: string): boolean => /\[[^\]]*\]$/.test(fn);
  const ms = all.filter((m) => !isVariant(m.fn));
  const text = ms.map((m) => `${m.id}\t${m.key}\t${m.operator}\t${m.callees.join(',')}\t${m.decided?.status ?? ''}`).join('\n');
  assert.equal(ms.length, X86_73.count);
  assert.equal(createHash('sha256').update(text).digest('hex'), X86_73.sha256);
  const variants = all.filter((m) => isVariant(m.fn));
  assert.equal(variants.length, X86_73_VARIANTS.count);
  assert.deepEqual([...new Set(variants.map((m) => m.fn))], X86_73_VARIANTS.fns);
  // Keyed, named and applied as the variant: its own ids, its own key prefix, nothing shared.
  for (const m of variants) {
    assert.ok(m.key.startsWith(`${m.fn}: `), m.key);
    assert.ok(m.id.startsWith(`${m.fn}#`), m.id);
  }
  assert.ok(variants.some((m) => m.key === '__exit_to_user_mode_loop[PREEMPT_RT=n]: delete schedule()'));
});

test('linux-7.3 --arch arm64: the generic functions its rows reach plus its own entry code, keys prefixed arm64/', { skip, timeout: 600_000 }, async () => {
  ensureTrees();
  const kt = await loadTree(treeRoot('7.3'), 'arm64');
  // Its own: every reached function defined under arch/arm64/ (derived, not listed).
  const own = archMutatedFunctions(kt.program, 'arm64');
  for (const fn of own) assert.ok(kt.program.ir.functions.get(fn)!.loc.file.startsWith('arch/arm64/'), fn);
  const plain = own.map((n) => n.replace(/<[^>]*>$/, ''));
  for (const fn of ['__el1_irq', 'el1_interrupt', '__el1_pnmi', 'arm64_enter_from_kernel_mode', 'arm64_exit_to_kernel_mode_preempt', 'el0_interrupt', 'arm64_enter_from_user_mode', 'arm64_exit_to_user_mode']) {
    assert.ok(plain.includes(fn), `${fn} is arm64's own (${plain.join(', ')})`);
  }
  assert.ok(!own.some((n) => MUTATED_FUNCTIONS.includes(n)), 'generic functions are not under arch/');
  const ms = allMutants(kt);
  assert.ok(ms.every((m) => m.key.startsWith('arm64/')), 'every key carries the arch');
  // __el1_irq as the rows run it: the copy specialized for the root IRQ handler; its key drops the suffix.
  const el1 = ms.filter((m) => m.key.startsWith('arm64/__el1_irq: '));
  assert.ok(el1.length > 0, 'mutants in __el1_irq');
  assert.ok(el1.every((m) => m.fn.startsWith('__el1_irq<') && onlySelects(['__el1_irq'], m)));
  // The generic ones it reaches (7.3's kernel-mode half), not x86's Xen upcall.
  assert.ok(ms.some((m) => m.key.startsWith('arm64/irqentry_enter_from_kernel_mode: ')));
  assert.ok(!ms.some((m) => m.fn === 'xen_pv_evtchn_do_upcall'));
  // The judged arm64 entries name arm64 mutants; x86's entries are not checked against them.
  assert.deepEqual(staleJudged(ms, '7.3', JUDGED, 'arm64'), []);
  // Stage 1: one config per filter, full debugging as arm64 builds it (no DEBUG_ENTRY).
  for (const row of treeRows(kt)) {
    const fs1 = stage1Filters(row, kt.lattice, 'arm64');
    assert.ok(fs1.length >= 3, row.id);
    for (const f of fs1) {
      assert.equal(kt.lattice.filter((c) => matchesFilter(c, f)).length, 1, `${row.id}: ${JSON.stringify(f)}`);
      assert.equal(f.bools.PROVE_LOCKING, true);
      assert.equal(f.bools.DEBUG_ENTRY, undefined);
      if (row.harness.requires.ARM64_PSEUDO_NMI) assert.equal(f.bools.ARM64_PSEUDO_NMI, true, row.id);
    }
  }
});

// riscv's, loongarch's and s390's own entry code: mutated with keys prefixed by the arch, and no judged
// entry of theirs stale (each names a mutant that exists; at least one applies).
for (const [arch, fns] of [['riscv', ['do_irq', 'handle_riscv_irq', 'do_trap_break', 'do_trap_ecall_u']], ['loongarch', ['do_vint', 'handle_loongarch_irq', 'do_bp', 'do_syscall']], ['s390', ['do_io_irq', 'do_ext_irq', '__do_syscall', '__do_pgm_check']], ['powerpc', ['interrupt_exit_kernel_prepare[PPC64=n PPC_IRQ_SOFT_MASK_DEBUG=n]', 'arch_interrupt_enter_prepare[PPC64=n PPC_IRQ_SOFT_MASK_DEBUG=n]', '__do_irq']]] as const) {
  test(`linux-7.3 --arch ${arch}: its own entry code is mutated, keys prefixed ${arch}/, no STALE ${arch} entry`, { skip, timeout: 600_000 }, async () => {
    ensureTrees();
    const kt = await loadTree(treeRoot('7.3'), arch);
    const own = archMutatedFunctions(kt.program, arch);
    for (const fn of fns) assert.ok(own.includes(fn), fn);
    const ms = allMutants(kt);
    assert.ok(ms.every((m) => m.key.startsWith(`${arch}/`)));
    assert.ok(ms.some((m) => m.key.startsWith(`${arch}/${fns[0]}: `)));
    assert.deepEqual(staleJudged(ms, '7.3', JUDGED, arch), []);
    assert.ok(JUDGED.some((j) => j.arch === arch && ms.some((m) => m.key === j.key)));
  });
}

// arm64 on 6.12 reads its own (pre-generic) entry code: those helpers are its own mutated
// functions, and the judged 6.12 entries (docs/mutants.md) name mutants that exist.
test('linux-6.12 --arch arm64: its own entry helpers are mutated, keys prefixed arm64/, no STALE arm64 entry', { skip, timeout: 600_000 }, async () => {
  ensureTrees();
  const kt = await loadTree(treeRoot('6.12'), 'arm64');
  const own = archMutatedFunctions(kt.program, 'arm64');
  for (const fn of ['__enter_from_kernel_mode', '__exit_to_kernel_mode', '__enter_from_user_mode', '__exit_to_user_mode', 'arm64_enter_nmi', 'arm64_exit_nmi', 'arm64_preempt_schedule_irq', 'do_notify_resume']) assert.ok(own.includes(fn), fn);
  const ms = allMutants(kt);
  assert.ok(ms.every((m) => m.key.startsWith('arm64/')));
  assert.deepEqual(staleJudged(ms, '6.12', JUDGED, 'arm64'), []);
  assert.ok(JUDGED.some((j) => j.arch === 'arm64' && j.trees?.includes('6.12') && ms.some((m) => m.key === j.key)));
});

// powerpc's own code has config variants (the 32- and 64-bit texts of one header function, named
// `fn[PPC64=y SMP=y …]` by the tree reader while their IrFunction keeps the plain name). Each
// variant's mutants are named by the variant, so they are applied to its body and keyed apart.
test('linux-7.3 --arch powerpc: a config variant is mutated as itself (its own name, body and key)', { skip, timeout: 600_000 }, async () => {
  ensureTrees();
  const kt = await loadTree(treeRoot('7.3'), 'powerpc');
  const ms = allMutants(kt); // threw "not unique" when variants were named by the plain name
  const variant = [...kt.program.byName.keys()].find((n) => n.startsWith('arch_interrupt_enter_prepare[') && n.includes('PPC64=y'))!;
  assert.ok(variant, 'a 64-bit variant of arch_interrupt_enter_prepare');
  const mine = ms.filter((m) => m.fn === variant);
  assert.ok(mine.length > 0);
  assert.ok(mine.every((m) => m.key.startsWith(`powerpc/${variant}: `) && m.id.startsWith(`${variant}#`)), mine[0]!.key);
  const body = kt.program.ir.functions.get(variant)!;
  for (const m of mine) {
    const after = m.apply(body);
    const changed = after.ops.findIndex((op, i) => JSON.stringify(op) !== JSON.stringify(body.ops[i]));
    const at = changed >= 0 ? body.ops[changed]! : body.ops[after.ops.length] ?? body.ops.at(-1)!;
    assert.ok(changed >= 0 || after.ops.length !== body.ops.length, `${m.key} changes the variant's body`);
    assert.equal(`${at.loc.file}:${at.loc.line}`, m.at, `${m.key}: the op changed is the one the mutant names`);
  }
  assert.deepEqual(variantOf({ fn: variant, callees: [] }), Object.fromEntries(/\[(.*)\]$/.exec(variant)![1]!.split(' ').filter((t) => /=[yn]$/.test(t)).map((t) => [t.split('=')[0], t.endsWith('=y')])));
});

// ---- the guard and the scoring, on data of our own (no tree needed) ----

const FAKE: Pick<Mutant, 'key' | 'operator' | 'callees'>[] = [
  { key: 'f: delete a()', operator: 'delete', callees: ['a'] },
  { key: 'f: a → b [1/2]', operator: 'sibling', callees: ['a', 'b'] },
  { key: 'f: a → b [2/2]', operator: 'sibling', callees: ['a', 'b'] },
  { key: 'g: delete __exit_to_user_mode()', operator: 'delete', callees: ['__exit_to_user_mode'] },
];
const entry = (key: string, over: Partial<JudgedMutant> = {}): JudgedMutant => ({ key, class: 'equivalent', operator: 'delete', callees: ['a'], argument: '…', ...over });

test('staleJudged: an entry that no longer names the mutant it was judged on is STALE', () => {
  assert.deepEqual(staleJudged(FAKE, 't', [entry('f: delete a()')]), []);
  // Callees are compared with the renames folded.
  assert.deepEqual(staleJudged(FAKE, 't', [entry('g: delete __exit_to_user_mode()', { callees: ['exit_to_user_mode'] })]), []);
  const why = (table: JudgedMutant[]): string[] => staleJudged(FAKE, 't', table).map((s) => s.why);
  assert.match(why([entry('f: delete z()')])[0]!, /no mutant with this key/);
  // A third look-alike site renumbers [k/n]: an entry keyed [2/2] does not silently move.
  assert.match(why([entry('f: a → b [2/3]', { operator: 'sibling', callees: ['a', 'b'] })])[0]!, /no mutant/);
  assert.match(why([entry('f: delete a()', { operator: 'swap' })])[0]!, /operator is delete/);
  assert.match(why([entry('f: delete a()', { callees: ['b'] })])[0]!, /callees are \[a\]/);
  assert.match(why([entry('f: delete a()'), entry('f: delete a()')])[0]!, /listed twice/);
  // An entry for another tree only is not checked here.
  assert.deepEqual(staleJudged(FAKE, 't', [entry('f: delete z()', { trees: ['u'] })]), []);
  // Nor one for another arch; an arch's entry is checked against that arch's mutants, and its key
  // must carry the arch.
  const ARM: Pick<Mutant, 'key' | 'operator' | 'callees'>[] = FAKE.map((m) => ({ ...m, key: `arm64/${m.key}` }));
  assert.deepEqual(staleJudged(FAKE, 't', [entry('arm64/f: delete z()', { arch: 'arm64' })]), []);
  assert.deepEqual(staleJudged(ARM, 't', [entry('f: delete z()')], 'arm64'), []);
  assert.deepEqual(staleJudged(ARM, 't', [entry('arm64/f: delete a()', { arch: 'arm64' })], 'arm64'), []);
  assert.match(staleJudged(ARM, 't', [entry('arm64/f: delete z()', { arch: 'arm64' })], 'arm64')[0]!.why, /no mutant/);
  assert.match(staleJudged(ARM, 't', [entry('f: delete a()', { arch: 'arm64' })], 'arm64')[0]!.why, /must start with arm64\//);
  assert.deepEqual([...judgedMap([], 't', [entry('f: delete a()'), entry('arm64/f: delete a()', { arch: 'arm64' })], 'arm64').keys()], ['arm64/f: delete a()']);
});

test('score: killed, equivalent, outside the model, unexplained; the two kill rates', () => {
  const r = (over: Partial<MutantResult>): MutantResult => ({ tree: 't', id: 'f#1', key: 'f: delete a()', fn: 'f', operator: 'delete', callees: ['a'], at: 'x.c:1', desc: 'delete a()', status: 'survived', seconds: 0, ...over });
  const judged = new Map([['f: delete a()', entry('f: delete a()')], ['f: delete b()', entry('f: delete b()', { class: 'outside-model', callees: ['b'] })]]);
  const leaf = [...UNMODELLED_LEAVES.keys()][0]!;
  const cases: [Partial<MutantResult>, string, string, string?][] = [
    [{ status: 'killed', key: 'k', by: 'syscall|x|f|' }, 'killed', 'finding'],
    [{ status: 'crashed', key: 'k', by: 'model bound: hardirq_context > 15' }, 'killed', 'model-bound'],
    [{ status: 'crashed', key: 'k', by: 'TypeError: x is undefined' }, 'unexplained', 'model error: TypeError: x is undefined'],
    [{ status: 'crashed', by: 'TypeError: x is undefined' }, 'unexplained', 'model error: TypeError: x is undefined'],
    [{ status: 'killed', by: 'syscall|x|f|' }, 'killed', 'finding', 'judged but killed (entry can be dropped)'],
    [{ status: 'equivalent', key: 'k', by: 'R1: …' }, 'equivalent', 'R1'],
    [{ status: 'survived' }, 'equivalent', 'judged'],
    [{ status: 'stage1-only', key: 'f: delete b()' }, 'outside-model', 'judged'],
    [{ status: 'survived', key: 'k' }, 'unexplained', 'survived the whole lattice'],
    [{ status: 'incomplete', key: 'k' }, 'unexplained', 'stage 2 hit a budget'],
    [{ status: 'model-gap', key: 'k', leaf }, 'outside-model', 'unmodelled-leaf'],
    [{ status: 'model-gap', key: 'k', leaf: 'schedule' }, 'unexplained', 'rule model gap (schedule is not a deliberately unmodelled leaf)'],
  ];
  const scored = cases.map(([over, verdict, how, drop]) => {
    const s = score(r(over), judged);
    assert.equal(s.verdict, verdict, JSON.stringify(over));
    assert.equal(s.how, how, JSON.stringify(over));
    assert.equal(s.dropEntry, drop, JSON.stringify(over));
    return s;
  });
  const t = tally(scored);
  assert.deepEqual(t, { all: 12, killed: 3, equivalent: 2, outsideModel: 2, unexplained: 5 });
  const k = killRates(t);
  assert.equal(k.rate, 3 / 10);
  assert.equal(k.modelled, 3 / 8);
});

// ---- every tree: keys across renames, stage-1 configs from the tree's lattice (no tree needed) ----

test('canonical: the 5.10 spellings fold to the 6.12 ones, whole identifiers only', () => {
  assert.equal(canonical('CT_WARN_ON(ct_state() != CONTEXT_USER)'), 'CT_WARN_ON(__ct_state() != CT_STATE_USER)');
  assert.equal(canonical('swap arch_check_user_regs(regs) ↔ lockdep_hardirqs_off(CALLER_ADDR0)'), 'swap arch_enter_from_user_mode(regs) ↔ lockdep_hardirqs_off(CALLER_ADDR0)');
  assert.equal(canonical('delete tracehook_notify_resume(regs)'), 'delete resume_user_mode_work(regs)');
  assert.equal(canonical('delete irqentry_exit_cond_resched()'), 'delete raw_irqentry_exit_cond_resched()');
  // Already the new spelling: unchanged (no second prefix, no match inside a longer name).
  for (const s of ['__ct_state()', 'raw_irqentry_exit_cond_resched()', 'dynamic_irqentry_exit_cond_resched()', 'CT_STATE_USER']) assert.equal(canonical(s), s);
});

test('--only selects by function (as named or canonically) and by mutant id, nothing else', () => {
  const m = { id: 'irqentry_exit#3', fn: 'irqentry_exit' };
  assert.ok(onlySelects(['irqentry_exit'], m));
  assert.ok(onlySelects(['syscall_enter_from_user_mode', 'irqentry_exit#3'], m));
  assert.ok(!onlySelects(['irqentry_exit#4'], m));
  assert.ok(!onlySelects(['irqentry_exit#'], m));
  assert.ok(!onlySelects(['irqentry_enter'], m));
  // A 5.10 function name selects under its 6.12 spelling too.
  assert.ok(onlySelects(['raw_irqentry_exit_cond_resched'], { id: 'irqentry_exit_cond_resched#1', fn: 'irqentry_exit_cond_resched' }));
  // A config variant by its function's name, by its own, or by its id; not by another function's.
  const v = { id: '__exit_to_user_mode_loop[PREEMPT_RT=n]#7', fn: '__exit_to_user_mode_loop[PREEMPT_RT=n]' };
  assert.ok(onlySelects(['__exit_to_user_mode_loop'], v));
  assert.ok(onlySelects(['__exit_to_user_mode_loop[PREEMPT_RT=n]'], v));
  assert.ok(onlySelects(['__exit_to_user_mode_loop[PREEMPT_RT=n]#7'], v));
  assert.ok(!onlySelects(['__exit_to_user_mode_loop[PREEMPT_RT=y]'], v));
  assert.ok(!onlySelects(['exit_to_user_mode_loop'], v));
});

test('mutantsOf: a sibling named in the 6.12 spelling is generated for the older name, with the 6.12 key', async () => {
  const src = (resched: string): string => `void ${resched}(void) { }\nvoid preempt_schedule_irq(void) { }\nvoid f(void) { ${resched}(); }\nvoid g(void) { preempt_schedule_irq(); }\n`;
  for (const resched of ['irqentry_exit_cond_resched', 'raw_irqentry_exit_cond_resched']) {
    const ir = await parseProgram([{ file: 't.c', text: src(resched) }]);
    const f = mutantsOf(ir.functions.get('f')!, ir).filter((m) => m.operator === 'sibling');
    assert.deepEqual(f.map((m) => m.key), ['f: raw_irqentry_exit_cond_resched → preempt_schedule_irq'], resched);
    const op = f[0]!.apply(ir.functions.get('f')!).ops.find((o) => o.kind === OpKind.Call);
    assert.equal(op?.kind === OpKind.Call && op.callee, 'preempt_schedule_irq');
    // The way back calls the tree's own name.
    const g = mutantsOf(ir.functions.get('g')!, ir).filter((m) => m.operator === 'sibling');
    assert.deepEqual(g.map((m) => m.key), ['g: preempt_schedule_irq → raw_irqentry_exit_cond_resched'], resched);
    const back = g[0]!.apply(ir.functions.get('g')!).ops.find((o) => o.kind === OpKind.Call);
    assert.equal(back?.kind === OpKind.Call && back.callee, resched);
  }
});

test('mutantsOf: the calls the reader writes into a tree function (HARNESS_INSERTED_CALLS) are neither mutated nor moved, the tree\'s calls around them are', async () => {
  // The shape of 5.10's run_on_irqstack_cond() expansion: the macro's own IRQs-off assertion, the
  // harness check, the handler, the harness wakeup, then the tree's next call.
  const text = `void handler(void) { }\nvoid f(void) { instrumentation_begin(); lockdep_assert_irqs_disabled(); kentry_assert_handler_state("h"); handler(); kentry_local_wakeup(); instrumentation_end(); }\n`;
  const ir = await parseProgram([{ file: 't.c', text }]);
  const ms = mutantsOf(ir.functions.get('f')!, ir);
  for (const m of ms) for (const c of m.callees) assert.ok(!HARNESS_INSERTED_CALLS.has(c), m.key);
  const keys = ms.map((m) => m.key);
  // The tree's calls are still mutated: the handler deleted, the tree's assertion moved.
  assert.ok(keys.includes('f: delete handler()'), keys.join('\n'));
  assert.ok(keys.includes('f: swap instrumentation_begin() ↔ lockdep_assert_irqs_disabled()'), keys.join('\n'));
  // A harness name is what stops it: the same text with a tree function in its place is mutated there.
  const plain = await parseProgram([{ file: 't.c', text: text.replace('kentry_local_wakeup()', 'handler()') }]);
  assert.ok(mutantsOf(plain.functions.get('f')!, plain).some((m) => m.key === 'f: swap handler() ↔ instrumentation_end()'));
});

test('restrictLattice (--config): every stage\'s lattice narrowed to the sub-lattice, its spec fixing the symbols; an empty one is refused', () => {
  const lattice = enumerateLattice({ vary: ['PREEMPTION', 'PROVE_LOCKING', 'NO_HZ_FULL'], fixed: {} });
  const kt = { lattice, spec: { vary: ['PREEMPTION', 'PROVE_LOCKING', 'NO_HZ_FULL'], fixed: {}, points: lattice } } as unknown as LoadedTree;
  const r = restrictLattice(kt, { NO_HZ_FULL: false });
  assert.equal(r.lattice.length, lattice.length / 2);
  assert.ok(r.lattice.every((c) => !hasBool(c, 'NO_HZ_FULL')));
  // The spec the checks run on (checkRows → rowLattice) enumerates the same configs.
  assert.deepEqual(enumerateLattice(r.spec), r.lattice);
  assert.throws(() => restrictLattice({ ...kt, lattice: r.lattice } as LoadedTree, { NO_HZ_FULL: true }), /--config NO_HZ_FULL=y: no config of the tree's lattice has it/);
});

test("stage1Filters: full preemption ± NO_HZ_FULL and the tree's least preemptible model, only configs the tree can build", () => {
  const all = enumerateLattice({ vary: ['PREEMPTION', 'PROVE_LOCKING', 'PROVE_RCU', 'DEBUG_ENTRY', 'NO_HZ_FULL', 'XEN_PV'], fixed: {} });
  const row = (id: string, xen: boolean): CheckRow => ({ id, harness: { requires: xen ? { XEN_PV: true } : {} } }) as unknown as CheckRow;
  const show = (fs: ReturnType<typeof stage1Filters>): string[] => fs.map((f) => `${f.preempt}/${f.bools.NO_HZ_FULL}/${f.bools.XEN_PV}`);
  // 5.10/6.x: none, voluntary and full are buildable → none is the least.
  assert.deepEqual(show(stage1Filters(row('irq', false), all)), ['2/false/false', '2/true/false', '0/false/false']);
  assert.deepEqual(show(stage1Filters(row('xen-upcall', true), all)), ['2/false/true', '2/true/true', '0/false/true']);
  // A 7.x-like tree: no PREEMPT_NONE/VOLUNTARY on x86, lazy instead.
  const lazyTree = all.filter((c) => c.preempt === PreemptModel.Full).flatMap((c) => [c, { ...c, preempt: PreemptModel.Lazy }]);
  assert.deepEqual(show(stage1Filters(row('irq', false), lazyTree)), ['2/false/false', '2/true/false', '3/false/false']);
  // Only full: the third config is not invented; a tree without NO_HZ_FULL drops that one too.
  const fullNoNohz = all.filter((c) => c.preempt === PreemptModel.Full && !hasBool(c, 'NO_HZ_FULL'));
  assert.deepEqual(show(stage1Filters(row('irq', false), fullNoNohz)), ['2/false/false']);
  // No config with full debugging: an error, never an empty stage 1.
  assert.throws(() => stage1Filters(row('irq', false), all.filter((c) => !hasBool(c, 'DEBUG_ENTRY'))), /full debugging/);
});

test('stage1Filters: one more config for a config variant (any arch); variantOf reads it from the mutant', () => {
  const all = enumerateLattice({ vary: ['PREEMPTION', 'PROVE_LOCKING', 'PROVE_RCU', 'DEBUG_ENTRY', 'NO_HZ_FULL', 'XEN_PV'], fixed: {} });
  const row = { id: 'irq', harness: { requires: {} } } as unknown as CheckRow;
  assert.deepEqual(variantOf({ fn: 'f', callees: ['__exit_to_user_mode_loop[PREEMPT_RT=y]'] }), { PREEMPT_RT: true });
  assert.deepEqual(variantOf({ fn: 'g[PREEMPT_DYNAMIC=y,NO_HZ_FULL=n]', callees: [] }), { PREEMPT_DYNAMIC: true, NO_HZ_FULL: false });
  assert.deepEqual(variantOf({ fn: 'el1_interrupt<handler=h>', callees: ['a'] }), {});
  // The tree reader's labels separate symbols by spaces and may name the preemption models.
  assert.deepEqual(variantOf({ fn: 'h[PREEMPTION=full|lazy TINY_RCU=n SMP=y PPC64=y]', callees: [] }), { TINY_RCU: false, SMP: true, PPC64: true });
  const plain = stage1Filters(row, all, 'riscv');
  const withVariant = stage1Filters(row, all, 'riscv', { XEN_PV: true });
  // Each filter again with the variant's symbols, after the plain ones.
  assert.equal(withVariant.length, 2 * plain.length);
  assert.deepEqual(withVariant.slice(0, plain.length), plain);
  assert.deepEqual(withVariant.slice(plain.length), plain.map((f) => ({ ...f, bools: { ...f.bools, XEN_PV: true } })));
  // A variant the filters already pin adds nothing.
  assert.deepEqual(stage1Filters(row, all, 'riscv', { PREEMPT_RT: false }), plain);
  // Every other arch's filter pins PREEMPT_RT=n; x86's are as before. A variant adds its config on
  // x86 too (runMutant gives x86 only the mutated function's own label, never a callee's).
  assert.ok(plain.every((f) => f.bools.PREEMPT_RT === false));
  const x86 = stage1Filters(row, all);
  const x86Variant = stage1Filters(row, all, 'x86', { XEN_PV: true });
  assert.deepEqual(x86Variant.slice(0, x86.length), x86);
  assert.deepEqual(x86Variant.slice(x86.length), x86.map((f) => ({ ...f, bools: { ...f.bools, XEN_PV: true } })));
  assert.ok(x86.every((f) => f.bools.PREEMPT_RT === undefined));
});

test('fetchedTrees: every linux-X.Y with a Makefile, oldest first', () => {
  const dir = tempDir('kentry-trees-');
  try {
    for (const v of ['7.3', '5.10', '6.12', '6.1', '7.2']) {
      fs.mkdirSync(path.join(dir, `linux-${v}`));
      fs.writeFileSync(path.join(dir, `linux-${v}`, 'Makefile'), '');
    }
    fs.mkdirSync(path.join(dir, 'linux-6.6')); // being fetched: no Makefile yet
    fs.mkdirSync(path.join(dir, 'other'));
    assert.deepEqual(fetchedTrees(dir), ['5.10', '6.1', '6.12', '7.2', '7.3']);
    assert.deepEqual(fetchedTrees(path.join(dir, 'missing')), []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
