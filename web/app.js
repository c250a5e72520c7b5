// The page: choose files, check what was detected, prepare, review and fix,
// download, or send to Genesys Cloud (send.js). Every rule runs in the engine
// (worker.js); this module moves bytes, keeps the admin's choices and renders
// replies, always as text.
import { Engine, Workbooks, Cancelled, Refused, Redetect, isWorkbook } from './engine.js';
import { Grid } from './grid.js';
import { Decisions } from './decide.js';
import { describeKind, describeConflict, describeRefused, describeMissing, describeBlocked, severityWords, phaseWords, failureWords, listSizeHint, fileSizeWords } from './words.js';
import { el } from './dom.js';
import { Send } from './send.js';
import { Compare } from './compare.js';
import { Outbound } from './outbound.js';
import * as progressStore from './resume.js';

const $ = (id) => document.getElementById(id);

// ---- The page's state: read anywhere, changed only by the functions below ----

const state = {
  inputs: [], // {file, workbook, sheets, sheet, picked (the admin chose the sheet), csv; width, ignored, ignoredRows: the cells right of the header row the conversion left out}
  fileHash: null, // SHA-256 of the chosen files' bytes: the key of a resumable sending
  resumable: null, // the unfinished sending of these files offered for resuming
  outbound: { header: null, idColumn: '', phones: null }, // the contact list settings; phones null: as detected
  template: null, // {name, header}
  overrides: new Map(), // source header → target header ("" leaves the column out)
  makeIDs: false, // make the Contact IDs and Account IDs no column fills
  detected: null,
  columnsOpen: new Set(), // input cards whose column table the admin opened
  summary: null,
  prepared: null, // the settings the summary was prepared with
  filter: { codes: [], severities: ['error', 'warning'], conflict: null },
  choice: 0, // counts the choices of files (and sheets): the engine keeps a choice's bytes under it
  kept: 0, // the choice whose bytes the engine holds, 0 for none
};

const defaultFilter = () => ({ codes: [], severities: ['error', 'warning'], conflict: null });

// chooseInputs makes newly read files the page's files: what belonged to the
// files before (the columns opened, the hash, a sending to resume) is forgotten.
function chooseInputs(inputs) {
  Object.assign(state, { inputs, fileHash: null, resumable: null, makeIDs: false });
  state.columnsOpen.clear();
  state.choice++;
}

// chooseSheet records a workbook's sheet, converted to CSV: a new choice of
// bytes. picked: the admin chose it, rather than the page by its columns.
function chooseSheet(input, converted, picked) {
  const { sheets, sheet, csv, width, ignored, ignoredRows } = converted;
  Object.assign(input, { sheets, sheet, csv, width, ignored, ignoredRows, picked });
  state.choice++;
}

// chooseEncoding records the text encoding the admin chose for a file ("":
// the engine detects it).
function chooseEncoding(input, encoding) { input.encoding = encoding; }

// chooseSettings records the admin's choices of step 2 that feed the engine.
// Only the fields given change.
function chooseSettings({ template, overrides, outbound, makeIDs }) {
  if (template !== undefined) state.template = template;
  if (makeIDs !== undefined) state.makeIDs = makeIDs;
  if (overrides !== undefined) state.overrides = overrides;
  if (outbound !== undefined) Object.assign(state.outbound, outbound);
}

// openColumns records that the admin opened (or closed) a file's column table.
function openColumns(n, open) {
  if (open) state.columnsOpen.add(n);
  else state.columnsOpen.delete(n);
}

// keep records which choice's bytes the engine holds (0: none).
function keep(choice) { state.kept = choice; }

// detect takes the engine's reading of the chosen files.
function detect(reply) { state.detected = reply; }

// prepared takes a run's summary and its settings; the rows shown start from
// the default filter.
function prepared(summary, settings) {
  Object.assign(state, { summary, prepared: settings, filter: defaultFilter() });
}

// summarize takes the summary after an edit, an undo or a decision.
function summarize(summary) { state.summary = summary; }

// kindText says a kind of finding of the summary, with the limits it came with.
const kindText = (k) => describeKind(k.code, k.rows, state.summary?.outbound?.limits, k.file);

// offerSending records the hash of the files and an unfinished sending of
// them (or null) that step 1 offers to resume.
function offerSending(fileHash, resumable) {
  Object.assign(state, { fileHash, resumable });
}

const engine = new Engine((p) => progress.add(p));
// The files' hashes (resume.js) are made in the engine's worker: a large file
// hashed here would hold the page still for most of a second.
const hashFiles = (files) => engine.call('hash', { files });
const workbooks = new Workbooks();
const grid = new Grid($('grid'), {
  fetchRows: (offset, count) => engine.call('rows', { offset, count, ...rowFilter() }),
  onEdit: (row, col, value) => change('edit', { row, col, value }, 'Saved. The row was checked again.'),
  onActive: showRowDetail,
});

// sentRows names rows of what was sent in the admin's terms, shows them, and
// writes a part again without rows the admin leaves out.
const sentRows = {
  place: async (places) => (await engine.call('origins', { places })).origins,
  showRows: (rows) => setFilter({ codes: [], severities: [], conflict: null, rows }, { scroll: true }),
  files: () => (state.summary?.inputs ?? []).map((i) => i.file),
  partWithout: (part, leave) => engine.call('partWithout', { part, leave }),
};
const send = new Send({ getCleaned: () => engine.download('cleaned'), page: sentRows });
const outbound = new Outbound({ engine, send });
const compare = new Compare({ engine, send, page: sentRows });
const decisions = new Decisions({
  engine,
  change: (op, args, done) => change(op, args, done),
  unmapped: () => !!state.detected?.inputs.some((d) => d.missing?.length > 0),
  jumpToMapping,
  shown: () => rowFilter(),
});

if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('sw.js').catch(() => { /* the page works without it, only not offline */ });
}

function show(id, visible = true) { $(id).hidden = !visible; }
function say(id, text, isError = false) {
  $(id).textContent = text;
  $(id).classList.toggle('error-text', isError);
}

