import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from './database-unavailable';

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });
const queryFailed = (driverError: Error) => new QueryFailedError('SELECT 1', [], driverError);

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED')],
    ['a reset connection', withCode('ECONNRESET')],
    ['PostgreSQL shutting down', queryFailed(withCode('57P01'))],
    ['a PostgreSQL connection failure', queryFailed(withCode('08006'))],
    ['too many connections', withCode('53300')],
    ['a busy SQLite file', queryFailed(withCode('SQLITE_BUSY'))],
    ['an SQLite I/O error', queryFailed(withCode('SQLITE_IOERR_WRITE'))],
    ['a dropped pg connection', new Error('Connection terminated unexpectedly')],
    ['a pg connect timeout', new Error('timeout exceeded when trying to connect')],
  ])('recognises %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', queryFailed(withCode('23505'))],
    ['an SQLite constraint', queryFailed(withCode('SQLITE_CONSTRAINT_UNIQUE'))],
    ['a syntax error', queryFailed(withCode('42601'))],
    ['a bug', new TypeError('x is undefined')],
    ['not an error', 'ECONNREFUSED'],
  ])('does not mistake %s for an outage', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
