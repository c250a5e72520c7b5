// Month after month (issue 26): the outbound part can send into contact lists
// the admin already has, picked by name, instead of new ones, and send Lead IDs
// or phone numbers to a do-not-contact (DNC) list. Where each contact goes (back
// into the list holding its ID, else into a chosen list with room, else a new
// list), whether a list's columns fit, and what a DNC list takes are the
// engine's rules (shared/listfit); this module asks and shows. Every value is
// rendered as text.
import { ApiError, getContactLists, listMapping, getDNCLists, addDNCEntries } from './submit.js';
import { el } from './dom.js';

const num = (n) => Number(n ?? 0).toLocaleString('en-US');
const plural = (n, one, many) => `${num(n)} ${n === 1 ? one : many}`;
const DNC_BATCH = 1000; // entries per request to the sending service: its limit

// Existing drives the "Where should the contacts go?" choice. outbound is the
// Outbound part, whose sign-in, retries and confirmation box it uses.
export class Existing {
  constructor({ engine, outbound }) {
    this.engine = engine;
    this.outbound = outbound;
    this.lists = null; // the admin's lists, once shown
    const $ = (id) => document.getElementById(id);
    this.box = $('outbound-existing');
    this.listBox = $('outbound-existing-lists');
    this.limit = $('outbound-limit');
    this.limitNote = $('outbound-limit-note');
    $('outbound-existing-load').addEventListener('click', () => this.load());
    for (const r of document.querySelectorAll('input[name=outbound-where]')) r.addEventListener('change', () => { this.render(); this.outbound.render(); });
  }

  where() { return document.getElementById('where-existing').checked ? 'existing' : 'new'; }

  // show sets the defaults from the engine's summary: the usual list limit.
  show(info) {
    if (!this.limit.value) this.limit.value = String(info.listLimit);
    this.limit.max = String(info.maxListLimit);
    this.limitNote.textContent = `${num(info.listLimit)} unless Genesys Cloud raised it for your organization (up to ${num(info.maxListLimit)})`;
    this.render();
  }

  // render shows the picker when existing lists are chosen.
  render() {
    this.box.hidden = this.where() !== 'existing';
  }

  async load() {
    const o = this.outbound;
    try {
      o.say('Connecting…');
      const cfg = await o.send.config(o.ui);
      if (!cfg) return;
      const token = await o.send.signIn(cfg, new AbortController().signal, o.ui);
      if (token === undefined) return;
      const { lists, more } = await getContactLists(token);
      this.lists = lists;
      this.showLists(more);
      o.say(lists.length ? 'Tick the lists to send into, in the order they should fill.' : 'Your organization has no contact list yet: send into new lists.');
    } catch (err) {
      o.say(`Your contact lists could not be shown: ${err instanceof ApiError ? err.body?.message ?? `error ${err.status}` : err.message}.`, true);
    }
  }

  showLists(more) {
    const fs = el('fieldset');
    fs.append(el('legend', 'Your contact lists'));
    const sorted = [...this.lists].sort((a, b) => a.name.localeCompare(b.name));
    sorted.forEach((l, i) => {
      const id = `existing-list-${i}`;
      const p = el('p');
      p.append(el('input', null, { type: 'checkbox', id, value: l.id }), el('label', `${l.name} (${plural(l.size, 'contact', 'contacts')})`, { for: id }));
      fs.append(p);
    });
    if (more) fs.append(el('p', 'Only the first 5,000 lists are shown.', { class: 'status' }));
    this.listBox.replaceChildren(fs);
  }

  // chosen are the ticked lists, in the order shown.
  chosen() {
    const ids = [...this.listBox.querySelectorAll('input[type=checkbox]:checked')].map((c) => c.value);
    const byId = new Map((this.lists ?? []).map((l) => [l.id, l]));
    return [...this.listBox.querySelectorAll('input[type=checkbox]')].map((c) => c.value).filter((id) => ids.includes(id)).map((id) => byId.get(id));
  }

