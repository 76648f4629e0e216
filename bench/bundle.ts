/**
 * Content-script code bundled for a bench-built extension, as wxt.config.ts builds it: one IIFE,
 * `@/` from the project root, `wxt/browser` as the browser's own promise-based API (no
 * polyfill). `source` replaces one module's text (a copy with timing in it, say).
 */
import { resolve } from 'node:path';
import { build } from 'esbuild';

const ROOT = resolve('.');

export interface BundleOptions {
  /** The entry's name in messages and stacks. */
  sourcefile: string;
  minify?: boolean;
  /** Modules whose path matches `filter` get `contents` instead of their file. */
  source?: { filter: RegExp; contents: string };
}

export async function bundleScript(
  entry: string,
  outfile: string,
  { sourcefile, minify = true, source }: BundleOptions,
): Promise<void> {
  await build({
    stdin: { contents: entry, resolveDir: ROOT, loader: 'ts', sourcefile },
    outfile,
    bundle: true,
    minify,
    format: 'iife',
    target: 'chrome120',
    logLevel: 'error',
    plugins: [
      {
        name: 'broadsheet-bench-aliases',
        setup(b) {
          b.onResolve({ filter: /^wxt\/browser$/ }, () =>
            b.resolve('@wxt-dev/browser', { resolveDir: ROOT, kind: 'import-statement' }),
          );
          b.onResolve({ filter: /^@\// }, (args) =>
            b.resolve(`./${args.path.slice(2)}`, { resolveDir: ROOT, kind: args.kind }),
          );
          if (source) {
            b.onLoad({ filter: source.filter }, (args) => ({
              contents: source.contents,
              loader: 'ts',
              resolveDir: resolve(args.path, '..'),
            }));
          }
        },
      },
    ],
  });
}
