/**
 * The clock the application sees when it runs in the test's process: real time plus an offset
 * the test moves forward. The service reads time through `Date.now()` only, so this is enough.
 */
export function shiftableClock() {
  const realNow = Date.now.bind(Date);
  let offsetMs = 0;
  const spy = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + offsetMs);
  return {
    advance(seconds: number) {
      offsetMs += seconds * 1000;
    },
    restore: () => spy.mockRestore(),
  };
}
