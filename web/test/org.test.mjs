// The trial run's failures, and a look at the live org, end to end: the page
// and the submission function under wrangler dev, the Genesys emulator behind
// it holding an organization made by hand ("Office Mart") and a contact with
// the e-mail of the file's row 4 under another ID. "Compare with my org" flags
// both on the admin's rows. A row naming that organization would fail
// Genesys' trial run: the failure is shown on the admin's own row with
// Genesys' reason, Import waits until the admin has read it, and "Leave these
// rows out and try again" sends the rest.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveWithFunction, launch, openPage, shot, axe, outDir, startTrialRun } from './harness.mjs';

// Row 2 is left out (no last name), so the admin's row 3 is the cleaned
// part's row 2: the page must say row 3.
const file = [
  'Customer ID,First Name,Last Name,Email,Mobile,Company ID,Company',
  'K1,Ann,Lee,ann@example.com,+14155550101,A1,Acme',
  'K2,Bo,,bo@example.com,+14155550102,A1,Acme',
  'K3,Cy,Ng,cy@example.com,+14155550103,A2,Office Mart',
  'K4,Di,Fox,dee@example.com,+14155550104,,',
].join('\r\n') + '\r\n';

let server;
let browser;
let csvPath;

before(async () => {
  csvPath = join(outDir, 'org-contacts.csv');
  writeFileSync(csvPath, file);
  server = await serveWithFunction();
  browser = await launch();
  const seeded = await fetch(`${server.emulatorURL}/_emulator/seed`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      organizations: [{ name: 'Office Mart' }],
      contacts: [{ externalId: 'CRM-77', firstName: 'Dee', lastName: 'Fox', workEmail: 'dee@example.com' }],
    }),
  });
  assert.equal(seeded.status, 204);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function emulatorContacts() {
  const res = await fetch(`${server.emulatorURL}/_emulator/contacts`);
  assert.equal(res.status, 200);
  return (await res.json()).map((c) => c.externalIds?.[0]?.value ?? '(made by hand)').sort();
}

async function prepared() {
  const { page, errors } = await openPage(browser.context, server.url);
  await page.getByLabel('Choose file').setInputFiles(csvPath);
  await page.locator('#step-check').waitFor({ state: 'visible', timeout: 60000 });
  await page.getByRole('button', { name: 'Prepare contacts' }).click();
  await page.locator('#step-results').waitFor({ state: 'visible', timeout: 60000 });
  assert.match(await page.locator('#counts').innerText(), /Rows read\s+4\s+Ready to import\s+3\s+Left out \(must fix\)\s+1/);
  return { page, errors };
}

test('"Compare with my org" flags the hand-made organization and the e-mail under another ID', async () => {
  const { page, errors } = await prepared();
  await page.getByRole('button', { name: 'Compare with my org' }).click();
  const found = page.locator('#org-findings');
  const status = page.locator('#compare-status');
  await status.filter({ hasText: /Compared|failed|could not|lacks|did not/ }).waitFor({ timeout: 120000 });
  assert.match(await status.innerText(), /Compared 3 rows with your organization/);
  const handMade = found.locator('li', { hasText: 'created by hand' });
  assert.match(await handMade.innerText(), /row 3 of org-contacts\.csv \(“Office Mart”\)/);
  const email = found.locator('li', { hasText: 'e-mail already exists under another Contact ID' });
  assert.match(await email.innerText(), /row 4 of org-contacts\.csv/);
  assert.match(await found.innerText(), /0 rows will update contacts your organization already has; 3 rows will create new contacts\./);
  await found.scrollIntoViewIfNeeded();
  await shot(page, 'org-0-compare');
  assert.deepEqual(await axe(page), [], 'axe on the comparison');

  await email.getByRole('button', { name: /^Show these rows/ }).click();
  await page.locator('#rows-count', { hasText: '1 row shown' }).waitFor();
  // The count is said before the table draws the rows: wait for the row itself.
  await page.locator('#grid [role=row][aria-rowindex="2"]', { hasText: 'K4' }).waitFor();
  assert.deepEqual(await emulatorContacts(), ['CRM-77'], 'comparing changes nothing');
  assert.deepEqual(errors, []);
});

test("the trial run's failures appear on the admin's rows, and the rest is imported", async () => {
  const { page, errors } = await prepared();

  await page.getByRole('button', { name: 'Send to Genesys Cloud', exact: true }).click();
  await startTrialRun(page);
  const part = page.locator('#send-parts .part').first();
  const failure = part.locator('.trial-failures li', { hasText: 'Row 3 of org-contacts.csv' });
  await failure.waitFor({ timeout: 90000 });
  assert.match(await part.innerText(), /Would be imported\s+2\s+Would fail\s+1/);
  assert.match(await failure.innerText(), /^Row 3 of org-contacts\.csv: .*created by hand/);
  assert.doesNotMatch(await part.locator('.trial-failures').innerText(), /contacts-001|contactprep/);
  const importButton = part.getByRole('button', { name: 'Import 2 contacts' });
  assert.ok(await importButton.isDisabled(), 'Import waits until the failures are acknowledged');
  await part.scrollIntoViewIfNeeded();
  await shot(page, 'org-1-trial-failures');
  assert.deepEqual(await axe(page), [], 'axe on the trial run with failures');

  // "Show these rows" shows the admin's row 3 in step 4.
  await part.getByRole('button', { name: 'Show these rows' }).click();
  await page.locator('#rows-count', { hasText: '1 row shown' }).waitFor();
  // The count is said before the table draws the rows: wait for the row itself.
  await page.locator('#grid [role=row][aria-rowindex="2"]', { hasText: 'K3' }).waitFor();

  // Acknowledging enables Import; leaving the rows out sends the rest again.
  await part.getByLabel(/I have read why these rows would fail/).check();
  assert.ok(await importButton.isEnabled(), 'Import is possible once acknowledged');
  await part.getByRole('button', { name: 'Leave these rows out and try again' }).click();
  await part.locator('.status', { hasText: 'Sent again without the 1 row' }).waitFor({ timeout: 30000 });
  const again = page.locator('#send-parts .part').nth(1);
  const importAgain = again.getByRole('button', { name: 'Import 2 contacts' });
  await importAgain.waitFor({ timeout: 90000 });
  assert.match(await again.innerText(), /Would be imported\s+2\s+Would fail\s+0/);
  assert.ok(await importAgain.isEnabled());
  await importAgain.click();
  await again.locator('p', { hasText: 'Done: 2 contacts imported into Genesys Cloud.' }).waitFor({ timeout: 60000 });
  assert.deepEqual(await emulatorContacts(), ['CRM-77', 'K1', 'K4']);
  assert.deepEqual(errors, []);
});
