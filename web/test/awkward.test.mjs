// Files admins really get, in headless Chromium: each awkward file (empty,
// only a byte-order mark, column names only, binary, PDF, picture,
// password-protected, damaged workbook or sheet) gets one plain sentence naming it and
// what to do, and no script error; German headers without a Contact ID block
// Prepare by name until the column is chosen; title lines above the header
// (text and workbook) and a cover sheet before the contacts are not read as
// contacts; cells far right of the header row are left out, said once, to the
// width of the header row the columns find; a row's own country reads its
// phones. axe runs at each new state.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serve, launch, openPage, axe, goGen, outDir, download, parseCSV } from './harness.mjs';
import { workbook } from './workbook.mjs';

let server;
let browser;

before(async () => {
  server = await serve();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

const utf16 = (s) => Buffer.from(s, 'utf16le');
const write = (name, bytes) => {
  const path = join(outDir, name);
  writeFileSync(path, bytes);
  return path;
};

// choose chooses a file and waits until the page has answered it.
async function choose(page, path) {
  await page.getByLabel('Choose file').setInputFiles(path);
  await page.waitForFunction(() => {
    const s = document.getElementById('choose-status').textContent;
    return s !== '' && !s.startsWith('Reading');
  }, null, { timeout: 60000 });
  return page.locator('#choose-status').innerText();
}

test('each awkward file gets one plain sentence naming it and what to do', async () => {
  const good = readFileSync(await goGen(['-format', 'xlsx', '-rows', '50', '-seed', '3'], 'awkward-good.xlsx'));
  const files = [
    ['empty.csv', Buffer.alloc(0), /^“empty\.csv” is empty: .*Save As → CSV UTF-8/],
    ['bom-only.csv', Buffer.from([0xef, 0xbb, 0xbf]), /^“bom-only\.csv” is empty: /],
    ['scan.pdf', Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n', 'latin1'), /^“scan\.pdf” is a PDF, not a spreadsheet: .*Save As → CSV UTF-8/],
    ['screenshot.png', Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), Buffer.alloc(400, 3)]), /^“screenshot\.png” is a picture, not a spreadsheet/],
    ['export.dat', Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919 + 13) % 256)), /^“export\.dat” is neither a spreadsheet nor a text file: .*Save As → CSV UTF-8/],
    ['locked.xlsx', Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(1000), utf16('EncryptionInfo'), Buffer.alloc(500)]),
      /^“locked\.xlsx” is protected with a password.*Save As → CSV UTF-8/],
    ['truncated.xlsx', good.subarray(0, Math.floor(good.length / 2)), /^“truncated\.xlsx” is a damaged Excel workbook.*Save As → CSV UTF-8/],
    ['cover-only.xlsx', workbook({ Cover: [['Q3 customer contacts'], [], ['Prepared by Eva Braun, sales operations']], Sheet2: [] }),
      /^“cover-only\.xlsx” has no sheet of contacts: .*choose the file they are in\./],
    ['blank.xlsx', workbook({ Sheet1: [], Sheet2: [[], ['']] }), /^“blank\.xlsx” has no sheet of contacts: /],
    // A bare "&" (a careless exporter) in row 4: the engine reads rows 1 to 3 whole.
    ['damaged-sheet.xlsx', workbook({ Leads: [['Contact ID', 'Account Name'], ['C1', 'Acme'], ['C2', 'Acme'], ['C3', { raw: 'Smith & Sons' }], ['C4', 'Acme']] }),
      /^“damaged-sheet\.xlsx” is damaged: its sheet “Leads” breaks off after row 3, so the rows below it cannot be read\. Open the file in Excel and save it again/],
  ];
  const { page, errors } = await openPage(browser.context, server.url);
  for (const [name, bytes, sentence] of files) {
    const status = await choose(page, write(name, bytes));
    assert.match(status, sentence, name);
    assert.doesNotMatch(status, /Try again|went wrong|unsupported|xlsx:|Cannot read/, `${name}: ${status}`);
    assert.equal(await page.locator('#choose-status').evaluate((e) => e.classList.contains('error-text')), true, `${name} in error colour`);
    assert.equal(await page.locator('#step-check').isVisible(), false, `${name}: nothing to check`);
    assert.deepEqual(await axe(page), [], `axe after ${name}`);
  }

  // Column names alone: step 2 shows the file, with the sentence at step 1
  // and on its card; Prepare then says there is nothing to import.
  const status = await choose(page, write('header-only.csv', 'Contact ID,First Name,Last Name,Email\r\n'));
  assert.match(status, /^“header-only\.csv” has column names but no contacts under them/);
  await page.locator('#inputs .alert', { hasText: 'no contacts under them' }).waitFor();
  assert.deepEqual(await axe(page), [], 'axe on a header-only file');
  await page.getByRole('button', { name: 'Prepare contacts' }).click();
  await page.locator('#step-results').waitFor({ state: 'visible' });
  const note = await page.locator('#download-note').innerText();
  assert.doesNotMatch(note, /rows above/);
  assert.match(note, /no contacts/);
  assert.deepEqual(errors, []);
});

