// The page's handle on the engine worker and on the workbook converter.

export class Cancelled extends Error {
  constructor() { super('cancelled'); }
}

// Refused is a file the engine cannot read at all: kind is what it seems to
// be (a sniff.Kind: "pdf", "image", "damaged", …), file its name; for a
// damaged sheet, where says which and the last row that reads whole
// ({sheet, lastRow}).
export class Refused extends Error {
  constructor(message, kind, file, where = null) {
    super(message);
    this.kind = kind;
    this.file = file;
    this.where = where;
  }
}

// OptionRefused is a setting the engine cannot use: option says which, the
// value given and why ({name, value, source, limit, reason}), for the page's
// words (describeOption).
export class OptionRefused extends Error {
  constructor(message, option) {
    super(message);
    this.option = option;
  }
}

// EngineStopped is the error of every call an engine worker can no longer
// answer: its program stopped (a fatal error, such as running out of memory)
// or the worker failed. The page has started a fresh worker by then, so the
// admin can try again at once.
export class EngineStopped extends Error {
  constructor() {
    super('the page stopped working on your file before it was done (the browser may be short of memory), and is ready again');
  }
}

// Redetect is a run of a file read where it lies that the engine told UTF-8
// by its first part, and found not to be further on: the page runs it again
// with detectWhole, its encoding told from all of it (wasm/session.go).
export class Redetect extends Error {}

// failure is the error of a failed reply.
const failure = ({ error, refused, file, option, sheet, lastRow, stopped, redetect }) => {
  if (stopped) return new EngineStopped();
  if (redetect) return new Redetect(error);
  if (refused) return new Refused(error, refused, file, sheet === undefined ? null : { sheet, lastRow });
  return option ? new OptionRefused(error, option) : new Error(error);
};

// Channel is one engine worker (worker.js) and the calls waiting for it.
// A shard is given the primary's compiled module (see worker.js); onModule
// receives the module the primary compiled.
class Channel {
  constructor(onProgress, { shard = false, module = null, phone = null, onModule = null } = {}) {
    this.next = 1;
    this.pending = new Map();
    this.onProgress = onProgress;
    this.name = shard ? 'shard' : 'primary';
    this.worker = shard ? new Worker('worker.js', { name: 'shard' }) : new Worker('worker.js');
    if (shard) this.worker.postMessage({ type: 'init', module, phone });
    this.worker.onmessage = (event) => {
      const msg = event.data;
      if (msg.type === 'progress') {
        this.onProgress?.(msg.progress);
        return;
      }
      if (msg.type === 'module' || msg.type === 'phoneModule') {
        onModule?.(msg.module, msg.type);
        return;
      }
      if (msg.type === 'warmedUp') {
        this.onWarm?.();
        return;
      }
      if (msg.type === 'stopped') {
        this.stopped();
        return;
      }
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.error !== undefined) p.reject(failure(msg));
      else p.resolve(msg.bytes ? { ...msg.result, bytes: msg.bytes } : msg.result);
    };
    // A worker's own uncaught error (the module failed to load, or a fault
    // of it) is a stop too: the call it was on would never be answered.
    this.worker.onerror = (event) => {
      console.error(`engine ${this.name}: ${event.message}`);
      this.stopped();
    };
  }

  // stopped ends a worker that can answer no more: its calls fail with
  // EngineStopped, and onStopped starts what replaces it.
  stopped() {
    if (this.ended) return;
    this.stop(new EngineStopped());
    this.onStopped?.();
  }

  // call sends op with args; files are ArrayBuffers, transferred to the
  // worker, or Files, which it reads from.
  call(op, args = {}, files = []) {
    const id = this.next++;
    const start = performance.now();
    return new Promise((resolve, reject) => {
      // Each call is a measure on the page's timeline (the bench reads them).
      const done = () => performance.measure(`engine ${this.name} ${op}`, { start, end: performance.now() });
      this.pending.set(id, { resolve: (v) => { done(); resolve(v); }, reject });
      this.worker.postMessage({ id, op, args, files }, files.filter((f) => f instanceof ArrayBuffer));
    });
  }

  fail(err) {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  // stop ends the worker and frees its memory; waiting calls fail with err.
  stop(err) {
    this.ended = true;
    this.worker.terminate();
    this.fail(err);
  }
}

