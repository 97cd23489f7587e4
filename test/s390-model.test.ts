// s390's PSW system-mask primitives and its RCU-EQS hook (src/kernel/s390.ts, src/tree/layout.ts
// readArchEqsFlag, the kvm-sie entry context): each fires where it should and stays quiet where
// it should not. Fixtures are written for these tests, in our own words.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { lookupPrimitive } from '../src/kernel/index.ts';
import { lookupArchMember, SM_EXT, SM_IO } from '../src/kernel/s390.ts';
import type { PrimitiveEnv } from '../src/kernel/types.ts';
import { runCheck, type CheckRow } from '../src/explore/check.ts';
import { bindProgram } from '../src/explore/program.ts';
import { fileTarget } from '../src/explore/targets.ts';
import { boolIndex, ConfigReader, PreemptModel, type KConfig } from '../src/model/config.ts';
import { contextById } from '../src/model/contexts.ts';
import { Machine, newContext, type InterruptContext } from '../src/model/state.ts';
import { CLASSIC_LAYOUT, readArchEqsFlag, type ModelLayout } from '../src/tree/layout.ts';
import type { KentryReport } from '../src/report/schema.ts';
import { ExprKind, KENTRY_LOAD, KENTRY_STORE_UNTRACKED, OpKind } from '../src/c/ir.ts';
import { tempDir } from './tmp.ts';

const PLAIN = new ConfigReader({ preempt: PreemptModel.Full, bits: 1 << boolIndex('PROVE_LOCKING') });

function run(name: string, args: number[], argText: string[], m: Machine, choice = 0): number {
  const p = lookupPrimitive(name);
  assert.ok(p, name);
  if (p.appliesTo) assert.equal(p.appliesTo(argText), true, `${name}(${argText.join(', ')}) applies`);
  const env: PrimitiveEnv = { m, cfg: PLAIN, args, argText, choice, callee: name, report: () => {} };
  return p.run(env);
}

/** A machine inside an interrupt whose interrupted context had IRQs `savedIF`. */
function inInterrupt(savedIF: 0 | 1): Machine {
  const m = new Machine();
  m.hwIF = 0;
  const ctx: InterruptContext = {
    ...newContext(),
    savedIF,
    savedLockdepOn: savedIF,
    savedTracerOff: 1 - savedIF,
    savedRcuWatching: 1,
    savedNmiNonidle: 1,
    savedRcuNesting: 1,
  };
  m.contexts.push(ctx);
  return m;
}

describe('s390 PSW system-mask primitives', () => {
  it('fires: stnsm 0xfc turns both classes off, stosm 0x03 turns them on, ssm loads a saved mask; lockdep is not told', () => {
    const m = new Machine();
    m.hwIF = 1;
    const lockdep = m.lockdepOn;
    // arch_local_irq_save(): the old mask says IRQs were on, and they are off after it.
    const old = run('__arch_local_irq_stnsm', [0xfc], ['0xfc'], m);
    assert.equal(old & (SM_IO | SM_EXT), SM_IO | SM_EXT);
    assert.equal(m.hwIF, 0);
    assert.equal(m.lockdepOn, lockdep);
    run('__arch_local_irq_stosm', [0x03], ['0x03'], m);
    assert.equal(m.hwIF, 1);
    run('__arch_local_irq_stnsm', [0xfc], ['0xfc'], m);
    run('__arch_local_irq_ssm', [old], ['flags'], m);
    assert.equal(m.hwIF, 1, 'ssm of the mask saved with IRQs on turns them on again');
    // ssm of the interrupted context's old PSW (__do_pgm_check()): IRQs as that context had them.
    const irq = inInterrupt(1);
    run('__arch_local_irq_ssm', [0], ['regs->psw.mask & ~PSW_MASK_PER'], irq);
    assert.equal(irq.hwIF, 1);
    assert.equal(run('irqs_disabled_flags', [0], ['regs->psw.mask'], irq), 0);
  });

  it('quiet: stnsm 0xff (save flags) and stosm 0x01 with both on change nothing; a mask saved with IRQs off keeps them off', () => {
    const m = new Machine();
    m.hwIF = 1;
    const seen = [0, 1].map((c) => run('__arch_local_irq_stnsm', [0xff], ['0xff'], m, c));
    assert.equal(m.hwIF, 1);
    assert.ok(seen.every((v) => (v & (SM_IO | SM_EXT)) === (SM_IO | SM_EXT)));
    assert.deepEqual(new Set(seen.map((v) => v & ~(SM_IO | SM_EXT))).size, 2, 'the other system-mask bits are unconstrained (never only 0)');
    run('__arch_local_irq_stosm', [0x01], ['0x01'], m);
    assert.equal(m.hwIF, 1);
    m.hwIF = 0;
    const off = run('__arch_local_irq_stnsm', [0xff], ['0xff'], m);
    run('__arch_local_irq_ssm', [off], ['flags'], m);
    assert.equal(m.hwIF, 0);
    const irq = inInterrupt(0);
    run('__arch_local_irq_ssm', [0], ['regs->psw.mask & ~PSW_MASK_PER'], irq);
    assert.equal(irq.hwIF, 0);
    assert.equal(run('irqs_disabled_flags', [0], ['regs->psw.mask'], irq), 1);
    assert.equal(lookupPrimitive('irqs_disabled_flags')!.appliesTo!(['flags']), false, 'another argument is the tree\'s (unmodelled) helper');
  });

  it('refuses: one class on and the other off is not one hardware flag', () => {
    const m = new Machine();
    m.hwIF = 0;
    assert.throws(() => run('__arch_local_irq_stosm', [0x01], ['0x01'], m), /external interruptions enabled and I\/O ones disabled/);
    assert.throws(() => run('__arch_local_irq_ssm', [SM_IO], ['flags'], m), /I\/O interruptions enabled/);
    assert.throws(() => run('irqs_disabled_flags', [0], ['regs->psw.mask'], new Machine()), /no interrupt context/);
  });
});