test('German headers without a Contact ID: Prepare waits for it by name, then prepares', async () => {
  const path = write('kunden.csv', Buffer.from([
    'Vorname;Nachname;Telefon;E-Mail;Ort;Mitgliedsnummer',
    'Anna;Schmidt;030 1234567;anna@example.de;Berlin;K-100',
    'Jörg;Weber;030 7654321;joerg@example.de;Köln;K-101',
    'Eva;Braun;089 555123;eva@example.de;München;K-102',
  ].join('\r\n') + '\r\n', 'latin1'));
  const { page, errors } = await openPage(browser.context, server.url);
  await choose(page, path);
  const problem = page.locator('#inputs .alert', { hasText: 'has no column for' });
  await problem.waitFor();
  assert.match(await problem.innerText(), /^Your file has no column for Contact ID\b/);
  assert.equal(await problem.evaluate((e) => getComputedStyle(e).color), await page.locator('#check-problem').evaluate((e) => getComputedStyle(e).color));
  assert.match(await page.locator('#check-problem').innerText(), /waits for a column for Contact ID/);
  assert.equal(await page.getByRole('button', { name: 'Prepare contacts' }).isDisabled(), true);
  assert.equal(await page.locator('#inputs details.columns').evaluate((d) => d.open), true, 'the mapping is open');
  // The mapping shows what each column holds.
  const row = page.locator('#inputs tr', { hasText: 'Mitgliedsnummer' });
  assert.match(await row.innerText(), /K-100 · K-101 · K-102/);
  assert.deepEqual(await axe(page), [], 'axe with a required column missing');

  await page.getByLabel('Mitgliedsnummer').selectOption('Contact ID');
  await page.waitForFunction(() => document.getElementById('check-problem').textContent === '');
  assert.equal(await page.getByRole('button', { name: 'Prepare contacts' }).isDisabled(), false);
  assert.equal(await page.locator('#inputs .alert', { hasText: 'has no column for' }).count(), 0);
  await page.getByRole('button', { name: 'Prepare contacts' }).click();
  await page.locator('#step-results').waitFor({ state: 'visible' });
  assert.match(await page.locator('#counts').innerText(), /Ready to import\s+3/);
  assert.deepEqual(errors, []);
});

// titled is a CRM report: a title, the date it was made, a blank line, then
// the contacts under their column names.
const titled = [
  ['Q3 customer contacts'],
  ['Exported 2026-09-30'],
  [],
  ['Contact ID', 'First Name', 'Last Name', 'Email'],
  ['C1', 'Ann', 'Lee', 'ann@example.com'],
  ['C2', 'Bo', 'Kim', 'bo@example.com'],
];

