// Parse a preprocessed file with tree-sitter and report, per function definition, whether its
// subtree contains ERROR or MISSING nodes. The checker only uses functions whose subtree is
// clean; this is how the tree reader proves that for a given tree and Kconfig.

import { createRequire } from 'node:module';
import { Language, Parser, type Node } from 'web-tree-sitter';
import type { SourceLoc } from '../c/ir.ts';

/** Attribute keywords the C front end records and blanks itself before parsing. The
 *  preprocessor leaves them in place; parse-check blanks them the same way (length-preserving)
 *  so it sees what the front end's parser will see. */
export const FRONTEND_ATTRIBUTES: readonly string[] = ['noinstr', '__always_inline', '__visible', 'notrace'];

let parserPromise: Promise<Parser> | undefined;

/** One shared tree-sitter parser for C (web-tree-sitter + tree-sitter-c's wasm). */
export function loadCParser(): Promise<Parser> {
  parserPromise ??= (async () => {
    await Parser.init();
    const require = createRequire(import.meta.url);
    const lang = await Language.load(require.resolve('tree-sitter-c/tree-sitter-c.wasm'));
    const parser = new Parser();
    parser.setLanguage(lang);
    return parser;
  })();
  return parserPromise;
}

/** Replace whole-word occurrences of `words` by spaces (same length, same positions). */
export function blankWords(text: string, words: readonly string[]): string {
  if (words.length === 0) return text;
  const re = new RegExp(`\\b(?:${words.map((w) => w.replace(/[$]/g, '\\$')).join('|')})\\b`, 'g');
  return text.replace(re, (m) => ' '.repeat(m.length));
}

export interface ParseProblem {
  readonly kind: 'ERROR' | 'MISSING';
  /** Position in the original file. */
  readonly loc: SourceLoc;
  /** The offending text (ERROR) or the missing token type (MISSING), truncated. */
  readonly text: string;
}

export interface FunctionParse {
  readonly name: string;
  /** The function's first and last lines in the original file. */
  readonly loc: SourceLoc;
  readonly endLine: number;
  readonly clean: boolean;
  readonly problems: readonly ParseProblem[];
}

export interface FileParse {
  readonly file: string;
  readonly functions: readonly FunctionParse[];
  /** Problems outside any function definition (top-level declarations, macros, …). */
  readonly topLevelProblems: readonly ParseProblem[];
}

export interface ParseCheckInput {
  readonly file: string;
  readonly text: string;
  readonly mapLoc?: (line: number, col: number) => SourceLoc;
}

/** Name declared by a function_definition's declarator, if any. */
export function functionName(def: Node): string | null {
  let d: Node | null = def.childForFieldName('declarator');
  while (d) {
    if (d.type === 'function_declarator') {
      const inner = d.childForFieldName('declarator');
      if (inner && (inner.type === 'identifier' || inner.type === 'field_identifier')) return inner.text;
      d = inner;
      continue;
    }
    if (d.type === 'identifier') return d.text;
    d = d.childForFieldName('declarator');
  }
  return null;
}

function problemsIn(node: Node, map: (row: number, col: number) => SourceLoc, out: ParseProblem[], skip?: (n: Node) => boolean): void {
  if (!node.hasError && !node.isMissing) return;
  if (skip?.(node)) return;
  if (node.isMissing) {
    out.push({ kind: 'MISSING', loc: map(node.startPosition.row, node.startPosition.column), text: node.type });
    return;
  }
  if (node.isError) {
    out.push({ kind: 'ERROR', loc: map(node.startPosition.row, node.startPosition.column), text: node.text.replace(/\s+/g, ' ').slice(0, 80) });
    return;
  }
  for (const child of node.children) if (child) problemsIn(child, map, out, skip);
}

/** Parse one preprocessed file and report its function definitions and their parse problems. */
export async function parseCheck(input: ParseCheckInput, opts: { attributes?: readonly string[] } = {}): Promise<FileParse> {
  const parser = await loadCParser();
  const text = blankWords(input.text, opts.attributes ?? FRONTEND_ATTRIBUTES);
  const tree = parser.parse(text);
  if (!tree) throw new Error(`tree-sitter returned no tree for ${input.file}`);
  try {
    const map = (row: number, col: number): SourceLoc =>
      input.mapLoc ? input.mapLoc(row + 1, col + 1) : { file: input.file, line: row + 1, col: col + 1 };
    const functions: FunctionParse[] = [];
    const defs = tree.rootNode.descendantsOfType('function_definition');
    for (const def of defs) {
      if (!def) continue;
      const name = functionName(def);
      if (!name) continue;
      const problems: ParseProblem[] = [];
      problemsIn(def, map, problems);
      functions.push({
        name,
        loc: map(def.startPosition.row, def.startPosition.column),
        endLine: map(def.endPosition.row, Math.max(0, def.endPosition.column - 1)).line,
        clean: problems.length === 0,
        problems,
      });
    }
    const topLevelProblems: ParseProblem[] = [];
    problemsIn(tree.rootNode, map, topLevelProblems, (n) => n.type === 'function_definition');
    return { file: input.file, functions, topLevelProblems };
  } finally {
    tree.delete();
  }
}
