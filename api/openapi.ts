import { z } from 'zod';
import type { RouteSpec } from './route';

type JsonSchema = Record<string, unknown>;

const errorSchema: JsonSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' } },
      required: ['code', 'message'],
    },
  },
  required: ['error'],
};

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
  }) as JsonSchema;
  return rest;
}

function queryParameters(spec: RouteSpec): JsonSchema[] {
  if (!spec.query) return [];
  const shape = schemaOf(spec.query, 'input') as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(shape.properties ?? {}).map(([name, schema]) => ({
    name,
    in: 'query',
    required: shape.required?.includes(name) ?? false,
    schema,
  }));
}

function operation(spec: RouteSpec): JsonSchema {
  const pathParams = [...spec.path.matchAll(/:(\w+)/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const success = spec.produces
    ? { description: 'OK', content: { [spec.produces]: { schema: { type: 'string' } } } }
    : {
        description: 'OK',
        content: {
          'application/json': { schema: spec.response ? schemaOf(spec.response, 'output') : {} },
        },
      };
  return {
    summary: spec.summary,
    ...(spec.access === 'public' ? { security: [] } : {}),
    parameters: [...pathParams, ...queryParameters(spec)],
    ...(spec.body
      ? {
          requestBody: {
            // A body with a default (membership PUTs) may be left out.
            required: !spec.body.safeParse(undefined).success,
            content: { 'application/json': { schema: schemaOf(spec.body, 'input') } },
          },
        }
      : {}),
    responses: {
      [String(spec.status ?? 200)]: success,
      default: { description: 'Error', content: { 'application/json': { schema: errorSchema } } },
    },
  };
}

/** The OpenAPI 3.1 document of the API, generated from the routes' own zod schemas. */
export function openApiDocument(routes: readonly RouteSpec[], version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const spec of routes) {
    const path = `/api/v1${spec.path.replace(/:(\w+)/g, '{$1}')}`;
    paths[path] = { ...paths[path], [spec.method]: operation(spec) };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Go-Docker API', version },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    paths,
  };
}