describe('arch_in_rcu_eqs(): the task flag is read from the tree', () => {
  const root = tempDir('kentry-eqs-');
  after(() => fs.rmSync(root, { recursive: true, force: true }));
  const put = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  put('include/linux/sched.h', '#define PF_IDLE\t\t0x00000002\n#define PF_GUEST\t\t0x00000010\t/* a toy flag */\n');
  put('arch/toy/include/asm/entry-common.h', 'static __always_inline bool arch_in_rcu_eqs(void)\n{\n\tif (IS_ENABLED(CONFIG_TOYVIRT))\n\t\treturn current->flags & PF_GUEST;\n\n\treturn false;\n}\n');
  put('arch/bare/include/asm/entry-common.h', 'static __always_inline bool arch_in_rcu_eqs(void)\n{\n\treturn current->flags & PF_GUEST;\n}\n');
  put('arch/odd/include/asm/entry-common.h', 'static __always_inline bool arch_in_rcu_eqs(void)\n{\n\treturn this_cpu_read(in_guest);\n}\n');
  put('arch/none/include/asm/entry-common.h', 'static __always_inline void arch_enter_from_user_mode(struct pt_regs *regs) { }\n');

  it('fires: the flag, its value and its Kconfig guard, with where they are defined', () => {
    assert.deepEqual(readArchEqsFlag(root, 'toy'), { flag: { name: 'PF_GUEST', value: 0x10, config: 'TOYVIRT', idleTaskBit: 0x2 }, source: 'arch/toy/include/asm/entry-common.h:1, include/linux/sched.h:2' });
    assert.deepEqual(readArchEqsFlag(root, 'bare')?.flag, { name: 'PF_GUEST', value: 0x10, config: null, idleTaskBit: 0x2 });
  });

  it('quiet: an arch without the hook (or without the header) has no flag', () => {
    assert.equal(readArchEqsFlag(root, 'none'), undefined);
    assert.equal(readArchEqsFlag(root, 'absent'), undefined);
  });

  it('refuses: a hook kentry cannot read is an error, not "false"', () => {
    assert.throws(() => readArchEqsFlag(root, 'odd'), /arch_in_rcu_eqs\(\) in a form kentry does not read/);
  });

  it('refuses: a sched.h without PF_IDLE (the bit the same word gives is_idle_task()) is an error', () => {
    const bare = tempDir('kentry-eqs-');
    try {
      fs.mkdirSync(path.join(bare, 'include/linux'), { recursive: true });
      fs.mkdirSync(path.join(bare, 'arch/bare/include/asm'), { recursive: true });
      fs.writeFileSync(path.join(bare, 'include/linux/sched.h'), '#define PF_GUEST\t\t0x00000010\n');
      fs.writeFileSync(path.join(bare, 'arch/bare/include/asm/entry-common.h'), 'static __always_inline bool arch_in_rcu_eqs(void)\n{\n\treturn current->flags & PF_GUEST;\n}\n');
      assert.throws(() => readArchEqsFlag(bare, 'bare'), /does not define PF_IDLE/);
    } finally {
      fs.rmSync(bare, { recursive: true, force: true });
    }
  });
});

