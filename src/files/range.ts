/** What a Range header asks of a file of a given size. */
export type RangeRequest =
  | { readonly kind: "full" }
  | { readonly kind: "unsatisfiable" }
  | { readonly kind: "partial"; readonly offset: number; readonly length: number };

const SINGLE = /^bytes[ \t]*=[ \t]*([0-9]*)[ \t]*-[ \t]*([0-9]*)[ \t]*$/i;

/**
 * Resolves a `Range` header against the file's size, itself (local R2 answers
 * a range past the end with the whole object, real R2 with an error). Single
 * ranges only: `bytes=a-b`, open-ended `bytes=a-` and suffix `bytes=-n`.
 * A missing, malformed or multi-range header is ignored (the whole file, as
 * RFC 9110 allows); a range that starts at or past the end, a zero-length
 * suffix, or any range of an empty file is unsatisfiable (416).
 */
export function resolveRange(header: string | null, size: number): RangeRequest {
  if (header === null) return { kind: "full" };
  const match = SINGLE.exec(header);
  if (!match) return { kind: "full" };
  const [, first = "", last = ""] = match;
  if (first === "" && last === "") return { kind: "full" };
  if (first === "") {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: "unsatisfiable" };
    const length = Math.min(suffix, size);
    return { kind: "partial", offset: size - length, length };
  }
  const start = Number(first);
  if (last !== "" && Number(last) < start) return { kind: "full" }; // invalid: ignored
  if (start >= size) return { kind: "unsatisfiable" };
  const end = last === "" ? size - 1 : Math.min(Number(last), size - 1);
  return { kind: "partial", offset: start, length: end - start + 1 };
}
