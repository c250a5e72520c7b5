// A 100,000-row file keeps the page's main thread free: the engine works in
// its worker, and the table draws only the rows in view. Its cleaned file
// comes in parts, which the Send step reads back out of the zip. Counted as long
// tasks (over 200 ms) seen by a PerformanceObserver, not as a total time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { serve, launch, openPage, shot, goGen, outDir, repoDir } from './harness.mjs';
import { partsOf } from '../send.js';

// countRecords counts the records of RFC 4180 text (a quoted field may hold line breaks).
function countRecords(text) {
  let n = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') quoted = !quoted;
    else if (text[i] === '\n' && !quoted) n++;
  }
  return n;
}

async function prepareFile(page, path) {
  await page.getByLabel('Choose file').setInputFiles(path);
  await page.locator('#step-check').waitFor({ state: 'visible', timeout: 120000 });
  await page.getByRole('button', { name: 'Prepare contacts' }).click();
  await page.locator('#step-progress').waitFor({ state: 'visible' });
  return page;
}

async function waitResults(page) {
  await page.locator('#step-results').waitFor({ state: 'visible', timeout: 300000 });
  await page.locator('#grid [role=row][aria-rowindex="2"]').waitFor();
  return Number(await page.evaluate(() => document.body.dataset.prepareSeconds));
}

test('a 100,000-row file: scrolling, filtering, editing and cancelling all answer', async () => {
  const big = await goGen(['-rows', '100000', '-seed', '3'], 'large-100000.csv');
  const mid = await goGen(['-rows', '60000', '-seed', '4'], 'large-60000.csv');
  const server = await serve();
  const browser = await launch();
  try {
    const { page, errors } = await openPage(browser.context, server.url);

    // The time to prepare 60,000 rows, for the record.
    await prepareFile(page, mid);
    const seconds60k = await waitResults(page);
    console.log(`# prepared 60,000 rows in ${seconds60k.toFixed(2)} s in Chromium (${Math.round(60000 / seconds60k)} rows/s)`);

    await page.evaluate(() => {
      globalThis.longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) globalThis.longTasks.push(Math.round(e.duration));
      }).observe({ type: 'longtask' });
    });
    await prepareFile(page, big);
    await page.waitForFunction(() => document.getElementById('progress-text').textContent.includes('rows read'), null, { timeout: 60000 });
    await shot(page, '3-progress');
    const seconds = await waitResults(page);
    await shot(page, 'large-results');

    // Scroll through the affected rows: each view is drawn from a page of rows.
    const grid = page.locator('#grid');
    const total = Number((await page.locator('#rows-count').innerText()).replace(/[^\d]/g, ''));
    assert.ok(total > 1000, `${total} rows to look at`);
    for (const at of [0.25, 0.5, 0.99]) {
      await grid.evaluate((g, at) => { g.scrollTop = g.scrollHeight * at; }, at);
      const index = Math.floor(total * at) + 2;
      await page.locator(`#grid [role=row][aria-rowindex="${index}"] [role=gridcell]`).first().filter({ hasNotText: 'Loading' }).waitFor({ timeout: 30000 });
    }
    // Change the severity filter and edit a cell: the whole table is checked again.
    await page.getByLabel('Severity').selectOption('');
    await page.waitForFunction((before) => {
      const n = Number(document.getElementById('rows-count').textContent.replace(/[^\d]/g, ''));
      return n > before;
    }, total, { timeout: 60000 });
    const cell = page.locator('#grid [role=row][aria-rowindex="2"] [role=gridcell]').nth(4);
    await cell.click();
    await page.keyboard.press('Enter');
    await page.keyboard.type('Changed');
    await page.keyboard.press('Enter');
    await page.locator('#rows-count', { hasText: 'Saved' }).waitFor({ timeout: 60000 });
    await page.locator('#grid [role=row][aria-rowindex="2"] [role=gridcell]').nth(4).filter({ hasText: 'Changed' }).waitFor();

    const long = await page.evaluate(() => globalThis.longTasks);
    // For the record only: the 200 ms target is held by `make bench` (bench/main.go),
    // never by a timed assertion, which a loaded CI machine would fail.
    console.log(`# 100,000 rows: prepared in ${seconds.toFixed(2)} s; long tasks on the main thread (ms): ${JSON.stringify(long)}`);

    // Cancel stops the run at once; the next run works (in a fresh worker).
    await page.getByRole('button', { name: 'Prepare contacts' }).click();
    await page.waitForFunction(() => document.getElementById('progress-text').textContent.includes('rows read'), null, { timeout: 60000 });
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.locator('#choose-status', { hasText: 'Cancelled' }).waitFor();
    assert.equal(await page.locator('#step-progress').isVisible(), false);
    await page.getByRole('button', { name: 'Prepare contacts' }).click();
    await waitResults(page);
    assert.match(await page.locator('#counts').innerText(), /Rows read\s+100,000/);

    // Over the 10 MB of the admin page's import, the cleaned download is a zip of
    // parts; the Send step reads them back out of it, each a whole import file.
    const ready = Number((await page.locator('#counts .ready dd').innerText()).replaceAll(',', ''));
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download cleaned file' }).click()]);
    assert.equal(dl.suggestedFilename(), 'contacts.zip');
    const zip = readFileSync(await dl.path());
    const parts = await partsOf({ name: 'contacts.zip', type: 'application/zip', blob: new Blob([zip]) });
    assert.ok(parts.length >= 2, `${parts.length} parts`);
    let records = 0;
    let header = null;
    for (const [i, part] of parts.entries()) {
      assert.equal(part.name, `contacts-${String(i + 1).padStart(3, '0')}.csv`);
      assert.ok(part.blob.size > 0 && part.blob.size <= 10 << 20, `${part.name}: ${part.blob.size} bytes`);
      const text = new TextDecoder('utf-8', { fatal: true }).decode(await part.blob.arrayBuffer());
      const first = text.slice(0, text.indexOf('\n'));
      header ??= first;
      assert.equal(first, header, `${part.name} starts with the header`);
      records += countRecords(text) - 1;
    }
    assert.equal(records, ready, 'the parts hold every ready row once');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    server.stop();
  }
});

