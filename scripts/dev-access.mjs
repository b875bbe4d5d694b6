#!/usr/bin/env node
// Try Cloudflare Access locally: a loopback key server standing in for
// https://<team>.cloudflareaccess.com/cdn-cgi/access/certs, a signed token
// for the email of your choice, and the `wrangler dev` command that trusts it.
//
//   npm run dev:access -- --email ada@example.com --name "Ada Lovelace"
//   npm run dev:access -- --service ci-bot        (a service token instead)
//
// Options: --port <n> (key server, default 8790), --hours <n> (token life, default 12).
// Keys live in memory: restarting this script invalidates its tokens.
// More tokens while it runs: GET http://127.0.0.1:<port>/token?email=…&name=…
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import { exportJWK, generateKeyPair, SignJWT } from "jose";

const TEAM = "dorm-dev";
const AUD = "dorm-dev-aud";
const ISSUER = `https://${TEAM}.cloudflareaccess.com`;

const { values } = parseArgs({
  options: {
    email: { type: "string", default: "you@example.com" },
    name: { type: "string" },
    service: { type: "string" },
    port: { type: "string", default: "8790" },
    hours: { type: "string", default: "12" },
  },
});
const port = Number(values.port);
const hours = Number(values.hours);
if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error("--port must be a port number");
if (!(hours > 0 && hours <= 24 * 7)) throw new Error("--hours must be between 0 and 168");

const kid = `dev-${Date.now().toString(36)}`;
const { publicKey, privateKey } = await generateKeyPair("RS256");
const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" }] };

/** A token shaped like Access's: person (email, optional name) or service (common_name). */
function mint({ email, name, service }) {
  const identity = service ? { common_name: service, sub: "" } : { email, sub: `dev-${email}`, ...(name ? { name } : {}) };
  return new SignJWT({ ...identity, type: "app", country: "XX" })
    .setProtectedHeader({ alg: "RS256", kid, typ: "JWT" })
    .setIssuer(ISSUER)
    .setAudience([AUD])
    .setIssuedAt()
    .setNotBefore("0s")
    .setExpirationTime(`${hours}h`)
    .sign(privateKey);
}

const server = createServer(async (request, response) => {
  const url = new URL(request.url ?? "/", "http://127.0.0.1");
  const send = (status, type, body) => response.writeHead(status, { "content-type": type }).end(body);
  if (request.method === "GET" && url.pathname === "/cdn-cgi/access/certs") {
    return send(200, "application/json", JSON.stringify(jwks));
  }
  if (request.method === "GET" && url.pathname === "/token") {
    const email = url.searchParams.get("email");
    const service = url.searchParams.get("service");
    if (!email && !service) return send(400, "text/plain", "give ?email=… (and &name=…) or ?service=…\n");
    return send(200, "text/plain", `${await mint({ email, name: url.searchParams.get("name"), service })}\n`);
  }
  return send(404, "text/plain", "not found\n");
});
server.listen(port, "127.0.0.1", async () => {
  const certsUrl = `http://127.0.0.1:${port}/cdn-cgi/access/certs`;
  const token = await mint(values);
  const who = values.service ? `service token "${values.service}"` : values.email;
  console.log(`Access key server: ${certsUrl}  (Ctrl-C to stop)

1. In another terminal, start the demo with Access on:

   npx wrangler dev --var ACCESS_TEAM_NAME:${TEAM} --var ACCESS_AUD:${AUD} --var ACCESS_CERTS_URL:${certsUrl}

2. A token for ${who}, valid ${hours} h:

   TOKEN=${token}

3. Try it:

   curl -H "Cf-Access-Jwt-Assertion: $TOKEN" http://127.0.0.1:8787/me
   curl -H "Cf-Access-Jwt-Assertion: $(curl -s 'http://127.0.0.1:${port}/token?email=grace%40example.com')" http://127.0.0.1:8787/me

   Without a token: 401. /health needs none. In a browser, set the cookie
   CF_Authorization=<token> for 127.0.0.1:8787 instead.
`);
});
