// redchain explorer. Draws through the static page's script (network.js, window.redchain) and
// asks the server for everything else. Imported text is only ever set as textContent.
(function () {
  "use strict";

  var R = window.redchain;
  var data = JSON.parse(document.getElementById("redchain-data").textContent);
  var X = data.explorer;
  var T = X.text;
  var lang = data.lang;
  var nodes = R.nodes;
  var edges = R.edges;
  var network = R.network;
  var ui = {
    mode: "units",
    selected: null,
    pathFrom: null,
    hidden: new Set(),
    pinned: new Set(),
    date: null,
    chain: "",
    style: "domain",
    gapIds: new Set(),
    lastExpand: null,
    history: [],
    busy: 0,
  };
  window.redchainExplorer = ui;

  function $(id) { return document.getElementById(id); }
  function el(tag, text) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function say(text) { $("message").textContent = text || ""; }
  // The heading under the title says what the canvas was built from (also the PNG's caption).
  function heading(text) { $("view").textContent = text; }
  function nameOf(id) { var n = nodes.get(id); return n ? n.f.n : id; }
  function busy(delta) {
    ui.busy += delta;
    document.body.setAttribute("data-busy", ui.busy > 0 ? "yes" : "no");
  }

  // ---- the API: same origin, cookie for the token, a CSRF header on POST ----
  function api(path, body) {
    var url = path + (path.indexOf("?") < 0 ? "?" : "&") + "lang=" + encodeURIComponent(lang);
    var init = { credentials: "same-origin", headers: {} };
    if (body !== undefined) {
      init.method = "POST";
      init.headers["content-type"] = "application/json";
      init.headers["x-redchain-csrf"] = X.csrf;
      init.body = JSON.stringify(body);
    }
    busy(1);
    return fetch(url, init).then(function (response) {
      busy(-1);
      if (response.ok) return response;
      return response.json().catch(function () { return { error: response.statusText }; })
        .then(function (e) { throw new Error(e.error || String(response.status)); });
    }, function (err) { busy(-1); throw err; });
  }
  function getJSON(path, body) { return api(path, body).then(function (r) { return r.json(); }); }
  function failed(err) { say(T.error + "：" + err.message); }

  // ---- the canvas ----
  function unitIds() {
    return nodes.getIds().filter(function (id) { return String(id).indexOf("cell:") !== 0; });
  }
  function remember() {
    var positions = network.getPositions();
    ui.history.push({
      nodes: nodes.get().map(function (n) {
        var p = positions[n.id] || {};
        return Object.assign({}, n, { x: p.x, y: p.y });
      }),
      edges: edges.get(),
      mode: ui.mode,
    });
    if (ui.history.length > 50) ui.history.shift();
  }
  function clearCanvas() {
    R.clearHighlight();
    R.remove(nodes.getIds());
    ui.hidden.clear();
    ui.pinned.clear();
    ui.lastExpand = null;
    $("more-info").textContent = "";
    $("more").hidden = true;
    $("path-info").textContent = "";
    select(null);
  }
  function place(list, near) {
    // New units start around the unit they came from (or the middle) and physics settles them.
    var centre = { x: 0, y: 0 };
    if (near && nodes.get(near)) centre = network.getPositions([near])[near];
    var fresh = list.filter(function (n) { return !nodes.get(n.id) && n.x === undefined; });
    var ring = 60 + 6 * Math.sqrt(fresh.length) * 10;
    fresh.forEach(function (n, i) {
      var angle = 2 * Math.PI * i / Math.max(fresh.length, 1);
      n.x = centre.x + ring * Math.cos(angle);
      n.y = centre.y + ring * Math.sin(angle);
    });
  }
  function settle() {
    if (nodes.length < 2) { network.fit(); return; }
    network.setOptions({ physics: { enabled: true } });
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      network.fit({ maxZoomLevel: 1.6 });
      document.body.setAttribute("data-state", "ready");
    });
    network.stabilize(nodes.length > 300 ? 60 : 150);
  }
  function show(payload, options) {
    options = options || {};
    if (ui.mode === "overview" || options.replace) {
      clearCanvas();
      ui.mode = "units";
    }
    place(payload.nodes, options.near);
    R.add(payload.nodes, payload.edges);
    applyFilters();
    applyStyle();
    if (options.keepPositions) {
      network.fit({ maxZoomLevel: 1.6 });
      document.body.setAttribute("data-state", "ready");
    } else {
      settle();
    }
    $("mode").textContent = "";
    updateDates();
  }
  function linkUp() {
    // Links among everything on the canvas, not only those the last answer brought.
    var ids = unitIds();
    if (ids.length < 2 || ids.length > 1500) return Promise.resolve();
    return getJSON("/api/units", { ids: ids }).then(function (p) { R.add([], p.edges); applyFilters(); });
  }
  function showOverview(payload) {
    clearCanvas();
    ui.mode = "overview";
    R.add(payload.nodes.map(function (n, i) {
      var angle = 2 * Math.PI * i / Math.max(payload.nodes.length, 1);
      var ring = 120 + 14 * payload.nodes.length;
      return Object.assign({ x: ring * Math.cos(angle), y: ring * Math.sin(angle) }, n);
    }), payload.edges);
    $("mode").textContent = T.overview + " (" + payload.units + ")";
    heading(T.overview.split("：")[0].split(":")[0]);
    network.fit();
    document.body.setAttribute("data-state", "ready");
  }

  // ---- selection and the side panel ----
  function select(id) {
    ui.selected = id;
    ["expand", "hide", "pin", "remove", "path-from"].forEach(function (b) { $(b).disabled = !id; });
    $("path-to").disabled = !(id && ui.pathFrom && ui.pathFrom !== id);
    var panel = $("unit-panel");
    panel.replaceChildren();
    panel.hidden = true;
    if (!id || String(id).indexOf(":") >= 0) return;
    if (nodes.get(id)) {
      $("details").replaceChildren(R.facts(id));
      $("details").hidden = false;
    }
    getJSON("/api/unit?id=" + encodeURIComponent(id)).then(function (d) {
      if (ui.selected !== id) return;
      panel.appendChild(el("h3", T.points + "：" + d.points));
      list(panel, T.partners, d.partners, function (p) {
        return [p.name, p.kind, p.since && (p.since + (p.until ? " – " + p.until : ""))]
          .filter(Boolean).join(" · ");
      });
      list(panel, T.activities, d.activities, function (a) {
        return [a.date, a.title, a.points !== null && a.points !== undefined ? "+" + a.points : ""]
          .filter(Boolean).join(" · ");
      });
      list(panel, T.gaps, d.gaps, function (g) { return g; });
      panel.hidden = false;
    }, failed);
  }
  function list(box, title, items, line) {
    if (!items || !items.length) return;
    box.appendChild(el("h3", title + "（" + items.length + "）"));
    var ul = el("ul");
    items.slice(0, 50).forEach(function (item) { ul.appendChild(el("li", line(item))); });
    box.appendChild(ul);
  }
  network.on("click", function (p) {
    if (!p.nodes.length) { if (!p.edges.length) select(null); return; }
    var id = p.nodes[0];
    if (ui.mode === "overview") { drill(id); return; }
    select(id);
  });
  network.on("doubleClick", function (p) {
    if (p.nodes.length && ui.mode !== "overview") expand(p.nodes[0], 0);
  });
  network.on("dragEnd", function (p) {
    p.nodes.forEach(function (id) {
      if (ui.pinned.has(id)) nodes.update({ id: id, fixed: true });
    });
  });

  // ---- search with suggestions ----
  var find = $("find");
  var suggestions = $("suggestions");
  var pending = null;
  var lastQuery = "";
  function suggest() {
    var q = find.value.trim();
    lastQuery = q;
    if (!q) { suggestions.replaceChildren(); return Promise.resolve([]); }
    return getJSON("/api/search?q=" + encodeURIComponent(q)).then(function (d) {
      if (q !== lastQuery) return d.results;
      suggestions.replaceChildren();
      if (!d.results.length) suggestions.appendChild(el("li", T.none));
      d.results.forEach(function (r) {
        var item = el("li");
        var button = el("button", [r.name, r.short_name, r.name_en, r.id].filter(Boolean).join(" · "));
        button.type = "button";
        button.setAttribute("data-id", r.id);
        button.addEventListener("click", function () { open(r.id); });
        item.appendChild(button);
        suggestions.appendChild(item);
      });
      return d.results;
    }, failed);
  }
  find.addEventListener("input", function () {
    clearTimeout(pending);
    pending = setTimeout(suggest, 120);
  });
  find.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    clearTimeout(pending);
    suggest().then(function (found) { if (found && found.length) open(found[0].id); });
  });
  function open(id) {
    suggestions.replaceChildren();
    if (nodes.get(id)) { focus(id); return Promise.resolve(); }
    remember();
    return getJSON("/api/units", { ids: [id] }).then(function (p) {
      show(p, { replace: ui.mode === "overview" });
      return linkUp();
    }).then(function () { focus(id); heading(nameOf(id)); }, failed);
  }
  function focus(id) {
    network.selectNodes([id]);
    R.highlight(id);
    select(id);
    network.focus(id, { scale: Math.max(network.getScale(), 1), animation: false });
  }

  // ---- expand, with "showing 100 of 340, show more" ----
  function expand(id, offset) {
    remember();
    // Only the relationship kinds the legend shows.
    var shownTypes = X.relTypes.map(function (t) { return t.type; }).filter(function (t) {
      return data.edgeClasses.some(function (c) {
        return c.type === t && !R.state.hiddenClasses[c.key];
      });
    });
    var path = "/api/expand?id=" + encodeURIComponent(id) + "&offset=" + offset + "&limit=" + X.page +
      "&types=" + shownTypes.join(",");
    return getJSON(path).then(function (p) {
      show(p, { near: id });
      ui.lastExpand = { id: id, offset: p.offset + p.shown, total: p.total };
      var shown = Math.min(p.offset + p.shown, p.total);
      $("more-info").textContent = T.showing_of.replace("{shown}", shown).replace("{total}", p.total);
      $("more").hidden = shown >= p.total;
      heading(T.expand + "：" + nameOf(id));
      return linkUp();
    }, failed);
  }
  $("expand").addEventListener("click", function () { if (ui.selected) expand(ui.selected, 0); });
  $("more").addEventListener("click", function () {
    if (ui.lastExpand) expand(ui.lastExpand.id, ui.lastExpand.offset);
  });

  // ---- shortest path ----
  $("path-from").addEventListener("click", function () {
    ui.pathFrom = ui.selected;
    $("path-info").textContent = T.path_from + "：" + nodes.get(ui.selected).f.n;
    select(ui.selected);
  });
  $("path-to").addEventListener("click", function () { path(ui.pathFrom, ui.selected); });
  function path(a, b) {
    remember();
    return getJSON("/api/path?a=" + encodeURIComponent(a) + "&b=" + encodeURIComponent(b))
      .then(function (p) {
        show(p, { near: a });
        var ids = p.nodes.map(function (n) { return n.id; });
        network.selectNodes(ids);
        ui.lastPath = ids;
        heading(T.path + "：" + nameOf(a) + " — " + nameOf(b));
        $("path-info").textContent = T.path + "：" + p.hops + " · " +
          ids.map(function (id) { return nodes.get(id).f.n; }).join("、");
      }, function (err) { $("path-info").textContent = T.no_path + "：" + err.message; });
  }

  // ---- hide, pin, remove, undo, clear ----
  $("hide").addEventListener("click", function () {
    remember();
    ui.hidden.add(ui.selected);
    applyFilters();
  });
  $("pin").addEventListener("click", function () {
    var id = ui.selected;
    var pinned = !ui.pinned.has(id);
    if (pinned) ui.pinned.add(id); else ui.pinned.delete(id);
    nodes.update({ id: id, fixed: pinned, shapeProperties: { borderDashes: pinned ? [4, 2] : false } });
  });
  $("remove").addEventListener("click", function () {
    remember();
    R.remove([ui.selected]);
    select(null);
  });
  $("undo").addEventListener("click", function () {
    var last = ui.history.pop();
    if (!last) return;
    R.clearHighlight();
    R.remove(nodes.getIds());
    ui.mode = last.mode;
    R.add(last.nodes, last.edges);
    applyFilters();
  });
  $("clear").addEventListener("click", function () { remember(); clearCanvas(); });
  $("whole").addEventListener("click", function () { start(); });

  // ---- filters: hidden units, chain, date ----
  function inDate(f, date) {
    if (!date) return true;
    if (f.j && f.j > date) return false;
    if (f.l && f.l <= date) return false;
    return true;
  }
  function edgeInDate(f, date) {
    if (!date || !f) return true;
    if (f.since && String(f.since) > date) return false;
    if (f.until && String(f.until) <= date) return false;
    if (f.year !== undefined && f.year !== null && Number(f.year) > Number(date.slice(0, 4))) return false;
    return true;
  }
  function applyFilters() {
    var nodeUpdates = [];
    var visible = new Set();
    nodes.forEach(function (n) {
      var f = n.f || {};
      var hide = ui.hidden.has(n.id) || !inDate(f, ui.date) ||
        (ui.chain && f.ch !== undefined && f.ch.indexOf(ui.chain) < 0) ||
        (ui.chain && f.ch === undefined && f.d !== undefined);
      if (!hide) visible.add(n.id);
      if (Boolean(n.hidden) !== Boolean(hide)) nodeUpdates.push({ id: n.id, hidden: hide });
    });
    nodes.update(nodeUpdates);
    var edgeUpdates = [];
    edges.forEach(function (e) {
      var hide = !edgeInDate(e.f, ui.date) || !visible.has(e.from) || !visible.has(e.to);
      if (Boolean(e.hidden) !== Boolean(hide)) edgeUpdates.push({ id: e.id, hidden: hide });
    });
    edges.update(edgeUpdates);
    R.updateStatus();
  }
  function visibleIds() {
    return nodes.get({ filter: function (n) { return !n.hidden && !R.state.hiddenGroups[n.group]; } })
      .map(function (n) { return n.id; })
      .filter(function (id) { return String(id).indexOf(":") < 0; });
  }
  $("chain").addEventListener("change", function () { ui.chain = this.value; applyFilters(); });

  // The slider runs over days from the earliest date on the canvas to today.
  var DAY = 86400000;
  var slider = $("date");
  var first = null;
  function iso(ms) { return new Date(ms).toISOString().slice(0, 10); }
  function updateDates() {
    var earliest = null;
    nodes.forEach(function (n) {
      var f = n.f || {};
      [f.j].forEach(function (d) { if (d && (!earliest || d < earliest)) earliest = d; });
    });
    edges.forEach(function (e) {
      var d = e.f && e.f.since;
      if (d && (!earliest || String(d) < earliest)) earliest = String(d);
    });
    first = Date.parse((earliest || "2020-01-01").slice(0, 10) + "T00:00:00Z");
    var days = Math.max(1, Math.round((Date.now() - first) / DAY));
    slider.max = String(days);
    if (!ui.date) slider.value = String(days);
    else slider.value = String(Math.round((Date.parse(ui.date + "T00:00:00Z") - first) / DAY));
    $("date-text").textContent = ui.date || T.all_dates;
  }
  function setDate(date) {
    ui.date = date;
    $("all-dates").checked = !date;
    slider.disabled = !date;
    if (date) slider.value = String(Math.round((Date.parse(date + "T00:00:00Z") - first) / DAY));
    $("date-text").textContent = date || T.all_dates;
    applyFilters();
  }
  slider.addEventListener("input", function () { setDate(iso(first + Number(slider.value) * DAY)); });
  $("all-dates").addEventListener("change", function () {
    setDate(this.checked ? null : iso(first + Number(slider.value) * DAY));
  });
  var playing = null;
  $("play").addEventListener("click", function () {
    if (playing) { clearInterval(playing); playing = null; $("play").textContent = T.play; return; }
    var day = new Date(first);
    $("play").textContent = T.pause;
    playing = setInterval(function () {
      day = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + 1, 1));
      if (day.getTime() > Date.now()) {
        clearInterval(playing);
        playing = null;
        $("play").textContent = T.play;
        return;
      }
      setDate(iso(day.getTime()));
    }, 700);
  });

  // ---- style: by domain, points, degree, or gaps marked ----
  function applyStyle() {
    var degree = {};
    edges.forEach(function (e) {
      if (e.hidden) return;
      degree[e.from] = (degree[e.from] || 0) + 1;
      degree[e.to] = (degree[e.to] || 0) + 1;
    });
    var updates = [];
    nodes.forEach(function (n) {
      if (String(n.id).indexOf(":") >= 0 && ui.mode === "overview") return;
      var f = n.f || {};
      var size = 14;
      if (ui.style === "points") size = 8 + 3 * Math.sqrt(Math.max(f.pt || 0, 0));
      if (ui.style === "degree") size = 8 + 5 * Math.sqrt(degree[n.id] || 0);
      var gap = ui.style === "gap" && ui.gapIds.has(n.id);
      updates.push({ id: n.id, size: Math.min(size, 48), borderWidth: gap ? 5 : 1.5,
        shapeProperties: { borderDashes: ui.pinned.has(n.id) ? [4, 2] : false },
        color: gap ? { border: "#111111", background: (R.nodes.get(n.id).color || {}).background } : undefined });
    });
    nodes.update(updates);
  }
  $("style").addEventListener("change", function () { ui.style = this.value; applyStyle(); });

  // ---- start anywhere: domain, subdistrict, gap, named query, the whole graph ----
  function fill(select, items, value, label) {
    items.forEach(function (item) {
      var option = el("option", label(item));
      option.value = value(item);
      select.appendChild(option);
    });
  }
  function showList(p, title) {
    show(p, { replace: true });
    if (title) heading(title);
    var shown = Math.min(p.offset + p.shown, p.total);
    $("more-info").textContent = T.showing_of.replace("{shown}", shown).replace("{total}", p.total);
    $("more").hidden = true;
  }
  fill($("start-domain"), X.domains, function (d) { return d.key; }, function (d) { return d.name; });
  $("start-domain").addEventListener("change", function () {
    if (!this.value) return;
    remember();
    var title = T.domain + "：" + this.options[this.selectedIndex].textContent;
    getJSON("/api/domain?key=" + encodeURIComponent(this.value)).then(function (p) {
      showList(p, title);
    }, failed);
  });
  $("start-sub").addEventListener("change", function () {
    if (!this.value) return;
    remember();
    var title = T.subdistrict + "：" + this.options[this.selectedIndex].textContent;
    getJSON("/api/subdistrict?id=" + encodeURIComponent(this.value)).then(function (p) {
      showList(p, title);
    }, failed);
  });
  $("start-gap").addEventListener("change", function () {
    if (!this.value) return;
    remember();
    var title = T.gap + "：" + this.options[this.selectedIndex].textContent;
    getJSON("/api/gap?name=" + encodeURIComponent(this.value)).then(function (p) {
      showList(p, title);
    }, failed);
  });
  var forms = {};
  $("start-query").addEventListener("change", function () {
    var form = $("query-form");
    form.replaceChildren();
    form.hidden = !this.value;
    var query = forms[this.value];
    if (!query) return;
    query.params.forEach(function (p) {
      var label = el("label", p.label || p.name);
      var input;
      if (p.choices) {
        input = el("select");
        p.choices.forEach(function (c) { var o = el("option", c); o.value = c; input.appendChild(o); });
      } else {
        input = el("input");
        input.type = p.type === "date" ? "date" : (p.type === "int" ? "number" : "text");
        if (p.default && p.type !== "date") input.value = p.default;
        if (p.unit) {
          // A unit parameter: the units the search finds as you type, as choices.
          input.setAttribute("list", "unit-names");
          input.addEventListener("input", function () {
            if (!input.value.trim()) return;
            getJSON("/api/search?q=" + encodeURIComponent(input.value)).then(function (d) {
              var choices = $("unit-names");
              choices.replaceChildren();
              d.results.forEach(function (r) {
                var option = el("option", r.id);
                option.value = r.name;
                choices.appendChild(option);
              });
            }, failed);
          });
        }
      }
      input.name = p.name;
      label.appendChild(input);
      form.appendChild(label);
    });
    var run = el("button", T.run);
    run.type = "submit";
    form.appendChild(run);
  });
  $("query-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var params = {};
    Array.prototype.forEach.call(this.elements, function (input) {
      if (input.name && input.value !== "") params[input.name] = input.value;
    });
    remember();
    var select = $("start-query");
    var title = T.query + "：" + select.options[select.selectedIndex].textContent;
    getJSON("/api/query", { name: select.value, params: params }).then(function (p) {
      showList(p, title);
    }, failed);
  });
  function drill(cellId) {
    var f = nodes.get(cellId).f;
    remember();
    var q = "/api/cell?domain=" + encodeURIComponent(f.cell[0]) +
      (f.cell[1] ? "&sub=" + encodeURIComponent(f.cell[1]) : "");
    getJSON(q).then(function (p) { showList(p, f.n); }, failed);
  }
  function start() {
    return getJSON("/api/start").then(function (p) {
      if (p.mode === "overview") showOverview(p);
      else { show(p, { replace: true }); heading(T.whole); }
    }, failed);
  }

  // ---- saved views ----
  function canvasState() {
    var ids = unitIds();
    var positions = network.getPositions(ids);
    var rounded = {};
    ids.forEach(function (id) {
      rounded[id] = [Math.round(positions[id].x * 10) / 10, Math.round(positions[id].y * 10) / 10];
    });
    return {
      ids: ids,
      positions: rounded,
      hidden: Array.from(ui.hidden),
      pinned: Array.from(ui.pinned),
      filters: { chain: ui.chain, groups: R.state.hiddenGroups, classes: R.state.hiddenClasses },
      date: ui.date,
      style: ui.style,
      lang: lang,
    };
  }
  function listViews() {
    return getJSON("/api/views").then(function (d) {
      var box = $("views");
      box.replaceChildren();
      d.views.forEach(function (v) {
        var item = el("li");
        var link = el("a", v.name + "（" + v.units + "）");
        link.href = "/?view=" + encodeURIComponent(v.name) + "&lang=" + lang;
        link.setAttribute("data-view", v.name);
        item.appendChild(link);
        box.appendChild(item);
      });
    }, failed);
  }
  $("save-view").addEventListener("click", function () {
    var name = $("view-name").value.trim();
    getJSON("/api/views", { name: name, state: canvasState() }).then(function (v) {
      say(T.save + "：" + v.name);
      return listViews();
    }, failed);
  });
  function openView(name) {
    return getJSON("/api/views/" + encodeURIComponent(name)).then(function (v) {
      return getJSON("/api/units", { ids: v.ids }).then(function (p) {
        p.nodes.forEach(function (n) {
          var at = (v.positions || {})[n.id];
          if (at) { n.x = at[0]; n.y = at[1]; }
          if ((v.pinned || []).indexOf(n.id) >= 0) n.fixed = true;
        });
        clearCanvas();
        ui.mode = "units";
        (v.hidden || []).forEach(function (id) { ui.hidden.add(id); });
        (v.pinned || []).forEach(function (id) { ui.pinned.add(id); });
        var filters = v.filters || {};
        ui.chain = filters.chain || "";
        $("chain").value = ui.chain;
        Object.keys(filters.groups || {}).forEach(function (k) {
          if (filters.groups[k]) R.setGroupVisible(k, false);
        });
        // Relationship kinds hidden in the view: through the legend's own check boxes.
        Array.prototype.forEach.call(document.querySelectorAll("#legend-edges input"), function (box) {
          var keys = (box.getAttribute("data-classes") || "").split(" ");
          var hide = keys.some(function (k) { return (filters.classes || {})[k]; });
          if (hide === box.checked) box.click();
        });
        ui.style = v.style || "domain";
        $("style").value = ui.style;
        show(p, { keepPositions: true });
        if (v.date) setDate(v.date);
        $("view").textContent = v.name;
        ui.openedView = v.name;
      });
    }, failed);
  }

  // ---- exports: PNG in the page, the rest from the server ----
  function download(blob, name) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  }
  Array.prototype.forEach.call(document.querySelectorAll("button.export"), function (button) {
    button.addEventListener("click", function () {
      var format = button.getAttribute("data-format");
      api("/api/export", { format: format, ids: visibleIds() }).then(function (response) {
        var name = (response.headers.get("content-disposition") || "").split('filename="')[1];
        return response.blob().then(function (blob) { download(blob, (name || "export").replace('"', "")); });
      }).catch(failed);
    });
  });

  // ---- start ----
  function fillGaps(d) {
    // The gap report runs in the background on large graphs: ask again until it is there.
    if (d.gaps_pending) {
      setTimeout(function () { getJSON("/api/lists").then(fillGaps, failed); }, 5000);
      return;
    }
    fill($("start-gap"), d.gaps, function (g) { return g.name; },
      function (g) { return g.title + "（" + g.count + "）"; });
    d.gaps.forEach(function (g) { (g.ids || []).forEach(function (id) { ui.gapIds.add(id); }); });
    document.body.setAttribute("data-gaps", "ready");
  }
  getJSON("/api/lists").then(function (d) {
    fill($("start-sub"), d.subdistricts, function (s) { return s.uscc; },
      function (s) { return s.name + "（" + s.units + "）"; });
    fill($("chain"), d.chains, function (c) { return c; }, function (c) { return c; });
    d.queries.forEach(function (q) { forms[q.name] = q; });
    fill($("start-query"), d.queries, function (q) { return q.name; }, function (q) { return q.title; });
    fillGaps(d);
  }, failed);
  listViews();
  // A dashboard card's link: the units it counts (/?card=members&from=...&to=...).
  function openCard(params) {
    var q = new URLSearchParams(params);
    q.delete("lang");
    return getJSON("/api/card?" + q.toString()).then(function (p) {
      showList(p, p.title);
    }, failed);
  }
  var given = new URLSearchParams(location.search);
  var wanted = given.get("view");
  (wanted ? openView(wanted) : given.get("card") ? openCard(given) : start()).then(function () {
    document.body.setAttribute("data-explorer", "ready");
  });

  window.redchainExplorer = Object.assign(ui, {
    open: open,
    expand: expand,
    path: path,
    setDate: setDate,
    openView: openView,
    canvasState: canvasState,
    visibleIds: visibleIds,
    select: select,
    start: start,
    openCard: openCard,
  });
})();
