// A virtualised, keyboard-operable table of rows: only the rows in view exist
// in the page, fetched from the engine in pages, so 100,000 rows scroll as
// smoothly as 10. Every value is set with textContent.

const PAGE = 100; // rows per request to the engine
const OVERSCAN = 6; // rows drawn above and below the view

const stateWords = { ready: 'Ready', rejected: 'Left out', merged: 'Merged' };
const severityRank = { info: 1, warning: 2, error: 3 };

// rowsInView is the first and last row index to draw for a view of height
// pixels scrolled top pixels down a table of total rows rowHeight tall, with
// OVERSCAN rows to spare on each side (last < first when there is no row).
export function rowsInView(top, height, rowHeight, total) {
  return {
    first: Math.max(0, Math.floor(top / rowHeight) - OVERSCAN),
    last: Math.min(total - 1, Math.ceil((top + height) / rowHeight) + OVERSCAN),
  };
}

// scrollToShow is where a view of height pixels, scrolled top pixels down and
// with a header headHeight tall over it, scrolls to so that row r shows whole.
export function scrollToShow(r, top, height, rowHeight, headHeight) {
  const y = r * rowHeight;
  if (y < top) return y;
  if (y + rowHeight > top + height - headHeight) return y + rowHeight - height + headHeight;
  return top;
}

export class Grid {
  // fetchRows(offset, count) resolves to {total, rows}; onEdit(row, col, value)
  // saves a cell; onActive(row) tells which row has the focus.
  constructor(el, { fetchRows, onEdit, onActive }) {
    this.el = el;
    this.fetchRows = fetchRows;
    this.onEdit = onEdit;
    this.onActive = onActive;
    this.columns = [];
    this.total = 0;
    this.pages = new Map(); // page index → rows, or a pending promise
    this.shown = new Map(); // row index → row element
    this.active = { r: 0, c: 0 };
    this.generation = 0;
    this.multiFile = false;
    this.rowHeight = 40;

    this.head = document.createElement('div');
    this.head.className = 'head';
    this.head.setAttribute('role', 'row');
    this.head.setAttribute('aria-rowindex', '1');
    this.body = document.createElement('div');
    this.body.className = 'body';
    this.body.setAttribute('role', 'rowgroup');
    this.empty = document.createElement('p');
    this.empty.className = 'empty';
    el.append(this.head, this.body, this.empty);

    el.addEventListener('scroll', () => this.scheduleRender());
    el.addEventListener('keydown', (e) => this.key(e));
    el.addEventListener('click', (e) => {
      const cell = e.target.closest('[role=gridcell]');
      if (cell && !e.target.closest('input')) this.focusCell(Number(cell.dataset.r), Number(cell.dataset.c));
    });
    el.addEventListener('dblclick', (e) => {
      const cell = e.target.closest('[role=gridcell]');
      if (cell) this.startEdit(cell);
    });
  }

  // setColumns takes the summary's columns; fixed columns come first.
  setColumns(columns, multiFile) {
    this.columnsData = columns;
    // The row's place and the column saying who it is stay in view (pinned)
    // while the table scrolls sideways.
    const data = columns.map((c, i) => ({ header: c.header, data: i, cls: c.key ? 'key pin' : undefined }));
    this.columns = [{ header: 'Where', cls: 'where pin' }, ...data.filter((c) => c.cls), { header: 'Status', cls: 'state' },
      { header: 'What to look at', cls: 'issues' }, ...data.filter((c) => !c.cls)];
    this.multiFile = multiFile;
    this.head.replaceChildren(...this.columns.map((c, i) => {
      const h = document.createElement('div');
      h.className = `cell ${c.cls ?? ''}`;
      h.setAttribute('role', 'columnheader');
      h.setAttribute('aria-colindex', String(i + 1));
      h.textContent = c.header;
      return h;
    }));
    this.el.setAttribute('aria-colcount', String(this.columns.length));
    for (const row of this.shown.values()) row.remove();
    this.shown.clear();
  }

