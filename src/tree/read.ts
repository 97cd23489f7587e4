// Turn a discovered kernel tree into preprocessed sources for one Kconfig: the input of the C
// front end (`parseProgram(sources, …)` takes `{ file, text, mapLoc }`).
//
// Headers are read first, in discovery order, into one macro table; each C file then starts
// from a copy of that table (a C file's own #defines do not leak into the next one).

import fs from 'node:fs';
import type { SourceLoc } from '../c/ir.ts';
import { preprocess, type MacroDef, type MacroTable, type PreprocessResult } from '../c/preprocess.ts';
import type { TreeFile, TreeFiles } from './discover.ts';

export interface PreprocessedFile {
  /** Path relative to the tree root (what SourceLocs carry). */
  readonly file: string;
  readonly role: TreeFile['role'];
  readonly text: string;
  readonly mapLoc: (line: number, col: number) => SourceLoc;
  readonly result: PreprocessResult;
}

export interface ReadOptions {
  /** Expansion policy (default: the preprocessor's `defaultExpand`). */
  readonly expand?: (name: string, def: MacroDef) => boolean;
  /** Macros defined before any file (e.g. `__KERNEL__`). */
  readonly predefined?: Readonly<Record<string, string>>;
  /** Read only these files (relative paths); default: every discovered file. */
  readonly only?: (f: TreeFile) => boolean;
}

export function preprocessTree(
  tree: TreeFiles,
  isEnabled: (name: string) => boolean | undefined,
  opts: ReadOptions = {},
): PreprocessedFile[] {
  const headerMacros: MacroTable = new Map();
  for (const [name, body] of Object.entries(opts.predefined ?? { __KERNEL__: '1' })) {
    headerMacros.set(name, { name, params: null, variadic: false, body, file: '<predefined>', line: 0 });
  }
  const out: PreprocessedFile[] = [];
  const run = (f: TreeFile, macros: MacroTable): void => {
    const text = fs.readFileSync(f.abs, 'utf8');
    const env = opts.expand ? { isEnabled, macros, expand: opts.expand } : { isEnabled, macros };
    const result = preprocess(text, f.path, env);
    out.push({ file: f.path, role: f.role, text: result.text, mapLoc: result.mapLoc, result });
  };
  const take = opts.only ?? (() => true);
  for (const f of tree.files) if (f.path.endsWith('.h')) run(f, headerMacros);
  // Headers are always read (they define macros); `only` filters what is returned.
  for (const f of tree.files) if (!f.path.endsWith('.h') && take(f)) run(f, new Map(headerMacros));
  return out.filter((p) => take(tree.files.find((f) => f.path === p.file)!));
}
