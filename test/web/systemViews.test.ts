/// <reference lib="dom" />
/**
 * The elevator, chat and data hub system views in the page, in headless chromium: each
 * renders its parts for its scenario (shafts with cars, doors and lights; a conversation
 * per client and the servers' roles; a row per stream with its readers), changes while
 * the run goes on (cars move, lights light, messages get delivered, frame counts grow),
 * and rebuilds the same picture from a saved trace in replay mode, forward and backward.
 * Screenshots go to test-output/web/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { startUiServer } from '../../src/web/index.ts';
import { runScenario, writeTrace } from '../../src/runtime/index.ts';
import { launchChromium } from './browser.ts';

const outDir = 'test-output/web';
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;

/** Opens a saved trace in replay mode. */
async function openReplay(path: string) {
  await page.click('[data-testid=mode-replay]');
  await page.fill('[data-testid=trace-path]', path);
  await page.click('[data-testid=trace-open]');
  await expect.poll(() => page.textContent('[data-testid=replay-position]'), { timeout: 10_000 }).toMatch(/^record (\d+) \/ \1 /);
}

/** Moves the replay to virtual time `t`. */
function scrubTo(t: number) {
  return page.evaluate((t) => {
    const state = (window as any).troupe;
    const input = document.querySelector('[data-testid=replay-scrub]') as HTMLInputElement;
    input.value = String(state.replay.indexAtTime(t));
    input.dispatchEvent(new Event('input'));
  }, t);
}

