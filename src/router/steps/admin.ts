import type { RouterStep } from "../pipeline.ts";
import type { ResolvedRouterConfig } from "../validate-config.ts";

/**
 * Router step, first when admin routes are mounted: hands `/_dorm/admin/…` to
 * them; no other step, Access included, sees these paths.
 */
export function adminStep<Env>(config: ResolvedRouterConfig<Env>): RouterStep<Env> | null {
  const { admin } = config;
  if (!admin) return null;
  return (state) => (admin.owns(new URL(state.request.url).pathname) ? admin.handle(state) : undefined);
}
