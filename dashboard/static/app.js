// tingzhen dashboard: plain JS over the JSON API. Every number on the page comes from
// /v1/insights/*, /v1/tasks, /v1/kg/* or /v1/jobs; the API key (when the server has keys)
// lives in sessionStorage and travels only in the Authorization header.
'use strict';
(() => {
  const KEY = 'tingzhen.apiKey';
  const LANG = 'tingzhen.lang';
  const $ = (s, el = document) => el.querySelector(s);
  const $$ = (s, el = document) => Array.from(el.querySelectorAll(s));
  const hasCharts = typeof window.echarts !== 'undefined';

  const state = {
    view: 'overview', industry: '', period: 'all', from: '', to: '', channel: '', brand: '',
    latest: '', industries: [], brands: [], ourBrand: '', lang: sessionStorage.getItem(LANG) || 'zh',
  };
  let gen = 0; // render generation: a newer render makes older ones stop writing

  // ---- i18n ----------------------------------------------------------------------------
  const EN = {
    title: 'Customer experience dashboard', 'nav.overview': 'Overview', 'nav.departments': 'Departments', 'nav.indicator': 'Indicator',
    'nav.journey': 'Journey', 'nav.calls': 'Calls', 'nav.tryit': 'Try it', 'nav.kg': 'Knowledge graph', 'nav.reports': 'Job reports', logout: 'Forget key',
    'f.industry': 'Industry', 'f.period': 'Period', 'f.from': 'From', 'f.to': 'To', 'f.channel': 'Channel', 'f.brand': 'Brand',
    'p.all': 'All', 'p.7d': 'Last 7 days', 'p.30d': 'Last 30 days', 'p.90d': 'Last 90 days', 'p.custom': 'Custom',
    'k.records': 'Records', 'k.mentions': 'Mentions', 'k.net': 'Net sentiment', 'k.pain': 'Pain share', 'k.itch': 'Itch share',
    'k.pleasure': 'Pleasure share', 'k.open': 'Open alerts', every: 'Every', 'e.day': 'day', 'e.week': 'week', 'e.month': 'month',
    'ov.volume': 'Volume and net sentiment', 'ov.points': 'Pain / itch / pleasure share', 'ov.toppains': 'Top pain indicators',
    'ov.alerts': 'Open alerts', 'dep.chart': 'Pains per department', 'ind.pick': 'Indicator', 'ind.point': 'Measure',
    'pt.pain': 'pain', 'pt.itch': 'itch', 'pt.pleasure': 'pleasure', 'pt.negative': 'negative', 'ind.trend': 'Trend',
    'ind.compare': 'Period comparison (this vs previous)', 'ind.bench': 'Brand vs competitors vs industry',
    'ind.channels': 'Consistency across channels', 'ind.drivers': 'Drivers of negative sentiment (regularised logistic regression)',
    'ind.evidence': 'Evidence', 'j.curve': 'Journey emotion curve (peak-end)', 'j.map': 'Stages × touchpoints, net sentiment',
    'try.title': 'Paste a customer text', 'try.go': 'Analyse', 'try.file': 'or upload a file (CSV / JSONL / TXT, as a bulk job)',
    'kg.pack': 'Industry pack', 'kg.cands': 'Candidate terms to review', 'rep.jobs': 'Bulk jobs', 'key.title': 'API key required',
    'key.help': 'This server has API keys on. The key is kept for this tab only (sessionStorage), sent as a header, never put in a URL.',
    'key.ok': 'OK', 'calls.title': 'Paste a call transcript (lines starting 客户： or 坐席：)', 'calls.go': 'Analyse call',
    'calls.note': 'One call; rates over many calls and the agent scorecard below.',
    risk: 'Risk', resolution: 'Resolution', compliance: 'Compliance', curve: 'Customer emotion over the turns', valence: 'valence',
    smoothed: 'smoothed', turn: 'turn', reasons: 'reasons', speaker: 'Speaker', pickJob: 'pick a finished job…', notCalls: 'This job holds no call results (run one with format transcript).',
    unnamedAgent: '(agent not named)', calls: 'Calls', highRisk: 'High risk', resolved: 'Resolved', scorecard: 'Per agent', show: 'Show',
    'calls.batch': 'Calls of a transcript job', 'calls.batchnote': 'A bulk job run with format=transcript: rates over its calls and a scorecard per agent (the transcript\'s agent speaker).',
    // dynamic
    nodata: 'No data for these filters', noecharts: 'Charts unavailable: echarts.min.js is not embedded (run make ui, then rebuild).',
    records: 'records', net: 'net', mentions: 'mentions', share: 'share', pain: 'pain', itch: 'itch', pleasure: 'pleasure',
    noAlerts: 'No open alerts', severity: 'Severity', indicator: 'Indicator', department: 'Department', window: 'Window', status: 'Status',
    actions: 'Actions', topAspects: 'Top pain aspects', evidence: 'Evidence', tasks: 'Tasks', noTasks: 'No tasks',
    ack: 'Acknowledge', start: 'Start', resolve: 'Resolve', verify: 'Verify', dismiss: 'Dismiss', record: 'record',
    prev: 'previous', cur: 'current', brandSide: 'brand', competitors: 'competitors', industry: 'industry',
    consistency: 'consistency', consistent: 'consistent', inconsistent: 'not consistent', coef: 'coefficient',
    peak: 'peak', end: 'end', peakEnd: 'peak-end score', stageNet: 'stage net sentiment', noMentions: 'no mentions',
    sentiment: 'Sentiment', term: 'Term', opinion: 'Opinion', polarity: 'Polarity', point: 'Point', confidence: 'Confidence',
    indicators: 'Indicators', accept: 'Accept', added: 'added', count: 'Count', example: 'Example', aspect: 'Aspect',
    noCands: 'No candidate terms', job: 'Job', created: 'Created', view: 'View report', download: 'Download', noJobs: 'No jobs yet',
    latestNote: 'relative periods end at the latest day with data', since: 'vs', significant: 'significant', none: '—',
    uploaded: 'Uploaded as job', pickAspect: 'pick an aspect…', badKey: 'That key was refused', all: 'All', error: 'Error', terms: 'terms',
    drivers: 'records with a sentiment', inferred: 'inferred', allTasksNote: 'tasks follow industry and period, not channel/brand',
  };
  const ZH = {
    nodata: '当前筛选条件下无数据', noecharts: '图表不可用：未嵌入 echarts.min.js（请运行 make ui 后重新构建）。',
    records: '记录', net: '净情感', mentions: '观点', share: '占比', pain: '痛点', itch: '痒点', pleasure: '悦点',
    noAlerts: '暂无待处理告警', severity: '级别', indicator: '指标', department: '部门', window: '窗口', status: '状态',
    actions: '操作', topAspects: '主要痛点方面', evidence: '原声证据', tasks: '改进任务', noTasks: '暂无任务',
    ack: '确认', start: '开始处理', resolve: '已解决', verify: '验证', dismiss: '忽略', record: '记录',
    prev: '上期', cur: '本期', brandSide: '本品', competitors: '竞品', industry: '行业',
    consistency: '一致性', consistent: '各渠道一致', inconsistent: '各渠道不一致', coef: '系数',
    peak: '峰', end: '终', peakEnd: '峰终得分', stageNet: '阶段净情感', noMentions: '无观点',
    sentiment: '情感', term: '评价对象', opinion: '观点词', polarity: '极性', point: '类型', confidence: '置信度',
    indicators: '指标判定', accept: '接受', added: '已添加', count: '次数', example: '例句', aspect: '方面',
    noCands: '暂无候选词', job: '任务', created: '创建时间', view: '查看报告', download: '下载', noJobs: '暂无批量任务',
    latestNote: '相对时间段以数据最新日期为终点', since: '对比', significant: '显著', none: '—',
    uploaded: '已作为批量任务上传', pickAspect: '选择方面…', badKey: '密钥被拒绝', all: '全部', error: '错误', terms: '词',
    drivers: '条有情感的记录', risk: '风险', resolution: '解决情况', compliance: '合规检查', curve: '客户情绪曲线（逐轮）', valence: '情绪值',
    smoothed: '平滑', turn: '轮次', reasons: '原因', speaker: '说话人', pickJob: '选择已完成的批量任务…', notCalls: '该任务没有通话结果（请以 transcript 格式运行）。',
    unnamedAgent: '（未标注坐席）', calls: '通话', highRisk: '高风险占比', resolved: '解决率', scorecard: '坐席评分卡', show: '查看', inferred: '推断', allTasksNote: '任务按行业和时间筛选，不区分渠道/品牌',
  };
  const zhStatic = new Map();
  function t(k) { return (state.lang === 'en' ? EN[k] : ZH[k]) ?? EN[k] ?? k; }
  function applyLang() {
    document.documentElement.lang = state.lang === 'en' ? 'en' : 'zh-CN';
    for (const el of $$('[data-i18n]')) {
      if (!zhStatic.has(el)) zhStatic.set(el, el.textContent);
      el.textContent = state.lang === 'en' ? (EN[el.dataset.i18n] ?? zhStatic.get(el)) : zhStatic.get(el);
    }
    $('#lang').textContent = state.lang === 'en' ? '中文' : 'EN';
  }
  const STATUS_ZH = { open: '待处理', acknowledged: '已确认', in_progress: '处理中', resolved: '已解决', verified: '已验证', dismissed: '已忽略' };
  const POL_ZH = { negative: '负面', neutral: '中性', positive: '正面' };
  const status = (s) => (state.lang === 'en' ? s : STATUS_ZH[s] || s);
  const pol = (s) => (state.lang === 'en' ? s : POL_ZH[s] || s);
  const point = (s) => (s ? t(s) : '');

  // ---- DOM helpers (text only: data never becomes HTML) ----------------------------------
  function h(tag, attrs = {}, ...kids) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : v);
    }
    for (const c of kids.flat()) if (c !== undefined && c !== null && c !== false) el.append(c instanceof Node ? c : String(c));
    return el;
  }
  const pct = (x) => (Number.isFinite(x) ? (x * 100).toFixed(1) + '%' : '–');
  const num = (x) => (Number.isFinite(x) ? x.toLocaleString() : '–');
  const fix = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '–');
  const day = (s) => (s ? String(s).slice(0, 10) : '');

  // highlight returns text with the code-point spans [{start,end,cls}] wrapped in <mark>.
  function highlight(text, spans) {
    const cps = Array.from(text || '');
    const ok = spans.filter((s) => Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.end > s.start && s.end <= cps.length)
      .sort((a, b) => a.start - b.start);
    const out = h('span');
    let at = 0;
    for (const s of ok) {
      if (s.start < at) continue; // overlapping spans: keep the first
      out.append(cps.slice(at, s.start).join(''));
      out.append(h('mark', { class: s.cls || '', title: s.title || '' }, cps.slice(s.start, s.end).join('')));
      at = s.end;
    }
    out.append(cps.slice(at).join(''));
    return out;
  }

  function banner(msg, info) {
    const b = $('#banner');
    b.hidden = !msg;
    b.className = info ? 'info' : '';
    b.textContent = msg || '';
  }

  // ---- API ------------------------------------------------------------------------------
  let keyPrompt = null; // the pending key dialog, shared by concurrent 401s
  function askKey(message) {
    if (keyPrompt) return keyPrompt;
    keyPrompt = new Promise((resolve) => {
      const dlg = $('#keydlg');
      $('#key-err').textContent = message || '';
      $('#key-input').value = '';
      const submit = async (ev) => {
        ev.preventDefault();
        const k = $('#key-input').value.trim();
        if (!k) return;
        const r = await fetch('/v1/kg/industries', { headers: { Authorization: 'Bearer ' + k }, cache: 'no-store', credentials: 'omit' });
        if (r.status === 401) { $('#key-err').textContent = t('badKey'); return; }
        sessionStorage.setItem(KEY, k);
        $('#keyform').removeEventListener('submit', submit);
        dlg.close();
        $('#logout').hidden = false;
        keyPrompt = null;
        resolve();
      };
      $('#keyform').addEventListener('submit', submit);
      dlg.addEventListener('cancel', (ev) => ev.preventDefault());
      dlg.showModal();
      $('#key-input').focus();
    });
    return keyPrompt;
  }

  async function api(path, opt = {}) {
    const headers = {};
    const k = sessionStorage.getItem(KEY);
    if (k) headers.Authorization = 'Bearer ' + k;
    let body = opt.body;
    if (body !== undefined && !(body instanceof Blob)) { headers['Content-Type'] = 'application/json'; body = JSON.stringify(body); }
    else if (opt.contentType) headers['Content-Type'] = opt.contentType;
    const r = await fetch(path, { method: opt.method || 'GET', headers, body, cache: 'no-store', credentials: 'omit' });
    if (r.status === 401) {
      sessionStorage.removeItem(KEY);
      let msg = '';
      try { msg = (await r.json()).error.message; } catch (_) { /* not JSON */ }
      await askKey(k ? t('badKey') : msg);
      return api(path, opt);
    }
    if (!r.ok) {
      let msg = r.statusText;
      try { msg = (await r.json()).error.message; } catch (_) { /* not JSON */ }
      throw new Error(`${r.status} ${path.split('?')[0]}: ${msg}`);
    }
    return opt.raw ? r : r.json();
  }

  // ---- filters --------------------------------------------------------------------------
  function addDays(d, n) { const x = new Date(d + 'T00:00:00Z'); x.setUTCDate(x.getUTCDate() + n); return x.toISOString().slice(0, 10); }
  function period() {
    if (state.period === 'custom') return [state.from, state.to];
    if (state.period === 'all' || !state.latest) return ['', ''];
    const n = parseInt(state.period, 10);
    return [addDays(state.latest, 1 - n), state.latest];
  }
  // q is the query string of the filters plus extra; skip names filters left out.
  function q(extra = {}, skip = []) {
    const p = new URLSearchParams();
    if (state.industry) p.set('industry', state.industry);
    const [from, to] = period();
    if (from) p.set('from', from);
    if (to) p.set('to', to);
    if (state.channel && !skip.includes('channel')) p.set('channel', state.channel);
    if (state.brand && !skip.includes('brand')) p.set('brand', state.brand);
    for (const [k, v] of Object.entries(extra)) {
      if (v === undefined || v === null || v === '') continue;
      if (Array.isArray(v)) v.forEach((x) => p.append(k, x)); else p.set(k, v);
    }
    return p.toString();
  }

  // keys returns every key of a group (by) with mentions under the filter: the union of the
  // three polarities' top lists (every counted mention has one).
  async function keys(by, extra = {}, skip = []) {
    const rs = await Promise.all(['positive', 'negative', 'neutral'].map((p) => api('/v1/insights/top?' + q({ point: p, by, n: -1, ...extra }, skip))));
    const m = new Map();
    for (const r of rs) for (const it of r.items) m.set(it.key, { key: it.key, name: it.name || it.key, mentions: it.mentions, net: it.net, records: it.records });
    return [...m.values()].sort((a, b) => b.mentions - a.mentions);
  }

  function fillSelect(sel, opts, value) {
    sel.replaceChildren(...opts.map(([v, label]) => h('option', { value: v }, label)));
    sel.value = opts.some(([v]) => v === value) ? value : (opts[0] ? opts[0][0] : '');
  }

  async function loadFacets() {
    const ind = state.industry;
    const [tr, ch, brands] = await Promise.all([
      api('/v1/insights/trend?' + new URLSearchParams({ industry: ind, by: 'month' })),
      api('/v1/insights/channels?' + new URLSearchParams({ industry: ind, min_mentions: 1 })),
      keys('brand', {}, ['brand', 'channel']),
    ]);
    if (ind !== state.industry) return;
    const pts = tr.points.filter((p) => p.mentions > 0 || p.records > 0);
    state.latest = '';
    if (pts.length) {
      // the latest day with data: a day trend over the last month that has counts
      const last = pts[pts.length - 1];
      const d = await api('/v1/insights/trend?' + new URLSearchParams({ industry: ind, by: 'day', from: day(last.start) }));
      const days = d.points.filter((p) => p.records > 0 || p.mentions > 0);
      if (days.length) state.latest = days[days.length - 1].period;
    }
    const channels = ch.rows.map((r) => r.channel).filter((c) => c);
    fillSelect($('#f-channel'), [['', t('all')], ...channels.map((c) => [c, c])], state.channel);
    state.channel = $('#f-channel').value;
    state.brands = brands.map((b) => b.key).filter((b) => b);
    fillSelect($('#f-brand'), [['', t('all')], ...state.brands.map((b) => [b, b])], state.brand);
    state.brand = $('#f-brand').value;
    state.ourBrand = state.brands.find((b) => b.includes('本')) || state.brands[0] || '';
    $('#f-note').textContent = state.latest ? `${t('latestNote')}: ${state.latest}` : '';
  }

  function readFilters() {
    state.industry = $('#f-industry').value;
    state.period = $('#f-period').value;
    state.from = $('#f-from').value;
    state.to = $('#f-to').value;
    state.channel = $('#f-channel').value;
    state.brand = $('#f-brand').value;
    for (const el of $$('#filters .custom')) el.hidden = state.period !== 'custom';
    sessionStorage.setItem('tingzhen.filters', JSON.stringify({ industry: state.industry, period: state.period, from: state.from, to: state.to, channel: state.channel, brand: state.brand }));
  }

  // ---- charts ---------------------------------------------------------------------------
  function chart(id, option, empty) {
    const el = document.getElementById(id);
    if (!hasCharts) { el.textContent = t('noecharts'); return null; }
    const c = echarts.getInstanceByDom(el) || echarts.init(el);
    if (empty) option = { title: { text: t('nodata'), left: 'center', top: 'middle', textStyle: { color: '#999', fontSize: 13, fontWeight: 'normal' } } };
    c.setOption({ animation: false, ...option }, true);
    el.dataset.empty = empty ? '1' : '0';
    return c;
  }
  window.addEventListener('resize', () => {
    if (!hasCharts) return;
    for (const el of $$('.chart')) { const c = echarts.getInstanceByDom(el); if (c && el.offsetParent) c.resize(); }
  });
  const COLORS = { pain: '#d9534f', itch: '#f0ad4e', pleasure: '#2e9d5b', net: '#2f6fdb', records: '#9fb3c8' };
  const grid = { left: 48, right: 48, top: 36, bottom: 30, containLabel: true };

  function taskInPeriod(tk) {
    const [from, to] = period();
    return (!from || tk.window_end >= from) && (!to || tk.window_start <= to);
  }

  // ---- views ----------------------------------------------------------------------------
  const views = {};

  views.overview = async (g) => {
    const every = $('#ov-every').value;
    const [tr, tasks, top] = await Promise.all([
      api('/v1/insights/trend?' + q({ by: every })),
      api('/v1/tasks?' + new URLSearchParams({ industry: state.industry, status: 'open', limit: 500 })),
      api('/v1/insights/top?' + q({ point: 'pain', by: 'indicator', n: 8 })),
    ]);
    if (g !== gen) return;
    const sum = { records: 0, mentions: 0, pain: 0, itch: 0, pleasure: 0, positive: 0, negative: 0 };
    for (const p of tr.points) for (const k of Object.keys(sum)) sum[k] += p[k];
    const open = tasks.tasks.filter(taskInPeriod);
    $('#kpi-records').textContent = num(sum.records);
    $('#kpi-mentions').textContent = num(sum.mentions);
    $('#kpi-net').textContent = sum.mentions ? fix((sum.positive - sum.negative) / sum.mentions) : '–';
    $('#kpi-pain').textContent = sum.mentions ? pct(sum.pain / sum.mentions) : '–';
    $('#kpi-itch').textContent = sum.mentions ? pct(sum.itch / sum.mentions) : '–';
    $('#kpi-pleasure').textContent = sum.mentions ? pct(sum.pleasure / sum.mentions) : '–';
    $('#kpi-open').textContent = num(open.length);
    const pts = tr.points;
    const x = pts.map((p) => p.period);
    const empty = sum.records === 0 && sum.mentions === 0;
    chart('chart-volume', {
      tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid,
      xAxis: { type: 'category', data: x },
      yAxis: [{ type: 'value', name: t('records') }, { type: 'value', name: t('net'), min: -1, max: 1 }],
      series: [
        { name: t('records'), type: 'bar', data: pts.map((p) => p.records), itemStyle: { color: COLORS.records } },
        { name: t('net'), type: 'line', yAxisIndex: 1, data: pts.map((p) => (p.mentions ? +p.net.toFixed(3) : null)), itemStyle: { color: COLORS.net }, connectNulls: true },
      ],
    }, empty);
    chart('chart-points', {
      tooltip: { trigger: 'axis', valueFormatter: pct }, legend: { top: 0 }, grid,
      xAxis: { type: 'category', data: x },
      yAxis: { type: 'value', axisLabel: { formatter: (v) => Math.round(v * 100) + '%' } },
      series: ['pain', 'itch', 'pleasure'].map((k) => ({ name: t(k), type: 'line', areaStyle: { opacity: 0.12 },
        data: pts.map((p) => (p.mentions ? +(p[k] / p.mentions).toFixed(4) : 0)), itemStyle: { color: COLORS[k] } })),
    }, empty);
    const items = top.items.slice().reverse();
    chart('chart-toppains', {
      tooltip: {}, grid: { ...grid, left: 8 },
      xAxis: { type: 'value' }, yAxis: { type: 'category', data: items.map((i) => i.name) },
      series: [{ name: t('pain'), type: 'bar', data: items.map((i) => i.count), itemStyle: { color: COLORS.pain }, label: { show: true, position: 'right' } }],
    }, items.length === 0);
    $('#ov-alerts').replaceChildren(open.length ? taskTable(open, false) : h('div', { class: 'muted' }, t('noAlerts')), h('div', { class: 'muted' }, t('allTasksNote')));
  };

  function taskTable(ts, withActions, onDone) {
    const rows = ts.map((tk) => h('tr', { dataset: { task: tk.id } },
      h('td', {}, h('span', { class: 'tag ' + tk.severity }, tk.severity)),
      h('td', {}, tk.indicator || tk.indicator_id, ' ', h('span', { class: 'tag ' + tk.point }, point(tk.point)), h('div', { class: 'muted' }, tk.reason || '')),
      h('td', {}, tk.department || tk.department_id),
      h('td', {}, `${tk.window_start} – ${tk.window_end}`, h('div', { class: 'muted' }, `${t('share')} ${pct(tk.share)} · ${tk.point_count}/${tk.mentions}`)),
      h('td', {}, h('span', { class: 'tag ' + tk.status, dataset: { status: tk.status } }, status(tk.status))),
      withActions ? h('td', { class: 'actions' }, taskActions(tk, onDone)) : null));
    return h('table', {}, h('thead', {}, h('tr', {}, [t('severity'), t('indicator'), t('department'), t('window'), t('status'), withActions ? t('actions') : null].filter(Boolean).map((x) => h('th', {}, x)))), h('tbody', {}, rows));
  }

  const NEXT = { open: ['ack', 'dismiss'], acknowledged: ['start', 'dismiss'], in_progress: ['resolve', 'dismiss'], resolved: ['verify'] };
  function taskActions(tk, onDone) {
    const err = h('div', { class: 'err' });
    const btns = (NEXT[tk.status] || []).map((a) => h('button', {
      type: 'button', dataset: { action: a, task: tk.id },
      onclick: async (ev) => {
        ev.target.disabled = true;
        try {
          await api(`/v1/tasks/${encodeURIComponent(tk.id)}/${a}`, { method: 'POST', body: { note: 'dashboard' } });
          onDone();
        } catch (e) { err.textContent = e.message; ev.target.disabled = false; }
      },
    }, t(a)));
    return [...btns, err];
  }

  // names: the pack's names by type/id (aspects in evidence carry ids only).
  let names = { industry: '', map: new Map() };
  async function loadNames() {
    if (names.industry === state.industry) return;
    const g = await api('/v1/kg/industries/' + encodeURIComponent(state.industry));
    names = { industry: state.industry, map: new Map(g.nodes.map((n) => [n.type + '/' + n.id, n.name || n.id])) };
  }
  const nameOf = (type, id) => names.map.get(type + '/' + id) || id;

  function evidenceList(evs) {
    if (!evs.length) return h('div', { class: 'muted' }, t('nodata'));
    return h('div', {}, evs.map((e) => h('div', { class: 'ev', dataset: { record: e.record_id } },
      highlight(e.text, [{ start: e.start, end: e.end, cls: e.polarity === 'negative' ? 'neg' : e.polarity === 'positive' ? 'pos' : '', title: `${e.term || ''} ${e.opinion || ''}` }]),
      h('div', { class: 'meta' }, `${t('record')} ${e.record_id} · ${day(e.time)} · ${e.aspect ? nameOf('aspect', e.aspect) : nameOf('indicator', e.indicator)} · ${pol(e.polarity)}${e.dims && e.dims.brand ? ' · ' + e.dims.brand : ''}${e.dims && e.dims.channel ? ' · ' + e.dims.channel : ''}`))));
  }

  views.departments = async (g) => {
    await loadNames();
    const [deps, tasks] = await Promise.all([
      api('/v1/insights/top?' + q({ point: 'pain', by: 'department', n: -1 })),
      api('/v1/tasks?' + new URLSearchParams({ industry: state.industry, limit: 500 })),
    ]);
    if (g !== gen) return;
    const ts = tasks.tasks.filter(taskInPeriod);
    const ids = deps.items.map((d) => d.key);
    const names = new Map(deps.items.map((d) => [d.key, d.name]));
    for (const tk of ts) if (!names.has(tk.department_id)) { ids.push(tk.department_id); names.set(tk.department_id, tk.department || tk.department_id); }
    const items = deps.items.slice().reverse();
    chart('chart-departments', {
      tooltip: {}, grid: { ...grid, left: 8 }, xAxis: { type: 'value' }, yAxis: { type: 'category', data: items.map((i) => i.name) },
      series: [{ name: t('pain'), type: 'bar', data: items.map((i) => i.count), itemStyle: { color: COLORS.pain }, label: { show: true, position: 'right' } }],
    }, items.length === 0);
    const details = await Promise.all(ids.map((id) => Promise.all([
      api('/v1/insights/top?' + q({ point: 'pain', by: 'aspect', department: id, n: 5 })),
      api('/v1/insights/evidence?' + q({ point: 'pain', department: id, n: 3 })),
    ])));
    if (g !== gen) return;
    const cards = ids.map((id, i) => {
      const [asp, ev] = details[i];
      const mine = ts.filter((tk) => tk.department_id === id);
      return h('div', { class: 'card', dataset: { department: id } },
        h('h3', {}, names.get(id)),
        h('div', { class: 'dep' },
          h('div', {}, h('h4', {}, t('topAspects')),
            asp.items.length ? h('table', {}, h('tbody', {}, asp.items.map((a) => h('tr', {}, h('td', {}, a.name), h('td', {}, num(a.count)), h('td', { class: 'muted' }, pct(a.share)))))) : h('div', { class: 'muted' }, t('nodata')),
            h('h4', {}, t('evidence')), evidenceList(ev.evidence)),
          h('div', {}, h('h4', {}, t('tasks')), mine.length ? taskTable(mine, true, () => render()) : h('div', { class: 'muted' }, t('noTasks')))));
    });
    $('#dep-cards').replaceChildren(...cards, h('div', { class: 'muted' }, t('allTasksNote')));
  };

  let indicatorCache = { at: '', list: [] };
  views.indicator = async (g) => {
    await loadNames();
    const sig = q();
    if (indicatorCache.at !== sig) indicatorCache = { at: sig, list: await keys('indicator') };
    if (g !== gen) return;
    const list = indicatorCache.list;
    const pick = $('#ind-pick');
    const want = pick.value;
    const pains = await api('/v1/insights/top?' + q({ point: 'pain', by: 'indicator', n: 1 }));
    fillSelect(pick, list.map((i) => [i.key, `${i.name}（${i.mentions}）`]), want || (pains.items[0] && pains.items[0].key) || '');
    const ind = pick.value;
    const pt = $('#ind-point').value;
    const every = $('#ov-every').value;
    // The comparison needs a current period: the filter's, else the last 7 days with data.
    let [from, to] = period();
    if (!from || !to) { if (state.latest) { to = state.latest; from = addDays(state.latest, -6); } }
    const cmpQ = new URLSearchParams(q({ indicator: ind, point: pt, by: 'aspect' }));
    if (from && to) { cmpQ.set('from', from); cmpQ.set('to', to); }
    // Drivers fit a model over every record of the filter (the slowest query): started
    // first, drawn last, so the other charts do not wait for it.
    const drvP = api('/v1/insights/drivers?' + q({ target: 'negative' }));
    drvP.catch(() => {}); // awaited below; this keeps an early failure from going unhandled
    const [tr, cmp, bench, chans, ev] = await Promise.all([
      api('/v1/insights/trend?' + q({ indicator: ind, by: every })),
      from && to ? api('/v1/insights/compare?' + cmpQ) : Promise.resolve(null),
      state.brand || state.ourBrand ? api('/v1/insights/benchmark?' + q({ brand: state.brand || state.ourBrand, point: pt, by: 'indicator' }, ['brand'])) : Promise.resolve(null),
      api('/v1/insights/channels?' + q({ indicator: ind, point: pt, min_mentions: 3 }, ['channel'])),
      api('/v1/insights/evidence?' + q({ indicator: ind, point: pt, n: 6 })),
    ]);
    if (g !== gen) return;
    const pts = tr.points;
    chart('chart-ind-trend', {
      tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid,
      xAxis: { type: 'category', data: pts.map((p) => p.period) },
      yAxis: [{ type: 'value', name: t('mentions') }, { type: 'value', min: -1, max: 1, name: t('net') + ' / ' + t('share') }],
      series: [
        { name: t('mentions'), type: 'bar', data: pts.map((p) => p.mentions), itemStyle: { color: COLORS.records } },
        { name: point(pt) + t('share'), type: 'line', yAxisIndex: 1, data: pts.map((p) => (p.mentions ? +(p[pt] / p.mentions).toFixed(4) : null)), itemStyle: { color: COLORS[pt] || COLORS.pain }, connectNulls: true },
        { name: t('net'), type: 'line', yAxisIndex: 1, data: pts.map((p) => (p.mentions ? +p.net.toFixed(3) : null)), itemStyle: { color: COLORS.net }, connectNulls: true },
      ],
    }, !pts.some((p) => p.mentions > 0));
    const ci = cmp ? cmp.items.filter((c) => c.cur.mentions > 0 || c.prev.mentions > 0).slice(0, 10) : [];
    $('#ind-compare-note').textContent = cmp ? `${t('cur')} ${day(cmp.from)}–${day(addDays(day(cmp.to), -1))} ${t('since')} ${t('prev')} ${day(cmp.prev_from)}–${day(addDays(day(cmp.prev_to), -1))}` +
      (ci.some((c) => c.significant) ? ` · ${t('significant')}: ${ci.filter((c) => c.significant).map((c) => c.name).join('、')}` : '') : '';
    chart('chart-ind-compare', {
      tooltip: { trigger: 'axis', valueFormatter: pct }, legend: { top: 0 }, grid,
      xAxis: { type: 'category', data: ci.map((c) => c.name + (c.significant ? ' *' : '')), axisLabel: { interval: 0, rotate: ci.length > 4 ? 30 : 0 } },
      yAxis: { type: 'value', axisLabel: { formatter: (v) => Math.round(v * 100) + '%' } },
      series: [{ name: t('prev'), type: 'bar', data: ci.map((c) => c.prev_share), itemStyle: { color: '#b8c4d1' } },
        { name: t('cur'), type: 'bar', data: ci.map((c) => c.cur_share), itemStyle: { color: COLORS[pt] || COLORS.pain } }],
    }, ci.length === 0);
    const br = bench ? bench.rows.filter((r) => r.industry.mentions > 0).sort((a, b) => (b.key === ind) - (a.key === ind) || b.industry.mentions - a.industry.mentions).slice(0, 10) : [];
    $('#ind-bench-note').textContent = bench ? `${t('brandSide')}: ${bench.brand} · ${t('competitors')}: ${(bench.competitors || []).join('、') || t('none')}` : '';
    chart('chart-ind-bench', {
      tooltip: { trigger: 'axis', valueFormatter: pct }, legend: { top: 0 }, grid,
      xAxis: { type: 'category', data: br.map((r) => r.name + (r.significant ? ' *' : '')), axisLabel: { interval: 0, rotate: br.length > 4 ? 30 : 0 } },
      yAxis: { type: 'value', axisLabel: { formatter: (v) => Math.round(v * 100) + '%' } },
      series: [['brand', t('brandSide'), COLORS.net], ['competitors', t('competitors'), '#f0ad4e'], ['industry', t('industry'), '#9fb3c8']]
        .map(([k, name, color]) => ({ name, type: 'bar', data: br.map((r) => r[k].share), itemStyle: { color } })),
    }, br.length === 0);
    const rows = chans.rows.filter((r) => r.mentions > 0);
    $('#ind-channels-note').textContent = rows.length ? `${t('consistency')} ${fix(chans.consistency)} · χ²=${fix(chans.chi_square)} df=${chans.df} p=${fix(chans.p, 3)} · ${chans.consistent ? t('consistent') : t('inconsistent')}` : '';
    chart('chart-ind-channels', {
      tooltip: { valueFormatter: pct }, grid,
      xAxis: { type: 'category', data: rows.map((r) => r.channel || t('none')) },
      yAxis: { type: 'value', axisLabel: { formatter: (v) => Math.round(v * 100) + '%' } },
      series: [{ name: point(pt) + t('share'), type: 'bar', data: rows.map((r) => ({ value: r.share, itemStyle: { color: r.measured ? COLORS[pt] || COLORS.pain : '#ccc' } })), label: { show: true, position: 'top', formatter: (p) => pct(p.value) } }],
    }, rows.length === 0);
    $('#ind-evidence').replaceChildren(evidenceList(ev.evidence));
    const drv = await drvP;
    if (g !== gen) return;
    const ds = drv.drivers.slice(0, 15).reverse();
    $('#ind-drivers-note').textContent = `${num(drv.records)} ${t('drivers')} · log loss ${fix(drv.log_loss, 3)} · λ=${drv.lambda}`;
    chart('chart-ind-drivers', {
      tooltip: {}, grid: { ...grid, left: 8 }, xAxis: { type: 'value', name: t('coef') },
      yAxis: { type: 'category', data: ds.map((d) => `${d.name}（${pol(d.polarity)}）`) },
      series: [{ type: 'bar', name: t('coef'), data: ds.map((d) => ({ value: +d.coef.toFixed(3), itemStyle: { color: d.coef > 0 ? COLORS.pain : COLORS.pleasure } })) }],
    }, ds.length === 0);
  };

  views.journey = async (g) => {
    const [graph, inds] = await Promise.all([api('/v1/kg/industries/' + encodeURIComponent(state.industry)), keys('indicator')]);
    if (g !== gen) return;
    const name = new Map(graph.nodes.map((n) => [n.type + '/' + n.id, n.name || n.id]));
    const kids = (kind, from) => graph.edges.filter((e) => e.kind === kind && e.from.id === from).map((e) => e.to.id);
    const stages = graph.edges.filter((e) => e.kind === 'has_stage').map((e) => e.to.id);
    const tpOf = new Map(); // indicator → touchpoint
    for (const e of graph.edges) if (e.kind === 'has_indicator') tpOf.set(e.to.id, e.from.id);
    for (let changed = true; changed;) {
      changed = false;
      for (const e of graph.edges) if (e.kind === 'parent_of' && tpOf.has(e.from.id) && !tpOf.has(e.to.id)) { tpOf.set(e.to.id, tpOf.get(e.from.id)); changed = true; }
    }
    const agg = new Map(); // touchpoint → {m, s}
    for (const i of inds) {
      const tp = tpOf.get(i.key);
      if (!tp) continue;
      const a = agg.get(tp) || { m: 0, s: 0 };
      a.m += i.mentions; a.s += i.net * i.mentions;
      agg.set(tp, a);
    }
    const color = (net) => { // red (−1) … white (0) … green (+1)
      const x = Math.max(-1, Math.min(1, net));
      const [r, gg, b] = x < 0 ? [255, Math.round(255 + 120 * x), Math.round(255 + 120 * x)] : [Math.round(255 - 120 * x), 255, Math.round(255 - 110 * x)];
      return `rgb(${r},${gg},${b})`;
    };
    const stageNet = stages.map((s) => {
      let m = 0, sum = 0;
      for (const tp of kids('has_touchpoint', s)) { const a = agg.get(tp); if (a) { m += a.m; sum += a.s; } }
      return m ? { m, net: sum / m } : { m: 0, net: null };
    });
    const withData = stageNet.map((x, i) => [x, i]).filter(([x]) => x.m > 0);
    let note = '';
    if (withData.length) {
      const [peak, pi] = withData.reduce((a, b) => (Math.abs(b[0].net) > Math.abs(a[0].net) ? b : a));
      const [end, ei] = withData[withData.length - 1];
      note = `${t('peak')}: ${name.get('stage/' + stages[pi])} ${fix(peak.net)} · ${t('end')}: ${name.get('stage/' + stages[ei])} ${fix(end.net)} · ${t('peakEnd')} ${fix((peak.net + end.net) / 2)}`;
    }
    $('#j-peakend').textContent = note;
    chart('chart-journey', {
      tooltip: { trigger: 'axis' }, grid,
      xAxis: { type: 'category', data: stages.map((s) => name.get('stage/' + s)) },
      yAxis: { type: 'value', min: -1, max: 1, name: t('stageNet') },
      series: [{ type: 'line', name: t('stageNet'), data: stageNet.map((x) => (x.net === null ? null : +x.net.toFixed(3))), connectNulls: true, symbolSize: 10,
        markLine: { silent: true, symbol: 'none', label: { show: false }, lineStyle: { color: '#bbb', type: 'dashed' }, data: [{ yAxis: 0 }] }, itemStyle: { color: COLORS.net } }],
    }, withData.length === 0);
    $('#j-map').replaceChildren(...stages.map((s) => h('div', { class: 'stage' }, h('h4', {}, name.get('stage/' + s)),
      kids('has_touchpoint', s).map((tp) => {
        const a = agg.get(tp);
        return a ? h('div', { class: 'cell', style: `background:${color(a.s / a.m)}`, dataset: { touchpoint: tp, net: (a.s / a.m).toFixed(3) } }, name.get('touchpoint/' + tp), h('div', {}, `${t('net')} ${fix(a.s / a.m)} · ${a.m} ${t('mentions')}`))
          : h('div', { class: 'cell none', dataset: { touchpoint: tp } }, name.get('touchpoint/' + tp), h('div', {}, t('noMentions')));
      }))));
  };

  views.tryit = async () => { /* rendered on demand by the buttons */ };
  views.calls = async (g) => {
    // A key without the jobs scope still analyses single calls: the batch part says why it is empty.
    try { await loadCallJobs(); } catch (e) { $('#calls-batch').replaceChildren(h('div', { class: 'err' }, e.message)); return; }
    if (g === gen && $('#calls-job').value) await callJob();
  };
  const RISK_ZH = { low: '低', medium: '中', high: '高' };
  const RES_ZH = { resolved: '已解决', pending: '待跟进', unresolved: '未解决', unknown: '未知' };
  const ROLE_ZH = { customer: '客户', agent: '坐席', system: '系统', unknown: '未知' };
  const CMP_ZH = { pass: '通过', fail: '未通过', not_applicable: '不适用' };
  const zh = (m, v) => (state.lang === 'en' ? v : m[v] || v);
  async function analyzeCall() {
    const out = $('#call-result');
    out.replaceChildren(h('div', { class: 'muted' }, '…'));
    try {
      // application/octet-stream: a type the no-key mode's same-site check accepts on uploads.
      const r = await api('/v1/transcripts/analyze?' + new URLSearchParams({ industry: state.industry }), { method: 'POST', body: new Blob([$('#call-text').value]), contentType: 'application/octet-stream' });
      renderCall(r.calls[0]);
    } catch (e) { out.replaceChildren(h('div', { class: 'err' }, e.message)); }
  }

  // The calls of a finished transcript job (its results.jsonl: one call result per line):
  // rates over the calls, a scorecard per agent (the transcript's agent speaker), the calls.
  const passRate = (c) => { const n = c.compliance.filter((x) => x.status !== 'not_applicable').length; return n ? c.compliance.filter((x) => x.status === 'pass').length / n : NaN; };
  const mean = (xs) => { const v = xs.filter(Number.isFinite); return v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN; };
  async function loadCallJobs() {
    const r = await api('/v1/jobs');
    const done = r.jobs.filter((j) => j.status === 'done');
    const sel = $('#calls-job');
    const want = sel.value;
    fillSelect(sel, [['', t('pickJob')], ...done.map((j) => [j.id, `${j.id} · ${(j.input || []).join(', ')} · ${j.records}`])], want);
  }
  async function callJob() {
    const id = $('#calls-job').value;
    const out = $('#calls-batch');
    if (!id) { out.replaceChildren(); return; }
    out.replaceChildren(h('div', { class: 'muted' }, '…'));
    try {
      const text = await (await api(`/v1/jobs/${encodeURIComponent(id)}/results`, { raw: true })).text();
      const calls = [];
      for (const line of text.split('\n')) {
        if (!line.trim()) continue;
        let c;
        try { c = JSON.parse(line); } catch (_) { continue; }
        if (c && Array.isArray(c.turns) && c.risk && c.resolution && Array.isArray(c.compliance)) calls.push(c);
      }
      if (!calls.length) { out.replaceChildren(h('div', { class: 'muted' }, t('notCalls'))); return; }
      const agentOf = (c) => (c.roles && c.roles.agent_speakers && c.roles.agent_speakers.length ? c.roles.agent_speakers.join('/') : t('unnamedAgent'));
      const groups = new Map();
      for (const c of calls) { const a = agentOf(c); if (!groups.has(a)) groups.set(a, []); groups.get(a).push(c); }
      const rates = (cs) => ({
        n: cs.length, high: cs.filter((c) => c.risk.level === 'high').length / cs.length, risk: mean(cs.map((c) => c.risk.score)),
        resolved: cs.filter((c) => c.resolution.status === 'resolved').length / cs.length, compliance: mean(cs.map(passRate)),
        peakEnd: mean(cs.map((c) => (c.customer && c.customer.peak_end ? c.customer.peak_end.score : NaN))),
      });
      const all = rates(calls);
      const row = (name, r) => h('tr', {}, h('td', {}, name), h('td', {}, num(r.n)), h('td', {}, pct(r.high)), h('td', {}, fix(r.risk)), h('td', {}, pct(r.resolved)), h('td', {}, pct(r.compliance)), h('td', {}, fix(r.peakEnd)));
      const head = h('thead', {}, h('tr', {}, ['', t('calls'), t('highRisk'), t('risk'), t('resolved'), t('compliance'), t('peakEnd')].map((x) => h('th', {}, x))));
      out.replaceChildren(
        h('div', { class: 'kpis', id: 'calls-kpis', dataset: { calls: calls.length } },
          h('div', { class: 'kpi' }, h('div', { class: 'k' }, t('calls')), h('div', { class: 'v' }, num(all.n))),
          h('div', { class: 'kpi pain' }, h('div', { class: 'k' }, t('highRisk')), h('div', { class: 'v' }, pct(all.high))),
          h('div', { class: 'kpi pleasure' }, h('div', { class: 'k' }, t('resolved')), h('div', { class: 'v' }, pct(all.resolved))),
          h('div', { class: 'kpi' }, h('div', { class: 'k' }, t('compliance')), h('div', { class: 'v' }, pct(all.compliance)))),
        h('h4', {}, t('scorecard')),
        h('table', { id: 'calls-agents' }, head, h('tbody', {}, [...groups].map(([a, cs]) => row(a, rates(cs))))),
        h('h4', {}, t('calls')),
        h('table', { id: 'calls-list' }, h('tbody', {}, calls.map((c) => h('tr', { dataset: { call: c.id } }, h('td', {}, c.id), h('td', {}, `${zh(RISK_ZH, c.risk.level)} ${fix(c.risk.score)}`),
          h('td', {}, zh(RES_ZH, c.resolution.status)), h('td', {}, pct(passRate(c))), h('td', {}, c.customer && c.customer.peak_end ? fix(c.customer.peak_end.score) : '–'),
          h('td', {}, h('button', { type: 'button', dataset: { showCall: c.id }, onclick: () => { renderCall(c); $('#call-result').scrollIntoView(); } }, t('show'))))))));
    } catch (e) { out.replaceChildren(h('div', { class: 'err' }, e.message)); }
  }

  function renderCall(c) {
    const out = $('#call-result');
    {
      const pe = c.customer.peak_end || {};
      out.replaceChildren(h('div', { class: 'card', id: 'call-card', dataset: { call: c.id || '' } },
        h('div', { class: 'kpis' },
          h('div', { class: 'kpi pain' }, h('div', { class: 'k' }, t('risk')), h('div', { class: 'v', id: 'call-risk' }, `${zh(RISK_ZH, c.risk.level)} ${fix(c.risk.score)}`)),
          h('div', { class: 'kpi' }, h('div', { class: 'k' }, t('resolution')), h('div', { class: 'v' }, zh(RES_ZH, c.resolution.status))),
          h('div', { class: 'kpi' }, h('div', { class: 'k' }, t('compliance')), h('div', { class: 'v' }, `${c.compliance.filter((x) => x.status === 'pass').length} / ${c.compliance.filter((x) => x.status !== 'not_applicable').length}`)),
          h('div', { class: 'kpi' }, h('div', { class: 'k' }, t('peakEnd')), h('div', { class: 'v' }, fix(pe.score)))),
        (c.risk.reasons || []).length ? h('div', { class: 'muted' }, `${t('reasons')}: ${c.risk.reasons.join('；')}`) : '',
        h('h4', {}, t('curve')), h('div', { class: 'chart', id: 'chart-call' }),
        h('table', {}, h('tbody', {}, c.compliance.map((x) => h('tr', {}, h('td', {}, x.name), h('td', {}, h('span', { class: 'tag ' + (x.status === 'fail' ? 'open' : x.status === 'pass' ? 'verified' : '') }, zh(CMP_ZH, x.status))), h('td', { class: 'muted' }, x.evidence || ''))))),
        h('table', {}, h('thead', {}, h('tr', {}, [t('turn'), t('speaker'), '', t('valence')].map((x) => h('th', {}, x)))),
          h('tbody', {}, c.turns.map((tu) => h('tr', {}, h('td', {}, tu.index), h('td', {}, zh(ROLE_ZH, tu.role)), h('td', {}, highlight(tu.clean || tu.text, (tu.aspects || []).map((a) => ({ start: a.start, end: a.end, cls: a.polarity === 'negative' ? 'neg' : a.polarity === 'positive' ? 'pos' : '' })))), h('td', {}, fix(tu.valence))))))));
      const cv = c.customer.curve || [];
      chart('chart-call', {
        tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid,
        xAxis: { type: 'category', name: t('turn'), data: cv.map((p) => p.turn) }, yAxis: { type: 'value', min: -1, max: 1 },
        series: [{ name: t('valence'), type: 'line', data: cv.map((p) => +p.valence.toFixed(3)), itemStyle: { color: COLORS.net } },
          { name: t('smoothed'), type: 'line', data: cv.map((p) => +p.smoothed.toFixed(3)), itemStyle: { color: COLORS.itch }, lineStyle: { type: 'dashed' } }],
      }, cv.length === 0);
    }
  }
  async function analyze() {
    const out = $('#try-result');
    const text = $('#try-text').value;
    out.replaceChildren(h('div', { class: 'muted' }, '…'));
    try {
      const r = await api('/v1/analyze', { method: 'POST', body: { text, industry: state.industry } });
      const spans = [];
      for (const a of r.aspects || []) {
        spans.push({ start: a.start, end: a.end, cls: a.polarity === 'negative' ? 'neg' : a.polarity === 'positive' ? 'pos' : '', title: `${a.term} ${pol(a.polarity)}` });
        if (a.opinion_end > a.opinion_start) spans.push({ start: a.opinion_start, end: a.opinion_end, cls: 'op', title: a.opinion });
      }
      const s = r.sentiment || {};
      out.replaceChildren(h('div', { class: 'card', id: 'try-card' },
        h('div', {}, `${t('sentiment')}: `, h('span', { class: 'sent ' + s.label }, pol(s.label)), ` (${fix(s.score)})`,
          r.industry && r.industry.id ? h('span', { class: 'muted' }, ` · ${r.industry.name || r.industry.id}${r.industry.inferred ? ' (' + t('inferred') + ')' : ''}`) : ''),
        h('div', { class: 'hl', id: 'try-hl' }, highlight(text, spans)),
        h('table', {}, h('thead', {}, h('tr', {}, [t('term'), t('opinion'), t('polarity'), t('point'), t('indicator'), t('department'), t('confidence')].map((x) => h('th', {}, x)))),
          h('tbody', {}, (r.aspects || []).map((a) => h('tr', {}, h('td', {}, a.term), h('td', {}, a.opinion || ''), h('td', {}, pol(a.polarity)),
            h('td', {}, a.point ? h('span', { class: 'tag ' + a.point }, point(a.point)) : ''), h('td', {}, a.kg ? a.kg.indicator : ''), h('td', {}, a.kg ? a.kg.department : ''), h('td', {}, fix(a.confidence)))))),
        (r.indicators || []).length ? h('div', {}, h('h4', {}, t('indicators')), (r.indicators || []).map((i) => h('span', { class: 'tag ' + (i.point || '') }, `${i.name} ${pol(i.polarity)}`, ' '))) : '',
        (r.warnings || []).map((w) => h('div', { class: 'muted' }, w))));
    } catch (e) { out.replaceChildren(h('div', { class: 'err' }, e.message)); }
  }
  async function upload(file) {
    const ext = file.name.toLowerCase().split('.').pop();
    const type = { csv: 'text/csv', jsonl: 'application/x-ndjson', ndjson: 'application/x-ndjson', json: 'application/json' }[ext] || 'application/octet-stream';
    try {
      const j = await api('/v1/jobs?' + new URLSearchParams({ filename: file.name }), { method: 'POST', body: file, contentType: type });
      banner(`${t('uploaded')} ${j.id}`, true);
      show('reports');
    } catch (e) { banner(e.message); }
  }

  views.kg = async (g) => {
    const ind = state.industry;
    const [graph, cands] = await Promise.all([api('/v1/kg/industries/' + encodeURIComponent(ind)), api('/v1/kg/candidates?' + new URLSearchParams({ industry: ind, limit: 30 }))]);
    if (g !== gen) return;
    const info = graph.industry;
    $('#kg-info').textContent = `${info.name} v${info.version} · ${info.stages} stages · ${info.touchpoints} touchpoints · ${info.indicators} indicators · ${info.aspects} aspects · ${info.terms} ${t('terms')} · ${info.rules} rules`;
    $('#kg-info').dataset.terms = info.terms;
    const nm = new Map(graph.nodes.map((n) => [n.type + '/' + n.id, n.name || n.id]));
    const out = (kind, id) => graph.edges.filter((e) => e.kind === kind && e.from.id === id);
    const termCount = (a) => out('has_term', a).length;
    const tree = {
      name: info.name, children: out('has_stage', ind).map((s) => ({
        name: nm.get('stage/' + s.to.id), children: out('has_touchpoint', s.to.id).map((tp) => ({
          name: nm.get('touchpoint/' + tp.to.id), children: out('has_indicator', tp.to.id).map((i) => ({
            name: nm.get('indicator/' + i.to.id), children: out('has_aspect', i.to.id).map((a) => ({ name: `${nm.get('aspect/' + a.to.id)} (${termCount(a.to.id)})` })),
          })),
        })),
      })),
    };
    chart('chart-kg', { tooltip: { trigger: 'item' }, series: [{ type: 'tree', data: [tree], top: 10, left: 80, bottom: 10, right: 160, initialTreeDepth: 2, symbolSize: 7,
      label: { position: 'left', verticalAlign: 'middle', align: 'right', fontSize: 12 }, leaves: { label: { position: 'right', align: 'left' } }, expandAndCollapse: true }] });
    const aspects = graph.nodes.filter((n) => n.type === 'aspect').map((n) => [n.id, n.name || n.id]).sort((a, b) => a[1].localeCompare(b[1], 'zh'));
    const rows = cands.candidates.map((c) => {
      const sel = h('select', { dataset: { term: c.term } }, h('option', { value: '' }, t('pickAspect')), aspects.map(([id, n]) => h('option', { value: id }, n)));
      const msg = h('span', { class: 'muted' });
      return h('tr', { dataset: { candidate: c.term } }, h('td', {}, c.term), h('td', {}, num(c.count)), h('td', { class: 'muted' }, (c.examples || [])[0] || ''),
        h('td', {}, sel), h('td', {}, h('button', { type: 'button', class: 'primary', dataset: { accept: c.term }, onclick: async (ev) => {
          if (!sel.value) { msg.textContent = t('pickAspect'); return; }
          ev.target.disabled = true;
          try {
            const r = await api('/v1/kg/terms', { method: 'POST', body: { industry: ind, aspect: sel.value, term: c.term } });
            msg.textContent = `${t('added')} → ${nm.get('aspect/' + r.aspect) || r.aspect}`;
            const fresh = await api('/v1/kg/industries/' + encodeURIComponent(ind));
            $('#kg-info').dataset.terms = fresh.industry.terms;
            $('#kg-info').textContent = $('#kg-info').textContent.replace(/· \d+ (词|terms)/, `· ${fresh.industry.terms} ${t('terms')}`);
            ev.target.closest('tr').dataset.accepted = '1'; // after the pack's new count is shown
          } catch (e) { msg.textContent = e.message; ev.target.disabled = false; }
        } }, t('accept')), ' ', msg));
    });
    $('#kg-cands').replaceChildren(rows.length ? h('table', {}, h('thead', {}, h('tr', {}, [t('term'), t('count'), t('example'), t('aspect'), ''].map((x) => h('th', {}, x)))), h('tbody', {}, rows)) : h('div', { class: 'muted' }, t('noCands')));
  };

  let reportTimer = null;
  views.reports = async (g) => {
    const r = await api('/v1/jobs');
    if (g !== gen) return;
    const rows = r.jobs.map((j) => h('tr', { dataset: { job: j.id, status: j.status } },
      h('td', {}, j.id), h('td', {}, j.status, j.progress && j.status === 'running' ? ` ${fix(j.progress.percent, 0)}%` : ''),
      h('td', {}, num(j.records)), h('td', {}, (j.input || []).join(', ')), h('td', { class: 'muted' }, day(j.created)),
      h('td', {}, j.status === 'done' ? [h('button', { type: 'button', dataset: { report: j.id }, onclick: () => openReport(j.id) }, t('view')), ' ',
        h('button', { type: 'button', onclick: () => downloadReport(j.id) }, t('download'))] : '')));
    $('#rep-jobs').replaceChildren(rows.length ? h('table', {}, h('thead', {}, h('tr', {}, [t('job'), t('status'), t('records'), 'input', t('created'), ''].map((x) => h('th', {}, x)))), h('tbody', {}, rows)) : h('div', { class: 'muted' }, t('noJobs')));
    clearTimeout(reportTimer);
    if (r.jobs.some((j) => j.status === 'queued' || j.status === 'running')) reportTimer = setTimeout(() => { if (state.view === 'reports') render(); }, 2000);
  };
  // The report is fetched with the key in the header and shown from memory: no key in a URL.
  async function fetchReport(id) { return (await api(`/v1/jobs/${encodeURIComponent(id)}/report`, { raw: true })).text(); }
  async function openReport(id) {
    try {
      const html = await fetchReport(id);
      $('#rep-title').textContent = id;
      const f = $('#rep-frame');
      f.srcdoc = html;
      f.dataset.job = id;
      $('#rep-frame-card').hidden = false;
    } catch (e) { banner(e.message); }
  }
  async function downloadReport(id) {
    try {
      const url = URL.createObjectURL(new Blob([await fetchReport(id)], { type: 'text/html' }));
      const a = h('a', { href: url, download: `${id}-report.html` });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    } catch (e) { banner(e.message); }
  }

  // ---- navigation -----------------------------------------------------------------------
  async function render() {
    const g = ++gen;
    const sec = $('#view-' + state.view);
    sec.dataset.ready = '0';
    delete sec.dataset.error;
    try {
      await views[state.view](g);
      if (g === gen) { sec.dataset.ready = '1'; banner(''); }
    } catch (e) {
      if (g === gen) { sec.dataset.error = e.message; sec.dataset.ready = '1'; banner(`${t('error')}: ${e.message}`); }
    }
  }
  function show(view) {
    if (!views[view]) view = 'overview';
    state.view = view;
    for (const s of $$('.view')) s.hidden = s.id !== 'view-' + view;
    for (const b of $$('#nav button')) b.classList.toggle('active', b.dataset.view === view);
    if (location.hash !== '#' + view) history.replaceState(null, '', '#' + view);
    render();
  }

  async function init() {
    applyLang();
    if (!hasCharts) banner(t('noecharts'));
    if (sessionStorage.getItem(KEY)) $('#logout').hidden = false;
    const saved = JSON.parse(sessionStorage.getItem('tingzhen.filters') || '{}');
    Object.assign(state, saved);
    const inds = await api('/v1/kg/industries');
    state.industries = inds.industries || inds;
    // Default industry: the one with the most mentions.
    if (!state.industry) {
      const sums = await Promise.all(state.industries.map((i) => api('/v1/insights/trend?' + new URLSearchParams({ industry: i.id, by: 'month' }))
        .then((r) => r.points.reduce((s, p) => s + p.mentions, 0))));
      let best = 0;
      sums.forEach((s, i) => { if (s > sums[best]) best = i; });
      state.industry = state.industries.length ? state.industries[best].id : '';
    }
    fillSelect($('#f-industry'), state.industries.map((i) => [i.id, i.name || i.id]), state.industry);
    $('#f-period').value = state.period || 'all';
    $('#f-from').value = state.from || '';
    $('#f-to').value = state.to || '';
    await loadFacets();
    readFilters();
    $('#filters').addEventListener('change', async (ev) => {
      if (ev.target.id === 'f-industry') { state.channel = ''; state.brand = ''; state.industry = ev.target.value; indicatorCache = { at: '', list: [] }; $('#ind-pick').value = ''; await loadFacets(); }
      readFilters();
      render();
    });
    $('#filters').addEventListener('submit', (ev) => ev.preventDefault());
    for (const b of $$('#nav button')) b.addEventListener('click', () => show(b.dataset.view));
    $('#ov-every').addEventListener('change', render);
    $('#ind-pick').addEventListener('change', render);
    $('#ind-point').addEventListener('change', render);
    $('#try-go').addEventListener('click', analyze);
    $('#call-go').addEventListener('click', analyzeCall);
    $('#calls-job').addEventListener('change', callJob);
    $('#try-file').addEventListener('change', (ev) => { if (ev.target.files[0]) upload(ev.target.files[0]); });
    $('#lang').addEventListener('click', () => { state.lang = state.lang === 'en' ? 'zh' : 'en'; sessionStorage.setItem(LANG, state.lang); applyLang(); loadFacets().then(render); });
    $('#logout').addEventListener('click', () => { sessionStorage.removeItem(KEY); location.reload(); });
    document.body.dataset.ready = '1';
    show(location.hash.slice(1) || 'overview');
  }
  init().catch((e) => banner(`${t('error')}: ${e.message}`));
})();
