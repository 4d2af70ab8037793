/** The outcome of one JSON request, with every failure spelled out instead of thrown. */
export type HttpResult =
  | { readonly kind: "ok"; readonly status: number; readonly body: unknown }
  | {
      readonly kind: "error";
      readonly status: number;
      readonly code: string;
      readonly message: string;
      readonly retryAfterMs: number | null;
    }
  | { readonly kind: "network"; readonly message: string };

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

function retryAfter(header: string | null): number | null {
  if (header === null) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

/** Reads the server's `{error: {code, message}}`, falling back to the status text. */
function errorOf(body: unknown, response: Response): { code: string; message: string } {
  if (typeof body === "object" && body !== null && "error" in body) {
    const error = (body as { error: unknown }).error;
    if (typeof error === "object" && error !== null) {
      const { code, message } = error as { code?: unknown; message?: unknown };
      return {
        code: typeof code === "string" ? code : `http-${response.status}`,
        message: typeof message === "string" ? message : response.statusText,
      };
    }
  }
  return { code: `http-${response.status}`, message: response.statusText };
}

export async function requestJson(
  fetchFn: FetchLike,
  method: "GET" | "POST",
  url: string,
  options: { readonly body?: unknown; readonly token?: string; readonly timeoutMs?: number } = {},
): Promise<HttpResult> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  if (options.token !== undefined) headers.Authorization = `Bearer ${options.token}`;
  let response: Response;
  try {
    response = await fetchFn(url, {
      method,
      headers,
      cache: "no-store",
      // A captive portal can hold a request forever; give up and let the backoff retry.
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
  } catch (error) {
    return { kind: "network", message: error instanceof Error ? error.message : String(error) };
  }
  let body: unknown = null;
  try {
    const text = await response.text();
    body = text === "" ? null : JSON.parse(text);
  } catch {
    // A captive portal answers with HTML: not our server, treat like no network.
    if (response.ok) return { kind: "network", message: "answer was not JSON" };
  }
  if (response.ok) return { kind: "ok", status: response.status, body };
  return {
    kind: "error",
    status: response.status,
    ...errorOf(body, response),
    retryAfterMs: retryAfter(response.headers.get("Retry-After")),
  };
}
