/**
 * The version of the device protocol (pairing, device config, sync) this code speaks. Bump it
 * when a message changes in a way an older peer would misread; a field a peer may ignore is no
 * reason. Both sides send it in the `Stamp-Protocol` header of every device request and answer.
 */
export const PROTOCOL_VERSION = 5;

/*
 * 2: sync scopes — a cursor may end in `-l` (read in a location scope), and a till fetches a card
 *    outside its scope with `GET /api/v1/sync/cards/:cardId` (`CardEventsAnswerSchema`).
 * 3: staff — every event a till makes may carry `staffId` (stamp-core SPEC V9; older kiosks are
 *    served events without it, `eventsForPeer`), and the device config lists the location's staff
 *    with PIN verifiers (`staff`, `staffSignIn`).
 * 4: granted vouchers — the server's `voucher.granted` and vouchers with a grant number (stamp-core
 *    SPEC G1); older kiosks are served neither, nor any event naming one (`eventsForPeer`, G4).
 * 5: compact cards — a till holds cards as a snapshot and the events after it (stamp-core SPEC
 *    CS1–CS6): pull answers carry `cards` instead of a joining card's history or a late event, and
 *    `GET /api/v1/sync/cards/:cardId` answers `at`, `snapshot` and the tail (`compact-cards.ts`).
 */

/** The oldest peer this code still talks to: older kiosks are told to update, older servers refused. */
export const OLDEST_PROTOCOL_VERSION = 1;

export const PROTOCOL_HEADER = "Stamp-Protocol";

/** Kiosks and servers from before the header existed speak version 1. */
const UNVERSIONED = 1;

/** A peer's version from its header: absent means version 1; garbage means it cannot be trusted. */
export function peerProtocol(header: string | null | undefined): number | "unreadable" {
  if (header === null || header === undefined) return UNVERSIONED;
  const text = header.trim();
  return /^[0-9]{1,6}$/.test(text) ? Number(text) : "unreadable";
}

/**
 * Why two peers cannot talk: `app-too-old` (the kiosk must update; the server answers
 * `protocol-too-old`), `server-too-old` (the kiosk refuses to read the answer of a server older
 * than it understands — the operator must update the server).
 */
export type ProtocolMismatch = "app-too-old" | "server-too-old";

/** The server's judgement of a kiosk's `Stamp-Protocol` header. */
export function kioskProtocolProblem(
  header: string | null | undefined,
): "app-too-old" | "unreadable" | null {
  const version = peerProtocol(header);
  if (version === "unreadable") return "unreadable";
  return version < OLDEST_PROTOCOL_VERSION ? "app-too-old" : null;
}

/** The kiosk's judgement of a server's `Stamp-Protocol` header. */
export function serverProtocolProblem(header: string | null | undefined): "server-too-old" | null {
  const version = peerProtocol(header);
  return version === "unreadable" || version < OLDEST_PROTOCOL_VERSION ? "server-too-old" : null;
}

/** The code of the 426 answer a kiosk older than `OLDEST_PROTOCOL_VERSION` gets. */
export const PROTOCOL_TOO_OLD = "protocol-too-old";

/**
 * The kiosk's reading of any answer to a device request: the server told it to update (426
 * `protocol-too-old`), or the server speaks an older protocol than this kiosk reads (only judged
 * on answers from our server: an error without the header may come from a proxy).
 */
export function answerProtocolProblem(answer: {
  readonly status: number;
  readonly code: string | null;
  readonly header: string | null;
}): ProtocolMismatch | null {
  if (answer.status === 426 && answer.code === PROTOCOL_TOO_OLD) return "app-too-old";
  if (answer.status >= 200 && answer.status < 300) return serverProtocolProblem(answer.header);
  return null;
}
