// The page's words, in Node: every finding code the engine can report has a
// plain sentence, and none of the page's sentences uses a banned word.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { bannedIn } from '../test/banned.mjs';
import { describeKind, describeConflict, describeRefusal, describeRefused, describeOption, plainColumn, failureWords, severityWords, listSizeHint, fileSizeWords } from '../words.js';

// The engine's finding codes, read from their one home in shared/finding.
const codes = [...readFileSync(new URL('../../shared/finding/finding.go', import.meta.url), 'utf8')
  .matchAll(/^\s+\w+\s+Code = "(\w+)"/gm)].map((m) => m[1]);

function assertPlain(text, what) {
  assert.deepEqual(bannedIn(text), [], what);
}

test('the finding codes are read from shared/finding', () => {
  assert.ok(codes.length >= 25, `only ${codes.length} codes found`);
  assert.ok(codes.includes('duplicate_contact_id'));
});

// Limits as the engine sends them with the summary; odd numbers, so that a
// sentence can only have them from here.
const limits = { listSize: 7777, columns: 61, headerChars: 173 };

test('every finding code has a plain sentence, for one and for many', () => {
  for (const code of codes) {
    for (const n of [1, 2, 12345]) {
      const text = describeKind(code, n, limits);
      assert.doesNotMatch(text, /×/, `${code} has no words of its own: "${text}"`);
      assertPlain(text, code);
      assert.match(text, /^[A-Z0-9]/, `${code}: starts as a sentence`);
      assert.match(text, /\.$/, `${code}: ends as a sentence`);
    }
  }
});

test('counts are written with thousands separators and singulars', () => {
  assert.match(describeKind('phone_invalid', 12345), /^12,345 phone numbers/);
  assert.match(describeKind('phone_invalid', 1), /^1 phone number could/);
  assert.match(describeKind('duplicate_row_merged', 1), /^1 row was an exact copy/);
});

test("a file's own finding is said of the file, not of a row", () => {
  assert.match(describeKind('malformed_row', 1, undefined, true), /^A sheet has cells to the right of the last column name; they were left out/);
  assert.match(describeKind('malformed_row', 1), /^1 row has broken quoting/);
  assert.match(describeKind('encoding_invalid', 1, undefined, true), /^Some characters could not be read/);
});

test('an unknown code still says how many, without a code', () => {
  const text = describeKind('some_new_code', 3);
  assert.match(text, /3/);
});

test('severities and refusals are plain', () => {
  for (const s of Object.values(severityWords)) assertPlain(s, 'severity');
  for (const code of ['phone_invalid', 'missing_required', 'duplicate_contact_id']) {
    assertPlain(describeRefusal({ code, message: 'technical words' }), code);
  }
});

test('conflicts name the shared ID and the columns that differ', () => {
  assert.equal(describeConflict({ code: 'duplicate_contact_id', size: 2, key: 'C7', columns: ['Contact First Name'] }),
    '2 contacts share ID C7 but have different first name');
  assert.equal(describeConflict({ code: 'duplicate_contact_id', size: 3, key: 'K5', columns: ['Contact First Name', 'Contact Last Name'] }),
    '3 contacts share ID K5 but have different names');
  assert.equal(describeConflict({ code: 'account_conflict', size: 2, key: 'A2', columns: ['Account Name', 'Account Website'] }),
    '2 rows use Account ID A2 but with different account name and account website');
  assert.equal(plainColumn('Contact Work Phone'), 'work phone');
});

test('a failure says what the page was doing and that the work is kept', () => {
  const engine = failureWords('reading contacts.csv', new Error('contacts.csv: the file could not be read again; choose it again.'));
  assert.equal(engine, 'Something went wrong while reading contacts.csv: contacts.csv: the file could not be read again; choose it again. Your files, choices and changes are kept: try again.');
  for (const err of [new TypeError("Cannot read properties of null (reading 'length')"), new RangeError('Invalid array length'), undefined, null]) {
    const text = failureWords('preparing your contacts', err);
    assert.equal(text, 'Something went wrong while preparing your contacts. Your files, choices and changes are kept: try again.');
  }
});

// The kinds of file the engine refuses, read from their one home in shared/sniff.
const kinds = [...readFileSync(new URL('../../shared/sniff/sniff.go', import.meta.url), 'utf8')
  .matchAll(/^\s+\w+\s+Kind = "(\w+)"/gm)].map((m) => m[1]);

test('every kind of file the engine refuses has its own plain sentence naming the file', () => {
  assert.ok(kinds.length >= 10, `only ${kinds.length} kinds found`);
  const fallback = describeRefused('binary', 'list.csv');
  for (const kind of [...kinds, 'empty', 'headerOnly']) {
    const text = describeRefused(kind, 'Kunden Q3.xlsx');
    if (kind !== 'binary') assert.notEqual(describeRefused(kind, 'list.csv'), fallback, `${kind} has no words of its own`);
    assert.match(text, /^“Kunden Q3\.xlsx” /, kind);
    assert.match(text, /\.$/, kind);
    assertPlain(text, kind);
  }
});

test('a damaged sheet is said with the file, the sheet and the last row read', () => {
  const after = describeRefused('damaged', 'Kunden Q3.xlsx', { sheet: 'Leads & more', lastRow: 1499 });
  assert.match(after, /^“Kunden Q3\.xlsx” is damaged: its sheet “Leads & more” breaks off after row 1,499, so the rows below it cannot be read\. Open the file in Excel and save it again/);
  const before = describeRefused('damaged', 'Kunden Q3.xlsx', { sheet: 'Sheet1', lastRow: 0 });
  assert.match(before, /^“Kunden Q3\.xlsx” is damaged: its sheet “Sheet1” breaks off before its first row/);
  for (const text of [after, before]) assertPlain(text, 'damaged sheet');
  assert.equal(describeRefused('damaged', 'x.xlsx', null), describeRefused('damaged', 'x.xlsx'), 'a damaged archive keeps its sentence');
});

