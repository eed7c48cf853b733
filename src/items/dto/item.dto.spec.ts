import Fastify from 'fastify';
import type { Item } from '../item.entity';
import { ITEM_LIST_SCHEMA, ItemDto } from './item.dto';

const item = (overrides: Partial<Item>): Item => ({
  id: '6f1c9a52-0d3e-4f7b-9a51-2c7d8e9f0a1b',
  title: 'Foo',
  description: 'A "quoted" line\nwith a tab\t, a backslash \\, é, 😀 and \u2028',
  ownerId: '0b1e2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  createdAt: new Date('2026-12-02T10:20:30.456Z'),
  updatedAt: new Date('2026-12-03T01:02:03.000Z'),
  ...overrides,
});

describe('ITEM_LIST_SCHEMA', () => {
  it("lists exactly the DTO's properties, in the DTO's order", () => {
    expect(Object.keys(ITEM_LIST_SCHEMA.items.properties)).toEqual(
      Object.keys(ItemDto.from(item({}))),
    );
  });

  it('makes Fastify write the same bytes as JSON.stringify', async () => {
    const items = [item({}), item({ description: null, title: '' }), item({ title: '\ud800' })];
    const dtos = items.map((one) => ItemDto.from(one));
    const app = Fastify();
    app.get('/items', { schema: { response: { 200: ITEM_LIST_SCHEMA } } }, () => dtos);
    try {
      const response = await app.inject({ method: 'GET', url: '/items' });
      expect(response.statusCode).toBe(200);
      expect(response.payload).toBe(JSON.stringify(dtos));
    } finally {
      await app.close();
    }
  });
});