// guarded wraps every asynchronous handler of the page. If fn fails, the status
// line where shows what the page was doing in plain words (words.failureWords,
// never a script's error alone) with a button to try again; the admin's files,
// choices and edits are kept, as nothing in state is changed by a failed step.
// A file the engine cannot read at all is said as such, without a retry.
// doing may be a function of fn's arguments.
function guarded(where, doing, fn) {
  const attempt = async (...args) => {
    try {
      return await fn(...args);
    } catch (err) {
      if (err instanceof Refused) {
        say(where, describeRefused(err.kind, err.file, err.where), true);
        return undefined;
      }
      const what = typeof doing === 'function' ? doing(...args) : doing;
      say(where, failureWords(what, err), true);
      $(where).append(' ', el('button', 'Try again', {
        type: 'button', class: 'small', onclick: () => { say(where, ''); attempt(...args); },
      }));
      return undefined;
    }
  };
  return attempt;
}

// ---- Step 1: files ----

// The input is emptied once read, so that choosing the same file again (after
// it changed on disk, which the engine then cannot read) is a choice too.
$('file').addEventListener('change', (e) => {
  const files = [...e.target.files];
  e.target.value = '';
  readFiles(files);
});
const drop = $('drop');
drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  readFiles([...e.dataTransfer.files]);
});

const names = (files) => (files.length === 1 ? files[0].name : `${files.length} files`);

const readFiles = guarded('choose-status', (files) => `reading ${names(files)}`, async (files) => {
  if (files.length === 0) return;
  say('choose-status', `Reading ${names(files)}…`);
  show('step-progress', false);
  show('step-results', false);
  show('step-download', false);
  show('resume', false);
  send.reset(0);
  compare.reset();
  outbound.reset();
  const inputs = [];
  for (const file of files) {
    const input = { file, workbook: await isWorkbook(file), sheets: [], sheet: '', picked: false, csv: null, encoding: '' };
    if (input.workbook) await convertSheet(input, '');
    inputs.push(input);
  }
  chooseInputs(inputs);
  await inspect();
  // A file without a header row or without rows gets its sentence, at
  // step 1 when no file has anything to prepare.
  const problems = state.detected.inputs.map(fileProblem).filter((p) => p !== '');
  const nothing = state.detected.inputs.every((d) => d.header.length === 0);
  show('step-check', !nothing);
  if (problems.length > 0) {
    say('choose-status', problems.join(' '), true);
  } else {
    say('choose-status', `${files.map((f) => f.name).join(', ')}: read. Check the settings below, then press "Prepare contacts".`);
  }
  if (!nothing) await offerResume(files);
});

// fileProblem says what keeps a file's contacts from being read, or "".
function fileProblem(d) {
  if (d.header.length === 0) return describeRefused('empty', d.file);
  if (!d.hasRows) return describeRefused('headerOnly', d.file);
  return '';
}

// convertSheet reads a workbook's sheet: the one named, or ("") the one
// whose header best matches the columns chosen in step 2.
async function convertSheet(input, sheet) {
  chooseSheet(input, await convert(input.file, sheet, sheetColumns()), sheet !== '');
}

// rechooseSheets chooses again the sheets the page chose, after the columns
// they were chosen by changed (another target, the org's sample file): the
// sheet of the org's own fields may be another one. A sheet the admin
// picked stays. A sheet whose cells right of its header row were left out
// is converted again: another header row may be wider.
async function rechooseSheets() {
  for (const input of state.inputs) {
    const cut = input.ignored > 0;
    if (!input.workbook || (!cut && (input.picked || input.sheets.length < 2))) continue;
    const c = await convert(input.file, input.picked ? input.sheet : '', sheetColumns());
    if (cut || c.sheet !== input.sheet) chooseSheet(input, c, input.picked);
  }
}

// sheetColumns are what a workbook's sheet is chosen by: the target and the
// org's sample file's columns, as a header row is looked for.
function sheetColumns() {
  return { target: document.querySelector('input[name=target]:checked').value, template: state.template?.header ?? null };
}

// convert turns a workbook's sheet into CSV; a workbook that cannot be read is
// refused by its name.
async function convert(file, sheet, columns = {}) {
  try {
    return await workbooks.convert(await file.arrayBuffer(), sheet, columns);
  } catch (err) {
    if (err instanceof Refused) err.file ??= file.name;
    throw err;
  }
}

// payload builds the files part of a call: each input (unless withBytes is
// false), as the File itself, which the engine's worker reads a chunk at a
// time, and for a workbook its sheet as CSV, a buffer transferred to the
// worker. bytes is what the engine will read of each.
async function payload(withBytes = true) {
  const files = [];
  const buffers = [];
  let at = 0;
  for (const input of state.inputs) {
    const f = { name: input.file.name, data: at++, csv: -1, sheet: input.sheet, encoding: input.encoding, bytes: input.csv?.byteLength ?? input.file.size };
    if (input.ignored > 0) Object.assign(f, { width: input.width, ignored: input.ignored, ignoredRows: input.ignoredRows });
    if (withBytes) buffers.push(input.file);
    if (input.csv) {
      f.csv = at++;
      if (withBytes) buffers.push(input.csv.slice(0));
    }
    files.push(f);
  }
  return { files, buffers };
}

// withFiles makes an engine call about the chosen files: without their bytes
// when the engine kept them from an earlier call (wasm/session.go), which
// spares reading and copying a large file again, else with them, for the
// engine to keep. argsOf builds the call's settings from the files' part; the
// settings made are returned with the reply. A run uses the kept bytes up.
async function withFiles(op, argsOf) {
  const run = op !== 'inspect';
  if (state.kept === state.choice) {
    const args = argsOf((await payload(false)).files);
    try {
      return { reply: await engine.call(op, { ...args, keep: state.choice }), args };
    } catch (err) {
      if (err.message !== 'files not kept') throw err;
    } finally {
      if (run) keep(0);
    }
  }
  const { files, buffers } = await payload();
  const args = argsOf(files);
  const reply = await engine.call(op, { ...args, keep: run ? 0 : state.choice }, buffers);
  keep(run ? 0 : state.choice);
  return { reply, args };
}

