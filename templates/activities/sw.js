// Kinerja's service worker (docs/offline.md), rendered by kinerja.activities.offline.service_worker
// so that the static URLs are those of this deploy. Scope: the whole site.
// - The offline log's page and the static files it needs are kept, so the log opens without a
//   connection; any other page asked for offline answers with the log (with a note saying so).
// - Entries are never sent from here: the page sends what waits in IndexedDB when it is online.
"use strict";
const CONFIG = {{ config|safe }};
importScripts(CONFIG.workbox);
// Every module from our own static files (workbox-sw would fetch them from Google's CDN).
workbox.setConfig({ debug: false, modulePathCb: (name) => CONFIG.modules[name] });
const { registerRoute, setCatchHandler } = workbox.routing;
const { NetworkFirst, NetworkOnly, StaleWhileRevalidate } = workbox.strategies;
const { ExpirationPlugin } = workbox.expiration;

const PAGES = "kinerja-pages-v1";
const STATIC = "kinerja-static-v1";

// Logging in or out: the kept log page shows the previous person's name and SKP, so it goes.
// (Entries waiting on the phone are kept: they carry their owner and only the owner sends them.)
self.addEventListener("fetch", (event) => {
  const path = new URL(event.request.url).pathname;
  if (event.request.method === "POST" && (path === CONFIG.logout || path === CONFIG.login)) {
    event.waitUntil(caches.delete(PAGES));
  }
});

self.addEventListener("install", (event) => {
  self.skipWaiting();
  event.waitUntil(
    (async () => {
      await (await caches.open(STATIC)).addAll(CONFIG.precache);
      // The log page of the person logged in now; not logged in (a redirect): nothing is kept.
      try {
        const response = await fetch(CONFIG.shell, { credentials: "same-origin", redirect: "manual" });
        if (response.ok) await (await caches.open(PAGES)).put(CONFIG.shell, response);
      } catch (error) {
        // offline while installing: the page is kept on its next visit
      }
    })(),
  );
});
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

// Never keep a page answered by a redirect (the login page once the session ended) or an error.
const pagesOnly = {
  cacheWillUpdate: async ({ response }) => (response && response.ok && !response.redirected ? response : null),
};
// The log page: fresh from the network when there is one (a weak link gives up after 5 s).
registerRoute(
  ({ url, request }) => request.mode === "navigate" && url.pathname === CONFIG.shell,
  new NetworkFirst({ cacheName: PAGES, networkTimeoutSeconds: 5, plugins: [pagesOnly], matchOptions: { ignoreSearch: true } }),
);
// Static files: from the cache at once, refreshed behind.
registerRoute(
  ({ url }) => url.origin === self.location.origin && url.pathname.startsWith(CONFIG.static),
  new StaleWhileRevalidate({
    cacheName: STATIC,
    plugins: [new ExpirationPlugin({ maxEntries: 150, purgeOnQuotaError: true })],
  }),
);
// Other pages go to the network as before, and one asked for offline gets the log. Anything else
// (API calls, downloads, posts) is not touched by the worker at all.
registerRoute(({ request }) => request.mode === "navigate", new NetworkOnly());
setCatchHandler(async ({ request }) => {
  if (request.mode === "navigate") {
    const shell = await caches.match(CONFIG.shell, { cacheName: PAGES, ignoreSearch: true });
    if (shell) return shell;
  }
  return Response.error();
});
