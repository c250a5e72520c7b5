// Talks to the submission function's API (function/README.md): Genesys Cloud sign-in
// with PKCE, submitting a clean file, and the import job's status and decisions. It
// moves bytes and JSON only; every rule lives in Go.

const VERIFIER = 'contactprep.pkce.verifier';
const STATE = 'contactprep.pkce.state';
const TOKEN = 'contactprep.token';

// ApiError carries the API's error code, message and body (findings for a 422).
export class ApiError extends Error {
  constructor(status, body) {
    super(body.message || `HTTP ${status}`);
    this.status = status;
    this.code = body.code || 'http_error';
    this.body = body;
  }
}

async function call(path, { token, method = 'GET', body } = {}) {
  const headers = token ? { Authorization: `Bearer ${token}` } : {};
  const res = await fetch(path, { method, headers, body });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, json);
  return json;
}

// getConfig returns {authMode, region, loginUrl, clientId, maxFileBytes}.
export const getConfig = () => call('/api/config');

function randomURLSafe(bytes) {
  const b = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...b)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function challengeOf(verifier) {
  const sum = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  return btoa(String.fromCharCode(...sum)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const redirectURI = () => location.origin + location.pathname;

// signIn sends the browser to Genesys Cloud's sign-in (authorization code + PKCE).
export async function signIn(config) {
  const verifier = randomURLSafe(48);
  const state = randomURLSafe(16);
  sessionStorage.setItem(VERIFIER, verifier);
  sessionStorage.setItem(STATE, state);
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectURI(),
    code_challenge: await challengeOf(verifier),
    code_challenge_method: 'S256',
    state,
  });
  location.assign(`${config.loginUrl}/oauth/authorize?${q}`);
}

// finishSignIn exchanges the code the sign-in sent back for a token, removes it from
// the address bar, and returns the token (or the one from earlier in this tab, or null).
export async function finishSignIn(config) {
  const q = new URLSearchParams(location.search);
  const code = q.get('code');
  if (!code) return sessionStorage.getItem(TOKEN);
  const verifier = sessionStorage.getItem(VERIFIER);
  const expected = sessionStorage.getItem(STATE);
  sessionStorage.removeItem(VERIFIER);
  sessionStorage.removeItem(STATE);
  history.replaceState(null, '', redirectURI());
  if (!verifier || q.get('state') !== expected) throw new Error('the sign-in answer does not match this tab: sign in again');
  const res = await fetch(`${config.loginUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code', code, code_verifier: verifier,
      client_id: config.clientId, redirect_uri: redirectURI(),
    }),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok || !json.access_token) throw new Error('Genesys Cloud refused the sign-in');
  sessionStorage.setItem(TOKEN, json.access_token);
  return json.access_token;
}

// submitFile sends a clean CSV (a Blob) with its settings ({fileName, division,
// mapping, matchingCriteria, mergeContacts}) and returns the job: dryRun holds the
// counts once the dry run is done. A refused file throws ApiError 422 whose body
// holds the findings.
export function submitFile(token, file, settings = {}) {
  const form = new FormData();
  form.append('settings', JSON.stringify(settings));
  form.append('file', file, settings.fileName || file.name || 'contacts.csv');
  return call('/api/imports', { token, method: 'POST', body: form });
}

export const getJob = (token, id) => call(`/api/imports/${encodeURIComponent(id)}`, { token });
export const continueJob = (token, id) => call(`/api/imports/${encodeURIComponent(id)}/continue`, { token, method: 'POST' });
export const cancelJob = (token, id) => call(`/api/imports/${encodeURIComponent(id)}/cancel`, { token, method: 'POST' });

// waitForJob polls until done(job) is true, every intervalMs, for at most timeoutMs.
export async function waitForJob(token, id, done, { intervalMs = 1000, timeoutMs = 600000 } = {}) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const job = await getJob(token, id);
    if (done(job) || Date.now() > end) return job;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export const dryRunDone = (job) => !!job.dryRun || ['Completed', 'Failed', 'Cancelled'].includes(job.status);
export const ended = (job) => ['Completed', 'Failed', 'Cancelled'].includes(job.status);
