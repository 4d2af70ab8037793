import {
  answerProtocolProblem,
  COMPACT_CARDS_PROTOCOL,
  PROTOCOL_HEADER,
  type ProtocolMismatch,
  readErrorAnswer,
} from "@stamp/wire-protocol";

/** The outcome of one JSON request, with every failure spelled out instead of thrown. */
/**
 * The protocol this till speaks: compact cards (stamp-core SPEC CS1–CS6) — it holds cards as a
 * snapshot and the events after it, and reads the `cards` of a pull answer and the compact card
 * fetch.
 */
export const TILL_PROTOCOL = COMPACT_CARDS_PROTOCOL;

export type HttpResult =
  | { readonly kind: "ok"; readonly status: number; readonly body: unknown }
  | {
      readonly kind: "error";
      readonly status: number;
      readonly code: string;
      readonly message: string;
      readonly retryAfterMs: number | null;
    }
  | { readonly kind: "network"; readonly message: string }
  /**
   * This app and the server speak protocol versions too far apart: nothing in the answer is read,
   * and asking again cannot help until one of them is updated.
   */
  | { readonly kind: "outdated"; readonly side: ProtocolMismatch; readonly message: string };

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
  return readErrorAnswer(body) ?? { code: `http-${response.status}`, message: response.statusText };
}

/** Aborted as soon as any of `signals` is. */
export function eitherSignal(...signals: readonly AbortSignal[]): AbortSignal {
  const either = new AbortController();
  for (const source of signals) {
    if (source.aborted) either.abort(source.reason);
    else source.addEventListener("abort", () => either.abort(source.reason), { once: true });
  }
  return either.signal;
}

/** The request's own timeout, and the caller's reason to give up on it (`signal`), as one. */
function deadline(timeoutMs: number, signal: AbortSignal | undefined): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  return signal ? eitherSignal(timeout, signal) : timeout;
}

/** Every request's headers: what it takes back, the protocol this till speaks, its token. */
export function requestHeaders(
  accept: string,
  options: { readonly token?: string; readonly json: boolean },
): Record<string, string> {
  const headers: Record<string, string> = {
    Accept: accept,
    [PROTOCOL_HEADER]: String(TILL_PROTOCOL),
  };
  if (options.json) headers["Content-Type"] = "application/json";
  if (options.token !== undefined) headers.Authorization = `Bearer ${options.token}`;
  return headers;
}

/** A request that never got an answer. */
export function networkFailure(error: unknown): HttpResult {
  return { kind: "network", message: error instanceof Error ? error.message : String(error) };
}

/**
 * The versions this app and the server speak are too far apart (`answerProtocolProblem`): nothing
 * more of the answer is read. `error`: the answer's, if it was one.
 */
export function outdatedAnswer(
  response: Response,
  error: { readonly code: string; readonly message: string } | null = null,
): HttpResult | null {
  const mismatch = answerProtocolProblem({
    status: response.status,
    code: error?.code ?? null,
    header: response.headers.get(PROTOCOL_HEADER),
  });
  if (mismatch === null) return null;
  return {
    kind: "outdated",
    side: mismatch,
    message:
      error?.message ?? `the server speaks protocol ${response.headers.get(PROTOCOL_HEADER)}`,
  };
}

/** Reads an answer of JSON: its body, or its `{error}` and Retry-After. */
export async function readAnswer(response: Response): Promise<HttpResult> {
  let body: unknown = null;
  try {
    const text = await response.text();
    body = text === "" ? null : JSON.parse(text);
  } catch {
    // A captive portal answers with HTML: not our server, treat like no network.
    if (response.ok) return { kind: "network", message: "answer was not JSON" };
  }
  const error = response.ok ? null : errorOf(body, response);
  const outdated = outdatedAnswer(response, error);
  if (outdated !== null) return outdated;
  if (error === null) return { kind: "ok", status: response.status, body };
  return {
    kind: "error",
    status: response.status,
    ...error,
    retryAfterMs: retryAfter(response.headers.get("Retry-After")),
  };
}

export async function requestJson(
  fetchFn: FetchLike,
  method: "GET" | "POST",
  url: string,
  options: {
    readonly body?: unknown;
    readonly token?: string;
    readonly timeoutMs?: number;
    /** Aborts the request (its answer is then a `network` failure). */
    readonly signal?: AbortSignal;
  } = {},
): Promise<HttpResult> {
  let response: Response;
  try {
    response = await fetchFn(url, {
      method,
      headers: requestHeaders("application/json", {
        ...(options.token === undefined ? {} : { token: options.token }),
        json: options.body !== undefined,
      }),
      cache: "no-store",
      // A captive portal can hold a request forever; give up and let the backoff retry.
      signal: deadline(options.timeoutMs ?? 30_000, options.signal),
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
  } catch (error) {
    return networkFailure(error);
  }
  return readAnswer(response);
}
