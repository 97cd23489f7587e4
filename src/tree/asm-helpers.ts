// Which callee names are not calls in a tree: function-like macros and `__always_inline` helpers
// whose every definition expands to inline assembly and arithmetic only (arm64's read_sysreg()/
// write_sysreg() around `mrs`/`msr`, BIT()). kentry reads only the headers the entry code needs,
// (a plain `inline` helper with no call in it is inlined too: there is nothing left to call, the
// same rule program.ts applies to the inline functions it interprets),
// so such a name can reach the model as an undefined callee; taken as an unknown call it would be
// an instrumentable call in noinstr code, which the compiler never emits. A name qualifies only
// when the tree defines it (in arch/<arch>/include or include/), every definition found is a macro
// or an __always_inline function, and every name its bodies call qualifies in turn (C keywords,
// asm and __builtin_* aside). What it computes stays unknown: the explorer gives such a site an
// unconstrained value and lists it (access `asm`), it only does not count it as a call.

import fs from 'node:fs';
import path from 'node:path';

/** Where a qualifying name is defined (its first definition), for the coverage listing. */
export interface AsmHelper {
  readonly name: string;
  readonly file: string;
  readonly line: number;
}

interface Def {
  readonly file: string;
  /** Offset of the definition in the file (its line is computed only for what is returned). */
  readonly at: number;
  readonly params: readonly string[];
  readonly body: string;
}

/** Identifiers followed by `(` that are not calls. */
// `elif` is the preprocessor's `#elif (…)` inside a body (loongarch's array_index_mask_nospec()).
const NOT_CALLS = new Set(['asm', '__asm__', '__asm', 'asm_inline', 'volatile', '__volatile__', 'goto', 'inline', 'if', 'elif', 'while', 'for', 'switch', 'return', 'sizeof', 'typeof', '__typeof__', '__typeof', '_Static_assert', 'do', 'else', 'case', '__attribute__', 'defined', '_Generic', '__alignof__', 'alignof']);

/** Every file under `dir` (recursively) whose name ends with `ext`, into `out`; directories
 *  `skipDir` refuses are not entered. A missing directory has none. */
export function filesUnder(dir: string, ext: string, out: string[], skipDir: (name: string) => boolean = () => false): void {
  let ents: fs.Dirent[];
  try {
    ents = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of ents) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!skipDir(e.name)) filesUnder(p, ext, out, skipDir);
    } else if (e.name.endsWith(ext)) out.push(p);
  }
}

/**
 * Comments and string/char literals blanked (newlines kept, offsets unchanged). What is blanked is
 * what the leftmost-first regex `/\*…*\/ | //… | "…" | '…'` would match, scanning left to right: an
 * unterminated block comment, or a literal that meets a newline before its closing quote, is not
 * one (its first character stays and the scan goes on after it). A scanner rather than that regex
 * with a replacement per match: every header under include/ and the arch's is stripped once per
 * tree (about 48 MB in 7.3), and the regex took 2 s of it.
 */
export function strip(text: string): string {
  const n = text.length;
  const parts: string[] = [];
  let kept = 0; // text[kept, i) is copied as is
  const blank = (from: number, to: number): void => {
    if (from > kept) parts.push(text.slice(kept, from));
    let k = from;
    while (k < to) {
      const nl = text.indexOf('\n', k);
      const stop = nl < 0 || nl >= to ? to : nl;
      if (stop > k) parts.push(' '.repeat(stop - k));
      if (stop < to) parts.push('\n');
      k = stop + 1;
    }
    kept = to;
  };
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 47 /* / */) {
      const d = text.charCodeAt(i + 1);
      if (d === 42 /* * */) {
        const end = text.indexOf('*/', i + 2);
        if (end >= 0) {
          blank(i, end + 2);
          i = end + 2;
          continue;
        }
      } else if (d === 47) {
        const nl = text.indexOf('\n', i + 2);
        const stop = nl < 0 ? n : nl;
        blank(i, stop);
        i = stop;
        continue;
      }
    } else if (c === 34 /* " */ || c === 39 /* ' */) {
      // `q(?:\\.|[^q\\\n])*q`: a backslash takes the next character unless it is a newline.
      let k = i + 1;
      let closed = -1;
      while (k < n) {
        const e = text.charCodeAt(k);
        if (e === c) {
          closed = k;
          break;
        }
        if (e === 10 /* \n */) break;
        if (e === 92 /* \\ */) {
          if (k + 1 >= n || text.charCodeAt(k + 1) === 10) break;
          k += 2;
        } else k++;
      }
      if (closed >= 0) {
        blank(i, closed + 1);
        i = closed + 1;
        continue;
      }
    }
    i++;
  }
  if (kept === 0) return text;
  if (kept < n) parts.push(text.slice(kept));
  return parts.join('');
}

function lineAt(root: string, d: Def): number {
  const text = fs.readFileSync(path.join(root, d.file), 'utf8');
  let n = 1;
  for (let k = text.indexOf('\n'); k >= 0 && k < d.at; k = text.indexOf('\n', k + 1)) n++;
  return n;
}

