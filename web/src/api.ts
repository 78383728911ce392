// HTTP access to `truce serve`'s JSON API (docs: the server's
// /api/openapi.json). Every request carries the bearer token when there is
// one. A non-2xx answer becomes an ApiError carrying the server's
// {"error":{status,code,message,where,hint}} so the UI can show what, where
// and how to fix it.

export interface ErrorBody {
  status: number;
  code: string;
  message: string;
  where?: string;
  hint?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody | null,
    readonly path: string,
  ) {
    super(body ? `${path}: ${body.message}` : `${path}: HTTP ${status}`);
  }

  describe(): string {
    if (!this.body) return this.message;
    const where = this.body.where ? ` (${this.body.where})` : "";
    const hint = this.body.hint ? ` — ${this.body.hint}` : "";
    return `${this.path}: ${this.body.message}${where}${hint}`;
  }
}

let token: string | null = null;

export function setToken(t: string | null): void {
  token = t;
}

export function authHeaders(): Record<string, string> {
  return token ? { Authorization: `Bearer ${token}` } : {};
}

async function errorOf(res: Response, path: string): Promise<ApiError> {
  let body: ErrorBody | null = null;
  try {
    const j = (await res.json()) as { error?: ErrorBody };
    if (j && typeof j === "object" && j.error) body = j.error;
  } catch {
    // not JSON: keep the status alone
  }
  return new ApiError(res.status, body, path);
}

const MAX_RETRIES = 3;

export async function getJson<T>(path: string): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    // A server that does not answer in 30 s is shown as an error, not as
    // "Loading…" for ever.
    const res = await fetch(path, {
      headers: { Accept: "application/json", ...authHeaders() },
      signal: AbortSignal.timeout(30_000),
    }).catch((e: unknown) => {
      throw new Error(`${path}: ${e instanceof Error && e.name === "TimeoutError" ? "no answer in 30 s" : String(e)}`);
    });
    // Rate limited: wait as told (at most 10 s) and ask again, a few times.
    if (res.status === 429 && attempt < MAX_RETRIES) {
      const wait_s = Math.min(10, Number(res.headers.get("Retry-After")) || 1);
      await new Promise((r) => setTimeout(r, wait_s * 1000));
      continue;
    }
    if (!res.ok) throw await errorOf(res, path);
    return (await res.json()) as T;
  }
}

// GET that maps 404 to null: for optional parts (coverage, obligations
// without --commitments).
export async function getOptional<T>(path: string): Promise<T | null> {
  try {
    return await getJson<T>(path);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}

export async function postJson<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json", ...authHeaders() },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw await errorOf(res, path);
  return (await res.json()) as T;
}
