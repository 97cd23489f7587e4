// What loongarch (7.3) needed of the model and of tree handling, each rule with a case where it
// acts and one where it does not:
// - CRMD.IE as the hardware IRQ flag (src/kernel/loongarch.ts): csrxchg / csrrd / csrwr of
//   LOONGARCH_CSR_CRMD, and the csr_* accessor macros over them;
// - asm statements (src/c/lower.ts AsmCallSpec): the one that calls a C function on another stack
//   (do_vint()'s IRQ-stack switch) and the one-instruction csrxchg/csrrd of arch_local_irq_*();
//   `register T x asm("reg")` locals; all only where the arch asks (x86 keeps them unsupported);
// - `a[i]` reads and calls through a local function pointer (do_syscall()'s table call);
// - the uaccess read macros store into their first argument (do_bp()'s break code; every arch);
// - larchintrin.h intrinsics as single instructions for the asm-helper rule, and `#elif (…)` in a
//   helper's body not taken for a call.
// The toy C and trees are written for these tests, in our own words.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseProgram } from '../src/c/frontend.ts';
import { ExprKind, OpKind, type CallOp, type IrFunction } from '../src/c/ir.ts';
import type { AsmCallSpec } from '../src/c/lower.ts';
import { ARCH_HARNESSES } from '../src/explore/kernel-target.ts';
import { lookupPrimitive } from '../src/kernel/index.ts';
import { CRMD_IE } from '../src/kernel/loongarch.ts';
import type { PrimitiveEnv } from '../src/kernel/types.ts';
import { SYMBOL_TAG } from '../src/explore/program.ts';
import { boolIndex, ConfigReader, PreemptModel } from '../src/model/config.ts';
import { Machine } from '../src/model/state.ts';
import { treeAsmHelpers } from '../src/tree/asm-helpers.ts';
import { kernelRoot, skipUnlessTree } from './trees.ts';
import { tempDir } from './tmp.ts';

const CFG = new ConfigReader({ preempt: PreemptModel.Full, bits: 1 << boolIndex('PROVE_LOCKING'), tree: { value: () => undefined, mask: () => 0 } });
const CRMD = 'LOONGARCH_CSR_CRMD';
const CRMD_DA = 0x8; // another CRMD field (direct address translation), not IE

function run(name: string, args: number[], argText: string[], m: Machine, choice = 0): number {
  const p = lookupPrimitive(name);
  assert.ok(p, name);
  assert.equal(p.appliesTo?.(argText), true, `${name}(${argText.join(', ')}) applies`);
  const env: PrimitiveEnv = { m, cfg: CFG, args, argText, choice, callee: name, report: () => {} };
  return p.run(env);
}

describe('loongarch CRMD primitives', () => {
  it('fires: csrxchg of CSR_CRMD_IE moves the hardware flag (arch_local_irq_enable/disable/save/restore), lockdep is not told', () => {
    const m = new Machine();
    m.hwIF = 1;
    const lockdep = m.lockdepOn;
    // arch_local_irq_save(): flags = 0, csrxchg flags, IE, CRMD → the old CRMD, IRQs off.
    const flags = run('__csrxchg_w', [0, CRMD_IE, 0], ['flags', 'mask', CRMD], m);
    assert.equal(flags & CRMD_IE, CRMD_IE);
    assert.equal(m.hwIF, 0);
    assert.equal(m.lockdepOn, lockdep);
    // arch_local_irq_restore(flags): csrxchg flags, IE, CRMD.
    run('__csrxchg_w', [flags, CRMD_IE, 0], ['flags', 'mask', CRMD], m);
    assert.equal(m.hwIF, 1);
    // arch_local_irq_disable() / _enable() through the accessor macro's name.
    run('csr_xchg32', [0, CRMD_IE, 0], ['0', 'CSR_CRMD_IE', CRMD], m);
    assert.equal(m.hwIF, 0);
    run('csr_xchg64', [CRMD_IE, CRMD_IE, 0], ['CSR_CRMD_IE', 'CSR_CRMD_IE', CRMD], m);
    assert.equal(m.hwIF, 1);
    run('__csrwr_w', [0, 0], ['0', CRMD], m);
    assert.equal(m.hwIF, 0);
  });

  it('quiet: other CRMD bits, a restore of flags saved with IRQs off, other CSRs change nothing', () => {
    const m = new Machine();
    m.hwIF = 1;
    run('__csrxchg_w', [0, CRMD_DA, 0], ['0', 'CSR_CRMD_DA', CRMD], m);
    assert.equal(m.hwIF, 1, 'a mask without IE leaves IE');
    m.hwIF = 0;
    run('__csrxchg_w', [0, CRMD_IE, 0], ['flags', 'mask', CRMD], m);
    assert.equal(m.hwIF, 0, 'restoring flags saved with IRQs off keeps them off');
    for (const [name, argText] of [['__csrxchg_w', ['v', 'm', 'LOONGARCH_CSR_ESTAT']], ['__csrrd_w', ['LOONGARCH_CSR_ESTAT']], ['csr_read32', ['LOONGARCH_CSR_ESTAT']], ['__csrwr_d', ['v', 'LOONGARCH_CSR_ECFG']]] as const) {
      assert.equal(lookupPrimitive(name)!.appliesTo?.(argText), false, `${name}(${argText.join(', ')}) stays an intrinsic`);
    }
  });

  it('reads: IE from the flag, the other bits either way (never only 0); an unknown mask is refused', () => {
    const m = new Machine();
    m.hwIF = 0;
    const seen = [0, 1].map((c) => run('__csrrd_w', [0], [CRMD], m, c));
    assert.ok(seen.every((v) => (v & CRMD_IE) === 0));
    assert.deepEqual(new Set(seen.map((v) => v !== 0)), new Set([false, true]));
    m.hwIF = 1;
    assert.equal(run('csr_read32', [0], [CRMD], m) & CRMD_IE, CRMD_IE);
    assert.throws(() => run('__csrxchg_w', [0, SYMBOL_TAG | 3, 0], ['0', 'CSR_CRMD_UNKNOWN', CRMD], m), /'CSR_CRMD_UNKNOWN' is not a constant/);
  });
});

