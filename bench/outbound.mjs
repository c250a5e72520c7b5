// Times the outbound path at monthly scale in the browser (issue 6): a CRM lead
// export of 1.5 million rows (cmd/contactgen -kind leads) is dropped on the page,
// prepared for the Outbound target with "Lead ID" as the contact id, the two
// contact lists (1,000,000 + 500,000) are created on confirm, and the rows are
// sent through the function (wrangler dev, the built Worker) to the Genesys
// emulator, as the page does for an admin; then the lists are read back from
// the emulator (every Lead ID once) and lead-id-mapping.csv is downloaded and
// counted.
//
// Usage: node bench/outbound.mjs [-rows N] [-list-size N] [-ways auto|api|csv|api,csv|none] [-phones clean|typed] [-budget S] [-existing N] [-o FILE]
//
// -existing N (issue 26) sends a second month: before the sending, the emulator
// holds the first N Lead IDs in contact lists of -list-size made by an earlier
// month (seeded, their other columns empty); the page sends into those lists
// (its "contact lists I already have"), which reads their contact ids back and
// places every lead (held ones back into their list, new ones into the room
// left); -ways auto means the API way only then. With -rows 1500000 -existing 1200000,
// 1,200,000 leads are updated and 300,000 added into the second list, which
// ends up as the first month's cut would have made it: the checks are the same.
//
// -phones typed (the default) keeps contactgen's mix of shapes, including the
// ~2% of unusable numbers ("n/a", "TBD"), which the page keeps as typed with
// a warning and the function lets through; clean generates only valid phones
// (contactgen -clean).
//
// -ways api,csv (the default) sends through the API (1,000 rows a request), then
// through CSV uploads per list, in a fresh browser profile against an emptied
// emulator. -ways auto sends by CSV only if the API run took less than half of
// -budget seconds (600), with what is left of the budget (at least two minutes) to
// send in. -ways none measures only the Worker on the largest bodies (below).
//
// Measured: the page's inspect (file chosen → check step) and prepare (button →
// results) times; the plan (Send → the confirmation); the sending (confirm →
// mapping button) with rows/s; every request the page made to the function, by
// route, and every request the function made to the emulator, counted by the
// emulator itself (faults that only count: a 1 ns delay applied up to 10^9
// times, read back from /_emulator/faults); the mapping file; the peak memory
// of Chromium's process tree (sum of RSS, and of PSS, which counts shared pages
// once) sampled from /proc every 250 ms (PSS every 2 s), per phase; the RSS and
// file descriptors of each workerd process (the Worker's, and wrangler's proxy in
// front of it) over the send and the mapping: peak, at the end, and at each
// quarter of the send. A run fails when one of them grows more than 64 MB from the
// send's first quarter to its end, or holds more than 1,000 descriptors. A crash or
// a timeout is recorded with the phase and memory at that moment, never hidden.
//
// Then, each against a Worker of its own, the largest body each file route of the
// Worker accepts (an outbound list part of 10,000,000 bytes, an import file of its
// maxFileBytes) and the hostile shapes that reach its re-check: what the Worker's
// workerd grew over its idle RSS meanwhile, against the 128 MB a Worker may use;
// the bench fails when one grew it more.
//
// Environment: CHROMIUM, EMULATOR, CONTACTGEN (else `go run`).
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveWithFunction, launch, openPage } from '../web/test/harness.mjs';
import { cmdline, descendants, fdCount, pssBytes, rssBytes } from './procs.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(repo, 'bench', 'out');
mkdirSync(outDir, { recursive: true });

// ---- flags ----
const opt = { rows: 1500000, listSize: 1000000, ways: 'api,csv', phones: 'typed', budget: 600, existing: 0, out: join(outDir, 'outbound.json') };
{
  const args = process.argv.slice(2);
  const usage = () => {
    console.error('usage: node bench/outbound.mjs [-rows N] [-list-size N] [-ways auto|api|csv|api,csv|none] [-phones clean|typed] [-budget SECONDS] [-existing N] [-o FILE]');
    process.exit(2);
  };
  for (let i = 0; i < args.length; i += 2) {
    const v = args[i + 1];
    if (v === undefined) usage();
    switch (args[i]) {
      case '-rows': opt.rows = Number(v); break;
      case '-list-size': opt.listSize = Number(v); break;
      case '-ways': opt.ways = v; break;
      case '-phones': opt.phones = v; break;
      case '-budget': opt.budget = Number(v); break;
      case '-existing': opt.existing = Number(v); break;
      case '-o': opt.out = v; break;
      default: usage();
    }
  }
  if (!(opt.rows >= 1 && opt.listSize >= 1 && opt.listSize <= 1000000 && opt.budget > 0)) usage();
  if (!['auto', 'api', 'csv', 'api,csv', 'none'].includes(opt.ways) || !['clean', 'typed'].includes(opt.phones)) usage();
  if (!(opt.existing >= 0 && opt.existing <= opt.rows)) usage();
  if (opt.existing > 0 && opt.ways === 'auto') opt.ways = 'api'; // one way: the second would find the lists full
}

const BATCH = 1000; // rows per API request, the page's and Genesys' limit
const MIN = 60000;
const log = (...a) => console.error(`[${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s]`, ...a);
const t0 = performance.now();
const num = (n) => Number(n).toLocaleString('en-US');

// ---- the lead file, cached under bench/out by rows and generator source ----
function generatorHash() {
  const h = createHash('sha256');
  for (const dir of ['internal/gen', 'cmd/contactgen']) {
    for (const f of readdirSync(join(repo, dir)).filter((f) => f.endsWith('.go') && !f.endsWith('_test.go')).sort()) {
      h.update(f).update(readFileSync(join(repo, dir, f)));
    }
  }
  return h.digest('hex').slice(0, 8);
}

