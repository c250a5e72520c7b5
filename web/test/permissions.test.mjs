// An admin whose Genesys Cloud roles lack one permission the import needs is told
// which one to ask the org's administrator for, before anything is sent: the page,
// the function under wrangler dev, and the emulator, which withholds the permission
// (as a role without it would).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveWithFunction, launch, openPage, shot, outDir, startTrialRun } from './harness.mjs';

const clean = [
  'Customer ID,First Name,Last Name,Mobile',
  'C1,Ann,Lee,+14155550100',
  'C2,Bo,Kim,+14155550101',
].join('\r\n') + '\r\n';

const lacking = 'externalContacts:importCsvUpload:view';

let server;
let browser;
let csvPath;

before(async () => {
  csvPath = join(outDir, 'permissions-clean.csv');
  writeFileSync(csvPath, clean);
  server = await serveWithFunction();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('an admin lacking a permission is told which one to ask for', async () => {
  const res = await fetch(`${server.emulatorURL}/_emulator/withheld`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ permissions: [lacking] }),
  });
  assert.equal(res.status, 204);
  const { page, errors } = await openPage(browser.context, server.url);
  await page.getByLabel('Choose file').setInputFiles(csvPath);
  await page.locator('#step-check').waitFor({ state: 'visible', timeout: 60000 });
  await page.getByRole('button', { name: 'Prepare contacts' }).click();
  await page.locator('#step-results').waitFor({ state: 'visible', timeout: 60000 });

  await page.getByRole('button', { name: 'Send to Genesys Cloud', exact: true }).click();
  await startTrialRun(page);
  const named = page.locator('#send-problem li', { hasText: lacking });
  await named.waitFor({ timeout: 60000 });
  assert.match(await page.locator('#send-problem').innerText(), /Ask a Genesys Cloud administrator to add these permissions/);
  assert.match(await page.locator('#send-status').innerText(), /lacks permissions the import needs\. Nothing was imported\./);
  const contacts = await (await fetch(`${server.emulatorURL}/_emulator/contacts`)).json();
  assert.deepEqual(contacts, []);
  await page.locator('#send').scrollIntoViewIfNeeded();
  await shot(page, 'permissions-1-missing');
  // The page's own requests failed only where the function refused for the permission.
  assert.deepEqual(errors.filter((e) => !/status of 403/.test(e)), []);
});
