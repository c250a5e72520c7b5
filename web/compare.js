// "Compare with my org": before the trial run, an optional look at the live
// org with view permissions only. The engine says what to ask about the ready
// rows, in batches (shared/orgcheck, the wasm call orgRows); the function asks
// Genesys Cloud (POST api/org/compare); the answers appear in step 4 as
// findings on the admin's rows, with "Show these rows". It waits out a busy
// Genesys Cloud (Retry-After), shows its progress, can be cancelled, and says
// so when it stops at its cap. Every value is rendered as text.
import { ApiError, Offline, compareRows } from './submit.js';
import { el } from './dom.js';

const num = (n) => Number(n ?? 0).toLocaleString('en-US');
const rowsWord = (n) => `${num(n)} ${n === 1 ? 'row' : 'rows'}`;
// How many of the admin's rows a finding names before "and N more".
const NAMED = 10;

export class Compare {
  // engine is the page's Engine; send is the Send part, whose sign-in it
  // shares; page shows table rows (showRows) in step 4.
  constructor({ engine, send, page }) {
    this.engine = engine;
    this.send = send;
    this.page = page;
    this.run = null;
    this.button = document.getElementById('compare');
    this.stopButton = document.getElementById('compare-stop');
    this.status = document.getElementById('compare-status');
    this.box = document.getElementById('org-findings');
    this.button.addEventListener('click', () => this.start());
    this.stopButton.addEventListener('click', () => this.run?.abort());
  }

  // reset forgets what was found: a new file was prepared or rows changed.
  reset() {
    this.run?.abort();
    this.box.replaceChildren();
    this.box.hidden = true;
    this.say('');
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
    this.stopButton.hidden = false;
    this.box.replaceChildren();
    this.box.hidden = true;
    const ui = { say: (t, e) => this.say(t, e), box: this.status.parentElement, target: document.getElementById('send-target'), unavailable: '' };
    try {
      this.say('Connecting…');
      const cfg = await this.send.config(ui);
      if (!cfg) return;
      const token = await this.send.signIn(cfg, run.signal, ui);
      if (token === undefined) return;
      const plan = await this.engine.call('orgRows');
      const answers = [];
      let done = 0;
      for (const batch of plan.batches) {
        this.say(`Comparing with your Genesys Cloud organization: ${num(done)} of ${rowsWord(plan.rows)} so far…`);
        answers.push(...await this.ask(token, batch, run.signal));
        done += batch.length;
      }
      this.show(plan, answers);
      this.say(plan.more > 0
        ? `Compared the first ${num(plan.cap)} ready rows with your organization, the most one comparison looks at; the other ${rowsWord(plan.more)} were not compared. The findings are in step 4.`
        : `Compared ${rowsWord(plan.rows)} with your organization. The findings are in step 4.`);
    } catch (err) {
      if (run.signal.aborted) this.say('Comparing stopped. Nothing was changed in your organization.');
      else this.problem(err);
    } finally {
      if (this.run === run) this.run = null;
      this.button.disabled = false;
      this.stopButton.hidden = true;
    }
  }

  // ask sends one batch, waiting as long as a busy Genesys Cloud asks.
  async ask(token, batch, signal) {
    for (;;) {
      try {
        return (await compareRows(token, batch, signal)).answers;
      } catch (err) {
        if (!(err instanceof ApiError) || err.status !== 429) throw err;
        const wait = Math.max(1, err.retryAfter || 1);
        this.say(`Genesys Cloud asks to wait ${num(wait)} s before more lookups; going on then…`);
        await new Promise((resolve, reject) => {
          const t = setTimeout(resolve, wait * 1000);
          signal.addEventListener('abort', () => { clearTimeout(t); reject(new DOMException('stopped', 'AbortError')); });
        });
      }
    }
  }

  problem(err) {
    if (err instanceof Offline) {
      this.say('This page could not reach the sending service: check your internet connection and try again.', true);
    } else if (err instanceof ApiError && err.status === 403 && err.body?.missing?.length) {
      this.say(`Your Genesys Cloud account lacks permissions to look at your organization's contacts. Ask an administrator to add: ${err.body.missing.join(', ')}.`, true);
    } else if (err instanceof ApiError && err.status === 401) {
      this.send.auth = null;
      this.say('Genesys Cloud did not accept your sign-in (it may have expired). Press "Compare with my org" to sign in again.', true);
    } else {
      this.say(`Comparing with your organization failed: ${err.body?.message ?? err.message}.`, true);
    }
  }

  // show lists what the org already has, as findings on the admin's rows.
  show(plan, answers) {
    const byTable = new Map(plan.batches.flat().map((r) => [r.table, r]));
    const kinds = [
      { test: (a) => a.account === 'handMade', account: true,
        text: (n) => `${n === 1 ? 'An Account Name' : 'Account Names'} your organization already has as ${n === 1 ? 'an organization' : 'organizations'} created by hand: an import cannot add contacts to ${n === 1 ? 'it' : 'them'}` },
      { test: (a) => a.account === 'otherId', account: true,
        text: () => 'An organization of this Account Name already exists under another Account ID: importing makes a second one of the same name' },
      { test: (a) => a.sameEmail,
        text: () => 'A contact with this e-mail already exists under another Contact ID: Genesys Cloud would make a second contact instead of updating it' },
      { test: (a) => a.samePhone,
        text: () => 'A contact with this phone number already exists under another Contact ID: Genesys Cloud would make a second contact instead of updating it' },
    ];
    const ul = el('ul', null, { class: 'kinds' });
    for (const k of kinds) {
      const hits = answers.filter(k.test).map((a) => byTable.get(a.table)).filter(Boolean);
      if (hits.length === 0) continue;
      // An account's finding is on its first row; "Show these rows" shows all of its rows.
      const tables = hits.flatMap((r) => (k.account ? r.accountRows : [r.table]));
      const named = hits.slice(0, NAMED).map((r) => `row ${num(r.line)} of ${r.file}${k.account ? ` (“${r.accountName}”)` : ''}`);
      const li = el('li');
      const text = `${k.text(hits.length)}: ${named.join(', ')}${hits.length > NAMED ? ` and ${num(hits.length - NAMED)} more` : ''}.`;
      li.append(el('span', 'Worth a check', { class: 'badge warning' }), el('span', text, { class: 'text' }));
      li.append(el('button', 'Show these rows', { type: 'button', class: 'small', 'aria-label': `Show these rows: ${text}`, onclick: () => this.page.showRows(tables) }));
      ul.append(li);
    }
    const updates = answers.filter((a) => a.exists).length;
    const counts = el('li');
    counts.append(el('span', 'Note', { class: 'badge info' }), el('span',
      `${rowsWord(updates)} will update contacts your organization already has; ${rowsWord(answers.length - updates)} will create new contacts.`, { class: 'text' }));
    ul.append(counts);
    this.box.replaceChildren(el('h3', 'What your Genesys Cloud organization already has'), ul);
    this.box.hidden = false;
  }
}
