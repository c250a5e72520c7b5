// Sending to Genesys Cloud, end to end: the page and the submission function
// served by wrangler dev (as `make run` serves them), the Genesys emulator
// behind it. The admin prepares a messy file, presses Send, signs in (a window
// of its own, which the emulator approves at once), meets the function's
// refusal of a file altered on its way (the page's own files pass the re-check:
// one verdict), fixes the row, sends again, reads the trial run, imports, and
// the contacts are in the emulator's store in E.164. Nothing leaves the page
// before Send.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveWithFunction, launch, openPage, shot as fullShot, axe, outDir, startTrialRun } from './harness.mjs';

// messy has phones to rewrite, one that is no phone number (row 2: kept as
// typed, which Genesys takes too), a missing last name (row 6:
// left out), an exact duplicate (row 5) and account details to fill in (row 2).
const messy = [
  'Customer ID;First Name;Last Name;Mobile;Company ID;Company',
  'C1;José;Müller;(415) 555-2671;A1;Acme',
  'C2;Zoë;Ng;555-1234;A1;',
  'C3;Ann;Lee;+44 20 7946 0958;A2;Beta',
  'C4;Cy;Ho;(312) 555-2671;;',
  'C4;Cy;Ho;(312) 555-2671;;',
  'C5;Di;;+33 6 12 34 56 78;;',
].join('\r\n') + '\r\n';

let server;
let browser;
let csvPath;

