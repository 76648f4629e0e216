import { linkOnlyMayHaveChanged } from '../../../components/options/FetchLinkOnly';
import type { SyncStatus } from '../../../utils/sync/engine';

const status = (merge?: Partial<NonNullable<SyncStatus['lastMerge']>>): SyncStatus => ({
  on: true,
  phase: 'idle',
  mirrored: 0,
  favourites: 0,
  ignored: [],
  ignoredCounts: {},
  ...(merge
    ? {
        lastMerge: {
          at: 1,
          ms: 1,
          full: false,
          bookmarksCreated: 0,
          favouritesAdded: 0,
          removed: 0,
          updated: 0,
          ...merge,
        },
      }
    : {}),
});

describe('the link-only count is read again', () => {
  test('after a merge that added or removed favourites, or a full one; once per merge', () => {
    const changed = linkOnlyMayHaveChanged();
    expect(changed(status({ at: 1, favouritesAdded: 1 }))).toBe(true);
    // The same merge's status written again (a storage.sync write after it): not again.
    expect(changed({ ...status({ at: 1, favouritesAdded: 1 }), lastFlush: { at: 2, ms: 3 } })).toBe(
      false,
    );
    expect(changed(status({ at: 2, removed: 2 }))).toBe(true);
    expect(changed(status({ at: 3, full: true }))).toBe(true);
  });

  test('not after a status with no merge, or a merge that only renamed or moved', () => {
    const changed = linkOnlyMayHaveChanged();
    expect(changed(status())).toBe(false);
    expect(changed(status({ at: 5, updated: 3, bookmarksCreated: 1 }))).toBe(false);
  });
});
