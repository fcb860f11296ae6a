// The backtest report: reads the backtest service's REST API (the same JSON the CLI and users read) and draws it
// with Apache ECharts. Amounts arrive as exact decimal strings; they become floats only to be drawn.
// When every chart has drawn, <body> gets data-report-state="ready" and each chart container data-drawn="true"
// (checked on the canvas pixels, not assumed): the headless-Chromium test reads these.
'use strict';

(function () {
  const path = window.location.pathname;
  const match = path.match(/\/api\/backtests\/([0-9a-fA-F-]{36})\/report\/?$/);
  const params = new URLSearchParams(window.location.search);
  const taskParam = params.get('task');
  const charts = [];

  function fail(message) {
    const el = document.getElementById('error');
    el.textContent = message;
    el.hidden = false;
    document.body.dataset.reportState = 'error';
    document.body.dataset.reportError = message;
  }

  async function getJson(url) {
    const response = await fetch(url, { headers: { Accept: 'application/json' } });
    if (!response.ok) {
      let reason = response.status + ' ' + response.statusText;
      try {
        const problem = await response.json();
        reason = (problem.title || reason) + (problem.detail ? ': ' + problem.detail : '');
      } catch (ignored) { /* not a problem document */ }
      throw new Error(url + ': ' + reason);
    }
    return response.json();
  }

  const num = (v) => (v === null || v === undefined || v === '' ? null : Number(v));
  const pct = (v) => (v === null || v === undefined ? '–' : (Number(v) * 100).toFixed(2) + ' %');
  const fixed = (v, d) => (v === null || v === undefined ? '–' : Number(v).toFixed(d));
  const text = (v) => (v === null || v === undefined ? '–' : String(v));
  // account-currency amounts, as the service's exact decimals rounded for the eye (0E-8 reads as 0.00)
  const money = (v) => (v === null || v === undefined || v === '' ? '–' : Number(v).toFixed(2));

  function cell(row, value, cls) {
    const td = document.createElement(row.parentElement && row.parentElement.tagName === 'THEAD' ? 'th' : 'td');
    td.textContent = value;
    if (cls) td.className = cls;
    row.appendChild(td);
  }

  function metricsTable(result, job) {
    const table = document.getElementById('metrics');
    const rows = [
      ['Status', job.status],
      ['Strategy', result && result.strategyId],
      ['Initial capital', money(result && result.initialCapital)],
      ['Final equity', money(result && result.finalEquity)],
      ['Total return', pct(result && result.totalReturn)],
      ['CAGR', pct(result && result.cagr)],
      ['Sharpe', fixed(result && result.sharpe, 2)],
      ['Sortino', fixed(result && result.sortino, 2)],
      ['Max drawdown', pct(result && result.maxDrawdown)],
      ['Calmar', fixed(result && result.calmar, 2)],
      ['Win rate', pct(result && result.winRate)],
      ['Profit factor', fixed(result && result.profitFactor, 2)],
      ['Exposure', pct(result && result.exposure)],
      ['Trades (closed)', text(result && result.closedTrades)],
      ['Funding', money(result && result.funding)],
      ['Ticks', text(result && result.eventsProcessed)],
      ['Code version', text(result && result.codeVersion)],
    ];
    for (const [name, value] of rows) {
      const tr = table.insertRow();
      cell(tr, name);
      cell(tr, value === null || value === undefined ? '–' : String(value));
    }
  }

  function tradesTable(trades) {
    const table = document.getElementById('trades');
    document.getElementById('trade-count').textContent = '(' + trades.length + ')';
    const head = table.createTHead().insertRow();
    const columns = ['instrument', 'side', 'entryTime', 'entryPrice', 'exitTime', 'exitPrice', 'size', 'funding',
      'commission', 'netPnl'];
    for (const c of columns) {
      const th = document.createElement('th');
      th.textContent = c;
      head.appendChild(th);
    }
    const body = table.createTBody();
    for (const t of trades) {
      const tr = body.insertRow();
      for (const c of columns) {
        const td = tr.insertCell();
        td.textContent = ['funding', 'commission', 'netPnl'].includes(c) ? money(t[c]) : t[c];
        if (c === 'netPnl') td.className = Number(t[c]) >= 0 ? 'pos' : 'neg';
      }
    }
  }

  const GRID = { left: 70, right: 30, top: 30, bottom: 50 };

  function chart(id, option) {
    const el = document.getElementById(id);
    const instance = echarts.init(el, null, { renderer: 'canvas' });
    const drawn = new Promise((resolve) => {
      instance.on('finished', () => resolve());
    });
    const full = Object.assign({ animation: false, grid: GRID }, option);
    instance.setOption(full);
    charts.push({ el, instance, drawn, grid: full.grid });
    window.addEventListener('resize', () => instance.resize());
  }

  // A chart "drew" when its plot area holds coloured pixels: the series (lines, areas, bars, heatmap cells) are
  // coloured, while axes, grid lines and labels are grey, so an empty chart or a chart with only its axes scores 0.
  function inked(c) {
    const canvas = c.el.querySelector('canvas');
    if (!canvas || canvas.width === 0 || canvas.height === 0) return 0;
    const ratio = canvas.width / c.el.clientWidth;
    const x0 = Math.round(c.grid.left * ratio);
    const y0 = Math.round(c.grid.top * ratio);
    const w = Math.round(canvas.width - (c.grid.left + c.grid.right) * ratio);
    const h = Math.round(canvas.height - (c.grid.top + c.grid.bottom) * ratio);
    if (w <= 0 || h <= 0) return 0;
    const data = canvas.getContext('2d').getImageData(x0, y0, w, h).data;
    let coloured = 0;
    for (let i = 0; i < data.length; i += 4) {
      const max = Math.max(data[i], data[i + 1], data[i + 2]);
      const min = Math.min(data[i], data[i + 1], data[i + 2]);
      if (data[i + 3] > 0 && max - min > 60) coloured++;
    }
    return coloured;
  }

  function drawdowns(points) {
    let peak = -Infinity;
    return points.map(([t, e]) => {
      peak = Math.max(peak, e);
      return [t, peak > 0 ? (e - peak) / peak * 100 : 0];
    });
  }

  function monthlyReturns(points, initial) {
    const months = new Map(); // 'YYYY-MM' -> last equity of the month
    for (const [t, e] of points) months.set(new Date(t).toISOString().slice(0, 7), e);
    let previous = initial;
    const out = [];
    for (const [month, last] of months) {
      out.push([month, previous ? (last / previous - 1) * 100 : 0]);
      previous = last;
    }
    return out;
  }

  function varying(tasks) {
    const values = new Map();
    for (const t of tasks) {
      for (const [k, v] of Object.entries(t.parameters || {})) {
        if (!values.has(k)) values.set(k, new Set());
        values.get(k).add(String(v));
      }
    }
    const sortValues = (set) => [...set].sort((a, b) => (isNaN(a) || isNaN(b) ? a.localeCompare(b) : a - b));
    return [...values.entries()].filter(([, s]) => s.size > 1).map(([k, s]) => [k, sortValues(s)]);
  }

  function metricOf(task, metric) {
    return task.result ? num(task.result[metric]) : null;
  }

  function sweepCharts(job, tasks) {
    const metric = (job.summary && job.summary.metric) || (job.definition && job.definition.sweep
      && job.definition.sweep.metric) || 'sharpe';
    const firstPhase = tasks.filter((t) => t.phase !== 'OUT_OF_SAMPLE');
    const axes = varying(firstPhase);
    document.getElementById('sweep').hidden = false;
    document.getElementById('sweep-line').textContent = firstPhase.length + ' parameter runs ranked by ' + metric
      + (axes.length > 2 ? ' (heatmap of ' + axes[0][0] + ' × ' + axes[1][0] + ': best over the other parameters)' : '');
    const [xKey, xValues] = axes[0] || ['parameters', ['all']];
    const [yKey, yValues] = axes[1] || ['', ['']];
    const best = new Map(); // "x|y" -> the best mean over folds of the metric
    const byParams = new Map(); // parameter set -> list of metric values (one per fold)
    for (const t of firstPhase) {
      const key = JSON.stringify(t.parameters);
      if (!byParams.has(key)) byParams.set(key, { parameters: t.parameters, values: [] });
      const m = metricOf(t, metric);
      if (m !== null) byParams.get(key).values.push(m);
    }
    for (const { parameters, values } of byParams.values()) {
      if (values.length === 0) continue;
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      const cellKey = String(parameters[xKey] ?? 'all') + '|' + String(parameters[yKey] ?? '');
      if (!best.has(cellKey) || mean > best.get(cellKey)) best.set(cellKey, mean);
    }
    const data = [];
    for (const [cellKey, value] of best) {
      const [x, y] = cellKey.split('|');
      data.push([xValues.indexOf(x), yValues.indexOf(y), Number(value.toFixed(4))]);
    }
    const values = data.map((d) => d[2]);
    chart('chart-heatmap', {
      tooltip: { position: 'top' },
      xAxis: { type: 'category', data: xValues, name: xKey, nameLocation: 'middle', nameGap: 25 },
      yAxis: { type: 'category', data: yValues, name: yKey },
      visualMap: { min: values.length ? Math.min(...values) : 0, max: values.length ? Math.max(...values) : 1,
        calculable: true, precision: 4, orient: 'horizontal', left: 'center', bottom: 0, text: [metric, ''] },
      grid: { left: 70, right: 30, top: 20, bottom: 95 },
      series: [{ type: 'heatmap', data, label: { show: data.length <= 120 } }],
    });

    // the service records the out-of-sample check in the job's summary: the best in-sample sets of each fold, run
    // on the window after it
    const checks = (job.summary && job.summary.outOfSample) || [];
    if (checks.length === 0) {
      document.getElementById('oos-line').textContent = 'This job has no out-of-sample window.';
      document.getElementById('chart-oos').hidden = true;
      return;
    }
    const labels = checks.map((c) => Object.entries(c.parameters || {}).map(([k, v]) => k + '=' + v).join(' ')
      + ' (fold ' + c.fold + ')');
    document.getElementById('oos-line').textContent = 'The best in-sample parameter sets, run on the unseen window: '
      + metric + ' in-sample vs out-of-sample.';
    chart('chart-oos', {
      tooltip: { trigger: 'axis' },
      legend: { data: ['in-sample', 'out-of-sample'] },
      xAxis: { type: 'category', data: labels },
      yAxis: { type: 'value', name: metric },
      series: [{ name: 'in-sample', type: 'bar', data: checks.map((c) => num(c.inSample)) },
        { name: 'out-of-sample', type: 'bar', data: checks.map((c) => num(c.outOfSample)) }],
    });
  }

  async function main() {
    if (!match) {
      fail('this page is served at /api/backtests/{jobId}/report');
      return;
    }
    if (typeof echarts === 'undefined') {
      fail('the charting library (ECharts) did not load');
      return;
    }
    const jobId = match[1];
    const base = '/api/backtests/' + jobId;
    const taskQuery = taskParam === null ? '' : '?task=' + encodeURIComponent(taskParam);
    document.getElementById('job-id').textContent = jobId;
    document.getElementById('json-link').href = base;
    document.getElementById('trades-csv').href = base + '/trades?format=csv' + (taskQuery ? '&' + taskQuery.slice(1) : '');
    document.getElementById('equity-csv').href = base + '/equity?format=csv' + (taskQuery ? '&' + taskQuery.slice(1) : '');

    const job = await getJson(base);
    const def = job.definition || {};
    document.getElementById('job-line').textContent = [def.strategyId, (def.instruments || []).join(', '),
      def.from + ' → ' + def.to, 'status ' + job.status].join(' · ');
    const tasks = await getJson(base + '/tasks');
    const task = taskParam === null ? null : tasks.find((t) => String(t.index) === taskParam);
    // the job's result carries the figures of its best task (a single run: its only task)
    const result = task ? task.result : job.result || (tasks.length === 1 ? tasks[0].result : null);
    metricsTable(result, job);
    const [trades, equity] = await Promise.all([getJson(base + '/trades' + taskQuery),
      getJson(base + '/equity' + taskQuery)]);
    tradesTable(trades);

    const points = equity.map((p) => [Date.parse(p.time), Number(p.equity)]);
    const initial = num((result && result.initialCapital) || def.initialCapital) || (points.length ? points[0][1] : 0);
    chart('chart-equity', {
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', scale: true, name: 'equity' },
      series: [{ type: 'line', data: points, showSymbol: false, step: 'end', lineStyle: { width: 1.5 } }],
    });
    chart('chart-drawdown', {
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', name: '%', max: 0 },
      series: [{ type: 'line', data: drawdowns(points), showSymbol: false, areaStyle: { opacity: 0.35 },
        color: '#b42318' }],
    });
    const monthly = monthlyReturns(points, initial);
    chart('chart-monthly', {
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: monthly.map((m) => m[0]) },
      yAxis: { type: 'value', name: '%' },
      series: [{ type: 'bar', data: monthly.map((m) => ({ value: Number(m[1].toFixed(3)),
        itemStyle: { color: m[1] >= 0 ? '#13795b' : '#b42318' } })) }],
    });
    if (tasks.length > 1) sweepCharts(job, tasks);

    await Promise.all(charts.map((c) => c.drawn));
    let drawn = 0;
    for (const c of charts) {
      const ink = inked(c);
      c.el.dataset.ink = String(ink);
      c.el.dataset.drawn = String(ink > 0);
      if (ink > 0) drawn++;
    }
    document.body.dataset.chartsDrawn = String(drawn);
    document.body.dataset.chartsTotal = String(charts.length);
    document.body.dataset.reportState = drawn === charts.length ? 'ready' : 'incomplete';
  }

  main().catch((e) => fail(e.message || String(e)));
})();