async function leadFile(rows, phones) {
  const path = join(outDir, `leads-${rows}-${phones}-${generatorHash()}.csv`);
  if (existsSync(path)) return path;
  const [bin, pre] = process.env.CONTACTGEN ? [process.env.CONTACTGEN, []] : ['go', ['run', './cmd/contactgen']];
  await new Promise((resolve, reject) => {
    const proc = spawn(bin, [...pre, '-kind', 'leads', '-rows', String(rows), ...(phones === 'clean' ? ['-clean'] : []), '-o', `${path}.tmp`], { cwd: repo, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    proc.stderr.on('data', (c) => { err += c; });
    proc.on('error', reject);
    proc.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`contactgen exited with ${code}: ${err}`))));
  });
  renameSync(`${path}.tmp`, path);
  return path;
}

// ---- memory: this process's descendants, by program, from /proc ----
// function/dev.mjs runs two workerd processes: the Worker's, on an ephemeral
// entry port, and wrangler's proxy in front of it, on the page's port.
// A role is kept per process, by its pid and start time: over a whole
// bench the system hands a pid out again, and a later serve's Worker once
// came under the pid of an earlier serve's proxy (so was "not found").
const roles = new Map(); // "pid start" → 'worker' | 'proxy'
function workerdRole(pid) {
  let start = '';
  try { start = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[19]; } catch { /* gone */ }
  const key = `${pid} ${start}`;
  if (!roles.has(key)) roles.set(key, /--socket-addr=entry=127\.0\.0\.1:0(\s|$)/.test(cmdline(pid)) ? 'worker' : 'proxy');
  return roles.get(key);
}

function processes() {
  const out = [];
  for (const pid of descendants()) {
    let exe = '';
    try { exe = readlinkSync(`/proc/${pid}/exe`); } catch { continue; }
    const kind = /chrom/.test(exe) ? 'chromium' : /workerd/.test(exe) ? 'workerd' : /genesys-emulator/.test(exe) ? 'emulator' : null;
    if (kind) out.push({ pid, kind, role: kind === 'workerd' ? workerdRole(pid) : undefined });
  }
  return out;
}

// PSS walks every mapping of a process (Chromium maps terabytes of address
// space), which costs kernel time on this 2-core machine: it is read every
// PSS_EVERY-th sample only; RSS (statm) on every sample.
const PSS_EVERY = 8;
let samples = 0;
let lastPss = { chromium: 0, workerd: 0, emulator: 0 };
function memory() {
  const withPss = samples++ % PSS_EVERY === 0;
  const sum = { chromium: { rss: 0, pss: 0, n: 0 }, workerd: { rss: 0, pss: 0, n: 0 }, emulator: { rss: 0, pss: 0, n: 0 } };
  // Each workerd process on its own: RSS and file descriptors.
  sum.workerd.worker = { rss: 0, fds: 0 };
  sum.workerd.proxy = { rss: 0, fds: 0 };
  let biggest = 0;
  for (const { pid, kind, role } of processes()) {
    const rss = rssBytes(pid);
    if (rss === 0) continue; // gone
    sum[kind].rss += rss;
    if (withPss) sum[kind].pss += pssBytes(pid);
    sum[kind].n++;
    if (kind === 'chromium') biggest = Math.max(biggest, rss);
    if (kind === 'workerd') {
      sum.workerd[role].rss += rss;
      sum.workerd[role].fds += fdCount(pid);
    }
  }
  sum.chromium.biggest = biggest;
  if (withPss) for (const k of Object.keys(lastPss)) lastPss[k] = sum[k].pss;
  else for (const k of Object.keys(lastPss)) sum[k].pss = lastPss[k];
  return sum;
}

const MB = 1024 * 1024;
let phase = 'start';
let peaks = {}; // phase → {chromium_rss_mb, chromium_pss_mb, chromium_biggest_process_mb, chromium_processes, workerd_rss_mb, worker_rss_mb, worker_fds, proxy_rss_mb, proxy_fds, emulator_rss_mb}
let lastMem = null;
// workerd's samples while the rows are sent and the mapping read back:
// {t, phase, worker_rss, worker_fds, proxy_rss, proxy_fds}, bytes and counts.
let series = [];
function sample() {
  const m = memory();
  lastMem = m;
  const { worker, proxy } = m.workerd;
  if (phase === 'send' || phase === 'mapping') {
    series.push({ t: performance.now(), phase, worker_rss: worker.rss, worker_fds: worker.fds, proxy_rss: proxy.rss, proxy_fds: proxy.fds });
  }
  const p = peaks[phase] ??= {
    chromium_rss_mb: 0, chromium_pss_mb: 0, chromium_biggest_process_mb: 0, chromium_processes: 0, workerd_rss_mb: 0,
    worker_rss_mb: 0, worker_fds: 0, proxy_rss_mb: 0, proxy_fds: 0, emulator_rss_mb: 0,
  };
  p.worker_rss_mb = Math.max(p.worker_rss_mb, Math.round(worker.rss / MB));
  p.worker_fds = Math.max(p.worker_fds, worker.fds);
  p.proxy_rss_mb = Math.max(p.proxy_rss_mb, Math.round(proxy.rss / MB));
  p.proxy_fds = Math.max(p.proxy_fds, proxy.fds);
  p.chromium_rss_mb = Math.max(p.chromium_rss_mb, Math.round(m.chromium.rss / MB));
  p.chromium_pss_mb = Math.max(p.chromium_pss_mb, Math.round(m.chromium.pss / MB));
  p.chromium_biggest_process_mb = Math.max(p.chromium_biggest_process_mb, Math.round(m.chromium.biggest / MB));
  p.chromium_processes = Math.max(p.chromium_processes, m.chromium.n);
  p.workerd_rss_mb = Math.max(p.workerd_rss_mb, Math.round(m.workerd.rss / MB));
  p.emulator_rss_mb = Math.max(p.emulator_rss_mb, Math.round(m.emulator.rss / MB));
}
const sampler = setInterval(sample, 250);
sampler.unref();

function enter(name) {
  sample();
  phase = name;
  sample();
  log(name);
}

