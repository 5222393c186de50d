import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Frame, Page } from 'playwright-core';

/** axe-core's browser bundle, read once. */
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core in `target` (a page or a frame) over `include` (CSS selectors; the whole document
 * when empty) and answers its violations. The source is evaluated rather than added as a <script>
 * element: extension pages' CSP refuses inline scripts, and evaluation over the DevTools protocol
 * is not subject to it.
 */
export async function axeViolations(target: Page | Frame, include: string[] = []): Promise<AxeViolation[]> {
  const present = await target.evaluate(() => 'axe' in globalThis);
  if (!present) await target.evaluate(axeSource);
  return target.evaluate(async (selectors) => {
    interface Result {
      violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
    }
    const axe = (globalThis as unknown as { axe: { run(c: unknown, o: unknown): Promise<Result> } }).axe;
    const context = selectors.length ? { include: selectors.map((s) => [s]) } : document;
    const result = await axe.run(context, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => JSON.stringify(n.target)),
    }));
  }, include);
}

/** "color-contrast: Elements must meet … [".x", ".y"]", one line per violation, for failure messages. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} ${v.targets.join(' ')}`).join('\n');
}
