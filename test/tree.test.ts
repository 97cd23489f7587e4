// Real kernel trees: fetch (into the ignored cache), discover, preprocess for several Kconfigs,
// parse with tree-sitter, and require that every entry function the checker uses parses without
// ERROR/MISSING nodes. Skipped only when KENTRY_SKIP_KERNELS=1.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { configOracle } from '../src/c/preprocess.ts';
import { presetConfig, PRESET_NAMES, type PresetName } from '../src/tree/configs.ts';
import { detectFacts, discoverTree, type TreeFacts, type TreeFiles } from '../src/tree/discover.ts';
import { parseCheck, type FunctionParse } from '../src/tree/parse-check.ts';
import { preprocessTree } from '../src/tree/read.ts';
import { CACHE, REPO, SKIP_KERNELS } from './trees.ts';

const repo = REPO;
const cache = CACHE;
const skip = SKIP_KERNELS;
const TREES = ['6.1', '6.12'] as const;

/** Entry functions that must be found and clean; alternatives are names the same step has had. */
const REQUIRED: ReadonlyArray<readonly string[]> = [
  ['irqentry_enter'], ['irqentry_exit'], ['irqentry_nmi_enter'], ['irqentry_nmi_exit'],
  ['raw_irqentry_exit_cond_resched', 'irqentry_exit_cond_resched'],
  ['enter_from_user_mode', '__enter_from_user_mode'], ['exit_to_user_mode', '__exit_to_user_mode'],
  ['exit_to_user_mode_prepare'], ['exit_to_user_mode_loop'], ['irqentry_exit_to_user_mode'],
  ['syscall_enter_from_user_mode'], ['syscall_exit_to_user_mode'],
  ['xen_pv_evtchn_do_upcall'], ['irq_enter_rcu'], ['irq_exit_rcu'],
];
const ALL_REQUIRED = new Set(REQUIRED.flat());

const CONFIGS: readonly PresetName[] = PRESET_NAMES;

let fetched = false;
function ensureTrees(): void {
  if (fetched) return;
  execFileSync('bash', [path.join(repo, 'scripts/fetch-kernels.sh')], { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, KENTRY_CACHE: cache } });
  fetched = true;
}

interface Checked {
  readonly tree: TreeFiles;
  readonly facts: TreeFacts;
  /** function name → where it is and whether it parsed clean (first definition wins). */
  readonly fns: Map<string, FunctionParse>;
  readonly perFile: Map<string, FunctionParse[]>;
  readonly expansionsOf: (file: string) => Array<{ name: string; to: string; line: number }>;
}

async function check(version: string, preset: PresetName): Promise<Checked> {
  const tree = discoverTree(path.join(cache, 'kernels', `linux-${version}`));
  const facts = detectFacts(tree);
  const cfg = configOracle(presetConfig(preset, facts));
  const files = preprocessTree(tree, cfg);
  const fns = new Map<string, FunctionParse>();
  const perFile = new Map<string, FunctionParse[]>();
  for (const f of files) {
    assert.deepEqual(f.result.diagnostics, [], `${version} ${preset} ${f.file}: preprocessing diagnostics`);
    const parsed = await parseCheck(f);
    const entry = parsed.functions.filter((fn) => ALL_REQUIRED.has(fn.name));
    if (entry.length > 0) perFile.set(f.file, entry);
    for (const fn of entry) if (!fns.has(fn.name)) fns.set(fn.name, fn);
  }
  const expansionsOf = (file: string): Array<{ name: string; to: string; line: number }> =>
    files.find((f) => f.file === file)!.result.expansions.map((e) => ({ name: e.name, to: e.to, line: e.loc.line }));
  return { tree, facts, fns, perFile, expansionsOf };
}

test('fetch-kernels.sh provides both trees', { skip }, () => {
  ensureTrees();
  for (const v of TREES) {
    const tree = discoverTree(path.join(cache, 'kernels', `linux-${v}`));
    assert.ok(tree.debianVersion, `linux-${v} has a fetch stamp`);
  }
  // Idempotent: a second run leaves the cache alone and says so.
  const again = execFileSync('bash', [path.join(repo, 'scripts/fetch-kernels.sh')], { env: { ...process.env, KENTRY_CACHE: cache } }).toString();
  assert.match(again, /linux-6\.1: cached/);
  assert.match(again, /linux-6\.12: cached/);
});

for (const v of TREES) {
  test(`linux-${v}: discovery finds the entry code by content`, { skip }, () => {
    ensureTrees();
    const tree = discoverTree(path.join(cache, 'kernels', `linux-${v}`));
    const role = (p: string): string | undefined => tree.files.find((f) => f.path === p)?.role;
    assert.equal(role('kernel/entry/common.c'), 'entry-core');
    assert.equal(role('include/linux/entry-common.h'), 'entry-header');
    assert.equal(role('arch/x86/include/asm/entry-common.h'), 'arch-header');
    assert.equal(role('arch/x86/xen/enlighten_pv.c'), 'xen-upcall');
    assert.equal(role('kernel/softirq.c'), 'support');
    assert.equal(role('arch/x86/include/asm/thread_info.h'), 'arch-header', 'arch override of _TIF_UPROBE fallback');
    const order = tree.files.map((f) => f.path);
    const before = (a: string, b: string): void => assert.ok(order.indexOf(a) < order.indexOf(b), `${a} before ${b}`);
    before('arch/x86/include/asm/entry-common.h', 'include/linux/entry-common.h');
    before('arch/x86/include/asm/thread_info.h', 'include/linux/entry-common.h');
    before('include/linux/entry-common.h', 'kernel/entry/common.c');
    before('include/linux/context_tracking_state.h', 'include/linux/context_tracking.h');
    assert.ok(order.findIndex((p) => p.endsWith('.c')) > order.findLastIndex((p) => p.endsWith('.h')), 'headers first');
  });
}

