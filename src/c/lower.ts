// Lowering of one C function definition (a tree-sitter subtree) to an `IrFunction`.
//
// Expressions are lowered to A-normal form: every call becomes a `Call` op (in C evaluation order,
// innermost arguments first) whose value lands in a fresh temporary slot, and the expression that
// used it reads that slot. `&&`, `||` and `?:` whose right operand / branches have side effects are
// lowered to control flow so that a call only happens when C would evaluate it.
//
// Nothing here keeps a tree-sitter node beyond the call to `lowerFunction`.

import type { Node } from 'web-tree-sitter';
import { BIT_MACROS, IDENTITY_MACROS } from './consteval.ts';
import {
  ExprKind,
  KENTRY_CALL_PARAM,
  KENTRY_LOAD,
  KENTRY_STORE,
  KENTRY_STORE_UNTRACKED,
  compoundMember,
  OpKind,
  type Expr,
  type FunctionAttr,
  type IrFunction,
  type Op,
  type SourceLoc,
} from './ir.ts';

/** A problem found while lowering: `detail` is the full message (without the position). */
export class LowerError extends Error {
  constructor(
    readonly node: Node,
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'LowerError';
  }
}

/** Shared, program-wide state the lowering of each function reads and extends. */
export interface LowerEnv {
  /** Original (un-blanked) text of the file the tree was parsed from; indices match the tree. */
  readonly text: string;
  /** Position of a node in the original source (1-based, mapped through `mapLoc`). */
  loc(node: Node): SourceLoc;
  /** The packed-struct field bits the program's files share (FieldTables). */
  readonly fields: FieldTables;
  /** Lower a call through a function-pointer parameter to KENTRY_CALL_PARAM (ParseOptions.paramCalls). */
  readonly paramCalls?: boolean;
  /** Array elements in memory are opaque loads, calls through them opaque calls (ParseOptions.subscripts). */
  readonly subscripts?: boolean;
  /** `struct pt_regs` has no x86 `flags`/`cs` (ParseOptions.ptRegsMemory): every field is memory. */
  readonly ptRegsMemory?: boolean;
  /** Lower an asm statement that calls one function to that call (ParseOptions.asmCalls). */
  readonly asmCalls?: AsmCallSpec;
  /** Lower `a[i]` read as an untracked load and a call through a local function-pointer variable
   *  as an opaque call named by the variable (ParseOptions.tableCalls). */
  readonly tableCalls?: boolean;
  /** `&current_thread_info()->flags` is a name for the flags word (ParseOptions.threadFlagsAddress). */
  readonly threadFlagsAddress?: boolean;
  /**
   * Objects the program's files declare at file scope that a read takes as one scalar value
   * (globalScalarNames(): `extern bool force_irqthreads;`, `int show_unhandled_signals;`). Read
   * where a value is wanted, such a name is a load of memory the model does not track (an opaque
   * site, never 0); passed directly to a call it stays a name (the callee takes the object:
   * `__this_cpu_read(xen_in_preemptible_hcall)`). Names not here stay unknown identifiers.
   */
  readonly globals?: { has(name: string): boolean };
}

/**
 * The bits of packed struct values, shared by every function of a program: a lowering asks for a
 * field's bit (allocating it on first use) and for a defined struct's fields in order. These two
 * questions are everything a function's lowering learns from the other files, so a lowering can be
 * reused in another program when the same questions get the same answers there (frontend.ts).
 */
export interface FieldTables {
  /** The bit of `fieldName` in values of struct `typeName` (null: unknown type), allocated on first use. */
  fieldBit(typeName: string | null, fieldName: string): number;
  /** A defined struct's fields in declaration order (positional initializers); null if not defined. */
  positional(typeName: string | null): readonly string[] | null;
}

/** FieldTables over the layouts a program's files define. */
export class StructFieldTables implements FieldTables {
  /**
   * @param structs Packed-struct layouts by struct tag or typedef name (extended with inferred fields).
   * @param definedStructs Names in `structs` that come from a real struct definition (not inferred).
   * @param globalFieldBits Bits of fields whose struct type is unknown: field name → bit, by first use.
   */
  constructor(
    readonly structs: Map<string, Map<string, number>>,
    readonly definedStructs: ReadonlySet<string>,
    readonly globalFieldBits: Map<string, number>,
  ) {}

  fieldBit(typeName: string | null, fieldName: string): number {
    const { structs, definedStructs, globalFieldBits } = this;
    if (typeName !== null && definedStructs.has(typeName)) {
      const layout = structs.get(typeName)!;
      let bit = layout.get(fieldName);
      if (bit === undefined) {
        bit = layout.size;
        layout.set(fieldName, bit);
      }
      return bit;
    }
    let bit = globalFieldBits.get(fieldName);
    if (bit === undefined) {
      bit = globalFieldBits.size;
      globalFieldBits.set(fieldName, bit);
    }
    if (typeName !== null) {
      let inferred = structs.get(typeName);
      if (!inferred) structs.set(typeName, (inferred = new Map()));
      if (!inferred.has(fieldName)) inferred.set(fieldName, bit);
    }
    return bit;
  }

  positional(typeName: string | null): readonly string[] | null {
    return typeName !== null && this.definedStructs.has(typeName) ? [...this.structs.get(typeName)!.keys()] : null;
  }
}

/**
 * How an arch's inline asm calls a C function (data, per arch): the call instruction and the
 * argument registers in order. An asm statement whose template makes exactly one call, whose
 * argument registers are each loaded from a named input operand (`move $a0, %[regs]`) and which
 * has no output operands is lowered to that call with those operands' values as its arguments
 * (loongarch's do_vint() switches to the IRQ stack and calls handle_loongarch_irq(regs) this way).
 * The rest of such a template only saves, switches and restores the stack pointer, which the model
 * does not track (it has one stack). Any other asm statement stays unsupported.
 */
export interface AsmCallSpec {
  /** The call mnemonic (loongarch: `bl`); absent: no asm statement is lowered to a call. */
  readonly call?: string;
  /** The register-move mnemonic an argument is loaded with (loongarch: `move`). */
  readonly move?: string;
  /** Argument registers in order (loongarch: `$a0`…`$a7`). */
  readonly argRegs?: readonly string[];
  /**
   * One-instruction asm statements the model gives meaning to, by mnemonic → the compiler
   * intrinsic that is the same instruction (loongarch: `csrxchg` → `__csrxchg_w`, the body of
   * arch_local_irq_*()). `insn %[d], %[x], …` is lowered to `d = intrinsic(d?, x, …)`: the first
   * operand is the output, passed first as well when it is read-write (`+r`); the others are the
   * statement's inputs (or outputs) by name, in template order.
   */
  readonly instructions?: Readonly<Record<string, string>>;
  /** Byte accesses to a per-CPU area through its base register (PacaAsmSpec: powerpc's paca). */
  readonly paca?: PacaAsmSpec;
}

/**
 * powerpc 64-bit reads and writes the paca's soft-mask bytes with one instruction on r13, the
 * paca pointer (asm/hw_irq.h irq_soft_mask_return()/irq_soft_mask_set()), and lifts the soft mask
 * in a restartable test-and-store (irq_64.c arch_local_irq_restore()). The statements lowered,
 * operands as the tree writes them (the offset is an `"i"` input, `offsetof(struct paca_struct,
 * F)`, passed by its text):
 * - `LOAD %0,%1(BASE)`: output %0 := loadCall(offset %1);
 * - `STORE %0,%1(BASE)`: storeCall(offset %1, value %0);
 * - `asm goto`: `1: LOAD r,%0(BASE); cmpwi r,0; bne %l[L]; STORE r,%1(BASE); 2:` with a restart-table
 *   entry (1b, 2b, 1b): `if (unmaskCall(offset %0, offset %1)) goto L;`. The restart table makes the
 *   sequence atomic with respect to interrupts (one that arrives inside it returns to 1:), so the
 *   model takes it as one step.
 * Any other asm statement stays unsupported.
 */
export interface PacaAsmSpec {
  readonly base: string;
  readonly load: string;
  readonly store: string;
  readonly loadCall: string;
  readonly storeCall: string;
  readonly unmaskCall: string;
}

/** Calls that are not calls: `IS_ENABLED(CONFIG_X)` and friends become `Config` expressions. */
const CONFIG_PSEUDO_CALLS: ReadonlySet<string> = new Set(['IS_ENABLED', 'IS_BUILTIN', 'defined']);
/** Branch-prediction hints: `likely(x)` is `!!x`. */
const HINT_PSEUDO_CALLS: ReadonlySet<string> = new Set(['likely', 'unlikely']);
/** Macros that store into their first argument (an lvalue): the uaccess reads. */
const OUT_ARG_MACROS: ReadonlySet<string> = new Set(['get_user', '__get_user', 'get_kernel_nofault', '__get_kernel_nofault']);
/** `static_call(name)(args)` is a call to `name`. */
const STATIC_CALL_WRAPPERS: ReadonlySet<string> = new Set(['static_call', 'static_call_cond']);

const MAX_STRUCT_BIT = 31;

/**
 * Global pointers to per-CPU or per-task structures whose members the model may bind (their path
 * names the struct: `current->rseq.event.sched_switch` is `task_struct.rseq.event.sched_switch`).
 * powerpc's paca pointer is r13, declared `register struct paca_struct *local_paca asm("r13")`
 * (asm/paca.h); its soft-mask bytes are state on 64-bit kernels, so a compound assignment to one
 * of its members is a load and a store of that member (readModifyWrite), not an untracked store.
 */
const GLOBAL_ROOTS: ReadonlyMap<string, { readonly struct: string; readonly readModifyWrite: boolean }> = new Map([
  ['current', { struct: 'task_struct', readModifyWrite: false }],
  ['local_paca', { struct: 'paca_struct', readModifyWrite: true }],
  // s390 before get_lowcore() (6.1): `S390_lowcore` names the CPU's lowcore, a `struct lowcore`
  // at absolute address 0 (arch/s390/include/asm/lowcore.h); 6.12 on read it through
  // `struct lowcore *lc = get_lowcore()`, a local of that type.
  ['S390_lowcore', { struct: 'lowcore', readModifyWrite: false }],
  // The current task's thread_info (reached only through the call below; not an identifier).
  ['current_thread_info()', { struct: 'thread_info', readModifyWrite: false }],
]);
/** Calls that return a GLOBAL_ROOTS pointer, by that pointer's name (asm/paca.h: `#define get_paca() local_paca`, with a debug check under DEBUG_PREEMPT; `current_thread_info()`, arm64 6.x's `current_thread_info()->preempt_count`). */
const GLOBAL_ROOT_CALLS: ReadonlyMap<string, string> = new Map([['get_paca', 'local_paca'], ['current_thread_info', 'current_thread_info()']]);

/** `base->field` reads the model binds itself (the saved registers, see program.ts). */
const MODELLED_FIELDS: ReadonlySet<string> = new Set(['flags', 'cs']);

/**
 * How deeply statements and expressions may nest inside one function. The lowering recurses over
 * the syntax tree; past this depth it stops with a one-line error instead of exhausting the
 * JavaScript stack. Entry code nests a few dozen levels at most (after macro expansion).
 */