// workerdSummary reads workerd's samples over a sending: each process's peak and
// last RSS and descriptors, its RSS at each quarter of the send, and whether it
// stayed flat: at most FLAT_MB more at the send's end than at its first quarter
// (after the start-up), and at most MAX_FDS descriptors.
const FLAT_MB = 64;
const MAX_FDS = 1000;
function workerdSummary(s) {
  if (s.length === 0) return null;
  const mb = (b) => Math.round(b / MB);
  const send = s.filter((x) => x.phase === 'send');
  // The first sample at or after a fraction f of the send's time.
  const at = (f) => {
    const t = send[0].t + f * (send.at(-1).t - send[0].t);
    return send.find((x) => x.t >= t) ?? send.at(-1);
  };
  const out = { samples: s.length, problems: [] };
  for (const [role, name] of [['worker', "the Worker's workerd"], ['proxy', "wrangler's proxy's workerd"]]) {
    const rss = `${role}_rss`;
    const fds = `${role}_fds`;
    const last = s.at(-1);
    const quarters = send.length ? [0, 0.25, 0.5, 0.75, 1].map((f) => mb(at(f)[rss])) : [];
    const r = {
      peak_rss_mb: mb(s.reduce((m, x) => Math.max(m, x[rss]), 0)),
      peak_fds: s.reduce((m, x) => Math.max(m, x[fds]), 0),
      end_rss_mb: mb(last[rss]),
      end_fds: last[fds],
      send_rss_mb_by_quarter: quarters,
      growth_mb: quarters.length ? quarters[4] - quarters[1] : 0,
    };
    out[role] = r;
    if (r.growth_mb > FLAT_MB) out.problems.push(`${name} grew ${r.growth_mb} MB from a quarter of the send to its end`);
    if (r.peak_fds > MAX_FDS) out.problems.push(`${name} held ${r.peak_fds} file descriptors`);
  }
  out.ok = out.problems.length === 0;
  return out;
}

// ---- the emulator: counting faults, a client's view of the lists ----
const COUNT = 1000000000;
// Route classes of the function's requests to the emulator; the first match counts.
const CLASSES = [
  { name: 'POST /oauth/token', method: 'POST', path: '/oauth/token' },
  { name: 'GET /api/v2/users/me', method: 'GET', path: '/api/v2/users/me' },
  { name: 'POST /api/v2/outbound/contactlists[/…] (create, contacts, export)', method: 'POST', path: '/api/v2/outbound/contactlists' },
  { name: 'GET /api/v2/outbound/contactlists/… (list, importstatus, export uri)', method: 'GET', path: '/api/v2/outbound/contactlists' },
  { name: 'POST /uploads/v2/contactlist', method: 'POST', path: '/uploads/v2/contactlist' },
  { name: 'GET /_exports/… (export file)', method: 'GET', path: '/_exports/' },
  { name: 'other', path: '' },
];

async function emulatorCall(server, method, path, body) {
  const res = await fetch(`${server.emulatorURL}${path}`, { method, headers: { 'Content-Type': 'application/json' }, body: body && JSON.stringify(body) });
  if (!res.ok) throw new Error(`emulator ${method} ${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? null : res.json();
}

async function installCounters(server) {
  await emulatorCall(server, 'DELETE', '/_emulator/faults');
  await emulatorCall(server, 'POST', '/_emulator/faults', CLASSES.map((c) => ({ path: c.path, method: c.method, delay: '1ns', times: COUNT })));
}

async function readCounters(server) {
  const faults = await emulatorCall(server, 'GET', '/_emulator/faults');
  const out = {};
  let total = 0;
  for (const c of CLASSES) {
    const f = faults.find((x) => (x.path ?? '') === c.path && (x.method ?? '') === (c.method ?? ''));
    const n = f ? COUNT - f.times : COUNT; // a fault used up entirely is gone
    out[c.name] = n;
    total += n;
  }
  return { total, by_route: out };
}

async function genesysToken(server) {
  const res = await fetch(`${server.emulatorURL}/oauth/token`, {
    method: 'POST',
    headers: { Authorization: `Basic ${Buffer.from('contactprep-local:local-secret').toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  if (!res.ok) throw new Error(`emulator token: ${res.status}`);
  return (await res.json()).access_token;
}

// eachRecord calls fn with the fields of each record of RFC 4180 text.
function eachRecord(text, fn) {
  let i = 0;
  const n = text.length;
  while (i < n) {
    const fields = [];
    for (;;) {
      let field;
      if (text.charCodeAt(i) === 34) {
        let s = '';
        i++;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) throw new Error('unterminated quote');
          s += text.slice(i, q);
          if (text.charCodeAt(q + 1) === 34) { s += '"'; i = q + 2; } else { i = q + 1; break; }
        }
        field = s;
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === 44 || c === 10 || c === 13) break;
          j++;
        }
        field = text.slice(i, j);
        i = j;
      }
      fields.push(field);
      const c = text.charCodeAt(i);
      if (c === 44) { i++; continue; }
      if (c === 13) i++;
      if (text.charCodeAt(i) === 10) i++;
      break;
    }
    fn(fields);
  }
}