test('facts: version differences are read from the text', { skip }, () => {
  ensureTrees();
  const facts = Object.fromEntries(TREES.map((v) => [v, detectFacts(discoverTree(path.join(cache, 'kernels', `linux-${v}`)))]));
  const f61 = facts['6.1']!;
  const f612 = facts['6.12']!;
  assert.equal(f61.ctxStatePrefix, 'CONTEXT');
  assert.equal(f612.ctxStatePrefix, 'CT_STATE');
  assert.deepEqual(f61.ctxStatesUsedByEntry, ['CONTEXT_KERNEL', 'CONTEXT_USER']);
  assert.deepEqual(f612.ctxStatesUsedByEntry, ['CT_STATE_KERNEL', 'CT_STATE_USER']);
  for (const f of [f61, f612]) {
    assert.deepEqual(f.irqHooks.enter, ['ct_irq_enter', 'rcu_irq_enter_check_tick']);
    assert.deepEqual(f.irqHooks.exit, ['ct_irq_exit']);
    assert.deepEqual(f.irqHooks.nmiEnter, ['ct_nmi_enter']);
    assert.equal(f.hasRawIrqentryExitCondResched, true);
    assert.equal(f.archPreemptDynamic, 'call');
    assert.deepEqual(f.irqentryState?.fields.map((x) => `${x.type} ${x.name}${x.union ? ' (union)' : ''}`), ['bool exit_rcu (union)', 'bool lockdep (union)']);
    assert.deepEqual(f.condResched.map((c) => c.flavour), ['static-call', 'static-key', 'direct']);
    assert.equal(f.condResched[0]!.expandsTo, 'static_call(irqentry_exit_cond_resched)()');
    assert.equal(f.xenUpcall?.callsCondResched, true);
    assert.equal(f.xenUpcall?.irqStackHandler, '__xen_pv_evtchn_do_upcall');
  }
  // 6.1 keeps __enter_from_user_mode/__exit_to_user_mode in kernel/entry/common.c; 6.12 moved
  // enter_from_user_mode/exit_to_user_mode(_prepare) into entry-common.h as inlines.
  assert.equal(f61.underscoreUserModeHelpers, true);
  assert.equal(f612.underscoreUserModeHelpers, false);
  assert.equal(f61.functions['exit_to_user_mode_prepare']!.file, 'kernel/entry/common.c');
  assert.equal(f612.functions['exit_to_user_mode_prepare']!.file, 'include/linux/entry-common.h');
  assert.equal(f612.functions['exit_to_user_mode_prepare']!.inlineInHeader, true);
});

for (const v of TREES) {
  for (const preset of CONFIGS) {
    test(`linux-${v} [${preset}]: entry functions parse without ERROR/MISSING`, { skip }, async (t) => {
      ensureTrees();
      const { fns, perFile, expansionsOf, tree } = await check(v, preset);
      const missing: string[] = [];
      const dirty: string[] = [];
      for (const alts of REQUIRED) {
        const found = alts.map((n) => fns.get(n)).filter((x): x is FunctionParse => x !== undefined);
        if (found.length === 0) { missing.push(alts.join('|')); continue; }
        for (const fn of found) if (!fn.clean) dirty.push(`${fn.name} (${fn.loc.file}:${fn.loc.line}): ${fn.problems.map((p) => `${p.kind} ${p.loc.line}:${p.loc.col} ${p.text}`).join('; ')}`);
      }
      // Per-file report (once per tree: the files do not change with the config).
      if (preset === CONFIGS[0]) for (const [file, list] of perFile) t.diagnostic(`${file}: ${list.map((f) => `${f.name}${f.clean ? ' ok' : ' ERROR'}`).join(', ')}`);
      assert.deepEqual(missing, [], 'entry functions not found');
      assert.deepEqual(dirty, [], 'entry functions with parse errors');

      // The cond_resched dispatch follows the config.
      const core = tree.files.find((f) => f.role === 'entry-core')!.path;
      const dispatch = expansionsOf(core).filter((e) => e.name === 'irqentry_exit_cond_resched').map((e) => e.to);
      const cfg = presetConfig(preset, { archPreemptDynamic: 'call' });
      if (!cfg.has('PREEMPTION')) {
        // `if (IS_ENABLED(CONFIG_PREEMPTION)) irqentry_exit_cond_resched();` is still in the text.
        assert.deepEqual(dispatch, ['raw_irqentry_exit_cond_resched()']);
      } else if (cfg.has('PREEMPT_DYNAMIC')) {
        assert.deepEqual(dispatch, ['static_call(irqentry_exit_cond_resched)()']);
      } else {
        assert.deepEqual(dispatch, ['raw_irqentry_exit_cond_resched()']);
      }
    });
  }
}

test('positions of real entry functions map back to their definitions', { skip }, async () => {
  ensureTrees();
  for (const v of TREES) {
    const { fns, tree } = await check(v, 'preempt-full-dynamic');
    const facts = detectFacts(tree);
    for (const name of ['irqentry_enter', 'irqentry_exit', 'xen_pv_evtchn_do_upcall', 'irq_exit_rcu']) {
      const fn = fns.get(name)!;
      assert.equal(fn.loc.file, facts.functions[name]!.file, `${v} ${name} file`);
      // The definition node starts on the line of the name or the line before (return type).
      const line = facts.functions[name]!.line;
      assert.ok(fn.loc.line === line || fn.loc.line === line - 1, `${v} ${name}: ${fn.loc.line} vs ${line}`);
    }
  }
});
