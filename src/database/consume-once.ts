import { IsNull, type FindOptionsWhere, type ObjectLiteral, type Repository } from 'typeorm';

/**
 * Marks a single-use row as used, once: one conditional `UPDATE … SET <column> = now WHERE
 * <criteria> AND <column> IS NULL`. Of any number of parallel calls for one row exactly one
 * gets `true` (the database decides, on every instance), which is what makes refresh tokens,
 * authorization codes and authorization requests single use.
 */
export async function consumeOnce<T extends ObjectLiteral>(
  repository: Repository<T>,
  criteria: FindOptionsWhere<T>,
  column: keyof T & string,
  at: Date = new Date(Date.now()),
): Promise<boolean> {
  const { affected } = await repository.update({ ...criteria, [column]: IsNull() }, {
    [column]: at,
  } as never);
  return affected === 1;
}
