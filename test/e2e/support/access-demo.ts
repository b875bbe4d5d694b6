import { startKeyServer } from "./access-key-server.ts";
import type { KeyServer } from "./access-key-server.ts";
import { newSigningKey } from "./access-tokens.ts";
import type { SigningKey } from "./access-tokens.ts";
import { dorm } from "./dorm-cli.ts";
import { removeDir, startDev } from "./wrangler-dev.ts";
import type { DevServer } from "./wrangler-dev.ts";

/** The demo under wrangler dev with Access on, its keys served by a loopback key server. */
export interface AccessDemo {
  readonly keys: KeyServer;
  /** The key the demo trusts (published in `realm`). */
  readonly key: SigningKey;
  readonly realm: { id: string; certsUrl: string };
  readonly dev: DevServer;
  stop(): Promise<void>;
}

/**
 * Starts a key server publishing one fresh key, and the demo with
 * `ACCESS_TEAM_NAME`, `ACCESS_AUD` and `ACCESS_CERTS_URL` pointing at it, plus
 * any other `vars`.
 */
export async function startAccessDemo(team: string, aud: string, vars: Record<string, string> = {}): Promise<AccessDemo> {
  const keys = await startKeyServer();
  try {
    const key = await newSigningKey();
    const realm = keys.createRealm([key.publicJwk]);
    const dev = await startDev({
      vars: { ACCESS_TEAM_NAME: team, ACCESS_AUD: aud, ACCESS_CERTS_URL: realm.certsUrl, ...vars },
    });
    return {
      keys,
      key,
      realm,
      dev,
      async stop() {
        await dev.stop();
        removeDir(dev.persistDir);
        await keys.close();
      },
    };
  } catch (error) {
    await keys.close();
    throw error;
  }
}

/**
 * {@link startAccessDemo} in one database mode with an admin token; in D1
 * mode the database is then migrated with `dorm migrate` (dorm's built-in
 * users table and the app's files), as an operator would.
 */
export async function startAccessDemoIn(
  mode: "do" | "d1",
  team: string,
  aud: string,
  adminToken: string,
  vars: Record<string, string> = {},
): Promise<AccessDemo> {
  const demo = await startAccessDemo(team, aud, { DATABASE_MODE: mode, ADMIN_TOKEN: adminToken, ...vars });
  if (mode === "d1") {
    const migrate = await dorm(["migrate"], { env: { DORM_URL: demo.dev.url, DORM_ADMIN_TOKEN: adminToken } });
    if (migrate.code !== 0) {
      await demo.stop();
      throw new Error(`dorm migrate failed (${migrate.code}): ${migrate.stderr}`);
    }
  }
  return demo;
}
