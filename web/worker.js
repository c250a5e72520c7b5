// The engine's Web Worker: it loads the Go module (contactprep.wasm) and runs
// the page's calls in it, off the page's main thread. Messages in:
// {id, op, args, files: [ArrayBuffer or File]} (buffers are transferred, not
// copied; the engine reads a File itself, see readChosen). Messages out:
// {type: "progress", progress} while a call works, and {type: "reply", id,
// result | error, bytes} when it is done; "hash" (a digest of files) is
// answered by this script itself. Cancelling is the page's job: it
// terminates this worker and starts a fresh one.
//
// The primary worker compiles the module and hands it to the page
// ({type: "module", module}); a shard worker (named "shard", started by the
// page for one large "prepare") gets it in its first message
// ({type: "init", module, phone}), so it neither fetches nor compiles the
// module again and runs the code the primary already optimised. phone is
// phone.wasm compiled by a worker ({type: "phoneModule", module}) once one has it.
importScripts('wasm_exec.js');

self.reportProgress = (json) => postMessage({ type: 'progress', progress: JSON.parse(json) });

// readChosen reads length bytes of the File file at off and returns a
// promise of them, a Uint8Array valid until the next read through reader, or
// of a message when the file cannot be read (it changed or went away since it
// was chosen; the browser's own error says no more). The engine reads a
// chosen file a piece at a time (wasm/chosen.go), and reader, an object it
// keeps per file, keeps the one buffer every piece is copied into and the
// engine copies from: the engine keeps what it was handed until its own
// collector runs, so a new buffer per piece (Blob.arrayBuffer's, here
// garbage at once) would be held by the hundred. Each piece is read with
// Blob.arrayBuffer, not through a BYOB reader of the slice's stream: in
// Chromium 156 under load, a worker's first read of a fresh stream now and
// then never settled, and the run waited forever (about one large run in
// three on two cores); measured at 1.5 million rows on two cores, peak PSS
// 859 MB (the stream's reused buffer: about 900 MB).
//
// end is where the engine's read goes on to: while the engine copies this
// piece, the next one, up to end, is already being read (reader.next), as
// reading is the browser's work, not this worker's. Telling the 268 MB file
// UTF-8 from all of it took 2.8 s in reads of 1 MB one after the other, 1.7 s
// in reads of 16 MB read so (decode.DetectAt).
self.readChosen = async (file, off, length, reader, end = 0) => {
  try {
    const ahead = reader.next;
    reader.next = null;
    const piece = new Uint8Array(await (ahead?.off === off && ahead.length === length ? ahead.read : file.slice(off, off + length).arrayBuffer()));
    if (off + length < end) {
      const next = { off: off + length, length: Math.min(length, end - off - length) };
      next.read = file.slice(next.off, next.off + next.length).arrayBuffer();
      next.read.catch(() => {}); // a read never asked for fails unseen; asked for, it fails then
      reader.next = next;
    }
    if (!(reader.buffer?.byteLength >= piece.length)) reader.buffer = new ArrayBuffer(Math.max(piece.length, 1 << 20));
    const view = new Uint8Array(reader.buffer, 0, piece.length);
    view.set(piece);
    return view;
  } catch (err) {
    return 'the file could not be read again: it changed or moved since it was chosen; choose it again';
  }
};

// Phone numbers the engine's own tables do not cover go to phonenumbers in a
// second Go module, phone.wasm (wasm/phone). The primary worker fetches it
// once files came and it then had no call for a second (the admin reading
// step 2 or the results), through the service worker, which keeps it for
// use offline, and compiles it once a run is over, so that neither competes
// with a run for the cores: fetched at once, its 12 MB arrived in the middle
// of a run that followed straight away and took the primary's time and
// memory then. The page hands the compiled module to later shard workers. It is started the first time the engine asks for it,
// in the middle of a synchronous call (wasm/phone_bridge.go), so
// loadContactphone compiles and runs it synchronously, fetching it
// synchronously too when this worker has not got it (a shard, or the fetch
// failed), which workers may do. It leaves self.contactphone.parse behind.
// If it cannot be had the engine stops rather than guess, and phoneError
// says why.
let phoneModule = null; // compiled
let phoneBytes = null; // fetched, not compiled yet
let phoneFetch = null;
let phoneError = null;
const PHONE_IDLE_MS = 1000;
let phoneWanted = false; // files came
let phoneTimer = 0;
let ran = false; // a run ended: a fetched phone.wasm is compiled at once
function fetchPhoneModule() {
  phoneFetch ??= fetch('phone.wasm')
    .then((r) => { if (!r.ok) throw new Error(`HTTP ${r.status}`); return r.arrayBuffer(); })
    .then((b) => { if (!phoneModule) phoneBytes = b; }, () => { phoneFetch = null; });
  return phoneFetch;
}
async function compilePhoneModule() {
  await phoneFetch;
  if (phoneModule || !phoneBytes) return;
  const m = await WebAssembly.compile(phoneBytes);
  keepPhoneModule(m);
}
function keepPhoneModule(m) {
  if (phoneModule) return;
  phoneModule = m;
  phoneBytes = null;
  postMessage({ type: 'phoneModule', module: m });
}
self.loadContactphone = () => {
  try {
    let module = phoneModule;
    if (!module) {
      let bytes = phoneBytes;
      if (!bytes) {
        const xhr = new XMLHttpRequest();
        xhr.open('GET', 'phone.wasm', false);
        xhr.responseType = 'arraybuffer';
        xhr.send();
        if (xhr.status !== 200) throw new Error(`HTTP ${xhr.status}`);
        bytes = xhr.response;
      }
      module = new WebAssembly.Module(bytes);
      keepPhoneModule(module);
    }
    const go = new Go();
    go.run(new WebAssembly.Instance(module, go.importObject));
  } catch (err) {
    phoneError = `phone.wasm could not be loaded (${err && err.message ? err.message : err}): reload the page`;
    throw err;
  }
};

