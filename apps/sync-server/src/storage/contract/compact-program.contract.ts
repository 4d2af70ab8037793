import { type CardState, compactCard, compactState, isInOrder, type StampEvent } from "@stamp/core";
import type { CompactCardBody } from "@stamp/wire-protocol";
import { describe, expect, it } from "vitest";
import { makeCompactCards } from "../../sync/compact-card-body";
import type { CardSource } from "../compact-store";
import type { Store } from "../store";
import { stampedCard } from "./compact.contract";
import { append, type ContractContext, newMerchant, newTill, type TestMerchant } from "./harness";

/** The state a source folds to with the program read with it (SPEC CS1, CS2). */
function sourceState(cardId: string, source: CardSource, tail: number): CardState | null {
  const events = source.bodies
    .map((body) => JSON.parse(body) as StampEvent)
    .filter((event) => source.base === null || isInOrder(source.base, event));
  const card = compactCard(source.program, cardId, source.at, source.base, events, tail);
  if (!card) throw new Error("compacts");
  return compactState(source.program, card);
}

/** The state a compact card's body folds to with `program` (as a till folds it). */
function bodyState(program: CardSource["program"], body: CompactCardBody): CardState | null {
  const tail = body.tail.map((text) => JSON.parse(text) as StampEvent);
  return compactState(program, { ...body, tail });
}

/** The program with its goal lowered to 2: stored as version 2, the card states refolded. */
async function lowerGoal(store: Store, merchant: TestMerchant) {
  const edited = { ...merchant.program, goal: 2, version: 2 };
  expect(await store.updateProgram(edited, 1, Date.now())).toBe(true);
  return (await store.getProgram(merchant.merchantId, edited.id))?.program;
}

/**
 * A compact card is folded with the program its snapshot was folded with (stamp-core SPEC CS1): a
 * goal edit refolds the cards and drops their snapshots in one transaction, so the store reads a
 * card's program with its snapshot, in one snapshot of the database.
 */
export function compactProgramContract(ctx: ContractContext): void {
  describe("compact cards and their program", () => {
    it("reads each card's program with its snapshot: the old goal with the old snapshot, the new goal without it", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const till = await newTill(ctx.a.store, merchant);
      const { cardId } = await stampedCard(ctx, merchant, till, 9);
      const { merchantId } = merchant;
      const before = await ctx.b.store.cardSources(merchantId, [cardId], 2);
      const old = before.get(cardId);
      expect(old?.program).toEqual(merchant.program);
      expect(old?.base).not.toBeNull();
      const lowered = await lowerGoal(ctx.a.store, merchant);
      const now = (await ctx.b.store.cardSources(merchantId, [cardId], 2)).get(cardId);
      expect(now?.program).toEqual(lowered);
      if (!old || !now) throw new Error("the card is there");
      // Each read folds, with its own program, to the card's state as stored at that time.
      expect(sourceState(cardId, now, 2)).toEqual(
        (await ctx.b.store.getCard(merchantId, cardId))?.state,
      );
      expect(sourceState(cardId, old, 2)).not.toEqual(sourceState(cardId, now, 2));
      // Another merchant's card: not there, whatever its program.
      const other = await newMerchant(ctx.a.store);
      expect(await ctx.b.store.cardSources(other.merchantId, [cardId], null)).toEqual(new Map());
    });

    // A goal edit and a stamp at each card land right before or right after the store's read,
    // whatever the caller read around it: each compact card is folded with the program in force
    // when its events were read.
    it.each(["before", "after"] as const)(
      "folds each card with the program read with its events though a goal edit and a stamp commit right %s the read (makeCompactCards)",
      async (when) => {
        const merchant = await newMerchant(ctx.a.store);
        const till = await newTill(ctx.a.store, merchant);
        const { merchantId } = merchant;
        // One card too short for a snapshot, one long enough for a snapshot under its tail.
        const cardIds = [
          (await stampedCard(ctx, merchant, till, 3)).cardId,
          (await stampedCard(ctx, merchant, till, 14)).cardId,
        ];
        const stored = async () => ({
          at: await ctx.b.store.maxSeq(merchantId),
          states: new Map(
            await Promise.all(
              cardIds.map(
                async (id) => [id, (await ctx.b.store.getCard(merchantId, id))?.state] as const,
              ),
            ),
          ),
        });
        const { version } = merchant.program;
        const seen = new Map([[version, await stored()]]);
        const programs = new Map([[version, merchant.program]]);
        const edit = async () => {
          const lowered = await lowerGoal(ctx.a.store, merchant);
          if (!lowered) throw new Error("the program is there");
          const later = Date.now() + 3_600_000;
          await append(
            ctx.a.store,
            merchant,
            cardIds.map((id) => till.stamp(id, 1, later)),
          );
          programs.set(lowered.version, lowered);
          seen.set(lowered.version, await stored());
        };
        const racing: Store = {
          ...ctx.b.store,
          async cardSources(...read) {
            if (when === "before" && programs.size === 1) await edit();
            const sources = await ctx.b.store.cardSources(...read);
            if (when === "after" && programs.size === 1) await edit();
            return sources;
          },
        };
        const made = await makeCompactCards(racing, merchantId, cardIds);
        expect(programs.size).toBe(2);
        for (const cardId of cardIds) {
          const card = made.get(cardId);
          if (!card) throw new Error("the card is there");
          const program = programs.get(card.programVersion);
          const then = seen.get(card.programVersion);
          if (!program || !then) throw new Error(`no version ${card.programVersion}`);
          expect(card.body.at).toBe(then.at);
          expect(bodyState(program, card.body)).toEqual(then.states.get(cardId));
        }
      },
    );
  });
}