describe('arch_in_rcu_eqs() in the entry code: honoured, quiet; ignored, RCU fires', () => {
  const FLAG = { name: 'PF_VCPU', value: 0x1, config: 'KVM', idleTaskBit: 0x2 };
  const LAYOUT: ModelLayout = { ...CLASSIC_LAYOUT, archEqsFlag: FLAG };

  // irqentry_enter()/irqentry_exit()'s kernel-mode halves, in our own words: the idle-style
  // branch (ct_irq_enter(), exit_rcu) for the idle task or a task the hook names, the
  // RCU-is-watching branch otherwise; preemption only on the watching branch's way out.
  const vectorC = (hook: string): string => `static __always_inline bool toy_in_rcu_eqs(void)
{
${hook}
}

noinstr void my_vector(struct pt_regs *regs)
{
	bool exit_rcu = false;

	if (is_idle_task(current) || toy_in_rcu_eqs()) {
		lockdep_hardirqs_off(CALLER_ADDR0);
		ct_irq_enter();
		instrumentation_begin();
		trace_hardirqs_off_finish();
		instrumentation_end();
		exit_rcu = true;
	} else {
		lockdep_hardirqs_off(CALLER_ADDR0);
		instrumentation_begin();
		rcu_irq_enter_check_tick();
		trace_hardirqs_off_finish();
		instrumentation_end();
	}

	instrumentation_begin();
	kentry_irq_handler();
	instrumentation_end();

	if (exit_rcu) {
		instrumentation_begin();
		trace_hardirqs_on_prepare();
		lockdep_hardirqs_on_prepare(CALLER_ADDR0);
		instrumentation_end();
		ct_irq_exit();
		lockdep_hardirqs_on(CALLER_ADDR0);
	} else {
		instrumentation_begin();
		rcu_irq_exit_check_preempt();
		trace_hardirqs_on_prepare();
		lockdep_hardirqs_on_prepare(CALLER_ADDR0);
		instrumentation_end();
		lockdep_hardirqs_on(CALLER_ADDR0);
	}
}
`;
  const HONOURED = '\treturn current->flags & 0x1; /* PF_VCPU */';
  const IGNORED = '\treturn false;';

  /** One point of a tree-like lattice: context tracking as NO_HZ_FULL says, KVM as given. */
  function point(nohzFull: boolean, kvm: boolean): KConfig {
    const bits = (1 << boolIndex('PROVE_LOCKING')) | (1 << boolIndex('PROVE_RCU')) | (nohzFull ? 1 << boolIndex('NO_HZ_FULL') : 0);
    const plain = new ConfigReader({ preempt: PreemptModel.Full, bits });
    return { preempt: PreemptModel.Full, bits, tree: { value: (n) => (n === 'KVM' ? kvm : plain.kconfig(n)), mask: () => 0 } };
  }

  async function checkHook(hook: string, contexts: string[], cfg: KConfig): Promise<KentryReport> {
    const [row] = await fileTarget([{ file: 'checks/s390-eqs.c', text: vectorC(hook) }], 'my_vector', 'irq', 'x86-58');
    const r = row!;
    const roots = [r.vector, ...(r.irqVector ? [r.irqVector] : []), ...(r.nmiVector ? [r.nmiVector] : [])].filter((n) => r.program.ir.functions.has(n));
    const rows: CheckRow[] = [{ ...r, harness: { ...r.harness, contexts: [...r.harness.contexts, 'kvm-sie'] }, program: bindProgram(r.program.ir, roots, { layout: LAYOUT }) }];
    const report = runCheck('test', rows, { lattice: { vary: [], fixed: {}, points: [cfg] }, contexts, bounds: { nmiNesting: 0, irqNesting: 0 }, maxStates: 50_000, maxSeconds: 300 });
    assert.ok(report.complete);
    return report;
  }
  const RCU_CHECKS = ['rcu.check_tick.eqs', 'rcu.check_preempt.eqs', 'rcu.check_preempt.nesting', 'rcu.check_preempt.nmi_nesting', 'I2.instrumentation_rcu_not_watching'];
  const fired = (r: KentryReport): string[] => [...new Set(r.findings.map((f) => f.check))].sort();

  it('the kvm-sie context: the flag set, IRQs on, RCU in its EQS only where context tracking is built', () => {
    const ctx = contextById('kvm-sie')!;
    for (const [nohz, watching] of [[true, 0], [false, 1]] as const) {
      const m = new Machine(LAYOUT);
      const cfg = new ConfigReader(point(nohz, true));
      assert.equal(ctx.applies(cfg), true);
      ctx.setup(m, cfg);
      assert.equal(m.taskEqsFlag, 1);
      assert.equal(m.hwIF, 1);
      assert.equal(m.lockdepOn, 1);
      assert.equal(m.rcuWatching, watching, `NO_HZ_FULL=${nohz ? 'y' : 'n'}`);
    }
    assert.equal(ctx.applies(new ConfigReader(point(true, false))), false, 'no vCPU without KVM');
  });

  it('quiet: the hook honoured, a vCPU in its EQS enters RCU before anything instrumented', async () => {
    const r = await checkHook(HONOURED, ['kvm-sie'], point(true, true));
    assert.equal(r.stats.runs, 1);
    for (const id of RCU_CHECKS) assert.ok(!fired(r).includes(id), `${id} quiet: ${fired(r).join(', ')}`);
  });

  it('fires: the hook ignored, the same vCPU takes the RCU-is-watching branch from its EQS', async () => {
    const r = await checkHook(IGNORED, ['kvm-sie'], point(true, true));
    assert.deepEqual(fired(r).filter((c) => RCU_CHECKS.includes(c)), [...RCU_CHECKS].sort());
  });

  it('quiet: the flag clear (a kernel task), the honoured hook takes the watching branch and nothing fires', async () => {
    const r = await checkHook(HONOURED, ['kernel'], point(true, true));
    assert.deepEqual(fired(r).filter((c) => RCU_CHECKS.includes(c) || c.startsWith('harness.')), []);
  });

  it('quiet: without KVM the context does not exist', async () => {
    const r = await checkHook(IGNORED, ['kvm-sie'], point(true, false));
    assert.equal(r.stats.runs, 0);
  });
});