/** A UI server on `scenario` (seed 1) with the page on it, and a saved trace of its first `traceMs`. */
async function openLive(scenario: string, speed: number, traceMs: number) {
  const name = scenario.replace(/^scenarios\//, '').replace(/\.ts$/, '').replace(/\W+/g, '-');
  const trace = `${outDir}/${name}-seed1.jsonl`;
  const run = await runScenario(scenario, { seed: 1, host: 'inline', durationMs: traceMs });
  writeTrace(trace, run.header, run.records);
  // The live run outlasts the tests even on a loaded machine.
  const ui = await startUiServer({ scenarioPath: scenario, seed: 1, port: 0, speed, durationMs: 600_000 });
  await page.goto(ui.url);
  return { ui, trace };
}

// Chromium is a stated requirement (README, .ci/run installs it): without it these tests fail, never skip.
describe('system views', () => {
  beforeAll(async () => {
    mkdirSync(outDir, { recursive: true });
    browser = await launchChromium();
    page = await browser.newPage();
  });

  afterAll(async () => {
    await browser?.closeAll();
  });

  describe('elevator', () => {
    let ui: Awaited<ReturnType<typeof startUiServer>>;
    let trace: string;
    beforeAll(async () => ({ ui, trace } = await openLive('scenarios/elevator/normal-traffic.ts', 4, 20_000)));
    afterAll(async () => ui?.close());

    it('draws a shaft per elevator with its car, four floors of cab lights and the existing hall buttons', async () => {
      await page.waitForSelector('[data-testid=elevator-view] .elev-group', { timeout: 10_000 });
      expect(await page.textContent('#view-title')).toBe('Elevator shafts');
      expect(await page.locator('.elev-group').count()).toBe(3);
      expect(await page.locator('.elev-car').count()).toBe(3);
      expect(await page.locator('.elev-cab').count()).toBe(12);
      // Floors 0-2 have an up button, floors 1-3 a down button: 6 per elevator.
      expect(await page.locator('.elev-hall').count()).toBe(18);
      await expect.poll(() => page.locator('.elev-group[data-role="primary"]').count(), { timeout: 5_000 }).toBe(1);
      expect(await page.textContent('[data-testid="elevator-role-elevator-1"]')).toMatch(/PRIMARY|BACKUP/);
    });

    it('moves cars between floors, opens doors and lights acknowledged calls as the run goes on', async () => {
      // 4 s of wall time at 4x: 16 s of passengers pressing every 1-4 s.
      type Seen = { positions: string[]; doors: string[]; motors: string[]; lit: number };
      const seen = await page.evaluate(() => new Promise<Seen[]>((resolve) => {
        const cars = () => [...document.querySelectorAll('.elev-car')].map((c) => (c as SVGGElement).dataset);
        const list: Seen[] = [];
        const timer = setInterval(() => list.push({
          positions: cars().map((d) => d.position!), doors: cars().map((d) => d.door!), motors: cars().map((d) => d.motor!),
          lit: document.querySelectorAll('.elev-lights [data-lit="true"]').length,
        }), 50);
        setTimeout(() => (clearInterval(timer), resolve(list)), 4_000);
      }));
      const positions = new Set(seen.flatMap((s) => s.positions));
      const between = [...positions].filter((p) => Math.abs(Number(p) - Math.round(Number(p))) > 0.1);
      expect(between.length, `positions seen: ${[...positions].join(' ')}`).toBeGreaterThan(0);
      expect(seen.some((s) => s.motors.some((m) => m !== 'stop'))).toBe(true);
      expect(seen.some((s) => s.doors.includes('open'))).toBe(true);
      expect(Math.max(...seen.map((s) => s.lit))).toBeGreaterThan(0);
      await page.locator('.panel.system').screenshot({ path: `${outDir}/elevator-view.png` });
      await page.screenshot({ path: `${outDir}/elevator-live.png` });
    });

    it('shows a crashed elevator crossed out, and replays a saved trace forward and backward', async () => {
      // Heartbeat dots fly over the topology all the time, so the node is selected by its own click event.
      await page.locator('.node[data-actor="elevator-2"]').dispatchEvent('click');
      await expect.poll(() => page.textContent('.actor-title')).toContain('elevator-2');
      await page.click('[data-testid=crash-actor]');
      await page.waitForSelector('.elev-group[data-elevator="elevator-2"][data-status="crashed"]', { timeout: 5_000 });
      await expect.poll(() => page.textContent('[data-testid="elevator-status-elevator-2"]')).toContain('crashed');
      await page.locator('.panel.system').screenshot({ path: `${outDir}/elevator-crashed.png` });
      await openReplay(trace);
      await scrubTo(500);
      await expect.poll(() => page.locator('.elev-group').count()).toBe(3);
      await expect.poll(() => page.$$eval('.elev-car', (cars) => cars.map((c) => (c as SVGGElement).dataset.position))).toEqual(['0.000', '0.000', '0.000']);
      await scrubTo(14_000);
      await expect.poll(() => page.$$eval('.elev-car', (cars) => cars.some((c) => Number((c as SVGGElement).dataset.position) > 0.5))).toBe(true);
      await page.locator('.panel.system').screenshot({ path: `${outDir}/elevator-replay.png` });
      await scrubTo(500);
      await expect.poll(() => page.$$eval('.elev-car', (cars) => cars.map((c) => (c as SVGGElement).dataset.position))).toEqual(['0.000', '0.000', '0.000']);
      await page.click('[data-testid=mode-live]');
    });
  });

  describe('chat', () => {
    let ui: Awaited<ReturnType<typeof startUiServer>>;
    let trace: string;
    beforeAll(async () => ({ ui, trace } = await openLive('scenarios/chat/steady.ts', 1, 8_000)));
    afterAll(async () => ui?.close());

    it('shows a conversation per client and the servers with one leader', async () => {
      await page.waitForSelector('[data-testid=chat-view]', { timeout: 10_000 });
      expect(await page.textContent('#view-title')).toBe('Chat conversations');
      await expect.poll(() => page.locator('.chat-client').count(), { timeout: 5_000 }).toBe(3);
      await expect.poll(() => page.locator('.chat-server').count()).toBe(3);
      await expect.poll(() => page.locator('.chat-server[data-role="leader"]').count(), { timeout: 5_000 }).toBe(1);
      await expect.poll(() => page.locator('.chat-server[data-role="follower"]').count()).toBe(2);
    });

    it('fills the conversations as messages are sent, acknowledged and delivered', async () => {
      const count = () => page.evaluate(() => ({
        sent: document.querySelectorAll('.chat-bubble[data-kind="sent"]').length,
        received: document.querySelectorAll('.chat-bubble[data-kind="received"]').length,
        delivered: document.querySelectorAll('.chat-bubble[data-status="delivered"]').length,
      }));
      const before = await count();
      await page.waitForTimeout(2_500);
      const after = await count();
      expect(after.sent).toBeGreaterThan(before.sent);
      expect(after.received).toBeGreaterThan(0);
      expect(after.delivered).toBeGreaterThan(0);
      await expect.poll(() => page.textContent('[data-testid=chat-summary]')).toMatch(/accounts 3/);
      await page.locator('.panel.system').screenshot({ path: `${outDir}/chat-view.png` });
      await page.screenshot({ path: `${outDir}/chat-live.png` });
    });

    it('replays a saved trace: more of the conversation at a later position, less when scrubbed back', async () => {
      await openReplay(trace);
      const bubbles = () => page.locator('.chat-bubble').count();
      await scrubTo(6_000);
      await expect.poll(bubbles).toBeGreaterThan(10);
      const late = await bubbles();
      await scrubTo(1_000);
      await expect.poll(bubbles).toBeLessThan(late);
      // The view redraws a few times a second: wait for the scrubbed position to be drawn.
      await expect.poll(() => page.locator('.chat-server[data-role="leader"]').count()).toBe(1);
      await page.click('[data-testid=mode-live]');
    });
  });

  describe('datahub', () => {
    let ui: Awaited<ReturnType<typeof startUiServer>>;
    let trace: string;
    beforeAll(async () => ({ ui, trace } = await openLive('scenarios/datahub/three-pis.ts', 1, 6_000)));
    afterAll(async () => ui?.close());

    it('lists the nine streams with their handlers, states and links to the live hub\'s stream pages', async () => {
      await page.waitForSelector('[data-testid=datahub-view]', { timeout: 10_000 });
      expect(await page.textContent('#view-title')).toBe('Data hub streams');
      await expect.poll(() => page.locator('.hub-table tbody tr').count(), { timeout: 5_000 }).toBe(9);
      await expect.poll(() => page.locator('.hub-table tr[data-state="streaming"]').count(), { timeout: 8_000 }).toBeGreaterThanOrEqual(6);
      const href = await page.getAttribute('tr[data-stream="pi-1.eeg"] a.hub-open', 'href');
      expect(href).toBe('http://127.0.0.1:8080/stream.html?stream=pi-1.eeg');
      expect(await page.textContent('[data-testid=hub-help]')).toContain('troupe hub');
    });

    it('updates rates, reader frame counts and lag while the streams run', async () => {
      const readers = () => page.$$eval('.hub-reader[data-reader]', (chips) => chips.map((c) => c.textContent ?? ''));
      await expect.poll(async () => (await readers()).length, { timeout: 5_000 }).toBeGreaterThanOrEqual(3);
      const framesOf = (texts: string[]) => texts.map((t) => Number(/ (\d+) fr /.exec(t)?.[1] ?? 0)).reduce((a, b) => a + b, 0);
      const before = framesOf(await readers());
      await page.waitForTimeout(1_500);
      const after = await readers();
      expect(framesOf(after)).toBeGreaterThan(before);
      expect(after.some((t) => / \d+ ms/.test(t))).toBe(true);
      expect(await page.textContent('tr[data-stream="pi-2.eeg"] [data-testid=hub-rate]')).toMatch(/\d+(\.\d)?\/s/);
      await page.locator('.panel.system').screenshot({ path: `${outDir}/datahub-view.png` });
      await page.screenshot({ path: `${outDir}/datahub-live.png` });
    });

    it('replays a saved trace: streams known at a late position, none at the start', async () => {
      await openReplay(trace);
      await scrubTo(5_000);
      await expect.poll(() => page.locator('.hub-table tr[data-state="streaming"]').count()).toBeGreaterThanOrEqual(6);
      await scrubTo(0);
      await expect.poll(() => page.locator('.hub-table tr[data-state="streaming"]').count()).toBe(0);
      await page.click('[data-testid=mode-live]');
    });
  });
});
