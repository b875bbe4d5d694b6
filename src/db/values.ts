import { DatabaseError } from "./database-error.ts";
import type { Row, SqlResultValue, SqlValue } from "./types.ts";

/** What the engines are handed: both bind every JS number as REAL. */
export type EngineValue = null | number | string | Uint8Array;

// SQLite integers are int64; a JS number holds integers exactly only up to
// 2^53 − 1. Between 2^53 and 2^63 a number may be a rounded int64, so it is
// refused both ways. Beyond 2^63 no int64 exists: the value can only be a REAL.
const INT64_LIMIT = 2 ** 63;

function isAmbiguousInteger(n: number): boolean {
  return Number.isInteger(n) && !Number.isSafeInteger(n) && Math.abs(n) <= INT64_LIMIT;
}

/**
 * Maps one bound value to what the engine accepts: boolean → 0/1, Date → ISO
 * text, ArrayBuffer → Uint8Array (BLOB), bigint → number when safe. Refuses
 * `undefined`, NaN, ±Infinity, unsafe integers, invalid Dates and other objects.
 *
 * @example
 * ```ts
 * toEngineValue(true, 0); // 1
 * toEngineValue(new Date(0), 0); // "1970-01-01T00:00:00.000Z"
 * ```
 */
export function toEngineValue(value: SqlValue, index: number): EngineValue {
  // The common cases first, and the message built only on failure: this runs
  // once per bound value, 10,000 times in a bulk batch.
  switch (typeof value) {
    case "string":
      return value;
    case "boolean":
      return value ? 1 : 0;
    case "number":
      if (Number.isFinite(value) && !isAmbiguousInteger(value)) return value;
      break;
    case "bigint":
      if (value <= MAX_SAFE && value >= -MAX_SAFE) return Number(value);
      break;
    case "object":
      if (value === null || value instanceof Uint8Array) return value;
      if (value instanceof ArrayBuffer) return new Uint8Array(value);
      if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
  }
  throw refused(`parameter ${index + 1}`, value, "bind null, a number, bigint, string, boolean, Date or bytes");
}

/**
 * Maps one value an engine returned: BLOBs (DO SQLite's ArrayBuffer, D1's
 * number[]) become Uint8Array; an integer that may have been rounded is an
 * error, never a silently wrong number.
 *
 * @example
 * ```ts
 * fromEngineValue(new ArrayBuffer(2), "data"); // Uint8Array [0, 0]
 * ```
 */
export function fromEngineValue(value: unknown, column: string): SqlResultValue {
  if (value === null || typeof value === "string") return value;
  // A REAL in the ambiguous range is refused too: nothing tells it apart from a rounded integer.
  if (typeof value === "number" && Number.isFinite(value) && !isAmbiguousInteger(value)) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (Array.isArray(value)) return Uint8Array.from(value as number[]);
  throw refused(`column "${column}"`, value, "select it with cast(… as text)");
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** The error for a value dorm will not map, saying what it was and what to do. */
function refused(where: string, value: unknown, hint: string): DatabaseError {
  if ((typeof value === "number" && Number.isInteger(value)) || typeof value === "bigint") {
    const text = typeof value === "bigint" ? `${value}n` : String(value);
    return new DatabaseError("integer_out_of_range", `${where} is ${text}: only integers within ±(2^53 − 1) are exact in JS; ${hint}`);
  }
  const shown = value instanceof Date ? "an invalid Date" : typeof value === "object" ? describe(value as object) : typeof value === "number" || value === undefined ? String(value) : `a ${typeof value}`;
  return new DatabaseError("invalid_value", `${where} is ${shown}: ${value === undefined ? "use null for SQL NULL" : hint}`);
}

/** Maps every value of an engine's row, keeping the column order. */
export function fromEngineRow(row: Record<string, unknown>): Row {
  const out: Row = {};
  // for…in rather than Object.entries: no pair arrays per row. Engine rows are
  // plain objects with only their own columns.
  for (const column in row) setColumn(out, column, fromEngineValue(row[column], column));
  return out;
}

/** Builds a row from column names and one raw row of values (DO SQLite's `cursor.raw()`). */
export function fromEngineValues(columns: readonly string[], values: readonly unknown[]): Row {
  const out: Row = {};
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i]!;
    setColumn(out, column, fromEngineValue(values[i], column));
  }
  return out;
}

function setColumn(row: Row, column: string, value: SqlResultValue): void {
  // `row.__proto__ = 1` would be ignored (and `= null` would drop the
  // prototype): a column of that name is defined, not assigned.
  if (column === "__proto__") {
    Object.defineProperty(row, column, { value, enumerable: true, writable: true, configurable: true });
  } else row[column] = value;
}

function describe(value: object): string {
  const name: unknown = Object.getPrototypeOf(value)?.constructor?.name;
  return typeof name === "string" && name !== "Object" ? `a ${name}` : "an object";
}
