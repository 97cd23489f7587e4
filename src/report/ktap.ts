// KTAP version 1 (`kentry check --ktap`), the format kselftest and KUnit print and KernelCI reads:
// one test per verdict-table cell (row × invariant, named `row.invariant`), and inside it one
// subtest per config class the cell's findings hold in. A violation is `not ok` with each
// finding's message as diagnostic lines (`# ...`) before the result line; a hazard is `ok` (as
// the exit code: hazards alone do not fail) with its message as a diagnostic; a cell the check
// never reached is `ok ... # SKIP not reached`. Pure: report → text.
//
// Escaping: a test name never contains `#` (it would start a directive), line breaks or other
// control characters; such characters are percent-encoded. Diagnostic text is split at line
// breaks and every piece gets its own `# ` line with a fixed prefix, so no message can forge a
// result, plan, `KTAP version` or `# Subtest:` line.

import type { Finding, KentryReport, Verdict } from './schema.ts';

const LINE_BREAKS = /\r\n|[\n\r\u0085\u2028\u2029]/;

/** A KTAP test name: `#`, `%`, control characters and line separators percent-encoded, spaces collapsed. */
export function ktapName(s: string): string {
  const enc = s.replace(/[#%\u0000-\u001f\u007f\u0085\u2028\u2029]/g, (c) =>
    [...Buffer.from(c, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
  return enc.replace(/ +/g, ' ').trim() || '%00';
}

/**
 * Diagnostic lines for free text (prefix included): one `# ` line per line of the text,
 * continuation lines indented, other control characters shown as spaces.
 */
function diagnostics(indent: string, prefix: string, text: string): string[] {
  return `${prefix}${text}`.split(LINE_BREAKS).map((piece, i) => `${indent}# ${i === 0 ? '' : '  '}${piece.replace(/[\u0000-\u001f\u007f]/g, ' ')}`.trimEnd());
}

interface CellTest {
  readonly name: string;
  readonly verdict: Verdict;
  readonly findings: readonly Finding[];
}

function cellTests(r: KentryReport): CellTest[] {
  const tests: CellTest[] = [];
  for (const row of r.rows) {
    const fs = row.findings.map((id) => r.findings.find((f) => f.id === id)).filter((f): f is Finding => f !== undefined);
    for (const inv of r.invariants) {
      const verdict = row.cells[inv.id] ?? 'clean';
      tests.push({ name: `${row.id}.${inv.id}`, verdict, findings: fs.filter((f) => f.invariant === inv.id) });
    }
  }
  return tests;
}

export function formatKtap(r: KentryReport): string {
  const out: string[] = ['KTAP version 1'];
  out.push(...diagnostics('', 'kentry ', `${r.tool.version}: ${r.target}`));
  if (!r.complete) out.push('# incomplete: a budget (--max-states, --max-seconds) stopped the search; cells may be missing findings');
  const tests = cellTests(r);
  out.push(`1..${tests.length}`);
  tests.forEach((t, i) => {
    const n = i + 1;
    const name = ktapName(t.name);
    if (t.verdict === 'not-reached') {
      out.push(`ok ${n} ${name} # SKIP not reached`);
      return;
    }
    if (!t.findings.length) {
      out.push(`ok ${n} ${name}`);
      return;
    }
    // Config classes in first-seen order; each is one subtest.
    const classes = new Map<string, Finding[]>();
    for (const f of t.findings) {
      const list = classes.get(f.configSummary);
      if (list) list.push(f);
      else classes.set(f.configSummary, [f]);
    }
    const ind = '    ';
    out.push(`${ind}KTAP version 1`);
    out.push(`${ind}# Subtest: ${name}`);
    out.push(`${ind}1..${classes.size}`);
    let k = 0;
    let failed = false;
    for (const [cls, fs] of classes) {
      k++;
      for (const f of fs) {
        const where = f.loc ? ` at ${f.function}() ${f.loc.file}:${f.loc.line}` : ` in ${f.function}()`;
        out.push(...diagnostics(ind, `[${f.id}] ${f.severity} ${f.check}${f.origin === 'base' ? ' (base)' : ''}${where}: `, f.message));
        out.push(...diagnostics(ind, '    contexts: ', f.contexts.join(', ')));
      }
      const bad = fs.some((f) => f.severity === 'violation');
      failed ||= bad;
      out.push(`${ind}${bad ? 'not ok' : 'ok'} ${k} ${ktapName(cls)}`);
    }
    out.push(`${failed ? 'not ok' : 'ok'} ${n} ${name}`);
  });
  return out.join('\n');
}
