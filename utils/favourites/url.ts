/** URL identity for favourites: one normalized form per article, whatever link led to it. */

/** Query parameters that only track the click, never change the page. Lower-case. */
const TRACKING_PARAMS = new Set([
  'fbclid',
  'gclid',
  'gclsrc',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'mc_eid',
  'mc_cid',
  'igshid',
  'igsh',
  '_hsenc',
  '_hsmi',
  '__hssc',
  '__hstc',
  '__hsfp',
  'hsctatracking',
  'mkt_tok',
  'yclid',
  'ysclid',
  'ref_src',
  'ref_url',
  'spm',
  'scm',
  'twclid',
  'ttclid',
  'li_fat_id',
  's_cid',
  'ocid',
  'sr_share',
  'vero_id',
  'vero_conv',
  'oly_enc_id',
  'oly_anon_id',
  'wickedid',
  '_ga',
  '_gl',
  'rb_clickid',
  'xtor',
  'guccounter',
  'guce_referrer',
  'guce_referrer_sig',
  'soc_src',
  'soc_trk',
  '__twitter_impression',
  'smid',
  'smtyp',
  'cmp',
  'ito',
  'at_medium',
  'at_campaign',
  'at_source',
  'at_content',
  'at_term',
  'at_format',
  'at_link',
  'at_ptr_name',
  'ga_source',
  'ga_medium',
  'ga_campaign',
  'echobox',
  'mbid',
  'cmpid',
  'fb_action_ids',
  'fb_action_types',
  'fb_source',
  'fb_ref',
  'action_object_map',
  'action_type_map',
  'action_ref_map',
  'wt_mc',
  'wt.mc_id',
  'pk_campaign',
  'pk_kwd',
  'pk_source',
  'pk_medium',
  'mtm_campaign',
  'mtm_source',
  'mtm_medium',
  'mtm_keyword',
  'mtm_content',
  'ns_source',
  'ns_mchannel',
  'ns_campaign',
  'ns_linkname',
  'ns_fee',
  'campaign_id',
  'ad_id',
  'utm',
]);

/** Prefixes of tracking parameter families (`utm_source`, `utm_medium`, ...). */
const TRACKING_PREFIXES = ['utm_', 'hsa_', 'at_', 'pk_', 'mtm_', 'ns_', 'stm_'];

/** Second-level labels under which country TLDs register names (`example.co.uk`). */
const SECOND_LEVEL = new Set(['co', 'com', 'org', 'net', 'gov', 'ac', 'edu', 'ne', 'or', 'go']);

export function isTrackingParam(name: string): boolean {
  const n = name.toLowerCase();
  return TRACKING_PARAMS.has(n) || TRACKING_PREFIXES.some((p) => n.startsWith(p));
}

function parseHttp(raw: string | undefined | null): URL | null {
  if (typeof raw !== 'string') return null;
  const text = raw.trim();
  if (!text || text.length > 8192) return null;
  try {
    const url = new URL(text);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (!url.hostname) return null;
    return url;
  } catch {
    return null;
  }
}

/** True when `raw` is an absolute http: or https: URL. */
export function isHttpUrl(raw: unknown): raw is string {
  return typeof raw === 'string' && parseHttp(raw) !== null;
}

/**
 * The site a host belongs to, approximated without the Public Suffix List:
 * the last two labels, or three under `co.uk`-style country suffixes. IPs stay whole.
 */
export function registrableHost(hostname: string): string {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (/^[\d.]+$/.test(host) || host.includes(':') || !host.includes('.')) return host;
  const labels = host.split('.');
  const n = labels.length;
  const tld = labels[n - 1] ?? '';
  const sld = labels[n - 2] ?? '';
  const take = tld.length === 2 && SECOND_LEVEL.has(sld) && n >= 3 ? 3 : 2;
  return labels.slice(-take).join('.');
}

/** The host shown and filtered on as "site": lower-case, without a leading `www.`. */
export function siteOf(url: string): string {
  const parsed = parseHttp(url);
  return parsed ? parsed.hostname.replace(/^www\d*\./, '') : '';
}

function normalizeParsed(url: URL): string {
  url.hash = '';
  url.username = '';
  url.password = '';
  const kept = new URLSearchParams();
  for (const [name, value] of url.searchParams) {
    if (!isTrackingParam(name)) kept.append(name, value);
  }
  kept.sort();
  const query = kept.toString();
  url.search = query ? `?${query}` : '';
  // URL already lower-cases scheme and host and drops default ports (:80, :443).
  return url.href;
}

/**
 * The identity of an article URL: http(s) only (else null), lower-case host, no default port,
 * no fragment, no credentials, no tracking parameters, remaining parameters sorted.
 * When the page declares a canonical URL on http(s) and on the same site, that wins.
 */
export function normalizeUrl(raw: string, canonical?: string | null): string | null {
  const url = parseHttp(raw);
  if (!url) return null;
  const canon = parseHttp(canonical);
  if (canon && registrableHost(canon.hostname) === registrableHost(url.hostname)) {
    return normalizeParsed(canon);
  }
  return normalizeParsed(url);
}
