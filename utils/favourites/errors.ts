/** Typed failures of the favourites store, so the UI can say what happened in words. */
export type StoreErrorCode = 'quota' | 'invalid' | 'failed' | 'tag';

const MESSAGES: Record<StoreErrorCode, string> = {
  quota:
    'Not enough storage space to save favourites. Free some disk space or remove ' +
    'favourites, then try again. Nothing already saved was lost.',
  invalid: 'This page cannot be saved: it has no http(s) address.',
  failed: 'Saving failed. Nothing already saved was lost; please try again.',
  tag: 'A tag cannot be empty or contain a comma or “|”: they separate tags.',
};

/** i18n keys for each code (see public/_locales). */
export const STORE_ERROR_KEYS: Record<StoreErrorCode, string> = {
  quota: 'favErrorQuota',
  invalid: 'favErrorInvalid',
  failed: 'favErrorFailed',
  tag: 'favErrorTag',
};

export class StoreError extends Error {
  readonly code: StoreErrorCode;
  override readonly cause?: unknown;

  constructor(code: StoreErrorCode, message = MESSAGES[code], cause?: unknown) {
    super(message);
    this.name = 'StoreError';
    this.code = code;
    this.cause = cause;
  }
}

function errorName(error: unknown): string {
  if (error && typeof error === 'object' && 'name' in error) return String(error.name);
  return '';
}

/** True for the quota errors browsers raise (Chrome, Firefox, Safari spell them alike). */
export function isQuotaError(error: unknown): boolean {
  const name = errorName(error);
  if (name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_ERR') return true;
  const inner = error && typeof error === 'object' && 'cause' in error ? error.cause : null;
  return inner ? isQuotaError(inner) : false;
}

/** Any failure as a StoreError (quota recognised, the rest `failed`). */
export function toStoreError(error: unknown): StoreError {
  if (error instanceof StoreError) return error;
  if (isQuotaError(error)) return new StoreError('quota', undefined, error);
  const detail = error instanceof Error ? `: ${error.message}` : '';
  return new StoreError('failed', `${MESSAGES.failed}${detail}`, error);
}
