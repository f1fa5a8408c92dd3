import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { OpenAPIBackend, Operation } from 'openapi-backend';

import type { RequestValidator, SimRequest } from '@app/simulator/framework/simulator.types';

export interface OpenApiValidatorOptions {
  /** Prefix the API is served under: Swagger 2.0 `basePath` by default, `/` for OpenAPI 3. */
  apiRoot?: string;
}

/** What validation needs from a request; a SimRequest fits. */
export type ValidatableRequest = Pick<SimRequest, 'method' | 'path' | 'query' | 'headers' | 'body'>;

type Json = Record<string, unknown>;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'];
// Swagger 2.0 parameter keys that are JSON Schema in OpenAPI 3's `schema`.
const SCHEMA_KEYS = ['type', 'format', 'items', 'enum', 'default', 'minimum', 'maximum', 'pattern'];
const SCHEMA_KEYS_MORE = ['minLength', 'maxLength', 'minItems', 'maxItems', 'uniqueItems', 'multipleOf'];

/**
 * Checks requests against an official API description (OpenAPI 3.0/3.1, or Swagger 2.0 converted
 * to OpenAPI 3 here) with openapi-backend: method + path must be described, path and query
 * parameters, the content type and the body must match. Responses are not checked.
 */
export class OpenApiRequestValidator {
  private constructor(
    private readonly api: OpenAPIBackend,
    /** `2.0`, `3.0.x` or `3.1.x`: the version of the document as loaded. */
    readonly specVersion: string,
  ) {}

  static fromFile(specPath: string, options: OpenApiValidatorOptions = {}): Promise<OpenApiRequestValidator> {
    return OpenApiRequestValidator.fromDocument(JSON.parse(readFileSync(specPath, 'utf8')) as Json, options);
  }

  static async fromDocument(document: Json, options: OpenApiValidatorOptions = {}) {
    const swagger2 = typeof document.swagger === 'string';
    const definition = swagger2 ? swagger2ToOpenApi3(document) : withOperationIds(structuredClone(document));
    // A devDependency, loaded only when a simulator validates (the production image has none).
    const { OpenAPIBackend } = await import('openapi-backend');
    // `quick`: the library's own document check only knows OpenAPI 3.0 and rejects 3.1 documents.
    const api = new OpenAPIBackend({
      definition: definition as never,
      quick: true,
      apiRoot: options.apiRoot ?? (swagger2 ? (document.basePath as string | undefined) : undefined) ?? '/',
      ajvOpts: { strict: false, allErrors: true, logger: false },
      customizeAjv: (ajv) =>
        ajv
          .addFormat(
            'date-time',
            (text: string) => /^\d{4}-\d\d-\d\dT/.test(text) && !Number.isNaN(Date.parse(text)),
          )
          .addFormat('uri', (text: string) => URL.canParse(text)),
    });
    await api.init();
    return new OpenApiRequestValidator(api, String(document.swagger ?? document.openapi));
  }

  /** Human-readable problems; empty when the description accepts the request. */
  validate(req: ValidatableRequest): string[] {
    const request = {
      method: req.method,
      path: req.path,
      headers: headers(req),
      query: { ...req.query } as Record<string, string | string[]>,
    };
    const operation = this.api.matchOperation(request);
    if (!operation) {
      return [`${req.method} ${req.path} is not in the API description`];
    }
    renameBracketQueryKeys(request.query, operation);
    const problems = contentTypeProblems(req, operation);
    const result = this.api.validateRequest({ ...request, body: req.body as never }, operation);
    for (const error of result.errors ?? []) {
      const where = error.instancePath.replace(/^\//, '').replaceAll('/', '.') || 'request';
      const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues;
      problems.push(
        `${where}: ${error.message ?? error.keyword}${allowed ? ` (${allowed.join(', ')})` : ''}`,
      );
    }
    return problems;
  }
}

/** A RequestValidator for SimulatorServer's `validator` hook; the description loads once, lazily. */
export const openApiRequestValidator = (
  specPath: string,
  options: OpenApiValidatorOptions = {},
): RequestValidator => {
  let loading: Promise<OpenApiRequestValidator> | undefined;
  return async (req) => {
    loading ??= OpenApiRequestValidator.fromFile(specPath, options);
    return (await loading).validate(req);
  };
};

/**
 * Finds `specs/<fileName>` (vendored in the repository) or `shared/specs/<fileName>` in this folder
 * or any parent.
 */
export const findSharedSpec = (fileName: string, from: string = __dirname): string | undefined => {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const candidate = [path.join(dir, 'specs', fileName), path.join(dir, 'shared', 'specs', fileName)].find(
      (c) => existsSync(c),
    );
    if (candidate) {
      return candidate;
    }
    if (path.dirname(dir) === dir) {
      return undefined;
    }
  }
};

const headers = (req: ValidatableRequest): Record<string, string> =>
  Object.fromEntries(
    Object.entries(req.headers)
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : String(value)]),
  );

// Express reads `ids[]=1` as `ids`; Swagger 2.0 names such parameters `ids[]` (LiveHelperChat).
const renameBracketQueryKeys = (query: Record<string, unknown>, operation: Operation): void => {
  for (const param of list(operation.parameters)) {
    const name = String(param.name);
    const base = name.endsWith('[]') ? name.slice(0, -2) : undefined;
    if (param.in === 'query' && base && base in query && !(name in query)) {
      query[name] = query[base];
      delete query[base];
    }
  }
};

