// The architecture as a tree fact (src/tree/arches.ts) and `--arch` (issue 11, first step):
// which arches select the generic entry is read from arch/*/Kconfig, a bad or non-generic-entry
// arch is one line and exit 2, and the lattice of the arch loaded must build the generic entry in
// every point. Small trees are written here in our own words; the Debian trees are used where
// present (skipped with KENTRY_SKIP_KERNELS=1).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ArchError, genericEntryArches, requireGenericEntryArch, scanSelects, treeArches } from '../src/tree/arches.ts';
import { archHarnesses, treeLattice } from '../src/explore/kernel-target.ts';
import { KconfigError } from '../src/tree/kconfig.ts';
import { kernelRoot, runCli, skipUnlessTree, writeTree } from './trees.ts';

const root = kernelRoot;
const noTrees = skipUnlessTree('7.3', 'arch');

test('scanSelects: a select of either generic-entry symbol is found with its line, selecting config and condition', () => {
  const text = ['config TOYARCH', '\tdef_bool y', '\tselect OTHER', '\tselect GENERIC_IRQ_ENTRY', '\tselect GENERIC_ENTRY if TOY_NEW_ENTRY', ''].join('\n');
  const s = scanSelects(text, 'arch/toy/Kconfig');
  assert.deepEqual(s, [
    { kind: 'GENERIC_IRQ_ENTRY', file: 'arch/toy/Kconfig', line: 4, by: 'TOYARCH', cond: null },
    { kind: 'GENERIC_ENTRY', file: 'arch/toy/Kconfig', line: 5, by: 'TOYARCH', cond: 'TOY_NEW_ENTRY' },
  ]);
});

test('scanSelects: no match for a commented-out select, a longer symbol name, or a depends on', () => {
  const text = ['config TOYARCH', '\tdef_bool y', '#\tselect GENERIC_ENTRY', '\tselect GENERIC_ENTRY_EXTRA', '\tdepends on GENERIC_IRQ_ENTRY', ''].join('\n');
  assert.deepEqual(scanSelects(text, 'arch/toy/Kconfig'), []);
});

test('treeArches / requireGenericEntryArch on a small tree: generic, non-generic and missing arches', () => {
  const dir = writeTree({
    'arch/alpha2/Kconfig': 'config ALPHA2\n\tdef_bool y\n\tselect GENERIC_IRQ_ENTRY\n',
    'arch/beta2/Kconfig': 'config BETA2\n\tdef_bool y\n\tselect GENERIC_ENTRY\n\tselect GENERIC_IRQ_ENTRY\n',
    'arch/gamma2/Kconfig': 'config GAMMA2\n\tdef_bool y\n',
    'arch/notanarch/README': 'no Kconfig here\n',
  });
  assert.deepEqual(treeArches(dir).map((a) => [a.name, a.entry]), [['alpha2', 'GENERIC_IRQ_ENTRY'], ['beta2', 'GENERIC_ENTRY'], ['gamma2', null]]);
  assert.deepEqual(genericEntryArches(dir).map((a) => a.name), ['alpha2', 'beta2']);
  assert.equal(requireGenericEntryArch(dir, 'beta2').selects[0]!.kind, 'GENERIC_ENTRY', 'GENERIC_ENTRY listed first');
  assert.throws(() => requireGenericEntryArch(dir, 'gamma2'), (e: Error) => e instanceof ArchError && /arch\/gamma2\/Kconfig selects neither GENERIC_ENTRY nor GENERIC_IRQ_ENTRY.*generic-entry arches here: alpha2, beta2/.test(e.message));
  assert.throws(() => requireGenericEntryArch(dir, 'notanarch'), (e: Error) => e instanceof ArchError && /no arch\/notanarch\/Kconfig \(its arches: alpha2, beta2, gamma2\)/.test(e.message));
  // An arch that selects the generic entry but has no harnesses in kentry is refused, naming the select.
  assert.throws(() => archHarnesses(dir, 'alpha2'), (e: Error) => e instanceof ArchError && /arch\/alpha2\/Kconfig:3 selects GENERIC_IRQ_ENTRY, but kentry has no alpha2 harnesses yet/.test(e.message));
});

