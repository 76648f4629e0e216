/**
 * Where the always-on content script's time goes, as a browser runs it (page scripts on, its
 * timers and watchers included): V8's sampling profiler over each page load, restricted to the
 * samples whose stack holds a frame of the always-on script or of its second part.
 *
 * The built extension is copied, with its always-on.js and page-deep.js replaced by the same
 * entries bundled without minifying (readable function names; the code is the same). Every PROFILE_STRIDE-th
 * page of each corpus, loaded once. `npm run bench -- content-profile`. A diagnostic: sampling
 * (every 50 µs) slows the script, so the totals are above the bench's; the shares are the point.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchWithExtension } from './browser';
import { bundleScript } from './bundle';
import { WAIT_AFTER_LOAD_MS } from './content-time';
import { benchPages, type CorpusName, everyNth, servePages } from './pages';

/** The always-on script and its second part, each rebuilt readable from the same entry. */
const SCRIPTS = {
  'always-on.js': `
import { extensionLifetime } from '@/utils/content/lifetime';
import { startPage } from '@/utils/content/start';
startPage(extensionLifetime());
`,
  'page-deep.js': `
import { installDeep } from '@/utils/content/deep-impl';
installDeep();
`,
} as const;
type Script = keyof typeof SCRIPTS;

/** What CDP's Profiler.stop returns (the parts used here). */
interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  samples?: number[];
  timeDeltas?: number[];
}

/** Line (1-based) where each bundled module starts, from esbuild's `// path` comments. */
type Modules = [number, string][];

function modulesOf(file: string): Modules {
  const out: Modules = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      const m = /^ {2}\/\/ ((?:utils|node_modules|entrypoints)\/\S+)$/.exec(line);
      if (m) out.push([i + 1, (m[1] as string).replace(/^node_modules\//, '')]);
    });
  return out;
}

function moduleAt(modules: Modules, line: number): string {
  let name = '?';
  for (const [start, m] of modules) {
    if (start > line) break;
    name = m;
  }
  return name;
}

async function readableCopy(extDir: string, into: string): Promise<Map<Script, Modules>> {
  cpSync(resolve(extDir), into, { recursive: true });
  const out = new Map<Script, Modules>();
  for (const [script, contents] of Object.entries(SCRIPTS) as [Script, string][]) {
    await readable(script, contents, into);
    out.set(script, modulesOf(join(into, script)));
  }
  return out;
}

async function readable(script: Script, contents: string, into: string) {
  await bundleScript(contents, join(into, script), {
    sourcefile: `${script}-entry.ts`,
    minify: false,
  });
}

export interface ProfileResult {
  pages: number;
  /** Sampled ms in the script per page, by corpus. */
  perPage: { corpus: CorpusName; page: string; ms: number }[];
  /** Function (name:line) -> ms summed over all pages, where it is on the stack. */
  inclusive: Map<string, number>;
  /** Function -> ms where it is the innermost frame of the script (native calls included). */
  self: Map<string, number>;
  /** Per page, function -> its inclusive ms on that page (for medians that no outlier moves). */
  pageInclusive: Map<string, number>[];
}

function add(map: Map<string, number>, key: string, ms: number) {
  map.set(key, (map.get(key) ?? 0) + ms);
}

/**
 * `only`: page names to profile (substrings), e.g. from BROADSHEET_PROFILE_PAGES; then every
 * page of each corpus whose name holds one of them, whatever the stride.
 */
export async function contentProfile(
  extDir: string,
  stride = 4,
  only: readonly string[] = [],
): Promise<ProfileResult> {
  const dir = mkdtempSync(join(tmpdir(), 'broadsheet-profile-'));
  const ext = join(dir, 'ext');
  const modules = await readableCopy(extDir, ext);
  const servers = await servePages();
  const { ctx } = await launchWithExtension(ext, dir);
  const result: ProfileResult = {
    pages: 0,
    perPage: [],
    inclusive: new Map(),
    self: new Map(),
    pageInclusive: [],
  };
  try {
    const pages = only.length
      ? benchPages().filter((p) => only.some((name) => p.name.includes(name)))
      : everyNth(benchPages(), stride);
    for (const p of pages) {
      const url = servers.url(p);
      const page = await ctx.newPage();
      try {
        // Same origin first, so the profiled load stays in this renderer process.
        await page.goto(new URL('/nothing-here', url).href);
        const cdp = await ctx.newCDPSession(page);
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
        await cdp.send('Profiler.start');
        await page.goto(url, { waitUntil: 'load', timeout: 20_000 });
        await page.waitForTimeout(WAIT_AFTER_LOAD_MS);
        const { profile } = await cdp.send('Profiler.stop');
        const ms = attribute(profile, modules, result);
        result.perPage.push({ corpus: p.corpus, page: p.name, ms });
        result.pages++;
      } catch {
        // A page that does not load is left out.
      } finally {
        await page.close().catch(() => undefined);
      }
    }
  } finally {
    await ctx.close().catch(() => undefined);
    await servers.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return result;
}

/** Adds one profile's samples of the script to `into`; returns its sampled ms. */
function attribute(
  profile: CpuProfile,
  modules: Map<Script, Modules>,
  into: ProfileResult,
): number {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let total = 0;
  const page = new Map<string, number>();
  into.pageInclusive.push(page);
  for (let i = 0; i < samples.length; i++) {
    // The time until the next sample belongs to this one.
    const ms = (deltas[i + 1] ?? 0) / 1000;
    const ours: string[] = [];
    for (let id: number | undefined = samples[i]; id !== undefined; id = parent.get(id)) {
      const f = byId.get(id)?.callFrame;
      const script = f && (Object.keys(SCRIPTS) as Script[]).find((s) => f.url.endsWith(`/${s}`));
      if (f && script) {
        const line = f.lineNumber + 1;
        const where = `${moduleAt(modules.get(script) ?? [], line)}:${line}`;
        ours.push(`${f.functionName || '(anonymous)'} (${where})`);
      }
    }
    if (!ours.length) continue;
    total += ms;
    add(into.self, ours[0] as string, ms);
    for (const key of new Set(ours)) {
      add(into.inclusive, key, ms);
      add(page, key, ms);
    }
  }
  return total;
}
