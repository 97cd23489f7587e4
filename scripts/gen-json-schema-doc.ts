// docs/json-schema.md is generated from src/report/schema.ts (its interfaces, fields, types and
// doc comments), so the documentation of `kentry check --json` cannot drift from the code:
//
//   npm run docs:schema            # rewrites docs/json-schema.md
//
// test/docs.test.ts regenerates it and fails when the committed file differs.

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SCHEMA_TS = join(repo, 'src/report/schema.ts');
export const SCHEMA_DOC = join(repo, 'docs/json-schema.md');

const INTRO = `# The report JSON (\`kentry check --json\`)

\`kentry check --json\` prints one object, the same one every other output is made from (the
text report, \`--format terse\`, \`--ktap\`, \`--sarif\`, \`--html\`, \`--itf\`). Its shape is
\`src/report/schema.ts\`; this page is generated from that file by \`npm run docs:schema\` (a test
fails when the two differ). The \`schema\` field names the version: \`REPORT_SCHEMA_VALUE\`.
Any incompatible change bumps it.

A report from an earlier run is what \`--baseline OLD.json\` and \`kentry diff OLD.json NEW.json\`
read; they match findings by \`row\`, \`check\`, \`function\` (with \`calledFrom.function\`) and
\`configSummary\`, never by line ([docs/ci.md](ci.md)).

Conventions: field order is as below; optional fields (marked \`?\`) are absent rather than
\`null\`; \`SourceLoc\` is \`{ "file": string, "line": number, "col": number }\` with 1-based line
and column and \`file\` relative to the checked tree (kernel trees) or as named on the command line.
`;

function jsDoc(node: ts.Node, sf: ts.SourceFile): string {
  const ranges = ts.getLeadingCommentRanges(sf.text, node.getFullStart()) ?? [];
  const docs = ranges
    .map((r) => sf.text.slice(r.pos, r.end))
    .filter((t) => t.startsWith('/**'))
    .map((t) =>
      t
        .replace(/^\/\*\*\s?/, '')
        .replace(/\*\/$/, '')
        .split('\n')
        .map((l) => l.replace(/^\s*\* ?/, '').trim())
        .join(' ')
        .replace(/\s+/g, ' ')
        .trim(),
    );
  return docs.at(-1) ?? '';
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
}

export interface SchemaModel {
  readonly schemaValue: string;
  readonly types: { name: string; doc: string; kind: 'interface' | 'type'; fields: { name: string; optional: boolean; type: string; doc: string }[]; text?: string }[];
}

export function readSchema(path = SCHEMA_TS): SchemaModel {
  const sf = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.ES2022, true);
  let schemaValue = '';
  const types: SchemaModel['types'] = [];
  for (const st of sf.statements) {
    if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        if (d.name.getText(sf) === 'REPORT_SCHEMA' && d.initializer) schemaValue = d.initializer.getText(sf).replace(/ as const$/, '').replace(/^'|'$/g, '');
      }
    } else if (ts.isInterfaceDeclaration(st)) {
      const fields = st.members.filter(ts.isPropertySignature).map((m) => ({
        name: m.name.getText(sf),
        optional: m.questionToken !== undefined,
        type: (m.type?.getText(sf) ?? 'unknown').replace(/typeof REPORT_SCHEMA/g, JSON.stringify(schemaValue)).replace(/\breadonly /g, ''),
        doc: jsDoc(m, sf),
      }));
      types.push({ name: st.name.text, doc: jsDoc(st, sf), kind: 'interface', fields });
    } else if (ts.isTypeAliasDeclaration(st)) {
      types.push({ name: st.name.text, doc: jsDoc(st, sf), kind: 'type', fields: [], text: st.type.getText(sf) });
    }
  }
  return { schemaValue, types };
}

export function renderSchemaDoc(model: SchemaModel = readSchema()): string {
  const out = [INTRO.replace('REPORT_SCHEMA_VALUE', model.schemaValue)];
  // The root first, then the rest in file order.
  const order = [...model.types].sort((a, b) => Number(b.name === 'KentryReport') - Number(a.name === 'KentryReport'));
  for (const t of order) {
    out.push(`## ${t.name}\n`);
    if (t.doc) out.push(`${t.doc}\n`);
    if (t.kind === 'type') {
      out.push(`\`${t.text}\`\n`);
      continue;
    }
    out.push('| field | type | meaning |');
    out.push('|---|---|---|');
    for (const f of t.fields) out.push(`| \`${f.name}${f.optional ? '?' : ''}\` | \`${cell(f.type)}\` | ${cell(f.doc) || '—'} |`);
    out.push('');
  }
  return out.join('\n').replace(/\n+$/, '\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(SCHEMA_DOC, renderSchemaDoc());
  process.stdout.write(`wrote ${SCHEMA_DOC}\n`);
}