const SPEC: AsmCallSpec = ARCH_HARNESSES.loongarch!.asmCalls!;

async function lower(text: string, opts: { asm?: boolean; table?: boolean } = {}) {
  return parseProgram([{ file: 'toy.c', text }], { tolerant: true, ...(opts.asm ? { asmCalls: SPEC } : {}), ...(opts.table ? { tableCalls: true } : {}) });
}
const calls = (fn: IrFunction | undefined): CallOp[] => (fn?.ops ?? []).filter((o): o is CallOp => o.kind === OpKind.Call);

const STACK_SWITCH = `
void toy_on_other_stack(void *regs, unsigned long top)
{
	__asm__ __volatile__(
		"move	$s0, $sp	\\n"
		"move	$sp, %[top]	\\n"
		"move	$a0, %[r]	\\n"
		"bl	toy_handler	\\n"
		"move	$sp, $s0	\\n"
		: : [top] "r" (top), [r] "r" (regs) : "$a0", "$s0", "memory");
}
`;
const IRQ_HELPERS = `
static inline void toy_irq_off(void)
{
	unsigned int v = 0;
	register unsigned int m asm("t0") = TOY_IE;

	__asm__ __volatile__("csrxchg %[v], %[m], %[r]\\n\\t" : [v] "+r" (v) : [m] "r" (m), [r] "i" (LOONGARCH_CSR_CRMD) : "memory");
}
static inline unsigned long toy_save_flags(void)
{
	unsigned int f;

	__asm__ __volatile__("csrrd %[f], %[r]\\n\\t" : [f] "=r" (f) : [r] "i" (LOONGARCH_CSR_CRMD) : "memory");
	return f;
}
`;

describe('asm statements, where the arch lowers them', () => {
  it('fires: a stack switch that calls one function is that call, with the argument register\'s operand', async () => {
    const ir = await lower(STACK_SWITCH, { asm: true });
    const c = calls(ir.functions.get('toy_on_other_stack'));
    assert.deepEqual(c.map((o) => `${o.callee}(${o.argText.join(', ')})`), ['toy_handler(regs)']);
  });

  it('fires: csrxchg / csrrd are their intrinsics, the read-write output passed first and written back; register-asm locals are plain locals', async () => {
    const ir = await lower(IRQ_HELPERS, { asm: true });
    assert.equal(ir.unsupported?.size ?? 0, 0, JSON.stringify([...(ir.unsupported ?? [])]));
    const off = ir.functions.get('toy_irq_off')!;
    const x = calls(off);
    assert.deepEqual(x.map((o) => `${o.callee}(${o.argText.join(', ')})`), ['__csrxchg_w(v, m, LOONGARCH_CSR_CRMD)']);
    assert.equal(off.slotNames[x[0]!.result], 'v');
    const rd = calls(ir.functions.get('toy_save_flags'));
    assert.deepEqual(rd.map((o) => `${o.callee}(${o.argText.join(', ')})`), ['__csrrd_w(LOONGARCH_CSR_CRMD)']);
  });

  it('quiet: without the arch\'s spec (x86, arm64, riscv) asm statements and register-asm locals stay unsupported', async () => {
    const ir = await lower(STACK_SWITCH + IRQ_HELPERS);
    for (const f of ['toy_on_other_stack', 'toy_irq_off', 'toy_save_flags']) assert.ok(ir.unsupported?.has(f), f);
  });

  it('quiet: an asm statement that calls nothing, or calls twice, or has outputs, is not taken for a call', async () => {
    const ir = await lower(`
void toy_none(void) { __asm__ __volatile__("nop\\n" : : : "memory"); }
void toy_two(void *r) { __asm__ __volatile__("move $a0, %[r]\\n" "bl a_fn\\n" "bl b_fn\\n" : : [r] "r" (r)); }
void toy_out(void *r) { unsigned long x; __asm__ __volatile__("move $a0, %[r]\\n" "bl a_fn\\n" "move %[x], $a0\\n" : [x] "=r" (x) : [r] "r" (r)); }
`, { asm: true });
    for (const f of ['toy_none', 'toy_two', 'toy_out']) assert.ok(ir.unsupported?.has(f), f);
  });
});

