// Tickets captured on this device and waiting to be sent (issue 16): kept in IndexedDB, photos
// as blobs, each request with an Idempotency-Key made when the ticket was captured, so that a
// request sent again (the connection dropped before the answer came) is answered with the
// first answer by the server and never makes a second ticket.
//
// A ticket is sent in the order it was captured, one at a time: its create (B2B and B2C carry
// their photos in the create, as the server requires a photo for some categories: one request,
// one key), then for an internal ticket each file on its own (POST .../attachments, each its
// own key).  One whose create went through but a file did not resumes with the files only.
// A refusal of the server (4xx) stops that ticket, with the server's message, for the user to
// discard; no connection, a 5xx or "the first request is still running" (409 with
// Retry-After) leave it waiting, to be sent again with the same key.
import { CHANGED_EVENT, ticketPath, type FieldError, type Kind } from "../api";

export interface QueuedFile {
  name: string;
  type: string;
  blob: Blob;
  /** The Idempotency-Key of its own upload (internal tickets). */
  key: string;
  sent: boolean;
}

export type QueueState = "waiting" | "refused" | "sent";

export interface QueuedTicket {
  id: string;
  /** The order of capture. */
  seq: number;
  userId: number;
  kind: Kind;
  capturedAt: string;
  /** A line that tells the user which ticket this is. */
  summary: string;
  body: Record<string, string>;
  createKey: string;
  files: QueuedFile[];
  state: QueueState;
  ticketId?: number;
  number?: string;
  /** The server's refusal: its message and each field it named. */
  error?: string;
  errors?: FieldError[];
  /** When the last try was made, and why it did not go through (no connection, ...). */
  lastTry?: string;
  lastProblem?: string;
}

export const OUTBOX_EVENT = "ticketd:outbox";

/** A random Idempotency-Key (crypto.randomUUID needs a secure context; this does not). */
export function newKey(): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

const DB = "ticketd-offline";
const STORE = "tickets";

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: "id" });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function tx<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T> | void): Promise<T | undefined> {
  const db = await open();
  try {
    return await new Promise<T | undefined>((resolve, reject) => {
      const t = db.transaction(STORE, mode);
      const req = fn(t.objectStore(STORE));
      t.oncomplete = () => resolve(req ? req.result : undefined);
      t.onerror = () => reject(t.error);
      t.onabort = () => reject(t.error);
    });
  } finally {
    db.close();
  }
}

const changed = () => window.dispatchEvent(new Event(OUTBOX_EVENT));

/** Every queued ticket of this device, oldest first. */
export async function queued(): Promise<QueuedTicket[]> {
  const all = ((await tx<QueuedTicket[]>("readonly", (s) => s.getAll())) ?? []) as QueuedTicket[];
  return all.sort((a, b) => a.seq - b.seq);
}

async function save(t: QueuedTicket) {
  await tx("readwrite", (s) => s.put(t));
  changed();
}

export async function discard(id: string) {
  await tx("readwrite", (s) => s.delete(id));
  changed();
}

/** Keeps a ticket (and copies of its files) on the device, waiting to be sent. */
export async function capture(userId: number, kind: Kind, body: Record<string, string>, files: File[], summary: string): Promise<QueuedTicket> {
  const t: QueuedTicket = {
    id: newKey(),
    seq: Date.now() * 1000 + Math.floor(Math.random() * 1000),
    userId,
    kind,
    capturedAt: new Date().toISOString(),
    summary,
    body,
    createKey: newKey(),
    files: files.map((f) => ({ name: f.name, type: f.type, blob: f, key: newKey(), sent: false })),
    state: "waiting",
  };
  await save(t);
  return t;
}

type Answer =
  { ok: true; data: any } | { ok: false; retry: true; problem: string } | { ok: false; retry: false; status: number; message: string; errors: FieldError[] };

