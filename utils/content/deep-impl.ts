import { finishDetection } from '../article/detect-structure';
import { foldComments, keepUnfolded } from '../cleanup/apply';
import { countComments, findCommentSections, queryEach } from '../cleanup/comments';
import { DEEP_KEY, type DeepApi } from './deep';

/** The second part's implementation, as `entrypoints/page-deep.ts` installs it. */
export const deepApi: DeepApi = {
  finishDetection,
  fold(doc, m, strings, { small, articleRoot }) {
    // One pass for the platform widgets (dozens of selectors), for folding and keeping both.
    const platform = queryEach(doc, m.platforms);
    const sections = small ? findCommentSections(doc, m, { articleRoot, platform }) : [];
    const r = foldComments(sections, doc, strings, (s) => countComments(s, m));
    keepUnfolded(doc, platform);
    return r;
  },
};

export function installDeep(): void {
  (globalThis as unknown as Record<symbol, DeepApi>)[DEEP_KEY] = deepApi;
}
