// The console is a client of the JSON API under /api (see README, "Console"). No framework, no build step.
'use strict';

const state = { feeds: [], token: tokenFromUrl() || sessionStorage.getItem('console-token') || '' };

// The URL printed at start carries the token in its fragment (#token=...), which browsers never send to a server:
// kept in the tab's sessionStorage, then taken out of the address bar, its history entry and any bookmark.
function tokenFromUrl() {
  const token = new URLSearchParams(location.hash.substring(1)).get('token');
  if (!token) return null;
  sessionStorage.setItem('console-token', token);
  history.replaceState(null, '', location.pathname + location.search);
  return token;
}

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.substring(2), v);
    else if (v !== null && v !== undefined) e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c ?? ''));
  return e;
}

async function api(path, options = {}) {
  const headers = { 'Accept': 'application/json', ...(options.headers || {}) };
  if (state.token) headers['Authorization'] = 'Bearer ' + state.token;
  const res = await fetch(path, { ...options, headers });
  const body = await res.json().catch(() => ({}));
  if (res.status === 401) {
    document.getElementById('token-form').hidden = false;
    throw new Error('This port asks for a token: open the URL printed at start, or enter INGEST_CONSOLE_TOKEN above.');
  }
  if (!res.ok) throw new Error(body.error || (res.status + ' ' + res.statusText));
  return body;
}

function showError(e) {
  const p = document.getElementById('error');
  p.textContent = e ? e.message : '';
  p.hidden = !e;
}

function fill(tbody, rows) {
  tbody.replaceChildren(...rows);
}

function duration(seconds) {
  if (seconds === null || seconds === undefined || seconds < 0) return '';
  if (seconds < 120) return seconds + ' s';
  if (seconds < 7200) return Math.round(seconds / 60) + ' min';
  if (seconds < 172800) return Math.round(seconds / 3600) + ' h';
  return Math.round(seconds / 86400) + ' d';
}

function when(iso) {
  return iso ? iso.replace('T', ' ').replace(/:00Z$|Z$/, '') : '';
}

// ---- feeds ----------------------------------------------------------------------------------------------------

async function loadFeeds() {
  state.feeds = await api('/api/feeds');
  fill(document.querySelector('#feeds tbody'), state.feeds.map(f => el('tr', { 'data-feed': f.name },
    el('td', {}, f.name),
    el('td', {}, f.provider + ' ' + f.timeframe + ' (' + f.account + ')'),
    el('td', { class: 'runs-on' }, f.runsOn),
    // a window held because the vendor's bars break their contract: the feed runs, but stores nothing until it passes
    f.vendorContractBroken
      ? el('td', { class: 'state-held', title: f.vendorContractBroken }, 'held: vendor contract broken')
      : el('td', { class: 'state-' + f.state, title: f.stoppedReason || '' }, f.state),
    el('td', {}, when(f.checkpoint)),
    el('td', {}, duration(f.lagSeconds)),
    el('td', { title: f.lastWindowCompletedAt || '' }, f.lastWindow),
    el('td', {}, f.circuit),
    el('td', { class: 'bars-today' }, String(f.barsToday)),
    el('td', {}, f.dlqRows + (f.dlqParked ? ' (' + f.dlqParked + ' parked)' : '')))));
  for (const id of ['coverage-feed', 'dlq-feed']) {
    const select = document.getElementById(id);
    if (select.options.length !== state.feeds.length) {
      select.replaceChildren(...state.feeds.map(f => el('option', { value: f.name }, f.name)));
    }
  }
}

// ---- coverage -------------------------------------------------------------------------------------------------

// Green only near complete: a day of a liquid symbol misses a few thin minutes the vendor has no bar for (about
// 98% stored); an hour lost (83%) must stand out in orange, a day lost in red.
function shareColour(share) {
  const hue = Math.round(140 * Math.pow(Math.max(0, (share - 0.5) / 0.5), 3));
  return 'hsl(' + hue + ', 70%, ' + (share >= 0.95 ? 45 : 55) + '%)';
}

// The whole market is never sent at once: the view opens on the feed's days (one row a day, a few KB whatever the
// universe), a day's row opens its worst symbols a page at a time, a symbol its days and gaps; the heat map of every
// symbol is a page of symbols at a time, loaded only when opened.
const coverage = { feed: null, day: null, worstOffset: 0, gridOffset: 0, page: 100 };

