// A small, position-preserving C preprocessor for kernel entry code.
//
// It is not cpp. It does what tree-sitter and the IR need and no more:
//   - conditional compilation (#if/#ifdef/#ifndef/#elif/#else/#endif, nested) against a Kconfig
//     oracle and the macro table, with `defined`, IS_ENABLED/IS_BUILTIN/IS_MODULE/IS_REACHABLE,
//     and the usual integer operators;
//   - #define/#undef into a macro table shared across files (headers read first define macros
//     used by later files), and expansion of the macros the caller's policy selects;
//   - blanking of directives, inactive regions, comments and kernel annotations that tree-sitter
//     cannot parse (`__attribute__((…))`, `__percpu`, `EXPORT_SYMBOL(…);`, …);
//   - `likely(x)`/`unlikely(x)` become `(x)` (the identifier is blanked).
//
// Positions: the output has exactly the line structure of the input, and every column maps back
// to the original file. Everything except macro expansion is length-preserving (characters
// become spaces, newlines stay). An expansion replaces the invocation text on the line where
// the invocation starts; columns inside the expansion map to the invocation's first character,
// columns after it map to where that text was. A multi-line invocation leaves its later lines
// blank, padded so that the text after it keeps its column. Columns are 1-based UTF-16 code
// units (what web-tree-sitter reports for a JS string, and bytes for ASCII text).

import { BIT_MACROS, IDENTITY_MACROS } from './consteval.ts';
import type { SourceLoc } from './ir.ts';

// ───────────────────────────────────────────────────────────────────────────── public types ──

export interface MacroDef {
  readonly name: string;
  /** null for an object-like macro. A variadic macro's last parameter is `__VA_ARGS__` (for
   *  `...`) or the named parameter (for `args...`). */
  readonly params: readonly string[] | null;
  readonly variadic: boolean;
  /** Replacement text: comments removed, continuations joined, trimmed. */
  readonly body: string;
  readonly file: string;
  readonly line: number;
}

export type MacroTable = Map<string, MacroDef>;

/**
 * A macro table that records what a reading found when it looked a name up before changing it:
 * what the reading's output depends on in the table it was given. Copies made with
 * {@link TrackedTable.fork} (the preprocessor's snapshot of the table it starts from) record into
 * the same list.
 */
export class TrackedTable extends Map<string, MacroDef> {
  /** Names this copy has defined or undefined (later lookups of them depend on the reading). */
  private readonly touched = new Set<string>();

  constructor(from: ReadonlyMap<string, MacroDef>, readonly found: Map<string, MacroDef | undefined> = new Map()) {
    super();
    for (const [k, v] of from) Map.prototype.set.call(this, k, v);
  }

  private note(name: string, def: MacroDef | undefined): void {
    if (!this.touched.has(name) && !this.found.has(name)) this.found.set(name, def);
  }

  override get(name: string): MacroDef | undefined {
    const def = super.get(name);
    this.note(name, def);
    return def;
  }

  override has(name: string): boolean {
    const def = super.get(name);
    this.note(name, def);
    return def !== undefined;
  }

  override set(name: string, def: MacroDef): this {
    this.touched.add(name);
    return super.set(name, def);
  }

  override delete(name: string): boolean {
    this.touched.add(name);
    return super.delete(name);
  }

  /** A copy with the same entries, recording into the same list. */
  fork(): TrackedTable {
    return new TrackedTable(this, this.found);
  }
}

export interface PreprocessEnv {
  /** Kconfig symbol without `CONFIG_`: true = y/m, false = n, undefined = not set (= n). */
  isEnabled(name: string): boolean | undefined;
  /** Shared across files; #define/#undef in active code update it. */
  readonly macros: MacroTable;
  /** Which macros are expanded in code (not in #if, where every macro expands). Default:
   *  {@link defaultExpand}. Never consulted for {@link NEVER_EXPAND} names. */
  expand?: (name: string, def: MacroDef) => boolean;
  /** Extra annotation names to blank (in addition to {@link STRIP_WORDS} / {@link STRIP_CALLS}). */
  stripWords?: ReadonlySet<string>;
  stripCalls?: ReadonlySet<string>;
}

export interface Expansion {
  readonly name: string;
  /** Where the invocation starts in the original file. */
  readonly loc: SourceLoc;
  /** The invocation as written and what replaced it. */
  readonly from: string;
  readonly to: string;
}

/** A blanked top-level declaration macro, e.g. `DEFINE_STATIC_KEY_TRUE(sk_dynamic_irqentry_exit_cond_resched);`. */
export interface StrippedDecl {
  readonly name: string;
  readonly args: readonly string[];
  readonly loc: SourceLoc;
}

export interface IncludeRef {
  readonly path: string;
  /** `<…>` rather than `"…"`. */
  readonly system: boolean;
  readonly loc: SourceLoc;
}

/** One change a file made to the macro table. */
export type MacroEdit = { readonly def: MacroDef } | { readonly undef: string };

/** A file's text with the work that does not depend on the config done (comments blanked, line
 *  starts): {@link preprocess} takes it in place of the text to skip that work when one file is
 *  read under many configs. */
export interface PreparedSource {
  readonly text: string;
  /** `text` with comments blanked ({@link blankComments}). */
  readonly code: string;
  readonly starts: readonly number[];
}

export function prepareSource(text: string): PreparedSource {
  return { text, code: blankComments(text), starts: lineStarts(text) };
}

export interface PreprocessResult {
  /** The file name given to `preprocess` (what mapLoc's SourceLocs carry). */
  readonly file: string;
  readonly text: string;
  /** 1-based line/col in `text` → 1-based position in the original file. */
  mapLoc(line: number, col: number): SourceLoc;
  /** Macros defined (in active code) by this file, in order. */
  readonly macros: readonly MacroDef[];
  /** Every #define and #undef in active code, in order: what the file did to the macro table. */
  readonly edits: readonly MacroEdit[];
  readonly expansions: readonly Expansion[];
  readonly stripped: readonly StrippedDecl[];
  /** Active #include lines, in order (they are blanked in `text`). */
  readonly includes: readonly IncludeRef[];
  /** Unbalanced conditionals, unparsable #if expressions, active #error lines. */
  readonly diagnostics: readonly string[];
}

