/**
 * The one JSON error shape every dorm edge answers with:
 * `{"error": "<code>", "message": "<prose>"}` plus optional extra fields.
 *
 * @example
 * ```ts
 * return errorResponse(404, "not_found", "no such note");
 * ```
 */
export function errorResponse(
  status: number,
  code: string,
  message: string,
  options: { headers?: HeadersInit; extra?: Record<string, unknown> } = {},
): Response {
  const headers = new Headers(options.headers);
  headers.set("content-type", "application/json; charset=utf-8");
  headers.set("cache-control", "no-store");
  return new Response(JSON.stringify({ error: code, message, ...options.extra }), {
    status,
    headers,
  });
}
