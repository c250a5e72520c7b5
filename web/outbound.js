// The outbound part of step 5: the prepared rows go into Genesys Cloud
// contact lists (the dialer's), each contact under its own id (such as its Lead
// ID), and the page hands back lead-id-mapping.csv (Lead ID ↔ Genesys contact
// id). Two ways, chosen by the admin: a CSV upload per list part, or API
// batches of 1,000 rows, 4 in flight. Lists are created only after the admin
// confirms. What Genesys Cloud confirmed is written down in IndexedDB
// (resume.js) as it happens, so a closed page or a dropped connection resumes
// from there; it is kept only until the sending is finished and its mapping
// downloaded, or until the admin forgets it. Every value is rendered as text.
import {
  ApiError, Offline, createContactList, uploadListPart, importStatus, listMapping, addContacts,
} from './submit.js';
import * as store from './resume.js';
import { findingsList } from './send.js';
import { el } from './dom.js';
import { Existing, DNC, counts } from './existing.js';

const BATCH = 1000; // contacts per API request: Genesys' limit
const IN_FLIGHT = 4; // API requests at once
const ATTEMPTS = 7; // tries of one request when Genesys Cloud is busy or unreachable
const POLL_MS = 1000; // how often an upload's import status is asked
const MAPPING_TRIES = 30; // how often a list's mapping is asked for until it holds every contact
const MAPPING_PIECE = 50000; // lead-id-mapping.csv rows the engine writes in one call

const num = (n) => Number(n ?? 0).toLocaleString('en-US');

// listKey is a list's sending key: 10 random letters and digits, which Genesys
// Cloud shows after the list's name.
const listKey = () => Array.from(crypto.getRandomValues(new Uint8Array(10)), (b) => 'abcdefghijkmnpqrstuvwxyz23456789'[b % 32]).join('');
const plural = (n, one, many) => `${num(n)} ${n === 1 ? one : many}`;
const sleep = (ms, signal) => new Promise((resolve, reject) => {
  const t = setTimeout(resolve, ms);
  signal?.addEventListener('abort', () => { clearTimeout(t); reject(new DOMException('paused', 'AbortError')); });
});

// transient errors are worth another try: Genesys Cloud (or the way to it) busy or away.
const transient = (err) => err instanceof Offline || (err instanceof ApiError && [408, 429, 500, 502, 503, 504].includes(err.status));

// withRetry runs fn until it succeeds, a non-transient error, or ATTEMPTS tries,
// waiting longer each time (or as long as Retry-After says).
async function withRetry(fn, signal, onRetry) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (signal.aborted || !transient(err) || attempt >= ATTEMPTS) throw err;
      const wait = err.retryAfter > 0 ? err.retryAfter * 1000 : Math.min(30000, 500 * 2 ** attempt);
      onRetry?.(err, wait);
      await sleep(wait, signal);
    }
  }
}

// Outbound drives the elements of the outbound part. engine is the page's
// Engine; send is the Send part, whose sign-in it shares, and whose page
// leads from a refusal to the admin's rows (findingsList).
export class Outbound {
  constructor({ engine, send }) {
    this.engine = engine;
    this.send = send;
    this.page = send.page;
    this.info = null; // the summary's outbound part
    this.ctx = null; // {key, file, names, settings}: the run's identity
    this.run = null; // the IndexedDB record of the run, once sending started
    this.going = null; // the AbortController of the sending under way
    this.done = new Map(); // per list: its confirmed units (batches or parts) → rows
    this.mapping = null; // lead-id-mapping.csv once downloaded: the store no longer holds it
    const $ = (id) => document.getElementById(id);
    this.box = $('outbound');
    this.plan = $('outbound-plan');
    this.lists = $('outbound-lists');
    this.button = $('outbound-send');
    this.pauseButton = $('outbound-pause');
    this.mappingButton = $('outbound-mapping');
    this.forgetButton = $('outbound-forget');
    this.confirmBox = $('outbound-confirm');
    this.bar = $('outbound-bar');
    this.progressText = $('outbound-progress');
    this.live = $('outbound-live');
    this.status = $('outbound-status');
    this.problemBox = $('outbound-problem');
    this.target = $('outbound-target');
    this.ui = {
      say: (text, isError) => this.say(text, isError),
      box: this.confirmBox,
      target: this.target,
      unavailable: 'Download the cleaned files instead and upload them to a contact list in Genesys Cloud: Outbound > List Management > Contact Lists.',
    };
    this.button.addEventListener('click', () => this.start());
    this.pauseButton.addEventListener('click', () => this.pause());
    this.mappingButton.addEventListener('click', () => this.downloadMapping());
    this.forgetButton.addEventListener('click', () => this.askForget());
    for (const r of this.ways()) r.addEventListener('change', () => this.render());
    this.retry = withRetry;
    this.existing = new Existing({ engine, outbound: this });
    this.dnc = new DNC({ engine, outbound: this });
  }

