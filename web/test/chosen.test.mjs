// The engine reads a large chosen file (over 64 MB, wasm/main.go heldMax)
// where it lies, as it needs it, and never holds it whole (wasm/chosen.go):
// a file changed on disk after it was chosen can no longer be read, and the
// page says so instead of preparing, or downloading, empty cells.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serve, launch, openPage, goGen, outDir } from './harness.mjs';

test('a file changed after it was chosen is not read as if it were the same', async () => {
  const path = await goGen(['-rows', '400000', '-seed', '8'], 'chosen-400000.csv');
  const changed = join(outDir, 'chosen-changed.csv');
  const original = readFileSync(path);
  assert.ok(original.length > 64 << 20, `${original.length} bytes: too few to be read where it lies`);
  writeFileSync(changed, original);
  const server = await serve();
  const browser = await launch();
  try {
    const { page, errors } = await openPage(browser.context, server.url);
    const choose = async () => {
      await page.getByLabel('Choose file').setInputFiles(changed);
      await page.locator('#choose-status', { hasText: 'read. Check the settings' }).waitFor({ timeout: 60000 });
    };

    // Changed between inspect and prepare: the run stops with the file's name.
    await choose();
    writeFileSync(changed, Buffer.concat([original, Buffer.from('C9999999,Late,Row,,,,,,,,,,,,,\n')]));
    await page.getByRole('button', { name: 'Prepare contacts' }).click();
    const status = page.locator('#choose-status');
    await status.filter({ hasText: 'could not be read again' }).waitFor({ timeout: 60000 });
    assert.match(await status.innerText(), /chosen-changed\.csv: .*choose it again/);
    assert.equal(await page.locator('#step-results').isVisible(), false);

    // Chosen again, it is prepared; changed before a download, the download stops.
    await choose();
    await page.getByRole('button', { name: 'Prepare contacts' }).click();
    await page.locator('#step-results').waitFor({ state: 'visible', timeout: 300000 });
    assert.match(await page.locator('#counts').innerText(), /Rows read\s+400,001/);
    writeFileSync(changed, original);
    await page.getByRole('button', { name: 'Download cleaned file' }).click();
    const download = page.locator('#download-status');
    await download.filter({ hasText: 'could not be read again' }).waitFor({ timeout: 120000 });
    assert.match(await download.innerText(), /chosen-changed\.csv: reading it again: .*choose it again/);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    server.stop();
  }
});

// A file too large to hold is told UTF-8 by its first part (wasm/session.go
// detectHead), and its slices are checked as they are read: one whose last
// row is not UTF-8 is prepared again, its encoding told from all of it, as a
// held file's is, and the admin sees the rows and what reading them found.
test('a large file that is not UTF-8 past its first part is prepared in the encoding of all of it', async () => {
  const path = await goGen(['-rows', '400000', '-seed', '8'], 'chosen-400000.csv');
  const late = join(outDir, 'chosen-late.csv');
  writeFileSync(late, Buffer.concat([readFileSync(path), Buffer.from('C9999999,Z\xF6e,Late,,,,,,,,,,,,,\n', 'latin1')]));
  const server = await serve();
  const browser = await launch();
  try {
    const { page, errors } = await openPage(browser.context, server.url);
    await page.getByLabel('Choose file').setInputFiles(late);
    await page.locator('#choose-status', { hasText: 'read. Check the settings' }).waitFor({ timeout: 60000 });
    await page.getByRole('button', { name: 'Prepare contacts' }).click();
    await page.locator('#step-results').waitFor({ state: 'visible', timeout: 300000 });
    assert.match(await page.locator('#counts').innerText(), /Rows read\s+400,001/);
    assert.match(await page.locator('#file-findings').textContent(), /chosen-late\.csv: .*(read as|could not be read as)/);
    const plans = await page.evaluate(() => performance.getEntriesByType('measure').filter((m) => m.name === 'engine primary plan' || m.name === 'engine primary prepare').length);
    assert.equal(plans, 2, 'prepared once told UTF-8 by its first part, and again');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    server.stop();
  }
});