// ─────────────────────────────────────────────────────────────────────────── word lists ──

/** Never expanded in code, whatever the policy: the front end and the model give these their
 *  own meaning (IS_ENABLED → Config expression, WARN_ON_ONCE → a call, instrumentation
 *  markers, …). `likely`/`unlikely` are handled separately (they become their argument). */
export const NEVER_EXPAND: ReadonlySet<string> = new Set([
  'IS_ENABLED', 'IS_BUILTIN', 'IS_MODULE', 'IS_REACHABLE',
  'likely', 'unlikely',
  'WARN', 'WARN_ON', 'WARN_ON_ONCE', 'WARN_ONCE', 'WARN_TAINT', 'WARN_TAINT_ONCE',
  'BUG', 'BUG_ON', 'BUILD_BUG_ON', 'CT_WARN_ON',
  'instrumentation_begin', 'instrumentation_end',
  'READ_ONCE', 'WRITE_ONCE',
  'static_call', 'static_call_cond', 'static_branch_likely', 'static_branch_unlikely',
  'noinstr', '__always_inline', '__visible', 'notrace', 'inline',
]);

/** Function-like macros that pick which function a call goes to; expanding them is how the
 *  checker sees the configured dispatch (e.g. `irqentry_exit_cond_resched()` →
 *  `raw_irqentry_exit_cond_resched()`, `dynamic_irqentry_exit_cond_resched()` or
 *  `static_call(irqentry_exit_cond_resched)()` depending on PREEMPT_DYNAMIC). */
export const DISPATCH_MACROS: ReadonlySet<string> = new Set(['irqentry_exit_cond_resched']);

/**
 * Default expansion policy: the dispatch macros, and object-like macros whose replacement is a
 * plain constant expression (numbers, operators, parentheses and identifiers, e.g.
 * `EXIT_TO_USER_MODE_WORK`, `HARDIRQ_OFFSET`), so that flag tests reach the IR as arithmetic.
 * Everything else (function-like helpers such as `local_irq_enable()`) stays a call by name.
 */
export function defaultExpand(name: string, def: MacroDef): boolean {
  if (DISPATCH_MACROS.has(name)) return true;
  if (def.params !== null) return false;
  return isConstantBody(def.body);
}

/**
 * A replacement that is integer arithmetic over numbers and names: no calls, casts, strings. The
 * bit and suffix helpers the C front end folds (`BIT(n)`, `_BITUL(n)`, `UL(x)`, `_AC(x, UL)`) are
 * arithmetic too: 7.2+ spell every `_TIF_*` as `BIT(TIF_*)` (asm-generic/thread_info_tif.h).
 */
