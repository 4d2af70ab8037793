import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CardState, foldCard, type Voucher } from "./card-state";
import type { StampEvent } from "./events";
import { hlcMillis } from "./hlc";
import type { Program, Reward } from "./program";
import { Replica } from "./replica";
import { lotteryPrize, voucherCode } from "./reward-outcome";
import { rewardAt, withRewardHistory } from "./reward-terms";
import {
  cardIdFor,
  DEVICE,
  eventIdFor,
  hlcAt,
  MERCHANT,
  makeProgram,
  PROGRAM,
  T0,
} from "./testing/fixtures";

const RUNS = Number(process.env.STAMP_PROPERTY_RUNS ?? 200);
const DAY_MS = 86_400_000;

/** Rewards a merchant switches between; the test checks which one each voucher carries. */
const REWARDS: readonly Reward[] = [
  { kind: "simple", title: "Free cappuccino" },
  {
    kind: "voucher",
    title: "Free croissant",
    redemption: { method: "code", format: "text", code: { kind: "generated" } },
    validDays: 2,
  },
  {
    kind: "lottery",
    title: "Lucky draw",
    seed: "seed-0123456789abcdef",
    prizes: [
      { id: "cake", title: "Cake", weight: 3 },
      { id: "tea", title: "Tea", weight: 1 },
    ],
    redemption: { method: "self" },
  },
  {
    kind: "voucher",
    title: "10% off",
    redemption: { method: "code", format: "qr", code: { kind: "fixed", value: "POS-10" } },
  },
];

type Op =
  | { readonly kind: "edit"; readonly reward: number }
  | {
      readonly kind: "stamp";
      readonly replica: number;
      readonly card: number;
      readonly count: number;
    }
  | {
      readonly kind: "revoke";
      readonly replica: number;
      readonly card: number;
      readonly pick: number;
    }
  | {
      readonly kind: "redeem";
      readonly replica: number;
      readonly card: number;
      readonly pick: number;
    }
  | { readonly kind: "sync"; readonly replica: number };

const REPLICAS = 4; // 0 is the server, the others are tills that sync with it now and then
const CARDS = 2;
const replicaArb = fc.integer({ min: 0, max: REPLICAS - 1 });
const cardArb = fc.integer({ min: 1, max: CARDS });

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("edit"), reward: fc.nat(REWARDS.length - 1) }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("stamp"),
      replica: replicaArb,
      card: cardArb,
      count: fc.integer({ min: 1, max: 4 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("revoke"),
      replica: replicaArb,
      card: cardArb,
      pick: fc.nat(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("redeem"),
      replica: replicaArb,
      card: cardArb,
      pick: fc.nat(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("sync"),
      replica: fc.integer({ min: 1, max: REPLICAS - 1 }),
    }),
  },
);

interface Node {
  /** The program version this replica holds; the server's is the newest. */
  program: Program;
  readonly log: Replica;
  readonly node: string;
}

/** What a voucher earned under `program`'s history must say, computed apart from the fold. */
function expectedTerms(program: Program, voucher: Voucher) {
  const reward = rewardAt(program, voucher.programVersion);
  if (reward.kind === "simple") return { kind: reward.kind, title: reward.title };
  const prize =
    reward.kind === "lottery" ? lotteryPrize(reward.seed, voucher.id, reward.prizes) : undefined;
  const code = voucherCode(program.id, reward, voucher.id);
  return {
    kind: reward.kind,
    title: reward.title,
    redemption: reward.redemption,
    ...(reward.validDays === undefined
      ? {}
      : { expiresAtMs: hlcMillis(voucher.issuedAt) + reward.validDays * DAY_MS }),
    ...(code === undefined ? {} : { code }),
    ...(prize === undefined ? {} : { prize: { id: prize.id, title: prize.title } }),
  };
}

function termsOf(voucher: Voucher) {
  const { kind, title, redemption, expiresAtMs, code, prize } = voucher;
  return Object.fromEntries(
    Object.entries({ kind, title, redemption, expiresAtMs, code, prize }).filter(
      ([, value]) => value !== undefined,
    ),
  );
}

/** Every voucher a replica shows carries the terms of the version its completing stamp names. */
function checkTerms(node: Node, newest: Program, state: CardState, events: readonly StampEvent[]) {
  for (const voucher of state.vouchers) {
    expect(voucher.programVersion).toBeLessThanOrEqual(node.program.version);
    expect(termsOf(voucher)).toEqual(expectedTerms(newest, voucher));
    const earners = events.filter(
      (e) =>
        e.type === "stamps.added" &&
        e.hlc === voucher.issuedAt &&
        (e.programVersion ?? 1) === voucher.programVersion,
    );
    expect(earners.length).toBeGreaterThan(0);
  }
}

