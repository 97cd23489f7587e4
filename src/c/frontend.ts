// The C front end: parse C sources with tree-sitter and lower every function definition to IR.
//
//   const program = await parseProgram([{ file: 'entry.c', text }]);
//
// Later sources override earlier definitions of the same function (a user's variant file
// overrides a bundled base). Top-level declarations other than function definitions are skipped,
// except that struct / union layouts become packed-struct layouts (`structs`) and enumerators and
// numeric `#define`s with a computable value are recorded in `constants`.

import { createRequire } from 'node:module';
import { Language, Parser, type Node, type Tree } from 'web-tree-sitter';
import { evalConstText } from './consteval.ts';
import {
  CSyntaxError,
  type FunctionAttr,
  type IrFunction,
  type IrProgram,
  type SourceLoc,
  type UnsupportedFunction,
} from './ir.ts';
import { blankKernelAttrs, blankRegisterAsm, type BlankedSource, type KernelAttr } from './kattrs.ts';
import { declaredIdentifier, functionHeader, globalScalarNames, kids, LowerError, lowerFunction, StructFieldTables, type AsmCallSpec, type FieldTables, type FunctionHeader, type LowerEnv } from './lower.ts';

export interface CSource {
  /** File name used in positions and as the key of `IrProgram.sources`. */
  readonly file: string;
  /** The C text to parse (possibly the output of the preprocessor). */
  readonly text: string;
  /** Map a 1-based (line, col) of `text` back to the original position (preprocessed text). */
  readonly mapLoc?: (line: number, col: number) => SourceLoc;
}

export interface ParseOptions {
  /**
   * Real kernel headers: never throw for syntax errors or unsupported constructs; a function
   * containing one is recorded in `IrProgram.unsupported` instead of `functions`.
   */
  readonly tolerant?: boolean;
  /**
   * Parse trees shared between calls, by text: a text already parsed is not parsed again (a kernel
   * tree's config groups share most of their preprocessed files). The caller owns the trees and
   * frees them with `disposeParseCache` after its last parseProgram.
   */
  readonly cache?: ParseCache;
  /**
   * A call through a function-pointer parameter, `fn(args)`, is lowered to
   * `__kentry_call_param(fn, args…)` (KENTRY_CALL_PARAM) instead of being unsupported. Nothing
   * binds that name: unless a caller's constant function argument lets the tree target
   * specialize the function (kernel-target.ts), the call stays opaque and listed.
   */
  readonly paramCalls?: boolean;
  /**
   * An element of an array in memory is an opaque load and a call through a table of function
   * pointers an opaque call named `table[]`, instead of both being unsupported (kernel-target.ts:
   * the arches whose harnesses ask for it; x86 does not).
   */
  readonly subscripts?: boolean;
  /**
   * `regs->flags`/`regs->cs` are not x86's saved EFLAGS and CS: on an arch whose `struct pt_regs`
   * has other fields of those names (s390: `flags` holds the PIF_* bits), every pt_regs field is
   * memory the model does not track.
   */
  readonly ptRegsMemory?: boolean;
  /**
   * An asm statement that calls one C function in the arch's words (AsmCallSpec: loongarch's
   * do_vint() calls handle_loongarch_irq(regs) on the IRQ stack with `bl`) is lowered to that call;
   * without it (x86, arm64, riscv) every asm statement is unsupported, as before.
   */
  readonly asmCalls?: AsmCallSpec;
  /**
   * `a[i]` as a value is a load of untracked memory and `fp(args)` through a local function-pointer
   * variable an opaque call named by the variable (loongarch's do_syscall() reads the syscall
   * number from `regs->regs[11]` and calls the table entry through a local). Without it (x86,
   * arm64, riscv) both are unsupported, as before.
   */
  readonly tableCalls?: boolean;
  /**
   * `&current_thread_info()->flags` (the current task's flags word passed by address, powerpc's
   * set_bits()/clear_bits() on it) is a name for that word instead of unsupported. Without it (every
   * other arch) it stays unsupported, as before.
   */
  readonly threadFlagsAddress?: boolean;
  /**
   * Lowered functions shared between calls (tolerant mode only): a function is lowered once per
   * source (text, file, position map) and position, when its lowering did not use the struct
   * layouts or field bits the program's files build together (those are lowered every time).
   */
  readonly lowered?: LowerCache;
}

