// A failed request as a form shows it: the message, and the field it is about.
import { ApiError } from "../api";
import { errorText } from "../components/ui";

export type ErrState = { field: string | null; message: string } | null;

export const asErr = (e: unknown): ErrState => ({ field: e instanceof ApiError ? e.field : null, message: errorText(e) });