// verifyLists reads each list back as any client would (its size and its
// export) and checks every Lead ID L0000001… is in exactly one list once, in
// list order, with the Lead ID as the contact id.
async function verifyLists(server, listIds, rows, listSize) {
  const token = await genesysToken(server);
  const auth = { Authorization: `Bearer ${token}` };
  const seen = new Set();
  const lists = [];
  const problems = [];
  for (const [n, id] of listIds.entries()) {
    const base = `${server.emulatorURL}/api/v2/outbound/contactlists/${id}`;
    const list = await (await fetch(`${base}?includeSize=true`, { headers: auth })).json(); // Genesys counts only when asked
    const started = await fetch(`${base}/export`, { method: 'POST', headers: auth });
    if (!started.ok) throw new Error(`export of list ${n + 1}: ${started.status}`);
    const { uri } = await (await fetch(`${base}/export?download=false`, { headers: auth })).json();
    const text = (await (await fetch(uri)).text()).replace(/^\ufeff/, '');
    let header = null;
    let idCol = -1;
    let leadCol = -1;
    let count = 0;
    let mismatched = 0;
    let outOfPlace = 0;
    let twice = 0;
    const first = n * listSize + 1;
    const last = Math.min(rows, (n + 1) * listSize);
    eachRecord(text, (f) => {
      if (!header) {
        header = f.map((h) => h.replace(/^"(.*)"$/, '$1')); // the list's own names come quoted twice, as Genesys exports them
        idCol = header.indexOf('inin-outbound-id');
        leadCol = header.indexOf('Lead ID');
        return;
      }
      count++;
      const cid = f[idCol];
      if (f[leadCol] !== cid) mismatched++;
      const k = Number(cid.slice(1));
      if (!/^L\d{7}$/.test(cid) || k < first || k > last) outOfPlace++;
      if (seen.has(cid)) twice++;
      seen.add(cid);
    });
    lists.push({ list: n + 1, id, size: list.size, exported_rows: count, export_bytes: Buffer.byteLength(text), expected: last - first + 1 });
    if (list.size !== last - first + 1) problems.push(`list ${n + 1} holds ${list.size} contacts, not ${last - first + 1}`);
    if (count !== list.size) problems.push(`list ${n + 1}'s export has ${count} rows for size ${list.size}`);
    if (mismatched) problems.push(`list ${n + 1}: ${mismatched} contacts whose id is not their Lead ID`);
    if (outOfPlace) problems.push(`list ${n + 1}: ${outOfPlace} Lead IDs outside L${String(first).padStart(7, '0')}…L${String(last).padStart(7, '0')}`);
    if (twice) problems.push(`list ${n + 1}: ${twice} Lead IDs seen before`);
  }
  if (seen.size !== rows) problems.push(`${seen.size} distinct Lead IDs in the lists, not ${rows}`);
  return { ok: problems.length === 0, distinct_lead_ids: seen.size, lists, problems };
}

// checkMapping counts lead-id-mapping.csv and checks it names each lead once,
// in the list that holds it (the first lead of each list names the list's id),
// with the Lead ID as its contact id. It returns the list ids in list order.
function checkMapping(path, rows, lists, listSize) {
  const text = readFileSync(path, 'utf8');
  const problems = [];
  const firsts = new Map(Array.from({ length: lists }, (_, i) => [`L${String(i * listSize + 1).padStart(7, '0')}`, i]));
  const listIds = new Array(lists).fill(null);
  eachRecord(text, (f) => { const i = firsts.get(f[0]); if (i !== undefined) listIds[i] = f[1]; });
  let header = null;
  let count = 0;
  const leads = new Set();
  let wrongList = 0;
  let wrongContact = 0;
  eachRecord(text, (f) => {
    if (!header) { header = f; return; }
    if (f.length === 1 && f[0] === '') return;
    count++;
    const [lead, list, contact] = f;
    leads.add(lead);
    const k = Number(lead.slice(1));
    if (listIds[Math.floor((k - 1) / listSize)] !== list) wrongList++;
    if (contact !== lead) wrongContact++;
  });
  if (header?.join(',') !== 'Lead ID,contact_list_id,genesys_contact_id') problems.push(`header ${JSON.stringify(header)}`);
  if (listIds.includes(null)) problems.push('the first lead of a list is not in the mapping');
  if (new Set(listIds).size !== lists) problems.push('lists share an id');
  if (count !== rows) problems.push(`${count} mapping rows, not ${rows}`);
  if (leads.size !== count) problems.push(`${count - leads.size} Lead IDs mapped more than once`);
  if (wrongList) problems.push(`${wrongList} rows name another list than the one holding the lead`);
  if (wrongContact) problems.push(`${wrongContact} rows whose contact id is not the Lead ID`);
  return { ok: problems.length === 0, rows: count, distinct_lead_ids: leads.size, bytes: statSync(path).size, problems, listIds };
}

// ---- the page ----

// watch counts the page's requests to the function by route, their answers and bytes.
function watch(page) {
  const w = { by_route: {}, statuses: {}, refusals: [], failed: 0, total: 0, up_bytes: 0, down_bytes: 0, firstContacts: null, lastContacts: null, pending: [] };
  const route = (r) => {
    const u = new URL(r.url());
    return `${r.method()} ${u.pathname.replace(/^(\/api\/outbound\/contactlists\/)[^/]+/, '$1{id}')}`;
  };
  page.on('request', (r) => {
    if (!new URL(r.url()).pathname.startsWith('/api/')) return;
    const k = route(r);
    w.by_route[k] = (w.by_route[k] ?? 0) + 1;
    w.total++;
    if (k.endsWith('/contacts') && w.firstContacts === null) w.firstContacts = performance.now();
  });
  page.on('requestfinished', (r) => {
    if (!new URL(r.url()).pathname.startsWith('/api/')) return;
    if (route(r).endsWith('/contacts')) w.lastContacts = performance.now();
    w.pending.push(Promise.all([r.sizes(), r.response()]).then(async ([s, res]) => {
      w.up_bytes += s.requestBodySize;
      w.down_bytes += s.responseBodySize;
      const st = res?.status() ?? 0;
      w.statuses[st] = (w.statuses[st] ?? 0) + 1;
      // The first refusals' bodies (codes, rows and columns, never cell values) say why.
      if (st >= 400 && w.refusals.length < 3) w.refusals.push({ route: route(r), status: st, body: (await res.text()).slice(0, 4000) });
    }).catch(() => {}));
  });
  page.on('requestfailed', (r) => { if (new URL(r.url()).pathname.startsWith('/api/')) w.failed++; });
  return w;
}

class Crashed extends Error {}

// guarded races a wait against the page crashing or closing.
function guard(page) {
  let fail;
  const crashed = new Promise((_, reject) => { fail = reject; });
  crashed.catch(() => {});
  page.on('crash', () => fail(new Crashed('the page crashed (renderer gone: out of memory?)')));
  page.on('close', () => fail(new Crashed('the page closed')));
  return (p) => Promise.race([p, crashed]);
}

async function timed(fn) {
  const start = performance.now();
  const v = await fn();
  return [performance.now() - start, v];
}

// progress logs the page's own progress line every 15 s while a wait runs.
function progress(page, selector) {
  const t = setInterval(async () => {
    try {
      const [a, b] = await Promise.all([selector, '#outbound-status'].map((q) => page.locator(q).innerText({ timeout: 2000 })));
      log(`  ${a}${b ? ` | ${b}` : ''}`);
    } catch { /* busy or gone */ }
  }, 15000);
  return () => clearInterval(t);
}

