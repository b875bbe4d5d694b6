import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../src/index.ts";
import { defineMigrations, migration } from "../../../src/migrations/index.ts";
import { validateMigrations } from "../../../src/migrations/validate.ts";
import type { MigrationFile } from "../../../src/index.ts";

const file = (name: string, sql = "SELECT 1;"): MigrationFile => ({ ...migration("0001_x.sql", sql), name });

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError");
}

describe("validateMigrations", () => {
  it("accepts wrangler's names in ascending order, gaps and longer numbers included", () => {
    expect(() =>
      validateMigrations(
        [file("0001_init.sql"), file("0002_add-tags.sql"), file("0010_v1.2_fix.sql"), file("12345_later.sql")],
        "migrations.app",
      ),
    ).not.toThrow();
    expect(() => validateMigrations([], "migrations.app")).not.toThrow();
  });

  it.each([
    ["no number", "init.sql"],
    ["a short number", "001_init.sql"],
    ["no description", "0001_.sql"],
    ["another extension", "0001_init.sqlite"],
    ["a space", "0001_create notes.sql"],
    ["a quote, which wrangler would splice into SQL", "0001_it's.sql"],
    ["a path", "sub/0001_init.sql"],
  ])("refuses a name with %s", (_what, name) => {
    const error = configError(() => validateMigrations([file(name)], "migrations.app"));
    expect(error.option).toBe("migrations.app");
    expect(error.code).toBe("invalid_config");
    expect(error.message).toContain(`"${name}" is not named like 0001_name.sql`);
  });

  it("refuses two files with the same number, duplicates included", () => {
    const same = configError(() => validateMigrations([file("0001_a.sql"), file("0001_b.sql")], "migrations.app"));
    expect(same.message).toBe('migrations.app: "0001_b.sql" has the same number as "0001_a.sql": one file per number, in number order');
    const padded = configError(() => validateMigrations([file("0001_a.sql"), file("00001_a.sql")], "x"));
    expect(padded.message).toContain("same number");
    expect(() => validateMigrations([file("0001_a.sql"), file("0001_a.sql")], "x")).toThrow("same number");
  });

  it("refuses a list out of number order", () => {
    const error = configError(() =>
      validateMigrations([file("0001_a.sql"), file("0003_c.sql"), file("0002_b.sql")], "migrations.builtin"),
    );
    expect(error.message).toBe(
      'migrations.builtin: "0002_b.sql" comes after "0003_c.sql": one file per number, in number order',
    );
  });

  it("refuses values that are not migration files (lists written in JavaScript)", () => {
    const notArray = configError(() => validateMigrations("0001_a.sql" as unknown as MigrationFile[], "m"));
    expect(notArray.message).toContain("must be an array");
    const nullFile = configError(() => validateMigrations([null as unknown as MigrationFile], "m"));
    expect(nullFile.message).toContain("file 0 is not a compiled migration file");
    // An older generator's manifest ({ name, sql }) or a hand-made object: told how to fix it.
    const fix = "(run npx dorm migrations manifest, or use migration(name, sql))";
    for (const bad of [
      { name: "0001_a.sql", sql: "SELECT 1;" },
      { name: "0001_a.sql", checksum: "nope", statements: [] },
      { name: "0001_a.sql", checksum: "0".repeat(64), statements: [1] },
      { name: "0001_a.sql", checksum: "0".repeat(64), statements: "SELECT 1" },
    ]) {
      const error = configError(() => validateMigrations([bad as unknown as MigrationFile], "m"));
      expect(error.message, JSON.stringify(bad)).toBe(`m: "0001_a.sql" is not a compiled migration file ${fix}`);
    }
  });
});

describe("defineMigrations", () => {
  it("names the list at fault", () => {
    expect(configError(() => defineMigrations({ app: [file("bad.sql")] })).option).toBe("migrations.app");
    expect(configError(() => defineMigrations({ app: [], builtin: [file("bad.sql")] })).option).toBe(
      "migrations.builtin",
    );
  });

  it("has no built-ins unless given (features bring theirs) and freezes a copy", () => {
    const app = [file("0001_a.sql")];
    const set = defineMigrations({ app });
    expect(set.builtin).toEqual([]);
    expect(set.app).toEqual(app);
    expect(set.app).not.toBe(app);
    expect(Object.isFrozen(set) && Object.isFrozen(set.app) && Object.isFrozen(set.app[0])).toBe(true);
    app.push(file("0000_late.sql"));
    expect(set.app).toHaveLength(1);
  });
});
