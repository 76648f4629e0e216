import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { platformCss } from './utils/cleanup/platform-css';

/** The always-on content script (entrypoints/always-on.ts) and its stylesheet, as built. */
const ALWAYS_ON_JS = 'always-on.js';
const ALWAYS_ON_CSS = 'always-on.css';

// See README "Permissions" for why each permission is here.
/** Content scripts that run on every page skip webextension-polyfill: it costs ~4 ms a page. */
const NATIVE_BROWSER_ENTRYPOINTS = new Set(['always-on', 'page-deep']);

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  hooks: {
    // The comment-platform rules (utils/cleanup/rules.ts) as a stylesheet listed with the
    // always-on script: the browser applies it from document_start, parses it natively (no
    // script time) and no page CSP can block it.
    'build:publicAssets'(_wxt, files) {
      files.push({ relativeDest: ALWAYS_ON_CSS, contents: platformCss() });
    },
    // The always-on script is an unlisted script (no WXT content-script context: see
    // utils/content/lifetime.ts), so it is listed here, as WXT would list a content script.
    'build:manifestGenerated'(_wxt, manifest) {
      manifest.content_scripts = [
        ...(manifest.content_scripts ?? []),
        {
          matches: ['http://*/*', 'https://*/*'],
          run_at: 'document_start',
          css: [ALWAYS_ON_CSS],
          js: [ALWAYS_ON_JS],
        },
      ];
    },
    'vite:build:extendConfig'(entrypoints, config) {
      if (!entrypoints.every((e) => NATIVE_BROWSER_ENTRYPOINTS.has(e.name))) return;
      // Chrome's MV3 `chrome.*` and Firefox's `browser.*` both return promises: the thin
      // `@wxt-dev/browser` export is all the always-on script needs.
      const native = { find: /^wxt\/browser$/, replacement: '@wxt-dev/browser' };
      config.resolve ??= {};
      const alias = config.resolve.alias;
      config.resolve.alias = Array.isArray(alias)
        ? [native, ...alias]
        : [
            native,
            ...Object.entries(alias ?? {}).map(([find, replacement]) => ({ find, replacement })),
          ];
    },
  },
  vite: () => ({
    plugins: [preact()],
    // For profiling (BROADSHEET_NO_MINIFY=1 npx wxt build): readable function names.
    build: process.env.BROADSHEET_NO_MINIFY ? { minify: false } : {},
  }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: [
      'storage',
      'scripting',
      'contextMenus',
      ...(browser === 'firefox' ? [] : ['offscreen']),
    ],
    // Asked for only when the sync switch is turned on (options page), never at install.
    optional_permissions: ['bookmarks'],
    host_permissions: ['http://*/*', 'https://*/*'],
    // Stricter than Chrome's MV3 default (which allows WebAssembly compilation): our own scripts
    // only, no plugins, no <base>, no form posts, never framed. Tested in tests/e2e/security.
    ...(browser === 'firefox'
      ? {}
      : {
          content_security_policy: {
            extension_pages:
              "script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; " +
              "frame-ancestors 'none'",
          },
        }),
    action: {
      default_title: '__MSG_extName__',
      default_icon: { 16: '/icon/16.png', 32: '/icon/32.png', 48: '/icon/48.png' },
    },
    commands: {
      'toggle-reader': {
        // Chrome refuses Alt+Shift+R for extensions (it leaves the command unassigned).
        suggested_key: { default: browser === 'firefox' ? 'Alt+Shift+R' : 'Alt+R' },
        description: '__MSG_commandToggleReader__',
      },
      'save-page': {
        suggested_key: { default: 'Alt+Shift+S' },
        description: '__MSG_commandSavePage__',
      },
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'broadsheet@broadsheet.example',
              strict_min_version: '140.0',
              data_collection_permissions: { required: ['none'] },
            },
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
});
