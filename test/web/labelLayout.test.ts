/**
 * The topology's layout plan (src/web/assets/labelLayout.js): names never cover a node or
 * another name and stay inside the drawing, for 1 to 20 actors in one to four columns
 * (a whole network, or partition groups). The browser test checks the same on the real
 * rendered text (test/web/mirrorView.test.ts).
 */
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain browser ES module without type declarations
import { planLayout, boxesOverlap, boxCircleDistance, viewWidth, viewHeight } from '../../src/web/assets/labelLayout.js';

type Box = { x0: number; y0: number; x1: number; y1: number };
type Spot = { id: string; x: number; y: number; box: Box };

const mirrorIds = (bulbs: number) => [...Array.from({ length: bulbs }, (_, i) => `bulb-${i + 1}`), 'mirror-pi', 'strip-1', 'strip-2'];

function problems(plan: { radius: number; spots: Spot[] }): string[] {
  const found: string[] = [];
  for (const a of plan.spots) {
    if (a.box.x0 < 0 || a.box.y0 < 0 || a.box.x1 > viewWidth || a.box.y1 > viewHeight) found.push(`${a.id}'s name leaves the drawing`);
    for (const b of plan.spots) {
      if (boxCircleDistance(a.box, b.x, b.y) < plan.radius) found.push(`${a.id}'s name covers node ${b.id}`);
      if (a !== b && boxesOverlap(a.box, b.box)) found.push(`${a.id}'s name covers ${b.id}'s`);
      if (a !== b && Math.hypot(a.x - b.x, a.y - b.y) < 2 * plan.radius) found.push(`nodes ${a.id} and ${b.id} overlap`);
    }
  }
  return found;
}

describe('topology label layout', () => {
  it('keeps every name clear of nodes and other names for 1 to 20 actors on one circle', () => {
    for (let count = 1; count <= 20; count++) {
      const ids = count <= 3 ? ['vm-1', 'vm-2', 'vm-3'].slice(0, count) : mirrorIds(count - 3);
      const plan = planLayout([ids]);
      expect(problems(plan), `${count} actors`).toEqual([]);
      expect(plan.fontSize, `${count} actors: names stay readable`).toBeGreaterThanOrEqual(13);
    }
  });

  it('keeps them clear in partitions: 6/6 with the strips, one strip cut off, four groups', () => {
    const all = mirrorIds(12);
    const left = ['bulb-1', 'bulb-2', 'bulb-3', 'bulb-4', 'bulb-5', 'bulb-6', 'strip-1'];
    const layouts = [
      [left, all.filter((id) => !left.includes(id))],
      [['strip-2'], all.filter((id) => id !== 'strip-2')],
      [all.slice(0, 4), all.slice(4, 8), all.slice(8, 12), all.slice(12)],
    ];
    for (const clusters of layouts) expect(problems(planLayout(clusters)), clusters.map((c) => c.length).join('/')).toEqual([]);
  });

  it('puts the mirror\'s names outside the circle: right-hand names start at the node, left-hand names end at it', () => {
    const plan = planLayout([mirrorIds(12)]);
    const right = plan.spots.find((s: Spot & { anchor: string }) => s.id === 'bulb-5')!;
    const left = plan.spots.find((s: Spot & { anchor: string }) => s.id === 'bulb-12')!;
    expect(right.anchor).toBe('start');
    expect(right.box.x0).toBeGreaterThan(right.x + plan.radius);
    expect(left.anchor).toBe('end');
    expect(left.box.x1).toBeLessThan(left.x - plan.radius);
  });
});