// Shard workers are used on machines of two or more logical cores (engine.js);
// here the page is told it has one, two (the primary and one shard) and four,
// and the results must be the one worker's, byte for byte: the counts, the
// cleaned file and the report. The 60,000-row file is held by the primary,
// and the 400,000-row one (71 MB) read where it lies: both UTF-8, each shard
// reads its slices of the File itself. A Windows-1252 file is decoded into
// a copy the primary holds, which passes each shard its slice.
test('shard workers prepare exactly what one worker does', async () => {
  const held = await goGen(['-rows', '60000', '-seed', '5'], 'large-shards-60000.csv');
  const chosen = await goGen(['-rows', '400000', '-seed', '8'], 'chosen-400000.csv');
  const decoded = await goGen(['-rows', '30000', '-seed', '6', '-encoding', 'windows-1252'], 'large-shards-1252.csv');
  const server = await serve();
  const browser = await launch();
  const run = async (file, cores) => {
    const page = await browser.context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript((n) => Object.defineProperty(navigator, 'hardwareConcurrency', { get: () => n }), cores);
    const workers = [];
    page.on('worker', (w) => workers.push(w.url()));
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready=true]', { timeout: 60000 });
    await prepareFile(page, file);
    await waitResults(page);
    const counts = await page.locator('#counts').innerText();
    const calls = await page.evaluate(() => performance.getEntriesByType('measure').map((m) => m.name));
    const download = async (name) => {
      const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
      return { name: dl.suggestedFilename(), bytes: readFileSync(await dl.path()) };
    };
    // The cleaned files, each its name and bytes: a zip of parts dates its
    // entries with the time it was made, so two runs' zips differ there.
    const cleaned = await download('Download cleaned file');
    const type = cleaned.name.endsWith('.zip') ? 'application/zip' : 'text/csv';
    cleaned.parts = await Promise.all((await partsOf({ name: cleaned.name, type, blob: new Blob([cleaned.bytes]) }))
      .map(async (p) => ({ name: p.name, bytes: Buffer.from(await p.blob.arrayBuffer()) })));
    const r = { cores, workers: workers.length, counts, calls, cleaned, report: await download('Download report') };
    assert.deepEqual(errors, []);
    await page.close();
    return r;
  };
  const same = (one, shards, what) => {
    assert.ok(shards.workers > one.workers, `${what}: shard workers started: ${shards.workers} workers with ${shards.cores} cores, ${one.workers} with 1`);
    assert.equal(shards.counts, one.counts, `${what}, ${shards.cores} cores`);
    assert.equal(shards.cleaned.name, one.cleaned.name);
    assert.deepEqual(shards.cleaned.parts.map((p) => p.name), one.cleaned.parts.map((p) => p.name), `${what}: the same cleaned files with ${shards.cores} cores`);
    for (const [i, p] of shards.cleaned.parts.entries()) {
      assert.ok(p.bytes.equals(one.cleaned.parts[i].bytes), `${what}: the same ${p.name} with ${shards.cores} cores`);
    }
    assert.ok(shards.report.bytes.equals(one.report.bytes), `${what}: the same report with ${shards.cores} cores`);
  };
  try {
    const [one, ...sharded] = [await run(held, 1), await run(held, 2), await run(held, 4)];
    for (const shards of sharded) same(one, shards, 'held');
    assert.ok(sharded[1].workers > sharded[0].workers, `more shard workers with 4 cores (${sharded[1].workers}) than with 2 (${sharded[0].workers})`);
    assert.ok(!sharded[0].calls.includes('engine primary slice'), 'the primary copied out a slice of a UTF-8 file it holds');

    const [oneDecoded, twoDecoded] = [await run(decoded, 1), await run(decoded, 2)];
    same(oneDecoded, twoDecoded, 'decoded');
    assert.ok(twoDecoded.calls.includes('engine primary slice'), 'the primary passes the slices of a text it decoded');

    const [oneLarge, twoLarge] = [await run(chosen, 1), await run(chosen, 2)];
    same(oneLarge, twoLarge, 'read where it lies');
    // Read back from the File in pieces, some read ahead (worker.js
    // readChosen), the rows are the bytes the native CLI reads from disk.
    const cli = join(outDir, 'large-shards-cli');
    const prep = spawnSync('go', ['run', './cmd/contactprep', 'prepare', '-force', '-o', cli, chosen], { cwd: repoDir, encoding: 'utf8' });
    assert.ok(prep.status === 0 || prep.status === 1, `the CLI: ${prep.status} ${prep.stderr}`); // 1: some rows rejected
    const cliParts = readdirSync(cli).filter((n) => /^contacts-\d+\.csv$/.test(n)).sort();
    assert.deepEqual(oneLarge.cleaned.parts.map((p) => p.name), cliParts, 'the page cuts the parts the CLI does');
    for (const p of oneLarge.cleaned.parts) {
      assert.ok(p.bytes.equals(readFileSync(join(cli, p.name))), `${p.name}: the page's is the CLI's`);
    }
    const shardSlices = twoLarge.calls.filter((c) => c === 'engine shard prepareSlice').length;
    assert.ok(shardSlices >= 2, `${shardSlices} slices checked by the shard`);
    assert.ok(!twoLarge.calls.includes('engine primary slice'), 'the primary read a slice for the shard');
  } finally {
    await browser.close();
    server.stop();
  }
});