function coverageQuery(extra = {}) {
  const q = new URLSearchParams({ feed: document.getElementById('coverage-feed').value, ...extra });
  const from = document.getElementById('coverage-from').value;
  const to = document.getElementById('coverage-to').value;
  if (from) q.set('from', from);
  if (to) q.set('to', to);
  return q;
}

function percent(share) {
  return share === null || share === undefined ? '' : (Math.floor(share * 1000) / 10) + '%';
}

function shareTd(share) {
  const td = el('td', { class: 'share', 'data-share': share === null ? '' : share.toFixed(4) }, percent(share));
  if (share !== null) td.style.background = shareColour(Math.min(1, share));
  return td;
}

function cellShare(c) {
  return c.expected ? Math.min(1, (c.stored + (c.thin || 0)) / c.expected) : null;
}

async function loadCoverage() {
  const o = await api('/api/coverage/overview?' + coverageQuery());
  coverage.feed = o.feed;
  document.getElementById('coverage-expected').textContent = 'Expected bars: ' + o.expectedFrom;
  document.getElementById('coverage-dlq').textContent = o.universe + ' symbols in the universe; ' + o.dlqRows
    + ' DLQ row(s) of the feed (see Dead letters). Click a day for its worst symbols.';
  fill(document.querySelector('#coverage-overview tbody'), o.days.map(d => d.closed
    ? el('tr', { class: 'closed', 'data-day': d.day }, el('td', {}, d.day), el('td', { colspan: 8 }, 'no session: ' + d.closed))
    : el('tr', { 'data-day': d.day, 'data-missing': d.missing, 'data-with-gaps': d.symbolsWithGaps,
        onclick: () => loadWorst(d.day, 0).catch(showError) },
      el('td', {}, d.day), shareTd(d.share), el('td', {}, String(d.symbols)), el('td', { class: 'with-gaps' }, String(d.symbolsWithGaps)),
      el('td', { class: 'missing' }, String(d.missing)), el('td', {}, String(d.lost)), el('td', {}, String(d.thin)),
      el('td', {}, String(d.deadLettered)), el('td', {}, String(d.quarantined)))));
  document.getElementById('coverage-worst').hidden = true;
  document.getElementById('coverage-symbol').hidden = true;
  coverage.gridOffset = 0;
  if (document.getElementById('coverage-grid').open) await loadGrid();
}

async function loadWorst(day, offset) {
  coverage.day = day;
  coverage.worstOffset = offset;
  document.querySelectorAll('#coverage-overview tr.selected').forEach(e => e.classList.remove('selected'));
  document.querySelector('#coverage-overview tr[data-day="' + day + '"]')?.classList.add('selected');
  const page = await api('/api/coverage/day?' + new URLSearchParams({ feed: coverage.feed, day, offset, limit: coverage.page }));
  const rows = page.cells.map(c => el('tr', { 'data-symbol': c.symbol, onclick: () => loadSymbol(c.symbol).catch(showError) },
    el('td', {}, c.symbol), shareTd(cellShare(c)), el('td', { class: 'missing' }, String(c.expected - c.stored - (c.thin || 0))),
    el('td', {}, String(c.lost)), el('td', {}, String(c.thin)), el('td', {}, String(c.deadLettered)), el('td', {}, String(c.quarantined))));
  const tbody = document.querySelector('#coverage-worst tbody');
  if (offset === 0) fill(tbody, rows); else tbody.append(...rows);
  document.getElementById('coverage-worst-title').textContent = day + ': ' + page.total
    + ' symbol(s) with bars missing, quarantined or in the DLQ, worst first';
  document.getElementById('coverage-worst-more').hidden = offset + page.cells.length >= page.total;
  document.getElementById('coverage-worst').hidden = false;
}

