// Editor lines (`kentry check --format terse`): one line per finding in checkpatch's shape,
//
//   path:line: WARNING: message [check-id]
//
// so vim's quickfix (`:set makeprg=...`, `:cfile`), emacs' compilation-mode and CI log
// annotators jump to the line. The path is the location the finding is attributed to (the call
// site in the checked code when it fires inside a kernel composite), prefixed with `root` (the
// `--kernel DIR` as given) so it resolves from the directory kentry ran in. Pure: report → text.

import { posix } from 'node:path';
import { primaryLoc } from './baseline.ts';
import type { Finding, KentryReport } from './schema.ts';

export interface TerseOptions {
  /** Prefix for tree-relative paths (the `--kernel` directory); none for bundled/user files. */
  readonly root?: string;
  /** Only these findings (e.g. the ones new against a baseline); default all. */
  readonly only?: ReadonlySet<number>;
}

/** Line breaks, other control characters and Unicode line separators, shown as visible escapes. */
export function terseEscape(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return ' ';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

function pathOf(file: string, root: string | undefined): string {
  if (!root || posix.isAbsolute(file) || file.startsWith('src/kernel/c/')) return file;
  return posix.join(root, file);
}

export function formatTerseLine(f: Finding, opts: TerseOptions = {}): string {
  const loc = primaryLoc(f);
  const where = loc ? `${terseEscape(pathOf(loc.file, opts.root))}:${loc.line}` : `${terseEscape(f.function)}:0`;
  // The kernel's own messages often start with "WARNING: "; do not say it twice.
  const msg = f.message.replace(/^WARNING:\s*/, '');
  const tag = f.severity === 'hazard' ? 'hazard: ' : '';
  const ctx = `${f.row}; ${f.configSummary}; context ${f.context}${f.origin === 'base' ? '; in the code the row builds on' : ''}`;
  return `${where}: WARNING: ${tag}${terseEscape(msg)} (${terseEscape(ctx)}) [${terseEscape(f.check)}]`;
}

export function formatTerse(r: KentryReport, opts: TerseOptions = {}): string {
  return r.findings
    .filter((f) => !opts.only || opts.only.has(f.id))
    .map((f) => formatTerseLine(f, opts))
    .join('\n');
}
