// Builders for tests and benchmarks: deterministic ids and clocks, no randomness.
import type { Channel } from "../channel";
import type { StampEvent } from "../events";
import { EVENT_VERSION } from "../events";
import { formatHlc } from "../hlc";
import type { Program } from "../program";
import { DEFAULT_LIMITS } from "../program";

export const MERCHANT = "6f1c1a62-4a55-4e4f-9a54-0c1a1e0b7a01";
export const OTHER_MERCHANT = "2b7e2c11-7d0e-4c8e-8a9f-5b6c7d8e9f02";
export const PROGRAM = "0c4d7e21-3b1a-4f5e-9d8c-7b6a5f4e3d03";
export const DEVICE = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c04";
export const NODE = "8c2d1e0f9a8b7c04";
export const T0 = 1_795_000_000_000; // 2026-11-18T…Z, a fixed instant so tests need no clock

export function cardIdFor(n: number): string {
  return `c0000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
}

export function eventIdFor(n: number): string {
  return `01900000-0000-7000-8000-${n.toString(16).padStart(12, "0")}`;
}

export function hlcAt(ms: number, counter = 0, node = NODE): string {
  return formatHlc({ millis: ms, counter, node });
}

export function makeProgram(overrides: Partial<Program> = {}): Program {
  return {
    id: PROGRAM,
    merchantId: MERCHANT,
    name: "Demo Coffee",
    version: 1,
    design: {
      background: "#3b2416",
      foreground: "#ffffff",
      accent: "#e0a96d",
      stampIcon: "coffee",
    },
    goal: 10,
    earning: { kind: "per-order", stampsPerOrder: 1 },
    reward: { kind: "simple", title: "Free coffee" },
    limits: DEFAULT_LIMITS,
    locales: ["en"],
    ...overrides,
  };
}

type Envelope = Pick<
  StampEvent,
  "id" | "hlc" | "deviceId" | "merchantId" | "programId" | "cardId" | "v"
>;
type Body<T extends StampEvent["type"]> = Omit<
  Extract<StampEvent, { type: T }>,
  keyof Envelope | "type"
>;

/** Makes events for one card with increasing ids and times, so tests read as a story. */
export class EventFactory {
  #n = 0;
  #ms: number;
  constructor(
    readonly cardId = cardIdFor(1),
    startMs = T0,
    readonly program: Pick<Program, "id" | "merchantId"> = { id: PROGRAM, merchantId: MERCHANT },
  ) {
    this.#ms = startMs;
  }

  /** Moves this factory's clock forward. */
  wait(ms: number): this {
    this.#ms += ms;
    return this;
  }

  get nowMs(): number {
    return this.#ms;
  }

  make<T extends StampEvent["type"]>(
    type: T,
    body: Body<T>,
    at: { ms?: number; id?: string } = {},
  ): Extract<StampEvent, { type: T }> {
    this.#n += 1;
    this.#ms += 1000;
    return {
      id: at.id ?? eventIdFor(Number.parseInt(this.cardId.slice(-8), 16) * 1_000_000 + this.#n),
      v: EVENT_VERSION,
      hlc: hlcAt(at.ms ?? this.#ms),
      deviceId: DEVICE,
      merchantId: this.program.merchantId,
      programId: this.program.id,
      cardId: this.cardId,
      type,
      ...body,
    } as unknown as Extract<StampEvent, { type: T }>;
  }

  added(count = 1, channel: Channel = "staff") {
    return this.make("stamps.added", { count, channel });
  }

  revoked(targetId: string, reason = "mistake") {
    return this.make("stamps.revoked", { targetId, reason });
  }

  redeemed(cycle: number, method: "self" | "staff" | "code" | "pos" = "staff") {
    return this.make("voucher.redeemed", { voucherId: `${this.cardId}:${cycle}`, method });
  }

  revealed(cycle: number) {
    return this.make("voucher.revealed", { voucherId: `${this.cardId}:${cycle}` });
  }

  handedOver(cycle: number) {
    return this.make("reward.handed_over", { voucherId: `${this.cardId}:${cycle}` });
  }

  blocked(reason = "abuse") {
    return this.make("card.blocked", { reason });
  }

  unblocked() {
    return this.make("card.unblocked", {});
  }

  enrolled() {
    return this.make("card.enrolled", { source: "join-page" });
  }
}
export { seededRandom, shuffle } from "./seeded-random";