/**
 * What lowering one function gave, and the questions it asked the program's other files on the way
 * (LowerEnv.fields and .globals, in order, with their answers). Lowering is deterministic in its
 * function's text and those answers, so in another program that answers every question the same
 * way (asked in the same order, which also makes the same field bits allocated there) the result
 * is the same.
 */
type Lowered = { readonly asked: readonly Question[] } & ({ readonly fn: IrFunction } | { readonly unsupported: UnsupportedFunction });

type Question =
  | { readonly q: 'bit'; readonly type: string | null; readonly field: string; readonly answer: number }
  | { readonly q: 'positional'; readonly type: string | null; readonly answer: string | null }
  | { readonly q: 'global'; readonly name: string; readonly answer: boolean };

/** Asks `q` again in the program whose tables and globals these are: the same answer? */
function sameAnswer(q: Question, fields: FieldTables, globals: LowerEnv['globals']): boolean {
  switch (q.q) {
    case 'bit':
      return fields.fieldBit(q.type, q.field) === q.answer;
    case 'positional':
      return (fields.positional(q.type)?.join(',') ?? null) === q.answer;
    case 'global':
      return (globals?.has(q.name) ?? false) === q.answer;
  }
}
type MapLoc = CSource['mapLoc'];

/** text → file → position map → function's start index → what lowering it gave. */
export type LowerCache = Map<string, Map<string, Map<MapLoc, Map<number, Lowered>>>>;

function loweredOf(cache: LowerCache, src: CSource): Map<number, Lowered> {
  let byFile = cache.get(src.text);
  if (!byFile) cache.set(src.text, (byFile = new Map()));
  let byMap = byFile.get(src.file);
  if (!byMap) byFile.set(src.file, (byMap = new Map()));
  let byPos = byMap.get(src.mapLoc);
  if (!byPos) byMap.set(src.mapLoc, (byPos = new Map()));
  return byPos;
}

/** Text → its blanked form and tree-sitter tree (see ParseOptions.cache). */
export type ParseCache = Map<string, { readonly blanked: BlankedSource; readonly tree: Tree }>;

export function disposeParseCache(cache: ParseCache): void {
  for (const e of cache.values()) e.tree.delete();
  cache.clear();
}

let parserPromise: Promise<Parser> | null = null;

/** The process-wide tree-sitter parser for C (initialized once). */
function getParser(): Promise<Parser> {
  if (!parserPromise) {
    parserPromise = (async () => {
      await Parser.init();
      const wasm = createRequire(import.meta.url).resolve('tree-sitter-c/tree-sitter-c.wasm');
      const language = await Language.load(wasm);
      const parser = new Parser();
      parser.setLanguage(language);
      return parser;
    })();
    parserPromise.catch(() => {
      parserPromise = null;
    });
  }
  return parserPromise;
}

/** Attributes recorded on `IrFunction.attrs` (the others are dropped). */
const RECORDED_ATTRS: ReadonlySet<string> = new Set<FunctionAttr>([
  'noinstr',
  '__always_inline',
  'inline',
  'static',
  'notrace',
  '__visible',
  '__cpuidle',
]);

const INLINE_SPELLINGS: ReadonlySet<string> = new Set(['inline', '__inline', '__inline__']);

interface Unit {
  readonly src: CSource;
  readonly tree: Tree;
  /** Kernel annotations blanked before parsing, sorted by position. */
  readonly attrs: readonly KernelAttr[];
  readonly env: LowerEnv;
}

type Definition =
  | { readonly kind: 'function'; readonly unit: Unit; readonly node: Node; readonly header: FunctionHeader; readonly attrs: readonly FunctionAttr[] }
  | { readonly kind: 'unsupported'; readonly info: UnsupportedFunction };