describe('__NR_<name> from an arch syscalls Makefile of the older form (7.3 s390)', () => {
  function tree(mk: string | null): string {
    const root = tempDir('kentry-s390nr-');
    const put = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    };
    put('arch/toy/kernel/syscalls/syscall.tbl', '# nr abi name entry\n1\tcommon\texit\tsys_exit\n7\tcommon\trestart_syscall\tsys_restart_syscall\n8\t32\tonly32\tsys_only32\n9\t64\tonly64\tsys_only64\n');
    if (mk !== null) put('arch/toy/kernel/syscalls/Makefile', mk);
    return root;
  }
  const MK = [
    'uapi := arch/$(SRCARCH)/include/generated/uapi/asm',
    'syscall := $(src)/syscall.tbl',
    'syshdr := $(srctree)/scripts/syscallhdr.sh',
    'cmd_syshdr = $(CONFIG_SHELL) $(syshdr) --emit-nr --abis common,$* $< $@',
    '$(uapi)/unistd_%.h: $(syscall) $(syshdr) FORCE',
    '\t$(call if_changed,syshdr)',
    'uapisyshdr-y\t\t+= unistd_64.h',
    '',
  ].join('\n');

  it('fires: the common and 64-bit lines, each a __NR_<name>, and the count after the last', async () => {
    const { generatedSyscalls } = await import('../src/tree/syscalls.ts');
    const g = generatedSyscalls(tree(MK), 'toy')!;
    assert.equal(g.count, 10);
    assert.equal(g.table, 'arch/toy/kernel/syscalls/syscall.tbl');
    assert.deepEqual([...g.numbers], [['__NR_exit', 1], ['__NR_restart_syscall', 7], ['__NR_only64', 9]]);
  });

  it('quiet: no Makefile, or one without --emit-nr or the 64-bit header, derives nothing', async () => {
    const { generatedSyscalls } = await import('../src/tree/syscalls.ts');
    assert.equal(generatedSyscalls(tree(null), 'toy'), undefined);
    assert.equal(generatedSyscalls(tree(MK.replace('--emit-nr ', '')), 'toy'), undefined);
    assert.equal(generatedSyscalls(tree(MK.replace('unistd_64.h', 'unistd_32.h')), 'toy'), undefined);
  });
});

