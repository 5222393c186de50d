/**
 * W3C Web Annotation JSON-LD: an AnnotationCollection with one AnnotationPage holding every record.
 * The mapping is 1:1, so the importer gives back identical records: note -> TextualBody
 * (commenting, text/markdown), each tag -> TextualBody (tagging), target -> source + [TextQuote,
 * TextPosition] selectors; colour, point id and page title use the `fa:` namespace.
 */
import type { Annotation } from '../../shared/annotation';
import { piecesWriter, writeAll, type ExportWriter } from './writer';

export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';
export const FA_NAMESPACE = 'urn:x-forum-annotator:';
export const JSONLD_CONTEXT = [ANNO_CONTEXT, { fa: FA_NAMESPACE }] as const;

export interface W3cTextualBody {
  type: 'TextualBody';
  value: string;
  purpose: 'commenting' | 'tagging';
  format?: string;
}

export interface W3cAnnotation {
  id: string;
  type: 'Annotation';
  motivation: 'commenting' | 'highlighting';
  created: string;
  modified: string;
  body?: W3cTextualBody[];
  target: { source: string; selector: Annotation['target']['selector'] };
  'fa:color': string;
  'fa:pageTitle': string;
  'fa:pointId'?: string;
}

export function toW3cAnnotation(a: Annotation): W3cAnnotation {
  const body: W3cTextualBody[] = [];
  if (a.note !== '')
    body.push({ type: 'TextualBody', value: a.note, format: 'text/markdown', purpose: 'commenting' });
  for (const tag of a.tags) body.push({ type: 'TextualBody', value: tag, purpose: 'tagging' });
  const [quote, position] = a.target.selector;
  const out: W3cAnnotation = {
    id: `urn:uuid:${a.id}`,
    type: 'Annotation',
    motivation: a.note !== '' ? 'commenting' : 'highlighting',
    created: a.created,
    modified: a.modified,
    target: { source: a.url, selector: [{ ...quote }, { ...position }] },
    'fa:color': a.color,
    'fa:pageTitle': a.title,
  };
  if (body.length > 0) out.body = body;
  if (a.pointId !== undefined) out['fa:pointId'] = a.pointId;
  return out;
}

export const jsonLdWriter = (): ExportWriter =>
  piecesWriter(
    (a) => ({ id: a.id, modified: a.modified, text: JSON.stringify(toW3cAnnotation(a)) }),
    (pieces, exportedAt) => {
      const collection = {
        '@context': JSONLD_CONTEXT,
        type: 'AnnotationCollection',
        label: 'Forum Annotator export',
        'fa:exported': exportedAt,
        total: pieces.length,
        first: { type: 'AnnotationPage', startIndex: 0, items: [0] },
      };
      // One annotation per line: a third of the size of a fully indented file, still readable and diffable.
      const [head, tail] = JSON.stringify(collection).split('[0]');
      return `${head}[\n${pieces.map((p) => p.text).join(',\n')}\n]${tail}\n`;
    },
  );

/** The W3C AnnotationCollection of `annotations`, newest first. */
export const toJsonLd = (annotations: readonly Annotation[], exportedAt: string): string =>
  writeAll(jsonLdWriter(), annotations, exportedAt);
