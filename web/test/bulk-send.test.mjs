// Thousands of rows settled in two steps, then imported whole (issue 18, test
// b): 50,000 generated rows with thousands of phones that cannot be read and
// about a hundred accounts whose rows disagree are settled with "Clear these N
// numbers" and "Use the most common version for all N accounts"; sent through
// the function (wrangler dev, as `make run` serves it) to the Genesys
// emulator, after Send's choices (startTrialRun), the trial run fails none and
// every ready row becomes a contact.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveWithFunction, launch, openPage, shot, goGen, startTrialRun } from './harness.mjs';

const rows = 50000;

let server;
let browser;
let csvPath;

before(async () => {
  // No contact conflicts: what is left out after the two steps is left out
  // for reasons of its own (such as an e-mail address that is not one).
  csvPath = await goGen(['-rows', String(rows), '-seed', '18', '-conflicts', '-1', '-account-conflicts', '0.005'], 'bulk-send.csv');
  server = await serveWithFunction();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const number = (s) => Number(s.replaceAll(',', ''));

async function counts(page) {
  const text = await page.locator('#counts').innerText();
  const n = (label) => number(text.split(label)[1].trim().split('\n')[0]);
  return { in: n('Rows read'), ready: n('Ready to import'), rejected: n('Left out (must fix)'), merged: n('Duplicates merged') };
}

test('50,000 rows settled with two decisions, then sent and imported whole', async (t) => {
  const { page, errors } = await openPage(browser.context, server.url);
  await page.getByLabel('Choose file').setInputFiles(csvPath);
  await page.locator('#step-check').waitFor({ state: 'visible', timeout: 120000 });
  await page.getByLabel(/^Bulk Import flow or API/).check();
  await page.getByRole('button', { name: 'Prepare contacts' }).click();
  await page.locator('#grid [role=row][aria-rowindex="2"]').waitFor({ timeout: 600000 });
  const before = await counts(page);
  assert.equal(before.in, rows);

  const clear = page.getByRole('button', { name: /^Clear these [\d,]+ numbers \(the rest of each row is imported\)$/ });
  const phones = number((await clear.innerText()).match(/these ([\d,]+) numbers/)[1]);
  assert.ok(phones >= 1000, `${phones} phones that cannot be read: the file is not what this test is about`);
  const most = page.getByRole('button', { name: /^Use the most common version for all [\d,]+ accounts$/ });
  const accounts = number((await most.innerText()).match(/all ([\d,]+) accounts/)[1]);
  assert.ok(accounts >= 50 && accounts <= 400, `${accounts} conflicting accounts`);

  await clear.click();
  await page.locator('#rows-count', { hasText: `${phones.toLocaleString('en-US')} numbers cleared.` }).waitFor({ timeout: 120000 });
  await most.click();
  await page.locator('#rows-count', { hasText: `most common version (${accounts.toLocaleString('en-US')} accounts)` }).waitFor({ timeout: 120000 });
  const after = await counts(page);
  const kinds = await page.locator('#kinds').innerText();
  assert.ok(!kinds.includes('share an Account ID') && !kinds.includes('could not be read as valid numbers'), kinds);
  assert.ok(after.ready > before.ready, `ready ${before.ready} → ${after.ready}`);
  assert.equal(after.in, after.ready + after.rejected + after.merged);
  t.diagnostic(`${phones} numbers cleared, ${accounts} accounts settled; ready ${before.ready} → ${after.ready}, left out ${before.rejected} → ${after.rejected}, merged ${after.merged}`);
  await shot(page, 'bulk-send-1-settled');

  await page.getByRole('button', { name: 'Send to Genesys Cloud', exact: true }).click();
  await startTrialRun(page);
  const n = after.ready;
  const importButton = page.getByRole('button', { name: `Import ${n.toLocaleString('en-US')} contacts` });
  await importButton.waitFor({ timeout: 600000 });
  const part = page.locator('#send-parts .part');
  assert.match(await part.innerText(), new RegExp(`Would be imported\\s+${n.toLocaleString('en-US')}\\s+Would fail\\s+0`));
  await importButton.click();
  await part.locator('p', { hasText: `Done: ${n.toLocaleString('en-US')} contacts imported into Genesys Cloud.` }).waitFor({ timeout: 600000 });
  // The emulator holds every row sent, once each, its names intact.
  const contacts = await (await fetch(`${server.emulatorURL}/_emulator/contacts`)).json();
  assert.equal(contacts.length, n);
  assert.equal(new Set(contacts.map((c) => c.externalIds?.[0]?.value)).size, n);
  assert.deepEqual(contacts.filter((c) => !c.firstName || !c.lastName).map((c) => c.externalIds?.[0]?.value), []);
  await shot(page, 'bulk-send-2-imported');
  assert.deepEqual(errors, []);
});