before(async () => {
  csvPath = join(outDir, 'send-messy.csv');
  writeFileSync(csvPath, Buffer.from(messy, 'latin1'));
  server = await serveWithFunction();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function emulatorContacts() {
  const res = await fetch(`${server.emulatorURL}/_emulator/contacts`);
  assert.equal(res.status, 200);
  return res.json();
}

async function expectAxeClean(page, step) {
  assert.deepEqual(await axe(page), [], `axe on ${step}`);
}

// shot takes the whole page and a close-up of step 5, where sending happens.
async function shot(page, name) {
  await fullShot(page, name);
  await page.locator('#step-download').screenshot({ path: join(outDir, `${name}-close-up.png`) });
}

const sendButton = (page) => page.getByRole('button', { name: 'Send to Genesys Cloud', exact: true });


// emulatorAPI reads the emulator's own API as the org's service client.
async function emulatorAPI(path) {
  const token = await (await fetch(`${server.emulatorURL}/oauth/token`, {
    method: 'POST',
    headers: { Authorization: `Basic ${Buffer.from('contactprep-local:local-secret').toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  })).json();
  const res = await fetch(`${server.emulatorURL}${path}`, { headers: { Authorization: `Bearer ${token.access_token}` } });
  assert.equal(res.status, 200, path);
  return res.json();
}

test('an admin sends a cleaned file to Genesys Cloud and imports it', async () => {
  const { page, errors } = await openPage(browser.context, server.url);
  const requests = [];
  browser.context.on('request', (r) => requests.push({ method: r.method(), url: r.url() }));
  const windows = [];
  browser.context.on('page', (p) => windows.push(p));

  // Prepare: nothing leaves the page.
  await page.getByLabel('Choose file').setInputFiles(csvPath);
  await page.locator('#step-check').waitFor({ state: 'visible', timeout: 60000 });
  await page.getByRole('button', { name: 'Prepare contacts' }).click();
  await page.locator('#step-results').waitFor({ state: 'visible', timeout: 60000 });
  assert.match(await page.locator('#counts').innerText(), /Rows read\s+6\s+Ready to import\s+4\s+Left out \(must fix\)\s+1\s+Duplicates merged\s+1/);
  const origin = new URL(server.url).origin;
  for (const r of requests) {
    const url = new URL(r.url);
    assert.ok(r.method === 'GET' && url.origin === origin && !url.pathname.startsWith('/api/'), `request before Send: ${r.method} ${r.url}`);
  }
  await page.locator('#send').scrollIntoViewIfNeeded();
  await shot(page, 'send-1-ready');
  await expectAxeClean(page, 'the send step');

  // Send: the sign-in window opens, comes back signed in and closes itself; the
  // function checks the file again. The first file sent is altered on its way
  // (as an older or tampered page might send it): row 2's phone made longer
  // than Genesys takes, so the function refuses it.
  await page.route('**/api/imports', async (route) => {
    const body = route.request().postDataBuffer().toString('latin1');
    await route.continue({ postData: Buffer.from(body.replace('555-1234', '5'.repeat(513)), 'latin1') });
  }, { times: 1 });
  await sendButton(page).click();
  // Before the trial run: the division (the admin's, through the function,
  // none chosen yet), how to meet existing contacts, and merging.
  const division = page.getByLabel('Division for the new contacts');
  await division.waitFor({ timeout: 60000 });
  assert.deepEqual(await division.locator('option').allInnerTexts(),
    ['Choose a division', "Home (your organization's home division)", 'Sales EMEA', 'Support Americas']);
  assert.equal(await division.inputValue(), '');
  assert.match(await page.locator('#send-division-note').innerText(), /cannot be changed after it is created/);
  await expectAxeClean(page, 'the choices before the trial run');
  await shot(page, 'send-1b-choices');
  await startTrialRun(page, null);
  await page.locator('#send-parts .alert', { hasText: 'Choose the division' }).waitFor();
  await division.selectOption({ label: 'Sales EMEA' });
  await page.getByRole('radio', { name: 'Phone number' }).check();
  await page.getByRole('checkbox', { name: /merge them into one/ }).check();
  await startTrialRun(page, null);
  // It names the admin's own file, row and column, never the cleaned part's.
  const problem = page.locator('#send-problem li', { hasText: 'Row 2 of send-messy.csv, column “Mobile”' });
  await problem.waitFor({ timeout: 60000 });
  assert.equal(windows.length, 1, 'one sign-in window');
  const signIn = new URL(windows[0].url());
  assert.equal(signIn.pathname.replace(/\.html$/, ''), '/signed-in', 'the sign-in came back to signed-in.html');
  assert.equal(signIn.search, '', 'the code is out of the address bar');
  await windows[0].waitForEvent('close', { timeout: 10000 }).catch(() => {});
  assert.ok(windows[0].isClosed(), 'the sign-in window closed itself');
  const status = await page.locator('#send-status').innerText();
  assert.match(status, /refused your file\. Nothing was imported\./);
  assert.doesNotMatch(status + await page.locator('#send-problem').innerText(), /contactprep|contacts-001/);
  assert.equal(await page.locator('#send-parts .part').count(), 0, 'no part card for a file that was not sent');
  assert.match(await problem.innerText(), /Must fix/);
  assert.deepEqual(await emulatorContacts(), []);
  await shot(page, 'send-2-refused');
  await expectAxeClean(page, 'the refusal');

  // The refusal's "Show rows" leads to the row; fix its phone in place.
  await problem.getByRole('button', { name: /^Show rows: Row 2 of send-messy\.csv/ }).click();
  await page.locator('#rows-count', { hasText: '1 row shown' }).waitFor();
  const phone = page.locator('#grid [role=row][aria-rowindex="2"] [role=gridcell]').nth(await column(page, 'Contact Cell Phone'));
  assert.equal(await phone.innerText(), '555-1234');
  await phone.click();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+a');
  await page.keyboard.type('(415) 555-0123');
  await page.keyboard.press('Enter');
  await page.locator('#kinds', { hasNotText: 'could not be read' }).waitFor();

  // Send again: still signed in, so no window; the choices are remembered.
  await sendButton(page).click();
  await division.waitFor({ timeout: 60000 });
  assert.equal(await division.locator('option:checked').innerText(), 'Sales EMEA');
  assert.equal(await page.getByRole('radio', { name: 'Phone number' }).isChecked(), true);
  assert.equal(await page.getByRole('checkbox', { name: /merge them into one/ }).isChecked(), true);
  await startTrialRun(page, null);
  const importButton = page.getByRole('button', { name: 'Import 4 contacts' });
  await importButton.waitFor({ timeout: 60000 });
  assert.equal(windows.length, 1, 'no second sign-in');
  const part = page.locator('#send-parts .part');
  assert.match(await part.innerText(), /Trial run done\. Nothing is imported yet[\s\S]*Would be imported\s+4\s+Would fail\s+0/);
  assert.equal(await page.locator('#send-problem').innerText(), '');
  const report = part.getByRole('link', { name: /report of the trial run/ });
  assert.match(await report.getAttribute('href'), /^http:\/\/127\.0\.0\.1:\d+\/_reports\//);
  assert.deepEqual(await emulatorContacts(), [], 'nothing imported before Import');
  await part.scrollIntoViewIfNeeded();
  await shot(page, 'send-3-trial-run');
  await expectAxeClean(page, 'the trial run');

  // Import, and the contacts arrive.
  await importButton.click();
  await part.locator('p', { hasText: 'Done: 4 contacts imported into Genesys Cloud.' }).waitFor({ timeout: 60000 });
  assert.match(await part.innerText(), /Imported\s+4\s+Failed\s+0/);
  await shot(page, 'send-4-done');
  await expectAxeClean(page, 'the import');
  const stored = await emulatorContacts();
  const byID = new Map(stored.map((c) => [c.externalIds?.[0]?.value, c]));
  assert.deepEqual([...byID.keys()].sort(), ['C1', 'C2', 'C3', 'C4']);
  const want = {
    C1: ['José', 'Müller', '+14155552671', 'Acme'],
    C2: ['Zoë', 'Ng', '+14155550123', 'Acme'],
    C3: ['Ann', 'Lee', '+442079460958', 'Beta'],
    C4: ['Cy', 'Ho', '+13125552671', undefined],
  };
  // The choices reached Genesys Cloud: the job's division, the import
  // settings' matching and merging.
  const sales = (await emulatorAPI('/api/v2/authorization/divisionspermitted/paged/me?permission=externalContacts:contact:add'))
    .entities.find((d) => d.name === 'Sales EMEA').id;
  const jobs = (await emulatorAPI('/api/v2/externalcontacts/import/jobs?sortOrder=Descending')).entities;
  assert.equal(jobs[0].division?.id, sales, 'the job is in the chosen division');
  const settings = await emulatorAPI(jobs[0].settings?.selfUri ?? `/api/v2/externalcontacts/import/csv/settings/${jobs[0].settings.id}`);
  const importSettings = await emulatorAPI(`/api/v2/externalcontacts/import/settings/${settings.externalSettingsId}`);
  assert.deepEqual(importSettings.matchingCriteria, ['Phone']);
  assert.equal(importSettings.mergeContacts, true);
  for (const [id, w] of Object.entries(want)) {
    const c = byID.get(id);
    assert.equal(c.division?.id, sales, `${id} is in the chosen division`);
    assert.deepEqual([c.firstName, c.lastName, c.cellPhone?.display, c.externalOrganization?.name], w, id);
    assert.match(c.cellPhone.display, /^\+[1-9]\d{6,14}$/, `${id}'s phone is E.164`);
  }

  // The same file again is that import, not a second one.
  await sendButton(page).click();
  await startTrialRun(page, null);
  await page.locator('#send-parts', { hasText: 'This file was sent before' }).waitFor({ timeout: 60000 });
  assert.match(await page.locator('#send-parts').innerText(), /Done: 4 contacts imported/);
  assert.equal((await emulatorContacts()).length, 4);

  // A changed file, cancelled after its trial run, imports nothing.
  await page.getByLabel('Show', { exact: true }).selectOption('');
  await page.getByLabel('Severity').selectOption('');
  await page.locator('#rows-count', { hasText: 'rows shown' }).waitFor();
  const first = page.locator('#grid [role=row][aria-rowindex="2"] [role=gridcell]').nth(await column(page, 'Contact First Name'));
  await first.click();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+a');
  await page.keyboard.type('Josefa');
  await page.keyboard.press('Enter');
  await page.locator('#rows-count', { hasText: 'Saved' }).waitFor();
  await sendButton(page).click();
  await startTrialRun(page, null);
  await page.getByRole('button', { name: 'Cancel: import nothing' }).click({ timeout: 60000 });
  await page.locator('#send-parts', { hasText: 'Cancelled: nothing was imported.' }).waitFor({ timeout: 30000 });
  assert.equal(byIDOf(await emulatorContacts()).get('C1').firstName, 'José');

  // The page's own requests failed only where the function refused the file.
  assert.deepEqual(errors.filter((e) => !/status of 422/.test(e)), []);
});

// column is the position of a column of the table of rows.
async function column(page, header) {
  const headers = await page.locator('#grid [role=columnheader]').allInnerTexts();
  const i = headers.indexOf(header);
  assert.ok(i >= 0, `no column ${header} in ${headers}`);
  return i;
}

function byIDOf(contacts) {
  return new Map(contacts.map((c) => [c.externalIds?.[0]?.value, c]));
}

test('the page under wrangler dev keeps its strict Content-Security-Policy', async () => {
  const res = await fetch(server.url);
  const csp = res.headers.get('content-security-policy');
  assert.match(csp, /connect-src 'self';/);
  assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'|https?:/);
  for (const file of ['send.js', 'submit.js', 'signed-in.js', 'dom.js']) {
    const js = await (await fetch(server.url + file)).text();
    assert.doesNotMatch(js, /innerHTML|outerHTML|insertAdjacentHTML|document\.write/, `${file} renders text only`);
  }
  const token = await fetch(`${server.url}api/oauth/token`, {
    method: 'POST', headers: { Origin: 'http://evil.test', 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'code=a&code_verifier=b&redirect_uri=http://evil.test/',
  });
  assert.equal(token.status, 403, 'another origin cannot finish a sign-in through the function');
});
