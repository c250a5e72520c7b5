// The engine's Web Worker: it loads the Go module (contactprep.wasm) and runs
// the page's calls in it, off the page's main thread. Messages in:
// {id, op, args, files: [ArrayBuffer or File]} (buffers are transferred, not
// copied; a File is read into the engine's memory, see intoEngine). Messages out:
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

// intoEngine copies a chosen File into the engine's memory before the call
// that uses it and returns the engine's number for it (wasm/inbox.go). It
// streams the file through one buffer, reused from read to read: a new
// ArrayBuffer per chunk would live on until the worker collected garbage,
// which it cannot do while it is busy in the call, and a 268 MB file would
// take its size twice over.
const READ_BUFFER = 1 << 20;
async function intoEngine(file) {
  const n = self.contactprep.open(file.size);
  try {
    const reader = file.stream().getReader({ mode: 'byob' });
    let buffer = new ArrayBuffer(READ_BUFFER);
    let off = 0;
    for (;;) {
      const { done, value } = await reader.read(new Uint8Array(buffer));
      if (done) break;
      if (!self.contactprep.write(n, off, value)) throw new Error('it is larger than when it was chosen');
      off += value.byteLength;
      buffer = value.buffer;
    }
    if (off !== file.size) throw new Error(`${off} of ${file.size} bytes`);
    return n;
  } catch (err) {
    self.contactprep.drop(n);
    throw new Error(`a chosen file could not be read (${err && err.message ? err.message : err}): choose it again`);
  }
}

// Phone numbers the engine's own tables do not cover go to phonenumbers in a
// second Go module, phone.wasm (wasm/phone). The primary worker fetches it
// after its first call with files (through the service worker, which keeps
// it for use offline) and compiles it once a run is over, so that neither
// competes with a run for the cores; the page hands the compiled module to
// later shard workers. It is started the first time the engine asks for it,
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
  return compiled.then((m) => WebAssembly.instantiate(m, go.importObject)).then((instance) => { go.run(instance); });
}

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
  // Calls run one after another, in the order they came, although reading a
  // call's files waits for the file system.
  calls = calls.then(() => answer(event.data));
};

let calls = Promise.resolve();
async function answer({ id, op, args, files }) {
  const engineFiles = [];
  try {
    ready ??= start(null);
    await ready;
    for (const f of files ?? []) engineFiles.push(f instanceof Blob ? await intoEngine(f) : new Uint8Array(f));
    const [json, bytes] = self.contactprep.call(op, JSON.stringify(args ?? {}), engineFiles);
    const result = JSON.parse(json);
    if (result && typeof result === 'object' && 'error' in result && Object.keys(result).length === 1) {
      postMessage({ type: 'reply', id, error: result.error });
    } else if (bytes) {
      postMessage({ type: 'reply', id, result, bytes: bytes.buffer }, [bytes.buffer]);
    } else {
      postMessage({ type: 'reply', id, result });
    }
  } catch (err) {
    postMessage({ type: 'reply', id, error: phoneError ?? String(err && err.message ? err.message : err) });
  } finally {
    // Files read in but not used: a later file failed, or the call did.
    for (const f of engineFiles) if (typeof f === 'number') self.contactprep.drop(f);
  }
  // Files came, so numbers may follow: phone.wasm is fetched now, after the
  // reply, so that neither this call nor the next waits for it (a number
  // that needs it first loads it synchronously) and it is kept for offline use.
  if (self.name !== 'shard') {
    warmUp();
    if (files?.length) fetchPhoneModule();
    // A second after a run, when the page has drawn its results.
    if (op === 'prepare' || op === 'finish') setTimeout(() => compilePhoneModule().catch(() => {}), 1000);
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
    try { self.contactprep.call('warmup', '{}', []); } catch { /* only an optimisation */ }
    postMessage({ type: 'warmedUp' });
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
