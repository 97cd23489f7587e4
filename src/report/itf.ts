// Counterexamples in the Informal Trace Format (ITF) of Apalache ADR-015, as also read and written
// by Quint: https://apalache-mc.org/docs/adr/015adr-trace.html
//
//   { "#meta": { format, format-description, source, description, kentry: {...} },
//     "vars": [ <StateSnapshot field names> ],
//     "states": [ { "#meta": { "index": 0 }, "hwIrqsEnabled": false, ... }, ... ] }
//
// One ITF state per trace step: the model state *after* that step. ITF has no notion of an action,
// so what a step did (action, function, file:line, C source line, frame level, changed fields,
// the violation) travels in `#meta.kentry.steps[i]`, next to the finding's own metadata. ITF allows
// any JSON in `#meta`, so other ITF tools simply ignore it.
//
// Integers. ADR-015 lets a writer use plain JSON numbers for integers in [-(2^53)+1, 2^53-1] and
// `{ "#bigint": "N" }` for any integer. We WRITE every integer-valued state variable as
// `{ "#bigint": "N" }` — that is what Apalache and Quint emit, and strict readers (the Rust `itf`
// crate) expect it — and READ both forms (a plain number must be a safe integer). Inside `#meta`,
// which is free-form, numbers (line, column, index, level) are plain JSON numbers.

import type { SourceLoc } from '../c/ir.ts';
import type { Finding, KentryReport, Severity, StateSnapshot, TraceStep } from './schema.ts';

export const ITF_FORMAT_DESCRIPTION = 'https://apalache-mc.org/docs/adr/015adr-trace.html';
export const KENTRY_ITF_SCHEMA = 'kentry-itf/1' as const;

type FieldKind<T> = T extends boolean ? 'bool' : T extends number ? 'int' : 'str';

/** JSON type of every state field. A mapped type, so adding a field to the schema without
 *  listing it here is a compile error. */
export const STATE_FIELD_KINDS: { readonly [K in keyof StateSnapshot]-?: FieldKind<StateSnapshot[K]> } = {
  hwIrqsEnabled: 'bool',
  lockdepHardirqsEnabled: 'bool',
  lockdepHardirqContext: 'int',
  lockdepChainKeyChanged: 'bool',
  debugLocks: 'bool',
  tracerIrqsOff: 'bool',
  rcuWatching: 'bool',
  rcuNesting: 'int',
  rcuNmiNesting: 'str',
  preemptCount: 'int',
  preemptCountDecoded: 'str',
  needResched: 'bool',
  needReschedLazy: 'bool',
  rseqSchedSwitch: 'bool',
  taskEqsFlag: 'bool',
  softirqPending: 'bool',
  ctState: 'str',
  instrumentationDepth: 'int',
  isIdleTask: 'bool',
  xenInPreemptibleHcall: 'bool',
  nesting: 'str',
  nestingLevel: 'int',
};

/** The ITF `vars`: every `StateSnapshot` field, in schema order. */
export const STATE_FIELDS = Object.keys(STATE_FIELD_KINDS) as readonly (keyof StateSnapshot)[];
/** Fields only some trees' states have (TIF_NEED_RESCHED_LAZY): a trace lists them in `vars`
 *  exactly when its states carry them. */
const OPTIONAL_STATE_FIELDS: ReadonlySet<string> = new Set(['needReschedLazy', 'rseqSchedSwitch', 'taskEqsFlag']);

export interface ItfBigInt {
  readonly '#bigint': string;
}

export type ItfScalar = boolean | number | string | ItfBigInt;

export interface ItfStateMeta {
  readonly index: number;
}

export interface ItfState {
  readonly '#meta': ItfStateMeta;
  readonly [variable: string]: ItfScalar | ItfStateMeta;
}

/** What a step did, beside the state it led to. */
export interface ItfStepMeta {
  readonly index: number;
  readonly action: string;
  readonly function: string;
  readonly loc: SourceLoc | null;
  readonly sourceLine: string;
  readonly level: number;
  readonly changed: readonly string[];
  readonly violation?: string;
}