describe('6.1/6.12 s390: the syscalltbl script Makefile, memory macros, and a table reached through memory', () => {
  function tree(mk: string | null): string {
    const root = tempDir('kentry-s390nr6-');
    const put = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    };
    put('arch/toy/kernel/syscalls/syscall.tbl', '# nr abi name entry\n1\tcommon\texit\tsys_exit\n7\tcommon\trestart_syscall\tsys_restart_syscall\n9\t64\tonly64\tsys_only64\n12\t32\tonly32\tsys_only32\n');
    if (mk !== null) put('arch/toy/kernel/syscalls/Makefile', mk);
    return root;
  }
  // The shape of 6.12's arch/s390/kernel/syscalls/Makefile, in our own words.
  const MK = [
    'kapi := arch/$(ARCH)/include/generated/asm',
    'uapi := arch/$(ARCH)/include/generated/uapi/asm',
    'syscall := $(srctree)/$(src)/syscall.tbl',
    'systbl := $(srctree)/$(src)/syscalltbl',
    "filechk_syshdr = $(CONFIG_SHELL) '$(systbl)' -H -a $(syshdr_abi_$(basetarget)) -f \"$2\" < $<",
    "filechk_sysnr = $(CONFIG_SHELL) '$(systbl)' -N -a $(sysnr_abi_$(basetarget)) < $<",
    'syshdr_abi_unistd_64 := common,64',
    '$(uapi)/unistd_64.h: $(syscall) FORCE',
    '\t$(call filechk,syshdr,$@)',
    'sysnr_abi_unistd_nr := common,32,64',
    '$(kapi)/unistd_nr.h: $(syscall) FORCE',
    '\t$(call filechk,sysnr)',
    '',
  ].join('\n');

  it('fires: __NR_<name> of the common and 64-bit lines, NR_syscalls after the largest common/32/64 number, no __NR_syscalls', async () => {
    const { generatedSyscalls } = await import('../src/tree/syscalls.ts');
    const g = generatedSyscalls(tree(MK), 'toy')!;
    assert.equal(g.count, undefined);
    assert.deepEqual([...g.numbers], [['__NR_exit', 1], ['__NR_restart_syscall', 7], ['__NR_only64', 9], ['NR_syscalls', 13]]);
  });

  it('quiet: without the -H rule or its ABI list nothing is derived; without the -N rule no NR_syscalls', async () => {
    const { generatedSyscalls } = await import('../src/tree/syscalls.ts');
    assert.equal(generatedSyscalls(tree(MK.replace(' -H ', ' -X ')), 'toy'), undefined);
    assert.equal(generatedSyscalls(tree(MK.replace('syshdr_abi_unistd_64 := common,64', '')), 'toy'), undefined);
    const g = generatedSyscalls(tree(MK.replace(' -N ', ' -X ')), 'toy')!;
    assert.ok(!g.numbers.has('NR_syscalls') && g.numbers.get('__NR_restart_syscall') === 7);
  });

  it('memory macros: a constant-like object macro that reads memory is expanded for s390; calls, statements, assignments and lower-case names are not', async () => {
    const { treeExpandMemoryMacros, treeExpand } = await import('../src/explore/kernel-target.ts');
    const def = (body: string, params: string[] | null = null) => ({ name: 'X', params, variadic: false, body, file: 'f.h', line: 1 });
    assert.equal(treeExpandMemoryMacros('MACHINE_IS_LPAR', def('(get_lowcore()->machine_flags & MACHINE_FLAG_LPAR)')), true);
    assert.equal(treeExpandMemoryMacros('MACHINE_IS_LPAR', def('(S390_lowcore.machine_flags & MACHINE_FLAG_LPAR)')), true);
    // The default policy leaves it a name (so x86 is unchanged).
    assert.equal(treeExpand('MACHINE_IS_LPAR', def('(get_lowcore()->machine_flags & MACHINE_FLAG_LPAR)')), false);
    assert.equal(treeExpandMemoryMacros('current', def('get_current()->x')), false);
    assert.equal(treeExpandMemoryMacros('S390_lowcore', def('(*((struct lowcore *) 0))')), false);
    assert.equal(treeExpandMemoryMacros('SET_IT', def('(get_lowcore()->x = 1)')), false);
    assert.equal(treeExpandMemoryMacros('DO_IT', def('do { get_lowcore()->x++; } while (0)')), false);
    assert.equal(treeExpandMemoryMacros('CALL_ONLY', def('(foo())')), false);
    assert.equal(treeExpandMemoryMacros('FN_LIKE', def('(p->x)', ['p'])), false);
  });

  it('a call through a table reached through memory (current->thread.sys_call_table[nr]) is an opaque call with `subscripts`; an error without it', async () => {
    const { parseProgram } = await import('../src/c/frontend.ts');
    const text = 'struct pt_regs { long x; };\nvoid f(struct pt_regs *regs, unsigned long nr)\n{\n\tregs->x = current->thread.sys_call_table[nr](regs);\n}\n';
    const on = await parseProgram([{ file: 't.c', text }], { tolerant: true, subscripts: true });
    assert.ok([...on.functions.get('f')!.ops].some((op) => 'callee' in op && op.callee === 'sys_call_table[]'), 'the table call, named by its field');
    const off = await parseProgram([{ file: 't.c', text }], { tolerant: true });
    assert.ok(!off.functions.has('f') && off.unsupported?.has('f'));
  });
});

