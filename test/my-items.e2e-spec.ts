import { useTestApp } from './support/app';

// /users/me/items/ runs a precompiled query (OwnItemsQuery); /items uses TypeORM's find().
// Both must answer the same items, field for field, on SQLite and on PostgreSQL.
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
    expect(mine.body).toEqual(listed.body);
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