export interface KentryItfMeta {
  readonly schema: typeof KENTRY_ITF_SCHEMA;
  /** `kentry 0.1.0`. */
  readonly tool: string;
  readonly target: string;
  readonly id: number;
  readonly row: string;
  readonly check: string;
  readonly invariant: string;
  /** Title of the invariant, when the report knew it. */
  readonly invariantTitle?: string;
  readonly severity: Severity;
  readonly message: string;
  readonly splat: string;
  readonly function: string;
  readonly loc: SourceLoc | null;
  readonly context: string;
  readonly contexts: readonly string[];
  readonly configs: readonly string[];
  readonly configSummary: string;
  readonly steps: readonly ItfStepMeta[];
}

export interface ItfTraceMeta {
  readonly format: 'ITF';
  readonly 'format-description': string;
  readonly source: string;
  readonly description: string;
  readonly kentry: KentryItfMeta;
}

export interface ItfTrace {
  readonly '#meta': ItfTraceMeta;
  readonly vars: readonly string[];
  readonly states: readonly ItfState[];
}

/** What `fromItf` recovers: the finding exactly as the report had it, plus the trace's context. */
export interface ItfImport {
  readonly finding: Finding;
  readonly target: string;
  readonly tool: string;
  readonly invariantTitle: string | null;
  readonly description: string;
}

export class ItfFormatError extends Error {
  override readonly name = 'ItfFormatError';
}

// ---------------------------------------------------------------------------------------------
// Writing

function encodeInt(n: number): ItfBigInt {
  if (!Number.isSafeInteger(n)) throw new RangeError(`ITF: state integer ${n} is not a safe integer`);
  return { '#bigint': String(n) };
}

/** The ITF trace of one finding's counterexample. */
export function toItf(finding: Finding, report: KentryReport): ItfTrace {
  const states: ItfState[] = finding.trace.map((step, i) => {
    const state: Record<string, ItfScalar | ItfStateMeta> = { '#meta': { index: i } };
    for (const field of STATE_FIELDS) {
      const value = step.state[field];
      if (value === undefined) continue; // a field this tree's states do not have (needReschedLazy)
      state[field] = typeof value === 'number' ? encodeInt(value) : value;
    }
    return state as ItfState;
  });
  const steps: ItfStepMeta[] = finding.trace.map((s) => ({
    index: s.index,
    action: s.action,
    function: s.function,
    loc: s.loc === null ? null : { file: s.loc.file, line: s.loc.line, col: s.loc.col },
    sourceLine: s.sourceLine,
    level: s.level,
    changed: [...s.changed],
    ...(s.violation !== undefined ? { violation: s.violation } : {}),
  }));
  const invariantTitle = report.invariants.find((inv) => inv.id === finding.invariant)?.title;
  const tool = `${report.tool.name} ${report.tool.version}`;
  return {
    '#meta': {
      format: 'ITF',
      'format-description': ITF_FORMAT_DESCRIPTION,
      source: report.target,
      description:
        `${tool}: counterexample #${finding.id} (${finding.row}, ${finding.invariant} ${finding.check}): ` +
        finding.message,
      kentry: {
        schema: KENTRY_ITF_SCHEMA,
        tool,
        target: report.target,
        id: finding.id,
        row: finding.row,
        check: finding.check,
        invariant: finding.invariant,
        ...(invariantTitle !== undefined ? { invariantTitle } : {}),
        severity: finding.severity,
        message: finding.message,
        splat: finding.splat,
        function: finding.function,
        loc: finding.loc === null ? null : { file: finding.loc.file, line: finding.loc.line, col: finding.loc.col },
        context: finding.context,
        contexts: [...finding.contexts],
        configs: [...finding.configs],
        configSummary: finding.configSummary,
        steps,
      },
    },
    vars: STATE_FIELDS.filter((f) => !OPTIONAL_STATE_FIELDS.has(f) || finding.trace.some((st) => st.state[f] !== undefined)),
    states,
  };
}

// ---------------------------------------------------------------------------------------------
// Reading (validating: the input is a file from disk)

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  if (typeof v === 'number' || typeof v === 'boolean') return `${typeof v} ${String(v)}`;
  return typeof v === 'object' ? 'an object' : typeof v;
}

