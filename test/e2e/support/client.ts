/** A small JSON client for one tenant of the demo. */
export interface TenantClient {
  request(path: string, init?: RequestInit): Promise<Response>;
  json<T = unknown>(path: string, init?: RequestInit): Promise<{ status: number; body: T; headers: Headers }>;
}

export function tenantClient(baseUrl: string, tenant?: string): TenantClient {
  const request = (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (tenant !== undefined) headers.set("x-tenant", tenant);
    return fetch(baseUrl + path, { ...init, headers });
  };
  return {
    request,
    async json<T>(path: string, init?: RequestInit) {
      const response = await request(path, init);
      const text = await response.text();
      let body: unknown = text;
      try {
        body = text === "" ? null : JSON.parse(text);
      } catch {
        // keep text: the assertion that follows will show it
      }
      return { status: response.status, body: body as T, headers: response.headers };
    },
  };
}

export function postJson(body: unknown): RequestInit {
  return {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  };
}

/** A tenant name no other test uses. */
export function uniqueTenant(prefix = "t"): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
