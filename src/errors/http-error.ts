import { DormError } from "./dorm-error.ts";

/**
 * An error that carries its HTTP status. Throw it from an app handler and the
 * edge (router or DurableApp.fetch) answers `{"error": code, "message": message}`
 * with `status`; any other thrown error becomes a generic 500.
 *
 * @example
 * ```ts
 * if (!row) throw new HttpError(404, "not_found", `note ${id} does not exist`);
 * ```
 */
export class HttpError extends DormError {
  override name = "HttpError";
  readonly status: number;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    code: string,
    message: string,
    options?: { cause?: unknown; headers?: Record<string, string> },
  ) {
    super(code, message, options);
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new RangeError(`HttpError status must be 400–599, got ${status}`);
    }
    this.status = status;
    this.headers = options?.headers ?? {};
  }
}
