import { describe, expect, it } from "vitest";
import {
  answerProtocolProblem,
  kioskProtocolProblem,
  OLDEST_PROTOCOL_VERSION,
  PROTOCOL_TOO_OLD,
  PROTOCOL_VERSION,
  peerProtocol,
  serverProtocolProblem,
} from "./protocol-version";

describe("protocol version", () => {
  it("reads a peer's header: absent is version 1, garbage is unreadable", () => {
    expect(peerProtocol(undefined)).toBe(1);
    expect(peerProtocol(null)).toBe(1);
    expect(peerProtocol(" 3 ")).toBe(3);
    for (const garbage of ["", "1.2", "-1", "v2", "1234567"])
      expect(peerProtocol(garbage)).toBe("unreadable");
  });

  it("lets the server tell kiosks older than the oldest it reads to update", () => {
    expect(OLDEST_PROTOCOL_VERSION).toBeLessThanOrEqual(PROTOCOL_VERSION);
    expect(kioskProtocolProblem(String(PROTOCOL_VERSION))).toBeNull();
    expect(kioskProtocolProblem(undefined)).toBeNull();
    expect(kioskProtocolProblem(String(OLDEST_PROTOCOL_VERSION - 1))).toBe("app-too-old");
    expect(kioskProtocolProblem("x")).toBe("unreadable");
  });

  it("lets a kiosk see a 426 protocol-too-old and a server older than it reads", () => {
    const answer = { status: 200, code: null, header: String(PROTOCOL_VERSION) };
    expect(answerProtocolProblem(answer)).toBeNull();
    expect(answerProtocolProblem({ ...answer, header: null })).toBeNull();
    expect(answerProtocolProblem({ ...answer, status: 426, code: PROTOCOL_TOO_OLD })).toBe(
      "app-too-old",
    );
    // Another 426 (a proxy's) is not ours to read as "update the app".
    expect(answerProtocolProblem({ ...answer, status: 426, code: "http-426" })).toBeNull();
    expect(answerProtocolProblem({ ...answer, header: "garbage" })).toBe("server-too-old");
    expect(serverProtocolProblem(String(OLDEST_PROTOCOL_VERSION - 1))).toBe("server-too-old");
    // An error without our header may come from a proxy: no verdict on the server.
    expect(answerProtocolProblem({ status: 502, code: null, header: "garbage" })).toBeNull();
  });
});
