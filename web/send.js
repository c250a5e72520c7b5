// The Send step: the cleaned file goes to Genesys Cloud through the submission
// function, and only when the admin presses Send. The admin signs in with
// Genesys Cloud, sees its trial run (the dry run: what it would import, nothing
// imported yet), then imports or cancels, part by part. Every value from the
// engine or the API is rendered as text.
import {
  ApiError, Offline, getConfig, signInRequest, openSignIn, awaitSignIn, usable,
  submitFile, waitForJob, continueJob, cancelJob, getReport, dryRunDone, ended, getDivisions,
} from './submit.js';
import { severityWords, describeRefusal } from './words.js';
import { el } from './dom.js';

// The longest the page waits for a trial run or an import before it says so.
const WAIT_MS = 15 * 60 * 1000;
// The trial run's failures listed one by one; "Show these rows" shows them all.
const FAILURES_SHOWN = 50;

const num = (n) => Number(n ?? 0).toLocaleString('en-US');
const contacts = (n) => `${num(n)} ${n === 1 ? 'contact' : 'contacts'}`;

// Send drives the elements of the Send part of step 5. getCleaned returns the
// engine's cleaned download ({name, type, blob}); page names rows of what was
// sent in the admin's terms and shows them (findingsList).
export class Send {
  constructor({ getCleaned, page }) {
    this.getCleaned = getCleaned;
    this.page = page;
    this.auth = null; // {token, expires} after signing in; in memory only
    this.cfg = null;
    this.run = null; // the AbortController of the sending under way
    this.ready = 0;
    this.box = document.getElementById('send');
    this.button = document.getElementById('submit');
    this.status = document.getElementById('send-status');
    this.problemBox = document.getElementById('send-problem');
    this.partsBox = document.getElementById('send-parts');
    this.target = document.getElementById('send-target');
    this.button.addEventListener('click', () => this.start());
    // Where config and signIn speak: this part of the page, unless a caller
    // (the outbound part, outbound.js) passes its own.
    this.ui = {
      say: (text, isError) => this.say(text, isError),
      box: this.partsBox,
      target: this.target,
      unavailable: 'Download the cleaned file instead and import it in Genesys Cloud: Directory > External Contacts > Bulk CSV Import.',
    };
  }

  // reset forgets the shown jobs and stops any sending: a new file was prepared.
  // A trial run still waiting for the admin's choice is cancelled.
  reset(ready) {
    this.run?.abort();
    this.run = null;
    this.partsBox.replaceChildren();
    this.problemBox.replaceChildren();
    this.say('');
    this.update(ready);
  }

  // update follows the count of ready rows after an edit.
  update(ready) {
    this.ready = ready;
    this.button.disabled = this.run !== null || ready === 0;
  }

  say(text, isError = false) {
    this.status.textContent = text;
    this.status.classList.toggle('error-text', isError);
  }

  async start() {
    if (this.run) return;
    const run = new AbortController();
    this.run = run;
    this.button.disabled = true;
    this.partsBox.replaceChildren();
    this.problemBox.replaceChildren();
    // what and file: the part being sent, for the messages; imported: whether
    // Genesys may have imported anything yet (so a failure never claims "nothing").
    const progress = { what: 'the file', file: 'the sent file', imported: false };
    try {
      this.say('Connecting…');
      const cfg = await this.config();
      if (!cfg) return;
      const token = await this.signIn(cfg, run.signal);
      if (token === undefined) return;
      const choices = await this.choose(token, run.signal);
      if (!choices) return;
      progress.choices = choices;
      this.say('Reading the cleaned file…');
      const parts = await partsOf(await this.getCleaned());
      for (const [i, part] of parts.entries()) {
        await this.sendPart(part, parts.length > 1 ? `Part ${i + 1} of ${parts.length}: ${part.name}` : part.name, token, run.signal, progress);
      }
      if (parts.length > 1) this.say('All parts are done.');
    } catch (err) {
      if (!run.signal.aborted) await this.problem(err, progress);
    } finally {
      if (this.run === run) {
        this.run = null;
        this.update(this.ready);
      }
    }
  }

