import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { startDataHub, type DataHub } from '../../src/datahub/hubServer.ts';
import { Agent } from '../../src/datahub/agent.ts';

const token = 'browser-token-123';
let hub: DataHub;
let agent: Agent;
let browser: BrowserContext;
const profile = mkdtempSync(join(tmpdir(), 'troupe-chromium-'));

beforeAll(async () => {
  hub = await startDataHub({ token });
  agent = new Agent({ hubUrl: `ws://127.0.0.1:${hub.port}`, token, pi: 'pi-1', kinds: ['eeg', 'video', 'pulse'], reconnectMs: 100, streamer: { searchPeriodMs: 300, frameBytes: 4_000 } });
  agent.start();
  // A fresh profile directory per run (the persistent-context form is how playwright takes --user-data-dir).
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  mkdirSync('test-output', { recursive: true });
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await agent?.stop();
  await hub?.close();
  rmSync(profile, { recursive: true, force: true });
});

describe('data hub browser views', () => {
  it('the live EEG plot moves: new samples arrive and the time axis advances', async () => {
    const page = await browser.newPage();
    await page.goto(`${hub.url}/stream.html?stream=pi-1.eeg`);
    await page.waitForFunction(() => (window as unknown as { hubView: { points: number } }).hubView.points > 100, undefined, { timeout: 10_000 });
    const first = await page.evaluate(() => ({ ...(window as unknown as { hubView: { points: number; lastTimeS: number } }).hubView }));
    await page.waitForTimeout(1_500);
    const later = await page.evaluate(() => ({ ...(window as unknown as { hubView: { points: number; lastTimeS: number } }).hubView }));
    expect(later.points).toBeGreaterThan(first.points + 100);
    expect(later.lastTimeS).toBeGreaterThan(first.lastTimeS + 0.8);
    await page.waitForFunction(() => document.querySelectorAll('#bands div').length === 5, undefined, { timeout: 5_000 });
    await page.screenshot({ path: 'test-output/datahub-eeg.png', fullPage: true });
    await page.close();
  }, 30_000);

  it('shows video frames and a pulse with BPM, and exports a minute of EEG as CSV', async () => {
    const page = await browser.newPage();
    await page.goto(`${hub.url}/stream.html?stream=pi-1.video`);
    await page.waitForFunction(() => /frame \d+/.test(document.getElementById('video-info')!.textContent ?? ''), undefined, { timeout: 10_000 });
    await page.screenshot({ path: 'test-output/datahub-video.png' });
    await page.goto(`${hub.url}/stream.html?stream=pi-1.pulse`);
    await page.waitForFunction(() => /^\d+$/.test(document.getElementById('bpm')!.textContent ?? ''), undefined, { timeout: 15_000 });
    const bpm = Number(await page.textContent('#bpm'));
    expect(bpm).toBeGreaterThan(60);
    expect(bpm).toBeLessThan(85);
    await page.screenshot({ path: 'test-output/datahub-pulse.png' });
    const csv = await (await fetch(`${hub.url}/export.csv?stream=pi-1.eeg`)).text();
    expect(csv.split('\n')[0]).toBe('time_s,ch1_uV,ch2_uV,ch3_uV,ch4_uV,ch5_uV,ch6_uV,ch7_uV,ch8_uV');
    expect(csv.split('\n').length).toBeGreaterThan(250);
    await page.close();
  }, 40_000);

  it('the Stop button stops the stream and Start resumes it, through the front', async () => {
    const page = await browser.newPage();
    await page.goto(`${hub.url}/stream.html?stream=pi-1.eeg`);
    await page.waitForFunction(() => (window as unknown as { hubView: { points: number } }).hubView.points > 0, undefined, { timeout: 10_000 });
    await page.click('#stop');
    await page.waitForTimeout(700);
    const stopped = await page.evaluate(() => (window as unknown as { hubView: { points: number } }).hubView.points);
    await page.waitForTimeout(700);
    expect(await page.evaluate(() => (window as unknown as { hubView: { points: number } }).hubView.points)).toBe(stopped);
    await page.click('#start');
    await page.waitForFunction((n) => (window as unknown as { hubView: { points: number } }).hubView.points > n, stopped, { timeout: 5_000 });
    await page.close();
  }, 30_000);
});
