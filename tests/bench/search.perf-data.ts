/** The bench's annotations: quotes from the forum article, notes with a long tail of words, tags, 2,000 pages on 100 sites. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../e2e/support/paths';
import { prng } from './random';

const seed = readFileSync(path.resolve(repoRoot, '../shared/seeds/forum-article.txt'), 'utf8');
const ARTICLE = seed.split(/\s+/).filter(Boolean);

/** Made-up words for notes, so the vocabulary has a long tail as real notes do. */
function noteWords(rand: () => number, n: number): string {
  const syl = ['ka', 'lo', 'mi', 'ren', 'sta', 'vu', 'tor', 'nel', 'pri', 'dex', 'qua', 'zo'];
  return Array.from({ length: n }, () => {
    if (rand() < 0.5) return ARTICLE[Math.floor(rand() * ARTICLE.length)];
    const k = 2 + Math.floor(rand() * 3);
    return Array.from({ length: k }, () => syl[Math.floor(rand() * syl.length)]).join('');
  }).join(' ');
}

const TAGS = [
  'policy',
  'soe',
  'platforms',
  'data',
  'tax',
  'governance',
  'to-read',
  'quote',
  'question',
  'eu',
];
const COLOURS = ['yellow', 'green', 'blue', 'pink', 'orange', 'purple'];

/** Annotations `from`..`to`-1 as one W3C AnnotationCollection (the export format). */
export function collection(from: number, to: number): string {
  const rand = prng(from + 1);
  const items = [];
  for (let i = from; i < to; i++) {
    const start = Math.floor(rand() * (ARTICLE.length - 40));
    const exact = ARTICLE.slice(start, start + 6 + Math.floor(rand() * 24)).join(' ');
    const page = Math.floor(rand() * 2000);
    const site = page % 100;
    const stamp = new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString();
    const body = [];
    if (rand() < 0.4)
      body.push({
        type: 'TextualBody',
        value: noteWords(rand, 5 + Math.floor(rand() * 15)),
        purpose: 'commenting',
      });
    for (const tag of TAGS)
      if (rand() < 0.08) body.push({ type: 'TextualBody', value: tag, purpose: 'tagging' });
    const hex = i.toString(16).padStart(12, '0');
    items.push({
      id: `urn:uuid:00000000-0000-4000-8000-${hex}`,
      type: 'Annotation',
      created: stamp,
      modified: stamp,
      ...(body.length ? { body } : {}),
      target: {
        source: `https://site${site}.example.org/articles/${page}`,
        selector: [
          { type: 'TextQuoteSelector', exact, prefix: 'before ', suffix: ' after' },
          { type: 'TextPositionSelector', start: start * 6, end: start * 6 + exact.length },
        ],
      },
      'fa:color': COLOURS[Math.floor(rand() * COLOURS.length)],
      'fa:pageTitle': `Article ${page} on site ${site}`,
      ...(rand() < 0.1 ? { 'fa:pointId': `digital-soe-${1 + Math.floor(rand() * 5)}` } : {}),
    });
  }
  return JSON.stringify({
    '@context': ['http://www.w3.org/ns/anno.jsonld', { fa: 'urn:x-forum-annotator:' }],
    type: 'AnnotationCollection',
    total: items.length,
    first: { type: 'AnnotationPage', items },
  });
}