export function isConstantBody(body: string): boolean {
  if (body.trim() === '') return false;
  if (!/^[\w\s()+\-*/%<>&|^~!?:,]*$/.test(body)) return false;
  for (const m of body.matchAll(/([A-Za-z_]\w*)\s*\(/g)) if (!BIT_MACROS.has(m[1]!) && !IDENTITY_MACROS.has(m[1]!)) return false;
  // A comma only separates _AC()'s suffix from its value.
  if (body.includes(',') && !/\b_AC\s*\(/.test(body)) return false;
  // Casts and sizeof are not constant arithmetic the IR evaluates.
  return !/\b(sizeof|typeof|__typeof__|_Generic|asm|__asm__|unsigned|signed|long|int|char|short|struct|union|void|do|while|if|for)\b/.test(body);
}

/** Annotation keywords blanked on sight (no arguments). */
export const STRIP_WORDS: ReadonlySet<string> = new Set([
  '__init', '__initdata', '__initconst', '__exit', '__ref', '__refdata', '__meminit',
  '__cpuidle', '__kprobes', '__irq_entry', '__softirq_entry', '__sched', '__lockfunc',
  '__exception_irq_entry', '__entry_text',
  'asmlinkage', '__must_check', '__weak', '__pure', '__cold', '__hot', '__noreturn', '__used',
  '__maybe_unused', '__always_unused', '__unused', '__packed', '__flatten', '__malloc',
  '__randomize_layout', '__no_randomize_layout', '__latent_entropy', '__designated_init',
  '____cacheline_aligned', '____cacheline_aligned_in_smp', '__cacheline_aligned',
  '__cacheline_aligned_in_smp', '____cacheline_internodealigned_in_smp',
  '__read_mostly', '__ro_after_init', '__page_aligned_data', '__page_aligned_bss',
  '__percpu', '__user', '__rcu', '__iomem', '__force', '__kernel', '__bitwise', '__safe',
  '__nocast', '__private',
  '__nocfi', '__noendbr', '__no_kcsan', '__no_kasan', '__no_sanitize_address',
  '__no_sanitize_thread', '__no_sanitize_undefined', '__no_sanitize_coverage',
  '__no_sanitize_or_inline', '__no_kasan_or_inline', '__no_kmsan_checks', '__no_profile',
  '__no_stack_protector', '__noinline_for_stack', '__fix_address', '__nostackprotector',
  '__naked', '__noclone', '__no_reorder', '__attribute_const__', '__inline_maybe_unused',
  '__always_inline_maybe_unused', 'noinline', '__noinline', 'noinline_for_stack',
  '__cpuidle_text', '__visible_for_testing', '__counted_by_ptr', 'const_debug',
  'randomized_struct_fields_start', 'randomized_struct_fields_end',
]);

/** Annotations blanked together with their parenthesized argument list. */
export const STRIP_CALLS: ReadonlySet<string> = new Set([
  '__attribute__', '__attribute', '__section', '__aligned', '__printf', '__scanf', '__alias',
  '__must_hold', '__acquires', '__releases', '__acquire', '__release', '__cond_acquires',
  '__cond_releases', '__counted_by', '__nonstring', '_Pragma', '__diag_push', '__diag_pop',
  '__diag_ignore', '__diag_ignore_all', '__copy', '__alloc_size', '__realloc_size',
  '__assume_aligned', '__no_sanitize', '__nodebug', '__guarded_by', '__pt_guarded_by',
  '__symbol_visibility',
]);

/** Top-level declaration macros blanked with their arguments and the `;` (or initializer). */
export function isDeclMacro(name: string): boolean {
  return (
    /^(DECLARE|DEFINE)_(PER_CPU|STATIC_CALL|STATIC_KEY|STATIC_SRCU)\w*$/.test(name) ||
    /^EXPORT_\w*SYMBOL\w*$/.test(name) ||
    /^EXPORT_STATIC_CALL\w*$/.test(name) ||
    /^STACK_FRAME_NON_STANDARD\w*$/.test(name) ||
    /^DEFINE_(LOCK_GUARD_\w+|GUARD\w*|CLASS|FREE)$/.test(name) ||
    /^(early|core|postcore|arch|subsys|fs|device|late|pure|rootfs|console|security)_initcall(_sync)?$/.test(name) ||
    /^(module_param\w*|MODULE_\w+|__setup|early_param|core_param|ALLOW_ERROR_INJECTION|NOKPROBE_SYMBOL|DEFINE_(RAW_)?SPINLOCK|DEFINE_MUTEX|DEFINE_STATIC_KEY_ARRAY_\w+|ASM_NOKPROBE|_ASM_NOKPROBE|DEFINE_TRACE\w*|EXPORT_TRACEPOINT_SYMBOL\w*)$/.test(name)
  );
}

// ──────────────────────────────────────────────────────────────────────── entry points ──

/** A config oracle from a plain object: `{ PREEMPTION: true, XEN_PV: false }` or a Set of
 *  enabled names. Names absent are undefined (= n). */
export function configOracle(cfg: Readonly<Record<string, boolean>> | ReadonlySet<string>): (name: string) => boolean | undefined {
  if (cfg instanceof Set) return (name) => (cfg.has(name) ? true : undefined);
  const rec = cfg as Readonly<Record<string, boolean>>;
  return (name) => (Object.prototype.hasOwnProperty.call(rec, name) ? rec[name] : undefined);
}

export function createEnv(
  config: Readonly<Record<string, boolean>> | ReadonlySet<string> | ((name: string) => boolean | undefined),
  opts: { expand?: (name: string, def: MacroDef) => boolean; macros?: MacroTable } = {},
): PreprocessEnv {
  const isEnabled = typeof config === 'function' ? config : configOracle(config);
  const env: PreprocessEnv = { isEnabled, macros: opts.macros ?? new Map() };
  if (opts.expand) env.expand = opts.expand;
  return env;
}

export function preprocess(text: string | PreparedSource, file: string, env: PreprocessEnv): PreprocessResult {
  return new Preprocessor(typeof text === 'string' ? prepareSource(text) : text, file, env).run();
}

// ──────────────────────────────────────────────────────────────────────── lexing helpers ──

const isIdStart = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
const isIdChar = (c: number): boolean => isIdStart(c) || (c >= 48 && c <= 57);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const NL = 10;

/** Comments → spaces (newlines kept); string and char literals are kept and skipped over (an
 *  unterminated literal ends at the end of its line). Same length as the input. */
export function blankComments(text: string): string {
  const out = text.split('');
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 47 /* / */ && text.charCodeAt(i + 1) === 42 /* * */) {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      // A backslash ending a line inside the comment is kept: in a multi-line #define the
      // comment sits inside the directive, whose continuation must stay visible.
      for (let k = i; k < stop; k++) {
        if (out[k] === '\n' || out[k] === '\r') continue;
        if (out[k] === '\\' && /^[ \t]*\r?\n/.test(text.slice(k + 1, k + 4))) continue;
        out[k] = ' ';
      }
      i = stop;
    } else if (c === 47 && text.charCodeAt(i + 1) === 47) {
      // A `//` comment ends at a newline not preceded by a backslash.
      let k = i;
      while (k < n && !(text.charCodeAt(k) === NL && text.charCodeAt(k - 1) !== 92)) {
        if (out[k] !== '\n') out[k] = ' ';
        k++;
      }
      i = k;
    } else if (c === 34 || c === 39) {
      i = skipLiteral(text, i);
    } else {
      i++;
    }
  }
  return out.join('');
}

/** Index just past the string/char literal starting at `i` (stops at end of line). */
function skipLiteral(text: string, i: number): number {
  const q = text.charCodeAt(i);
  let k = i + 1;
  const n = text.length;
  while (k < n) {
    const c = text.charCodeAt(k);
    if (c === 92 /* \ */) { k += 2; continue; }
    if (c === q) return k + 1;
    if (c === NL) return k;
    k++;
  }
  return k;
}

/** Index of the `)` matching the `(` at `open`, or -1. Skips literals. */
function matchParen(text: string, open: number): number {
  let depth = 0;
  const n = text.length;
  for (let k = open; k < n; k++) {
    const c = text.charCodeAt(k);
    if (c === 34 || c === 39) { k = skipLiteral(text, k) - 1; continue; }
    if (c === 40) depth++;
    else if (c === 41) { depth--; if (depth === 0) return k; }
  }
  return -1;
}

function skipWs(text: string, i: number): number {
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === NL || c === 13 || c === 12 || c === 11) i++;
    else if (c === 92 && (text.charCodeAt(i + 1) === NL || (text.charCodeAt(i + 1) === 13 && text.charCodeAt(i + 2) === NL))) i += 2;
    else break;
  }
  return i;
}

/** Split the text between parentheses at top-level commas. */
function splitArgs(inner: string): string[] {
  const args: string[] = [];
  let depth = 0;
  let start = 0;
  for (let k = 0; k < inner.length; k++) {
    const c = inner.charCodeAt(k);
    if (c === 34 || c === 39) { k = skipLiteral(inner, k) - 1; continue; }
    if (c === 40 || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93 || c === 125) depth--;
    else if (c === 44 && depth === 0) { args.push(inner.slice(start, k)); start = k + 1; }
  }
  args.push(inner.slice(start));
  return args.length === 1 && args[0]!.trim() === '' ? [] : args;
}

function blankRange(chars: string[], from: number, to: number): void {
  for (let k = from; k < to; k++) if (chars[k] !== '\n' && chars[k] !== '\r') chars[k] = ' ';
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === NL) starts.push(i + 1);
  return starts;
}

