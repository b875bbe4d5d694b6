// Template-literal escaping that keeps the text exact: backslash, backtick and
// `${` would be read as syntax, a raw CR would be read back as LF (template
// literals normalise line ends), and invisible characters are spelled out.

/** `text` as the body of a template literal that evaluates to exactly `text`. */
export function escapeTemplate(text: string): string {
  return text.replace(/[\\`\r\u0000-\u0008\u000b-\u001f\u007f\u2028\u2029\ufeff]|\$\{/g, (c) => {
    if (c === "\\" || c === "`") return `\\${c}`;
    if (c === "${") return "\\${";
    if (c === "\r") return "\\r";
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
}

/** The inverse of `escapeTemplate` (only for what it writes). */
export function unescapeTemplate(text: string): string {
  return text.replace(/\\(u[0-9a-f]{4}|[\s\S])/g, (_, escaped: string) => {
    if (escaped === "r") return "\r";
    if (escaped.length === 5) return String.fromCharCode(Number.parseInt(escaped.slice(1), 16));
    return escaped;
  });
}
