/** Serves fixture pages over HTTP on loopback, one server per origin. */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
};

export interface Site {
  /** e.g. `http://127.0.0.1:41234` */
  origin: string;
  close(): Promise<void>;
}

/** How long a `/slow/…` response is held open: longer than any test waits for it. */
const SLOW_MS = 30_000;

/**
 * Serves `root` on `host` (a loopback name), on a free port. Unknown paths answer 404.
 * `/slow/<anything>` answers its headers at once and its body only after 30 s (a tracking
 * pixel that holds the page's `load` event back).
 */
export async function serve(root: string, host: '127.0.0.1' | 'localhost'): Promise<Site> {
  const base = resolve(root);
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path.startsWith('/slow/')) {
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
      const timer = setTimeout(() => res.end(), SLOW_MS);
      res.on('close', () => clearTimeout(timer));
      return;
    }
    let file = normalize(join(base, path));
    if (!file.startsWith(base)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((ok) => server.listen(0, host === 'localhost' ? '127.0.0.1' : host, ok));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://${host}:${port}`,
    close: () =>
      new Promise((ok) => {
        server.close(() => ok());
        // Slow responses still open would hold the close back.
        server.closeAllConnections();
      }),
  };
}