  // place reads back the chosen lists' contact ids, has the engine check their
  // columns and place every contact, and asks the admin to confirm the plan.
  // It returns {lists, of, chosen} (of: the placement's bytes) or null.
  async place(token, signal, info) {
    const o = this.outbound;
    const chosen = this.chosen();
    if (chosen.length === 0) {
      o.say('Choose at least one of your contact lists (press "Show my contact lists"), or send into new lists.', true);
      return null;
    }
    const limit = Number(this.limit.value) || 0;
    const lists = chosen.map((l) => ({ name: l.name, size: l.size, limit, columns: l.columns, phoneColumns: l.phoneColumns }));
    // The columns first: reading a list back is the slow part.
    if (!this.columnsFit(await this.engine.call('outboundPlace', { lists, newSize: info.listSize }))) return null;
    const mappings = [];
    for (const [i, l] of chosen.entries()) {
      o.say(`Reading the contact IDs of “${l.name}” (${num(i + 1)} of ${num(chosen.length)})…`);
      const csv = await o.retry(() => listMapping(token, l.id, info.idColumn, signal), signal);
      mappings.push(new TextEncoder().encode(csv).buffer);
    }
    o.say(`Finding where each of the ${plural(info.lists.reduce((n, l) => n + l.rows, 0), 'contact goes', 'contacts go')}…`);
    let reply;
    try {
      reply = await this.engine.call('outboundPlace', { lists, newSize: info.listSize }, mappings);
    } catch (err) {
      o.say(`These contacts cannot go into those lists: ${err.message}.`, true);
      return null;
    }
    if (!this.columnsFit(reply)) return null;
    const placed = { lists: reply.lists, of: reply.bytes, chosen: chosen.map(({ id, name, size }) => ({ id, name, size })), limit };
    return (await this.confirm(placed, reply.mismatched, signal)) ? placed : null;
  }

  // columnsFit shows the engine's column problems, if any.
  columnsFit(reply) {
    if (!reply.problems?.length) return true;
    this.outbound.say('The lists you chose do not have the columns of your file. Choose other lists, or change the file\'s columns in step 2:', true);
    const ul = el('ul');
    for (const p of reply.problems) ul.append(el('li', p));
    this.outbound.problemBox.replaceChildren(ul);
    return false;
  }

  async confirm(placed, mismatched, signal) {
    const o = this.outbound;
    const box = o.confirmBox;
    box.replaceChildren();
    const ul = el('ul', null, { id: 'outbound-placement' });
    const spill = placed.lists.filter((l) => l.existing < 0).reduce((n, l) => n + l.added, 0);
    for (const l of placed.lists) {
      if (l.existing >= 0) {
        const c = placed.chosen[l.existing];
        const limit = placed.limit || null;
        ul.append(el('li', `“${c.name}”: ${num(l.updated)} updated, ${num(l.added)} added${limit ? ` (${num(c.size + l.added)} of at most ${num(limit)} contacts after)` : ''}`));
      } else {
        ul.append(el('li', `A new contact list: ${num(l.added)} added`));
      }
    }
    box.append(el('p', 'Where the contacts go:'), ul);
    if (spill > 0) box.append(el('p', `${plural(spill, 'contact does', 'contacts do')} not fit in the lists you chose: ${spill === 1 ? 'it goes' : 'they go'} into new contact lists, which you name next.`, { id: 'outbound-spill' }));
    mismatched.forEach((n, i) => {
      if (n > 0) box.append(el('p', `“${placed.chosen[i].name}” holds ${plural(n, 'contact whose', 'contacts whose')} Genesys Cloud ID is not the ID in your file's column: ${n === 1 ? 'it is' : 'they are'} not updated, and a contact with the same ID is added.`, { class: 'error-text' }));
    });
    const go = el('button', 'Send into these lists', { type: 'button', class: 'primary' });
    const cancel = el('button', 'Cancel: send nothing', { type: 'button' });
    const actions = el('p', null, { class: 'actions' });
    actions.append(go, cancel);
    box.append(actions);
    o.say('Nothing is sent until you confirm.');
    go.focus();
    const choice = await new Promise((resolve) => {
      go.addEventListener('click', () => resolve(true));
      cancel.addEventListener('click', () => resolve(false));
      signal.addEventListener('abort', () => resolve(false));
    });
    box.replaceChildren();
    if (!choice && !signal.aborted) o.say('Nothing was sent.');
    return choice;
  }
}

