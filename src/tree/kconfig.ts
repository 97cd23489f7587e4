// The tree's own Kconfig: a reader for the Kconfig language (the subset the kernel's Kconfig
// files use for bool/tristate symbols) and a three-valued evaluator.
//
// Reading starts at the top-level `Kconfig` and follows `source "…"` (and rsource/osource/
// orsource) with `$(SRCARCH)`/`$(ARCH)` bound to the chosen architecture, so exactly the files
// `make ARCH=<arch> *config` reads are read. Per definition it keeps the type, the prompt, the
// direct dependencies (its own `depends on` and those of every enclosing `if`, `menu` and
// `choice`), `select`/`imply` (with their `if`), `default`/`def_bool`, and choice membership.
//
// Values are three-valued: y, n and u (unknown). Tristate m is treated as y (the model's
// symbols are bool in effect). u arises only where the tree itself does not decide a value: a
// `$(shell …)`/`$(cc-option …)`-style macro (the compiler decides), a recursive dependency, or
// a symbol no Kconfig file read defines while some `source` could not be followed. Callers
// must never read u as n (kentry's rule: unknown is never zero).

import fs from 'node:fs';
import path from 'node:path';

// ─────────────────────────────────────────────────────────────────────── expressions ──

export type KExpr =
  | { readonly k: 'sym'; readonly name: string }
  | { readonly k: 'str'; readonly value: string }
  | { readonly k: 'macro'; readonly text: string }
  | { readonly k: 'not'; readonly e: KExpr }
  | { readonly k: 'and' | 'or'; readonly a: KExpr; readonly b: KExpr }
  | { readonly k: 'cmp'; readonly op: '=' | '!=' | '<' | '>' | '<=' | '>='; readonly a: KExpr; readonly b: KExpr };

export type Tri = 'y' | 'n' | 'u';

export const TRUE: KExpr = { k: 'sym', name: 'y' };

export function and(a: KExpr | null, b: KExpr | null): KExpr | null {
  if (!a) return b;
  if (!b) return a;
  return { k: 'and', a, b };
}

function or(a: KExpr | null, b: KExpr | null): KExpr | null {
  if (!a || !b) return null; // null = always true
  return { k: 'or', a, b };
}

export function formatExpr(e: KExpr | null, parentPrec = 0): string {
  if (!e) return 'y';
  switch (e.k) {
    case 'sym':
      return e.name;
    case 'str':
      return JSON.stringify(e.value);
    case 'macro':
      return e.text;
    case 'not':
      return `!${formatExpr(e.e, 3)}`;
    case 'cmp':
      return `${formatExpr(e.a, 4)}${e.op}${formatExpr(e.b, 4)}`;
    case 'and':
    case 'or': {
      const prec = e.k === 'or' ? 1 : 2;
      const s = `${formatExpr(e.a, prec)} ${e.k === 'or' ? '||' : '&&'} ${formatExpr(e.b, prec)}`;
      return prec < parentPrec ? `(${s})` : s;
    }
  }
}

/** Symbols an expression mentions. */
export function exprSymbols(e: KExpr | null, out = new Set<string>()): Set<string> {
  if (!e) return out;
  switch (e.k) {
    case 'sym':
      if (!isConstSym(e.name)) out.add(e.name);
      break;
    case 'not':
      exprSymbols(e.e, out);
      break;
    case 'and':
    case 'or':
    case 'cmp':
      exprSymbols(e.a, out);
      exprSymbols(e.b, out);
      break;
  }
  return out;
}

function isConstSym(name: string): boolean {
  return name === 'y' || name === 'n' || name === 'm' || /^-?(?:0x[0-9a-fA-F]+|\d+)$/.test(name);
}

export class KconfigSyntaxError extends Error {}

/** Parses a Kconfig expression. `$(…)` macros become opaque `macro` atoms. */
const exprCache = new Map<string, KExpr>();
const IDENT = /^\s*([A-Za-z0-9_]+)\s*$/;

export function parseExpr(text: string, where: string): KExpr {
  const id = IDENT.exec(text);
  if (id) return { k: 'sym', name: id[1]! };
  const hit = exprCache.get(text);
  if (hit) return hit;
  const e = parseExprText(text, where);
  exprCache.set(text, e);
  return e;
}

function parseExprText(text: string, where: string): KExpr {
  const toks: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) { i++; continue; }
    if (c === '#') break;
    if (c === '$' && text[i + 1] === '(') {
      let depth = 0;
      let j = i + 1;
      for (; j < text.length; j++) {
        if (text[j] === '(') depth++;
        else if (text[j] === ')' && --depth === 0) break;
      }
      toks.push(text.slice(i, j + 1));
      i = j + 1;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
      toks.push(text.slice(i, j + 1));
      i = j + 1;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (['&&', '||', '!=', '<=', '>='].includes(two)) { toks.push(two); i += 2; continue; }
    if ('!()=<>'.includes(c)) { toks.push(c); i++; continue; }
    const m = /^[A-Za-z0-9_.\-]+/.exec(text.slice(i));
    if (!m) throw new KconfigSyntaxError(`${where}: cannot read expression '${text.trim()}'`);
    toks.push(m[0]);
    i += m[0].length;
  }
  let p = 0;
  const peek = (): string | undefined => toks[p];
  const fail = (): never => {
    throw new KconfigSyntaxError(`${where}: cannot read expression '${text.trim()}'`);
  };
  const atom = (): KExpr => {
    const t = toks[p++];
    if (t === undefined) return fail();
    if (t === '(') {
      const e = orE();
      if (toks[p++] !== ')') fail();
      return e;
    }
    if (t === '!') return { k: 'not', e: atom() };
    if (t.startsWith('$(')) return { k: 'macro', text: t };
    if (t.startsWith('"') || t.startsWith("'")) return { k: 'str', value: t.slice(1, -1) };
    if (/^[()&|=<>!]/.test(t)) return fail();
    return { k: 'sym', name: t };
  };
  const cmp = (): KExpr => {
    const a = atom();
    const op = peek();
    if (op === '=' || op === '!=' || op === '<' || op === '>' || op === '<=' || op === '>=') {
      p++;
      return { k: 'cmp', op, a, b: atom() };
    }
    return a;
  };
  const andE = (): KExpr => {
    let e = cmp();
    while (peek() === '&&') {
      p++;
      e = { k: 'and', a: e, b: cmp() };
    }
    return e;
  };
  const orE = (): KExpr => {
    let e = andE();
    while (peek() === '||') {
      p++;
      e = { k: 'or', a: e, b: andE() };
    }
    return e;
  };
  const e = orE();
  if (p !== toks.length) fail();
  return e;
}

// ──────────────────────────────────────────────────────────────────────────── model ──

export interface KLoc {
  readonly file: string;
  readonly line: number;
}

export interface KDefault {
  readonly value: KExpr;
  readonly cond: KExpr | null;
  readonly loc: KLoc;
}

export interface KReverse {
  /** The symbol whose definition says `select`/`imply`. */
  readonly from: string;
  readonly cond: KExpr | null;
  /** The selecting definition's direct dependencies (the select applies only where they hold). */
  readonly deps: KExpr | null;
  readonly loc: KLoc;
}

/** One `config`/`menuconfig` block (a symbol may be defined in several places). */
export interface KDefinition {
  readonly loc: KLoc;
  type: 'bool' | 'tristate' | 'string' | 'int' | 'hex' | null;
  /** Condition of the prompt (`bool "text" if C` → C; null = unconditional), undefined = no prompt. */
  prompt: KExpr | null | undefined;
  /** Direct dependencies: own `depends on` and those of every enclosing if/menu/choice. */
  deps: KExpr | null;
  readonly defaults: KDefault[];
  readonly choice: KChoice | null;
}

export interface KChoice {
  readonly loc: KLoc;
  readonly name: string | null;
  prompt: string;
  deps: KExpr | null;
  readonly defaults: { readonly sym: string; readonly cond: KExpr | null; readonly loc: KLoc }[];
  readonly members: string[];
}

