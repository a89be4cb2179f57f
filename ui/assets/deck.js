// The presentation's controller (Trình chiếu): lays out the slides the page has drawn, and
// presents them one at a time, scaled to the window, with nothing else on screen.
//
// The page draws every slide at the stage's size (1280x720) in containers keyed
// "xl-slide-<i>" inside the container "xl-deck"; this script only moves and scales them:
// as an overview in the page, and, when presenting, the current one over everything. Keys
// (a clicker sends PageDown/PageUp, some send the arrows or "b"): next, previous, Home, End,
// a number and Enter, O the overview, N the notes under the slide, P the presenter's window,
// F full screen, B a black screen, Esc back. The slide shown is in the link (?slide=3).

const W = 1280;
const H = 720;
const NEXT = new Set(['ArrowRight', 'ArrowDown', 'PageDown', ' ', 'Enter']);
const PREV = new Set(['ArrowLeft', 'ArrowUp', 'PageUp', 'Backspace']);

function slidesOf(doc) {
  const out = [];
  for (let i = 0; ; i++) {
    const el = doc.querySelector('.st-key-xl-slide-' + i);
    if (!el) return out;
    out.push(el);
  }
}

function setSlideParam(n) {
  const url = new URL(window.location.href);
  if (n === null) url.searchParams.delete('slide');
  else url.searchParams.set('slide', String(n));
  window.history.replaceState(window.history.state, '', url.toString());
}

