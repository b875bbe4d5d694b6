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
