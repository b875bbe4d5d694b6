import { HttpError } from "../errors/http-error.ts";
import { discardBody } from "./discard-body.ts";
import { readBodyLimited } from "./read-body.ts";

/** Default cap on a JSON request body: 64 KiB, as the demo's contract says. */
export const DEFAULT_JSON_LIMIT = 64 * 1024;

/**
 * Reads a JSON request body with the checks an API edge needs: 415 unless the
 * Content-Type is JSON, 413 past `maxBytes` (counted while streaming), 400
 * `invalid_json` for text that is not JSON or not UTF-8.
 *
 * @example
 * ```ts
 * const input = await readJson(request);
 * if (typeof input.title !== "string") throw new HttpError(400, "missing_field", "title is required");
 * ```
 */
export async function readJson(
  request: Request,
  options: { maxBytes?: number } = {},
): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  const mediaType = type.split(";")[0]?.trim().toLowerCase() ?? "";
  if (mediaType !== "application/json" && !/^application\/[a-z0-9.+-]*\+json$/.test(mediaType)) {
    await discardBody(request.body);
    throw new HttpError(415, "unsupported_media_type", "the request body must be application/json");
  }
  const bytes = await readBodyLimited(request, options.maxBytes ?? DEFAULT_JSON_LIMIT);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch (cause) {
    throw new HttpError(400, "invalid_json", "the request body is not valid UTF-8", { cause });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new HttpError(400, "invalid_json", "the request body is not valid JSON", { cause });
  }
}