for (const [name, bytes] of [
  ['titled.csv', titled.map((r) => r.join(',')).join('\r\n') + '\r\n'],
  ['titled.xlsx', workbook({ Report: titled })],
]) {
  test(`title lines above the header of ${name} are shown as left out, not read as contacts`, async () => {
    const { page, errors } = await openPage(browser.context, server.url);
    await choose(page, write(name, bytes));
    const titles = page.locator('#inputs .titles');
    await titles.waitFor();
    assert.match(await titles.innerText(), /above the column names are a title, not contacts, and left out: “Q3 customer contacts”, “Exported 2026-09-30”/);
    assert.match(await page.locator('#inputs details.columns summary').innerText(), /^Columns: 4 of 4 matched/);
    assert.deepEqual(await axe(page), [], 'axe with title lines');
    await page.getByRole('button', { name: 'Prepare contacts' }).click();
    await page.locator('#step-results').waitFor({ state: 'visible' });
    assert.match(await page.locator('#counts').innerText(), /Rows read\s+2\s+Ready to import\s+2/);
    const rows = parseCSV((await download(page, 'Download cleaned file')).bytes.toString('utf8'));
    assert.deepEqual(rows.map((r) => r[0]), ['Contact ID', 'C1', 'C2'], 'the title lines are no contacts');
    assert.deepEqual(errors, []);
  });
}

test('a workbook whose first sheet is a cover page is read from its contacts sheet, untouched', async () => {
  const path = write('q3-contacts.xlsx', workbook({
    Cover: [['Q3 customer contacts – for the October campaign'], [], ['Prepared by Eva Braun, sales operations'], ['The contacts are on the next sheet.']],
    Contacts: [
      ['Contact ID', 'First Name', 'Last Name', 'Mobile', 'Email', 'Company ID', 'Company'],
      ['C1', 'Ann', 'Lee', '(415) 555-2671', 'ann@acme.example', 'A1', 'Acme'],
      ['C2', 'Bo', 'Kim', 4155550123, 'bo@acme.example', 'A1', 'Acme'],
      ['C3', 'Cy', 'Ng', '+44 20 7946 0958', 'cy@beta.example', 'A2', 'Beta'],
    ],
  }));
  const { page, errors } = await openPage(browser.context, server.url);
  const status = await choose(page, path);
  assert.match(status, /^q3-contacts\.xlsx: read\./);
  assert.equal(await page.getByLabel('Sheet to read').inputValue(), 'Contacts', 'the contacts sheet is chosen');
  assert.match(await page.locator('#inputs details.columns summary').innerText(), /^Columns: 7 of 7 matched to Genesys columns\./);
  assert.equal(await page.locator('#inputs .titles').count(), 0, 'no title lines on the contacts sheet');
  assert.equal(await page.getByRole('button', { name: 'Prepare contacts' }).isDisabled(), false);
  assert.deepEqual(await axe(page), [], 'axe with the contacts sheet chosen');

  await page.getByRole('button', { name: 'Prepare contacts' }).click();
  await page.locator('#step-results').waitFor({ state: 'visible' });
  assert.match(await page.locator('#counts').innerText(), /Rows read\s+3\s+Ready to import\s+3\s+Left out \(must fix\)\s+0/);
  assert.equal(await page.locator('#kinds .badge.error').count(), 0);
  assert.deepEqual(await axe(page), [], 'axe on the review of the contacts sheet');
  const rows = parseCSV((await download(page, 'Download cleaned file')).bytes.toString('utf8'));
  const col = (h) => rows[0].indexOf(h);
  assert.deepEqual(rows.slice(1).map((r) => [r[col('Contact ID')], r[col('Contact Cell Phone')], r[col('Account Name')]]),
    [['C1', '+14155552671', 'Acme'], ['C2', '+14155550123', 'Acme'], ['C3', '+442079460958', 'Beta']]);
  assert.deepEqual(errors, []);
});

