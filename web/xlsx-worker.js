// The workbook converter's Web Worker, started only when a workbook is chosen:
// it loads xlsx.wasm and turns one sheet into UTF-8 CSV for the engine.
// Message in: {id, bytes: ArrayBuffer, sheet, columns: {target, template},
// what the sheet and its header row are found by}; out: {id, result: {sheets,
// sheet, width, ignored, ignoredRows}, csv: ArrayBuffer} or {id, error, refused, sheet, lastRow} (refused:
// the kind of a file that is no readable workbook, a sniff.Kind; a damaged
// sheet's name and the last row that reads whole).
importScripts('wasm_exec.js');

const go = new Go();
const ready = WebAssembly.instantiateStreaming(fetch('xlsx.wasm'), go.importObject)
  .then(({ instance }) => { go.run(instance); });

self.onmessage = async (event) => {
  const { id, bytes, sheet, columns } = event.data;
  try {
    await ready;
    const [json, csv] = self.contactprepXLSX.convert(new Uint8Array(bytes), sheet ?? '', JSON.stringify(columns ?? {}));
    const result = JSON.parse(json);
    if ('error' in result) {
      postMessage({ id, error: result.error, refused: result.refused, sheet: result.sheet, lastRow: result.lastRow });
    } else {
      postMessage({ id, result, csv: csv.buffer }, [csv.buffer]);
    }
  } catch (err) {
    postMessage({ id, error: String(err && err.message ? err.message : err) });
  }
};
