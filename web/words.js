// Plain words for what the engine reports. The rules and the findings come
// from the engine; this file only says them to a person.

export const severityWords = {
  error: 'Must fix',
  warning: 'Worth a check',
  info: 'Fixed for you',
};

// kindWords says one kind of finding in a sentence, given how many rows have it.
const kindWords = {
  missing_required: (n) => `${rows(n)} ${n === 1 ? 'misses' : 'miss'} a required value (such as the Contact ID, a first or last name, or an Account Name) or carry no data at all.`,
  duplicate_contact_id: (n) => `${rows(n)} share a Contact ID with another row but have different details, so none of them can be imported as is.`,
  duplicate_row_merged: (n) => `${rows(n)} ${n === 1 ? 'was an exact copy' : 'were exact copies'} of another row and will be imported once.`,
  account_conflict: (n) => `${rows(n)} share an Account ID but disagree on the company's details; Genesys would keep one at random.`,
  account_filled: (n) => `${rows(n)} had empty company details, filled in from other rows of the same account.`,
  account_name_reuse: (n) => `${n === 1 ? 'One Account Name is' : `${num(n)} Account Names are`} used under several Account IDs: Genesys will create a separate organization for each.`,
  phone_normalized: (n) => `${phones(n)} rewritten in the international format Genesys needs (for example +14155552671).`,
  phone_invalid: (n) => (n === 1 ? '1 phone number could not be read as a valid number; it is kept as typed, but Genesys cannot search it or text it.'
    : `${num(n)} phone numbers could not be read as valid numbers; they are kept as typed, but Genesys cannot search them or text them.`),
  phone_extension: (n) => `${phoneCount(n)} had an extension, which was moved to its own column (or left out where there is none).`,
  phone_country_unsure: (n) => `${phoneCount(n)} ${n === 1 ? 'is' : 'are'} valid only in the country chosen for the file, not in the row's own country; kept as typed: check which country ${n === 1 ? 'it is' : 'they are'}.`,
  phone_excel_damage: (n) => `${phoneCount(n)} had been damaged by Excel (scientific notation, a ".0" or a lost leading zero).`,
  id_excel_damage: (n) => `${rows(n)} ${n === 1 ? 'has an ID' : 'have IDs'} that Excel rewrote in scientific notation; the digits may be lost.`,
  email_invalid: (n) => `${n === 1 ? 'One e-mail address is' : `${num(n)} e-mail addresses are`} not valid.`,
  url_invalid: (n) => `${n === 1 ? 'One web address is' : `${num(n)} web addresses are`} not valid web links.`,
  url_normalized: (n) => `${n === 1 ? 'One web address' : `${num(n)} web addresses`} got https:// added.`,
  bool_invalid: (n) => `${n === 1 ? 'One yes/no value is' : `${num(n)} yes/no values are`} not yes or no.`,
  value_too_long: (n) => `${n === 1 ? 'One value is' : `${num(n)} values are`} longer than Genesys accepts.`,
  formula_prefix: (n) => `${n === 1 ? 'One value starts' : `${num(n)} values start`} with =, +, - or @, which a spreadsheet may run as a formula.`,
  file_too_large: (n) => `${rows(n)} ${n === 1 ? 'is, on its own,' : 'are, each on its own,'} larger than the file size Genesys accepts.`,
  title_rows: (n) => `${n === 1 ? 'A file starts' : `${num(n)} files start`} with title lines above the column names; they were left out, as they are not contacts.`,
  malformed_row: (n) => `${rows(n)} ${n === 1 ? 'has' : 'have'} broken quoting or a different number of columns than the header.`,
  unknown_column: (n) => `${columns(n)} did not match any Genesys column and will not be imported.`,
  header_mapped: (n) => `${columns(n)} matched a Genesys column under another name.`,
  header_duplicate: (n) => `${columns(n)} repeat a header name.`,
  missing_column: (n) => `${n === 1 ? 'A required Genesys column is' : `${num(n)} required Genesys columns are`} not filled by any column of the file.`,
  encoding_converted: () => 'The file was converted to UTF-8, the text encoding Genesys needs.',
  encoding_invalid: () => 'Some characters could not be read in the detected text encoding and were replaced.',
  empty_file: () => 'A file or sheet has no data rows.',
  too_many_columns: (n, l) => `The file has more columns than ${l ? `the ${num(l.columns)}` : 'the number'} a Genesys contact list holds.`,
  header_too_long: (n, l) => `${columns(n)} ${n === 1 ? 'has a name' : 'have names'} longer than ${l ? `the ${num(l.headerChars)} characters` : 'the length'} a contact list allows.`,
  layout_recognized: () => 'The file looks like a known export (such as Google Contacts or Outlook), so its columns were matched the way that export means them.',
  id_made: () => 'The file has no ID column, so IDs were made from each row: a contact from its e-mail address (or its name and phone), an account from its name. The same file always gets the same IDs; a changed e-mail address makes a new contact.',
  row_left_out: (n) => `${rows(n)} ${n === 1 ? 'is' : 'are'} left out on purpose, as you chose: ${n === 1 ? 'it goes' : 'they go'} to the rejected rows, not to Genesys.`,
  value_left_out: (n) => `${rows(n)} had more phone numbers or e-mail addresses than Genesys keeps for a contact; the extra ones are left out.`,
};

