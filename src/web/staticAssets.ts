/**
 * The page's files, served from memory: src/web/assets (the page), src/web/views (one
 * file per system view) and uPlot from node_modules. Nothing is fetched from the
 * internet. Only files present at startup are served, so no request path reaches the
 * file system.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** One file ready to send. */
export interface Asset {
  body: Buffer;
  contentType: string;
}

/** Finds a folder of this module's siblings, also when running from a build (dist/) that did not copy them. */
function siblingFolder(name: string): string {
  const here = fileURLToPath(new URL(`./${name}/`, import.meta.url));
  if (existsSync(here)) return here;
  return fileURLToPath(new URL(`../../../src/web/${name}/`, import.meta.url));
}

function addFolder(assets: Map<string, Asset>, folder: string, prefix: string): string[] {
  const names: string[] = [];
  if (!existsSync(folder)) return names;
  for (const name of readdirSync(folder).sort()) {
    const type = contentTypes[extname(name)];
    if (type === undefined) continue;
    assets.set(`${prefix}${name}`, { body: readFileSync(join(folder, name)), contentType: type });
    names.push(name);
  }
  return names;
}

/**
 * Loads every servable file, keyed by URL path, and the list of system views (by system name).
 *
 * @example
 * const { assets, views } = loadAssets(); assets.get('/') // index.html; views // ['lamport']
 */
export function loadAssets(): { assets: Map<string, Asset>; views: string[] } {
  const assets = new Map<string, Asset>();
  addFolder(assets, siblingFolder('assets'), '/assets/');
  const index = assets.get('/assets/index.html');
  if (index !== undefined) assets.set('/', index);
  const views = addFolder(assets, siblingFolder('views'), '/views/').filter((name) => name.endsWith('.js')).map((name) => name.slice(0, -3));
  const uplotDist = dirname(createRequire(import.meta.url).resolve('uplot'));
  for (const name of ['uPlot.esm.js', 'uPlot.min.css']) {
    const path = join(uplotDist, name);
    if (existsSync(path)) assets.set(`/vendor/uplot/${name}`, { body: readFileSync(path), contentType: contentTypes[extname(name)]! });
  }
  return { assets, views };
}
