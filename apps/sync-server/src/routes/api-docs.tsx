import { toJsonSchema } from "@valibot/to-json-schema";
import { Hono } from "hono";
import { statusOf } from "../http/api-error";
import { translator } from "../i18n/translate";
import { API_OPERATIONS } from "../openapi/api-operations";
import { openApiDocument } from "../openapi/openapi-document";
import { Document, sendPage } from "../pages/document";

const tr = translator("en");

const AUTH_TEXT = {
  "api-key": "API key (Bearer)",
  device: "Device token (Bearer)",
  "api-key-or-device": "API key or device token (Bearer)",
  none: "None",
} as const;

/**
 * `/api/openapi.json` (OpenAPI 3.1, for tools) and `/api/docs` (the same, readable: every
 * operation with its auth, body schema and answers), both from api-operations.ts.
 */
export function apiDocsRoutes(publicUrl: string): Hono {
  const document = openApiDocument(publicUrl);
  const tags = [...new Set(API_OPERATIONS.map((op) => op.tag))];
  return new Hono()
    .get("/openapi.json", (c) => c.json(document))
    .get("/docs", (c) =>
      sendPage(
        c,
        <Document tr={tr} title="API">
          <main class="page">
            <h1>Stamp API</h1>
            <p>{document.info.description}</p>
            <p>
              <a href="/api/openapi.json">openapi.json</a> (OpenAPI 3.1) · base URL{" "}
              <code>{publicUrl}</code>
            </p>
            <nav aria-label="Sections">
              <ul>
                {tags.map((tag) => (
                  <li>
                    <a href={`#${tag.replace(/\W+/g, "-")}`}>{tag}</a>
                  </li>
                ))}
              </ul>
            </nav>
            {tags.map((tag) => (
              <section aria-labelledby={tag.replace(/\W+/g, "-")}>
                <h2 id={tag.replace(/\W+/g, "-")}>{tag}</h2>
                {API_OPERATIONS.filter((op) => op.tag === tag).map((op) => (
                  <article class="panel">
                    <h3>
                      <code>
                        {op.method.toUpperCase()} {op.path}
                      </code>
                    </h3>
                    <p>{op.summary}</p>
                    <p>
                      Auth: {AUTH_TEXT[op.auth]}
                      {op.idempotencyKey ? ` · Idempotency-Key ${op.idempotencyKey}` : ""}
                    </p>
                    {op.body ? (
                      <details>
                        <summary>Body: {op.body.name}</summary>
                        <pre>
                          {JSON.stringify(
                            toJsonSchema(op.body.schema, { errorMode: "ignore" }),
                            null,
                            2,
                          )}
                        </pre>
                      </details>
                    ) : null}
                    <p>
                      {op.success.status}: {op.success.description}
                    </p>
                    <ul>
                      {[...new Set(op.errors)].map((code) => (
                        <li>
                          <code>{statusOf(code)}</code> <code>{code}</code>
                        </li>
                      ))}
                    </ul>
                  </article>
                ))}
              </section>
            ))}
          </main>
        </Document>,
      ),
    );
}
