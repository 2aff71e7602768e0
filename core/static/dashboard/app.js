// The board reads everything from the public GraphQL API at /graphql — nothing a front-end
// team could not do itself. State lives in the URL (?region=&asOf=&snapshot=), so drill-down
// works with the browser's back button and a board can be bookmarked.
"use strict";

// What officials call the records behind a number (the API's type names are for programs).
const KINDS = { Household: "户", Person: "人员", Employment: "就业记录" };

// A record counts once (是) or not (否); larger amounts are shown as they are.
function counts(value) {
  if (value === null || value === undefined) return "—";
  const n = Number(value);
  return n === 1 ? "是" : n === 0 ? "否" : fmt(value);
}

const STATUS = { MET: "已达标", ON_TRACK: "进度正常", BEHIND: "落后", NO_DATA: "未报送", NO_RULE: "无规则", NO_TARGET: "无目标", SUPPRESSED: "不显示" };
const PAGE = 20;

const RESULT_FIELDS = `key title unit clause regionCode value base target targetBasis statedTarget
  expected projection progress status statusReason leadDepartment { name } period { start end label }`;

const DASHBOARD_QUERY = `query Board($region: String!, $asOf: Date, $snapshot: String) {
  me { name role }
  region(code: $region) { code shortName parent { code shortName parent { code shortName parent { code shortName } } } }
  metricSnapshots { label asOf }
  dashboard(region: $region, asOf: $asOf, snapshot: $snapshot) {
    regionCode regionName asOf snapshot
    headline { ${RESULT_FIELDS} }
    lines { actionLine title behind metrics { ${RESULT_FIELDS} } }
    columns { key title unit actionLine }
    rows { regionCode regionName behind cells { key result { key regionCode value target expected status statusReason unit } } }
    behind { shortfall deadline result { key title unit regionCode value expected target leadDepartment { name } } }
  }
}`;

const DRILL_QUERY = `query Drill($key: String!, $region: String!, $asOf: Date, $which: DrillWhich!, $after: String) {
  metric(key: $key, region: $region, asOf: $asOf) {
    title unit value base
    records(which: $which, first: ${PAGE}, after: $after) {
      totalCount pageInfo { hasNextPage endCursor }
      nodes { key regionCode value base region { shortName }
        node { __typename
          ... on Household { registryNumber village { name } }
          ... on Person { name household { registryNumber } } } }
    }
  }
}`;

const EXPORT_QUERY = `query Export($key: String!, $region: String!, $asOf: Date, $which: DrillWhich!) {
  metric(key: $key, region: $region, asOf: $asOf) { recordsFile(which: $which) { filename mediaType contentBase64 rows truncated } }
}`;

const state = { region: "450200", asOf: "", snapshot: "", role: "" };
let drillState = null;
let gauge = null;

function readUrl() {
  const params = new URLSearchParams(window.location.search);
  state.region = params.get("region") || "";
  state.asOf = params.get("asOf") || "";
  state.snapshot = params.get("snapshot") || "";
}

function writeUrl() {
  const params = new URLSearchParams();
  if (state.region) params.set("region", state.region);
  if (state.asOf) params.set("asOf", state.asOf);
  if (state.snapshot) params.set("snapshot", state.snapshot);
  const query = params.toString();
  window.history.pushState(null, "", window.location.pathname + (query ? "?" + query : ""));
}

// The board the server chose (the caller's region, the date the data reaches) goes into the
// URL without a new history entry, so a copied link shows the same board.
function settleUrl(board) {
  if (state.region && state.asOf) return;
  state.region = state.region || board.regionCode;
  if (!state.snapshot) state.asOf = state.asOf || board.asOf;
  const params = new URLSearchParams(window.location.search);
  params.set("region", state.region);
  if (state.asOf) params.set("asOf", state.asOf);
  window.history.replaceState(null, "", window.location.pathname + "?" + params.toString() + window.location.hash);
}

