import { createServer } from 'node:http';

/**
 * The ceiling: a bare `node:http` server answering the same bytes as the application's routes,
 * with no framework, no guard and no database. The parent sends `{port, routes}` over IPC, where
 * `routes` maps a path to the status, headers and body the application answered there.
 */
interface Route {
  status: number;
  headers: Record<string, string>;
  body: string;
}

process.once('message', (message: { port: number; routes: Record<string, Route> }) => {
  const routes = new Map(Object.entries(message.routes));
  const server = createServer((request, response) => {
    const route = routes.get(request.url ?? '');
    if (!route) {
      response.writeHead(404).end();
      return;
    }
    // Drain the request body (none is expected) before answering, as a framework would.
    request.resume();
    response.writeHead(route.status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(route.body),
      ...route.headers,
    });
    response.end(route.body);
  });
  server.keepAliveTimeout = 72_000;
  server.listen(message.port, '127.0.0.1', () => process.send?.('ready'));
});
