// HTML report and ITF: self-containedness, escaping of hostile names, ITF round trip and rejection
// of malformed traces. (Behaviour in a real browser: test/browser.test.ts.)

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KentryReport } from '../src/report/schema.ts';
import {
  CONTENT_SECURITY_POLICY,
  jsonForScript,
  renderHtmlReport,
  renderHtmlTrace,
  reportViewerData,
  traceViewerData,
} from '../src/report/html.ts';
import { fromItf, ItfFormatError, STATE_FIELDS, toItf, type ItfTrace } from '../src/report/itf.ts';
import {
  HOSTILE,
  HOSTILE_FILE,
  HOSTILE_FN,
  HOSTILE_MSG,
  hostileReport,
  longReport,
  xenUpcallReport,
} from './fixtures/reports/build.ts';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'reports');
const loadJson = (name: string): unknown => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));
const xen = (): KentryReport => loadJson('xen-upcall.report.json') as KentryReport;
const hostile = (): KentryReport => loadJson('hostile.report.json') as KentryReport;

/** The text of the embedded data block. */
function dataBlock(html: string): string {
  const open = '<script type="application/json" id="kentry-data">';
  const start = html.indexOf(open);
  assert.ok(start >= 0, 'data block present');
  const end = html.indexOf('</script>', start + open.length);
  return html.slice(start + open.length, end);
}

function count(haystack: string, re: RegExp): number {
  return (haystack.match(re) ?? []).length;
}

describe('fixtures', () => {
  test('committed JSON fixtures match their builder (node --import tsx test/fixtures/reports/build.ts)', () => {
    const x = xenUpcallReport();
    assert.deepEqual(xen(), JSON.parse(JSON.stringify(x)));
    assert.deepEqual(hostile(), JSON.parse(JSON.stringify(hostileReport())));
    assert.deepEqual(loadJson('xen-upcall.itf.json'), JSON.parse(JSON.stringify(toItf(x.findings[0]!, x))));
  });

  test('the Xen fixture tells the story: lockdep told "on" by idtentry_exit, schedule with IF=0', () => {
    const f = xen().findings[0]!;
    const v = f.trace.findIndex((s) => s.violation !== undefined);
    assert.equal(v, f.trace.length - 1);
    assert.equal(f.trace[v]!.state.hwIrqsEnabled, false);
    assert.equal(f.trace[v]!.state.lockdepHardirqsEnabled, true);
    const on = f.trace.find((s) => s.changed.includes('lockdepHardirqsEnabled') && s.state.lockdepHardirqsEnabled);
    assert.equal(on?.function, 'idtentry_exit');
    for (const [i, s] of f.trace.entries()) {
      assert.equal(s.index, i);
      if (i > 0) {
        const prev = f.trace[i - 1]!.state as unknown as Record<string, unknown>;
        const cur = s.state as unknown as Record<string, unknown>;
        assert.deepEqual(s.changed, STATE_FIELDS.filter((k) => prev[k] !== cur[k]), `changed of step ${i}`);
      }
    }
  });
});

