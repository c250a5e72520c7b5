// Times the engine in headless Chromium through the real page (web/dist served by
// bin/devserve) and its Web Workers, for bench/main.go.
//
// Usage: node bench/browser.mjs [-reps N] FILE
//
// Each run opens the page in a fresh tab, chooses FILE, presses "Prepare contacts"
// and waits until the results table shows its first row. The time counts from the
// file input's change event to the check step shown (the page's inspect), plus from
// the click on "Prepare contacts" to the results drawn; the few milliseconds the
// driver takes between the two are left out. Measured in the page: main-thread long
// tasks, each move of the progress bar; from /proc: the whole Chromium process
// tree's memory. Prints one JSON line. Environment: DEVSERVE, DIST, CHROMIUM.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { descendants, pssBytes, rssBytes } from './procs.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const { chromium } = createRequire(join(repo, 'web', 'package.json'))('playwright-core');

const args = process.argv.slice(2);
let reps = 1;
if (args[0] === '-reps') { reps = Number(args[1]); args.splice(0, 2); }
const file = args[0];
if (!file || !(reps >= 1)) {
  console.error('usage: node bench/browser.mjs [-reps N] FILE');
  process.exit(2);
}

// serve starts devserve on a free port and resolves to its process and URL.
function serve() {
  const proc = spawn(process.env.DEVSERVE ?? join(repo, 'bin', 'devserve'), ['-dir', process.env.DIST ?? join(repo, 'web', 'dist')],
    { env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.on('error', reject);
    proc.on('exit', (code) => reject(new Error(`devserve exited with ${code}`)));
    proc.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (m) resolve({ proc, url: m[0] });
    });
  });
}

// Memory, in MB, summed over the processes below this one but devserve's
// (Chromium's browser, renderer with the page and its workers, GPU and
// utility processes): resident (RSS, cheap to read, counts shared pages once
// per process) and proportional (PSS, shared pages split between their users;
// read at most once a second, when RSS reaches a new peak).
const MB = 2 ** 20;
const rssMB = (pids) => pids.reduce((sum, pid) => sum + rssBytes(pid) / MB, 0);
const pssMB = (pids) => pids.reduce((sum, pid) => sum + pssBytes(pid) / MB, 0);

// instrument runs in the page: it notes the moments of the run from the page's
// own DOM and events, main-thread long tasks and each value the progress bar takes.
function instrument() {
  const b = { t: {}, longTasks: [], bar: [] };
  globalThis.benchState = b;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) b.longTasks.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask' });
  addEventListener('change', (e) => { if (e.target.type === 'file') b.t.chosen ??= performance.now(); }, true);
  addEventListener('click', (e) => { if (e.target.closest?.('#run')) b.t.run ??= performance.now(); }, true);
  const bar = document.getElementById('bar');
  new MutationObserver(() => b.bar.push([performance.now(), Number(bar.value)])).observe(bar, { attributes: true, attributeFilter: ['value'] });
  new MutationObserver(() => {
    const now = performance.now();
    if (b.t.chosen !== undefined && b.t.checked === undefined && !document.getElementById('step-check').hidden) b.t.checked = now;
    if (b.t.run !== undefined && b.t.shown === undefined && !document.getElementById('step-results').hidden
      && document.querySelector('#grid [role=row][aria-rowindex="2"]')) b.t.shown = now;
  }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['hidden'] });
}

// reached tells whether the page noted moment t, or the error line it shows instead.
function reached(t) {
  const s = document.getElementById('choose-status');
  return s.classList.contains('error-text') ? s.textContent : globalThis.benchState.t[t] !== undefined;
}