function start(module) {
  const go = new Go();
  const compiled = module ? Promise.resolve(module) : WebAssembly.compileStreaming(fetch('contactprep.wasm')).then((m) => {
    postMessage({ type: 'module', module: m });
    return m;
  });
  return compiled.then((m) => WebAssembly.instantiate(m, go.importObject)).then((instance) => {
    go.run(instance).then(() => engineStopped('its program exited'));
  });
}

// The engine stops for good when its Go program exits (a fatal error, such
// as running out of memory, which Go prints to the console) or a fault of
// the module escapes a call (a WebAssembly.RuntimeError); a call the engine
// itself gave up (a panic it caught, reply.stopped) stops it too, as its
// state can no longer be trusted. Any of them would leave a call waiting
// forever: every call waiting and every call after is answered with
// {stopped: true}, and the page is told ({type: "stopped"}) so that it
// starts a fresh worker.
let stopped = false;
let stop;
const whenStopped = new Promise((resolve) => { stop = resolve; });
function engineStopped(why) {
  if (stopped) return;
  stopped = true;
  console.error(`contactprep engine stopped: ${why}`);
  postMessage({ type: 'stopped' });
  stop();
}
const isFault = (err) => err instanceof WebAssembly.RuntimeError;
self.addEventListener('unhandledrejection', (event) => { if (isFault(event.reason)) engineStopped(event.reason); });
self.addEventListener('error', (event) => { if (isFault(event.error)) engineStopped(event.error); });

let ready = self.name === 'shard' ? null : start(null);

self.onmessage = (event) => {
  if (event.data.type === 'phone') {
    phoneModule ??= event.data.module;
    phoneBytes = null;
    return;
  }
  if (event.data.type === 'init') {
    phoneModule ??= event.data.phone ?? null;
    ready ??= start(event.data.module);
    return;
  }
  if (event.data.op === 'hash') {
    hashFiles(event.data.id, event.data.args.files);
    return;
  }
  // Calls run one after another, in the order they came, the first once the
  // module is running.
  calls = calls.then(() => answer(event.data));
};

let calls = Promise.resolve();
class Stopped extends Error {}
async function answer({ id, op, args, files }) {
  clearTimeout(phoneTimer);
  try {
    ready ??= start(null);
    await ready;
    if (stopped) throw new Stopped();
    const engineFiles = (files ?? []).map((f) => (f instanceof Blob ? f : new Uint8Array(f)));
    const [json, bytes] = await Promise.race([
      self.contactprep.call(op, JSON.stringify(args ?? {}), engineFiles),
      whenStopped.then(() => { throw new Stopped(); }),
    ]);
    const result = JSON.parse(json);
    if (result?.stopped) {
      engineStopped(`${op} failed`);
      throw new Stopped();
    }
    if (result && typeof result === 'object' && 'error' in result && Object.keys(result).every((k) => ['error', 'file', 'refused', 'option', 'redetect'].includes(k))) {
      postMessage({ type: 'reply', id, error: result.error, file: result.file, refused: result.refused, option: result.option, redetect: result.redetect });
    } else if (bytes) {
      postMessage({ type: 'reply', id, result, bytes: bytes.buffer }, [bytes.buffer]);
    } else {
      postMessage({ type: 'reply', id, result });
    }
  } catch (err) {
    if (err instanceof Stopped || stopped) postMessage({ type: 'reply', id, error: 'the engine stopped', stopped: true });
    else postMessage({ type: 'reply', id, error: phoneError ?? String(err && err.message ? err.message : err) });
    if (stopped) return;
  }
  // Files came, so numbers may follow: phone.wasm is fetched once this
  // worker is idle, so that no call waits for it (a number that needs it
  // first loads it synchronously) and it is kept for offline use.
  if (self.name !== 'shard') {
    warmUp();
    if (files?.length) phoneWanted = true;
    // A second after a run, when the page has drawn its results.
    if (op === 'prepare' || op === 'finish') {
      ran = true;
      setTimeout(() => compilePhoneModule().catch(() => {}), 1000);
    }
    if (phoneWanted && !phoneFetch && !phoneModule) {
      phoneTimer = setTimeout(() => fetchPhoneModule().then(() => (ran ? compilePhoneModule() : null)).catch(() => {}), PHONE_IDLE_MS);
    }
  }
}

// warmUp runs the engine over a made-up file once, after the primary's first
// reply (the page is ready by then), so that the browser optimises the hot
// code before the admin's file comes (wasm/warmup.go). A call that arrives
// meanwhile waits for it. {type: "warmedUp"} tells the page it is done.
let warmedUp = false;
function warmUp() {
  if (warmedUp) return;
  warmedUp = true;
  setTimeout(() => {
    calls = calls.then(async () => {
      try { await self.contactprep.call('warmup', '{}', []); } catch { /* only an optimisation */ }
      postMessage({ type: 'warmedUp' });
    });
  }, 0);
}

// hashFiles answers "hash" here, without the engine: the hex SHA-256 of each
// File in files. On the page's main thread, crypto.subtle copies a large
// file and digests it in one task of most of a second, which froze the page.
async function hashFiles(id, files) {
  try {
    const hashes = [];
    for (const f of files) {
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await f.arrayBuffer()));
      hashes.push(Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join(''));
    }
    postMessage({ type: 'reply', id, result: { hashes } });
  } catch (err) {
    postMessage({ type: 'reply', id, error: String(err && err.message ? err.message : err) });
  }
}