export const MAX_NESTING = 256;

interface Label {
  pc: number;
  readonly refs: number[];
}

interface LoopCtx {
  readonly breakLabel: Label;
  readonly continueLabel: Label;
}

const C0: Expr = { kind: ExprKind.Const, value: 0 };
const C1: Expr = { kind: ExprKind.Const, value: 1 };

/** The primitive a read of the current task's flags word becomes (see isCurrentThreadInfo). */
const THREAD_FLAGS_READ = 'read_thread_flags';

/** `current_thread_info()`, the current task's thread_info (possibly parenthesised). */
function isCurrentThreadInfo(n: Node): boolean {
  const text = n.text.replace(/\s+/g, '');
  return text === 'current_thread_info()' || text === '(current_thread_info())';
}

function cst(value: number): Expr {
  return value === 0 ? C0 : value === 1 ? C1 : { kind: ExprKind.Const, value };
}

function localExpr(slot: number): Expr {
  return { kind: ExprKind.Local, slot };
}

type BinaryKind = Extract<Expr, { left: Expr }>['kind'];
type UnaryKind = Extract<Expr, { operand: Expr }>['kind'];

function bin(kind: BinaryKind, left: Expr, right: Expr): Expr {
  return { kind, left, right };
}

function un(kind: UnaryKind, operand: Expr): Expr {
  return { kind, operand };
}

const BINARY_OPS: ReadonlyMap<string, BinaryKind> = new Map<string, BinaryKind>([
  ['&&', ExprKind.LogicalAnd],
  ['||', ExprKind.LogicalOr],
  ['&', ExprKind.BitAnd],
  ['|', ExprKind.BitOr],
  ['==', ExprKind.Eq],
  ['!=', ExprKind.Ne],
  ['<', ExprKind.Lt],
  ['<=', ExprKind.Le],
  ['>', ExprKind.Gt],
  ['>=', ExprKind.Ge],
  ['+', ExprKind.Add],
  ['-', ExprKind.Sub],
  ['<<', ExprKind.Shl],
  ['>>', ExprKind.Shr],
]);

/** Compound assignment operator → binary operator text. */
const COMPOUND_ASSIGN: ReadonlyMap<string, string> = new Map([
  ['|=', '|'],
  ['&=', '&'],
  ['+=', '+'],
  ['-=', '-'],
  ['^=', '^'],
  ['<<=', '<<'],
  ['>>=', '>>'],
]);

/** `a ^ b` without a Xor kind: `(a | b) & ~(a & b)` (operands are pure). */
function xor(a: Expr, b: Expr): Expr {
  return bin(ExprKind.BitAnd, bin(ExprKind.BitOr, a, b), un(ExprKind.BitNot, bin(ExprKind.BitAnd, a, b)));
}

function binaryOp(op: string, left: Expr, right: Expr): Expr | null {
  if (op === '^') return xor(left, right);
  const kind = BINARY_OPS.get(op);
  return kind === undefined ? null : bin(kind, left, right);
}

/** Named children, without comments. */
export function kids(node: Node): Node[] {
  const out: Node[] = [];
  for (const c of node.namedChildren) if (c && c.type !== 'comment') out.push(c);
  return out;
}

function field(node: Node, name: string): Node | null {
  return node.childForFieldName(name);
}

