import { describe, expect, it } from "vitest";
import { InvalidFileNameError, nameFromPath } from "../../../src/files/index.ts";
import { ConfigError } from "../../../src/index.ts";
import { alternativeName, validateName, keyFor, normalizeLocation, splitExtension } from "../../../src/storage/names.ts";
import { HOSTILE_NAMES } from "./helpers.ts";


describe("validateName", () => {
  it.each(HOSTILE_NAMES)("refuses %j (%s) with InvalidFileNameError (400 invalid_name)", (name) => {
    let error: unknown;
    try {
      keyFor("", name);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidFileNameError);
    expect((error as InvalidFileNameError).status).toBe(400);
    expect((error as InvalidFileNameError).code).toBe("invalid_name");
  });

  it("refuses non-strings", () => {
    expect(() => validateName(42)).toThrow(InvalidFileNameError);
    expect(() => validateName(null)).toThrow(InvalidFileNameError);
  });

  it.each(["a.txt", "dir/sub/file.tar.gz", ".env", "a..b", "...", "名前/ファイル.png", "emoji 😀.txt", "a b+c%20d"])(
    "accepts %j",
    (name) => {
      expect(validateName(name)).toBe(name);
    },
  );

  it("returns names in NFC, so a decomposed twin is the same name and key", () => {
    const nfd = "Cafe\u0301/Re\u0301sume\u0301.txt";
    const nfc = "Caf\u00e9/R\u00e9sum\u00e9.txt";
    expect(nfd).not.toBe(nfc);
    expect(validateName(nfd)).toBe(nfc);
    expect(keyFor("tenants/a/", nfd)).toBe(keyFor("tenants/a/", nfc));
    expect(keyFor("tenants/a/", nfd)).toBe(`tenants/a/${nfc}`);
    // Hangul jamo compose to one syllable; compatibility forms are left alone (NFC, not NFKC).
    expect(validateName("\u1100\u1161.txt")).toBe("\uac00.txt");
    expect(validateName("\ufb01le.txt")).toBe("\ufb01le.txt");
  });

  it("shows a refused name's invisible characters escaped in the message", () => {
    let message = "";
    try {
      validateName("invoice\u202Efdp.exe");
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe('file name "invoice\\u202efdp.exe" must not contain bidirectional control characters');
  });

  it("names the file, not its key, when the location makes it too long", () => {
    const location = "tenants/acme-secret-layout/";
    const name = "x".repeat(1000);
    let message = "";
    try {
      keyFor(location, name);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/longer than 1024 bytes/);
    expect(message).toContain('"xxxx');
    expect(message).not.toContain("tenants");
    expect(message).not.toContain("acme");
  });

  it("counts the location prefix and UTF-8 bytes toward 1024", () => {
    expect(keyFor("", "x".repeat(1024))).toHaveLength(1024);
    expect(() => keyFor("tenants/a/", "x".repeat(1015))).toThrow(/1024 bytes/);
    expect(keyFor("tenants/a/", "x".repeat(1014))).toHaveLength(1024);
    // é is two bytes in UTF-8: 513 of them are 1026 bytes.
    expect(() => keyFor("", "é".repeat(513))).toThrow(InvalidFileNameError);
  });

  it("keeps dorm's reserved prefix out of reach", () => {
    expect(() => keyFor("", ".dorm/claims/x")).toThrow(/reserved/);
    expect(keyFor("tenants/a/", ".dorm/x")).toBe("tenants/a/.dorm/x");
  });
});

describe("normalizeLocation", () => {
  it("adds the trailing slash and accepts the root", () => {
    expect(normalizeLocation("tenants/a")).toBe("tenants/a/");
    expect(normalizeLocation("tenants/a/")).toBe("tenants/a/");
    expect(normalizeLocation("")).toBe("");
    expect(normalizeLocation(undefined)).toBe("");
  });

  it("normalises the location to NFC", () => {
    expect(normalizeLocation("tenants/Jose\u0301")).toBe("tenants/Jos\u00e9/");
  });

  it.each(["/abs", "a/../b", "a\\b", ".dorm/x", "a//b", "tenants/\u202Eevil"])("refuses %j with ConfigError naming location", (loc) => {
    expect(() => normalizeLocation(loc)).toThrow(ConfigError);
    expect(() => normalizeLocation(loc)).toThrow(/^location: /);
  });
});

describe("alternative names", () => {
  it.each([
    ["a.txt", "a", ".txt"],
    ["a.tar.gz", "a", ".tar.gz"],
    ["dir.v2/a.tar.gz", "dir.v2/a", ".tar.gz"],
    [".env", ".env", ""],
    [".config.json", ".config", ".json"],
    ["README", "README", ""],
    ["trailing.", "trailing.", ""],
  ])("splits %j into %j + %j", (name, stem, ext) => {
    expect(splitExtension(name)).toEqual([stem, ext]);
  });

  it("puts _n before the whole extension", () => {
    expect(alternativeName("a.tar.gz", 1)).toBe("a_1.tar.gz");
    expect(alternativeName("a.tar.gz", 2)).toBe("a_2.tar.gz");
    expect(alternativeName("docs/readme", 3)).toBe("docs/readme_3");
    expect(alternativeName(".env", 1)).toBe(".env_1");
    expect(alternativeName("a.txt", 0)).toBe("a.txt");
  });
});

describe("nameFromPath", () => {
  it("percent-decodes the rest of the path", () => {
    expect(nameFromPath("/files/a%20b/c%2Bd.txt", "/files/")).toBe("a b/c+d.txt");
    expect(nameFromPath("/files/..%2fsecret", "/files/")).toBe("../secret");
    expect(nameFromPath("/files/", "/files/")).toBe("");
  });

  it("refuses malformed percent-encoding with 400", () => {
    expect(() => nameFromPath("/files/%E0%A4%A", "/files/")).toThrow(InvalidFileNameError);
    expect(() => nameFromPath("/files/%ff", "/files/")).toThrow(InvalidFileNameError);
  });
});