function settings(files) {
  const target = document.querySelector('input[name=target]:checked').value;
  const s = {
    files,
    country: $('country').value || 'US',
    target,
    template: state.template?.header ?? null,
    map: [...state.overrides].map(([source, target]) => ({ Source: source, Target: target })),
    makeIDs: state.makeIDs,
  };
  if (target === 'outbound') {
    // A contact list's columns are the file's own: no template, no mapping.
    s.template = null;
    s.map = [];
    s.makeIDs = false;
    s.idColumn = state.outbound.idColumn;
    s.listSize = listSize();
    s.phoneColumns = state.outbound.phones ? (state.outbound.header ?? []).filter((h) => state.outbound.phones.has(h)) : null;
  }
  return s;
}

// runSettings are the settings that decide the prepared rows and their lists:
// with the files' hash, the key of a resumable sending.
function runSettings(s) {
  const { files, ...rest } = s;
  return { ...rest, map: [...rest.map].sort((a, b) => (a.Source < b.Source ? -1 : a.Source > b.Source ? 1 : 0)) };
}

// listSize is the number typed, or 0 for the engine's own (Genesys' most); a
// number the engine does not take, it refuses in words the page shows.
function listSize() {
  const n = Math.floor(Number($('list-size').value));
  return Number.isFinite(n) && n >= 1 ? n : 0;
}

// ---- Step 2: what was detected, and the admin's choices ----

const mappingKey = (header) => `contactprep.mapping.v1:${JSON.stringify(header)}`;

// inspectSettings leaves the phone columns to the engine, so that it says
// which columns it takes for phones (the admin's choice is applied on prepare).
const inspectSettings = (files) => ({ ...settings(files), phoneColumns: null });

async function inspect() {
  let { reply } = await withFiles('inspect', inspectSettings);
  // Apply mappings saved for these headers, unless the admin chose otherwise here.
  const overrides = new Map(state.overrides);
  for (const input of reply.inputs) {
    const saved = JSON.parse(localStorage.getItem(mappingKey(input.header)) ?? '{}');
    for (const [source, target] of Object.entries(saved)) {
      if (!overrides.has(source)) overrides.set(source, target);
    }
  }
  if (overrides.size > state.overrides.size) {
    chooseSettings({ overrides });
    ({ reply } = await withFiles('inspect', inspectSettings));
  }
  for (const d of reply.inputs) d.header ??= []; // a file without a header row
  detect(reply);
  renderInputs();
  renderOutboundSettings();
}

const howWords = {
  exact: 'same name', folded: 'same name, other spelling', synonym: 'usual name for it', explicit: 'your choice', unmapped: 'not imported',
  layout: 'what this export means by it', paired: 'each row’s label says which phone or e-mail',
};

function renderInputs() {
  const box = $('inputs');
  box.replaceChildren();
  state.detected.inputs.forEach((d, n) => {
    const input = state.inputs[n];
    const card = el('div', null, { class: 'input-card' });
    card.append(el('h3', d.file));
    const facts = el('ul', null, { class: 'facts' });
    const fact = (label, value) => {
      const li = el('li');
      li.append(el('strong', `${label}: `), document.createTextNode(value));
      facts.append(li);
    };
    fact('Format', d.format === 'xlsx' ? 'Excel workbook (XLSX)' : 'Text (CSV)');
    if (d.format !== 'xlsx') fact('Columns separated by', delimiterWords(d.delimiter));
    card.append(facts);
    if (d.format !== 'xlsx' && input && encodings.length > 0) card.append(encodingChoice(d, input, n));
    if (d.titles?.length) {
      const lines = d.titles.length === 1 ? 'The line' : `The ${d.titles.length} lines`;
      card.append(el('p', `${lines} above the column names ${d.titles.length === 1 ? 'is' : 'are'} a title, not contacts, and left out: ${d.titles.map((t) => `“${t}”`).join(', ')}.`, { class: 'titles' }));
    }
    if (d.layout) card.append(el('p', `This looks like a ${d.layout} export: its columns are read the way ${d.layout} means them.`, { class: 'layout' }));
    if (!isOutbound() && (d.makeable.length > 0 || state.makeIDs)) card.append(makeIDsChoice(d, n));
    if (input?.sheets.length > 1) {
      const id = `sheet-${n}`;
      const p = el('p');
      p.append(el('label', 'Sheet to read', { for: id }));
      const select = el('select', null, { id });
      for (const s of input.sheets) select.append(el('option', s, { value: s, selected: s === input.sheet }));
      select.addEventListener('change', guarded('choose-status', () => `reading sheet ${select.value}`, async () => {
        say('choose-status', `Reading sheet ${select.value}…`);
        await convertSheet(input, select.value);
        await inspect();
        say('choose-status', `Sheet ${select.value} read.`);
        $(id).focus();
      }));
      p.append(select);
      card.append(p);
    } else if (d.sheet) {
      fact('Sheet', d.sheet);
    }
    if (fileProblem(d)) card.append(el('p', fileProblem(d), { class: 'alert' }));
    if (d.header.length === 0) {
      box.append(card);
      return;
    }
    if (isOutbound()) {
      fact('Columns', `${d.header.length}: each becomes a column of the contact list, under the same name`);
    } else {
      // The column table is folded away unless a column is left out or a required one is missing.
      const left = d.targets.filter((t, i) => t === '' && d.how[i] !== 'paired').length;
      const missing = d.missing.length;
      const details = el('details', null, { class: 'columns', open: left > 0 || missing > 0 || state.columnsOpen.has(n) });
      details.addEventListener('toggle', () => openColumns(n, details.open));
      details.append(el('summary', `Columns: ${d.header.length - left} of ${d.header.length} matched to Genesys columns${left ? `, ${left} left out` : ''}${missing ? `, ${missing} required ${missing === 1 ? 'column' : 'columns'} missing` : ''}. Show or change`));
      if (missing) details.append(el('p', describeMissing(d.missing, d.file, state.detected.inputs.length > 1), { class: 'alert', id: `missing-${n}` }));
      details.append(mappingTable(d, n));
      card.append(details);
    }
    box.append(card);
  });
  const blocked = blockedWords();
  say('check-problem', blocked, true);
  $('run').disabled = blocked !== '';
}

