import { createServer } from "node:http";
import { exportJWK, generateKeyPair, SignJWT } from "jose";

/**
 * A loopback stand-in for `https://<team>.cloudflareaccess.com/cdn-cgi/access/certs`
 * (Access accepts a certs URL override for loopback hosts only) and a token
 * its key signed, valid for two hours: what the Access figures verify.
 */
export async function startKeyServer(access) {
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  const kid = "bench-key-1";
  const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" }] });
  let fetches = 0;
  const server = createServer((request, response) => {
    if (request.url === "/cdn-cgi/access/certs") {
      fetches++;
      response.writeHead(200, { "content-type": "application/json" }).end(jwks);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ email: "bench@example.com", name: "Bench Mark", type: "app" })
    .setProtectedHeader({ alg: "RS256", kid, typ: "JWT" })
    .setIssuer(access.issuer)
    .setAudience([access.aud])
    .setSubject("bench-user")
    .setIssuedAt(now)
    .setNotBefore(now - 5)
    .setExpirationTime(now + 7200)
    .sign(privateKey);
  return {
    certsUrl: `http://127.0.0.1:${server.address().port}/cdn-cgi/access/certs`,
    token,
    fetches: () => fetches,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
