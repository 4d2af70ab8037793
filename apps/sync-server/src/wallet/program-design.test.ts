import { randomUUID } from "node:crypto";
import type { Program } from "@stamp/core";
import { describe, expect, it } from "vitest";
import { defaultProgram } from "../programs/default-program";
import { programDesign } from "./program-design";

const base = defaultProgram(randomUUID());
const program: Program = {
  ...base,
  locales: ["en", "de", "he", "kk"],
  goal: 8,
  earning: { kind: "by-amount", unitAmount: 500, currency: "EUR" },
  reward: {
    kind: "voucher",
    title: "Free cake",
    redemption: { method: "self" },
    validDays: 30,
  },
  limits: { ...base.limits, maxStampsPerDay: 5 },
  expiry: { stampsAfterDays: 180 },
};
const shop = {
  id: randomUUID(),
  name: "Altstadt",
  latitude: 52.5,
  longitude: 13.4,
  relevantText: null,
};

const noDetails = { phone: null, website: null, address: null };

describe("the pass's back fields", () => {
  it("tell how to earn and redeem, the terms and where, from the program's own rules", () => {
    const design = programDesign(program, "Café Blue", [shop], noDetails);
    expect(design.texts.en?.backFields).toEqual([
      {
        key: "earn",
        label: "How to earn",
        text: "One stamp for every €5.00 you spend.\nCollect 8 for: Free cake",
      },
      {
        key: "redeem",
        label: "How to redeem",
        text: "Open your card online and redeem your reward there, in front of the staff.",
      },
      {
        key: "terms",
        label: "Terms",
        text: "Stamps expire after 180 days without a visit.\nA reward is valid for 30 days after you earn it.\nAt most 5 stamps a day.",
      },
      { key: "where", label: "Where", text: "Altstadt" },
    ]);
    expect(design.texts.en?.webCardLabel).toBe("Your card online");
    expect(design.texts.de?.backFields?.[0]?.text).toMatch(/5,00\s€/);
  });

  it("lists the same fields in every language, so Wallet can pair them", () => {
    const design = programDesign(program, "Café Blue", [shop], noDetails);
    const keys = Object.values(design.texts).map((t) => t.backFields?.map((f) => f.key));
    expect(keys).toHaveLength(4);
    for (const k of keys) expect(k).toEqual(["earn", "redeem", "terms", "where"]);
    expect(design.texts.he?.backFields?.[1]?.label).toBe("איך מממשים");
    expect(design.texts.kk?.backFields?.[2]?.label).toBe("Шарттар");
  });

  it("leaves out terms and places a program does not have", () => {
    const plain = programDesign(base, "Café Blue", [], noDetails);
    expect(plain.texts.en?.backFields?.map((f) => f.key)).toEqual(["earn", "redeem"]);
    expect(plain.texts.en?.backFields?.[1]?.text).toBe(
      "Show your card at the till: the staff hand it over.",
    );
  });

  it("carry the business's details, labelled in every language, only those given", () => {
    const design = programDesign(program, "Café Blue", [shop], {
      phone: "+49 30 1234 567",
      website: "https://cafe-blue.example/",
      address: null,
    });
    expect(design.contact).toEqual({
      phone: "+49 30 1234 567",
      website: "https://cafe-blue.example/",
    });
    expect(design.texts.de?.contactLabels).toEqual({
      phone: "Telefon",
      website: "Webseite",
      address: "Adresse",
    });
    expect(design.texts.he?.contactLabels?.phone).toBe("טלפון");
    expect(design.texts.kk?.contactLabels?.address).toBe("Мекенжай");
    expect(programDesign(base, "Café Blue", [], noDetails).contact).toEqual({});
  });
});