describe('a local array with `subscripts`: untracked memory, so its function is read (7.2 s390 syscall_enter_audit())', () => {
  // Our own fixture, shaped like a header helper that copies a few registers into a local array
  // and hands it to a reporting call only when a context pointer is non-null.
  const text = [
    'struct pt_regs { unsigned long gprs[16]; };',
    'static inline void *ctx_of(void) { return 0; }',
    'static inline void report(long nr, unsigned long *a) { }',
    'static inline void copy_out(struct pt_regs *regs, unsigned long *a) { int n = 3; while (n-- > 0) a[n] = regs->gprs[2 + n]; }',
    'static inline void maybe_report(struct pt_regs *regs, long nr)',
    '{',
    '\tif (ctx_of()) {',
    '\t\tunsigned long args[3];',
    '\t\tcopy_out(regs, args);',
    '\t\treport(nr, args);',
    '\t\tif (args[0] == 7) report(nr, args);',
    '\t}',
    '}',
    '',
  ].join('\n');
  it('quiet: read with `subscripts`: the name is a never-null address token, an element read an opaque load, a write an untracked store', async () => {
    const { parseProgram } = await import('../src/c/frontend.ts');
    const on = await parseProgram([{ file: 't.c', text }], { tolerant: true, subscripts: true });
    assert.ok(!on.unsupported?.has('maybe_report'), JSON.stringify(on.unsupported?.get('maybe_report')));
    const ops = on.functions.get('maybe_report')!.ops;
    assert.ok(ops.some((op) => op.kind === OpKind.Assign && op.value.kind === ExprKind.Name && op.value.name === '&args'), 'the array name is its address');
    assert.ok(ops.some((op) => op.kind === OpKind.Call && op.callee === KENTRY_LOAD && op.argText[0] === 'args[0]'), 'an element read is an opaque load');
    assert.ok(on.functions.get('copy_out')!.ops.some((op) => op.kind === OpKind.Call && op.callee === KENTRY_STORE_UNTRACKED), 'a write through the parameter stays an untracked store');
  });
  it('fires (refused): without `subscripts`, and with an initializer that calls', async () => {
    const { parseProgram } = await import('../src/c/frontend.ts');
    const off = await parseProgram([{ file: 't.c', text }], { tolerant: true });
    assert.match(off.unsupported?.get('maybe_report')?.reason ?? '', /array_declarator/);
    const calls = text.replace('unsigned long args[3];', 'unsigned long args[3] = { (unsigned long)ctx_of() };');
    const bad = await parseProgram([{ file: 't.c', text: calls }], { tolerant: true, subscripts: true });
    assert.match(bad.unsupported?.get('maybe_report')?.reason ?? '', /local array initializer with side effects/);
  });
});

describe('the machine-check shell follows what the tree defines (ArchHarnesses.shells), never its version', () => {
  const fn = (name: string, params: number) => [name, { name, params: Array.from({ length: params }, (_, i) => `p${i}`), loc: { file: 'arch/s390/kernel/x.c', line: 1, col: 1 }, ops: [] }] as const;
  const ir = (...fs: (readonly [string, unknown])[]) => ({ functions: new Map(fs), structs: new Map(), sources: new Map() }) as never;
  const pair = [fn('irqentry_nmi_enter', 1), fn('irqentry_nmi_exit', 2)];
  it('fires: per-CPU fix-up (7.x), s390_handle_mcck(regs) after the pair (6.1), the pair alone (6.12)', async () => {
    const { chooseShells } = await import('../src/explore/kernel-target.ts');
    const pick = (x: never) => chooseShells(x, 's390').chosen.get('kentry_s390_mcck')?.fn;
    assert.equal(pick(ir(...pair, fn('percpu_entry', 1), fn('percpu_exit', 2), fn('s390_handle_mcck', 0))), 'kentry_s390_mcck_percpu');
    assert.equal(pick(ir(...pair, fn('s390_handle_mcck', 1))), 'kentry_s390_mcck_handle');
    assert.equal(pick(ir(...pair, fn('s390_handle_mcck', 0))), 'kentry_s390_mcck_bracket');
  });
  it('refuses: a tree that fits no shell is named, with the callees each shell needs', async () => {
    const { chooseShells } = await import('../src/explore/kernel-target.ts');
    const r = chooseShells(ir(fn('irqentry_nmi_enter', 1)), 's390');
    assert.equal(r.chosen.size, 0);
    assert.match(r.unmatched.join(''), /^kentry_s390_mcck\(\) \(its shells call percpu_entry\(\) and percpu_exit\(\), or s390_handle_mcck\(\), or irqentry_nmi_enter\(\) and irqentry_nmi_exit\(\)\)$/);
  });
});

