import { describe, expect, it } from "vitest";
import { parseBusinessDetails } from "./business-details";

const parse = (input: Partial<{ phone: string; website: string; address: string }>) =>
  parseBusinessDetails({ phone: "", website: "", address: "", ...input });

describe("business details as typed by a merchant", () => {
  it("keeps each as typed, tidied: empty is none", () => {
    expect(parse({})).toEqual({ ok: true, details: { phone: null, website: null, address: null } });
    expect(
      parse({
        phone: "  +49  (30) 1234-567 ",
        website: "https://cafe-blue.example/menu?lang=de",
        address: " Hauptstraße 1 \r\n\r\n  10115   Berlin \n",
      }),
    ).toEqual({
      ok: true,
      details: {
        phone: "+49 (30) 1234-567",
        website: "https://cafe-blue.example/menu?lang=de",
        address: "Hauptstraße 1\n10115 Berlin",
      },
    });
  });

  it("adds https:// to a bare host name, also one with a port", () => {
    const website = (typed: string) => {
      const parsed = parse({ website: typed });
      return parsed.ok ? parsed.details.website : parsed.errors.website;
    };
    expect(website("cafe-blue.example")).toBe("https://cafe-blue.example/");
    expect(website("www.cafe-blue.example/about")).toBe("https://www.cafe-blue.example/about");
    expect(website("cafe-blue.example:8443")).toBe("https://cafe-blue.example:8443/");
    expect(website("HTTPS://Cafe-Blue.example")).toBe("https://cafe-blue.example/");
  });

  it("refuses what customers could not use, saying why in words", () => {
    expect(
      parse({
        phone: "call us",
        website: "http://cafe-blue.example",
        address: "1\n2\n3\n4\n5",
      }),
    ).toEqual({
      ok: false,
      errors: {
        phone: "business.phone.invalid",
        website: "business.website.notHttps",
        address: "business.address.tooLong",
      },
    });
    const errors = (input: Parameters<typeof parse>[0]) => {
      const parsed = parse(input);
      return parsed.ok ? {} : parsed.errors;
    };
    expect(errors({ phone: "12" }).phone).toBe("business.phone.invalid");
    expect(errors({ phone: "1234567890123456" }).phone).toBe("business.phone.invalid");
    expect(errors({ phone: "030+1234" }).phone).toBe("business.phone.invalid");
    expect(errors({ website: "javascript:alert(1)" }).website).toBe("business.website.notHttps");
    expect(errors({ website: "https://localhost" }).website).toBe("business.website.invalid");
    expect(errors({ website: "https://me:secret@cafe.example" }).website).toBe(
      "business.website.invalid",
    );
    expect(errors({ website: "cafe blue.example" }).website).toBe("business.website.invalid");
    expect(errors({ website: `cafe.example/${"a".repeat(200)}` }).website).toBe(
      "business.website.tooLong",
    );
    expect(errors({ address: "x".repeat(201) }).address).toBe("business.address.tooLong");
    expect(errors({ address: "Main St \u202e1" }).address).toBe("business.address.invalid");
  });
});
