import packJson from '../../assets/packs/forum-article.json';
import { loadSettings } from '../platform/settings';
import { indexPack } from '../recognition/pack-index';
import type { ArticlePack } from '../shared/pack';
import { isBlocked, type Settings } from '../shared/settings';
import { Annotator } from './annotator';
import { findPoints, type FoundPoint } from './find-points';
import { PointHighlights } from './point-highlights';
import { PointLabels } from './point-labels';
import { ChangeWatcher } from './watch-changes';
import { RevealWatcher } from './watch-reveals';

/**
 * The content script: recognizes the built-in article in this frame once the page is ready, then
 * only where the page changes. One AbortController per page life, so a re-injected script (after
 * an extension update) or a torn-down frame leaves no listener behind.
 */
const PASS_MARK = 'annotator:pass';

/**
 * This frame's address and those of the pages around it (an about:blank or srcdoc frame has none
 * of its own; a frame inside a blocked site stays out too).
 */
function frameUrls(): string[] {
  return [location.href, ...Array.from(location.ancestorOrigins ?? [])];
}

function start(settings: Settings): void {
  const life = new AbortController();
  const signal = life.signal;
  const index = indexPack(packJson as ArticlePack);
  const highlights = new PointHighlights(document);
  const annotator = new Annotator(signal, settings.defaultColour);
  const labels = settings.showLabels
    ? new PointLabels(signal, (p, ranges) => void annotator.annotatePoint(p.point.id, ranges))
    : null;
  const current = new Map<string, FoundPoint>();
  // Hidden text that may hold points is read again when the page's style may have shown it.
  const reveals = new RevealWatcher(signal, (scopes) => watcher.rescan(scopes));

  const pass = async (roots: Node[], firstSlice?: number): Promise<number> => {
    const t0 = performance.now();
    let longest = 0;
    let work: Record<string, number> = {};
    try {
      const result = await findPoints(index, roots, signal, { firstSlice, onShadowRoot });
      longest = result.longestSlice;
      work = { busy: result.busy, slices: result.slices, ...result.phases };
      const renderStart = performance.now();
      for (const f of result.found) {
        current.set(f.point.point.id, f);
        highlights.set(f.point, f.ranges);
        labels?.set(f.point, f.ranges);
      }
      // Rendering runs in the same task as the last slice of the search.
      work.render = performance.now() - renderStart;
      longest = Math.max(longest, result.lastSlice + work.render);
      // Text that was removed takes its highlight with it.
      for (const [id, f] of current) {
        if (!f.ranges.some((r) => r.startContainer.isConnected && !r.collapsed)) {
          current.delete(id);
          highlights.delete(f.point);
          labels?.delete(f.point);
        }
      }
      reveals.note(roots, result.sawHidden && current.size < index.points.length);
    } catch (e) {
      if (!signal.aborted) console.error('Forum Annotator: recognition failed', e);
    }
    const ms = performance.now() - t0;
    // Marks made here are visible to the page's timeline: the tests and the benchmark read them.
    performance.mark(PASS_MARK, { detail: { points: [...current.keys()], ms, longestTask: longest, work } });
    // Late content may hold the text of saved annotations that could not be placed yet.
    annotator.afterPass();
    return ms;
  };

  const watcher = new ChangeWatcher(pass, signal);
  watcher.observe(document);
  // Text a component renders late into its own shadow root changes nothing outside it: each open
  // shadow root read is watched as well, by recognition and by the restoring of highlights.
  function onShadowRoot(root: ShadowRoot): void {
    watcher.observe(root);
    annotator.observe(root);
  }
  void pass([document.body ?? document.documentElement]);
  void annotator.load();
}

// The reader's settings first: on a site they blocked the extension does nothing at all.
void loadSettings().then((settings) => {
  // The mark tells tests (and a curious reader's devtools) that the script ran and stood down.
  if (frameUrls().some((url) => isBlocked(settings, url))) performance.mark('annotator:off');
  else start(settings);
});
