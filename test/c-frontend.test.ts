import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseProgram, type CSource, type LowerCache } from '../src/c/frontend.ts';
import {
  CSyntaxError,
  ExprKind,
  OpKind,
  type CallOp,
  type Expr,
  type IrFunction,
  type IrProgram,
  type Op,
} from '../src/c/ir.ts';
import { blankKernelAttrs } from '../src/c/kattrs.ts';
import { formatExpr, formatFunction } from '../src/c/print.ts';

const fixture = (name: string): CSource => {
  const path = fileURLToPath(new URL(`./fixtures/c/${name}`, import.meta.url));
  return { file: `fixtures/c/${name}`, text: readFileSync(path, 'utf8') };
};

async function parse(text: string, opts?: { tolerant?: boolean }): Promise<IrProgram> {
  return parseProgram([{ file: 't.c', text }], opts);
}

async function fn(text: string, name: string): Promise<IrFunction> {
  const f = (await parse(text)).functions.get(name);
  assert.ok(f, `function ${name} lowered`);
  return f;
}

/** The ops as text, without positions. */
function listing(f: IrFunction): string[] {
  return formatFunction(f, { locs: false }).split('\n').slice(1);
}

function calls(f: IrFunction): CallOp[] {
  return f.ops.filter((o): o is CallOp => o.kind === OpKind.Call);
}

