// Talks to the submission function's API (function/README.md): signing the admin
// in with Genesys Cloud (authorization code + PKCE), sending a clean file, and the
// import job's status and decisions. Every request goes to the page's own origin:
// only the sign-in itself is a visit to Genesys Cloud, in a window of its own, so
// the page keeps the admin's work meanwhile. It moves bytes and JSON only; every
// rule lives in Go.

// The sign-in window hands its answer back on this channel (signed-in.js).
const CHANNEL = 'contactprep-sign-in';
// A token this close to its expiry is not used: the admin signs in again.
const TOKEN_MARGIN_MS = 60000;

// ApiError carries the API's status, error code, message and body (the
// findings of a 422, the missing permissions of a 403).
export class ApiError extends Error {
  constructor(status, body) {
    super(body.message || `HTTP ${status}`);
    this.status = status;
    this.code = body.code || 'http_error';
    this.body = body;
  }
}

// Offline means the API could not be reached at all.
export class Offline extends Error {
  constructor() { super('the contactprep service could not be reached'); }
}

async function call(path, { token, method = 'GET', body, headers = {}, text = false, signal } = {}) {
  const all = token ? { ...headers, Authorization: `Bearer ${token}` } : headers;
  let res;
  try {
    res = await fetch(path, { method, headers: all, body, cache: 'no-store', credentials: 'same-origin', signal });
  } catch (err) {
    if (err?.name === 'AbortError') throw err;
    throw new Offline();
  }
  if (res.ok && text) return res.text();
  const json = await res.json().catch(() => ({}));
  if (!res.ok) {
    const err = new ApiError(res.status, json);
    err.retryAfter = Number(res.headers.get('Retry-After')) || 0;
    throw err;
  }
  return json;
}

let config = null;

// getConfig returns {authMode, region, loginUrl, clientId, maxFileBytes}, asked
// once. A page served without the function (cmd/devserve) gets ApiError 404.
export async function getConfig() {
  config ??= await call('api/config');
  return config;
}

function base64url(bytes) {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const randomURLSafe = (n) => base64url(crypto.getRandomValues(new Uint8Array(n)));

async function challengeOf(verifier) {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

// redirectURI is where Genesys Cloud sends the sign-in window back: the small
// page signed-in.html beside this one (register it with the OAuth client).
export const redirectURI = () => new URL('signed-in.html', location.origin + location.pathname).href;

// signInRequest prepares a sign-in: the authorize URL to open, and the verifier
// and state that stay in this page's memory only.
export async function signInRequest(cfg) {
  const verifier = randomURLSafe(48);
  const state = randomURLSafe(16);
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: cfg.clientId,
    redirect_uri: redirectURI(),
    code_challenge: await challengeOf(verifier),
    code_challenge_method: 'S256',
    state,
  });
  return { url: `${cfg.loginUrl}/oauth/authorize?${q}`, verifier, state };
}

// openSignIn opens the sign-in window; it must run in a click's handler. It
// returns false when the browser blocked the window.
export function openSignIn(req) {
  return window.open(req.url, CHANNEL, 'popup,width=560,height=720') !== null;
}

// awaitSignIn resolves to {token, expires} once the sign-in window has sent the
// code back and the function has exchanged it (POST api/oauth/token). It rejects
// with ApiError 401 when Genesys Cloud refused the sign-in, and with an
// AbortError when signal aborts.
export function awaitSignIn(req, signal) {
  return new Promise((resolve, reject) => {
    const channel = new BroadcastChannel(CHANNEL);
    const stop = () => channel.close();
    signal?.addEventListener('abort', () => {
      stop();
      reject(new DOMException('the sign-in was cancelled', 'AbortError'));
    });
    channel.onmessage = async (event) => {
      const { state, code, error } = event.data ?? {};
      if (state !== req.state) return; // another tab's sign-in
      channel.postMessage({ state, received: true }); // the window may close now
      stop();
      if (!code) {
        reject(new ApiError(401, { code: 'unauthorized', message: error === 'access_denied' ? 'the sign-in was declined' : 'Genesys Cloud did not sign you in' }));
        return;
      }
      try {
        const json = await call('api/oauth/token', {
          method: 'POST',
          body: new URLSearchParams({ code, code_verifier: req.verifier, redirect_uri: redirectURI() }),
        });
        resolve({ token: json.accessToken, expires: Date.now() + json.expiresIn * 1000 });
      } catch (err) {
        reject(err);
      }
    };
  });
}

// usable reports whether a signed-in token may still be used.
export const usable = (signedIn) => !!signedIn && signedIn.expires - Date.now() > TOKEN_MARGIN_MS;