// The settings the engine refuses, read from where it refuses them
// (shared/prepare): each OptionError's option and its reason's code.
const prepareDir = new URL('../../shared/prepare/', import.meta.url);
const goSource = readdirSync(prepareDir).filter((f) => f.endsWith('.go') && !f.endsWith('_test.go'))
  .map((f) => readFileSync(new URL(f, prepareDir), 'utf8')).join('\n');
const reasonCodes = Object.fromEntries([...goSource.matchAll(/^\s+(Err\w+)\s+= &Reason\{"(\w+)"/gm)].map((m) => [m[1], m[2]]));
const optionErrors = [...goSource.matchAll(/&OptionError\{Option: "(\w+)"[^}]*Err: (Err\w+)\}/g)]
  .map((m) => ({ name: m[1], reason: reasonCodes[m[2]] }));

test('every setting the engine refuses has the page\'s own words', () => {
  assert.ok(optionErrors.length >= 10, `only ${optionErrors.length} option errors found in shared/prepare`);
  const fallback = describeOption({ name: 'Nothing', reason: 'never' });
  for (const o of optionErrors) {
    assert.ok(o.reason, `${o.name}: its reason has no code in option.go`);
    const text = describeOption({ ...o, value: 'Fax', source: 'Mobile', limit: 65536 });
    assert.notEqual(text, fallback, `${o.name}/${o.reason} has no words of its own`);
    assertPlain(text, `${o.name}/${o.reason}`);
    assert.doesNotMatch(text, /--|\b(IDColumn|PhoneColumns|ListSize|MaxBytes)\b/, `${o.name}/${o.reason}: engine or command-line names`);
  }
});

test('a refused setting is said in the page\'s words, not the engine\'s', () => {
  const err = Object.assign(new Error('PhoneColumns "Fax": the file\'s header has no such column'),
    { option: { name: 'PhoneColumns', value: 'Fax', reason: 'noSuchColumn' } });
  const text = failureWords('preparing your contacts', err);
  assert.match(text, /your file has no column “Fax” to use for phone numbers/);
  assert.doesNotMatch(text, /PhoneColumns|header has no such/);
});

test('the contact list limits in sentences are the numbers the engine sent', () => {
  assert.match(describeKind('too_many_columns', 1, limits), /more columns than the 61 a Genesys contact list holds/);
  assert.match(describeKind('header_too_long', 2, limits), /longer than the 173 characters/);
  assert.equal(listSizeHint(1234567), 'Genesys Cloud holds at most 1,234,567 contacts in one list; more rows go into further lists.');
  assert.equal(fileSizeWords(10 << 20), 'files up to 10 MB');
  assertPlain(describeKind('too_many_columns', 1), 'too_many_columns without limits');
});

// No rule literals in the page: the contact list limits, read from their one
// home (shared/schema/outbound.go), appear as numbers in none of the page's
// scripts, and its list size input has no most or default of its own. A
// number the page uses for itself that equals one is named here, with what it is.
const pageOwn = [
  /const FAILURES_SHOWN = 50;/, // send.js: how many refused rows the page lists
];

test('no rule literals in the page', () => {
  const schemaGo = readFileSync(new URL('../../shared/schema/outbound.go', import.meta.url), 'utf8');
  const rules = ['ListSize', 'ListMaxColumns', 'ListMaxHeaderChars', 'ListMaxValueChars'].map((name) => {
    const m = schemaGo.match(new RegExp(`^\\s+${name}\\s+= ([\\d_]+)`, 'm'));
    assert.ok(m, `${name} is not in shared/schema/outbound.go`);
    return { name, n: Number(m[1].replaceAll('_', '')) };
  });
  const webDir = new URL('../', import.meta.url);
  const files = readdirSync(webDir).filter((f) => f.endsWith('.js'));
  assert.ok(files.includes('app.js') && files.includes('words.js'), files.join(' '));
  for (const f of files) {
    let text = readFileSync(new URL(f, webDir), 'utf8');
    for (const own of pageOwn) text = text.replace(own, '');
    for (const { name, n } of rules) {
      const forms = [String(n), n.toLocaleString('en-US'), n.toLocaleString('en-US').replaceAll(',', '_')];
      for (const form of new Set(forms)) {
        const at = text.search(new RegExp(`(?<![\\w.,])${form}(?![\\d,_])`));
        assert.equal(at, -1, `${f} holds ${name} (${form}): …${text.slice(Math.max(0, at - 60), at + 40)}…`);
      }
    }
  }
  const html = readFileSync(new URL('index.html', webDir), 'utf8');
  const input = html.match(/<input id="list-size"[^>]*>/)?.[0];
  assert.ok(input, 'index.html has the list size input');
  assert.doesNotMatch(input, /\b(max|value)=/, `the list size input has a most or a default of its own: ${input}`);
  // The targets' largest files (shared/schema/schema.go), as the page would say them.
  const targetsGo = readFileSync(new URL('../../shared/schema/schema.go', import.meta.url), 'utf8');
  for (const name of ['LegacyMaxBytes', 'BulkMaxBytes']) {
    const m = targetsGo.match(new RegExp(`^\\s+${name}\\s+= (\\d+) << 20`, 'm'));
    assert.ok(m, `${name} is not in shared/schema/schema.go`);
    for (const f of [...files, 'index.html']) {
      const text = f === 'index.html' ? html : readFileSync(new URL(f, webDir), 'utf8');
      assert.doesNotMatch(text, new RegExp(`\\b${m[1]}\\s*MB`), `${f} holds ${name}`);
    }
  }
});