  ways() { return [...document.querySelectorAll('input[name=outbound-way]')]; }

  way() { return this.ways().find((r) => r.checked)?.value ?? 'csv'; }

  say(text, isError = false) {
    this.status.textContent = text;
    this.status.classList.toggle('error-text', isError);
  }

  // reset stops any sending and hides the part: a new file or new settings.
  reset() {
    this.going?.abort();
    this.going = null;
    this.info = null;
    this.ctx = null;
    this.run = null;
    this.mapping = null;
    this.box.hidden = true;
    this.problemBox.replaceChildren();
    this.confirmBox.replaceChildren();
    this.say('');
  }

  // show sets the part up for a prepared table: info is the summary's outbound
  // part, ctx identifies the run ({key, file, names, settings}). A run of the
  // same files and settings found in IndexedDB is offered for resuming.
  async show(info, ctx) {
    const sameRun = this.ctx?.key === ctx.key;
    this.info = info;
    this.ctx = ctx;
    this.box.hidden = false;
    if (!sameRun) {
      this.going?.abort();
      this.going = null;
      this.problemBox.replaceChildren();
      this.confirmBox.replaceChildren();
      this.say('');
      this.mapping = null;
      this.run = await store.getRun(ctx.key).catch(() => null) ?? null;
      this.done = this.run ? await store.doneUnits(ctx.key) : new Map();
      if (this.run) for (const r of this.ways()) r.checked = r.value === this.run.way;
      if (this.run?.placed) document.getElementById('where-existing').checked = true;
    }
    this.existing.show(info);
    this.dnc.show(info);
    this.render();
  }

  // update follows an edit of the table: the counts change, a run stays.
  update(info) {
    this.info = info;
    this.dnc.show(info);
    this.render();
  }

  // sentRows is how many contacts Genesys Cloud confirmed in this run.
  sentRows() {
    let n = 0;
    for (const units of this.done.values()) for (const rows of units.values()) n += rows;
    return n;
  }

  render() {
    const info = this.info;
    if (!info) return;
    const ready = info.lists.reduce((n, l) => n + l.rows, 0);
    const run = this.run;
    this.plan.textContent = ready === 0 ? 'No row is ready to send yet: fix the rows above first.'
      : `${plural(ready, 'contact', 'contacts')} ${ready === 1 ? 'is' : 'are'} ready, with ${info.idColumn ? `“${info.idColumn}”` : 'the chosen column'} as each contact's id: ${info.lists.length === 1 ? 'one contact list' : `${num(info.lists.length)} contact lists of at most ${num(info.listSize)} contacts`}.`;
    const started = run && this.sentRows() > 0;
    for (const r of this.ways()) r.disabled = !!this.going || !!started;
    for (const r of document.querySelectorAll('input[name=outbound-where]')) r.disabled = !!this.going || !!started;
    this.existing.render();
    this.lists.replaceChildren();
    if (run?.lists.some((l) => l.id)) this.lists.append(this.listTable(run));
    this.mappingButton.hidden = !run?.finished;
    this.forgetButton.hidden = !run || !!this.going || !!this.mapping;
    this.pauseButton.hidden = !this.going;
    if (this.going) {
      this.button.disabled = true;
      return;
    }
    this.button.disabled = ready === 0 || !!run?.finished;
    if (run?.finished) {
      this.button.textContent = 'Send to Genesys Cloud';
      if (!this.status.textContent) this.say(`These contacts are in Genesys Cloud: ${plural(this.sentRows(), 'contact', 'contacts')} in ${plural(run.lists.length, 'list', 'lists')}. Download lead-id-mapping.csv for your CRM.`);
    } else if (run) {
      this.button.textContent = started ? 'Resume sending' : 'Send to Genesys Cloud';
      if (started && !this.status.textContent) {
        this.say(`${num(this.sentRows())} of ${plural(this.total(), 'contact', 'contacts')} of this file are already in Genesys Cloud. Press "Resume sending" to send the rest; nothing is sent twice.`);
      }
    } else {
      this.button.textContent = 'Send to Genesys Cloud';
    }
  }

