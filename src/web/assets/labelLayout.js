// @ts-check
/**
 * Where the topology puts its nodes and their names so that no name covers a node or
 * another name. Each cluster (the whole system, or one partition group) is an ellipse in
 * its own column; a node's name sits outside it, along the ray from the ellipse's centre
 * (anchored at its start on the right, its end on the left, centred at the top and
 * bottom), and its role goes inside the node. The ellipse leaves room for the longest
 * name on every side. If names still collide (many nodes, narrow columns), the name font
 * shrinks step by step; past `crowdedActorsMin` actors the page hides names anyway.
 *
 * Pure: no DOM. Text widths are estimated from the character count (`charWidthEm`),
 * generously, since the real font is only known to the browser.
 */

/** Drawing size of the topology (the svg's viewBox). */
export const viewWidth = 1000;
export const viewHeight = 640;
/** Above this many actors names are hidden (only the selected one shows). */
export const crowdedActorsMin = 24;
/** Name font sizes tried, largest first. */
export const labelFontSizes = [19, 17, 15, 13, 11];
/** Average glyph advance of a bold system-ui name, in em (measured ~0.56; rounded up). */
const charWidthEm = 0.62;
/** Gap between a node's edge and its name. */
const labelGap = 9;
/** Room for a column's "group A" caption. */
const captionHeight = 28;
const nodeRadiusMax = 48;
const nodeRadiusMin = 5;

/**
 * @typedef {{ id: string, x: number, y: number, labelX: number, labelY: number, anchor: 'start' | 'middle' | 'end',
 *   box: { x0: number, y0: number, x1: number, y1: number } }} Spot
 * @typedef {{ x0: number, y0: number, x1: number, y1: number }} Box
 */

/** Estimated box of a name of `chars` characters at `fontSize`. */
export function labelWidth(chars, fontSize) {
  return chars * fontSize * charWidthEm;
}

/**
 * Node positions, node radius, name font size and each name's place.
 *
 * @example
 * planLayout([['a', 'b', 'c']]).spots[0] // { id: 'a', x: 500, y: …, labelX: 500, labelY: …, anchor: 'middle', box }
 * @param {string[][]} clusters actor ids per column
 * @returns {{ radius: number, fontSize: number, spots: Spot[], frames: Box[], collisions: number }}
 */
export function planLayout(clusters) {
  const longest = Math.max(1, ...clusters.flat().map((id) => id.length));
  /** @type {ReturnType<typeof planLayout> | undefined} */
  let best;
  for (const fontSize of labelFontSizes) {
    const plan = planAt(clusters, fontSize, longest);
    if (best === undefined || plan.collisions < best.collisions) best = plan;
    if (plan.collisions === 0) return plan;
  }
  return /** @type {ReturnType<typeof planLayout>} */ (best);
}

/** One attempt at a given name font size. */
function planAt(clusters, fontSize, longest) {
  const columns = Math.max(1, clusters.length);
  const columnWidth = viewWidth / columns;
  const nameWidth = labelWidth(longest, fontSize);
  const top = columns > 1 ? captionHeight : 0;
  let radius = nodeRadiusMax;
  /** @type {Spot[]} */
  let spots = [];
  // Twice: the radius depends on the spacing, the spacing (room kept for names) on the radius.
  for (let pass = 0; pass < 2; pass++) {
    spots = clusters.flatMap((cluster, ci) => {
      const cx = columnWidth * (ci + 0.5);
      const cy = top + (viewHeight - top) / 2;
      const spanX = Math.max(columnWidth * 0.08, columnWidth / 2 - radius - labelGap - nameWidth - 6);
      const spanY = Math.max(30, (viewHeight - top) / 2 - radius - labelGap - fontSize - 6);
      return cluster.map((id, i) => spotOf(id, cx, cy, cluster.length === 1 ? 0 : spanX, cluster.length === 1 ? 0 : spanY, i, cluster.length, radius, fontSize));
    });
    // Never larger than the radius the spans made room for.
    radius = Math.max(nodeRadiusMin, Math.min(radius, 0.36 * nearestDistance(clusters, spots)));
  }
  spots = spots.map((spot, i) => spotOf(spot.id, spot.cx, spot.cy, spot.spanX, spot.spanY, spot.i, spot.n, radius, fontSize));
  const frames = clusters.map((cluster) => frameOf(spots.filter((spot) => cluster.includes(spot.id)), radius));
  return { radius, fontSize, spots: spots.map(({ id, x, y, labelX, labelY, anchor, box }) => ({ id, x, y, labelX, labelY, anchor, box })), frames, collisions: countCollisions(spots, radius) };
}