describe('HTML report is self-contained', () => {
  for (const [name, make] of [
    ['xen', xen],
    ['hostile', hostile],
  ] as const) {
    test(`${name}: no external references, no network APIs, strict CSP`, () => {
      const html = renderHtmlReport(make());
      assert.doesNotMatch(html, /\b(?:src|href|action|poster|srcset|data)\s*=\s*["']?\s*(?:https?:|file:|ftp:|wss?:|\/\/)/i);
      assert.doesNotMatch(html, /<(?:link|img|iframe|object|embed|base|meta\s+http-equiv=["']?refresh)\b/i);
      assert.doesNotMatch(html, /<script[^>]*\bsrc\s*=/i);
      assert.doesNotMatch(html, /@import|url\(\s*["']?(?!data:)/i);
      for (const api of ['fetch(', 'XMLHttpRequest', 'WebSocket', 'EventSource', 'sendBeacon', 'import(', 'new Worker', 'innerHTML', 'outerHTML', 'insertAdjacentHTML', 'document.write', 'eval(']) {
        assert.ok(!html.includes(api), `page must not use ${api}`);
      }
      assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`));
      assert.match(CONTENT_SECURITY_POLICY, /default-src 'none'/);
      assert.equal(count(html, /<script\b/gi), 2, 'exactly the data block and the viewer script');
      assert.ok(html.startsWith('<!DOCTYPE html>'));
    });
  }

  test('the 600-step page renders quickly and stays reasonably small', () => {
    const r = longReport(600);
    const t0 = performance.now();
    const html = renderHtmlReport(r);
    const ms = performance.now() - t0;
    assert.ok(ms < 1000, `render took ${ms.toFixed(0)} ms`);
    assert.ok(html.length < 3_000_000, `page is ${html.length} bytes`);
    assert.equal((JSON.parse(dataBlock(html)) as { findings: { trace: unknown[] }[] }).findings[0]!.trace.length, 600);
  });
});

describe('escaping', () => {
  test('jsonForScript escapes <, >, &, U+2028, U+2029 and still parses back', () => {
    const value = { s: '</script><!-- & \u2028\u2029 -->', [HOSTILE]: [HOSTILE_MSG] };
    const text = jsonForScript(value);
    assert.doesNotMatch(text, /[<>&\u2028\u2029]/);
    assert.ok(text.includes('\\u003c/script\\u003e'));
    assert.deepEqual(JSON.parse(text), value);
  });

  test('hostile names: the data block parses back to the same data, no markup escapes', () => {
    const report = hostile();
    const html = renderHtmlReport(report);
    const block = dataBlock(html);
    assert.doesNotMatch(block, /[<>&\u2028\u2029]/);
    const parsed = JSON.parse(block) as ReturnType<typeof reportViewerData>;
    assert.deepEqual(parsed, JSON.parse(JSON.stringify(reportViewerData(report))));
    // the hostile strings survive intact
    assert.equal(parsed.target, `target ${HOSTILE}`);
    assert.equal(parsed.findings[0]!.message, HOSTILE_MSG);
    assert.equal(parsed.findings[0]!.function, HOSTILE_FN);
    assert.equal(parsed.findings[0]!.loc?.file, HOSTILE_FILE);
    assert.ok(parsed.findings[0]!.trace.some((s) => s.function === HOSTILE_FN && s.sourceLine.includes('</script>')));
    // exactly our own two closing tags; none of the payload's tags or comments appear raw
    assert.equal(count(html, /<\/script/gi), 2);
    assert.equal(count(html, /<script/gi), 2);
    for (const raw of ['<img', '<b>', '<i>', '<!--', 'onerror=alert', '\u2028', '\u2029']) {
      assert.ok(!html.includes(raw) || (raw === 'onerror=alert' && !/<[^>]*onerror=alert/i.test(html)), `raw ${JSON.stringify(raw)} in page`);
    }
    assert.ok(!html.includes(HOSTILE));
    assert.ok(html.includes('<title>kentry report — target &lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;</title>'));
  });

  test('source excerpts are arrays: a file named __proto__ neither pollutes nor vanishes', () => {
    const data = reportViewerData(hostile());
    const proto = data.sources.find((s) => s.file === '__proto__');
    assert.ok(proto, 'excerpt of the file named __proto__');
    assert.equal(proto.lines[0]![1].startsWith('void polluted(void);'), true);
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
    const hf = data.sources.find((s) => s.file === HOSTILE_FILE)!;
    assert.deepEqual(hf.lines.map(([n]) => n), [4, 5, 6, 7, 8, 9]);
  });

  test('source excerpts keep only lines near steps', () => {
    const report = xen();
    const data = reportViewerData(report);
    const total = data.sources.reduce((n, s) => n + s.lines.length, 0);
    const all = Object.values(report.sources).reduce((n, t) => n + t.split('\n').length, 0);
    assert.ok(total > 0 && total < all / 3, `${total} of ${all} lines kept`);
    const common = data.sources.find((s) => s.file === 'arch/x86/entry/common.c')!;
    const at = new Map(common.lines);
    assert.equal(at.get(650)?.trim(), 'trace_hardirqs_on();');
  });
});

describe('ITF', () => {
  test('toItf writes ADR-015 shape: #meta, vars, states with #meta.index, integers as #bigint', () => {
    const r = xen();
    const f = r.findings[0]!;
    const itf = toItf(f, r);
    assert.equal(itf['#meta'].format, 'ITF');
    assert.equal(itf['#meta']['format-description'], 'https://apalache-mc.org/docs/adr/015adr-trace.html');
    assert.equal(itf['#meta'].source, r.target);
    assert.match(itf['#meta'].description, /counterexample #1/);
    assert.deepEqual(itf.vars, STATE_FIELDS.filter((f) => f !== 'needReschedLazy' && f !== 'rseqSchedSwitch' && f !== 'taskEqsFlag'), 'a trace of a tree without TIF_NEED_RESCHED_LAZY, the rseq event or an arch_in_rcu_eqs() flag lists every other field');
    assert.equal(itf.states.length, f.trace.length);
    assert.equal(itf['#meta'].kentry.steps.length, f.trace.length);
    for (const [i, s] of itf.states.entries()) {
      assert.deepEqual(s['#meta'], { index: i });
      for (const v of itf.vars) assert.ok(v in s, `state ${i} defines ${v}`);
      assert.equal(typeof s['hwIrqsEnabled'], 'boolean');
      assert.equal(typeof s['rcuNmiNesting'], 'string');
      assert.deepEqual(s['preemptCount'], { '#bigint': String(f.trace[i]!.state.preemptCount) });
    }
    const k = itf['#meta'].kentry;
    assert.equal(k.check, 'I8.schedule_irqs_off');
    assert.equal(k.invariantTitle, r.invariants.find((i) => i.id === 'I8')!.title);
    assert.equal(k.steps.at(-1)!.violation, f.trace.at(-1)!.violation);
    assert.equal(k.steps[0]!.violation, undefined);
  });

  test('round trip: fromItf(JSON of toItf(f)) gives f back, for every fixture finding', () => {
    for (const r of [xen(), hostile(), longReport(120)]) {
      for (const f of r.findings) {
        const back = fromItf(JSON.parse(JSON.stringify(toItf(f, r))));
        assert.deepStrictEqual(back.finding, JSON.parse(JSON.stringify(f)));
        assert.equal(back.target, r.target);
        assert.equal(back.tool, 'kentry 0.1.0');
      }
    }
  });

  test('fromItf also reads integers written as plain JSON numbers', () => {
    const r = xen();
    const itf = JSON.parse(JSON.stringify(toItf(r.findings[0]!, r))) as { states: Record<string, unknown>[] };
    for (const s of itf.states) {
      for (const [k, v] of Object.entries(s)) {
        if (v !== null && typeof v === 'object' && '#bigint' in v) s[k] = Number((v as { '#bigint': string })['#bigint']);
      }
    }
    assert.deepStrictEqual(fromItf(itf).finding, r.findings[0]);
  });

  const good = (): Record<string, any> => {
    const r = xen();
    return JSON.parse(JSON.stringify(toItf(r.findings[1]!, r)));
  };
  const cases: [string, (t: Record<string, any>) => unknown, RegExp][] = [
    ['null', () => null, /\$: expected an object, got null/],
    ['array', () => [], /\$: expected an object, got an array/],
    ['string', () => 'ITF', /\$: expected an object/],
    ['no #meta', (t) => (delete t['#meta'], t), /\$\["#meta"\]: expected an object/],
    ['not ITF', (t) => ((t['#meta'].format = 'TLA'), t), /format: expected "ITF"/],
    ['foreign ITF (no kentry meta)', (t) => (delete t['#meta'].kentry, t), /#meta"\]\.kentry is missing/],
    ['wrong kentry schema', (t) => ((t['#meta'].kentry.schema = 'kentry-itf/99'), t), /kentry\.schema/],
    ['vars not array', (t) => ((t.vars = 'hwIrqsEnabled'), t), /\$\.vars: expected an array/],
    ['var missing', (t) => ((t.vars = t.vars.filter((v: string) => v !== 'ctState')), t), /"ctState" is missing/],
    ['duplicate var', (t) => (t.vars.push('ctState'), t), /distinct variable names/],
    ['states empty', (t) => ((t.states = []), (t['#meta'].kentry.steps = []), t), /at least one state/],
    ['state not object', (t) => ((t.states[2] = 7), t), /\$\.states\[2\]: expected an object/],
    ['state lacks a var', (t) => (delete t.states[3].needResched, t), /states\[3\]: variable "needResched" is missing/],
    ['bool as string', (t) => ((t.states[4].hwIrqsEnabled = 'false'), t), /states\[4\]\.hwIrqsEnabled: expected a boolean/],
    ['int as string', (t) => ((t.states[4].preemptCount = '0'), t), /states\[4\]\.preemptCount: expected an integer/],
    ['bad #bigint', (t) => ((t.states[1].rcuNesting = { '#bigint': '1e3' }), t), /#bigint"\]: expected a decimal integer string/],
    ['unsafe #bigint', (t) => ((t.states[1].rcuNesting = { '#bigint': '99999999999999999999' }), t), /within ±\(2\^53-1\)/],
    ['float', (t) => ((t.states[1].rcuNesting = 1.5), t), /expected an integer/],
    ['index mismatch', (t) => ((t.states[5]['#meta'].index = 9), t), /states\[5\]\["#meta"\]\.index: expected 5/],
    ['steps length', (t) => (t['#meta'].kentry.steps.pop(), t), /steps has \d+ entries but \$\.states has \d+/],
    ['unknown changed field', (t) => (t['#meta'].kentry.steps[2].changed.push('eflags'), t), /changed\[0\]: expected a state field name/],
    ['loc line not int', (t) => ((t['#meta'].kentry.steps[2].loc.line = '542'), t), /steps\[2\]\.loc\.line: expected an integer/],
    ['bad severity', (t) => ((t['#meta'].kentry.severity = 'bug'), t), /severity: expected "violation" or "hazard"/],
    ['violation not string', (t) => ((t['#meta'].kentry.steps[0].violation = true), t), /steps\[0\]\.violation: expected a string/],
    ['negative loop', (t) => ((t.loop = -1), t), /\$\.loop: expected an integer >= 0/],
  ];
  for (const [name, mutate, message] of cases) {
    test(`fromItf rejects malformed input: ${name}`, () => {
      const input = mutate(good());
      assert.throws(
        () => fromItf(input),
        (e: unknown) => {
          assert.ok(e instanceof ItfFormatError && e instanceof Error, 'an ItfFormatError');
          assert.match(e.message, /^malformed ITF trace: /);
          assert.match(e.message, message);
          return true;
        },
      );
    });
  }
  test('the "changed" case above really had a clean list before mutation', () => {
    // guards the regex index in 'unknown changed field': step 2 of finding #2 changes nothing
    assert.deepEqual(good()['#meta'].kentry.steps[2].changed, []);
  });

  test('renderHtmlTrace: one finding, no verdict table data; malformed ITF throws', () => {
    const r = xen();
    const itf = toItf(r.findings[0]!, r);
    const html = renderHtmlTrace(itf, `trace ${HOSTILE}`);
    const data = JSON.parse(dataBlock(html)) as ReturnType<typeof traceViewerData>;
    assert.equal(data.kind, 'trace');
    assert.equal(data.title, `trace ${HOSTILE}`);
    assert.deepEqual(data.rows, []);
    assert.equal(data.findings.length, 1);
    assert.deepStrictEqual(data.findings[0], JSON.parse(JSON.stringify(r.findings[0])));
    assert.deepEqual(data.invariants, [{ id: 'I8', title: r.invariants.find((i) => i.id === 'I8')!.title }]);
    assert.equal(count(html, /<\/script/gi), 2);
    assert.throws(() => renderHtmlTrace({ vars: [] } as unknown as ItfTrace, 'x'), ItfFormatError);
  });
});
