// The county officer's tasks: read and answered through /graphql with the caller's token.
// The token arrives once in the URL fragment (#token=…) and is kept for the tab only, as on
// the board.
"use strict";

const STATUS = { OPEN: "整改中", RECTIFIED: "已整改", OVERDUE: "逾期未整改", ESCALATED: "问责" };
const TASKS = `{ rectificationTasks(first: 100) { nodes {
  id metricTitle deadline status checkedOn department region { name }
  item { value expected gap unit reason }
  updates { measures evidence recordedBy createdAt }
  history { fromStatus toStatus reason actor on }
} } }`;
const ANSWER = `mutation($task: ID!, $measures: String!, $evidence: String) {
  createTaskUpdate(input: {taskId: $task, measures: $measures, evidence: $evidence}) {
    __typename ... on RecordError { problems { message } }
  }
}`;

function token() {
  const match = window.location.hash.match(/token=([^&]+)/);
  if (match) {
    sessionStorage.setItem("jiuye-token", decodeURIComponent(match[1]));
    history.replaceState(null, "", window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem("jiuye-token");
}

async function api(query, variables) {
  const headers = { "Content-Type": "application/json" };
  const saved = token();
  if (saved) headers.Authorization = "Bearer " + saved;
  const response = await fetch("/graphql", {
    method: "POST", headers, body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors) throw new Error(body.errors.map((e) => e.message).join("；"));
  return body.data;
}

function element(tag, attributes, ...children) {
  const node = document.createElement(tag);
  Object.entries(attributes || {}).forEach(([key, value]) => node.setAttribute(key, value));
  children.forEach((child) => node.append(child));
  return node;
}

function form(task) {
  const measures = element("textarea", { name: "measures", maxlength: "2000", required: "" });
  const evidence = element("input", { type: "text", name: "evidence", maxlength: "2000" });
  const problems = element("p", { class: "error" });
  const submit = element("button", { type: "submit" }, "报送整改情况");
  const node = element("form", { "data-task": task.id },
    element("label", {}, "整改措施", measures), element("label", {}, "佐证材料", evidence),
    submit, problems);
  node.addEventListener("submit", async (event) => {
    event.preventDefault();
    submit.disabled = true;
    try {
      const data = await api(ANSWER, {
        task: task.id, measures: measures.value, evidence: evidence.value || null,
      });
      const result = data.createTaskUpdate;
      if (result.problems) {
        problems.textContent = result.problems.map((p) => p.message).join("；");
        submit.disabled = false;
        return;
      }
      await load();
    } catch (error) {
      problems.textContent = error.message;
      submit.disabled = false;
    }
  });
  return node;
}

function card(task) {
  const item = task.item || {};
  const unit = item.unit || "";
  const node = element("section", { class: "task", "data-task": task.id, "data-status": task.status },
    element("h2", {}, `${task.region ? task.region.name : ""} · ${task.metricTitle} `,
      element("span", { class: `status ${task.status}` }, STATUS[task.status] || task.status)),
    element("p", {}, `整改期限：${task.deadline}` + (task.checkedOn ? `　最近核查：${task.checkedOn}` : "")
      + (task.department ? `　牵头部门：${task.department}` : "")),
    element("p", { class: "muted" }, `通报时数值 ${item.value ?? "—"}${unit}，应达 ${item.expected ?? "—"}${unit}：${item.reason || ""}`));
  const updates = element("ul", { class: "updates" });
  task.updates.forEach((u) => updates.append(element("li", {},
    `${u.createdAt.slice(0, 10)} ${u.recordedBy}：${u.measures}`
    + (u.evidence ? `（佐证：${u.evidence}）` : ""))));
  const history = element("ul", { class: "history muted" });
  task.history.forEach((h) => history.append(element("li", {},
    `${h.on} ${STATUS[h.fromStatus] || "新建"} → ${STATUS[h.toStatus]}：${h.reason}（${h.actor}）`)));
  node.append(element("h3", {}, "已报送"), updates, element("h3", {}, "状态变化"), history);
  if (task.status !== "RECTIFIED") node.append(form(task));
  return node;
}

async function load() {
  const list = document.getElementById("tasks");
  try {
    const data = await api(TASKS);
    const tasks = data.rectificationTasks.nodes;
    list.replaceChildren(...tasks.map(card));
    if (!tasks.length) list.append(element("p", {}, "您的范围内没有整改任务。"));
    document.getElementById("message").textContent = "";
    document.body.dataset.loaded = String(Date.now());
  } catch (error) {
    document.getElementById("message").textContent = error.message;
    document.body.dataset.loaded = "error";
  }
}

load();
