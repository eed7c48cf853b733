import type { ValueTransformer } from 'typeorm';
import { QueryFailedError } from 'typeorm';

/**
 * A list of words (scopes, grant types: never a space inside) kept as one space-separated
 * text column.
 */
export const spaceSeparated: ValueTransformer = {
  to: (words: readonly string[]) => words.join(' '),
  from: (stored: string | null) => (stored ? stored.split(' ').filter(Boolean) : []),
};

/**
 * A write refused by a unique index or primary key: PostgreSQL's unique_violation, or SQLite's
 * UNIQUE / PRIMARY KEY constraint failure. Two concurrent creations: the database decides.
 */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const code = (error.driverError as { code?: string } | undefined)?.code;
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}