function run(ops: readonly Op[]): void {
  let server = makeProgram({ goal: 3, reward: REWARDS[0] as Reward });
  const nodes: Node[] = Array.from({ length: REPLICAS }, (_, i) => {
    const node: Node = {
      program: server,
      node: `00000000000000${i.toString(16).padStart(2, "0")}`,
      log: new Replica(() => node.program),
    };
    return node;
  });
  const serverNode = nodes[0] as Node;
  let n = 0;
  const make = (origin: Node, card: number, body: Record<string, unknown>): StampEvent => {
    n += 1;
    return {
      id: eventIdFor(n),
      v: 1,
      hlc: hlcAt(T0 + n * 1000, 0, origin.node),
      deviceId: DEVICE,
      merchantId: MERCHANT,
      programId: PROGRAM,
      cardId: cardIdFor(card),
      ...body,
    } as StampEvent;
  };
  const sync = (till: Node) => {
    serverNode.log.ingest([...till.log.events()].filter((e) => !serverNode.log.has(e.id)));
    // The pull brings the program with the events (T4): never a version older than they name.
    till.program = server;
    till.log.ingest([...serverNode.log.events()]);
  };

  for (const op of ops) {
    switch (op.kind) {
      case "edit": {
        server = withRewardHistory(server, {
          ...server,
          version: server.version + 1,
          reward: REWARDS[op.reward] as Reward,
        });
        serverNode.program = server;
        break;
      }
      case "stamp": {
        const origin = nodes[op.replica] as Node;
        origin.log.ingest([
          make(origin, op.card, {
            type: "stamps.added",
            count: op.count,
            channel: "staff",
            programVersion: origin.program.version,
          }),
        ]);
        break;
      }
      case "revoke": {
        const origin = nodes[op.replica] as Node;
        const stamps = origin.log
          .cardEvents(cardIdFor(op.card))
          .filter((e) => e.type === "stamps.added");
        const target = stamps[op.pick % Math.max(1, stamps.length)];
        if (target)
          origin.log.ingest([
            make(origin, op.card, { type: "stamps.revoked", targetId: target.id, reason: "undo" }),
          ]);
        break;
      }
      case "redeem": {
        const origin = nodes[op.replica] as Node;
        const vouchers = origin.log.state(cardIdFor(op.card))?.vouchers ?? [];
        const voucher = vouchers[op.pick % Math.max(1, vouchers.length)];
        if (voucher)
          origin.log.ingest([
            make(origin, op.card, {
              type: "voucher.redeemed",
              voucherId: voucher.id,
              method: "staff",
            }),
          ]);
        break;
      }
      case "sync":
        sync(nodes[op.replica] as Node);
        break;
      default: {
        const unreachable: never = op;
        throw new Error(`unknown op ${JSON.stringify(unreachable)}`);
      }
    }
    for (const node of nodes)
      for (const cardId of node.log.cardIds())
        checkTerms(node, server, node.log.state(cardId) as CardState, node.log.cardEvents(cardId));
  }

  // Everyone syncs twice: every replica now holds every event, folded with its own program copy.
  for (const till of nodes.slice(1)) sync(till);
  for (const till of nodes.slice(1)) sync(till);
  const all = [...serverNode.log.events()];
  for (let card = 1; card <= CARDS; card++) {
    const cardId = cardIdFor(card);
    const events = all.filter((e) => e.cardId === cardId);
    if (events.length === 0) continue;
    const expected = foldCard(server, cardId, events);
    for (const node of nodes) expect(node.log.state(cardId)).toEqual(expected);
    // A program that holds only the versions these events name says exactly the same (T3).
    const named = Math.max(
      1,
      ...events.map((e) => (e.type === "stamps.added" ? (e.programVersion ?? 1) : 1)),
    );
    const oldest = server.rewardHistory?.find((h) => h.untilVersion >= named);
    if (oldest) {
      const older: Program = {
        ...server,
        version: oldest.untilVersion,
        reward: oldest.reward,
        rewardHistory: server.rewardHistory?.filter((h) => h.untilVersion < oldest.untilVersion),
      };
      expect(foldCard(older, cardId, events)).toEqual(expected);
    }
  }
}

describe("earned rewards keep their terms (property)", () => {
  it(`T3, T4, M3: programme edits interleaved with stamps, undos and redemptions on a server and three tills — every voucher keeps the terms of its completing stamp, on every replica, and all converge (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 80 }), (ops) => run(ops)),
      { numRuns: RUNS },
    );
  });
});