async function once(context, url, firstLoad) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // Files fetched until the page is ready (and its service worker installed), and
  // those fetched later, while the first file is prepared.
  let fetched = firstLoad?.load;
  if (firstLoad) context.on('request', (r) => fetched.add(new URL(r.url()).pathname.split('/').pop() || 'index.html'));
  await page.goto(url);
  await page.waitForSelector('body[data-ready=true]', { timeout: 120000 });
  // The peer and the engines are timed after runs in the same process, with
  // their code compiled by then; the page, once its engine has run its
  // warm-up (web/worker.js), a fraction of a second after it is ready.
  await page.waitForSelector('body[data-warm=true]', { timeout: 120000 });
  if (firstLoad) {
    await page.waitForTimeout(1000); // the service worker's install fetches
    fetched = firstLoad.prepare;
  }
  await page.evaluate(instrument);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  let heap = 0;
  const sampleHeap = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics').catch(() => ({ metrics: [] }));
    heap = Math.max(heap, metrics.find((m) => m.name === 'JSHeapTotalSize')?.value ?? 0);
  };
  const heapTimer = setInterval(sampleHeap, 500);

  const wait = async (what, t) => {
    const v = await (await page.waitForFunction(reached, t, { polling: 250, timeout: 30 * 60000 })).jsonValue();
    if (typeof v === 'string') throw new Error(`the page says, ${what}: ${v}`);
  };
  await page.getByLabel('Choose file').setInputFiles(file);
  await wait('choosing the file', 'checked');
  await page.getByRole('button', { name: 'Prepare contacts' }).click();
  await wait('preparing', 'shown');
  sample(true);
  // The engine fetches phone.wasm once it is idle after a file came
  // (web/worker.js): on the first run it counts as fetched to prepare.
  if (firstLoad && !fetched.has('phone.wasm')) {
    await context.waitForEvent('request', { predicate: (r) => r.url().endsWith('/phone.wasm'), timeout: 60000 })
      .catch(() => { throw new Error('the page never fetched phone.wasm'); });
  }
  clearInterval(heapTimer);
  await sampleHeap();

  const r = await page.evaluate(() => {
    const b = globalThis.benchState;
    const { chosen, checked, run, shown } = b.t;
    const inRun = ([at]) => at >= run && at <= shown;
    const bar = b.bar.filter(inRun);
    let gap = 0;
    for (let i = 0, last = run; i <= bar.length; i++) {
      const at = i < bar.length ? bar[i][0] : shown;
      gap = Math.max(gap, at - last);
      last = at;
    }
    const longTasks = b.longTasks.filter(([at]) => at >= chosen && at <= shown);
    const long = longTasks.map(([, d]) => d);
    return {
      inspect_ms: checked - chosen,
      prepare_ms: shown - run,
      page_prepare_s: Number(document.body.dataset.prepareSeconds),
      rows: Number(document.getElementById('counts')?.innerText.match(/Rows read\s+([\d,]+)/)?.[1].replaceAll(',', '')) || null,
      long_tasks: long.length,
      long_task_max_ms: long.length ? Math.max(...long) : 0,
      long_tasks_over_200ms: long.filter((d) => d > 200).length,
      // When they started, in ms after "Prepare contacts" was pressed (negative: while choosing).
      long_tasks_over_200ms_at: longTasks.filter(([, d]) => d > 200).map(([at, d]) => ({ at: Math.round(at - run), ms: d })),
      progress_moves: new Set(bar.map(([, v]) => v).filter((v) => v > 0 && v < 1)).size,
      progress_max_gap_ms: gap,
      marks: performance.getEntriesByType('mark').map((m) => m.name),
      // The engine's calls during the run: [name, start after "Prepare contacts" pressed, ms].
      calls: performance.getEntriesByType('measure').filter((m) => m.startTime >= chosen && m.name.startsWith('engine '))
        .map((m) => [m.name.slice(7), Math.round(m.startTime - run), Math.round(m.duration)]),
      cross_origin_isolated: globalThis.crossOriginIsolated === true,
    };
  });
  // Available only to cross-origin isolated pages.
  if (r.cross_origin_isolated) {
    r.ua_memory_mb = await page.evaluate(async () => (await performance.measureUserAgentSpecificMemory()).bytes / 2 ** 20).catch(() => null);
  }
  r.js_heap_mb = heap / 2 ** 20;
  r.errors = errors;
  await cdp.detach().catch(() => {});
  await page.close();
  return r;
}

const server = await serve();
const profile = mkdtempSync(join(tmpdir(), 'contactprep-bench-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  ignoreDefaultArgs: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', `--user-data-dir=${profile}`, '--remote-debugging-pipe', '--no-first-run', 'about:blank'],
  viewport: { width: 1280, height: 900 },
  locale: 'en-US',
});
let peak = { rss: 0, pss: 0, pssAt: 0 };
const sample = (force) => {
  const pids = descendants(server.proc.pid);
  const rss = rssMB(pids);
  if (force || (rss > peak.rss && Date.now() - peak.pssAt >= 1000)) peak = { ...peak, pss: Math.max(peak.pss, pssMB(pids)), pssAt: Date.now() };
  peak.rss = Math.max(peak.rss, rss);
};
try {
  const firstLoad = { load: new Set(), prepare: new Set() };
  const runs = [];
  for (let i = 0; i < reps; i++) {
    const timer = setInterval(sample, 250);
    try {
      runs.push(await once(context, server.url, i === 0 ? firstLoad : null));
    } finally {
      clearInterval(timer);
    }
  }
  sample(true);
  const total = (r) => r.inspect_ms + r.prepare_ms;
  const median = [...runs].sort((a, b) => total(a) - total(b))[Math.floor(runs.length / 2)];
  console.log(JSON.stringify({
    file: basename(file), reps, total_ms: total(median), ...median,
    peak_rss_mb: peak.rss, peak_pss_mb: peak.pss, runs_ms: runs.map(total),
    first_load: [...firstLoad.load].sort(),
    fetched_to_prepare: [...firstLoad.prepare].filter((n) => !firstLoad.load.has(n)).sort(),
  }));
} finally {
  await context.close();
  server.proc.kill('SIGTERM');
  rmSync(profile, { recursive: true, force: true });
}
