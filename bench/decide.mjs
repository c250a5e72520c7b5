// Times the page's decisions over a whole group of rows in headless Chromium
// (web/dist served by bin/devserve), for bench/main.go: the file is prepared,
// then each decision is pressed and timed from the click to the page saying
// it is done (counts, findings and the table redrawn), and so is its undo.
//
// Usage: node bench/decide.mjs [-reps N] FILE
//
// Prints one JSON line: per decision, the median of N runs in ms and the
// cells or accounts it changed. Environment: DEVSERVE, DIST, CHROMIUM.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const { chromium } = createRequire(join(repo, 'web', 'package.json'))('playwright-core');

const args = process.argv.slice(2);
let reps = 3;
if (args[0] === '-reps') { reps = Number(args[1]); args.splice(0, 2); }
const file = args[0];
if (!file || !(reps >= 1)) {
  console.error('usage: node bench/decide.mjs [-reps N] FILE');
  process.exit(2);
}

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

// timed presses the button whose name matches name (a regular expression's
// source) and resolves, in the page, to the ms until the status line under
// the table says done (a regular expression's source) and the table is redrawn.
function timed([name, done]) {
  const button = [...document.querySelectorAll('button')].find((b) => new RegExp(name).test(b.textContent) && !b.disabled);
  if (!button) return Promise.reject(new Error(`no button ${name}`));
  const status = document.getElementById('rows-count');
  status.textContent = '';
  return new Promise((resolve) => {
    const t0 = performance.now();
    new MutationObserver((_, obs) => {
      if (new RegExp(done).test(status.textContent)) {
        obs.disconnect();
        requestAnimationFrame(() => resolve({ ms: performance.now() - t0, label: button.textContent }));
      }
    }).observe(status, { childList: true, characterData: true, subtree: true });
    button.click();
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const server = await serve();
const profile = mkdtempSync(join(tmpdir(), 'contactprep-bench-decide-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  ignoreDefaultArgs: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', `--user-data-dir=${profile}`, '--remote-debugging-pipe', '--no-first-run', 'about:blank'],
  viewport: { width: 1280, height: 900 },
  locale: 'en-US',
});
try {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server.url);
  await page.waitForSelector('body[data-ready=true]', { timeout: 120000 });
  await page.getByLabel('Choose file').setInputFiles(file);
  await page.getByRole('button', { name: 'Prepare contacts' }).click();
  await page.locator('#grid [role=row][aria-rowindex="2"]').waitFor({ timeout: 30 * 60000 });
  const rows = Number((await page.locator('#counts').innerText()).match(/Rows read\s+([\d,]+)/)[1].replaceAll(',', ''));
  const decisions = {
    clear_phones: ['^Clear these [\\d,]+ numbers', 'numbers? cleared\\.'],
    most_common: ['^Use the most common version for all', 'most common version'],
  };
  const out = { file, rows, reps };
  for (const [name, press] of Object.entries(decisions)) {
    const runs = [];
    const undos = [];
    let label = '';
    for (let i = 0; i < reps; i++) {
      const r = await page.evaluate(timed, press);
      label = r.label;
      runs.push(r.ms);
      undos.push((await page.evaluate(timed, ['^Undo$', '^Undone\\.'])).ms);
    }
    out[name] = { label, ms: median(runs), runs_ms: runs, undo_ms: median(undos) };
  }
  out.errors = errors;
  console.log(JSON.stringify(out));
} finally {
  await context.close();
  server.proc.kill('SIGTERM');
  rmSync(profile, { recursive: true, force: true });
}
