import { HttpError } from "../../../src/index.ts";

/** 201/200 JSON with no caching: these answers are per tenant and per user. */
export function json(data: unknown, status = 200): Response {
  return new Response(JSON.stringify(data), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
  });
}

/** A handler for a known path hit with a method it does not serve: 405 with Allow. */
export function methodNotAllowed(allowed: readonly string[]): (request: Request) => never {
  return (request) => {
    throw new HttpError(405, "method_not_allowed", `${request.method} is not allowed here`, {
      headers: { allow: allowed.join(", ") },
    });
  };
}

/**
 * A paged route's `?limit=`: `fallback` when absent, else one whole number
 * from 1 to `max`, digits only ("1e3", "-1", " 5", "007" and a repeated
 * parameter are refused, not guessed at): 400 `invalid_limit` otherwise.
 */
export function pageLimit(params: URLSearchParams, fallback: number, max: number): number {
  const values = params.getAll("limit");
  if (values.length === 0) return fallback;
  const value = values.length === 1 && /^[1-9][0-9]{0,14}$/.test(values[0]!) ? Number(values[0]) : NaN;
  if (!(value <= max)) throw new HttpError(400, "invalid_limit", `limit must be a whole number from 1 to ${max}`);
  return value;
}
