// Thin wrapper over Chart.js (loaded as a classic script from its WebJar, so it is window.Chart).

const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7',
  '#9c755f', '#bab0ac'];

export function color(i) {
  return PALETTE[i % PALETTE.length];
}

/** A time-series chart in a fixed-height box; returns {element, chart}. */
export function timeChart(id, title, { stacked = false, type = 'line', yTitle } = {}) {
  const canvas = document.createElement('canvas');
  const box = document.createElement('div');
  box.className = 'chart card';
  box.id = id;
  const heading = document.createElement('h3');
  heading.textContent = title;
  const holder = document.createElement('div');
  holder.className = 'chart-holder';
  holder.append(canvas);
  box.append(heading, holder);
  if (!window.Chart) {
    holder.textContent = 'Chart.js did not load; charts are unavailable.';
    return { element: box, chart: null };
  }
  const chart = new window.Chart(canvas, {
    type,
    data: { labels: [], datasets: [] },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      elements: { point: { radius: 2 }, line: { tension: 0.2, borderWidth: 2 } },
      plugins: { legend: { position: 'bottom', labels: { boxWidth: 12, font: { size: 11 } } } },
      scales: {
        x: { stacked, ticks: { maxTicksLimit: 8, font: { size: 11 } } },
        y: { stacked, beginAtZero: true, title: { display: !!yTitle, text: yTitle }, ticks: { font: { size: 11 } } },
      },
    },
  });
  return { element: box, chart };
}

/** Replaces a chart's data: labels and {name: values[]} series (kept in a stable colour order). */
export function setSeries(chart, labels, series, { fill = false } = {}) {
  if (!chart) return;
  chart.data.labels = labels;
  chart.$colors = chart.$colors || new Map();
  chart.data.datasets = Object.keys(series).map((name) => {
    if (!chart.$colors.has(name)) chart.$colors.set(name, color(chart.$colors.size));
    const c = chart.$colors.get(name);
    return { label: name, data: series[name], borderColor: c, backgroundColor: fill ? `${c}99` : c, fill };
  });
  chart.update('none');
}
