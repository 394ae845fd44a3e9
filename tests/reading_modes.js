// Text contrast of EPUB documents as reading systems show them, measured in the browser.
// The page that loads this script holds one iframe for each document and reading mode
// (data-mode): "light", the book as it is; "dark-signalled", where the reader says it is
// dark (the iframe's color-scheme makes prefers-color-scheme: dark inside) and paints a
// dark page before the book's CSS; "dark-forced", where it forces light text on a dark
// page and says nothing. In each, the document's stylesheet is replaced by each of the
// page's THEMES ({name: css}) in turn, and every element with text of its own is measured
// against WCAG AA (4.5:1; 3:1 for large text); and each link in the text (not in a list of
// links, a nav) must stand out: underlined, or 3:1 against the text around it (WCAG's G183).
// The results are written into the page as JSON.
const READER_PAINTS = 'html { background: #121212; color: #e6e6e6; color-scheme: dark; }';
const READER_FORCES = 'html, body { background: #121212 !important; color: #e6e6e6 !important; }';
const PAGE = { 'light': [255, 255, 255, 1], 'dark-signalled': [18, 18, 18, 1], 'dark-forced': [18, 18, 18, 1] };

// Any CSS colour as [r, g, b, a] (0..255, alpha 0..1), read back through a canvas.
const canvas = document.createElement('canvas').getContext('2d', { willReadFrequently: true });
const parsed = new Map();
function rgba(colour) {
  if (!parsed.has(colour)) {
    canvas.clearRect(0, 0, 1, 1);
    canvas.fillStyle = colour;
    canvas.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = canvas.getImageData(0, 0, 1, 1).data;
    parsed.set(colour, [r, g, b, a / 255]);
  }
  return parsed.get(colour);
}

function over(top, bottom) {
  return [0, 1, 2].map((i) => top[i] * top[3] + bottom[i] * (1 - top[3])).concat([1]);
}

function luminance([r, g, b]) {
  const linear = (v) => (v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

function style(doc, css, first) {
  const element = doc.createElementNS('http://www.w3.org/1999/xhtml', 'style');
  element.textContent = css;
  const head = doc.head || doc.documentElement;
  head.insertBefore(element, first ? head.firstChild : null);
}

// The backgrounds under an element, from the reader's page up, laid over each other.
function background(win, element, page) {
  const layers = [];
  for (let e = element; e; e = e.parentElement) {
    const colour = rgba(win.getComputedStyle(e).backgroundColor);
    if (colour[3] > 0) layers.push(colour);
    if (colour[3] >= 1) break;
  }
  return layers.reverse().reduce((under, layer) => over(layer, under), page);
}

function ratio(one, other) {
  const [a, b] = [luminance(one), luminance(other)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}

function measure(frame, theme) {
  const mode = frame.dataset.mode, doc = frame.contentDocument, win = frame.contentWindow;
  const result = { file: frame.dataset.file, mode, theme, measured: 0, below: [], links: 0, unmarked: [] };
  for (const link of doc.body.querySelectorAll('a[href]')) {
    if (link.closest('nav') || !link.textContent.trim()) continue;
    const computed = win.getComputedStyle(link), under = background(win, link, PAGE[mode]);
    const around = over(rgba(win.getComputedStyle(link.parentElement).color), under);
    result.links++;
    if (!computed.textDecorationLine.includes('underline') &&
        ratio(over(rgba(computed.color), under), around) < 3) {
      result.unmarked.push(link.textContent.trim().slice(0, 40));
    }
  }
  for (const element of doc.body.querySelectorAll('*')) {
    const hasText = [...element.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!hasText) continue;
    const computed = win.getComputedStyle(element);
    if (computed.display === 'none' || computed.visibility === 'hidden' ||
        element.closest('[hidden], [aria-hidden="true"]')) continue;
    const under = background(win, element, PAGE[mode]);
    const contrast = ratio(over(rgba(computed.color), under), under);
    const size = parseFloat(computed.fontSize), bold = parseInt(computed.fontWeight) >= 700;
    const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    result.measured++;
    if (contrast < needed) {
      result.below.push({ element: element.tagName.toLowerCase() + (element.className ? '.' + element.className : ''),
                          text: element.textContent.trim().slice(0, 40), ratio: Math.round(contrast * 100) / 100,
                          needed, colour: computed.color, background: 'rgb(' + under.slice(0, 3).join(', ') + ')' });
    }
  }
  return result;
}

window.addEventListener('load', () => {
  const results = [];
  for (const frame of document.querySelectorAll('iframe')) {
    const doc = frame.contentDocument, mode = frame.dataset.mode;
    const sheet = doc.createElementNS('http://www.w3.org/1999/xhtml', 'style');
    doc.querySelector('link[rel="stylesheet"]').replaceWith(sheet);
    if (mode === 'dark-signalled') style(doc, READER_PAINTS, true);
    if (mode === 'dark-forced') style(doc, READER_FORCES, false);
    for (const [theme, css] of Object.entries(THEMES)) {
      sheet.textContent = css;
      results.push(measure(frame, theme));
    }
  }
  document.getElementById('results').textContent = JSON.stringify(results);
});