async function runWay(server, way, file, rows, sendMs = 120 * MIN) {
  const result = { way, rows, ok: false };
  current.result = result;
  peaks = {};
  series = [];
  await emulatorCall(server, 'POST', '/_emulator/reset');
  await installCounters(server);
  enter('launch');
  const browser = await launch();
  current.browser = browser;
  try {
    result.chromium = browser.context.browser()?.version() ?? null;
    enter('open');
    const { page, errors } = await openPage(browser.context, server.url);
    result.page_errors = errors;
    // The page's and its workers' errors and warnings (the engine's own say why a
    // call never came back), logged as they come and the last 40 kept.
    const consoleTail = [];
    result.console_tail = consoleTail;
    const keepConsole = (from) => (msg) => {
      if (!['error', 'warning'].includes(msg.type()) && !/panic|fatal|out of memory/i.test(msg.text())) return;
      const line = `${from} ${msg.type()}: ${msg.text().slice(0, 500)}`;
      log(`  console: ${line}`);
      consoleTail.push(line);
      if (consoleTail.length > 40) consoleTail.shift();
    };
    page.on('console', keepConsole('page'));
    page.on('worker', (wk) => wk.on('console', keepConsole(`worker ${wk.url().split('/').pop()}`)));
    const g = guard(page);
    const w = watch(page);
    current.watch = w;
    try {
      // Inspect: the file is read and its columns shown.
      enter('inspect');
      [result.inspect_ms] = await timed(async () => {
        await g(page.getByLabel('Choose file').setInputFiles(file));
        await g(page.locator('#step-check').waitFor({ state: 'visible', timeout: 15 * MIN }));
      });
      await page.locator('#target-outbound').check();
      await page.locator('#outbound-settings').waitFor({ state: 'visible' });
      await page.locator('#id-column').selectOption('Lead ID');
      await page.locator('#list-size').fill(String(opt.listSize));

      // Prepare: every row checked, phones to E.164, cut into lists.
      enter('prepare');
      const stop = progress(page, '#progress-text');
      try {
        [result.prepare_ms] = await timed(async () => {
          await page.locator('#run').click();
          await g(page.locator('#step-results').waitFor({ state: 'visible', timeout: 30 * MIN }));
          await g(page.locator('#outbound').waitFor({ state: 'visible', timeout: MIN }));
        });
      } finally { stop(); }
      result.counts = (await page.locator('#counts').innerText()).replace(/\s+/g, ' ').trim();
      result.plan_text = await page.locator('#outbound-plan').innerText();
      const ready = Number((result.counts.match(/Ready to import ([\d,]+)/)?.[1] ?? '0').replaceAll(',', ''));
      result.ready_rows = ready;
      result.prepare_rows_per_s = Math.round(rows / ((result.inspect_ms + result.prepare_ms) / 1000));
      log(`  prepared: ${result.counts} in ${(result.prepare_ms / 1000).toFixed(1)} s (+ ${(result.inspect_ms / 1000).toFixed(1)} s inspect)`);
      if (ready !== rows) throw new Error(`${ready} of ${rows} rows are ready: ${result.counts}`);

      // Send → confirmation of the lists to create (or, into existing lists, of the placement).
      enter('plan');
      const lists = Math.ceil(rows / opt.listSize);
      let create = page.getByRole('button', { name: lists === 1 ? 'Create 1 contact list' : `Create ${num(lists)} contact lists` });
      if (opt.existing > 0) {
        result.existing = await chooseExisting(server, page, file);
        create = page.getByRole('button', { name: 'Send into these lists' });
      }
      await page.locator(way === 'api' ? '#way-api' : '#way-csv').check();
      [result.plan_ms] = await timed(async () => {
        await page.locator('#outbound-send').click();
        await g(create.waitFor({ timeout: 15 * MIN }));
      });
      result.confirm_text = (await page.locator('#outbound-confirm').innerText()).replace(/\s+/g, ' ').trim();
      if (opt.existing > 0) result.plan_includes_reading_lists_back = true;
      const beforeSend = w.total;
      // Reading existing lists back (their mapping) is the only post before the admin confirms.
      if (Object.keys(w.by_route).some((k) => k.startsWith('POST /api/outbound') && !k.endsWith('/mapping'))) throw new Error('the page posted to the function before the admin confirmed');

      // Create the lists and send.
      enter('send');
      const stopSend = progress(page, '#outbound-progress');
      try {
        [result.send_ms] = await timed(async () => {
          await create.click();
          // Done, or stopped with a problem the page shows (it would wait for the admin).
          const done = page.locator('#outbound-mapping');
          const stopped = page.locator('#outbound-status.error-text').waitFor({ timeout: sendMs })
            .then(() => { throw new Error('the sending stopped'); });
          stopped.catch(() => {});
          await g(Promise.race([done.waitFor({ state: 'visible', timeout: sendMs }), stopped])).catch(async (err) => {
            const status = await page.locator('#outbound-status').innerText().catch(() => '?');
            throw new Error(`${err.message}; the page says: ${status}`);
          });
        });
      } finally { stopSend(); }
      result.send_rows_per_s = Math.round(rows / (result.send_ms / 1000));
      if (way === 'api' && w.firstContacts !== null) {
        result.contacts_window_ms = Math.round(w.lastContacts - w.firstContacts);
        result.contacts_window_rows_per_s = Math.round(rows / (result.contacts_window_ms / 1000));
      }
      result.progress_text = await page.locator('#outbound-progress').innerText();
      result.status_text = await page.locator('#outbound-status').innerText();
      await Promise.all(w.pending);
      result.page_to_function = {
        total: w.total, before_send: beforeSend, by_route: w.by_route, statuses: w.statuses, failed: w.failed, refusals: w.refusals,
        up_mb: +(w.up_bytes / MB).toFixed(1), down_mb: +(w.down_bytes / MB).toFixed(1),
      };
      result.function_to_genesys = await readCounters(server);
      if (way === 'api') result.api_batches_expected = Array.from({ length: lists }, (_, i) => Math.ceil(Math.min(opt.listSize, rows - i * opt.listSize) / BATCH)).reduce((a, b) => a + b, 0);

      // The mapping file.
      enter('mapping');
      const [mapMs, dlPath] = await timed(async () => {
        const [dl] = await g(Promise.all([page.waitForEvent('download', { timeout: 15 * MIN }), page.locator('#outbound-mapping').click()]));
        if (dl.suggestedFilename() !== 'lead-id-mapping.csv') throw new Error(`downloaded ${dl.suggestedFilename()}`);
        return dl.path();
      });
      const { listIds, ...mapping } = checkMapping(dlPath, rows, lists, opt.listSize);
      result.mapping = { download_ms: Math.round(mapMs), ...mapping };
      if (listIds.includes(null)) throw new Error('the mapping lacks the first lead of a list, so the lists cannot be found');

      // The lists as Genesys holds them.
      enter('verify');
      result.workerd = workerdSummary(series);
      const v = await verifyLists(server, listIds, rows, opt.listSize);
      result.lists = v;
      result.ok = v.ok && result.mapping.ok && result.workerd?.ok === true;
      await page.close();
    } catch (err) {
      result.error = err.message;
      result.failed_in = phase;
      result.memory_at_failure_mb = lastMem && {
        chromium_rss: Math.round(lastMem.chromium.rss / MB), chromium_pss: Math.round(lastMem.chromium.pss / MB),
        chromium_biggest_process: Math.round(lastMem.chromium.biggest / MB), chromium_processes: lastMem.chromium.n,
      };
      result.progress_text = await page.locator('#outbound-progress').innerText({ timeout: 2000 }).catch(() => null);
      result.status_text = await page.locator('#outbound-status, #status').first().innerText({ timeout: 2000 }).catch(() => null);
      await Promise.race([Promise.all(w.pending), new Promise((r) => setTimeout(r, 5000))]);
      result.page_to_function = { total: w.total, by_route: w.by_route, statuses: w.statuses, failed: w.failed, refusals: w.refusals };
      result.function_to_genesys = await readCounters(server).catch(() => null);
      // wrangler's and the emulator's last lines (requests and the function's own log, no values).
      result.server_log_tail = server.log().slice(-4000);
      log(`FAILED in ${phase}: ${err.message}`);
    }
  } finally {
    enter('closing');
    result.workerd ??= workerdSummary(series);
    await browser.close();
    result.peak_memory_mb = peaks;
    delete result.peak_memory_mb.closing;
    result.peak_chromium_rss_mb = Math.max(...Object.values(peaks).map((p) => p.chromium_rss_mb));
    result.peak_chromium_pss_mb = Math.max(...Object.values(peaks).map((p) => p.chromium_pss_mb));
  }
  return result;
}