async function loadSymbol(symbol) {
  const s = await api('/api/coverage/symbol?' + coverageQuery({ symbol }));
  document.querySelectorAll('#coverage-worst tr.selected').forEach(e => e.classList.remove('selected'));
  document.querySelector('#coverage-worst tr[data-symbol="' + symbol + '"]')?.classList.add('selected');
  const missing = s.gaps.reduce((n, g) => n + g.bars, 0);
  document.getElementById('coverage-symbol-title').textContent = symbol + ': ' + (s.gaps.length
    ? s.gaps.length + ' gap(s), ' + missing + ' bars missing' : 'no gaps')
    + (s.ingested ? '' : ' (never ingested)');
  const cells = new Map(s.cells.map(c => [c.day, c]));
  document.getElementById('coverage-symbol-days').replaceChildren(
    el('thead', {}, el('tr', {}, ...s.days.map(d => el('th', { class: 'day' }, d)))),
    el('tbody', {}, el('tr', {}, ...s.days.map(d => cell(s.feed, cells.get(d), symbol, d)))));
  fill(document.querySelector('#coverage-symbol-gaps tbody'), s.gaps.map(g => el('tr', { class: 'gap' },
    el('td', {}, when(g.from)), el('td', {}, when(g.to)), el('td', {}, String(g.bars)))));
  document.getElementById('coverage-symbol').hidden = false;
}

let searchTimer = null;
function suggestSymbols() {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(async () => {
    const text = document.getElementById('coverage-search').value;
    if (!text) return;
    const found = await api('/api/coverage/search?' + new URLSearchParams({ feed: coverage.feed || '', q: text })).catch(showError);
    fill(document.getElementById('coverage-symbols'), (found || []).map(s => el('option', { value: s })));
  }, 200);
}

async function loadGrid() {
  const grid = await api('/api/coverage?' + coverageQuery({ offset: coverage.gridOffset, limit: coverage.page }));
  const cells = new Map(grid.cells.map(c => [c.symbol + '|' + c.day, c]));
  const head = el('tr', {}, el('th', {}, 'symbol'), ...grid.days.map(d => el('th', { class: 'day' }, d)));
  const rows = grid.symbols.map(s => el('tr', {}, el('th', {}, s), ...grid.days.map(d => cell(grid.feed, cells.get(s + '|' + d), s, d))));
  document.getElementById('coverage').replaceChildren(el('thead', {}, head), el('tbody', {}, ...rows));
  document.getElementById('coverage-page').textContent = ' symbols ' + (grid.total ? grid.offset + 1 : 0) + '-'
    + (grid.offset + grid.symbols.length) + ' of ' + grid.total + ' ';
  document.getElementById('coverage-prev').disabled = grid.offset === 0;
  document.getElementById('coverage-next').disabled = grid.offset + grid.symbols.length >= grid.total;
  document.getElementById('gaps').hidden = true;
}

function wireCoverage() {
  document.getElementById('coverage-form').addEventListener('submit', e => {
    e.preventDefault();
    loadCoverage().catch(showError);
  });
  document.getElementById('coverage-search-form').addEventListener('submit', e => {
    e.preventDefault();
    const symbol = document.getElementById('coverage-search').value.trim();
    if (symbol) loadSymbol(symbol).catch(showError);
  });
  document.getElementById('coverage-search').addEventListener('input', suggestSymbols);
  document.getElementById('coverage-worst-more').addEventListener('click',
    () => loadWorst(coverage.day, coverage.worstOffset + coverage.page).catch(showError));
  document.getElementById('coverage-grid').addEventListener('toggle', e => {
    if (e.target.open) loadGrid().catch(showError);
  });
  document.getElementById('coverage-prev').addEventListener('click', () => {
    coverage.gridOffset = Math.max(0, coverage.gridOffset - coverage.page);
    loadGrid().catch(showError);
  });
  document.getElementById('coverage-next').addEventListener('click', () => {
    coverage.gridOffset += coverage.page;
    loadGrid().catch(showError);
  });
}