/** Node i of n on an ellipse, with its name's anchor point, alignment and estimated box. */
function spotOf(id, cx, cy, spanX, spanY, i, n, radius, fontSize) {
  const angle = n === 1 ? Math.PI / 2 : -Math.PI / 2 + (2 * Math.PI * i) / n;
  const cos = Math.cos(angle), sin = Math.sin(angle);
  const x = cx + cos * spanX, y = cy + sin * spanY;
  /** @type {'start' | 'middle' | 'end'} */
  const anchor = cos > 0.3 ? 'start' : cos < -0.3 ? 'end' : 'middle';
  const width = labelWidth(id.length, fontSize);
  // Out along the ray until the name's box clears the node by the gap (diagonal names need more than the radius).
  let reach = radius + labelGap;
  let placed = nameAt(x, y, cos, sin, reach, anchor, width, fontSize);
  for (let step = 0; step < 40 && boxCircleDistance(placed.box, x, y) < radius + labelGap; step++) {
    reach += 2;
    placed = nameAt(x, y, cos, sin, reach, anchor, width, fontSize);
  }
  return { id, x, y, ...placed, anchor, cx, cy, spanX, spanY, i, n };
}

/** The name's anchor point and box at `reach` from the node's centre. */
function nameAt(x, y, cos, sin, reach, anchor, width, fontSize) {
  const labelX = x + cos * reach;
  // Names above or below a node move out by half their height, so they clear the node at any angle.
  const labelY = y + sin * (reach + fontSize / 2);
  const x0 = anchor === 'start' ? labelX : anchor === 'end' ? labelX - width : labelX - width / 2;
  return { labelX, labelY, box: { x0, y0: labelY - fontSize * 0.6, x1: x0 + width, y1: labelY + fontSize * 0.6 } };
}

/**
 * Distance from a circle's centre to the nearest point of a box (0 inside it).
 *
 * @example
 * boxCircleDistance({ x0: 10, y0: -1, x1: 20, y1: 1 }, 0, 0) // 10
 * @param {Box} box
 */
export function boxCircleDistance(box, x, y) {
  const dx = Math.max(box.x0 - x, 0, x - box.x1);
  const dy = Math.max(box.y0 - y, 0, y - box.y1);
  return Math.hypot(dx, dy);
}

/** The smallest distance between two nodes of the same cluster (columns are apart by construction). */
function nearestDistance(clusters, spots) {
  let nearest = Infinity;
  let offset = 0;
  for (const cluster of clusters) {
    const own = spots.slice(offset, offset + cluster.length);
    offset += cluster.length;
    for (let a = 0; a < own.length; a++) for (let b = a + 1; b < own.length; b++) nearest = Math.min(nearest, Math.hypot(own[a].x - own[b].x, own[a].y - own[b].y));
  }
  return Number.isFinite(nearest) ? nearest : 2 * nodeRadiusMax / 0.36;
}

/** A partition frame around a cluster's nodes and names. */
function frameOf(spots, radius) {
  const pad = 10;
  const x0 = Math.min(...spots.map((s) => Math.min(s.x - radius, s.box.x0))) - pad;
  const x1 = Math.max(...spots.map((s) => Math.max(s.x + radius, s.box.x1))) + pad;
  const y0 = Math.min(...spots.map((s) => Math.min(s.y - radius, s.box.y0))) - pad - captionHeight + 6;
  const y1 = Math.max(...spots.map((s) => Math.max(s.y + radius, s.box.y1))) + pad;
  return { x0: Math.max(2, x0), y0: Math.max(2, y0), x1: Math.min(viewWidth - 2, x1), y1: Math.min(viewHeight - 2, y1) };
}

/** @param {Box} a @param {Box} b */
export function boxesOverlap(a, b) {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

/** Name boxes that overlap a node, another name, or leave the drawing. */
function countCollisions(spots, radius) {
  let collisions = 0;
  for (const spot of spots) {
    const { box } = spot;
    if (box.x0 < 0 || box.y0 < 0 || box.x1 > viewWidth || box.y1 > viewHeight) collisions++;
    for (const other of spots) {
      if (other !== spot && boxesOverlap(box, other.box)) collisions++;
      if (boxCircleDistance(box, other.x, other.y) < radius + 2) collisions++;
    }
  }
  return collisions;
}