// Below this many bytes a file is prepared in the primary worker alone:
// starting more engine workers would cost more than it saves.
const SHARD_MIN_BYTES = 4 << 20;
// At most this many engine workers share out a file, the primary among them.
// A shard worker checks one slice of about 8 MB at a time (prepare's cut),
// so each one more costs tens of MB, whatever the file's size: measured at
// 1.5 million rows on two cores, a shard beside the primary took Chromium's
// peak from about 915 to 935 MB, and the run from 10.8 to 9.4 s.
const MAX_WORKERS = 4;
// Shard workers for the next run start this long after a run: starting one
// takes a core for a moment, which the page needs to draw the results.
const WARM_AFTER_MS = 2000;

// Engine runs calls in worker.js. "prepare" of a large file is shared out:
// the primary worker cuts the rows into slices, one per worker; shard workers
// check one slice each into an encoded part and the primary checks one itself;
// the primary appends the parts in order and resolves them — the same table
// as a single pass — and the shard workers are ended. Cancel terminates every
// worker (the Go code runs a whole call without yielding, so a message could
// not reach it) and starts a fresh primary at once, so the next call does not
// wait for the module.
export class Engine {
  constructor(onProgress) {
    this.onProgress = onProgress;
    this.shards = [];
    this.idle = [];
    this.cores = Math.min(navigator.hardwareConcurrency || 1, MAX_WORKERS);
    this.start();
  }

  // warm starts the shard workers of the next shared-out "prepare" ahead of
  // it, so that their start (the module, the phone tables, the warm-up) is
  // not part of the run, and resolves when they are ready. Idle, each holds
  // its warmed-up heap (tens of MB).
  warm() {
    const ready = [];
    while (this.idle.length < this.cores - 1) {
      const ch = new Channel(null, { shard: true, module: this.module, phone: this.phone, onModule: (m, type) => this.keepModule(m, type) });
      ready.push(ch.call('warm').catch(() => {}));
      ch.onStopped = () => { this.idle = this.idle.filter((c) => c !== ch); };
      this.idle.push(ch);
    }
    return Promise.all(ready);
  }

  // hold hands every idle shard worker the admin's chosen files (this.chosen,
  // under the page's token for the choice) as the primary holds them, copied
  // out of it ("share"; wasm/shard.go): a shard's slice of them is then in
  // hand when a run comes, not read from the disk while the admin waits. A
  // file the primary does not hold (a large one, read where it lies) is
  // not shared: each worker reads its own slices of it.
  async hold() {
    const c = this.chosen;
    const shards = this.idle.filter((ch) => ch.held !== c?.keep);
    if (!c || !shards.length) return;
    for (const ch of shards) ch.held = c.keep;
    try {
      const files = [];
      for (let data = 0; data < c.files.length; data++) {
        const { bytes } = await this.primary.call('share', { keep: c.keep, data });
        if (!bytes) throw new Error('not held');
        files.push(bytes);
      }
      // The last shard takes the copies themselves, the others copies of them.
      await Promise.all(shards.map((ch, i) => ch.call('hold', { keep: c.keep }, i === shards.length - 1 ? files : files.map((b) => b.slice(0)))));
    } catch {
      for (const ch of shards) ch.held = 0; // it reads its slices from the Files
    }
  }

  start() {
    // While the workers read, the page shows the rows of all of them; the
    // primary's own phases after reading (resolve, summary) are shown as they come.
    this.primary = new Channel((p) => {
      if (this.sharding && p.phase === 'read') {
        // The primary's own slices count on from its first.
        this.seen[0].last = p;
        this.reportShards(this.seen);
      } else this.onProgress?.(p);
    }, {
      onModule: (m, type) => this.keepModule(m, type),
    });
    // The engine has run its warm-up (worker.js), and then the shard workers
    // theirs, never during a run: the page's first run is as fast as the next.
    this.primary.onWarm = () => {
      this.warm().then(() => { document.body.dataset.warm = 'true'; });
    };
    // A primary that stopped is replaced at once, as after a cancel; the
    // files it kept are gone with it, and the page sends them again.
    const primary = this.primary;
    primary.onStopped = () => {
      if (this.primary !== primary) return;
      this.stopShards(this.shards);
      this.start();
    };
  }

  // keepModule keeps a module a worker compiled: the engine's, for shard
  // workers to come, or phone.wasm, which every worker without it gets now
  // (a busy one between its calls).
  keepModule(m, type) {
    if (type === 'module') {
      this.module = m;
      return;
    }
    if (this.phone) return;
    this.phone = m;
    for (const ch of [this.primary, ...this.idle, ...this.shards]) ch.worker.postMessage({ type: 'phone', module: m });
  }