// chooseExisting seeds the earlier month's lists (the first opt.existing Lead IDs, in
// lists of opt.listSize, with the file's columns and the page's phone columns) and
// ticks them on the page.
async function chooseExisting(server, page, file) {
  const header = readFileSync(file, 'utf8').slice(0, 4096).replace(/^\ufeff/, '').split(/\r?\n/)[0].split(',').map((h) => h.replace(/^"(.*)"$/, '$1'));
  const phones = await page.locator('#phone-choices input:checked').evaluateAll((inputs) => inputs.map((i) => i.value));
  const contactLists = [];
  for (let first = 1, n = 1; first <= opt.existing; first += opt.listSize, n++) {
    contactLists.push({
      name: `Leads month 1 (${n})`, columnNames: header, phoneColumns: phones.map((columnName) => ({ columnName })),
      generated: { idColumn: 'Lead ID', prefix: 'L', width: 7, first, count: Math.min(opt.listSize, opt.existing - first + 1) },
    });
  }
  const [ms] = await timed(() => emulatorCall(server, 'POST', '/_emulator/seed', { contactLists }));
  log(`  seeded ${contactLists.length} month-1 lists of ${num(opt.existing)} leads in ${(ms / 1000).toFixed(1)} s`);
  await page.locator('#where-existing').check();
  await page.getByRole('button', { name: 'Show my contact lists' }).click();
  for (const l of contactLists) await page.getByLabel(`${l.name} (`, { exact: false }).check({ timeout: 5 * MIN });
  // Each list holds at most -list-size: a smaller run fills them as the first month's cut did.
  await page.locator('#outbound-limit').fill(String(opt.listSize));
  return { lists: contactLists.length, leads: opt.existing, seed_ms: Math.round(ms) };
}

// ---- the Worker's memory on the largest bodies it accepts ----

