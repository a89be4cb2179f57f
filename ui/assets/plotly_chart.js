// A plotly chart drawn once per change (ui/plotly_chart.py). Streamlit's own plotly element
// mounts a new chart whenever its figure changes and then draws it twice (a new plot, then the
// same figure again once its theme effect has run); this element keeps its chart and hands
// each new figure to Plotly.react, which redraws what changed, once.
//
// plotly.js is the plotly package's own file, served by the app (plotly_early.py) and loaded
// once per page by whichever asks first: the page's head, the login form's warm-up, or here.
// While a figure is being drawn its element carries the attribute data-xl-drawing (the
// benchmark and the browser tests wait for it to go; window.xlDrawnAt is when the last draw
// ended). A click on a bar that carries codes (customdata) is sent to the server as the
// trigger "click".

let plotly = null;

function loadPlotly(address) {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (plotly === null) {
    const url = new URL(address, document.baseURI).href;
    plotly = import(url).then(() => window.Plotly);
  }
  return plotly;
}

// A button over the chart (shown on hover or focus) that puts it on the whole screen, at the
// screen's height, and back: what Streamlit's toolbar offered beside its charts.
function offerFullscreen(host, chart, labels) {
  if (host.querySelector('.xl-chart-full')) return;
  const doc = host.ownerDocument;
  host.classList.add('xl-chart-host');
  const button = doc.createElement('button');
  button.type = 'button';
  button.className = 'xl-chart-full';
  button.textContent = '\u26F6';
  const full = () => doc.fullscreenElement === host;
  const name = () => {
    const label = full() ? labels.exit : labels.enter;
    button.setAttribute('aria-label', label);
    button.title = label;
  };
  button.addEventListener('click', () => {
    if (full()) doc.exitFullscreen().catch(() => {});
    else host.requestFullscreen().catch(() => {});
  });
  host.addEventListener('fullscreenchange', () => {
    name();
    if (window.Plotly && chart.classList.contains('js-plotly-plot')) {
      const height = full() ? window.innerHeight : chart.xlHeight;
      window.Plotly.relayout(chart, { height });
    }
  });
  name();
  host.appendChild(button);
}

export default function (component) {
  const { parentElement, data, setTriggerValue } = component;
  // the element's HTML (ui/plotly_chart.py), there from the moment the element is
  const chart = parentElement.querySelector('.xl-chart');
  chart.xlTrigger = setTriggerValue;
  if (data.fullscreen) offerFullscreen(parentElement, chart, data.fullscreen);
  if (chart.xlDrawn === data.figure) return undefined;
  chart.xlDrawn = data.figure;
  chart.setAttribute('data-xl-drawing', '');
  if (data.label) chart.setAttribute('aria-label', data.label);
  const figure = JSON.parse(data.figure);
  chart.xlHeight = figure.layout.height ?? null;
  loadPlotly(data.plotly)
    .then((Plotly) => Plotly.react(chart, figure.data, figure.layout, data.config))
    .then(() => {
      if (data.clickable && !chart.xlListening) {
        chart.xlListening = true;
        chart.on('plotly_click', (event) => {
          const points = event.points.map((p) => ({ customdata: p.customdata ?? null }));
          chart.xlTrigger('click', { points });
        });
      }
    })
    .finally(() => {
      // a newer figure may have come while this one was drawn: that one's own draw clears it
      if (chart.xlDrawn === data.figure) chart.removeAttribute('data-xl-drawing');
      window.xlDrawnAt = performance.now(); // when the page's last chart was drawn
    });
  return () => {
    if (!chart.isConnected && window.Plotly) window.Plotly.purge(chart);
  };
}
