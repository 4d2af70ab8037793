import { toJsonSchema } from "@valibot/to-json-schema";
import { type ApiErrorCode, statusOf } from "../http/api-error";
import { API_OPERATIONS, type ApiAuth, type ApiOperation } from "./api-operations";

const SECURITY: Record<ApiAuth, Record<string, string[]>[]> = {
  "api-key": [{ apiKey: [] }],
  device: [{ deviceToken: [] }],
  "api-key-or-device": [{ apiKey: [] }, { deviceToken: [] }],
  none: [],
};

const ERROR_SCHEMA = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string", description: "Stable, for programs (see the enum per response)" },
        message: { type: "string", description: "For people: what to change" },
        issues: {
          type: "array",
          description: "Which fields of the body were wrong, and why",
          items: {
            type: "object",
            properties: { path: { type: "string" }, message: { type: "string" } },
          },
        },
      },
    },
  },
} as const;

/** Error codes grouped by the status they are answered with: one response per status. */
function errorResponses(codes: readonly ApiErrorCode[]) {
  const byStatus = new Map<number, ApiErrorCode[]>();
  for (const code of new Set(codes)) {
    const status = statusOf(code);
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries(
    [...byStatus].map(([status, group]) => [
      String(status),
      {
        description: group.join(", "),
        content: {
          "application/json": {
            schema: {
              allOf: [
                { $ref: "#/components/schemas/Error" },
                {
                  type: "object",
                  properties: {
                    error: { type: "object", properties: { code: { enum: group } } },
                  },
                },
              ],
            },
          },
        },
      },
    ]),
  );
}

function operation(op: ApiOperation) {
  const pathParameters = [...op.path.matchAll(/\{(\w+)\}/g)].map((match) => ({
    name: match[1],
    in: "path",
    required: true,
    schema: { type: "string" },
  }));
  const parameters = [
    ...pathParameters,
    ...(op.query ?? []).map((q) => ({
      name: q.name,
      in: "query",
      required: false,
      description: q.description,
      schema: { type: "string" },
    })),
    ...(op.idempotencyKey
      ? [
          {
            name: "Idempotency-Key",
            in: "header",
            required: op.idempotencyKey === "required",
            description: "A retry with the same key and body gets the first answer",
            schema: { type: "string", maxLength: 255 },
          },
        ]
      : []),
  ];
  return {
    operationId: `${op.method}${op.path.replace(/\/api\/v1|[{}]/g, "").replace(/[/_-](\w)/g, (_, c: string) => c.toUpperCase())}`,
    tags: [op.tag],
    summary: op.summary,
    security: SECURITY[op.auth],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(op.body
      ? {
          requestBody: {
            required: true,
            content: {
              "application/json": { schema: { $ref: `#/components/schemas/${op.body.name}` } },
            },
          },
        }
      : {}),
    ...(op.upload
      ? {
          requestBody: {
            required: true,
            content: Object.fromEntries(
              op.upload.map((type) => [type, { schema: { type: "string", format: "binary" } }]),
            ),
          },
        }
      : {}),
    responses: {
      [String(op.success.status)]: {
        description: op.success.description,
        ...(op.success.mediaType
          ? { content: { [op.success.mediaType]: { schema: { type: "string" } } } }
          : {}),
      },
      ...errorResponses(op.errors),
    },
  };
}

/**
 * The OpenAPI 3.1 document of the public API (`/api/openapi.json`): request bodies are the JSON
 * Schema of the very valibot schemas the routes validate with, so the document cannot drift from
 * what the server accepts. (Refinements JSON Schema cannot say — a UUIDv7, an HLC, a trimmed
 * text — are left to the descriptions and the server's answers.)
 */
export function openApiDocument(serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of API_OPERATIONS)
    paths[op.path] = { ...paths[op.path], [op.method]: operation(op) };
  const bodies = Object.fromEntries(
    API_OPERATIONS.flatMap((op) =>
      op.body ? [[op.body.name, toJsonSchema(op.body.schema, { errorMode: "ignore" })]] : [],
    ).map(([name, schema]) => {
      const { $schema: _dialect, ...rest } = schema as { $schema?: string };
      return [name, rest];
    }),
  );
  return {
    openapi: "3.1.0",
    info: {
      title: "Stamp API",
      version: "1",
      description:
        "Loyalty stamp cards: enrol customers, add stamps from a POS, redeem vouchers, print receipt QR codes, manage programs and webhooks. Every error is `{error: {code, message}}`.",
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "An API key from the admin pages" },
        deviceToken: { type: "http", scheme: "bearer", description: "A paired till's token" },
      },
      schemas: { Error: ERROR_SCHEMA, ...bodies },
    },
    paths,
  };
}