// userToken signs in to the emulator as the page does (PKCE, which the emulator
// approves at once) and returns the user's token.
async function userToken(emulatorURL) {
  const verifier = randomBytes(32).toString('base64url');
  const redirect = 'http://127.0.0.1:1/callback';
  const q = new URLSearchParams({
    response_type: 'code', client_id: 'contactprep-local', redirect_uri: redirect, state: 's',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256',
  });
  const res = await fetch(`${emulatorURL}/oauth/authorize?${q}`, { redirect: 'manual' });
  const code = new URL(res.headers.get('location') ?? 'http://x/').searchParams.get('code');
  if (!code) throw new Error(`emulator authorize: ${res.status}, no code`);
  const tok = await fetch(`${emulatorURL}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, code_verifier: verifier, client_id: 'contactprep-local', redirect_uri: redirect }),
  });
  if (!tok.ok) throw new Error(`emulator token: ${tok.status}`);
  return (await tok.json()).access_token;
}

// csvUpTo is a CSV of header and the rows row(0), row(1)… as long as it stays
// within limit bytes.
function csvUpTo(header, row, limit) {
  const parts = [header];
  let n = Buffer.byteLength(header);
  for (let i = 0; ; i++) {
    const r = row(i);
    if (n + r.length > limit) break;
    parts.push(r);
    n += r.length;
  }
  return Buffer.from(parts.join(''));
}

const pad8 = (i) => String(i).padStart(8, '0');

// largestBody posts, to a Worker of its own, the largest body one of its file routes
// accepts, and samples the Worker's workerd every 50 ms meanwhile. What workerd grew
// over its idle RSS bounds what the request used: the JavaScript heap, the Go
// program's memory and workerd's own buffers, against the 128 MB a Worker may use.
async function largestBody(what, body) {
  const srv = await serveWithFunction();
  try {
    const headers = { Authorization: `Bearer ${await userToken(srv.emulatorURL)}`, Origin: srv.url.replace(/\/$/, '') };
    const api = async (path, init = {}) => {
      const send = () => fetch(`${srv.url}api/${path}`, { ...init, headers: { ...headers, ...init.headers } });
      // A GET after a long pause may meet a kept-alive connection the server has
      // just closed ("other side closed"): it is asked again once.
      const res = await send().catch((err) => (init.method ?? 'GET') === 'GET' ? send() : Promise.reject(err));
      return { status: res.status, body: await res.text() };
    };
    const { path, init, bytes } = await body(api);
    const pid = processes().find((p) => p.kind === 'workerd' && p.role === 'worker')?.pid;
    if (!pid) throw new Error("the Worker's workerd was not found");
    await api('config'); // a Go program started and done: the idle RSS after one
    await new Promise((r) => setTimeout(r, 1000));
    const idle = rssBytes(pid);
    let peak = idle;
    const t = setInterval(() => { peak = Math.max(peak, rssBytes(pid)); }, 50);
    const start = performance.now();
    let res;
    try { res = await api(path, init); } finally { clearInterval(t); }
    peak = Math.max(peak, rssBytes(pid));
    const growth = Math.round((peak - idle) / MB);
    return {
      what, body_bytes: bytes, status: res.status, ms: Math.round(performance.now() - start),
      idle_rss_mb: Math.round(idle / MB), peak_rss_mb: Math.round(peak / MB), growth_mb: growth, within_128_mb: growth <= 128,
      ...(res.status >= 300 ? { answer: res.body.slice(0, 300) } : {}),
    };
  } finally {
    await srv.stop();
  }
}

// largestBodies measures the two file routes: a part of an outbound list (the CSV
// way, 10,000,000 bytes) and an import file (the Worker's maxFileBytes, 50 MB),
// then the hostile shapes of issue 21 that reach the Worker's re-check: a row of 5
// million tiny fields (10 MB) on each route, and an import file whose every row is
// refused.
async function largestBodies() {
  const partOf = (what, part) => largestBody(what, async (api) => {
    const list = await api('outbound/contactlists', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'largest body', key: 'largest-body', columns: ['Lead ID', 'First Name', 'Last Name', 'Mobile', 'Home'], phoneColumns: ['Mobile', 'Home'] }),
    });
    if (list.status !== 200) throw new Error(`create list: ${list.status} ${list.body.slice(0, 300)}`);
    const body = part('Lead ID,First Name,Last Name,Mobile,Home\n');
    return {
      path: `outbound/contactlists/${JSON.parse(list.body).id}/uploads`, bytes: body.length,
      init: { method: 'POST', headers: { 'Content-Type': 'text/csv', 'X-Contact-Id-Column': 'Lead ID', 'X-File-Name': 'list-01-contacts-001.csv' }, body },
    };
  });
  const importOf = (what, make) => largestBody(what, async (api) => {
    const { maxFileBytes } = JSON.parse((await api('config')).body);
    const file = make(maxFileBytes);
    const form = new FormData();
    form.append('settings', '{}');
    form.append('file', new Blob([file], { type: 'text/csv' }), 'contacts-001.csv');
    return { path: 'imports', bytes: file.length, init: { method: 'POST', body: form } };
  });
  // A header, then one row: an id and commas up to 10,000,000 bytes.
  const wideRow = (header) => Buffer.from(`${header}L1${','.repeat(10000000 - header.length - 3)}\n`);
  const contacts = 'Contact ID,Contact First Name,Contact Last Name,Contact Cell Phone';
  return [
    await partOf('outbound list part (POST …/uploads)', (header) => csvUpTo(header, (i) => `L${pad8(i)},Annabelle,Leeworth,+49151${pad8(i)},+4930${pad8(i)}\n`, 10000000)),
    await partOf('outbound part, a row of 5M tiny fields', wideRow),
    await importOf('import file (POST /api/imports)', (max) => csvUpTo(`${contacts}\n`, (i) => `C${pad8(i)},Annabelle,Leeworth,+49151${pad8(i)}\n`, max)),
    await importOf('import file, a row of 5M tiny fields', () => wideRow(`${contacts}\n`)),
    await importOf('import file, every row refused', (max) => csvUpTo(`${contacts},Contact Work Email\n`, (i) => `C${pad8(i)},Annabelle,Leeworth,+49151${pad8(i)},annabelle@\n`, max)),
  ];
}

// ---- main ----
const report = {
  date: new Date().toISOString(),
  machine: { cores: cpus().length, cpu: cpus()[0]?.model, ram_mb: Math.round(totalmem() / MB), node: process.version },
  rows: opt.rows, list_size: opt.listSize, phones: opt.phones, ways_flag: opt.ways, budget_s: opt.budget,
  runs: [], skipped: [],
};
let server;
let exitCode = 0;
// An interrupted run still ends the emulator, wrangler and Chromium it started.
const current = { browser: null, result: null, watch: null };
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    log(`${sig} in ${phase}: stopping`);
    // What was measured so far is kept, with where it stopped.
    const r = current.result;
    if (r && !report.runs.includes(r)) {
      Object.assign(r, { error: `interrupted by ${sig}`, failed_in: phase, peak_memory_mb: peaks });
      const w = current.watch;
      if (w) r.page_to_function = { total: w.total, by_route: w.by_route, statuses: w.statuses, failed: w.failed, refusals: w.refusals };
      if (server) {
        r.function_to_genesys = await readCounters(server).catch(() => null);
        r.server_log_tail = server.log().slice(-4000);
      }
      report.runs.push(r);
    }
    writeFileSync(opt.out, `${JSON.stringify(report, null, 2)}\n`);
    await Promise.allSettled([current.browser?.close(), server?.stop()]);
    process.exit(130);
  });
}
try {
  enter('generate');
  const file = await leadFile(opt.rows, opt.phones);
  report.file = { name: file.slice(repo.length + 1), bytes: statSync(file).size };
  log(`leads: ${report.file.name}, ${num(report.file.bytes)} bytes`);
  const ways = { auto: ['api', 'csv'], none: [] }[opt.ways] ?? opt.ways.split(',');
  if (ways.length > 0) {
    enter('serve');
    server = await serveWithFunction();
  }
  const started = performance.now();
  for (const way of ways) {
    const elapsed = (performance.now() - started) / 1000;
    if (opt.ways === 'auto' && way === 'csv' && elapsed > opt.budget / 2) {
      report.skipped.push({ way, reason: `the API run took ${Math.round(elapsed)} s, more than half the ${opt.budget} s budget; run with -ways csv` });
      log(`csv skipped: ${report.skipped.at(-1).reason}`);
      continue;
    }
    log(`=== ${way} ===`);
    // The CSV way that auto adds gets what is left of the budget to send in,
    // at least two minutes: a run that stalls is recorded, not waited on for hours.
    const sendMs = opt.ways === 'auto' && way === 'csv' ? Math.max(2 * MIN, opt.budget * 1000 - (performance.now() - started)) : undefined;
    const r = await runWay(server, way, file, opt.rows, sendMs);
    report.runs.push(r);
    if (!r.ok) exitCode = 1;
    writeFileSync(opt.out, `${JSON.stringify(report, null, 2)}\n`);
  }
  await server?.stop();
  server = null;
  enter('largest bodies');
  report.largest_bodies = await largestBodies();
  // A Worker has 128 MB: a body it takes must fit.
  if (report.largest_bodies.some((b) => !b.within_128_mb)) exitCode = 1;
} catch (err) {
  report.error = err.message;
  log(`FAILED: ${err.stack}${err.cause ? `\ncause: ${err.cause.stack ?? err.cause}` : ''}`);
  exitCode = 1;
} finally {
  clearInterval(sampler);
  await server?.stop();
  writeFileSync(opt.out, `${JSON.stringify(report, null, 2)}\n`);
}

// ---- the table ----
const s = (ms) => (ms === undefined ? '–' : `${(ms / 1000).toFixed(1)} s`);
const rate = (n) => (n === undefined ? '–' : `${num(n)} rows/s`);
const lines = [`outbound, ${num(opt.rows)} leads, phones ${opt.phones} (${num(report.file?.bytes ?? 0)} bytes), lists of ${num(opt.listSize)}, ${report.machine.cores} cores`];
for (const r of report.runs) {
  lines.push('', `${r.way === 'api' ? 'API batches' : 'CSV upload per list'}${r.ok ? '' : `  FAILED in ${r.failed_in ?? 'checks'}: ${r.error ?? [...(r.lists?.problems ?? []), ...(r.mapping?.problems ?? []), ...(r.workerd?.problems ?? [])].join('; ')}`}`);
  const wd = (w) => (w ? [`${num(w.peak_rss_mb)} MB peak`, `${w.peak_fds} fds peak; at end ${w.end_rss_mb} MB, ${w.end_fds} fds; send by quarter ${w.send_rss_mb_by_quarter.join(' → ')} MB`] : ['–', '']);
  const rowsOf = [
    ['inspect (file → columns)', s(r.inspect_ms), ''],
    ['prepare (button → results)', s(r.prepare_ms), rate(r.prepare_rows_per_s) + ' incl. inspect'],
    ['plan (Send → confirm)', s(r.plan_ms), ''],
    ['send (confirm → done)', s(r.send_ms), rate(r.send_rows_per_s)],
    ['mapping download', s(r.mapping?.download_ms), r.mapping ? `${num(r.mapping.rows)} rows, ${num(r.mapping.bytes)} bytes` : ''],
    ['page → function requests', String(r.page_to_function?.total ?? '–'), JSON.stringify(r.page_to_function?.by_route ?? {})],
    ['function → Genesys requests', String(r.function_to_genesys?.total ?? '–'), JSON.stringify(Object.fromEntries(Object.entries(r.function_to_genesys?.by_route ?? {}).filter(([, n]) => n > 0)))],
    ['lists in Genesys', r.lists ? r.lists.lists.map((l) => num(l.size)).join(' + ') : '–', r.lists ? `${num(r.lists.distinct_lead_ids)} distinct Lead IDs` : ''],
    ['workerd: the Worker', ...wd(r.workerd?.worker)],
    ["workerd: wrangler's proxy", ...wd(r.workerd?.proxy)],
    ['peak Chromium memory', r.peak_chromium_rss_mb === undefined ? '–' : `${num(r.peak_chromium_rss_mb)} MB RSS`, `${num(r.peak_chromium_pss_mb ?? 0)} MB PSS; by phase ${Object.entries(r.peak_memory_mb ?? {}).map(([k, p]) => `${k} ${p.chromium_rss_mb}`).join(', ')}`],
  ];
  for (const [a, b, c] of rowsOf) lines.push(`  ${a.padEnd(30)} ${b.padStart(14)}  ${c}`);
}
for (const k of report.skipped) lines.push('', `${k.way}: skipped, ${k.reason}`);
if (report.largest_bodies) {
  lines.push('', "the Worker's memory on the largest bodies it accepts (workerd's RSS over its idle RSS, sampled every 50 ms)");
  for (const b of report.largest_bodies) {
    lines.push(`  ${b.what.padEnd(40)} ${num(b.body_bytes).padStart(11)} bytes  ${b.status}  ${s(b.ms).padStart(7)}  ${b.idle_rss_mb} → ${b.peak_rss_mb} MB: grew ${b.growth_mb} MB, ${b.within_128_mb ? 'within' : 'OVER'} 128 MB`);
  }
}
for (const b of report.largest_bodies ?? []) if (!b.within_128_mb) lines.push('', `FAILED: the Worker grew ${b.growth_mb} MB on ${b.what}, over the 128 MB a Worker has`);
if (report.error) lines.push('', `FAILED: ${report.error}`);
lines.push('', `written to ${opt.out.startsWith(repo) ? opt.out.slice(repo.length + 1) : opt.out}`);
console.log(lines.join('\n'));
process.exit(exitCode);