// blockedWords says why the chosen files cannot be prepared as they are set
// up in step 2 (a required column no column fills), or "".
function blockedWords() {
  if (!state.detected || isOutbound()) return '';
  const missing = state.detected.inputs.flatMap((d) => (d.header.length > 0 ? d.missing ?? [] : []));
  return missing.length > 0 ? describeBlocked(missing) : '';
}

// encodingChoice shows the text encoding a file was read in, by the name
// people know it by (the engine's), and lets the admin read it in another.
function encodingChoice(d, input, n) {
  const id = `encoding-${n}`;
  const p = el('p', null, { class: 'encoding' });
  p.append(el('label', 'Text encoding', { for: id }), ' ');
  const select = el('select', null, { id, 'aria-describedby': `${id}-hint` });
  const current = input.encoding || d.encoding;
  for (const e of encodings) select.append(el('option', e.title, { value: e.name, selected: e.name === current }));
  if (!encodings.some((e) => e.name === current)) select.prepend(el('option', d.encodingTitle || d.encoding, { value: current, selected: true }));
  select.addEventListener('change', guarded('check-status', () => `reading ${d.file} as ${select.selectedOptions[0]?.textContent}`, async () => {
    chooseEncoding(input, select.value);
    await inspect();
    $(id)?.focus();
  }));
  p.append(select, el('span', input.encoding ? ' (your choice)' : ' (found in the file)', { class: 'hint', id: `${id}-hint` }));
  p.append(el('span', ' If names show odd letters (such as Ã© for é) in the examples below, choose another.', { class: 'hint' }));
  return p;
}

// makeIDsChoice offers to make the IDs a file has no column for (a contact
// export from Google or Outlook has none); the engine makes them.
function makeIDsChoice(d, n) {
  const box = el('fieldset', null, { class: 'make-ids' });
  const which = d.makeable.length ? d.makeable.join(' and ') : 'Contact ID';
  box.append(el('legend', state.makeIDs ? 'IDs made for you' : `${d.file} has no column for ${which}`));
  box.append(el('p', 'Genesys needs an ID for each contact and each company. They can be made from each row: a contact’s from its e-mail address (or, without one, from its name and first phone), a company’s from its name. The same file always gets the same IDs, so importing it again updates the same contacts; a changed e-mail address makes a new contact.'));
  const id = `make-ids-${n}`;
  const label = el('label', null, { for: id });
  const toggle = el('input', null, { type: 'checkbox', id });
  toggle.checked = state.makeIDs;
  toggle.addEventListener('change', guarded('check-status', 'making the IDs', async () => {
    chooseSettings({ makeIDs: toggle.checked });
    await inspect();
    $(id)?.focus();
  }));
  label.append(toggle, document.createTextNode(' Make the IDs for me'));
  box.append(label);
  return box;
}

function delimiterWords(d) {
  return { ',': 'commas', ';': 'semicolons', '\t': 'tabs', '|': 'vertical bars' }[d] ?? `"${d}"`;
}

function mappingTable(d, n) {
  const table = el('table', null, { class: 'mapping' });
  table.append(el('caption', `Columns of ${d.file} and the Genesys columns they fill`, { class: 'visually-hidden' }));
  const head = el('tr');
  head.append(el('th', 'Column in your file', { scope: 'col' }), el('th', 'Values in it, for example', { scope: 'col' }),
    el('th', 'Genesys column', { scope: 'col' }), el('th', 'Why', { scope: 'col' }));
  const thead = el('thead');
  thead.append(head);
  table.append(thead);
  const body = el('tbody');
  d.header.forEach((source, i) => {
    const tr = el('tr');
    const id = `map-${n}-${i}`;
    const th = el('th', null, { scope: 'row' });
    th.append(el('label', source || `(column ${i + 1} has no name)`, { for: id }));
    const select = el('select', null, { id });
    select.append(el('option', '— leave out —', { value: '' }));
    for (const t of state.detected.targets) {
      select.append(el('option', t.required ? `${t.header} (required)` : t.header, { value: t.header, selected: t.header === d.targets[i] }));
    }
    select.addEventListener('change', () => chooseTarget(d.header, source, select.value, id));
    const td = el('td');
    td.append(select);
    const samples = d.samples?.[i] ?? [];
    tr.append(th, el('td', samples.length ? samples.join(' · ') : '(empty in the first rows)', { class: 'samples' }), td, el('td', howWords[d.how[i]] ?? d.how[i], { class: 'how' }));
    body.append(tr);
  });
  table.append(body);
  return table;
}

const chooseTarget = guarded('check-status', (header, source) => `using your choice for the column “${source}”`, async (header, source, target, focusId) => {
  chooseSettings({ overrides: new Map(state.overrides).set(source, target) });
  const key = mappingKey(header);
  const saved = JSON.parse(localStorage.getItem(key) ?? '{}');
  saved[source] = target;
  localStorage.setItem(key, JSON.stringify(saved));
  await inspect();
  $(focusId)?.focus();
});

const readTemplate = guarded('template-status', (file) => `reading ${file.name}`, async (file) => {
  say('template-status', `Reading ${file.name}…`);
  const f = { name: file.name, data: 0, csv: -1, sheet: '' };
  const buffers = [await file.arrayBuffer()];
  if (await isWorkbook(file)) {
    const c = await convert(file, '');
    f.csv = 1;
    f.sheet = c.sheet;
    buffers.push(c.csv);
  }
  const { header } = await engine.call('template', f, buffers);
  chooseSettings({ template: { name: file.name, header } });
  say('template-status', `Using the ${header.length} columns of ${file.name}.`);
  show('template-clear');
  await rechooseSheets();
  await inspect();
});

$('template').addEventListener('change', (e) => {
  const file = e.target.files[0];
  e.target.value = '';
  if (file) readTemplate(file);
});

