// The portal's only script: search across every API (the index is assets/search-index.js) and the
// catalog's filters. Pages work without it; it reads no network and writes nothing but the page.
(() => {
  const root = document.body.dataset.root || '';
  const entries = Array.isArray(window.APILIFE_SEARCH) ? window.APILIFE_SEARCH : [];
  const KIND = { api: 'API', operation: 'Operation', channel: 'Channel', message: 'Message', schema: 'Schema' };
  const RANK = { operation: 0, channel: 1, message: 2, api: 3, schema: 4 };
  const MAX = 20;

  const fold = (text) => String(text).toLowerCase();
  const index = entries.map((e) => ({ entry: e, title: fold(e.title), text: fold(`${e.title} ${e.detail} ${e.api}`) }));

  /** Every word of the query must appear; a title that starts with (then contains) the query ranks first. */
  function search(query) {
    const q = fold(query).trim();
    if (!q) return [];
    const words = q.split(/\s+/);
    const hits = [];
    for (const item of index) {
      if (!words.every((w) => item.text.includes(w))) continue;
      const score = item.title === q ? 0 : item.title.startsWith(q) ? 1 : item.title.includes(q) ? 2 : 3;
      hits.push({ item, score });
    }
    hits.sort((a, b) => a.score - b.score || RANK[a.item.entry.kind] - RANK[b.item.entry.kind] || a.item.title.localeCompare(b.item.title));
    return hits.slice(0, MAX).map((h) => h.item.entry);
  }

  const input = document.getElementById('search-input');
  const list = document.getElementById('search-results');
  const status = document.getElementById('search-status');
  if (input && list) {
    let active = -1;
    const links = () => Array.from(list.querySelectorAll('a'));
    const close = () => {
      list.hidden = true;
      active = -1;
    };
    const show = () => {
      const results = search(input.value);
      list.replaceChildren();
      if (!input.value.trim()) return close();
      if (results.length === 0) {
        const li = document.createElement('li');
        li.className = 'empty';
        li.textContent = `Nothing matches “${input.value.trim()}”`;
        list.append(li);
      }
      for (const e of results) {
        const li = document.createElement('li');
        const a = document.createElement('a');
        a.href = root + e.href;
        const kind = document.createElement('span');
        kind.className = `result-kind kind-${e.kind}`;
        kind.textContent = KIND[e.kind] || e.kind;
        const title = document.createElement('span');
        title.className = 'result-title';
        title.textContent = e.title;
        const detail = document.createElement('span');
        detail.className = 'result-detail';
        detail.textContent = `${e.api} · ${e.detail}`;
        a.append(kind, title);
        if (e.deprecated) {
          const badge = document.createElement('span');
          badge.className = 'badge badge-deprecated';
          badge.textContent = 'Deprecated';
          a.append(badge);
        }
        a.append(detail);
        a.addEventListener('click', close);
        li.append(a);
        list.append(li);
      }
      list.hidden = false;
      if (status)
        status.textContent =
          results.length === 0
            ? 'No results'
            : `${results.length} result${results.length === 1 ? '' : 's'}; arrow keys to choose, Enter to open`;
      active = -1;
    };
    const move = (step) => {
      const all = links();
      if (all.length === 0) return;
      active = (active + step + all.length) % all.length;
      all.forEach((a, i) => a.classList.toggle('active', i === active));
      all[active].scrollIntoView({ block: 'nearest' });
    };
    input.addEventListener('input', show);
    input.addEventListener('focus', () => input.value.trim() && show());
    input.addEventListener('keydown', (event) => {
      if (event.key === 'ArrowDown') move(1);
      else if (event.key === 'ArrowUp') move(-1);
      else if (event.key === 'Enter') {
        const target = links()[Math.max(active, 0)];
        if (target) {
          close();
          window.location.href = target.href;
        }
      } else if (event.key === 'Escape') {
        close();
        input.blur();
        return;
      } else return;
      event.preventDefault();
    });
    document.addEventListener('keydown', (event) => {
      const typing = event.target instanceof HTMLElement && /^(INPUT|SELECT|TEXTAREA)$/.test(event.target.tagName);
      if ((event.key === '/' && !typing) || (event.key === 'k' && (event.ctrlKey || event.metaKey))) {
        event.preventDefault();
        input.focus();
        input.select();
      }
    });
    document.addEventListener('click', (event) => {
      if (!(event.target instanceof Node) || (!list.contains(event.target) && event.target !== input)) close();
    });
  }

  // The catalog's filters: a card shows when it matches every chosen value.
  const filters = ['stage', 'owner', 'kind'].map((name) => [name, document.getElementById(`filter-${name}`)]).filter(([, el]) => el);
  const cards = Array.from(document.querySelectorAll('.api-card'));
  const count = document.getElementById('filter-count');
  if (filters.length > 0 && cards.length > 0) {
    const apply = () => {
      let shown = 0;
      for (const card of cards) {
        const visible = filters.every(([name, el]) => !el.value || card.dataset[name] === el.value);
        card.parentElement.hidden = !visible;
        if (visible) shown++;
      }
      if (count) count.textContent = shown === cards.length ? '' : `${shown} of ${cards.length} APIs`;
    };
    for (const [, el] of filters) el.addEventListener('change', apply);
    apply();
  }
})();