async function send(path: string, key: string, body: FormData | Record<string, string>): Promise<Answer> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: "POST",
      credentials: "same-origin",
      headers:
        body instanceof FormData
          ? { Accept: "application/json", "Idempotency-Key": key }
          : { Accept: "application/json", "Content-Type": "application/json", "Idempotency-Key": key },
      body: body instanceof FormData ? body : JSON.stringify(body),
    });
  } catch {
    return { ok: false, retry: true, problem: "No connection to the server." };
  }
  let data: any = null;
  try {
    data = await res.json();
  } catch {
    data = null;
  }
  if (res.ok) return { ok: true, data };
  const e = data?.error ?? {};
  const message: string = e.message ?? `The server answered ${res.status}.`;
  // Not a refusal of the ticket: try again later, with the same key.
  if (res.status >= 500 || res.status === 401 || res.status === 429 || (res.status === 409 && res.headers.get("Retry-After")))
    return { ok: false, retry: true, problem: res.status === 401 ? "Sign in again to send it." : message };
  return { ok: false, retry: false, status: res.status, message, errors: e.errors ?? [] };
}

/** Sends one ticket as far as it goes: "sent", "refused" or "waiting" (try again later). */
async function sendOne(t: QueuedTicket): Promise<QueueState> {
  const stop = async (a: Answer & { ok: false }) => {
    t.lastTry = new Date().toISOString();
    if (a.retry) t.lastProblem = a.problem;
    else {
      t.state = "refused";
      t.error = a.message;
      t.errors = a.errors;
    }
    await save(t);
    return t.state;
  };
  if (t.ticketId === undefined) {
    let body: FormData | Record<string, string> = t.body;
    const inCreate = t.kind !== "internal" && t.files.length > 0;
    if (inCreate) {
      const form = new FormData();
      form.append("ticket", new Blob([JSON.stringify(t.body)], { type: "application/json" }), "ticket.json");
      for (const f of t.files) form.append("photos", new File([f.blob], f.name, { type: f.type }), f.name);
      body = form;
    }
    const a = await send(ticketPath(t.kind, undefined, "create"), t.createKey, body);
    if (!a.ok) return stop(a);
    t.ticketId = a.data.ticket_id;
    t.number = a.data.number;
    if (inCreate) for (const f of t.files) f.sent = true;
    await save(t);
  }
  for (const f of t.files) {
    if (f.sent) continue;
    const form = new FormData();
    form.append("files", new File([f.blob], f.name, { type: f.type }), f.name);
    const a = await send(ticketPath(t.kind, t.ticketId, "attachments"), f.key, form);
    if (!a.ok) return stop(a.retry ? a : { ...a, message: `${f.name}: ${a.message}` });
    f.sent = true;
    await save(t);
  }
  t.state = "sent";
  t.error = undefined;
  t.lastProblem = undefined;
  await save(t);
  window.dispatchEvent(new Event(CHANGED_EVENT));
  return "sent";
}

let running: Promise<void> | null = null;
let again = false;

/** Who is signed in now (from the server), or null: a ticket is sent only as who captured it. */
async function signedIn(): Promise<number | null> {
  try {
    const res = await fetch("/api/me", { credentials: "same-origin", headers: { Accept: "application/json" }, cache: "no-store" });
    return res.ok ? ((await res.json()).user_id as number) : null;
  } catch {
    return null;
  }
}

async function run() {
  const waiting = (await queued()).filter((t) => t.state === "waiting");
  if (!waiting.length) return;
  const me = await signedIn();
  if (me === null) return;
  for (const t of waiting) {
    if (t.userId !== me) continue;
    if ((await sendOne(t)) === "waiting") break; // no connection: the rest wait too, in order
  }
}

/** Sends every waiting ticket of the signed-in user, oldest first; one run at a time (and
 *  one more when asked during a run). */
export function sendWaiting(): Promise<void> {
  if (running) {
    again = true;
    return running;
  }
  const go = async () => {
    do {
      again = false;
      await run();
    } while (again);
  };
  const locked = navigator.locks ? navigator.locks.request("ticketd-outbox", go) : go();
  running = Promise.resolve(locked)
    .catch(() => {})
    .finally(() => {
      running = null;
    });
  return running;
}

/** One queued ticket as it is now. */
export async function queuedTicket(id: string): Promise<QueuedTicket | undefined> {
  return (await queued()).find((t) => t.id === id);
}
