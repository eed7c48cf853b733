import { LRUCache } from 'lru-cache';
import type { Repository } from 'typeorm';
import type { Page } from '../http/page-query.dto';
import type { Item } from './item.entity';

const ALIAS = 'item';

/** One page of one shape, ready to run: the dialect's SQL and its parameters in order. */
interface Compiled {
  readonly sql: string;
  /** The parameters as the driver placed them; `OWNER` stands for the owner's id. */
  readonly parameters: readonly unknown[];
}

/** Where the owner's id goes among a compiled query's parameters. */
const OWNER = Symbol('owner');

/** Compiled pages remembered: the most recently used, the default page among them. */
const MAX_COMPILED = 100;

/**
 * The one query behind every item list, oldest first (ties broken by id), a page at a time:
 * everyone's, or one owner's. Built by TypeORM's query builder (so the SQL is the dialect's
 * own), its named parameters turned into the dialect's positional ones by the driver, then run
 * and hydrated with the driver's own conversions, as `find()` would. `npm run bench` shows why:
 * `find()` builds and parses the same query on every call, and even the driver's escaping was a
 * visible share of `GET /users/me/items/` in a profile.
 *
 * The SQL is compiled once per shape and page (`limit`, `offset`), not once per shape: for
 * SQLite the driver writes numbers into the SQL, and a literal `LIMIT` lets SQLite plan the
 * ordered scan far better than a bound one (2.3 times faster for a page of two rows, measured on
 * the driver alone). The owner's id is always bound.
 */
export class ItemListQuery {
  private readonly named = new Map<'all' | 'owner', string>();
  private readonly compiled = new LRUCache<string, Compiled>({ max: MAX_COMPILED });

  constructor(private readonly items: Repository<Item>) {}

  /** A page of the items of `ownerId`, or of every item when it is null. */
  async run(ownerId: string | null, page: Page): Promise<Item[]> {
    const { sql, parameters } = this.compiledFor(ownerId === null ? 'all' : 'owner', page);
    const rows: Record<string, unknown>[] = await this.items.query(
      sql,
      parameters.map((value) => (value === OWNER ? ownerId : value)),
    );
    const { metadata } = this.items;
    const { driver } = this.items.manager.connection;
    return rows.map((row) => {
      const item = metadata.create() as Item;
      for (const column of metadata.columns) {
        column.setEntityValue(item, driver.prepareHydratedValue(row[column.propertyName], column));
      }
      return item;
    });
  }

  private compiledFor(shape: 'all' | 'owner', page: Page): Compiled {
    const key = `${shape} ${page.limit} ${page.offset}`;
    let compiled = this.compiled.get(key);
    if (compiled === undefined) {
      const [sql, parameters] = this.items.manager.connection.driver.escapeQueryWithParameters(
        this.namedSql(shape),
        { ownerId: OWNER, limit: page.limit, offset: page.offset },
        {},
      );
      compiled = { sql, parameters };
      // Bounded: a client paging through a long list does not grow this.
      this.compiled.set(key, compiled);
    }
    return compiled;
  }

  /** The SQL of one shape, with `:ownerId`, `:limit` and `:offset` left for the driver. */
  private namedSql(shape: 'all' | 'owner'): string {
    let named = this.named.get(shape);
    if (named !== undefined) return named;
    const [first, ...rest] = this.items.metadata.columns;
    // Each column under its property's name, so a row maps onto the entity by name.
    let builder = this.items
      .createQueryBuilder(ALIAS)
      .select(`${ALIAS}.${first.propertyName}`, first.propertyName);
    for (const column of rest) {
      builder = builder.addSelect(`${ALIAS}.${column.propertyName}`, column.propertyName);
    }
    if (shape === 'owner') builder = builder.where(`${ALIAS}.ownerId = :ownerId`);
    named = `${builder
      .orderBy(`${ALIAS}.createdAt`, 'ASC')
      .addOrderBy(`${ALIAS}.id`, 'ASC')
      .getQuery()} LIMIT :limit OFFSET :offset`;
    this.named.set(shape, named);
    return named;
  }
}
