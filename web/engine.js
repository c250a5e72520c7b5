// The page's handle on the engine worker and on the workbook converter.

export class Cancelled extends Error {
  constructor() { super('cancelled'); }
}

// Engine runs calls in worker.js. Cancel terminates the worker (the Go code
// runs a whole call without yielding, so a message could not reach it) and
// starts a fresh one at once, so the next call does not wait for the module.
export class Engine {
  constructor(onProgress) {
    this.onProgress = onProgress;
    this.next = 1;
    this.start();
  }

  start() {
    this.pending = new Map();
    this.worker = new Worker('worker.js');
    this.worker.onmessage = (event) => {
      const msg = event.data;
      if (msg.type === 'progress') {
        this.onProgress?.(msg.progress);
        return;
      }
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.error !== undefined) p.reject(new Error(msg.error));
      else p.resolve(msg.bytes ? { ...msg.result, bytes: msg.bytes } : msg.result);
    };
    this.worker.onerror = (event) => {
      for (const p of this.pending.values()) p.reject(new Error(event.message || 'the engine stopped'));
      this.pending.clear();
    };
  }

  // call sends op with args; files are ArrayBuffers, transferred to the worker.
  call(op, args = {}, files = []) {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, op, args, files }, files);
    });
  }

  cancel() {
    this.worker.terminate();
    for (const p of this.pending.values()) p.reject(new Cancelled());
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

  // convert returns {sheets, sheet, csv: ArrayBuffer} for the sheet ("" for the first with data).
  convert(bytes, sheet = '') {
    if (!this.worker) {
      this.worker = new Worker('xlsx-worker.js');
      this.worker.onmessage = (event) => {
        const { id, result, csv, error } = event.data;
        const p = this.pending.get(id);
        if (!p) return;
        this.pending.delete(id);
        if (error !== undefined) p.reject(new Error(error));
        else p.resolve({ ...result, csv });
      };
    }
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, bytes, sheet }, [bytes]);
    });
  }
}

// isWorkbook tells an XLSX file by its first bytes (a zip), never by its name.
export async function isWorkbook(file) {
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  return head.length === 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
}