// refusalWords says, for one row or column, why the submission function
// refused a file, where its own message would be technical.
const refusalWords = {
  phone_invalid: 'this phone number is not in the international format Genesys Cloud needs (a + and the country code, then the number): correct it, or clear it',
  missing_required: 'a required value is empty',
  duplicate_contact_id: 'another row has the same Contact ID',
};

// describeRefusal says one finding of the submission function's re-check.
export function describeRefusal(f) {
  return refusalWords[f.code] ?? f.message;
}

function num(n) { return n.toLocaleString('en-US'); }
function rows(n) { return n === 1 ? '1 row' : `${num(n)} rows`; }
function phoneCount(n) { return n === 1 ? '1 phone number' : `${num(n)} phone numbers`; }
function phones(n) { return n === 1 ? '1 phone number was' : `${num(n)} phone numbers were`; }
function columns(n) { return n === 1 ? '1 column' : `${num(n)} columns`; }

// phaseWords says what the engine does after reading the rows, by the
// progress phase it reports.
export const phaseWords = {
  resolve: 'Checking duplicate contacts and accounts across all rows',
  summary: 'Counting the findings for the summary',
};

// fileKindWords says a kind of finding about a whole file where its words
// for rows would not fit, given how many files have it.
const fileKindWords = {
  malformed_row: (n) => `${n === 1 ? 'A sheet has' : `${num(n)} sheets have`} cells to the right of the last column name; they were left out, as no column takes them (see "About your files").`,
};

// describeKind says a kind of finding; count is its rows (or, when file is
// true, the files that have it), limits the contact list limits the engine
// sent with the summary ({listSize, columns, headerChars}), which some kinds
// name.
export function describeKind(code, count, limits, file = false) {
  const say = (file && fileKindWords[code]) || kindWords[code];
  return say ? say(count, limits) : `${count.toLocaleString()} × ${code.replaceAll('_', ' ')}`;
}

// fileSizeWords says the largest file a target takes, in whole megabytes.
export function fileSizeWords(bytes) {
  return `files up to ${num(Math.round(bytes / (1 << 20)))} MB`;
}

// listSizeHint says, by the list size, the most contacts Genesys Cloud holds in one list.
export function listSizeHint(most) {
  return `Genesys Cloud holds at most ${num(most)} contacts in one list; more rows go into further lists.`;
}

// plainColumn turns a Genesys header into everyday words: "Contact First Name" → "first name".
export function plainColumn(header) {
  return header.replace(/^Contact /, '').toLowerCase();
}

// describeConflict says one conflict group, e.g.
// "3 contacts share ID K5 but have different names".
export function describeConflict(c) {
  const cols = c.columns.map(plainColumn);
  const names = cols.length > 0 && cols.every((h) => /(^| )name$/.test(h)) && cols.some((h) => h !== 'account name');
  const what = names && cols.length > 1 ? 'names' : list(cols);
  if (c.code === 'duplicate_contact_id') {
    return `${c.size} contacts share ID ${c.key} but have different ${what}`;
  }
  return `${c.size} rows use Account ID ${c.key} but with different ${what}`;
}

// describeMissing says which required Genesys columns no column of a file
// fills (the engine's inspect: missing), naming the file when there are several.
export function describeMissing(missing, file, several) {
  return `${several ? `“${file}”` : 'Your file'} has no column for ${list(missing)}. Below, choose the column of the file that holds ${missing.length === 1 ? 'it' : 'each'}: contacts cannot be prepared without ${missing.length === 1 ? 'it' : 'them'}.`;
}

// describeBlocked says, by the Prepare button, what it waits for.
export function describeBlocked(missing) {
  return `Prepare contacts waits for a column for ${list([...new Set(missing)])}: choose it in the table above.`;
}