describe('lowcore.pgm_code: a kernel-mode PER event only where the interrupted context had IRQs masked', () => {
  const LAYOUT: ModelLayout = { ...CLASSIC_LAYOUT, pgmIntCodePer: 0x80 };
  // A program-check-like vector in our own words: the PER branch of the lowcore's code marks
  // itself with a WARN so the test sees which contexts reach it.
  const VECTOR = `noinstr void my_vector(struct pt_regs *regs)
{
	lockdep_hardirqs_off(CALLER_ADDR0);
	instrumentation_begin();
	trace_hardirqs_off_finish();
	WARN_ON_ONCE(S390_lowcore.pgm_code & 0x80);
	trace_hardirqs_on_prepare();
	lockdep_hardirqs_on_prepare(CALLER_ADDR0);
	instrumentation_end();
	lockdep_hardirqs_on(CALLER_ADDR0);
}
`;
  async function perIn(contexts: string[], layout: ModelLayout): Promise<string[]> {
    const [row] = await fileTarget([{ file: 'checks/s390-pgm.c', text: VECTOR }], 'my_vector', 'exception', 'x86-58');
    const r = row!;
    const rows: CheckRow[] = [{ ...r, program: bindProgram(r.program.ir, [r.vector], { layout }) }];
    const cfg: KConfig = { preempt: PreemptModel.Full, bits: 1 << boolIndex('PROVE_LOCKING') };
    const report = runCheck('test', rows, { lattice: { vary: [], fixed: {}, points: [cfg] }, contexts, bounds: { nmiNesting: 0, irqNesting: 0 }, maxStates: 50_000, maxSeconds: 300 });
    assert.ok(report.complete);
    return report.findings.filter((f) => f.check === 'assert.warn_on').flatMap((f) => f.contexts ?? [f.context]).sort();
  }

  it('the load is tracked where the layout names the bit, and answers per context', () => {
    const load = lookupPrimitive('lowcore.pgm_code')!;
    assert.ok(load.choices);
    const at = (userMode: 0 | 1, savedIF: 0 | 1): number[] => {
      const m = new Machine(LAYOUT);
      m.hwIF = 0;
      m.contexts.push({ ...inInterrupt(savedIF).contexts[0]!, userMode });
      const env = { m, cfg: PLAIN, args: [], argText: [], callee: 'lowcore.pgm_code', report: () => {} };
      const n = load.choices!(env);
      return Array.from({ length: n }, (_, choice) => load.run({ ...env, choice }) & 0x80);
    };
    assert.deepEqual(at(0, 1), [0, 0], 'kernel, IRQs on: never PER');
    assert.deepEqual(at(0, 0), [0, 0, 0x80, 0x80], 'kernel, IRQs masked: a kprobe step may be');
    assert.deepEqual(at(1, 1), [0, 0, 0x80, 0x80], 'user mode: any program check may be');
  });

  it('fires: the PER branch is reached from user mode and from kernel code with IRQs masked', async () => {
    assert.deepEqual(await perIn(['user', 'kernel-irqs-off'], LAYOUT), ['kernel-irqs-off', 'user']);
  });

  it('quiet: never from kernel code with IRQs on; without the layout fact the load is opaque and it is', async () => {
    assert.deepEqual(await perIn(['kernel'], LAYOUT), []);
    assert.deepEqual(await perIn(['kernel'], CLASSIC_LAYOUT), ['kernel'], 'unknown is not zero: the opaque load may be PER');
  });
});

