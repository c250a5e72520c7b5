// The page speaks plainly and holds its layout (issue 19 items 5 and 7), in
// headless Chromium: a file with many kinds of findings is read, prepared and
// every row shown, and no banned word (test/banned.mjs) is anywhere on the
// page; at 1366×800 and at 200 % zoom (the same window at half the CSS
// pixels and twice the device pixel ratio) nothing but the table of rows
// scrolls sideways, no control or step heading reaches out of the window;
// the steps read 1 to 5; an all-clear file says so; axe at each state.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serve, launch, openPage, axe, shot, outDir } from './harness.mjs';
import { bannedIn } from './banned.mjs';

// messy has a row of every common kind: phones to rewrite and one invalid,
// Excel damage, an account conflict, an exact copy, a missing last name, a
// shared Contact ID, a bad e-mail, a web address without https, a yes/no
// that is neither, a formula, a value too long.
const messy = [
  'Customer ID;First Name;Last Name;Mobile;Company ID;Company;Website;Email;Opt out;Notes',
  'C1;José;Müller;(415) 555-2671;A1;Acme;acme.example;jose@acme.example;no;',
  'C2;Zoë;Ng;555-1234;A1;Acme;;zoe@@acme;maybe;',
  'C3;Ann;Lee;4.15555E+09;A2;Beta;;ann@beta.example;;',
  'C4;Bo;Ray;2125550199;A2;Beta Ltd;;;;',
  'C5;Cy;Ho;Tel: (312) 555-2671;;;;;;',
  'C5;Cy;Ho;Tel: (312) 555-2671;;;;;;',
  'C6;Di;;+44 20 7946 0958;;;;;;',
  'C7;Ed;Po;+33 6 12 34 56 78;;;;;;=SUM(A1)',
  'C7;Eddy;Po;+33 6 12 34 56 78;;;;;;',
  `C8;${'F'.repeat(300)};Go;+1 415 555 0100;;;;;;`,
].join('\r\n') + '\r\n';

const clean = [
  'Contact ID,First Name,Last Name,Mobile,Account ID,Account Name',
  'K1,Ann,Lee,+14155552671,A1,Acme',
  'K2,Bo,Kim,+14155550123,A1,Acme',
].join('\r\n') + '\r\n';

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

const write = (name, text, encoding = 'utf8') => {
  const path = join(outDir, name);
  writeFileSync(path, Buffer.from(text, encoding));
  return path;
};

// scan fails on any banned word in what the page shows, on a page that
// scrolls sideways (only the table of rows may, inside itself), on a
// control or a step's heading that reaches out of the window, and on a
// heading whose words do not fit in it.
async function scan(page, state) {
  const text = await page.locator('body').innerText();
  assert.deepEqual(bannedIn(text), [], `banned words at ${state}`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `${state}: the page is ${overflow} px wider than the window`);
  const outside = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const grid = document.getElementById('grid');
    const found = [];
    for (const e of document.querySelectorAll('button, select, input, label.button, summary, .step h2, .step h3')) {
      if (grid.contains(e) || e.closest('.visually-hidden') || !e.checkVisibility()) continue;
      const r = e.getBoundingClientRect();
      const name = `${e.tagName.toLowerCase()} “${(e.textContent.trim() || e.id).slice(0, 40)}”`;
      if (r.left < -0.5 || r.right > width + 0.5) found.push(`${name} spans ${Math.round(r.left)} to ${Math.round(r.right)} of ${width} px`);
      if (/^H[23]$/.test(e.tagName) && (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1)) found.push(`${name}: its words overflow it`);
    }
    return found;
  });
  assert.deepEqual(outside, [], `${state}: out of the window`);
  assert.deepEqual(await axe(page), [], `axe at ${state}`);
}

// A window of 1366×800 at 100 % and at 200 % zoom: at 200 %, the page is
// laid out in 683×400 CSS pixels, each drawn with 2×2 device pixels.
for (const [label, window] of [['1366×800', { viewport: { width: 1366, height: 800 }, deviceScaleFactor: 1 }],
  ['1366×800 at 200 % zoom', { viewport: { width: 683, height: 400 }, deviceScaleFactor: 2 }]]) {
  test(`plain words and a layout that holds at ${label}`, async (t) => {
    const zoomed = await launch(window);
    t.after(() => zoomed.close());
    const { page, errors } = await openPage(zoomed.context, server.url);
    assert.deepEqual(await page.evaluate(() => [innerWidth * devicePixelRatio, innerHeight * devicePixelRatio]), [1366, 800], 'the window in device pixels');
    await page.getByLabel('Choose file').setInputFiles(write('plain-messy.csv', messy, 'latin1'));
    await page.locator('#step-check').waitFor({ state: 'visible', timeout: 60000 });
    // The encoding by the name people know, with a way to change it.
    const encoding = page.getByLabel('Text encoding');
    assert.match(await encoding.locator('option:checked').innerText(), /Western European \(Windows-1252\)/);
    await page.locator('#inputs details.columns summary').click();
    await scan(page, `step 2 at ${label}`);
    await page.getByRole('button', { name: 'Prepare contacts' }).click();
    await page.locator('#step-results').waitFor({ state: 'visible', timeout: 60000 });
    await page.getByLabel('Severity').selectOption('');
    await page.locator('#rows-count', { hasText: '10 rows shown' }).waitFor();
    await page.locator('#about-files summary').click();
    // Every row's details, one after another.
    await page.locator('#grid [role=row][aria-rowindex="2"] [role=gridcell]').first().click();
    for (let r = 0; r < 10; r++) {
      await page.locator('#row-detail h4').waitFor();
      const detail = await page.locator('#row-detail').innerText();
      assert.deepEqual(bannedIn(detail), [], `row ${r + 1}'s details`);
      await page.keyboard.press('ArrowDown');
    }
    await scan(page, `step 4 at ${label}`);
    // The steps read 1 to 5, each visible.
    assert.deepEqual(await page.locator('.step:visible .num').allInnerTexts(), ['1', '2', '3', '4', '5']);
    assert.match(await page.locator('#excel-note').innerText(), /From Text\/CSV/);
    await shot(page, `plain-${window.viewport.width}`);
    assert.deepEqual(errors, []);
  });
}

test('an all-clear file says nothing needs attention and sends to step 5', async () => {
  const { page, errors } = await openPage(browser.context, server.url);
  await page.setViewportSize({ width: 1366, height: 800 });
  await page.getByLabel('Choose file').setInputFiles(write('plain-clean.csv', clean));
  await page.locator('#step-check').waitFor({ state: 'visible', timeout: 60000 });
  await page.getByRole('button', { name: 'Prepare contacts' }).click();
  await page.locator('#step-results').waitFor({ state: 'visible', timeout: 60000 });
  assert.equal(await page.locator('#kinds').innerText(), 'Nothing needs your attention: go to step 5.');
  assert.equal(await page.locator('#counts .rejected').count(), 0, 'no red "Left out 0"');
  await page.locator('#rows-count', { hasText: '0 rows shown' }).waitFor();
  const height = await page.locator('#grid').evaluate((g) => g.getBoundingClientRect().height);
  assert.ok(height < 150, `the empty table is ${height} px tall`);
  await scan(page, 'an all-clear file');
  assert.deepEqual(errors, []);
});
