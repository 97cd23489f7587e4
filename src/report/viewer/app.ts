// The browser side of the HTML report: builds the page from the embedded JSON data block.
//
// `kentryViewerMain` is serialised with `Function.prototype.toString()` into the page's inline
// script (see `html.ts`), so it must be SELF-CONTAINED: everything it uses is declared inside it;
// only types are imported. Every piece of report data reaches the DOM through `textContent`,
// `title` or `setAttribute` — never through HTML parsing — so hostile names stay text.
//
// Moving the cursor over a trace touches a fixed number of elements (the two step rows, the
// cursor overlay, one marker per lane, the state panel): O(1) in the length of the trace.

import type { Finding, StateSnapshot, TraceStep } from '../schema.ts';
import type { ViewerData } from './data.ts';
import type { DomElement, DomEvent, DomWindow } from './dom.ts';

export function kentryViewerMain(win: DomWindow): void {
  const doc = win.document;
  const t0 = win.performance.now();
  const app = doc.getElementById('app');
  if (app === null) return;
  const appEl: DomElement = app;

  // ------------------------------------------------------------------ small DOM helpers

  function el(tag: string, cls?: string, text?: string): DomElement {
    const e = doc.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function put(parent: DomElement, tag: string, cls?: string, text?: string): DomElement {
    return parent.appendChild(el(tag, cls, text));
  }
  function txt(parent: DomElement, text: string): void {
    parent.appendChild(doc.createTextNode(text));
  }
  function fmtInt(n: number): string {
    const s = String(Math.round(n));
    return s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  }
  function locText(loc: { file: string; line: number } | null): string {
    return loc === null ? '' : loc.file + ':' + loc.line;
  }
  function sevIcon(sev: string): string {
    return sev === 'hazard' ? '⚠' : '✗';
  }

  let data: ViewerData;
  try {
    const block = doc.getElementById('kentry-data');
    data = JSON.parse(block === null ? '' : block.textContent || '') as ViewerData;
  } catch (e) {
    appEl.replaceChildren(el('p', 'err', 'kentry: cannot read the embedded report data: ' + String(e)));
    return;
  }

  // ------------------------------------------------------------------ state fields and lanes

  type Field = keyof StateSnapshot;
  type Val = boolean | number | string;
  function get(s: StateSnapshot, f: string): Val {
    const v = (s as unknown as Record<string, unknown>)[f];
    return typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string' ? v : String(v);
  }

  /** State panel order (by subsystem); unknown future fields are appended. */
  const PANEL: Field[] = [
    'hwIrqsEnabled', 'lockdepHardirqsEnabled', 'lockdepHardirqContext', 'lockdepChainKeyChanged', 'debugLocks',
    'tracerIrqsOff', 'rcuWatching', 'rcuNesting', 'rcuNmiNesting', 'preemptCount', 'preemptCountDecoded',
    'needResched', 'softirqPending', 'ctState', 'instrumentationDepth', 'isIdleTask', 'xenInPreemptibleHcall',
    'nesting', 'nestingLevel',
  ];
  const HINT: Record<string, string> = {
    hwIrqsEnabled: 'EFLAGS.IF: whether the CPU really takes interrupts',
    lockdepHardirqsEnabled: "lockdep's belief (hardirqs_enabled): set by lockdep_hardirqs_on/off",
    lockdepHardirqContext: 'lockdep hardirq_context: lockdep_hardirq_enter/exit depth',
    lockdepChainKeyChanged: 'lockdep held-lock chain key changed inside the handler',
    debugLocks: 'debug_locks: false once lockdep has reported and switched itself off',
    tracerIrqsOff: 'irq tracer inside an irqs-off section (trace_hardirqs_off … _on)',
    rcuWatching: 'rcu_is_watching(): RCU is not in an extended quiescent state',
    rcuNesting: 'RCU dynticks_nesting',
    rcuNmiNesting: 'RCU dynticks_nmi_nesting (NONIDLE crowbar at task level)',
    preemptCount: 'preempt_count()',
    preemptCountDecoded: 'preempt_count() split into its fields',
    needResched: 'TIF_NEED_RESCHED',
    softirqPending: 'local_softirq_pending()',
    ctState: 'context tracking state',
    instrumentationDepth: 'instrumentation_begin/end depth (objtool noinstr regions)',
    isIdleTask: 'current is the idle task',
    xenInPreemptibleHcall: 'xen_in_preemptible_hcall (per-CPU)',
    nesting: 'frames running, outermost first',
    nestingLevel: 'number of interrupt frames on this CPU',
  };

  function preemptShort(s: StateSnapshot): string {
    const parts: string[] = [];
    const re = /([A-Z_]+)=(\d+)/g;
    let m: RegExpExecArray | null;
    let seen = false;
    while ((m = re.exec(String(s.preemptCountDecoded))) !== null) {
      seen = true;
      if (m[2] !== '0') parts.push(m[1]!.charAt(0) + m[2]!);
    }
    if (!seen) return '0x' + Number(s.preemptCount).toString(16);
    return parts.length === 0 ? '0' : parts.join(' ');
  }
  function frameShort(s: StateSnapshot): string {
    const parts = String(s.nesting).split('>');
    return (parts[parts.length - 1] || '').trim();
  }

  interface Lane {
    readonly key: string;
    readonly fields: readonly string[];
    readonly label: string;
    readonly hint: string;
    readonly group: string;
    /** Boolean lane: value drawn as a waveform. */
    readonly bool?: (s: StateSnapshot) => boolean;
    /** Value lane: text of a run. */
    readonly val?: (s: StateSnapshot) => string;
    /** 0–3: background tone of a value run. */
    readonly tone?: (s: StateSnapshot) => number;
    /** Disagreement with the hardware IRQ flag. */
    readonly mis?: (s: StateSnapshot) => boolean;
    readonly full?: (s: StateSnapshot) => string;
  }
  const nz = (n: number): number => (n === 0 ? 0 : n === 1 ? 1 : n === 2 ? 2 : 3);
  const LANES: Lane[] = [
    { key: 'hwIrqsEnabled', fields: ['hwIrqsEnabled'], group: 'IRQs enabled? according to', label: 'hardware (EFLAGS.IF)',
      hint: HINT['hwIrqsEnabled']!, bool: (s) => s.hwIrqsEnabled },
    { key: 'lockdepHardirqsEnabled', fields: ['lockdepHardirqsEnabled'], group: 'IRQs enabled? according to', label: 'lockdep hardirqs_enabled',
      hint: HINT['lockdepHardirqsEnabled']! + '. Hatched = disagrees with the hardware flag.',
      bool: (s) => s.lockdepHardirqsEnabled, mis: (s) => s.lockdepHardirqsEnabled !== s.hwIrqsEnabled },
    { key: 'tracerIrqsOff', fields: ['tracerIrqsOff'], group: 'IRQs enabled? according to', label: 'irq tracer (!irqs_off)',
      hint: 'irq tracer: high = outside an irqs-off section, i.e. tracerIrqsOff is false. Hatched = disagrees with the hardware flag.',
      bool: (s) => !s.tracerIrqsOff, mis: (s) => !s.tracerIrqsOff !== s.hwIrqsEnabled },
    { key: 'lockdepHardirqContext', fields: ['lockdepHardirqContext'], group: 'lockdep · RCU', label: 'lockdep hardirq_context',
      hint: HINT['lockdepHardirqContext']!, val: (s) => String(s.lockdepHardirqContext), tone: (s) => nz(s.lockdepHardirqContext) },
    { key: 'rcuWatching', fields: ['rcuWatching'], group: 'lockdep · RCU', label: 'RCU watching', hint: HINT['rcuWatching']!,
      bool: (s) => s.rcuWatching },
    { key: 'rcuNesting', fields: ['rcuNesting'], group: 'lockdep · RCU', label: 'RCU nesting', hint: HINT['rcuNesting']!,
      val: (s) => String(s.rcuNesting), tone: (s) => (s.rcuNesting === 1 ? 0 : s.rcuNesting === 0 ? 1 : 2) },
    { key: 'rcuNmiNesting', fields: ['rcuNmiNesting'], group: 'lockdep · RCU', label: 'RCU nmi_nesting', hint: HINT['rcuNmiNesting']!,
      val: (s) => String(s.rcuNmiNesting), tone: (s) => (s.rcuNmiNesting === 'NONIDLE' ? 0 : /\+/.test(s.rcuNmiNesting) ? 1 : 2) },
    { key: 'preemptCount', fields: ['preemptCount', 'preemptCountDecoded'], group: 'context', label: 'preempt_count',
      hint: HINT['preemptCount']! + ' (P=PREEMPT S=SOFTIRQ H=HARDIRQ N=NMI)', val: preemptShort,
      tone: (s) => (s.preemptCount === 0 ? 0 : /N[1-9]/.test(preemptShort(s)) ? 3 : /H[1-9]/.test(preemptShort(s)) ? 2 : 1),
      full: (s) => '0x' + Number(s.preemptCount).toString(16) + '  ' + s.preemptCountDecoded },
    { key: 'ctState', fields: ['ctState'], group: 'context', label: 'context tracking', hint: HINT['ctState']!,
      val: (s) => String(s.ctState), tone: (s) => (s.ctState === 'KERNEL' ? 0 : 2) },
    { key: 'instrumentationDepth', fields: ['instrumentationDepth'], group: 'context', label: 'instrumentation depth',
      hint: HINT['instrumentationDepth']!, val: (s) => String(s.instrumentationDepth), tone: (s) => nz(s.instrumentationDepth) },
    { key: 'nesting', fields: ['nesting', 'nestingLevel'], group: 'context', label: 'frame (nesting)', hint: HINT['nesting']!,
      val: frameShort, tone: (s) => nz(s.nestingLevel), full: (s) => s.nesting + '  (level ' + s.nestingLevel + ')' },
    { key: 'needResched', fields: ['needResched'], group: 'context', label: 'need_resched', hint: HINT['needResched']!,
      bool: (s) => s.needResched },
    { key: 'xenInPreemptibleHcall', fields: ['xenInPreemptibleHcall'], group: 'context', label: 'xen_in_preemptible_hcall',
      hint: HINT['xenInPreemptibleHcall']!, bool: (s) => s.xenInPreemptibleHcall },
  ];
  const FIELD_LABEL: Record<string, string> = {
    hwIrqsEnabled: 'hw IF', lockdepHardirqsEnabled: 'lockdep', lockdepHardirqContext: 'hardirq_ctx',
    lockdepChainKeyChanged: 'chain_key', debugLocks: 'debug_locks', tracerIrqsOff: 'tracer', rcuWatching: 'rcu',
    rcuNesting: 'rcu nest', rcuNmiNesting: 'rcu nmi', preemptCount: 'preempt', preemptCountDecoded: '',
    needResched: 'need_resched', softirqPending: 'softirq', ctState: 'ct', instrumentationDepth: 'instr',
    isIdleTask: 'idle', xenInPreemptibleHcall: 'xen hcall', nesting: 'frame', nestingLevel: '',
  };

  function laneValue(lane: Lane, s: StateSnapshot): string {
    if (lane.bool) return lane.bool(s) ? 'on' : 'off';
    return lane.val ? lane.val(s) : '';
  }
  function fmtVal(f: string, v: Val): string {
    if (f === 'preemptCount' && typeof v === 'number') return '0x' + v.toString(16) + ' (' + v + ')';
    return String(v);
  }

  // ------------------------------------------------------------------ page skeleton

  const findings: Finding[] = (data.findings || []).slice();
  const byId = new Map<number, Finding>();
  for (const f of findings) byId.set(Number(f.id), f);
  const invTitle = new Map<string, string>();
  for (const inv of data.invariants || []) invTitle.set(inv.id, inv.title);
  const checkInfo = new Map<string, { reporter: string; message: string }>();
  for (const c of data.checks || []) checkInfo.set(c.id, c);
  const sourceLines = new Map<string, Map<number, string>>();
  for (const ex of data.sources || []) {
    const m = new Map<number, string>();
    for (const [n, t] of ex.lines) m.set(Number(n), String(t));
    sourceLines.set(ex.file, m);
  }

  const root = el('div');

  // header
  const top = put(root, 'header', 'top');
  put(top, 'h1', '', data.kind === 'trace' ? data.title : 'kentry report — ' + data.target);
  if (data.kind === 'trace') put(top, 'span', 'muted', 'target ' + data.target);
  put(top, 'span', 'muted', data.tool);
  if (data.complete === true) put(top, 'span', 'badge ok', 'complete');
  if (data.complete === false) {
    put(top, 'span', 'badge warn', 'INCOMPLETE — a budget stopped the search').title =
      'A state or time budget stopped the exploration: cells may say clean only because a path was not reached.';
  }
  if (data.stats) {
    const st = data.stats;
    const ul = put(root, 'ul', 'stats');
    const stat = (label: string, value: string, title?: string): void => {
      const li = put(ul, 'li');
      txt(li, label + ' ');
      put(li, 'b', '', value);
      if (title) li.title = title;
    };
    stat('states explored', fmtInt(st.statesExplored));
    stat('distinct', fmtInt(st.distinctStates));
    stat('configs', fmtInt(st.configsChecked) + ' / ' + fmtInt(st.configsInLattice), 'configs checked / configs in the lattice');
    stat('runs', fmtInt(st.runs));
    stat('max depth', fmtInt(st.maxDepth));
    stat('time', (st.seconds < 10 ? st.seconds.toFixed(2) : st.seconds.toFixed(1)) + ' s');
    stat('rate', fmtInt(st.statesPerSecond) + ' states/s');
    // Reports written before the visited set was named have neither field.
    if (st.visitedSet === 'exact') stat('states compared', 'word for word', '--exact: no fingerprint, no collision');
    else if (st.visitedSet === 'fingerprints') stat('fingerprint collision', st.collisionProbability === 0 ? '0' : st.collisionProbability.toExponential(1).replace('e', 'E'), 'probability that two distinct states shared a 64-bit fingerprint (calculated, optimistic, as TLC states it)');
  }

  // verdict table
  const cellEls: DomElement[] = [];
  if (data.kind === 'report') {
    put(root, 'h2', '', 'Verdicts');
    const wrap = put(root, 'div', 'verdicts-wrap');
    const table = put(wrap, 'table', 'verdicts');
    table.setAttribute('data-testid', 'verdict-table');
    const thr = put(put(table, 'thead'), 'tr');
    put(thr, 'th', 'rowh', 'row \\ invariant');
    for (const inv of data.invariants) {
      const th = put(thr, 'th', '', inv.id);
      th.title = inv.id + ': ' + inv.title;
      th.setAttribute('scope', 'col');
    }
    const tb = put(table, 'tbody');
    for (const row of data.rows) {
      const tr = put(tb, 'tr');
      const th = put(tr, 'th', 'rowh');
      th.setAttribute('scope', 'row');
      put(th, 'span', 'rid', row.id);
      if (row.title && row.title !== row.id) put(th, 'span', 'rt', row.title);
      const rowFindings = (row.findings || []).map((id) => byId.get(Number(id))).filter((f): f is Finding => f !== undefined);
      for (const inv of data.invariants) {
        const verdict = Object.prototype.hasOwnProperty.call(row.cells, inv.id) ? String(row.cells[inv.id]) : 'not-reached';
        const td = put(tr, 'td', 'v v-' + verdict.replace(/[^a-z-]/g, ''));
        td.setAttribute('data-testid', 'verdict-cell');
        td.setAttribute('data-row', row.id);
        td.setAttribute('data-invariant', inv.id);
        td.setAttribute('data-verdict', verdict);
        const icon = verdict === 'clean' ? '✓' : verdict === 'violation' ? '✗' : verdict === 'hazard' ? '⚠' : '·';
        const here = rowFindings.filter((f) => f.invariant === inv.id);
        const label = row.id + ' × ' + inv.id + ' (' + inv.title + '): ' + verdict;
        if (verdict !== 'clean' && verdict !== 'not-reached' && here.length > 0) {
          const a = put(td, 'a', '', icon);
          a.setAttribute('href', '#finding-' + Number(here[0]!.id));
          a.title = label + ' — ' + here.map((f) => '#' + f.id + ' ' + f.message).join('\n');
          td.setAttribute('data-finding-id', String(Number(here[0]!.id)));
        } else {
          td.textContent = icon;
          td.title = label;
        }
        cellEls.push(td);
      }
    }
    const legend = put(root, 'div', 'legend');
    put(legend, 'span', '', '✓ clean');
    put(legend, 'span', '', '✗ violation');
    put(legend, 'span', '', '⚠ hazard');
    put(legend, 'span', '', '· not reached');
    put(legend, 'span', '', 'click a ✗ or ⚠ for its counterexample');
  }

  // finding index + sections
  interface Section {
    readonly finding: Finding;
    readonly section: DomElement;
    readonly host: DomElement;
    readonly indexRow: DomElement | null;
  }
  const sections = new Map<number, Section>();
  if (data.kind === 'report') {
    put(root, 'h2', '', findings.length === 0 ? 'No findings' : 'Findings (' + findings.length + ')');
  }
  let indexTable: DomElement | null = null;
  if (data.kind === 'report' && findings.length > 1) {
    indexTable = put(put(root, 'div', 'panel'), 'table', 'findex');
  }
  for (const f of findings) {
    const id = Number(f.id);
    let indexRow: DomElement | null = null;
    if (indexTable !== null) {
      indexRow = put(indexTable, 'tr');
      put(indexRow, 'td', 'mono', '#' + id);
      put(put(indexRow, 'td'), 'span', 'badge ' + (f.severity === 'hazard' ? 'hazard' : 'violation'), sevIcon(f.severity) + ' ' + f.severity);
      put(indexRow, 'td', 'mono', f.invariant);
      put(indexRow, 'td', 'mono', f.row);
      const a = put(put(indexRow, 'td', 'msg'), 'a', '', f.message);
      a.setAttribute('href', '#finding-' + id);
    }
    const sec = put(root, 'section', 'panel finding ' + (f.severity === 'hazard' ? 'hazard' : 'violation'));
    sec.id = 'finding-' + id;
    sec.setAttribute('data-testid', 'finding');
    sec.setAttribute('data-finding-id', String(id));
    const head = put(sec, 'div', 'fhead');
    put(head, 'span', 'fid', '#' + id);
    put(head, 'span', 'badge ' + (f.severity === 'hazard' ? 'hazard' : 'violation'), sevIcon(f.severity) + ' ' + f.severity);
    const inv = put(head, 'span', 'mono', f.invariant + ' · ' + f.check);
    inv.title = invTitle.get(f.invariant) || '';
    put(head, 'span', 'mono muted', f.row);
    const msg = put(sec, 'div', 'fhead');
    put(msg, 'span', 'fmsg', f.message);
    const facts = put(sec, 'dl', 'facts');
    const fact = (k: string, v: string | DomElement): void => {
      put(facts, 'dt', '', k);
      const dd = put(facts, 'dd');
      if (typeof v === 'string') dd.textContent = v;
      else dd.appendChild(v);
    };
    if (invTitle.has(f.invariant)) fact('invariant', f.invariant + ': ' + invTitle.get(f.invariant));
    const where = el('span');
    put(where, 'code', '', f.function || '(hardware)');
    if (f.loc) {
      txt(where, ' at ');
      put(where, 'code', '', locText(f.loc));
    }
    fact('arises in', where);
    const ci = checkInfo.get(f.check);
    if (ci) fact('noticed by', ci.reporter === 'none' ? 'nobody at run time (silent)' : ci.reporter);
    fact('entry context', f.context + (f.contexts.length > 1 ? '   (also: ' + f.contexts.filter((c) => c !== f.context).join(', ') + ')' : ''));
    if (f.configs.length > 0) {
      const det = el('details');
      put(det, 'summary', '', f.configSummary + '  — ' + f.configs.length + ' config' + (f.configs.length === 1 ? '' : 's'));
      const ul = put(det, 'ul');
      for (const c of f.configs.slice(0, 200)) put(ul, 'li', '', c);
      if (f.configs.length > 200) put(ul, 'li', '', '… ' + (f.configs.length - 200) + ' more');
      fact('configs', det);
    } else {
      fact('configs', f.configSummary);
    }
    put(sec, 'pre', 'splat', f.splat);
    const host = put(sec, 'div', 'trace-host');
    sections.set(id, { finding: f, section: sec, host, indexRow });
  }
  if (data.opaqueCalls && data.opaqueCalls.length > 0) {
    const det = put(root, 'details', 'opaque');
    put(det, 'summary', '', data.opaqueCalls.length + ' opaque call' + (data.opaqueCalls.length === 1 ? '' : 's') + ' (bodies not modelled)');
    const ul = put(det, 'ul');
    for (const c of data.opaqueCalls) put(ul, 'li', '', c.name + '  ' + locText(c.loc));
  }

  // ------------------------------------------------------------------ the trace viewer

  interface Viewer {
    readonly id: number;
    readonly steps: number;
    setCursor(i: number, updateHash: boolean): void;
    cursor(): number;
    violationAt(): number;
    position(stepIndex: number): number;
  }

  function mountTrace(sec: Section): Viewer {
    const f = sec.finding;
    const trace: readonly TraceStep[] = f.trace;
    const n = trace.length;
    const fid = Number(f.id);
    let vi = -1;
    for (let i = 0; i < n; i++) if (trace[i]!.violation !== undefined) vi = i;
    // where the current hardware/lockdep disagreement began (-1: none at that step)
    const misStart: number[] = [];
    for (let i = 0; i < n; i++) {
      const s = trace[i]!.state;
      misStart.push(s.lockdepHardirqsEnabled === s.hwIrqsEnabled ? -1 : i > 0 && misStart[i - 1]! >= 0 ? misStart[i - 1]! : i);
    }
    const posOf = new Map<number, number>();
    trace.forEach((s, i) => posOf.set(Number(s.index), i));
    const sevCls = f.severity === 'hazard' ? 'hazard' : 'violation';

    const box = el('div', 'trace');
    // head: position, buttons, keys
    const thead = put(box, 'div', 'thead');
    put(thead, 'strong', '', 'Counterexample');
    put(thead, 'span', 'muted', n + ' step' + (n === 1 ? '' : 's') + ' · entry context ' + f.context);
    const pos = put(thead, 'span', 'pos');
    const btn = (label: string, title: string, go: () => number): void => {
      const b = put(thead, 'button', '', label);
      b.setAttribute('type', 'button');
      b.title = title;
      b.addEventListener('click', () => setCursor(go(), true));
    };
    btn('« first', 'first step (Home)', () => 0);
    btn('‹ prev', 'previous step (← or k)', () => cur - 1);
    btn('next ›', 'next step (→ or j)', () => cur + 1);
    btn('last »', 'last step (End)', () => n - 1);
    if (vi >= 0) btn(sevIcon(f.severity) + ' step ' + trace[vi]!.index, 'jump to the step where the finding fires (v)', () => vi);
    const keys = put(thead, 'span', 'keys');
    const kbd = (k: string): void => void put(keys, 'kbd', '', k);
    kbd('←'); kbd('→'); txt(keys, ' or '); kbd('k'); kbd('j'); txt(keys, ' step · '); kbd('Home'); kbd('End');
    txt(keys, ' · '); kbd('v'); txt(keys, ' violation · click a step or a column');

    // lanes
    const scroller = put(box, 'div', 'lanes-scroll');
    const lanes = put(scroller, 'div', 'lanes');
    lanes.style.setProperty('--n', String(Math.max(n, 1)));
    const LW = 230;
    lanes.style.setProperty('--lw', LW + 'px');
    const avail = Math.max(600, (sec.section.clientWidth || 1200) - 30);
    const cw = Math.max(14, Math.min(96, Math.floor((avail - LW - 4) / Math.max(n, 1))));
    lanes.style.setProperty('--cw', cw + 'px');
    lanes.classList.add(cw >= 26 ? 'd1' : cw >= 18 ? 'd2' : cw >= 13 ? 'd5' : 'd10');

    function lrow(cls: string, label: string, hint?: string): { row: DomElement; lab: DomElement; name: DomElement } {
      const row = put(lanes, 'div', 'lrow ' + cls);
      const lab = put(row, 'div', 'lab');
      const name = put(lab, 'span', 'ln', label);
      if (hint) lab.title = hint;
      return { row, lab, name };
    }
    function span(row: DomElement, a: number, b: number, cls: string): DomElement {
      const r = put(row, 'div', 'run ' + cls);
      r.style.gridColumn = a + 2 + ' / ' + (b + 2);
      return r;
    }

    // axis
    const axis = lrow('axis', 'step');
    for (let i = 0; i < n; i++) {
      const ix = Number(trace[i]!.index);
      const c = put(axis.row, 'div', 'ax' + (ix % 2 === 0 ? ' m2' : '') + (ix % 5 === 0 ? ' m5' : '') + (ix % 10 === 0 ? ' m10' : '') + (i === vi ? ' xv' : ''), String(ix));
      c.style.gridColumn = String(i + 2);
    }
    // violation flag
    if (vi >= 0) {
      const fr = lrow('flagrow', sevIcon(f.severity) + ' ' + (f.severity === 'hazard' ? 'hazard' : 'violation'));
      fr.lab.classList.add('mono');
      const flag = put(fr.row, 'div', 'flag ' + sevCls);
      const text = sevIcon(f.severity) + ' step ' + trace[vi]!.index + ': ' + (trace[vi]!.violation || f.message);
      flag.textContent = text;
      flag.title = text;
      if (vi >= n / 2) {
        flag.classList.add('end');
        flag.style.gridColumn = '2 / ' + (vi + 3);
      } else {
        flag.style.gridColumn = vi + 2 + ' / -1';
      }
    }
    // function runs
    const fnRow = lrow('fn', 'function', 'function executing each step');
    {
      let a = 0;
      let alt = false;
      for (let i = 1; i <= n; i++) {
        if (i === n || trace[i]!.function !== trace[a]!.function || trace[i]!.level !== trace[a]!.level) {
          const name = trace[a]!.function;
          const r = span(fnRow.row, a, i, (alt ? 'alt' : '') + (name ? '' : ' hw'));
          r.textContent = name || 'hardware';
          r.title = (name || '(hardware event)') + ' — steps ' + trace[a]!.index + '…' + trace[i - 1]!.index;
          alt = !alt;
          a = i;
        }
      }
    }
    // state lanes
    interface LaneUi { readonly lane: Lane; readonly row: DomElement; readonly value: DomElement; readonly hit: DomElement }
    const laneUis: LaneUi[] = [];
    let group = '';
    for (const lane of LANES) {
      if (lane.group !== group) {
        group = lane.group;
        const g = lrow('grp', group);
        put(g.row, 'div', 'gline');
      }
      const { row, lab } = lrow('lane', lane.label, lane.label + ' — ' + lane.hint);
      row.setAttribute('data-testid', 'lane');
      row.setAttribute('data-field', lane.key);
      const value = put(lab, 'span', 'lv');
      // runs of equal appearance
      const keyAt = (i: number): string => {
        const s = trace[i]!.state;
        if (lane.bool) return (lane.bool(s) ? '1' : '0') + (lane.mis && lane.mis(s) ? '!' : '');
        return laneValue(lane, s);
      };
      let a = 0;
      for (let i = 1; i <= n; i++) {
        if (i === n || keyAt(i) !== keyAt(a)) {
          const s = trace[a]!.state;
          const from = trace[a]!.index;
          const to = trace[i - 1]!.index;
          const range = from === to ? 'step ' + from : 'steps ' + from + '…' + to;
          if (lane.bool) {
            const on = lane.bool(s);
            const mis = lane.mis ? lane.mis(s) : false;
            const r = span(row, a, i, 'b' + (on ? ' on' : '') + (mis ? ' mis' : '') + (a > 0 ? ' edge' : ''));
            const word = (on ? 'on' : 'off') + (mis ? (on ? ' ≠ hw off' : ' ≠ hw on') : '');
            if (i - a >= 2 || cw >= 30) put(r, 'span', 'tx', word);
            r.title = lane.label + ': ' + word + ' (' + range + ')';
          } else {
            const tone = lane.tone ? lane.tone(s) : 0;
            const r = span(row, a, i, 'v' + (tone > 0 ? ' t' + tone : '') + (a === 0 ? ' first' : ''));
            r.textContent = laneValue(lane, s);
            r.title = lane.label + ' = ' + (lane.full ? lane.full(s) : laneValue(lane, s)) + ' (' + range + ')';
          }
          a = i;
        }
      }
      const hit = put(row, 'div', 'hit');
      laneUis.push({ lane, row, value, hit });
    }
    // overlays
    if (vi >= 0) {
      const vcol = put(lanes, 'div', 'vcol ' + sevCls);
      vcol.style.setProperty('--i', String(vi));
    }
    const ccol = put(lanes, 'div', 'ccol');
    const legend = put(box, 'div', 'llegend');
    const sw = (cls: string, label: string): void => {
      const item = put(legend, 'span', 'li');
      put(item, 'span', 'sw ' + cls);
      txt(item, label);
    };
    sw('sw-on', 'true / enabled');
    sw('sw-off', 'false / disabled');
    sw('sw-mis', 'disagrees with the hardware IRQ flag');
    sw('sw-chg', 'changed by the step at the cursor');
    sw('sw-cur', 'cursor');
    sw('sw-viol' + (f.severity === 'hazard' ? ' hazard' : ''), 'where the finding fires');

    lanes.addEventListener('click', (ev: DomEvent) => {
      const rect = lanes.getBoundingClientRect();
      const x = ev.clientX - rect.left - LW;
      if (x < 0) return;
      const i = Math.floor(x / cw);
      if (i >= 0 && i < n) setCursor(i, true);
    });

    // body: step list + state panel
    const body = put(box, 'div', 'tbody');
    const left = put(body, 'div', 'leftcol');
    const steps = put(left, 'div', 'panel steps');
    steps.tabIndex = 0;
    steps.setAttribute('role', 'listbox');
    steps.setAttribute('aria-label', 'trace steps');
    const sh = put(steps, 'div', 'srow sh');
    for (const h of ['#', 'function', 'file:line', 'source', 'action · changed']) put(sh, 'div', '', h);
    const rows: DomElement[] = [];
    for (let i = 0; i < n; i++) {
      const s = trace[i]!;
      const r = put(steps, 'div', 'srow ' + sevCls);
      r.setAttribute('data-testid', 'step');
      r.setAttribute('data-index', String(s.index));
      r.setAttribute('role', 'option');
      if (i === vi) r.setAttribute('data-violation', 'true');
      put(r, 'div', 'si', String(s.index));
      const fn = put(r, 'div', 'sf' + (s.function ? '' : ' hw'));
      if (s.level > 0) put(fn, 'span', 'lvl', '│ '.repeat(Math.min(s.level, 6)));
      txt(fn, s.function || 'hardware');
      fn.title = (s.function || '(hardware event)') + ' — frame level ' + s.level;
      const lc = put(r, 'div', 'sl', locText(s.loc));
      lc.title = locText(s.loc) + (s.loc ? ':' + s.loc.col : '');
      const sc = put(r, 'div', 'sc', s.sourceLine);
      sc.title = s.sourceLine;
      const act = put(r, 'div', 'sa');
      txt(act, s.action + ' ');
      if (s.changed.length > 0) {
        const chips = put(act, 'span', 'chips');
        for (const c of s.changed) {
          const label = Object.prototype.hasOwnProperty.call(FIELD_LABEL, c) ? FIELD_LABEL[c]! : c;
          if (label) put(chips, 'span', 'chip', label).title = c + ' changed';
        }
      }
      if (i === vi) put(act, 'span', 'vmsg', sevIcon(f.severity) + ' ' + (s.violation || f.message));
      rows.push(r);
    }
    steps.addEventListener('click', (ev: DomEvent) => {
      const r = ev.target ? ev.target.closest('[data-testid="step"]') : null;
      if (r === null) return;
      const p = posOf.get(Number(r.getAttribute('data-index')));
      if (p !== undefined) setCursor(p, true);
    });

    const side = put(body, 'aside', 'panel side');
    const sideHead = put(side, 'h4');
    const mismatch = put(side, 'div', 'mismatch');
    mismatch.hidden = true;
    const stTable = put(side, 'table', 'state');
    const fields: string[] = PANEL.slice();
    if (n > 0) {
      for (const k of Object.keys(trace[0]!.state)) if (fields.indexOf(k) < 0) fields.push(k);
    }
    interface FieldUi { readonly f: string; readonly row: DomElement; readonly val: DomElement }
    const fieldUis: FieldUi[] = [];
    for (const fld of fields) {
      const tr = put(stTable, 'tr');
      tr.setAttribute('data-testid', 'state-field');
      tr.setAttribute('data-field', fld);
      const k = put(tr, 'td', 'k', fld);
      k.title = HINT[fld] || fld;
      const val = put(tr, 'td', 'val');
      fieldUis.push({ f: fld, row: tr, val });
    }
    const src = put(left, 'pre', 'panel src');

    let cur = -1;
    function setCursor(target: number, updateHash: boolean): void {
      if (n === 0) return;
      const i = Math.max(0, Math.min(n - 1, Math.floor(target)));
      const step = trace[i]!;
      const prevState = i > 0 ? trace[i - 1]!.state : null;
      if (cur >= 0 && cur !== i) {
        rows[cur]!.removeAttribute('data-current');
        rows[cur]!.removeAttribute('aria-selected');
      }
      cur = i;
      const row = rows[i]!;
      row.setAttribute('data-current', 'true');
      row.setAttribute('aria-selected', 'true');
      ccol.style.setProperty('--i', String(i));
      const changed = new Set<string>(step.changed);
      for (const ui of laneUis) {
        const ch = ui.lane.fields.some((x) => changed.has(x));
        if (ch) ui.row.setAttribute('data-changed', 'true');
        else ui.row.removeAttribute('data-changed');
        ui.hit.style.gridColumn = String(i + 2);
        ui.value.textContent = laneValue(ui.lane, step.state);
        ui.value.classList.toggle('mis', ui.lane.mis ? ui.lane.mis(step.state) : false);
      }
      for (const ui of fieldUis) {
        const v = get(step.state, ui.f);
        const ch = changed.has(ui.f);
        ui.val.replaceChildren();
        put(ui.val, 'span', typeof v === 'boolean' ? (v ? 'bt' : 'bf') : '', fmtVal(ui.f, v));
        if (ch && prevState !== null) put(ui.val, 'span', 'was', '  (was ' + fmtVal(ui.f, get(prevState, ui.f)) + ')');
        if (ch) ui.row.setAttribute('data-changed', 'true');
        else ui.row.removeAttribute('data-changed');
      }
      const s = step.state;
      const ms = misStart[i]!;
      for (const ui of fieldUis) {
        if (ui.f === 'hwIrqsEnabled' || ui.f === 'lockdepHardirqsEnabled') ui.row.classList.toggle('mis', ms >= 0);
      }
      if (ms >= 0) {
        const from = trace[ms]!;
        mismatch.hidden = false;
        mismatch.textContent = (s.lockdepHardirqsEnabled
          ? '≠ hardware IRQs OFF, but lockdep believes they are ON'
          : '≠ hardware IRQs ON, but lockdep believes they are OFF') +
          ' — since step ' + from.index + (from.function ? ' (' + from.function + ': ' + from.action + ')' : ' (' + from.action + ')');
      } else {
        mismatch.hidden = true;
      }
      sideHead.textContent = 'State after step ' + step.index + (step.changed.length ? ' — ' + step.changed.length + ' changed' : ' — nothing changed');
      pos.textContent = 'step ' + step.index + ' (' + (i + 1) + '/' + n + ')';
      // source context
      src.replaceChildren();
      put(src, 'span', 'where', (step.function || '(hardware event)') + (step.loc ? '  ' + locText(step.loc) : ''));
      if (step.loc) {
        const lines = sourceLines.get(step.loc.file);
        const L = step.loc.line;
        let shown = 0;
        if (lines) {
          for (let k = L - 3; k <= L + 3; k++) {
            const t = lines.get(k);
            if (t === undefined) continue;
            const ln = put(src, 'span', 'srcl' + (k === L ? ' here' : ''));
            put(ln, 'span', 'no', String(k));
            txt(ln, t);
            shown++;
          }
        }
        if (shown === 0 && step.sourceLine) {
          const ln = put(src, 'span', 'srcl here');
          put(ln, 'span', 'no', String(L));
          txt(ln, step.sourceLine);
        }
      }
      // keep the cursor visible without scrolling the page
      // (offsetTop is relative to .steps, which is positioned); off-screen → centre it
      const top = row.offsetTop;
      const hdr = 26;
      if (top - hdr < steps.scrollTop || top + row.offsetHeight > steps.scrollTop + steps.clientHeight) {
        steps.scrollTop = Math.max(0, top - (steps.clientHeight - row.offsetHeight) / 2);
      }
      const x = LW + i * cw;
      if (x < scroller.scrollLeft + LW + cw || x + 2 * cw > scroller.scrollLeft + scroller.clientWidth) {
        scroller.scrollLeft = Math.max(0, x - LW - (scroller.clientWidth - LW) / 2);
      }
      if (updateHash) {
        try {
          win.history.replaceState(null, '', '#finding-' + fid + '/step-' + step.index);
        } catch {
          /* file:// in some browsers: the hash just does not follow */
        }
      }
    }

    sec.host.replaceChildren(box);
    return {
      id: fid,
      steps: n,
      setCursor,
      cursor: () => cur,
      violationAt: () => (vi >= 0 ? vi : n - 1),
      position: (ix: number) => {
        const p = posOf.get(ix);
        return p === undefined ? -1 : p;
      },
    };
  }

  // ------------------------------------------------------------------ activation, routing, keys

  let active: Viewer | null = null;
  function showButton(s: Section): void {
    const b = el('button', 'show-trace', '▶ Show the counterexample (' + s.finding.trace.length + ' steps)');
    b.setAttribute('type', 'button');
    b.addEventListener('click', () => {
      activate(Number(s.finding.id), -1, false);
      try {
        win.history.replaceState(null, '', '#finding-' + Number(s.finding.id));
      } catch {
        /* ignore */
      }
    });
    s.host.replaceChildren(b);
  }
  function activate(id: number, stepIndex: number, scroll: boolean): void {
    const s = sections.get(id);
    if (s === undefined) return;
    if (active === null || active.id !== id) {
      if (active !== null) {
        const old = sections.get(active.id);
        if (old) {
          old.section.removeAttribute('data-active');
          if (old.indexRow) old.indexRow.classList.remove('active');
          showButton(old);
        }
      }
      s.section.setAttribute('data-active', 'true');
      if (s.indexRow) s.indexRow.classList.add('active');
      active = mountTrace(s);
      for (const c of cellEls) c.classList.toggle('sel', c.getAttribute('data-finding-id') === String(id));
    }
    const p = stepIndex >= 0 ? active.position(stepIndex) : -1;
    active.setCursor(p >= 0 ? p : active.violationAt(), false);
    if (scroll) s.section.scrollIntoView({ block: 'start' });
  }
  function route(scroll: boolean): boolean {
    const m = /^#finding-(\d+)(?:\/step-(\d+))?$/.exec(win.location.hash);
    if (m === null) return false;
    const id = Number(m[1]);
    if (!sections.has(id)) return false;
    activate(id, m[2] !== undefined ? Number(m[2]) : -1, scroll);
    return true;
  }

  appEl.replaceChildren(root);
  for (const s of sections.values()) showButton(s);
  if (!route(true) && findings.length > 0) activate(Number(findings[0]!.id), -1, false);
  win.addEventListener('hashchange', () => {
    route(true);
  });

  doc.addEventListener('keydown', (ev: DomEvent) => {
    if (active === null || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const t = ev.target !== null && typeof ev.target.closest === 'function' ? ev.target : null;
    if (t !== null && t.closest('input, textarea, select, summary, [contenteditable]') !== null) return;
    const c = active.cursor();
    let next = -2;
    switch (ev.key) {
      case 'ArrowRight': case 'j': next = c + 1; break;
      case 'ArrowLeft': case 'k': next = c - 1; break;
      case 'ArrowDown': if (t !== null && t.closest('.steps') !== null) next = c + 1; break;
      case 'ArrowUp': if (t !== null && t.closest('.steps') !== null) next = c - 1; break;
      case 'Home': next = 0; break;
      case 'End': next = active.steps - 1; break;
      case 'v': next = active.violationAt(); break;
      default: break;
    }
    if (next === -2) return;
    ev.preventDefault();
    active.setCursor(next, true);
  });

  doc.documentElement.setAttribute('data-kentry-ready', String(Math.round(win.performance.now() - t0)));
}