$('template-clear').addEventListener('click', guarded('template-status', 'going back to the built-in Genesys columns', async () => {
  chooseSettings({ template: null });
  say('template-status', 'Using the built-in Genesys columns.');
  show('template-clear', false);
  await rechooseSheets();
  await inspect();
}));

// reinspect reads the chosen files again after a setting of step 2 changed;
// resheet chooses the sheets again first (the target's columns changed).
const reinspect = guarded('check-status', 'checking your file again with the new setting', () => inspect());
const resheet = guarded('check-status', 'checking your file again with the new setting', async () => {
  await rechooseSheets();
  await inspect();
});

for (const radio of document.querySelectorAll('input[name=target]')) radio.addEventListener('change', () => resheet());

// jumpToMapping takes the admin from step 4 to where this step says which
// column fills a required one: a contact list's ID column; or the column
// table of the first file that misses one, opened, at the first of its
// columns left out (the likeliest to hold it), else at its first column.
function jumpToMapping() {
  if (isOutbound()) {
    $('outbound-settings').scrollIntoView({ block: 'start' });
    $('id-column').focus();
    return;
  }
  const n = state.detected?.inputs.findIndex((d) => d.missing?.length > 0) ?? -1;
  const card = $('inputs').children[Math.max(n, 0)];
  const details = card?.querySelector('details.columns');
  if (!details) {
    $('h-check').scrollIntoView({ block: 'start' });
    return;
  }
  details.open = true;
  const selects = [...details.querySelectorAll('select')];
  const at = selects.find((s) => s.value === '') ?? selects[0];
  ($(`missing-${n}`) ?? details).scrollIntoView({ block: 'start' });
  at?.focus();
}

// ---- Step 2, outbound: the contact id column, the list size, the phone columns ----

const isOutbound = () => document.querySelector('input[name=target]:checked')?.value === 'outbound';

function renderOutboundSettings() {
  const on = isOutbound();
  show('outbound-settings', on);
  show('template-box', !on);
  if (!on || !state.detected) return;
  const header = [];
  const detectedPhones = new Set();
  for (const d of state.detected.inputs) {
    for (const h of d.header) if (h !== '' && !header.includes(h)) header.push(h);
    for (const h of d.phones ?? []) detectedPhones.add(h);
  }
  const o = state.outbound;
  if (JSON.stringify(o.header) !== JSON.stringify(header)) {
    // Another file: the engine's guess of its id column, and the phones as detected.
    chooseSettings({ outbound: { header, idColumn: state.detected.idColumn ?? '', phones: null } });
  }
  // Genesys' most contacts in one list, as the engine holds it.
  const most = state.detected.limits.listSize;
  const size = $('list-size');
  size.max = String(most);
  if (!size.value) size.value = String(most);
  say('list-size-hint', listSizeHint(most));
  const select = $('id-column');
  select.replaceChildren();
  for (const h of header) select.append(el('option', h, { value: h, selected: h === o.idColumn }));
  const box = $('phone-choices');
  box.replaceChildren();
  const phones = o.phones ?? detectedPhones;
  header.forEach((h, i) => {
    const id = `phone-col-${i}`;
    const p = el('p');
    const input = el('input', null, { type: 'checkbox', id, value: h, checked: phones.has(h) });
    input.addEventListener('change', () => {
      chooseSettings({ outbound: { phones: new Set([...box.querySelectorAll('input:checked')].map((c) => c.value)) } });
    });
    p.append(input, el('label', h, { for: id }));
    box.append(p);
  });
}

$('id-column').addEventListener('change', (e) => chooseSettings({ outbound: { idColumn: e.target.value } }));

// ---- Resuming a sending that stopped ----

// offerResume looks for an unfinished sending of the chosen files and offers
// to take it up again with the settings it was prepared with.
async function offerResume(files) {
  if (!('indexedDB' in self) || !crypto.subtle) return;
  try {
    if (!(await progressStore.anyUnfinished())) return;
    const fileHash = await progressStore.filesHash(files, hashFiles);
    const [run] = await progressStore.unfinished(fileHash);
    offerSending(fileHash, run ?? null);
    if (!run) return;
    const done = await progressStore.doneUnits(run.key);
    let sent = 0;
    for (const units of done.values()) for (const rows of units.values()) sent += rows;
    const total = run.lists.reduce((n, l) => n + l.rows, 0);
    const how = run.way === 'api' ? 'through the API' : 'as CSV uploads';
    const when = new Date(run.updated).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' });
    say('resume-text', `On ${when} this file was being sent ${how} to ${run.lists.length === 1 ? 'a contact list' : `${run.lists.length.toLocaleString('en-US')} contact lists`}: ${sent.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} contacts are in Genesys Cloud. "Resume" prepares the file again with the same settings and sends the rest; nothing is sent twice. "Start over" forgets that sending on this computer (the contacts already sent stay in their lists).`);
    show('resume');
  } catch {
    // Without the progress store the page still works; only resuming is not offered.
  }
}

$('resume-go').addEventListener('click', guarded('choose-status', 'setting up the earlier sending again', async () => {
  const run = state.resumable;
  if (!run) return;
  show('resume', false);
  const s = run.settings;
  $('country').value = s.country;
  for (const r of document.querySelectorAll('input[name=target]')) r.checked = r.value === s.target;
  chooseSettings({
    template: s.template ? { name: 'the earlier sample file', header: s.template } : null,
    overrides: new Map((s.map ?? []).map((m) => [m.Source, m.Target])),
    makeIDs: s.makeIDs === true,
  });
  await rechooseSheets();
  if (s.target === 'outbound') {
    $('list-size').value = s.listSize > 0 ? String(s.listSize) : '';
    await inspect();
    chooseSettings({ outbound: { idColumn: s.idColumn, phones: s.phoneColumns ? new Set(s.phoneColumns) : null } });
    renderOutboundSettings();
  } else {
    await inspect();
  }
  await run_();
}));

$('resume-forget').addEventListener('click', async () => {
  const run = state.resumable;
  offerSending(state.fileHash, null);
  show('resume', false);
  if (run) await progressStore.forget(run.key).catch(() => {});
  say('choose-status', 'The earlier sending is forgotten on this computer. Check the settings below, then press "Prepare contacts".');
});