/** Value of a C integer literal (decimal, hex, octal, binary; U/L suffixes), or null. */
export function parseIntLiteral(raw: string): number | null {
  const sign = /^\s*-/.test(raw) ? -1 : 1;
  const s = raw
    .replace(/^\s*[-+]\s*/, '')
    .replace(/[uUlL]+$/, '')
    .replace(/'/g, '');
  let v: bigint;
  try {
    if (/^0[xX][0-9a-fA-F]+$/.test(s) || /^0[bB][01]+$/.test(s) || /^[1-9][0-9]*$|^0$/.test(s)) v = BigInt(s);
    else if (/^0[0-7]+$/.test(s)) v = BigInt('0o' + s.slice(1));
    else return null;
  } catch {
    return null;
  }
  return sign * Number(v);
}

const CHAR_ESCAPES: Readonly<Record<string, number>> = {
  n: 10,
  t: 9,
  r: 13,
  '0': 0,
  '\\': 92,
  "'": 39,
  '"': 34,
  a: 7,
  b: 8,
  f: 12,
  v: 11,
};

function parseCharLiteral(raw: string): number | null {
  const m = /^'(.*)'$/s.exec(raw);
  if (!m) return null;
  const body = m[1]!;
  if (body.length === 1) return body.charCodeAt(0);
  if (body.length === 2 && body[0] === '\\' && CHAR_ESCAPES[body[1]!] !== undefined) return CHAR_ESCAPES[body[1]!]!;
  const hex = /^\\x([0-9a-fA-F]{1,2})$/.exec(body);
  if (hex) return parseInt(hex[1]!, 16);
  const oct = /^\\([0-7]{1,3})$/.exec(body);
  if (oct) return parseInt(oct[1]!, 8);
  return null;
}

/** Strip parentheses (and, with `casts`, casts) around an expression. */
/** The text of the string literals of an asm template (`"a\\n" "b"`), escapes decoded as the assembler sees them. */
function collectStringContent(node: Node): string {
  let out = '';
  const walk = (n: Node): void => {
    if (n.type === 'string_content') out += n.text;
    else if (n.type === 'escape_sequence') out += n.text === '\\n' ? '\n' : n.text === '\\t' ? '\t' : n.text.slice(1);
    else for (const k of kids(n)) walk(k);
  };
  walk(node);
  return out;
}

function strip(node: Node, casts: boolean): Node {
  let n = node;
  for (;;) {
    if (n.type === 'parenthesized_expression') {
      const inner = kids(n);
      if (inner.length !== 1 || inner[0]!.type === 'compound_statement') return n;
      n = inner[0]!;
    } else if (casts && n.type === 'cast_expression') {
      const v = field(n, 'value');
      if (!v) return n;
      n = v;
    } else return n;
  }
}

/** The struct tag or typedef name of a declaration's type node (null for scalar types). */
export function typeNameOf(typeNode: Node | null): string | null {
  if (!typeNode) return null;
  switch (typeNode.type) {
    case 'struct_specifier':
    case 'union_specifier': {
      const name = field(typeNode, 'name');
      return name ? name.text : null;
    }
    case 'type_identifier':
      return typeNode.text;
    default:
      return null;
  }
}

/** The identifier a (possibly pointer / array / parenthesized) declarator declares. */
export function declaredIdentifier(decl: Node | null): Node | null {
  let d = decl;
  while (d) {
    switch (d.type) {
      case 'identifier':
      case 'field_identifier':
      case 'type_identifier':
        return d;
      case 'init_declarator':
      case 'pointer_declarator':
      case 'array_declarator':
      case 'function_declarator':
      case 'attributed_declarator':
        d = field(d, 'declarator');
        break;
      case 'parenthesized_declarator':
        d = kids(d)[0] ?? null;
        break;
      default:
        return null;
    }
  }
  return null;
}

/** Does the declarator (under init/pointer wrappers) declare a function? */
function declaresFunction(decl: Node): boolean {
  let d: Node | null = decl;
  while (d) {
    if (d.type === 'function_declarator') return true;
    if (d.type === 'init_declarator' || d.type === 'pointer_declarator' || d.type === 'attributed_declarator') {
      d = field(d, 'declarator');
    } else return false;
  }
  return false;
}

function storageClasses(node: Node): string[] {
  const out: string[] = [];
  for (const c of node.namedChildren) if (c && c.type === 'storage_class_specifier') out.push(c.text);
  return out;
}

/**
 * The names a file-scope declaration declares as objects whose value is one scalar: plain or
 * pointer declarators, not prototypes, arrays (whose name is an address) or struct/union objects.
 */
export function globalScalarNames(decl: Node): string[] {
  const type = field(decl, 'type');
  const aggregate = type !== null && (type.type === 'struct_specifier' || type.type === 'union_specifier');
  const out: string[] = [];
  for (const top of decl.childrenForFieldName('declarator')) {
    let d: Node | null = top;
    let pointer = false;
    while (d && d.type !== 'identifier') {
      if (d.type === 'pointer_declarator') pointer = true;
      if (d.type === 'init_declarator' || d.type === 'pointer_declarator' || d.type === 'attributed_declarator') d = field(d, 'declarator');
      else if (d.type === 'parenthesized_declarator') d = kids(d)[0] ?? null;
      else d = null;
    }
    if (d && (pointer || !aggregate)) out.push(d.text);
  }
  return out;
}

/** The object declarators of a local declaration (skipping `extern` and prototypes). */
function localDeclarators(decl: Node): Node[] {
  if (storageClasses(decl).includes('extern')) return [];
  return decl.childrenForFieldName('declarator').filter((d): d is Node => d !== null && !declaresFunction(d));
}

export interface FunctionHeader {
  readonly name: string;
  readonly nameNode: Node;
  readonly params: readonly { readonly name: string; readonly typeName: string | null }[];
  readonly returnType: string;
}

/** Name, parameters and return type of a function definition, or null for a macro-generated one. */
export function functionHeader(def: Node, text: string): FunctionHeader | null {
  let d = field(def, 'declarator');
  let pointers = 0;
  while (d && d.type !== 'function_declarator') {
    if (d.type === 'pointer_declarator') {
      pointers++;
      d = field(d, 'declarator');
    } else if (d.type === 'attributed_declarator') d = field(d, 'declarator');
    else if (d.type === 'parenthesized_declarator') d = kids(d)[0] ?? null;
    else return null;
  }
  if (!d) return null;
  const nameNode = field(d, 'declarator');
  if (!nameNode || nameNode.type !== 'identifier') return null;
  const params: { name: string; typeName: string | null }[] = [];
  const list = field(d, 'parameters');
  const decls = list ? kids(list).filter((p) => p.type === 'parameter_declaration') : [];
  const onlyVoid =
    decls.length === 1 && !field(decls[0]!, 'declarator') && field(decls[0]!, 'type')?.text === 'void';
  if (!onlyVoid) {
    decls.forEach((p, i) => {
      const id = declaredIdentifier(field(p, 'declarator'));
      params.push({ name: id ? id.text : `$p${i}`, typeName: typeNameOf(field(p, 'type')) });
    });
  }
  const typeNode = field(def, 'type');
  const typeText = typeNode ? text.slice(typeNode.startIndex, typeNode.endIndex).replace(/\s+/g, ' ') : 'int';
  return {
    name: nameNode.text,
    nameNode,
    params,
    returnType: pointers > 0 ? `${typeText} ${'*'.repeat(pointers)}` : typeText,
  };
}

/** Lower one function definition. Throws `LowerError` for unsupported constructs. */
export function lowerFunction(
  def: Node,
  header: FunctionHeader,
  attrs: readonly FunctionAttr[],
  env: LowerEnv,
): IrFunction {
  return new FunctionLowerer(def, header, env).run(attrs);
}

class FunctionLowerer {
  private readonly ops: Op[] = [];
  private readonly slotNames: string[] = [];
  private readonly slotTypes: (string | null)[] = [];
  /** Declared identifier node (by start index) → slot, filled by the pre-walk. */
  private readonly declSlots = new Map<number, number>();
  /**
   * With `subscripts`: the slots of local arrays (`unsigned long args[6];`). The array is memory the
   * model does not track, like an array in a structure: its name is a pointer (a token, never
   * null), an element read is an opaque load of unknown value and an element write an untracked
   * store, each listed as an opaque site. Its initializer is not kept (what a load gives is
   * unknown anyway), so it may not call anything.
   */
  private readonly localArrays = new Set<number>();
  private readonly scopes: Map<string, number>[] = [];
  private readonly loops: LoopCtx[] = [];
  private readonly labels = new Map<string, { label: Label; placed: boolean; node: Node }>();
  private readonly sideEffectMemo = new Map<number, boolean>();
  private temps = 0;
  /** Current recursion depth of stmt/expr/jumpIf/effect (bounded by MAX_NESTING). */
  private depth = 0;

  constructor(
    private readonly def: Node,
    private readonly header: FunctionHeader,
    private readonly env: LowerEnv,
  ) {}

  run(attrs: readonly FunctionAttr[]): IrFunction {
    const body = field(this.def, 'body');
    if (!body) throw new LowerError(this.def, `function ${this.header.name} has no body`);
    const paramScope = new Map<string, number>();
    for (const p of this.header.params) {
      paramScope.set(p.name, this.slotNames.length);
      this.slotNames.push(p.name);
      this.slotTypes.push(p.typeName);
    }
    this.scopes.push(paramScope);
    this.collectLocals(body);
    this.stmt(body);
    for (const [name, l] of this.labels) {
      if (!l.placed) throw new LowerError(l.node, `label '${name}' used but not defined in function ${this.header.name}`);
    }
    const close = body.lastChild;
    const endLoc = this.env.loc(close && close.type === '}' ? close : body);
    this.ops.push({ kind: OpKind.Return, loc: endLoc, value: null });
    return {
      name: this.header.name,
      loc: this.env.loc(this.header.nameNode),
      attrs,
      params: this.header.params.map((p) => p.name),
      slotNames: this.slotNames,
      ops: this.ops,
      returnType: this.header.returnType,
    };
  }

  // ---- errors, text, positions -------------------------------------------------------------

  private enter(node: Node): void {
    if (++this.depth > MAX_NESTING) {
      throw new LowerError(node, `statements and expressions nested deeper than ${MAX_NESTING} levels in function ${this.header.name}`);
    }
  }

  private unsupported(node: Node, construct: string): LowerError {
    return new LowerError(node, `unsupported C construct '${construct}' in function ${this.header.name}`);
  }

  private text(node: Node): string {
    return this.env.text.slice(node.startIndex, node.endIndex);
  }

  private loc(node: Node): SourceLoc {
    return this.env.loc(node);
  }

  // ---- slots and scopes ---------------------------------------------------------------------

  /** Give every local declared anywhere in the body its own slot, in source order. */
  private collectLocals(node: Node): void {
    const stack: Node[] = [node];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (n.type === 'declaration') {
        const typeName = typeNameOf(field(n, 'type'));
        for (const d of localDeclarators(n)) {
          const id = declaredIdentifier(d);
          if (!id || id.type !== 'identifier') continue;
          this.declSlots.set(id.startIndex, this.slotNames.length);
          this.slotNames.push(id.text);
          this.slotTypes.push(typeName);
        }
      }
      const children = n.namedChildren;
      for (let i = children.length - 1; i >= 0; i--) {
        const c = children[i];
        if (c && c.namedChildCount > 0) stack.push(c);
      }
    }
  }

  private lookup(name: string): number | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const s = this.scopes[i]!.get(name);
      if (s !== undefined) return s;
    }
    return undefined;
  }

  private newTemp(): number {
    const slot = this.slotNames.length;
    this.slotNames.push(`$t${this.temps++}`);
    this.slotTypes.push(null);
    return slot;
  }

  private fieldBit(typeName: string | null, fieldName: string, node: Node): number {
    const bit = this.env.fields.fieldBit(typeName, fieldName);
    if (bit > MAX_STRUCT_BIT) throw this.unsupported(node, `struct value with more than ${MAX_STRUCT_BIT + 1} fields`);
    return bit;
  }

  // ---- ops and labels -----------------------------------------------------------------------

  private newLabel(): Label {
    return { pc: -1, refs: [] };
  }

  private place(label: Label): void {
    label.pc = this.ops.length;
    for (const r of label.refs) (this.ops[r] as { target: number }).target = label.pc;
  }

  private jump(label: Label, loc: SourceLoc): void {
    if (label.pc < 0) label.refs.push(this.ops.length);
    this.ops.push({ kind: OpKind.Jump, loc, target: label.pc });
  }

  private branchIfFalse(cond: Expr, condText: string, loc: SourceLoc, label: Label): void {
    if (label.pc < 0) label.refs.push(this.ops.length);
    this.ops.push({ kind: OpKind.BranchIfFalse, loc, cond, condText, target: label.pc });
  }

  private assign(slot: number, value: Expr, loc: SourceLoc): void {
    this.ops.push({ kind: OpKind.Assign, loc, slot, value });
  }

  // ---- side effects -------------------------------------------------------------------------

  /** Does evaluating `node` call a function or write a variable? (Iterative: any depth.) */
  private hasSideEffects(node: Node): boolean {
    const memo = this.sideEffectMemo.get(node.id);
    if (memo !== undefined) return memo;
    let result = false;
    const stack: Node[] = [node];
    while (stack.length > 0 && !result) {
      const n = stack.pop()!;
      switch (n.type) {
        case 'assignment_expression':
        case 'update_expression':
        case 'compound_statement':
          result = true;
          break;
        case 'pointer_expression':
          // A load through a pointer is a step of its own (`__kentry_load`).
          if (field(n, 'operator')?.type === '*') result = true;
          else for (const c of n.namedChildren) if (c && c.namedChildCount > 0) stack.push(c);
          break;
        case 'call_expression': {
          const fn = field(n, 'function');
          const name = fn && fn.type === 'identifier' ? fn.text : null;
          if (name !== null && CONFIG_PSEUDO_CALLS.has(name)) break;
          if (name !== null && (HINT_PSEUDO_CALLS.has(name) || BIT_MACROS.has(name) || IDENTITY_MACROS.has(name) || name === '__builtin_expect')) {
            const args = field(n, 'arguments');
            if (args) stack.push(args);
            break;
          }
          result = true;
          break;
        }
        default:
          // Leaves (identifiers, literals) have no side effects, so childless nodes are skipped.
          for (const c of n.namedChildren) if (c && c.namedChildCount > 0) stack.push(c);
      }
    }
    this.sideEffectMemo.set(node.id, result);
    return result;
  }

  /**
   * Whether evaluating one arm of `c ? a : b` is a step of its own: a side effect, or a load
   * through a pointer (`p->m`, a load op: opaque, or a member the model tracks, whose read may
   * have effects of its own or be refused where the member means nothing). C evaluates only the
   * arm chosen, so such an arm is lowered behind a branch, never evaluated and discarded.
   * asm/ptrace.h's `system_uses_irq_prio_masking() ? regs->pmr_save == GIC_PRIO_IRQON : true`
   * (arm64 6.x) reads the saved PMR only where priority masking is in use.
   */
  private armMakesSteps(node: Node): boolean {
    if (this.hasSideEffects(node)) return true;
    const stack: Node[] = [node];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (n.type === 'field_expression' && field(n, 'operator')?.type === '->' && this.memberLoadIsOp(n)) return true;
      for (const c of n.namedChildren) if (c && c.namedChildCount > 0) stack.push(c);
    }
    return false;
  }

  /** Whether expr() lowers this `p->m` to an op (a load or the thread-flags read), not to an
   *  expression: the saved registers' fields the model binds stay expressions (see expr()). */
  private memberLoadIsOp(n: Node): boolean {
    const arg = field(n, 'argument');
    const f = field(n, 'field');
    if (!arg || !f) return true;
    return !(MODELLED_FIELDS.has(f.text) && !this.env.ptRegsMemory && this.isPtRegs(arg));
  }

  // ---- statements ---------------------------------------------------------------------------

  private stmt(node: Node): void {
    this.enter(node);
    try {
      this.stmtInner(node);
    } finally {
      this.depth--;
    }
  }

  private stmtInner(node: Node): void {
    switch (node.type) {
      case 'compound_statement':
        this.scopes.push(new Map());
        for (const c of kids(node)) this.stmt(c);
        this.scopes.pop();
        return;
      case 'declaration':
        this.declaration(node);
        return;
      case 'expression_statement': {
        const e = kids(node)[0];
        if (e) this.effect(e);
        return;
      }
      case 'if_statement':
        this.ifStatement(node);
        return;
      case 'while_statement':
        this.whileStatement(node);
        return;
      case 'do_statement':
        this.doStatement(node);
        return;
      case 'for_statement':
        this.forStatement(node);
        return;
      case 'switch_statement':
        this.switchStatement(node);
        return;
      case 'return_statement': {
        const e = kids(node)[0];
        const value = e ? this.expr(e) : null;
        this.ops.push({ kind: OpKind.Return, loc: this.loc(node), value });
        return;
      }
      case 'break_statement':
      case 'continue_statement': {
        const loop = this.loops[this.loops.length - 1];
        if (!loop || (node.type === 'continue_statement' && loop.continueLabel.pc === -2)) {
          throw new LowerError(node, `'${node.type.split('_')[0]}' outside a loop in function ${this.header.name}`);
        }
        this.jump(node.type === 'break_statement' ? loop.breakLabel : loop.continueLabel, this.loc(node));
        return;
      }
      case 'goto_statement': {
        const labelNode = field(node, 'label');
        if (!labelNode) throw this.unsupported(node, node.type);
        this.jump(this.labelFor(labelNode.text, labelNode).label, this.loc(node));
        return;
      }
      case 'labeled_statement': {
        const labelNode = field(node, 'label');
        if (!labelNode) throw this.unsupported(node, node.type);
        const l = this.labelFor(labelNode.text, labelNode);
        if (l.placed) throw new LowerError(labelNode, `duplicate label '${labelNode.text}' in function ${this.header.name}`);
        l.placed = true;
        this.place(l.label);
        for (const c of kids(node)) if (c.id !== labelNode.id) this.stmt(c);
        return;
      }
      case 'type_definition':
      case 'struct_specifier':
      case 'union_specifier':
      case 'enum_specifier':
      case 'comment':
        return;
      default:
        throw this.unsupported(node, node.type);
    }
  }

  private labelFor(name: string, node: Node): { label: Label; placed: boolean; node: Node } {
    let l = this.labels.get(name);
    if (!l) this.labels.set(name, (l = { label: this.newLabel(), placed: false, node }));
    return l;
  }

  private declaration(node: Node): void {
    if (storageClasses(node).includes('static')) throw this.unsupported(node, 'static local variable');
    const typeName = typeNameOf(field(node, 'type'));
    const scope = this.scopes[this.scopes.length - 1]!;
    for (const d of localDeclarators(node)) {
      const target = d.type === 'init_declarator' ? field(d, 'declarator') : d;
      let t = target;
      while (t && t.type === 'pointer_declarator') t = field(t, 'declarator');
      if (t && t.type === 'array_declarator' && this.env.subscripts) {
        this.localArray(d, t, scope);
        continue;
      }
      if (!t || t.type !== 'identifier') throw this.unsupported(d, t ? t.type : d.type);
      const slot = this.declSlots.get(t.startIndex);
      if (slot === undefined) throw this.unsupported(d, 'declaration');
      scope.set(t.text, slot);
      const value = d.type === 'init_declarator' ? field(d, 'value') : null;
      if (!value) continue;
      if (value.type === 'initializer_list') {
        this.assign(slot, this.packInitializer(typeName, value), this.loc(d));
        continue;
      }
      const v = strip(value, true);
      if (this.isRealCall(v)) this.call(v, slot);
      else this.assign(slot, this.expr(value), this.loc(d));
    }
  }

  /** A local array's declaration (see localArrays): its name bound to its address token. */
  private localArray(d: Node, array: Node, scope: Map<string, number>): void {
    const id = declaredIdentifier(array);
    const slot = id && id.type === 'identifier' ? this.declSlots.get(id.startIndex) : undefined;
    if (!id || slot === undefined) throw this.unsupported(d, 'array_declarator');
    const value = d.type === 'init_declarator' ? field(d, 'value') : null;
    if (value && this.hasSideEffects(value)) throw this.unsupported(d, 'local array initializer with side effects');
    scope.set(id.text, slot);
    this.localArrays.add(slot);
    this.assign(slot, { kind: ExprKind.Name, name: `&${id.text}` }, this.loc(d));
  }

  /** Whether `node` (parentheses stripped) names a local array (localArrays). */
  private isLocalArray(node: Node): boolean {
    const n = strip(node, false);
    if (n.type !== 'identifier') return false;
    const slot = this.lookup(n.text);
    return slot !== undefined && this.localArrays.has(slot);
  }

  private ifStatement(node: Node): void {
    const cond = field(node, 'condition');
    const cons = field(node, 'consequence');
    if (!cond || !cons) throw this.unsupported(node, node.type);
    let alt = field(node, 'alternative');
    if (alt && alt.type === 'else_clause') alt = kids(alt)[0] ?? null;
    const elseLabel = this.newLabel();
    this.jumpIf(cond, false, elseLabel);
    this.stmt(cons);
    if (alt) {
      const end = this.newLabel();
      this.jump(end, this.loc(field(node, 'alternative') ?? alt));
      this.place(elseLabel);
      this.stmt(alt);
      this.place(end);
    } else this.place(elseLabel);
  }

  /** The value of a condition made only of literals, or null. */
  private literalValue(node: Node): number | null {
    const n = strip(node, true);
    switch (n.type) {
      case 'number_literal':
        return parseIntLiteral(n.text);
      case 'true':
        return 1;
      case 'false':
        return 0;
      default:
        return null;
    }
  }

  private whileStatement(node: Node): void {
    const cond = field(node, 'condition');
    const body = field(node, 'body');
    if (!cond || !body) throw this.unsupported(node, node.type);
    const head = this.newLabel();
    const end = this.newLabel();
    this.place(head);
    const lit = this.literalValue(cond);
    if (lit === 0) this.jump(end, this.loc(cond));
    else if (lit === null) this.jumpIf(cond, false, end);
    this.loops.push({ breakLabel: end, continueLabel: head });
    this.stmt(body);
    this.loops.pop();
    this.jump(head, this.loc(node));
    this.place(end);
  }

  private doStatement(node: Node): void {
    const cond = field(node, 'condition');
    const body = field(node, 'body');
    if (!cond || !body) throw this.unsupported(node, node.type);
    const top = this.newLabel();
    const cont = this.newLabel();
    const end = this.newLabel();
    this.place(top);
    this.loops.push({ breakLabel: end, continueLabel: cont });
    this.stmt(body);
    this.loops.pop();
    this.place(cont);
    const lit = this.literalValue(cond);
    if (lit === null) {
      this.jumpIf(cond, false, end);
      this.jump(top, this.loc(cond));
    } else if (lit !== 0) this.jump(top, this.loc(cond));
    this.place(end);
  }

  /**
   * `switch (x) { case A: ... default: ... }`: x is evaluated once into a temporary, compared with
   * each case value in order, and control jumps into the body, which is laid out as written (so
   * fall-through is plain fall-through). `break` leaves the switch; `continue` is the enclosing loop's.
   */
  private switchStatement(node: Node): void {
    const cond = field(node, 'condition');
    const body = field(node, 'body');
    if (!cond || !body) throw this.unsupported(node, node.type);
    const loc = this.loc(node);
    const t = this.newTemp();
    this.assign(t, this.expr(cond), this.loc(cond));
    const items = body.type === 'compound_statement' ? kids(body) : [body];
    const end = this.newLabel();
    const caseLabels: Label[] = [];
    let defaultLabel: Label | null = null;
    for (const item of items) {
      if (item.type !== 'case_statement') {
        if (caseLabels.length === 0 && item.type !== 'comment') throw this.unsupported(item, 'statement before the first case of a switch');
        continue;
      }
      const label = this.newLabel();
      caseLabels.push(label);
      const value = field(item, 'value');
      if (!value) {
        if (defaultLabel) throw new LowerError(item, `two default labels in one switch in function ${this.header.name}`);
        defaultLabel = label;
        continue;
      }
      const v = this.expr(value);
      const next = this.newLabel();
      this.branchIfFalse(bin(ExprKind.Eq, localExpr(t), v), `${this.text(cond)} == ${this.text(value)}`, this.loc(value), next);
      this.jump(label, this.loc(value));
      this.place(next);
    }
    this.jump(defaultLabel ?? end, loc);
    const outer = this.loops[this.loops.length - 1];
    this.loops.push({ breakLabel: end, continueLabel: outer ? outer.continueLabel : { pc: -2, refs: [] } });
    this.scopes.push(new Map());
    let k = 0;
    for (const item of items) {
      if (item.type !== 'case_statement') continue;
      this.place(caseLabels[k++]!);
      const value = field(item, 'value');
      for (const c of kids(item)) if (!value || c.id !== value.id) this.stmt(c);
    }
    this.scopes.pop();
    this.loops.pop();
    this.place(end);
  }

  private forStatement(node: Node): void {
    const body = field(node, 'body');
    if (!body) throw this.unsupported(node, node.type);
    const init = field(node, 'initializer');
    const cond = field(node, 'condition');
    const update = field(node, 'update');
    this.scopes.push(new Map());
    if (init) {
      if (init.type === 'declaration') this.declaration(init);
      else this.effect(init);
    }
    const head = this.newLabel();
    const cont = this.newLabel();
    const end = this.newLabel();
    this.place(head);
    if (cond) {
      const lit = this.literalValue(cond);
      if (lit === 0) this.jump(end, this.loc(cond));
      else if (lit === null) this.jumpIf(cond, false, end);
    }
    this.loops.push({ breakLabel: end, continueLabel: cont });
    this.stmt(body);
    this.loops.pop();
    this.place(cont);
    if (update) this.effect(update);
    this.jump(head, this.loc(node));
    this.place(end);
    this.scopes.pop();
  }

  // ---- conditions ---------------------------------------------------------------------------

  /** Is this a `&&`/`||` (possibly under `!`) that must become control flow? */
  private splittable(node: Node): boolean {
    let n = strip(node, true);
    while (n.type === 'unary_expression' && field(n, 'operator')?.type === '!') {
      const arg = field(n, 'argument');
      if (arg === null) return false;
      n = strip(arg, true);
    }
    if (n.type === 'binary_expression') {
      const op = field(n, 'operator')?.type;
      const right = field(n, 'right');
      return (op === '&&' || op === '||') && right !== null && this.hasSideEffects(right);
    }
    return false;
  }

  /** Emit code that jumps to `target` when the truth of `node` equals `sense`, else falls through. */
  private jumpIf(node: Node, sense: boolean, target: Label): void {
    this.enter(node);
    try {
      this.jumpIfInner(node, sense, target);
    } finally {
      this.depth--;
    }
  }

  private jumpIfInner(node: Node, sense: boolean, target: Label): void {
    const n = strip(node, true);
    if (this.splittable(n)) {
      if (n.type === 'unary_expression') {
        this.jumpIf(field(n, 'argument')!, !sense, target);
        return;
      }
      const op = field(n, 'operator')!.type;
      const left = field(n, 'left')!;
      const right = field(n, 'right')!;
      if ((op === '&&') === !sense) {
        // && jumping when false, || jumping when true: either operand decides.
        this.jumpIf(left, sense, target);
        this.jumpIf(right, sense, target);
      } else {
        const skip = this.newLabel();
        this.jumpIf(left, !sense, skip);
        this.jumpIf(right, sense, target);
        this.place(skip);
      }
      return;
    }
    const e = this.expr(n);
    const loc = this.loc(n);
    const text = this.text(strip(node, false));
    if (!sense) this.branchIfFalse(e, text, loc, target);
    else {
      const skip = this.newLabel();
      this.branchIfFalse(e, text, loc, skip);
      this.jump(target, loc);
      this.place(skip);
    }
  }

  // ---- expressions for effect ---------------------------------------------------------------

  /** Lower an expression whose value is not used. */
  private effect(node: Node): void {
    this.enter(node);
    try {
      this.effectInner(node);
    } finally {
      this.depth--;
    }
  }

  private effectInner(node: Node): void {
    const n = strip(node, true);
    switch (n.type) {
      case 'call_expression':
        if (this.isRealCall(n)) {
          this.call(n, -1);
          return;
        }
        break;
      case 'assignment_expression':
        this.assignment(n);
        return;
      case 'gnu_asm_expression':
        if (this.env.asmCalls) {
          this.asmCall(n, this.env.asmCalls);
          return;
        }
        break;
      case 'update_expression':
        this.update(n, false);
        return;
      case 'comma_expression':
        this.effect(field(n, 'left')!);
        this.effect(field(n, 'right')!);
        return;
      case 'binary_expression': {
        const op = field(n, 'operator')?.type;
        const right = field(n, 'right');
        if ((op === '&&' || op === '||') && right && this.hasSideEffects(right)) {
          const skip = this.newLabel();
          this.jumpIf(field(n, 'left')!, op === '||', skip);
          this.effect(right);
          this.place(skip);
          return;
        }
        break;
      }
      case 'conditional_expression': {
        const cons = field(n, 'consequence');
        const alt = field(n, 'alternative');
        const cond = field(n, 'condition');
        if (cons && alt && cond && (this.hasSideEffects(cons) || this.hasSideEffects(alt))) {
          const elseLabel = this.newLabel();
          const end = this.newLabel();
          this.jumpIf(cond, false, elseLabel);
          this.effect(cons);
          this.jump(end, this.loc(n));
          this.place(elseLabel);
          this.effect(alt);
          this.place(end);
          return;
        }
        break;
      }
      default:
        break;
    }
    this.expr(n);
  }

  // ---- calls --------------------------------------------------------------------------------

  /** A call that becomes a `Call` op (not `IS_ENABLED(...)`, `likely(...)`, ...). */
  private isRealCall(node: Node): boolean {
    if (node.type !== 'call_expression') return false;
    const fn = field(node, 'function');
    if (!fn || fn.type !== 'identifier') return true;
    const name = fn.text;
    return !CONFIG_PSEUDO_CALLS.has(name) && !HINT_PSEUDO_CALLS.has(name) && !BIT_MACROS.has(name) && !IDENTITY_MACROS.has(name) && name !== '__builtin_expect';
  }

  private callee(node: Node): string {
    const fn = field(node, 'function');
    if (!fn) throw this.unsupported(node, 'call_expression');
    const f = strip(fn, false);
    if (f.type === 'identifier') {
      const slot = this.lookup(f.text);
      // With tableCalls: a local that holds a function pointer read from untracked memory (the
      // syscall table's entry) is a call to code kentry cannot see. No function has the local's
      // name, so the call binds as opaque (instrumentable, listed), as objtool's `{dynamic}` call.
      if (slot !== undefined && !(this.env.tableCalls && slot >= this.header.params.length)) throw this.unsupported(f, 'call through a function pointer');
      return f.text;
    }
    if (f.type === 'call_expression') {
      const inner = field(f, 'function');
      const args = field(f, 'arguments');
      const a = args ? kids(args) : [];
      if (inner && inner.type === 'identifier' && STATIC_CALL_WRAPPERS.has(inner.text) && a.length === 1 && a[0]!.type === 'identifier') {
        return a[0]!.text;
      }
    }
    // With `subscripts`: a call through a table of function pointers (`sys_call_table[nr](regs)`)
    // is a call kentry cannot resolve, named by the table (`sys_call_table[]`): an opaque call, listed.
    if (this.env.subscripts && f.type === 'subscript_expression') {
      const arr = field(f, 'argument');
      const index = field(f, 'index');
      if (arr && strip(arr, true).type === 'identifier' && this.lookup(strip(arr, true).text) === undefined) {
        if (index && this.hasSideEffects(index)) this.effect(index);
        return `${strip(arr, true).text}[]`;
      }
      // A table reached through memory (6.1/6.12 s390: `current->thread.sys_call_table[nr](regs)`),
      // named by its field (`sys_call_table[]`); the base is a read of memory kentry does not track.
      const a = arr ? strip(arr, true) : undefined;
      const fld = a && a.type === 'field_expression' ? field(a, 'field') : undefined;
      if (fld && !this.isLocalStorage(a!)) {
        if (index && this.hasSideEffects(index)) this.effect(index);
        return `${fld.text}[]`;
      }
    }
    throw this.unsupported(fn, 'call through a function pointer');
  }

  /** With `paramCalls`: the parameter a call goes through (`fn(args)` where fn is a parameter). */
  private paramCallee(node: Node): { slot: number; name: string } | undefined {
    if (!this.env.paramCalls) return undefined;
    const fn = field(node, 'function');
    if (!fn) return undefined;
    const f = strip(fn, false);
    if (f.type !== 'identifier') return undefined;
    const slot = this.lookup(f.text);
    if (slot === undefined || slot >= this.header.params.length) return undefined;
    return { slot, name: f.text };
  }

  /** An asm statement that calls one C function (AsmCallSpec), lowered to that call. */
  private asmCall(node: Node, spec: AsmCallSpec): void {
    const code = field(node, 'assembly_code');
    const template = code ? collectStringContent(code) : '';
    if (spec.paca && this.pacaAsm(node, template, spec.paca)) return;
    const outs = field(node, 'output_operands');
    const insn = /^\s*([a-z][\w.]*)\s+(%\[\w+\](?:\s*,\s*%\[\w+\])*)\s*$/.exec(template);
    const intrinsic = insn ? spec.instructions?.[insn[1]!] : undefined;
    if (insn && intrinsic) {
      this.asmInstruction(node, intrinsic, [...insn[2]!.matchAll(/%\[(\w+)\]/g)].map((m) => m[1]!));
      return;
    }
    if (outs && kids(outs).some((k) => k.type === 'gnu_asm_output_operand')) throw this.unsupported(node, 'asm statement with output operands');
    const inputs = new Map<string, Node>();
    for (const o of this.asmOperands(node)) if (!o.output && o.symbol !== undefined) inputs.set(o.symbol, o.value);
    if (spec.call === undefined || spec.move === undefined || spec.argRegs === undefined) throw this.unsupported(node, 'asm statement');
    const argRegs = spec.argRegs;
    const lines = template.split(/\n|;/).map((l) => l.trim()).filter((l) => l.length > 0);
    const esc = (x: string): string => x.replace(/[$.*+?^{}()|[\]\\]/g, '\\$&');
    const callRe = new RegExp(`^${esc(spec.call)}\\s+([A-Za-z_]\\w*)$`);
    const calls = lines.map((l) => callRe.exec(l)?.[1]).filter((x): x is string => x !== undefined);
    if (calls.length !== 1) throw this.unsupported(node, `asm statement making ${calls.length} calls`);
    const moveRe = new RegExp(`^${esc(spec.move)}\\s+(\\S+?)\\s*,\\s*%\\[(\\w+)\\]$`);
    const loaded = new Map<number, Node>();
    for (const l of lines) {
      const m = moveRe.exec(l);
      if (!m) continue;
      const reg = argRegs.indexOf(m[1]!);
      if (reg < 0) continue;
      const v = inputs.get(m[2]!);
      if (!v) throw this.unsupported(node, `asm argument %[${m[2]}] that is not an input operand`);
      loaded.set(reg, v);
    }
    const args: Expr[] = [];
    const argText: string[] = [];
    for (let i = 0; loaded.has(i); i++) {
      args.push(this.expr(loaded.get(i)!));
      argText.push(this.text(loaded.get(i)!));
    }
    if (args.length !== loaded.size) throw this.unsupported(node, 'asm statement loading argument registers out of order');
    this.ops.push({ kind: OpKind.Call, loc: this.loc(node), callee: calls[0]!, args, argText, result: this.newTemp() });
  }

  /** `x` (a local) → `&x`; `*p` (p a local pointer) → `p`; anything else undefined. */
  private lvalueAddress(a: Node): Expr | undefined {
    const n = strip(a, false);
    if (n.type === 'identifier') {
      const slot = this.lookup(n.text);
      return slot !== undefined ? { kind: ExprKind.AddrOf, slot } : undefined;
    }
    if (n.type === 'pointer_expression' && field(n, 'operator')?.type === '*') {
      const p = field(n, 'argument');
      const q = p ? strip(p, true) : null;
      const slot = q && q.type === 'identifier' ? this.lookup(q.text) : undefined;
      return slot !== undefined ? localExpr(slot) : undefined;
    }
    return undefined;
  }

  /** The operands of an asm statement in %N order (outputs, then inputs): value, `[name]` if any, constraint text. */
  private asmOperands(node: Node): { value: Node; symbol?: string; constraint: string; output: boolean }[] {
    const out: { value: Node; symbol?: string; constraint: string; output: boolean }[] = [];
    for (const list of [field(node, 'output_operands'), field(node, 'input_operands')]) {
      for (const op of list ? kids(list) : []) {
        if (op.type !== 'gnu_asm_output_operand' && op.type !== 'gnu_asm_input_operand') continue;
        const value = field(op, 'value');
        if (!value) continue;
        const sym = field(op, 'symbol');
        const constraint = field(op, 'constraint');
        out.push({ value, ...(sym ? { symbol: sym.text } : {}), constraint: constraint ? collectStringContent(constraint) : '', output: op.type === 'gnu_asm_output_operand' });
      }
    }
    return out;
  }

  /** The paca byte accesses of PacaAsmSpec; false when the statement is none of them. */
  private pacaAsm(node: Node, template: string, spec: PacaAsmSpec): boolean {
    // One instruction or label per line (`1: lbz …` is the label and the instruction).
    const lines = template
      .split(/\n|;/)
      .map((l) => l.trim().replace(/\s+/g, ' ').replace(/ ?, ?/g, ','))
      .flatMap((l) => {
        const lab = /^(\d+:) ?(.+)$/.exec(l);
        return lab ? [lab[1]!, lab[2]!] : [l];
      })
      .filter((l) => l.length > 0);
    const ops = this.asmOperands(node);
    const base = `(${spec.base})`;
    const text = (i: number): string => this.text(ops[i]!.value).replace(/\s+/g, ' ');
    const loc = this.loc(node);
    if (lines.length === 1 && lines[0] === `${spec.load} %0,%1${base}` && ops.length === 2 && ops[0]!.output && !ops[1]!.output) {
      const d = strip(ops[0]!.value, true);
      const slot = d.type === 'identifier' ? this.lookup(d.text) : undefined;
      if (slot === undefined) throw this.unsupported(node, `asm output ${this.text(ops[0]!.value)} that is not a local`);
      this.ops.push({ kind: OpKind.Call, loc, callee: spec.loadCall, args: [C0], argText: [text(1)], result: slot });
      return true;
    }
    if (lines.length === 1 && lines[0] === `${spec.store} %0,%1${base}` && ops.length === 2 && !ops[0]!.output && !ops[1]!.output) {
      this.ops.push({ kind: OpKind.Call, loc, callee: spec.storeCall, args: [C0, this.expr(ops[0]!.value)], argText: [text(1), this.text(ops[0]!.value)], result: -1 });
      return true;
    }
    // `std%X0 %1,%0` with a memory output (`"=m" (obj->f)`): a store of a register to memory the
    // model does not track (hard_irq_disable()'s save of r1 in paca->saved_r1). The register's
    // value is not the model's; the site is listed like any untracked store.
    if (lines.length === 1 && /^st[bhwd]%X0 %1,%0$/.test(lines[0]!) && ops.length === 2 && ops[0]!.output && !ops[1]!.output) {
      if (ops[0]!.constraint !== '=m') return false;
      const left = strip(ops[0]!.value, true);
      const member = left.type === 'field_expression' ? this.memberPath(left) : undefined;
      // No value: binding refuses it if the member is one the model tracks (program.ts).
      this.ops.push({ kind: OpKind.Call, loc, callee: KENTRY_STORE_UNTRACKED, args: [], argText: [this.text(left).replace(/\s+/g, ' ')], result: -1, ...(member ? { member } : {}) });
      return true;
    }
    const gotos = field(node, 'goto_labels');
    const labels = gotos ? kids(gotos).filter((k) => k.type === 'identifier') : [];
    if (labels.length !== 1 || ops.length !== 2 || ops.some((o) => o.output)) return false;
    // Six instruction lines and the restart-table entry (its .balign/.previous aside), nothing else.
    const seq = lines.filter((l) => !/^\.(balign|previous)\b/.test(l));
    if (seq.length !== 10) return false;
    const start = /^(\d+):$/.exec(seq[0]!)?.[1];
    const reg = new RegExp(`^${spec.load} (\\w+),%0\\(${spec.base}\\)$`).exec(seq[1]!)?.[1];
    const end = /^(\d+):$/.exec(seq[5]!)?.[1];
    if (!start || !reg || !end) return false;
    const want = [`cmpwi ${reg},0`, `bne %l[${labels[0]!.text}]`, `${spec.store} ${reg},%1${base}`];
    const table = ['.section __restart_table,"a"', `.llong (${start}b)`, `.llong (${end}b)`, `.llong (${start}b)`];
    if (seq.slice(2, 5).join('|') !== want.join('|') || seq.slice(6, 10).join('|') !== table.join('|')) return false;
    const t = this.newTemp();
    this.ops.push({ kind: OpKind.Call, loc, callee: spec.unmaskCall, args: [C0, C0], argText: [text(0), text(1)], result: t });
    this.branchIfFalse({ kind: ExprKind.Not, operand: localExpr(t) }, `!${spec.unmaskCall}()`, loc, this.labelFor(labels[0]!.text, labels[0]!).label);
    return true;
  }

  /** A one-instruction asm statement (AsmCallSpec.instructions) as `d = intrinsic(…)`. */
  private asmInstruction(node: Node, intrinsic: string, names: readonly string[]): void {
    const operands = new Map<string, { value: Node; constraint: string; output: boolean }>();
    for (const o of this.asmOperands(node)) if (o.symbol !== undefined) operands.set(o.symbol, o);
    const dest = operands.get(names[0]!);
    if (!dest || !dest.output) throw this.unsupported(node, `asm instruction whose first operand %[${names[0]}] is not an output`);
    const d = strip(dest.value, true);
    const slot = d.type === 'identifier' ? this.lookup(d.text) : undefined;
    if (slot === undefined) throw this.unsupported(node, `asm output ${this.text(dest.value)} that is not a local`);
    if ([...operands.values()].filter((o) => o.output).length !== 1) throw this.unsupported(node, 'asm instruction with more than one output');
    const args: Expr[] = [];
    const argText: string[] = [];
    const readWrite = dest.constraint.includes('+');
    for (const n of readWrite ? names : names.slice(1)) {
      const o = operands.get(n);
      if (!o) throw this.unsupported(node, `asm operand %[${n}] that the statement does not name`);
      args.push(this.expr(o.value));
      argText.push(this.text(o.value));
    }
    this.ops.push({ kind: OpKind.Call, loc: this.loc(node), callee: intrinsic, args, argText, result: slot });
  }

  /** Emit a `Call` op; `dest` is the result slot, -1 when unused, or null for a fresh temp. */
  private call(node: Node, dest: number | null): number {
    const args: Expr[] = [];
    const argText: string[] = [];
    const through = this.paramCallee(node);
    if (through !== undefined) {
      args.push({ kind: ExprKind.Local, slot: through.slot });
      argText.push(through.name);
    }
    const callee = through !== undefined ? KENTRY_CALL_PARAM : this.callee(node);
    const argList = field(node, 'arguments');
    const argNodes = argList ? kids(argList) : [];
    argNodes.forEach((a, i) => {
      // The uaccess read macros store into their first argument, an lvalue (`get_user(x, p)`,
      // `get_kernel_nofault(*insn, pc)`): the callee gets where it is, so that an opaque call
      // havocs it (unknown, never left as it was), as it does any local whose address it gets.
      const out = i === 0 && OUT_ARG_MACROS.has(callee) ? this.lvalueAddress(a) : undefined;
      // A file-scope object passed as itself is passed by name (LowerEnv.globals), as before.
      const byName: Expr | undefined = a.type === 'identifier' && this.lookup(a.text) === undefined ? { kind: ExprKind.Name, name: a.text } : undefined;
      args.push(out ?? byName ?? this.expr(a));
      argText.push(this.text(a));
    });
    const result = dest ?? this.newTemp();
    this.ops.push({ kind: OpKind.Call, loc: this.loc(node), callee, args, argText, result });
    return result;
  }

  private pseudoCall(node: Node, name: string): Expr {
    const argList = field(node, 'arguments');
    const args = argList ? kids(argList) : [];
    if (CONFIG_PSEUDO_CALLS.has(name)) {
      const a = args[0];
      if (args.length !== 1 || !a || a.type !== 'identifier') throw this.unsupported(node, `${name} with a non-identifier argument`);
      return { kind: ExprKind.Config, name: a.text.replace(/^CONFIG_/, '') };
    }
    if (args.length === 0) throw this.unsupported(node, `${name} without arguments`);
    // Constant helpers left by macro expansion (`BIT(TIF_RSEQ)`, `_AC(1, UL)`): arithmetic, not
    // calls. `_AC(x, suffix)` is x; the integer suffix does not change a value the IR holds.
    if (BIT_MACROS.has(name)) {
      if (args.length !== 1) throw this.unsupported(node, `${name} with ${args.length} arguments`);
      return bin(ExprKind.Shl, C1, this.expr(args[0]!));
    }
    if (IDENTITY_MACROS.has(name)) {
      if (args.length !== (name === '_AC' ? 2 : 1)) throw this.unsupported(node, `${name} with ${args.length} arguments`);
      return this.expr(args[0]!);
    }
    if (name === '__builtin_expect') {
      const v = this.expr(args[0]!);
      for (const rest of args.slice(1)) this.expr(rest);
      return v;
    }
    return bin(ExprKind.Ne, this.expr(args[0]!), C0);
  }

  // ---- assignments --------------------------------------------------------------------------

  /** `s.f` where `s` is a local: the slot, or undefined. */
  private structLocal(fieldExpr: Node): { slot: number; bit: number; field: string } | undefined {
    if (field(fieldExpr, 'operator')?.type !== '.') return undefined;
    const arg = field(fieldExpr, 'argument');
    const f = field(fieldExpr, 'field');
    if (!arg || !f) return undefined;
    const base = strip(arg, false);
    if (base.type !== 'identifier') return undefined;
    const slot = this.lookup(base.text);
    if (slot === undefined) return undefined;
    return { slot, bit: this.fieldBit(this.slotTypes[slot] ?? null, f.text, f), field: f.text };
  }

  /** A `.` field of a local struct value (stored in a slot), or null. */
  private structLocalOrNull(n: Node): { slot: number; bit: number; field: string } | null {
    return n.type === 'field_expression' ? (this.structLocal(n) ?? null) : null;
  }

  private storeBit(slot: number, bit: number, value: Expr): Expr {
    const cur = localExpr(slot);
    const mask = 1 << bit;
    if (value.kind === ExprKind.Const) {
      return value.value !== 0 ? bin(ExprKind.BitOr, cur, cst(mask)) : bin(ExprKind.BitAnd, cur, cst(~mask));
    }
    return bin(
      ExprKind.BitOr,
      bin(ExprKind.BitAnd, cur, cst(~mask)),
      bin(ExprKind.Shl, bin(ExprKind.Ne, value, C0), cst(bit)),
    );
  }

  /** Lower `left op= right`; returns the assigned value as an expression. */
  private assignment(node: Node): Expr {
    const leftNode = field(node, 'left');
    const rightNode = field(node, 'right');
    const op = field(node, 'operator')?.type ?? '=';
    if (!leftNode || !rightNode) throw this.unsupported(node, node.type);
    const left = strip(leftNode, false);
    const loc = this.loc(node);
    const compound = op === '=' ? null : COMPOUND_ASSIGN.get(op);
    if (compound === undefined) throw this.unsupported(node, `'${op}' assignment`);
    if (left.type === 'identifier') {
      const slot = this.lookup(left.text);
      if (slot === undefined) throw this.unsupported(node, `assignment to non-local ${left.text}`);
      const r = strip(rightNode, true);
      if (compound === null && this.isRealCall(r)) {
        this.call(r, slot);
        return localExpr(slot);
      }
      let v =
        compound === null && rightNode.type === 'compound_literal_expression'
          ? this.compoundLiteral(rightNode)
          : this.expr(rightNode);
      if (compound !== null) v = binaryOp(compound, localExpr(slot), v)!;
      this.assign(slot, v, loc);
      return localExpr(slot);
    }
    if (left.type === 'field_expression') {
      const sf = this.structLocal(left);
      if (sf) {
        let v = this.expr(rightNode);
        const cur: Expr = { kind: ExprKind.StructField, slot: sf.slot, bit: sf.bit, field: sf.field };
        if (compound !== null) v = binaryOp(compound, cur, v)!;
        this.assign(sf.slot, this.storeBit(sf.slot, sf.bit, v), loc);
        return cur;
      }
    }
    if (left.type === 'pointer_expression' && field(left, 'operator')?.type === '*') {
      // `*p = v` / `*p op= v`: a store through a pointer (to a local, or to untracked memory).
      const ptrNode = field(left, 'argument');
      if (!ptrNode) throw this.unsupported(node, node.type);
      let ptr = this.expr(ptrNode);
      if (this.hasSideEffects(ptrNode) || ptr.kind !== ExprKind.Local) {
        const t = this.newTemp();
        this.assign(t, ptr, loc);
        ptr = localExpr(t);
      }
      let v = this.expr(rightNode);
      if (compound !== null) v = binaryOp(compound, localExpr(this.load(left, ptr)), v)!;
      const t = this.newTemp();
      this.assign(t, v, loc);
      this.ops.push({ kind: OpKind.Call, loc, callee: KENTRY_STORE, args: [ptr, localExpr(t)], argText: [this.text(ptrNode), this.text(rightNode)], result: -1 });
      return localExpr(t);
    }
    if (left.type === 'field_expression' && compound !== null && this.trackedRoot(left)) {
      // `local_paca->irq_happened |= v` (GLOBAL_ROOTS readModifyWrite): the member is loaded, the
      // new value computed and stored with the member named, so that binding can make both the
      // tracked member's load and store (an untracked member: an opaque load and store, listed).
      const member = this.memberPath(left);
      const old = localExpr(this.load(left, { kind: ExprKind.Name, name: `&${this.text(left).replace(/\s+/g, '')}` }, member));
      const t = this.newTemp();
      this.assign(t, binaryOp(compound, old, this.expr(rightNode))!, loc);
      this.ops.push({ kind: OpKind.Call, loc, callee: KENTRY_STORE_UNTRACKED, args: [localExpr(t)], argText: [this.text(left).replace(/\s+/g, ' '), this.text(node)], result: -1, ...(member ? { member } : {}) });
      return localExpr(t);
    }
    if (left.type === 'field_expression' || left.type === 'subscript_expression') {
      this.rejectModelledStore(left);
      return this.untrackedStore(node, left, rightNode, compound);
    }
    throw this.unsupported(node, `assignment to non-local ${this.text(left)}`);
  }

  /**
   * `obj->f = v` (or `op=`) where obj is memory the model does not track: the base and the value
   * are evaluated (their calls happen), and the store becomes a `__kentry_store_untracked` call the
   * engine lists as an opaque site. The value of the assignment as an expression is the stored
   * value for `=`; for a compound assignment it depends on memory, so it is the field read itself.
   */
  private untrackedStore(node: Node, left: Node, rightNode: Node | null, compound: string | null): Expr {
    const loc = this.loc(node);
    const base = field(left, 'argument');
    if (base && this.hasSideEffects(base)) this.effect(base);
    if (left.type === 'subscript_expression') {
      const index = field(left, 'index');
      if (index && this.hasSideEffects(index)) this.effect(index);
    }
    const lhs = this.text(left).replace(/\s+/g, ' ');
    const args: Expr[] = [];
    const argText: string[] = [lhs];
    let value: Expr | null = null;
    if (rightNode) {
      value = this.expr(rightNode);
      if (compound === null && this.exprReadsMemory(value)) {
        const t = this.newTemp();
        this.assign(t, value, loc);
        value = localExpr(t);
      }
      args.push(value);
      argText.push(this.text(rightNode));
    }
    // A compound assignment's new value depends on the old one, which args do not carry: it names
    // its member with the operator (`pt_regs.psw.mask &=`), so that only a tracked member that
    // defines that update binds it (src/kernel/s390.ts); a plain `=` names the member itself.
    const path = left.type === 'field_expression' ? this.memberPath(left) : undefined;
    const member = path === undefined ? undefined : compound === null ? path : compoundMember(path, compound);
    this.ops.push({ kind: OpKind.Call, loc, callee: KENTRY_STORE_UNTRACKED, args, argText, result: -1, ...(member ? { member } : {}) });
    if (compound === null && value) return value;
    // The new value depends on memory the model does not track: as a value it is the lvalue's
    // own name, which binding rejects as unknown (never 0). As a statement it is not read.
    return { kind: ExprKind.Name, name: lhs };
  }

  /**
   * The model reads the saved registers (`regs->flags`, `regs->cs`) from the interrupt context;
   * a store to a `struct pt_regs` would diverge from what it reads, so it is refused, not dropped.
   */
  private rejectModelledStore(left: Node): void {
    const base = field(left, 'argument');
    const b = base ? strip(base, true) : null;
    const slot = b && b.type === 'identifier' ? this.lookup(b.text) : undefined;
    // Only the registers the model reads are refused: a syscall's return value in regs->ax is
    // memory the model does not track (an untracked store, listed like any other).
    const f = field(left, 'field');
    if (slot !== undefined && this.slotTypes[slot] === 'pt_regs' && (!f || (MODELLED_FIELDS.has(f.text) && !this.env.ptRegsMemory))) {
      throw this.unsupported(left, `store to the saved registers ${this.text(left)} (the model reads them from the interrupt context)`);
    }
  }

  /** Whether an expression's value could change between two evaluations (reads a Field). */
  private exprReadsMemory(e: Expr): boolean {
    return e.kind !== ExprKind.Const && e.kind !== ExprKind.Local;
  }

  /** Whether an expression names a `struct pt_regs *` (a parameter or local declared so). */
  private isPtRegs(n: Node): boolean {
    if (n.type === 'parenthesized_expression') {
      const inner = kids(n)[0];
      return inner ? this.isPtRegs(inner) : false;
    }
    if (n.type !== 'identifier') return false;
    const slot = this.lookup(n.text);
    return slot !== undefined && this.slotTypes[slot] === 'pt_regs';
  }

  /** Emit `t = __kentry_load(ptr)` and return t. */
  private load(node: Node, ptr: Expr, member?: string): number {
    const t = this.newTemp();
    this.ops.push({ kind: OpKind.Call, loc: this.loc(node), callee: KENTRY_LOAD, args: [ptr], argText: [this.text(node)], result: t, ...(member ? { member } : {}) });
    return t;
  }

  /**
   * The path of member access `node` from the type of its base object, when that type is known:
   * a local or parameter declared with a struct type (`ev->sched_switch`, `struct rseq_event *ev`:
   * `rseq_event.sched_switch`), or the current task (`current->rseq.event.sched_switch`:
   * `task_struct.rseq.event.sched_switch`). Undefined for anything else (an array element, a
   * call's result, a global).
   */
  private memberPath(node: Node): string | undefined {
    const names: string[] = [];
    let n = strip(node, true);
    while (n.type === 'field_expression') {
      const f = field(n, 'field');
      const arg = field(n, 'argument');
      if (!f || !arg) return undefined;
      names.unshift(f.text);
      n = strip(arg, true);
    }
    if (names.length === 0) return undefined;
    const global = this.globalRoot(n);
    if (global) return `${global.struct}.${names.join('.')}`;
    if (n.type !== 'identifier') return undefined;
    const slot = this.lookup(n.text);
    const root = slot !== undefined ? this.slotTypes[slot] : null;
    return root ? `${root}.${names.join('.')}` : undefined;
  }

  /** The GLOBAL_ROOTS pointer `n` is (its name, or a GLOBAL_ROOT_CALLS call), if it is one. */
  private globalRoot(n: Node): { readonly struct: string; readonly readModifyWrite: boolean } | undefined {
    if (n.type === 'identifier' && this.lookup(n.text) === undefined) return GLOBAL_ROOTS.get(n.text);
    if (n.type === 'call_expression') {
      const f = field(n, 'function');
      const args = field(n, 'arguments');
      const name = f?.type === 'identifier' && args && kids(args).length === 0 ? GLOBAL_ROOT_CALLS.get(f.text) : undefined;
      if (name !== undefined) return GLOBAL_ROOTS.get(name);
    }
    return undefined;
  }

  /** Whether a member access starts at a GLOBAL_ROOTS pointer whose fields may be state (read-modify-write lowering). */
  private trackedRoot(node: Node): boolean {
    let n = strip(node, true);
    while (n.type === 'field_expression') n = strip(field(n, 'argument')!, true);
    return this.globalRoot(n)?.readModifyWrite === true;
  }

  /** `({ stmt; ...; expr; })`: the statements run, the value is the last expression's. */
  private statementExpression(body: Node): Expr {
    const items = kids(body);
    this.scopes.push(new Map());
    try {
      const last = items[items.length - 1];
      for (const c of items.slice(0, -1)) this.stmt(c);
      if (!last) return C0;
      if (last.type === 'expression_statement') {
        const e = kids(last)[0];
        if (!e) return C0;
        const v = this.expr(e);
        if (v.kind === ExprKind.Const) return v;
        // The value must not change when later code runs: copy it out of the scope.
        const t = this.newTemp();
        this.assign(t, v, this.loc(last));
        return localExpr(t);
      }
      this.stmt(last);
      // A statement expression whose last item is not an expression has type void: its value
      // can only be discarded, so it is never read.
      return C0;
    } finally {
      this.scopes.pop();
    }
  }

  private update(node: Node, wantValue: boolean): Expr {
    const argNode = field(node, 'argument');
    const arg = argNode ? strip(argNode, false) : null;
    const slot = arg && arg.type === 'identifier' ? this.lookup(arg.text) : undefined;
    if (arg && slot === undefined && (arg.type === 'field_expression' || arg.type === 'subscript_expression') && !this.structLocalOrNull(arg)) {
      this.rejectModelledStore(arg);
      return this.untrackedStore(node, arg, null, '+');
    }
    if (arg && slot === undefined && arg.type === 'pointer_expression' && field(arg, 'operator')?.type === '*') {
      const ptrNode = field(arg, 'argument')!;
      let ptr = this.expr(ptrNode);
      const loc = this.loc(node);
      if (ptr.kind !== ExprKind.Local) {
        const t = this.newTemp();
        this.assign(t, ptr, loc);
        ptr = localExpr(t);
      }
      const old = this.load(arg, ptr);
      const t = this.newTemp();
      const inc = field(node, 'operator')?.type === '++';
      this.assign(t, bin(inc ? ExprKind.Add : ExprKind.Sub, localExpr(old), C1), loc);
      this.ops.push({ kind: OpKind.Call, loc, callee: KENTRY_STORE, args: [ptr, localExpr(t)], argText: [this.text(ptrNode), this.text(node)], result: -1 });
      const prefix = node.child(0)?.type === '++' || node.child(0)?.type === '--';
      return localExpr(prefix ? t : old);
    }
    if (!arg || slot === undefined) throw this.unsupported(node, `update of non-local ${argNode ? this.text(argNode) : ''}`.trim());
    const inc = field(node, 'operator')?.type === '++';
    const prefix = node.child(0)?.type === '++' || node.child(0)?.type === '--';
    const loc = this.loc(node);
    let result = localExpr(slot);
    if (wantValue && !prefix) {
      const t = this.newTemp();
      this.assign(t, localExpr(slot), loc);
      result = localExpr(t);
    }
    this.assign(slot, bin(inc ? ExprKind.Add : ExprKind.Sub, localExpr(slot), C1), loc);
    return result;
  }

  // ---- initializers -------------------------------------------------------------------------

  private compoundLiteral(node: Node): Expr {
    const typeDesc = field(node, 'type');
    const value = field(node, 'value');
    if (!value || value.type !== 'initializer_list') throw this.unsupported(node, node.type);
    return this.packInitializer(typeNameOf(typeDesc ? field(typeDesc, 'type') : null), value);
  }

  /** `{ .a = x, .b = true }` → the packed struct value. */
  private packInitializer(typeName: string | null, list: Node): Expr {
    let constBits = 0;
    let dynamic: Expr | null = null;
    const positional = this.env.fields.positional(typeName) ?? [];
    let position = 0;
    for (const item of kids(list)) {
      let valueNode: Node;
      let fieldName: string | null;
      let fieldNode: Node;
      if (item.type === 'initializer_pair') {
        const designators = item.childrenForFieldName('designator');
        const d = designators[0];
        if (designators.length !== 1 || !d || d.type !== 'field_designator') throw this.unsupported(item, 'nested designated initializer');
        const fid = kids(d)[0];
        if (!fid) throw this.unsupported(item, 'initializer_pair');
        fieldName = fid.text;
        fieldNode = fid;
        valueNode = field(item, 'value')!;
        position = positional.indexOf(fieldName) + 1;
      } else {
        fieldName = positional[position++] ?? null;
        fieldNode = item;
        valueNode = item;
      }
      if (valueNode.type === 'initializer_list') throw this.unsupported(valueNode, 'nested initializer list');
      const v = this.expr(valueNode);
      if (fieldName === null) {
        if (v.kind === ExprKind.Const && v.value === 0) continue;
        throw this.unsupported(item, 'positional initializer of a struct with unknown layout');
      }
      const bit = this.fieldBit(typeName, fieldName, fieldNode);
      if (v.kind === ExprKind.Const) {
        if (v.value !== 0) constBits |= 1 << bit;
        else constBits &= ~(1 << bit);
      } else {
        const part = bin(ExprKind.Shl, bin(ExprKind.Ne, v, C0), cst(bit));
        dynamic = dynamic ? bin(ExprKind.BitOr, dynamic, part) : part;
      }
    }
    if (!dynamic) return cst(constBits);
    return constBits === 0 ? dynamic : bin(ExprKind.BitOr, cst(constBits), dynamic);
  }

  // ---- expressions for value ----------------------------------------------------------------

  /** Lower an expression to a call-free `Expr`, emitting ops for its side effects first. */
  private expr(node: Node): Expr {
    this.enter(node);
    try {
      return this.exprInner(node);
    } finally {
      this.depth--;
    }
  }

  private exprInner(node: Node): Expr {
    switch (node.type) {
      case 'parenthesized_expression': {
        const inner = kids(node);
        if (inner.length !== 1) throw this.unsupported(node, node.type);
        if (inner[0]!.type === 'compound_statement') return this.statementExpression(inner[0]!);
        return this.expr(inner[0]!);
      }
      case 'number_literal': {
        const v = parseIntLiteral(node.text);
        if (v === null) throw this.unsupported(node, `number literal ${node.text}`);
        return cst(v);
      }
      case 'char_literal': {
        const v = parseCharLiteral(node.text);
        if (v === null) throw this.unsupported(node, `character literal ${node.text}`);
        return cst(v);
      }
      case 'true':
        return C1;
      case 'false':
      case 'null':
        return C0;
      case 'string_literal':
      case 'concatenated_string':
        // A string is a non-null pointer; its text is kept in the call's argText.
        return C1;
      case 'identifier': {
        const slot = this.lookup(node.text);
        if (slot !== undefined) return localExpr(slot);
        // A file-scope object read for its value: memory the model does not track.
        if (this.env.globals?.has(node.text)) return localExpr(this.load(node, { kind: ExprKind.Name, name: `&${node.text}` }));
        return { kind: ExprKind.Name, name: node.text };
      }
      case 'subscript_expression': {
        // With tableCalls (loongarch) or subscripts (s390, which also refuses a local array): an
        // element of an array in memory the model does not track (`regs->regs[11]`,
        // `regs->gprs[reg]`, `sys_call_table[nr]`): a load of unknown value, never 0. What
        // evaluating the base and the index does (a call, an assignment) is kept.
        if (!this.env.tableCalls && !this.env.subscripts) throw this.unsupported(node, node.type);
        const base = field(node, 'argument');
        const index = field(node, 'index');
        // An element of a local array the model tracks element by element (a struct local's) is
        // refused; a declared local array is untracked memory (localArrays).
        if (this.env.subscripts && base && this.isLocalStorage(base) && !this.isLocalArray(base)) throw this.unsupported(node, 'element of a local array');
        if (base && this.hasSideEffects(base)) this.effect(base);
        if (index && this.hasSideEffects(index)) this.effect(index);
        return localExpr(this.load(node, { kind: ExprKind.Name, name: `&${this.text(node).replace(/\s+/g, '')}` }));
      }
      case 'field_expression': {
        const sf = this.structLocal(node);
        if (sf) return { kind: ExprKind.StructField, slot: sf.slot, bit: sf.bit, field: sf.field };
        const arg = field(node, 'argument');
        const f = field(node, 'field');
        if (!arg || !f) throw this.unsupported(node, node.type);
        // The current task's flags word, spelled out as older trees do
        // (`READ_ONCE(current_thread_info()->flags)` before read_thread_flags() existed): the same
        // read as read_thread_flags(), never a field of some other structure.
        if (f.text === 'flags' && isCurrentThreadInfo(arg)) {
          const t = this.newTemp();
          this.ops.push({ kind: OpKind.Call, loc: this.loc(node), callee: THREAD_FLAGS_READ, args: [], argText: [], result: t });
          return localExpr(t);
        }
        // The saved registers' fields the model binds (pt_regs: flags, cs) stay expressions, but
        // only on a pt_regs: `x->flags` of any other structure is memory the model does not track.
        if (MODELLED_FIELDS.has(f.text) && !this.env.ptRegsMemory && this.isPtRegs(arg)) return { kind: ExprKind.Field, base: this.expr(arg), field: f.text };
        // The base of any other member access is only an address: `t->rseq.event.sched_switch`
        // reads one member, not `t->rseq` and `t->rseq.event` as well (that made two junk opaque
        // loads per access). Only what evaluating the base does (a call, an assignment) is kept.
        let outer = strip(arg, true);
        for (let b = field(outer, 'argument'); outer.type === 'field_expression' && b; b = field(outer, 'argument')) outer = strip(b, true);
        if (this.hasSideEffects(outer)) this.effect(outer);
        // Any other field lives in memory the model does not track: its value is unknown, so it
        // is a load (an opaque site explored over the values that matter), never 0 — unless
        // binding knows the member (its path is kept for that).
        return localExpr(this.load(node, { kind: ExprKind.Name, name: `&${this.text(node).replace(/\s+/g, '')}` }, this.memberPath(node)));
      }
      case 'unary_expression': {
        const op = field(node, 'operator')?.type;
        const arg = field(node, 'argument');
        if (!arg) throw this.unsupported(node, node.type);
        const v = this.expr(arg);
        switch (op) {
          case '!':
            return un(ExprKind.Not, v);
          case '~':
            return un(ExprKind.BitNot, v);
          case '-':
            return v.kind === ExprKind.Const ? cst(-v.value) : un(ExprKind.Neg, v);
          case '+':
            return v;
          default:
            throw this.unsupported(node, `unary '${op ?? '?'}'`);
        }
      }
      case 'pointer_expression': {
        const op = field(node, 'operator')?.type;
        const arg = field(node, 'argument');
        if (!arg) throw this.unsupported(node, node.type);
        if (op === '&') {
          const inner = strip(arg, false);
          if (inner.type === 'identifier') {
            const slot = this.lookup(inner.text);
            if (slot !== undefined) return { kind: ExprKind.AddrOf, slot };
          }
          if (!this.isLocalStorage(arg) && !this.hasSideEffects(arg)) {
            // The address of an object in memory (`&context_tracking`, `&ct->state`): an opaque
            // name for the explorer, spelled as in the source.
            return { kind: ExprKind.Name, name: this.text(node).replace(/\s+/g, '') };
          }
          // The current task's flags word as an argument (powerpc: clear_bits(mask,
          // &current_thread_info()->flags)): a name the arch's primitives recognise, like
          // `&ct->state`; the call it is passed to decides what happens to the flags.
          if (this.env.threadFlagsAddress && inner.type === 'field_expression' && field(inner, 'field')?.text === 'flags') {
            const base = field(inner, 'argument');
            if (base && isCurrentThreadInfo(strip(base, true))) return { kind: ExprKind.Name, name: '&current_thread_info()->flags' };
          }
          throw this.unsupported(node, 'address of a part of a local');
        }
        if (op === '*') return localExpr(this.load(node, this.expr(arg)));
        throw this.unsupported(node, `pointer operator '${op ?? '?'}'`);
      }
      case 'sizeof_expression':
      case 'alignof_expression':
      case 'offsetof_expression':
        // Compile-time sizes (`sizeof(ct->state)`, mostly instrumentation arguments): opaque names.
        return { kind: ExprKind.Name, name: this.text(node).replace(/\s+/g, ' ') };
      case 'binary_expression':
        return this.binary(node);
      case 'conditional_expression':
        return this.conditional(node);
      case 'assignment_expression':
        return this.assignment(node);
      case 'update_expression':
        return this.update(node, true);
      case 'call_expression': {
        if (!this.isRealCall(node)) return this.pseudoCall(node, field(node, 'function')!.text);
        return localExpr(this.call(node, null));
      }
      case 'cast_expression': {
        const v = field(node, 'value');
        if (!v) throw this.unsupported(node, node.type);
        return this.expr(v);
      }
      case 'comma_expression':
        this.effect(field(node, 'left')!);
        return this.expr(field(node, 'right')!);
      case 'compound_literal_expression':
        return this.compoundLiteral(node);
      case 'extension_expression': {
        const inner = kids(node)[0];
        if (!inner) throw this.unsupported(node, node.type);
        return this.expr(inner);
      }
      default:
        throw this.unsupported(node, node.type);
    }
  }

  /** Is the lvalue stored in a local slot (`x`, `s.f`), rather than in memory (`p->f`, `g`)? */
  private isLocalStorage(node: Node): boolean {
    let n = strip(node, false);
    for (;;) {
      if (n.type === 'identifier') return this.lookup(n.text) !== undefined;
      if ((n.type === 'field_expression' && field(n, 'operator')?.type === '.') || n.type === 'subscript_expression') {
        const arg = field(n, 'argument');
        if (arg === null) return true;
        n = strip(arg, false);
        continue;
      }
      return n.type !== 'field_expression' && n.type !== 'pointer_expression';
    }
  }

  private binary(node: Node): Expr {
    const op = field(node, 'operator')?.type ?? '?';
    const leftNode = field(node, 'left');
    const rightNode = field(node, 'right');
    if (!leftNode || !rightNode) throw this.unsupported(node, node.type);
    if ((op === '&&' || op === '||') && this.hasSideEffects(rightNode)) {
      // `a && f()` as a value: only call f when a holds; the result is 0/1 in a temp.
      const loc = this.loc(node);
      const shortCut = this.newLabel();
      const end = this.newLabel();
      this.jumpIf(leftNode, op === '||', shortCut);
      const r = this.expr(rightNode);
      const t = this.newTemp();
      this.assign(t, bin(ExprKind.Ne, r, C0), loc);
      this.jump(end, loc);
      this.place(shortCut);
      this.assign(t, op === '&&' ? C0 : C1, loc);
      this.place(end);
      return localExpr(t);
    }
    const left = this.expr(leftNode);
    const right = this.expr(rightNode);
    const e = binaryOp(op, left, right);
    if (e) return e;
    if (left.kind === ExprKind.Const && right.kind === ExprKind.Const) {
      const a = left.value;
      const b = right.value;
      if (op === '*') return cst(a * b);
      if ((op === '/' || op === '%') && b !== 0) return cst(op === '/' ? Math.trunc(a / b) : a % b);
    }
    throw this.unsupported(node, `binary '${op}'`);
  }

  private conditional(node: Node): Expr {
    const condNode = field(node, 'condition');
    const consNode = field(node, 'consequence');
    const altNode = field(node, 'alternative');
    if (!condNode || !altNode) throw this.unsupported(node, node.type);
    if ((consNode && this.armMakesSteps(consNode)) || this.armMakesSteps(altNode)) {
      const loc = this.loc(node);
      const elseLabel = this.newLabel();
      const end = this.newLabel();
      let t: number;
      if (consNode) {
        this.jumpIf(condNode, false, elseLabel);
        const then = this.expr(consNode);
        t = this.newTemp();
        this.assign(t, then, loc);
      } else {
        // GNU `a ?: b`: the value of a when it is true.
        const test = this.expr(condNode);
        t = this.newTemp();
        this.assign(t, test, loc);
        this.branchIfFalse(localExpr(t), this.text(condNode), this.loc(condNode), elseLabel);
      }
      this.jump(end, loc);
      this.place(elseLabel);
      this.assign(t, this.expr(altNode), loc);
      this.place(end);
      return localExpr(t);
    }
    let test = this.expr(condNode);
    if (!consNode && this.hasSideEffects(condNode) && test.kind !== ExprKind.Local) {
      const t = this.newTemp();
      this.assign(t, test, this.loc(condNode));
      test = localExpr(t);
    }
    const then = consNode ? this.expr(consNode) : test;
    const otherwise = this.expr(altNode);
    return { kind: ExprKind.Cond, test, then, otherwise };
  }
}
