// The long-history check: the run panel's production bundle, in Chromium, on a run of 100,000
// events. A stub `acquireVsCodeApi` (longHistoryStub.ts) answers the panel's bridge requests from
// generated events, so the page behaves as inside VS Code without a host. The script opens the
// run, scrolls from the newest event back to the first (paging in as it goes), jumps into the
// middle, scrolls down, jumps back to the latest, searches and filters; meanwhile the Long Tasks
// API and a frame-gap monitor record how long the main thread was blocked. Figures are printed,
// not asserted; the checks are functional (the first event is reached, only visible rows exist).
// Standalone: `node test/e2e/longHistory.ts [events]`; runE2e.ts runs it too.
import * as esbuild from 'esbuild';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import type { LongHistoryMetrics } from './longHistoryStub.ts';
import { repoRoot } from './codeServer.ts';
import { launchBrowser } from './workbench.ts';

/** The steps of the check, in order; each long task is counted in the step it started in. */
const PHASES = ['open', 'scroll to the first event', 'jump to the middle', 'scroll down', 'jump to latest', 'search', 'filter'] as const;

export interface LongHistoryResult {
  events: number;
  /** The longest task per step (0: none of 50 ms or more). */
  maxLongTaskByPhaseMs: Record<string, number>;
  openMs: number;
  scrollToStartMs: number;
  reachedStart: boolean;
  /** Most `.vrow` elements in the DOM at any sampled frame: the virtualisation at work. */
  maxRenderedRows: number;
  requests: number;
  liveEvents: number;
  longTasks: number;
  maxLongTaskMs: number;
  maxFrameGapMs: number;
  screenshot: string;
}

async function bundle(dir: string): Promise<void> {
  const common: esbuild.BuildOptions = { bundle: true, minify: true, platform: 'browser', format: 'iife', target: 'es2023', logLevel: 'warning', jsx: 'automatic', jsxImportSource: 'preact' };
  await esbuild.build({ ...common, entryPoints: [join(repoRoot, 'webviews', 'run', 'main.tsx')], outfile: join(dir, 'run.js') });
  await esbuild.build({ ...common, entryPoints: [join(repoRoot, 'test', 'e2e', 'longHistoryStub.ts')], outfile: join(dir, 'stub.js') });
  const css = readFileSync(join(repoRoot, 'media', 'webview.css'), 'utf8');
  writeFileSync(join(dir, 'index.html'), `<!DOCTYPE html><html><head><meta charset="utf-8"><style>
    body { --vscode-font-family: sans-serif; --vscode-font-size: 13px; --vscode-foreground: #ccc; --vscode-editor-background: #1e1e1e; --vscode-panel-border: #444; }
    ${css}</style></head><body><div id="root"></div><script>window.longHistoryTotal = __TOTAL__;</script><script src="stub.js"></script><script src="run.js"></script></body></html>`);
}

/** Scrolls the timeline up a screenful per frame until the first event is rendered (or `timeoutMs`). */
function scrollToStart(page: Page, timeoutMs: number): Promise<{ reached: boolean; ms: number; maxRows: number }> {
  return page.evaluate(async (limit) => {
    const scroller = document.querySelector('.vscroller')!;
    const started = performance.now();
    let maxRows = 0;
    while (performance.now() - started < limit) {
      if (document.querySelector('.vrow [data-seq="1"]')) return { reached: true, ms: performance.now() - started, maxRows };
      scroller.scrollTop = Math.max(0, scroller.scrollTop - scroller.clientHeight * 3);
      // The next frame, or 250 ms if none comes (a page the browser does not paint gets no frames).
      await new Promise((resolve) => { requestAnimationFrame(resolve); setTimeout(resolve, 250); });
      maxRows = Math.max(maxRows, document.querySelectorAll('.vrow').length);
    }
    return { reached: false, ms: performance.now() - started, maxRows };
  }, timeoutMs);
}

/** Scrolls down `screens` screenfuls, one per frame; returns the most rows seen in the DOM. */
function scrollDown(page: Page, screens: number): Promise<number> {
  return page.evaluate(async (count) => {
    const scroller = document.querySelector('.vscroller')!;
    let maxRows = 0;
    for (let step = 0; step < count; step++) {
      scroller.scrollTop += scroller.clientHeight;
      // The next frame, or 250 ms if none comes (a page the browser does not paint gets no frames).
      await new Promise((resolve) => { requestAnimationFrame(resolve); setTimeout(resolve, 250); });
      maxRows = Math.max(maxRows, document.querySelectorAll('.vrow').length);
    }
    return maxRows;
  }, screens);
}