describe('array reads and the table call through a local (do_syscall)', () => {
  const TABLE = `
typedef long (*toy_fn)(unsigned long);
void toy_dispatch(struct pt_regs *regs)
{
	toy_fn fn;
	unsigned long nr = regs->regs[11];

	if (nr < TOY_NR) {
		fn = toy_table[nr];
		regs->regs[4] = fn(regs->orig_a0);
	}
}
`;
  it('fires: `a[i]` is an untracked load and `fn(x)` through the local an opaque call by its name', async () => {
    const ir = await lower(TABLE, { table: true });
    const c = calls(ir.functions.get('toy_dispatch')).map((o) => o.callee);
    assert.ok(c.filter((n) => n === '__kentry_load').length >= 2, c.join(' '));
    assert.ok(c.includes('fn'), c.join(' '));
    assert.ok(c.includes('__kentry_store_untracked'), c.join(' '));
  });

  it('quiet: without it (x86, arm64, riscv) the function stays unsupported', async () => {
    const ir = await lower(TABLE);
    assert.ok(ir.unsupported?.has('toy_dispatch'));
  });
});

describe('the uaccess read macros store into their first argument (every arch)', () => {
  const TEXT = `
int toy_read(unsigned int *dst, unsigned int *src, int user)
{
	unsigned int v;

	if (user)
		return get_user(*dst, src);
	if (get_kernel_nofault(v, src))
		return 1;
	return toy_other(*dst, v);
}
`;
  it('fires: `get_user(*p, …)` gets p and `get_kernel_nofault(v, …)` gets &v, so an opaque one havocs what they write', async () => {
    const ir = await parseProgram([{ file: 'toy.c', text: TEXT }], { tolerant: true });
    const fn = ir.functions.get('toy_read')!;
    const arg0 = (callee: string) => calls(fn).find((o) => o.callee === callee)!.args[0]!;
    assert.deepEqual(arg0('get_user'), { kind: ExprKind.Local, slot: fn.slotNames.indexOf('dst') });
    assert.deepEqual(arg0('get_kernel_nofault'), { kind: ExprKind.AddrOf, slot: fn.slotNames.indexOf('v') });
  });

  it('quiet: any other call gets the value of `*p`, a load', async () => {
    const ir = await parseProgram([{ file: 'toy.c', text: TEXT }], { tolerant: true });
    const fn = ir.functions.get('toy_read')!;
    const other = calls(fn).find((o) => o.callee === 'toy_other')!;
    assert.equal(other.args[0]!.kind, ExprKind.Local);
    assert.notEqual((other.args[0] as { slot: number }).slot, fn.slotNames.indexOf('dst'), 'the loaded value, not the pointer');
    assert.ok(calls(fn).some((o) => o.callee === '__kentry_load'));
  });
});

