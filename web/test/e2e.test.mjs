// The admin's whole path in headless Chromium: choose a Windows-1252 CSV and
// an XLSX, read the findings, fix a cell, settle an account conflict, undo and
// redo, download the files; with axe-core on every step, and no request made
// while the files are read, checked and edited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serve, launch, openPage, shot, axe, goGen, outDir, parseCSV, download } from './harness.mjs';

// messy has phones to rewrite, an invalid phone (row 2), an account conflict
// (rows 3 and 4: A2 is "Beta" or "Beta Ltd"), an exact duplicate (row 6), a
// missing last name (row 7) and one Contact ID with two first names (rows 8, 9).
const messy = [
  'Customer ID;First Name;Last Name;Mobile;Company ID;Company;Website',
  'C1;José;Müller;(415) 555-2671;A1;Acme;acme.example',
  'C2;Zoë;Ng;555-1234;A1;Acme;',
  'C3;Ann;Lee;4155552673;A2;Beta;',
  'C4;Bo;Ray;2125550199;A2;Beta Ltd;',
  'C5;Cy;Ho;Tel: (312) 555-2671;;;',
  'C5;Cy;Ho;Tel: (312) 555-2671;;;',
  'C6;Di;;+44 20 7946 0958;;;',
  'C7;Ed;Po;+33 6 12 34 56 78;;;',
  'C7;Eddy;Po;+33 6 12 34 56 78;;;',
].join('\r\n') + '\r\n';

const header = ['Contact ID', 'Contact First Name', 'Contact Last Name', 'Contact Work Phone', 'Contact Work Phone Extension',
  'Contact Cell Phone', 'Contact Home Phone', 'Contact Work Email', 'Contact Address 1', 'Contact City', 'Contact State',
  'Contact Postal Code', 'Contact Country Code', 'Contact Survey Opt Out', 'Account ID', 'Account Name', 'Account Website'];

let server;
let browser;
let csvPath;
let xlsxPath;

