// @ts-check
/**
 * The Lamport system's view: each VM's logical clock against virtual time (from its
 * `lamport.log` facts), plotted with uPlot (served locally from node_modules), and a
 * line per VM with its clock, tick rate and queue length.
 *
 * A system view is one file `src/web/views/<system>.js` whose default export is
 * `{ title, create(host, api) }`; `create` returns `{ records(list), reset(), resize?(), destroy?() }`.
 * See docs/ui.md.
 */

/** Points kept per VM; past it every other old point is dropped (the curve keeps its shape). */
const pointsPerActorMax = 1500;
/** VMs plotted at once (the selected one first); the plot's aligned data grows with VMs × points. */
const plottedActorsMax = 8;

/** @type {Promise<any> | undefined} */
let uPlotLoading;
function loadUPlot() {
  if (!document.querySelector('link[data-uplot]')) {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = '/vendor/uplot/uPlot.min.css';
    link.dataset.uplot = '';
    document.head.append(link);
  }
  uPlotLoading ??= import('/vendor/uplot/uPlot.esm.js').then((m) => m.default);
  return uPlotLoading;
}

export default {
  title: 'Lamport clocks vs virtual time',
  /**
   * @param {HTMLElement} host
   * @param {{ actors(): string[], colour(id: string): string, selected?(): string | undefined, model?(): any }} api
   */
  create(host, api) {
    const plotHost = document.createElement('div');
    plotHost.className = 'lamport-plot';
    const stats = document.createElement('div');
    stats.className = 'lamport-stats';
    host.replaceChildren(plotHost, stats);
    /** @type {Map<string, { t: number[], clock: number[], rate?: number, queue?: number }>} */
    let series = new Map();
    let plot;
    let dirty = true;
    let actorsKey = '';

    const ensure = (id) => {
      let s = series.get(id);
      if (!s) series.set(id, (s = { t: [], clock: [] }));
      return s;
    };

    /** uPlot wants one x array: merge every VM's samples, with nulls where a VM has none. */
    const alignedData = (ids) => {
      const times = [...new Set(ids.flatMap((id) => series.get(id)?.t ?? []))].sort((a, b) => a - b);
      const index = new Map(times.map((t, i) => [t, i]));
      const columns = ids.map((id) => {
        const column = new Array(times.length).fill(null);
        const s = series.get(id);
        if (s) s.t.forEach((t, i) => (column[index.get(t)] = s.clock[i]));
        return column;
      });
      return [times.map((t) => t / 1000), ...columns];
    };

    const build = async (ids) => {
      const uPlot = await loadUPlot();
      plot?.destroy();
      const { width, height } = size();
      plot = new uPlot({
        width, height,
        scales: { x: { time: false } },
        axes: [
          { stroke: '#8b96a8', grid: { stroke: '#222a36' }, ticks: { stroke: '#2c3442' }, label: 'virtual time (s)', labelSize: 18 },
          { stroke: '#8b96a8', grid: { stroke: '#222a36' }, ticks: { stroke: '#2c3442' }, label: 'logical clock', labelSize: 18 },
        ],
        legend: { show: false },
        cursor: { drag: { x: true, y: false } },
        series: [{ label: 't (s)' }, ...ids.map((id) => ({ label: id, stroke: api.colour(id), width: 1.6, spanGaps: true, points: { show: false } }))],
      }, alignedData(ids), plotHost);
    };

    const size = () => ({ width: Math.max(200, host.clientWidth - 8), height: Math.max(120, host.clientHeight - 48) });

    const draw = () => {
      if (!dirty) return;
      dirty = false;
      const all = api.actors().filter((id) => series.has(id));
      const selected = api.selected?.();
      const ids = (selected !== undefined && all.includes(selected) ? [selected, ...all.filter((id) => id !== selected)] : all).slice(0, plottedActorsMax);
      const key = ids.join(',');
      if (key !== actorsKey || !plot) {
        actorsKey = key;
        void build(ids);
      } else plot.setData(alignedData(ids));
      if (all.length > ids.length) stats.dataset.more = `showing ${ids.length} of ${all.length} VMs (the selected one first)`;
      else delete stats.dataset.more;
      stats.replaceChildren(...ids.map((id) => {
        const s = series.get(id);
        const line = document.createElement('span');
        line.className = 'lamport-stat';
        line.innerHTML = `<i style="background:${api.colour(id)}"></i>`;
        // Numeric facts may be thinned at high rates; the model's facts come from the exact snapshot.
        const rate = s.rate ?? api.model?.().actors.get(id)?.facts['lamport.rate'] ?? '?';
        line.append(`${id}: clock ${s.clock[s.clock.length - 1] ?? 0} · ${rate} ticks/s · queue ${s.queue ?? 0}`);
        return line;
      }), stats.dataset.more ?? '');
    };
    const timer = setInterval(draw, 250);

    return {
      records(list) {
        for (const r of list) {
          if (r.kind === 'crash') {
            // A crashed VM has no clock until it restarts at 0: drop the line at the crash.
            const s = ensure(r.actor);
            s.t.push(r.t, r.t + 0.001);
            s.clock.push(s.clock[s.clock.length - 1] ?? 0, 0);
            dirty = true;
          }
          if (r.kind !== 'fact') continue;
          const s = ensure(r.actor);
          if (r.name === 'lamport.rate') s.rate = r.value;
          if (r.name !== 'lamport.log') continue;
          s.t.push(r.t);
          s.clock.push(r.value.clock);
          s.queue = r.value.queueLength;
          if (s.t.length > pointsPerActorMax) {
            s.t = s.t.filter((_, i) => i % 2 === 0 || i > s.t.length - 100);
            s.clock = s.clock.filter((_, i) => i % 2 === 0 || i > s.clock.length - 100);
          }
          dirty = true;
        }
      },
      reset() {
        series = new Map();
        dirty = true;
      },
      resize() {
        plot?.setSize(size());
      },
      destroy() {
        clearInterval(timer);
        plot?.destroy();
      },
    };
  },
};
