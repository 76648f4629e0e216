// Code passed to `serviceWorker.evaluate()` runs in the extension, where `chrome` is global.
declare const chrome: typeof import('@wxt-dev/browser').Browser;
