import { AdminError } from "../app/admin-error.ts";
import type { CreateAdminInput } from "../app/admin-types.ts";
import { MAX_EMAIL_LENGTH, MAX_NAME_LENGTH, normalizeEmail } from "./user-row.ts";


const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}$/;
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
// Controls, and the separators that make text read as two lines or two fields.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** A checked `createAdmin` input: the email normalised, the name split. */
export interface AdminInput {
  readonly email: string;
  /** `null` when no name was given: an existing user's name is left as it is. */
  readonly firstName: string | null;
  readonly lastName: string | null;
}

/**
 * Checks what `createAdmin` was given: an email of a plain `local@domain.tld`
 * shape (dot-atom local part, LDH domain labels, at most 254 characters) and
 * an optional name of at most 150 characters without control characters.
 * Throws `AdminError` `invalid_input` naming the field.
 *
 * @example
 * ```ts
 * checkAdminInput({ email: "ada@example.com", name: "Ada King Lovelace" });
 * // { email: "ada@example.com", firstName: "Ada", lastName: "King Lovelace" }
 * ```
 */
export function checkAdminInput(input: unknown): AdminInput {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw invalid("input must be an object { email, name }");
  }
  const { email, name } = input as Partial<Record<keyof CreateAdminInput, unknown>>;
  if (typeof email !== "string" || email.trim() === "") throw invalid("email: is required");
  const trimmed = email.trim();
  if (trimmed.length > MAX_EMAIL_LENGTH) throw invalid(`email: longer than ${MAX_EMAIL_LENGTH} characters`);
  if (!isEmail(trimmed)) throw invalid("email: must look like name@example.com");
  if (name === undefined || name === null) {
    return { email: normalizeEmail(trimmed), firstName: null, lastName: null };
  }
  if (typeof name !== "string") throw invalid("name: must be a string");
  const cleaned = name.trim().replace(/\s+/g, " ");
  // As for an Access `name` claim: a blank name is no name, and changes nothing.
  if (cleaned === "") return { email: normalizeEmail(trimmed), firstName: null, lastName: null };
  if (cleaned.length > MAX_NAME_LENGTH) throw invalid(`name: longer than ${MAX_NAME_LENGTH} characters`);
  if (CONTROL.test(cleaned)) throw invalid("name: must not contain control characters");
  const space = cleaned.indexOf(" ");
  return {
    email: normalizeEmail(trimmed),
    firstName: space < 0 ? cleaned : cleaned.slice(0, space),
    lastName: space < 0 ? "" : cleaned.slice(space + 1),
  };
}

function isEmail(text: string): boolean {
  const at = text.lastIndexOf("@");
  if (at <= 0) return false;
  const local = text.slice(0, at);
  const labels = text.slice(at + 1).split(".");
  return (
    LOCAL.test(local) &&
    !local.startsWith(".") &&
    !local.endsWith(".") &&
    !local.includes("..") &&
    labels.length >= 2 &&
    labels.every((label) => LABEL.test(label)) &&
    !/^[0-9]+$/.test(labels[labels.length - 1] ?? "")
  );
}

function invalid(message: string): AdminError {
  return new AdminError("invalid_input", message);
}