// With the org's sample file chosen, the sheet read is the one whose header
// best matches its columns, the org's own fields too; a sheet the admin
// picked stays picked when the columns change.
test("a workbook's sheet is chosen by the columns of the org's sample file", async () => {
  const members = ['Member No', 'First Name', 'Last Name', 'Loyalty Tier', 'Home Club'];
  const path = write('club.xlsx', workbook({
    Staff: [['First Name', 'Last Name', 'Email', 'Phone'], ['Eva', 'Braun', 'eva@club.example', '+4930123456']],
    Members: [members, ['M1', 'Ann', 'Lee', 'Gold', 'Berlin'], ['M2', 'Bo', 'Kim', 'Silver', 'Köln']],
  }));
  const { page, errors } = await openPage(browser.context, server.url);
  await choose(page, path);
  const sheet = page.getByLabel('Sheet to read');
  assert.equal(await sheet.inputValue(), 'Staff', 'the built-in columns prefer the staff list');

  await page.getByLabel('Use a sample setup file').setInputFiles(write('club-sample.csv', `${members.join(',')}\r\n`));
  await page.locator('#template-status', { hasText: 'Using the 5 columns of club-sample.csv' }).waitFor();
  await page.locator('#inputs details.columns summary', { hasText: /^Columns: 5 of 5 matched/ }).waitFor();
  assert.equal(await sheet.inputValue(), 'Members', "the sample file's columns choose the members");
  assert.deepEqual(await axe(page), [], 'axe with the sheet chosen again');
  await page.getByRole('button', { name: 'Prepare contacts' }).click();
  await page.locator('#step-results').waitFor({ state: 'visible' });
  const rows = parseCSV((await download(page, 'Download cleaned file')).bytes.toString('utf8'));
  assert.deepEqual(rows, [members, ['M1', 'Ann', 'Lee', 'Gold', 'Berlin'], ['M2', 'Bo', 'Kim', 'Silver', 'Köln']]);

  // Picked by hand, a sheet stays when the sample file goes.
  await sheet.selectOption('Staff');
  await page.locator('#choose-status', { hasText: 'Sheet Staff read.' }).waitFor();
  await page.getByRole('button', { name: 'Stop using it' }).click();
  await page.locator('#template-status', { hasText: 'Using the built-in Genesys columns.' }).waitFor();
  await page.locator('#inputs details.columns summary', { hasText: /^Columns: 4 of 4 matched/ }).waitFor();
  assert.equal(await sheet.inputValue(), 'Staff');
  assert.deepEqual(errors, []);
});

// far puts a cell in column XFD, Excel's last, after a row's cells.
const far = (cells) => Object.assign([...cells], { 16383: 'x' });

