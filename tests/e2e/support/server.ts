import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { corpusDir, demoDir, pagesDir } from './paths';

/** A page built at test time instead of being committed (the huge page: megabytes of filler). */
export interface GeneratedPage {
  html: string;
  expect: Record<string, string>;
}

interface Generator {
  hugePage(): GeneratedPage;
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
};

/** URL prefix -> folder on disk. */
const mounts: [prefix: string, dir: string][] = [
  ['/corpus/', corpusDir],
  ['/pages/', pagesDir],
  ['/demo/', demoDir],
];

let huge: Promise<GeneratedPage> | undefined;

/** The ≈3 MB page with the article buried in the middle, built once per process by tests/pages/generate.mjs. */
export function hugePage(): Promise<GeneratedPage> {
  huge ??= import(pathToFileURL(path.join(pagesDir, 'generate.mjs')).href).then((mod: unknown) =>
    (mod as Generator).hugePage(),
  );
  return huge;
}

export interface StaticServer {
  origin: string;
  close(): Promise<void>;
}

/** Serves the corpus, our hard pages, the demo and the generated huge page on 127.0.0.1 (a free port). */
export async function startServer(): Promise<StaticServer> {
  const server: Server = createServer((req, res) => {
    void respond(req.url ?? '/').then(
      ({ status, type, body }) => {
        res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
        res.end(body);
      },
      (error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error));
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function respond(url: string): Promise<{ status: number; type: string; body: string | Buffer }> {
  const pathname = decodeURIComponent(new URL(url, 'http://x').pathname);
  if (pathname === '/generated/huge.html') {
    return { status: 200, type: types['.html']!, body: (await hugePage()).html };
  }
  for (const [prefix, dir] of mounts) {
    if (!pathname.startsWith(prefix)) continue;
    const file = path.resolve(dir, '.' + pathname.slice(prefix.length - 1));
    if (file !== dir && !file.startsWith(dir + path.sep)) break;
    const target = pathname.endsWith('/') ? path.join(file, 'index.html') : file;
    try {
      const body = await readFile(target);
      return { status: 200, type: types[path.extname(target)] ?? 'application/octet-stream', body };
    } catch {
      break;
    }
  }
  return { status: 404, type: 'text/plain; charset=utf-8', body: `not found: ${pathname}` };
}
