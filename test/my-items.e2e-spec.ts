import { DataSource } from 'typeorm';
import { Item } from '../src/items/item.entity';
import { useTestApp } from './support/app';

// The item lists run a precompiled query (ItemListQuery). What they answer must be what
// TypeORM's own find() reads from the database, field for field, on SQLite and on PostgreSQL.
describe('GET /users/me/items/ answers exactly what find() answers', () => {
  const app = useTestApp();

  it('lists the caller’s items, oldest first, with the same fields and dates as GET /items', async () => {
    const token = await app.token('johndoe', 'secret', 'me items items:read items:write');
    const created = await app.request('POST', '/items', {
      token,
      json: { title: 'Baz', description: 'with a description' },
    });
    expect(created.status).toBe(201);

    const mine = await app.request('GET', '/users/me/items/', { token });
    const listed = await app.request('GET', '/items', { token });
    expect(mine.status).toBe(200);
    expect(listed.status).toBe(200);
    const me = (await app.request('GET', '/users/me', { token })).body;
    const rows = await app.app
      .get(DataSource)
      .getRepository(Item)
      .find({ where: { ownerId: me.id }, order: { createdAt: 'ASC', id: 'ASC' } });
    const expected = JSON.parse(JSON.stringify(rows));
    expect(expected).toHaveLength(3);
    expect(mine.body).toEqual(expected);
    expect(listed.body).toEqual(expected);
    const byTitle = new Map<string, any>(
      mine.body.map((item: { title: string }) => [item.title, item]),
    );
    expect([...byTitle.keys()].sort()).toEqual(['Bar', 'Baz', 'Foo']);
    expect(byTitle.get('Baz')).toEqual(created.body);
    expect(byTitle.get('Foo')).toMatchObject({ description: null });
    expect(Number.isNaN(Date.parse(byTitle.get('Foo').createdAt))).toBe(false);
  });

  it('does not list another user’s items', async () => {
    const admin = await app.token('admin', 'admin-password-for-tests', 'me items');
    const mine = await app.request('GET', '/users/me/items/', { token: admin });
    expect(mine).toMatchObject({ status: 200, body: [] });
  });
});