  call(op, args = {}, files = []) {
    if (op === 'inspect' || op === 'prepare') this.remember(files);
    if (op === 'prepare') return this.prepare(args, files);
    if (op === 'hash') return this.primary.call(op, args).then((r) => r.hashes);
    if (op === 'inspect') {
      // Files were chosen: a run may follow.
      // The shards hold them (hold) if they are Files, kept under a token.
      if (files.length) this.chosen = args.keep && files.every((f) => f instanceof Blob) ? { keep: args.keep, files } : null;
      else if (this.chosen?.keep !== args.keep) this.chosen = null;
      this.warm();
      const inspected = this.primary.call(op, args, files);
      this.hold(); // after the primary has kept the files
      return inspected;
    }
    return this.primary.call(op, args, files);
  }

  // remember keeps the Files of a call that sends files, those the primary
  // keeps for the calls that follow without them (wasm/session.go): a shard
  // worker reads its slice of a large one itself (runJobs).
  remember(files) {
    if (files.length) this.files = files.map((f) => (f instanceof Blob ? f : null));
  }

  // download fetches one of the output files ("cleaned", "rejected", "report")
  // a chunk at a time into a Blob, which the browser keeps outside the page:
  // neither the engine nor the page holds a file of hundreds of megabytes
  // whole (wasm/download.go). It resolves to {name, type, blob}.
  async download(what) {
    let r = await this.primary.call('download', { what });
    const { id, name, type } = r;
    const chunks = [];
    for (;;) {
      chunks.push(new Blob([r.bytes ?? new ArrayBuffer(0)]));
      if (r.done) break;
      r = await this.primary.call('downloadNext', { id });
    }
    return { name, type, blob: new Blob(chunks, { type }) };
  }

  // prepare runs "prepare" in several workers when the input is large and the
  // machine has cores to spare, else in the primary alone.
  async prepare(args, files) {
    // The files the engine kept from "inspect" come without bytes; their sizes come with the settings.
    const bytes = files.length ? files.reduce((n, f) => n + (f.byteLength ?? f.size), 0) : args.files.reduce((n, f) => n + (f.bytes ?? 0), 0);
    const workers = this.cores;
    if (workers < 2 || bytes < SHARD_MIN_BYTES) {
      return this.primary.call('prepare', args, files);
    }

    // The warm shard workers, or new ones (their module loads while the primary plans).
    this.warm();
    // What each worker read so far: the primary's first, then each shard's.
    const seen = Array.from({ length: workers }, () => ({ base: { rows: 0, bytes: 0 }, last: null }));
    const idle = this.idle.splice(0);
    const shards = idle.map((ch, i) => {
      const s = seen[i + 1];
      ch.onProgress = (p) => {
        s.last = p;
        this.reportShards(seen);
      };
      // Each slice counts from zero: keep what the worker's earlier slices did.
      ch.nextSlice = () => {
        if (s.last) s.base = { rows: s.base.rows + s.last.rows, bytes: s.base.bytes + s.last.bytes };
        s.last = null;
      };
      return ch;
    });
    this.shards = shards;
    this.seen = seen;
    this.sharding = true;
    // This run's primary: after a cancel, this.primary is a fresh worker.
    const primary = this.primary;
    try {
      const { jobs } = await primary.call('plan', { ...args, workers }, files);
      this.totalBytes = jobs.reduce((n, j) => n + j.bytes, 0);
      await this.runJobs(primary, jobs, shards, bytes);
      this.stopShards(shards);
      return await primary.call('finish');
    } finally {
      this.stopShards(shards);
      // Fresh shard workers for the next run, once this one no longer needs
      // the cores and the page has drawn the results.
      setTimeout(() => this.warm(), WARM_AFTER_MS);
    }
  }

