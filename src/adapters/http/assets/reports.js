// Draws the charts of the reports page with Chart.js, under the strict Content-Security-Policy: no inline script,
// so the figures travel in each canvas's data-chart attribute and this file (in every page's head, since htmx does
// not run scripts that arrive in swapped content) draws whatever charts a page or a swap brings. Chart.js itself
// is loaded only when a chart is there. Readable without colour: each series has its own hatching, and every bar
// carries its number; the table after each chart has the same figures for screen readers (the canvas is an image
// with a label pointing to it).
(() => {
  let loading = null;

  function loadChartJs(src) {
    if (window.Chart) return Promise.resolve(window.Chart);
    if (!loading)
      loading = new Promise((resolve, reject) => {
        const script = document.createElement('script');
        script.src = src;
        script.onload = () => resolve(window.Chart);
        script.onerror = () => {
          loading = null;
          reject(new Error(`could not load ${src}`));
        };
        document.head.appendChild(script);
      });
    return loading;
  }

  const INK = '#1b1f24';

  /** Fills that differ by shape, not only by hue: solid, diagonal hatching, dots, cross-hatching. */
  function fillFor(index) {
    const size = 8;
    const tile = document.createElement('canvas');
    tile.width = size;
    tile.height = size;
    const c = tile.getContext('2d');
    const shades = ['#2f5597', '#ffffff', '#ffffff', '#ffffff'];
    c.fillStyle = shades[index % shades.length];
    c.fillRect(0, 0, size, size);
    c.strokeStyle = INK;
    c.fillStyle = INK;
    c.lineWidth = 1.5;
    const kind = index % 4;
    if (kind === 1) {
      c.beginPath();
      c.moveTo(0, size);
      c.lineTo(size, 0);
      c.moveTo(-2, 2);
      c.lineTo(2, -2);
      c.moveTo(size - 2, size + 2);
      c.lineTo(size + 2, size - 2);
      c.stroke();
    } else if (kind === 2) {
      c.beginPath();
      c.arc(size / 2, size / 2, 1.5, 0, Math.PI * 2);
      c.fill();
    } else if (kind === 3) {
      c.beginPath();
      c.moveTo(0, size / 2);
      c.lineTo(size, size / 2);
      c.moveTo(size / 2, 0);
      c.lineTo(size / 2, size);
      c.stroke();
    }
    return c.createPattern(tile, 'repeat');
  }

  /** Writes each bar's number at its end, in the page's language. */
  function valueLabels(format) {
    return {
      id: 'redressValueLabels',
      afterDatasetsDraw(chart) {
        const c = chart.ctx;
        const horizontal = chart.options.indexAxis === 'y';
        c.save();
        c.font = '12px system-ui, sans-serif';
        c.fillStyle = INK;
        chart.data.datasets.forEach((dataset, i) => {
          const meta = chart.getDatasetMeta(i);
          if (meta.hidden) return;
          meta.data.forEach((bar, j) => {
            const text = format.format(dataset.data[j]);
            if (horizontal) {
              c.textAlign = 'left';
              c.textBaseline = 'middle';
              c.fillText(text, bar.x + 4, bar.y);
            } else {
              c.textAlign = 'center';
              c.textBaseline = 'bottom';
              c.fillText(text, bar.x, bar.y - 2);
            }
          });
        });
        c.restore();
      },
    };
  }

  function draw(Chart, canvas) {
    const spec = JSON.parse(canvas.dataset.chart);
    const lang = document.documentElement.lang || 'en';
    const horizontal = spec.orientation === 'bar';
    const box = canvas.parentElement;
    if (box?.dataset.height) box.style.height = `${box.dataset.height}px`;
    const valueAxis = {
      beginAtZero: true,
      grace: '12%',
      ticks: { precision: 0, color: INK },
      grid: { color: '#d5dae1' },
    };
    const labelAxis = { ticks: { color: INK, autoSkip: false }, grid: { display: false } };
    new Chart(canvas, {
      type: 'bar',
      data: {
        labels: spec.labels,
        datasets: spec.series.map((s, i) => ({
          label: s.label,
          data: s.data,
          backgroundColor: fillFor(i),
          borderColor: INK,
          borderWidth: 1,
        })),
      },
      options: {
        indexAxis: horizontal ? 'y' : 'x',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        locale: lang,
        plugins: {
          legend: { display: spec.series.length > 1, labels: { color: INK } },
          tooltip: { enabled: true },
        },
        scales: horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis },
      },
      plugins: [valueLabels(new Intl.NumberFormat(lang))],
    });
    canvas.dataset.drawn = 'true';
  }

  function drawIn(root) {
    const scope = root?.querySelectorAll ? root : document;
    for (const button of scope.querySelectorAll('[data-print]')) {
      if (button.dataset.bound) continue;
      button.dataset.bound = 'true';
      button.hidden = false;
      button.addEventListener('click', () => window.print());
    }
    const canvases = [...scope.querySelectorAll('canvas[data-chart]:not([data-drawn])')];
    if (canvases.length === 0) return;
    loadChartJs(canvases[0].dataset.chartSrc)
      .then((Chart) => {
        // Charts of content htmx has swapped out are let go.
        for (const chart of Object.values(Chart.instances)) if (!chart.canvas.isConnected) chart.destroy();
        for (const canvas of canvases) if (!canvas.dataset.drawn && canvas.isConnected) draw(Chart, canvas);
      })
      .catch(() => {
        // Without the library the tables still give every figure.
      });
  }

  document.addEventListener('htmx:load', (event) => drawIn(event.detail?.elt));
  if (document.readyState === 'loading')
    document.addEventListener('DOMContentLoaded', () => drawIn(document));
  else drawIn(document);
})();
