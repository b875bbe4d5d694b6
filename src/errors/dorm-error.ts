/**
 * Base class of every error dorm throws on purpose. `code` is a stable string
 * that callers may branch on; `message` is prose and may change.
 *
 * @example
 * ```ts
 * try { await db.run(sql`insert into t values (${x})`) }
 * catch (e) { if (e instanceof DormError && e.code === "constraint_violation") … }
 * ```
 */
export class DormError extends Error {
  // Written out in every subclass rather than read from constructor.name,
  // which minification renames (the demo deploys with keep_names = false).
  override name = "DormError";
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
