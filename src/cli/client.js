import { CliError, printable, usageError } from "./errors.js";

/** @typedef {import("./args.js").RemoteCommand} RemoteCommand */
/**
 * One shard's report, as the router sends it (see src/admin/http/report.ts).
 * @typedef {{ shard: string | null, engine: "do" | "d1", ok: true, result: any }
 *   | { shard: string | null, engine: "do" | "d1", ok: false,
 *       error: { code: string, message: string, file?: string, applied?: { kind: string, name: string }[] } }} ShardReport
 */

/** @type {Record<RemoteCommand, "GET" | "POST">} */
const METHODS = { migrate: "POST", migrations: "GET", "create-admin": "POST", stats: "GET" };

/**
 * Where and how to call.
 * @typedef {{ url: string, token: string, shard: string | undefined, timeoutSeconds: number,
 *   fetch: typeof fetch }} Connection
 */

/**
 * The admin URL of a command: the router's origin plus `/_dorm/admin/<command>`
 * (the admin routes live at the root whatever path `--url` has).
 * @param {string} base
 * @param {RemoteCommand} command
 * @param {string | undefined} shard
 */
export function adminUrl(base, command, shard) {
  /** @type {URL} */
  let url;
  try {
    url = new URL(base);
  } catch {
    throw usageError(`--url is not a URL: "${printable(base).slice(0, 80)}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw usageError("--url must start with http:// or https://");
  if (url.username || url.password) throw usageError("--url must not carry a user name or password; pass the token with --token");
  const target = new URL(`/_dorm/admin/${command}`, url.origin);
  if (shard !== undefined) target.searchParams.set("shard", shard);
  return target;
}

/**
 * What an admin call answered: the streamed lines, or the whole JSON body
 * (`ok` false when a shard failed: HTTP 500 `admin_failed` with every report).
 * @typedef {{ kind: "stream", lines: AsyncGenerator<any> } | { kind: "json", body: any }} AdminAnswer
 */

/**
 * Sends one admin call. Resolves when the router answered with shard reports
 * (200, or 500 `admin_failed`); throws a one-line `CliError` for everything
 * else: unreachable, timeout, 401, another 4xx, or a server that is not dorm.
 * @param {Connection} connection
 * @param {RemoteCommand} command
 * @param {{ stream: boolean, body?: unknown }} options
 * @returns {Promise<AdminAnswer>}
 */
export async function callAdmin(connection, command, options) {
  const url = adminUrl(connection.url, command, connection.shard);
  /** @type {Record<string, string>} */
  const headers = {
    authorization: `Bearer ${connection.token}`,
    accept: options.stream ? "application/x-ndjson" : "application/json",
    // Compressed streams may be buffered on the way; progress lines should not be.
    "accept-encoding": "identity",
  };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  /** @type {Response} */
  let response;
  try {
    response = await connection.fetch(url, {
      method: METHODS[command],
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(connection.timeoutSeconds * 1000),
    });
  } catch (error) {
    throw new CliError(unreachableMessage(url, error, connection.timeoutSeconds));
  }
  const type = response.headers.get("content-type") ?? "";
  if (response.status === 200 && type.startsWith("application/x-ndjson")) {
    return { kind: "stream", lines: streamLines(response) };
  }
  const body = parseJson(await readText(response));
  if ((response.status === 200 || response.status === 500) && body && Array.isArray(body.results)) {
    return { kind: "json", body };
  }
  throw new CliError(httpMessage(url, response.status, type, body));
}

/**
 * The lines of a streamed answer, parsed, as they arrive.
 * @param {Response} response
 * @returns {AsyncGenerator<any>}
 */
async function* streamLines(response) {
  if (!response.body) return;
  const decoder = new TextDecoder();
  let buffered = "";
  for await (const chunk of /** @type {AsyncIterable<Uint8Array>} */ (/** @type {unknown} */ (response.body))) {
    buffered += decoder.decode(chunk, { stream: true });
    let newline;
    while ((newline = buffered.indexOf("\n")) >= 0) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (line !== "") yield parseLine(line);
    }
  }
  buffered += decoder.decode();
  if (buffered.trim() !== "") yield parseLine(buffered.trim());
}

/** @param {string} line */
function parseLine(line) {
  const value = parseJson(line);
  if (value === null) throw new CliError("the server sent a line that is not JSON; is --url a dorm router?");
  return value;
}

/**
 * @param {string} text
 * @returns {any}
 */
function parseJson(text) {
  try {
    const value = JSON.parse(text);
    return typeof value === "object" && value !== null ? value : null;
  } catch {
    return null;
  }
}

/** @param {Response} response */
async function readText(response) {
  try {
    return await response.text();
  } catch {
    return "";
  }
}

/**
 * @param {URL} url
 * @param {unknown} error
 * @param {number} timeoutSeconds
 */
function unreachableMessage(url, error, timeoutSeconds) {
  const name = /** @type {{ name?: string }} */ (error)?.name;
  if (name === "TimeoutError" || name === "AbortError") {
    return `no answer from ${url.origin} within ${timeoutSeconds} s (raise it with --timeout)`;
  }
  const cause = /** @type {{ cause?: { code?: string, message?: string } }} */ (error)?.cause;
  const detail = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return `cannot reach ${url.origin} (${printable(detail).slice(0, 120)})`;
}

/**
 * @param {URL} url
 * @param {number} status
 * @param {string} type
 * @param {any} body
 */
function httpMessage(url, status, type, body) {
  if (status === 401) {
    return "the admin token was refused (HTTP 401): check --token or DORM_ADMIN_TOKEN, and that the worker has an ADMIN_TOKEN secret of at least 16 characters";
  }
  if (body && typeof body.error === "string") {
    const message = typeof body.message === "string" ? `: ${body.message}` : "";
    return `HTTP ${status} ${printable(body.error).slice(0, 60)}${printable(message).slice(0, 300)}`;
  }
  const shown = printable(type.split(";")[0] || "no content type").slice(0, 60);
  return `unexpected answer from ${url.origin}: HTTP ${status} (${shown}); is --url a dorm router?`;
}
