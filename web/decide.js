// Decisions over a whole group of rows, offered where "What we found" lists
// the group: clear or keep the phones that could not be read, the most
// common version of every conflicting account, a chosen version of one,
// the column mapping for a required column no column fills, find and
// replace or clearing in any column, and leaving rows out on purpose (the
// rows shown, or one row) or putting them back. The engine (the "decide"
// call, whose rules are in shared/check) counts what a decision changes,
// which the buttons say before it runs, and makes it as one step Undo
// takes back.
import { el } from './dom.js';
import { plainColumn } from './words.js';

const num = (n) => n.toLocaleString('en-US');
const rows = (n) => `${num(n)} ${n === 1 ? 'row' : 'rows'}`;
const quoted = (v) => (v === '' ? '(empty)' : `“${v}”`);

// versionText says one version of an account's details: its values in the
// columns where the rows disagree.
function versionText(g, v) {
  return g.columns.length === 1 ? quoted(v.values[0])
    : g.columns.map((c, i) => `${plainColumn(c)} ${quoted(v.values[i])}`).join(', ');
}

// keptTyped: the kinds of finding of phones kept as typed, which "Clear
// these N numbers" clears (check.EachUnreadablePhone), in the order offered.
const keptTyped = ['phone_invalid', 'phone_excel_damage', 'phone_country_unsure'];

export class Decisions {
  // engine answers "decide" previews; change(op, args, done) runs a change
  // and redraws; unmapped() tells whether a required column is filled by no
  // column of a file, and jumpToMapping opens the column mapping of step 2;
  // shown() is the table's filter, as the engine picks its rows.
  constructor({ engine, change, unmapped, jumpToMapping, shown }) {
    Object.assign(this, { engine, change, unmapped, jumpToMapping, shown });
    this.leaveButton = document.getElementById('leave-shown');
    this.leaveButton.addEventListener('click', () => this.decide({ action: 'leaveOut', select: this.leaving.select },
      `${rows(this.leaving.rows)} left out: ${this.leaving.rows === 1 ? 'it goes' : 'they go'} to the rejected rows.`));
    this.form = document.getElementById('column-tools');
    this.column = document.getElementById('tool-column');
    this.find = document.getElementById('tool-find');
    this.with = document.getElementById('tool-with');
    this.replaceButton = document.getElementById('tool-replace');
    this.clearButton = document.getElementById('tool-clear');
    for (const input of [this.column, this.find, this.with, ...this.form.querySelectorAll('input[name=tool-whole]')]) {
      input.addEventListener('input', () => this.preview());
    }
    this.form.addEventListener('toggle', () => this.preview());
    this.replaceButton.addEventListener('click', () => this.decide(this.replaceArgs(), `Replaced in ${this.counted.replace}.`));
    this.clearButton.addEventListener('click', () => this.decide({ action: 'clearColumn', col: Number(this.column.value) }, `Cleared ${this.counted.clear}.`));
  }

  decide(args, done) {
    return this.change('decide', args, done);
  }

  // forKind returns the decisions that settle a kind of finding of the
  // summary s, to show under it (none: an empty list).
  forKind(k, s) {
    const d = s.decisions;
    // One decision settles every group of phones kept as typed; it is
    // offered under the first of them shown.
    if (k.code === keptTyped.find((c) => s.kinds.some((x) => x.code === c)) && d.unreadablePhones > 0) {
      return [this.phones(d)];
    }
    if (k.code === 'account_conflict' && k.severity === 'error' && d.accounts > 0) {
      const n = d.accounts;
      const accounts = `${num(n)} ${n === 1 ? 'account' : 'accounts'}`;
      const box = el('p', null, { class: 'decide' });
      box.append(el('button', `Use the most common version for ${n === 1 ? 'the one account' : `all ${accounts}`}`, {
        type: 'button', class: 'small', 'aria-describedby': 'most-common-note',
        onclick: () => this.decide({ action: 'mostCommon' }, `Every account now uses its most common version (${accounts}).`),
      }), el('span', ' The version most rows of an account carry; where two are as common, the one of its first row.', { class: 'hint', id: 'most-common-note' }));
      return [box];
    }
    if (k.code === 'row_left_out') {
      return [el('button', `Put ${k.rows === 1 ? 'this row' : `these ${rows(k.rows)}`} back`, {
        type: 'button', class: 'small',
        onclick: () => this.decide({ action: 'putBack', select: { codes: ['row_left_out'] } }, `${rows(k.rows)} put back.`),
      })];
    }
    if ((k.code === 'missing_column' || (k.code === 'missing_required' && this.unmapped())) && k.severity !== 'info') {
      return [el('button', 'Choose the column that fills it', { type: 'button', class: 'small', onclick: () => this.jumpToMapping() })];
    }
    return [];
  }

