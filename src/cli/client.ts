import { ADMIN_METHODS, ADMIN_PATH_PREFIX, ADMIN_STREAM_TYPE, MIN_ADMIN_TOKEN_LENGTH } from "../admin/protocol.ts";
import type { RemoteCommand } from "./args.ts";
import { CliError, printable, usageError } from "./errors.ts";
import { parseJsonObject, streamLines } from "./ndjson.ts";
import type { AnswerBody, StreamLine } from "./wire.ts";

/** Where and how to call. */
export interface Connection {
  readonly url: string;
  readonly token: string;
  readonly shard: string | undefined;
  /** More query parameters of the route (the schedules page). */
  readonly query?: Readonly<Record<string, string>>;
  readonly timeoutSeconds: number;
  readonly fetch: typeof fetch;
}

/**
 * What an admin call answered: the streamed lines, or the whole JSON body
 * (`ok` false when a shard failed: HTTP 500 `admin_failed` with every report).
 */
export type AdminAnswer =
  | { readonly kind: "stream"; readonly lines: AsyncGenerator<StreamLine> }
  | { readonly kind: "json"; readonly body: AnswerBody };

/**
 * The admin URL of a command: the router's origin plus the admin route
 * (the admin routes live at the root whatever path `--url` has).
 */
export function adminUrl(base: string, command: RemoteCommand, shard: string | undefined, query: Readonly<Record<string, string>> = {}): URL {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw usageError(`--url is not a URL: "${printable(base).slice(0, 80)}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw usageError("--url must start with http:// or https://");
  if (url.username || url.password) throw usageError("--url must not carry a user name or password; pass the token with --token");
  const target = new URL(`${ADMIN_PATH_PREFIX}${command}`, url.origin);
  if (shard !== undefined) target.searchParams.set("shard", shard);
  for (const [name, value] of Object.entries(query)) target.searchParams.set(name, value);
  return target;
}

/**
 * Sends one admin call. Resolves when the router answered with shard reports
 * (200, or 500 `admin_failed`); throws a one-line `CliError` for everything
 * else: unreachable, timeout, 401, another 4xx, or a server that is not dorm.
 */
export async function callAdmin(
  connection: Connection,
  command: RemoteCommand,
  options: { readonly stream: boolean; readonly body?: unknown },
): Promise<AdminAnswer> {
  const url = adminUrl(connection.url, command, connection.shard, connection.query);
  const headers: Record<string, string> = {
    authorization: `Bearer ${connection.token}`,
    accept: options.stream ? ADMIN_STREAM_TYPE : "application/json",
    // Compressed streams may be buffered on the way; progress lines should not be.
    "accept-encoding": "identity",
  };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  let response: Response;
  try {
    response = await connection.fetch(url, {
      method: ADMIN_METHODS[command],
      headers,
      body: options.body === undefined ? null : JSON.stringify(options.body),
      signal: AbortSignal.timeout(connection.timeoutSeconds * 1000),
    });
  } catch (error) {
    throw new CliError(unreachableMessage(url, error, connection.timeoutSeconds));
  }
  const type = response.headers.get("content-type") ?? "";
  if (response.status === 200 && type.startsWith(ADMIN_STREAM_TYPE)) {
    return { kind: "stream", lines: streamLines(response) };
  }
  const body: { results?: unknown; error?: unknown; message?: unknown } | null = parseJsonObject(await readText(response));
  if ((response.status === 200 || response.status === 500) && body && Array.isArray(body.results)) {
    return { kind: "json", body: body as AnswerBody };
  }
  throw new CliError(httpMessage(url, response.status, type, body, connection.shard));
}

async function readText(response: Response): Promise<string> {
  try {
    return await response.text();
  } catch {
    return "";
  }
}

function unreachableMessage(url: URL, error: unknown, timeoutSeconds: number): string {
  const failure = error as { name?: unknown; cause?: { code?: unknown; message?: unknown } } | null | undefined;
  if (failure?.name === "TimeoutError" || failure?.name === "AbortError") {
    return `no answer from ${url.origin} within ${timeoutSeconds} s (raise it with --timeout)`;
  }
  const cause = failure?.cause;
  const detail = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return `cannot reach ${url.origin} (${printable(detail).slice(0, 120)})`;
}

function httpMessage(
  url: URL,
  status: number,
  type: string,
  body: { error?: unknown; message?: unknown } | null,
  shard: string | undefined,
): string {
  if (status === 401) {
    return (
      "the admin token was refused (HTTP 401): --token (or DORM_ADMIN_TOKEN) must equal the worker's ADMIN_TOKEN, " +
      `at least ${MIN_ADMIN_TOKEN_LENGTH} characters; set it with \`wrangler secret put ADMIN_TOKEN\` (deployed) or ` +
      "`wrangler dev --var ADMIN_TOKEN:<token>` or .dev.vars (local)"
    );
  }
  // The router's messages name its query parameter (?shard=); here the option is --shard.
  if (body?.error === "shard_required") {
    return `HTTP ${status} shard_required: the app's shard strategy has no default shard and no fixed list of shards: pass --shard NAME`;
  }
  if (body?.error === "invalid_shard") {
    // The router's message names the rule (the pattern a name must match); its ?shard= is --shard here.
    const rule = typeof body.message === "string" ? printable(body.message).slice(0, 300).replaceAll("?shard=", "--shard") : "";
    return `HTTP ${status} invalid_shard: ${rule || "invalid shard name"}${rule.startsWith("invalid shard name") ? " (pass --shard with a name that matches)" : ""}`;
  }
  if (body && typeof body.error === "string") {
    const message = typeof body.message === "string" ? `: ${body.message}` : "";
    return `HTTP ${status} ${printable(body.error).slice(0, 60)}${printable(message).slice(0, 300)}`;
  }
  const shown = printable(type.split(";")[0] || "no content type").slice(0, 60);
  return `unexpected answer from ${url.origin}: HTTP ${status} (${shown}); is --url a dorm router?`;
}
