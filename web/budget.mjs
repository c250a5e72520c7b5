// Checks the page's first download against its budget: prints each file's size
// and its size with brotli at quality 11 (as served), and fails when the total
// is over BUDGET bytes. Quality 11 takes most of a minute on the engine module,
// so sizes are kept in CACHE by the file's SHA-256. Node's own zlib: no package.
//
// Usage: node web/budget.mjs CACHE BUDGET FILE...
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants } from 'node:zlib';

const [cacheFile, budgetArg, ...files] = process.argv.slice(2);
const budget = Number(budgetArg);
let cache = {};
try { cache = JSON.parse(readFileSync(cacheFile, 'utf8')); } catch { /* first run */ }
const sizes = await Promise.all(files.map(async (f) => {
  const data = readFileSync(f);
  const key = createHash('sha256').update(data).digest('hex');
  cache[key] ??= (await promisify(brotliCompress)(data, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
  })).length;
  return { name: basename(f), bytes: data.length, brotli: cache[key] };
}));
writeFileSync(cacheFile, JSON.stringify(cache));
let total = 0;
for (const s of sizes.sort((a, b) => b.brotli - a.brotli)) {
  total += s.brotli;
  console.log(`${s.name.padEnd(20)} ${String(s.bytes).padStart(10)} ${String(s.brotli).padStart(9)} brotli`);
}
console.log(`${'first load'.padEnd(20)} ${''.padStart(10)} ${String(total).padStart(9)} brotli, budget ${budget}`);
if (total > budget) {
  console.error(`first load is ${total - budget} bytes over its budget of ${budget} (brotli, quality 11)`);
  process.exit(1);
}