// An API token arrives once in the URL fragment (#token=…, never sent to the server as part
// of the URL), is kept for this browser tab only, and is removed from the address bar.
function takeToken() {
  const match = window.location.hash.match(/token=([^&]+)/);
  if (match) {
    sessionStorage.setItem("jiuye-token", decodeURIComponent(match[1]));
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem("jiuye-token");
}

async function gql(query, variables) {
  const headers = { "Content-Type": "application/json", Accept: "application/graphql-response+json" };
  const token = sessionStorage.getItem("jiuye-token");
  if (token) headers.Authorization = "Bearer " + token;
  const response = await fetch("/graphql", { method: "POST", headers, body: JSON.stringify({ query, variables }) });
  if (response.status === 401) {
    const reason = (await response.json()).errors[0].message;
    askToken(reason);
    throw new Error("需要有效的 API 令牌：" + reason);
  }
  const body = await response.json();
  if (body.errors && body.errors.length) throw new Error(body.errors.map((e) => e.message).join("；"));
  return body.data;
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (name === "class") node.className = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else if (value !== undefined && value !== null) node.setAttribute(name, value);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function fmt(value, unit) {
  if (value === null || value === undefined) return "—";
  const number = Number(value);
  const text = Number.isInteger(number) ? number.toLocaleString("zh-CN") : number.toLocaleString("zh-CN", { maximumFractionDigits: 2 });
  return unit === "%" ? text : text;
}

function badge(status) {
  return el("span", { class: "st " + status, title: status }, STATUS[status] || status);
}

function valueLink(result, text) {
  // Viewers see aggregates only: the records behind a number are not theirs to list.
  if (state.role === "viewer") return el("span", {}, text);
  return el("a", {
    class: "value-link",
    title: "查看明细",
    "data-key": result.key,
    "data-region": result.regionCode,
    onclick: (event) => { event.preventDefault(); openDrill(result.key, result.regionCode, result.title || result.key); },
  }, text);
}

function setStatus(text, isError) {
  const node = document.getElementById("status");
  node.textContent = text;
  node.className = "status" + (isError ? " error" : "");
  node.hidden = !text;
}

function renderCrumbs(region) {
  const chain = [];
  for (let r = region; r; r = r.parent) chain.unshift(r);
  const nav = document.getElementById("crumbs");
  nav.replaceChildren();
  chain.forEach((r, index) => {
    if (index) nav.append(el("span", { class: "sep" }, "›"));
    nav.append(index === chain.length - 1 ? el("span", {}, r.shortName)
      : el("a", { onclick: () => goTo(r.code) }, r.shortName));
  });
}

function renderSnapshots(snapshots) {
  const select = document.getElementById("snapshot");
  select.replaceChildren(el("option", { value: "" }, "实时数据"));
  for (const s of snapshots) {
    const option = el("option", { value: s.label }, `${s.label}（${s.asOf}）`);
    if (s.label === state.snapshot) option.selected = true;
    select.append(option);
  }
}

function renderHeadline(board) {
  const section = document.getElementById("headline");
  const h = board.headline;
  section.hidden = !h;
  if (!h) return;
  document.getElementById("headline-title").textContent = `${board.regionName}：${h.title}`;
  const value = document.getElementById("headline-value");
  value.replaceChildren(valueLink(h, fmt(h.value, "%")));
  document.getElementById("headline-unit").textContent = h.value === null ? "" : "%";
  const list = state.role === "viewer" ? "（查看者不显示名单）"
    : el("a", { class: "value-link", onclick: () => openDrill(h.key, h.regionCode, "无人就业的户", "MISSING") }, "名单");
  document.getElementById("headline-detail").replaceChildren(
    `目标 ${fmt(h.target)}%，到 ${board.asOf} 应达 ${fmt(h.expected)}%；有劳动能力的户 ${fmt(h.base)} 户，其中无人就业 `,
    list,
    "。 ",
    badge(h.status),
  );
  document.getElementById("headline-reason").textContent = `${h.period.label} · ${h.statusReason}`;
  if (window.echarts) {
    gauge = gauge || window.echarts.init(document.getElementById("gauge"));
    gauge.setOption({
      animation: false,
      series: [{
        type: "gauge", min: 0, max: 100, radius: "95%", center: ["50%", "62%"],
        startAngle: 200, endAngle: -20, splitNumber: 5,
        progress: { show: true, width: 14 },
        axisLine: { lineStyle: { width: 14 } },
        axisLabel: { distance: 18, fontSize: 10 },
        pointer: { show: false },
        detail: { show: false },
        data: [{ value: Number(h.value || 0) }],
        markLine: undefined,
      }],
    });
  }
}

function renderLines(board) {
  const section = document.getElementById("lines");
  section.replaceChildren();
  for (const line of board.lines) {
    const card = el("article", { class: "card", "data-line": line.actionLine },
      el("h3", {}, `${line.actionLine} ${line.title}`, line.behind ? el("span", { class: "count" }, `${line.behind} 项落后`) : null));
    for (const m of line.metrics) {
      const target = m.target === null ? null : Number(m.target);
      const share = (v) => (target ? Math.max(0, Math.min(100, (Number(v) / target) * 100)) : 0);
      const bar = el("div", { class: "bar", title: `应达 ${fmt(m.expected)}` },
        el("div", { class: "fill", style: `width:${share(m.value)}%` }),
        m.expected !== null && target ? el("div", { class: "mark", style: `left:${share(m.expected)}%` }) : null);
      card.append(el("div", { class: "metric", "data-key": m.key },
        el("div", { class: "name" }, m.title, el("small", {}, `${m.clause} · 牵头：${m.leadDepartment ? m.leadDepartment.name : "—"}`)),
        bar,
        badge(m.status),
        el("div", { class: "nums" }, valueLink(m, fmt(m.value)), ` ${m.unit}`,
          target === null ? "" : ` / 目标 ${fmt(m.target)}${m.statedTarget ? `（方案原文 ${fmt(m.statedTarget)}）` : ""}`,
          m.expected === null ? "" : ` · 应达 ${fmt(m.expected)}`)));
    }
    section.append(card);
  }
}

// 挂图作战: the counties coloured by the chosen metric's status. Boundaries exist for the city's
// counties (vendor/liuzhou, with its licence); below the city the tables stand alone.
const CITY = "450200";
const STATUS_COLOURS = {
  MET: "#2e7d32", ON_TRACK: "#1565c0", BEHIND: "#c62828", NO_DATA: "#c62828",
  NO_RULE: "#ef6c00", NO_TARGET: "#9e9e9e", SUPPRESSED: "#9e9e9e",
};
let geoLoaded = null;
let mapChart = null;
let mapKey = "";

function loadGeo() {
  if (!geoLoaded) {
    geoLoaded = fetch("/static/vendor/liuzhou/liuzhou.geojson")
      .then((r) => (r.ok ? r.json() : null))
      .then((geo) => { if (geo) echarts.registerMap("liuzhou", geo); return geo; })
      .catch(() => null);
  }
  return geoLoaded;
}

async function renderMap(board) {
  const wrap = document.getElementById("map-wrap");
  const geo = board.regionCode === CITY && board.columns.length ? await loadGeo() : null;
  wrap.hidden = !geo;
  if (!geo) return;
  const select = document.getElementById("map-metric");
  if (!board.columns.some((c) => c.key === mapKey)) {
    const headline = board.headline && board.columns.find((c) => c.key === board.headline.key);
    mapKey = headline ? headline.key : board.columns[0].key;
  }
  const shortNames = Object.fromEntries(board.rows.map((r) => [r.regionCode, r.regionName]));
  select.replaceChildren(...board.columns.map((c) =>
    el("option", c.key === mapKey ? { value: c.key, selected: "selected" } : { value: c.key }, c.title)));
  select.onchange = () => { mapKey = select.value; renderMap(board); };
  const unit = board.columns.find((c) => c.key === mapKey).unit;
  const byRegion = {};
  for (const row of board.rows) {
    const cell = row.cells.find((c) => c.key === mapKey);
    if (cell) byRegion[row.regionCode] = cell.result;
  }
  const data = geo.features.map((f) => {
    const r = byRegion[f.id];
    const status = r ? r.status : "NO_TARGET";
    return {
      name: f.properties.name, code: f.id, short: shortNames[f.id] || f.properties.name, status,
      value: r && r.value !== null ? Number(r.value) : null,
      itemStyle: { areaColor: STATUS_COLOURS[status] || STATUS_COLOURS.NO_TARGET },
    };
  });
  const box = document.getElementById("map");
  mapChart = mapChart || echarts.init(box);
  mapChart.setOption({
    tooltip: {
      formatter: (p) => p.data ? `${p.data.short}<br>${fmt(p.data.value)}${unit === "%" ? "%" : ""} · ${STATUS[p.data.status] || ""}` : p.name,
    },
    series: [{
      type: "map", map: "liuzhou", roam: false, selectedMode: false, data,
      label: { show: true, fontSize: 11, color: "#fff", textBorderColor: "#333", textBorderWidth: 2,
        formatter: (p) => (p.data ? p.data.short : p.name) },
      itemStyle: { borderColor: "#fff", borderWidth: 1 },
      emphasis: { label: { color: "#fff" }, itemStyle: { areaColor: "#37474f" } },
    }],
  }, true);
  mapChart.off("click");
  mapChart.on("click", (p) => { if (p.data && p.data.code) goTo(p.data.code); });
  mapChart.resize();
  box.dataset.metric = mapKey;
  window.jiuyeMap = mapChart;
}

window.addEventListener("resize", () => { if (mapChart) mapChart.resize(); if (gauge) gauge.resize(); });

function renderMatrix(board) {
  const table = document.getElementById("matrix");
  table.replaceChildren();
  const head = el("tr", {}, el("th", { class: "region" }, "区划"));
  for (const c of board.columns) head.append(el("th", { title: c.key }, `${c.title}（${c.unit}）`));
  table.append(el("thead", {}, head));
  const body = el("tbody");
  for (const row of board.rows) {
    const tr = el("tr", { "data-region": row.regionCode },
      el("td", { class: "region" }, el("a", { onclick: () => goTo(row.regionCode) }, row.regionName)));
    const byKey = Object.fromEntries(row.cells.map((c) => [c.key, c.result]));
    for (const c of board.columns) {
      const r = byKey[c.key];
      if (!r) { tr.append(el("td", { class: "NO_TARGET" }, "")); continue; }
      tr.append(el("td", { class: r.status, title: `${STATUS[r.status]}：${r.statusReason}` },
        valueLink({ ...r, title: c.title }, fmt(r.value))));
    }
    body.append(tr);
  }
  table.append(body);
}

function renderBehind(board) {
  const table = document.getElementById("behind");
  const numeric = new Set(["数值", "应达", "目标", "落后程度"]);
  table.replaceChildren(el("thead", {}, el("tr", {},
    ...["区划", "指标", "数值", "应达", "目标", "落后程度", "牵头单位", "截止"].map((t) => el("th", numeric.has(t) ? { class: "num" } : {}, t)))));
  const names = Object.fromEntries(board.rows.map((r) => [r.regionCode, r.regionName]));
  names[board.regionCode] = board.regionName;
  const body = el("tbody");
  for (const item of board.behind.slice(0, 30)) {
    const r = item.result;
    body.append(el("tr", { "data-key": r.key },
      el("td", {}, names[r.regionCode] || r.regionCode), el("td", {}, r.title),
      el("td", { class: "num" }, valueLink(r, fmt(r.value))), el("td", { class: "num" }, fmt(r.expected)), el("td", { class: "num" }, fmt(r.target)),
      el("td", { class: "num" }, `${(item.shortfall * 100).toFixed(1)}%`), el("td", {}, r.leadDepartment ? r.leadDepartment.name : "—"),
      el("td", {}, item.deadline)));
  }
  if (!board.behind.length) body.append(el("tr", {}, el("td", { colspan: 8 }, "没有落后的指标。")));
  table.append(body);
}

async function load() {
  setStatus("正在加载…");
  document.getElementById("asOf").value = state.asOf;
  try {
    if (!state.region) {
      // No region asked for: open on the caller's own (a county token sees its county).
      const who = await gql("{ me { regionCode } }", {});
      state.region = who.me.regionCode || "450200";
    }
    const data = await gql(DASHBOARD_QUERY, {
      region: state.region, asOf: state.asOf || null, snapshot: state.snapshot || null,
    });
    const board = data.dashboard;
    state.role = data.me.role;
    settleUrl(board);
    document.getElementById("asOf").value = board.asOf;
    renderCrumbs(data.region);
    renderSnapshots(data.metricSnapshots);
    renderHeadline(board);
    renderLines(board);
    renderMatrix(board);
    await renderMap(board);
    renderBehind(board);
    document.title = `${board.regionName} · 就业扶贫挂图作战看板`;
    setStatus(board.snapshot ? `快照“${board.snapshot}”（统计日 ${board.asOf}）` : `统计日 ${board.asOf}`);
    document.body.dataset.loaded = board.regionCode + "|" + board.asOf;
  } catch (error) {
    setStatus("加载失败：" + error.message, true);
  }
}

function goTo(code) {
  state.region = code;
  writeUrl();
  load();
}

async function openDrill(key, region, title, which) {
  drillState = { key, region, title, which: which || "COUNTED", after: null };
  document.getElementById("drill-table").replaceChildren();
  document.getElementById("drill-title").textContent = title;
  const dialog = document.getElementById("drill");
  if (!dialog.open) dialog.showModal();
  await drillPage();
}

async function drillPage() {
  const d = drillState;
  const summary = document.getElementById("drill-summary");
  if (state.snapshot) {
    summary.textContent = "快照只保存数字，不保存明细；请切换到实时数据查看名单。";
    return;
  }
  summary.textContent = "正在加载…";
  try {
    const data = await gql(DRILL_QUERY, { key: d.key, region: d.region, asOf: state.asOf || null, which: d.which, after: d.after });
    const records = data.metric.records;
    const table = document.getElementById("drill-table");
    if (!table.firstChild) {
      const counted = data.metric.base === null ? ["计入数"] : ["计入完成数", "计入应完成数"];
      table.append(el("thead", {}, el("tr", {}, ...["类别", "记录", "所在区划"].map((t) => el("th", {}, t)),
        ...counted.map((t) => el("th", { class: "num" }, t)))));
      table.append(el("tbody"));
    }
    const body = table.querySelector("tbody");
    for (const r of records.nodes) {
      const n = r.node || {};
      const label = n.registryNumber ? `${n.registryNumber}（${n.village ? n.village.name : ""}）`
        : n.name ? `${n.name}（户 ${n.household ? n.household.registryNumber : ""}）` : r.key;
      const cells = [el("td", {}, KINDS[n.__typename] || "记录"), el("td", {}, label),
        el("td", {}, r.region ? r.region.shortName : r.regionCode), el("td", { class: "num" }, counts(r.value))];
      if (data.metric.base !== null) cells.push(el("td", { class: "num" }, counts(r.base)));
      body.append(el("tr", { class: "record" }, ...cells));
    }
    d.after = records.pageInfo.endCursor;
    summary.textContent = `${data.metric.title}：共 ${records.totalCount} 条，已显示 ${body.children.length} 条。`;
    summary.dataset.total = String(records.totalCount);
    document.getElementById("drill-more").disabled = !records.pageInfo.hasNextPage;
  } catch (error) {
    summary.textContent = "加载失败：" + error.message;
  }
}

async function exportDrill() {
  const d = drillState;
  const data = await gql(EXPORT_QUERY, { key: d.key, region: d.region, asOf: state.asOf || null, which: d.which });
  const file = data.metric.recordsFile;
  const bytes = Uint8Array.from(atob(file.contentBase64), (c) => c.charCodeAt(0));
  const link = el("a", { href: URL.createObjectURL(new Blob([bytes], { type: file.mediaType })), download: file.filename });
  document.body.append(link);
  link.click();
  link.remove();
}

document.getElementById("asOf").addEventListener("change", (event) => {
  state.asOf = event.target.value;
  writeUrl();
  load();
});
document.getElementById("snapshot").addEventListener("change", (event) => {
  state.snapshot = event.target.value;
  writeUrl();
  load();
});
document.getElementById("drill-close").addEventListener("click", () => document.getElementById("drill").close());
document.getElementById("drill-more").addEventListener("click", () => drillPage());
document.getElementById("drill-export").addEventListener("click", () => exportDrill());
window.addEventListener("popstate", () => { readUrl(); load(); });
window.addEventListener("resize", () => gauge && gauge.resize());

function askToken(reason) {
  const token = window.prompt(`请输入 API 令牌（${reason}）`);
  if (token) {
    sessionStorage.setItem("jiuye-token", token.trim());
    load();
  }
}

takeToken();
readUrl();
load();
