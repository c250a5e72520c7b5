// The service worker: after the first visit the page, its scripts and the
// engine come from this cache, so the page works with the network off. The
// workbook converter (xlsx.wasm) is cached the first time a workbook is
// opened, since the page only fetches it then. The build stamps VERSION with
// a hash of the files, so a new build replaces the cache.
const VERSION = '__VERSION__';
const CACHE = `contactprep-${VERSION}`;
const CORE = [
  './', 'index.html', 'style.css', 'icon.svg', 'app.js', 'engine.js', 'grid.js', 'words.js',
  'worker.js', 'wasm_exec.js', 'contactprep.wasm',
];
const LATER = ['xlsx-worker.js', 'xlsx.wasm'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(CORE)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith('contactprep-') && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const key = event.request.mode === 'navigate' ? './' : event.request;
    const hit = await cache.match(key, { ignoreSearch: true });
    if (hit) return hit;
    const response = await fetch(event.request);
    const name = url.pathname.split('/').pop();
    if (response.ok && LATER.includes(name)) await cache.put(event.request, response.clone());
    return response;
  })());
});
