// Outbound month after month (issue 26), end to end: the page and the function
// under wrangler dev, the Genesys emulator behind them, seeded with an earlier
// month's contact lists and with DNC lists. A month-2 lead file goes into the
// month-1 lists: the contacts whose Lead IDs a list holds are updated there,
// the rest added, the counts shown and lead-id-mapping.csv complete. A list
// near its (raised) limit takes what fits and the rest spills into a new list,
// the admin told before anything is sent. A file of Lead IDs and a column of
// phone numbers reach the emulator's DNC lists.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveWithFunction, launch, openPage, pressPrepare, shot, axe, outDir, parseCSV } from './harness.mjs';

const COLUMNS = ['Lead ID', 'First Name', 'Last Name', 'Mobile', 'Home Phone', 'Notes'];
const PHONES = [{ columnName: 'Mobile', type: 'cell' }, { columnName: 'Home Phone', type: 'home' }];
const leadId = (i) => `L${String(i).padStart(7, '0')}`;

// leads writes a CRM export of the leads from … to (inclusive), month naming the month.
function leads(from, to, month) {
  const lines = [COLUMNS.map((c) => `"${c}"`).join(',')];
  for (let i = from; i <= to; i++) {
    const n = String(1000 + (i % 9000)).padStart(4, '0');
    lines.push(`${leadId(i)},Ann${i},${month},(415) 555-${n},+1 415 555 ${n},`);
  }
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

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

const emulator = (path, init) => fetch(`${server.emulatorURL}${path}`, init);

async function seed(body) {
  assert.equal((await emulator('/_emulator/reset', { method: 'POST' })).status, 204);
  const res = await emulator('/_emulator/seed', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(res.status, 200, await res.clone().text());
  return res.json();
}

// monthList is a month-1 list holding the leads from … to, their other columns empty.
const monthList = (name, from, to, limit) => ({
  name, columnNames: COLUMNS, phoneColumns: PHONES, limit,
  generated: { idColumn: 'Lead ID', prefix: 'L', width: 7, first: from, count: to - from + 1 },
});

async function genesysToken() {
  const res = await emulator('/oauth/token', {
    method: 'POST',
    headers: { Authorization: `Basic ${Buffer.from('contactprep-local:local-secret').toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  return (await res.json()).access_token;
}

// contents reads a list back through the emulator's API: its size and its contacts by id.
async function contents(token, id) {
  const auth = { Authorization: `Bearer ${token}` };
  const base = `/api/v2/outbound/contactlists/${id}`;
  const list = await (await emulator(`${base}?includeSize=true`, { headers: auth })).json();
  assert.equal((await emulator(`${base}/export`, { method: 'POST', headers: auth })).status, 200);
  const { uri } = await (await emulator(`${base}/export?download=false`, { headers: auth })).json();
  const rows = parseCSV((await (await fetch(uri)).text()).replace(/^\ufeff/, ''));
  const header = rows.shift().map((h) => h.replace(/^"(.*)"$/, '$1'));
  const byId = new Map(rows.map((r) => [r[0], Object.fromEntries(header.map((h, i) => [h, r[i]]))]));
  return { size: list.size, byId };
}

async function prepared(page, path, rows) {
  await page.getByLabel('Choose file').setInputFiles(path);
  await page.locator('#step-check').waitFor({ state: 'visible', timeout: 60000 });
  await page.getByLabel(/Outbound contact list \(dialer\)/).check();
  await page.locator('#outbound-settings').waitFor({ state: 'visible' });
  assert.equal(await page.getByLabel(/Column with each contact's own ID/).inputValue(), 'Lead ID');
  await pressPrepare(page);
  await page.locator('#outbound').waitFor({ state: 'visible', timeout: 120000 });
  assert.match(await page.locator('#outbound-plan').innerText(), new RegExp(`${rows} contacts are ready`));
}

// chooseLists picks existing lists by name, in order, after showing them.
async function chooseLists(page, names, limit, way = 'Send through the API (1,000 contacts per request)') {
  await page.getByLabel(/Into contact lists I already have/).check();
  await page.getByLabel(way).check();
  await page.getByRole('button', { name: 'Show my contact lists' }).click();
  for (const name of names) await page.getByLabel(new RegExp(`^${name} \\(`)).check({ timeout: 30000 });
  if (limit) await page.getByLabel('Most contacts one list may hold').fill(String(limit));
}

async function finished(page, errors) {
  try {
    await page.getByRole('button', { name: 'Download lead-id-mapping.csv' }).waitFor({ timeout: 120000 });
  } catch (err) {
    throw new Error(`the sending did not finish: ${await page.locator('#outbound').innerText()}\npage errors: ${errors.join('\n')}`, { cause: err });
  }
}

async function mappingOf(page) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download lead-id-mapping.csv' }).click()]);
  const rows = parseCSV(readFileSync(await dl.path(), 'utf8').replace(/^\ufeff/, ''));
  assert.deepEqual(rows.shift(), ['Lead ID', 'contact_list_id', 'genesys_contact_id']);
  return rows.filter((r) => r.length > 1);
}

test('month 2 into the month-1 lists: updated where the Lead ID is, added otherwise, counts shown, mapping complete', async () => {
  const { contactLists: [may1, may2] } = await seed({ contactLists: [monthList('Leads May 1', 1, 1000), monthList('Leads May 2', 1001, 1500)] });
  const path = join(outDir, 'existing-june.csv');
  writeFileSync(path, leads(501, 2500, 'June')); // 501…1500 held (500 in each list), 1501…2500 new
  const { page, errors } = await openPage(browser.context, server.url);
  await prepared(page, path, '2,000');
  await chooseLists(page, ['Leads May 1', 'Leads May 2']);
  await page.getByRole('button', { name: 'Send to Genesys Cloud' }).last().click();
  const placement = page.locator('#outbound-placement');
  await placement.waitFor({ timeout: 60000 });
  assert.match(await placement.innerText(), /“Leads May 1”: 500 updated, 1,000 added \(2,000 of at most 1,000,000 contacts after\)\n“Leads May 2”: 500 updated, 0 added/);
  assert.equal(await page.locator('#outbound-spill').count(), 0, 'nothing spills');
  assert.deepEqual(await axe(page), [], 'axe on the placement');
  await shot(page, 'existing-1-placement');
  await page.getByRole('button', { name: 'Send into these lists' }).click();
  await finished(page, errors);
  assert.match(await page.locator('#outbound-status').innerText(), /Done: 2,000 contacts in 2 contact lists in Genesys Cloud: 1,000 updated, 1,000 added/);
  await shot(page, 'existing-2-done');

  const token = await genesysToken();
  const one = await contents(token, may1.id);
  const two = await contents(token, may2.id);
  assert.equal(one.size, 2000);
  assert.equal(two.size, 500);
  assert.equal(one.byId.get(leadId(1))['Last Name'], '', 'a lead not in June is left as it was');
  assert.equal(one.byId.get(leadId(501))['Last Name'], 'June', 'a held lead is updated in its list');
  assert.equal(two.byId.get(leadId(1200))['Last Name'], 'June');
  assert.equal(one.byId.get(leadId(2500))['Mobile'], '+14155553500', 'a new lead is added, its phone in E.164');

  const mapping = await mappingOf(page);
  assert.equal(mapping.length, 2000, 'one mapping row per contact sent, old and new');
  for (const [lead, list, contact] of mapping) {
    const n = Number(lead.slice(1));
    assert.equal(list, n >= 1001 && n <= 1500 ? may2.id : may1.id, `${lead}'s list`);
    assert.equal(contact, lead);
  }
  assert.deepEqual(errors.filter((e) => !/Failed to load resource|net::ERR/.test(e)), []);
  await page.close();
});

test('a list near its raised limit takes what fits; the rest spills into a new list, the admin told', async () => {
  const { contactLists: [small] } = await seed({ contactLists: [monthList('Leads Small', 1, 1000, 1200)] });
  const path = join(outDir, 'existing-spill.csv');
  writeFileSync(path, leads(901, 1500, 'July')); // 100 held, 500 new: 200 fit under 1,200
  const { page, errors } = await openPage(browser.context, server.url);
  await prepared(page, path, '600');
  await chooseLists(page, ['Leads Small'], 1200);
  await page.getByRole('button', { name: 'Send to Genesys Cloud' }).last().click();
  const placement = page.locator('#outbound-placement');
  await placement.waitFor({ timeout: 60000 });
  assert.match(await placement.innerText(), /“Leads Small”: 100 updated, 200 added \(1,200 of at most 1,200 contacts after\)\nA new contact list: 300 added/);
  assert.match(await page.locator('#outbound-spill').innerText(), /300 contacts do not fit in the lists you chose: they go into new contact lists/);
  await page.getByRole('button', { name: 'Send into these lists' }).click();
  await page.getByLabel('Name of the lists').fill('Leads July overflow');
  await page.getByRole('button', { name: 'Create 1 contact list' }).click({ timeout: 30000 });
  await finished(page, errors);
  assert.match(await page.locator('#outbound-status').innerText(), /Done: 600 contacts in 2 contact lists in Genesys Cloud: 100 updated, 500 added/);

  const token = await genesysToken();
  assert.equal((await contents(token, small.id)).size, 1200, 'the list is full, never over');
  const mapping = await mappingOf(page);
  const lists = new Set(mapping.map((r) => r[1]));
  assert.equal(mapping.length, 600);
  assert.equal(lists.size, 2);
  const overflow = [...lists].find((id) => id !== small.id);
  assert.equal((await contents(token, overflow)).size, 300);
  await page.close();
});

test('Lead IDs from a file and a column of phone numbers reach the DNC lists', async () => {
  const { dncLists: [leadIds, phones] } = await seed({
    dncLists: [
      { name: 'Lead IDs', dncSourceType: 'rds_custom', customExclusionColumn: 'Lead ID' },
      { name: 'Phones', dncSourceType: 'rds', contactMethod: 'Phone' },
      { name: 'National', dncSourceType: 'gryphon' },
    ],
  });
  const path = join(outDir, 'existing-dnc.csv');
  writeFileSync(path, leads(1, 30, 'Aug'));
  const dncFile = join(outDir, 'existing-dnc-ids.txt');
  writeFileSync(dncFile, 'Lead ID\r\nL0000007\r\nL0000008\r\n\r\n');
  const { page, errors } = await openPage(browser.context, server.url);
  await prepared(page, path, '30');
  await page.getByRole('button', { name: 'Show my do-not-contact lists' }).click();
  const list = page.getByLabel('Do-not-contact list', { exact: true });
  await list.waitFor({ timeout: 30000 });
  assert.match(await list.innerText(), /National \(takes nothing from here/);
  await list.selectOption({ label: 'Lead IDs' });
  await page.getByLabel('What to send').selectOption({ label: 'Another file' });
  await page.getByLabel('File with one entry per line').setInputFiles(dncFile);
  await page.getByRole('button', { name: 'Send to the do-not-contact list' }).click();
  await page.locator('#dnc-plan').waitFor({ timeout: 60000 });
  assert.match(await page.locator('#dnc-plan').innerText(), /^2 entries go to the do-not-contact list “Lead IDs”\.$/, 'the heading line is not an entry');
  assert.equal(await emulator(`/_emulator/dnclists/${leadIds.id}`).then((r) => r.json()).then((e) => e.length), 0, 'nothing before the admin confirms');
  await page.getByRole('button', { name: 'Send 2' }).click();
  await page.locator('#dnc-status', { hasText: 'Done' }).waitFor({ timeout: 60000 });
  assert.match(await page.locator('#dnc-status').innerText(), /Done: 2 entries sent to the do-not-contact list “Lead IDs”/);
  assert.deepEqual(await (await emulator(`/_emulator/dnclists/${leadIds.id}`)).json(), ['L0000007', 'L0000008']);

  await list.selectOption({ label: 'Phones' });
  await page.getByLabel('What to send').selectOption({ label: 'The column “Mobile” of the prepared file' });
  // A stopped sending of these numbers got 10 through: it resumes after them.
  await page.evaluate(async (id) => {
    const numbers = Array.from({ length: 30 }, (_, k) => `+1415555${String(1000 + k + 1).padStart(4, '0')}`);
    const d = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(numbers.join('\n'))));
    localStorage.setItem(`contactprep-dnc-${id}-${Array.from(d.slice(0, 16), (b) => b.toString(16).padStart(2, '0')).join('')}`, '10');
  }, phones.id);
  await page.getByRole('button', { name: 'Send to the do-not-contact list' }).click();
  await page.locator('#dnc-plan').waitFor({ timeout: 60000 });
  assert.match(await page.locator('#dnc-plan').innerText(), /30 phone numbers go to the do-not-contact list “Phones”\. 10 of them were sent before: the sending resumes after them\./);
  await page.getByRole('button', { name: 'Send 20' }).click();
  await page.locator('#dnc-status', { hasText: 'phone numbers sent' }).waitFor({ timeout: 60000 });
  assert.match(await page.locator('#dnc-status').innerText(), /Done: 30 phone numbers sent to the do-not-contact list “Phones”/);
  const numbers = await (await emulator(`/_emulator/dnclists/${phones.id}`)).json();
  assert.equal(numbers.length, 20, 'the 10 sent before are not sent again');
  assert.equal(numbers[0], '+14155551011');
  assert.ok(numbers.every((n) => /^\+1415555\d{4}$/.test(n)));
  assert.deepEqual(await axe(page), [], 'axe on the DNC part');
  assert.deepEqual(errors.filter((e) => !/Failed to load resource|net::ERR/.test(e)), []);
  await page.close();
});

test('existing.js renders text only', async () => {
  const js = await (await fetch(`${server.url}existing.js`)).text();
  assert.doesNotMatch(js, /innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
});

test('month 2 by CSV upload into the month-1 lists: the upload updates by Lead ID, counts shown', async () => {
  const { contactLists: [may1, may2] } = await seed({ contactLists: [monthList('Leads May 1', 1, 1000), monthList('Leads May 2', 1001, 1500)] });
  const path = join(outDir, 'existing-june-csv.csv');
  writeFileSync(path, leads(501, 2500, 'June'));
  const { page, errors } = await openPage(browser.context, server.url);
  await prepared(page, path, '2,000');
  await chooseLists(page, ['Leads May 1', 'Leads May 2'], 0, 'Upload a CSV file per list (Genesys Cloud imports it in the background)');
  await page.getByRole('button', { name: 'Send to Genesys Cloud' }).last().click();
  await page.getByRole('button', { name: 'Send into these lists' }).click({ timeout: 60000 });
  await finished(page, errors);
  assert.match(await page.locator('#outbound-status').innerText(), /Done: 2,000 contacts in 2 contact lists in Genesys Cloud: 1,000 updated, 1,000 added/);
  const token = await genesysToken();
  const one = await contents(token, may1.id);
  assert.equal(one.size, 2000);
  assert.equal((await contents(token, may2.id)).size, 500);
  assert.equal(one.byId.get(leadId(501))['Last Name'], 'June', 'the upload updated the held lead');
  assert.equal(one.byId.get(leadId(1))['Last Name'], '');
  const mapping = await mappingOf(page);
  const leadsMapped = new Set(mapping.map((r) => r[0]));
  for (let i = 501; i <= 2500; i++) assert.ok(leadsMapped.has(leadId(i)), `${leadId(i)} is mapped`);
  assert.equal(mapping.length, 2500, 'the mapping is of the lists: May\'s leads not sent in June too');
  assert.deepEqual(errors.filter((e) => !/Failed to load resource|net::ERR/.test(e)), []);
  await page.close();
});

test('a list without the columns of the file is named before anything is read back or sent', async () => {
  await seed({ contactLists: [{ name: 'Leads Other', columnNames: ['Lead ID', 'Mobile'], phoneColumns: [{ columnName: 'Mobile' }] }] });
  const path = join(outDir, 'existing-columns.csv');
  writeFileSync(path, leads(1, 20, 'Sept'));
  const { page, errors } = await openPage(browser.context, server.url);
  const posts = [];
  page.on('request', (r) => { if (r.method() === 'POST' && new URL(r.url()).pathname.startsWith('/api/outbound')) posts.push(new URL(r.url()).pathname); });
  await prepared(page, path, '20');
  await chooseLists(page, ['Leads Other']);
  await page.getByRole('button', { name: 'Send to Genesys Cloud' }).last().click();
  await page.locator('#outbound-problem li').first().waitFor({ timeout: 60000 });
  assert.match(await page.locator('#outbound-problem').innerText(), /the list "Leads Other" has no column "First Name"[\s\S]*no column "Home Phone"/);
  assert.match(await page.locator('#outbound-status').innerText(), /do not have the columns of your file/);
  assert.deepEqual(posts, [], 'nothing read back, nothing sent');
  assert.deepEqual(errors.filter((e) => !/Failed to load resource|net::ERR/.test(e)), []);
  await page.close();
});