  // config asks the function for its settings; it returns null (and says why)
  // when this copy of the page runs without it.
  async config(ui = this.ui) {
    try {
      this.cfg = await getConfig();
      ui.target.textContent = this.cfg.region === 'local'
        ? 'Sending to: the local Genesys Cloud emulator, for trying this out (no real organization is reached).'
        : `Sending to: your Genesys Cloud organization (region ${this.cfg.region}).`;
      return this.cfg;
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) {
        ui.say(`Sending is not available on this copy of the page. ${ui.unavailable}`, true);
        return null;
      }
      throw err;
    }
  }

  // signIn returns the token to send with (null in service mode, where
  // Cloudflare Access vouches for the admin), or undefined when the admin stopped.
  async signIn(cfg, signal, ui = this.ui) {
    if (cfg.authMode !== 'genesys') return null;
    if (usable(this.auth)) return this.auth.token;
    const req = await signInRequest(cfg);
    const stop = new AbortController();
    signal.addEventListener('abort', () => stop.abort());
    const actions = el('p', null, { class: 'actions' });
    if (openSignIn(req)) {
      ui.say('Sign in with your Genesys Cloud account in the window that opened. This page waits for you.');
    } else {
      ui.say('Your browser blocked the Genesys Cloud sign-in window. Press "Sign in with Genesys Cloud" to open it.', true);
      actions.append(el('button', 'Sign in with Genesys Cloud', { type: 'button', class: 'primary', onclick: () => openSignIn(req) }));
    }
    actions.append(el('button', 'Stop waiting', { type: 'button', onclick: () => stop.abort() }));
    ui.box.append(actions);
    try {
      this.auth = await awaitSignIn(req, stop.signal);
      return this.auth.token;
    } catch (err) {
      if (err.name === 'AbortError') {
        if (!signal.aborted) ui.say('Not signed in, so nothing was sent. Press "Send to Genesys Cloud" to try again.');
        return undefined;
      }
      throw err;
    } finally {
      actions.remove();
    }
  }

  // choose asks what Genesys Cloud asks before an import: the division the new
  // contacts go to (of those the admin may add contacts in), how rows meet
  // contacts already there, and whether to merge. It resolves to the
  // submission's settings ({division, matchingCriteria, mergeContacts}), or to
  // null when the admin stopped or may add contacts in no division. The
  // choices are remembered per org (by its home division) and offered again.
  async choose(token, signal) {
    this.say('Reading your divisions in Genesys Cloud…');
    const divisions = await getDivisions(token);
    if (signal.aborted) return null;
    if (divisions.length === 0) {
      this.say('Your Genesys Cloud account may not add external contacts in any division, so nothing was sent. Ask a Genesys Cloud administrator for that permission, then send again.', true);
      return null;
    }
    const home = divisions.find((d) => d.homeDivision) ?? divisions[0];
    const key = `contactprep.send.v1:${home.id}`;
    const saved = JSON.parse(localStorage.getItem(key) ?? '{}');
    const form = el('div', null, { class: 'send-choices', role: 'group', 'aria-labelledby': 'h-send-choices' });
    form.append(el('h4', 'Before the trial run', { id: 'h-send-choices' }));
    const p = el('p');
    p.append(el('label', 'Division for the new contacts', { for: 'send-division' }), ' ');
    const select = el('select', null, { id: 'send-division', 'aria-describedby': 'send-division-note' });
    select.append(el('option', 'Choose a division', { value: '' }));
    for (const d of divisions) {
      select.append(el('option', d.homeDivision ? `${d.name} (your organization's home division)` : d.name, { value: d.id, selected: d.id === saved.division }));
    }
    p.append(select);
    form.append(p, el('p', "A contact's division cannot be changed after it is created: choose the division these contacts belong in.", { id: 'send-division-note', class: 'hint' }));
    const matching = el('fieldset');
    matching.append(el('legend', 'A row is a contact already in Genesys Cloud when it has the same Contact ID, or also the same'));
    const chosen = saved.matching ?? '';
    for (const [value, label] of [['Email', 'E-mail address'], ['Phone', 'Phone number'], ['', 'Nothing else: only the Contact ID']]) {
      const id = `send-match-${value || 'none'}`;
      const line = el('p');
      line.append(el('input', null, { type: 'radio', name: 'send-match', id, value, checked: value === chosen }), el('label', label, { for: id }));
      matching.append(line);
    }
    form.append(matching);
    const mergeLine = el('p');
    const merge = el('input', null, { type: 'checkbox', id: 'send-merge', checked: !!saved.merge });
    mergeLine.append(merge, el('label', 'When a row is several contacts already in Genesys Cloud, merge them into one (otherwise only the first is updated)', { for: 'send-merge' }));
    form.append(mergeLine);
    const problem = el('p', null, { class: 'alert', role: 'status' });
    const actions = el('p', null, { class: 'actions' });
    const go = el('button', 'Start the trial run', { type: 'button', class: 'primary' });
    const stop = el('button', 'Do not send', { type: 'button' });
    actions.append(go, stop);
    form.append(problem, actions);
    this.partsBox.append(form);
    this.say('Choose where the contacts go, then start the trial run. Nothing is imported before you press Import.');
    select.focus();
    try {
      return await new Promise((resolve) => {
        go.addEventListener('click', () => {
          if (!select.value) {
            problem.textContent = 'Choose the division for the new contacts first.';
            select.focus();
            return;
          }
          const match = form.querySelector('input[name=send-match]:checked')?.value ?? '';
          localStorage.setItem(key, JSON.stringify({ division: select.value, matching: match, merge: merge.checked }));
          resolve({ division: select.value, matchingCriteria: match ? [match] : [], mergeContacts: merge.checked });
        });
        stop.addEventListener('click', () => {
          this.say('Nothing was sent. Press "Send to Genesys Cloud" when you are ready.');
          resolve(null);
        });
        signal.addEventListener('abort', () => resolve(null));
      });
    } finally {
      form.remove();
    }
  }

  // sendPart sends one import file with the admin's choices (progress.choices),
  // shows the trial run, and waits for the admin's decision, then for the import.
  async sendPart(part, title, token, signal, progress) {
    const stopped = () => { if (signal.aborted) throw new DOMException('a new file was prepared', 'AbortError'); };
    progress.what = title;
    progress.file = part.name;
    const card = el('div', null, { class: 'part' });
    progress.unsent = card;
    card.append(el('h4', title));
    const line = el('p', 'Genesys Cloud does a trial run first: it checks every row and imports nothing yet. This takes from a few seconds to a few minutes.', { class: 'status' });
    card.append(line);
    this.partsBox.append(card);
    this.say(`Sending ${title} (${size(part.blob.size)}) to Genesys Cloud for a trial run…`);
    let job = await submitFile(token, part.blob, { fileName: part.name, ...progress.choices });
    progress.unsent = null;
    stopped();
    if (job.warnings?.length) card.append(await findingsList(job.warnings, 0, (f) => ({ part: part.name, row: f.row }), this.page));
    if (!dryRunDone(job)) {
      this.say(`Genesys Cloud is checking ${title}…`);
      job = await waitForJob(token, job.id, dryRunDone, { timeoutMs: WAIT_MS });
      stopped();
    }
    if (job.existing) card.append(el('p', existingWords(job)));
    if (ended(job) || !job.dryRun) {
      this.finished(card, line, job, title, progress);
      return;
    }

    line.textContent = 'Trial run done. Nothing is imported yet: check the numbers, then choose.';
    const dry = job.dryRun;
    const trial = el('div', null, { class: 'trial' });
    trial.append(counts([['Would be imported', dry.success, 'ready'], ['Would fail', dry.failed, dry.failed ? 'rejected' : '']]));
    const report = link(dry.reportUrl, dry.failed ? "Genesys Cloud's report of the trial run: why each row would fail" : "Genesys Cloud's report of the trial run");
    if (report) trial.append(report);
    const choice = el('p', null, { class: 'actions' });
    const importButton = el('button', `Import ${contacts(dry.success)}`, { type: 'button', class: 'primary', disabled: dry.success === 0 });
    const cancelButton = el('button', 'Cancel: import nothing', { type: 'button' });
    choice.append(importButton, cancelButton);
    // Rows that would fail are shown on the admin's rows; Import waits until
    // the admin has said they read them.
    const failed = dry.failed > 0 ? await this.trialFailures(token, job.id, part.name, dry) : null;
    stopped();
    if (failed) {
      trial.append(failed.box);
      importButton.disabled = true;
      failed.ack.addEventListener('change', () => { importButton.disabled = dry.success === 0 || !failed.ack.checked; });
    }
    trial.append(choice);
    card.append(trial);
    this.say(`Trial run of ${title} done: ${contacts(dry.success)} would be imported, ${num(dry.failed)} would fail. Nothing is imported until you press Import.`);
    (failed ? failed.box.querySelector('button, input') : dry.success > 0 ? importButton : cancelButton).focus();
    const decision = await new Promise((resolve) => {
      importButton.addEventListener('click', () => resolve('import'));
      cancelButton.addEventListener('click', () => resolve('cancel'));
      failed?.retry?.addEventListener('click', () => resolve('retry'));
      signal.addEventListener('abort', () => resolve('abandon'));
    });
    importButton.disabled = true;
    cancelButton.disabled = true;
    failed?.box.querySelectorAll('button, input').forEach((b) => { b.disabled = true; });
    if (decision === 'abandon') {
      cancelJob(token, job.id).catch(() => { /* the job stays waiting in Genesys Cloud; nothing is imported */ });
      stopped();
    }
    if (decision === 'retry') {
      // The trial run is cancelled and the part sent again without those rows.
      job = await cancelJob(token, job.id);
      stopped();
      const again = await this.page.partWithout(part.name, failed.tables);
      stopped();
      trial.remove();
      line.textContent = `Cancelled: nothing was imported. Sent again without the ${num(failed.rows)} ${failed.rows === 1 ? 'row' : 'rows'} Genesys Cloud would not import; they stay in step 4.`;
      const blob = new Blob([again.bytes], { type: 'text/csv' });
      await this.sendPart({ name: part.name, blob }, title, token, signal, progress);
      return;
    }
    if (decision === 'cancel') {
      job = await cancelJob(token, job.id);
    } else {
      progress.imported = true;
      line.textContent = 'Importing…';
      this.say(`Importing ${title} into Genesys Cloud…`);
      job = await continueJob(token, job.id);
      if (!ended(job)) job = await waitForJob(token, job.id, ended, { timeoutMs: WAIT_MS });
    }
    stopped();
    trial.remove();
    this.finished(card, line, job, title, progress);
  }

  // trialFailures shows the rows Genesys Cloud's trial run would not import,
  // each on the admin's own row with Genesys' reason (its report, read by the
  // function), and the rows of a report in a shape not recognised as Genesys
  // wrote them. It returns the box, the checkbox that acknowledges them, the
  // button that leaves them out and tries again, and their table rows.
  async trialFailures(token, jobID, partName, dry) {
    const box = el('div', null, { class: 'trial-failures' });
    const ack = el('input', null, { type: 'checkbox', id: `ack-${jobID}` });
    const ackLabel = el('label', dry.success > 0
      ? `I have read why these rows would fail: import the other ${contacts(dry.success)} without them`
      : 'I have read why these rows would fail', { for: ack.id });
    const done = (tables, rows) => {
      const out = { box, ack, tables, rows, retry: null };
      const actions = el('p', null, { class: 'actions' });
      if (tables.length > 0) {
        actions.append(el('button', 'Show these rows', { type: 'button', onclick: () => this.page.showRows(tables) }));
        out.retry = el('button', 'Leave these rows out and try again', { type: 'button' });
        actions.append(out.retry);
      }
      box.append(actions, el('p', null, { class: 'acknowledge' }));
      box.lastChild.append(ack, ' ', ackLabel);
      return out;
    };
    let rep;
    try {
      rep = await getReport(token, jobID);
    } catch (err) {
      box.append(el('p', `Genesys Cloud's report of which rows would fail could not be read here (${err.message}). Open the report above to see them.`, { class: 'error-text' }));
      return done([], dry.failed);
    }
    const tables = [];
    if (rep.failures.length > 0) {
      let origins = null;
      try {
        origins = await this.page.place(rep.failures.map((f) => ({ part: partName, line: f.line })));
      } catch { /* each failure is then said without its row */ }
      box.append(el('p', `Genesys Cloud would not import ${rep.failures.length === 1 ? 'this row' : 'these rows'} of your file:`));
      const ul = el('ul', null, { class: 'failures' });
      rep.failures.forEach((f, i) => {
        const o = origins?.[i];
        const placed = o && o.table >= 0;
        if (placed) tables.push(o.table);
        if (i < FAILURES_SHOWN) ul.append(el('li', `${placed ? `Row ${num(o.row)} of ${o.file}` : 'A row of your file'}: ${f.reason}`));
      });
      if (rep.failures.length > FAILURES_SHOWN) ul.append(el('li', `And ${num(rep.failures.length - FAILURES_SHOWN)} more.`));
      box.append(ul);
    }
    if (rep.raw.length > 0) {
      box.append(el('p', rep.recognised
        ? "These lines of Genesys Cloud's report could not be matched to your rows; here they are as Genesys Cloud wrote them:"
        : "Genesys Cloud's report, as it wrote it:"));
      box.append(rawTable(rep.header, rep.raw.slice(0, FAILURES_SHOWN)));
      if (rep.raw.length > FAILURES_SHOWN) box.append(el('p', `And ${num(rep.raw.length - FAILURES_SHOWN)} more lines.`));
    }
    if (rep.dropped > 0 || rep.cut) box.append(el('p', "Genesys Cloud's report is longer than shown here: open it above to see all of it."));
    return done(tables, rep.failures.length || dry.failed);
  }

  // finished shows a job that has ended, or one that is taking too long, and
  // moves the focus to what happened (the buttons that had it are gone).
  finished(card, line, job, title, progress) {
    line.tabIndex = -1;
    const focus = document.activeElement;
    if (!focus || focus === document.body || this.box.contains(focus)) queueMicrotask(() => line.focus());
    switch (job.status) {
      case 'Completed': {
        const done = job.import ?? { success: 0, failed: 0 };
        progress.imported ||= done.success > 0;
        line.textContent = `Done: ${contacts(done.success)} imported into Genesys Cloud${done.failed ? `, ${num(done.failed)} failed` : ''}.`;
        card.append(counts([['Imported', done.success, 'ready'], ['Failed', done.failed, done.failed ? 'rejected' : '']]));
        const report = link(done.reportUrl, "Genesys Cloud's report of the import");
        if (report) card.append(report);
        if (this.cfg?.region === 'local') {
          const see = link(`${this.cfg.loginUrl}/_emulator/contacts`, 'The contacts the emulator holds now');
          if (see) card.append(see);
        } else if (done.success > 0) {
          card.append(el('p', 'Find them in Genesys Cloud under Directory > External Contacts.'));
        }
        this.say(`${title}: done, ${contacts(done.success)} imported.`);
        break;
      }
      case 'Cancelled':
        line.textContent = 'Cancelled: nothing was imported.';
        this.say(`${title}: cancelled, nothing was imported.`);
        break;
      case 'Failed':
        line.textContent = `Genesys Cloud could not finish this import${job.statusDetails ? `: ${job.statusDetails}` : '.'}`;
        line.classList.add('error-text');
        this.say(`${title}: Genesys Cloud could not finish the import.`, true);
        break;
      default:
        line.textContent = 'Genesys Cloud is still working on this file. Press "Send to Genesys Cloud" again later to see how it ended: the same file is never imported twice.';
        this.say(`${title}: still in progress at Genesys Cloud.`);
    }
  }

  // problem says what went wrong in plain words, and what to do.
  async problem(err, progress) {
    progress.unsent?.remove(); // the file did not get to Genesys Cloud: the problem says why
    const box = this.problemBox;
    const nothing = progress.imported ? '' : ' Nothing was imported.';
    if (err instanceof Offline) {
      this.say(`This page could not reach the sending service: check your internet connection and try again.${nothing}`, true);
      return;
    }
    if (!(err instanceof ApiError)) {
      this.say(`Something went wrong: ${err.message}.${nothing}`, true);
      return;
    }
    const body = err.body ?? {};
    switch (err.status) {
      case 401:
        this.auth = null;
        this.say(`Genesys Cloud did not accept your sign-in (it may have expired). Press "Send to Genesys Cloud" to sign in again.${nothing}`, true);
        break;
      case 403:
        if (body.code === 'missing_permission' && body.missing?.length) {
          this.say(`Your Genesys Cloud account lacks permissions the import needs.${nothing}`, true);
          box.append(el('p', 'Ask a Genesys Cloud administrator to add these permissions to one of your roles (Admin > Roles / Permissions), then send again:'));
          const ul = el('ul', null, { class: 'permissions' });
          for (const p of body.missing) ul.append(el('li', p));
          box.append(ul);
        } else {
          this.say(`Genesys Cloud refused it: ${body.message ?? 'a permission or access to a division is missing'}.${nothing}`, true);
        }
        break;
      case 413:
        this.say(`${progress.what} is too large to send${this.cfg?.maxFileBytes ? ` (the limit is ${size(this.cfg.maxFileBytes)})` : ''}. In step 2, choose the Genesys Cloud admin page and prepare again: the contacts are then split into smaller files.${nothing}`, true);
        break;
      case 422:
        this.say(`The last check before importing refused your file.${nothing} Fix these rows in step 4, then send again.`, true);
        box.append(await findingsList(body.findings ?? [], body.findingsDropped ?? 0, (f) => ({ part: progress.file, row: f.row }), this.page));
        break;
      case 429:
        this.say(`Genesys Cloud is busy: ${body.message ?? 'try again in a minute'}.${nothing}`, true);
        break;
      case 502:
      case 503:
      case 504:
        this.say(`Genesys Cloud is not available right now.${nothing} Try again in a few minutes.`, true);
        if (body.message) box.append(el('p', `What happened: ${body.message}.`, { class: 'status' }));
        break;
      default:
        this.say(`Sending failed: ${body.message ?? 'the sending service gave no reason'}.${nothing}`, true);
    }
  }
}

