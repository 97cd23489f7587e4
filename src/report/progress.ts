// The progress line of a check on a terminal (stderr, TTY only, never with --quiet):
//
//   [ 41/568 runs] 12.3 s, 284,868 states/s, about 2:40 left · v4 xen-hcall PREEMPTION=none ...
//
// `runs` counts row × entry context × config slots (the ones skipped because an earlier run
// already decided them included), so the estimate is linear in slots done. The line is redrawn
// at most every `intervalMs` and erased when the check ends.

export interface ProgressPoint {
  /** 1-based slot about to run. */
  readonly slot: number;
  readonly slots: number;
  readonly statesExplored: number;
  readonly elapsedMs: number;
  readonly label: string;
}

function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** One progress line (no escape sequences), at most `width` characters. */
export function formatProgress(p: ProgressPoint, width = 120): string {
  const done = Math.max(0, p.slot - 1);
  const secs = p.elapsedMs / 1000;
  const rate = secs > 0 ? Math.round(p.statesExplored / secs) : 0;
  const w = String(p.slots).length;
  const eta = done > 0 && p.slots > done ? `about ${clock((secs / done) * (p.slots - done))} left` : done >= p.slots ? 'finishing' : 'estimating';
  const line = `[${String(done).padStart(w)}/${p.slots} runs] ${secs.toFixed(1)} s, ${rate.toLocaleString('en-US')} states/s, ${eta} · ${p.label}`;
  return line.length > width ? line.slice(0, width - 1) + '…' : line;
}

export interface ProgressMeter {
  update(label: string, at: { slot: number; slots: number; statesExplored: number }): void;
  /** Erases the line (if one was drawn). */
  finish(): void;
}

export function progressMeter(write: (s: string) => void, now: () => number = Date.now, intervalMs = 100, width = 120): ProgressMeter {
  const start = now();
  let last = -Infinity;
  let drawn = false;
  return {
    update(label, at) {
      const t = now();
      if (t - last < intervalMs) return;
      last = t;
      drawn = true;
      write(`\r\u001b[2K${formatProgress({ ...at, elapsedMs: t - start, label }, width)}`);
    },
    finish() {
      if (drawn) write('\r\u001b[2K');
      drawn = false;
    },
  };
}
