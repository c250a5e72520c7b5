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
