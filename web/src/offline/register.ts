// The installable app (issue 16): registers the service worker (public/sw.js), and sends the
// tickets waiting on this device (queue.ts) when the page opens, when the connection comes
// back, and every half minute while any wait.
import { sendWaiting } from "./queue";

const RETRY_MS = 30_000;

if ("serviceWorker" in navigator && import.meta.env.PROD) {
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js").catch(() => {
      /* no offline app (e.g. plain HTTP on another host): everything else works */
    });
  });
}

if (typeof indexedDB !== "undefined") {
  const kick = () => void sendWaiting();
  window.addEventListener("online", kick);
  window.setInterval(() => navigator.onLine && kick(), RETRY_MS);
  window.setTimeout(kick, 2_000);
}