function fail(path: string, expected: string, got: unknown): never {
  throw new ItfFormatError(`malformed ITF trace: ${path}: expected ${expected}, got ${describe(got)}`);
}

type Obj = Readonly<Record<string, unknown>>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function own(o: Obj, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
}

function obj(v: unknown, path: string): Obj {
  if (!isObj(v)) fail(path, 'an object', v);
  return v;
}

function str(v: unknown, path: string): string {
  if (typeof v !== 'string') fail(path, 'a string', v);
  return v;
}

function bool(v: unknown, path: string): boolean {
  if (typeof v !== 'boolean') fail(path, 'a boolean', v);
  return v;
}

function int(v: unknown, path: string, min = Number.MIN_SAFE_INTEGER): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) fail(path, 'an integer', v);
  if (v < min) fail(path, `an integer >= ${min}`, v);
  return v;
}

function arr(v: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(v)) fail(path, 'an array', v);
  return v;
}

function strs(v: unknown, path: string): string[] {
  return arr(v, path).map((x, i) => str(x, `${path}[${i}]`));
}

/** An ITF integer: a safe JSON integer or `{ "#bigint": "[-][0-9]+" }` within the safe range. */
function itfInt(v: unknown, path: string): number {
  if (typeof v === 'number') return int(v, path);
  if (isObj(v) && Object.keys(v).length === 1 && typeof own(v, '#bigint') === 'string') {
    const text = own(v, '#bigint') as string;
    if (!/^-?[0-9]+$/.test(text)) fail(`${path}["#bigint"]`, 'a decimal integer string', text);
    const big = BigInt(text);
    if (big > BigInt(Number.MAX_SAFE_INTEGER) || big < BigInt(Number.MIN_SAFE_INTEGER)) {
      fail(path, 'an integer within ±(2^53-1) (kentry state counters are small)', text);
    }
    return Number(big);
  }
  return fail(path, 'an integer (JSON number or {"#bigint": "N"})', v);
}

function loc(v: unknown, path: string): SourceLoc | null {
  if (v === null) return null;
  const o = obj(v, path);
  return {
    file: str(own(o, 'file'), `${path}.file`),
    line: int(own(o, 'line'), `${path}.line`, 0),
    col: int(own(o, 'col'), `${path}.col`, 0),
  };
}

function severity(v: unknown, path: string): Severity {
  if (v !== 'violation' && v !== 'hazard') fail(path, '"violation" or "hazard"', v);
  return v;
}

/**
 * Reads a kentry ITF trace (already `JSON.parse`d) back into the finding it was written from.
 * Throws `ItfFormatError` (an `Error`) naming the offending JSON path on malformed input.
 */