// A toy Kconfig world: the arch selects GENERIC_IRQ_ENTRY, conditionally or not.
function toyKconfigTree(select: string): string {
  return writeTree({
    Kconfig: 'mainmenu "toy"\nsource "arch/$(SRCARCH)/Kconfig"\nsource "kernel/Kconfig.preempt"\nconfig GENERIC_IRQ_ENTRY\n\tbool\nconfig GENERIC_ENTRY\n\tbool\n\tselect GENERIC_IRQ_ENTRY\n',
    'arch/x86/Kconfig': `config X86\n\tdef_bool y\n\t${select}\nconfig TOY_OPT\n\tbool "an option nothing turns on"\n`,
    'kernel/Kconfig.preempt': 'choice\n\tprompt "Preemption Model"\n\tdefault PREEMPT\nconfig PREEMPT_NONE\n\tbool "none"\nconfig PREEMPT\n\tbool "full"\nendchoice\n',
  });
}

/** A tree whose only arch, sparc, selects GENERIC_ENTRY: generic entry that kentry has no harnesses for. */
function toyUnmodelledArch(): string {
  return writeTree({
    Kconfig: 'mainmenu "toy"\nsource "arch/$(SRCARCH)/Kconfig"\nconfig GENERIC_IRQ_ENTRY\n\tbool\nconfig GENERIC_ENTRY\n\tbool\n\tselect GENERIC_IRQ_ENTRY\n',
    'arch/sparc/Kconfig': 'config SPARC\n\tdef_bool y\n\tselect GENERIC_ENTRY\n',
  });
}

test('treeLattice: the generic-entry select must hold at every lattice point (fires for a select the Kconfig leaves off)', () => {
  const dir = toyKconfigTree('select GENERIC_IRQ_ENTRY if TOY_OPT');
  assert.throws(() => treeLattice({ root: dir, arch: 'x86' }), (e: Error) => e instanceof KconfigError && /CONFIG_GENERIC_IRQ_ENTRY is not y for x86/.test(e.message));
});

test('treeLattice: an unconditional select passes (quiet)', () => {
  const dir = toyKconfigTree('select GENERIC_IRQ_ENTRY');
  const spec = treeLattice({ root: dir, arch: 'x86' });
  assert.ok(spec.points && spec.points.length > 0);
  assert.ok(spec.points.every((p) => p.tree?.value('GENERIC_IRQ_ENTRY') === true));
});

test('Debian trees: which arches build the generic entry, as each tree says', { skip: noTrees }, () => {
  const in73 = genericEntryArches(root('7.3'));
  assert.deepEqual(in73.map((a) => a.name), ['arm64', 'loongarch', 'powerpc', 'riscv', 's390', 'x86']);
  const arm64 = in73.find((a) => a.name === 'arm64')!;
  assert.equal(arm64.entry, 'GENERIC_IRQ_ENTRY', 'arm64 has the generic IRQ entry but its own syscall path');
  assert.equal(arm64.selects[0]!.by, 'ARM64');
  assert.ok(in73.filter((a) => a.name !== 'arm64').every((a) => a.entry === 'GENERIC_ENTRY'));
  if (existsSync(path.join(root('6.12'), 'arch'))) {
    assert.deepEqual(genericEntryArches(root('6.12')).map((a) => a.name), ['loongarch', 'riscv', 's390', 'x86']);
  }
});

test('--arch: bad name, non-generic-entry arch, unmodelled arch, no --kernel: one line, exit 2', { skip: noTrees }, async () => {
  const cases: Array<[string[], RegExp]> = [
    [['check', '--kernel', root('7.3'), '--arch', 'not an arch'], /not an architecture name/],
    [['check', '--kernel', root('7.3'), '--arch', 'vax'], /no arch\/vax\/Kconfig \(its arches: .*arm64.*x86/],
    [['check', '--kernel', root('7.3'), '--arch', 'mips'], /arch\/mips\/Kconfig selects neither GENERIC_ENTRY nor GENERIC_IRQ_ENTRY.*generic-entry arches here: arm64, loongarch, powerpc, riscv, s390, x86/],
    // Every generic-entry arch of 7.3 has harnesses (powerpc was the last); a toy tree whose sparc
    // selects GENERIC_ENTRY is an arch kentry has none for.
    [['coverage', '--kernel', toyUnmodelledArch(), '--arch', 'sparc'], /arch\/sparc\/Kconfig:3 selects GENERIC_ENTRY, but kentry has no sparc harnesses yet/],
    [['check', '--arch', 'x86'], /--arch selects the architecture of a kernel tree: give --kernel DIR too/],
  ];
  // arm64 before 7.x has its own entry code, which kentry reads where the tree has the shape its
  // harnesses know (6.12: test/arm64-6.12.test.ts); 5.10's lacks its helpers, and 6.1's GIC
  // priority mask is chosen at boot, which one layout cannot hold.
  if (existsSync(path.join(root('5.10'), 'arch'))) cases.push([['check', '--kernel', root('5.10'), '--arch', 'arm64'], /arch\/arm64\/Kconfig selects neither GENERIC_ENTRY nor GENERIC_IRQ_ENTRY.*nor does arch\/arm64\/kernel\/entry-common\.c define the own entry code kentry reads \(arm64_preempt_schedule_irq missing\)/]);
  if (existsSync(path.join(root('6.1'), 'arch'))) cases.push([['check', '--kernel', root('6.1'), '--arch', 'arm64'], /GIC_PRIO_IRQOFF is chosen at boot \(it tests the static key gic_nonsecure_priorities\), not a constant/]);
  for (const [args, re] of cases) {
    const r = await runCli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, re);
  }
});

