// Outbound contact lists, end to end: the page and the submission function
// under wrangler dev (as `make run` serves them), the Genesys emulator behind
// it. An admin prepares a CRM lead export (UTF-8 BOM, quoted headers, phones
// typed any way) for the dialer with "Lead ID" as the contact id and 2,000
// contacts per list, so 5,000 leads need 3 lists, created only after the admin
// confirms. Through the API the sending is interrupted (the page is closed with
// requests in flight), the page is opened again, the same file dropped, and the
// sending resumed: the batches confirmed before are not sent again, the others
// are, and every Lead ID ends up in exactly one list exactly once, with a
// complete lead-id-mapping.csv. Through CSV uploads, a second file goes into
// its lists and its mapping is read back from Genesys' export.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveWithFunction, launch, openPage, pressPrepare, shot, axe, outDir, parseCSV } from './harness.mjs';

const LEADS = 5000;
const LIST_SIZE = 2000;
const LISTS = [2000, 2000, 1000];
const BATCHES = LISTS.reduce((n, rows) => n + Math.ceil(rows / 1000), 0);

// leads writes a CRM-style export: a BOM, quoted headers, phones in the shapes
// admins type them. The Lead IDs start with prefix; rows are in Lead ID order.
function leads(prefix) {
  const shapes = [(n) => `(415) 555-${n}`, (n) => `415.555.${n}`, (n) => `+1 415 555 ${n}`, (n) => `1-415-555-${n}`];
  const lines = ['"Lead ID","First Name","Last Name","Mobile","Home Phone","Notes"'];
  for (let i = 1; i <= LEADS; i++) {
    const n = String(1000 + (i % 9000)).padStart(4, '0');
    const notes = i % 7 === 0 ? '"said ""call after 5"", prefers mobile"' : '';
    lines.push(`${prefix}${String(i).padStart(7, '0')},Ann${i},Lee,${shapes[i % 4](n)},${shapes[(i + 1) % 4](n)},${notes}`);
  }
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

const leadId = (prefix, i) => `${prefix}${String(i).padStart(7, '0')}`;

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

// genesys reads the emulated org through its own API, as any client would:
// a client-credentials token, the list (its size asked for, as Genesys counts only
// then), and its export (BOM, the list's own column names quoted twice as real
// exports have them, inin-outbound-id first).
async function genesysToken() {
  const res = await fetch(`${server.emulatorURL}/oauth/token`, {
    method: 'POST',
    headers: { Authorization: `Basic ${Buffer.from('contactprep-local:local-secret').toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  assert.equal(res.status, 200);
  return (await res.json()).access_token;
}

async function listContents(token, id) {
  const auth = { Authorization: `Bearer ${token}` };
  const base = `${server.emulatorURL}/api/v2/outbound/contactlists/${id}`;
  const list = await (await fetch(`${base}?includeSize=true`, { headers: auth })).json();
  assert.equal((await fetch(`${base}/export`, { method: 'POST', headers: auth })).status, 200);
  const { uri } = await (await fetch(`${base}/export?download=false`, { headers: auth })).json();
  const text = await (await fetch(uri)).text();
  const rows = parseCSV(text.replace(/^\ufeff/, ''));
  const header = rows.shift().map((h) => h.replace(/^"(.*)"$/, '$1'));
  const col = (name) => header.indexOf(name);
  return { list, header, rows, col };
}

async function expectAxeClean(page, step) {
  assert.deepEqual(await axe(page), [], `axe on ${step}`);
}

// contactRequests follows the page's batches to the function: the first Lead
// ID of each body says which batch it is, and whether it was answered with 200.
function watchBatches(page) {
  const seen = { sent: [], ok: [], creates: 0, uploads: 0, early: [] };
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (!url.pathname.startsWith('/api/')) return;
    if (r.method() === 'POST' && url.pathname === '/api/outbound/contactlists') seen.creates++;
    if (r.method() === 'POST' && /\/uploads$/.test(url.pathname)) seen.uploads++;
    if (r.method() === 'POST' && /\/contacts$/.test(url.pathname)) seen.sent.push(firstLead(r.postDataBuffer()?.toString("utf8")));
  });
  page.on('response', (res) => {
    const r = res.request();
    if (r.method() === 'POST' && /\/api\/outbound\/contactlists\/[^/]+\/contacts$/.test(new URL(r.url()).pathname) && res.status() === 200) {
      seen.ok.push(firstLead(r.postDataBuffer()?.toString("utf8")));
    }
  });
  return seen;
}

function firstLead(body) {
  return parseCSV(body ?? '')[1]?.[0];
}

async function chooseOutbound(page, path) {
  await page.getByLabel('Choose file').setInputFiles(path);
  await page.locator('#step-check').waitFor({ state: 'visible', timeout: 60000 });
  await page.getByLabel(/Outbound contact list \(dialer\)/).check();
  await page.locator('#outbound-settings').waitFor({ state: 'visible' });
  assert.equal(await page.getByLabel(/Column with each contact's own ID/).inputValue(), 'Lead ID', 'the Lead ID column is guessed');
  for (const phone of ['Mobile', 'Home Phone']) assert.ok(await page.getByLabel(phone, { exact: true }).isChecked(), `${phone} is taken for a phone column`);
  for (const other of ['Lead ID', 'First Name', 'Notes']) assert.ok(!(await page.getByLabel(other, { exact: true }).isChecked()), `${other} is no phone column`);
  await page.getByLabel('Contacts per list').fill(String(LIST_SIZE));
}

async function prepare(page) {
  await pressPrepare(page);
  await page.locator('#step-results').waitFor({ state: 'visible', timeout: 120000 });
  assert.match(await page.locator('#counts').innerText(), new RegExp(`Rows read\\s+5,000\\s+Ready to import\\s+5,000\\s+Left out \\(must fix\\)\\s+0`));
  await page.locator('#outbound').waitFor({ state: 'visible' });
  assert.match(await page.locator('#outbound-plan').innerText(), /5,000 contacts are ready, with “Lead ID” as each contact's id: 3 contact lists of at most 2,000 contacts/);
}

// finished waits for the end of a sending; a sending that stops says why in the failure.
async function finished(page, timeout, errors = []) {
  try {
    await page.getByRole('button', { name: 'Download lead-id-mapping.csv' }).waitFor({ timeout });
  } catch (err) {
    throw new Error(`the sending did not finish: ${await page.locator('#outbound').innerText()}\nstatus: ${await page.locator('#outbound-status').textContent()}\npage errors: ${errors.join('\n')}`, { cause: err });
  }
}

// downloadMapping saves lead-id-mapping.csv; once it is saved, the sending is
// forgotten on this computer: the store keeps no run of the file and no Lead
// ID of it (prefix), neither as a batch's pairs nor in a list's mapping.
async function downloadMapping(page, prefix, file) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download lead-id-mapping.csv' }).click()]);
  assert.equal(dl.suggestedFilename(), 'lead-id-mapping.csv');
  const text = readFileSync(await dl.path(), 'utf8');
  const mapping = parseCSV(text);
  // As the engine writes it (shared/leadmap): no byte-order mark, a newline after each row, quotes only where needed.
  assert.ok(!text.startsWith('\uFEFF'), 'no byte-order mark');
  assert.equal(text, `${mapping.filter((r) => r.length > 1).map((r) => r.join(',')).join('\n')}\n`);
  await page.waitForFunction(() => /saved to your downloads/.test(document.getElementById('outbound-status').textContent));
  const kept = await stored(page);
  assert.ok(!kept.includes(leadId(prefix, 1)), `no Lead ID ↔ contact id pair is kept once the mapping is saved: ${kept.slice(0, 300)}`);
  assert.ok(!kept.includes(file), 'the sending is forgotten');
  assert.ok(await page.getByRole('button', { name: 'Forget this sending' }).isHidden(), 'nothing left to forget');
  return mapping;
}

// stored reads every record of the page's progress store, as JSON text.
function stored(page) {
  return page.evaluate(readStore);
}

// storedWith waits until the page's progress store holds each of texts (it
// is written as batches end, not with the page's own words about them) and
// returns it, as stored does; it reads the store again each frame.
async function storedWith(page, texts) {
  const deadline = Date.now() + 30000;
  for (;;) {
    const s = await stored(page);
    if (texts.every((t) => s.includes(t))) return s;
    assert.ok(Date.now() < deadline, `the store never held ${texts.join(', ')}: ${s.slice(0, 300)}`);
    await page.evaluate(() => new Promise(requestAnimationFrame));
  }
}

// readStore runs in the page: every record of the progress store, as JSON text.
function readStore() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open('contactprep-outbound');
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      const db = req.result;
      const names = [...db.objectStoreNames];
      const t = db.transaction(names, 'readonly');
      const all = {};
      for (const name of names) t.objectStore(name).getAll().onsuccess = (e) => { all[name] = e.target.result; };
      t.oncomplete = () => { db.close(); resolve(JSON.stringify(all)); };
      t.onerror = () => reject(t.error);
    };
  });
}

// checkLists asserts every Lead ID is in exactly one of the lists exactly once,
// in order (list 1 has the first 2,000 leads …), with its phones in E.164, and
// that the mapping names each lead's list and contact id.
async function checkLists(prefix, listIds, mapping) {
  const token = await genesysToken();
  const where = new Map();
  for (const [n, id] of listIds.entries()) {
    const { list, header, rows, col } = await listContents(token, id);
    assert.equal(list.size, LISTS[n], `list ${n + 1} holds ${LISTS[n]} contacts`);
    assert.deepEqual(header.slice(0, 7), ['inin-outbound-id', 'Lead ID', 'First Name', 'Last Name', 'Mobile', 'Home Phone', 'Notes']);
    const first = LISTS.slice(0, n).reduce((a, b) => a + b, 0);
    const ids = rows.map((r) => r[col('inin-outbound-id')]).sort();
    const want = Array.from({ length: LISTS[n] }, (_, i) => leadId(prefix, first + i + 1)).sort();
    assert.deepEqual(ids, want, `list ${n + 1} holds exactly its leads, each once`);
    for (const r of rows) {
      assert.equal(r[col('Lead ID')], r[col('inin-outbound-id')], 'the contact id is the Lead ID');
      assert.match(r[col('Mobile')], /^\+1415555\d{4}$/, 'mobile in E.164');
      assert.match(r[col('Home Phone')], /^\+1415555\d{4}$/, 'home phone in E.164');
      assert.ok(!where.has(r[col('Lead ID')]), `${r[col('Lead ID')]} is in one list only`);
      where.set(r[col('Lead ID')], id);
    }
    const sample = rows.find((r) => r[col('Lead ID')] === leadId(prefix, first + 7 - (first % 7)));
    if (sample) assert.equal(sample[col('Notes')], 'said "call after 5", prefers mobile');
  }
  assert.equal(where.size, LEADS, 'no lead is missing');

  assert.deepEqual(mapping[0], ['Lead ID', 'contact_list_id', 'genesys_contact_id']);
  const body = mapping.slice(1).filter((r) => r.length > 1);
  assert.equal(body.length, LEADS, 'one mapping row per lead');
  const mapped = new Set();
  for (const [lead, list, contact] of body) {
    assert.ok(!mapped.has(lead), `${lead} is mapped once`);
    mapped.add(lead);
    assert.equal(list, where.get(lead), `${lead}'s list`);
    assert.equal(contact, lead, `${lead}'s contact id`);
  }
}

// listIdsShown reads the created lists' ids from the mapping, in list order.
function listIdsOf(mapping) {
  const ids = [];
  for (const r of mapping.slice(1)) if (r.length > 1 && !ids.includes(r[1])) ids.push(r[1]);
  return ids;
}

const faults = (method, body) => fetch(`${server.emulatorURL}/_emulator/faults`, {
  method, headers: { 'Content-Type': 'application/json' }, body: body && JSON.stringify(body),
});

test('API batches: 3 lists created on confirm, interrupted, resumed, each Lead ID once, complete mapping', async () => {
  const path = join(outDir, 'outbound-leads-api.csv');
  writeFileSync(path, leads('L'));

  // First visit: prepare; nothing leaves the page before Send.
  const first = await openPage(browser.context, server.url);
  let page = first.page;
  const requests = [];
  page.on('request', (r) => requests.push(`${r.method()} ${new URL(r.url()).pathname}`));
  const one = watchBatches(page);
  await chooseOutbound(page, path);
  await expectAxeClean(page, 'the contact list settings');
  await shot(page, 'outbound-1-settings');
  await prepare(page);
  assert.deepEqual(requests.filter((r) => r.includes('/api/') || !r.startsWith('GET ')), [], 'no request to the API before Send');
  await page.getByLabel('Send through the API (1,000 contacts per request)').check();
  await expectAxeClean(page, 'the outbound send step');

  // The first two batches go through; every later one hangs at Genesys, so
  // the page is closed with requests in flight: a deterministic interruption.
  assert.equal((await faults('POST', [
    { path: '/api/v2/outbound/contactlists/', method: 'POST', delay: '1ms', times: 2 },
    { path: '/api/v2/outbound/contactlists/', method: 'POST', delay: '5m', times: -1 },
  ])).status, 204);
  await page.getByRole('button', { name: 'Send to Genesys Cloud' }).last().click();
  const create = page.getByRole('button', { name: 'Create 3 contact lists' });
  await create.waitFor({ timeout: 60000 });
  assert.equal(one.creates, 0, 'no list is created before the admin confirms');
  assert.match(await page.locator('#outbound-confirm').innerText(), /outbound-leads-api \(1 of 3\): 2,000 contacts[\s\S]*\(3 of 3\): 1,000 contacts/);
  await shot(page, 'outbound-2-confirm');
  await expectAxeClean(page, 'the confirmation');
  await create.click();
  await page.waitForSelector('body[data-outbound-sent="2000"]', { timeout: 60000 });
  assert.equal(one.creates, 3, 'three lists created');
  assert.equal(one.ok.length, 2, 'two batches answered');
  assert.ok(one.sent.length > 2, 'more batches were in flight');
  await shot(page, 'outbound-3-sending');
  await page.close();
  assert.equal((await faults('DELETE')).status, 204);

  // Second visit: the same file is recognised and the sending resumed.
  const second = await openPage(browser.context, server.url);
  page = second.page;
  const two = watchBatches(page);
  await page.getByLabel('Choose file').setInputFiles(path);
  const banner = page.locator('#resume');
  await banner.waitFor({ state: 'visible', timeout: 60000 });
  assert.match(await banner.innerText(), /through the API to 3 contact lists: 2,000 of 5,000 contacts are in Genesys Cloud/);
  await expectAxeClean(page, 'the resume offer');
  await shot(page, 'outbound-4-resume');
  await page.getByRole('button', { name: 'Resume', exact: true }).click();
  await page.locator('#step-results').waitFor({ state: 'visible', timeout: 120000 });
  const resume = page.getByRole('button', { name: 'Resume sending' });
  await resume.waitFor({ timeout: 30000 });
  assert.equal(await page.getByLabel('Contacts per list').inputValue(), String(LIST_SIZE), 'the settings are restored');
  assert.ok(await page.getByLabel('Send through the API (1,000 contacts per request)').isChecked());
  await resume.click();
  await finished(page, 120000, second.errors);
  assert.match(await page.locator('#outbound-status').innerText(), /Done: 5,000 contacts in 3 contact lists/);
  assert.match(await page.locator('#outbound-progress').innerText(), /5,000 of 5,000 contacts sent · 5 of 5 requests done/);
  await shot(page, 'outbound-5-done');
  await expectAxeClean(page, 'the end of the sending');

  // Nothing confirmed before was sent again; nothing else was skipped.
  assert.equal(two.creates, 0, 'no list created again');
  const all = Array.from({ length: BATCHES }, (_, i) => i).map((b) => {
    const list = b < 2 ? 0 : b < 4 ? 1 : 2;
    const offset = [0, 2000, 4000][list] + (b - [0, 2, 4][list]) * 1000;
    return leadId('L', offset + 1);
  });
  assert.deepEqual([...two.ok].sort(), all.filter((l) => !one.ok.includes(l)).sort(), 'the second visit sent exactly the batches not confirmed before');
  assert.equal(two.sent.length, two.ok.length, 'each of them once');

  const mapping = await downloadMapping(page, 'L', 'outbound-leads-api.csv');
  const ids = listIdsOf(mapping);
  assert.equal(ids.length, 3);
  await checkLists('L', ids, mapping);
  assert.deepEqual([...first.errors, ...second.errors].filter((e) => !/Failed to load resource|net::ERR/.test(e)), []);
  await page.close();
});

test('CSV upload per list: all lists uploaded, mapping read back from the export', async () => {
  const path = join(outDir, 'outbound-leads-csv.csv');
  writeFileSync(path, leads('M'));
  const { page, errors } = await openPage(browser.context, server.url);
  const seen = watchBatches(page);
  await chooseOutbound(page, path);
  await prepare(page);
  assert.ok(await page.getByLabel('Upload a CSV file per list (Genesys Cloud imports it in the background)').isChecked(), 'CSV upload is the default way');
  await page.getByRole('button', { name: 'Send to Genesys Cloud' }).last().click();
  await page.getByRole('button', { name: 'Create 3 contact lists' }).click({ timeout: 60000 });
  await finished(page, 180000, errors);
  assert.equal(seen.creates, 3);
  assert.equal(seen.uploads, 3, 'one upload part per list');
  assert.equal(seen.sent.length, 0, 'no API batches');
  assert.match(await page.locator('#outbound-progress').innerText(), /5,000 of 5,000 contacts sent · 3 of 3 files done/);
  await shot(page, 'outbound-6-csv-done');
  await expectAxeClean(page, 'the CSV way done');
  const mapping = await downloadMapping(page, 'M', 'outbound-leads-csv.csv');
  await checkLists('M', listIdsOf(mapping), mapping);
  assert.deepEqual(errors, []);
});

test('a list made while the page was closed before keeping its id is found, not made again', async () => {
  const path = join(outDir, 'outbound-leads-keep.csv');
  writeFileSync(path, leads('K'));
  const first = await openPage(browser.context, server.url);
  let page = first.page;
  await chooseOutbound(page, path);
  await prepare(page);
  // Genesys makes the first list, but its answer never comes: the page is closed
  // while it waits, as an admin closing the tab would.
  assert.equal((await faults('POST', { path: '/api/v2/outbound/contactlists', method: 'POST', act: true, delay: '5m', status: 504 })).status, 204);
  await page.getByRole('button', { name: 'Send to Genesys Cloud' }).last().click();
  await page.getByRole('button', { name: 'Create 3 contact lists' }).click({ timeout: 60000 });
  const token = await genesysToken();
  const madeLists = async () => (await (await fetch(`${server.emulatorURL}/api/v2/outbound/contactlists?name=outbound-leads-keep&pageSize=100`,
    { headers: { Authorization: `Bearer ${token}` } })).json()).entities;
  while ((await madeLists()).length === 0) await new Promise((r) => setTimeout(r, 100));
  await page.close();
  assert.equal((await faults('DELETE')).status, 204);

  const second = await openPage(browser.context, server.url);
  page = second.page;
  const two = watchBatches(page);
  await page.getByLabel('Choose file').setInputFiles(path);
  await page.locator('#resume').waitFor({ state: 'visible', timeout: 60000 });
  await page.getByRole('button', { name: 'Resume', exact: true }).click();
  await page.locator('#step-results').waitFor({ state: 'visible', timeout: 120000 });
  // Nothing was sent yet: the page offers to send, and asks no confirmation again.
  await page.getByRole('button', { name: 'Send to Genesys Cloud' }).last().click({ timeout: 30000 });
  await finished(page, 180000, second.errors);
  assert.equal(two.creates, 3, 'the three lists asked for again with the names and keys kept');
  const made = await madeLists();
  assert.equal(made.length, 3, `three lists, the first found rather than made twice: ${made.map((l) => l.name).join(', ')}`);
  const mapping = await downloadMapping(page, 'K', 'outbound-leads-keep.csv');
  await checkLists('K', listIdsOf(mapping), mapping);
  await page.close();
});

test('Forget this sending: an unfinished sending is emptied from this computer, after a confirmation', async () => {
  const file = 'outbound-leads-forget.csv';
  const path = join(outDir, file);
  writeFileSync(path, leads('F'));
  const { page, errors } = await openPage(browser.context, server.url);
  await chooseOutbound(page, path);
  await prepare(page);
  const forget = page.getByRole('button', { name: 'Forget this sending' });
  assert.ok(await forget.isHidden(), 'nothing to forget before a sending');
  await page.getByLabel('Send through the API (1,000 contacts per request)').check();
  // The first batch goes through; the others hang at Genesys until paused.
  assert.equal((await faults('POST', [
    { path: '/api/v2/outbound/contactlists/', method: 'POST', delay: '1ms', times: 1 },
    { path: '/api/v2/outbound/contactlists/', method: 'POST', delay: '5m', times: -1 },
  ])).status, 204);
  await page.getByRole('button', { name: 'Send to Genesys Cloud' }).last().click();
  await page.getByRole('button', { name: 'Create 3 contact lists' }).click({ timeout: 60000 });
  await page.waitForSelector('body[data-outbound-sent="1000"]', { timeout: 60000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.getByRole('button', { name: 'Resume sending' }).waitFor({ timeout: 30000 });
  assert.equal((await faults('DELETE')).status, 204);
  const before = await storedWith(page, [leadId('F', 1), file]); // the paused sending is kept, with the pairs of its first batch

  // Asked first, in plain words; "No" keeps it.
  await forget.click();
  const confirmBox = page.locator('#outbound-confirm');
  assert.match(await confirmBox.innerText(), /Forget this sending on this computer\? The 1,000 contacts already sent stay in their lists in Genesys Cloud\. This page will no longer resume the sending/);
  await expectAxeClean(page, 'the question before forgetting');
  await page.getByRole('button', { name: 'No, keep it' }).click();
  assert.equal(await stored(page), before, 'kept when the admin says no');
  await forget.click();
  await page.getByRole('button', { name: 'Yes, forget it' }).click();
  await page.waitForFunction(() => /^Forgotten on this computer/.test(document.getElementById('outbound-status').textContent));
  assert.match(await page.locator('#outbound-status').innerText(), /The 1,000 contacts already sent stay in their lists in Genesys Cloud/);
  const after = await stored(page);
  assert.ok(!after.includes(leadId('F', 1)) && !after.includes(file), `the store holds nothing of the sending: ${after.slice(0, 300)}`);
  assert.ok(await forget.isHidden());
  assert.ok(await page.getByRole('button', { name: 'Send to Genesys Cloud' }).last().isEnabled(), 'the file can be sent afresh');
  assert.deepEqual(errors.filter((e) => !/Failed to load resource|net::ERR/.test(e)), []);
  await page.close();
});

test('the outbound scripts render text only, under the strict Content-Security-Policy', async () => {
  const res = await fetch(server.url);
  assert.match(res.headers.get('content-security-policy'), /connect-src 'self';/);
  for (const file of ['outbound.js', 'resume.js', 'app.js']) {
    const js = await (await fetch(server.url + file)).text();
    assert.doesNotMatch(js, /innerHTML|outerHTML|insertAdjacentHTML|document\.write/, `${file} renders text only`);
  }
});