function offsetToLoc(starts: readonly number[], file: string, off: number): SourceLoc {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= off) lo = mid; else hi = mid - 1;
  }
  return { file, line: lo + 1, col: off - starts[lo]! + 1 };
}

// ─────────────────────────────────────────────────────────────────────── token expander ──

type TokKind = 'id' | 'num' | 'str' | 'ws' | 'p';
interface Tok { kind: TokKind; text: string }

function tokenize(s: string): Tok[] {
  const toks: Tok[] = [];
  const n = s.length;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 9 || c === NL || c === 13 || c === 12 || c === 11 || c === 92 && (s.charCodeAt(i + 1) === NL)) {
      let k = i + 1;
      while (k < n) {
        const d = s.charCodeAt(k);
        if (d === 32 || d === 9 || d === NL || d === 13 || d === 12 || d === 11) k++;
        else break;
      }
      toks.push({ kind: 'ws', text: ' ' });
      i = k;
    } else if (isIdStart(c)) {
      let k = i + 1;
      while (k < n && isIdChar(s.charCodeAt(k))) k++;
      toks.push({ kind: 'id', text: s.slice(i, k) });
      i = k;
    } else if (isDigit(c) || (c === 46 && isDigit(s.charCodeAt(i + 1)))) {
      let k = i + 1;
      while (k < n && (isIdChar(s.charCodeAt(k)) || s.charCodeAt(k) === 46)) k++;
      toks.push({ kind: 'num', text: s.slice(i, k) });
      i = k;
    } else if (c === 34 || c === 39) {
      const k = skipLiteral(s, i);
      toks.push({ kind: 'str', text: s.slice(i, k) });
      i = k;
    } else {
      const three = s.slice(i, i + 3);
      const two = s.slice(i, i + 2);
      const p = three === '...' || three === '<<=' || three === '>>=' ? three
        : ['##', '->', '++', '--', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^='].includes(two) ? two
          : s[i]!;
      toks.push({ kind: 'p', text: p });
      i += p.length;
    }
  }
  return toks;
}

const joinToks = (toks: readonly Tok[]): string => toks.map((t) => t.text).join('');

function trimWs(toks: Tok[]): Tok[] {
  let a = 0;
  let b = toks.length;
  while (a < b && toks[a]!.kind === 'ws') a++;
  while (b > a && toks[b - 1]!.kind === 'ws') b--;
  return toks.slice(a, b);
}

/** Collect the arguments of a function-like invocation whose `(` is at toks[open]. Returns the
 *  argument token lists and the index just past the `)`, or null if unbalanced. */
function collectArgs(toks: readonly Tok[], open: number): { args: Tok[][]; end: number } | null {
  const args: Tok[][] = [[]];
  let depth = 0;
  for (let k = open; k < toks.length; k++) {
    const t = toks[k]!;
    if (t.kind === 'p' && (t.text === '(' || t.text === '[' || t.text === '{')) {
      depth++;
      if (depth === 1 && t.text === '(') continue;
    } else if (t.kind === 'p' && (t.text === ')' || t.text === ']' || t.text === '}')) {
      depth--;
      if (depth === 0) {
        const out = args.map(trimWs);
        return { args: out.length === 1 && out[0]!.length === 0 ? [] : out, end: k + 1 };
      }
    } else if (t.kind === 'p' && t.text === ',' && depth === 1) {
      args.push([]);
      continue;
    }
    args[args.length - 1]!.push(t);
  }
  return null;
}

interface ExpandCtx {
  readonly macros: MacroTable;
  readonly allow: (name: string, def: MacroDef) => boolean;
  /** Set when an allowed function-like macro could not be expanded (e.g. missing args). */
  depthGuard: number;
}

/** Macro-expand a token list: names in `hide` are not expanded (recursion guard). */
function expandToks(toks: readonly Tok[], hide: ReadonlySet<string>, ctx: ExpandCtx): Tok[] {
  if (++ctx.depthGuard > 2000) { ctx.depthGuard--; return toks.slice(); }
  const out: Tok[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    const def = t.kind === 'id' && !hide.has(t.text) ? ctx.macros.get(t.text) : undefined;
    if (!def || NEVER_EXPAND.has(t.text) || !ctx.allow(t.text, def)) { out.push(t); continue; }
    if (def.params === null) {
      const inner = new Set(hide).add(def.name);
      out.push(...expandToks(tokenize(def.body), inner, ctx));
      continue;
    }
    let j = i + 1;
    while (j < toks.length && toks[j]!.kind === 'ws') j++;
    if (j >= toks.length || toks[j]!.text !== '(') { out.push(t); continue; }
    const got = collectArgs(toks, j);
    if (!got) { out.push(t); continue; }
    const body = substitute(def, got.args, hide, ctx);
    out.push(...expandToks(body, new Set(hide).add(def.name), ctx));
    i = got.end - 1;
  }
  ctx.depthGuard--;
  return out;
}

