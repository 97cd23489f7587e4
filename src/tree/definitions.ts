// The tracing attributes of functions the entry code calls but kentry does not read: where an
// arch's instrumentation is ftrace's and not objtool's (powerpc: handlers are `notrace` +
// NOKPROBE_SYMBOL, no noinstr validation), whether a call can be traced depends on the callee's
// definition — `void notrace __ppc64_runlatch_on(void)` in arch/powerpc/kernel/process.c is called
// from asm/entry-common.h before RCU watches, and is not traceable. The callee stays opaque (its
// value unconstrained, what it is given a pointer to havocked, the site listed); only whether the
// call counts as instrumentable comes from here.
//
// A name counts as not traceable only when the tree defines it in a C file of arch/<arch> and
// every definition found there carries such an attribute; a name with no definition found, or one
// definition without, stays instrumentable (unknown is never "safe").

import fs from 'node:fs';
import path from 'node:path';
import { filesUnder, strip } from './asm-helpers.ts';

/** One C definition of a function, with the attributes written before its name. */
export interface FunctionDefinition {
  readonly file: string;
  readonly line: number;
  /** Of TRACE_ATTRIBUTES, those its declaration specifiers carry (in that list's order). */
  readonly attrs: readonly string[];
}

/** Attributes that decide whether a call can be traced (include/linux/compiler_types.h:
 *  `notrace`, `noinstr`, `__always_inline`, and `inline`, which the tree makes `notrace`); the
 *  rule over them is program.ts traceableAttrs(), as for the functions kentry reads. */
export const TRACE_ATTRIBUTES: readonly string[] = ['noinstr', 'notrace', '__always_inline', 'inline'];

/** The C files of arch/<arch>, relative to the root, sorted. */
function archSourceFiles(root: string, arch: string): string[] {
  const abs: string[] = [];
  // The boot wrapper and the vDSO are other programs, not the kernel the entry code calls into.
  filesUnder(path.join(root, 'arch', arch), '.c', abs, (name) => name === 'boot' || name.startsWith('vdso'));
  return abs.sort().map((a) => path.relative(root, a));
}

/** Per tree and arch, the definitions of each name scanned so far (none found: an empty list).
 *  Only the findings are kept, never the files' text (8 MB of C on powerpc 7.3): a later load
 *  that asks for a name not scanned yet reads the files again for that name. */
const memo = new Map<string, Map<string, readonly FunctionDefinition[]>>();

const escape = (s: string): string => s.replace(/[$]/g, '\\$');

/**
 * The definitions of `names` in the C files of arch/<arch> (a function with a body: `specifiers
 * NAME(params) {` at file scope), with the tracing attributes of each. Names without one found
 * are absent.
 */
export function archDefinitions(root: string, arch: string, names: Iterable<string>): Map<string, FunctionDefinition[]> {
  const want = [...new Set(names)].filter((n) => /^[A-Za-z_]\w*$/.test(n));
  const key = `${path.resolve(root)}|${arch}`;
  const known = memo.get(key) ?? new Map<string, readonly FunctionDefinition[]>();
  memo.set(key, known);
  const unscanned = want.filter((n) => !known.has(n));
  if (unscanned.length) {
    const found = scanDefinitions(root, archSourceFiles(root, arch), unscanned);
    for (const n of unscanned) known.set(n, found.get(n) ?? []);
  }
  const out = new Map<string, FunctionDefinition[]>();
  for (const n of want) {
    const list = known.get(n)!;
    if (list.length) out.set(n, [...list]);
  }
  return out;
}

/** The definitions of `names` in `files` (paths relative to `root`). */
function scanDefinitions(root: string, files: readonly string[], names: readonly string[]): Map<string, FunctionDefinition[]> {
  const out = new Map<string, FunctionDefinition[]>();
  for (const file of files) {
    const raw = fs.readFileSync(path.join(root, file), 'utf8');
    const here = names.filter((n) => raw.includes(n));
    if (!here.length) continue;
    const text = strip(raw);
    // The specifiers run from the end of the previous declaration (`;`, `}`, or a directive line)
    // to the name; the parameters hold no `;`, `{` or `}` (one level of nested parentheses).
    const re = new RegExp(`(?:^|[;}])([^;{}#]*?)\\b(${here.map(escape).join('|')})[ \\t]*\\(((?:[^;{}()]|\\([^;{}()]*\\))*)\\)\\s*\\{`, 'gm');
    for (const m of text.matchAll(re)) {
      const specifiers = m[1]!;
      // A call inside an expression is not a definition: the specifiers are words only.
      if (/[=(),]/.test(specifiers)) continue;
      const words = new Set(specifiers.split(/[^\w]+/));
      const at = m.index! + (m[0][0] === ';' || m[0][0] === '}' ? 1 : 0) + specifiers.length;
      const line = text.slice(0, at).split('\n').length;
      const list = out.get(m[2]!) ?? [];
      list.push({ file, line, attrs: TRACE_ATTRIBUTES.filter((a) => words.has(a)) });
      out.set(m[2]!, list);
    }
  }
  return out;
}
