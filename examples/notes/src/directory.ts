import { DurableObject } from "cloudflare:workers";
import type { Env } from "./env.ts";

/** What the directory says about a caller and a tenant (see {@link TenantDirectory.admit}). */
export type Admission = "member" | "created" | "not_member" | "tenant_limit" | "exists" | "unknown";

/** A member as `GET /members` lists them. */
export interface Member {
  email: string;
  added_at: string;
}

/** One page of a tenant's members, in address order. */
export interface MemberPage {
  owner: string | null;
  members: Member[];
  /** The last address of this page when more may follow, else `null`. */
  cursor: string | null;
}

const TENANT = /^[a-z0-9][a-z0-9-]{0,62}$/;
/** A principal: an email (≤ 254) or `service:` and a service token's name. */
const MAX_PRINCIPAL = 320;
const MAX_PAGE = 100;

/**
 * The demo's tenant directory: who owns each tenant and who its members are,
 * in one object (the singleton `directory`) with its own SQLite. It must
 * answer before any tenant's object exists, so it cannot live in the tenant's
 * object; one object for every tenant keeps the per-user count of owned
 * tenants a single query, at the price of a hop per request (the router
 * remembers positive answers for a while, see tenants.ts) and a ceiling of
 * about a thousand uncached decisions a second. Each decision runs with
 * synchronous SQL and no await, so two requests naming a new tenant at once
 * cannot both become its owner, nor a user pass the limit.
 */
export class TenantDirectory extends DurableObject<Env> {
  readonly #sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#sql = ctx.storage.sql;
    // Idempotent and synchronous: cheaper than a migration ledger for two tables.
    this.#sql.exec(`create table if not exists tenants (
      name text primary key, owner text not null, created_at text not null)`);
    this.#sql.exec("create index if not exists tenants_owner on tenants (owner)");
    this.#sql.exec(`create table if not exists members (
      tenant text not null, principal text not null, added_at text not null, primary key (tenant, principal))`);
  }

  /**
   * The decision for `principal` on `tenant`: a member passes; a tenant nobody
   * has used yet becomes the caller's (`created`) unless they already own
   * `maxTenants`; `principal` null (an exempt request) learns only whether the
   * tenant exists, and never creates one.
   */
  admit(tenant: string, principal: string | null, maxTenants: number): Admission {
    checkTenant(tenant);
    const owner = this.#owner(tenant);
    if (principal === null) return owner === null ? "unknown" : "exists";
    checkPrincipal(principal);
    if (!Number.isSafeInteger(maxTenants) || maxTenants < 0) throw new RangeError("maxTenants out of range");
    if (owner !== null) return this.#isMember(tenant, principal) ? "member" : "not_member";
    const owned = this.#sql.exec<{ n: number }>("select count(*) as n from tenants where owner = ?", principal).one().n;
    if (owned >= maxTenants) return "tenant_limit";
    const now = new Date().toISOString();
    this.#sql.exec("insert into tenants (name, owner, created_at) values (?, ?, ?)", tenant, principal, now);
    this.#sql.exec("insert into members (tenant, principal, added_at) values (?, ?, ?)", tenant, principal, now);
    return "created";
  }

  /** Adds `email` to `tenant` when `actor` owns it: the member, or `null` when `actor` is not the owner. */
  addMember(tenant: string, actor: string, email: string): { member: Member; added: boolean } | null {
    checkTenant(tenant);
    checkPrincipal(actor);
    checkPrincipal(email);
    if (this.#owner(tenant) !== actor) return null;
    const { rowsWritten } = this.#sql.exec(
      "insert into members (tenant, principal, added_at) values (?, ?, ?) on conflict do nothing",
      tenant,
      email,
      new Date().toISOString(),
    );
    const member = this.#sql.exec<{ email: string; added_at: string }>(
      "select principal as email, added_at from members where tenant = ? and principal = ?",
      tenant,
      email,
    ).one();
    return { member: { ...member }, added: rowsWritten > 0 };
  }

  /** Up to `limit` members of `tenant` after the address `after` (`""`: from the first). */
  members(tenant: string, limit: number, after: string): MemberPage {
    checkTenant(tenant);
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_PAGE) throw new RangeError("limit out of range");
    if (typeof after !== "string" || after.length > MAX_PRINCIPAL) throw new TypeError("bad cursor");
    // One more than asked: whether another page follows, without a count.
    const rows = this.#sql
      .exec<{ principal: string; added_at: string }>(
        "select principal, added_at from members where tenant = ? and principal > ? order by principal limit ?",
        tenant,
        after,
        limit + 1,
      )
      .toArray();
    const page = rows.slice(0, limit).map((row) => ({ email: row.principal, added_at: row.added_at }));
    return {
      owner: this.#owner(tenant),
      members: page,
      cursor: rows.length > limit ? (page[page.length - 1]?.email ?? null) : null,
    };
  }

  #owner(tenant: string): string | null {
    return this.#sql.exec<{ owner: string }>("select owner from tenants where name = ?", tenant).toArray()[0]?.owner ?? null;
  }

  #isMember(tenant: string, principal: string): boolean {
    return this.#sql.exec("select 1 from members where tenant = ? and principal = ?", tenant, principal).toArray().length > 0;
  }
}

// RPC arguments come from the demo's own code, which validated them; these
// checks keep a bug (or another caller of the binding) from storing garbage.
function checkTenant(tenant: unknown): void {
  if (typeof tenant !== "string" || !TENANT.test(tenant)) throw new TypeError("not a tenant name");
}

function checkPrincipal(principal: unknown): void {
  if (typeof principal !== "string" || principal === "" || principal.length > MAX_PRINCIPAL) {
    throw new TypeError("not a principal");
  }
}