export default function (component) {
  const { parentElement, data } = component;
  const doc = parentElement.ownerDocument;
  const root = doc.documentElement;
  const state = window.__xlDeck || (window.__xlDeck = { current: 0, presenting: false });
  state.data = data;
  const count = data.titles.length;
  state.current = Math.min(Math.max(state.current, 0), count - 1);
  let typed = '';

  const notesPanel = () => {
    let panel = doc.querySelector('.xl-notes-panel');
    if (!panel) {
      panel = doc.createElement('div');
      panel.className = 'xl-notes-panel';
      doc.body.appendChild(panel);
    }
    return panel;
  };

  function layout() {
    const deck = doc.querySelector('.st-key-xl-deck');
    if (!deck) return;
    const slides = slidesOf(doc);
    const presenting = root.classList.contains('xl-presenting');
    const grid = root.classList.contains('xl-grid');
    if (presenting && !grid) {
      const notes = root.classList.contains('xl-notes');
      const panelHeight = notes ? Math.round(window.innerHeight * 0.22) : 0;
      const width = window.innerWidth;
      const height = window.innerHeight - panelHeight;
      const s = Math.min(width / W, height / H);
      const x = (width - W * s) / 2;
      const y = (height - H * s) / 2;
      slides.forEach((el, i) => {
        el.style.transform = `translate(${x}px, ${y}px) scale(${s})`;
        el.style.visibility = i === state.current ? 'visible' : 'hidden';
        el.classList.toggle('xl-current', i === state.current);
      });
      deck.style.height = '';
      if (notes) {
        const panel = notesPanel();
        panel.style.height = panelHeight + 'px';
        const text = state.data.notes[state.current] || state.data.labels.no_notes;
        // the page is watched for new children: a text set again would be one, and another…
        if (panel.textContent !== text) panel.textContent = text;
      }
      return;
    }
    const width = presenting ? window.innerWidth : deck.clientWidth;
    const gap = 16;
    const columns = presenting ? (width >= 1400 ? 4 : width >= 900 ? 3 : 2)
      : (width >= 1100 ? 3 : width >= 560 ? 2 : 1);
    const s = (width - gap * (columns + (presenting ? 1 : -1))) / columns / W;
    const offset = presenting ? gap : 0;
    slides.forEach((el, i) => {
      const col = i % columns;
      const row = Math.floor(i / columns);
      const x = offset + col * (W * s + gap);
      const y = offset + row * (H * s + gap);
      el.style.transform = `translate(${x}px, ${y}px) scale(${s})`;
      el.style.visibility = 'visible';
      el.classList.toggle('xl-current', presenting && i === state.current);
    });
    const rows = Math.ceil(slides.length / columns);
    deck.style.height = presenting ? '' : `${rows * (H * s + gap) - gap}px`;
  }

  function presenter() {
    const w = state.presenterWindow;
    if (!w || w.closed) return;
    const d = w.document;
    const labels = state.data.labels;
    const next = state.current + 1 < count ? state.data.titles[state.current + 1] : labels.end;
    d.getElementById('count').textContent = `${state.current + 1} / ${count}`;
    d.getElementById('title').textContent = state.data.titles[state.current];
    d.getElementById('notes').textContent = state.data.notes[state.current] || labels.no_notes;
    d.getElementById('next').textContent = `${labels.next}: ${next}`;
  }

  function show(index) {
    state.current = Math.min(Math.max(index, 0), count - 1);
    if (root.classList.contains('xl-presenting')) setSlideParam(state.current + 1);
    layout();
    presenter();
  }

  function start(index) {
    state.presenting = true;
    root.classList.add('xl-presenting');
    root.classList.remove('xl-grid', 'xl-black');
    show(index);
  }

  function stop() {
    state.presenting = false;
    root.classList.remove('xl-presenting', 'xl-grid', 'xl-black', 'xl-notes');
    const panel = doc.querySelector('.xl-notes-panel');
    if (panel) panel.remove();
    if (doc.fullscreenElement) doc.exitFullscreen().catch(() => {});
    setSlideParam(null);
    layout();
  }

  function fullscreen() {
    if (doc.fullscreenElement) doc.exitFullscreen().catch(() => {});
    else root.requestFullscreen().catch(() => {});
  }

  function openPresenter() {
    const labels = state.data.labels;
    const w = window.open('', 'xeploai-presenter', 'popup,width=960,height=640');
    if (!w) {  // a blocked pop-up: the notes under the slide instead
      root.classList.add('xl-notes');
      layout();
      return;
    }
    state.presenterWindow = w;
    w.document.title = labels.presenter;
    w.document.body.innerHTML = `
      <style>
        body { font-family: "Noto Sans", "Source Sans 3", Arial, sans-serif; margin: 24px;
               background: #111; color: #eee; }
        #count { font-size: 20px; color: #aaa; }
        #clock { float: right; font-size: 20px; color: #aaa; }
        #title { font-size: 30px; font-weight: 700; margin: 12px 0; }
        #notes { font-size: 24px; line-height: 1.45; white-space: pre-wrap; }
        #next { font-size: 18px; color: #aaa; margin-top: 24px; }
      </style>
      <div><span id="count"></span><span id="clock"></span></div>
      <div id="title"></div><div id="notes"></div><div id="next"></div>`;
    const began = Date.now();
    const tick = () => {
      if (w.closed) return;
      const s = Math.floor((Date.now() - began) / 1000);
      w.document.getElementById('clock').textContent =
        `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
      w.setTimeout(tick, 1000);
    };
    tick();
    // keys pressed in the presenter's window drive the slides too
    w.document.addEventListener('keydown', (event) => onKey(event));
    presenter();
  }

  function onKey(event) {
    const presenting = root.classList.contains('xl-presenting');
    if (event.key === 'F5') {
      event.preventDefault();
      start(presenting || event.shiftKey ? state.current : 0);
      return;
    }
    if (!presenting) return;
    const target = event.target;
    if (target && target.closest && target.closest('input, textarea, [contenteditable]')) return;
    const key = event.key;
    let handled = true;
    if (/^[0-9]$/.test(key)) {
      typed += key;
    } else if (key === 'Enter' && typed) {
      show(parseInt(typed, 10) - 1);
      typed = '';
    } else if (root.classList.contains('xl-grid') && (key === 'Escape' || key === 'o' ||
                                                       key === 'O')) {
      root.classList.remove('xl-grid');
      layout();
    } else if (NEXT.has(key)) {
      show(state.current + 1);
    } else if (PREV.has(key)) {
      show(state.current - 1);
    } else if (key === 'Home') {
      show(0);
    } else if (key === 'End') {
      show(count - 1);
    } else if (key === 'o' || key === 'O' || key === 'g' || key === 'G') {
      root.classList.add('xl-grid');
      layout();
    } else if (key === 'n' || key === 'N') {
      root.classList.toggle('xl-notes');
      if (!root.classList.contains('xl-notes')) notesPanel().remove();
      layout();
    } else if (key === 'p' || key === 'P') {
      openPresenter();
    } else if (key === 'f' || key === 'F') {
      fullscreen();
    } else if (key === 'b' || key === 'B' || key === '.') {
      root.classList.toggle('xl-black');
    } else if (key === 'Escape') {
      stop();
    } else {
      handled = false;
    }
    if (handled) {
      event.preventDefault();
      event.stopPropagation();
    }
    if (!/^[0-9]$/.test(key) && key !== 'Enter') typed = '';
  }

  function onClick(event) {
    const slide = event.target.closest && event.target.closest('[class*="st-key-xl-slide-"]');
    if (!slide) return;
    const index = parseInt(slide.className.match(/st-key-xl-slide-(\d+)/)[1], 10);
    const presenting = root.classList.contains('xl-presenting');
    if (!presenting || root.classList.contains('xl-grid')) {
      start(index);
    } else if (root.classList.contains('xl-black')) {
      root.classList.remove('xl-black');
    } else {
      show(state.current + 1);
    }
    event.preventDefault();
  }

  const button = parentElement.querySelector('.xl-start');
  const startFromFirst = () => {
    start(0);
    root.requestFullscreen().catch(() => {});
  };
  if (button) button.addEventListener('click', startFromFirst);
  const presenterButton = parentElement.querySelector('.xl-presenter');
  if (presenterButton) presenterButton.addEventListener('click', openPresenter);

  window.addEventListener('keydown', onKey, true);
  window.addEventListener('resize', layout);
  doc.addEventListener('click', onClick, true);
  // The slides arrive after this controller, one by one, and on a slow machine or link the
  // deck's container itself may not be there yet: watch the whole page for them (and the deck
  // for its size), not only a deck that existed when this ran — else a deck that came later
  // was never laid out and a link to a slide showed none.
  const resized = new ResizeObserver(() => layout());
  let watched = null;
  const watchDeck = () => {
    const deck = doc.querySelector('.st-key-xl-deck');
    if (deck === watched) return;
    if (watched) resized.unobserve(watched);
    watched = deck;
    if (deck) resized.observe(deck);
  };
  const observer = new MutationObserver(() => {
    watchDeck();
    layout();
  });
  observer.observe(doc.body, { childList: true, subtree: true });
  watchDeck();

  if (data.start && !state.started) {
    state.started = true;  // the link's slide, once: later runs keep the presenter's place
    start(data.start - 1);
  } else if (state.presenting) {
    root.classList.add('xl-presenting');
    show(state.current);
  } else {
    layout();
  }

  return () => {
    // a new run of the page mounts this again at once; leaving the page does not
    window.setTimeout(() => {
      if (doc.querySelector('.st-key-xl-deck')) return;
      root.classList.remove('xl-presenting', 'xl-grid', 'xl-black', 'xl-notes');
      const panel = doc.querySelector('.xl-notes-panel');
      if (panel) panel.remove();
      window.__xlDeck = undefined;
    }, 0);
    window.removeEventListener('keydown', onKey, true);
    window.removeEventListener('resize', layout);
    doc.removeEventListener('click', onClick, true);
    if (button) button.removeEventListener('click', startFromFirst);
    if (presenterButton) presenterButton.removeEventListener('click', openPresenter);
    observer.disconnect();
    resized.disconnect();
  };
}
