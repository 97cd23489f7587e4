// The tree's own Kconfig: the reader, the evaluator, and the lattice of model axes it allows.
// Fixtures are small Kconfig trees written for these tests (never kernel text); the real trees
// under .cache/kernels are used when present.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { heldBy, KERNEL_LATTICE, treeLattice } from '../src/explore/kernel-target.ts';
import { ExprKind, type IrFunction, OpKind } from '../src/c/ir.ts';
import { ConfigReader, enumerateLattice, formatConfig, hasBool, parseConfigFilter, PreemptModel, PREEMPT_NAMES, projectConfig } from '../src/model/config.ts';
import { ASSUMED, deriveLattice, heldOptions, KconfigError, KconfigEval, readKconfig, UnsettableOption } from '../src/tree/kconfig.ts';
import { kernelRoot, skipUnlessTree } from './trees.ts';
import { tempDir } from './tmp.ts';

function writeTree(files: Record<string, string>): string {
  const root = tempDir('kentry-kconfig-');
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

/** A toy tree: an arch that may or may not allow "no preemption", lazy preemption, RT behind EXPERT. */
function toyTree(opts: { noPreempt?: boolean; lazy?: boolean } = {}): Record<string, string> {
  return {
    Kconfig: 'mainmenu "toy $(ARCH)"\nsource "arch/$(SRCARCH)/Kconfig"\nsource "kernel/Kconfig.preempt"\nsource "lib/Kconfig.debug"\n',
    'arch/x86/Kconfig': [
      'config X86',
      '\tdef_bool y',
      '\tselect TRACE_IRQFLAGS_NMI_SUPPORT',
      '\tselect ARCH_SUPPORTS_RT',
      opts.noPreempt ? '\tselect ARCH_NO_PREEMPT' : '',
      opts.lazy ? '\tselect ARCH_HAS_PREEMPT_LAZY' : '',
      '\tselect HAVE_CONTEXT_TRACKING_USER if 64BIT',
      'config 64BIT',
      '\tbool "a 64-bit kernel" if "$(ARCH)" = "x86"',
      '\tdefault "$(ARCH)" != "i386"',
      'config SMP',
      '\tbool "more than one CPU"',
      '\thelp',
      '\t  Say Y.',
      '',
      '\t  Really.',
      'config TRACE_IRQFLAGS_NMI_SUPPORT',
      '\tbool',
      'config ARCH_SUPPORTS_RT',
      '\tbool',
      'config ARCH_NO_PREEMPT',
      '\tbool',
      'config HAVE_CONTEXT_TRACKING_USER',
      '\tbool',
      'menuconfig HYPERVISOR_GUEST',
      '\tbool "guest support"',
      'if HYPERVISOR_GUEST',
      'config PARAVIRT',
      '\tbool "paravirt"',
      'config XEN',
      '\tbool "xen"',
      '\tdepends on PARAVIRT',
      'config XEN_PV',
      '\tbool "xen pv"  # a comment after the prompt',
      '\tdefault y',
      '\tdepends on XEN',
      'endif',
      'menu "timers"',
      '\tdepends on 64BIT',
      'choice',
      '\tprompt "tick"',
      '\tdefault NO_HZ_IDLE',
      'config NO_HZ_IDLE',
      '\tbool "idle"',
      'config NO_HZ_FULL',
      '\tbool "full"',
      '\tdepends on SMP && HAVE_CONTEXT_TRACKING_USER',
      'endchoice',
      'endmenu',
      '',
    ].join('\n'),
    'kernel/Kconfig.preempt': [
      'config ARCH_HAS_PREEMPT_LAZY',
      '\tbool',
      'config PREEMPT_BUILD',
      '\tbool',
      '\tselect PREEMPTION',
      'choice',
      '\tprompt "Preemption Model"',
      '\tdefault PREEMPT_LAZY if ARCH_HAS_PREEMPT_LAZY',
      '\tdefault PREEMPT_NONE',
      'config PREEMPT_NONE',
      '\tbool "none"',
      '\tdepends on !PREEMPT_RT',
      opts.lazy ? '\tdepends on ARCH_NO_PREEMPT' : '',
      'config PREEMPT',
      '\tbool "full"',
      '\tdepends on !ARCH_NO_PREEMPT',
      '\tselect PREEMPT_BUILD if !PREEMPT_DYNAMIC',
      'config PREEMPT_LAZY',
      '\tbool "lazy"',
      '\tdepends on !ARCH_NO_PREEMPT',
      '\tdepends on ARCH_HAS_PREEMPT_LAZY',
      '\tselect PREEMPT_BUILD if !PREEMPT_DYNAMIC',
      'endchoice',
      'config PREEMPT_RT',
      '\tbool "rt"',
      '\tdepends on EXPERT && ARCH_SUPPORTS_RT',
      '\tselect PREEMPTION',
      'config EXPERT',
      '\tbool "expert"',
      'config PREEMPTION',
      '\tbool',
      'config PREEMPT_RCU',
      '\tbool',
      '\tdefault y if PREEMPT || PREEMPT_RT',
      'config TINY_RCU',
      '\tbool',
      '\tdefault y if !PREEMPT_RCU && !SMP',
      'config STRICT_THING',
      '\tdef_bool $(cc-option,-fthing)',
      '',
    ].join('\n'),
    'lib/Kconfig.debug': [
      'config DEBUG_KERNEL',
      '\tbool "debug"',
      'config PROVE_LOCKING',
      '\tbool "prove locking"',
      '\tdepends on DEBUG_KERNEL',
      '\tselect LOCKDEP',
      'config LOCKDEP',
      '\tbool',
      'config PROVE_RCU',
      '\tdef_bool PROVE_LOCKING',
      'config DEBUG_ENTRY',
      '\tbool "debug entry"',
      '\tdepends on DEBUG_KERNEL',
      'config DEBUG_TOY_CHECKS',
      '\tbool "toy checks"',
      '\tdepends on DEBUG_KERNEL',
      // On by default; only an expert may turn it off (RSEQ's shape in 7.x init/Kconfig).
      'config TOY_SYSCALL',
      '\tbool "a toy system call" if EXPERT',
      '\tdefault y',
      '',
    ].join('\n'),
  };
}

const NONE = { user: new Map<string, boolean>(), choice: new Map(), assumed: new Map<string, boolean>() };

describe('Kconfig reader and evaluator', () => {
  test('follows source with $(SRCARCH), reads choices, menus, if blocks, help text and comments', () => {
    const db = readKconfig(writeTree(toyTree()), 'x86');
    assert.equal(db.files, 4);
    assert.deepEqual(db.unresolved, []);
    const ev = new KconfigEval(db, NONE);
    assert.equal(ev.value('X86'), 'y');
    assert.equal(ev.value('64BIT'), 'y', 'default "$(ARCH)" != "i386" with ARCH=x86');
    assert.equal(ev.value('TRACE_IRQFLAGS_NMI_SUPPORT'), 'y', 'selected by X86');
    assert.equal(ev.value('HAVE_CONTEXT_TRACKING_USER'), 'y', 'select … if 64BIT');
    assert.equal(ev.value('SMP'), 'n', 'no default: n');
    assert.equal(ev.value('PREEMPT_NONE'), 'y', 'the choice default');
    assert.equal(ev.value('PREEMPTION'), 'n');
    assert.equal(ev.value('NO_HZ_IDLE'), 'y');
    assert.equal(ev.value('XEN_PV'), 'n', 'default y, but inside `if HYPERVISOR_GUEST`');
    assert.equal(ev.value('TINY_RCU'), 'y');
    assert.equal(ev.value('NOT_DEFINED_ANYWHERE'), 'n', 'make never sets a symbol no Kconfig defines');
    assert.equal(ev.value('STRICT_THING'), 'u', 'a compiler test is unknown, not n');
    assert.match(ev.unknownWhy.get('STRICT_THING')!, /cc-option/);
  });

  test('user settings, choice picks and select', () => {
    const db = readKconfig(writeTree(toyTree({ lazy: true })), 'x86');
    const ch = db.symbols.get('PREEMPT')!.defs[0]!.choice!;
    const dflt = new KconfigEval(db, NONE);
    assert.equal(dflt.value('PREEMPT_LAZY'), 'y', 'default PREEMPT_LAZY if ARCH_HAS_PREEMPT_LAZY');
    assert.equal(dflt.value('PREEMPTION'), 'y', 'via PREEMPT_BUILD');
    assert.equal(dflt.value('PREEMPT_RCU'), 'n', 'lazy is neither PREEMPT nor RT');
    const full = new KconfigEval(db, { ...NONE, choice: new Map([[ch, 'PREEMPT']]), user: new Map([['SMP', true]]) });
    assert.equal(full.value('PREEMPT'), 'y');
    assert.equal(full.value('PREEMPT_RCU'), 'y');
    assert.equal(full.value('TINY_RCU'), 'n');
    // A user setting whose dependencies fail does not take.
    const rt = new KconfigEval(db, { ...NONE, user: new Map([['PREEMPT_RT', true]]) });
    assert.equal(rt.value('PREEMPT_RT'), 'n', 'needs EXPERT');
    const rt2 = new KconfigEval(db, { ...NONE, user: new Map([['PREEMPT_RT', true], ['EXPERT', true]]) });
    assert.equal(rt2.value('PREEMPT_RT'), 'y');
  });

  test('a source that cannot be followed makes undefined symbols unknown, never n', () => {
    const files = toyTree();
    files['Kconfig'] += 'source "drivers/Kconfig"\n';
    const db = readKconfig(writeTree(files), 'x86');
    assert.equal(db.unresolved.length, 1);
    assert.equal(new KconfigEval(db, NONE).value('SOME_DRIVER'), 'u');
  });
});

describe('the lattice a tree can build', () => {
  test('a lazy arch: none excluded (ARCH_NO_PREEMPT is never selected), RT with EXPERT, x86-selected axis fixed', () => {
    const l = deriveLattice(readKconfig(writeTree(toyTree({ lazy: true })), 'x86'));
    const models = [...new Set(l.points.map((p) => PREEMPT_NAMES[p.preempt]))].sort();
    assert.deepEqual(models, ['full', 'lazy']);
    const pre = l.axes.find((a) => a.name === 'preemption')!;
    const none = pre.values.find((v) => v.value.startsWith('none'))!;
    assert.equal(none.configs, 0);
    assert.match(none.why, /^excluded — depends on .*ARCH_NO_PREEMPT.*ARCH_NO_PREEMPT=n: no prompt, and nothing in the x86 Kconfig selects it/);
    const rt = l.axes.find((a) => a.name === 'PREEMPT_RT')!.values.find((v) => v.value === 'y')!;
    assert.ok(rt.configs > 0);
    assert.match(rt.why, /EXPERT=y/);
    assert.ok(l.points.every((p) => hasBool(p, 'TRACE_IRQFLAGS_NMI_SUPPORT')), 'selected by X86: fixed y');
    assert.ok(l.points.every((p) => hasBool(p, 'PROVE_RCU') === hasBool(p, 'PROVE_LOCKING')), 'PROVE_RCU is def_bool PROVE_LOCKING');
    assert.ok(l.points.some((p) => hasBool(p, 'XEN_PV')), 'XEN_PV with its enablers');
    assert.ok(!l.points.some((p) => hasBool(p, 'NO_HZ_FULL') && !hasBool(p, 'SMP')), 'NO_HZ_FULL depends on SMP');
    assert.ok(l.points.some((p) => p.preempt === PreemptModel.Lazy && hasBool(p, 'TINY_RCU')), 'lazy UP has tiny RCU (PREEMPT_RCU is n)');
    // Every point carries the rest of its config.
    const p = l.points.find((x) => hasBool(x, 'PROVE_LOCKING'))!;
    assert.equal(p.tree!.value('LOCKDEP'), true);
    assert.equal(p.tree!.value('ARCH_HAS_PREEMPT_LAZY'), true);
    assert.equal(p.tree!.value('STRICT_THING'), undefined, 'unknown stays unknown');
  });

  test('an arch without lazy preemption: none, full; no voluntary member in this toy', () => {
    const l = deriveLattice(readKconfig(writeTree(toyTree()), 'x86'));
    assert.deepEqual([...new Set(l.points.map((p) => PREEMPT_NAMES[p.preempt]))].sort(), ['full', 'none']);
    const lazy = l.axes.find((a) => a.name === 'preemption')!.values.find((v) => v.value.startsWith('lazy'))!;
    assert.match(lazy.why, /ARCH_HAS_PREEMPT_LAZY=n/);
  });

  test('a missing arch Kconfig is refused, naming it; --partial falls back, marked', () => {
    const files = toyTree();
    delete files['arch/x86/Kconfig'];
    const root = writeTree(files);
    assert.throws(() => treeLattice({ root, arch: 'x86' }), (e: Error) => e instanceof KconfigError && /missing arch\/x86\/Kconfig/.test(e.message) && !/kernel\/Kconfig.preempt/.test(e.message));
    const spec = treeLattice({ root, arch: 'x86' }, { partial: true });
    assert.equal(spec.points, undefined);
    assert.deepEqual(spec.vary, KERNEL_LATTICE.vary);
    assert.match(spec.partial![0]!, /missing arch\/x86\/Kconfig; checked over the hand-written lattice/);
    // A complete tree is not partial.
    const ok = treeLattice({ root: writeTree(toyTree()), arch: 'x86' });
    assert.equal(ok.partial, undefined);
    assert.ok(ok.points && ok.points.length > 0);
  });
});

describe('options the user sets for a whole check (--config NAME=y on a tree)', () => {
  test('a prompt behind a menu: every point has it, with the option its dependencies need; the axes keep their points', () => {
    const db = readKconfig(writeTree(toyTree()), 'x86');
    const plain = deriveLattice(db);
    const l = deriveLattice(db, [{ name: 'PARAVIRT', value: true }]);
    assert.ok(plain.points.some((p) => p.tree!.value('PARAVIRT') === false), 'off by default (on only as XEN_PV=y needs it)');
    assert.ok(l.points.every((p) => p.tree!.value('PARAVIRT') === true && p.tree!.value('HYPERVISOR_GUEST') === true));
    assert.deepEqual(l.points.map(formatConfig), plain.points.map(formatConfig), 'the same model-axis points');
    const axis = l.axes.find((a) => a.name === 'PARAVIRT')!;
    assert.equal(axis.values.length, 1);
    assert.match(axis.values[0]!.why, /^set \(--config\) — every config; with HYPERVISOR_GUEST=y/);
    assert.ok(!plain.axes.some((a) => a.name === 'PARAVIRT'), 'not an axis unless set');
  });

  test('a default-y option whose prompt needs EXPERT, set to n: every point, with EXPERT=y (the axes keep their points, PREEMPT_RT=n too)', () => {
    const db = readKconfig(writeTree(toyTree()), 'x86');
    const plain = deriveLattice(db);
    const l = deriveLattice(db, [{ name: 'TOY_SYSCALL', value: false }]);
    assert.ok(plain.points.every((p) => p.tree!.value('TOY_SYSCALL') === true));
    // Before: only the PREEMPT_RT=y points (whose own enabler is EXPERT) could have it off.
    assert.deepEqual(l.points.map(formatConfig), plain.points.map(formatConfig), 'the same model-axis points');
    assert.ok(l.points.some((p) => !hasBool(p, 'PREEMPT_RT')) && l.points.some((p) => hasBool(p, 'PREEMPT_RT')));
    assert.ok(l.points.every((p) => p.tree!.value('TOY_SYSCALL') === false && p.tree!.value('EXPERT') === true));
    assert.match(l.axes.find((a) => a.name === 'TOY_SYSCALL')!.values[0]!.why, /^set \(--config\) — every config; with EXPERT=y/);
  });

  test('an option that conflicts with some axis values narrows the lattice to the points that can have it', () => {
    const db = readKconfig(writeTree(toyTree()), 'x86');
    // LOCKDEP has no prompt and PROVE_LOCKING selects it: n is possible only where PROVE_LOCKING is n.
    const l = deriveLattice(db, [{ name: 'LOCKDEP', value: false }]);
    assert.ok(l.points.length > 0 && l.points.every((p) => !hasBool(p, 'PROVE_LOCKING')));
    assert.ok(deriveLattice(db).points.some((p) => hasBool(p, 'PROVE_LOCKING')));
  });

  test('an option no point can have, or one the tree does not define, is refused with the reason', () => {
    const db = readKconfig(writeTree(toyTree()), 'x86');
    assert.throws(() => deriveLattice(db, [{ name: 'ARCH_NO_PREEMPT', value: true }]), (e: Error) => e instanceof UnsettableOption && /no configuration of the x86 lattice has CONFIG_ARCH_NO_PREEMPT=y: .*no prompt/.test(e.message));
    assert.throws(() => deriveLattice(db, [{ name: 'NOT_IN_THIS_TREE', value: true }]), (e: Error) => e instanceof UnsettableOption && /CONFIG_NOT_IN_THIS_TREE is not defined in this tree's x86 Kconfig/.test(e.message));
    assert.throws(() => deriveLattice(db, [{ name: 'CC_IS_GCC', value: false }]), (e: Error) => e instanceof UnsettableOption && /decided by the toolchain/.test(e.message));
  });

  test('--config parses other options as set options only for a tree; a set option is not held', () => {
    assert.match(String(parseConfigFilter('PARAVIRT=y')), /unknown config symbol 'PARAVIRT'/);
    assert.deepEqual(parseConfigFilter('PROVE_LOCKING=y,CONFIG_PARAVIRT=y,XEN=n', { userOptions: true }), { bools: { PROVE_LOCKING: true }, set: [{ name: 'PARAVIRT', value: true }, { name: 'XEN', value: false }] });
    assert.match(String(parseConfigFilter('PARAVIRT=m', { userOptions: true })), /y or n/);
    assert.match(String(parseConfigFilter('PARAVIRT=y,PARAVIRT=n', { userOptions: true })), /twice/);
    const l = deriveLattice(readKconfig(writeTree(toyTree()), 'x86'));
    const readings = [new Map([['PARAVIRT', false], ['EXPERT', false]])];
    assert.deepEqual(heldOptions(l.points, readings).map((h) => h.name), ['EXPERT', 'PARAVIRT']);
    assert.deepEqual(heldOptions(l.points, readings, [{ name: 'PARAVIRT', value: false }]).map((h) => h.name), ['EXPERT']);
  });

  test('an option a function body reads when it runs (IS_ENABLED()) is held as much as one an #if tests', () => {
    const l = deriveLattice(readKconfig(writeTree(toyTree()), 'x86'));
    const loc = { file: 'toy.c', line: 1, col: 1 };
    // `if (IS_ENABLED(CONFIG_DEBUG_TOY_CHECKS))` in a function body (a prompt, off at every point):
    // no preprocessor reading consulted it.
    const reads = { ops: [{ kind: OpKind.BranchIfFalse, cond: { kind: ExprKind.Config, name: 'DEBUG_TOY_CHECKS' }, target: 1, loc }] } as unknown as Pick<IrFunction, 'ops'>;
    const none = { ops: [] } as unknown as Pick<IrFunction, 'ops'>;
    assert.deepEqual(heldBy(l.points, [], [reads]).map((h) => `${h.name}=${h.value ? 'y' : 'n'}`), ['DEBUG_TOY_CHECKS=n']);
    assert.deepEqual(heldBy(l.points, [], [none]), [], 'not read, not held');
    // A model axis read that way (PROVE_LOCKING) varies over the lattice: never held.
    const axis = { ops: [{ kind: OpKind.BranchIfFalse, cond: { kind: ExprKind.Config, name: 'PROVE_LOCKING' }, target: 1, loc }] } as unknown as Pick<IrFunction, 'ops'>;
    assert.deepEqual(heldBy(l.points, [], [axis]), []);
  });
});

describe('ConfigReader over tree points', () => {
  test('PREEMPT_LAZY, PREEMPT_RT, PREEMPTION and tree symbols; the memo stays exact', () => {
    const l = deriveLattice(readKconfig(writeTree(toyTree({ lazy: true })), 'x86'));
    const lazy = l.points.find((p) => p.preempt === PreemptModel.Lazy && !hasBool(p, 'PREEMPT_RT') && !hasBool(p, 'PREEMPT_DYNAMIC') && hasBool(p, 'SMP'))!;
    const rt = l.points.find((p) => p.preempt === PreemptModel.Full && hasBool(p, 'PREEMPT_RT'))!;
    const r = new ConfigReader(lazy);
    assert.equal(r.kconfig('PREEMPT_LAZY'), true);
    assert.equal(r.kconfig('PREEMPT'), false);
    assert.equal(r.kconfig('PREEMPTION'), true);
    assert.equal(r.kconfig('PREEMPT_RT'), false);
    assert.equal(r.kconfig('ARCH_HAS_PREEMPT_LAZY'), true);
    assert.equal(r.kconfig('STRICT_THING'), undefined);
    const q = new ConfigReader(rt);
    assert.equal(q.kconfig('PREEMPT_RT'), true);
    assert.equal(q.kconfig('PREEMPTION'), true);
    assert.equal(q.kconfig('PREEMPT_LAZY'), false);
    // Reading PREEMPT_RCU (a tree symbol) records the axes it is a function of: configs that
    // agree on them agree on PREEMPT_RCU.
    for (const a of l.points) {
      const ra = new ConfigReader(a);
      const va = ra.kconfig('PREEMPT_RCU');
      for (const b of l.points) {
        if (projectConfig(a, ra.readMask) === projectConfig(b, ra.readMask)) assert.equal(new ConfigReader(b).kconfig('PREEMPT_RCU'), va, `${formatConfig(a)} vs ${formatConfig(b)}`);
      }
    }
    // Lazy and full differ in PREEMPT_RCU, so the mask must separate them.
    const full = l.points.find((p) => p.preempt === PreemptModel.Full && p.bits === lazy.bits)!;
    assert.ok(full, 'a full-preemption twin of the lazy point');
    const m = new ConfigReader(lazy);
    m.kconfig('PREEMPT_RCU');
    assert.notEqual(projectConfig(lazy, m.readMask), projectConfig(full, m.readMask));
  });

  test('the hand-written lattice still enumerates as before (SMP = !TINY_RCU there)', () => {
    const pts = enumerateLattice(KERNEL_LATTICE);
    assert.equal(pts.length, 240);
    assert.ok(pts.every((p) => hasBool(p, 'SMP') === !hasBool(p, 'TINY_RCU')));
    assert.ok(pts.every((p) => !formatConfig(p).includes('SMP=') && !formatConfig(p).includes('PREEMPT_RT')));
  });
});

// ─────────────────────────────────────────────────────────────────────── real trees ──

const KERNELS = path.resolve(import.meta.dirname, '../.cache/kernels');
const EXPECTED: Record<string, { models: string[]; configs: number; rt: boolean }> = {
  '5.10': { models: ['full', 'none', 'voluntary'], configs: 72, rt: false },
  '6.1': { models: ['full', 'none', 'voluntary'], configs: 144, rt: false },
  '6.12': { models: ['full', 'none', 'rt', 'voluntary'], configs: 168, rt: true },
  '7.2': { models: ['full', 'lazy'], configs: 192, rt: true },
  '7.3': { models: ['full', 'lazy'], configs: 192, rt: true },
};

describe('x86 lattices of the real trees', () => {
  for (const [v, want] of Object.entries(EXPECTED)) {
    const root = path.join(KERNELS, `linux-${v}`);
    const skip = fs.existsSync(path.join(root, 'Kconfig')) ? false : `no ${root} (npm run fetch-kernels)`;
    test(`linux-${v}: preemption models, RT, dynamic, count`, { skip }, () => {
      const t0 = performance.now();
      const spec = treeLattice({ root, arch: 'x86' });
      const ms = performance.now() - t0;
      const pts = spec.points!;
      assert.deepEqual([...new Set(pts.map((p) => PREEMPT_NAMES[p.preempt]))].sort(), want.models);
      assert.equal(pts.some((p) => hasBool(p, 'PREEMPT_RT')), want.rt, 'PREEMPT_RT allowed');
      assert.equal(pts.length, want.configs);
      // PREEMPT_DYNAMIC exists from 5.12 on; wherever it exists it is an axis.
      assert.equal(pts.some((p) => hasBool(p, 'PREEMPT_DYNAMIC')), v !== '5.10');
      // x86 selects TRACE_IRQFLAGS_NMI_SUPPORT (5.10: def_bool y): fixed.
      assert.ok(pts.every((p) => hasBool(p, 'TRACE_IRQFLAGS_NMI_SUPPORT')));
      // PREEMPTION is what Kconfig says it is, at every point.
      for (const p of pts) assert.equal(new ConfigReader(p).preemption, p.tree!.value('PREEMPTION'), formatConfig(p));
      if (want.models.includes('lazy')) {
        const none = spec.axes!.find((a) => a.name === 'preemption')!.values.find((x) => x.value.startsWith('none'))!;
        assert.match(none.why, /ARCH_NO_PREEMPT/);
        const vol = spec.axes!.find((a) => a.name === 'preemption')!.values.find((x) => x.value.startsWith('voluntary'))!;
        assert.match(vol.why, /ARCH_HAS_PREEMPT_LAZY=y: selected by X86/);
      }
      assert.ok(ms < 30_000, `${ms} ms`);
    });
  }
});

describe('defaults under an unknown dependency', () => {
  const tree = (): string =>
    writeTree({
      Kconfig: [
        'config TC_FEATURE',
        '\tdef_bool $(cc-option,-fsome-flag)',
        'config OFF_EITHER_WAY',
        '\tbool "an option whose only default is n"',
        '\tdefault n',
        '\tdepends on TC_FEATURE',
        'config ON_IF_TOOLCHAIN',
        '\tbool "an option that defaults to y where the toolchain allows"',
        '\tdefault y',
        '\tdepends on TC_FEATURE',
        'config NO_DEFAULT',
        '\tbool "no default at all"',
        '\tdepends on TC_FEATURE',
        'config LATER_DEFAULT_DIFFERS',
        '\tbool',
        '\tdefault n if TC_FEATURE',
        '\tdefault y',
        '',
      ].join('\n'),
    });
  test('n whether or not the unknown dependency holds: decided n', () => {
    const ev = new KconfigEval(readKconfig(tree(), 'x86'), NONE);
    assert.equal(ev.value('TC_FEATURE'), 'u');
    assert.equal(ev.value('OFF_EITHER_WAY'), 'n');
    assert.equal(ev.value('NO_DEFAULT'), 'n');
  });
  test('a value that depends on the unknown stays unknown (never read as n)', () => {
    const ev = new KconfigEval(readKconfig(tree(), 'x86'), NONE);
    assert.equal(ev.value('ON_IF_TOOLCHAIN'), 'u');
    assert.equal(ev.value('LATER_DEFAULT_DIFFERS'), 'u', 'n if the first default applies, y from the second if not');
  });

  test('6.1 s390: HAVE_MARCH_Z196_FEATURES (asked by asm/preempt.h) comes from the assumed toolchain, not from nowhere', { skip: skipUnlessTree('6.1', 'arch/s390/Kconfig') }, () => {
    const db = readKconfig(kernelRoot('6.1'), 's390');
    // Fires: the tree alone leaves it to $(cc-option,-march=z196) of the "Processor type" choice.
    assert.equal(new KconfigEval(db, NONE).value('HAVE_MARCH_Z196_FEATURES'), 'u');
    // Quiet: with the toolchain assumptions it is y, and the evaluation says it used the assumption.
    const ev = new KconfigEval(db, { ...NONE, assumed: new Map(ASSUMED.map((a) => [a.name, a.value])) });
    assert.equal(ev.value('HAVE_MARCH_Z196_FEATURES'), 'y');
    assert.ok(ev.usedAssumptions.has('HAVE_MARCH_Z196_FEATURES'));
    assert.equal(ev.value('HAVE_MARCH_Z10_FEATURES'), 'y', 'selected by it');
    // Nothing beyond it is guessed: a later generation's features stay undecided.
    assert.equal(ev.value('HAVE_MARCH_ZEC12_FEATURES'), 'u');
  });
});