function makeLoc(src: CSource, node: Node): SourceLoc {
  const p = node.startPosition;
  return src.mapLoc ? src.mapLoc(p.row + 1, p.column + 1) : { file: src.file, line: p.row + 1, col: p.column + 1 };
}

/** The first ERROR or MISSING node in document order (iterative: trees may nest deeply). */
function firstError(root: Node): Node | null {
  // tree-sitter's recovery often wraps a whole function in one ERROR; a nested ERROR or
  // MISSING node points much closer to the actual mistake, so an ERROR's children are searched
  // first and the ERROR itself is the answer only when none of them holds one.
  let node: Node = root;
  let lastError: Node | null = null;
  for (;;) {
    if (node.isMissing) return node;
    if (node.isError) lastError = node;
    else if (!node.hasError) return lastError;
    let next: Node | null = null;
    for (const c of node.children) {
      if (c && (c.hasError || c.isMissing || c.isError)) {
        next = c;
        break;
      }
    }
    if (!next) return node.isError ? node : lastError;
    node = next;
  }
}

/** `missing ';'` or `syntax error near 'foo'`. */
function errorDetail(node: Node, text: string): string {
  if (node.isMissing) return node.isNamed ? `missing ${node.type}` : `missing '${node.type}'`;
  let leaf = node;
  while (leaf.childCount > 0) {
    const c = leaf.child(0);
    if (!c) break;
    leaf = c;
  }
  let tok = text.slice(leaf.startIndex, leaf.endIndex).trim();
  if (!tok) tok = text.slice(node.startIndex, node.endIndex).trim();
  if (!tok) return 'syntax error';
  if (tok.length > 40) tok = tok.slice(0, 37) + '...';
  return `syntax error near '${tok}'`;
}

/** Parse C sources and lower them to IR. Throws `CSyntaxError` unless `opts.tolerant`. */
export async function parseProgram(sources: readonly CSource[], opts: ParseOptions = {}): Promise<IrProgram> {
  const parser = await getParser();
  const tolerant = opts.tolerant === true;
  const collector = new Collector(tolerant, tolerant ? opts.lowered : undefined);
  const units: Unit[] = [];
  try {
    for (const src of sources) {
      const hit = opts.cache?.get(src.text);
      const blanked = hit?.blanked ?? (opts.asmCalls ? blankRegisterAsm(blankKernelAttrs(src.text)) : blankKernelAttrs(src.text));
      const tree = hit?.tree ?? parser.parse(blanked.text);
      if (!tree) throw new CSyntaxError({ file: src.file, line: 1, col: 1 }, 'tree-sitter could not parse the file');
      if (opts.cache && !hit) opts.cache.set(src.text, { blanked, tree });
      const env: LowerEnv = {
        text: src.text,
        loc: (node) => makeLoc(src, node),
        fields: collector.fieldTables,
        paramCalls: opts.paramCalls === true,
        subscripts: opts.subscripts === true,
        ptRegsMemory: opts.ptRegsMemory === true,
        ...(opts.asmCalls ? { asmCalls: opts.asmCalls } : {}),
        ...(opts.tableCalls ? { tableCalls: true } : {}),
        ...(opts.threadFlagsAddress ? { threadFlagsAddress: true } : {}),
        globals: collector.globals,
      };
      const unit: Unit = { src, tree, attrs: blanked.attrs, env };
      units.push(unit);
      collector.sources.set(src.file, src.text);
      if (!tolerant && tree.rootNode.hasError) {
        const bad = firstError(tree.rootNode);
        if (bad) throw new CSyntaxError(env.loc(bad), errorDetail(bad, src.text));
      }
      collector.walk(unit, tree.rootNode, 0);
    }
    collector.resolveAliases();
    return collector.lower();
  } finally {
    if (!opts.cache) for (const u of units) u.tree.delete();
  }
}

/**
 * What a function definition says of itself: its header (null when a macro makes its name), its
 * attributes in source order, and its first syntax error. All of it is the text's, so it is
 * worked out once per parsed tree (trees are shared by the config groups that have the text,
 * ParseOptions.cache) and by node position, instead of once per group.
 */