test('arm64 on 7.3: the irq row reads the tree\'s entry code, the handler pointer is followed, the asm helpers are opaque', { skip: noTrees, timeout: 600_000 }, async () => {
  const { coverageReport } = await import('../src/explore/kernel-target.ts');
  const cov = await coverageReport(root('7.3'), { arch: 'arm64' });
  assert.equal(cov.tree.arch, 'arm64');
  // The nmi row is the pseudo-NMI's, only at the ARM64_PSEUDO_NMI=y points: the 32 points without
  // it, and twice 32 with it (ARM64_DEBUG_PRIORITY_MASKING n and y). serror and debug are NMI-class
  // rows with their own ids (test/arm64.test.ts).
  assert.deepEqual(cov.rows.map((r) => r.id), ['irq', 'nmi', 'exception', 'syscall', 'serror', 'debug']);
  assert.equal(cov.lattice.configs, 96);
  assert.ok(cov.lattice.assumed.every((a) => !a.name.startsWith('X86')), 'x86 assumptions are not listed for arm64');
  const interp = new Map(cov.interpreted.map((f) => [f.name, f]));
  for (const fn of ['el1h_64_irq_handler', 'el0t_64_irq_handler', 'el1_interrupt<handler=kentry_arm64_handle_irq>', '__el1_irq<handler=kentry_arm64_handle_irq>', '__el1_pnmi<handler=kentry_arm64_handle_irq>', 'do_interrupt_handler<handler=kentry_arm64_handle_irq>', 'arm64_exit_to_kernel_mode_preempt']) {
    assert.equal(interp.get(fn)?.file, 'arch/arm64/kernel/entry-common.c', fn);
    assert.equal(interp.get(fn)?.origin, 'tree', fn);
  }
  assert.equal(interp.get('irqentry_nmi_enter')?.file, 'kernel/entry/common.c');
  assert.equal(interp.get('kentry_arm64_handle_irq')?.origin, 'model');
  // The root handler is reached by specialization, both directly and through the IRQ-stack switch.
  const ptr = cov.rewrites.filter((r) => r.why === 'fn-pointer-arg');
  assert.ok(ptr.some((r) => r.from.startsWith('call_on_irq_stack(') && r.to === 'kentry_arm64_handle_irq(regs)'));
  assert.ok(ptr.some((r) => r.from === 'el1_interrupt(regs, handle_arch_irq)'));
  // DAIF is arch state: the daifflags.h helpers and write_sysreg(…, daif) are primitives; other
  // sysreg reads are inline asm the tree defines, listed (never zeroed) but not calls.
  const opaque = new Map(cov.opaque.map((o) => [o.name, o]));
  assert.ok(!opaque.has('local_daif_mask') && !opaque.has('local_daif_restore') && !opaque.has('write_sysreg'));
  const prims = new Set(cov.primitives.map((p) => p.primitive));
  for (const p of ['local_daif_mask', 'local_daif_restore', 'write_sysreg', 'gic_unmask_pnmis']) assert.ok(prims.has(p), p);
  assert.equal(opaque.get('read_sysreg')?.reason, 'inline-asm');
  assert.equal(opaque.get('read_sysreg')?.detail, 'arch/arm64/include/asm/sysreg.h:1167');
  // No call through the handler parameter is left opaque; the one call through a parameter that
  // is, is the syscall row's table entry (__invoke_syscall(regs, syscall_fn), syscall.c).
  assert.ok(!opaque.has('el1h_64_irq_handler'));
  assert.deepEqual(cov.opaque.filter((o) => o.name === '__kentry_call_param').map((o) => `${o.in} ${o.site.file}`), ['__invoke_syscall arch/arm64/kernel/syscall.c']);
});
