import {
  OpenApiRequestValidator,
  type ValidatableRequest,
  findSharedSpec,
  openApiRequestValidator,
} from '@app/simulator/framework/openapi-validator';

const CHATWOOT_SPEC = findSharedSpec('chatwoot-swagger.json')!;
const LHC_SPEC = findSharedSpec('livehelperchat-swagger.json')!;

const request = (overrides: Partial<ValidatableRequest>): ValidatableRequest => ({
  method: 'GET',
  path: '/',
  query: {},
  headers: { 'content-type': 'application/json' },
  body: undefined,
  ...overrides,
});

// A small Swagger 2.0 document with the shapes LiveHelperChat uses: basePath, array query
// parameters named `x[]`, form fields and a body with a $ref to a definition.
const SWAGGER_2 = {
  swagger: '2.0',
  info: { title: 'demo', version: '1' },
  basePath: '/index.php',
  definitions: {
    User: {
      type: 'object',
      required: ['email'],
      // Draft-3 style, as LHC writes it: means "required", is not valid JSON Schema 4+.
      properties: { email: { type: 'string' }, name: { type: 'string', required: true } },
    },
  },
  paths: {
    '/groupchat/sync?rest_api=true': { post: {} },
    '/restapi/user/{id}': {
      parameters: [{ name: 'id', in: 'path', required: true, type: 'integer' }],
      get: { parameters: [{ name: 'ids[]', in: 'query', type: 'array', items: { type: 'integer' } }] },
      put: {
        parameters: [{ name: 'user', in: 'body', required: true, schema: { $ref: '#/definitions/User' } }],
      },
      post: {
        consumes: ['application/x-www-form-urlencoded'],
        parameters: [
          { name: 'status', in: 'formData', required: true, type: 'integer', enum: [0, 1] },
          { name: 'online', in: 'formData', type: 'boolean' },
        ],
      },
    },
  },
};

describe(OpenApiRequestValidator.name, () => {
  describe('with the Chatwoot OpenAPI 3.1 description', () => {
    let sut: OpenApiRequestValidator;

    beforeAll(async () => {
      sut = await OpenApiRequestValidator.fromFile(CHATWOOT_SPEC);
    });

    it('should load the document as OpenAPI 3.1 when it is found in shared/specs', () => {
      expect(sut.specVersion).toBe('3.1.0');
    });

    it('should accept a request when it matches the description', () => {
      const patch = request({
        method: 'PATCH',
        path: '/api/v1/accounts/1/agents/5',
        body: { role: 'agent', name: 'Anna', availability: 'offline', auto_offline: false },
      });
      expect(sut.validate(patch)).toEqual([]);
    });

    it('should report the missing property when a required body field is absent', () => {
      const patch = request({ method: 'PATCH', path: '/api/v1/accounts/1/agents/5', body: { name: 'A' } });
      expect(sut.validate(patch)).toEqual(["requestBody: must have required property 'role'"]);
    });

    it('should report every bad query parameter with the allowed values when the query is wrong', () => {
      const list = request({
        path: '/api/v1/accounts/1/conversations',
        query: { status: 'waiting', page: 'two' },
      });
      expect(sut.validate(list)).toEqual([
        'query.status: must be equal to one of the allowed values (all, open, resolved, pending, snoozed)',
        'query.page: must be integer',
      ]);
    });

    it('should reject a path parameter of the wrong type', () => {
      const toggle = request({
        method: 'POST',
        path: '/api/v1/accounts/acme/conversations/4/toggle_status',
        body: { status: 'open' },
      });
      expect(sut.validate(toggle)).toEqual(['path.account_id: must be integer']);
    });

    it('should reject a request when its method and path are not described', () => {
      expect(sut.validate(request({ method: 'DELETE', path: '/api/v1/accounts/1/conversations' }))).toEqual([
        'DELETE /api/v1/accounts/1/conversations is not in the API description',
      ]);
    });

    it('should reject a body when its content type is not one the operation accepts', () => {
      const post = request({
        method: 'POST',
        path: '/api/v1/accounts/1/conversations/4/toggle_status',
        headers: { 'content-type': 'text/plain' },
        body: 'open',
      });
      expect(sut.validate(post)).toContain('content-type "text/plain" is not one of application/json');
    });
  });

  describe('with a Swagger 2.0 description', () => {
    let sut: OpenApiRequestValidator;

    beforeAll(async () => {
      sut = await OpenApiRequestValidator.fromDocument(SWAGGER_2);
    });

    it('should match paths under basePath and accept x[] query arrays when they hold integers', () => {
      const get = request({ path: '/index.php/restapi/user/7', query: { ids: ['1', '2'] } });
      expect(sut.validate(get)).toEqual([]);
    });

    it('should reject x[] query arrays when an item is not an integer', () => {
      const get = request({ path: '/index.php/restapi/user/7', query: { ids: ['1', 'x'] } });
      expect(sut.validate(get)).toEqual(['query.ids[].1: must be integer']);
    });

    it('should validate a body parameter against its $ref definition', () => {
      const put = request({ method: 'PUT', path: '/index.php/restapi/user/7', body: { name: 'no email' } });
      expect(sut.validate(put)).toEqual(["requestBody: must have required property 'email'"]);
    });

    it('should treat a property marked required: true as required when a definition uses draft-3 style', () => {
      const put = request({ method: 'PUT', path: '/index.php/restapi/user/7', body: { email: 'a@b.c' } });
      expect(sut.validate(put)).toEqual(["requestBody: must have required property 'name'"]);
    });

    it('should read a query string written into a path key as a required fixed parameter', () => {
      const sync = request({ method: 'POST', path: '/index.php/groupchat/sync' });
      expect(sut.validate({ ...sync, query: { rest_api: 'true' } })).toEqual([]);
      expect(sut.validate(sync)).toEqual(["query: must have required property 'rest_api'"]);
    });

    it('should accept textual form fields when they spell a valid number or boolean', () => {
      const post = request({
        method: 'POST',
        path: '/index.php/restapi/user/7',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: { status: '1', online: 'true' },
      });
      expect(sut.validate(post)).toEqual([]);
    });

    it('should reject a form body when a required field is missing', () => {
      const post = request({
        method: 'POST',
        path: '/index.php/restapi/user/7',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: { online: 'true' },
      });
      expect(sut.validate(post)).toEqual(["requestBody: must have required property 'status'"]);
    });
  });

  it('should load the LiveHelperChat Swagger 2.0 description when it is found in shared/specs', async () => {
    const sut = await OpenApiRequestValidator.fromFile(LHC_SPEC);
    expect(sut.specVersion).toBe('2.0');
    expect(sut.validate(request({ path: '/index.php/restapi/nothing-here' }))).toHaveLength(1);
  });

  it('should validate through the simulator hook when used as a RequestValidator', async () => {
    const hook = openApiRequestValidator(CHATWOOT_SPEC);
    const errors = await hook({
      ...request({ path: '/api/v1/accounts/1/agents' }),
      routeKey: 'GET /api/v1/accounts/:accountId/agents',
      params: {},
      rawBody: Buffer.alloc(0),
    });
    expect(errors).toEqual([]);
  });
});
