/** The toolbar button's per-tab look: tooltip, badge and icon say what Broadsheet sees. */
import { browser } from 'wxt/browser';
import type { PageKind } from './article/types';
import { t } from './i18n';
import type { TabState } from './messaging';

type ActionApi = typeof browser.action;

/** MV3 has `action`; Firefox's MV2 build has `browserAction` with the same calls. */
function action(): ActionApi {
  const b = browser as unknown as { action?: ActionApi; browserAction?: ActionApi };
  return (b.action ?? b.browserAction) as ActionApi;
}

const ICON_SIZES = [16, 32, 48, 128] as const;
const iconSet = (variant: 'icon' | 'icon-muted') =>
  Object.fromEntries(ICON_SIZES.map((s) => [s, `/${variant}/${s}.png`]));

const KIND_WORDS: Record<PageKind, string> = {
  discussion: 'kindDiscussion',
  lyrics: 'kindLyrics',
  product: 'kindProduct',
  record: 'kindRecord',
  landing: 'kindLanding',
  video: 'kindVideo',
  newsletter: 'kindNewsletter',
};

/** What kind of page detection saw, in words ("Looks like a discussion thread"), or ''. */
export function kindWords(state: Pick<TabState, 'detection'>): string {
  if (state.detection.isArticle) return '';
  const reason = state.detection.reasons.find((r) => r.startsWith('kind:'));
  const key = reason ? KIND_WORDS[reason.slice(5) as PageKind] : undefined;
  return key ? t(key) : '';
}

export function tooltipFor(state: TabState | null): string {
  const name = t('extName');
  if (!state) return name;
  const parts = [state.detection.isArticle ? t('statusArticle') : t('statusNoArticle')];
  const kind = kindWords(state);
  if (kind) parts.push(kind);
  const done = cleanupSummary(state);
  if (done) parts.push(done);
  if (state.saved) parts.push(t('toolbarSaved'));
  return `${name}: ${parts.join(' · ')}`;
}

/** "1 overlay removed · 2 comment sections hidden", or '' when nothing was done. */
export function cleanupSummary(state: Pick<TabState, 'cleanup'>): string {
  const out: string[] = [];
  const { overlays, comments } = state.cleanup;
  if (overlays)
    out.push(t(overlays === 1 ? 'cleanupOverlayOne' : 'cleanupOverlayMany', `${overlays}`));
  if (comments)
    out.push(t(comments === 1 ? 'cleanupCommentsOne' : 'cleanupCommentsMany', `${comments}`));
  return out.join(' · ');
}

export async function renderToolbar(tabId: number, state: TabState | null): Promise<void> {
  const api = action();
  const article = state?.detection.isArticle ?? false;
  await Promise.all([
    api.setTitle({ tabId, title: tooltipFor(state) }),
    api.setBadgeText({ tabId, text: state?.saved ? '★' : '' }),
    api.setBadgeBackgroundColor({ tabId, color: '#8a1c1c' }),
    api.setIcon({ tabId, path: iconSet(article ? 'icon' : 'icon-muted') }),
  ]).catch(() => {
    // The tab may have closed while we were drawing; nothing to do.
  });
}
