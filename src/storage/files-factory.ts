import { ConfigError } from "../errors/index.ts";
import type { R2Storage } from "./r2-storage.ts";

/**
 * How an app gets its storage per request: called with the environment and
 * the shard name, in the Durable Object and (D1 mode) in the router alike.
 *
 * @example
 * ```ts
 * defineApp<Env>({
 *   fetch: router,
 *   files: (env, shard) => new R2Storage({ binding: env.BUCKET, location: `tenants/${shard}/` }),
 * });
 * ```
 */
export type FilesFactory<Env> = (env: Env, shard: string) => R2Storage;

/**
 * `ctx.files` for one request: built on first use, so requests that never
 * touch files pay nothing, and a missing factory is reported only to the
 * handler that needs it.
 */
export function lazyFiles<Env>(factory: FilesFactory<Env> | undefined, env: Env, shard: string): () => R2Storage {
  let files: R2Storage | undefined;
  return () => {
    if (files) return files;
    if (!factory) {
      throw new ConfigError("files", "ctx.files needs defineApp({ files: (env, shard) => new R2Storage({...}) })");
    }
    return (files = factory(env, shard));
  };
}
