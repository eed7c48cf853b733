// The part of autocannon's API the benchmark uses (the package ships no typings).
declare module 'autocannon' {
  function autocannon(
    options: autocannon.Options,
    callback: (error: unknown, result: autocannon.Result) => void,
  ): unknown;
  namespace autocannon {
    interface Options {
      url: string;
      connections?: number;
      duration?: number;
      method?: string;
      headers?: Record<string, string>;
      body?: string;
      timeout?: number;
    }
    interface Histogram {
      average: number;
      p50: number;
      p99: number;
      total: number;
    }
    interface Result {
      duration: number;
      errors: number;
      timeouts: number;
      non2xx: number;
      '2xx': number;
      requests: Histogram;
      latency: Histogram;
      statusCodeStats: Record<string, { count: number }>;
    }
  }
  export = autocannon;
}
