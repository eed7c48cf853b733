import { randomUUID } from 'node:crypto';
import { TEST_ADMIN_PASSWORD, useTestApp } from './support/app';

describe('/items (items:read, items:write, items:delete)', () => {
  const app = useTestApp();
  let johndoe: string;
  let admin: string;

  beforeAll(async () => {
    johndoe = await app.token('johndoe', 'secret', 'items:read items:write');
    admin = await app.token('admin', TEST_ADMIN_PASSWORD, 'admin');
  });

  it('creates, reads, updates and lists an item of the caller', async () => {
    const created = await app.request('POST', '/items', {
      token: johndoe,
      json: { title: 'Baz', description: 'a third item' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ title: 'Baz', description: 'a third item' });

    const read = await app.request('GET', `/items/${created.body.id}`, { token: johndoe });
    expect(read.body).toEqual(created.body);

    const updated = await app.request('PATCH', `/items/${created.body.id}/`, {
      token: johndoe,
      json: { title: 'Baz!' },
    });
    expect(updated).toMatchObject({
      status: 200,
      body: { title: 'Baz!', description: 'a third item' },
    });

    const list = await app.request('GET', '/items/', { token: johndoe });
    expect(list.body.map((item: { title: string }) => item.title).sort()).toEqual([
      'Bar',
      'Baz!',
      'Foo',
    ]);
  });

  it('needs items:delete to delete, which johndoe may not hold', async () => {
    const created = await app.request('POST', '/items', {
      token: johndoe,
      json: { title: 'Doomed' },
    });
    const refused = await app.request('DELETE', `/items/${created.body.id}`, { token: johndoe });
    expect(refused.status).toBe(403);
    expect(refused.body.scope).toBe('items:delete');

    const deleted = await app.request('DELETE', `/items/${created.body.id}`, { token: admin });
    expect(deleted.status).toBe(204);
    expect((await app.request('GET', `/items/${created.body.id}`, { token: admin })).status).toBe(
      404,
    );
  });

  it("hides other users' items (404), but shows everyone's to admin", async () => {
    const adminItem = await app.request('POST', '/items', {
      token: admin,
      json: { title: 'Admin only' },
    });
    expect(adminItem.status).toBe(201);

    expect(
      (await app.request('GET', `/items/${adminItem.body.id}`, { token: johndoe })).status,
    ).toBe(404);
    expect(
      (
        await app.request('PATCH', `/items/${adminItem.body.id}`, {
          token: johndoe,
          json: { title: 'x' },
        })
      ).status,
    ).toBe(404);
    const johnsList = await app.request('GET', '/items', { token: johndoe });
    expect(johnsList.body.map((item: { id: string }) => item.id)).not.toContain(adminItem.body.id);

    const adminList = await app.request('GET', '/items', { token: admin });
    const owners = new Set(adminList.body.map((item: { ownerId: string }) => item.ownerId));
    expect(owners.size).toBeGreaterThan(1);
  });

  it('answers 404 for an unknown item and 400 for a malformed id', async () => {
    expect((await app.request('GET', `/items/${randomUUID()}`, { token: johndoe })).status).toBe(
      404,
    );
    const malformed = await app.request('GET', '/items/not-a-uuid', { token: johndoe });
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toContain('uuid');
  });

  it.each([
    ['an unknown field', { title: 'x', owner: 'someone-else' }, 'property owner should not exist'],
    ['an empty title', { title: '' }, 'title should not be empty'],
    ['a title of the wrong type', { title: 42 }, 'title must be a string'],
    [
      'a title that is too long',
      { title: 'x'.repeat(201) },
      'title must be shorter than or equal to 200',
    ],
  ])('answers 400 naming the problem for %s', async (_, json, message) => {
    const result = await app.request('POST', '/items', { token: johndoe, json });
    expect(result.status).toBe(400);
    expect(result.body.message.join(' ')).toContain(message);
  });

  it("serves /users/me/items/ only the caller's own items, even for admin", async () => {
    const adminMe = await app.token('admin', TEST_ADMIN_PASSWORD, 'me items');
    const mine = await app.request('GET', '/users/me/items/', { token: adminMe });
    expect(mine.status).toBe(200);
    expect(mine.body.map((item: { title: string }) => item.title)).toEqual(['Admin only']);
  });
});