// counts says how many contacts a finished sending updated and added.
export function counts(run) {
  let updated = 0;
  let added = 0;
  for (const l of run.lists) {
    updated += l.updated ?? 0;
    added += l.added ?? l.rows;
  }
  return { updated, added };
}

// DNC sends a column of the prepared file, or another file, to a DNC list.
export class DNC {
  constructor({ engine, outbound }) {
    this.engine = engine;
    this.outbound = outbound;
    this.info = null;
    this.lists = [];
    const $ = (id) => document.getElementById(id);
    this.form = $('dnc-form');
    this.select = $('dnc-list');
    this.column = $('dnc-column');
    this.fileRow = $('dnc-file-row');
    this.file = $('dnc-file');
    this.bar = $('dnc-bar');
    this.status = $('dnc-status');
    this.ui = {
      say: (text, isError) => this.say(text, isError), box: this.outbound.confirmBox, target: this.outbound.target,
      unavailable: 'Add the entries in Genesys Cloud: Outbound > List Management > Do Not Contact Lists.',
    };
    $('dnc-load').addEventListener('click', () => this.load());
    $('dnc-send').addEventListener('click', () => this.sendIt());
    this.select.addEventListener('change', () => this.columns());
    this.column.addEventListener('change', () => { this.fileRow.hidden = this.column.value !== ''; });
  }

  say(text, isError = false) {
    this.status.textContent = text;
    this.status.classList.toggle('error-text', isError);
  }

  show(info) { this.info = info; }

  async token(signal) {
    const s = this.outbound.send;
    const cfg = await s.config(this.ui);
    if (!cfg) return undefined;
    return s.signIn(cfg, signal, this.ui);
  }

  async load() {
    try {
      this.say('Connecting…');
      const token = await this.token(new AbortController().signal);
      if (token === undefined) return;
      this.lists = (await getDNCLists(token)).lists;
      this.select.replaceChildren();
      for (const l of this.lists) {
        this.select.append(el('option', `${l.name}${l.takes ? '' : ' (takes nothing from here: it is fed by a do-not-contact service)'}`, { value: l.id, disabled: !l.takes }));
      }
      this.form.hidden = this.lists.length === 0;
      this.say(this.lists.length ? '' : 'Your organization has no do-not-contact list yet: make one in Genesys Cloud first.');
      this.columns();
    } catch (err) {
      this.say(`Your do-not-contact lists could not be shown: ${err instanceof ApiError ? err.body?.message ?? `error ${err.status}` : err.message}.`, true);
    }
  }

  chosenList() { return this.lists.find((l) => l.id === this.select.value); }

  // columns offers the prepared file's columns that suit the list: its phone
  // columns for numbers, every column for custom values (the list's own column
  // first), and always another file.
  columns() {
    const l = this.chosenList();
    const info = this.info;
    this.column.replaceChildren();
    if (!l || !info) return;
    let cols = [];
    if (l.takes === 'phone') cols = info.phoneColumns;
    else if (l.takes === 'custom') cols = [...info.columns].sort((a, b) => (b === l.column) - (a === l.column) || (b === info.idColumn) - (a === info.idColumn));
    else cols = info.columns;
    for (const c of cols) this.column.append(el('option', `The column “${c}” of the prepared file`, { value: c }));
    this.column.append(el('option', 'Another file', { value: '' }));
    this.fileRow.hidden = this.column.value !== '';
  }

