/**
 * Whether a certs URL override may be honoured: `http:` or `https:` to a
 * loopback host (`localhost`, `127.0.0.0/8`, `[::1]`), with no userinfo.
 * Anything else could point key retrieval at a server an attacker runs.
 *
 * @example
 * ```ts
 * isLoopbackUrl("http://127.0.0.1:8788/cdn-cgi/access/certs"); // true
 * isLoopbackUrl("https://keys.example.com/certs"); // false
 * ```
 */
export function isLoopbackUrl(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return false;
  if (url.username !== "" || url.password !== "") return false;
  const host = url.hostname;
  // The URL parser has already turned 0x7f.1, 2130706433 and friends into dotted form.
  return host === "localhost" || host === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
