import { describe, expect, it } from 'vitest';
import { urlSignals } from '../../../utils/article/detect-signals';
import { addressOf } from '../../../utils/background/address';

describe('addressOf: what a content script is told of its address', () => {
  it('says what urlSignals says of an http(s) address, with the address it was said of', () => {
    const url = 'https://news.example/2024/05/14/heatwave-brings-record-demand-pools';
    expect(addressOf(url)).toEqual({ address: { url, signals: urlSignals(new URL(url)) } });
    expect(addressOf(url).address?.signals).toEqual(['url:date', 'url:slug']);
    expect(addressOf('https://news.example/').address?.signals).toEqual(['url:home']);
  });

  it('says nothing of other schemes, of no address, or of one that does not parse', () => {
    expect(addressOf(undefined)).toEqual({});
    expect(addressOf('file:///home/a.html')).toEqual({});
    expect(addressOf('chrome-extension://abc/popup.html')).toEqual({});
    expect(addressOf('http://')).toEqual({});
  });
});