// One cell in column XFD on each row: the sheet is read to its header row's
// last column, the cells left out are said once, and the rows are whole.
test('cells far right of the column names are left out and said once', async () => {
  const rows = Array.from({ length: 300 }, (_, i) => far([`C${i + 1}`, 'Ann', 'Lee', `ann${i + 1}@example.com`]));
  const path = write('far-right.xlsx', workbook({ Contacts: [['Contact ID', 'First Name', 'Last Name', 'Email'], ...rows] }));
  const { page, errors } = await openPage(browser.context, server.url);
  assert.match(await choose(page, path), /^far-right\.xlsx: read\./);
  assert.match(await page.locator('#inputs details.columns summary').innerText(), /^Columns: 4 of 4 matched/);
  await page.getByRole('button', { name: 'Prepare contacts' }).click();
  await page.locator('#step-results').waitFor({ state: 'visible' });
  assert.match(await page.locator('#counts').innerText(), /Rows read\s+300\s+Ready to import\s+300/);
  assert.match(await page.locator('#kinds').innerText(), /A sheet has cells to the right of the last column name; they were left out/);
  assert.match(await page.locator('#file-findings').textContent(), /far-right\.xlsx: 300 cells right of the header row's last column, on 300 rows, have no column name and were left out/);
  assert.deepEqual(await axe(page), [], 'axe with the cells left out');
  const out = parseCSV((await download(page, 'Download cleaned file')).bytes.toString('utf8'));
  assert.equal(out.length, 301);
  assert.deepEqual([out[1].length, out[300].includes('C300'), out.flat().includes('x')], [out[0].length, true, false]);
  assert.deepEqual(errors, []);
});

// The header row found depends on the columns imported into: with the org's
// sample file it is a wider row below, and the sheet is read again to its
// width, its cells counted again.
test('a sheet is read again to the width of the header row the sample file finds', async () => {
  const members = ['Member No', 'First Name', 'Last Name', 'Loyalty Tier'];
  const rows = Array.from({ length: 200 }, (_, i) => far([`M${i + 1}`, 'Ann', 'Lee', 'Gold']));
  const path = write('members-far.xlsx', workbook({ Members: [['First Name', 'Last Name'], members, ...rows] }));
  const { page, errors } = await openPage(browser.context, server.url);
  await choose(page, path);
  await page.locator('#inputs details.columns summary', { hasText: /^Columns: 2 of 2 matched/ }).waitFor();

  await page.getByLabel('Use a sample setup file').setInputFiles(write('members-sample.csv', `${members.join(',')}\r\n`));
  await page.locator('#template-status', { hasText: 'Using the 4 columns of members-sample.csv' }).waitFor();
  await page.locator('#inputs details.columns summary', { hasText: /^Columns: 4 of 4 matched/ }).waitFor();
  await page.getByRole('button', { name: 'Prepare contacts' }).click();
  await page.locator('#step-results').waitFor({ state: 'visible' });
  assert.match(await page.locator('#counts').innerText(), /Rows read\s+200\s/);
  assert.match(await page.locator('#file-findings').textContent(), /members-far\.xlsx: 200 cells right of the header row's last column, on 200 rows, have no column name/);
  const out = parseCSV((await download(page, 'Download cleaned file')).bytes.toString('utf8'));
  assert.deepEqual(out.slice(0, 3), [members, ['M1', 'Ann', 'Lee', 'Gold'], ['M2', 'Ann', 'Lee', 'Gold']]);
  assert.equal(out.length, 201);
  assert.deepEqual(errors, []);
});

// A French mobile typed nationally, in a row whose country says France, is
// read as French although Germany is the file's country; a German mobile
// typed nationally in a row that says France is valid only as German: it is
// kept as typed and flagged for a look, never rewritten as a fix.
test("a mixed-country file: each row's own country reads its phones", async () => {
  const path = write('kunden-eu.csv', Buffer.from([
    'Kunden-Nr;Vorname;Nachname;Mobil;Land',
    'K1;Anne;Martin;06 12 34 56 78;France',
    'K2;Eva;Braun;0171 1234567;',
    'K3;Jörg;Weber;0171 7654321;France',
  ].join('\r\n') + '\r\n', 'latin1'));
  const { page, errors } = await openPage(browser.context, server.url);
  await choose(page, path);
  await page.getByLabel('Country for phone numbers written without a country code').selectOption('DE');
  await page.getByRole('button', { name: 'Prepare contacts' }).click();
  await page.locator('#step-results').waitFor({ state: 'visible' });
  assert.match(await page.locator('#counts').innerText(), /Rows read\s+3\s+Ready to import\s+3/);
  const kind = (badge) => page.locator('#kinds > li', { has: page.locator('.badge', { hasText: badge }) });
  const check = kind('Worth a check').filter({ hasText: 'valid only in the country chosen for the file' });
  assert.match(await check.innerText(), /^Worth a check\s*1 phone number is valid only in the country chosen for the file/);
  const fixed = kind('Fixed for you').filter({ hasText: 'rewritten in the international format' });
  assert.match(await fixed.innerText(), /^Fixed for you\s*2 phone numbers were rewritten/);
  assert.deepEqual(await axe(page), [], 'axe on the mixed-country review');

  // K3's row says why, as something to check.
  await check.getByRole('button', { name: /^Show rows/ }).click();
  await page.locator('#rows-count', { hasText: '1 row shown' }).waitFor();
  await page.locator('#grid [role=row][aria-rowindex="2"] [role=gridcell]').first().click();
  await page.locator('#row-detail h4').waitFor();
  const detail = await page.locator('#row-detail').innerText();
  assert.match(detail, /^Row 3: ready to import\s+Worth a check: Mobil: .*\(“0171 7654321”\)/);
  assert.doesNotMatch(detail, /Fixed for you/);

  const rows = parseCSV((await download(page, 'Download cleaned file')).bytes.toString('utf8'));
  const col = (h) => rows[0].indexOf(h);
  assert.deepEqual(rows.slice(1).map((r) => [r[col('Contact ID')], r[col('Contact Cell Phone')]]),
    [['K1', '+33612345678'], ['K2', '+491711234567'], ['K3', '0171 7654321']]);
  assert.deepEqual(errors, []);
});