// ---- Step 3: prepare, with progress ----

$('run').addEventListener('click', () => run_());
$('cancel').addEventListener('click', () => {
  engine.cancel();
  keep(0); // a fresh engine worker holds no files
});

// The bar's share of each phase: reading the rows, then the engine's passes
// over all of them (see phaseWords), which take seconds on a large file.
const barShares = { read: [0, 0.6], resolve: [0.6, 0.95], summary: [0.95, 1] };

let started = 0;
let lastLive = 0;
let rowsRead = 0;

// progress draws the engine's progress at most every PROGRESS_MS, the
// latest it told: each drawing is a frame of the page (style, layout,
// paint), and on two cores the page's frames take their time from the
// engine's workers (a 60,000-row run drew about 20 frames of 3-6 ms in its
// half second).
const PROGRESS_MS = 100;
const progress = {
  latest: null,
  shown: 0,
  timer: 0,
  add(p) {
    this.latest = p;
    if (this.timer) return;
    const wait = this.shown + PROGRESS_MS - performance.now();
    if (wait <= 0) this.draw();
    else this.timer = setTimeout(() => this.draw(), wait);
  },
  draw() {
    this.timer = 0;
    this.shown = performance.now();
    const p = this.latest;
    this.latest = null;
    if (p) showProgress(p);
  },
  // stop forgets progress not yet drawn: the run it told of is over.
  stop() {
    clearTimeout(this.timer);
    this.timer = 0;
    this.latest = null;
  },
};

function showProgress(p) {
  const elapsed = (performance.now() - started) / 1000;
  const bar = $('bar');
  const [from, to] = barShares[p.phase] ?? barShares.read;
  let share;
  if (p.phase === 'read') {
    rowsRead = p.rows;
    share = p.totalBytes > 0 ? p.bytes / p.totalBytes : 0;
    const rate = elapsed > 0 ? Math.round(p.rows / elapsed) : 0;
    const left = share > 0 ? Math.max(0, Math.round(elapsed * (1 - share) / share)) : null;
    say('progress-text', `${p.rows.toLocaleString()} rows read (${Math.round(share * 100)}%) · ${rate.toLocaleString()} rows per second${left === null ? '' : ` · about ${left} s left`}`);
  } else {
    // A run in several workers counts its rows in the page, not in the phase's worker.
    rowsRead = Math.max(rowsRead, p.rows);
    share = p.total > 0 ? p.done / p.total : 0;
    say('progress-text', `All ${rowsRead.toLocaleString()} rows read. ${phaseWords[p.phase] ?? 'Finishing'}: ${Math.round(share * 100)}%…`);
  }
  bar.value = from + (to - from) * share;
  if (performance.now() - lastLive > 3000) {
    lastLive = performance.now();
    say('progress-live', `${Math.round(bar.value * 100)} percent done`);
  }
}

async function run_() {
  show('step-progress');
  show('step-results', false);
  show('step-download', false);
  send.reset(0);
  compare.reset();
  outbound.reset();
  $('run').disabled = true;
  show('bar');
  show('cancel');
  $('bar').value = 0;
  say('progress-text', 'Starting…');
  say('progress-live', 'Preparing your contacts');
  $('cancel').focus();
  started = performance.now();
  lastLive = performance.now();
  rowsRead = 0;
  try {
    const { reply: summary, args } = await withFiles('prepare', settings).catch((err) => {
      // A large file the engine told UTF-8 by its first part, and found not
      // to be further on, is prepared again, its encoding told from all of it.
      if (!(err instanceof Redetect)) throw err;
      return withFiles('prepare', (files) => ({ ...settings(files), detectWhole: true }));
    });
    const seconds = (performance.now() - started) / 1000;
    prepared(summary, args);
    // Step 3 stays, done, so that the steps read 1 to 5.
    show('bar', false);
    show('cancel', false);
    say('progress-text', `Done: ${summary.inputRows.toLocaleString()} ${summary.inputRows === 1 ? 'row' : 'rows'} read and checked.`);
    showResults();
    say('progress-live', '');
    say('rows-count', '');
    $('h-results').focus();
    document.body.dataset.prepareSeconds = seconds.toFixed(2);
  } catch (err) {
    show('step-progress', false);
    if (err instanceof Cancelled) say('choose-status', 'Cancelled. Nothing was changed; you can prepare again.');
    else {
      say('choose-status', failureWords('preparing your contacts', err), true);
      $('choose-status').append(' ', el('button', 'Try again', { type: 'button', class: 'small', onclick: () => run_() }));
    }
    $('run').focus();
  } finally {
    progress.stop();
    $('run').disabled = blockedWords() !== '';
  }
}

// ---- Step 4: results ----

function showResults() {
  const s = state.summary;
  show('step-results');
  show('step-download');
  send.reset(s.ready);
  compare.reset();
  show('send', !s.outbound);
  if (s.outbound) showOutbound();
  else outbound.reset();
  // The first rows are asked for before the summary is drawn, so that the
  // engine finds them while the page draws.
  grid.setColumns(s.columns, s.inputs.length > 1);
  decisions.setColumns(s.columns);
  reloadRows();
  renderSummary();
  renderFilter();
  $('row-detail').replaceChildren();
}

