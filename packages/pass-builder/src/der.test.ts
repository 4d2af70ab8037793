import { describe, expect, it } from "vitest";
import { objectIdentifier, readChildren, readElement, sequence, setOf, tlv, utcTime } from "./der";

describe("DER", () => {
  it("encodes short and long lengths", () => {
    expect(tlv(0x04, Buffer.alloc(3)).subarray(0, 2)).toEqual(Buffer.from([0x04, 3]));
    expect(tlv(0x04, Buffer.alloc(200)).subarray(0, 3)).toEqual(Buffer.from([0x04, 0x81, 200]));
    expect(tlv(0x04, Buffer.alloc(300)).subarray(0, 4)).toEqual(
      Buffer.from([0x04, 0x82, 0x01, 0x2c]),
    );
  });

  it("encodes object identifiers with multi-byte arcs", () => {
    // pkcs7-signedData, as every CMS file carries it.
    expect(objectIdentifier("1.2.840.113549.1.7.2").toString("hex")).toBe("06092a864886f70d010702");
  });

  it("encodes UTCTime", () => {
    expect(utcTime(new Date("2026-03-01T10:05:09Z")).toString("latin1").slice(2)).toBe(
      "260301100509Z",
    );
  });

  it("sorts SET OF members by encoding", () => {
    const big = sequence(Buffer.alloc(5));
    const small = sequence(Buffer.alloc(1));
    expect(setOf(big, small)).toEqual(tlv(0x31, small, big));
  });

  it("reads back what it wrote, including long forms", () => {
    const inner = [tlv(0x04, Buffer.alloc(300, 7)), objectIdentifier("1.3.14.3.2.26")];
    const outer = readElement(sequence(...inner));
    expect(outer.tag).toBe(0x30);
    expect(readChildren(outer).map((child) => child.bytes)).toEqual(inner);
    expect(() => readElement(Buffer.from([0x30, 0x05, 0x00]))).toThrow(RangeError);
  });
});
