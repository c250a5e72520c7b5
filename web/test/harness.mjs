// Shared set-up of the browser tests: the page served by cmd/devserve (or, with
// the submission function, by wrangler (function/dev.mjs) against the Genesys emulator),
// Debian's Chromium driven by playwright-core, axe-core injected from node_modules.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const webDir = join(here, '..');
export const repoDir = join(webDir, '..');
export const outDir = join(here, 'out');
mkdirSync(outDir, { recursive: true });

// serve starts devserve on a free port and resolves to its URL and a stop function.
export function serve() {
  const bin = process.env.DEVSERVE ?? join(repoDir, 'bin', 'devserve');
  const dist = process.env.DIST ?? join(webDir, 'dist');
  const proc = spawn(bin, ['-dir', dist], { env: { ...process.env, PORT: '0' }, cwd: webDir, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.on('error', reject);
    proc.on('exit', (code) => reject(new Error(`devserve exited with ${code}: ${out}`)));
    proc.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (m) resolve({ url: m[0], stop: () => proc.kill('SIGTERM') });
    });
  });
}

// freePorts asks the system for n distinct free loopback ports. The listeners
// stay open until all are chosen, so the same port is never handed out twice.
async function freePorts(n) {
  const servers = [];
  for (let i = 0; i < n; i++) {
    servers.push(await new Promise((resolve, reject) => {
      const srv = createServer().listen(0, '127.0.0.1', () => resolve(srv));
      srv.on('error', reject);
    }));
  }
  const ports = servers.map((srv) => srv.address().port);
  await Promise.all(servers.map((srv) => new Promise((resolve) => srv.close(resolve))));
  return ports;
}

// started spawns a command in its own process group and returns it with a stop
// function that ends the whole group (wrangler runs workerd as a child): SIGTERM,
// then SIGKILL after 10 s.
function started(bin, args, options) {
  const proc = spawn(bin, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const keep = (chunk) => { log = (log + chunk).slice(-20000); };
  proc.stdout.on('data', keep);
  proc.stderr.on('data', keep);
  const exited = new Promise((resolve) => proc.on('exit', resolve));
  const stop = async () => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    try { process.kill(-proc.pid, 'SIGTERM'); } catch { return; }
    const timer = setTimeout(() => { try { process.kill(-proc.pid, 'SIGKILL'); } catch { /* gone */ } }, 10000);
    await exited;
    clearTimeout(timer);
  };
  return { proc, stop, exited, log: () => log };
}

// serveWithFunction runs the Genesys emulator and the Worker under wrangler
// (function/dev.mjs: the Worker and web/dist, as `make run` does) on free loopback
// ports, and resolves to the page's URL, the emulator's URL, and a stop function
// for both. EMULATOR names the emulator; the Worker must be built (make build-function).
export async function serveWithFunction() {
  const emulatorBin = process.env.EMULATOR ?? join(repoDir, 'bin', 'genesys-emulator');
  const emulator = started(emulatorBin, ['-addr', '127.0.0.1:0', '-dry-run-delay', '1s', '-import-delay', '1s'], { cwd: repoDir });
  const emulatorURL = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the emulator did not start: ${emulator.log()}`)), 20000);
    emulator.exited.then(() => reject(new Error(`the emulator exited: ${emulator.log()}`)));
    emulator.proc.stdout.on('data', () => {
      const m = emulator.log().match(/^http:\/\/127\.0\.0\.1:\d+/m);
      if (m) { clearTimeout(timer); resolve(m[0]); }
    });
  });
  // A free port can be taken again between our check and wrangler's bind
  // (workerd opens ports of its own), so a start that loses that race is retried.
  for (let attempt = 1; ; attempt++) {
    try {
      const { url, worker, state } = await startWorker(emulatorURL);
      const stop = async () => {
        await Promise.all([worker.stop(), emulator.stop()]);
        rmSync(state, { recursive: true, force: true });
      };
      return { url, emulatorURL, stop, log: () => `${worker.log()}\n${emulator.log()}` };
    } catch (err) {
      if (attempt === 3 || !/Address already in use/.test(err.message)) {
        await emulator.stop();
        throw err;
      }
    }
  }
}

// startWorker starts the Worker (function/dev.mjs, wrangler without its DevTools
// proxy) on a free port and waits until it answers.
async function startWorker(emulatorURL) {
  const [port] = await freePorts(1);
  const state = mkdtempSync(join(tmpdir(), 'contactprep-wrangler-'));
  const worker = started(process.execPath, [join(repoDir, 'function', 'dev.mjs'), '--ip', '127.0.0.1', '--port', String(port),
    '--persist-to', state,
    '--var', `GENESYS_API_BASE:${emulatorURL}`, '--var', 'GENESYS_OAUTH_CLIENT_ID:contactprep-local',
    '--var', 'GENESYS_EXTERNAL_SOURCE_ID:contactprep-e2e', '--var', 'ALLOWED_ORIGINS:', '--var', 'DRY_RUN_WAIT:15s',
    '--var', `PAGE_ORIGIN:http://127.0.0.1:${port}`], {
    cwd: repoDir,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_HIDE_BANNER: 'true' },
  });
  const fail = async (why) => {
    await worker.stop();
    rmSync(state, { recursive: true, force: true });
    throw new Error(`${why}: ${worker.log()}`);
  };
  const url = `http://127.0.0.1:${port}/`;
  // The first start bundles and compiles for a while, longer on a busy machine.
  const deadline = Date.now() + 120000;
  for (;;) {
    if (worker.proc.exitCode !== null) await fail('the Worker (function/dev.mjs) exited');
    try {
      if ((await fetch(`${url}api/config`)).ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) await fail('the Worker did not answer within 2 minutes');
    await new Promise((r) => setTimeout(r, 500));
  }
  return { url, worker, state };
}

