// The API's shapes, generated from docs/openapi.yaml at each build (npm run gen:api, into
// src/generated/, not kept in git): a type the UI reads from here cannot drift from the
// API description, which tests/api/test_openapi.py checks against the server.
import type { components, operations } from "./generated/openapi";

export type Schema<K extends keyof components["schemas"]> = components["schemas"][K];

/** The JSON body of an operation's 200 (or 201) reply. */
export type Reply<Op extends keyof operations> = operations[Op]["responses"] extends infer R
  ? R extends { 200: { content: { "application/json": infer B } } }
    ? B
    : R extends { 201: { content: { "application/json": infer B } } }
      ? B
      : never
  : never;