// submitFile sends a clean CSV (a Blob) with its settings ({fileName, division,
// mapping, matchingCriteria, mergeContacts}) and returns the job: dryRun holds
// the counts once the dry run is done. A refused file throws ApiError 422 whose
// body holds the findings.
export function submitFile(token, file, settings = {}) {
  const form = new FormData();
  form.append('settings', JSON.stringify(settings));
  form.append('file', file, settings.fileName || file.name || 'contacts.csv');
  return call('api/imports', { token, method: 'POST', body: form });
}

// getDivisions returns the divisions the signed-in admin may add contacts in:
// [{id, name, homeDivision}].
export const getDivisions = async (token) => (await call('api/divisions', { token })).divisions;

export const getJob = (token, id) => call(`api/imports/${encodeURIComponent(id)}`, { token });
export const continueJob = (token, id) => call(`api/imports/${encodeURIComponent(id)}/continue`, { token, method: 'POST' });
export const cancelJob = (token, id) => call(`api/imports/${encodeURIComponent(id)}/cancel`, { token, method: 'POST' });
// compareRows asks the org about one batch of rows (shared/orgcheck.Row): {answers}.
export const compareRows = (token, rows, signal) => call('api/org/compare', {
  token, method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ rows }), signal,
});
// getReport reads the trial run's report: {recognised, failures: [{line, reason}], header, raw, dropped, cut}.
export const getReport = (token, id) => call(`api/imports/${encodeURIComponent(id)}/report`, { token });

// waitForJob polls until done(job) is true, every intervalMs, for at most
// timeoutMs; then it returns the job as it is.
export async function waitForJob(token, id, done, { intervalMs = 1000, timeoutMs = 600000 } = {}) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const job = await getJob(token, id);
    if (done(job) || Date.now() > end) return job;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export const ended = (job) => ['Completed', 'Failed', 'Cancelled'].includes(job.status);
export const dryRunDone = (job) => !!job.dryRun || ended(job);

// ---- Outbound contact lists (function/README.md) ----
// Rows travel as CSV bodies, header row first; the id column's name travels in
// a header, never in the address. Header values must be Latin-1, so a name
// outside it is percent-encoded (the function decodes both).

const lists = 'api/outbound/contactlists';
const listPath = (id, tail = '') => `${lists}/${encodeURIComponent(id)}${tail}`;

export function idColumnHeader(name) {
  return /^[\x20-\x7e]*$/.test(name) && !name.includes('%') ? name : encodeURIComponent(name);
}

const csvHeaders = (idColumn) => ({ 'Content-Type': 'text/csv; charset=utf-8', 'X-Contact-Id-Column': idColumnHeader(idColumn) });

// createContactList makes a contact list in Genesys Cloud: {id, name}. The page
// calls it only after the admin confirmed. key is unique to this list of this
// sending and kept before the call: asking again with it finds the list the first
// ask made, so a retry or a resumed page never makes a second one.
export const createContactList = (token, { name, key, columns, phoneColumns }) => call(lists, {
  token, method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name, key, columns, phoneColumns }),
});

export const getContactList = (token, id) => call(listPath(id), { token });

// uploadListPart sends one upload part (CSV bytes) of a list, with its file name: {rows}.
export const uploadListPart = (token, id, idColumn, fileName, csv, signal) => call(listPath(id, '/uploads'), {
  token, method: 'POST', headers: { ...csvHeaders(idColumn), 'X-File-Name': idColumnHeader(fileName) }, body: csv, signal,
});

// importStatus: {state, totalRecords, completedRecords, percentComplete, failureReason, done}.
export const importStatus = (token, id, signal) => call(listPath(id, '/importstatus'), { token, signal });

// listMapping exports the list and answers lead-id-mapping.csv rows for it (text, header first).
export const listMapping = (token, id, idColumn, signal) => call(listPath(id, '/mapping'), {
  token, method: 'POST', headers: { 'X-Contact-Id-Column': idColumnHeader(idColumn) }, text: true, signal,
});

// addContacts sends a batch of at most 1,000 rows (CSV bytes): {rows, mapping: [[leadId, contactId], …]}.
export const addContacts = (token, id, idColumn, csv, signal) => call(listPath(id, '/contacts'), {
  token, method: 'POST', headers: csvHeaders(idColumn), body: csv, signal,
});

// getContactLists: {lists: [{id, name, size, columns, phoneColumns}], more}, the
// signed-in admin's contact lists.
export const getContactLists = (token, signal) => call(lists, { token, signal });

// getDNCLists: {lists: [{id, name, size, takes, column}]}; takes is phone, email,
// custom (the values of column, such as Lead IDs) or "" (none from here).
export const getDNCLists = (token, signal) => call('api/outbound/dnclists', { token, signal });

// addDNCEntries adds at most 1,000 entries to a DNC list: {added}. Adding one again changes nothing.
export const addDNCEntries = (token, id, entries, signal) => call(`api/outbound/dnclists/${encodeURIComponent(id)}/entries`, {
  token, method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ entries }), signal,
});
