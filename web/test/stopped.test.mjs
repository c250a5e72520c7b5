// An engine worker that stops in the middle of a call (its program exits, or
// a fault of the module escapes it) never leaves the page waiting: the page
// says so in a plain sentence, starts a fresh worker, and the next run works.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { serve, launch, openPage, repoDir } from './harness.mjs';

test('a run whose engine worker stops says so, and the next run works', async () => {
  const server = await serve();
  const browser = await launch();
  try {
    const { page, errors } = await openPage(browser.context, server.url);
    await page.getByLabel('Choose file').setInputFiles(join(repoDir, 'testdata', 'sample', 'contacts-windows-1252.csv'));
    await page.locator('#choose-status', { hasText: 'read. Check the settings' }).waitFor({ timeout: 60000 });

    // The primary's next "prepare" faults as a trap in the module would: a
    // WebAssembly.RuntimeError escapes, and the call is never answered.
    let primary = null;
    for (const w of page.workers()) {
      if (await w.evaluate(() => self.name !== 'shard' && typeof self.contactprep === 'object')) primary = w;
    }
    assert.ok(primary, 'the primary engine worker');
    await primary.evaluate(() => {
      const call = self.contactprep.call;
      self.contactprep.call = (op, ...rest) => {
        if (op !== 'prepare') return call(op, ...rest);
        Promise.reject(new WebAssembly.RuntimeError('unreachable'));
        return new Promise(() => {});
      };
    });
    await page.getByRole('button', { name: 'Prepare contacts' }).click();
    const status = page.locator('#choose-status');
    await status.filter({ hasText: 'stopped working on your file' }).waitFor({ timeout: 60000 });
    const said = await status.innerText();
    console.log(`# said: ${said}`);
    assert.doesNotMatch(said, /RuntimeError|unreachable|wasm|engine/i, said);
    assert.equal(await page.locator('#step-results').isVisible(), false);

    // A fresh worker prepares the same file.
    await page.getByRole('button', { name: 'Prepare contacts' }).click();
    await page.locator('#step-results').waitFor({ state: 'visible', timeout: 120000 });
    assert.match(await page.locator('#counts').innerText(), /Rows read\s+\d/);
    assert.deepEqual(errors.filter((e) => !/engine|unreachable/.test(e)), []);
  } finally {
    await browser.close();
    server.stop();
  }
});
