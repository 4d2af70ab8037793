import { beforeAll, describe, expect, it } from "vitest";
import type { ApplePassBuilder } from "./apple-pass";
import { telUri } from "./card-content";
import { isPassBuilderError } from "./errors";
import { buildLoyaltyMessage, buildLoyaltyObject } from "./google-wallet";
import {
  devPassBuilder,
  englishTexts,
  germanTexts,
  ROTATING,
  SAMPLE_WEB_CARD,
  sampleCard,
  sampleDesign,
} from "./test-fixtures";
import { opensslVerify, parseStrings, unzip } from "./testing/pkpass";
import type { BusinessContact, ProgramDesign } from "./wallet-input";

const CONTACT = {
  phone: "+49 (30) 1234-567",
  website: "https://cafe-blue.example/menu",
  address: "Hauptstraße 1\n10115 Berlin",
} satisfies BusinessContact;

/** The sample program with the business's contact, labelled in English and German. */
function designWithContact(contact: BusinessContact = CONTACT): ProgramDesign {
  return sampleDesign({
    contact,
    texts: {
      en: {
        ...englishTexts,
        contactLabels: { phone: "Phone", website: "Website", address: "Address" },
      },
      de: {
        ...germanTexts,
        contactLabels: { phone: "Telefon", website: "Webseite", address: "Adresse" },
      },
    },
  });
}

let builder: ApplePassBuilder;
let caCertPath: string;

beforeAll(async () => {
  ({ builder, caCertPath } = await devPassBuilder());
});

describe("the business's contact on the card", () => {
  it("Apple: phone, website and address are back fields after the card's link, labels translated", async () => {
    const files = await unzip(await builder.build(designWithContact(), sampleCard()));
    const pass = JSON.parse(String(files.get("pass.json")));
    expect(pass.storeCard.backFields).toEqual([
      { key: "earn", label: "How to earn", value: "One stamp per coffee." },
      { key: "terms", label: "Terms", value: "One stamp per visit.\nNot cumulable." },
      { key: "web-card", label: "Your card online", value: SAMPLE_WEB_CARD },
      { key: "contact-phone", label: "Phone", value: CONTACT.phone },
      { key: "contact-website", label: "Website", value: CONTACT.website },
      { key: "contact-address", label: "Address", value: CONTACT.address },
    ]);
    const german = parseStrings(String(files.get("de.lproj/pass.strings")));
    expect(german.get("Phone")).toBe("Telefon");
    expect(german.get("Website")).toBe("Webseite");
    expect(german.get("Address")).toBe("Adresse");
    // The details themselves are not translated: Wallet shows them as given in every language.
    expect(german.has(CONTACT.address)).toBe(false);
    expect((await opensslVerify(files, caCertPath)).ok).toBe(true);
  });

  it("Apple: only the details given are shown", async () => {
    const files = await unzip(
      await builder.build(designWithContact({ website: CONTACT.website }), sampleCard()),
    );
    const keys = JSON.parse(String(files.get("pass.json"))).storeCard.backFields.map(
      (field: { key: string }) => field.key,
    );
    expect(keys).toEqual(["earn", "terms", "web-card", "contact-website"]);
  });

  it("Google: website and phone are links beside the card's, the address a text module; rotating barcode and news stay", () => {
    const card = sampleCard({
      rotatingBarcode: ROTATING,
      notice: {
        id: "message-42",
        kind: "message",
        reward: "",
        texts: { en: "Double stamps this weekend", de: "Doppelte Stempel am Wochenende" },
      },
    });
    const object = buildLoyaltyObject(designWithContact(), card, { issuerId: "3388000000022" });
    expect(object.rotatingBarcode?.valuePattern).toBe(ROTATING.valuePattern);
    expect(object.barcode).toBeUndefined();
    expect(object.textModulesData.map((m) => m.id)).toEqual([
      "reward",
      "status",
      "earn",
      "terms",
      "number",
      "contact-address",
    ]);
    expect(object.textModulesData.at(-1)).toMatchObject({
      header: "Address",
      body: CONTACT.address,
      localizedHeader: { translatedValues: [{ language: "de", value: "Adresse" }] },
    });
    expect(object.linksModuleData?.uris).toEqual([
      expect.objectContaining({ id: "web-card", uri: SAMPLE_WEB_CARD }),
      {
        id: "contact-website",
        uri: CONTACT.website,
        description: "Website",
        localizedDescription: {
          defaultValue: { language: "en", value: "Website" },
          translatedValues: [{ language: "de", value: "Webseite" }],
        },
      },
      { id: "contact-phone", uri: "tel:+49301234567", description: CONTACT.phone },
    ]);
    expect(buildLoyaltyMessage(designWithContact(), card)?.localizedBody).toEqual({
      defaultValue: { language: "en", value: "Double stamps this weekend" },
      translatedValues: [{ language: "de", value: "Doppelte Stempel am Wochenende" }],
    });
  });

  it("makes tel: links of numbers as people write them", () => {
    expect(telUri("+49 (30) 1234-567")).toBe("tel:+49301234567");
    expect(telUri("030 / 123 45 67")).toBe("tel:0301234567");
  });

  it("refuses a website that is not https, and a detail some language has no label for", () => {
    const refused = (design: ProgramDesign) => {
      try {
        buildLoyaltyObject(design, sampleCard(), { issuerId: "3388000000022" });
      } catch (error) {
        return isPassBuilderError(error, "invalid-pass-data");
      }
      return false;
    };
    expect(refused(designWithContact({ website: "http://cafe-blue.example" }))).toBe(true);
    expect(refused(designWithContact({ phone: "call us" }))).toBe(true);
    expect(refused(sampleDesign({ contact: { address: "Hauptstraße 1" } }))).toBe(true);
    expect(refused(designWithContact())).toBe(false);
  });
});
