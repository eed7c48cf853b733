import { TEST_ADMIN_PASSWORD, type RequestOptions, useTestApp } from './support/app';

/** Nothing in an error body may look like a stack trace, SQL or a driver message. */
function expectNothingLeaked(text: string): void {
  expect(text).not.toMatch(/\bat .+\(.+:\d+:\d+\)|node_modules|\/src\//);
  expect(text).not.toMatch(/SELECT|INSERT|UPDATE .* SET|QueryFailedError|SQLITE_|syntax error/i);
}

const tokenForm = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** Bad bodies get a precise 4xx that says what is wrong, never a 5xx. */
describe('hostile request bodies', () => {
  const app = useTestApp();
  let writer: string;
  let admin: string;

  beforeAll(async () => {
    writer = await app.token('johndoe', 'secret', 'items:write');
    admin = await app.token('admin', TEST_ADMIN_PASSWORD, 'admin');
  });

  describe('POST /token', () => {
    async function expectInvalidRequest(
      init: { body?: string; headers?: Record<string, string> },
      description: RegExp,
      status = 400,
    ) {
      const result = await app.request('POST', '/token', init);
      expect(result.status).toBe(status);
      expect(result.body).toEqual({
        error: 'invalid_request',
        error_description: expect.any(String),
      });
      expect(result.body.error_description).toMatch(description);
      expect(result.headers.get('cache-control')).toBe('no-store');
      expectNothingLeaked(result.text);
    }

    it('refuses JSON, malformed JSON, multipart, plain text and no body as invalid_request', async () => {
      const fields = { grant_type: 'password', username: 'johndoe', password: 'secret' };
      const formEncoded = /application\/x-www-form-urlencoded/;
      await expectInvalidRequest(
        { body: JSON.stringify(fields), headers: { 'content-type': 'application/json' } },
        formEncoded,
      );
      await expectInvalidRequest(
        { body: '{"grant_type":', headers: { 'content-type': 'application/json' } },
        formEncoded,
      );
      await expectInvalidRequest(
        {
          body: '--x\r\nContent-Disposition: form-data; name="grant_type"\r\n\r\npassword\r\n--x--\r\n',
          headers: { 'content-type': 'multipart/form-data; boundary=x' },
        },
        formEncoded,
      );
      await expectInvalidRequest(
        { body: 'grant_type=password', headers: { 'content-type': 'text/plain' } },
        formEncoded,
      );
      await expectInvalidRequest({}, formEncoded);
    });

    it('names the missing or repeated field', async () => {
      await expectInvalidRequest({ body: '', headers: FORM }, /grant_type/);
      await expectInvalidRequest(
        { body: tokenForm({ grant_type: 'password', password: 'x' }), headers: FORM },
        /Missing parameter: username/,
      );
      await expectInvalidRequest(
        { body: tokenForm({ grant_type: 'password', username: 'johndoe' }), headers: FORM },
        /Missing parameter: password/,
      );
      await expectInvalidRequest(
        { body: 'grant_type=password&username=johndoe&username=alice&password=x', headers: FORM },
        /username must be sent exactly once/,
      );
      await expectInvalidRequest(
        { body: 'grant_type=password&grant_type=password&username=a&password=x', headers: FORM },
        /grant_type must be sent exactly once/,
      );
    });

    it('refuses a 1 MB username with 413 and an RFC 6749 body', async () => {
      await expectInvalidRequest(
        {
          body: tokenForm({
            grant_type: 'password',
            username: 'u'.repeat(1_000_000),
            password: 'x',
          }),
          headers: FORM,
        },
        /larger than the limit of \d+ bytes/,
        413,
      );
    });

    it.each([
      ['a NUL byte in the password', 'johndoe', 'sec\0ret'],
      ['a NUL byte in the username', 'john\0doe', 'secret'],
      ['SQL in the username', "johndoe' OR '1'='1", 'x'],
      ['SQL comment in the username', "admin'--", 'x'],
      ['a UNION in the password', 'johndoe', "' UNION SELECT password_hash FROM users --"],
      ['odd Unicode', 'jöhndoe\u202e\u200b', '𝔰𝔢𝔠𝔯𝔢𝔱\ud800'],
      ['a very long password', 'johndoe', 'p'.repeat(20_000)],
      ['only spaces', ' ', ' '],
    ])('answers invalid_grant to %s', async (_, username, password) => {
      const result = await app.request('POST', '/token', {
        form: { grant_type: 'password', username, password },
      });
      expect(result.status).toBe(400);
      expect(result.body).toEqual({
        error: 'invalid_grant',
        error_description: 'Incorrect username or password',
      });
      expectNothingLeaked(result.text);
    });

    it('ignores unknown fields, and still checks the scope', async () => {
      const ok = await app.request('POST', '/token', {
        form: { grant_type: 'password', username: 'johndoe', password: 'secret', foo: 'bar' },
      });
      expect(ok.status).toBe(200);
      const badScope = await app.request('POST', '/token', {
        form: {
          grant_type: 'password',
          username: 'johndoe',
          password: 'secret',
          scope: "me' OR 1=1",
        },
      });
      expect(badScope.status).toBe(400);
      expect(badScope.body.error).toBe('invalid_scope');
    });
  });

  describe('JSON routes', () => {
    async function expectBadRequest(
      method: string,
      path: string,
      init: RequestOptions,
      message: RegExp,
      status = 400,
    ) {
      const result = await app.request(method, path, { token: writer, ...init });
      expect(result.status).toBe(status);
      expect(result.body).toMatchObject({ statusCode: status });
      expect(JSON.stringify(result.body.message)).toMatch(message);
      expectNothingLeaked(result.text);
      return result;
    }

    it('refuses an oversized body with 413 before reading it all', async () => {
      await expectBadRequest(
        'POST',
        '/items',
        { json: { title: 'x', description: 'd'.repeat(2_000_000) } },
        /larger than the limit of 65536 bytes/,
        413,
      );
    });

    it('refuses malformed JSON, an empty body and prototype pollution', async () => {
      const json = { 'content-type': 'application/json' };
      await expectBadRequest(
        'POST',
        '/items',
        { body: '{"title":', headers: json },
        /not valid JSON/,
      );
      await expectBadRequest('POST', '/items', { body: '', headers: json }, /cannot be empty/);
      await expectBadRequest(
        'POST',
        '/items',
        { body: '{"title":"x","__proto__":{"admin":true}}', headers: json },
        /JSON/,
      );
      await expectBadRequest(
        'POST',
        '/items',
        { body: '{"title":"x","constructor":{"prototype":{"admin":true}}}', headers: json },
        /JSON/,
      );
    });

    it('refuses an unsupported media type with 415', async () => {
      await expectBadRequest(
        'POST',
        '/items',
        { body: '<item/>', headers: { 'content-type': 'application/xml' } },
        /application\/json/,
        415,
      );
    });

    it('refuses unknown fields and wrong types, naming them', async () => {
      await expectBadRequest(
        'POST',
        '/items',
        { json: { title: 'x', ownerId: 'me' } },
        /property ownerId should not exist/,
      );
      await expectBadRequest('POST', '/items', { json: { title: 42 } }, /title must be a string/);
      await expectBadRequest(
        'POST',
        '/items',
        { json: { title: ['a'] } },
        /title must be a string/,
      );
      await expectBadRequest('POST', '/items', { json: [{ title: 'x' }] }, /title/);
      await expectBadRequest('POST', '/items', { json: 'title' }, /title/);
      await expectBadRequest('POST', '/items', { json: null }, /title/);
      await expectBadRequest(
        'POST',
        '/items',
        { json: { title: 't'.repeat(201) } },
        /shorter than or equal to 200/,
      );
      await expectBadRequest('GET', "/items/1' OR '1'='1", {}, /uuid is expected/);
    });

    it('stores SQL-looking and odd Unicode text verbatim (parameterised queries)', async () => {
      const title = "Robert'); DROP TABLE items;-- \u202e 𝔰 ' OR 1=1";
      const created = await app.request('POST', '/items', { token: writer, json: { title } });
      expect(created.status).toBe(201);
      const read = await app.request('GET', `/items/${created.body.id}`, { token: writer });
      expect(read.body.title).toBe(title);
    });

    it('refuses NUL bytes in stored text, naming the field (PostgreSQL cannot store them)', async () => {
      await expectBadRequest(
        'POST',
        '/items',
        { json: { title: 'a\u0000b' } },
        /title must not contain NUL bytes/,
      );
      await expectBadRequest(
        'POST',
        '/items',
        { json: { title: 'ok', description: '\u0000' } },
        /description must not contain NUL bytes/,
      );
    });

    it('refuses a user whose password has a NUL byte, or whose username is hostile', async () => {
      await expectBadRequest(
        'POST',
        '/users',
        { token: admin, json: { username: 'nul-user', password: 'pass\0word-long' } },
        /password must not contain NUL bytes/,
      );
      await expectBadRequest(
        'POST',
        '/users',
        { token: admin, json: { username: "x' OR 1=1 --", password: 'long-enough-password' } },
        /username must be/,
      );
      await expectBadRequest(
        'POST',
        '/users',
        { token: admin, json: { username: 'u'.repeat(1000), password: 'long-enough-password' } },
        /username must be/,
      );
      await expectBadRequest(
        'PATCH',
        '/users/not-a-uuid',
        { token: admin, json: { disabled: 'yes' } },
        /disabled must be a boolean value/,
      );
    });
  });

  describe('concurrent creation of one username', () => {
    it('answers one 201 and one 409 (the unique index decides), never a 500', async () => {
      for (const [a, b] of [
        ['racer', 'racer'],
        ['Racer2', 'rAcEr2'],
      ]) {
        const results = await Promise.all(
          [a, b].map((username) =>
            app.request('POST', '/users', {
              token: admin,
              json: { username, password: 'long-enough-password' },
            }),
          ),
        );
        expect(results.map((result) => result.status).sort()).toEqual([201, 409]);
        const conflict = results.find((result) => result.status === 409)!;
        expect(conflict.body.message).toMatch(/already taken/);
        expectNothingLeaked(conflict.text);
      }
    });

    it('also holds with ten at once', async () => {
      const results = await Promise.all(
        Array.from({ length: 10 }, () =>
          app.request('POST', '/users', {
            token: admin,
            json: { username: 'crowd', password: 'long-enough-password' },
          }),
        ),
      );
      const statuses = results.map((result) => result.status);
      expect(statuses.filter((status) => status === 201)).toHaveLength(1);
      expect(statuses.filter((status) => status === 409)).toHaveLength(9);
    });
  });
});