export function fromItf(json: unknown): ItfImport {
  const root = obj(json, '$');
  const meta = obj(own(root, '#meta'), '$["#meta"]');
  const format = own(meta, 'format');
  if (format !== undefined && format !== 'ITF') fail('$["#meta"].format', '"ITF"', format);
  const k = own(meta, 'kentry');
  if (k === undefined) {
    throw new ItfFormatError(
      'malformed ITF trace: $["#meta"].kentry is missing — this is not a trace written by kentry ' +
        '(kentry needs the step metadata it writes there)',
    );
  }
  const km = obj(k, '$["#meta"].kentry');
  const P = '$["#meta"].kentry';
  const schema = own(km, 'schema');
  if (schema !== KENTRY_ITF_SCHEMA) fail(`${P}.schema`, JSON.stringify(KENTRY_ITF_SCHEMA), schema);

  const vars = strs(own(root, 'vars'), '$.vars');
  const seen = new Set<string>();
  for (const [i, v] of vars.entries()) {
    if (seen.has(v)) fail(`$.vars[${i}]`, 'distinct variable names', v);
    seen.add(v);
  }
  for (const field of STATE_FIELDS) {
    if (!seen.has(field) && !OPTIONAL_STATE_FIELDS.has(field)) {
      throw new ItfFormatError(`malformed ITF trace: $.vars: state variable "${field}" is missing`);
    }
  }
  const loop = own(root, 'loop');
  if (loop !== undefined) int(loop, '$.loop', 0);

  const states = arr(own(root, 'states'), '$.states');
  if (states.length === 0) throw new ItfFormatError('malformed ITF trace: $.states: a counterexample has at least one state');
  const stepMetas = arr(own(km, 'steps'), `${P}.steps`);
  if (stepMetas.length !== states.length) {
    throw new ItfFormatError(
      `malformed ITF trace: ${P}.steps has ${stepMetas.length} entries but $.states has ${states.length}`,
    );
  }

  const trace: TraceStep[] = states.map((raw, i) => {
    const sp = `$.states[${i}]`;
    const s = obj(raw, sp);
    const sm = own(s, '#meta');
    if (sm !== undefined) {
      const idx = own(obj(sm, `${sp}["#meta"]`), 'index');
      if (idx !== undefined && int(idx, `${sp}["#meta"].index`) !== i) fail(`${sp}["#meta"].index`, String(i), idx);
    }
    for (const v of vars) {
      if (!Object.prototype.hasOwnProperty.call(s, v)) {
        throw new ItfFormatError(`malformed ITF trace: ${sp}: variable "${v}" is missing (ITF states define every var)`);
      }
    }
    const state: Record<string, boolean | number | string> = {};
    for (const field of STATE_FIELDS) {
      if (OPTIONAL_STATE_FIELDS.has(field) && !seen.has(field)) continue;
      const v = own(s, field);
      const fp = `${sp}.${field}`;
      const kind = STATE_FIELD_KINDS[field];
      state[field] = kind === 'bool' ? bool(v, fp) : kind === 'int' ? itfInt(v, fp) : str(v, fp);
    }

    const mp = `${P}.steps[${i}]`;
    const m = obj(stepMetas[i], mp);
    const changed = strs(own(m, 'changed'), `${mp}.changed`);
    for (const [j, c] of changed.entries()) {
      if (!Object.prototype.hasOwnProperty.call(STATE_FIELD_KINDS, c)) fail(`${mp}.changed[${j}]`, 'a state field name', c);
    }
    const violation = own(m, 'violation');
    const step: TraceStep = {
      index: int(own(m, 'index'), `${mp}.index`, 0),
      action: str(own(m, 'action'), `${mp}.action`),
      function: str(own(m, 'function'), `${mp}.function`),
      loc: loc(own(m, 'loc'), `${mp}.loc`),
      sourceLine: str(own(m, 'sourceLine'), `${mp}.sourceLine`),
      level: int(own(m, 'level'), `${mp}.level`, 0),
      changed,
      state: state as unknown as StateSnapshot,
      ...(violation !== undefined ? { violation: str(violation, `${mp}.violation`) } : {}),
    };
    return step;
  });

  const invariantTitle = own(km, 'invariantTitle');
  const finding: Finding = {
    id: int(own(km, 'id'), `${P}.id`, 0),
    row: str(own(km, 'row'), `${P}.row`),
    check: str(own(km, 'check'), `${P}.check`),
    invariant: str(own(km, 'invariant'), `${P}.invariant`),
    severity: severity(own(km, 'severity'), `${P}.severity`),
    message: str(own(km, 'message'), `${P}.message`),
    splat: str(own(km, 'splat'), `${P}.splat`),
    function: str(own(km, 'function'), `${P}.function`),
    loc: loc(own(km, 'loc'), `${P}.loc`),
    context: str(own(km, 'context'), `${P}.context`),
    contexts: strs(own(km, 'contexts'), `${P}.contexts`),
    configs: strs(own(km, 'configs'), `${P}.configs`),
    configSummary: str(own(km, 'configSummary'), `${P}.configSummary`),
    trace,
  };
  const description = own(meta, 'description');
  return {
    finding,
    target: str(own(km, 'target'), `${P}.target`),
    tool: str(own(km, 'tool'), `${P}.tool`),
    invariantTitle: invariantTitle === undefined ? null : str(invariantTitle, `${P}.invariantTitle`),
    description: description === undefined ? '' : str(description, '$["#meta"].description'),
  };
}
