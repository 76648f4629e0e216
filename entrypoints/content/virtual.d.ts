// Built by wxt.config.ts (platformCssPlugin) from utils/cleanup/rules.ts.
declare module 'virtual:platform-comments.css';