// existingWords says what became of the import of a file sent before with
// the same choices, which the function answers with instead of a new one (a
// cancelled or failed one it imports anew).
function existingWords(job) {
  if (!ended(job) && job.dryRun) return 'This file was sent before with the same choices and its trial run was left without a decision: here it is again. Nothing is imported yet.';
  return 'This file was sent before with the same choices: this is that import, so nothing is imported twice.';
}

function size(bytes) {
  if (!bytes) return '';
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

// rawTable shows rows of a report as they were written, every cell as text.
function rawTable(header, rows) {
  const table = el('table', null, { class: 'raw-report' });
  const head = el('tr');
  for (const h of header) head.append(el('th', h, { scope: 'col' }));
  table.append(el('thead'), el('tbody'));
  table.tHead.append(head);
  for (const r of rows) {
    const tr = el('tr');
    for (const c of r) tr.append(el('td', c));
    table.tBodies[0].append(tr);
  }
  return table;
}

function counts(items) {
  const dl = el('dl', null, { class: 'counts' });
  for (const [label, value, cls] of items) {
    const d = el('div', null, { class: cls });
    d.append(el('dt', label), el('dd', num(value)));
    dl.append(d);
  }
  return dl;
}

// link links an http(s) address only, such as Genesys Cloud's reports, in a new tab.
function link(url, text) {
  let u;
  try { u = new URL(url); } catch { return null; }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
  const p = el('p');
  p.append(el('a', text, { href: u.href, target: '_blank', rel: 'noopener noreferrer' }));
  return p;
}

// findingsList shows findings about a sent file in the admin's terms, one
// line per kind with its severity: the engine names, for each row of the
// part sent, the admin's own file, row and column (output.Origins), and "Show
// rows" lists those rows in step 4. placeOf(f) is the row of what was sent a
// finding names ({part, row}, {part, line} or {list, row}); page is
// {place(places) → origins, showRows(tableRows), files() → the admin's files}.
export async function findingsList(findings, dropped, placeOf, page) {
  const places = findings.map((f) => ({ ...placeOf(f), column: f.column ?? '' }));
  let origins = null;
  try {
    origins = await page.place(places);
  } catch { /* the rows are then counted, not named */ }
  const kinds = new Map();
  findings.forEach((f, i) => {
    const o = origins?.[i];
    const column = origins ? o.column ?? '' : f.column ?? '';
    const text = describeRefusal(f);
    const key = JSON.stringify([f.severity, f.code, column, text]);
    if (!kinds.has(key)) kinds.set(key, { severity: f.severity, column, text, files: new Map(), tables: [], unnamed: 0 });
    const k = kinds.get(key);
    if (o && o.table >= 0) {
      if (!k.files.has(o.file)) k.files.set(o.file, new Set());
      k.files.get(o.file).add(o.row);
      k.tables.push(o.table);
    } else if (places[i].row > 0 || places[i].line > 0) {
      k.unnamed++;
    }
  });
  const ul = el('ul', null, { class: 'kinds' });
  for (const k of kinds.values()) {
    const where = [];
    for (const [file, set] of k.files) {
      const rows = [...set].sort((a, b) => a - b);
      where.push(`${rows.length === 1 ? 'Row' : 'Rows'} ${rows.slice(0, 10).map(num).join(', ')}${rows.length > 10 ? ` and ${num(rows.length - 10)} more` : ''} of ${file}`);
    }
    if (k.unnamed > 0) where.push(`${num(k.unnamed)} ${k.unnamed === 1 ? 'row' : 'rows'} of your file`);
    let text = where.length > 0 ? where.join('; ') : page.files().join(', ');
    if (k.column) text += `, column “${k.column}”`;
    const li = el('li');
    li.append(el('span', severityWords[k.severity] ?? k.severity, { class: `badge ${k.severity}` }), el('span', `${text}: ${k.text}.`, { class: 'text' }));
    if (k.tables.length > 0) {
      li.append(el('button', 'Show rows', {
        type: 'button', class: 'small', 'aria-label': `Show rows: ${text}`, onclick: () => page.showRows(k.tables),
      }));
    }
    ul.append(li);
  }
  if (dropped > 0) ul.append(el('li', `And ${num(dropped)} more like these.`));
  return ul;
}

// partsOf splits the cleaned download ({name, type, blob}) into its import
// files: one CSV, or the engine's zip of several, whose entries are stored
// uncompressed (wasm/zip.go, no archive comment). It reads the zip's
// directory and headers alone: each part is a slice of the Blob, not a copy.
export async function partsOf(f) {
  if (f.type !== 'application/zip') return [{ name: f.name, blob: f.blob.slice(0, f.blob.size, 'text/csv') }];
  const read = async (from, to) => new DataView(await f.blob.slice(from, to).arrayBuffer());
  const broken = () => new Error('the cleaned files could not be read back from their zip');
  const end = f.blob.size - 22;
  if (end < 0) throw broken();
  const tail = await read(end, end + 22);
  if (tail.getUint32(0, true) !== 0x06054b50) throw broken();
  const start = tail.getUint32(16, true);
  if (start > end) throw broken();
  const dir = await read(start, end);
  const parts = [];
  let p = 0;
  for (let n = tail.getUint16(10, true); n > 0; n--) {
    if (p + 46 > dir.byteLength || dir.getUint32(p, true) !== 0x02014b50 || dir.getUint16(p + 10, true) !== 0) throw broken();
    const length = dir.getUint32(p + 20, true);
    const nameLength = dir.getUint16(p + 28, true);
    const local = dir.getUint32(p + 42, true);
    if (local + 30 > start || p + 46 + nameLength > dir.byteLength) throw broken();
    const header = await read(local, local + 30);
    if (header.getUint32(0, true) !== 0x04034b50) throw broken();
    const data = local + 30 + header.getUint16(26, true) + header.getUint16(28, true);
    if (data + length > start) throw broken();
    parts.push({
      name: new TextDecoder().decode(new Uint8Array(dir.buffer, p + 46, nameLength)),
      blob: f.blob.slice(data, data + length, 'text/csv'),
    });
    p += 46 + nameLength + dir.getUint16(p + 30, true) + dir.getUint16(p + 32, true);
  }
  return parts;
}
