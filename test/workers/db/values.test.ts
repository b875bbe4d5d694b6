import { describe, expect, it } from "vitest";
import { DatabaseError } from "../../../src/index.ts";
import { fromEngineRow, fromEngineValue, toEngineValue } from "../../../src/db/values.ts";
import type { SqlValue } from "../../../src/index.ts";

function refusal(run: () => unknown): DatabaseError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DatabaseError);
    return error as DatabaseError;
  }
  throw new Error("expected a DatabaseError");
}

describe("values bound", () => {
  it("maps booleans, Dates, bigints and buffers explicitly", () => {
    expect(toEngineValue(true, 0)).toBe(1);
    expect(toEngineValue(false, 0)).toBe(0);
    expect(toEngineValue(new Date(Date.UTC(2024, 1, 29, 12, 30)), 0)).toBe("2024-02-29T12:30:00.000Z");
    expect(toEngineValue(42n, 0)).toBe(42);
    expect(toEngineValue(-9007199254740991n, 0)).toBe(-9007199254740991);
    expect(toEngineValue(new Uint8Array([1, 2]).buffer, 0)).toEqual(new Uint8Array([1, 2]));
    const bytes = new Uint8Array([3]);
    expect(toEngineValue(bytes, 0)).toBe(bytes);
  });

  it("passes text, null and safe numbers through", () => {
    expect(toEngineValue("héllo", 0)).toBe("héllo");
    expect(toEngineValue(null, 0)).toBeNull();
    expect(toEngineValue(Number.MAX_SAFE_INTEGER, 0)).toBe(Number.MAX_SAFE_INTEGER);
    expect(toEngineValue(-1.5, 0)).toBe(-1.5);
    // Beyond int64 a number can only be a REAL, so it is not ambiguous.
    expect(toEngineValue(1e20, 0)).toBe(1e20);
  });

  it("refuses undefined and names the parameter", () => {
    const error = refusal(() => toEngineValue(undefined as unknown as SqlValue, 2));
    expect(error.code).toBe("invalid_value");
    expect(error.message).toMatch(/parameter 3 is undefined/);
  });

  it("refuses integers that a number cannot hold exactly", () => {
    for (const value of [2 ** 53, -(2 ** 53), 2 ** 60, 2 ** 63]) {
      expect(refusal(() => toEngineValue(value, 0)).code).toBe("integer_out_of_range");
    }
    for (const value of [2n ** 53n, -(2n ** 53n), 2n ** 64n]) {
      expect(refusal(() => toEngineValue(value, 0)).code).toBe("integer_out_of_range");
    }
  });

  it("refuses NaN and infinities", () => {
    for (const value of [NaN, Infinity, -Infinity]) {
      expect(refusal(() => toEngineValue(value, 0)).code).toBe("invalid_value");
    }
  });

  it("refuses an invalid Date", () => {
    const error = refusal(() => toEngineValue(new Date("not a date"), 0));
    expect(error.code).toBe("invalid_value");
    expect(error.message).toMatch(/invalid Date/);
  });

  it("refuses other objects, symbols and functions", () => {
    const others: unknown[] = [{}, [1, 2], new Int16Array(2), new DataView(new ArrayBuffer(1)), Symbol("s"), () => 1];
    for (const value of others) {
      expect(refusal(() => toEngineValue(value as SqlValue, 0)).code).toBe("invalid_value");
    }
    expect(refusal(() => toEngineValue(new Map() as unknown as SqlValue, 0)).message).toMatch(/a Map/);
  });
});

describe("values returned", () => {
  it("turns both engines' BLOBs into Uint8Array", () => {
    expect(fromEngineValue(new Uint8Array([7, 8]).buffer, "b")).toEqual(new Uint8Array([7, 8]));
    expect(fromEngineValue([7, 8], "b")).toEqual(new Uint8Array([7, 8]));
    expect(fromEngineValue([], "b")).toEqual(new Uint8Array(0));
  });

  it("passes text, null, safe integers and reals through", () => {
    expect(fromEngineValue("x", "c")).toBe("x");
    expect(fromEngineValue(null, "c")).toBeNull();
    expect(fromEngineValue(-(2 ** 53 - 1), "c")).toBe(-(2 ** 53 - 1));
    expect(fromEngineValue(0.1, "c")).toBe(0.1);
    expect(fromEngineValue(1e20, "c")).toBe(1e20);
  });

  it("refuses a number that may be a rounded int64, naming the column", () => {
    const error = refusal(() => fromEngineValue(9007199254740992, "big"));
    expect(error.code).toBe("integer_out_of_range");
    expect(error.message).toMatch(/column "big"/);
    expect(refusal(() => fromEngineValue(-(2 ** 63), "c")).code).toBe("integer_out_of_range");
  });

  it("refuses infinities and unknown shapes", () => {
    expect(refusal(() => fromEngineValue(Infinity, "c")).code).toBe("invalid_value");
    expect(refusal(() => fromEngineValue({}, "c")).code).toBe("invalid_value");
    expect(refusal(() => fromEngineValue(true, "c")).code).toBe("invalid_value");
  });

  it("maps a whole row, keeping its column order", () => {
    const row = fromEngineRow({ b: [1], a: 2, c: null });
    expect(Object.keys(row)).toEqual(["b", "a", "c"]);
    expect(row).toEqual({ b: new Uint8Array([1]), a: 2, c: null });
  });
});
