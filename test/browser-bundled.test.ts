// The HTML report of a real check (the seed's v4 design), driven in Debian's chromium: verdict
// table, open a counterexample from its cell, step with the keyboard, and the screenshot the
// README uses (docs/img/viewer.png).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { runCheck } from '../src/explore/check.ts';
import { bundledTarget, BUNDLED_LATTICE } from '../src/explore/targets.ts';
import { renderHtmlReport } from '../src/report/html.ts';
import { tempDir } from './tmp.ts';

const CHROMIUM = '/usr/bin/chromium';
const SKIP = process.env['KENTRY_SKIP_BROWSER'] === '1';
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

describe('bundled report in chromium', { skip: SKIP ? 'KENTRY_SKIP_BROWSER=1' : false }, () => {
  let browser: Browser;
  let url = '';
  const requests: string[] = [];
  before(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`chromium not found at ${CHROMIUM}: apt-get install -y chromium, or KENTRY_SKIP_BROWSER=1`);
    const report = runCheck('bundled default (v4, one config)', await bundledTarget('seed', ['v4']), {
      lattice: BUNDLED_LATTICE,
      filter: { preempt: 0, bools: { PROVE_LOCKING: true, PROVE_RCU: true, NO_HZ_FULL: false, TINY_RCU: false, DEBUG_ENTRY: false, TRACE_IRQFLAGS_NMI_SUPPORT: true } },
      contexts: ['xen-hcall'],
      bounds: { nmiNesting: 1, irqNesting: 1 },
      maxStates: 5_000_000,
      maxSeconds: 1200,
    });
    const file = join(tempDir('kentry-bundled-'), 'report.html');
    writeFileSync(file, renderHtmlReport(report));
    url = pathToFileURL(file).href;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  after(async () => browser?.close());

  test('verdict table → counterexample → keyboard stepping → screenshot', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
    await context.route('**/*', (route) => (route.request().url().split('#')[0] === url ? route.continue() : route.abort()));
    context.on('request', (r) => requests.push(r.url()));
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForSelector('html[data-kentry-ready]', { timeout: 60_000 });
    const cell = page.locator('[data-testid="verdict-cell"][data-row="v4"][data-invariant="I8"]');
    assert.equal(await cell.getAttribute('data-verdict'), 'violation');
    assert.equal(await page.locator('[data-testid="verdict-cell"][data-row="v4"][data-invariant="I5"]').getAttribute('data-verdict'), 'clean');
    await cell.locator('a').first().click();
    const active = page.locator('[data-testid="finding"][data-active="true"]');
    await active.waitFor();
    const cur = () => active.locator('[data-testid="step"][data-current="true"]').getAttribute('data-index');
    const marked = await active.locator('[data-testid="step"][data-violation="true"]').getAttribute('data-index');
    assert.equal(await cur(), marked, 'the cursor starts at the violating step');
    await page.keyboard.press('ArrowLeft');
    assert.equal(Number(await cur()), Number(marked) - 1);
    await page.keyboard.press('ArrowRight');
    assert.equal(await cur(), marked);
    // Step back to lockdep_hardirqs_on() in idtentry_exit(): lockdep flips to "on" there.
    const onStep = await active.locator('[data-testid="step"]', { hasText: 'lockdep_hardirqs_on(CALLER_ADDR0)' }).last().getAttribute('data-index');
    await active.locator(`[data-testid="step"][data-index="${onStep}"]`).click();
    const changed = await page.$$eval('[data-testid="finding"][data-active="true"] [data-testid="state-field"][data-changed="true"]', (els) => els.map((e) => e.getAttribute('data-field')));
    assert.ok(changed.includes('lockdepHardirqsEnabled'), `changed fields: ${changed.join(',')}`);
    await page.keyboard.press('End');
    const shot = join(ROOT, 'docs', 'img', 'viewer.png');
    mkdirSync(dirname(shot), { recursive: true });
    await active.screenshot({ path: shot });
    assert.deepEqual(requests.filter((r) => r.split('#')[0] !== url), []);
    await context.close();
  });
});
