import { render } from 'preact';
import { act } from 'preact/test-utils';
import { StorageUsage } from '@/components/options/StorageUsage';

describe('StorageUsage (options page)', () => {
  it('shows the database size with the offline images counted in it', async () => {
    const root = document.createElement('div');
    document.body.append(root);
    const store = {
      count: async () => 3,
      imageUsage: async () => ({ count: 7, bytes: 5 * 1024 * 1024 }),
    };
    await act(async () => {
      // The browser's estimate is below the images' bytes: the images still count.
      render(<StorageUsage store={store} usage={async () => 1024} locale="en" />, root);
    });
    await vi.waitFor(async () => {
      await act(async () => {});
      expect(root.textContent).toBe(
        'Stored: 3 favourites, 5 MB in all, of which 5 MB in 7 offline images.',
      );
    });
  });
});