  // confirm shows what goes where and waits for the admin's yes.
  async confirm(text, n) {
    const box = document.getElementById('dnc-confirm');
    const go = el('button', `Send ${num(n)}`, { type: 'button', class: 'primary' });
    const cancel = el('button', 'Cancel: send nothing', { type: 'button' });
    const actions = el('p', null, { class: 'actions' });
    actions.append(go, cancel);
    box.replaceChildren(el('p', text, { id: 'dnc-plan' }), actions);
    this.say('Nothing is sent until you confirm.');
    go.focus();
    const yes = await new Promise((resolve) => {
      go.addEventListener('click', () => resolve(true));
      cancel.addEventListener('click', () => resolve(false));
    });
    box.replaceChildren();
    if (!yes) this.say('Nothing was sent.');
    return yes;
  }

  async sendIt() {
    const l = this.chosenList();
    if (!l?.takes) return;
    const fromFile = this.column.value === '';
    const file = this.file.files?.[0];
    if (fromFile && !file) {
      this.say('Choose the file to send first.', true);
      return;
    }
    const [one, what] = { phone: ['phone number', 'phone numbers'], email: ['e-mail address', 'e-mail addresses'], custom: ['entry', 'entries'] }[l.takes];
    const signal = new AbortController().signal;
    try {
      const got = await this.engine.call('dncEntries', { kind: l.takes, column: this.column.value, heading: l.column ?? '', file: fromFile }, fromFile ? [file] : []);
      const where = fromFile ? `${file.name}, line` : 'row';
      const left = got.leftOut ? ` ${plural(got.leftOut, 'value was', 'values were')} left out: not ${l.takes === 'phone' ? 'a phone number with its country code' : l.takes === 'email' ? 'an e-mail address' : 'a value a list takes'} (${where}${got.examples.length > 1 ? 's' : ''} ${got.examples.map(num).join(', ')}${got.leftOut > got.examples.length ? ', …' : ''}).` : '';
      if (got.entries.length === 0) {
        this.say(`Nothing to send.${left}`, true);
        return;
      }
      // What a stopped sending of these entries to this list got through: it resumes
      // there (sending one again would be harmless). Kept by a digest, never the values.
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(got.entries.join('\n'))));
      const key = `contactprep-dnc-${l.id}-${Array.from(digest.slice(0, 16), (b) => b.toString(16).padStart(2, '0')).join('')}`;
      const before = Math.min(Number(localStorage.getItem(key)) || 0, got.entries.length);
      if (!(await this.confirm(`${plural(got.entries.length, one, what)} ${got.entries.length === 1 ? 'goes' : 'go'} to the do-not-contact list “${l.name}”.${before ? ` ${num(before)} of them were sent before: the sending resumes after them.` : ''}${left}`, got.entries.length - before))) return;
      const token = await this.token(signal);
      if (token === undefined) return;
      this.bar.hidden = false;
      let sent = before;
      for (let i = before; i < got.entries.length; i += DNC_BATCH) {
        const batch = got.entries.slice(i, i + DNC_BATCH);
        await this.outbound.retry(() => addDNCEntries(token, l.id, batch, signal), signal, (err, wait) => {
          this.say(`Genesys Cloud is busy or unreachable; sending again in ${Math.ceil(wait / 1000)} s…`);
        });
        sent += batch.length;
        localStorage.setItem(key, String(sent));
        this.bar.value = sent / got.entries.length;
        this.say(`${num(sent)} of ${plural(got.entries.length, 'entry', 'entries')} sent to “${l.name}”…`);
      }
      localStorage.removeItem(key);
      this.say(`Done: ${num(sent)} ${what} sent to the do-not-contact list “${l.name}”.${left}`);
    } catch (err) {
      this.say(`Sending to “${l.name}” stopped: ${err instanceof ApiError ? err.body?.message ?? `error ${err.status}` : err.message}. Sending again is safe: an entry sent twice is kept once.`, true);
    }
  }
}