function cell(feed, c, symbol, day) {
  const attrs = { class: 'cell', 'data-symbol': symbol, 'data-day': day };
  if (!c || c.expected === 0) {
    return el('td', { ...attrs, class: 'cell none', 'data-share': '', title: symbol + ' ' + day + ': nothing expected' }, '');
  }
  const share = Math.min(1, (c.stored + (c.thin || 0)) / c.expected);   // thin minutes are complete: nothing to fetch
  const marks = (c.quarantined ? 'Q' : '') + (c.deadLettered ? 'D' : '');
  const title = symbol + ' ' + day + ': ' + c.stored + ' of ' + c.expected + ' bars stored'
    + (c.thin ? ', ' + c.thin + ' thin (the vendor has no bar: no trade)' : '')
    + (c.lost ? ', ' + c.lost + ' lost (served, not stored)' : '')
    + (c.quarantined ? ', ' + c.quarantined + ' quarantined' : '') + (c.deadLettered ? ', ' + c.deadLettered + ' in the DLQ' : '')
    + (c.extendedHours ? ', ' + c.extendedHours + ' extended-hours bars (not expected)' : '');
  const td = el('td', { ...attrs, 'data-share': share.toFixed(4), 'data-stored': c.stored, 'data-expected': c.expected, title,
      onclick: () => loadGaps(feed, symbol, day, td).catch(showError) },
    Math.floor(share * 100) + '%', marks ? el('span', { class: 'mark' }, marks) : '');
  td.style.background = shareColour(share);
  return td;
}

async function loadGaps(feed, symbol, day, td) {
  if (!td.closest('#coverage')) return;   // a symbol's own row lists its gaps already
  document.querySelectorAll('.heatmap td.selected').forEach(e => e.classList.remove('selected'));
  td.classList.add('selected');
  const gaps = await api('/api/gaps?' + new URLSearchParams({ feed, symbol, day }));
  document.getElementById('gaps-title').textContent = symbol + ' ' + day + ': ' + (gaps.length
    ? gaps.length + ' gap(s), ' + gaps.reduce((n, g) => n + g.bars, 0) + ' bars missing' : 'no gaps');
  fill(document.querySelector('#gaps tbody'), gaps.map(g => el('tr', { class: 'gap' },
    el('td', {}, when(g.from)), el('td', {}, when(g.to)), el('td', {}, String(g.bars)))));
  document.getElementById('gaps').hidden = false;
}

// ---- universes ------------------------------------------------------------------------------------------------

// Where each feed's symbols come from: configured, or the vendor's list with its last refresh (a failed or refused one
// leaves the last good list in use) and the symbols the last applied refresh added and removed.
async function loadUniverses() {
  const universes = await api('/api/universes');
  const changes = u => u.lastAppliedAt
    ? when(u.lastAppliedAt) + ': +' + u.addedCount + ' ' + u.added.slice(0, 10).join(' ') + (u.addedCount > 10 ? ' ...' : '')
      + ', -' + u.removedCount + ' ' + u.removed.slice(0, 10).join(' ') + (u.removedCount > 10 ? ' ...' : '')
    : '';
  fill(document.querySelector('#universes tbody'), universes.map(u => el('tr', { 'data-feed': u.feed },
    el('td', {}, u.feed),
    el('td', {}, u.source),
    el('td', { class: 'universe-size' }, String(u.size)),
    u.lastRefreshAt
      ? el('td', { class: 'refresh-' + u.lastRefreshOutcome, title: u.lastRefreshDetail || '' },
        when(u.lastRefreshAt) + ' ' + u.lastRefreshOutcome)
      : el('td', {}, ''),
    el('td', { class: 'universe-changes' }, changes(u)))));
}

// ---- accounts -------------------------------------------------------------------------------------------------

async function loadAccounts() {
  const accounts = await api('/api/accounts');
  const rows = [];
  for (const a of accounts) {
    const limits = a.limits.length ? a.limits : [{ limit: 'none', sentInWindow: '', held: '', utilisation: 0 }];
    limits.forEach((l, i) => rows.push(el('tr', { 'data-account': a.account },
      el('td', {}, i === 0 ? a.account : ''),
      el('td', {}, l.limit + (a.vendorLimit ? ' (vendor says ' + a.vendorLimit + ')' : '')),
      el('td', {}, el('span', { class: 'bar' }, barFill(l.utilisation)), ' ' + l.sentInWindow),
      el('td', {}, String(l.held)),
      el('td', {}, i === 0 ? String(a.inFlight) : ''),
      el('td', {}, i === 0 ? when(a.pausedUntil) : ''),
      el('td', {}, i === 0 ? String(a.rateLimitedLastHour) : ''))));
  }
  fill(document.querySelector('#accounts tbody'), rows);
}

function barFill(share) {
  const s = el('span');
  s.style.width = Math.round(Math.min(1, share || 0) * 100) + '%';
  return s;
}

