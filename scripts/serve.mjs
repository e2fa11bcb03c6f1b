// A small static server for the demo: serves the repository's web/, bindings/ and dist/ (the
// page imports the package as a user would). Loopback only. PORT picks the port (default 8080,
// or the next free one).
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const served = ['web', 'bindings', 'dist'];
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.bin': 'application/octet-stream',
};

export function startServer({ port = Number(process.env.PORT) || 8080, host = '127.0.0.1', tries = 20 } = {}) {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path === '/') {
      res.writeHead(302, { Location: '/web/' });
      return res.end();
    }
    const file = normalize(join(root, path.endsWith('/') ? path + 'index.html' : path));
    const top = file.slice(root.length).split(sep)[0];
    if (!file.startsWith(root) || !served.includes(top)) {
      res.writeHead(404);
      return res.end('not found');
    }
    try {
      if (!(await stat(file)).isFile()) throw new Error('not a file');
      const body = await readFile(file);
      res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end('not found');
    }
  });
  return new Promise((resolve, reject) => {
    let attempt = 0;
    server.on('error', (err) => {
      if (err.code === 'EADDRINUSE' && ++attempt < tries && port !== 0) {
        server.listen(++port, host);
      } else {
        reject(err);
      }
    });
    server.on('listening', () => resolve({ server, url: `http://${host}:${server.address().port}/web/` }));
    server.listen(port, host);
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { url } = await startServer();
  console.log(`tokvec demo: ${url}  (Ctrl+C to stop)`);
}
