// The preprocessor's #if structure of a text, walked line by line: which conditional groups are
// open at a point and which branch of each is taken there. One walker for every reader of a tree
// that asks "under which #if is this?" (layout.ts: the rseq raise's guard; discover.ts: the
// irqentry_exit_cond_resched() dispatch forms).

/** One branch of an open conditional group: its directive and the text after it (comments dropped). */
export interface Branch {
  readonly directive: 'if' | 'ifdef' | 'ifndef' | 'elif' | 'else';
  readonly text: string;
}

/** An open #if/#ifdef/#ifndef group: the branches seen so far, the last one the current. */
export type OpenGroup = readonly Branch[];

const CONDITIONAL = /^(if|ifdef|ifndef|elif|else|endif)$/;

/**
 * Walks `text`'s directives in order (backslash continuations joined), keeping the open groups.
 * `visit` sees every directive that is not a conditional (`define`, `include`, …) with the groups
 * open at it, outermost first.
 */
export function walkDirectives(text: string, visit?: (directive: string, rest: string, open: readonly OpenGroup[]) => void): OpenGroup[] {
  const open: Branch[][] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (!/^[ \t]*#/.test(line)) continue;
    while (/\\\s*$/.test(line) && i + 1 < lines.length) line = line.replace(/\\\s*$/, ' ') + lines[++i]!;
    const d = /^[ \t]*#[ \t]*(\w+)\b(.*)$/.exec(line);
    if (!d) continue;
    const directive = d[1]!;
    const rest = d[2]!.replace(/\/[*/].*$/, '').trim();
    if (!CONDITIONAL.test(directive)) {
      visit?.(directive, rest, open);
      continue;
    }
    const top = open[open.length - 1];
    if (directive === 'endif') open.pop();
    else if (directive === 'elif' || directive === 'else') top?.push({ directive, text: rest });
    else open.push([{ directive: directive as Branch['directive'], text: rest }]);
  }
  return open;
}

/** The conditionals still open at the end of `text`, outermost first, each as the line of its
 *  current branch (`#ifdef CONFIG_RSEQ`; past an `#else`, `#else`). */
export function openConditionals(text: string): string[] {
  return walkDirectives(text).map((g) => {
    const b = g[g.length - 1]!;
    return `#${b.directive}${b.text ? ` ${b.text}` : ''}`;
  });
}
