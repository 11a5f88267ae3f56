// Community Desk console: a little script on server-rendered pages. Without it every form still works
// (post, then the page reloads); with it, actions run in place and open pages follow changes live.
'use strict';
(function () {
  const csrf = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '';
  const toast = document.getElementById('toast');
  let toastTimer = null;

  function say(message, kind) {
    if (!toast || !message) return;
    toast.textContent = message;
    toast.dataset.kind = kind;
    toast.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { toast.hidden = true; }, 6000);
  }

  function fromHtml(markup) {
    const template = document.createElement('template');
    template.innerHTML = markup.trim();
    return template.content.firstElementChild;
  }

  function column(teamId) {
    return document.querySelector(`[data-testid="team-column"][data-team-id="${CSS.escape(teamId)}"]`);
  }

  function refreshColumn(col) {
    if (!col) return;
    const active = col.querySelectorAll('[data-list="active"] [data-testid="card"]');
    let open = 0, claimed = 0;
    active.forEach((card) => { if (card.dataset.status === 'claimed') claimed++; else open++; });
    const o = col.querySelector('[data-testid="count-open"]');
    const c = col.querySelector('[data-testid="count-claimed"]');
    if (o) o.textContent = String(open);
    if (c) c.textContent = String(claimed);
    const empty = col.querySelector('[data-empty]');
    if (empty) empty.hidden = active.length > 0;
    const closed = col.querySelector('[data-closed]');
    if (closed) closed.hidden = col.querySelectorAll('[data-list="closed"] [data-testid="card"]').length === 0;
    const hint = document.querySelector('[data-testid="inbox-empty"]');
    if (hint && document.querySelector('[data-testid="card"]')) hint.hidden = true;
  }

  // A card as the server rendered it now: replaced where it is, or moved to its team's column.
  function placeCard(card, keepFocus) {
    const existing = document.getElementById(`card-${card.id}`);
    const node = fromHtml(card.html);
    if (!node) return;
    const col = column(card.teamId);
    const list = col?.querySelector(`[data-list="${card.open ? 'active' : 'closed'}"]`);
    const hadFocus = keepFocus || (existing && existing.contains(document.activeElement));
    // A control inside the card that had focus (say, Release): the same control in the new card gets it back.
    const focusedId = existing && existing !== document.activeElement && existing.contains(document.activeElement) ? document.activeElement.getAttribute('data-testid') : null;
    const oldCol = existing?.closest('[data-testid="team-column"]');
    if (existing && existing.closest('[data-testid="card-page"]')) {
      // The card's own page: the card stays, whatever column it moved to.
      existing.replaceWith(node);
    } else if (existing && list && existing.parentElement === list) {
      // Keep an open snooze form open.
      const openDetails = [...existing.querySelectorAll('details[open]')].map((d) => d.className);
      existing.replaceWith(node);
      openDetails.forEach((cls) => node.querySelector(`details.${CSS.escape(cls)}`)?.setAttribute('open', ''));
    } else {
      existing?.remove();
      if (list) {
        if (card.open) list.appendChild(node); else list.prepend(node);
      }
    }
    if (hadFocus && node.isConnected) {
      const same = focusedId ? node.querySelector(`[data-testid="${CSS.escape(focusedId)}"]:not([disabled])`) : null;
      (same || node).focus();
    }
    refreshColumn(oldCol);
    refreshColumn(col);
  }

  // The form's fields, read before its buttons are disabled: a disabled submitter is left out.
  function fieldsOf(form, submitter) {
    const body = new URLSearchParams(new FormData(form, submitter));
    if (!body.has('csrf')) body.set('csrf', csrf);
    return body;
  }

  async function post(form, body) {
    // getAttribute: a control named "action" (the card buttons are) shadows form.action.
    const response = await fetch(form.getAttribute('action') || location.href, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': csrf },
      body,
      credentials: 'same-origin',
    });
    let answer = null;
    try { answer = await response.json(); } catch { answer = { ok: false, message: `HTTP ${response.status}` }; }
    return answer;
  }

  document.addEventListener('submit', async (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-act')) return;
    event.preventDefault();
    const submitter = event.submitter;
    const body = fieldsOf(form, submitter);
    // Disabling the focused button drops focus to <body>; remember it to put a keyboard user back.
    const focusInForm = form.contains(document.activeElement);
    const focusInCard = !!form.closest('[data-testid="card"]')?.contains(document.activeElement);
    const buttons = form.querySelectorAll('button');
    buttons.forEach((b) => { b.disabled = true; });
    form.setAttribute('aria-busy', 'true');
    try {
      const answer = await post(form, body);
      say(answer.message, answer.ok ? 'ok' : 'error');
      if (answer.card) placeCard(answer.card, focusInCard);
      const target = form.getAttribute('data-answer');
      if (target && typeof answer.html === 'string') {
        // The answer goes into its slot, after the slot's (hidden) heading.
        const slot = document.getElementById(target);
        if (slot) {
          const heading = slot.querySelector('h1, h2, h3');
          slot.replaceChildren(...(heading ? [heading] : []));
          // Every element of the answer (a note may follow it), not only the first.
          const template = document.createElement('template');
          template.innerHTML = answer.html.trim();
          slot.appendChild(template.content);
          slot.setAttribute('tabindex', '-1');
          slot.focus();
        }
      }
      if (typeof answer.board === 'string') replaceBoard(answer.board);
    } catch (error) {
      say(String(error), 'error');
    } finally {
      if (form.isConnected) {
        buttons.forEach((b) => { b.disabled = false; });
        form.removeAttribute('aria-busy');
        if (focusInForm && document.activeElement === document.body) submitter?.focus();
      }
    }
  });

  document.addEventListener('change', (event) => {
    const select = event.target;
    if (select instanceof HTMLSelectElement && select.hasAttribute('data-autosubmit')) select.form?.submit();
  });

  async function refreshCards(ids) {
    if (!ids.length) return;
    if (!document.querySelector('[data-testid="inbox"]')) {
      // The card's own page follows its card only.
      const own = document.querySelector('[data-testid="card-page"] [data-testid="card"]');
      if (!own || !ids.includes(own.dataset.commentId)) return;
      ids = [own.dataset.commentId];
    }
    const detail = document.querySelector('[data-testid="card-page"]') ? '&detail=1' : '';
    for (let i = 0; i < ids.length; i += 100) {
      const response = await fetch(`/console/cards?ids=${encodeURIComponent(ids.slice(i, i + 100).join(','))}${detail}`, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
      if (!response.ok) continue;
      const { cards } = await response.json();
      cards.forEach(placeCard);
    }
  }

  function replaceBoard(markup) {
    const board = document.getElementById('crisis-board');
    const node = fromHtml(markup);
    if (!board || !node) return;
    const hadFocus = board.contains(document.activeElement);
    board.replaceWith(node);
    if (hadFocus) { node.setAttribute('tabindex', '-1'); node.focus(); }
  }

  async function refreshCrisis() {
    if (!document.getElementById('crisis-board')) return;
    const response = await fetch('/console/try/crisis', { credentials: 'same-origin' });
    if (response.ok) replaceBoard(await response.text());
  }

  // After a lost connection, what changed meanwhile is not known: take the page's lists afresh.
  async function resync() {
    const response = await fetch(location.href, { credentials: 'same-origin' });
    if (!response.ok) return;
    const doc = new DOMParser().parseFromString(await response.text(), 'text/html');
    const fresh = doc.querySelector('[data-testid="inbox"]');
    const current = document.querySelector('[data-testid="inbox"]');
    if (fresh && current) current.replaceWith(document.importNode(fresh, true));
    refreshCrisis();
  }

  if (document.body.dataset.live === 'on' && 'EventSource' in window) {
    const badge = document.querySelector('[data-testid="live"]');
    let lostOnce = false;
    const source = new EventSource('/console/events');
    source.addEventListener('open', () => {
      if (badge) { badge.textContent = badge.dataset.connected; badge.dataset.state = 'on'; }
      document.body.dataset.liveState = 'on';
      if (lostOnce) resync();
    });
    source.addEventListener('error', () => {
      lostOnce = true;
      if (badge) { badge.textContent = badge.dataset.reconnecting; badge.dataset.state = 'off'; }
      document.body.dataset.liveState = 'off';
    });
    source.addEventListener('changed', (event) => {
      const change = JSON.parse(event.data);
      refreshCards(change.comments || []);
      if ((change.crises || []).length || (change.comments || []).length) refreshCrisis();
    });
  }
})();
