// What the page calls Ready is what Genesys imports (issue 18, test a): a file
// whose phones are readable, unreadable, vanity numbers, with an extension,
// damaged by Excel or looking like formulas has every row Ready; sent through
// the function (wrangler dev, as `make run` serves it) to the Genesys
// emulator, the trial run fails none, and after Import every row is a contact,
// its names intact and each phone in E.164 or as typed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveWithFunction, launch, openPage, outDir, startTrialRun } from './harness.mjs';

// rows: Customer ID, First Name, Last Name, Mobile, Work Phone; and what the
// contact's cell and work phones must be in Genesys.
const rows = [
  ['V1', 'José', 'Müller', '(415) 555-2671', '', '+14155552671', undefined],
  ['V2', 'Zoë', 'Ng', 'call after 5pm', '', 'call after 5pm', undefined],
  ['V3', 'Siobhán', "O'Brien", '', '1-800-FLOWERS', undefined, '+18003569377'],
  ['V4', 'Łukasz', 'Wójcik', '', '(415) 555-0123 ext. 12', undefined, '+14155550123'],
  ['V5', 'Renée', 'Dubois', '4.15555E+09', '', '4.15555E+09', undefined],
  ['V6', 'Ann', 'Lee', '=1+1', '@SUM(1)', '=1+1', '@SUM(1)'],
  ['V7', 'Bo', 'Kim', 'N/A', '+cmd|\' /C calc\'!A0', 'N/A', "+cmd|' /C calc'!A0"],
];
const file = ['Customer ID,First Name,Last Name,Mobile,Work Phone', ...rows.map((r) => r.slice(0, 5).join(','))].join('\r\n') + '\r\n';

let server;
let browser;
let csvPath;

before(async () => {
  csvPath = join(outDir, 'verdict-phones.csv');
  writeFileSync(csvPath, file);
  server = await serveWithFunction();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('every row the page calls Ready is imported, whatever its phones', async () => {
  const { page, errors } = await openPage(browser.context, server.url);
  await page.getByLabel('Choose file').setInputFiles(csvPath);
  await page.locator('#step-check').waitFor({ state: 'visible', timeout: 60000 });
  await page.getByRole('button', { name: 'Prepare contacts' }).click();
  await page.locator('#step-results').waitFor({ state: 'visible', timeout: 60000 });
  const n = rows.length;
  assert.match(await page.locator('#counts').innerText(), new RegExp(`Rows read\\s+${n}\\s+Ready to import\\s+${n}\\b`));

  await page.getByRole('button', { name: 'Send to Genesys Cloud', exact: true }).click();
  await startTrialRun(page);
  const importButton = page.getByRole('button', { name: `Import ${n} contacts` });
  await importButton.waitFor({ timeout: 60000 });
  const part = page.locator('#send-parts .part');
  assert.match(await part.innerText(), new RegExp(`Would be imported\\s+${n}\\s+Would fail\\s+0`));
  assert.equal(await page.locator('#send-problem').innerText(), '');

  await importButton.click();
  await part.locator('p', { hasText: `Done: ${n} contacts imported into Genesys Cloud.` }).waitFor({ timeout: 60000 });
  const res = await fetch(`${server.emulatorURL}/_emulator/contacts`);
  const byID = new Map((await res.json()).map((c) => [c.externalIds?.[0]?.value, c]));
  assert.equal(byID.size, n);
  for (const [id, first, last, , , cell, work] of rows) {
    const c = byID.get(id);
    assert.ok(c, `${id} is in Genesys`);
    assert.deepEqual([c.firstName, c.lastName, c.cellPhone?.display, c.workPhone?.display], [first, last, cell, work], id);
  }
  assert.equal(byID.get('V4').workPhone.extension, 12, "V4's extension");
  assert.deepEqual(errors, []);
});