  total() { return (this.run?.lists ?? this.info.lists).reduce((n, l) => n + l.rows, 0); }

  listTable(run) {
    const table = el('table', null, { class: 'lists' });
    table.append(el('caption', 'Contact lists in Genesys Cloud'));
    const head = el('tr');
    for (const h of ['List', 'Name in Genesys Cloud', 'Contacts', 'Sent']) head.append(el('th', h, { scope: 'col' }));
    const thead = el('thead');
    thead.append(head);
    const body = el('tbody');
    for (const l of run.lists) {
      const tr = el('tr');
      const sent = [...(this.done.get(l.list)?.values() ?? [])].reduce((n, r) => n + r, 0);
      tr.append(el('th', num(l.list), { scope: 'row' }), el('td', l.name ?? 'not created yet'), el('td', num(l.rows)), el('td', num(sent)));
      body.append(tr);
    }
    table.append(thead, body);
    return table;
  }

  pause() {
    this.going?.abort();
  }

  async start() {
    if (this.going || !this.info) return;
    const going = new AbortController();
    this.going = going;
    const { signal } = going;
    this.problemBox.replaceChildren();
    this.render();
    let where = 'the contacts';
    try {
      this.say('Connecting…');
      const cfg = await this.send.config(this.ui);
      if (!cfg) return;
      const token = await this.send.signIn(cfg, signal, this.ui);
      if (token === undefined) return;
      // Into lists the admin has: where the engine placed each contact.
      const placed = this.run?.placed ?? (this.existing.where() === 'existing' ? await this.existing.place(token, signal, this.info) : null);
      if (this.existing.where() === 'existing' && !placed) return;
      if (placed) await this.engine.call('outboundRestore', { lists: placed.lists }, [placed.of.slice(0)]);
      const way = this.way();
      this.say('Getting the lists ready…');
      const plan = await this.engine.call('outboundPlan', { parts: way === 'csv' });
      if (signal.aborted) return;
      placed?.lists.forEach((p, i) => { if (p.existing >= 0) Object.assign(plan.lists[i], placed.chosen[p.existing]); });
      if (!(await this.prepareRun(plan, way, signal))) return;
      if (placed && !this.run.placed) {
        this.run.placed = placed;
        placed.lists.forEach((p, i) => Object.assign(this.run.lists[i], { updated: p.updated, added: p.added, existing: p.existing >= 0 }));
        await store.putRun(this.run);
      }
      if (!(await this.createLists(token, signal))) return;
      this.showLists();
      this.progressStart();
      if (this.run.way === 'api') await this.sendBatches(token, signal);
      else await this.sendParts(token, signal, (w) => { where = w; });
      this.run.finished = true;
      await store.putRun(this.run);
      this.progressShow(true);
      const { updated, added } = counts(this.run);
      this.say(`Done: ${plural(this.sentRows(), 'contact', 'contacts')} in ${plural(this.run.lists.length, 'contact list', 'contact lists')} in Genesys Cloud${this.run.placed ? `: ${num(updated)} updated, ${num(added)} added` : ''}. Download lead-id-mapping.csv for your CRM.`);
      this.mappingButton.hidden = false;
      this.mappingButton.focus();
    } catch (err) {
      if (err?.name === 'AbortError' || signal.aborted) {
        this.say(`Paused. ${this.left()} Press "Resume sending" to go on; nothing is sent twice.`);
      } else {
        await this.problem(err, where);
      }
    } finally {
      if (this.going === going) {
        this.going = null;
        this.render();
      }
    }
  }

