import { describe, expect, it } from 'vitest';
import { isOnSite, normalizeUrl, siteOf } from '../../src/shared/url';

describe('normalizeUrl', () => {
  it.each([
    ['drops the fragment', 'https://example.org/a#section-2', 'https://example.org/a'],
    ['drops an empty fragment', 'https://example.org/a#', 'https://example.org/a'],
    ['lowercases the host', 'https://News.Example.ORG/Path', 'https://news.example.org/Path'],
    [
      'keeps the path case',
      'https://example.org/CaseSensitive/Path',
      'https://example.org/CaseSensitive/Path',
    ],
    ['drops the default https port', 'https://example.org:443/a', 'https://example.org/a'],
    ['drops the default http port', 'http://example.org:80/a', 'http://example.org/a'],
    ['keeps another port', 'https://example.org:8443/a', 'https://example.org:8443/a'],
    [
      'drops utm_* parameters',
      'https://example.org/a?utm_source=x&utm_medium=y&utm_campaign=z',
      'https://example.org/a',
    ],
    ['drops utm_ in any case', 'https://example.org/a?UTM_Source=x&id=3', 'https://example.org/a?id=3'],
    ['drops fbclid', 'https://example.org/a?fbclid=IwAR0abc', 'https://example.org/a'],
    ['drops gclid and dclid', 'https://example.org/a?gclid=1&dclid=2', 'https://example.org/a'],
    ['drops msclkid', 'https://example.org/a?msclkid=1', 'https://example.org/a'],
    ['drops mc_cid and mc_eid', 'https://example.org/a?mc_cid=1&mc_eid=2', 'https://example.org/a'],
    ['drops igshid and _ga', 'https://example.org/a?igshid=1&_ga=2', 'https://example.org/a'],
    ['drops ref_src', 'https://example.org/a?ref_src=twsrc%5Etfw', 'https://example.org/a'],
    [
      'keeps other parameters in order',
      'https://example.org/a?z=1&utm_source=x&a=2&id=3',
      'https://example.org/a?z=1&a=2&id=3',
    ],
    ['keeps repeated parameters', 'https://example.org/a?t=1&t=2', 'https://example.org/a?t=1&t=2'],
    [
      'keeps the encoding of kept parameters',
      'https://example.org/s?q=a%20b+c&gclid=1',
      'https://example.org/s?q=a%20b+c',
    ],
    [
      'keeps a parameter that only contains a tracker name',
      'https://example.org/a?autm_source=1',
      'https://example.org/a?autm_source=1',
    ],
    ['drops an empty query', 'https://example.org/a?', 'https://example.org/a'],
    ['drops empty parameter slots', 'https://example.org/a?&&id=1&', 'https://example.org/a?id=1'],
    [
      'handles an encoded tracker name',
      'https://example.org/a?utm%5Fsource=x&p=1',
      'https://example.org/a?p=1',
    ],
    ['drops the fragment after trackers', 'https://example.org/a?fbclid=1#top', 'https://example.org/a'],
    ['adds the root path', 'https://example.org', 'https://example.org/'],
    ['trims spaces', '  https://example.org/a  ', 'https://example.org/a'],
    ['leaves a non-URL alone except its fragment', 'not a url#x', 'not a url'],
    ['handles IDN hosts (punycode)', 'https://BÜCHER.example/a', 'https://xn--bcher-kva.example/a'],
    ['keeps file URLs', 'file:///home/me/page.html#p2', 'file:///home/me/page.html'],
  ])('%s', (_name, input, expected) => {
    expect(normalizeUrl(input)).toBe(expected);
  });

  it('is idempotent', () => {
    const once = normalizeUrl('https://Example.org:443/a?b=1&utm_x=2#c');
    expect(normalizeUrl(once)).toBe(once);
  });
});

describe('siteOf / isOnSite', () => {
  it.each([
    ['https://www.example.org/a', 'example.org', true],
    ['https://news.example.org/a', 'example.org', true],
    ['https://example.org/a', 'www.example.org', true],
    ['https://example.org/a', 'https://example.org/path', true],
    ['https://badexample.org/a', 'example.org', false],
    ['https://example.org.evil.com/a', 'example.org', false],
    ['https://example.org/a', '', false],
  ])('%s on %s: %s', (url, site, expected) => {
    expect(isOnSite(url, site)).toBe(expected);
  });

  it('drops www.', () => expect(siteOf('https://www.Example.org/x')).toBe('example.org'));
});
