import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { adminLanguage, requestTranslator } from "./admin-language";

describe("requestTranslator", () => {
  it("speaks each admin request's language across its awaits, while others start and end", async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const app = new Hono();
    app.use("/admin/*", adminLanguage());
    app.get("/admin/held", async (c) => {
      await held;
      return c.text(requestTranslator.locale);
    });
    app.get("/admin/quick", (c) => c.text(requestTranslator.locale));
    app.get("/other", (c) => c.text(requestTranslator.locale));

    const slow = app.request("/admin/held?lang=de");
    expect(await (await app.request("/admin/quick?lang=he")).text()).toBe("he");
    release();
    expect(await (await slow).text()).toBe("de");
    // Outside an admin request, once none is in flight: English.
    expect(await (await app.request("/other?lang=kk")).text()).toBe("en");
    expect(await (await app.request("/admin/quick?lang=kk")).text()).toBe("kk");
  });
});
