import { cardNumberFor, formatCardNumber } from "@stamp/core";
import { describe, expect, it } from "vitest";
import { CARD, makeProgram, PROGRAM } from "../testing/fixtures";
import {
  type CardNumberSources,
  checkCardNumber,
  type NumberedCard,
  numberedCardOf,
} from "./card-number-check";

const program = makeProgram();
const programs = new Map([[PROGRAM, program]]);
const number = cardNumberFor(CARD);

function sources(
  local: NumberedCard | null,
  remote: NumberedCard | null | "unreachable",
): CardNumberSources & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async local(n) {
      asked.push(`local ${n}`);
      return local;
    },
    async remote(n) {
      asked.push(`remote ${n}`);
      return remote;
    },
  };
}

describe("checkCardNumber (stamp-core SPEC N4)", () => {
  it("opens a card the till knows without asking the server, typed as printed", async () => {
    const from = sources({ cardId: CARD, programId: PROGRAM }, "unreachable");
    expect(await checkCardNumber(` ${formatCardNumber(number)} `, from, programs)).toEqual({
      ok: true,
      cardId: CARD,
      program,
    });
    expect(from.asked).toEqual([`local ${number}`]);
  });

  it("asks the server for a card the till has not seen; offline it says so", async () => {
    const online = sources(null, { cardId: CARD, programId: PROGRAM });
    expect(await checkCardNumber(number, online, programs)).toMatchObject({ ok: true });
    expect(await checkCardNumber(number, sources(null, null), programs)).toEqual({
      ok: false,
      refusal: { kind: "number-unknown" },
    });
    expect(await checkCardNumber(number, sources(null, "unreachable"), programs)).toEqual({
      ok: false,
      refusal: { kind: "number-offline" },
    });
  });

  it("catches a typo by the check digit before looking anything up", async () => {
    const swapped = `${number[1]}${number[0]}${number.slice(2)}`;
    const wrong = `${number.slice(0, 4)}${(Number(number[4]) + 1) % 10}${number.slice(5)}`;
    for (const typo of [swapped, wrong].filter((t) => t !== number)) {
      const from = sources({ cardId: CARD, programId: PROGRAM }, null);
      expect(await checkCardNumber(typo, from, programs)).toEqual({
        ok: false,
        refusal: { kind: "number-mistyped" },
      });
      expect(from.asked).toEqual([]);
    }
    expect(await checkCardNumber(number.slice(1), sources(null, null), programs)).toEqual({
      ok: false,
      refusal: { kind: "number-incomplete" },
    });
  });

  it("refuses a card of a program the till was not told about", async () => {
    const from = sources({ cardId: CARD, programId: "0190a000-0000-4000-8000-00000000ffff" }, null);
    expect(await checkCardNumber(number, from, programs)).toEqual({
      ok: false,
      refusal: { kind: "unknown-program" },
    });
  });

  it("takes only a card view from the server's answer", () => {
    expect(numberedCardOf({ cardId: CARD, programId: PROGRAM, stamps: 2 })).toEqual({
      cardId: CARD,
      programId: PROGRAM,
    });
    for (const body of [null, "card", { cardId: "x", programId: PROGRAM }, { cardId: CARD }])
      expect(numberedCardOf(body)).toBeNull();
  });
});