// ---- DLQ ------------------------------------------------------------------------------------------------------

async function loadDlq() {
  const feed = document.getElementById('dlq-feed').value;
  if (!feed) return;
  const rows = await api('/api/dlq?' + new URLSearchParams({ feed }));
  document.getElementById('dlq-empty').hidden = rows.length > 0;
  fill(document.querySelector('#dlq tbody'), rows.map(r => {
    const reason = el('input', { type: 'text', placeholder: 'reason to discard', 'aria-label': 'reason to discard row ' + r.id });
    return el('tr', { 'data-dlq-id': r.id },
      el('td', {}, String(r.id)),
      el('td', {}, r.symbols.join(',')),
      el('td', {}, when(r.start) + ' .. ' + when(r.end)),
      el('td', { title: r.reason }, r.reason.length > 60 ? r.reason.substring(0, 60) + '...' : r.reason),
      el('td', {}, String(r.attempts)),
      el('td', {}, r.parked ? 'parked' : when(r.nextTry)),
      el('td', { class: 'actions' },
        el('button', { class: 'retry', onclick: () => dlqAction(feed, r.id, 'retry').catch(showError) }, 'Retry now'),
        reason,
        el('button', { class: 'discard', onclick: () => dlqAction(feed, r.id, 'discard', { reason: reason.value }).catch(showError) }, 'Discard')));
  }));
}

async function dlqAction(feed, id, action, body) {
  await api('/api/dlq/' + id + '/' + action + '?' + new URLSearchParams({ feed }), {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body || {}) });
  showError(null);
  await loadDlq();
  if (action === 'retry') {
    // the replay runs in the background: look again while it likely finishes, rather than at the next refresh
    for (const wait of [500, 1000, 2000, 4000]) {
      await new Promise(r => setTimeout(r, wait));
      await loadDlq();
    }
  }
}

// ---- backfills ------------------------------------------------------------------------------------------------

async function loadBackfills() {
  const rows = await api('/api/backfills');
  document.getElementById('backfills-empty').hidden = rows.length > 0;
  fill(document.querySelector('#backfills tbody'), rows.map(b => el('tr', { 'data-job': b.id },
    el('td', {}, b.id + ' ' + b.feed),
    el('td', {}, when(b.from) + ' .. ' + when(b.to) + ' (' + b.symbols + ' symbols)'),
    el('td', {}, b.mode),
    el('td', {}, b.shardsDone + ' / ' + b.shards + ' done' + (b.shardsInWork ? ', ' + b.shardsInWork + ' in work' : '')),
    el('td', { title: b.workers.join(', ') }, el('span', { class: 'bar' }, barFill(b.progress)), ' ' + (b.progress * 100).toFixed(1) + '%'),
    el('td', {}, b.finishedAt ? 'finished ' + when(b.finishedAt) : when(b.submittedAt)),
    el('td', {}, when(b.eta)))));
}

// ---- refresh --------------------------------------------------------------------------------------------------

async function refresh() {
  try {
    await loadFeeds();
    await Promise.all([loadAccounts(), loadDlq(), loadBackfills(), loadUniverses()]);
    document.getElementById('refreshed').textContent = 'refreshed ' + new Date().toLocaleTimeString();
    showError(null);
  } catch (e) {
    showError(e);
  }
}

function isoDay(d) {
  return d.toISOString().substring(0, 10);
}

async function load() {
  await refresh();
  if (state.feeds.length) await loadCoverage().catch(showError);
  document.body.dataset.ready = 'true';
}

function wire() {
  const today = new Date();
  document.getElementById('coverage-to').value = isoDay(new Date(today.getTime() + 86400000));
  document.getElementById('coverage-from').value = isoDay(new Date(today.getTime() - 13 * 86400000));
  document.getElementById('token-form').addEventListener('submit', e => {
    e.preventDefault();
    state.token = document.getElementById('token').value;
    sessionStorage.setItem('console-token', state.token);
    document.getElementById('token-form').hidden = true;
    load().catch(showError);
  });
  wireCoverage();
  document.getElementById('dlq-feed').addEventListener('change', () => loadDlq().catch(showError));
  setInterval(refresh, 10000);
}

wire();
load().catch(showError);
