// The data block embedded in an HTML report (`<script type="application/json" id="kentry-data">`).
//
// It is the report minus what a browser does not need: `sources` is cut down to the lines around
// the steps of the counterexamples (a report may carry all of lockdep.c), and stored as arrays so
// that no file name (`__proto__`, `constructor`) is ever used as an object key.

import type { CheckInfo, Finding, InvariantInfo, OpaqueCall, RunStats, VerdictRow } from '../schema.ts';

export const VIEWER_DATA_SCHEMA = 'kentry-viewer/1' as const;

/** Lines of one source file: `[lineNumber, text]`, ascending. */
export interface SourceExcerpt {
  readonly file: string;
  readonly lines: readonly (readonly [number, string])[];
}

export interface ViewerData {
  readonly schema: typeof VIEWER_DATA_SCHEMA;
  /** `report`: a whole `kentry check` result; `trace`: one counterexample loaded from ITF. */
  readonly kind: 'report' | 'trace';
  readonly title: string;
  readonly target: string;
  /** e.g. `kentry 0.1.0`. */
  readonly tool: string;
  /** `null` when unknown (a trace page). */
  readonly complete: boolean | null;
  readonly stats: RunStats | null;
  readonly invariants: readonly InvariantInfo[];
  readonly checks: readonly CheckInfo[];
  readonly rows: readonly VerdictRow[];
  readonly findings: readonly Finding[];
  readonly opaqueCalls: readonly OpaqueCall[];
  readonly sources: readonly SourceExcerpt[];
}
