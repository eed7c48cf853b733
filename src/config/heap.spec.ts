import { setFlagsFromString } from 'node:v8';
import { ConfigurationError } from './environment';
import { applyHeapGrowth, DEFAULT_HEAP_GROWING_PERCENT } from './heap';

jest.mock('node:v8', () => ({ setFlagsFromString: jest.fn() }));

describe('applyHeapGrowth', () => {
  const saved = process.env.HEAP_GROWING_PERCENT;
  afterEach(() => {
    jest.mocked(setFlagsFromString).mockClear();
    if (saved === undefined) delete process.env.HEAP_GROWING_PERCENT;
    else process.env.HEAP_GROWING_PERCENT = saved;
  });

  it('bounds the heap growth to 30% by default', () => {
    delete process.env.HEAP_GROWING_PERCENT;
    expect(applyHeapGrowth()).toBe(DEFAULT_HEAP_GROWING_PERCENT);
    expect(setFlagsFromString).toHaveBeenCalledWith('--heap-growing-percent=30');
  });

  it('passes the configured percentage to V8', () => {
    process.env.HEAP_GROWING_PERCENT = '50';
    expect(applyHeapGrowth()).toBe(50);
    expect(setFlagsFromString).toHaveBeenCalledWith('--heap-growing-percent=50');
  });

  it('leaves the growth to V8 when set to 0', () => {
    process.env.HEAP_GROWING_PERCENT = '0';
    expect(applyHeapGrowth()).toBe(0);
    expect(setFlagsFromString).not.toHaveBeenCalled();
  });

  it('refuses a value outside 0-300, naming the variable', () => {
    process.env.HEAP_GROWING_PERCENT = '1000';
    expect(() => applyHeapGrowth()).toThrow(ConfigurationError);
    expect(() => applyHeapGrowth()).toThrow(/HEAP_GROWING_PERCENT/);
    expect(setFlagsFromString).not.toHaveBeenCalled();
  });
});
