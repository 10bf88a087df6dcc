// Sortable, filterable tables: sort buttons in the column headers (keyboard: Tab to a header,
// Enter or Space), a row filter, and a CSV link that always asks the server for the rows shown.
(function () {
  'use strict';

  function sortValue(cell) {
    var v = cell.getAttribute('data-sort');
    return v === null ? cell.textContent.trim().toLowerCase() : v;
  }

  function compare(type, a, b) {
    if (type === 'number') {
      var x = a === '' ? -Infinity : Number(a);
      var y = b === '' ? -Infinity : Number(b);
      return x - y;
    }
    return a < b ? -1 : a > b ? 1 : 0;
  }

  function updateCsv(block) {
    var link = block.querySelector('[data-csv-link]');
    var table = block.querySelector('table');
    if (!link || !table) return;
    var url = new URL(link.getAttribute('href'), window.location.href);
    var filter = block.querySelector('[data-filter]');
    if (filter && filter.value.trim()) url.searchParams.set('q', filter.value.trim());
    else url.searchParams.delete('q');
    var sorted = table.querySelector('th[aria-sort="ascending"], th[aria-sort="descending"]');
    if (sorted) {
      url.searchParams.set('sort', sorted.getAttribute('data-key'));
      url.searchParams.set('dir', sorted.getAttribute('aria-sort') === 'ascending' ? 'asc' : 'desc');
    }
    link.setAttribute('href', url.pathname + url.search);
    var shown = table.querySelectorAll('tbody tr[data-row]:not([hidden])').length;
    var count = block.querySelector('[data-shown]');
    if (count) count.textContent = String(shown);
  }

  function sortBy(block, th, direction) {
    var table = block.querySelector('table');
    var headers = Array.prototype.slice.call(table.querySelectorAll('thead th'));
    var index = headers.indexOf(th);
    var type = th.getAttribute('data-type') || 'text';
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.querySelectorAll('tr[data-row]'));
    rows.sort(function (r1, r2) {
      var c = compare(type, sortValue(r1.children[index]), sortValue(r2.children[index]));
      return direction === 'ascending' ? c : -c;
    });
    rows.forEach(function (r) {
      body.appendChild(r);
    });
    headers.forEach(function (h) {
      if (h.hasAttribute('aria-sort')) h.setAttribute('aria-sort', 'none');
    });
    th.setAttribute('aria-sort', direction);
    var status = block.querySelector('[data-status]');
    if (status) status.textContent = 'Sorted by ' + th.textContent.trim() + ', ' + direction + '.';
    updateCsv(block);
  }

  function applyFilter(block, text) {
    var needle = text.trim().toLowerCase().replace(/\s+/g, ' ');
    var rows = block.querySelectorAll('tbody tr[data-row]');
    Array.prototype.forEach.call(rows, function (r) {
      var hay = r.textContent.toLowerCase().replace(/\s+/g, ' ');
      r.hidden = needle !== '' && hay.indexOf(needle) === -1;
    });
    updateCsv(block);
  }

  function enhance(block) {
    Array.prototype.forEach.call(block.querySelectorAll('thead th[data-key]'), function (th) {
      var label = th.innerHTML;
      th.innerHTML = '';
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'sort-button';
      button.innerHTML = label;
      th.appendChild(button);
      if (!th.hasAttribute('aria-sort')) th.setAttribute('aria-sort', 'none');
      button.addEventListener('click', function () {
        sortBy(block, th, th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending');
      });
    });
    var filter = block.querySelector('[data-filter]');
    if (filter) {
      filter.closest('[hidden]') && filter.closest('[hidden]').removeAttribute('hidden');
      filter.addEventListener('input', function () {
        applyFilter(block, filter.value);
      });
      if (filter.value) applyFilter(block, filter.value);
    }
  }

  document.querySelectorAll('[data-table]').forEach(enhance);
})();