  // runJobs has each worker take the next slice while it is free, and appends
  // the parts in order as they come. A worker goes on to its next slice at
  // once, its part waiting to be appended, but waits while twice as many
  // parts as there are workers are not yet appended, so memory stays bounded
  // when one slice is slow. (Waiting for its own part to be appended, a
  // shard had waited for the primary's slice in hand: at 1.5 million rows on
  // two cores it checked 12 of 32 slices and was idle a third of the time.)
  // The shards ask the primary for their slices before it starts on its
  // own (a worker answers one call at a time).
  // runBytes, the files' size, tells a shard how soon to collect (wasm/main.go).
  async runJobs(primary, jobs, shards, runBytes) {
    const parts = new Map(); // job → its encoded part, or null for one the primary keeps
    const workers = shards.length + 1;
    let next = 0;
    let appended = 0;
    let appending = Promise.resolve();
    let failed = null;
    const waiting = [];
    const wake = () => { for (const w of waiting.splice(0)) w(); };
    const drain = async () => {
      while (!failed && parts.has(appended)) {
        const bytes = parts.get(appended);
        parts.delete(appended);
        await primary.call('appendPart', { job: appended }, bytes ? [bytes] : []);
        appended++;
        wake();
      }
    };
    const work = async (check) => {
      while (next < jobs.length && !failed) {
        if (next - appended >= 2 * workers) {
          await new Promise((resolve) => waiting.push(resolve));
          continue;
        }
        const j = next++;
        parts.set(j, await check(j));
        appending = appending.then(drain).catch((err) => { failed ??= err; wake(); });
      }
    };
    // The primary takes the first slice, whose part it appends while the
    // shards still check theirs, but asks for it once they have asked for theirs.
    const own = work(async (j) => {
      await null;
      await primary.call('ownSlice', { job: j });
      return null;
    });
    // A shard reads its slice of the chosen File itself when the slice is
    // the File's own bytes (job.at); the primary copies it out only for a
    // text it decoded or a file the page has no File of. The shard checks
    // that the File is the size the plan's was.
    const sharded = shards.map((shard) => work(async (j) => {
      const job = jobs[j];
      const file = job.at && this.files?.[job.data];
      if (file) {
        shard.nextSlice();
        return (await shard.call('prepareSlice', { ...job.spec, at: job.at, size: job.fileBytes, runBytes, keep: shard.held ?? 0, data: job.data }, [file])).bytes;
      }
      const { bytes } = await primary.call('slice', { job: j });
      shard.nextSlice();
      return (await shard.call('prepareSlice', { ...job.spec, runBytes }, [bytes])).bytes;
    }));
    await Promise.all([own, ...sharded]);
    await appending;
    if (failed) throw failed;
    if (appended !== jobs.length) throw new Error('the engine lost part of the rows');
  }

  // reportShards reports the rows and bytes of every slice as one progress.
  reportShards(seen) {
    let rows = 0;
    let bytes = 0;
    let file = '';
    for (const s of seen) {
      rows += s.base.rows + (s.last?.rows ?? 0);
      bytes += s.base.bytes + (s.last?.bytes ?? 0);
      file ||= s.last?.file ?? '';
    }
    this.onProgress?.({ phase: 'read', file, rows, bytes, totalBytes: this.totalBytes || 0 });
  }

  // stopShards ends the shard workers (freeing their memory), if they are
  // still this run's.
  stopShards(shards) {
    for (const s of shards) s.stop(new Cancelled());
    if (this.shards === shards) {
      this.shards = [];
      this.sharding = false;
    }
  }

  cancel() {
    this.stopShards(this.shards);
    this.primary.stop(new Cancelled());
    this.start();
  }
}

// Workbooks converts XLSX sheets to CSV in xlsx-worker.js, started on first use.
export class Workbooks {
  constructor() {
    this.worker = null;
    this.next = 1;
    this.pending = new Map();
  }

  // convert returns {sheets, sheet, width, ignored, ignoredRows, csv:
  // ArrayBuffer} for the sheet ("" for the one whose header best matches
  // columns, {target, template}: the columns the admin imports into);
  // ignored counts the cells right of the header row left out.
  convert(bytes, sheet = '', columns = {}) {
    if (!this.worker) {
      this.worker = new Worker('xlsx-worker.js');
      this.worker.onmessage = (event) => {
        const { id, result, csv, error } = event.data;
        const p = this.pending.get(id);
        if (!p) return;
        this.pending.delete(id);
        if (error !== undefined) p.reject(failure(event.data));
        else p.resolve({ ...result, csv });
      };
    }
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, bytes, sheet, columns }, [bytes]);
    });
  }
}

// isWorkbook tells an XLSX file by its first bytes (a zip), never by its name.
export async function isWorkbook(file) {
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  return head.length === 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
}