function renderSummary() {
  const s = state.summary;
  const counts = $('counts');
  counts.replaceChildren();
  for (const [label, value, cls] of [
    ['Rows read', s.inputRows, ''], ['Ready to import', s.ready, 'ready'], ['Left out (must fix)', s.rejected, s.rejected > 0 ? 'rejected' : ''], ['Duplicates merged', s.merged, ''],
  ]) {
    const d = el('div', null, { class: cls });
    d.append(el('dt', label), el('dd', value.toLocaleString()));
    counts.append(d);
  }
  const kinds = $('kinds');
  kinds.replaceChildren();
  const fileLevel = new Map();
  for (const f of s.fileFindings) fileLevel.set(`${f.code}/${f.severity}`, (fileLevel.get(`${f.code}/${f.severity}`) ?? 0) + 1);
  const list = [...s.kinds];
  for (const [key, n] of fileLevel) {
    const [code, severity] = key.split('/');
    if (severity !== 'info') list.push({ code, severity, rows: n, file: true });
  }
  if (list.length === 0) kinds.append(el('li', 'Nothing needs your attention: go to step 5.', { class: 'all-clear' }));
  for (const k of list) {
    const li = el('li');
    li.append(el('span', severityWords[k.severity], { class: `badge ${k.severity}` }), el('span', kindText(k), { class: 'text' }));
    if (!k.file) {
      li.append(el('button', 'Show rows', {
        type: 'button', class: 'small', 'aria-label': `Show rows: ${kindText(k)}`,
        onclick: () => setFilter({ codes: [k.code], severities: [k.severity], conflict: null }, { scroll: true }),
      }));
    }
    li.append(...decisions.forKind(k, s));
    const groups = k.severity === 'error' ? s.conflicts.filter((c) => c.code === k.code) : [];
    if (groups.length > 0) {
      const ul = el('ul');
      for (const g of groups.slice(0, 5)) {
        const gi = el('li');
        gi.append(el('span', `${describeConflict(g)}. `), el('button', 'Show these rows', {
          type: 'button', class: 'small', 'aria-label': `Show these rows: ${describeConflict(g)}`,
          onclick: () => setFilter({ codes: [], severities: [], conflict: g.index, group: { code: g.code, key: g.key } }, { scroll: true }),
        }));
        if (g.versions) gi.append(decisions.versions(g));
        ul.append(gi);
      }
      const more = groups.length - 5 + (s.moreConflicts[k.code] ?? 0);
      if (more > 0) ul.append(el('li', `and ${more.toLocaleString()} more ${more === 1 ? 'group' : 'groups'} like these: use "Show rows"`));
      li.append(ul);
    }
    kinds.append(li);
  }
  const ff = $('file-findings');
  ff.replaceChildren();
  for (const f of s.fileFindings) ff.append(el('li', `${f.file}: ${f.column ? `column “${f.column}”: ` : ''}${f.message}`));
  if (s.fileFindings.length === 0) ff.append(el('li', 'Nothing to report.'));
  decisions.preview();
  $('undo').disabled = !s.canUndo;
  $('redo').disabled = !s.canRedo;
  const note = s.inputRows === 0 ? `There are no contacts to import: ${s.inputs.map((i) => `“${i.file}”`).join(', ')} ${s.inputs.length === 1 ? 'has' : 'have'} column names but no rows under them.`
    : s.ready === 0 ? 'No row is ready to import yet: fix the rows above first.'
    : `${s.ready.toLocaleString()} rows are ready. The cleaned file is UTF-8 with the exact Genesys column names; a large result comes as a zip of files under the size limit.`;
  say('download-note', note);
  $('dl-cleaned').disabled = s.ready === 0;
  send.update(s.ready);
  if (s.outbound) {
    say('download-note', s.ready === 0 ? note : `${s.ready.toLocaleString()} contacts are ready, in ${s.outbound.lists.length === 1 ? 'one contact list' : `${s.outbound.lists.length.toLocaleString()} contact lists`}. The cleaned files are UTF-8 CSV with your column names, phones in the international format, named by list (list-01-contacts-001.csv, …); several come as a zip.`);
    outbound.update(s.outbound);
  }
}

// showOutbound sets up the contact list part of step 5 for what was prepared.
async function showOutbound() {
  try {
    if (!state.fileHash) offerSending(await progressStore.filesHash(state.inputs.map((i) => i.file), hashFiles), state.resumable);
    const key = await progressStore.runKey(state.fileHash, runSettings(state.prepared));
    await outbound.show(state.summary.outbound, {
      key, file: state.fileHash, names: state.inputs.map((i) => i.file.name), settings: runSettings(state.prepared),
    });
    if (state.resumable?.key === key) {
      offerSending(state.fileHash, null);
      $('outbound-send').focus();
    }
  } catch (err) {
    say('download-status', `Sending to contact lists is not available: ${err.message}`, true);
  }
}

// renderFilter shows the filter in its two menus: the kinds of findings of
// this summary, and the severities.
function renderFilter() {
  const select = $('filter-kind');
  select.replaceChildren(el('option', 'All kinds of findings', { value: '' }));
  const seen = new Set();
  for (const k of state.summary.kinds) {
    if (seen.has(k.code)) continue;
    seen.add(k.code);
    select.append(el('option', kindText(k).replace(/\.$/, ''), { value: k.code }));
  }
  if (state.filter.conflict !== null) select.append(el('option', 'One group of rows that share an ID', { value: 'group' }));
  if (state.filter.rows) select.append(el('option', 'The rows named in step 5', { value: 'named' }));
  select.value = state.filter.rows ? 'named' : state.filter.conflict !== null ? 'group' : (state.filter.codes[0] ?? '');
  $('filter-severity').value = state.filter.severities.join(',');
}

function rowFilter() {
  const f = state.filter;
  if (f.rows) return { rows: f.rows };
  return f.conflict !== null ? { conflict: f.conflict } : { codes: f.codes, severities: f.severities };
}

// setFilter is the one way the rows shown change: it records the filter, shows
// it in the menus and lists its rows again (keepPosition: where the table was;
// scroll: brings the table into view).
function setFilter(f, { keepPosition = false, scroll = false } = {}) {
  state.filter = f;
  renderFilter();
  const reloaded = reloadRows(keepPosition);
  if (scroll) $('h-rows').scrollIntoView({ block: 'start' });
  return reloaded;
}

$('filter-kind').addEventListener('change', (e) => {
  if (e.target.value === 'group' || e.target.value === 'named') return;
  setFilter({ ...state.filter, codes: e.target.value ? [e.target.value] : [], conflict: null, group: null, rows: null });
});
$('filter-severity').addEventListener('change', (e) => {
  setFilter({ ...state.filter, severities: e.target.value ? e.target.value.split(',') : [], conflict: null, group: null, rows: null });
});