  left() {
    if (!this.run) return 'Nothing was sent.';
    const sent = this.sentRows();
    return `${num(sent)} of ${plural(this.total(), 'contact', 'contacts')} are in Genesys Cloud.`;
  }

  // prepareRun finds or starts the run's record. A record whose rows differ
  // from the prepared ones (cells were changed since) is not resumed into.
  async prepareRun(plan, way, signal) {
    let run = await store.getRun(this.ctx.key);
    if (run && run.fingerprint !== plan.fingerprint) {
      const done = await store.doneUnits(this.ctx.key);
      if (done.size > 0) {
        this.say('This file was partly sent before, but its prepared rows are not the same now (cells were changed since). To keep every contact in one list only, undo those changes and press "Resume sending", or start over.', true);
        this.confirmBox.append(el('p', null, { class: 'actions' }));
        this.confirmBox.lastChild.append(el('button', 'Start over: forget what was sent', {
          type: 'button', onclick: async () => { await store.forget(this.ctx.key); this.run = null; this.done = new Map(); this.confirmBox.replaceChildren(); this.say('Forgotten. Contacts already sent stay in their lists.'); this.render(); },
        }));
        return false;
      }
      // Nothing was sent: begin afresh with these rows, in the lists already made if they still fit.
      const made = run.lists.length === plan.lists.length ? run.lists : [];
      run = null;
      plan.lists.forEach((l, i) => { if (made[i]) Object.assign(l, { id: made[i].id, name: made[i].name, asked: made[i].asked }); });
    }
    if (!run) {
      run = {
        key: this.ctx.key, file: this.ctx.file, names: this.ctx.names, settings: this.ctx.settings, created: Date.now(),
        way, fingerprint: plan.fingerprint, idColumn: plan.idColumn, columns: plan.columns, phoneColumns: plan.phoneColumns,
        lists: plan.lists.map((l) => ({ list: l.list, rows: l.rows, parts: l.parts ?? [], id: l.id ?? null, name: l.name ?? null, asked: l.asked })),
        finished: false,
      };
      this.done = new Map();
    } else {
      this.done = await store.doneUnits(this.ctx.key);
      if (this.sentRows() === 0) run.way = way;
      // The upload parts are known only once the files are written.
      for (const l of plan.lists) if (l.parts?.length) run.lists[l.list - 1].parts = l.parts;
    }
    if (run.way === 'csv' && run.lists.some((l) => l.parts.length === 0)) {
      const again = await this.engine.call('outboundPlan', { parts: true });
      for (const l of again.lists) run.lists[l.list - 1].parts = l.parts;
    }
    if (signal.aborted) return false;
    this.run = run;
    await store.putRun(run);
    return true;
  }

