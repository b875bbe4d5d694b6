import { expect, it } from "vitest";
it("e2e project runs in Node", () => {
  expect(typeof process.versions.node).toBe("string");
});