export async function measureLongHistory(options: { browser: BrowserContext; events?: number; artifacts: string; log: (...parts: unknown[]) => void }): Promise<LongHistoryResult> {
  const events = options.events ?? 100_000;
  const dir = mkdtempSync(join(tmpdir(), 'os-long-history-'));
  try {
    await bundle(dir);
    writeFileSync(join(dir, 'index.html'), readFileSync(join(dir, 'index.html'), 'utf8').replace('__TOTAL__', String(events)));
    const page = await options.browser.newPage();
    // Every action and wait is bounded, so a page that stops responding fails the check instead of hanging it.
    page.setDefaultTimeout(30_000);
    const phase = (name: (typeof PHASES)[number]) => page.evaluate((mark) => { performance.mark(mark); }, name);
    try {
      const opened = Date.now();
      await page.goto(pathToFileURL(join(dir, 'index.html')).href);
      await page.locator(`.vrow [data-seq="${events}"]`).waitFor({ timeout: 30_000 });
      const openMs = Date.now() - opened;
      options.log(`long history: ${events.toLocaleString('en-US')} events, newest shown after ${openMs} ms; scrolling to the first event`);
      await phase('scroll to the first event');
      const toStart = await scrollToStart(page, 180_000);
      options.log(`long history: ${toStart.reached ? 'reached' : 'did NOT reach'} the first event after ${Math.round(toStart.ms)} ms`);
      await phase('jump to the middle');
      await page.getByLabel('Go to event number').fill(String(Math.floor(events / 2)));
      await page.getByLabel('Go to event number').press('Enter');
      await page.locator(`.vrow [data-seq="${Math.floor(events / 2)}"]`).waitFor({ timeout: 30_000 });
      await phase('scroll down');
      const downRows = await scrollDown(page, 200);
      await phase('jump to latest');
      await page.locator('[data-action="latest"]').click();
      await page.waitForFunction((total) => [...document.querySelectorAll('.vrow [data-seq]')].some((row) => Number(row.getAttribute('data-seq')) >= total), events, { timeout: 30_000 });
      await phase('search');
      await page.getByLabel('Search loaded events').fill('module 5');
      await page.waitForFunction(() => /match/.test(document.querySelector('.timeline-status')?.textContent ?? ''), undefined, { timeout: 10_000 });
      await page.getByLabel('Search loaded events').fill('');
      await page.waitForFunction(() => !/match/.test(document.querySelector('.timeline-status')?.textContent ?? ''), undefined, { timeout: 10_000 });
      await phase('filter');
      await page.locator('[data-kind="message"]').click();
      await page.waitForFunction(() => {
        const rows = [...document.querySelectorAll('.vrow [data-type]')];
        const status = document.querySelector('.timeline-status')?.textContent ?? '';
        return rows.length > 0 && rows.every((row) => row.getAttribute('data-type') === 'agent.message') && !/loading/.test(status);
      }, undefined, { timeout: 10_000 });
      const screenshot = join(options.artifacts, 'long-history.png');
      await page.screenshot({ path: screenshot });
      const metrics = await page.evaluate(() => window.longHistory) as LongHistoryMetrics;
      const marks = await page.evaluate(() => performance.getEntriesByType('mark').map((mark) => ({ name: mark.name, start: mark.startTime })));
      const durations = metrics.longTasks.map((task) => task.duration);
      return {
        events, openMs, maxLongTaskByPhaseMs: byPhase(metrics, marks), scrollToStartMs: Math.round(toStart.ms), reachedStart: toStart.reached, maxRenderedRows: Math.max(toStart.maxRows, downRows),
        requests: metrics.requests, liveEvents: metrics.live, longTasks: durations.length, maxLongTaskMs: Math.round(Math.max(0, ...durations)),
        maxFrameGapMs: Math.round(metrics.maxFrameGapMs), screenshot,
      };
    } finally {
      await page.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function byPhase(metrics: LongHistoryMetrics, marks: { name: string; start: number }[]): Record<string, number> {
  const starts = PHASES.map((name) => ({ name, start: name === 'open' ? 0 : marks.find((mark) => mark.name === name)?.start ?? Infinity }));
  const result: Record<string, number> = Object.fromEntries(PHASES.map((name) => [name, 0]));
  for (const task of metrics.longTasks) {
    const phase = starts.filter((candidate) => candidate.start <= task.start).at(-1)?.name ?? 'open';
    result[phase] = Math.max(result[phase] ?? 0, Math.round(task.duration));
  }
  return result;
}

export function describeLongHistory(result: LongHistoryResult): string {
  const blocking = result.longTasks === 0 ? 'no long task (none ≥ 50 ms)' : `${result.longTasks} long task(s), the longest ${result.maxLongTaskMs} ms`;
  return `long history, ${result.events.toLocaleString('en-US')} events: max main-thread block ${result.maxLongTaskMs} ms (${blocking}); `
    + `longest gap between frames ${result.maxFrameGapMs} ms; opened in ${result.openMs} ms; scrolled to the first event in ${result.scrollToStartMs} ms `
    + `with ${result.requests} bridge requests; at most ${result.maxRenderedRows} rows in the DOM; ${result.liveEvents} live events arrived meanwhile; `
    + `longest task per step: ${Object.entries(result.maxLongTaskByPhaseMs).map(([name, ms]) => `${name} ${ms} ms`).join(', ')}`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const runDir = mkdtempSync(join(tmpdir(), 'os-long-history-run-'));
  const browser = await launchBrowser(runDir, { XDG_CONFIG_HOME: join(runDir, 'config'), XDG_CACHE_HOME: join(runDir, 'cache'), XDG_DATA_HOME: join(runDir, 'data') });
  try {
    const result = await measureLongHistory({ browser, events: Number(process.argv[2] ?? 100_000), artifacts: join(repoRoot, '.artifacts'), log: console.log });
    console.log(describeLongHistory(result));
  } finally {
    await browser.close();
    rmSync(runDir, { recursive: true, force: true });
  }
}
