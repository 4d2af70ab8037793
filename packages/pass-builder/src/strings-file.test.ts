import { describe, expect, it } from "vitest";
import { escapeStringsText, stringsFile } from "./strings-file";

describe(".strings files", () => {
  it("escapes quotes, backslashes, line breaks, tabs and other control characters", () => {
    expect(escapeStringsText('say "hi" \\ now\nthen\r\tend\u0001')).toBe(
      'say \\"hi\\" \\\\ now\\nthen\\r\\tend\\U0001',
    );
    expect(escapeStringsText("Café ☕")).toBe("Café ☕");
  });

  it("writes one UTF-8 line per translation, keys escaped too", () => {
    const file = stringsFile(new Map([['a "b"', "c\nd"]]));
    expect(file.toString("utf8")).toBe('"a \\"b\\"" = "c\\nd";\n');
  });
});
