// The HTML report (`kentry check --html`) and trace page (`kentry view trace.itf.json`).
//
// One self-contained file: inline CSS, inline script, the data as a JSON block. No network: a
// strict Content-Security-Policy forbids every fetch, and the page references no URL at all.
//
// Safety. The data travels as `<script type="application/json" id="kentry-data">`, with `<`, `>`,
// `&`, U+2028 and U+2029 written as `\u003c` … inside the JSON strings, so no identifier — not even
// `</script><img src=x onerror=alert(1)>` — can close the element or open a comment. The browser
// side (`viewer/app.ts`) builds the page with `textContent`/`setAttribute` only.

import type { Finding, KentryReport } from './schema.ts';
import { fromItf, type ItfImport, type ItfTrace } from './itf.ts';
import { VIEWER_DATA_SCHEMA, type SourceExcerpt, type ViewerData } from './viewer/data.ts';
import { kentryViewerMain } from './viewer/app.ts';
import { VIEWER_CSS } from './viewer/style.ts';

/** Lines of context kept around every step's source line. */
const SOURCE_CONTEXT = 3;

export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; " +
  "base-uri 'none'; form-action 'none'";

/** `JSON.stringify`, safe inside a `<script>` element (and in HTML generally). */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

function escapeHtmlText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts `sources` down to the lines near the steps of `findings`. */
function excerpts(sources: Readonly<Record<string, string>>, findings: readonly Finding[]): SourceExcerpt[] {
  const wanted = new Map<string, Set<number>>();
  const want = (file: string, line: number): void => {
    let set = wanted.get(file);
    if (set === undefined) wanted.set(file, (set = new Set()));
    for (let k = line - SOURCE_CONTEXT; k <= line + SOURCE_CONTEXT; k++) if (k >= 1) set.add(k);
  };
  for (const f of findings) {
    if (f.loc) want(f.loc.file, f.loc.line);
    for (const s of f.trace) if (s.loc) want(s.loc.file, s.loc.line);
  }
  const out: SourceExcerpt[] = [];
  for (const [file, lines] of [...wanted].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    if (!Object.prototype.hasOwnProperty.call(sources, file)) continue;
    const text = sources[file];
    if (typeof text !== 'string') continue;
    const all = text.split(/\r?\n/);
    const picked: [number, string][] = [];
    for (const k of [...lines].sort((a, b) => a - b)) if (k <= all.length) picked.push([k, all[k - 1]!]);
    if (picked.length > 0) out.push({ file, lines: picked });
  }
  return out;
}

/** The data block of a report page. Exported for tests. */
export function reportViewerData(report: KentryReport): ViewerData {
  return {
    schema: VIEWER_DATA_SCHEMA,
    kind: 'report',
    title: `kentry report — ${report.target}`,
    target: report.target,
    tool: `${report.tool.name} ${report.tool.version}`,
    complete: report.complete,
    stats: report.stats,
    invariants: report.invariants,
    checks: report.checks,
    rows: report.rows,
    findings: report.findings,
    opaqueCalls: report.opaqueCalls,
    sources: excerpts(report.sources, report.findings),
  };
}

/** The data block of a trace page. Exported for tests. */
export function traceViewerData(imported: ItfImport, title: string): ViewerData {
  const f = imported.finding;
  return {
    schema: VIEWER_DATA_SCHEMA,
    kind: 'trace',
    title,
    target: imported.target,
    tool: imported.tool,
    complete: null,
    stats: null,
    invariants: imported.invariantTitle === null ? [] : [{ id: f.invariant, title: imported.invariantTitle }],
    checks: [],
    rows: [],
    findings: [f],
    opaqueCalls: [],
    sources: [],
  };
}

/** The inline script: the viewer function's own source, called with `window`. */
function viewerScript(): string {
  // Loaders such as tsx (esbuild with keepNames) wrap functions in `__name(fn, "name")`; the page
  // has no such helper, so it gets an identity one.
  const code =
    'var __name = function (f) { return f; };\n(' + kentryViewerMain.toString() + ')(window);';
  if (/<\/script|<!--|<script/i.test(code)) {
    throw new Error('kentry: the viewer script contains an HTML-significant sequence; rewrite it');
  }
  return code;
}

function page(title: string, data: ViewerData): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="kentry">
<title>${escapeHtmlText(title)}</title>
<style>${VIEWER_CSS}</style>
</head>
<body>
<div id="app"><noscript>This kentry report needs JavaScript to draw its tables and traces. The raw data is in the JSON block (id "kentry-data") of this file, or use <code>kentry check --json</code>.</noscript></div>
<script type="application/json" id="kentry-data">${jsonForScript(data)}</script>
<script>
"use strict";
${viewerScript()}
</script>
</body>
</html>
`;
}

/** One self-contained HTML page for a whole report. */
export function renderHtmlReport(report: KentryReport): string {
  return page(`kentry report — ${report.target}`, reportViewerData(report));
}

/** One self-contained HTML page for one ITF counterexample. Throws (via `fromItf`) if malformed. */
export function renderHtmlTrace(itf: ItfTrace, title: string): string {
  return page(title, traceViewerData(fromItf(itf), title));
}