  // phones offers the two decisions about the phone numbers kept as typed.
  phones(d) {
    const n = d.unreadablePhones;
    const box = el('p', null, { class: 'decide' });
    if (d.keptTyped) {
      box.append(el('span', `You chose to keep ${n === 1 ? 'this number' : `these ${num(n)} numbers`} as typed: they are imported, but Genesys cannot search or text them. `));
    }
    box.append(el('button', `Clear ${n === 1 ? 'this number' : `these ${num(n)} numbers`} (the rest of each row is imported)`, {
      type: 'button', class: 'small', 'aria-describedby': 'clear-phones-note',
      onclick: () => this.decide({ action: 'clearPhones' }, `${n === 1 ? 'One number' : `${num(n)} numbers`} cleared.`),
    }));
    box.append(el('span', ' Every number kept as typed: those that could not be read, those Excel damaged beyond repair, and those valid only in the country chosen for the file. ', { class: 'hint', id: 'clear-phones-note' }));
    if (!d.keptTyped) {
      box.append(el('button', 'Keep them as typed', {
        type: 'button', class: 'small',
        'aria-label': `Keep them as typed (${n === 1 ? 'this number' : `these ${num(n)} numbers`})`,
        onclick: () => this.decide({ action: 'keepPhones' }, `${n === 1 ? 'One number is' : `${num(n)} numbers are`} kept as typed.`),
      }));
    }
    return box;
  }

  // versions shows the versions of an account conflict group side by side,
  // with their rows, each with the button that writes it.
  versions(g) {
    const box = el('div', null, { class: 'versions', role: 'group', 'aria-label': `Versions of Account ID ${g.key}` });
    const list = el('ul');
    for (const v of g.versions) {
      const li = el('li');
      li.append(el('span', `${versionText(g, v)} — ${rows(v.rows)}`, { class: 'version' }), el('button', `Keep ${versionText(g, v)}`, {
        type: 'button', class: 'small',
        'aria-label': `Keep ${versionText(g, v)} for all ${rows(g.size)} of Account ID ${g.key}`,
        onclick: () => this.change('useVersion', { row: v.row }, `All ${rows(g.size)} of Account ID ${g.key} now use ${versionText(g, v)}.`),
      }));
      list.append(li);
    }
    box.append(el('span', `Account ID ${g.key}: keep which?`), list);
    return box;
  }

  // versionButton is the row detail's button for a row of an account
  // conflict: its label says what it writes.
  versionButton(row, g, columns, done) {
    const values = g ? g.columns.map((c) => row.cells[columns.findIndex((col) => col.header === c)] ?? '') : null;
    const what = g ? versionText(g, { values }) : 'this row\'s company details';
    return el('button', `Use ${what} for every row of this account`, {
      type: 'button', class: 'primary',
      onclick: () => this.change('useVersion', { row: row.row }, done(what)),
    });
  }

  // previewLeaving asks the engine how many of the shown rows (total) are
  // not left out yet, and offers to leave them out, saying how many; a
  // newer preview wins over an older one's answer.
  async previewLeaving(total) {
    const select = this.shown();
    const asked = (this.leaveAsked = (this.leaveAsked ?? 0) + 1);
    const p = await this.engine.call('decide', { action: 'leaveOut', select, preview: true }).catch(() => null);
    if (asked !== this.leaveAsked) return;
    const n = p?.rows ?? 0;
    this.leaving = { select, rows: n };
    this.leaveButton.hidden = n === 0;
    this.leaveButton.textContent = n < total ? `Leave out the ${rows(n)} shown that ${n === 1 ? 'is' : 'are'} still in`
      : `Leave out ${n === 1 ? 'the row shown' : `the ${rows(n)} shown`}`;
  }

  // rowButton is the row detail's button that leaves the row out on
  // purpose, or puts it back when it is.
  rowButton(row, where) {
    const out = row.findings.some((f) => f.code === 'row_left_out');
    return el('button', out ? 'Put this row back' : 'Leave this row out', {
      type: 'button',
      onclick: () => this.decide({ action: out ? 'putBack' : 'leaveOut', select: { rows: [row.row] } },
        out ? `${where} put back.` : `${where} left out: it goes to the rejected rows.`),
    });
  }

  // setColumns fills the column menu of the find and replace tools.
  setColumns(columns) {
    const keep = this.column.value;
    this.column.replaceChildren(...columns.map((c) => el('option', c.header, { value: String(c.col) })));
    if ([...this.column.options].some((o) => o.value === keep)) this.column.value = keep;
    this.preview();
  }

  replaceArgs() {
    const whole = this.form.querySelector('input[name=tool-whole]:checked')?.value === 'whole';
    return { action: 'replace', col: Number(this.column.value), find: this.find.value, with: this.with.value, whole };
  }

  // preview asks the engine what the two column tools would change, and says
  // it on their buttons; a newer preview wins over an older one's answer.
  // Folded away, the tools ask nothing: over every row of a large file, the
  // counts would hold up the table after each change.
  async preview() {
    if (this.column.value === '' || !this.form.open) return;
    const asked = (this.asked = (this.asked ?? 0) + 1);
    const col = Number(this.column.value);
    const name = this.column.selectedOptions[0]?.textContent ?? '';
    const [replace, clear] = await Promise.all([
      this.engine.call('decide', { ...this.replaceArgs(), preview: true }),
      this.engine.call('decide', { action: 'clearColumn', col, preview: true }),
    ]).catch(() => [null, null]);
    if (asked !== this.asked || !replace) return;
    const cells = (n) => `${num(n)} ${n === 1 ? 'cell' : 'cells'}`;
    this.counted = { replace: cells(replace.cells), clear: `${cells(clear.cells)} of ${name}` };
    this.replaceButton.textContent = `Replace in ${cells(replace.cells)}`;
    this.replaceButton.disabled = replace.cells === 0;
    this.clearButton.textContent = `Clear all ${cells(clear.cells)} of ${name}`;
    this.clearButton.disabled = clear.cells === 0;
  }
}
