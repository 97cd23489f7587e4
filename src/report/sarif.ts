// SARIF 2.1.0 (`kentry check --sarif FILE`), for GitHub code scanning and other SARIF viewers.
//
// - one rule per check of the catalogue (`report.checks`, i.e. every CheckDef), with the
//   invariant's title as short description, its documentation as full description, and as help
//   the kernel mechanism that would (or would not) report it at run time;
// - one result per finding: level `error` (violation) or `warning` (hazard), the kernel-style
//   message, the tree-relative location it is attributed to (`uriBaseId` SRCROOT: the kernel tree,
//   or the directory the C files were named from), and the shortest trace as one
//   `codeFlows[0].threadFlows[0]`, whose locations carry the state fields each step changed;
// - `partialFingerprints.kentryFindingIdentity/v1`: a hash of the finding's line-independent
//   identity (row, check, function, config class; see baseline.ts), so a line shift keeps it;
// - with a baseline, `baselineState` (`new` / `unchanged`) on every result.
// Pure: report → SARIF object.

import { createHash } from 'node:crypto';
import type { SourceLoc } from '../c/ir.ts';
import { INVARIANTS } from '../kernel/invariants.ts';
import { findingIdentity, primaryLoc } from './baseline.ts';
import type { CheckInfo, Finding, KentryReport, StateSnapshot, TraceStep } from './schema.ts';

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
/** Files of kentry's own kernel library (composites in C); not part of the checked tree. */
const LIBRARY_PREFIX = 'src/kernel/c/';
export const FINGERPRINT_KEY = 'kentryFindingIdentity/v1';

/** What a reporter name means for the help text. */
const REPORTER_HELP: Record<string, string> = {
  lockdep: 'lockdep reports it at run time (CONFIG_PROVE_LOCKING kernels, the first time it happens; lockdep then turns itself off).',
  rcu: 'RCU reports it at run time (RCU_LOCKDEP_WARN / WARN_ON_ONCE in kernel/rcu, mostly under CONFIG_PROVE_RCU).',
  sched: 'the scheduler reports it at run time (a BUG/WARN splat from kernel/sched).',
  objtool: 'objtool reports it at build time (noinstr validation of vmlinux.o).',
  ct: 'context tracking reports it at run time (CT_WARN_ON, with context tracking enabled).',
  warn: 'a WARN_ON in the kernel code reports it at run time.',
  bug: 'a BUG_ON in the kernel code stops the machine.',
  watchdog: 'only the soft-lockup watchdog notices, seconds later, without pointing at the cause.',
  none: 'no kernel mechanism reports it at run time: only this model catches it.',
};

export interface SarifOptions {
  /** Finding ids that are new against a baseline; with it, every result gets a `baselineState`. */
  readonly newIds?: ReadonlySet<number>;
}

// A deliberately loose type: the SARIF object model is large; the test validates the output.
type Json = { [k: string]: unknown };

function uriOf(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

function physical(loc: SourceLoc): Json {
  const library = loc.file.startsWith(LIBRARY_PREFIX);
  return {
    artifactLocation: { uri: uriOf(loc.file), uriBaseId: library ? 'KENTRY' : 'SRCROOT' },
    region: { startLine: Math.max(1, loc.line), ...(loc.col > 0 ? { startColumn: loc.col } : {}) },
  };
}

function invariantDoc(id: string): { title: string; doc: string } | undefined {
  const inv = INVARIANTS.find((i) => i.id === id);
  return inv ? { title: inv.title, doc: inv.doc } : undefined;
}

function placeholderText(template: string): string {
  return template.replace(/\{(\d+)\}/g, '…');
}

function rule(c: CheckInfo, r: KentryReport): Json {
  const inv = invariantDoc(c.invariant);
  const title = inv?.title ?? r.invariants.find((i) => i.id === c.invariant)?.title ?? c.invariant;
  const mechanism = REPORTER_HELP[c.reporter] ?? `reported at run time by: ${c.reporter}.`;
  const full = inv ? `${c.invariant}: ${inv.doc}` : `${c.invariant}: ${title}.`;
  const helpText = `${c.severity === 'violation' ? 'Violation' : 'Hazard'} of ${c.invariant} (${title}). Who notices in a running kernel: ${mechanism} The kernel's wording: ${placeholderText(c.message)}`;
  return {
    id: c.id,
    name: c.id.replace(/[^A-Za-z0-9]+(.)?/g, (_m, ch: string | undefined) => (ch ?? '').toUpperCase()).replace(/^./, (ch) => ch.toUpperCase()),
    shortDescription: { text: `${c.invariant} ${title}: ${placeholderText(c.message)}` },
    fullDescription: { text: full },
    help: { text: helpText, markdown: `**${c.severity}** of **${c.invariant}** — ${title}\n\nWho notices in a running kernel: ${mechanism}\n\nThe kernel's wording: \`${placeholderText(c.message).replace(/`/g, "'")}\`` },
    defaultConfiguration: { level: c.severity === 'violation' ? 'error' : 'warning' },
    properties: { tags: ['kentry', c.invariant, `reporter:${c.reporter}`], precision: 'very-high', 'problem.severity': c.severity === 'violation' ? 'error' : 'warning' },
  };
}

