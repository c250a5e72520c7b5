// The engine's Web Worker: it loads the Go module (contactprep.wasm) and runs
// the page's calls in it, off the page's main thread. Messages in:
// {id, op, args, files: [ArrayBuffer]} (the buffers are transferred, not
// copied). Messages out: {type: "progress", progress} while a call works, and
// {type: "reply", id, result | error, bytes} when it is done. Cancelling is
// the page's job: it terminates this worker and starts a fresh one.
importScripts('wasm_exec.js');

self.reportProgress = (json) => postMessage({ type: 'progress', progress: JSON.parse(json) });

const go = new Go();
const ready = WebAssembly.instantiateStreaming(fetch('contactprep.wasm'), go.importObject)
  .then(({ instance }) => { go.run(instance); });

self.onmessage = async (event) => {
  const { id, op, args, files } = event.data;
  try {
    await ready;
    const [json, bytes] = self.contactprep.call(op, JSON.stringify(args ?? {}), (files ?? []).map((b) => new Uint8Array(b)));
    const result = JSON.parse(json);
    if (result && typeof result === 'object' && 'error' in result && Object.keys(result).length === 1) {
      postMessage({ type: 'reply', id, error: result.error });
    } else if (bytes) {
      postMessage({ type: 'reply', id, result, bytes: bytes.buffer }, [bytes.buffer]);
    } else {
      postMessage({ type: 'reply', id, result });
    }
  } catch (err) {
    postMessage({ type: 'reply', id, error: String(err && err.message ? err.message : err) });
  }
};
