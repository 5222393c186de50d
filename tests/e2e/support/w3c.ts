/** Annotations to seed an extension's store with, written as the W3C Web Annotation JSON it imports. */
export interface Seed {
  id: string;
  url: string;
  title: string;
  exact: string;
  note: string;
  tags: string[];
  color: string;
  modified: string;
}

/** A plain yellow highlight with no note or tags; `fields` give what a test cares about. */
export const seed = (fields: Pick<Seed, 'id' | 'url' | 'exact'> & Partial<Seed>): Seed => ({
  title: '',
  note: '',
  tags: [],
  color: 'yellow',
  modified: '2025-05-05T10:00:00.000Z',
  ...fields,
});

/** `records` as a W3C AnnotationCollection (what `importAnnotations` takes). */
export function w3c(records: Seed[]): string {
  return JSON.stringify({
    '@context': 'http://www.w3.org/ns/anno.jsonld',
    type: 'AnnotationCollection',
    total: records.length,
    first: {
      type: 'AnnotationPage',
      items: records.map((r) => ({
        id: `urn:uuid:${r.id}`,
        type: 'Annotation',
        created: r.modified,
        modified: r.modified,
        body: [
          ...(r.note ? [{ type: 'TextualBody', value: r.note, purpose: 'commenting' }] : []),
          ...r.tags.map((t) => ({ type: 'TextualBody', value: t, purpose: 'tagging' })),
        ],
        target: {
          source: r.url,
          selector: [
            { type: 'TextQuoteSelector', exact: r.exact, prefix: 'the ', suffix: ' and' },
            { type: 'TextPositionSelector', start: 10, end: 10 + r.exact.length },
          ],
        },
        'fa:color': r.color,
        'fa:pageTitle': r.title,
      })),
    },
  });
}