interface DefinitionFacts {
  /** The node first seen at this position (the one lowering is keyed by). */
  readonly node: Node;
  readonly header: FunctionHeader | null;
  /** The text before the body, for a definition whose name a macro makes. */
  readonly macroName: string;
  readonly attrs: FunctionAttr[];
  readonly bad: Node | null;
}

const definitionFacts = new WeakMap<Tree, Map<number, DefinitionFacts>>();

function definitionFactsOf(unit: Unit, node: Node, prevEnd: number): DefinitionFacts {
  let byPos = definitionFacts.get(unit.tree);
  if (!byPos) definitionFacts.set(unit.tree, (byPos = new Map()));
  const hit = byPos.get(node.startIndex);
  if (hit) return hit;
  const text = unit.src.text;
  const header = functionHeader(node, text);
  const body = node.childForFieldName('body');
  const bodyStart = body ? body.startIndex : node.endIndex;
  const macroName = header ? '' : text.slice(node.startIndex, bodyStart).replace(/\s+/g, ' ').trim();
  const found: [number, FunctionAttr][] = [];
  if (header) {
    for (const a of attrsIn(unit.attrs, prevEnd, bodyStart)) {
      if (RECORDED_ATTRS.has(a.name)) found.push([a.start, a.name as FunctionAttr]);
    }
    for (const c of node.namedChildren) {
      if (!c || c.type !== 'storage_class_specifier') continue;
      const t = c.text;
      if (t === 'static') found.push([c.startIndex, 'static']);
      else if (INLINE_SPELLINGS.has(t)) found.push([c.startIndex, 'inline']);
    }
  }
  found.sort((a, b) => a[0] - b[0]);
  const attrs: FunctionAttr[] = [];
  for (const [, a] of found) if (!attrs.includes(a)) attrs.push(a);
  const bad = header && node.hasError ? (firstError(node) ?? node) : null;
  const facts: DefinitionFacts = { node, header, macroName, attrs, bad };
  byPos.set(node.startIndex, facts);
  return facts;
}

class Collector {
  readonly structs = new Map<string, Map<string, number>>();
  readonly definedStructs = new Set<string>();
  readonly globalFieldBits = new Map<string, number>();
  readonly fieldTables: FieldTables = new StructFieldTables(this.structs, this.definedStructs, this.globalFieldBits);
  /** File-scope scalar objects declared by any of the program's files (LowerEnv.globals): a
   *  header's `extern bool force_irqthreads;` names what kernel/softirq.c reads. */
  readonly globals = new Set<string>();
  readonly constants = new Map<string, number>();
  readonly sources = new Map<string, string>();
  private readonly definitions = new Map<string, Definition>();
  private readonly aliases: [alias: string, target: string][] = [];

  constructor(private readonly tolerant: boolean, private readonly lowered?: LowerCache) {}

  /** Visit the top-level items of a translation unit (or of a preprocessor conditional). */
  walk(unit: Unit, container: Node, start: number): void {
    let prevEnd = start;
    for (const c of container.children) {
      if (!c) continue;
      switch (c.type) {
        case 'function_definition':
          this.functionDefinition(unit, c, prevEnd);
          break;
        case 'declaration':
          // Names the unit's functions may read as file-scope objects (LowerEnv.globals).
          for (const g of globalScalarNames(c)) this.globals.add(g);
          this.typeDeclaration(unit, c);
          break;
        case 'type_definition':
        case 'struct_specifier':
        case 'union_specifier':
        case 'enum_specifier':
          this.typeDeclaration(unit, c);
          break;
        case 'preproc_def':
          this.define(unit, c);
          break;
        case 'preproc_if':
        case 'preproc_ifdef':
        case 'preproc_else':
        case 'preproc_elif':
        case 'preproc_elifdef':
          this.walk(unit, c, prevEnd);
          break;
        case 'ERROR':
          if (this.tolerant) this.walk(unit, c, prevEnd);
          break;
        default:
          break;
      }
      if (c.type !== 'comment') prevEnd = c.endIndex;
    }
  }

