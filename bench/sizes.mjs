// Prints each named file's size and its size compressed with brotli at quality 11,
// for bench/main.go. Compressing the wasm modules takes a while, so sizes are kept
// in CACHE, keyed by the file's SHA-256.
//
// Usage: node bench/sizes.mjs CACHE FILE...
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants } from 'node:zlib';

const [cacheFile, ...files] = process.argv.slice(2);
let cache = {};
try { cache = JSON.parse(readFileSync(cacheFile, 'utf8')); } catch { /* first run */ }
// Files are compressed in parallel, on libuv's thread pool.
const sizes = await Promise.all(files.map(async (f) => {
  const data = readFileSync(f);
  const key = createHash('sha256').update(data).digest('hex');
  cache[key] ??= (await promisify(brotliCompress)(data, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_LGWIN]: 24,
      [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  })).length;
  return { name: basename(f), bytes: data.length, brotli: cache[key] };
}));
writeFileSync(cacheFile, JSON.stringify(cache));
console.log(JSON.stringify(sizes));
