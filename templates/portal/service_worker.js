/* LeadVET's service worker (portal/pwa_views.py renders it). Served from the root, so it
   controls every page. It keeps the offline shell (styles, scripts, icons, the offline
   page) and, once visited, the contact form, so a contact can be logged without network
   (static/js/pwa.js queues it and sends it back online). Pages are fetched from the network
   first; static files, whose URLs change with their content, from the cache first. */
"use strict";

const CACHE = "leadvet-{{ version }}";
const SHELL = {{ shell }};
const OFFLINE_URL = {{ offline_url }};
const OFFLINE_PAGES = {{ offline_pages }};
const LOGOUT_URL = {{ logout_url }};

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim())
  );
});

function forgetPages() {
  // Signed out: the kept pages held that person's form (and its security token).
  return caches.open(CACHE).then((cache) =>
    Promise.all(OFFLINE_PAGES.map((path) => cache.delete(path)))
  );
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method !== "GET") {
    if (url.pathname === LOGOUT_URL) event.waitUntil(forgetPages());
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(
      fetch(request)
        .then((response) => {
          // A redirect (to the login page, say) is opaque here and not ok: nothing is kept.
          if (response.ok && OFFLINE_PAGES.includes(url.pathname)) {
            const copy = response.clone();
            event.waitUntil(caches.open(CACHE).then((cache) => cache.put(url.pathname, copy)));
          }
          return response;
        })
        .catch(() =>
          caches
            .match(OFFLINE_PAGES.includes(url.pathname) ? url.pathname : request)
            .then((kept) => kept || caches.match(OFFLINE_URL))
        )
    );
    return;
  }
  if (SHELL.includes(url.pathname)) {
    event.respondWith(caches.match(url.pathname).then((kept) => kept || fetch(request)));
  }
});