/** A state field's value as text (the value after the step). */
function fieldValue(s: StateSnapshot, k: string): string {
  const v = (s as unknown as Record<string, unknown>)[k];
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function threadFlowLocation(step: TraceStep): Json {
  const state: Record<string, { text: string }> = {};
  for (const k of step.changed) state[k] = { text: fieldValue(step.state, k) };
  const text = step.violation ? `${step.action} — ${step.violation}` : step.action;
  return {
    location: {
      ...(step.loc ? { physicalLocation: physical(step.loc) } : {}),
      ...(step.function ? { logicalLocations: [{ name: step.function, kind: 'function' }] } : {}),
      message: { text: text || '(step)' },
    },
    nestingLevel: step.level,
    executionOrder: step.index + 1,
    state,
    importance: step.violation ? 'essential' : step.changed.length ? 'important' : 'unimportant',
  };
}

function fingerprint(identity: string): string {
  return createHash('sha256').update(identity).digest('hex');
}

function result(f: Finding, ruleIndex: number, occurrence: number, opts: SarifOptions): Json {
  const loc = primaryLoc(f);
  const related: Json[] = [];
  if (f.loc && loc && (f.loc.file !== loc.file || f.loc.line !== loc.line)) related.push({ id: 1, physicalLocation: physical(f.loc), message: { text: `fires in ${f.function}()` } });
  const where = f.calledFrom && f.calledFrom.function !== f.function ? `${f.calledFrom.function}() → ${f.function}()` : `${f.function}()`;
  return {
    ruleId: f.check,
    ...(ruleIndex >= 0 ? { ruleIndex } : {}),
    level: f.severity === 'violation' ? 'error' : 'warning',
    message: { text: `${f.message} — in ${where}, row ${f.row}, ${f.configSummary}, entry context ${f.context}${f.origin === 'base' ? ' (in the code the row builds on)' : ''}.` },
    locations: loc
      ? [{ physicalLocation: physical(loc), logicalLocations: [{ name: f.calledFrom?.function ?? f.function, kind: 'function' }] }]
      : [{ logicalLocations: [{ name: f.function, kind: 'function' }] }],
    ...(related.length ? { relatedLocations: related } : {}),
    codeFlows: [
      {
        message: { text: `shortest counterexample: ${f.trace.length} steps, entry context ${f.context}` },
        threadFlows: [{ locations: f.trace.map(threadFlowLocation) }],
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(`${findingIdentity(f)}#${occurrence}`) },
    ...(opts.newIds ? { baselineState: opts.newIds.has(f.id) ? 'new' : 'unchanged' } : {}),
    properties: { findingId: f.id, row: f.row, invariant: f.invariant, contexts: [...f.contexts], configs: [...f.configs], configSummary: f.configSummary, origin: f.origin ?? 'row', splat: f.splat },
  };
}

export function toSarif(r: KentryReport, opts: SarifOptions = {}): Json {
  const ruleIds = r.checks.map((c) => c.id);
  const rules = r.checks.map((c) => rule(c, r));
  // A finding whose check is not in the catalogue still gets a rule (never silently dropped).
  for (const f of r.findings) {
    if (!ruleIds.includes(f.check)) {
      ruleIds.push(f.check);
      rules.push(rule({ id: f.check, invariant: f.invariant, severity: f.severity, reporter: 'none', message: f.message }, r));
    }
  }
  const seen = new Map<string, number>();
  const results = r.findings.map((f) => {
    const id = findingIdentity(f);
    const n = seen.get(id) ?? 0;
    seen.set(id, n + 1);
    return result(f, ruleIds.indexOf(f.check), n, opts);
  });
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'kentry',
            version: r.tool.version,
            semanticVersion: r.tool.version,
            fullName: `kentry ${r.tool.version}: model checker for the Linux kernel's interrupt entry/exit code`,
            rules,
          },
        },
        originalUriBaseIds: {
          SRCROOT: { description: { text: 'The checked kernel tree (kentry check --kernel DIR), or the directory the checked C files were named from.' } },
          KENTRY: { description: { text: "kentry's own model of kernel composites (schedule(), irq_exit_rcu(), the NMI vector), in kentry's source tree." } },
        },
        invocations: [
          {
            executionSuccessful: true,
            ...(r.complete ? {} : { toolExecutionNotifications: [{ level: 'warning', message: { text: 'A budget (--max-states, --max-seconds) stopped the search: the results are partial.' } }] }),
          },
        ],
        automationDetails: { description: { text: r.target } },
        columnKind: 'unicodeCodePoints',
        results,
        properties: { target: r.target, complete: r.complete, stats: r.stats },
      },
    ],
  };
}
