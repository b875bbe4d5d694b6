import { describe, expect, it } from "vitest";
import { sql } from "../../../src/index.ts";

describe("sql", () => {
  it("binds every interpolated value as ? and never splices it", () => {
    const evil = "x'); drop table notes; --";
    const query = sql`select * from notes where title = ${evil} and id > ${3}`;
    expect(query).toEqual({ text: "select * from notes where title = ? and id > ?", params: [evil, 3] });
  });

  it("keeps every kind of value as given, for the engine mapping to handle", () => {
    const date = new Date(0);
    const bytes = new Uint8Array([1]);
    const query = sql`values (${null}, ${true}, ${10n}, ${date}, ${bytes})`;
    expect(query.text).toBe("values (?, ?, ?, ?, ?)");
    expect(query.params).toEqual([null, true, 10n, date, bytes]);
    expect(query.params[4]).toBe(bytes);
  });

  it("inlines a nested query with its parameters, in order", () => {
    const mine = sql`owner = ${"a@example.com"}`;
    const query = sql`select * from notes where id > ${1} and ${mine} limit ${10}`;
    expect(query).toEqual({
      text: "select * from notes where id > ? and owner = ? limit ?",
      params: [1, "a@example.com", 10],
    });
  });

  it("accepts a hand-written Query as a fragment", () => {
    const query = sql`select ${{ text: "count(*)", params: [] }} from t where a = ${1}`;
    expect(query).toEqual({ text: "select count(*) from t where a = ?", params: [1] });
  });

  it("reuses one call site's text, yet builds it anew whenever a fragment is a query", () => {
    const where = (condition: number | ReturnType<typeof sql>) => sql`select * from t where x = ${condition}`;
    const first = where(1);
    const second = where(2);
    expect(second.text).toBe(first.text);
    expect([first.params, second.params]).toEqual([[1], [2]]);
    expect(second.params).not.toBe(first.params);
    expect(where(sql`(${3} + ${4})`)).toEqual({ text: "select * from t where x = (? + ?)", params: [3, 4] });
    expect(where(5)).toEqual({ text: "select * from t where x = ?", params: [5] });
  });

  it("has no parameters without interpolation", () => {
    expect(sql`select 1`).toEqual({ text: "select 1", params: [] });
  });

  it("joins values as a list of placeholders", () => {
    const query = sql`select * from t where id in (${sql.join([1, 2, 3])})`;
    expect(query).toEqual({ text: "select * from t where id in (?, ?, ?)", params: [1, 2, 3] });
  });

  it("joins queries with a separator given as text", () => {
    const where = sql.join([sql`a = ${1}`, sql`b = ${"x"}`, sql`c is null`], " and ");
    expect(where).toEqual({ text: "a = ? and b = ? and c is null", params: [1, "x"] });
    expect(sql`select * from t where ${where}`.text).toBe("select * from t where a = ? and b = ? and c is null");
  });

  it("joins nothing to empty text", () => {
    expect(sql.join([])).toEqual({ text: "", params: [] });
    expect(sql.join([sql`a`])).toEqual({ text: "a", params: [] });
  });
});