describe('the asm-helper rule: larchintrin.h intrinsics and #elif', () => {
  function tree(): string {
    const root = tempDir('kentry-la-');
    fs.mkdirSync(path.join(root, 'arch/toy/include/asm'), { recursive: true });
    fs.writeFileSync(path.join(root, 'arch/toy/include/asm/csr.h'), [
      '#define toy_csr_read(reg) __csrrd_w(reg)',
      'static inline unsigned long toy_mask(unsigned long i, unsigned long s)',
      '{',
      '\tunsigned long m;',
      '\t__asm__ __volatile__("sltu %0, %1, %2\\n\\t"',
      '#if (__SIZEOF_LONG__ == 4)',
      '\t\t"sub.w %0, $zero, %0\\n\\t"',
      '#elif (__SIZEOF_LONG__ == 8)',
      '\t\t"sub.d %0, $zero, %0\\n\\t"',
      '#endif',
      '\t\t: "=r" (m) : "r" (i), "r" (s) : );',
      '\treturn m;',
      '}',
      '',
    ].join('\n'));
    return root;
  }

  it('fires: an accessor over an intrinsic the arch names is inline asm; `#elif (` is not a call', () => {
    const root = tree();
    assert.deepEqual([...treeAsmHelpers(root, 'toy', ['toy_csr_read'], new Set(['__csrrd_w'])).keys()], ['toy_csr_read']);
    assert.deepEqual([...treeAsmHelpers(root, 'toy', ['toy_mask']).keys()], ['toy_mask']);
  });

  it('quiet: without the intrinsic listed, the accessor calls something the tree does not define', () => {
    assert.equal(treeAsmHelpers(tree(), 'toy', ['toy_csr_read']).size, 0);
  });
});

// The tree's own helpers, where the 7.3 tree is in the cache: CSR_CRMD_IE is the bit the
// primitives take for IE, and arch_local_irq_*() lower to the CRMD intrinsics.
const la = path.join(kernelRoot('7.3'), 'arch', 'loongarch', 'include', 'asm');
const noTree = skipUnlessTree('7.3', 'arch/loongarch/include/asm');

describe('the 7.3 tree\'s CRMD helpers', { skip: noTree }, () => {
  it('CSR_CRMD_IE is the primitives\' IE bit', () => {
    const text = fs.readFileSync(path.join(la, 'loongarch.h'), 'utf8');
    const shift = /#define\s+CSR_CRMD_IE_SHIFT\s+(\d+)/.exec(text);
    assert.ok(shift && /#define\s+CSR_CRMD_IE\s+\(_ULCAST_\(0x1\)\s*<<\s*CSR_CRMD_IE_SHIFT\)/.test(text));
    assert.equal(1 << Number(shift[1]), CRMD_IE);
  });

  it('arch_local_irq_enable/disable/save/restore and arch_local_save_flags are the CRMD intrinsics', async () => {
    const text = fs.readFileSync(path.join(la, 'irqflags.h'), 'utf8');
    const ir = await parseProgram([{ file: 'arch/loongarch/include/asm/irqflags.h', text }], { tolerant: true, asmCalls: SPEC });
    const want: Record<string, string> = {
      arch_local_irq_enable: '__csrxchg_w',
      arch_local_irq_disable: '__csrxchg_w',
      arch_local_irq_save: '__csrxchg_w',
      arch_local_irq_restore: '__csrxchg_w',
      arch_local_save_flags: '__csrrd_w',
    };
    for (const [fn, intrinsic] of Object.entries(want)) {
      const c = calls(ir.functions.get(fn));
      assert.deepEqual(c.map((o) => o.callee), [intrinsic], fn);
      assert.equal(c[0]!.argText.at(-1), CRMD, fn);
      assert.ok(lookupPrimitive(intrinsic)!.appliesTo!(c[0]!.argText), fn);
    }
  });
});

describe('the inline-asm helper rule reads only the headers a GCC build reads (loongarch 6.1 array_index_nospec)', () => {
  // 6.1's include/linux/compiler-intel.h spells barrier() as an ICC intrinsic no header defines;
  // a GCC build never includes it (compiler_types.h picks compiler-gcc.h).
  function tree(otherCompilerHeader: string): string {
    const root = tempDir('kentry-compilers-');
    fs.mkdirSync(path.join(root, 'include/linux'), { recursive: true });
    fs.writeFileSync(path.join(root, 'include/linux/compiler.h'), '#define barrier() __asm__ __volatile__("" : : : "memory")\n#define TOY_HIDE(v) barrier()\n');
    fs.writeFileSync(path.join(root, 'include/linux/toy_nospec.h'), '#define toy_index_nospec(i, n) ({ TOY_HIDE(i); (i) & ((n) - 1); })\n');
    fs.writeFileSync(path.join(root, otherCompilerHeader), '#define barrier() __memory_barrier()\n');
    return root;
  }

  it('quiet: the ICC header\'s barrier() does not count (compiler-intel.h)', () => {
    assert.deepEqual([...treeAsmHelpers(tree('include/linux/compiler-intel.h'), 'toy', ['toy_index_nospec']).keys()], ['toy_index_nospec']);
  });

  it('fires: the same definition in a header a GCC build reads makes it a call', () => {
    assert.equal(treeAsmHelpers(tree('include/linux/compiler-toy.h'), 'toy', ['toy_index_nospec']).size, 0);
  });
});
