/**
 * Broadsheet's settings: one typed object with defaults, validated on every read so that a
 * corrupt or older stored value never breaks a page. Stored in `storage.sync` (settings only;
 * favourites stay local in IndexedDB).
 */

export interface SiteRule {
  overlays?: boolean;
  comments?: boolean;
  alwaysReader?: boolean;
}

export interface Settings {
  version: 1;
  cleanup: { overlays: boolean; comments: boolean };
  /** Per-site exceptions, keyed by hostname without `www.`. */
  sites: Record<string, SiteRule>;
}

export const SETTINGS_KEY = 'settings';

export const DEFAULT_SETTINGS: Settings = {
  version: 1,
  cleanup: { overlays: true, comments: true },
  sites: {},
};

const MAX_SITES = 2000;

/** A URL, its text, or anything with a host name (a `Location`: no URL to parse). */
export type SiteUrl = URL | string | { readonly hostname: string };

export function siteKey(url: SiteUrl): string {
  const host = (typeof url === 'string' ? new URL(url) : url).hostname.toLowerCase();
  return host.replace(/^www\./, '');
}

function bool(v: unknown, fallback: boolean): boolean {
  return typeof v === 'boolean' ? v : fallback;
}

function parseRule(v: unknown): SiteRule | null {
  if (typeof v !== 'object' || v === null) return null;
  const r = v as Record<string, unknown>;
  const rule: SiteRule = {};
  for (const k of ['overlays', 'comments', 'alwaysReader'] as const) {
    if (typeof r[k] === 'boolean') rule[k] = r[k] as boolean;
  }
  return Object.keys(rule).length ? rule : null;
}

/** Any stored value (or nothing) to valid settings; unknown fields are dropped. */
export function parseSettings(raw: unknown): Settings {
  if (typeof raw !== 'object' || raw === null) {
    // A fresh copy, built by hand: the content script reads this on every page, and
    // structuredClone is one more interface to set up there.
    return { ...DEFAULT_SETTINGS, cleanup: { ...DEFAULT_SETTINGS.cleanup }, sites: {} };
  }
  const r = raw as Record<string, unknown>;
  const cleanup = (typeof r.cleanup === 'object' && r.cleanup) || {};
  const c = cleanup as Record<string, unknown>;
  const sites: Record<string, SiteRule> = {};
  if (typeof r.sites === 'object' && r.sites) {
    for (const [host, v] of Object.entries(r.sites).slice(0, MAX_SITES)) {
      const rule = parseRule(v);
      if (rule && /^[a-z0-9.-]{1,253}$/i.test(host)) sites[host.toLowerCase()] = rule;
    }
  }
  return {
    version: 1,
    cleanup: {
      overlays: bool(c.overlays, DEFAULT_SETTINGS.cleanup.overlays),
      comments: bool(c.comments, DEFAULT_SETTINGS.cleanup.comments),
    },
    sites,
  };
}

/** What applies on one site: the site's exception if any, else the global switch. */
export function effectiveFor(settings: Settings, url: SiteUrl) {
  const rule = settings.sites[siteKey(url)] ?? {};
  return {
    overlays: rule.overlays ?? settings.cleanup.overlays,
    comments: rule.comments ?? settings.cleanup.comments,
    alwaysReader: rule.alwaysReader ?? false,
  };
}

/** A copy of `settings` with one site's rule changed (a rule equal to the defaults is dropped). */
export function withSiteRule(settings: Settings, url: SiteUrl, patch: SiteRule): Settings {
  const key = siteKey(url);
  const rule: SiteRule = { ...settings.sites[key], ...patch };
  for (const k of ['overlays', 'comments'] as const) {
    if (rule[k] === settings.cleanup[k]) delete rule[k];
  }
  if (rule.alwaysReader === false) delete rule.alwaysReader;
  const sites = { ...settings.sites };
  if (Object.keys(rule).length) sites[key] = rule;
  else delete sites[key];
  return { ...settings, sites };
}