// rowsChanging marks the table busy while a change or a new filter is on its
// way to it, so that a screen reader (and a test) knows the rows it shows are
// not yet the new ones. Changes may overlap: the mark goes with the last.
let rowsChanging = 0;
async function whileRowsChange(work) {
  if (rowsChanging++ === 0) $('grid').setAttribute('aria-busy', 'true');
  try {
    return await work();
  } finally {
    if (--rowsChanging === 0) $('grid').removeAttribute('aria-busy');
  }
}

const reloadRows = (keepPosition = false) => whileRowsChange(async () => {
  await grid.reload({ keepPosition });
  // With no row to move to, the table itself takes the keyboard's focus.
  if (grid.total === 0) $('grid').tabIndex = 0;
  else $('grid').removeAttribute('tabindex');
  say('rows-count', `${grid.total.toLocaleString()} ${grid.total === 1 ? 'row' : 'rows'} shown`);
  await decisions.previewLeaving(grid.total);
  // No row to show: the table is no taller than its message.
  $('grid').classList.toggle('all-clear', grid.total === 0);
});

// change runs an edit-like call, then brings counts, findings and rows up to date.
const change = guarded('rows-count', (op) => changeWords[op] ?? 'saving your change', (op, args, done) => whileRowsChange(async () => {
  summarize(await engine.call(op, args));
  renderSummary();
  let f = state.filter;
  // A group's place in the list moves when other groups are settled: follow it by its key.
  if (f.group) {
    const { code, key } = f.group;
    const g = state.summary.conflicts.find((c) => c.code === code && c.key === key);
    f = g ? { ...f, conflict: g.index } : defaultFilter();
  }
  await setFilter(f, { keepPosition: true });
  say('rows-count', `${done} ${grid.total.toLocaleString()} ${grid.total === 1 ? 'row' : 'rows'} shown.`);
  const active = grid.rowAt(grid.active.r);
  if (active) showRowDetail(active);
  else $('row-detail').replaceChildren();
}));

// changeWords say what change was doing, for a failure's message.
const changeWords = { edit: 'saving your change to the cell', undo: 'undoing your last change', redo: 'doing your change again', useVersion: 'using that version for the account', decide: 'changing those rows' };

$('undo').addEventListener('click', () => change('undo', {}, 'Undone.'));
$('redo').addEventListener('click', () => change('redo', {}, 'Done again.'));
document.addEventListener('keydown', (e) => {
  if (!(e.ctrlKey || e.metaKey) || e.target.tagName === 'INPUT' || $('step-results').hidden) return;
  if (e.key === 'z' && !e.shiftKey && !$('undo').disabled) { e.preventDefault(); $('undo').click(); }
  if ((e.key === 'y' || (e.key === 'Z' && e.shiftKey)) && !$('redo').disabled) { e.preventDefault(); $('redo').click(); }
});

// showRowDetail lists everything found about the focused row, in full.
function showRowDetail(row) {
  const box = $('row-detail');
  const card = el('div', null, { class: 'card' });
  const where = state.summary.inputs.length > 1 ? `${row.file}, row ${row.line}` : `Row ${row.line}`;
  const chosen = row.findings.some((f) => f.code === 'row_left_out');
  card.append(el('h4', `${where}: ${chosen ? 'left out, as you chose' : { ready: 'ready to import', rejected: 'left out until fixed', merged: 'merged into an identical row' }[row.state]}`));
  const ul = el('ul');
  for (const f of row.findings) {
    let text = `${severityWords[f.severity]}: ${f.column ? `${f.column}: ` : ''}${f.message}`;
    if (f.original && f.suggested) text += ` (“${f.original}” → “${f.suggested}”)`;
    else if (f.original) text += ` (“${f.original}”)`;
    ul.append(el('li', text));
  }
  if (row.findings.length === 0) ul.append(el('li', 'Nothing found: this row is fine.'));
  card.append(ul);
  if (row.version) {
    const g = state.summary.conflicts.find((c) => c.index === row.conflict);
    card.append(decisions.versionButton(row, g, state.summary.columns, (what) => `All rows of the account now use ${what}, as in ${where}.`));
  }
  card.append(decisions.rowButton(row, where));
  box.replaceChildren(card);
}

// ---- Step 5: downloads ----

const downloadWords = { cleaned: 'writing the cleaned file', rejected: 'writing the rejected rows', report: 'writing the report' };

for (const [id, what] of [['dl-cleaned', 'cleaned'], ['dl-rejected', 'rejected'], ['dl-report', 'report']]) {
  $(id).addEventListener('click', guarded('download-status', downloadWords[what], async () => {
    say('download-status', 'Writing the file…');
    const f = await engine.download(what);
    const url = URL.createObjectURL(f.blob);
    const a = el('a', null, { href: url, download: f.name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    say('download-status', `${f.name} saved to your downloads.`);
  }));
}

// ---- Start: the list of countries, and the one the browser's language suggests ----

// encodings are the text encodings the engine reads ({name, title}).
let encodings = [];

async function start() {
  ({ encodings } = await engine.call('encodings'));
  // Each target's largest file, as the engine holds it, by its choice in step 2.
  const { targets } = await engine.call('targets');
  for (const t of targets) for (const span of document.querySelectorAll(`[data-size="${t.name}"]`)) span.textContent = `(${fileSizeWords(t.maxBytes)})`;
  const { regions } = await engine.call('regions');
  let names;
  try { names = new Intl.DisplayNames([navigator.language, 'en'], { type: 'region' }); } catch { names = null; }
  const options = regions.map((r) => ({ r, name: names?.of(r) ?? r })).sort((a, b) => a.name.localeCompare(b.name));
  const select = $('country');
  for (const { r, name } of options) select.append(el('option', `${name} (${r})`, { value: r }));
  select.value = localeRegion(regions);
  select.addEventListener('change', () => { if (state.inputs.length) reinspect(); });
  document.body.dataset.ready = 'true';
}

function localeRegion(regions) {
  for (const tag of navigator.languages ?? [navigator.language]) {
    try {
      const region = new Intl.Locale(tag).maximize().region;
      if (region && regions.includes(region)) return region;
    } catch { /* not a language tag */ }
  }
  return 'US';
}

guarded('choose-status', 'starting the checker', start)();