// launch starts headless Chromium with the project's flags and a fresh
// profile. A window of 1366×800 at 200 % zoom is viewport {width: 683,
// height: 400} at deviceScaleFactor 2: Chromium lays a zoomed page out in
// half the CSS pixels and draws each with four device pixels, as here.
export async function launch({ viewport = { width: 1280, height: 900 }, deviceScaleFactor = 1 } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'contactprep-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    ignoreDefaultArgs: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', `--user-data-dir=${profile}`, '--remote-debugging-pipe', '--no-first-run', 'about:blank'],
    acceptDownloads: true,
    viewport,
    deviceScaleFactor,
    locale: 'en-US',
  });
  return { context: browser, close: async () => { await browser.close(); rmSync(profile, { recursive: true, force: true }); } };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// axe runs axe-core in the page and returns its serious and critical violations.
export async function axe(page) {
  // The page's CSP forbids inline scripts, so axe is evaluated through the
  // debugging protocol, which the policy does not govern.
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => await globalThis.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
}

// download presses the button named name and returns the file it downloads:
// its suggested name and its bytes.
export async function download(page, name) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name, exact: true }).click()]);
  return { name: dl.suggestedFilename(), bytes: readFileSync(await dl.path()) };
}

export async function shot(page, name) {
  await page.screenshot({ path: join(outDir, `${name}.png`), fullPage: true });
}

// goGen writes a generated contact file with cmd/contactgen and returns its path.
export function goGen(args, name) {
  const path = join(outDir, name);
  return new Promise((resolve, reject) => {
    const proc = spawn('go', ['run', './cmd/contactgen', ...args, '-o', path], { cwd: repoDir, stdio: ['ignore', 'inherit', 'pipe'] });
    let err = '';
    proc.stderr.on('data', (c) => { err += c; });
    proc.on('exit', (code) => (code === 0 ? resolve(path) : reject(new Error(`contactgen: ${err}`))));
  });
}

// openPage opens the page and waits until the engine has started.
export async function openPage(context, url) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(url);
  await page.waitForSelector('body[data-ready=true]', { timeout: 60000 });
  return { page, errors };
}

// pressPrepare presses "Prepare contacts" once the page allows it: a
// setting changed in step 2 has the file checked again first, which a
// loaded machine makes slow. If it never does, the failure says what the
// page shows instead.
export async function pressPrepare(page, timeout = 120000) {
  try {
    await page.waitForFunction(() => !document.getElementById('run').disabled, null, { polling: 100, timeout });
  } catch (err) {
    const shown = async (id) => page.locator(`#${id}`).innerText().catch(() => '(none)');
    throw new Error(`"Prepare contacts" stayed disabled; the page says: "${await shown('check-problem')}" / "${await shown('check-status')}" / "${await shown('choose-status')}"`, { cause: err });
  }
  await page.getByRole('button', { name: 'Prepare contacts' }).click({ timeout });
}

// startTrialRun answers the choices Send asks before a trial run: the
// division (by its name; kept as it is when division is null, such as a
// remembered one) and starts the trial run.
export async function startTrialRun(page, division = 'Sales EMEA') {
  const select = page.getByLabel('Division for the new contacts');
  await select.waitFor({ timeout: 60000 });
  if (division !== null) await select.selectOption({ label: division });
  await page.getByRole('button', { name: 'Start the trial run' }).click();
}

// parseCSV reads RFC 4180 text (quoted fields, CRLF or LF): enough to check
// the files the page downloads and the emulator exports.
export function parseCSV(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\n') { row.push(field.replace(/\r$/, '')); rows.push(row); row = []; field = ''; } else field += c;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}