async function syntaxError(p: Promise<unknown>): Promise<CSyntaxError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof CSyntaxError, `expected CSyntaxError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a CSyntaxError');
}

// A miniature interpreter of the IR, to check that lowered code computes what the C computes.
interface RunResult {
  readonly value: number | null;
  readonly calls: string[];
}

function evalExpr(e: Expr, slots: number[], names: Readonly<Record<string, number>>): number {
  const ev = (x: Expr): number => evalExpr(x, slots, names);
  switch (e.kind) {
    case ExprKind.Const:
      return e.value;
    case ExprKind.Local:
      return slots[e.slot] ?? 0;
    case ExprKind.Name:
    case ExprKind.Config:
      return names[e.name] ?? 0;
    case ExprKind.Field:
      return names[`${formatExpr(e.base)}->${e.field}`] ?? 0;
    case ExprKind.StructField:
      return ((slots[e.slot] ?? 0) >> e.bit) & 1;
    case ExprKind.Not:
      return ev(e.operand) ? 0 : 1;
    case ExprKind.BitNot:
      return ~ev(e.operand);
    case ExprKind.Neg:
      return -ev(e.operand);
    case ExprKind.Cond:
      return ev(e.test) ? ev(e.then) : ev(e.otherwise);
    case ExprKind.LogicalAnd:
      return ev(e.left) && ev(e.right) ? 1 : 0;
    case ExprKind.LogicalOr:
      return ev(e.left) || ev(e.right) ? 1 : 0;
    case ExprKind.BitAnd:
      return ev(e.left) & ev(e.right);
    case ExprKind.BitOr:
      return ev(e.left) | ev(e.right);
    case ExprKind.Eq:
      return +(ev(e.left) === ev(e.right));
    case ExprKind.Ne:
      return +(ev(e.left) !== ev(e.right));
    case ExprKind.Lt:
      return +(ev(e.left) < ev(e.right));
    case ExprKind.Le:
      return +(ev(e.left) <= ev(e.right));
    case ExprKind.Gt:
      return +(ev(e.left) > ev(e.right));
    case ExprKind.Ge:
      return +(ev(e.left) >= ev(e.right));
    case ExprKind.Add:
      return ev(e.left) + ev(e.right);
    case ExprKind.Sub:
      return ev(e.left) - ev(e.right);
    case ExprKind.Shl:
      return ev(e.left) << ev(e.right);
    case ExprKind.Shr:
      return ev(e.left) >> ev(e.right);
    case ExprKind.AddrOf:
      return PTR_TAG | e.slot;
  }
}

/** The mini interpreter's pointer to a local: one frame, so the tag and the slot. */
const PTR_TAG = 0x40000000;

function run(
  f: IrFunction,
  args: readonly number[],
  callResults: Readonly<Record<string, number>> = {},
  names: Readonly<Record<string, number>> = {},
): RunResult {
  const slots = f.slotNames.map((_, i) => args[i] ?? 0);
  const trace: string[] = [];
  let pc = 0;
  for (let steps = 0; steps < 10_000; steps++) {
    const op: Op = f.ops[pc]!;
    switch (op.kind) {
      case OpKind.Call: {
        const argv = op.args.map((a) => evalExpr(a, slots, names));
        trace.push(argv.length ? `${op.callee}(${argv.join(',')})` : op.callee);
        if ((op.callee === '__kentry_load' || op.callee === '__kentry_store') && (argv[0]! & PTR_TAG) !== 0) {
          const slot = argv[0]! & 0xfff;
          if (op.callee === '__kentry_store') slots[slot] = argv[1]!;
          else slots[op.result] = slots[slot]!;
          pc++;
          break;
        }
        if (op.result >= 0) slots[op.result] = callResults[op.callee] ?? 0;
        pc++;
        break;
      }
      case OpKind.Assign:
        slots[op.slot] = evalExpr(op.value, slots, names);
        pc++;
        break;
      case OpKind.BranchIfFalse:
        pc = evalExpr(op.cond, slots, names) ? pc + 1 : op.target;
        break;
      case OpKind.Jump:
        pc = op.target;
        break;
      case OpKind.Return:
        return { value: op.value ? evalExpr(op.value, slots, names) : null, calls: trace };
    }
  }
  assert.fail('IR did not terminate');
}

describe('C front end: attributes and program structure', () => {
  it('records kernel attributes before the function, in source order', async () => {
    const p = await parse(
      [
        'static __always_inline bool a(void) { return true; }',
        'noinstr void b(void) { }',
        'void noinstr c(void) { }',
        'asmlinkage __visible notrace void d(void) { }',
        'static inline void __cpuidle e(void) { }',
        'void plain(void) { }',
        'static void __attribute__((noinline)) __maybe_unused f(int x __maybe_unused) { }',
      ].join('\n'),
    );
    const attrs = (n: string): readonly string[] => p.functions.get(n)!.attrs;
    assert.deepEqual(attrs('a'), ['static', '__always_inline']);
    assert.deepEqual(attrs('b'), ['noinstr']);
    assert.deepEqual(attrs('c'), ['noinstr']);
    assert.deepEqual(attrs('d'), ['__visible', 'notrace']);
    assert.deepEqual(attrs('e'), ['static', 'inline', '__cpuidle']);
    assert.deepEqual(attrs('plain'), []);
    assert.deepEqual(attrs('f'), ['static']);
    assert.deepEqual(p.functions.get('f')!.params, ['x']);
    assert.equal(p.functions.get('a')!.returnType, 'bool');
  });

  it('blanks annotations without moving any other character', () => {
    const text = [
      '#define noinstr __attribute__((section(".noinstr")))',
      '/* noinstr in a comment */ const char *s = "noinstr";',
      'noinstr void __attribute__((a(1), b("(")))',
      'f(void);',
    ].join('\n');
    const b = blankKernelAttrs(text);
    assert.equal(b.text.length, text.length);
    assert.deepEqual(
      b.attrs.map((a) => a.name),
      ['noinstr', '__attribute__'],
    );
    const lines = b.text.split('\n');
    assert.equal(lines[0], '#define noinstr __attribute__((section(".noinstr")))');
    assert.equal(lines[1], '/* noinstr in a comment */ const char *s = "noinstr";');
    assert.equal(lines[2], ' '.repeat('noinstr'.length) + ' void ' + ' '.repeat('__attribute__((a(1), b("(")))'.length));
    assert.equal(lines[3], 'f(void);');
  });

  it('later sources override earlier definitions', async () => {
    const p = await parseProgram([fixture('entry-mini.c'), fixture('variant-exit.c')]);
    const exit = p.functions.get('irqentry_exit')!;
    assert.equal(exit.loc.file, 'fixtures/c/variant-exit.c');
    assert.equal(exit.loc.line, 2);
    assert.ok(!calls(exit).some((c) => c.callee === 'ct_irq_exit'));
    // The base's other functions are still there.
    assert.equal(p.functions.get('irqentry_enter')!.loc.file, 'fixtures/c/entry-mini.c');
    assert.deepEqual([...p.sources.keys()], ['fixtures/c/entry-mini.c', 'fixtures/c/variant-exit.c']);
    assert.equal(p.unsupported?.size, 0);

    const base = await parseProgram([fixture('entry-mini.c')]);
    assert.ok(calls(base.functions.get('irqentry_exit')!).some((c) => c.callee === 'ct_irq_exit'));
  });

  it('records struct layouts, enumerators and numeric defines', async () => {
    const p = await parseProgram([fixture('entry-mini.c')]);
    assert.deepEqual([...p.structs.get('irqentry_state_t')!], [
      ['exit_rcu', 0],
      ['lockdep', 1],
    ]);
    assert.deepEqual([...p.structs.get('irqentry_state')!], [
      ['exit_rcu', 0],
      ['lockdep', 1],
    ]);
    assert.equal(p.constants?.get('X86_EFLAGS_IF'), 0x200);
    assert.equal(p.constants?.get('CT_STATE_DISABLED'), -1);
    assert.equal(p.constants?.get('CT_STATE_KERNEL'), 0);
    assert.equal(p.constants?.get('CT_STATE_USER'), 2);

    const q = await parse(
      'struct s { bool a; bool b, c; struct { bool d; }; unsigned int e:1; };\n' +
        'typedef struct s s_t;\ntypedef union { bool u0; bool u1; } u_t;\n' +
        '#ifndef GUARD\n#define GUARD\nstruct g { bool x; };\n#endif\n',
    );
    assert.deepEqual([...q.structs.get('s')!.keys()], ['a', 'b', 'c', 'd', 'e']);
    assert.equal(q.structs.get('s_t'), q.structs.get('s'));
    assert.deepEqual([...q.structs.get('u_t')!], [
      ['u0', 0],
      ['u1', 1],
    ]);
    assert.deepEqual([...q.structs.get('g')!.keys()], ['x']);
  });

  it('parses the fixture with every function lowered', async () => {
    const p = await parseProgram([fixture('entry-mini.c')]);
    assert.deepEqual([...p.functions.keys()], ['regs_irqs_disabled', 'irqentry_enter', 'irqentry_exit', 'cond_resched_from_irq']);
    const enter = p.functions.get('irqentry_enter')!;
    assert.deepEqual(enter.params, ['regs']);
    assert.equal(enter.returnType, 'irqentry_state_t');
    assert.deepEqual(enter.attrs, ['noinstr']);
    // User mode: nothing but the user-mode entry.
    assert.deepEqual(run(enter, [0], { user_mode: 1 }), { value: 0, calls: ['user_mode(0)', 'enter_from_user_mode(0)'] });
    // Idle task: RCU is entered and exit_rcu (bit 0) is set.
    const idle = run(enter, [0], { is_idle_task: 1 }, { CALLER_ADDR0: 7 });
    assert.equal(idle.value, 1);
    assert.deepEqual(idle.calls, ['user_mode(0)', 'is_idle_task(0)', 'lockdep_hardirqs_off(7)', 'ct_irq_enter']);
    // CONFIG_TINY_RCU: the RCU checks are not even evaluated.
    const tiny = run(enter, [0], { is_idle_task: 1 }, { TINY_RCU: 1 });
    assert.equal(tiny.value, 0);
    assert.deepEqual(tiny.calls, ['user_mode(0)', 'lockdep_hardirqs_off(0)', 'rcu_irq_enter_check_tick']);
  });
});

describe('C front end: expressions', () => {
  it('hoists calls and short-circuits &&: b() only runs when a() is true', async () => {
    const f = await fn('void f(void)\n{\n\tif (a() && b())\n\t\tc();\n\td();\n}\n', 'f');
    assert.deepEqual(listing(f), [
      '0: call a() -> $t0',
      '1: ifnot $t0 goto 5',
      '2: call b() -> $t1',
      '3: ifnot $t1 goto 5',
      '4: call c()',
      '5: call d()',
      '6: return',
    ]);
    const br = f.ops[1]!;
    assert.equal(br.kind, OpKind.BranchIfFalse);
    assert.equal(br.kind === OpKind.BranchIfFalse && br.condText, 'a()');
    assert.deepEqual(run(f, [], { a: 0, b: 1 }).calls, ['a', 'd']);
    assert.deepEqual(run(f, [], { a: 1, b: 0 }).calls, ['a', 'b', 'd']);
    assert.deepEqual(run(f, [], { a: 1, b: 1 }).calls, ['a', 'b', 'c', 'd']);
  });

  it('short-circuits || and value uses of && / || / ?:', async () => {
    const f = await fn(
      'int f(int x)\n{\n\tint r = x || b();\n\tint s = x && c();\n\tint t = x ? d() : 5;\n\tif (!(x || e()))\n\t\treturn 9;\n\treturn s + t + r;\n}\n',
      'f',
    );
    assert.deepEqual(run(f, [1], { b: 1, c: 1, d: 4, e: 1 }), { value: 1 + 1 + 4, calls: ['c', 'd'] });
    assert.deepEqual(run(f, [0], { b: 3, c: 1, d: 4, e: 0 }), { value: 9, calls: ['b', 'e'] });
    assert.deepEqual(run(f, [0], { b: 0, c: 1, d: 4, e: 1 }), { value: 0 + 0 + 5 + 0, calls: ['b', 'e'] });
  });

  it('keeps call-free && as a pure operator and hoists a left-hand call', async () => {
    const f = await fn('void f(int x, int y)\n{\n\tif (g() && x && !y)\n\t\th();\n}\n', 'f');
    assert.deepEqual(listing(f), ['0: call g() -> $t0', '1: ifnot (($t0 && x) && !y) goto 3', '2: call h()', '3: return']);
  });

  it('evaluates nested call arguments innermost first, left to right', async () => {
    const f = await fn('int f(int x)\n{\n\treturn outer(g(x), h(k()), x + 1);\n}\n', 'f');
    assert.deepEqual(listing(f), [
      '0: call g(x) -> $t0',
      '1: call k() -> $t1',
      '2: call h($t1) -> $t2',
      '3: call outer($t0, $t2, (x + 1)) -> $t3',
      '4: return $t3',
      '5: return',
    ]);
    assert.deepEqual(f.slotNames, ['x', '$t0', '$t1', '$t2', '$t3']);
    assert.deepEqual(calls(f)[3]!.argText, ['g(x)', 'h(k())', 'x + 1']);
  });

  it('lowers regs->flags & X86_EFLAGS_IF to Field and Name', async () => {
    const f = await fn('bool f(struct pt_regs *regs)\n{\n\treturn regs->flags & X86_EFLAGS_IF;\n}\n', 'f');
    const ret = f.ops[0]!;
    assert.equal(ret.kind, OpKind.Return);
    assert.deepEqual(ret.kind === OpKind.Return && ret.value, {
      kind: ExprKind.BitAnd,
      left: { kind: ExprKind.Field, base: { kind: ExprKind.Local, slot: 0 }, field: 'flags' },
      right: { kind: ExprKind.Name, name: 'X86_EFLAGS_IF' },
    });
  });

  it('turns IS_ENABLED / IS_BUILTIN / defined into Config, never a call', async () => {
    const f = await fn(
      'void f(void)\n{\n\tif (IS_ENABLED(CONFIG_PREEMPTION) || IS_BUILTIN(CONFIG_SMP) || defined(CONFIG_X86))\n\t\tg();\n}\n',
      'f',
    );
    assert.deepEqual(calls(f).map((c) => c.callee), ['g']);
    const br = f.ops[0]!;
    assert.ok(br.kind === OpKind.BranchIfFalse);
    assert.deepEqual(br.cond, {
      kind: ExprKind.LogicalOr,
      left: {
        kind: ExprKind.LogicalOr,
        left: { kind: ExprKind.Config, name: 'PREEMPTION' },
        right: { kind: ExprKind.Config, name: 'SMP' },
      },
      right: { kind: ExprKind.Config, name: 'X86' },
    });
  });

  it('keeps WARN_ON_ONCE as a call with its exact argument text', async () => {
    const f = await fn(
      'void f(irqentry_state_t state, bool inhcall)\n{\n\tif (inhcall && !WARN_ON_ONCE(state.exit_rcu))\n\t\tg();\n\tWARN_ON(!on_thread_stack());\n}\n',
      'f',
    );
    const warn = calls(f)[0]!;
    assert.equal(warn.callee, 'WARN_ON_ONCE');
    assert.deepEqual(warn.argText, ['state.exit_rcu']);
    assert.equal(warn.args[0]!.kind, ExprKind.StructField);
    // WARN_ON_ONCE is only evaluated when inhcall holds.
    assert.deepEqual(run(f, [1, 0]).calls, ['on_thread_stack', 'WARN_ON(1)']);
    assert.deepEqual(run(f, [0, 1], { WARN_ON_ONCE: 0 }).calls, ['WARN_ON_ONCE(0)', 'g', 'on_thread_stack', 'WARN_ON(1)']);
    assert.deepEqual(run(f, [1, 1], { WARN_ON_ONCE: 1, on_thread_stack: 1 }).calls, ['WARN_ON_ONCE(1)', 'on_thread_stack', 'WARN_ON(0)']);
    const w2 = calls(f).find((c) => c.callee === 'WARN_ON')!;
    assert.deepEqual(w2.argText, ['!on_thread_stack()']);
    assert.equal(w2.result, -1);
  });

  it('lowers literals, casts, unary and shift operators', async () => {
    const f = await fn(
      'unsigned long f(void)\n{\n\treturn (0x10UL | 010 | 1u << 2) + -(long)3 + (~0 & 0) + (NULL == 0) + (true > false) + (8 >> 1) + (5 ^ 3) + \'A\' - 2 * 3;\n}\n',
      'f',
    );
    assert.equal(run(f, []).value, (0x10 | 8 | 4) - 3 + 0 + 1 + 1 + 4 + (5 ^ 3) + 65 - 6);
  });

  it('rejects calls through function pointers', async () => {
    const e = await syntaxError(parse('void f(void (*fn)(void))\n{\n\tfn();\n}\n'));
    assert.equal(e.message, "t.c:3:2: unsupported C construct 'call through a function pointer' in function f");
  });

  it('drops likely/unlikely, names addresses and sizeof, and passes strings', async () => {
    const f = await fn(
      'void f(struct ctx *ct)\n{\n\tif (unlikely(need()) && likely(ok))\n\t\tg(&ct->state, sizeof(ct->state), &context_tracking, "msg");\n}\n',
      'f',
    );
    assert.deepEqual(listing(f), [
      '0: call need() -> $t0',
      '1: ifnot (($t0 != 0) && (ok != 0)) goto 3',
      '2: call g(&ct->state, sizeof(ct->state), &context_tracking, 1)',
      '3: return',
    ]);
    assert.deepEqual(calls(f)[1]!.argText, ['&ct->state', 'sizeof(ct->state)', '&context_tracking', '"msg"']);
    const e = await syntaxError(parse('void f(void)\n{\n\tirqentry_state_t s;\n\tg(&s.exit_rcu);\n}\n'));
    assert.equal(e.message, "t.c:4:4: unsupported C construct 'address of a part of a local' in function f");
  });

  it('treats static_call(name)(args) as a call to name', async () => {
    const f = await fn('void f(int x)\n{\n\tstatic_call(preempt_schedule)(x, 1);\n}\n', 'f');
    assert.deepEqual(listing(f), ['0: call preempt_schedule(x, 1)', '1: return']);
  });
});

describe('C front end: struct values', () => {
  it('packs designated initializers, stores fields and returns the packed value', async () => {
    const src =
      'typedef struct irqentry_state { union { bool exit_rcu; bool lockdep; }; } irqentry_state_t;\n' +
      'irqentry_state_t f(bool idle)\n{\n' +
      '\tirqentry_state_t ret = { .exit_rcu = false, .lockdep = true, };\n' +
      '\tif (idle)\n\t\tret.exit_rcu = true;\n' +
      '\tret.lockdep = lockdep_hardirqs_enabled();\n' +
      '\treturn ret;\n}\n';
    const f = await fn(src, 'f');
    assert.deepEqual(f.ops[0], {
      kind: OpKind.Assign,
      loc: { file: 't.c', line: 4, col: 19 },
      slot: 1,
      value: { kind: ExprKind.Const, value: 0b10 },
    });
    assert.deepEqual(listing(f).slice(1), [
      '1: ifnot idle goto 3',
      '2: ret = (ret | 1)',
      '3: call lockdep_hardirqs_enabled() -> $t0',
      '4: ret = ((ret & -3) | (($t0 != 0) << 1))',
      '5: return ret',
      '6: return',
    ]);
    assert.equal(run(f, [1], { lockdep_hardirqs_enabled: 1 }).value, 0b11);
    assert.equal(run(f, [0], { lockdep_hardirqs_enabled: 0 }).value, 0b00);
    assert.equal(run(f, [1], { lockdep_hardirqs_enabled: 0 }).value, 0b01);
  });

  it('reads fields of a struct parameter and assigns call results to struct locals', async () => {
    const src =
      'void f(struct pt_regs *regs)\n{\n\tirqentry_state_t state = irqentry_nmi_enter(regs);\n' +
      '\tif (state.lockdep)\n\t\tg();\n\tstate = other();\n\th(state);\n}\n';
    const f = await fn(src, 'f');
    assert.deepEqual(listing(f), [
      '0: call irqentry_nmi_enter(regs) -> state',
      '1: ifnot state.lockdep goto 3',
      '2: call g()',
      '3: call other() -> state',
      '4: call h(state)',
      '5: return',
    ]);
  });

  it('gives unknown fields stable bits by first use across functions', async () => {
    const p = await parse(
      'void a(void) { irqentry_state_t s = { .exit_rcu = true }; use(s); }\n' +
        'void b(irqentry_state_t s) { if (s.lockdep && s.exit_rcu) x(); }\n',
    );
    const b = p.functions.get('b')!;
    const br = b.ops[0]!;
    assert.ok(br.kind === OpKind.BranchIfFalse);
    assert.deepEqual(br.cond, {
      kind: ExprKind.LogicalAnd,
      left: { kind: ExprKind.StructField, slot: 0, bit: 1, field: 'lockdep' },
      right: { kind: ExprKind.StructField, slot: 0, bit: 0, field: 'exit_rcu' },
    });
    assert.deepEqual([...p.structs.get('irqentry_state_t')!], [
      ['exit_rcu', 0],
      ['lockdep', 1],
    ]);
  });
});

describe('C front end: statements and control flow', () => {
  it('lowers while with a back edge, break and continue', async () => {
    const f = await fn(
      'int f(int n)\n{\n\tint i = 0;\n\twhile (i < n) {\n\t\ti++;\n\t\tif (i == 2)\n\t\t\tcontinue;\n\t\tif (stop())\n\t\t\tbreak;\n\t\tg(i);\n\t}\n\treturn i;\n}\n',
      'f',
    );
    assert.deepEqual(listing(f), [
      '0: i = 0',
      '1: ifnot (i < n) goto 10',
      '2: i = (i + 1)',
      '3: ifnot (i == 2) goto 5',
      '4: goto 1',
      '5: call stop() -> $t0',
      '6: ifnot $t0 goto 8',
      '7: goto 10',
      '8: call g(i)',
      '9: goto 1',
      '10: return i',
      '11: return',
    ]);
    assert.deepEqual(run(f, [4]), { value: 4, calls: ['stop', 'g(1)', 'stop', 'g(3)', 'stop', 'g(4)'] });
  });

  it('lowers do-while, do-while(0) without a back edge, and for loops', async () => {
    const f = await fn(
      'int f(int n)\n{\n\tint s = 0;\n\tdo { a(); } while (0);\n\tdo { s += 2; } while (s < n);\n\tfor (int i = 0; i < 3; i++) { if (i == 1) continue; s = s + i; }\n\tfor (;;) { if (done()) break; }\n\treturn s;\n}\n',
      'f',
    );
    assert.deepEqual(listing(f).slice(0, 2), ['0: s = 0', '1: call a()']);
    // No jump goes back to the do-while(0) body.
    assert.ok(!f.ops.some((o) => (o.kind === OpKind.Jump || o.kind === OpKind.BranchIfFalse) && o.target === 1));
    assert.deepEqual(run(f, [5], { done: 1 }), { value: 6 + 0 + 2, calls: ['a', 'done'] });
  });

  it('lowers if / else if / else chains', async () => {
    const f = await fn(
      'int f(int x)\n{\n\tif (x == 1)\n\t\treturn 10;\n\telse if (x == 2)\n\t\treturn 20;\n\telse\n\t\tx = 30;\n\treturn x;\n}\n',
      'f',
    );
    assert.deepEqual([1, 2, 3].map((x) => run(f, [x]).value), [10, 20, 30]);
  });

  it('lowers goto and labels, and resolves shadowed locals to distinct slots', async () => {
    const f = await fn(
      'int f(int x)\n{\n\tint y = 1;\n\t{\n\t\tint y = 2;\n\t\tuse(y);\n\t}\n\tuse(y);\n\tif (x)\n\t\tgoto out;\n\ty = 5;\nout:\n\treturn y;\n}\n',
      'f',
    );
    assert.deepEqual(f.slotNames, ['x', 'y', 'y']);
    assert.deepEqual(run(f, [0]), { value: 5, calls: ['use(2)', 'use(1)'] });
    assert.deepEqual(run(f, [1]), { value: 1, calls: ['use(2)', 'use(1)'] });
  });

  it('appends an implicit return at the closing brace', async () => {
    const f = await fn('void f(void)\n{\n\tg();\n  }\n', 'f');
    const last = f.ops[f.ops.length - 1]!;
    assert.deepEqual(last, { kind: OpKind.Return, loc: { file: 't.c', line: 4, col: 3 }, value: null });
    assert.deepEqual(f.loc, { file: 't.c', line: 1, col: 6 });
  });
});

describe('C front end: errors, tolerant mode and positions', () => {
  it('reports a syntax error as file:line:col', async () => {
    const e = await syntaxError(parse('void f(void)\n{\n\tint x = 1\n\tfoo(x);\n}\n'));
    assert.equal(e.message, "t.c:3:10: syntax error near '1'");
    assert.deepEqual(e.loc, { file: 't.c', line: 3, col: 10 });

    const m = await syntaxError(parse('void f(void)\n{\n\tfoo(x)\n}\n'));
    assert.equal(m.message, "t.c:3:8: missing ';'");
  });

  it('reports an unsupported construct in strict mode', async () => {
    const e = await syntaxError(parse('void f(int x)\n{\n\tg();\n\tasm volatile("nop");\n}\n'));
    assert.equal(e.message, "t.c:4:2: unsupported C construct 'gnu_asm_expression' in function f");
    const a = await syntaxError(parse('void f(struct pt_regs *regs)\n{\n\tregs->flags |= 1;\n}\n'));
    assert.equal(a.message, "t.c:3:2: unsupported C construct 'store to the saved registers regs->flags (the model reads them from the interrupt context)' in function f");
  });

  it('tolerant mode keeps good functions and records broken ones', async () => {
    const p = await parse(
      [
        'void good(void) { a(); }',
        'void broken(void) { foo(x)); }',
        'void fptr(int fp) { fp(); }',
        'void uses_asm(void) { asm volatile("nop"); }',
        'DEFINE_IDTENTRY_RAW(exc_int3) { x(); }',
        'void good2(void) { b(); }',
      ].join('\n'),
      { tolerant: true },
    );
    assert.deepEqual([...p.functions.keys()], ['good', 'good2']);
    const u = p.unsupported!;
    assert.deepEqual([...u.keys()], ['broken', 'fptr', 'uses_asm', 'DEFINE_IDTENTRY_RAW(exc_int3)']);
    assert.deepEqual(u.get('broken'), { loc: { file: 't.c', line: 2, col: 27 }, reason: "syntax error near ')'", attrs: [] });
    assert.equal(u.get('fptr')!.reason, "unsupported C construct 'call through a function pointer' in function fptr");
    assert.equal(u.get('uses_asm')!.reason, "unsupported C construct 'gnu_asm_expression' in function uses_asm");
    await syntaxError(parse('void good(void) { a(); }\nvoid broken(void) { foo(x)); }\n'));
  });

  it('a later unsupported definition replaces an earlier good one', async () => {
    const p = await parseProgram(
      [
        { file: 'base.c', text: 'void f(void) { a(); }\nvoid g(void) { }\n' },
        { file: 'variant.c', text: 'void f(void) { asm("nop"); }\n' },
      ],
      { tolerant: true },
    );
    assert.deepEqual([...p.functions.keys()], ['g']);
    assert.equal(p.unsupported!.get('f')!.loc.file, 'variant.c');
  });

  it('maps positions through mapLoc', async () => {
    const mapLoc = (line: number, col: number) => ({ file: 'orig.h', line: line + 100, col: col + 1 });
    const p = await parseProgram([{ file: 'pp.c', text: 'void f(void)\n{\n\tif (x())\n\t\ty();\n}\n', mapLoc }]);
    const f = p.functions.get('f')!;
    assert.deepEqual(
      f.ops.map((o) => `${o.loc.file}:${o.loc.line}:${o.loc.col}`),
      ['orig.h:103:7', 'orig.h:103:7', 'orig.h:104:4', 'orig.h:105:2'],
    );
    assert.deepEqual(f.loc, { file: 'orig.h', line: 101, col: 7 });
    assert.equal(p.sources.get('pp.c'), 'void f(void)\n{\n\tif (x())\n\t\ty();\n}\n');
    const e = await syntaxError(parseProgram([{ file: 'pp.c', text: 'void f(void)\n{\n\tfoo(x)\n}\n', mapLoc }]));
    assert.equal(e.message, "orig.h:103:9: missing ';'");
  });

  it('formats functions one op per line with positions', async () => {
    const f = await fn('noinstr void f(struct pt_regs *regs)\n{\n\tlockdep_hardirqs_off(CALLER_ADDR0);\n\tif (!g(regs))\n\t\treturn;\n}\n', 'f');
    assert.equal(
      formatFunction(f),
      [
        'noinstr void f(regs)  @t.c:1:14',
        '0: call lockdep_hardirqs_off(CALLER_ADDR0)  @t.c:3:2',
        '1: call g(regs) -> $t0  @t.c:4:7',
        '2: ifnot !$t0 goto 4  @t.c:4:6',
        '3: return  @t.c:5:3',
        '4: return  @t.c:6:1',
      ].join('\n'),
    );
  });
});

describe('C front end: constructs of 5.10–7.3 entry code', () => {
  it('lowers switch with fall-through, break and default', async () => {
    const f = await fn(
      'int f(int x)\n{\n\tint r = 0;\n\tswitch (x) {\n\tcase 1:\n\t\tr = 10;\n\tcase 2:\n\t\tr += 1;\n\t\tbreak;\n\tcase 3: {\n\t\tr = 30;\n\t\tbreak;\n\t}\n\tdefault:\n\t\tr = 99;\n\t}\n\treturn r;\n}\n',
      'f',
    );
    assert.deepEqual([1, 2, 3, 7].map((x) => run(f, [x]).value), [11, 1, 30, 99]);
    const g = await fn('int g(int x)\n{\n\tswitch (x) {\n\tcase 4:\n\t\treturn 1;\n\t}\n\treturn 2;\n}\n', 'g');
    assert.deepEqual([4, 5].map((x) => run(g, [x]).value), [1, 2]);
    // `continue` inside a switch belongs to the enclosing loop; without one it is an error.
    const h = await fn('int h(int n)\n{\n\tint s = 0;\n\tfor (int i = 0; i < n; i++) {\n\t\tswitch (i) {\n\t\tcase 1:\n\t\t\tcontinue;\n\t\t}\n\t\ts += 1;\n\t}\n\treturn s;\n}\n', 'h');
    assert.equal(run(h, [4]).value, 3);
    const e = await syntaxError(parse('void k(int x)\n{\n\tswitch (x) {\n\tcase 1:\n\t\tcontinue;\n\t}\n}\n'));
    assert.match(e.message, /^t\.c:5:3: 'continue' outside a loop in function k$/);
  });

  it('takes the address of a local and loads and stores through pointers', async () => {
    const f = await fn('int f(void)\n{\n\tint w = 5;\n\tint *p = &w;\n\t*p += 2;\n\t(*p)++;\n\treturn w + *p;\n}\n', 'f');
    assert.equal(run(f, []).value, 16);
    assert.ok(listing(f).includes('1: p = &w'), listing(f).join('\n'));
    assert.deepEqual(
      calls(f).map((c) => c.callee),
      ['__kentry_load', '__kentry_store', '__kentry_load', '__kentry_store', '__kentry_load'],
    );
    const g = await fn('void g(unsigned long *tif_work)\n{\n\tif ((*tif_work & 6) == 2)\n\t\t*tif_work &= ~2UL;\n}\n', 'g');
    assert.deepEqual(calls(g).map((c) => `${c.callee}(${c.argText.join(', ')})`), ['__kentry_load(*tif_work)', '__kentry_load(*tif_work)', '__kentry_store(tif_work, ~2UL)']);
  });

  it('lowers stores to untracked memory to listed operations, reads to loads', async () => {
    const f = await fn('void f(struct ctx *ct)\n{\n\tct->state = 3;\n\tcurrent->flags |= 4;\n\tct->seq++;\n\tif (ct->mode)\n\t\tg();\n}\n', 'f');
    assert.deepEqual(
      calls(f).map((c) => `${c.callee}(${c.argText.join(', ')})`),
      ['__kentry_store_untracked(ct->state, 3)', '__kentry_store_untracked(current->flags, 4)', '__kentry_store_untracked(ct->seq)', '__kentry_load(ct->mode)', 'g()'],
    );
    // The saved registers are read by the model: a store to them is refused, not dropped.
    const e = await syntaxError(parse('void f(struct pt_regs *regs)\n{\n\tregs->cs = 0;\n}\n'));
    assert.match(e.message, /store to the saved registers regs->cs/);
  });

  it('reads flags through pt_regs only; the current task\'s flags word is read_thread_flags()', async () => {
    // 5.10 spells the thread-flags read out: it must be the model's flags read, not regs->flags.
    const f = await fn('unsigned long f(struct pt_regs *regs)\n{\n\tunsigned long ti_work = READ_ONCE(current_thread_info()->flags);\n\treturn ti_work;\n}\n', 'f');
    assert.deepEqual(calls(f).map((c) => c.callee), ['read_thread_flags', 'READ_ONCE']);
    // `x->flags` of anything but a struct pt_regs is memory the model does not track: a load.
    const g = await fn('unsigned long g(struct task_struct *p, struct pt_regs *regs)\n{\n\treturn p->flags + regs->flags;\n}\n', 'g');
    assert.deepEqual(calls(g).map((c) => `${c.callee}(${c.argText.join(', ')})`), ['__kentry_load(p->flags)']);
  });

  it('reads a nested member as one load: the bases are addresses, not reads of their own', async () => {
    const f = await fn('int f(struct task_struct *t)\n{\n\treturn t->rseq.event.sched_switch;\n}\n', 'f');
    assert.deepEqual(calls(f).map((c) => `${c.callee}(${c.argText.join(', ')})`), ['__kentry_load(t->rseq.event.sched_switch)']);
    // A base that does something (a call) is still evaluated for that, once.
    const g = await fn('int g(void)\n{\n\treturn get_task()->rseq.len;\n}\n', 'g');
    assert.deepEqual(calls(g).map((c) => c.callee), ['get_task', '__kentry_load']);
  });

  it('loads through a pointer in one arm of ?: only when that arm is chosen (C evaluates one arm)', async () => {
    // arm64 6.x asm/ptrace.h: `system_uses_irq_prio_masking() ? (regs)->pmr_save == GIC_PRIO_IRQON : true`.
    const f = await fn('int f(struct pt_regs *regs, int prio)\n{\n\treturn prio ? regs->pmr_save == 0xe0 : 1;\n}\n', 'f');
    assert.deepEqual(run(f, [0, 0]).calls, [], 'the other arm: no load');
    assert.deepEqual(run(f, [0, 1]).calls.map((c) => c.replace(/\(.*/, '')), ['__kentry_load'], 'the chosen arm loads');
    assert.equal(run(f, [0, 1], { __kentry_load: 0xe0 }).value, 1);
    assert.equal(run(f, [0, 1], { __kentry_load: 0xc0 }).value, 0);
    // Arms with nothing but arithmetic stay one expression, and so do the saved registers the model
    // binds as expressions (x86's regs->flags): no branch for them.
    const g = await fn('int g(int a, int b)\n{\n\treturn a ? b + 1 : b;\n}\n', 'g');
    assert.ok(g.ops.every((o) => o.kind !== OpKind.BranchIfFalse), 'no branch for a pure ?:');
    const h = await fn('int h(struct pt_regs *regs, int a)\n{\n\treturn a ? (regs->flags & 0x200) : 0;\n}\n', 'h');
    assert.ok(h.ops.every((o) => o.kind !== OpKind.BranchIfFalse), 'regs->flags is an expression, not a load');
  });

  it('names a member read through current_thread_info() thread_info.M (the path binding can track)', async () => {
    const f = await fn('int f(void)\n{\n\treturn READ_ONCE(current_thread_info()->preempt_count) != 0;\n}\n', 'f');
    const load = calls(f).find((c) => c.callee === '__kentry_load');
    assert.equal(load?.member, 'thread_info.preempt_count');
    // The flags word stays the model's thread-flags read.
    const g = await fn('unsigned long g(void)\n{\n\treturn READ_ONCE(current_thread_info()->flags);\n}\n', 'g');
    assert.deepEqual(calls(g).map((c) => c.callee), ['read_thread_flags', 'READ_ONCE']);
  });

  it('lowers statement expressions to their statements and last value', async () => {
    const f = await fn('int f(int a)\n{\n\tint v = ({ int t = a + 1; if (t > 3) t = 3; t; });\n\treturn v;\n}\n', 'f');
    assert.deepEqual([1, 5].map((a) => run(f, [a]).value), [2, 3]);
    const g = await fn('void g(void)\n{\n\t({ h(); });\n}\n', 'g');
    assert.deepEqual(calls(g).map((c) => c.callee), ['h']);
  });

  it('folds the bit and suffix helpers constant macros expand to (BIT, _BITUL, UL, _AC): arithmetic, not calls', async () => {
    const f = await fn('int f(int w)\n{\n\treturn (w & (BIT(2) | _BITUL(4))) + UL(1) + _AC(8, UL);\n}\n', 'f');
    assert.deepEqual(calls(f), [], 'no call is made');
    assert.deepEqual([0, 4, 16, 20, 3].map((w) => run(f, [w]).value), [9, 13, 25, 29, 9]);
    const shifted = await fn('int g(int n)\n{\n\treturn BIT(n);\n}\n', 'g');
    assert.deepEqual([0, 3, 5].map((n) => run(shifted, [n]).value), [1, 8, 32]);
    const e = await syntaxError(parse('int h(void)\n{\n\treturn BIT(1, 2);\n}\n'));
    assert.match(e.message, /BIT with 2 arguments/);
  });

  it('rejects nesting deeper than the limit with one line, not a stack overflow', async () => {
    const deep = (n: number) => `void f(int x)\n{\n${'if (x) {'.repeat(n)} g(); ${'}'.repeat(n)}\n}\n`;
    const ok = await fn(deep(100), 'f');
    assert.equal(calls(ok).length, 1);
    for (const text of [deep(3000), `int f(int x)\n{\n\treturn ${'('.repeat(20000)}x${')'.repeat(20000)};\n}\n`, `int f(int x)\n{\n\treturn ${'!'.repeat(5000)}x;\n}\n`]) {
      const e = await syntaxError(parse(text));
      assert.match(e.message, /^t\.c:\d+:\d+: statements and expressions nested deeper than 256 levels in function f$/);
    }
    const tolerant = await parse(deep(3000), { tolerant: true });
    assert.match(tolerant.unsupported!.get('f')!.reason, /nested deeper than 256/);
  });
});

describe('lowering shared between programs (ParseOptions.lowered)', () => {
  // Two files: the layout file defines a struct; the code file has a function that does not use
  // any struct layout and one whose value depends on the layout the other file gives.
  const code: CSource = {
    file: 'code.c',
    text: 'int plain(int x)\n{\n\treturn x + 1;\n}\nint packed(void)\n{\n\treturn (struct st){ .b = 1 };\n}\n',
  };
  const layoutAB: CSource = { file: 'layout.h', text: 'struct st { bool a; bool b; };\n' };
  const layoutB: CSource = { file: 'layout.h', text: 'struct st { bool b; };\n' };

  it('reuses a function whose lowering is its own, and equals a fresh lowering', async () => {
    const lowered: LowerCache = new Map();
    const first = await parseProgram([layoutAB, code], { tolerant: true, lowered });
    const again = await parseProgram([layoutB, code], { tolerant: true, lowered });
    assert.equal(again.functions.get('plain'), first.functions.get('plain'), 'the same lowered function');
    const fresh = await parseProgram([layoutB, code], { tolerant: true });
    assert.deepEqual(again.functions.get('plain'), fresh.functions.get('plain'));
  });

  it('lowers again a function that uses the layouts the program\'s files build together', async () => {
    const lowered: LowerCache = new Map();
    const ab = await parseProgram([layoutAB, code], { tolerant: true, lowered });
    const b = await parseProgram([layoutB, code], { tolerant: true, lowered });
    assert.notEqual(b.functions.get('packed'), ab.functions.get('packed'));
    assert.equal(run(ab.functions.get('packed')!, []).value, 2, '.b is bit 1 after .a');
    assert.equal(run(b.functions.get('packed')!, []).value, 1, '.b is bit 0');
    assert.deepEqual(b.functions.get('packed'), (await parseProgram([layoutB, code], { tolerant: true })).functions.get('packed'));
  });

  it('reuses a function that asked the other files questions when they answer the same (session 30)', async () => {
    // The same layout from another file (another config's header), and a file-scope object the
    // function reads, declared by a third: the lowering's questions (field bits, globals) get the
    // same answers, so the lowering is reused.
    const uses: CSource = { file: 'uses.c', text: 'int reads(void)\n{\n\treturn flag + (struct st){ .b = 1 };\n}\n' };
    const decl: CSource = { file: 'decl.h', text: 'extern bool flag;\n' };
    const sameLayout: CSource = { file: 'other.h', text: 'struct st { bool a; bool b; };\n' };
    const lowered: LowerCache = new Map();
    const first = await parseProgram([layoutAB, decl, uses], { tolerant: true, lowered });
    assert.ok(first.functions.get('reads'));
    const again = await parseProgram([sameLayout, decl, uses], { tolerant: true, lowered });
    assert.equal(again.functions.get('reads'), first.functions.get('reads'), 'the same lowered function');
    assert.deepEqual(again.functions.get('reads'), (await parseProgram([sameLayout, decl, uses], { tolerant: true })).functions.get('reads'));
    // Without the declaration `flag` is no file-scope object here: asked again, the answer differs
    // and the function is lowered anew, as a fresh parse lowers it.
    const undeclared = await parseProgram([layoutAB, { file: 'decl.h', text: '\n' }, uses], { tolerant: true, lowered });
    const fresh = await parseProgram([layoutAB, { file: 'decl.h', text: '\n' }, uses], { tolerant: true });
    assert.notEqual(undeclared.functions.get('reads'), first.functions.get('reads'));
    assert.deepEqual(undeclared.functions.get('reads'), fresh.functions.get('reads'));
    assert.deepEqual(undeclared.unsupported?.get('reads'), fresh.unsupported?.get('reads'));
  });
});