  private functionDefinition(unit: Unit, node: Node, prevEnd: number): void {
    const { src } = unit;
    const facts = definitionFactsOf(unit, node, prevEnd);
    const { header } = facts;
    if (!header) {
      // `DEFINE_IDTENTRY_RAW(exc_int3) { ... }`: a function whose name a macro makes.
      const reason = `unsupported C construct 'macro-generated function definition' in ${facts.macroName}`;
      const loc = unit.env.loc(node);
      if (!this.tolerant) throw new CSyntaxError(loc, reason);
      this.record(facts.macroName, { kind: 'unsupported', info: { loc, reason } });
      return;
    }
    if (facts.bad) {
      // Only reachable in tolerant mode: strict mode rejected the file already.
      this.record(header.name, { kind: 'unsupported', info: { loc: unit.env.loc(facts.bad), reason: errorDetail(facts.bad, src.text), attrs: facts.attrs } });
      return;
    }
    this.record(header.name, { kind: 'function', unit, node: facts.node, header, attrs: facts.attrs });
  }

  /** Record a definition; a later one replaces an earlier one of the same name. */
  private record(name: string, def: Definition): void {
    this.definitions.set(name, def);
  }

  // ---- types and constants ------------------------------------------------------------------

  private typeDeclaration(unit: Unit, node: Node): void {
    if (node.type === 'struct_specifier' || node.type === 'union_specifier') {
      this.structSpecifier(node);
      return;
    }
    if (node.type === 'enum_specifier') {
      this.enumSpecifier(unit, node);
      return;
    }
    const type = node.childForFieldName('type');
    if (!type) return;
    let layout: Map<string, number> | null = null;
    if (type.type === 'struct_specifier' || type.type === 'union_specifier') layout = this.structSpecifier(type);
    else if (type.type === 'enum_specifier') this.enumSpecifier(unit, type);
    if (node.type !== 'type_definition') return;
    const target =
      type.type === 'type_identifier'
        ? type.text
        : (type.type === 'struct_specifier' || type.type === 'union_specifier') && !layout
          ? type.childForFieldName('name')?.text
          : undefined;
    for (const d of node.childrenForFieldName('declarator')) {
      if (!d || d.type !== 'type_identifier') continue;
      if (layout) {
        this.structs.set(d.text, layout);
        this.definedStructs.add(d.text);
      } else if (target) this.aliases.push([d.text, target]);
    }
  }

  /** Record the layout of a struct / union with a body (and of named nested ones). */
  private structSpecifier(node: Node): Map<string, number> | null {
    const body = node.childForFieldName('body');
    if (!body) return null;
    const fields: string[] = [];
    this.fields(body, fields);
    const layout = new Map<string, number>();
    for (const f of fields) if (!layout.has(f)) layout.set(f, layout.size);
    const name = node.childForFieldName('name');
    if (name) {
      this.structs.set(name.text, layout);
      this.definedStructs.add(name.text);
    }
    return layout;
  }

  private fields(list: Node, out: string[]): void {
    for (const c of kids(list)) {
      if (c.type === 'field_declaration') {
        const type = c.childForFieldName('type');
        const decls = c.childrenForFieldName('declarator').filter((d): d is Node => d !== null);
        const isAggregate = type !== null && (type.type === 'struct_specifier' || type.type === 'union_specifier');
        if (isAggregate && type.childForFieldName('body')) {
          if (decls.length === 0) {
            // Anonymous struct / union member: its fields are the parent's.
            const inner = type.childForFieldName('body');
            if (inner) this.fields(inner, out);
            continue;
          }
          this.structSpecifier(type);
        }
        for (const d of decls) {
          const id = declaredIdentifier(d);
          if (id) out.push(id.text);
        }
      } else if (c.type.startsWith('preproc_if') || c.type.startsWith('preproc_el')) {
        this.fields(c, out);
      }
    }
  }

  private enumSpecifier(unit: Unit, node: Node): void {
    const body = node.childForFieldName('body');
    if (!body) return;
    let next: number | null = 0;
    for (const e of kids(body)) {
      if (e.type !== 'enumerator') continue;
      const name = e.childForFieldName('name');
      const value = e.childForFieldName('value');
      let v: number | null = next;
      if (value) v = evalConstText(unit.src.text.slice(value.startIndex, value.endIndex), this.constants);
      if (name && v !== null) this.constants.set(name.text, v);
      next = v === null ? null : v + 1;
    }
  }

