// The Worker's entry: it starts the Go program (build/app.wasm) once and hands it
// every request for as long as the isolate lives.
//
// The entry syumai/workers generates starts a new Go program for each request. Each
// one takes its own WebAssembly memory (4.5 MB for the smallest answer, 20 MB for a
// list's read-back), which V8 frees only when it collects the program, late: workerd
// grew by hundreds of MB over a long send. One program keeps one memory, which grows
// to the largest request's need and is reused by the next (docs/performance.md).
//
// The Go side (serve.go) sets binding.handleRequest and calls back through the few
// helpers below, which do in JavaScript what Go cannot without a callback of its own
// for every promise: Go makes a callback once, and these keep none.
import './build/wasm_exec.js';
import mod from './build/app.wasm';

// tryCatch is what syumai/workers' packages (KV) call to catch a JavaScript throw.
globalThis.tryCatch = (fn) => {
  try {
    return { result: fn() };
  } catch (error) {
    return { error };
  }
};

// pieceBytes is the size of the buffer a body is read into (serve.go's pieceBytes).
// Buffers of bodies read to their end are kept for the next ones.
const pieceBytes = 64 << 10;
const maxBuffers = 16;
const buffers = [];

const helpers = {
  // settle calls back(id, true, value) or back(id, false, error) when p settles.
  settle(p, id, back) {
    Promise.resolve(p).then((v) => back(id, true, v), (e) => back(id, false, e instanceof Error ? e.message : String(e)));
  },
  // headers lists a Headers object's entries as [name, value] pairs.
  headers: (h) => Array.from(h.entries()),
  // reader reads a body into one buffer, reused from piece to piece, where the
  // stream allows (a byte stream, as the runtime's bodies are): read() answers the
  // next piece, valid until the next read, or null at the end. A piece is what came
  // until the buffer is half full: bodies arrive in pieces of 2 KB, and each piece
  // Go takes is a call into Go and a value Go holds until its next collection.
  reader(stream) {
    let r;
    let buf = null;
    let ended = false;
    let closed = false; // the stream ended; buf holds its last piece
    try {
      r = stream.getReader({ mode: 'byob' });
      buf = buffers.pop() ?? new ArrayBuffer(pieceBytes);
    } catch {
      r = stream.getReader();
    }
    const end = () => {
      ended = true;
      if (buf?.byteLength === pieceBytes && buffers.length < maxBuffers) buffers.push(buf);
      buf = null;
    };
    return {
      async read() {
        if (closed && !ended) end();
        if (ended) return null;
        if (!buf) {
          const { done, value } = await r.read();
          if (done) end();
          return done ? null : value;
        }
        let filled = 0;
        while (filled < pieceBytes / 2) {
          const into = new Uint8Array(buf, filled, pieceBytes - filled);
          buf = null; // it is the read's until it gives it back
          const { done, value } = await r.read(into).catch((e) => {
            ended = true;
            throw e;
          });
          buf = value?.buffer ?? null;
          filled += value?.byteLength ?? 0;
          if (done || !buf) {
            closed = true;
            if (filled > 0) return new Uint8Array(buf, 0, filled);
            end();
            return null;
          }
        }
        return new Uint8Array(buf, 0, filled);
      },
      cancel() {
        if (!ended) end();
        return r.cancel().catch(() => {});
      },
    };
  },
  // stream is a body Go writes into, of length bytes (sent as Content-Length) or,
  // when length is -1, as long as it is. Each write resolves once the piece was
  // read, so the piece's buffer may be written again after.
  stream(length) {
    const ts = length >= 0 ? new FixedLengthStream(length) : new IdentityTransformStream();
    return { readable: ts.readable, writer: ts.writable.getWriter() };
  },
  // fetcher is what syumai/workers' fetch client calls instead of fetch, with the
  // request's body (a stream or null) given here rather than through the client.
  fetcher: (body) => ({
    fetch: (req, init) => fetch(req.url, {
      method: req.method,
      headers: req.headers,
      body,
      redirect: init?.redirect ?? 'follow',
    }),
  }),
};

const context = { env: undefined, ctx: undefined, binding: {}, helpers };
let go = null; // the running program
const waiting = new Set(); // the rejects of requests the program has not answered

// fail ends the program: the requests it holds are refused, and the next request
// starts a new one.
function fail(error) {
  go = null;
  for (const reject of waiting) reject(error);
  waiting.clear();
}

function start(env, ctx) {
  context.env = env;
  context.ctx = ctx;
  context.binding = {};
  const g = new Go();
  g.exit = (code) => {
    if (go === g) fail(new Error(`the function stopped (exit code ${code})`));
  };
  const resume = g._resume.bind(g);
  g._resume = () => {
    try {
      resume();
    } catch (error) { // a trap (out of memory): this program cannot go on
      if (go === g) fail(error);
      throw error;
    }
  };
  go = g;
  g.run(new WebAssembly.Instance(mod, g.importObject), context).catch((error) => {
    if (go === g) fail(error);
  });
  if (typeof context.binding.handleRequest !== 'function') {
    go = null;
    throw new Error('the function did not start');
  }
}

export default {
  async fetch(req, env, ctx) {
    if (go === null || go.exited) start(env, ctx);
    return new Promise((resolve, reject) => {
      const done = (f) => (v) => {
        waiting.delete(reject);
        f(v);
      };
      waiting.add(reject);
      context.binding.handleRequest(req, done(resolve), done(reject));
    });
  },
};