const DEFINE = /^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)\(([^)]*)\)((?:[^\n]*\\\n)*[^\n]*)/gm;
/** A function declared (not defined) in a header: built somewhere, so a real call. */
const DECL = /^[ \t]*(?:extern[ \t]+)?(?:asmlinkage[ \t]+)?(?:const[ \t]+)?(?:void|int|bool|unsigned|long|u8|u16|u32|u64|char|struct[ \t]+\w+|enum[ \t]+\w+)\b[\w \t*]*?\b([A-Za-z_]\w*)[ \t]*\([^;{)]*\)[^;{]*;/gm;
const INLINE_FN = /\b(?:__always_inline|inline)\b[^;{}()]*?\b([A-Za-z_]\w*)\s*\(([^)]*)\)\s*\{/g;

interface Index {
  readonly defs: Map<string, Def[]>;
  readonly declared: Set<string>;
}

/**
 * Headers a GCC build never reads (a GCC build is what the lattice assumes: CC_IS_GCC,
 * src/tree/kconfig.ts): linux/compiler_types.h includes compiler-clang.h under `__clang__` and
 * (up to 6.2) compiler-intel.h under `__INTEL_COMPILER`, compiler-gcc.h otherwise. Their
 * definitions are not the build's: 6.1's compiler-intel.h makes `barrier()` the ICC intrinsic
 * `__memory_barrier()`, which no header defines, so `OPTIMIZER_HIDE_VAR()`, the generic
 * `array_index_mask_nospec()` and `array_index_nospec()` stopped qualifying and loongarch 6.1's
 * `do_syscall()` reported `array_index_nospec` as a call from noinstr code (a false finding).
 */
const OTHER_COMPILERS = new Set(['include/linux/compiler-clang.h', 'include/linux/compiler-intel.h']);

/** The definitions and declarations in the headers under `dir` (relative to `root`). */
function indexDir(root: string, dir: string): Index {
  const files: string[] = [];
  filesUnder(path.join(root, dir), '.h', files);
  const defs = new Map<string, Def[]>();
  const declared = new Set<string>();
  const add = (name: string, d: Def) => {
    const l = defs.get(name);
    if (l) l.push(d);
    else defs.set(name, [d]);
  };
  for (const abs of files) {
    const file = path.relative(root, abs);
    if (OTHER_COMPILERS.has(file.split(path.sep).join('/'))) continue;
    const raw = fs.readFileSync(abs, 'utf8');
    if (!raw.includes('define') && !raw.includes('__always_inline')) continue;
    const text = strip(raw);
    for (const m of text.matchAll(DEFINE)) {
      add(m[1]!, { file, at: m.index!, params: m[2]!.split(',').map((p) => p.trim().replace(/\.\.\.$/, '')).filter(Boolean), body: m[3]! });
    }
    for (const m of text.matchAll(INLINE_FN)) {
      const open = m.index! + m[0].length - 1;
      let depth = 0;
      let end = open;
      for (; end < text.length; end++) {
        if (text[end] === '{') depth++;
        else if (text[end] === '}' && --depth === 0) break;
      }
      add(m[1]!, { file, at: m.index!, params: [], body: text.slice(open, end + 1) });
    }
    for (const m of text.matchAll(DECL)) declared.add(m[1]!);
  }
  return { defs, declared };
}

/** indexDir() once per tree and directory: include/ is shared by every arch of a tree. */
const memo = new Map<string, Index>();
function indexOnce(root: string, dir: string): Index {
  const key = `${path.resolve(root)}|${dir}`;
  let ix = memo.get(key);
  if (!ix) memo.set(key, (ix = indexDir(root, dir)));
  return ix;
}

/** The arch's headers first (its definitions are listed before the generic ones), then include/. */
function index(root: string, arch: string): { defs(name: string): readonly Def[] | undefined; declared(name: string): boolean } {
  const own = indexOnce(root, path.join('arch', arch, 'include'));
  const common = indexOnce(root, 'include');
  return {
    defs(name) {
      const a = own.defs.get(name);
      const b = common.defs.get(name);
      return a && b ? [...a, ...b] : (a ?? b);
    },
    declared: (name) => own.declared.has(name) || common.declared.has(name),
  };
}

/**
 * The names among `names` that the tree at `root` defines as inline assembly and arithmetic only
 * (see the file comment), with where. Names the tree does not define are not returned.
 */
export function treeAsmHelpers(root: string, arch: string, names: Iterable<string>, intrinsics: ReadonlySet<string> = new Set()): Map<string, AsmHelper> {
  const ix = index(root, arch);
  const verdict = new Map<string, boolean>();
  const callFree = (name: string): boolean => {
    const v = verdict.get(name);
    if (v !== undefined) return v;
    verdict.set(name, false); // a cycle does not qualify
    const ds = ix.defs(name);
    // Declared as a function somewhere (trace_hardirqs_off(): a stub macro in one config, a real
    // function in another): a call.
    let ok = ds !== undefined && !ix.declared(name);
    for (const d of ds ?? []) {
      for (const m of d.body.matchAll(/(##\s*)?\b([A-Za-z_]\w*)\s*\(/g)) {
        const id = m[2]!;
        if (m[1] || d.params.includes(id)) { ok = false; break; } // a pasted or parameter name: unknown callee
        if (NOT_CALLS.has(id) || id.startsWith('__builtin_') || intrinsics.has(id)) continue;
        if (!callFree(id)) { ok = false; break; }
      }
      if (!ok) break;
    }
    verdict.set(name, ok);
    return ok;
  };
  const out = new Map<string, AsmHelper>();
  for (const n of names) {
    if (callFree(n)) {
      const d = ix.defs(n)![0]!;
      out.set(n, { name: n, file: d.file, line: lineAt(root, d) });
    }
  }
  return out;
}
