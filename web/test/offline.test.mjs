// After one visit the page works with the network off: the service worker
// serves the page, its scripts and the engine, and a file is prepared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serve, launch, openPage, shot, axe, outDir } from './harness.mjs';

test('the page works offline on the second visit', async () => {
  const server = await serve();
  const browser = await launch();
  try {
    const first = await openPage(browser.context, server.url);
    await first.page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      while (!navigator.serviceWorker.controller) await new Promise((r) => setTimeout(r, 50));
    });
    // A mapping chosen by hand is remembered for the next file with the same headers.
    const path = join(outDir, 'offline.csv');
    writeFileSync(path, 'Contact ID,First Name,Last Name,Phone\n1,Ann,Lee,(415) 555-2671\n2,Bo,Ray,not a phone\n3,Cy,,+44 20 7946 0958\n');
    // phone.wasm's requests (the worker's, and the service worker's to the network).
    const phone = { seen: 0, open: 0 };
    const isPhone = (r) => r.url().endsWith('/phone.wasm');
    browser.context.on('request', (r) => { if (isPhone(r)) { phone.seen++; phone.open++; } });
    for (const end of ['requestfinished', 'requestfailed']) browser.context.on(end, (r) => { if (isPhone(r)) phone.open--; });
    await first.page.getByLabel('Choose file').setInputFiles(path);
    await first.page.locator('details.columns summary').click();
    assert.equal(await first.page.getByLabel('Phone', { exact: true }).inputValue(), 'Contact Work Phone');
    await first.page.getByLabel('Phone', { exact: true }).selectOption('Contact Home Phone');
    await first.page.locator('td.how', { hasText: 'your choice' }).waitFor();
    // The engine fetches phone.wasm in the background once a file came: the
    // visit is over when it has arrived (and the service worker kept it).
    while (phone.seen === 0 || phone.open > 0) await new Promise((r) => setTimeout(r, 50));

    await browser.context.setOffline(true);
    const failed = [];
    browser.context.on('requestfailed', (r) => failed.push(r.url()));
    await first.page.reload();
    await first.page.waitForSelector('body[data-ready=true]', { timeout: 60000 });
    const page = first.page;

    await page.getByLabel('Choose file').setInputFiles(path);
    await page.locator('details.columns summary').click();
    assert.equal(await page.getByLabel('Phone', { exact: true }).inputValue(), 'Contact Home Phone', 'the saved mapping is applied');
    await page.getByRole('button', { name: 'Prepare contacts' }).click();
    await page.locator('#step-results').waitFor({ state: 'visible', timeout: 60000 });
    const counts = await page.locator('#counts').innerText();
    assert.match(counts, /Rows read\s+3\s+Ready to import\s+2\s+Left out \(must fix\)\s+1/);

    // Keyboard only: from the filter, Tab reaches the table; arrows move; Enter edits and saves; Ctrl+Z undoes.
    // Tab goes on until the focus is in the table or has come round to where it
    // has already been, once the table shows its rows.
    await page.locator('#grid [role=gridcell][tabindex="0"]').filter({ hasNotText: 'Loading' }).waitFor();
    await page.getByLabel('Severity').focus();
    while (await page.evaluate(() => {
      const at = document.activeElement;
      if (!at || at.getAttribute('role') === 'gridcell' || at.dataset.tabbed) return false;
      at.dataset.tabbed = 'yes';
      return true;
    })) await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('role')), 'gridcell', 'Tab reaches the table');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, 'none', 'the focused cell shows its focus');
    // The rows needing attention are 2 (not a phone) and 3 (no last name): go to row 3's Last Name.
    for (const key of ['ArrowDown', 'ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowRight']) await page.keyboard.press(key);
    assert.deepEqual(await page.evaluate(() => [document.activeElement.closest('[role=row]').innerText.split('\n')[0], document.activeElement.textContent]),
      ['Row 3', ''], 'the empty last name of row 3 has the focus');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Ng');
    await page.keyboard.press('Enter');
    await page.locator('#counts', { hasText: /Ready to import\s*3/ }).waitFor();
    await page.keyboard.press('Control+z');
    await page.locator('#counts', { hasText: /Ready to import\s*2/ }).waitFor();

    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download cleaned file' }).click()]);
    assert.equal(dl.suggestedFilename(), 'contacts-001.csv');
    await shot(page, 'offline-results');
    assert.deepEqual(await axe(page), []);
    assert.deepEqual(failed, [], 'no request failed with the network off');
    // The network is really off (navigator.onLine stays true under this
    // emulation in some Chromium versions): a request the service worker
    // leaves to the network fails.
    assert.equal(await page.evaluate(() => fetch('api/config', { cache: 'no-store' }).then(() => 'answered', () => 'failed')), 'failed');
  } finally {
    await browser.close();
    server.stop();
  }
});