  private define(unit: Unit, node: Node): void {
    const name = node.childForFieldName('name');
    const value = node.childForFieldName('value');
    if (!name || !value) return;
    const v = evalConstText(unit.src.text.slice(value.startIndex, value.endIndex), this.constants);
    if (v !== null) this.constants.set(name.text, v);
  }

  /** `typedef struct foo foo_t;` after `struct foo { ... }`: share the layout. */
  resolveAliases(): void {
    for (let pass = 0; pass < 2; pass++) {
      for (const [alias, target] of this.aliases) {
        const layout = this.definedStructs.has(target) ? this.structs.get(target) : undefined;
        if (layout && !this.definedStructs.has(alias)) {
          this.structs.set(alias, layout);
          this.definedStructs.add(alias);
        }
      }
    }
  }

  // ---- lowering -----------------------------------------------------------------------------

  lower(): IrProgram {
    const functions = new Map<string, IrFunction>();
    const unsupported = new Map<string, UnsupportedFunction>();
    const byUnit = new Map<Unit, Map<number, Lowered>>();
    for (const [name, def] of this.definitions) {
      if (def.kind === 'unsupported') {
        unsupported.set(name, def.info);
        continue;
      }
      // One lookup per unit: the cache is keyed by the file's whole text.
      let memo: Map<number, Lowered> | null = null;
      if (this.lowered) {
        memo = byUnit.get(def.unit) ?? null;
        if (!memo) byUnit.set(def.unit, (memo = loweredOf(this.lowered, def.unit.src)));
      }
      const base = def.unit.env;
      let got = memo?.get(def.node.startIndex);
      // Ask the remembered questions again here, in order (a field bit is allocated as the fresh
      // lowering would allocate it); one different answer and the function is lowered anew. The
      // questions asked before the difference are the fresh lowering's first ones too, so what
      // they allocated is what it would.
      if (got && !got.asked.every((q) => sameAnswer(q, base.fields, base.globals))) got = undefined;
      if (!got) {
        const asked: Question[] = [];
        const env: LowerEnv = memo
          ? {
              ...base,
              fields: {
                fieldBit(type, field) {
                  const answer = base.fields.fieldBit(type, field);
                  asked.push({ q: 'bit', type, field, answer });
                  return answer;
                },
                positional(type) {
                  const answer = base.fields.positional(type);
                  asked.push({ q: 'positional', type, answer: answer?.join(',') ?? null });
                  return answer;
                },
              },
              ...(base.globals
                ? {
                    globals: {
                      has(name: string) {
                        const answer = base.globals!.has(name);
                        asked.push({ q: 'global', name, answer });
                        return answer;
                      },
                    },
                  }
                : {}),
            }
          : base;
        try {
          got = { asked, fn: lowerFunction(def.node, def.header, def.attrs, env) };
        } catch (e) {
          if (!(e instanceof LowerError)) throw e;
          const loc = base.loc(e.node);
          if (!this.tolerant) throw new CSyntaxError(loc, e.detail);
          got = { asked, unsupported: { loc, reason: e.detail, attrs: def.attrs } };
        }
        if (memo) memo.set(def.node.startIndex, got);
      }
      if ('fn' in got) functions.set(name, got.fn);
      else unsupported.set(name, got.unsupported);
    }
    return {
      functions,
      structs: this.structs,
      sources: this.sources,
      unsupported,
      constants: this.constants,
    };
  }
}

/** The annotations that start in [from, to), using binary search over the sorted list. */
function attrsIn(attrs: readonly KernelAttr[], from: number, to: number): KernelAttr[] {
  let lo = 0;
  let hi = attrs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (attrs[mid]!.start < from) lo = mid + 1;
    else hi = mid;
  }
  const out: KernelAttr[] = [];
  for (let i = lo; i < attrs.length && attrs[i]!.start < to; i++) out.push(attrs[i]!);
  return out;
}
