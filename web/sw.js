// The service worker: after the first visit the page, its scripts and the
// engine come from this cache, so the page works with the network off. The
// workbook converter (xlsx.wasm) is cached the first time a workbook is
// opened, since the page only fetches it then, and phone.wasm once the engine is
// idle after the first file is chosen. The build stamps VERSION with a hash of the files, so
// a new build replaces the cache.
const VERSION = '__VERSION__';
const CACHE = `contactprep-${VERSION}`;
const CORE = [
  './', 'index.html', 'style.css', 'icon.svg', 'app.js', 'decide.js', 'engine.js', 'grid.js', 'words.js',
  'dom.js', 'send.js', 'compare.js', 'submit.js', 'outbound.js', 'existing.js', 'resume.js', 'worker.js', 'wasm_exec.js', 'contactprep.wasm',
];
const LATER = ['xlsx-worker.js', 'xlsx.wasm', 'phone.wasm'];

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

// The API (the submission function) and pages other than this one (the sign-in
// window's, which a host may serve as /signed-in) always come from the network:
// answers about jobs must be current, and signing in needs the network anyway.
const API = new URL('api/', self.registration.scope).href;
const SCOPE = new URL(self.registration.scope).pathname;
const PAGE = [SCOPE, `${SCOPE}index.html`];

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.href.startsWith(API) || (event.request.mode === 'navigate' && !PAGE.includes(url.pathname))) return;
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