function substitute(def: MacroDef, args: Tok[][], hide: ReadonlySet<string>, ctx: ExpandCtx): Tok[] {
  const params = def.params!;
  const byName = new Map<string, Tok[]>();
  for (let p = 0; p < params.length; p++) {
    if (def.variadic && p === params.length - 1) {
      const rest: Tok[] = [];
      for (let a = p; a < args.length; a++) {
        if (a > p) rest.push({ kind: 'p', text: ',' }, { kind: 'ws', text: ' ' });
        rest.push(...args[a]!);
      }
      byName.set(params[p]!, rest);
    } else {
      byName.set(params[p]!, args[p] ?? []);
    }
  }
  const body = tokenize(def.body);
  const out: Tok[] = [];
  const prevNonWs = (k: number): Tok | undefined => { for (let m = k - 1; m >= 0; m--) if (body[m]!.kind !== 'ws') return body[m]; return undefined; };
  const nextNonWs = (k: number): Tok | undefined => { for (let m = k + 1; m < body.length; m++) if (body[m]!.kind !== 'ws') return body[m]; return undefined; };
  for (let k = 0; k < body.length; k++) {
    const t = body[k]!;
    if (t.kind === 'p' && t.text === '#' && !(nextNonWs(k)?.text === '#')) {
      // Stringification: # param
      let m = k + 1;
      while (m < body.length && body[m]!.kind === 'ws') m++;
      const nt = body[m];
      if (nt && nt.kind === 'id' && byName.has(nt.text)) {
        const raw = joinToks(byName.get(nt.text)!).replace(/\\/g, '\\\\').replace(/"/g, '\\"');
        out.push({ kind: 'str', text: `"${raw}"` });
        k = m;
        continue;
      }
    }
    if (t.kind === 'id' && byName.has(t.text)) {
      const pasted = prevNonWs(k)?.text === '##' || nextNonWs(k)?.text === '##';
      const arg = byName.get(t.text)!;
      out.push(...(pasted ? arg : expandToks(arg, hide, ctx)));
      continue;
    }
    out.push(t);
  }
  // Token pasting: a ## b → ab (GNU `, ## __VA_ARGS__` drops the comma when the rest is empty).
  const res: Tok[] = [];
  for (let k = 0; k < out.length; k++) {
    const t = out[k]!;
    if (t.kind === 'p' && t.text === '##') {
      while (res.length && res[res.length - 1]!.kind === 'ws') res.pop();
      let m = k + 1;
      while (m < out.length && out[m]!.kind === 'ws') m++;
      const left = res.pop();
      const right = out[m];
      if (left && left.text === ',' && (!right || right.kind === 'p' && right.text === ')')) {
        k = m - 1; // empty __VA_ARGS__: the comma is dropped
        continue;
      }
      res.push(...tokenize((left?.text ?? '') + (right?.text ?? '')));
      k = m;
      continue;
    }
    res.push(t);
  }
  return res;
}

// ───────────────────────────────────────────────────────────────────── #if expressions ──

class IfExprError extends Error {}

/** Evaluate a #if/#elif expression. */
function evalIfExpr(expr: string, macros: MacroTable, isEnabled: (n: string) => boolean | undefined): bigint {
  const cfgOn = (id: string): boolean => id.startsWith('CONFIG_') && isEnabled(id.slice(7)) === true;
  // 1. `defined X` / `defined(X)` before expansion.
  const pre = tokenize(expr);
  const toks: Tok[] = [];
  for (let i = 0; i < pre.length; i++) {
    const t = pre[i]!;
    if (t.kind === 'id' && t.text === 'defined') {
      let j = i + 1;
      while (j < pre.length && pre[j]!.kind === 'ws') j++;
      let paren = false;
      if (pre[j]?.text === '(') { paren = true; j++; while (j < pre.length && pre[j]!.kind === 'ws') j++; }
      const name = pre[j];
      if (!name || name.kind !== 'id') throw new IfExprError('defined without a name');
      if (paren) { j++; while (j < pre.length && pre[j]!.kind === 'ws') j++; if (pre[j]?.text !== ')') throw new IfExprError('defined( without )'); }
      toks.push({ kind: 'num', text: macros.has(name.text) || cfgOn(name.text) ? '1' : '0' });
      i = j;
      continue;
    }
    // IS_ENABLED(CONFIG_X) and friends, whether or not kconfig.h was read.
    if (t.kind === 'id' && /^IS_(ENABLED|BUILTIN|MODULE|REACHABLE)$/.test(t.text)) {
      let j = i + 1;
      while (j < pre.length && pre[j]!.kind === 'ws') j++;
      if (pre[j]?.text === '(') {
        const got = collectArgs(pre, j);
        if (!got || got.args.length !== 1) throw new IfExprError(`bad ${t.text}(...)`);
        const arg = joinToks(got.args[0]!).trim();
        const on = t.text === 'IS_MODULE' ? false : cfgOn(arg) || macros.has(arg);
        toks.push({ kind: 'num', text: on ? '1' : '0' });
        i = got.end - 1;
        continue;
      }
    }
    toks.push(t);
  }
  // 2. Expand every macro (cpp semantics in #if), 3. remaining identifiers.
  const expanded = expandToks(toks, new Set(), { macros, allow: () => true, depthGuard: 0 }).filter((t) => t.kind !== 'ws');
  const vals: Array<{ kind: 'num'; v: bigint } | { kind: 'op'; t: string }> = [];
  for (let i = 0; i < expanded.length; i++) {
    const t = expanded[i]!;
    if (t.kind === 'num') vals.push({ kind: 'num', v: parseIntLit(t.text) });
    else if (t.kind === 'str' && t.text.startsWith("'")) vals.push({ kind: 'num', v: BigInt(charValue(t.text)) });
    else if (t.kind === 'id') {
      if (t.text.startsWith('CONFIG_')) { vals.push({ kind: 'num', v: cfgOn(t.text) ? 1n : 0n }); continue; }
      // Unknown function-like use (`__has_attribute(x)`): the whole call is 0.
      if (expanded[i + 1]?.text === '(') {
        const got = collectArgs(expanded, i + 1);
        if (got) { vals.push({ kind: 'num', v: 0n }); i = got.end - 1; continue; }
      }
      vals.push({ kind: 'num', v: t.text === 'true' ? 1n : 0n });
    } else if (t.kind === 'p') vals.push({ kind: 'op', t: t.text });
    else throw new IfExprError(`unexpected token ${t.text}`);
  }
  let pos = 0;
  const peek = (): string | undefined => { const v = vals[pos]; return v && v.kind === 'op' ? v.t : undefined; };
  const B = (b: boolean): bigint => (b ? 1n : 0n);
  // Binary operators by increasing precedence.
  const bin: string[][] = [
    ['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<', '>', '<=', '>='], ['<<', '>>'], ['+', '-'], ['*', '/', '%'],
  ];
  const apply = (op: string, a: bigint, b: bigint): bigint => {
    switch (op) {
      case '||': return B(a !== 0n || b !== 0n);
      case '&&': return B(a !== 0n && b !== 0n);
      case '|': return a | b;
      case '^': return a ^ b;
      case '&': return a & b;
      case '==': return B(a === b);
      case '!=': return B(a !== b);
      case '<': return B(a < b);
      case '>': return B(a > b);
      case '<=': return B(a <= b);
      case '>=': return B(a >= b);
      case '<<': return a << b;
      case '>>': return a >> b;
      case '+': return a + b;
      case '-': return a - b;
      case '*': return a * b;
      case '/': if (b === 0n) throw new IfExprError('division by zero'); return a / b;
      case '%': if (b === 0n) throw new IfExprError('division by zero'); return a % b;
      default: throw new IfExprError(`operator ${op}`);
    }
  };
  const unary = (): bigint => {
    const op = peek();
    if (op === '!') { pos++; return B(unary() === 0n); }
    if (op === '~') { pos++; return ~unary(); }
    if (op === '-') { pos++; return -unary(); }
    if (op === '+') { pos++; return unary(); }
    if (op === '(') {
      pos++;
      const v = ternary();
      if (peek() !== ')') throw new IfExprError('missing )');
      pos++;
      return v;
    }
    const v = vals[pos];
    if (!v || v.kind !== 'num') throw new IfExprError(`expected a value at ${pos}`);
    pos++;
    return v.v;
  };
  const level = (l: number): bigint => {
    if (l >= bin.length) return unary();
    let a = level(l + 1);
    for (;;) {
      const op = peek();
      if (!op || !bin[l]!.includes(op)) return a;
      pos++;
      // Short-circuit is irrelevant: operands have no side effects (division by zero aside).
      const b = level(l + 1);
      a = apply(op, a, b);
    }
  };
  const ternary = (): bigint => {
    const c = level(0);
    if (peek() !== '?') return c;
    pos++;
    const a = ternary();
    if (peek() !== ':') throw new IfExprError('missing :');
    pos++;
    const b = ternary();
    return c !== 0n ? a : b;
  };
  const v = ternary();
  if (pos !== vals.length) throw new IfExprError('trailing tokens');
  return v;
}

function parseIntLit(s: string): bigint {
  const m = /^(0[xX][0-9a-fA-F]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)[uUlL]*$/.exec(s);
  if (!m) throw new IfExprError(`bad number ${s}`);
  const d = m[1]!;
  if (/^0[0-7]+$/.test(d)) return BigInt('0o' + d.slice(1));
  return BigInt(d);
}

function charValue(lit: string): number {
  const inner = lit.slice(1, -1);
  if (inner.startsWith('\\')) {
    const esc: Record<string, number> = { n: 10, t: 9, r: 13, '0': 0, '\\': 92, "'": 39, '"': 34 };
    return esc[inner[1]!] ?? inner.charCodeAt(1);
  }
  return inner.charCodeAt(0);
}

// ─────────────────────────────────────────────────────────────────────── the preprocessor ──

interface CondFrame {
  /** Is the enclosing region active? */
  readonly parentActive: boolean;
  /** Is the current branch active? */
  active: boolean;
  /** Has any branch of this group been taken? */
  taken: boolean;
  sawElse: boolean;
  readonly line: number;
}

type MacroEvent = { off: number; def: MacroDef } | { off: number; undef: string };

class Preprocessor {
  private readonly code: string;
  private readonly starts: readonly number[];
  private readonly defined: MacroDef[] = [];
  private readonly events: MacroEvent[] = [];
  private readonly includes: IncludeRef[] = [];
  private readonly diagnostics: string[] = [];
  private readonly stripped: StrippedDecl[] = [];
  private readonly expansions: Expansion[] = [];
  private readonly stripWords: ReadonlySet<string>;
  private readonly stripCalls: ReadonlySet<string>;

  constructor(src: PreparedSource, private readonly file: string, private readonly env: PreprocessEnv) {
    this.code = src.code;
    this.starts = src.starts;
    this.stripWords = env.stripWords ? new Set([...STRIP_WORDS, ...env.stripWords]) : STRIP_WORDS;
    this.stripCalls = env.stripCalls ? new Set([...STRIP_CALLS, ...env.stripCalls]) : STRIP_CALLS;
  }

  private loc(off: number): SourceLoc { return offsetToLoc(this.starts, this.file, off); }

  run(): PreprocessResult {
    const macros = this.env.macros;
    const snapshot: MacroTable = macros instanceof TrackedTable ? macros.fork() : new Map(macros);
    const chars = this.code.split('');
    this.conditionals(chars);
    this.strip(chars);
    return this.expand(chars.join(''), snapshot);
  }

  // Pass 1: directives and conditional regions (blanked in `chars`); macro table updates.
  private conditionals(chars: string[]): void {
    const code = this.code;
    const stack: CondFrame[] = [];
    const active = (): boolean => (stack.length === 0 ? true : stack[stack.length - 1]!.active);
    const nLines = this.starts.length;
    for (let ln = 0; ln < nLines; ln++) {
      const s = this.starts[ln]!;
      const e = ln + 1 < nLines ? this.starts[ln + 1]! - 1 : code.length; // index of '\n' or EOF
      let k = s;
      while (k < e && (code[k] === ' ' || code[k] === '\t' || code[k] === '\f' || code[k] === '\v' || code[k] === '\r')) k++;
      if (code[k] !== '#') {
        if (!active()) blankRange(chars, s, e);
        continue;
      }
      // A directive: join continuation lines.
      let lastLine = ln;
      let end = e;
      while (lastLine + 1 < nLines && /\\\s*$/.test(code.slice(this.starts[lastLine]!, end))) {
        lastLine++;
        end = lastLine + 1 < nLines ? this.starts[lastLine + 1]! - 1 : code.length;
      }
      const raw = code.slice(k + 1, end).replace(/\\\s*\r?\n/g, ' ');
      blankRange(chars, s, end);
      this.directive(raw, stack, k, ln + 1);
      ln = lastLine;
    }
    for (const f of stack) this.diagnostics.push(`${this.file}:${f.line}: unterminated conditional`);
  }

  private directive(raw: string, stack: CondFrame[], off: number, line: number): void {
    const m = /^\s*([A-Za-z_]\w*)?\s*([\s\S]*)$/.exec(raw)!;
    const kw = m[1] ?? '';
    const rest = m[2]!.trim();
    const top = stack[stack.length - 1];
    const active = top ? top.active : true;
    const where = `${this.file}:${line}`;
    const cond = (expr: string): boolean => {
      try {
        return evalIfExpr(expr, this.env.macros, (n) => this.env.isEnabled(n)) !== 0n;
      } catch (err) {
        this.diagnostics.push(`${where}: cannot evaluate #${kw} ${expr}: ${(err as Error).message}`);
        return false;
      }
    };
    switch (kw) {
      case 'if':
      case 'ifdef':
      case 'ifndef': {
        let v = false;
        if (active) {
          if (kw === 'if') v = cond(rest);
          else {
            const name = /^[A-Za-z_]\w*/.exec(rest)?.[0] ?? '';
            const isDef = this.env.macros.has(name) || (name.startsWith('CONFIG_') && this.env.isEnabled(name.slice(7)) === true);
            v = kw === 'ifdef' ? isDef : !isDef;
          }
        }
        stack.push({ parentActive: active, active: active && v, taken: active && v, sawElse: false, line });
        return;
      }
      case 'elif':
      case 'elifdef':
      case 'elifndef': {
        if (!top) { this.diagnostics.push(`${where}: #${kw} without #if`); return; }
        if (top.sawElse) this.diagnostics.push(`${where}: #${kw} after #else`);
        if (!top.parentActive || top.taken) { top.active = false; return; }
        let v: boolean;
        if (kw === 'elif') v = cond(rest);
        else {
          const name = /^[A-Za-z_]\w*/.exec(rest)?.[0] ?? '';
          const isDef = this.env.macros.has(name) || (name.startsWith('CONFIG_') && this.env.isEnabled(name.slice(7)) === true);
          v = kw === 'elifdef' ? isDef : !isDef;
        }
        top.active = v;
        top.taken = v;
        return;
      }
      case 'else':
        if (!top) { this.diagnostics.push(`${where}: #else without #if`); return; }
        top.sawElse = true;
        top.active = top.parentActive && !top.taken;
        top.taken = true;
        return;
      case 'endif':
        if (!top) { this.diagnostics.push(`${where}: #endif without #if`); return; }
        stack.pop();
        return;
      default:
        break;
    }
    if (!active) return;
    switch (kw) {
      case 'define': {
        const def = parseDefine(rest, this.file, line);
        if (!def) { this.diagnostics.push(`${where}: bad #define ${rest}`); return; }
        this.env.macros.set(def.name, def);
        this.defined.push(def);
        this.events.push({ off, def });
        return;
      }
      case 'undef': {
        const name = /^[A-Za-z_]\w*/.exec(rest)?.[0];
        if (name) {
          this.env.macros.delete(name);
          this.events.push({ off, undef: name });
        }
        return;
      }
      case 'include':
      case 'include_next': {
        const inc = /^(?:<([^>]*)>|"([^"]*)")/.exec(rest);
        if (inc) this.includes.push({ path: (inc[1] ?? inc[2])!, system: inc[1] !== undefined, loc: this.loc(off) });
        return;
      }
      case 'error':
        this.diagnostics.push(`${where}: #error ${rest}`);
        return;
      default:
        return; // #pragma, #warning, #line, null directive: blanked, no effect
    }
  }

  // Pass 2 (length-preserving): annotations, declaration macros, likely/unlikely.
  private strip(chars: string[]): void {
    const text = chars.join('');
    const n = text.length;
    let depth = 0;
    let stmtStart = 0; // start of the current top-level statement (after the last `;` / `}` at depth 0)
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 34 || c === 39) { i = skipLiteral(text, i) - 1; continue; }
      if (c === 123) { depth++; continue; }
      if (c === 125) { depth = Math.max(0, depth - 1); if (depth === 0) stmtStart = i + 1; continue; }
      if (c === 59 && depth === 0) { stmtStart = i + 1; continue; }
      if (isDigit(c)) { while (i + 1 < n && isIdChar(text.charCodeAt(i + 1))) i++; continue; }
      if (!isIdStart(c)) continue;
      let k = i + 1;
      while (k < n && isIdChar(text.charCodeAt(k))) k++;
      const word = text.slice(i, k);
      if (this.stripWords.has(word)) {
        blankRange(chars, i, k);
      } else if (this.stripCalls.has(word)) {
        const open = skipWs(text, k);
        if (text[open] === '(') {
          const close = matchParen(text, open);
          if (close > 0) { blankRange(chars, i, close + 1); k = close + 1; }
        } else if (word === '__attribute__' || word === '__attribute') {
          blankRange(chars, i, k);
        }
      } else if ((word === 'likely' || word === 'unlikely') && text[skipWs(text, k)] === '(') {
        blankRange(chars, i, k);
      } else if (depth === 0 && isDeclMacro(word)) {
        const open = skipWs(text, k);
        const close = text[open] === '(' ? matchParen(text, open) : -1;
        if (close > 0) {
          this.stripped.push({ name: word, args: splitArgs(text.slice(open + 1, close)).map((a) => a.trim()), loc: this.loc(i) });
          let end = close + 1;
          const after = skipWs(text, end);
          if (text[after] === ';') end = after + 1;
          else if (text[after] === '=') {
            // DEFINE_PER_CPU(type, name) = init;
            let d = 0;
            let m = after;
            for (; m < n; m++) {
              const ch = text.charCodeAt(m);
              if (ch === 34 || ch === 39) { m = skipLiteral(text, m) - 1; continue; }
              if (ch === 40 || ch === 123 || ch === 91) d++;
              else if (ch === 41 || ch === 125 || ch === 93) d--;
              else if (ch === 59 && d === 0) break;
            }
            end = Math.min(n, m + 1);
          }
          // `static DEFINE_PER_CPU(...)`: the storage words before it go too.
          const before = text.slice(stmtStart, i);
          if (/^[\s\w]*$/.test(before) && /^\s*((static|extern|const|__visible|volatile)\s+)*$/.test(before)) blankRange(chars, stmtStart, i);
          blankRange(chars, i, end);
          k = end;
          stmtStart = end;
        }
      }
      i = k - 1;
    }
  }

  // Pass 3: macro expansion (the only pass that changes lengths) and the position map.
  private expand(text: string, table: MacroTable): PreprocessResult {
    const policy = this.env.expand ?? defaultExpand;
    const ctx: ExpandCtx = { macros: table, allow: policy, depthGuard: 0 };
    const out: string[] = [];
    // Pieces: output offset where each starts, the original offset it maps to, and whether it
    // is an expansion (maps to one point) or a copy (maps one-to-one).
    const pOut: number[] = [];
    const pOrig: number[] = [];
    const pExp: boolean[] = [];
    let outLen = 0;
    let copyFrom = 0; // original offset of the pending uncopied text
    const flush = (to: number): void => {
      if (to <= copyFrom) return;
      pOut.push(outLen); pOrig.push(copyFrom); pExp.push(false);
      out.push(text.slice(copyFrom, to));
      outLen += to - copyFrom;
      copyFrom = to;
    };
    const events = this.events;
    let ev = 0;
    const n = text.length;
    for (let i = 0; i < n; i++) {
      while (ev < events.length && events[ev]!.off <= i) {
        const e = events[ev++]!;
        if ('def' in e) table.set(e.def.name, e.def); else table.delete(e.undef);
      }
      const c = text.charCodeAt(i);
      if (c === 34 || c === 39) { i = skipLiteral(text, i) - 1; continue; }
      if (isDigit(c)) { while (i + 1 < n && isIdChar(text.charCodeAt(i + 1))) i++; continue; }
      if (!isIdStart(c)) continue;
      let k = i + 1;
      while (k < n && isIdChar(text.charCodeAt(k))) k++;
      const name = text.slice(i, k);
      const def = table.get(name);
      if (!def || NEVER_EXPAND.has(name) || !policy(name, def)) { i = k - 1; continue; }
      let end = k;
      let invocation: Tok[];
      if (def.params === null) {
        if (def.body.trim() === name) { i = k - 1; continue; } // `#define foo foo`
        invocation = [{ kind: 'id', text: name }];
      } else {
        const open = skipWs(text, k);
        if (text[open] !== '(') { i = k - 1; continue; }
        const close = matchParen(text, open);
        if (close < 0) { i = k - 1; continue; }
        end = close + 1;
        invocation = tokenize(text.slice(i, end));
      }
      const result = expandToks(invocation, new Set(), ctx);
      let repl = joinToks(result).replace(/\s+/g, ' ').trim();
      repl = this.stripText(repl);
      const from = text.slice(i, end);
      if (repl === from.replace(/\s+/g, ' ').trim()) { i = end - 1; continue; } // expands to itself
      this.expansions.push({ name, loc: this.loc(i), from: from.replace(/\s+/g, ' '), to: repl });
      flush(i);
      pOut.push(outLen); pOrig.push(i); pExp.push(true);
      out.push(repl);
      outLen += repl.length;
      // Keep the line structure: the invocation's later lines stay, blanked.
      const nl = from.indexOf('\n');
      if (nl >= 0) {
        const tail = from.slice(nl).replace(/[^\n\r]/g, ' ');
        pOut.push(outLen); pOrig.push(i + nl); pExp.push(false);
        out.push(tail);
        outLen += tail.length;
      }
      copyFrom = end;
      i = end - 1;
    }
    flush(n);
    const result = out.join('');
    const outStarts = lineStarts(result);
    const file = this.file;
    const origStarts = this.starts;
    const mapLoc = (line: number, col: number): SourceLoc => {
      const l = Math.min(Math.max(line, 1), outStarts.length);
      const lineEnd = l < outStarts.length ? outStarts[l]! - 1 : result.length; // the '\n' (or EOF)
      const off = Math.min(outStarts[l - 1]! + Math.max(col, 1) - 1, lineEnd);
      let lo = 0;
      let hi = pOut.length - 1;
      if (hi < 0) return offsetToLoc(origStarts, file, off);
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (pOut[mid]! <= off) lo = mid; else hi = mid - 1;
      }
      const o = pExp[lo] ? pOrig[lo]! : pOrig[lo]! + (off - pOut[lo]!);
      return offsetToLoc(origStarts, file, o);
    };
    return {
      file,
      text: result,
      mapLoc,
      macros: this.defined,
      edits: this.events.map((e) => ('def' in e ? { def: e.def } : { undef: e.undef })),
      expansions: this.expansions,
      stripped: this.stripped,
      includes: this.includes,
      diagnostics: this.diagnostics,
    };
  }

  /** Strip annotations inside an expansion's text (not length-preserving: it is new text). */
  private stripText(s: string): string {
    if (!/[A-Za-z_]/.test(s)) return s;
    const chars = s.split('');
    let i = 0;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c === 34 || c === 39) { i = skipLiteral(s, i); continue; }
      if (!isIdStart(c)) { i++; continue; }
      let k = i + 1;
      while (k < s.length && isIdChar(s.charCodeAt(k))) k++;
      const w = s.slice(i, k);
      if (this.stripWords.has(w)) blankRange(chars, i, k);
      else if (this.stripCalls.has(w) && s[skipWs(s, k)] === '(') {
        const close = matchParen(s, skipWs(s, k));
        if (close > 0) { blankRange(chars, i, close + 1); k = close + 1; }
      } else if ((w === 'likely' || w === 'unlikely') && s[skipWs(s, k)] === '(') blankRange(chars, i, k);
      i = k;
    }
    return chars.join('').replace(/\s+/g, ' ').trim();
  }
}

function parseDefine(rest: string, file: string, line: number): MacroDef | null {
  const m = /^([A-Za-z_]\w*)/.exec(rest);
  if (!m) return null;
  const name = m[1]!;
  let after = rest.slice(name.length);
  let params: string[] | null = null;
  let variadic = false;
  if (after.startsWith('(')) {
    const close = after.indexOf(')');
    if (close < 0) return null;
    params = after.slice(1, close).split(',').map((p) => p.trim()).filter((p) => p !== '');
    const last = params[params.length - 1];
    if (last !== undefined && last.endsWith('...')) {
      variadic = true;
      const named = last.slice(0, -3).trim();
      params[params.length - 1] = named === '' ? '__VA_ARGS__' : named;
    }
    after = after.slice(close + 1);
  }
  return { name, params, variadic, body: after.trim(), file, line };
}
