/**
 * Serves the shared corpus on loopback for `npm run eval`: its flat pages (postlight/) and its
 * gzipped ones (aeb/html/<id>.html.gz, asked for as aeb/html/<id>.html), decompressed. Each HTML
 * file goes out with its charset in the header (see `pageCharset`), so a Shift_JIS or EUC-JP page
 * reads as its author wrote it wherever its meta tag sits.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Site } from '../tests/e2e/server';

/**
 * The charset to serve an HTML file with: utf-8 when its bytes are valid UTF-8 (some saved pages
 * were re-encoded on saving and still declare Shift_JIS), else what its markup declares
 * (`<meta charset>` or `http-equiv`), else utf-8.
 */
export function pageCharset(bytes: Buffer): string {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return 'utf-8';
  } catch {
    const head = bytes.subarray(0, 64 * 1024).toString('latin1');
    const m = /<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)/i.exec(head);
    return m?.[1]?.toLowerCase() ?? 'utf-8';
  }
}

export async function serveCorpus(root: string): Promise<Site> {
  const base = resolve(root);
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = normalize(join(base, path));
    if (!file.startsWith(base)) {
      res.writeHead(403).end();
      return;
    }
    let bytes: Buffer | undefined;
    if (existsSync(file) && statSync(file).isFile()) bytes = readFileSync(file);
    else if (existsSync(`${file}.gz`)) bytes = gunzipSync(readFileSync(`${file}.gz`));
    if (!bytes) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const ext = extname(file);
    const type =
      ext === '.html' ? `text/html; charset=${pageCharset(bytes)}` : 'application/octet-stream';
    res.writeHead(200, { 'content-type': type }).end(bytes);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
