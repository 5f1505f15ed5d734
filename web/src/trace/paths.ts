// Where the traceability pages are, and who may open them.

export const isStaff = (role: string) => role === "agent" || role === "manager" || role === "admin";

export const batchPath = (b: string) => `/batches/${encodeURIComponent(b)}`;

export const farmPath = (f: string) => `/farms/${encodeURIComponent(f)}`;

export const customerPath = (c: string) => `/customers/${encodeURIComponent(c)}`;
