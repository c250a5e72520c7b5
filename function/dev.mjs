// Runs the Worker locally as `wrangler dev` does, without wrangler's DevTools proxy.
//
// Usage: node function/dev.mjs --port N [--ip ADDR] [--persist-to DIR] [--var NAME:VALUE]...
//
// wrangler dev (4.86) always attaches its DevTools proxy to the Worker, and the proxy
// sends every DevTools event of the Worker to wrangler's Node process as a request of
// its own, on a connection of its own, and keeps the event until a DevTools window
// connects. A fetch raises an event for each piece of body it receives (about one per
// 2 KB): reading back the export of a contact list of 100,000 leads put 11,000
// connections and 750 MB on the proxy's workerd, and at 1.5 million leads it ran out
// of file descriptors. wrangler's command line cannot turn the proxy off; its
// startWorker API can (dev.inspector: false). Everything else is as `wrangler dev`
// has it: the same wrangler.toml, the proxy in front of the Worker, the local KV.
//
// Prints "Ready on URL" when the Worker answers, and stops it on SIGTERM or SIGINT.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unstable_startWorker as startWorker } from 'wrangler';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');

const opt = { ip: '127.0.0.1', port: 0, persist: undefined, vars: {} };
const usage = () => {
  console.error('usage: node function/dev.mjs --port N [--ip ADDR] [--persist-to DIR] [--var NAME:VALUE]...');
  process.exit(2);
};
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i += 2) {
  const v = args[i + 1];
  if (v === undefined) usage();
  switch (args[i]) {
    case '--ip': opt.ip = v; break;
    case '--port': opt.port = Number(v); break;
    case '--persist-to': opt.persist = v; break;
    case '--var': {
      const at = v.indexOf(':');
      if (at < 1) usage();
      opt.vars[v.slice(0, at)] = { type: 'plain_text', value: v.slice(at + 1) };
      break;
    }
    default: usage();
  }
}
if (!Number.isInteger(opt.port) || opt.port < 0) usage();

let worker;
let stopping = false;
for (const sig of ['SIGTERM', 'SIGINT']) {
  process.on(sig, async () => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(1), 10000).unref();
    await worker?.dispose().catch(() => {});
    process.exit(0);
  });
}

worker = await startWorker({
  config: join(repo, 'wrangler.toml'),
  bindings: opt.vars,
  sendMetrics: false,
  dev: {
    inspector: false,
    server: { hostname: opt.ip, port: opt.port },
    persist: opt.persist,
    watch: false,
    liveReload: false,
  },
});
await worker.ready;
console.log(`Ready on ${await worker.url}`);