export interface KSymbol {
  readonly name: string;
  readonly defs: KDefinition[];
  /** `select NAME` lines aimed at this symbol. */
  readonly selectedBy: KReverse[];
  readonly impliedBy: KReverse[];
}

export interface KconfigDb {
  readonly root: string;
  readonly arch: string;
  readonly symbols: ReadonlyMap<string, KSymbol>;
  readonly choices: readonly KChoice[];
  /** Files read, relative to the root. */
  readonly files: number;
  /** `source` lines that could not be followed (a file missing, a variable not known). */
  readonly unresolved: readonly { readonly loc: KLoc; readonly path: string; readonly why: string }[];
  readonly seconds: number;
}

// ─────────────────────────────────────────────────────────────────────────── reader ──

/** Columns of leading whitespace (tabs to the next multiple of 8). */
function indentOf(line: string): number {
  let n = 0;
  for (const c of line) {
    if (c === ' ') n++;
    else if (c === '\t') n = (n & ~7) + 8;
    else break;
  }
  return n;
}

/** The first quoted string of `text` and what follows it. */
function quoted(text: string): { str: string; rest: string } | null {
  const m = /^\s*(["'])((?:\\.|(?!\1).)*)\1(.*)$/.exec(text);
  return m ? { str: m[2]!, rest: m[3]! } : null;
}

function ifPart(rest: string, where: string): KExpr | null {
  const m = /^\s*if\s+(.*)$/.exec(rest);
  if (m) return parseExpr(m[1]!, where);
  if (rest.trim() !== '' && !rest.trim().startsWith('#')) throw new KconfigSyntaxError(`${where}: unexpected '${rest.trim()}'`);
  return null;
}

interface Frame {
  readonly kind: 'if' | 'menu' | 'choice' | 'file';
  readonly deps: KExpr | null;
  menu?: { deps: KExpr | null };
  choice?: KChoice;
}

/**
 * Reads the Kconfig files `make ARCH=<arch>` reads, from `root/Kconfig` along `source` lines.
 * Throws KconfigSyntaxError for text it cannot read (with file:line).
 */
export function readKconfig(root: string, arch: string): KconfigDb {
  const started = performance.now();
  const vars = new Map<string, string>([['SRCARCH', arch], ['ARCH', arch]]);
  const symbols = new Map<string, KSymbol>();
  const choices: KChoice[] = [];
  const unresolved: { loc: KLoc; path: string; why: string }[] = [];
  const pendingRev: { kind: 'select' | 'imply'; target: string; rev: KReverse }[] = [];
  let files = 0;

  const sym = (name: string): KSymbol => {
    let s = symbols.get(name);
    if (!s) {
      s = { name, defs: [], selectedBy: [], impliedBy: [] };
      symbols.set(name, s);
    }
    return s;
  };
  const expand = (s: string): { text: string; unknown: string | null } => {
    let unknown: string | null = null;
    const text = s.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (all, v: string) => {
      const x = vars.get(v);
      if (x === undefined) unknown ??= all;
      return x ?? all;
    });
    return { text, unknown };
  };

  const readFile = (rel: string, stack: Frame[]): void => {
    const abs = path.join(root, rel);
    const text = fs.readFileSync(abs, 'utf8');
    files++;
    const lines = text.split('\n');
    const depth0 = stack.length;
    let cur: { def: KDefinition; name: string; ownDeps: KExpr | null; enclosing: KExpr | null } | null = null;
    let curChoice: { choice: KChoice; frame: Frame } | null = null;
    let curMenu: Frame | null = null;
    const enclosingDeps = (): KExpr | null => {
      let d: KExpr | null = null;
      for (const f of stack) {
        d = and(d, f.deps);
        if (f.menu) d = and(d, f.menu.deps);
      }
      return d;
    };
    let inComment = false;
    const finish = (): void => {
      inComment = false;
      if (cur) cur.def.deps = and(cur.enclosing, cur.ownDeps);
      cur = null;
      curChoice = null;
      curMenu = null;
    };
    for (let i = 0; i < lines.length; i++) {
      const lineNo = i + 1;
      let line = lines[i]!;
      while (/\\\s*$/.test(line) && i + 1 < lines.length) line = line.replace(/\\\s*$/, ' ') + lines[++i]!;
      const where = `${rel}:${lineNo}`;
      const t = stripComment(line).trim();
      if (t === '') continue;
      if (t.startsWith('$(')) continue; // a top-level macro call (e.g. $(error-if,…)): the build's business
      if (/^[A-Za-z0-9_-]+\s*(?::=|\+=|=)/.test(t)) continue; // macro-language assignment
      const m = /^([A-Za-z_-]+)\s*(.*)$/.exec(t);
      if (!m) {
        throw new KconfigSyntaxError(`${where}: cannot read '${t}'`);
      }
      const kw = m[1]!;
      const rest = m[2]!;
      const loc = { file: rel, line: lineNo };
      switch (kw) {
        case 'help':
        case '---help---': {
          // The help text: every following line indented more than its first line's start.
          let first = -1;
          while (i + 1 < lines.length) {
            const nx = lines[i + 1]!;
            if (nx.trim() === '') { i++; continue; }
            const ind = indentOf(nx);
            if (first < 0) first = ind;
            if (ind < first || ind === 0) break;
            i++;
          }
          continue;
        }
        case 'config':
        case 'menuconfig': {
          finish();
          const name = rest.trim();
          const def: KDefinition = { loc, type: null, prompt: undefined, deps: null, defaults: [], choice: null };
          const top = stack[stack.length - 1];
          const choice = top?.kind === 'choice' ? top.choice! : null;
          if (choice) {
            (def as { choice: KChoice | null }).choice = choice;
            choice.members.push(name);
          }
          sym(name).defs.push(def);
          cur = { def, name, ownDeps: null, enclosing: enclosingDeps() };
          continue;
        }
        case 'choice': {
          finish();
          const choice: KChoice = { loc, name: rest.trim() || null, prompt: '', deps: null, defaults: [], members: [] };
          choices.push(choice);
          const frame: Frame = { kind: 'choice', deps: null, choice, menu: { deps: null } };
          // The choice's own `depends on` lines apply to its members: they land in frame.menu.
          stack.push(frame);
          curChoice = { choice, frame };
          continue;
        }
        case 'endchoice': {
          finish();
          const f = stack.pop();
          if (f?.kind !== 'choice') throw new KconfigSyntaxError(`${where}: endchoice without choice`);
          f.choice!.deps = and(enclosingDeps(), f.menu!.deps);
          continue;
        }
        case 'menu': {
          finish();
          const frame: Frame = { kind: 'menu', deps: null, menu: { deps: null } };
          stack.push(frame);
          curMenu = frame;
          continue;
        }
        case 'endmenu': {
          finish();
          const f = stack.pop();
          if (f?.kind !== 'menu') throw new KconfigSyntaxError(`${where}: endmenu without menu`);
          continue;
        }
        case 'if': {
          finish();
          stack.push({ kind: 'if', deps: parseExpr(rest, where) });
          continue;
        }
        case 'endif': {
          finish();
          const f = stack.pop();
          if (f?.kind !== 'if') throw new KconfigSyntaxError(`${where}: endif without if`);
          continue;
        }
        case 'comment':
        case 'mainmenu':
          // A comment may carry `depends on`: it only decides whether the comment is shown.
          finish();
          inComment = true;
          continue;
        case 'source':
        case 'rsource':
        case 'osource':
        case 'orsource': {
          finish();
          const q = quoted(rest);
          if (!q) throw new KconfigSyntaxError(`${where}: ${kw} without a quoted path`);
          const { text: p, unknown } = expand(q.str);
          const relPath = kw.startsWith('r') || kw.startsWith('or') ? path.join(path.dirname(rel), p) : p;
          const optional = kw.startsWith('o');
          if (unknown) {
            unresolved.push({ loc, path: q.str, why: `${unknown} is not known for ${arch}` });
            continue;
          }
          if (/[*?[]/.test(relPath)) {
            const dir = path.dirname(relPath);
            const re = new RegExp('^' + path.basename(relPath).replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$');
            let entries: string[] = [];
            try {
              entries = fs.readdirSync(path.join(root, dir)).filter((n) => re.test(n)).sort();
            } catch { /* no directory: a glob matching nothing */ }
            for (const n of entries) readFile(path.join(dir, n), stack);
            continue;
          }
          if (!fs.existsSync(path.join(root, relPath))) {
            if (!optional) unresolved.push({ loc, path: relPath, why: 'no such file' });
            continue;
          }
          readFile(relPath, stack);
          continue;
        }
      }
      // Attributes of the current config, choice or menu.
      if (inComment && (kw === 'depends' || kw === 'visible')) continue;
      const target: 'config' | 'choice' | 'menu' | null = cur ? 'config' : curChoice ? 'choice' : curMenu ? 'menu' : null;
      if (!target) throw new KconfigSyntaxError(`${where}: '${t}' outside a config, choice or menu`);
      switch (kw) {
        case 'bool':
        case 'boolean':
        case 'tristate':
        case 'string':
        case 'int':
        case 'hex':
        case 'prompt': {
          if (kw !== 'prompt' && target === 'config') cur!.def.type = kw === 'boolean' ? 'bool' : kw;
          const q = quoted(rest);
          if (!q) {
            if (rest.trim() !== '' && kw !== 'prompt') throw new KconfigSyntaxError(`${where}: cannot read '${t}'`);
            continue;
          }
          const cond = ifPart(q.rest, where);
          if (target === 'config') cur!.def.prompt = cond;
          else if (target === 'choice') curChoice!.choice.prompt = q.str;
          continue;
        }
        case 'def_bool':
        case 'def_tristate': {
          if (target !== 'config') throw new KconfigSyntaxError(`${where}: ${kw} outside a config`);
          cur!.def.type = kw === 'def_bool' ? 'bool' : 'tristate';
          const [v, c] = splitIf(rest);
          cur!.def.defaults.push({ value: parseExpr(expand(v).text, where), cond: c === null ? null : parseExpr(c, where), loc });
          continue;
        }
        case 'default': {
          const [v, c] = splitIf(rest);
          const cond = c === null ? null : parseExpr(c, where);
          if (target === 'choice') curChoice!.choice.defaults.push({ sym: v.trim(), cond, loc });
          else if (target === 'config') cur!.def.defaults.push({ value: parseExpr(expand(v).text, where), cond, loc });
          continue;
        }
        case 'depends': {
          const dm = /^on\s+(.*)$/.exec(rest);
          if (!dm) throw new KconfigSyntaxError(`${where}: 'depends' without 'on'`);
          // `depends on A if C` (newer Kconfig): the dependency holds where C does not.
          const [dv, dc] = splitIf(expand(dm[1]!).text);
          const e0 = parseExpr(dv, where);
          const e: KExpr = dc === null ? e0 : { k: 'or', a: { k: 'not', e: parseExpr(dc, where) }, b: e0 };
          if (target === 'config') cur!.ownDeps = and(cur!.ownDeps, e);
          else if (target === 'choice') curChoice!.frame.menu!.deps = and(curChoice!.frame.menu!.deps, e);
          else curMenu!.menu!.deps = and(curMenu!.menu!.deps, e);
          continue;
        }
        case 'select':
        case 'imply': {
          if (target !== 'config') throw new KconfigSyntaxError(`${where}: ${kw} outside a config`);
          const [v, c] = splitIf(rest);
          const c0 = cur!;
          const rev: KReverse = { from: c0.name, cond: c === null ? null : parseExpr(c, where), deps: null, loc };
          pendingRev.push({ kind: kw, target: v.trim(), rev });
          // deps are filled in when the definition is finished (see below).
          (rev as { deps: KExpr | null }).deps = null;
          revOwner.set(rev, c0);
          continue;
        }
        case 'visible':
        case 'range':
        case 'option':
        case 'modules':
        case 'optional':
        case 'transitional':
        case 'defconfig_list':
        case 'allnoconfig_y':
          continue;
        default:
          throw new KconfigSyntaxError(`${where}: unknown Kconfig keyword '${kw}'`);
      }
    }
    finish();
    if (stack.length !== depth0) throw new KconfigSyntaxError(`${rel}: unterminated if/menu/choice at end of file`);
  };
  const revOwner = new Map<KReverse, { def: KDefinition }>();
  readFile('Kconfig', [{ kind: 'file', deps: null }]);
  for (const { kind, target, rev } of pendingRev) {
    (rev as { deps: KExpr | null }).deps = revOwner.get(rev)!.def.deps;
    (kind === 'select' ? sym(target).selectedBy : sym(target).impliedBy).push(rev);
  }
  return { root, arch, symbols, choices, files, unresolved, seconds: (performance.now() - started) / 1000 };
}

/** The line without a trailing `# comment` (outside quotes and `$(…)`). */
function stripComment(line: string): string {
  let q: string | null = null;
  let depth = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (q) {
      if (c === '\\') i++;
      else if (c === q) q = null;
      continue;
    }
    if (c === '"' || c === "'") q = c;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '#' && depth === 0) return line.slice(0, i);
  }
  return line;
}

function splitIf(rest: string): [string, string | null] {
  if (!/\sif\s/.test(rest)) return [rest, null];
  // `default X if C`: split at the first ` if ` outside quotes and parentheses.
  let depth = 0;
  let q: string | null = null;
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i]!;
    if (q) {
      if (c === q) q = null;
      continue;
    }
    if (c === '"' || c === "'") q = c;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0 && /\s/.test(c) && /^\s+if\s/.test(rest.slice(i))) {
      const m = /^\s+if\s+/.exec(rest.slice(i))!;
      return [rest.slice(0, i), rest.slice(i + m[0].length)];
    }
  }
  return [rest.replace(/\s+#.*$/, ''), null];
}

const dbCache = new Map<string, KconfigDb>();

/** `readKconfig`, once per tree and arch for the life of the process. */
export function kconfigOf(root: string, arch: string): KconfigDb {
  const key = `${path.resolve(root)}|${arch}`;
  let db = dbCache.get(key);
  if (!db) {
    db = readKconfig(root, arch);
    dbCache.set(key, db);
  }
  return db;
}

// ──────────────────────────────────────────────────────────────────────── evaluator ──

/** Why a symbol has its value (for explanations). */
export interface Assignment {
  /** User-settable symbols set by the caller (axes, enablers). */
  readonly user: ReadonlyMap<string, boolean>;
  /** Choice → the member the user picked (otherwise the choice's default). */
  readonly choice: ReadonlyMap<KChoice, string>;
  /** Values taken as given (documented assumptions). */
  readonly assumed: ReadonlyMap<string, boolean>;
}

const and3 = (a: Tri, b: Tri): Tri => (a === 'n' || b === 'n' ? 'n' : a === 'u' || b === 'u' ? 'u' : 'y');
const or3 = (a: Tri, b: Tri): Tri => (a === 'y' || b === 'y' ? 'y' : a === 'u' || b === 'u' ? 'u' : 'n');
const not3 = (a: Tri): Tri => (a === 'y' ? 'n' : a === 'n' ? 'y' : 'u');

/**
 * The value of every symbol under one assignment, computed on demand (only the dependency
 * closure of what is asked is evaluated). Everything the assignment does not set is at its
 * Kconfig default, as `make olddefconfig` would leave it, plus what `select` forces.
 */
export class KconfigEval {
  private readonly memo = new Map<string, Tri>();
  private readonly busy = new Set<string>();
  /** Why a value is u: symbol → reason. */
  readonly unknownWhy = new Map<string, string>();
  /** Assumptions this evaluation relied on. */
  readonly usedAssumptions = new Set<string>();

  constructor(
    readonly db: KconfigDb,
    readonly a: Assignment,
  ) {}

  expr(e: KExpr | null): Tri {
    if (!e) return 'y';
    switch (e.k) {
      case 'sym':
        return this.value(e.name);
      case 'str':
        return 'n';
      case 'macro':
        return 'u';
      case 'not':
        return not3(this.expr(e.e));
      case 'and': {
        const a = this.expr(e.a);
        return a === 'n' ? 'n' : and3(a, this.expr(e.b));
      }
      case 'or': {
        const a = this.expr(e.a);
        return a === 'y' ? 'y' : or3(a, this.expr(e.b));
      }
      case 'cmp': {
        const a = this.str(e.a);
        const b = this.str(e.b);
        if (a === undefined || b === undefined) return 'u';
        let r: boolean;
        if (e.op === '=' || e.op === '!=') r = (a === b) === (e.op === '=');
        else {
          const na = Number(a);
          const nb = Number(b);
          if (Number.isNaN(na) || Number.isNaN(nb)) return 'u';
          r = e.op === '<' ? na < nb : e.op === '>' ? na > nb : e.op === '<=' ? na <= nb : na >= nb;
        }
        return r ? 'y' : 'n';
      }
    }
  }

  /** String value of an atom for comparisons (undefined: unknown). */
  private str(e: KExpr): string | undefined {
    if (e.k === 'str') return e.value;
    if (e.k === 'macro') return undefined;
    if (e.k === 'sym') {
      if (isConstSym(e.name)) return e.name === 'm' ? 'y' : e.name;
      const s = this.db.symbols.get(e.name);
      const type = s?.defs.find((d) => d.type)?.type;
      if (type === 'string' || type === 'int' || type === 'hex') {
        for (const d of s!.defs) {
          if (this.expr(d.deps) !== 'y') continue;
          for (const df of d.defaults) {
            const c = this.expr(df.cond);
            if (c === 'u') return undefined;
            if (c === 'y') return df.value.k === 'str' ? df.value.value : df.value.k === 'sym' ? df.value.name : undefined;
          }
        }
        return '';
      }
      const v = this.value(e.name);
      return v === 'u' ? undefined : v;
    }
    const v = this.expr(e);
    return v === 'u' ? undefined : v;
  }

  /** Direct dependencies of a symbol (any of its definitions). */
  deps(name: string): Tri {
    const s = this.db.symbols.get(name);
    if (!s || s.defs.length === 0) return 'y';
    let v: Tri = 'n';
    for (const d of s.defs) v = or3(v, this.expr(d.deps));
    return v;
  }

  /** Whether the user can set it: a prompt whose condition and dependencies hold. */
  visible(name: string): Tri {
    const s = this.db.symbols.get(name);
    if (!s) return 'n';
    let v: Tri = 'n';
    for (const d of s.defs) if (d.prompt !== undefined) v = or3(v, and3(this.expr(d.deps), this.expr(d.prompt)));
    return v;
  }

  /** `select` pressure: some selecting symbol is y (with its `if`). */
  selected(name: string): Tri {
    const s = this.db.symbols.get(name);
    if (!s) return 'n';
    let v: Tri = 'n';
    for (const r of s.selectedBy) {
      if (v === 'y') break;
      v = or3(v, and3(this.value(r.from), this.expr(r.cond)));
    }
    return v;
  }

  private implied(name: string): Tri {
    const s = this.db.symbols.get(name);
    if (!s) return 'n';
    let v: Tri = 'n';
    for (const r of s.impliedBy) v = or3(v, and3(this.value(r.from), this.expr(r.cond)));
    return v;
  }

  /** The first default whose condition holds (within its definition's dependencies). */
  defaultValue(name: string): Tri {
    const s = this.db.symbols.get(name);
    if (!s) return 'n';
    const entries: { when: Tri; value: KExpr }[] = [];
    for (const d of s.defs) {
      const dep = this.expr(d.deps);
      if (dep === 'n') continue;
      for (const df of d.defaults) entries.push({ when: and3(dep, this.expr(df.cond)), value: df.value });
    }
    // The first default that applies decides. Where it is unknown whether one applies, the value
    // is known only if it is the same whether it applies or not (e.g. `default n` under an
    // unknown dependency, with nothing after it: n either way).
    const from = (i: number): Tri => {
      for (; i < entries.length; i++) {
        const e = entries[i]!;
        if (e.when === 'n') continue;
        const v = this.expr(e.value);
        if (e.when === 'y') return v;
        if (v === 'u') return 'u';
        return from(i + 1) === v ? v : 'u';
      }
      return 'n';
    };
    return from(0);
  }

  /** The member a choice ends up with: the user's pick, else its first applicable default, else its first visible member. */
  choiceMember(c: KChoice): string | null | undefined {
    const pick = this.a.choice.get(c);
    if (pick !== undefined) return pick;
    if (this.expr(c.deps) !== 'y') return this.expr(c.deps) === 'u' ? undefined : null;
    for (const d of c.defaults) {
      const cv = this.expr(d.cond);
      if (cv === 'u') return undefined;
      if (cv === 'y' && this.visible(d.sym) === 'y') return d.sym;
    }
    for (const m of c.members) {
      const v = this.visible(m);
      if (v === 'u') return undefined;
      if (v === 'y') return m;
    }
    return null;
  }

  value(name: string): Tri {
    if (name === 'y' || name === 'm') return 'y';
    if (name === 'n') return 'n';
    const hit = this.memo.get(name);
    if (hit !== undefined) return hit;
    if (this.busy.has(name)) {
      this.unknownWhy.set(name, 'recursive dependency');
      return 'u';
    }
    this.busy.add(name);
    let v = this.compute(name);
    this.busy.delete(name);
    // An assumption stands in only where the tree leaves the value to the toolchain.
    const assumed = this.a.assumed.get(name);
    if (v === 'u' && assumed !== undefined) {
      v = assumed ? 'y' : 'n';
      this.usedAssumptions.add(name);
    }
    this.memo.set(name, v);
    return v;
  }

  private compute(name: string): Tri {
    const s = this.db.symbols.get(name);
    if (!s || s.defs.length === 0) {
      if (this.db.unresolved.length) {
        this.unknownWhy.set(name, `not defined in the Kconfig files read (unread: ${this.db.unresolved.map((u) => u.path).join(', ')})`);
        return 'u';
      }
      return 'n'; // make: a symbol no Kconfig defines is never set
    }
    const sel = this.selected(name);
    const choice = s.defs.find((d) => d.choice)?.choice;
    let own: Tri;
    if (choice) {
      const m = this.choiceMember(choice);
      own = m === undefined ? 'u' : m === name ? and3(this.deps(name), 'y') : 'n';
    } else {
      const user = this.a.user.get(name);
      const vis = this.visible(name);
      if (user !== undefined && vis === 'y') own = user ? 'y' : 'n';
      else {
        own = this.defaultValue(name);
        if (own !== 'y' && vis !== 'n') own = or3(own, and3(this.deps(name), this.implied(name)));
        if (user !== undefined && vis === 'u') own = 'u';
      }
    }
    const v = or3(own, sel);
    if (v === 'u' && !this.unknownWhy.has(name)) this.unknownWhy.set(name, this.whyUnknown(name));
    return v;
  }

  private whyUnknown(name: string): string {
    const s = this.db.symbols.get(name)!;
    for (const d of s.defs) {
      for (const df of d.defaults) {
        const m = [df.value, df.cond].find((e) => e && containsMacro(e));
        if (m) return `its default is decided by ${formatExpr(m)} (the compiler or the shell, not the tree)`;
      }
      if (d.deps && containsMacro(d.deps)) return `it depends on ${formatExpr(d.deps)} (the compiler or the shell decides)`;
    }
    for (const x of exprSymbolsOf(s)) if (this.memo.get(x) === 'u' || this.unknownWhy.has(x)) return `it depends on ${x}, which is unknown (${this.unknownWhy.get(x) ?? '?'})`;
    return 'undecided';
  }
}

function containsMacro(e: KExpr): boolean {
  switch (e.k) {
    case 'macro':
      return true;
    case 'not':
      return containsMacro(e.e);
    case 'and':
    case 'or':
    case 'cmp':
      return containsMacro(e.a) || containsMacro(e.b);
    default:
      return false;
  }
}

function exprSymbolsOf(s: KSymbol): Set<string> {
  const out = new Set<string>();
  for (const d of s.defs) {
    exprSymbols(d.deps, out);
    for (const df of d.defaults) {
      exprSymbols(df.value, out);
      exprSymbols(df.cond, out);
    }
  }
  for (const r of s.selectedBy) {
    out.add(r.from);
    exprSymbols(r.cond, out);
  }
  return out;
}


// ────────────────────────────────────────────────────────────────────────── lattice ──
//
// The model's axes are a few user-settable symbols; everything else stays at its Kconfig
// default or forced (selected) value. A candidate assignment of the axes is a lattice point iff
// `make` can produce it: every axis set to y has its dependencies (user-settable symbols they
// need, e.g. EXPERT for PREEMPT_RT or DEBUG_KERNEL for PROVE_LOCKING, are switched on as the
// user would: "enablers"), no axis set to n is selected by something that is y, and the
// preemption choice's member is visible. Axes without a prompt (TRACE_IRQFLAGS_NMI_SUPPORT,
// TINY_RCU) are not chosen: their value is the tree's.

import {
  ARCH_ONLY_SYMBOLS,
  BOOL_SYMBOLS,
  type BoolSymbol,
  type KConfig,
  type LatticeAxis,
  PREEMPT_NAMES,
  PREEMPT_SYMBOLS,
  PreemptModel,
  projectConfig,
  type SetOption,
  setKey,
  SYM_PREEMPT_MODEL,
  type TreeSymbols,
} from '../model/config.ts';

/** The user-settable model axes besides the preemption choice (in bit order of BOOL_SYMBOLS). */
// ARM64_PSEUDO_NMI (GIC priority masking, src/kernel/arm64.ts) and the WARN_ON()s it adds with
// ARM64_DEBUG_PRIORITY_MASKING are arm64's: other trees do not define them and list no such axis.
// PPC64 (a 64-bit kernel: soft masking, src/kernel/powerpc.ts) and PPC_IRQ_SOFT_MASK_DEBUG (the
// BUG_ON()s it adds on 64-bit) are powerpc's: the tree's Kconfig gives 24 32-bit and 32 64-bit
// points (docs/arch-plan.md, "### powerpc").
export const MODEL_AXES: readonly BoolSymbol[] = ['PREEMPT_DYNAMIC', 'PREEMPT_RT', 'PROVE_LOCKING', 'PROVE_RCU', 'DEBUG_ENTRY', 'SMP', 'NO_HZ_FULL', 'XEN_PV', 'TRACE_IRQFLAGS_NMI_SUPPORT', 'ARM64_PSEUDO_NMI', 'ARM64_DEBUG_PRIORITY_MASKING', 'PPC64', 'PPC_IRQ_SOFT_MASK_DEBUG'];

/** Model bits that are Kconfig-derived, never chosen. */
const DERIVED_BITS: readonly BoolSymbol[] = ['TINY_RCU'];

/**
 * Values taken as given where the tree's Kconfig leaves them to the toolchain (`$(cc-option …)`,
 * `$(success …)`, `$(as-instr …)`): kentry assumes a GCC + binutils toolchain that supports
 * what the tree asks for, as distribution builds have. Each is used only where the tree's own
 * evaluation is unknown (64BIT, X86_64 and the rest follow from `$(ARCH)`=x86 in the tree).
 * Coverage lists them.
 */
export const ASSUMED: readonly { readonly name: string; readonly value: boolean; readonly why: string }[] = [
  { name: 'CC_IS_GCC', value: true, why: 'the compiler decides ($(success,…cc-name…)); a GCC build is assumed' },
  { name: 'CC_IS_CLANG', value: false, why: 'the compiler decides; a GCC build is assumed' },
  { name: 'STACKPROTECTOR', value: true, why: 'depends on $(cc-option,-fstack-protector); the compiler is assumed to support it' },
  { name: 'ARM64_PTR_AUTH_KERNEL', value: true, why: 'its default y depends on LD_VERSION >= 23301 ($(ld-version)); binutils 2.33.1 or later is assumed' },
  // arm64 (arch/arm64/Kconfig): assembler capabilities, each a $(as-instr …)/$(cc-option …) test.
  { name: 'AS_HAS_ARMV8_5', value: true, why: 'arm64: $(cc-option,-Wa,-march=armv8.5-a); the assembler is assumed to support ARMv8.5' },
  { name: 'ARM64_AS_HAS_MTE', value: true, why: 'arm64: $(as-instr …memtag…); binutils 2.33 or later is assumed' },
  { name: 'AS_HAS_SME', value: true, why: 'arm64: $(as-instr,.arch_extension sme); binutils 2.38 or later is assumed' },
  { name: 'AS_HAS_MOPS', value: true, why: 'arm64: $(as-instr,.arch_extension mops); binutils 2.40 or later is assumed' },
  { name: 'AS_HAS_LSUI', value: false, why: 'arm64: $(as-instr,.arch_extension lsui) needs binutils 2.45 (the tree\'s help text); a Debian 13 toolchain (binutils 2.44) is assumed' },
  { name: 'AS_HAS_LSE_ATOMICS', value: true, why: 'arm64 (6.x): $(as-instr,.arch_extension lse); binutils 2.27 or later is assumed (7.x no longer asks)' },
  { name: 'BROKEN_GAS_INST', value: false, why: 'arm64: !$(as-instr ….inst…); an assembler whose .inst works is assumed' },
  { name: 'CC_HAS_ASM_GOTO_OUTPUT', value: true, why: 'init/Kconfig: $(success,…asm goto with outputs…); GCC accepts it from release 11, and a GCC build is assumed' },
  // riscv (arch/riscv/Kconfig): a compiler test the entry code does not depend on.
  { name: 'TOOLCHAIN_HAS_V', value: true, why: 'riscv: $(cc-option,-mabi=lp64 -march=rv64imv), LD_VERSION >= 23800 and $(as-instr …option arch…); GCC 12+ and binutils 2.38+ (Debian 13: GCC 14, binutils 2.44) are assumed' },
  { name: 'RISCV_USER_CFI', value: false, why: 'riscv: depends on $(cc-option,-march=rv64ima_zicfiss_zicfilp -fcf-protection=full), which GCC accepts from release 15; a Debian 13 toolchain (GCC 14) is assumed' },
  // loongarch (arch/loongarch/Kconfig): assembler tests the headers the entry code reads ask.
  { name: 'AS_HAS_FCSR_CLASS', value: true, why: 'loongarch: $(as-instr,movfcsr2gr $t0,$fcsr0), the $fcsrN register class of binutils 2.41 and later; a Debian 13 toolchain (binutils 2.44) is assumed' },
  // s390 (arch/s390/Kconfig): the "Processor type" choice's members each depend on $(cc-option,-march=…).
  { name: 'HAVE_MARCH_Z196_FEATURES', value: true, why: 's390: selected by the "Processor type" choice\'s default MARCH_Z196 (and every later member), each depending on $(cc-option,-march=…); a GCC that accepts -march=z196 (GCC 4.6 and later; Debian 13: GCC 14) and the default processor type are assumed' },
  // powerpc (arch/powerpc/Kconfig): 64-bit kernels ask the compiler which ELF ABI it can build.
  { name: 'CC_HAS_ELFV2', value: true, why: 'powerpc: PPC64 && $(cc-option,-mabi=elfv2); a GCC targeting powerpc64 accepts it (Debian 13\'s ppc64el toolchain builds ELFv2 only)' },
  { name: 'X86_CET', value: true, why: 'selected by X86_KERNEL_IBT / X86_USER_SHADOW_STACK, which depend on $(cc-option …)/$(as-instr …); the toolchain is assumed to support them' },
];

export class KconfigError extends Error {}

export interface TreeLattice {
  readonly points: readonly KConfig[];
  readonly axes: readonly LatticeAxis[];
  readonly assumed: typeof ASSUMED;
  readonly candidates: number;
  readonly seconds: number;
}

type Want = ReadonlyMap<string, boolean>;

interface Candidate {
  readonly member: string;
  readonly want: Want;
}

function hasPrompt(db: KconfigDb, name: string): boolean {
  return db.symbols.get(name)?.defs.some((d) => d.prompt !== undefined) ?? false;
}

function choiceOf(db: KconfigDb, name: string): KChoice | null {
  return db.symbols.get(name)?.defs.find((d) => d.choice)?.choice ?? null;
}

function locText(l: KLoc): string {
  return `${l.file}:${l.line}`;
}

/** Why `name` is y / n under `ev` (one line, for the coverage report). */
export function explainValue(ev: KconfigEval, name: string, axes: ReadonlySet<string>): string {
  const db = ev.db;
  const v = ev.value(name);
  const s = db.symbols.get(name);
  if (!s || s.defs.length === 0) return `${name} is not defined in this tree's Kconfig`;
  if (axes.has(name)) return `${name}=${v} (an axis)`;
  if (v === 'u') return `${name} is unknown: ${ev.unknownWhy.get(name) ?? 'undecided'}`;
  const sel = s.selectedBy.filter((r) => ev.value(r.from) === 'y' && ev.expr(r.cond) === 'y');
  if (v === 'y') {
    if (sel.length) return `${name}=y: selected by ${sel.slice(0, 2).map((r) => `${r.from} (${locText(r.loc)})`).join(', ')}`;
    return `${name}=y: its default`;
  }
  if (ev.deps(name) === 'n') {
    const d = s.defs.map((x) => x.deps).find((x) => x && ev.expr(x) === 'n');
    return `${name}=n: depends on ${formatExpr(d ?? null)}`;
  }
  if (!hasPrompt(db, name)) {
    if (s.selectedBy.length === 0) return `${name}=n: no prompt, and nothing in the ${db.arch} Kconfig selects it`;
    return `${name}=n: no prompt; only ${s.selectedBy.slice(0, 3).map((r) => r.from).join(', ')}${s.selectedBy.length > 3 ? ', …' : ''} select it, none of them y here`;
  }
  return `${name}=n: its default`;
}

/** Why an expression is not y: the failing atoms, explained. */
function explainFalse(ev: KconfigEval, e: KExpr | null, axes: ReadonlySet<string>): string {
  const atoms: string[] = [];
  const walk = (x: KExpr | null, want: boolean): void => {
    if (!x) return;
    if (x.k === 'sym') {
      const v = ev.value(x.name);
      if ((v === 'y') !== want || v === 'u') atoms.push(explainValue(ev, x.name, axes));
    } else if (x.k === 'not') walk(x.e, !want);
    else if (x.k === 'and' && want) {
      walk(x.a, true);
      walk(x.b, true);
    } else if (x.k === 'or' && !want) {
      walk(x.a, false);
      walk(x.b, false);
    } else if (ev.expr(x) !== (want ? 'y' : 'n')) atoms.push(`${formatExpr(x)} is ${want ? 'not' : ''} true`);
  };
  walk(e, true);
  return `depends on ${formatExpr(e)} (${atoms.join('; ') || 'false'})`;
}

/**
 * User-settable non-axis symbols to switch on so that `e` holds (the enablers a user would set),
 * or null when `e` cannot hold without changing an axis or a forced value.
 */
function enablersFor(ev: KconfigEval, e: KExpr | null, axes: ReadonlySet<string>, out: Set<string>, depth = 0): boolean {
  if (!e) return true;
  if (ev.expr(e) === 'y') return true;
  switch (e.k) {
    case 'sym': {
      const n = e.name;
      if (axes.has(n) || choiceOf(ev.db, n) || !hasPrompt(ev.db, n) || ev.a.assumed.has(n) || depth > 16) return false;
      if (out.has(n)) return true;
      out.add(n);
      const s = ev.db.symbols.get(n)!;
      // Its own dependencies and prompt condition (any definition with a prompt).
      return s.defs.some((d) => d.prompt !== undefined && enablersFor(ev, d.deps, axes, out, depth + 1) && enablersFor(ev, d.prompt, axes, out, depth + 1));
    }
    case 'and':
      return enablersFor(ev, e.a, axes, out, depth) && enablersFor(ev, e.b, axes, out, depth);
    case 'or': {
      const a = new Set<string>(out);
      if (enablersFor(ev, e.a, axes, a, depth)) {
        for (const x of a) out.add(x);
        return true;
      }
      return enablersFor(ev, e.b, axes, out, depth);
    }
    default:
      return false;
  }
}

interface Judged {
  readonly ok: boolean;
  readonly ev: KconfigEval;
  readonly enablers: readonly string[];
  /** axis=value → why this candidate cannot have it. */
  readonly why: Map<string, string>;
  /** axis=value → the enablers its dependencies needed. */
  readonly needs: Map<string, Set<string>>;
}

function judge(db: KconfigDb, prefChoice: KChoice, c: Candidate, boolAxes: readonly BoolSymbol[], axisSet: ReadonlySet<string>, assumed: ReadonlyMap<string, boolean>, set: Want): Judged {
  const enablers = new Set<string>();
  const needs = new Map<string, Set<string>>();
  for (let round = 0; ; round++) {
    const user = new Map<string, boolean>();
    const choice = new Map<KChoice, string>([[prefChoice, c.member]]);
    for (const e of enablers) user.set(e, true);
    // Options the user set (--config on a tree) are given like the axes' values (a choice member
    // picks its choice's member); checked below.
    const given: [string, boolean][] = [...set, ...c.want];
    for (const [k, v] of given) {
      const ch = choiceOf(db, k);
      if (ch) {
        if (v) choice.set(ch, k);
        continue;
      }
      user.set(k, v);
    }
    const ev0 = new KconfigEval(db, { user, choice, assumed });
    // A choice-member axis set to n: the choice keeps its default, or the first other visible member.
    for (const [k, v] of given) {
      const ch = choiceOf(db, k);
      if (!ch || v || choice.has(ch)) continue;
      const dflt = ev0.choiceMember(ch);
      if (dflt === k) {
        const other = ch.members.find((m) => m !== k && ev0.visible(m) === 'y');
        if (other) choice.set(ch, other);
      }
    }
    const ev = new KconfigEval(db, { user, choice, assumed });
    const why = new Map<string, string>();
    const more = new Set<string>();
    const check = (sym: string, label: string, want: boolean): void => {
      const v = ev.value(sym);
      // An option the user set whose value a toolchain test decides is refused as input: kentry
      // cannot tell whether that build has it.
      if (v === 'u' && set.has(sym)) throw new UnsettableOption(`CONFIG_${sym}=${want ? 'y' : 'n'} cannot be decided from the tree's Kconfig (${ev.unknownWhy.get(sym) ?? 'undecided'})`);
      if (v === 'u') throw new KconfigError(`${db.root}: CONFIG_${sym} cannot be decided from the tree's Kconfig (${ev.unknownWhy.get(sym) ?? 'undecided'})`);
      if ((v === 'y') === want) return;
      const s = db.symbols.get(sym);
      if (want && (!s || s.defs.length === 0)) {
        why.set(label, `${sym} is not defined in this tree's Kconfig`);
        return;
      }
      // Where its prompt shows: a user can set the value only there, so the symbols the prompt's
      // condition needs are enablers for either value (RSEQ=n: `bool "…" if EXPERT`, default y).
      const withPrompt = s!.defs.filter((d) => d.prompt !== undefined);
      const alts = (withPrompt.length ? withPrompt : s!.defs).map((d) => and(d.deps, d.prompt ?? null));
      const deps = alts.slice(1).reduce<KExpr | null>((a, b) => or(a, b), alts[0]!);
      const sel = s!.selectedBy.filter((r) => ev.value(r.from) === 'y' && ev.expr(r.cond) === 'y');
      const en = new Set<string>();
      if ((want || !sel.length) && hasPrompt(db, sym) && enablersFor(ev, deps, axisSet, en) && [...en].some((x) => !enablers.has(x))) {
        for (const x of en) more.add(x);
        needs.set(label, new Set([...(needs.get(label) ?? []), ...en]));
        return;
      }
      if (want) why.set(label, hasPrompt(db, sym) ? explainFalse(ev, deps, axisSet) : explainValue(ev, sym, axisSet));
      else why.set(label, sel.length ? `selected by ${sel.slice(0, 2).map((r) => `${r.from}${r.cond ? ` if ${formatExpr(r.cond)}` : ''} (${locText(r.loc)})`).join(', ')}` : explainValue(ev, sym, axisSet));
    };
    check(c.member, `${prefChoice.name ?? 'preemption'}=${c.member}`, true);
    for (const a of boolAxes) {
      const w = c.want.get(a);
      if (w !== undefined) check(a, `${a}=${w ? 'y' : 'n'}`, w);
    }
    for (const [k, v] of set) check(k, `${k}=${v ? 'y' : 'n'}`, v);
    if (more.size && round < 6) {
      for (const x of more) enablers.add(x);
      continue;
    }
    return { ok: why.size === 0, ev, enablers: [...enablers].sort(), why, needs };
  }
}

/** A user-set option no configuration of the lattice can have (bad input: the reason is the tree's Kconfig). */
export class UnsettableOption extends KconfigError {}

/**
 * Reads `<arch>`'s Kconfig and derives the lattice of model axes the tree can build. With `set`,
 * every point also has those options at the user's value (and whatever non-axis options their
 * dependencies need, as for an axis): the lattice of the configs with them. A model axis set
 * this way is not a `set` option: `--config` narrows the axes by filtering (LatticeSpec.fixed).
 */
export function deriveLattice(db: KconfigDb, setOptions: readonly SetOption[] = []): TreeLattice {
  const started = performance.now();
  const assumed = new Map(ASSUMED.map((a) => [a.name, a.value]));
  for (const o of setOptions) {
    if (assumed.has(o.name)) throw new UnsettableOption(`CONFIG_${o.name} is decided by the toolchain, not by a user (assumed ${assumed.get(o.name) ? 'y' : 'n'})`);
    if (!db.symbols.get(o.name)?.defs.length) throw new UnsettableOption(`CONFIG_${o.name} is not defined in this tree's ${db.arch} Kconfig`);
  }
  const set: Want = new Map(setOptions.map((o) => [o.name, o.value]));
  // The preemption choice: the one PREEMPT is a member of; every member must be one the model knows.
  const prefChoice = choiceOf(db, 'PREEMPT') ?? choiceOf(db, 'PREEMPT_NONE');
  if (!prefChoice) throw new KconfigError(`${db.root}: no "Preemption Model" choice in the Kconfig read (kernel/Kconfig.preempt)`);
  for (const m of prefChoice.members) {
    if (!(PREEMPT_SYMBOLS as readonly string[]).includes(m)) throw new KconfigError(`${locText(prefChoice.loc)}: preemption model ${m} is not one the model knows (${PREEMPT_SYMBOLS.join(', ')})`);
  }
  const defined = (n: string): boolean => (db.symbols.get(n)?.defs.length ?? 0) > 0;
  // Settable bool axes: defined, with a prompt, not a member of the preemption choice.
  const boolAxes = MODEL_AXES.filter((a) => defined(a) && hasPrompt(db, a) && !prefChoice.members.includes(a));
  const axisSet = new Set<string>([...boolAxes, ...prefChoice.members]);
  const notes = new Map<string, string>();
  for (const a of MODEL_AXES) {
    if (!defined(a)) notes.set(a, `not defined in this tree's Kconfig: n`);
    else if (!hasPrompt(db, a) && !prefChoice.members.includes(a)) notes.set(a, `no prompt: the tree decides it`);
  }

  const points: KConfig[] = [];
  const keys = new Set<string>();
  const pointEvals: KconfigEval[] = [];
  const labelNeeds = new Map<string, Set<string>>();
  // axis=value → { configs, reasons it was excluded (counted) }
  const seen = new Map<string, number>();
  const excluded = new Map<string, Map<string, number>>();
  const tally = (label: string, why: string | null): void => {
    if (why === null) seen.set(label, (seen.get(label) ?? 0) + 1);
    else {
      const m = excluded.get(label) ?? new Map<string, number>();
      m.set(why, (m.get(why) ?? 0) + 1);
      excluded.set(label, m);
    }
  };
  let candidates = 0;
  for (const member of prefChoice.members) {
    for (let mask = 0; mask < 1 << boolAxes.length; mask++) {
      candidates++;
      const want = new Map<string, boolean>(boolAxes.map((a, i) => [a, (mask & (1 << i)) !== 0]));
      const j = judge(db, prefChoice, { member, want }, boolAxes, axisSet, assumed, set);
      const labels = [`preemption=${member}`, ...boolAxes.map((a) => `${a}=${want.get(a) ? 'y' : 'n'}`), ...[...set].map(([k, v]) => `${k}=${v ? 'y' : 'n'}`)];
      if (!j.ok) {
        // Each failing axis value gets its own reason; the others are merely "in a rejected point".
        for (const [label, why] of j.why) tally(label.startsWith(`${prefChoice.name ?? 'preemption'}=`) ? `preemption=${member}` : label, why);
        continue;
      }
      for (const l of labels) tally(l, null);
      for (const [l, en] of j.needs) {
        const key = l.startsWith(`${prefChoice.name ?? 'preemption'}=`) ? `preemption=${member}` : l;
        labelNeeds.set(key, new Set([...(labelNeeds.get(key) ?? []), ...en]));
      }
      const preempt = PREEMPT_SYMBOLS.indexOf(member as (typeof PREEMPT_SYMBOLS)[number]) as PreemptModel;
      let bits = 0;
      for (const s of BOOL_SYMBOLS) {
        const v = j.ev.value(s);
        if (v === 'u') throw new KconfigError(`${db.root}: CONFIG_${s} cannot be decided from the tree's Kconfig (${j.ev.unknownWhy.get(s) ?? 'undecided'})`);
        if (v === 'y') bits |= 1 << BOOL_SYMBOLS.indexOf(s);
      }
      const key = `${preempt}:${bits}`;
      if (keys.has(key)) continue;
      keys.add(key);
      points.push({ preempt, bits });
      pointEvals.push(j.ev);
    }
  }
  if (points.length === 0 && set.size) {
    const why = [...set].map(([k, v]) => [...(excluded.get(`${k}=${v ? 'y' : 'n'}`) ?? new Map<string, number>())].sort((a, b) => b[1] - a[1])[0]?.[0]).filter((x) => x !== undefined);
    throw new UnsettableOption(`no configuration of the ${db.arch} lattice has ${[...set].map(([k, v]) => `CONFIG_${k}=${v ? 'y' : 'n'}`).join(', ')}${why.length ? `: ${why.join('; ')}` : ''}`);
  }
  if (points.length === 0) throw new KconfigError(`${db.root}: the tree's Kconfig allows no configuration of the model's axes`);

  // Attach every other symbol's value (lazily evaluated per point) and its read mask.
  const masks = new Map<string, number>();
  const varying: number[] = [];
  for (let i = 0; i < BOOL_SYMBOLS.length; i++) if (new Set(points.map((p) => (p.bits >> i) & 1)).size > 1) varying.push(1 << i);
  if (new Set(points.map((p) => p.preempt)).size > 1) varying.push(1 << SYM_PREEMPT_MODEL);
  const finalPoints: KConfig[] = [];
  const maskOf = (name: string): number => {
    let m = masks.get(name);
    if (m !== undefined) return m;
    const vals = pointEvals.map((ev) => ev.value(name));
    const agrees = (mask: number): boolean => {
      const byProj = new Map<string, string>();
      for (let i = 0; i < finalPoints.length; i++) {
        const k = projectConfig(finalPoints[i]!, mask);
        const prev = byProj.get(k);
        if (prev === undefined) byProj.set(k, vals[i]!);
        else if (prev !== vals[i]) return false;
      }
      return true;
    };
    m = varying.reduce((a, b) => a | b, 0);
    for (const bit of varying) if (agrees(m & ~bit)) m &= ~bit;
    masks.set(name, m);
    return m;
  };
  points.forEach((p, i) => {
    const ev = pointEvals[i]!;
    const tree: TreeSymbols = {
      value: (name) => {
        const v = ev.value(name);
        return v === 'u' ? undefined : v === 'y';
      },
      mask: maskOf,
      // y: a visible prompt and nothing selecting it; n: a prompt visible here or undecided (the
      // compiler decides KASAN's), or one the user reaches by turning on other non-axis options
      // first (RSEQ_SLICE_EXTENSION needs HIGH_RES_TIMERS).
      // A choice member that is on is turned off only by choosing another visible member
      // (s390's VIRT_CPU_ACCOUNTING_NATIVE is the only visible one of "Cputime accounting").
      settable: (name) => {
        const ch = choiceOf(db, name);
        if (ch && ev.value(name) === 'y') return ch.members.some((m) => m !== name && ev.visible(m) !== 'n');
        return ev.value(name) === 'y' ? ev.visible(name) !== 'n' && ev.selected(name) !== 'y' : ev.visible(name) !== 'n' || enablersFor(ev, { k: 'sym', name }, axisSet, new Set());
      },
    };
    finalPoints.push({ ...p, tree });
  });

  // The axes, their values and why.
  const axes: LatticeAxis[] = [];
  const total = finalPoints.length;
  const describe = (label: string, value: string): { value: string; configs: number; why: string } => {
    const n = seen.get(label) ?? 0;
    const reasons = [...(excluded.get(label) ?? new Map<string, number>())].sort((a, b) => b[1] - a[1]);
    if (n === 0) return { value, configs: 0, why: `excluded — ${reasons[0]?.[0] ?? 'no candidate had it'}` };
    const en = labelNeeds.get(label) ?? new Set<string>();
    const parts = [n === total ? 'every config' : `${n} of ${total} configs`];
    if (en.size) parts.push(`with ${[...en].sort().map((e) => `${e}=y`).join(', ')} (user-settable, needed by its dependencies)`);
    if (reasons.length && n < total) parts.push(`not where ${reasons.slice(0, 2).map((r) => r[0]).join('; ')}`);
    return { value, configs: n, why: parts.join('; ') };
  };
  axes.push({
    name: 'preemption',
    values: prefChoice.members.map((m) => {
      const model = PREEMPT_SYMBOLS.indexOf(m as (typeof PREEMPT_SYMBOLS)[number]);
      return describe(`preemption=${m}`, `${PREEMPT_NAMES[model]} (${m})`);
    }),
  });
  for (const a of MODEL_AXES) {
    const bit = 1 << BOOL_SYMBOLS.indexOf(a);
    if (prefChoice.members.includes(a)) continue;
    if (ARCH_ONLY_SYMBOLS.has(a) && !defined(a)) continue;
    if (!boolAxes.includes(a) && defined(a) && new Set(finalPoints.map((p) => p.bits & bit)).size > 1) {
      derivedAxis(a);
      continue;
    }
    if (!boolAxes.includes(a)) {
      const vals = [...new Set(finalPoints.map((p) => ((p.bits & bit) !== 0 ? 'y' : 'n')))].sort();
      const why = notes.get(a) ?? '';
      const ev = pointEvals[0]!;
      axes.push({ name: a, values: vals.map((v) => ({ value: v, configs: finalPoints.filter((p) => ((p.bits & bit) !== 0) === (v === 'y')).length, why: `fixed — ${why}${defined(a) ? `; ${explainValue(ev, a, new Set())}` : ''}` })) });
      continue;
    }
    axes.push({ name: a, values: ['n', 'y'].map((v) => describe(`${a}=${v}`, v)) });
  }
  function derivedAxis(d: BoolSymbol): void {
    const bit = 1 << BOOL_SYMBOLS.indexOf(d);
    const vals = [...new Set(finalPoints.map((p) => ((p.bits & bit) !== 0 ? 'y' : 'n')))].sort();
    const s = db.symbols.get(d);
    const dflt = s?.defs.flatMap((x) => x.defaults).map((x) => `${formatExpr(x.value)}${x.cond ? ` if ${formatExpr(x.cond)}` : ''}`).join(', ');
    axes.push({ name: d, values: vals.map((v) => ({ value: v, configs: finalPoints.filter((p) => ((p.bits & bit) !== 0) === (v === 'y')).length, why: `derived — ${s ? `no prompt; default ${dflt || 'n'} (${locText(s.defs[0]!.loc)})` : 'not defined in this tree'}` })) });
  }
  for (const d of DERIVED_BITS) derivedAxis(d);
  // The options the user set: one value each, in every config (with what their dependencies needed).
  for (const [k, v] of set) {
    const d = describe(`${k}=${v ? 'y' : 'n'}`, v ? 'y' : 'n');
    axes.push({ name: k, values: [{ ...d, why: `set (--config) — ${d.why}` }] });
  }
  // Listed: the assumptions about symbols this arch's Kconfig defines (x86's list does not name arm64's).
  return { points: finalPoints, axes, assumed: ASSUMED.filter((a) => defined(a.name)), candidates, seconds: (performance.now() - started) / 1000 };
}

const latticeCache = new Map<KconfigDb, Map<string, TreeLattice>>();

/** `deriveLattice`, once per tree and set of user options. */
export function treeLatticeOf(db: KconfigDb, set: readonly SetOption[] = []): TreeLattice {
  const key = setKey(set);
  let byKey = latticeCache.get(db);
  if (!byKey) latticeCache.set(db, (byKey = new Map()));
  let l = byKey.get(key);
  if (!l) {
    l = deriveLattice(db, set);
    // The tree's own lattice is kept; of the ones with user options, only the last few (each
    // point keeps its Kconfig evaluation: `coverage --held` derives one per held option, 96 on x86).
    if (key !== '') for (const k of byKey.keys()) if (k !== '' && byKey.size >= 4) byKey.delete(k);
    byKey.set(key, l);
  }
  return l;
}

/** A user option the read text tests that keeps one value over the whole lattice. */
export interface HeldOption {
  readonly name: string;
  readonly value: boolean;
}

/**
 * The user options the entry code's text tests (`#if`, `#ifdef`, `IS_ENABLED()`) that keep one
 * value in every reading of the lattice although a user could give them the other one at some
 * point (TreeSymbols.settable): the lattice varies only the model axes, so a finding that needs the
 * other value is not explored, and the coverage report names each one. s390 7.3:
 * RSEQ_SLICE_EXTENSION=n (a prompt, no default) keeps syscall_trace_enter()'s
 * rseq_syscall_enter_work() an empty inline stub; =y makes it a call from noinstr __do_syscall().
 * SYSCALL_USER_DISPATCH is not one there: its prompt depends on
 * ARCH_SUPPORTS_SYSCALL_USER_DISPATCH, which s390 does not select.
 */
export function heldOptions(points: readonly KConfig[], readings: Iterable<ReadonlyMap<string, boolean>>, set: readonly SetOption[] = []): HeldOption[] {
  const values = new Map<string, Set<boolean>>();
  for (const r of readings) {
    for (const [name, v] of r) {
      let s = values.get(name);
      if (!s) values.set(name, (s = new Set()));
      s.add(v);
    }
  }
  // A set option keeps the user's value on purpose: it is not held by the lattice.
  // Nor is an option the toolchain decides (ASSUMED): no user sets it.
  const axes = new Set<string>([...MODEL_AXES, ...PREEMPT_SYMBOLS, ...set.map((o) => o.name), ...ASSUMED.map((a) => a.name)]);
  const out: HeldOption[] = [];
  for (const [name, vs] of values) {
    if (vs.size !== 1 || axes.has(name)) continue;
    if (!points.some((p) => p.tree?.settable?.(name) === true)) continue;
    out.push({ name, value: [...vs][0]! });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