before(async () => {
  csvPath = join(outDir, 'messy-windows-1252.csv');
  writeFileSync(csvPath, Buffer.from(messy, 'latin1')); // latin1 is Windows-1252 for these letters
  xlsxPath = await goGen(['-format', 'xlsx', '-rows', '200', '-seed', '11'], 'generated.xlsx');
  server = await serve();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

async function expectAxeClean(page, step) {
  assert.deepEqual(await axe(page), [], `axe on ${step}`);
}

async function counts(page) {
  const text = await page.locator('#counts').innerText();
  const n = (label) => Number(text.split(label)[1].trim().split('\n')[0].replaceAll(',', ''));
  return { in: n('Rows read'), ready: n('Ready to import'), rejected: n('Left out (must fix)'), merged: n('Duplicates merged') };
}

test('an admin cleans a Windows-1252 CSV and a workbook', async () => {
  const loaded = [];
  const noteLoad = (r) => loaded.push(new URL(r.url()).pathname);
  browser.context.on('request', noteLoad);
  const { page, errors } = await openPage(browser.context, server.url);
  // The engine's warm-up (worker.js) is over, and it fetched nothing more:
  // phone.wasm comes only once a file is chosen.
  await page.waitForSelector('body[data-warm=true]', { timeout: 60000 });
  browser.context.off('request', noteLoad);
  assert.ok(!loaded.includes('/phone.wasm'), `the first load fetched phone.wasm: ${loaded}`);
  await shot(page, '1-start');
  await expectAxeClean(page, 'the start');

  const requests = [];
  browser.context.on('request', (r) => requests.push({ method: r.method(), url: r.url(), body: r.postData() }));

  // Step 1 and 2: choose both files; see what was detected.
  await page.getByLabel('Choose file').setInputFiles([csvPath, xlsxPath]);
  await page.locator('#step-check').waitFor({ state: 'visible', timeout: 60000 });
  const detected = await page.locator('#inputs').innerText();
  assert.match(detected, /messy-windows-1252\.csv[\s\S]*Text \(CSV\)[\s\S]*semicolons/);
  assert.equal(await page.getByLabel('Text encoding').locator('option:checked').innerText(), 'Western European (Windows-1252)');
  assert.match(detected, /generated\.xlsx[\s\S]*Excel workbook \(XLSX\)[\s\S]*Sheet/);
  assert.equal(await page.getByLabel('Country for phone numbers written without a country code').inputValue(), 'US');
  await page.locator('details.columns summary').first().click();
  assert.equal(await page.getByLabel('Customer ID').first().inputValue(), 'Contact ID');
  await shot(page, '2-check');
  await expectAxeClean(page, 'the check step');

  // Step 3 and 4: prepare, then read the findings in words.
  await page.getByRole('button', { name: 'Prepare contacts' }).click();
  await page.locator('#step-results').waitFor({ state: 'visible', timeout: 120000 });
  await page.locator('#grid [role=row][aria-rowindex="2"]').waitFor();
  await shot(page, '3-results');
  await expectAxeClean(page, 'the results');
  const before = await counts(page);
  // The workbook alone: 200 rows, 189 ready, 7 rejected, 4 merged (as the command line says).
  assert.deepEqual(before, { in: 209, ready: 192, rejected: 12, merged: 5 });
  const kinds = await page.locator('#kinds').innerText();
  assert.match(kinds, /2 contacts share ID C7 but have different first name/);
  assert.match(kinds, /2 rows use Account ID A2 but with different account name/);
  assert.match(kinds, /Must fix\s+\d+ rows? miss/);
  assert.match(kinds, /Fixed for you\s+\d+ phone numbers were rewritten in the international format/);

  // Fix one cell inline: C7's second row says "Eddy"; make it "Ed".
  await page.getByRole('button', { name: /^Show these rows: 2 contacts share ID C7/ }).click();
  await page.locator('#rows-count', { hasText: '2 rows shown' }).waitFor();
  const cell = page.locator('#grid [role=row][aria-rowindex="3"] [role=gridcell]').nth(4);
  assert.equal(await cell.innerText(), 'Eddy');
  await cell.click();
  await page.keyboard.press('Enter');
  const box = page.getByLabel('New Contact First Name for generated.xlsx, row 9').or(page.getByLabel(/New Contact First Name for messy-windows-1252\.csv, row 9/));
  await box.fill('Ed');
  await shot(page, '4-editing');
  await page.locator('#step-results').screenshot({ path: join(outDir, '4-editing-close-up.png') });
  await expectAxeClean(page, 'editing a cell');
  await box.press('Enter');
  await page.locator('#kinds', { hasNotText: 'share ID C7' }).waitFor();
  assert.deepEqual(await counts(page), { in: 209, ready: 193, rejected: 10, merged: 6 });
  await shot(page, '5-fixed');

  // Settle the account conflict with the second row's version.
  await page.getByRole('button', { name: /^Show these rows: 2 rows use Account ID A2/ }).click();
  await page.locator('#rows-count', { hasText: '2 rows shown' }).waitFor();
  await page.locator('#grid [role=row][aria-rowindex="3"] [role=gridcell]').first().click();
  await page.locator('#row-detail', { hasText: 'Row 4' }).or(page.locator('#row-detail', { hasText: 'row 4' })).waitFor();
  await page.getByRole('button', { name: /^Use “Beta Ltd” for every row of this account/ }).click();
  await page.locator('#kinds', { hasNotText: 'Account ID A2' }).waitFor();
  assert.deepEqual(await counts(page), { in: 209, ready: 195, rejected: 8, merged: 6 });
  await shot(page, '6-version');
  await page.locator('#step-results').screenshot({ path: join(outDir, '6-version-close-up.png') });
  await expectAxeClean(page, 'after settling the conflict');

  // Undo brings the conflict back; redo settles it again.
  await page.getByRole('button', { name: 'Undo' }).click();
  await page.locator('#kinds', { hasText: 'Account ID A2' }).waitFor();
  assert.equal((await counts(page)).rejected, 10);
  await page.getByRole('button', { name: 'Redo' }).click();
  await page.locator('#kinds', { hasNotText: 'Account ID A2' }).waitFor();
  assert.equal((await counts(page)).rejected, 8);

  // Reading, checking and editing asked the network for nothing but the
  // workbook converter, the page's own code, fetched when a workbook came, the
  // engine's worker.js for shard workers, and phone.wasm, fetched once for the odd numbers the engine's tables leave to
  // phonenumbers (C5's "Tel: (312) 555-2671" is one: its E.164 form below proves the engine reached it).
  const allowed = new Set(['xlsx-worker.js', 'wasm_exec.js', 'xlsx.wasm', 'phone.wasm', 'worker.js']);
  assert.ok(requests.some((r) => new URL(r.url).pathname === '/phone.wasm'), 'phone.wasm was never loaded');
  for (const r of requests) {
    const url = new URL(r.url);
    assert.ok(r.method === 'GET' && !r.body && url.origin === new URL(server.url).origin && allowed.has(url.pathname.slice(1)),
      `unexpected request during processing: ${r.method} ${r.url}`);
  }

  // Step 5: downloads.
  await page.locator('#step-download').scrollIntoViewIfNeeded();
  await shot(page, '7-download');
  await expectAxeClean(page, 'the downloads');
  const cleaned = await download(page, 'Download cleaned file');
  assert.equal(cleaned.name, 'contacts-001.csv');
  assert.notEqual(cleaned.bytes[0], 0xef, 'no byte-order mark');
  const text = new TextDecoder('utf-8', { fatal: true }).decode(cleaned.bytes);
  const rows = parseCSV(text);
  assert.deepEqual(rows[0], header);
  const col = (name) => header.indexOf(name);
  const byID = new Map(rows.slice(1).map((r) => [r[col('Contact ID')], r]));
  assert.equal(rows.length - 1, 195);
  const want = {
    C1: ['José', 'Müller', '+14155552671', 'A1', 'Acme', 'https://acme.example'],
    C2: ['Zoë', 'Ng', '555-1234', 'A1', 'Acme', 'https://acme.example'], // not a valid number: kept as typed
    C3: ['Ann', 'Lee', '+14155552673', 'A2', 'Beta Ltd', ''],
    C4: ['Bo', 'Ray', '+12125550199', 'A2', 'Beta Ltd', ''],
    C5: ['Cy', 'Ho', '+13125552671', '', '', ''],
    C7: ['Ed', 'Po', '+33612345678', '', '', ''],
  };
  for (const [id, w] of Object.entries(want)) {
    const r = byID.get(id);
    assert.ok(r, `${id} is in the cleaned file`);
    assert.deepEqual(['Contact First Name', 'Contact Last Name', 'Contact Cell Phone', 'Account ID', 'Account Name', 'Account Website'].map((h) => r[col(h)]), w, id);
  }
  assert.ok(!byID.has('C6'), 'C6 has no last name: left out');
  // Every phone is E.164, or kept as typed where the report says why.
  const report = await download(page, 'Download report');
  assert.equal(report.name, 'findings.csv');
  const rep = parseCSV(report.bytes.toString('utf8'));
  // A report cell that would run as a formula starts with an apostrophe.
  const plain = (v) => v.replace(/^'(?=[=+\-@\t\r])/, '');
  const keptAsTyped = new Set(rep.filter((r) => r[3] === 'phone_invalid' || r[3] === 'phone_country_unsure' || (r[3] === 'phone_excel_damage' && r[6] === '')).map((r) => plain(r[5]).trim()));
  let e164 = 0;
  for (const r of rows.slice(1)) {
    for (const h of ['Contact Work Phone', 'Contact Cell Phone', 'Contact Home Phone']) {
      const v = r[col(h)];
      if (/^\+[1-9]\d{6,14}$/.test(v)) e164++;
      else assert.ok(v === '' || keptAsTyped.has(v), `${h} of ${r[col('Contact ID')]} is neither E.164 nor reported: ${v}`);
    }
  }
  assert.ok(e164 > 200, `${e164} E.164 phones`);

  const rejected = await download(page, 'Download rejected rows');
  assert.equal(rejected.name, 'rejected.csv');
  const rej = parseCSV(rejected.bytes.toString('utf8'));
  assert.deepEqual(rej[0].slice(0, 3), ['file', 'row', 'reason']);
  assert.equal(rej.length - 1, 8);
  assert.ok(rej.some((r) => r[0] === 'messy-windows-1252.csv' && r[1] === '7' && r[3].includes('missing_required')));

  assert.deepEqual(rep[0], ['file', 'row', 'column', 'code', 'severity', 'original', 'suggested', 'message']);
  assert.ok(rep.some((r) => r[0] === 'messy-windows-1252.csv' && r[3] === 'encoding_converted'));
  assert.ok(rep.some((r) => r[1] === '1' && r[3] === 'phone_normalized' && r[6] === "'+14155552671"));
  assert.deepEqual(errors, []);

  // Served without the function, Send says so and points to the download.
  await page.getByRole('button', { name: 'Send to Genesys Cloud' }).click();
  await page.locator('#send-status', { hasText: 'Sending is not available on this copy of the page' }).waitFor();
  assert.match(await page.locator('#send-status').innerText(), /Bulk CSV Import/);
});

test('the page is served with a strict Content-Security-Policy', async () => {
  const res = await fetch(server.url);
  const csp = res.headers.get('content-security-policy');
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.match(csp, /connect-src 'self'/);
  assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'|https?:/);
  const html = await res.text();
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="[^"]*script-src 'self' 'wasm-unsafe-eval'/);
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script');
  assert.doesNotMatch(html, /\sstyle=|\son[a-z]+=/i, 'no inline style or handler attributes');
  for (const file of ['app.js', 'grid.js', 'engine.js', 'words.js']) {
    const js = await (await fetch(server.url + file)).text();
    assert.doesNotMatch(js, /innerHTML|outerHTML|insertAdjacentHTML|document\.write/, `${file} renders text only`);
  }
  assert.equal((await fetch(server.url + 'contactprep.wasm')).headers.get('content-type'), 'application/wasm');
});
