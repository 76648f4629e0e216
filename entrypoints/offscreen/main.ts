// Chrome's service worker has no DOM: DOMPurify runs here, in an offscreen document.
import { listenForSanitizeRequests } from '@/utils/background/sanitize';

listenForSanitizeRequests();
