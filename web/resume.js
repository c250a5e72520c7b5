// What has reached Genesys Cloud, kept in the browser's IndexedDB so that a
// closed page or a dropped connection resumes where it stopped. A run is keyed
// by the SHA-256 of the chosen files' bytes and the settings they were prepared
// with; a batch or an upload part is written down only after Genesys Cloud
// answered for it, in one transaction with the Lead ID ↔ contact id rows that
// answer brought. So what is recorded was sent, and what is not is sent (again)
// on resume: a batch in flight when the page closed goes once more, which is
// harmless because each contact's id is its own Lead ID. A run is forgotten
// once its lead-id-mapping.csv is downloaded (the pairs are in the admin's
// file then), or when the admin asks: nothing outlives the sending it serves.

const DB_NAME = 'contactprep-outbound';
const DB_VERSION = 1;

const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');

// sha256 returns the hex SHA-256 of bytes (an ArrayBuffer or a view) or of a string.
export async function sha256(data) {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  return hex(await crypto.subtle.digest('SHA-256', bytes));
}

// filesHash is the hash of the chosen files' bytes: of the one file, or of the
// files' hashes in order when there are several. hashFiles, if given, returns
// each file's hex SHA-256 (the page has a worker make them, off its main thread).
export async function filesHash(files, hashFiles = null) {
  const hashes = hashFiles ? await hashFiles(files) : [];
  if (!hashFiles) for (const f of files) hashes.push(await sha256(await f.arrayBuffer()));
  return hashes.length === 1 ? hashes[0] : sha256(hashes.join('\n'));
}

// runKey joins the files' hash and the settings that decide the prepared rows
// and their lists. Keys are sorted, so the same settings give the same key.
export function runKey(fileHash, settings) {
  return sha256(`${fileHash}\n${canonical(settings)}`);
}

function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  return JSON.stringify(v ?? null);
}

let opened = null;

function db() {
  opened ??= new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, DB_VERSION);
    req.onupgradeneeded = () => {
      const d = req.result;
      // runs: one per key: {key, file, names, settings, way, fingerprint, lists:[{list, rows, parts, batches, id, name}], created, updated, finished}
      const runs = d.createObjectStore('runs', { keyPath: 'key' });
      runs.createIndex('file', 'file');
      // done: one per confirmed batch (way "api") or upload part (way "csv"): {key, list, unit, rows}
      d.createObjectStore('done', { keyPath: ['key', 'list', 'unit'] });
      // pairs: beside each confirmed batch, its Lead ID ↔ contact id rows: {key, list, unit, mapping: [[leadId, contactId], …]}
      d.createObjectStore('pairs', { keyPath: ['key', 'list', 'unit'] });
      // maps: one per list of the "csv" way, its mapping from the function: {key, list, csv}
      d.createObjectStore('maps', { keyPath: ['key', 'list'] });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
    req.onblocked = () => reject(new Error('the progress store is in use by an older copy of this page: close its other tabs'));
  });
  return opened;
}

function done(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function tx(stores, mode, work) {
  const t = (await db()).transaction(stores, mode);
  const finished = new Promise((resolve, reject) => {
    t.oncomplete = resolve;
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error ?? new Error('the progress store refused the write'));
  });
  const result = await work(t);
  await finished;
  return result;
}

// All records of one run lie between these keys: arrays sort after numbers.
const range = (key) => IDBKeyRange.bound([key], [key, []]);
const listRange = (key, list) => IDBKeyRange.bound([key, list], [key, list, []]);

export const getRun = (key) => tx(['runs'], 'readonly', (t) => done(t.objectStore('runs').get(key)));

export const putRun = (run) => tx(['runs'], 'readwrite', (t) => done(t.objectStore('runs').put({ ...run, updated: Date.now() })));

// anyUnfinished tells whether some run has not ended, without hashing a
// file: most files chosen were never sent, and hashing a large one costs
// the engine most of a second.
export async function anyUnfinished() {
  const runs = await tx(['runs'], 'readonly', (t) => done(t.objectStore('runs').getAll()));
  return runs.some((r) => !r.finished);
}

// unfinished lists the runs of a file that have not ended, newest first.
export async function unfinished(fileHash) {
  const runs = await tx(['runs'], 'readonly', (t) => done(t.objectStore('runs').index('file').getAll(fileHash)));
  return runs.filter((r) => !r.finished).sort((a, b) => b.updated - a.updated);
}

// forget drops a run and everything recorded for it.
export function forget(key) {
  return tx(['runs', 'done', 'pairs', 'maps'], 'readwrite', async (t) => {
    t.objectStore('runs').delete(key);
    for (const store of ['done', 'pairs', 'maps']) t.objectStore(store).delete(range(key));
  });
}

// confirm records a batch or part as done, with its mapping rows, in one transaction.
export function confirm(key, list, unit, rows, mapping = null) {
  return tx(['done', 'pairs'], 'readwrite', async (t) => {
    t.objectStore('done').put({ key, list, unit, rows });
    if (mapping) t.objectStore('pairs').put({ key, list, unit, mapping });
  });
}

// doneUnits returns, per list, a Map of its confirmed units to their rows.
export async function doneUnits(key) {
  const records = await tx(['done'], 'readonly', (t) => done(t.objectStore('done').getAll(range(key))));
  const lists = new Map();
  for (const { list, unit, rows } of records) {
    if (!lists.has(list)) lists.set(list, new Map());
    lists.get(list).set(unit, rows);
  }
  return lists;
}

export const putListMapping = (key, list, csv) => tx(['maps'], 'readwrite', (t) => done(t.objectStore('maps').put({ key, list, csv })));

export const getListMapping = (key, list) => tx(['maps'], 'readonly', (t) => done(t.objectStore('maps').get([key, list])));

// eachMapping calls fn with the mapping rows of each confirmed batch of a list,
// in batch order (fn must not wait: the cursor runs in one transaction).
export function eachMapping(key, list, fn) {
  return tx(['pairs'], 'readonly', (t) => new Promise((resolve, reject) => {
    const req = t.objectStore('pairs').openCursor(listRange(key, list));
    req.onsuccess = () => {
      const c = req.result;
      if (!c) { resolve(); return; }
      fn(c.value.mapping);
      c.continue();
    };
    req.onerror = () => reject(req.error);
  }));
}
