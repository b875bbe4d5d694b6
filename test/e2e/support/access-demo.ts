import { startKeyServer } from "./access-key-server.ts";
import type { KeyServer } from "./access-key-server.ts";
import { newSigningKey } from "./access-tokens.ts";
import type { SigningKey } from "./access-tokens.ts";
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