function list(items) {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

// failureWords says that a step of the page failed: what the page was doing
// (doing, such as "reading contacts.csv"), the reason when it is one of the
// page's or the engine's own sentences, and that nothing of the admin's work
// is lost. A script's own error (a TypeError and its kin) means a fault of the
// page, whose words would mean nothing to the admin: it is left out.
// A setting the engine cannot use (err.option, engine.js OptionRefused) is
// said in the page's own words, never the engine's.
export function failureWords(doing, err) {
  const scriptError = [TypeError, ReferenceError, RangeError, SyntaxError].some((t) => err instanceof t);
  let reason = !scriptError && err?.message ? `: ${err.message.trim().replace(/[.!?]$/, '')}` : '';
  if (err?.option) reason = `: ${describeOption(err.option)}`;
  return `Something went wrong while ${doing}${reason}. Your files, choices and changes are kept: try again.`;
}

// optionWords say why the engine cannot use one of the page's settings, by
// the engine's name of the setting and its reason (shared/prepare/option.go).
const optionWords = {
  'IDColumn/required': () => 'choose the column that holds each contact\'s own ID, such as a Lead ID',
  'Template/notForList': () => 'a sample setup file does not apply to a contact list, whose columns are your file\'s own: go back to the built-in Genesys columns',
  'Template/noHeader': () => 'the sample setup file has no column names in its first row',
  'Map/leaveOutOnly': (o) => `in a contact list each column keeps its own name: your column “${o.source}” can be left out, but not put under “${o.value}”`,
  'Map/notInTarget': (o) => `“${o.value}”, chosen for your column “${o.source}”, is not one of the Genesys columns: choose another`,
  'MaxBytes/tooSmall': (o) => `the file size chosen is too small for a contact list: it must be at least ${num(o.limit)} bytes`,
  'ListSize/notPositive': () => 'a contact list must hold at least 1 contact',
  'ListSize/tooLarge': (o) => `Genesys Cloud holds at most ${num(o.limit)} contacts in one contact list: choose that many or fewer`,
  'PhoneColumns/noSuchColumn': (o) => `your file has no column “${o.value}” to use for phone numbers: choose the phone columns again`,
  'Country/unknown': (o) => `“${o.value}” is not a country this page knows: choose one from the list`,
  'Target/unknown': (o) => `“${o.value}” is not a kind of import this page knows`,
  'Encoding/unknown': (o) => `“${o.value}” is not a text encoding this page knows: choose one from the list`,
};

// describeOption says why a setting cannot be used, given the engine's
// {name, value, source, limit, reason}.
export function describeOption(option) {
  return optionWords[`${option.name}/${option.reason}`]?.(option) ?? 'one of the settings chosen cannot be used: check your choices in step 2';
}

// What to do with a file that cannot be read as it is.
const saveAs = 'open it in Excel and use Save As → CSV UTF-8, then choose the saved file';

// refusedWords say why a chosen file cannot be read, by what it seems to be
// (the engine's sniff.Kind, or "empty" and "headerOnly" from its reading),
// naming the file, and what the admin can do.
const refusedWords = {
  empty: (f) => `“${f}” is empty: it holds no column names and no contacts. Choose the file your contacts are in, or ${saveAs}.`,
  headerOnly: (f) => `“${f}” has column names but no contacts under them: there is nothing to import. Check that the whole list was saved, then choose the file again.`,
  xls: (f) => `“${f}” is an older Excel workbook (.xls), which this page cannot read: ${saveAs}.`,
  protected: (f) => `“${f}” is protected with a password, so it cannot be read: open it in Excel with its password, use Save As → CSV UTF-8, then choose the saved file.`,
  pdf: (f) => `“${f}” is a PDF, not a spreadsheet: ask for the list as a spreadsheet, or open the original list in Excel and use Save As → CSV UTF-8.`,
  rtf: (f) => `“${f}” is a text document, not a spreadsheet: copy the list into Excel, use Save As → CSV UTF-8, then choose the saved file.`,
  html: (f) => `“${f}” is a web page saved under a spreadsheet's name: ${saveAs}.`,
  xml: (f) => `“${f}” is an XML file, not a workbook this page can read: ${saveAs}.`,
  image: (f) => `“${f}” is a picture, not a spreadsheet: the contacts in it cannot be read. Ask for the list as a spreadsheet (CSV or Excel).`,
  binary: (f) => `“${f}” is neither a spreadsheet nor a text file: ${saveAs}.`,
  damaged: (f) => `“${f}” is a damaged Excel workbook, perhaps not copied or downloaded whole: get the file again, or ${saveAs} (Excel may repair it).`,
  zip: (f) => `“${f}” is a zip archive, not an Excel workbook: unpack it and choose the spreadsheet inside.`,
  nosheet: (f) => `“${f}” has no sheet of contacts: its sheets are empty or hold only a title or notes. Check that the contacts were saved in this workbook, or choose the file they are in.`,
};

// damagedSheet says which sheet of a workbook breaks off, after which row
// (the engine's xlsx.SheetError: the CLI's sentence, in the page's words).
const damagedSheet = (f, { sheet, lastRow }) => `“${f}” is damaged: its sheet “${sheet}” `
  + (lastRow > 0 ? `breaks off after row ${num(lastRow)}, so the rows below it cannot be read.` : 'breaks off before its first row, so none of its rows can be read.')
  + ' Open the file in Excel and save it again (Excel may repair it), or get the file again if it was not copied or downloaded whole; then choose it again.';

// describeRefused says why file cannot be read, given what it seems to be;
// where, for a damaged sheet, is {sheet, lastRow}.
export function describeRefused(kind, file, where = null) {
  if (kind === 'damaged' && where?.sheet) return damagedSheet(file, where);
  return (refusedWords[kind] ?? refusedWords.binary)(file);
}
