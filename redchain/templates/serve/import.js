// redchain: the clerk's import page. The file goes to the server as the request body, is
// checked there by the importer (a dry run), and is written only when the clerk confirms.
// Every text from the file or the server is set as textContent.
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("redchain-data").textContent);
  var T = data.text;
  var lang = data.lang;
  var ui = { upload: null, result: null, busy: 0 };
  window.redchainImport = ui;

  function $(id) { return document.getElementById(id); }
  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }
  function say(text) { $("message").textContent = text || ""; }
  function busy(delta) {
    ui.busy += delta;
    document.body.setAttribute("data-busy", ui.busy > 0 ? "yes" : "no");
  }
  function mb() { return Math.round(data.maxBytes / 1024 / 1024); }

  function request(path, init) {
    init = init || {};
    init.credentials = "same-origin";
    init.headers = init.headers || {};
    if (init.method === "POST") init.headers["x-redchain-csrf"] = data.csrf;
    var url = path + (path.indexOf("?") < 0 ? "?" : "&") + "lang=" + encodeURIComponent(lang);
    busy(1);
    return fetch(url, init).then(function (response) {
      busy(-1);
      if (response.ok) return response.json();
      return response.json().catch(function () { return { error: response.statusText }; })
        .then(function (e) { throw new Error(e.error || String(response.status)); });
    }, function (err) { busy(-1); throw err; });
  }
  function post(path, body) {
    return request(path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body || {}),
    });
  }
  function failed(err) { say(T.error + "：" + err.message); }

  // ---- templates ----
  var kind = $("kind");
  data.kinds.forEach(function (k) {
    var option = el("option", k.title + " (" + k.name + ")");
    option.value = k.name;
    kind.appendChild(option);
  });
  function templateLinks() {
    ["xlsx", "csv"].forEach(function (fmt) {
      $("template-" + fmt).href = "/api/import/template?kind=" + encodeURIComponent(kind.value) +
        "&format=" + fmt + "&lang=" + encodeURIComponent(lang);
    });
  }
  kind.addEventListener("change", templateLinks);
  templateLinks();
  $("editor").textContent = data.editor;
  $("max").textContent = T.max.replace("{mb}", String(mb()));

  // ---- the result ----
  function cell(row, text, cls) { row.appendChild(el("td", text, cls)); }
  function pickBox(problem) {
    var select = el("select");
    select.setAttribute("data-name", problem.value);
    var none = el("option", T.pick_none);
    none.value = "";
    select.appendChild(none);
    problem.candidates.forEach(function (c) {
      var option = el("option", c.name + " (" + c.uscc + ") " + Math.round(c.score) + "%");
      option.value = c.uscc;
      select.appendChild(option);
    });
    select.value = (ui.result.picks || {})[problem.value] || "";
    select.addEventListener("change", function () {
      var picks = {};
      picks[problem.value] = select.value;
      say(T.checking);
      post("/api/import/" + ui.upload + "/picks", { picks: picks }).then(show, failed);
    });
    return select;
  }
  function show(result) {
    ui.result = result;
    ui.upload = result.id;
    say("");
    $("result").hidden = false;
    var written = result.written;
    $("h-created").textContent = written ? T.created_done : T.created;
    $("h-updated").textContent = written ? T.updated_done : T.updated;
    var counts = $("counts").querySelector("tbody");
    counts.textContent = "";
    result.files.forEach(function (f) {
      var row = el("tr");
      cell(row, f.file + (f.picks ? " " + T.picks_file : ""));
      cell(row, (lang === "zh" ? f.kind_zh : f.kind_en) + " (" + f.kind + ")");
      ["rows", "created", "updated", "unchanged", "rejected"].forEach(function (k) {
        cell(row, f[k], "num");
      });
      counts.appendChild(row);
    });
    $("counts").hidden = result.files.length === 0;
    var problems = $("problems").querySelector("tbody");
    problems.textContent = "";
    result.problems.forEach(function (p) {
      var row = el("tr");
      cell(row, p.file);
      cell(row, p.line === null ? "" : p.line, "num");
      cell(row, p.column || "");
      cell(row, p.value === null ? "" : p.value);
      cell(row, p.message);
      cell(row, p.fix);
      var pick = el("td");
      if (p.candidates && p.candidates.length && p.value) pick.appendChild(pickBox(p));
      row.appendChild(pick);
      problems.appendChild(row);
    });
    $("problems").hidden = result.problems.length === 0;
    var summary = $("summary");
    summary.className = result.ok ? "ok" : "";
    if (written) {
      summary.textContent = T.written.replace("{runs}", (result.run_ids || []).join(", "));
    } else {
      summary.textContent = result.ok ? T.ok :
        T.not_ok.replace("{n}", String(result.problems.length));
    }
    var rejects = $("rejects");
    rejects.hidden = !result.rejects;
    rejects.href = "/api/import/" + result.id + "/rejects";
    $("confirm").hidden = written || !result.opened;
    $("skip-box").hidden = result.ok;
    $("write").disabled = !result.ok && !$("skip-invalid").checked;
    document.body.setAttribute("data-result", written ? "written" : (result.ok ? "ok" : "problems"));
  }
  $("skip-invalid").addEventListener("change", function () {
    $("write").disabled = !(ui.result && (ui.result.ok || $("skip-invalid").checked));
  });

  // ---- upload, then write ----
  $("upload").addEventListener("click", function () {
    var file = $("file").files[0];
    if (!file) { say(T.no_file); return; }
    if (file.size > data.maxBytes) { say(T.too_large.replace("{mb}", String(mb()))); return; }
    var headers = {};
    headers[data.filenameHeader] = encodeURIComponent(file.name);
    headers["content-type"] = "application/octet-stream";
    document.body.setAttribute("data-result", "checking");
    say(T.checking);
    request("/api/import/upload", { method: "POST", headers: headers, body: file })
      .then(show, function (err) { document.body.setAttribute("data-result", "error"); failed(err); });
  });
  $("write").addEventListener("click", function () {
    if (!ui.upload) return;
    say(T.writing);
    post("/api/import/" + ui.upload + "/write", { skip_invalid: $("skip-invalid").checked })
      .then(show, failed);
  });

  ui.show = show;
  document.body.setAttribute("data-state", "ready");
})();
