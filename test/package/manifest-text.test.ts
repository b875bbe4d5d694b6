import { describe, expect, it } from "vitest";
import { migration } from "../../src/migrations/compile.ts";
import { buildManifest as manifestText } from "../../src/cli/manifest.ts";

describe("manifestText", () => {
  it("writes the compiled files as a module whose strings read back exactly, hostile text included", async () => {
    const hostile = "CREATE TABLE `t` (x TEXT DEFAULT '${process.exit()}'); -- \\ and `backticks`\nSELECT '\\n';";
    const files = [migration("0001_a.sql", hostile), migration("0002_b.sql", "-- a comment, then\nSELECT 1;\n")];
    // The module's JavaScript: its one type annotation removed.
    const javascript = manifestText(files).replace(/: readonly \{[\s\S]*?\}\[\] =/, " =");
    const module = (await import(`data:text/javascript,${encodeURIComponent(javascript)}`)) as { migrations: unknown };
    expect(module.migrations).toEqual(files.map((file) => ({ ...file, statements: [...file.statements] })));
  });
});
