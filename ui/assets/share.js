// "Sao chép liên kết": the page's address (its year, filters and choices are in it) to the
// clipboard. The Clipboard API needs a secure page (https, localhost); on plain http inside an
// office network the older copy command does it, and when neither may, the address is shown
// to be copied by hand.
export default function (component) {
  const { parentElement, data } = component;
  const button = parentElement.querySelector('button');
  const said = parentElement.querySelector('.xl-copied');
  if (!button) return;
  const done = () => {
    if (said) {
      said.textContent = data.copied;
      said.hidden = false;
    }
  };
  const byHand = (url) => window.prompt(data.manual, url);
  const oldWay = (url) => {
    const area = document.createElement('textarea');
    area.value = url;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    let ok = false;
    try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
    area.remove();
    return ok;
  };
  const copy = () => {
    const url = window.location.href;
    window.__xlCopiedLink = url;  // what was copied (the browser tests read it)
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(done, () => (oldWay(url) ? done() : byHand(url)));
    } else if (oldWay(url)) {
      done();
    } else {
      byHand(url);
    }
  };
  button.addEventListener('click', copy);
  return () => button.removeEventListener('click', copy);
}
