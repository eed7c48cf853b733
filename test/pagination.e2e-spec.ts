import { DataSource } from 'typeorm';
import { TEST_ADMIN_PASSWORD, useTestApp } from './support/app';

/** Every list takes `limit` (1-1000, default 100) and `offset`, and stays a JSON array. */
describe('bounded lists', () => {
  const app = useTestApp();
  let admin: string;
  let john: string;

  beforeAll(async () => {
    admin = await app.token('admin', TEST_ADMIN_PASSWORD, 'admin');
    john = await app.token('johndoe', 'secret', 'me items items:write');
    for (let i = 0; i < 5; i += 1) {
      const created = await app.request('POST', '/items', {
        token: john,
        json: { title: `page item ${i}` },
      });
      expect(created.status).toBe(201);
    }
  });

  const lists = [
    ['GET /items', '/items', () => john],
    ['GET /users/me/items/', '/users/me/items/', () => john],
    ['GET /users', '/users', () => admin],
  ] as const;

  describe.each(lists)('%s', (_, path, token) => {
    const get = (query: string) => app.request('GET', `${path}${query}`, { token: token() });

    it('pages with limit and offset, in a stable order', async () => {
      const all = (await get('')).body as { id: string }[];
      expect(Array.isArray(all)).toBe(true);
      expect(all.length).toBeGreaterThanOrEqual(3);
      const first = await get('?limit=2');
      const second = await get('?limit=2&offset=2');
      expect(first.body.map((entry: { id: string }) => entry.id)).toEqual(
        all.slice(0, 2).map((entry) => entry.id),
      );
      expect(second.body.map((entry: { id: string }) => entry.id)).toEqual(
        all.slice(2, 4).map((entry) => entry.id),
      );
      expect((await get(`?offset=${all.length}`)).body).toEqual([]);
    });

    it.each([
      ['limit=0', 'limit must not be less than 1'],
      ['limit=1001', 'limit must not be greater than 1000'],
      ['limit=-5', 'limit must not be less than 1'],
      ['limit=ten', 'limit must be an integer number'],
      ['limit=1.5', 'limit must be an integer number'],
      ['offset=-1', 'offset must not be less than 0'],
      ['offset=abc', 'offset must be an integer number'],
      ['offset=99999999999', 'offset must not be greater than 2147483647'],
    ])('answers 400 naming the parameter to %s', async (query, message) => {
      const result = await get(`?${query}`);
      expect(result.status).toBe(400);
      expect(result.body.message).toContain(message);
    });
  });

  it('answers at most 100 entries without limit', async () => {
    for (let i = 0; i < 101; i += 1) {
      await app.request('POST', '/items', { token: john, json: { title: `bulk ${i}` } });
    }
    expect((await app.request('GET', '/items', { token: john })).body).toHaveLength(100);
    expect((await app.request('GET', '/items?limit=1000', { token: john })).body.length).toBe(108);
  });

  it('reads one owner’s page in the lists’ order from an index, without sorting', async () => {
    const db = app.app.get(DataSource);
    if (db.options.type === 'postgres') {
      const [index] = await db.query(
        `SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND indexname = $1`,
        ['IDX_items_owner_id_created_at_id'],
      );
      expect(index?.indexdef).toContain('(owner_id, created_at, id)');
      return;
    }
    const plan: { detail: string }[] = await db.query(
      `EXPLAIN QUERY PLAN SELECT * FROM "items" WHERE "owner_id" = ?
       ORDER BY "created_at" ASC, "id" ASC LIMIT 100 OFFSET 0`,
      ['00000000-0000-4000-8000-000000000000'],
    );
    const details = plan.map((step) => step.detail).join('\n');
    expect(details).toContain('USING INDEX IDX_items_owner_id_created_at_id');
    expect(details).not.toContain('TEMP B-TREE');
  });
});
