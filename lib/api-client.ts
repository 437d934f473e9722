import type { ErrorIssue } from "@/lib/errors";

/** A failed API call, carrying the server's error envelope. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ErrorIssue[] = [],
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** Field path → first message, for showing errors next to form fields. */
  /** The first message per issue path; `topLevel` keys them by the path's first segment (`to.2` → `to`), for forms with one field per key. */
  fieldErrors({ topLevel = false }: { topLevel?: boolean } = {}): Record<string, string> {
    const out: Record<string, string> = {};
    for (const issue of this.issues) out[topLevel ? issue.path.split(".")[0] : issue.path] ??= issue.message;
    return out;
  }
}

export async function apiFetch<T>(url: string, init?: RequestInit & { json?: unknown }): Promise<T> {
  const { json, ...rest } = init ?? {};
  const res = await fetch(url, {
    ...rest,
    headers: { accept: "application/json", ...(json !== undefined ? { "content-type": "application/json" } : {}), ...rest.headers },
    body: json !== undefined ? JSON.stringify(json) : rest.body,
  });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // fall through: non-JSON error page
  }
  if (!res.ok) {
    const err = (body as { error?: { code?: string; message?: string; issues?: ErrorIssue[] } } | undefined)?.error;
    throw new ApiError(res.status, err?.code ?? "internal", err?.message ?? `Request failed (${res.status}).`, err?.issues ?? []);
  }
  return body as T;
}

/**
 * A fresh Idempotency-Key (128 random bits, hex). NOTE: crypto.randomUUID is
 * missing outside secure contexts (plain http on a LAN name);
 * getRandomValues is not.
 */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