  // createLists creates the lists the run still lacks, after the admin
  // confirmed; each list's id is recorded as soon as Genesys Cloud answers.
  async createLists(token, signal) {
    // Lists asked for before the page was closed, their answer not kept: ask again
    // with the same name and key, which finds them.
    for (const l of this.run.lists.filter((x) => !x.id && x.asked)) await this.createList(token, l, signal);
    const missing = this.run.lists.filter((l) => !l.id);
    if (missing.length === 0) return true;
    const box = this.confirmBox;
    box.replaceChildren();
    const base = (this.run.names?.[0] ?? 'contacts').replace(/\.[^.]+$/, '');
    const all = this.run.lists.length;
    const nameId = 'outbound-list-name';
    const intro = el('p', missing.length === all
      ? `These contacts need ${all === 1 ? 'a new contact list' : `${num(all)} new contact lists`} in Genesys Cloud (a list holds at most ${num(this.info.limits.listSize)} contacts; each holds up to ${num(this.info.listSize)} here).`
      : `${plural(missing.length, 'more contact list is', 'more contact lists are')} needed in Genesys Cloud.`);
    const nameRow = el('p');
    nameRow.append(el('label', 'Name of the lists', { for: nameId }));
    const name = el('input', null, { id: nameId, type: 'text', value: base, size: 40, maxlength: 200 });
    nameRow.append(name);
    const preview = el('ul');
    const names = () => missing.map((l) => (all === 1 ? name.value.trim() : `${name.value.trim()} (${l.list} of ${all})`));
    const showNames = () => {
      preview.replaceChildren();
      names().forEach((n, i) => preview.append(el('li', `${n}: ${plural(missing[i].rows, 'contact', 'contacts')}`)));
    };
    name.addEventListener('input', showNames);
    showNames();
    const create = el('button', missing.length === 1 ? 'Create 1 contact list' : `Create ${num(missing.length)} contact lists`, { type: 'button', class: 'primary' });
    const cancel = el('button', 'Cancel: create nothing', { type: 'button' });
    name.addEventListener('input', () => { create.disabled = name.value.trim() === ''; });
    const actions = el('p', null, { class: 'actions' });
    actions.append(create, cancel);
    box.append(intro, nameRow, preview, actions);
    this.say('Nothing is created in Genesys Cloud until you confirm.');
    create.focus();
    const choice = await new Promise((resolve) => {
      create.addEventListener('click', () => resolve('create'));
      cancel.addEventListener('click', () => resolve('cancel'));
      signal.addEventListener('abort', () => resolve('abandon'));
    });
    if (choice !== 'create') {
      box.replaceChildren();
      if (choice === 'cancel') this.say('Nothing was created or sent.');
      return false;
    }
    create.disabled = true;
    cancel.disabled = true;
    const chosen = names();
    missing.forEach((l, i) => { l.asked = { name: chosen[i], key: listKey() }; });
    await store.putRun(this.run); // kept before asking: see createList
    for (const l of missing) await this.createList(token, l, signal);
    box.replaceChildren();
    return true;
  }

  // createList asks for one list with the name and key kept in l.asked, and keeps
  // its id as soon as Genesys Cloud answers.
  async createList(token, l, signal) {
    this.say(`Creating contact list ${num(l.list)} of ${num(this.run.lists.length)}…`);
    const made = await withRetry(() => createContactList(token, {
      ...l.asked, columns: this.run.columns, phoneColumns: this.run.phoneColumns,
    }), signal);
    l.id = made.id;
    l.name = made.name ?? l.asked.name;
    delete l.asked;
    await store.putRun(this.run);
  }

  showLists() {
    this.lists.replaceChildren(this.listTable(this.run));
  }

  // ---- progress ----

  progressStart() {
    this.startedAt = performance.now();
    this.startedRows = this.sentRows();
    this.lastLive = 0;
    this.bar.hidden = false;
    this.progressShow();
  }

  progressShow(final = false) {
    const total = this.total();
    const sent = this.sentRows();
    const units = this.run.way === 'api'
      ? this.run.lists.reduce((n, l) => n + Math.ceil(l.rows / BATCH), 0)
      : this.run.lists.reduce((n, l) => n + l.parts.length, 0);
    let doneUnits = 0;
    for (const u of this.done.values()) doneUnits += u.size;
    this.bar.value = total ? sent / total : 1;
    const seconds = (performance.now() - this.startedAt) / 1000;
    const rate = seconds > 0 ? (sent - this.startedRows) / seconds : 0;
    const left = rate > 0 ? Math.round((total - sent) / rate) : null;
    const what = this.run.way === 'api' ? 'requests' : 'files';
    this.progressText.textContent = `${num(sent)} of ${plural(total, 'contact', 'contacts')} sent · ${num(doneUnits)} of ${num(units)} ${what} done`
      + (final ? '' : `${rate > 0 ? ` · ${num(Math.round(rate))} contacts per second` : ''}${left !== null && sent < total ? ` · about ${duration(left)} left` : ''}`);
    document.body.dataset.outboundSent = String(sent);
    if (final || performance.now() - this.lastLive > 5000) {
      this.lastLive = performance.now();
      this.live.textContent = `${Math.round((total ? sent / total : 1) * 100)} percent sent`;
    }
    if (this.run.lists.some((l) => l.id)) this.showLists();
  }

