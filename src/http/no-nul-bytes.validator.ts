import { Matches } from 'class-validator';

/**
 * Refuses text containing U+0000. PostgreSQL cannot store it in text columns (the query would
 * fail with a 500) and SQLite would keep it; refusing it at the boundary gives a 400 naming the
 * field, the same on both databases.
 */
export const NoNulBytes = () =>
  Matches(/^[^\0]*$/, { message: '$property must not contain NUL bytes' });
