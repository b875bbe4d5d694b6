/** The domain every Cloudflare Access team issues tokens under. */
export const ACCESS_DOMAIN = "cloudflareaccess.com";

/** The path of a team's public keys (JWKS) under its issuer. */
export const CERTS_PATH = "/cdn-cgi/access/certs";

// One DNS label: letters, digits and inner hyphens, at most 63 characters.
const LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
const TEAM = new RegExp(`^${LABEL}$`);
// The whole issuer, matched on the raw text rather than through a URL parser,
// so there is nothing for a parser to normalise away: no userinfo, port, path
// (not even "/"), query, fragment, upper case or trailing dot gets through.
const ISSUER = new RegExp(`^https://(${LABEL})\\.cloudflareaccess\\.com$`);

/** Whether `name` is a valid team label (`myteam`). */
export function isTeamLabel(name: string): boolean {
  return TEAM.test(name);
}

/** The issuer of a team's tokens: `https://<team>.cloudflareaccess.com`. */
export function teamIssuer(team: string): string {
  return `https://${team}.${ACCESS_DOMAIN}`;
}

/**
 * The team named by an unverified `iss` claim, or `null` unless the claim is
 * exactly `https://<label>.cloudflareaccess.com`. With only an AUD
 * configured this is what stands between a token and a key fetch, so it
 * accepts nothing a URL parser would have to interpret.
 *
 * @example
 * ```ts
 * teamFromIssuer("https://acme.cloudflareaccess.com"); // "acme"
 * teamFromIssuer("https://evil.example/.cloudflareaccess.com"); // null
 * ```
 */
export function teamFromIssuer(iss: unknown): string | null {
  if (typeof iss !== "string" || iss.length > 100) return null;
  return ISSUER.exec(iss)?.[1] ?? null;
}

/** Where a team's keys live; built from the label only, never from token text. */
export function teamCertsUrl(team: string): string {
  return `${teamIssuer(team)}${CERTS_PATH}`;
}
