/**
 * The JSON-LD export against the W3C annotation-model JSON Schemas (web-platform-tests'
 * annotation-model suite, draft-04): every exported Annotation passes every assertion that
 * annotationMusts.test lists, and the collection passes the collection definitions.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { toJsonLd } from '../../src/background/export/jsonld';
import { sample } from './support/backbone';

const SUITE = '/work/shared/peer-suites/wpt-annotation-model';
const readJson = (file: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(SUITE, file), 'utf8')) as Record<string, unknown>;

/** A validator with every definition file registered under its relative id (e.g. `annotations.json`). */
function validator(): Ajv {
  // strict: false: the suite's schemas carry its own keywords (assertionType, expectedResult, ...).
  const ajv = new Ajv({ strict: false, allErrors: true });
  // The suite checks created/modified with format date-time and IRIs with format uri.
  addFormats(ajv, ['date-time', 'uri']);
  for (const file of readdirSync(join(SUITE, 'definitions'))) ajv.addSchema(readJson(`definitions/${file}`));
  return ajv;
}

const musts = (readJson('annotations/annotationMusts.test').assertions as string[]).map((file) => ({
  file,
  schema: readJson(file),
}));

const records = [
  sample(),
  sample({ note: 'A note with **Markdown** and an accent: économie', tags: ['policy', 'Tax reform'] }),
  sample({ tags: ['only-a-tag'], color: 'green', pointId: 'digital-soe-1', title: '' }),
  sample({ url: 'https://example.org/a?x=1&y=%20z', quote: 'quote "with" quotes, and\nnew lines' }),
];
const NOW = '2025-03-01T10:00:00.000Z';
const doc = JSON.parse(toJsonLd(records, NOW)) as {
  '@context': unknown;
  first: { items: Record<string, unknown>[] };
};
/** In the collection each annotation inherits the collection's @context, as JSON-LD does. */
const annotations: Record<string, unknown>[] = doc.first.items.map((item) => ({
  '@context': doc['@context'],
  ...item,
}));

describe('JSON-LD export against the W3C annotation-model schemas', () => {
  const ajv = validator();

  it('the suite lists all its assertions', () => {
    expect(musts.length).toBe(54);
  });

  it.each(musts.map((m) => [m.file, m.schema] as const))('%s', (_file, schema) => {
    const validate = ajv.compile(schema);
    for (const [i, annotation] of annotations.entries()) {
      const valid = validate(annotation);
      expect(valid, `annotation ${i}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    }
  });

  it.each([
    'annotationCollectionTypeValueFound',
    'labelFound',
    'totalFound',
    'firstValidIfPresent',
    'firstRequiredIfTotalMoreThanZero',
  ])('the collection: %s', (definition) => {
    const validate = ajv.getSchema(`collections.json#/definitions/${definition}`);
    if (!validate) throw new Error(`no definition ${definition}`);
    expect(validate(doc), ajv.errorsText(validate.errors)).toBe(true);
  });

  it('an export that breaks the model is caught (the check is not vacuous)', () => {
    const validate = ajv.compile(musts.find((m) => m.file.includes('annotationCreatedValidated'))!.schema);
    expect(validate({ ...annotations[0], created: 'yesterday' })).toBe(false);
    const target = ajv.compile(musts.find((m) => m.file.includes('targetKeyFound'))!.schema);
    const { target: _t, ...noTarget } = annotations[0]!;
    expect(target(noTarget)).toBe(false);
  });
});
