import { ConfigError } from "../errors/config-error.ts";
import type { R2Storage } from "../storage/r2-storage.ts";
import type { FilesFactory } from "./types.ts";

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
      throw new ConfigError("files", "ctx.files needs defineApp({ files }), e.g. (env, shard) => new R2Storage({...})");
    }
    return (files = factory(env, shard));
  };
}