  // reload forgets the fetched rows (the table or the filter changed) and draws
  // again. Keeping the position, it fetches the rows in view before it draws,
  // so that no row shows what it was before a change (a fixed row its old
  // status, or a row that left the filter at all).
  async reload({ keepPosition = false } = {}) {
    this.generation++;
    this.pages.clear();
    if (!keepPosition) {
      this.el.scrollTop = 0;
      this.active = { r: 0, c: this.active.c };
    }
    const hadFocus = this.el.contains(document.activeElement);
    // The rows in view of the table before the change: it has at most as
    // many now. From the top, the first page: reading the table's height
    // here would lay the page out while the caller is still building it
    // (13 ms of the results' first drawing at 60,000 rows), and drawing
    // fetches any page more the table shows.
    const pages = [];
    if (!keepPosition) pages.push(this.page(0));
    else {
      const { first, last } = rowsInView(this.el.scrollTop, this.el.clientHeight, this.rowHeight, this.total);
      for (let p = Math.floor(first / PAGE); p <= Math.floor(Math.max(first, last) / PAGE); p++) pages.push(this.page(p));
    }
    if ((await Promise.all(pages)).includes(null)) return;
    this.render();
    if (hadFocus && this.total > 0) this.focusCell(Math.min(this.active.r, this.total - 1), this.active.c);
    else if (hadFocus) {
      this.el.tabIndex = 0;
      this.el.focus();
    }
  }

  // page returns the rows of page p, fetching them once; null if a newer reload started.
  async page(p) {
    const have = this.pages.get(p);
    if (Array.isArray(have)) return have;
    if (have) return have;
    const gen = this.generation;
    const pending = this.fetchRows(p * PAGE, PAGE).then((reply) => {
      if (gen !== this.generation) return null;
      this.total = reply.total;
      this.pages.set(p, reply.rows);
      return reply.rows;
    });
    this.pages.set(p, pending);
    return pending;
  }

  rowAt(i) {
    const rows = this.pages.get(Math.floor(i / PAGE));
    return Array.isArray(rows) ? rows[i % PAGE] : undefined;
  }

  // scheduleRender draws once in the next frame, however often it is asked.
  scheduleRender() {
    if (this.queued) return;
    this.queued = true;
    requestAnimationFrame(() => { this.queued = false; this.render(); });
  }

  render() {
    // Read the layout first, then write: no forced layout in between.
    const top = this.el.scrollTop;
    const height = this.el.clientHeight;
    this.body.style.height = `${this.total * this.rowHeight}px`;
    this.el.setAttribute('aria-rowcount', String(this.total + 1));
    this.empty.textContent = this.total === 0 ? 'No rows match this choice.' : '';
    if (this.active.r >= this.total) this.active.r = Math.max(0, this.total - 1);
    const { first, last } = rowsInView(top, height, this.rowHeight, this.total);
    const missing = new Set();
    for (const [i, row] of this.shown) {
      if (i < first || i > last) {
        // The focused row stays until focus moves, unless no row is there any more.
        if (i < this.total && row.contains(document.activeElement)) continue;
        row.remove();
        this.shown.delete(i);
      }
    }
    for (let i = first; i <= last; i++) {
      const data = this.rowAt(i);
      if (data === undefined) missing.add(Math.floor(i / PAGE));
      let row = this.shown.get(i);
      if (!row) {
        row = this.makeRow();
        this.shown.set(i, row);
        this.body.append(row);
      }
      if (row.shows !== data || row.index !== i) this.fill(row, i, data);
    }
    for (const p of missing) this.page(p).then((rows) => { if (rows) this.scheduleRender(); });
  }

  makeRow() {
    const row = document.createElement('div');
    row.className = 'row';
    row.setAttribute('role', 'row');
    for (let c = 0; c < this.columns.length; c++) {
      const cell = document.createElement('div');
      cell.setAttribute('role', 'gridcell');
      cell.tabIndex = -1;
      row.append(cell);
    }
    return row;
  }

  fill(row, i, data) {
    row.shows = data;
    row.index = i;
    row.style.transform = `translateY(${i * this.rowHeight}px)`;
    row.setAttribute('aria-rowindex', String(i + 2));
    row.className = `row ${data?.state ?? ''}`;
    const worst = new Map(); // column → worst severity of its findings
    for (const f of data?.findings ?? []) {
      if (f.col >= 0 && (severityRank[f.severity] ?? 0) > (severityRank[worst.get(f.col)] ?? 0)) worst.set(f.col, f.severity);
    }
    this.columns.forEach((col, c) => {
      const cell = row.children[c];
      if (cell.querySelector('input')) return; // being edited
      cell.dataset.r = String(i);
      cell.dataset.c = String(c);
      cell.setAttribute('aria-colindex', String(c + 1));
      cell.tabIndex = i === this.active.r && c === this.active.c ? 0 : -1;
      let text = '';
      let cls = col.cls ?? '';
      if (!data) {
        text = c === 0 ? 'Loading…' : '';
      } else if (c === 0) {
        text = this.multiFile ? `${data.file}, row ${data.line}` : `Row ${data.line}`;
      } else if (col.cls === 'state') {
        text = stateWords[data.state] ?? data.state;
      } else if (col.cls === 'issues') {
        text = issues(data);
      } else {
        text = data.cells[col.data] ?? '';
        const sev = worst.get(col.data);
        if (sev) cls += ` sev-${sev}`;
      }
      cell.className = `cell ${cls}`;
      cell.textContent = text;
      cell.title = c > 0 && col.cls !== 'state' ? text : '';
    });
  }

