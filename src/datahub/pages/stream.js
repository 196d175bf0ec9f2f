// One stream's live view. Data arrives over a WebSocket as batches of processed frames;
// plots are uPlot. Exposes window.hubView (points plotted, last time) for tests.
const params = new URLSearchParams(location.search);
const stream = params.get('stream');
const $ = (id) => document.getElementById(id);
$('name').textContent = stream;
$('csv').href = `/export.csv?stream=${encodeURIComponent(stream)}`;
const WINDOW_S = 5;
const state = { kind: null, channel: 0, times: [], values: [], plot: null, fft: null, points: 0, lastTimeS: 0, batches: 0 };
window.hubView = state;

function linePlot(target, title, xLabel) {
  return new uPlot({ title, width: 640, height: 260, scales: { x: { time: false }, y: { auto: true } },
    axes: [{ label: xLabel }, {}], series: [{}, { label: title, stroke: '#2a6fb0', width: 1 }] }, [[], []], target);
}

function setKind(kind) {
  if (state.kind !== null) return;
  state.kind = kind;
  $('kind').textContent = kind;
  if (kind === 'eeg' || kind === 'pulse') state.plot = linePlot($('plot'), kind === 'eeg' ? 'EEG (µV, filtered 1–60 Hz, 60 Hz notch)' : 'pulse (0–1023)', 'seconds since stream start');
  else $('plot-panel').hidden = true;
  if (kind === 'eeg') {
    $('channel-label').hidden = false;
    for (let c = 0; c < 8; c++) $('channel').add(new Option(`${c + 1}`, String(c)));
    $('channel').onchange = () => { state.channel = Number($('channel').value); state.times = []; state.values = []; };
    $('fft-panel').hidden = $('bands-panel').hidden = $('spectrogram-panel').hidden = false;
    state.fft = new uPlot({ title: 'FFT (PSD, µV²/Hz)', width: 400, height: 260, scales: { x: { time: false }, y: { distr: 3 } },
      axes: [{ label: 'Hz' }, {}], series: [{}, { label: 'PSD', stroke: '#b0552a' }] }, [[], []], $('fft'));
  }
  if (kind === 'video') $('video-panel').hidden = false;
  if (kind === 'pulse') $('bpm-panel').hidden = false;
  if (kind === 'log') $('log-panel').hidden = false;
  if (kind === 'sensehat') $('sensehat-panel').hidden = false;
}

function pushSamples(startTimeS, values) {
  for (let i = 0; i < values.length; i++) {
    state.times.push(startTimeS + i / 250);
    state.values.push(values[i]);
  }
  const cutoff = state.times[state.times.length - 1] - WINDOW_S;
  let drop = 0;
  while (drop < state.times.length && state.times[drop] < cutoff) drop++;
  state.times.splice(0, drop);
  state.values.splice(0, drop);
  state.points += values.length;
  state.lastTimeS = state.times[state.times.length - 1];
}

function drawSpectrogram(frequenciesHz, power) {
  const canvas = $('spectrogram');
  const ctx = canvas.getContext('2d');
  ctx.drawImage(canvas, -2, 0);
  const top = frequenciesHz.findIndex((f) => f > 60);
  const bins = top < 0 ? frequenciesHz.length : top;
  for (let k = 0; k < bins; k++) {
    const db = 10 * Math.log10(power[k] + 1e-9);
    const level = Math.max(0, Math.min(255, Math.round((db + 10) * 6)));
    ctx.fillStyle = `rgb(${level},${Math.round(level * 0.6)},${255 - level})`;
    const y = canvas.height - ((k + 1) / bins) * canvas.height;
    ctx.fillRect(canvas.width - 2, y, 2, canvas.height / bins + 1);
  }
}

function drawVideo(message) {
  const canvas = $('video');
  const ctx = canvas.getContext('2d');
  const bytes = Uint8Array.from(atob(message.thumb), (c) => c.charCodeAt(0));
  const image = ctx.createImageData(48, 36);
  for (let i = 0; i < 48 * 36; i++) {
    const v = bytes[i % bytes.length];
    image.data.set([v, v, v, 255], i * 4);
  }
  const scratch = new OffscreenCanvas(48, 36);
  scratch.getContext('2d').putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(scratch, 0, 0, canvas.width, canvas.height);
  $('video-info').textContent = `frame ${message.seq}, ${message.width}×${message.height}, ${(message.bytes / 1000).toFixed(1)} KB, quality ${message.quality}`;
  state.points++;
}

function onMessage(message) {
  switch (message.type) {
    case 'eeg':
      pushSamples(message.startTimeS, message.channels[state.channel]);
      if (message.spectra) {
        const power = message.spectra.power[state.channel];
        state.fft.setData([message.spectra.frequenciesHz.slice(1), power.slice(1)]);
        const bands = message.spectra.bands[state.channel];
        const largest = Math.max(...Object.values(bands));
        $('bands').replaceChildren(...Object.entries(bands).map(([name, value]) => {
          const bar = document.createElement('div');
          bar.style.width = `${Math.max(2, (value / largest) * 300)}px`;
          bar.textContent = `${name} ${value.toFixed(1)}`;
          return bar;
        }));
        drawSpectrogram(message.spectra.frequenciesHz, power);
      }
      break;
    case 'pulse':
      pushSamples(message.startTimeS, message.values);
      $('bpm').textContent = message.bpm === null ? '–' : Math.round(message.bpm);
      break;
    case 'video':
      drawVideo(message);
      break;
    case 'log':
      $('log').textContent = ($('log').textContent + message.lines.join('\n') + '\n').split('\n').slice(-300).join('\n');
      state.points += message.lines.length;
      break;
    case 'sensehat':
      $('sensehat').textContent = JSON.stringify(message.reading, null, 2);
      state.points++;
      break;
  }
}

function connect() {
  const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/view?stream=${encodeURIComponent(stream)}`);
  for (const command of ['start', 'stop', 'shutdown']) {
    $(command).onclick = () => socket.send(JSON.stringify({ type: 'control', command: command.toUpperCase() }));
  }
  socket.onmessage = (event) => {
    const batch = JSON.parse(event.data);
    setKind(batch.kind);
    state.batches++;
    for (const message of batch.messages) onMessage(message);
    if (state.plot !== null && state.times.length > 0) state.plot.setData([state.times, state.values]);
    const stats = batch.stats ?? {};
    $('rate').textContent = `${stats.receivedPerS ?? '?'} frames/s at the hub`;
    $('loss').textContent = `${stats.lost ?? 0} lost of ${stats.sent ?? 0} sent`;
    $('lag').textContent = `position ${batch.framesRead} read`;
    $('missed').textContent = `${batch.missedTotal} skipped (fell behind)`;
    $('frames').textContent = `${state.points} points`;
  };
  socket.onclose = () => setTimeout(connect, 1000);
}
connect();
