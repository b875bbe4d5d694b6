import { describe, expect, it } from "vitest";
import { AccessError } from "../../../src/access/index.ts";
import { AdminError } from "../../../src/admin/index.ts";
import { FileConflictError, FileNotFoundError, FileTooLargeError, InvalidFileNameError } from "../../../src/files/index.ts";
import { ConfigError, DatabaseError, DormError, HttpError, MigrationError } from "../../../src/index.ts";

// Names are written out in each class: the demo deploys with keep_names = false,
// where constructor.name would be a minified letter in every log line.
describe("error names", () => {
  const errors: [string, Error][] = [
    ["DormError", new DormError("x", "m")],
    ["HttpError", new HttpError(400, "x", "m")],
    ["ConfigError", new ConfigError("option", "m")],
    ["DatabaseError", new DatabaseError("query_failed", "m")],
    ["MigrationError", new MigrationError("app", "0001_a.sql", "m")],
    ["AccessError", new AccessError("unauthorized", "malformed_token")],
    ["AdminError", new AdminError("invalid_input", "m")],
    ["InvalidFileNameError", new InvalidFileNameError("m")],
    ["FileNotFoundError", new FileNotFoundError("a.txt")],
    ["FileTooLargeError", new FileTooLargeError(1)],
    ["FileConflictError", new FileConflictError("m")],
  ];

  it.each(errors)("%s is named so, and is a DormError", (name, error) => {
    expect(error.name).toBe(name);
    expect(error).toBeInstanceOf(DormError);
    expect(String(error)).toMatch(new RegExp(`^${name}: `));
  });
});
