// The installable app (issue 16): registers the service worker (public/sw.js), and sends the
// tickets waiting on this device (queue.ts) when the page opens, when the connection comes
// back, and every half minute while any wait.
import { sendWaiting } from "./queue";

const RETRY_MS = 30_000;

// Registered a few seconds after the page has loaded, when the browser is idle: installing
// it fetches the whole built app (about 1.5 MB) for the cache, which on a phone's first visit
// would otherwise compete with the page's own requests and scripts.
const REGISTER_AFTER_MS = 4_000;

if ("serviceWorker" in navigator && import.meta.env.PROD) {
  const register = () =>
    navigator.serviceWorker.register("/sw.js").catch(() => {
      /* no offline app (e.g. plain HTTP on another host): everything else works */
    });
  const idle = (fn: () => void) => {
    if (typeof window.requestIdleCallback === "function")
      window.requestIdleCallback(fn, { timeout: 10_000 });
    else fn();
  };
  window.addEventListener("load", () => {
    window.setTimeout(() => idle(register), REGISTER_AFTER_MS);
  });
}

if (typeof indexedDB !== "undefined") {
  const kick = () => void sendWaiting();
  window.addEventListener("online", kick);
  window.setInterval(() => navigator.onLine && kick(), RETRY_MS);
  window.setTimeout(kick, 2_000);
}
