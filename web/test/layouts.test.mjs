// A contact export with no IDs, end to end: the admin chooses a Google
// Contacts export, the page says what it is and that it has no ID columns,
// the admin has the IDs made, prepares, sends it to the Genesys emulator
// through the function (wrangler dev, as `make run` serves them) and imports:
// every contact arrives with its made ID and its phones and e-mails in the
// columns their labels name.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { serveWithFunction, launch, openPage, axe, repoDir, startTrialRun } from './harness.mjs';

const googleExport = join(repoDir, 'shared/prepare/testdata/layouts/google.csv');

let server;
let browser;

before(async () => {
  server = await serveWithFunction();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('a Google Contacts export gets IDs made and is imported whole', async () => {
  const { page, errors } = await openPage(browser.context, server.url);
  await page.getByLabel('Choose file').setInputFiles(googleExport);
  await page.locator('#step-check').waitFor({ state: 'visible', timeout: 60000 });
  await page.locator('.input-card', { hasText: 'This looks like a Google Contacts export' }).waitFor();
  const choice = page.locator('fieldset.make-ids');
  assert.match(await choice.locator('legend').innerText(), /google\.csv has no column for Contact ID and Account ID/);
  assert.deepEqual(await axe(page), [], 'axe with the choice to make IDs');

  await page.getByLabel('Make the IDs for me').check();
  await choice.locator('legend', { hasText: 'IDs made for you' }).waitFor();
  assert.ok(await page.getByLabel('Make the IDs for me').isChecked());
  await page.getByRole('button', { name: 'Prepare contacts' }).click();
  await page.locator('#step-results').waitFor({ state: 'visible', timeout: 60000 });
  assert.match(await page.locator('#counts').innerText(), /Rows read\s+3\s+Ready to import\s+3/);

  await page.getByRole('button', { name: 'Send to Genesys Cloud', exact: true }).click();
  await startTrialRun(page);
  const importButton = page.getByRole('button', { name: 'Import 3 contacts' });
  await importButton.waitFor({ timeout: 60000 });
  await importButton.click();
  await page.locator('#send-parts p', { hasText: 'Done: 3 contacts imported into Genesys Cloud.' }).waitFor({ timeout: 60000 });

  const res = await fetch(`${server.emulatorURL}/_emulator/contacts`);
  assert.equal(res.status, 200);
  const byID = new Map((await res.json()).map((c) => [c.externalIds?.[0]?.value, c]));
  const ids = [...byID.keys()].sort();
  assert.equal(ids.length, 3, `contacts ${ids}`);
  assert.deepEqual(ids.slice(0, 2), ['ana.lima@acme.example', 'chloe@example.org']);
  assert.match(ids[2], /^cp-[0-9a-f]{16}$/, 'Ben has no e-mail: his ID is made from his name and phone');
  const ana = byID.get('ana.lima@acme.example');
  assert.deepEqual([ana.firstName, ana.lastName, ana.cellPhone?.display, ana.workPhone?.display, ana.workEmail, ana.personalEmail, ana.externalOrganization?.name],
    ['Ana', 'Lima', '+14155550132', '+12125550187', 'Ana.Lima@Acme.example', 'ana@home.example', 'Acme Corp']);
  const chloe = byID.get('chloe@example.org');
  assert.deepEqual([chloe.cellPhone?.display, chloe.otherPhone?.display, chloe.otherEmail], ['+19175550123', '+19175550124', 'chloe@example.org']);
  assert.deepEqual(errors, []);
});