const contentTypeProblems = (req: ValidatableRequest, operation: Operation): string[] => {
  const content = obj(obj(operation.requestBody).content);
  if (Object.keys(content).length === 0 || req.body === undefined) {
    return [];
  }
  const header = req.headers['content-type'];
  const type = String(Array.isArray(header) ? header[0] : (header ?? ''))
    .split(';')[0]
    .trim()
    .toLowerCase();
  return type in content || '*/*' in content
    ? []
    : [`content-type "${type}" is not one of ${Object.keys(content).join(', ')}`];
};

const obj = (value: unknown): Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
const list = (value: unknown): Json[] => (Array.isArray(value) ? value.map(obj) : []);

const withOperationIds = (document: Json): Json => {
  for (const [route, item] of Object.entries(obj(document.paths))) {
    for (const method of METHODS.filter((m) => obj(item)[m])) {
      obj(obj(item)[method]).operationId ??= `${method.toUpperCase()} ${route}`;
    }
  }
  return document;
};

/** Just enough of Swagger 2.0 → OpenAPI 3.0 to validate requests; responses are left out. */
const swagger2ToOpenApi3 = (source: Json): Json => {
  const doc = obj(JSON.parse(JSON.stringify(source).replaceAll('"#/definitions/', '"#/components/schemas/')));
  const resolve = (param: Json): Json =>
    typeof param.$ref === 'string' ? obj(obj(doc.parameters)[param.$ref.split('/').pop()!]) : param;
  const paths: Record<string, Json> = {};
  for (const [key, item] of Object.entries(obj(doc.paths))) {
    // LHC writes fixed query parameters into path keys (`/groupchat/sync?rest_api=true`).
    const [route, fixed] = key.split('?');
    const fixedQuery = [...new URLSearchParams(fixed ?? '')].map(([name, value]) => ({
      name,
      in: 'query',
      required: true,
      type: 'string',
      enum: [value],
    }));
    const shared = [...fixedQuery, ...list(obj(item).parameters)];
    paths[route] ??= {};
    for (const method of METHODS.filter((m) => obj(item)[m])) {
      const op = obj(obj(item)[method]);
      const byKey = new Map<string, Json>();
      [...shared, ...list(op.parameters)]
        .map(resolve)
        .forEach((p) => byKey.set(`${String(p.in)}:${String(p.name)}`, p));
      const params = [...byKey.values()];
      const consumes = (op.consumes ?? doc.consumes ?? ['application/json']) as string[];
      paths[route][method] = {
        operationId: op.operationId ?? `${method.toUpperCase()} ${route}`,
        parameters: params.filter((p) => p.in !== 'body' && p.in !== 'formData').map(toParameter),
        requestBody: requestBodyOf(params, consumes),
        responses: { default: { description: 'not validated' } },
      };
    }
  }
  const converted = {
    openapi: '3.0.3',
    info: doc.info,
    paths,
    components: { schemas: doc.definitions ?? {} },
  };
  liftPropertyRequired(converted);
  return converted;
};

// Draft-3 style `required: true` on a property (LHC definitions) becomes the parent's `required`.
const liftPropertyRequired = (node: unknown): void => {
  if (Array.isArray(node)) {
    node.forEach(liftPropertyRequired);
  } else if (typeof node === 'object' && node !== null) {
    const schema = node as Json;
    for (const [name, value] of Object.entries(obj(schema.properties))) {
      const property = obj(value);
      if (typeof property.required === 'boolean') {
        const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
        schema.required = property.required ? [...required, name] : schema.required;
        delete property.required;
      }
    }
    Object.values(schema).forEach(liftPropertyRequired);
  }
};

const pick = (param: Json): Json =>
  Object.fromEntries(
    [...SCHEMA_KEYS, ...SCHEMA_KEYS_MORE].filter((k) => k in param).map((k) => [k, param[k]]),
  );

const toParameter = (param: Json): Json => ({
  name: param.name,
  in: param.in,
  required: param.required === true,
  schema: pick(param),
  // Swagger 2.0 arrays default to csv (`a=1,2`); `multi` repeats the key (`a=1&a=2`).
  ...(param.type === 'array' ? { style: 'form', explode: param.collectionFormat === 'multi' } : {}),
});

// Form fields arrive as text: a number or boolean field is valid as its textual form too.
const TEXTUAL: Record<string, Json> = {
  integer: { type: 'string', pattern: '^-?\\d+$' },
  number: { type: 'string', pattern: '^-?\\d+(\\.\\d+)?$' },
  boolean: { type: 'string', enum: ['true', 'false', '1', '0'] },
};

const formFieldSchema = (param: Json): Json => {
  const schema = param.type === 'file' ? { type: 'string', format: 'binary' } : pick(param);
  const textual = typeof schema.type === 'string' ? TEXTUAL[schema.type] : undefined;
  return textual ? { anyOf: [schema, textual] } : schema;
};

const requestBodyOf = (params: Json[], consumes: string[]): Json | undefined => {
  const body = params.find((p) => p.in === 'body');
  if (body) {
    const content = Object.fromEntries(consumes.map((type) => [type, { schema: body.schema ?? {} }]));
    return { required: body.required === true, content };
  }
  const fields = params.filter((p) => p.in === 'formData');
  if (fields.length === 0) {
    return undefined;
  }
  const schema = {
    type: 'object',
    properties: Object.fromEntries(fields.map((f) => [String(f.name), formFieldSchema(f)])),
    required: fields.filter((f) => f.required === true).map((f) => String(f.name)),
  };
  const types = consumes.filter((t) => t.includes('form'));
  const content = Object.fromEntries(
    (types.length > 0 ? types : ['application/x-www-form-urlencoded']).map((type) => [type, { schema }]),
  );
  return { required: fields.some((f) => f.required === true), content };
};
