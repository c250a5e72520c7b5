// Shared set-up of the browser tests: the page served by cmd/devserve, Debian's
// Chromium driven by playwright-core, axe-core injected from node_modules.
import { spawn } from 'node:child_process';
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

// launch starts headless Chromium with the project's flags and a fresh profile.
export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), 'contactprep-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    ignoreDefaultArgs: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', `--user-data-dir=${profile}`, '--remote-debugging-pipe', '--no-first-run', 'about:blank'],
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
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
