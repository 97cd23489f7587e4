// Evaluation of C integer constant expressions given as text (enumerator values, `#define` bodies).
// Arithmetic is done on BigInt; anything not understood (casts, sizeof, unknown names) gives null.

type Tok = { readonly t: 'num'; readonly v: bigint } | { readonly t: 'id'; readonly v: string } | { readonly t: 'op'; readonly v: string };

const OPS = ['<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '(', ')', '~', '!', '-', '+', '*', '/', '%', '<', '>', '&', '^', '|', ','];

function tokenize(text: string): Tok[] | null {
  const toks: Tok[] = [];
  const s = text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/.*$/gm, ' ');
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (/\s/.test(c) || c === '\\') {
      i++;
      continue;
    }
    const num = /^(0[xX][0-9a-fA-F]+|0[bB][01]+|[0-9]+)[uUlL]*/.exec(s.slice(i));
    if (num) {
      const digits = num[1]!;
      const v = /^0[0-7]+$/.test(digits) ? BigInt('0o' + digits.slice(1)) : BigInt(digits);
      toks.push({ t: 'num', v });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(i));
    if (id) {
      toks.push({ t: 'id', v: id[0] });
      i += id[0].length;
      continue;
    }
    const op = OPS.find((o) => s.startsWith(o, i));
    if (!op) return null;
    toks.push({ t: 'op', v: op });
    i += op.length;
  }
  return toks;
}

const BINARY_PREC: Readonly<Record<string, number>> = {
  '||': 1,
  '&&': 2,
  '|': 3,
  '^': 4,
  '&': 5,
  '==': 6,
  '!=': 6,
  '<': 7,
  '<=': 7,
  '>': 7,
  '>=': 7,
  '<<': 8,
  '>>': 8,
  '+': 9,
  '-': 9,
  '*': 10,
  '/': 10,
  '%': 10,
};

/** Single-argument macros that are the identity or a bit, as in `BIT(3)` or `_UL(1)`. */
// `__MASK(X)` is powerpc's bit macro (asm/reg.h: 1UL << X, the MSR_* masks); no other arch's or generic header
// of 7.3 uses the name.
export const BIT_MACROS: ReadonlySet<string> = new Set(['BIT', 'BIT_ULL', '_BITUL', '_BITULL', '__MASK']);
// `_ULCAST_(x)` (loongarch's asm/types.h: `(unsigned long)` applied to x) widens a constant the IR
// already holds as a number; no x86 header uses it.
// `ASM_CONST(x)` (powerpc's asm/asm-const.h: x with a UL suffix pasted on in C) likewise; no other
// arch's or generic header of 7.3 uses it.
export const IDENTITY_MACROS: ReadonlySet<string> = new Set(['_UL', '_ULL', 'UL', 'ULL', '_AC', '_ULCAST_', 'ASM_CONST']);

class Failed extends Error {}

/** Value of a constant expression, or null if it is not one this evaluator understands. */
export function evalConstText(text: string, constants: ReadonlyMap<string, number>): number | null {
  const toks = tokenize(text);
  if (!toks || toks.length === 0) return null;
  let pos = 0;
  const peek = (): Tok | undefined => toks[pos];
  const expectOp = (v: string): void => {
    const t = toks[pos++];
    if (!t || t.t !== 'op' || t.v !== v) throw new Failed();
  };
  const primary = (): bigint => {
    const t = toks[pos++];
    if (!t) throw new Failed();
    if (t.t === 'num') return t.v;
    if (t.t === 'id') {
      const next = peek();
      if (next && next.t === 'op' && next.v === '(' && (BIT_MACROS.has(t.v) || IDENTITY_MACROS.has(t.v))) {
        pos++;
        const arg = expr(0);
        if (t.v === '_AC') {
          expectOp(',');
          const suffix = toks[pos++];
          if (!suffix || suffix.t !== 'id') throw new Failed();
        }
        expectOp(')');
        return BIT_MACROS.has(t.v) ? 1n << arg : arg;
      }
      const v = constants.get(t.v);
      if (v === undefined) throw new Failed();
      return BigInt(v);
    }
    switch (t.v) {
      case '(': {
        const v = expr(0);
        expectOp(')');
        return v;
      }
      case '-':
        return -primary();
      case '+':
        return primary();
      case '~':
        return ~primary();
      case '!':
        return primary() === 0n ? 1n : 0n;
      default:
        throw new Failed();
    }
  };
  const expr = (minPrec: number): bigint => {
    let left = primary();
    for (;;) {
      const t = peek();
      if (!t || t.t !== 'op') return left;
      const prec = BINARY_PREC[t.v];
      if (prec === undefined || prec <= minPrec) return left;
      pos++;
      const right = expr(prec);
      left = apply(t.v, left, right);
    }
  };
  try {
    const v = expr(0);
    if (pos !== toks.length) return null;
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : null;
  } catch (e) {
    if (e instanceof Failed || e instanceof RangeError) return null;
    throw e;
  }
}

function apply(op: string, a: bigint, b: bigint): bigint {
  const bool = (x: boolean): bigint => (x ? 1n : 0n);
  switch (op) {
    case '||':
      return bool(a !== 0n || b !== 0n);
    case '&&':
      return bool(a !== 0n && b !== 0n);
    case '|':
      return a | b;
    case '^':
      return a ^ b;
    case '&':
      return a & b;
    case '==':
      return bool(a === b);
    case '!=':
      return bool(a !== b);
    case '<':
      return bool(a < b);
    case '<=':
      return bool(a <= b);
    case '>':
      return bool(a > b);
    case '>=':
      return bool(a >= b);
    case '<<':
      if (b < 0n || b > 128n) throw new Failed();
      return a << b;
    case '>>':
      if (b < 0n || b > 128n) throw new Failed();
      return a >> b;
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      if (b === 0n) throw new Failed();
      return a / b;
    case '%':
      if (b === 0n) throw new Failed();
      return a % b;
    default:
      throw new Failed();
  }
}
