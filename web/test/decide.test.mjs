// Decisions for a whole group of rows (issue 18, items 2 and 4; tests c and
// e): each says what it will change before it runs, runs as one step that
// Undo takes back to the last cell and Redo makes again; an account conflict
// shows its versions side by side; the row's place and Contact ID stay in
// view while the table scrolls sideways; axe finds nothing serious. "Clear
// these N numbers" counts every number kept as typed; a required column no
// column fills jumps back to step 2, where it is chosen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serve, launch, openPage, shot, axe, outDir, download, parseCSV } from './harness.mjs';

// Three phones that cannot be read (rows 1, 2, 4), account A1 in two
// versions (2 rows "Acme Corp", 1 "ACME Corporation"), A2 in two of a row each;
// every web address gets https:// added, so that "Everything" lists every row.
const file = [
  'Contact ID,First Name,Last Name,Mobile,Title,Account ID,Account Name,CRM URL',
  'K1,Ann,Lee,N/A,Sales Rep,A1,Acme Corp,crm.example/1',
  'K2,Bo,Ray,call after 5pm,Sales Rep,A1,ACME Corporation,crm.example/2',
  'K3,Cy,Ng,4155552673,Buyer,A1,Acme Corp,crm.example/3',
  'K4,Di,Ho,4.15555E+09,Sales Rep,A2,Beta,crm.example/4',
  'K5,Ed,Po,4155552675,,A2,Beta Ltd,crm.example/5',
].join('\n') + '\n';

// A phone that cannot be read (row 1) and two valid only in the country
// chosen for the file (the US), in rows that name France (rows 2 and 3);
// every web address gets https:// added, so that "Everything" lists every row.
const unsure = [
  'Contact ID,First Name,Last Name,Mobile,Work Phone,Country,CRM URL',
  'K1,Ann,Lee,N/A,,,crm.example/1',
  'K2,Bo,Ray,(415) 555-2672,,France,crm.example/2',
  'K3,Cy,Ng,,(415) 555-2673,France,crm.example/3',
  'K4,Di,Ho,(415) 555-2674,,,crm.example/4',
].join('\n') + '\n';

// Two lead exports for a contact list keyed by "Lead ID": the second has no
// such column, so none of its rows has the contact id it needs.
const leadsA = 'Lead ID,First Name,Last Name,Mobile\nL1,Ann,Lee,(415) 555-2671\nL2,Bo,Ray,(415) 555-2672\n';
const leadsB = 'Customer,First Name,Last Name,Mobile\nC7,Cy,Ng,(415) 555-2673\nC8,Di,Ho,(415) 555-2674\n';

let server;
let browser;
let path;
let unsurePath;
let leadPaths;

