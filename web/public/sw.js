// ticketd's service worker (issue 16): the app shell from the cache, so that the staff UI
// (and its create forms) opens with no connection.  Hand-written, no library.
//
// - precache.json (written by the build, vite.config.ts) lists the built files; they are
//   cached when the worker installs, and again after each page load that reached the server
//   (a new build brings new file names).
// - A page (navigation) is fetched from the server, and from the cached index.html when the
//   server cannot be reached: every page of the app is index.html.
// - /assets/ (hashed names, never change) come from the cache first.
// - Who is signed in, the catalog and the staff list (GET /api/me, /api/catalog,
//   /api/users) are fetched from the server and kept, and served from the cache only when
//   the server cannot be reached, so the forms know their fields offline.
// - Everything else (the API's other requests, its writes) is left to the browser: the
//   tickets captured offline wait in IndexedDB (src/offline/queue.ts), not here.
const SHELL = "ticketd-shell-v1";
const DATA = "ticketd-data-v1";
const OFFLINE_API = ["/api/me", "/api/catalog", "/api/users"];

async function precache() {
  const cache = await caches.open(SHELL);
  const res = await fetch("/precache.json", { cache: "no-store" });
  if (!res.ok) return;
  const files = await res.json();
  const want = ["/", ...files];
  await Promise.all(
    want.map(async (url) => {
      if (url !== "/" && (await cache.match(url))) return; // hashed: already the right bytes
      const r = await fetch(url, { cache: "no-cache" });
      if (r.ok) await cache.put(url, r);
    }),
  );
}

self.addEventListener("install", (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

// Who is signed in and the forms' data, fetched once the worker is in charge: the page asked
// for them before (the worker is registered after the page has loaded), so without this
// they would be kept only from the next page load, and a connection lost before it would
// leave the forms without them.
async function warmData() {
  const cache = await caches.open(DATA);
  await Promise.all(
    OFFLINE_API.map(async (url) => {
      const res = await fetch(url, { credentials: "same-origin" });
      if (res.ok) await cache.put(url, res);
    }),
  );
}

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== SHELL && name !== DATA) await caches.delete(name);
      await self.clients.claim();
      await warmData().catch(() => {});
    })(),
  );
});

async function page(request) {
  try {
    const res = await fetch(request);
    if (res.ok) {
      const copy = res.clone();
      caches.open(SHELL).then((c) => c.put("/", copy));
      precache().catch(() => {});
    }
    return res;
  } catch (e) {
    const cached = await caches.match("/", { cacheName: SHELL });
    if (cached) return cached;
    throw e;
  }
}

async function asset(request) {
  const cached = await caches.match(request, { cacheName: SHELL });
  if (cached) return cached;
  const res = await fetch(request);
  if (res.ok) {
    const copy = res.clone();
    caches.open(SHELL).then((c) => c.put(request, copy));
  }
  return res;
}

async function apiData(request) {
  try {
    const res = await fetch(request);
    const cache = await caches.open(DATA);
    if (res.ok) await cache.put(request, res.clone());
    else if (res.status === 401) await cache.delete(request); // signed out: forget who it was
    return res;
  } catch (e) {
    const cached = await caches.match(request, { cacheName: DATA });
    if (cached) return cached;
    throw e;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  // Signing in or out: forget who was signed in (the request itself goes on as usual).
  if (request.method === "POST" && (url.pathname === "/api/auth/login" || url.pathname === "/api/auth/logout"))
    event.waitUntil(caches.delete(DATA));
  if (request.method !== "GET") return;
  if (request.mode === "navigate") event.respondWith(page(request));
  else if (url.pathname.startsWith("/assets/")) event.respondWith(asset(request));
  else if (OFFLINE_API.includes(url.pathname) && !url.search) event.respondWith(apiData(request));
});
