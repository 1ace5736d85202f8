/* Kiosk offline cache. The shell and static files are cached on install; content (GraphQL GET
   answers, QR codes, pictures) is fetched from the network first and kept, and served from the
   cache when the network is down, so the kiosk keeps showing the last content it had. */
const CACHE = "{{ cache_name }}";
const PRECACHE = {{ precache|safe }};

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          // Keep the worker alive until the copy is stored, or the last answer may be lost.
          event.waitUntil(caches.open(CACHE).then((cache) => cache.put(request, copy)));
        }
        return response;
      })
      .catch(() =>
        caches.match(request, { ignoreVary: true }).then((cached) => {
          if (cached) {
            const headers = new Headers(cached.headers);
            headers.set("X-Kiosk-From-Cache", "1");
            return cached.blob().then((body) => new Response(body, { status: cached.status, headers }));
          }
          return Response.error();
        })
      )
  );
});
