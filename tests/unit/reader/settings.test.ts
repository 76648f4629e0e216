import {
  DEFAULT_READER_SETTINGS,
  stepSetting,
  validateReaderSettings,
} from '@/utils/reader-settings';

describe('reader settings', () => {
  it('gives defaults for nothing or garbage', () => {
    expect(validateReaderSettings(undefined)).toEqual(DEFAULT_READER_SETTINGS);
    expect(validateReaderSettings('x')).toEqual(DEFAULT_READER_SETTINGS);
  });

  it('keeps valid values and repairs invalid ones', () => {
    const s = validateReaderSettings({
      theme: 'dark',
      font: 'comic',
      size: 500,
      width: Number.NaN,
      lineHeight: 1.8,
      voice: 42,
      rate: 0.1,
    });
    expect(s).toEqual({
      ...DEFAULT_READER_SETTINGS,
      theme: 'dark',
      size: 36,
      lineHeight: 1.8,
      rate: 0.5,
    });
  });

  it('steps without leaving the limits or drifting', () => {
    let s = { ...DEFAULT_READER_SETTINGS, lineHeight: 1.6 };
    s = stepSetting(s, 'lineHeight', 1);
    expect(s.lineHeight).toBe(1.7);
    s = stepSetting({ ...s, width: 100 }, 'width', 1);
    expect(s.width).toBe(100);
  });
});
