// The review queue's tables on the reviewer page: per deployment its level and backlog, and the
// items waiting (no inputs), filtered by the deployment picked.
(function () {
  'use strict';

  var W = window.ShepherdWeb;
  var node = W.node, age = W.age, isMissing = W.isMissing;
  var REASONS = window.ShepherdWeb.REASONS, PERCENT = window.ShepherdWeb.PERCENT;

  /** Renders the queue {@code q} into the page's tables; {@code el} holds the elements, {@code currentId} the item held. */
  function renderQueue(el, q, currentId) {
    var deployments = Array.isArray(q.deployments) ? q.deployments : [];
    var items = Array.isArray(q.items) ? q.items : [];
    var filter = el.filter.value;
    updateFilter(el, deployments.map(function (d) {
      return d.deployment;
    }));

    var tbody = el.queueDeployments.tBodies[0];
    tbody.textContent = '';
    deployments.forEach(function (d) {
      var tr = node('tr');
      if (d.deployment === filter) {
        tr.className = 'selected';
      }
      var th = node('th', null, d.deployment);
      th.scope = 'row';
      tr.appendChild(th);
      tr.appendChild(node('td', null, d.level || '–'));
      tr.appendChild(node('td', 'num', String(d.open || 0)));
      tr.appendChild(node('td', 'num', String(d.claimed || 0)));
      tr.appendChild(node('td', 'num', d.open ? age(d.oldest_age_seconds) : '–'));
      tr.appendChild(node('td', 'num', isMissing(d.decisions_per_minute) ? '–'
          : String(Math.round(d.decisions_per_minute * 10) / 10) + '/min'));
      tr.appendChild(node('td', 'num', isMissing(d.agreement) ? '–' : PERCENT.format(d.agreement)));
      tbody.appendChild(tr);
    });
    if (!deployments.length) {
      var none = node('tr');
      var td = node('td', 'none', 'No deployment sends items to review.');
      td.colSpan = 7;
      none.appendChild(td);
      tbody.appendChild(none);
    }

    var ibody = el.queueItems.tBodies[0];
    ibody.textContent = '';
    var shown = items.filter(function (it) {
      return !filter || it.deployment === filter;
    });
    shown.forEach(function (it) {
      var tr = node('tr', it.state === 'claimed' ? 'claimed' : '');
      if (currentId && it.id === currentId) {
        tr.classList.add('mine');
      }
      tr.appendChild(node('td', 'id', it.id));
      tr.appendChild(node('td', null, it.deployment));
      tr.appendChild(node('td', null, REASONS[it.reason] || it.reason));
      tr.appendChild(node('td', 'num', String(it.priority)));
      tr.appendChild(node('td', null, it.state));
      tr.appendChild(node('td', 'num', age(it.age_seconds)));
      ibody.appendChild(tr);
    });
    if (!shown.length) {
      var empty = node('tr');
      var cell = node('td', 'none', 'Nothing waiting.');
      cell.colSpan = 6;
      empty.appendChild(cell);
      ibody.appendChild(empty);
    }
  }

  /** Keeps the filter's options in step with the queue's deployments, keeping the selection. */
  function updateFilter(el, names) {
    var selected = el.filter.value;
    var wanted = names.slice().sort();
    if (selected && wanted.indexOf(selected) < 0) {
      wanted.push(selected);
    }
    var have = Array.prototype.slice.call(el.filter.options, 1).map(function (o) {
      return o.value;
    });
    if (have.join('\n') === wanted.join('\n')) {
      return;
    }
    while (el.filter.options.length > 1) {
      el.filter.remove(1);
    }
    wanted.forEach(function (n) {
      el.filter.appendChild(new Option(n, n));
    });
    el.filter.value = selected;
  }

  window.ShepherdQueue = {render: renderQueue};
})();