  async recordDone(list, unit, rows, mapping) {
    await store.confirm(this.ctx.key, list, unit, rows, mapping);
    if (!this.done.has(list)) this.done.set(list, new Map());
    this.done.get(list).set(unit, rows);
    this.progressShow();
  }

  // ---- the API way: batches of 1,000, IN_FLIGHT at once ----

  async sendBatches(token, signal) {
    const queue = [];
    for (const l of this.run.lists) {
      const done = this.done.get(l.list) ?? new Map();
      for (let b = 0; b * BATCH < l.rows; b++) if (!done.has(b)) queue.push({ l, b });
    }
    this.say(queue.length ? `Sending ${plural(queue.length, 'request', 'requests')} of up to 1,000 contacts, ${IN_FLIGHT} at a time…` : 'Every contact is already in Genesys Cloud.');
    const inner = new AbortController();
    signal.addEventListener('abort', () => inner.abort());
    let failure = null;
    const worker = async () => {
      while (queue.length > 0 && !inner.signal.aborted) {
        const { l, b } = queue.shift();
        try {
          await this.sendBatch(token, l, b, inner.signal);
        } catch (err) {
          if (!inner.signal.aborted) {
            failure ??= err;
            inner.abort(); // the other requests stop; what they sent is not recorded, so it goes again
          }
        }
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    if (failure) throw failure;
    if (signal.aborted) throw new DOMException('paused', 'AbortError');
  }

  async sendBatch(token, l, b, signal) {
    const reply = await this.engine.call('outboundBatch', { list: l.list, offset: b * BATCH, count: BATCH });
    if (signal.aborted) return;
    const csv = new Uint8Array(reply.bytes); // sent as is on each try
    const first = b * BATCH + 1;
    const rows = `rows ${num(first)}–${num(first + reply.rows - 1)} of list ${num(l.list)}`;
    let res;
    try {
      res = await withRetry(() => addContacts(token, l.id, this.run.idColumn, csv, signal), signal, (err, wait) => {
        this.say(`Genesys Cloud is busy or unreachable; sending ${rows} again in ${duration(Math.ceil(wait / 1000))}…`);
      });
    } catch (err) {
      // A refusal names rows of the batch: say them as rows of the list.
      err.where = rows;
      err.list = l.list;
      err.rowOffset = b * BATCH;
      throw err;
    }
    const mapping = Array.isArray(res.mapping) ? res.mapping : [];
    if (mapping.length !== reply.rows) {
      throw new Error(`Genesys Cloud confirmed ${num(mapping.length)} of the ${num(reply.rows)} contacts of ${rows}`);
    }
    // Recorded even when the sending is pausing: Genesys Cloud has these contacts.
    await this.recordDone(l.list, b, reply.rows, mapping);
  }

  // ---- the CSV way: each list's upload parts, one after another ----

  async sendParts(token, signal, setWhere) {
    for (const l of this.run.lists) {
      const done = this.done.get(l.list) ?? new Map();
      for (const [p, file] of l.parts.entries()) {
        if (done.has(p)) continue;
        setWhere(`${file} (list ${num(l.list)})`);
        const part = await this.engine.call('outboundPart', { list: l.list, part: p });
        const csv = new Uint8Array(part.bytes);
        this.say(`Uploading ${file} to list ${num(l.list)}…`);
        await withRetry(() => uploadListPart(token, l.id, this.run.idColumn, file, csv, signal), signal, (err, wait) => {
          this.say(`Genesys Cloud is busy or unreachable; uploading ${file} again in ${duration(Math.ceil(wait / 1000))}…`);
        });
        this.say(`Genesys Cloud is importing ${file} into list ${num(l.list)}…`);
        for (;;) {
          const st = await withRetry(() => importStatus(token, l.id, signal), signal);
          if (st.state === 'FAILED') throw new ImportFailed(file, st.failureReason);
          if (st.done) break;
          this.progressText.textContent = `Importing ${file}: ${num(st.completedRecords)} of ${num(st.totalRecords)} contacts (${num(st.percentComplete)}%)`;
          await sleep(POLL_MS, signal);
        }
        await this.recordDone(l.list, p, part.rows);
      }
      if (!(await store.getListMapping(this.ctx.key, l.list))) {
        setWhere(`the mapping of list ${num(l.list)}`);
        this.say(`Reading back the contact ids of list ${num(l.list)}…`);
        await store.putListMapping(this.ctx.key, l.list, await this.listMapping(token, l, signal));
      }
    }
  }

  // listMapping asks for a list's mapping until it holds every contact of the
  // list (Genesys Cloud may still be importing the last part).
  async listMapping(token, l, signal) {
    for (let tries = 1; ; tries++) {
      const csv = await withRetry(() => listMapping(token, l.id, this.run.idColumn, signal), signal);
      const rows = csv.split('\n').filter((line) => line.length > 0).length - 1;
      if (rows >= l.rows) return csv;
      if (tries >= MAPPING_TRIES) throw new Error(`Genesys Cloud lists ${num(rows)} of the ${num(l.rows)} contacts of list ${num(l.list)}`);
      await sleep(POLL_MS * 2, signal);
    }
  }

  // ---- the mapping file ----

  // downloadMapping saves lead-id-mapping.csv, then forgets the sending on
  // this computer: its Lead ID ↔ contact id pairs are in the admin's file now.
  // The page keeps the file while it is open, to download it again.
  async downloadMapping() {
    try {
      const blob = this.mapping ?? await this.mappingBlob();
      const url = URL.createObjectURL(blob);
      const a = el('a', null, { href: url, download: 'lead-id-mapping.csv' });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      if (!this.mapping) {
        this.mapping = blob;
        await store.forget(this.run.key);
      }
      this.say('lead-id-mapping.csv saved to your downloads. Keep it: this computer no longer keeps which contact is which, and forgets that file when this page is closed.');
      this.render();
    } catch (err) {
      this.say(`The mapping could not be made: ${err.message}.`, true);
    }
  }

  // mappingBlob asks the engine for lead-id-mapping.csv, a piece at a time:
  // the header, then each list's rows, from the list's mapping read back
  // (CSV way) or from the pairs Genesys Cloud confirmed (API way).
  async mappingBlob() {
    const run = this.run;
    const chunks = [];
    const piece = async (args, files) => {
      const reply = await this.engine.call('leadMapping', { idColumn: run.idColumn, ...args }, files);
      chunks.push(reply.bytes ?? new ArrayBuffer(0));
    };
    await piece({ header: true });
    for (const l of run.lists) {
      if (run.way === 'csv') {
        const rec = await store.getListMapping(run.key, l.list);
        if (!rec) throw new Error(`list ${l.list} has no mapping yet`);
        await piece({}, [new TextEncoder().encode(rec.csv).buffer]);
        continue;
      }
      const pairs = [];
      await store.eachMapping(run.key, l.list, (batch) => { pairs.push(...batch); });
      for (let i = 0; i < pairs.length; i += MAPPING_PIECE) await piece({ listId: l.id, pairs: pairs.slice(i, i + MAPPING_PIECE) });
    }
    return new Blob(chunks, { type: 'text/csv;charset=utf-8' });
  }

  // ---- forgetting a sending ----

  // askForget asks before forgetting the sending of these files on this
  // computer: what was sent stays in Genesys Cloud, but it can no longer be
  // resumed, nor its mapping made.
  askForget() {
    if (!this.run || this.going) return;
    const box = this.confirmBox;
    box.replaceChildren();
    const sent = this.sentRows();
    const what = sent === 0 ? 'Nothing was sent yet.'
      : `The ${plural(sent, 'contact', 'contacts')} already sent stay in their lists in Genesys Cloud.`;
    const after = this.run.finished
      ? 'This page will no longer make lead-id-mapping.csv for them: download it first if you need it.'
      : 'This page will no longer resume the sending: sending this file again makes new lists.';
    const yes = el('button', 'Yes, forget it', { type: 'button' });
    const no = el('button', 'No, keep it', { type: 'button' });
    const actions = el('p', null, { class: 'actions' });
    actions.append(yes, no);
    box.append(el('p', `Forget this sending on this computer? ${what} ${after}`), actions);
    yes.addEventListener('click', () => this.forget());
    no.addEventListener('click', () => { box.replaceChildren(); this.forgetButton.focus(); });
    no.focus();
  }

  async forget() {
    this.confirmBox.replaceChildren();
    try {
      await store.forget(this.ctx.key);
    } catch (err) {
      this.say(`This sending could not be forgotten: ${err.message}.`, true);
      return;
    }
    const sent = this.sentRows();
    this.run = null;
    this.done = new Map();
    this.mapping = null;
    this.bar.hidden = true;
    this.progressText.textContent = '';
    this.say(sent === 0 ? 'Forgotten on this computer.' : `Forgotten on this computer. The ${plural(sent, 'contact', 'contacts')} already sent stay in their lists in Genesys Cloud.`);
    this.render();
    this.button.focus();
  }

  // ---- problems, in plain words ----

  async problem(err, where) {
    where = err.where ?? where;
    const box = this.problemBox;
    box.replaceChildren();
    const left = ` ${this.left()} Press "Resume sending" to go on once it is fixed; nothing is sent twice.`;
    if (err instanceof ImportFailed) {
      this.say(`Genesys Cloud could not import ${err.file}${err.reason ? `: ${err.reason}` : ''}.${left}`, true);
      return;
    }
    if (err instanceof Offline) {
      this.say(`This page could not reach the sending service, even after several tries: check your internet connection.${left}`, true);
      return;
    }
    if (!(err instanceof ApiError)) {
      this.say(`Something went wrong with ${where}: ${err.message}.${left}`, true);
      return;
    }
    const body = err.body ?? {};
    switch (err.status) {
      case 401:
        this.send.auth = null;
        this.say(`Genesys Cloud did not accept your sign-in (it may have expired).${left}`, true);
        break;
      case 403:
        if (body.code === 'missing_permission' && body.missing?.length) {
          this.say(`Your Genesys Cloud account lacks permissions the contact lists need.${left}`, true);
          box.append(el('p', 'Ask a Genesys Cloud administrator to add these permissions to one of your roles (Admin > Roles / Permissions):'));
          const ul = el('ul', null, { class: 'permissions' });
          for (const p of body.missing) ul.append(el('li', p));
          box.append(ul);
        } else {
          this.say(`Genesys Cloud refused it: ${body.message ?? 'a permission or access to a division is missing'}.${left}`, true);
        }
        break;
      case 413:
        this.say(`${where} is too large to send.${left}`, true);
        break;
      case 422:
        this.say(`The last check before sending refused rows of your file. Fix these rows in step 4, then send again.${left}`, true);
        box.append(await findingsList(body.findings ?? [], body.findingsDropped ?? 0,
          (f) => (err.list ? { list: err.list, row: f.row > 0 ? f.row + err.rowOffset : 0 } : { part: err.file ?? where, row: f.row }), this.page));
        break;
      case 429:
      case 500:
      case 502:
      case 503:
      case 504:
        this.say(`Genesys Cloud is busy or not available right now, even after several tries.${left}`, true);
        if (body.message) box.append(el('p', `What happened: ${body.message}.`, { class: 'status' }));
        break;
      default:
        this.say(`Sending failed: ${body.message ?? 'the sending service gave no reason'}.${left}`, true);
    }
  }
}

class ImportFailed extends Error {
  constructor(file, reason) {
    super(`Genesys Cloud could not import ${file}`);
    this.file = file;
    this.reason = reason;
  }
}

function duration(s) {
  if (s < 90) return `${Math.max(1, s)} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}