before(async () => {
  path = join(outDir, 'decisions.csv');
  writeFileSync(path, file);
  unsurePath = join(outDir, 'decisions-unsure.csv');
  writeFileSync(unsurePath, unsure);
  leadPaths = [join(outDir, 'leads-a.csv'), join(outDir, 'leads-b.csv')];
  writeFileSync(leadPaths[0], leadsA);
  writeFileSync(leadPaths[1], leadsB);
  server = await serve();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

async function counts(page) {
  const text = await page.locator('#counts').innerText();
  const n = (label) => Number(text.split(label)[1].trim().split('\n')[0].replaceAll(',', ''));
  return { ready: n('Ready to import'), rejected: n('Left out (must fix)') };
}

// everything lists every row's cells as the table shows them, under "Everything".
async function everything(page, n = 5) {
  await page.getByLabel('Severity').selectOption({ label: 'Everything' });
  // The table is busy until the last change or filter has drawn its rows.
  await page.locator('#grid:not([aria-busy])').waitFor();
  await page.locator('#rows-count', { hasText: new RegExp(`\\b${n} rows shown`) }).waitFor();
  await page.locator(`#grid [role=row][aria-rowindex="${n + 1}"]`).waitFor();
  return page.locator('#grid .body [role=row]').evaluateAll((rows) => rows
    .sort((a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')))
    .map((r) => [...r.children].map((c) => c.textContent).join('|')));
}

test('whole-group decisions, undone and done again', async () => {
  const { page, errors } = await openPage(browser.context, server.url);
  await page.getByLabel('Choose file').setInputFiles(path);
  await page.getByRole('button', { name: 'Prepare contacts' }).click();
  await page.locator('#grid [role=row][aria-rowindex="2"]').waitFor({ timeout: 120000 });
  const initial = { counts: await counts(page), kinds: await page.locator('#kinds').innerText(), rows: await everything(page) };
  assert.deepEqual(initial.counts, { ready: 0, rejected: 5 });

  // Item 4: the versions side by side, each with a button saying what it writes.
  const a1 = page.getByRole('group', { name: 'Versions of Account ID A1' });
  assert.match(await a1.innerText(), /“Acme Corp” — 2 rows[\s\S]*“ACME Corporation” — 1 row/);
  await a1.getByRole('button', { name: 'Keep “Acme Corp” for all 3 rows of Account ID A1' }).waitFor();
  await shot(page, 'decide-1-found');
  assert.deepEqual(await axe(page), [], 'axe on the decisions');

  // The most common version of every account, as one step.
  await page.getByRole('button', { name: 'Use the most common version for all 2 accounts' }).click();
  await page.locator('#kinds', { hasNotText: 'Account ID A1' }).waitFor();
  assert.deepEqual(await counts(page), { ready: 5, rejected: 0 });
  const settled = await everything(page);
  assert.ok(settled.every((r) => !r.includes('ACME Corporation') && !r.includes('Beta Ltd')), settled.join('\n'));
  assert.equal(settled.filter((r) => r.includes('|Acme Corp')).length, 3);
  assert.equal(settled.filter((r) => /\|Beta(\||$)/.test(r)).length, 2, settled.join('\n'));

  // The phones: "Clear these 3 numbers", the rest of each row kept.
  await page.getByRole('button', { name: 'Clear these 3 numbers (the rest of each row is imported)' }).click();
  await page.locator('#rows-count', { hasText: '3 numbers cleared.' }).waitFor();
  const cleared = await everything(page);
  assert.ok(!cleared.some((r) => /N\/A|call after|E\+09/.test(r)), cleared.join('\n'));
  assert.ok(cleared[0].includes('|Ann|Lee|'), cleared[0]);
  await shot(page, 'decide-2-settled');

  // Test c: Undo takes each decision back whole, to the last cell; Redo makes them again.
  await page.getByRole('button', { name: 'Undo' }).click();
  await page.locator('#kinds', { hasText: 'Clear these 3 numbers' }).waitFor();
  assert.deepEqual(await everything(page), settled);
  await page.getByRole('button', { name: 'Undo' }).click();
  await page.locator('#kinds', { hasText: 'Account ID A1' }).waitFor();
  assert.deepEqual(await everything(page), initial.rows);
  assert.deepEqual(await counts(page), initial.counts);
  assert.equal(await page.locator('#kinds').innerText(), initial.kinds);
  await page.getByRole('button', { name: 'Redo' }).click();
  await page.locator('#kinds', { hasNotText: 'Account ID A1' }).waitFor();
  await page.getByRole('button', { name: 'Redo' }).click();
  await page.locator('#kinds', { hasNotText: 'Clear these' }).waitFor();
  assert.deepEqual(await everything(page), cleared);

  // Find and replace in one column, its count shown before it runs.
  await page.getByText('Change a whole column').click();
  await page.getByLabel('Column', { exact: true }).selectOption({ label: 'Contact Title' });
  await page.getByLabel('Find').fill('Sales Rep');
  await page.getByLabel('Replace with').fill('Sales');
  await page.getByLabel('The whole cell').check();
  await page.getByRole('button', { name: 'Replace in 3 cells' }).click();
  await page.locator('#rows-count', { hasText: 'Replaced in 3 cells.' }).waitFor();
  const replaced = await everything(page);
  assert.equal(replaced.filter((r) => r.includes('|Sales|')).length, 3, replaced.join('\n'));
  await page.getByRole('button', { name: 'Clear all 4 cells of Contact Title' }).waitFor();
  await shot(page, 'decide-3-column');
  assert.deepEqual(await axe(page), [], 'axe on the column tools');
  await page.getByRole('button', { name: 'Undo' }).click();
  await page.getByRole('button', { name: 'Replace in 3 cells' }).waitFor();
  assert.deepEqual(await everything(page), cleared);

  // Item 4: scrolled sideways, the row's place and Contact ID stay in view.
  const grid = page.locator('#grid');
  await grid.evaluate((g) => { g.scrollLeft = g.scrollWidth; });
  const box = await grid.boundingBox();
  for (const cls of ['where', 'key']) {
    const cell = await page.locator(`#grid [role=row][aria-rowindex="2"] .cell.${cls}`).boundingBox();
    assert.ok(cell.x >= box.x - 1 && cell.x + cell.width <= box.x + box.width / 2, `${cls} scrolled away: ${JSON.stringify(cell)}`);
  }
  assert.equal(await page.locator('#grid [role=row][aria-rowindex="2"] .cell.key').innerText(), 'K1');
  await shot(page, 'decide-4-pinned');
  assert.deepEqual(errors, []);
  await page.close();
});

// The count on "Clear these N numbers" is every number kept as typed, those
// valid only in the file's country too, and clearing them settles each of
// their groups; the rows stay, ready.
test('clearing the phones counts and settles those of an unsure country', async () => {
  const { page, errors } = await openPage(browser.context, server.url);
  await page.getByLabel('Choose file').setInputFiles(unsurePath);
  await page.getByRole('button', { name: 'Prepare contacts' }).click();
  await page.locator('#grid [role=row][aria-rowindex="2"]').waitFor({ timeout: 120000 });
  assert.match(await page.locator('#kinds').innerText(), /valid only in the country chosen/);
  await page.getByRole('button', { name: 'Clear these 3 numbers (the rest of each row is imported)' }).click();
  await page.locator('#rows-count', { hasText: '3 numbers cleared.' }).waitFor();
  const kinds = await page.locator('#kinds').innerText();
  assert.doesNotMatch(kinds, /valid only in the country chosen|could not be read|Clear these/, kinds);
  assert.deepEqual(await counts(page), { ready: 4, rejected: 0 });
  const rows = await everything(page, 4);
  assert.ok(!rows.some((r) => /N\/A|555-267[23]/.test(r)), rows.join('\n'));
  assert.ok(rows.some((r) => r.includes('+14155552674')), rows.join('\n'));
  assert.deepEqual(errors, []);
  await page.close();
});

// A required value no column fills: its decision takes the admin back to
// step 2, where that column is chosen.
test('a required column no column fills: the decision jumps to where it is chosen', async () => {
  const { page, errors } = await openPage(browser.context, server.url);
  await page.getByLabel('Choose file').setInputFiles(leadPaths);
  await page.locator('#step-check').waitFor({ state: 'visible', timeout: 60000 });
  await page.getByLabel(/Outbound contact list \(dialer\)/).check();
  await page.getByRole('button', { name: 'Prepare contacts' }).click();
  await page.locator('#grid [role=row][aria-rowindex="2"]').waitFor({ timeout: 120000 });
  assert.deepEqual(await counts(page), { ready: 2, rejected: 2 });
  const kind = page.locator('#kinds li', { hasText: 'A required Genesys column is not filled by any column of the file.' });
  await page.getByText('About your files').click();
  assert.match(await page.locator('#file-findings').innerText(), /leads-b\.csv: .*Lead ID/);
  await shot(page, 'decide-5-unfilled');
  await kind.getByRole('button', { name: 'Choose the column that fills it' }).click();
  await page.waitForFunction(() => document.activeElement?.id === 'id-column');
  const box = await page.locator('#id-column').boundingBox();
  const view = page.viewportSize();
  assert.ok(box.y >= 0 && box.y + box.height <= view.height, `the column to choose is out of view: ${JSON.stringify(box)}`);
  assert.equal(await page.locator('#id-column').inputValue(), 'Lead ID');
  assert.deepEqual(errors, []);
  await page.close();
});

// Leaving rows out on purpose: one row from its detail, a group as the table
// shows it, each counted before it runs; they go to the rejected rows with
// the reason, rows in = ready + left out, and Undo, Redo and "Put back"
// restore them to the last cell.
test('rows left out on purpose, and put back', async () => {
  const { page, errors } = await openPage(browser.context, server.url);
  await page.getByLabel('Choose file').setInputFiles(path);
  await page.getByRole('button', { name: 'Prepare contacts' }).click();
  await page.locator('#grid [role=row][aria-rowindex="2"]').waitFor({ timeout: 120000 });
  const initial = { counts: await counts(page), rows: await everything(page) };
  assert.deepEqual(initial.counts, { ready: 0, rejected: 5 });

  // Row 2, the odd version of account A1, from its detail: A1 is settled.
  await page.locator('#grid [role=row][aria-rowindex="3"] [role=gridcell]').first().click();
  await page.locator('#row-detail h4', { hasText: /^Row 2:/ }).waitFor();
  await page.locator('#row-detail').getByRole('button', { name: 'Leave this row out' }).click();
  await page.locator('#rows-count', { hasText: 'Row 2 left out' }).waitFor();
  assert.deepEqual(await counts(page), { ready: 2, rejected: 3 });
  const kinds = page.locator('#kinds');
  assert.match(await kinds.innerText(), /1 row is left out on purpose/);
  assert.doesNotMatch(await kinds.innerText(), /Account ID A1/);
  await page.locator('#row-detail h4', { hasText: 'Row 2: left out, as you chose' }).waitFor();

  // Account A2's rows, as the table shows them: their count says what goes.
  await page.getByRole('button', { name: /^Show these rows: .*A2/ }).click();
  await page.locator('#rows-count', { hasText: /^2 rows shown/ }).waitFor();
  await page.getByRole('button', { name: 'Leave out the 2 rows shown' }).click();
  await page.locator('#rows-count', { hasText: '2 rows left out' }).waitFor();
  assert.deepEqual(await counts(page), { ready: 2, rejected: 3 });
  assert.match(await kinds.innerText(), /3 rows are left out on purpose/);
  await page.getByRole('button', { name: 'Leave out the 1 row shown that is still in' }).waitFor();
  await shot(page, 'decide-6-left-out');
  assert.deepEqual(await axe(page), [], 'axe with rows left out');

  const rejected = parseCSV((await download(page, 'Download rejected rows')).bytes.toString('utf8').replace(/^\ufeff/, ''));
  const left = rejected.filter((r) => r[3] === 'row_left_out');
  assert.deepEqual(left.map((r) => r[1]), ['2', '4', '5'], rejected.join('\n'));
  assert.ok(left.every((r) => r[2] === 'left out on purpose: you chose not to import this row'), left.join('\n'));

  // Undo puts the group back, Redo leaves it out again; "Put these 3 rows
  // back" restores every row and count.
  await page.getByRole('button', { name: 'Undo' }).click();
  await page.locator('#kinds', { hasText: '1 row is left out on purpose' }).waitFor();
  await page.getByRole('button', { name: 'Redo' }).click();
  await page.locator('#kinds', { hasText: '3 rows are left out on purpose' }).waitFor();
  await page.getByRole('button', { name: 'Put these 3 rows back' }).click();
  await page.locator('#kinds', { hasNotText: 'left out on purpose' }).waitFor();
  assert.deepEqual(await counts(page), initial.counts);
  assert.deepEqual(await everything(page), initial.rows);
  assert.deepEqual(errors, []);
  await page.close();
});