describe('s390 idle wait: CIF_ENABLED_WAIT and the old PSW masked on the way back', () => {
  const WAIT_LAYOUT: ModelLayout = { ...CLASSIC_LAYOUT, enabledWaitFlag: { name: 'CIF_ENABLED_WAIT', value: 5 } };
  const inWait = (enabledWait: number): Machine => {
    const m = new Machine(WAIT_LAYOUT);
    m.contexts.push({ ...newContext(), savedIF: 1, enabledWait });
    return m;
  };
  const MASK = '~(_AC(0x0100000000000000, UL) | _AC(0x0200000000000000, UL) | _AC(0x0002000000000000, UL))';

  it('fires: the flag set for an interruption of the idle wait is seen once, then cleared', () => {
    const m = inWait(1);
    assert.equal(lookupPrimitive('test_and_clear_cpu_flag')!.choices!({ m, cfg: PLAIN, args: [5], argText: ['5'], callee: 'test_and_clear_cpu_flag', report: () => {} }), 1);
    assert.equal(run('test_and_clear_cpu_flag', [5], ['5'], m), 1);
    assert.equal(m.topContext!.enabledWait, 0);
    assert.equal(run('test_and_clear_cpu_flag', [5], ['5'], m), 0);
  });

  it('quiet: no flag for any other interruption; another flag, or a tree without the layout fact, is both answers', () => {
    assert.equal(run('test_and_clear_cpu_flag', [5], ['5'], inWait(0)), 0);
    const p = lookupPrimitive('test_and_clear_cpu_flag')!;
    for (const m of [inWait(1), (() => { const n = new Machine(); n.contexts.push({ ...newContext(), savedIF: 1, enabledWait: 1 }); return n; })()]) {
      const args = m.layout.enabledWaitFlag ? [3] : [5];
      const env = { m, cfg: PLAIN, args, argText: args.map(String), callee: 'test_and_clear_cpu_flag', report: () => {} };
      assert.equal(p.choices!(env), 2);
      assert.deepEqual([0, 1].map((choice) => p.run({ ...env, choice })), [0, 1]);
      assert.equal(m.topContext!.enabledWait, 1, 'not cleared');
    }
  });

  it('fires: clearing the I/O and external bits masks the PSW the return loads; irqs_disabled_flags() and ssm of it see that', () => {
    const m = inWait(0);
    run('pt_regs.psw.mask &=', [0], ['regs->psw.mask', MASK], m);
    assert.equal(m.topContext!.pswIrqsMasked, 1);
    assert.equal(run('irqs_disabled_flags', [0], ['regs->psw.mask'], m), 1);
    run('__arch_local_irq_ssm', [0], ['regs->psw.mask'], m);
    assert.equal(m.hwIF, 0);
  });

  it('quiet: a mask that clears neither class changes nothing; one class alone or an unreadable mask is refused', () => {
    const m = inWait(0);
    run('pt_regs.psw.mask &=', [0], ['regs->psw.mask', '~_AC(0x4000000000000000, UL)'], m);
    assert.equal(m.topContext!.pswIrqsMasked, 0);
    assert.throws(() => run('pt_regs.psw.mask &=', [0], ['regs->psw.mask', '~_AC(0x0200000000000000, UL)'], m), /I\/O interruptions and not external ones/);
    assert.throws(() => run('pt_regs.psw.mask &=', [0], ['regs->psw.mask', '~(PSW_MASK_IO | PSW_MASK_EXT)'], m), /a mask kentry cannot read/);
  });
});

describe('__preempt_count_add()/__preempt_count_sub() take the kernel\'s int val (s390: sub(val) is add(-val))', () => {
  const step = (name: string, val: number, m: Machine): string[] => {
    const fired: string[] = [];
    const env: PrimitiveEnv = { m, cfg: PLAIN, args: [val], argText: [String(val)], choice: 0, callee: name, report: (c) => fired.push(c.id) };
    lookupPrimitive(name)!.run(env);
    return fired;
  };
  const SOFTIRQ = CLASSIC_LAYOUT.preempt.SOFTIRQ_OFFSET;

  it('quiet: add(-val) takes back what add(val) gave, and sub(-val) adds', () => {
    const m = new Machine();
    assert.deepEqual(step('__preempt_count_add', SOFTIRQ, m), []);
    assert.deepEqual(step('__preempt_count_add', -SOFTIRQ, m), []);
    assert.equal(m.preempt, 0);
    assert.deepEqual(step('__preempt_count_sub', -SOFTIRQ, m), []);
    assert.equal(m.preempt, SOFTIRQ);
    assert.equal(m.halted, 0);
  });

  it('fires: add(-val) below zero is the underflow sub(val) reports', () => {
    const m = new Machine();
    assert.deepEqual(step('__preempt_count_add', -SOFTIRQ, m), ['preempt.count.underflow']);
    assert.equal(m.halted, 1);
    assert.equal(m.preempt, 0);
  });
});

describe('current->flags on s390: PF_IDLE comes from the idle task, not from the other flags', () => {
  const FLAG = { name: 'PF_VCPU', value: 0x1, config: 'KVM', idleTaskBit: 0x2 };
  const LAYOUT: ModelLayout = { ...CLASSIC_LAYOUT, archEqsFlag: FLAG };
  const load = lookupArchMember('task_struct.flags', LAYOUT)!.load!;
  const read = (isIdle: 0 | 1, choice: number): number => {
    const m = new Machine(LAYOUT);
    m.isIdle = isIdle;
    return load.run({ m, cfg: PLAIN, args: [], argText: ['current->flags'], choice, callee: load.name, report: () => {} });
  };

  it('fires: the idle task reads PF_IDLE with the other flags clear or set', () => {
    for (const choice of [0, 1]) assert.equal(read(1, choice) & FLAG.idleTaskBit, FLAG.idleTaskBit, `choice ${choice}`);
  });

  it('quiet: any other task never reads PF_IDLE, even with every other flag set', () => {
    for (const choice of [0, 1]) assert.equal(read(0, choice) & FLAG.idleTaskBit, 0, `choice ${choice}`);
    assert.notEqual(read(0, 1) & 0x40, 0, 'the other flags are set in that choice');
  });
});