  cellAt(r, c) {
    return this.shown.get(r)?.children[c];
  }

  // focusCell moves the focus to cell (r, c), scrolling it into view.
  async focusCell(r, c) {
    if (this.total === 0) return;
    r = Math.max(0, Math.min(this.total - 1, r));
    c = Math.max(0, Math.min(this.columns.length - 1, c));
    const prev = this.cellAt(this.active.r, this.active.c);
    if (prev) prev.tabIndex = -1;
    const rowChanged = r !== this.active.r;
    this.active = { r, c };
    const top = scrollToShow(r, this.el.scrollTop, this.el.clientHeight, this.rowHeight, this.head.offsetHeight);
    if (top !== this.el.scrollTop) this.el.scrollTop = top;
    if (this.rowAt(r) === undefined) await this.page(Math.floor(r / PAGE));
    this.render();
    const cell = this.cellAt(r, c);
    if (cell) {
      cell.tabIndex = 0;
      cell.focus({ preventScroll: false });
    }
    const data = this.rowAt(r);
    if (data && (rowChanged || !this.reported || this.reported !== data)) {
      this.reported = data;
      this.onActive?.(data);
    }
  }

  key(e) {
    if (e.target.tagName === 'INPUT') return;
    const { r, c } = this.active;
    const page = Math.max(1, Math.floor(this.el.clientHeight / this.rowHeight) - 1);
    const moves = {
      ArrowDown: [r + 1, c], ArrowUp: [r - 1, c], ArrowRight: [r, c + 1], ArrowLeft: [r, c - 1],
      PageDown: [r + page, c], PageUp: [r - page, c], Home: [e.ctrlKey ? 0 : r, 0], End: [e.ctrlKey ? this.total - 1 : r, this.columns.length - 1],
    };
    if (moves[e.key]) {
      e.preventDefault();
      this.focusCell(...moves[e.key]);
    } else if (e.key === 'Enter' || e.key === 'F2') {
      const cell = this.cellAt(r, c);
      if (cell) {
        e.preventDefault();
        this.startEdit(cell);
      }
    }
  }

  // startEdit turns a data cell into a text box; Enter saves, Escape cancels.
  startEdit(cell) {
    const r = Number(cell.dataset.r);
    const c = Number(cell.dataset.c);
    const col = this.columns[c];
    const data = this.rowAt(r);
    if (!data || col.data === undefined) return;
    this.active = { r, c };
    const input = document.createElement('input');
    input.type = 'text';
    input.value = data.cells[col.data] ?? '';
    input.setAttribute('aria-label', `New ${col.header} for ${this.multiFile ? `${data.file}, row ${data.line}` : `row ${data.line}`}`);
    cell.replaceChildren(input);
    input.focus();
    input.select();
    let done = false;
    const finish = (save) => {
      if (done) return;
      done = true;
      cell.replaceChildren();
      cell.textContent = data.cells[col.data] ?? '';
      if (save && input.value !== (data.cells[col.data] ?? '')) {
        // Until the engine's reply redraws the row, it says it is being checked.
        cell.textContent = input.value;
        cell.className = cell.className.replace(/ sev-\w+/g, '');
        const status = cell.parentElement.querySelector('.state');
        if (status) status.textContent = 'Checking…';
        this.onEdit(data.row, this.columnsData[col.data].col, input.value);
      }
      cell.focus();
    };
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') { e.preventDefault(); finish(true); }
      if (e.key === 'Escape') { e.preventDefault(); finish(false); }
    });
    input.addEventListener('blur', () => finish(false));
  }
}

// issues says in a few words what is wrong with a row: its errors first.
function issues(row) {
  const order = ['error', 'warning', 'info'];
  const sorted = [...row.findings].sort((a, b) => order.indexOf(a.severity) - order.indexOf(b.severity));
  const msgs = sorted.filter((f) => f.severity !== 'info' || sorted[0].severity === 'info').map((f) => f.message);
  return [...new Set(msgs)].join(' · ');
}
