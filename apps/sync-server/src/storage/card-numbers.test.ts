import { cardNumberFor } from "@stamp/core";
import { cardIdFor } from "@stamp/core/testing";
import { describe, expect, it } from "vitest";
import { idsSharingANumber } from "../../test/card-number-collision";
import { planCardNumbers } from "./card-numbers";

describe("numbering cards stored before numbers (stamp-core SPEC N3)", () => {
  it("gives each card the number its id gives, unless an older card of its merchant has it", () => {
    const [older, younger] = idsSharingANumber();
    const lone = cardIdFor(1_000_000);
    const planned = planCardNumbers(
      [
        { id: older, merchantId: "m1" },
        { id: younger, merchantId: "m1" },
        { id: lone, merchantId: "m2" },
      ],
      [],
    );
    expect(planned).toEqual([
      { id: older, number: cardNumberFor(older) },
      { id: younger, number: cardNumberFor(younger, 1) },
      { id: lone, number: cardNumberFor(lone) },
    ]);
  });

  it("never hands out a number a card already holds, and other merchants' numbers are theirs", () => {
    const id = cardIdFor(5);
    const planned = planCardNumbers(
      [{ id, merchantId: "m1" }],
      [
        { merchantId: "m1", number: cardNumberFor(id) },
        { merchantId: "m2", number: cardNumberFor(id, 1) },
      ],
    );
    expect(planned).toEqual([{ id, number: cardNumberFor(id, 1) }]);
  });
});
