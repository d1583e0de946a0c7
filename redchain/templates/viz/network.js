// redchain network page. Every imported text reaches the page as a text node (textContent),
// never as HTML: labels are drawn on the canvas, tooltips and lists are built element by element.
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("redchain-data").textContent);
  var T = data.text;
  var times = { start: performance.now() };
  var state = { hiddenGroups: {}, hiddenClasses: {}, highlight: null, focused: null, ready: false };
  var LABEL_COLOUR = "#343434";
  var DIM_NODE = { background: "#ececec", border: "#dddddd" };
  var DIM_LABEL = "#c4c4c4";
  var DIM_EDGE = { color: "#e3e3e3", opacity: 0.35 };

  var groupOf = {};
  data.groups.forEach(function (g) { groupOf[g.key] = g; });
  var classOf = {};
  data.edgeClasses.forEach(function (c) { classOf[c.key] = c; });

  // Short fact keys written by redchain/viz/page.py (_facts).
  var byId = new Map();
  var baseColour = {};
  // A static view has many nodes: vis-network gets their labels only once they could be read
  // (zoomed in), which halves the time it takes to hand it the nodes.
  var lazyLabels = data.mode === "static";
  data.nodes.forEach(function (n) {
    if (n.label === undefined) n.label = n.f.n;
    if (lazyLabels) {
      n.text = n.label;
      delete n.label;
    }
    // An organisation (it has a partner count) is keyed by its credit code.
    if (n.f.p !== undefined && !n.f.u) n.f.u = n.id;
    baseColour[n.id] = n.color || groupOf[n.group].options.color;
    byId.set(n.id, n);
  });
  // Edges arrive as [from, to, class, facts, own options] rows, ends given as node positions.
  var edgeData = data.edges.map(function (row, i) {
    var e = { id: i, from: data.nodes[row[0]].id, to: data.nodes[row[1]].id, c: row[2] };
    if (row[3]) e.f = row[3];
    if (row[4]) Object.assign(e, row[4]);
    return e;
  });
  function edgeItem(e) {
    return Object.assign({}, classOf[e.c].options, e);
  }

  // Large drawings arrive in batches, best-linked units first, so the first frame comes at
  // once and the browser stays responsive while the rest is added.
  var batches = [{ nodes: data.nodes, edges: edgeData }];
  if (data.mode === "static" && data.nodes.length > data.batchSize) {
    batches = inBatches(data.nodes, edgeData, data.batchSize);
  }
  function inBatches(nodeList, edgeList, size) {
    var degree = new Map();
    edgeList.forEach(function (e) {
      degree.set(e.from, (degree.get(e.from) || 0) + 1);
      degree.set(e.to, (degree.get(e.to) || 0) + 1);
    });
    var ordered = nodeList.slice().sort(function (a, b) {
      return (degree.get(b.id) || 0) - (degree.get(a.id) || 0);
    });
    var batchOf = new Map();
    var result = [];
    ordered.forEach(function (n, i) {
      var index = Math.floor(i / size);
      if (!result[index]) result[index] = { nodes: [], edges: [] };
      result[index].nodes.push(n);
      batchOf.set(n.id, index);
    });
    edgeList.forEach(function (e) {
      result[Math.max(batchOf.get(e.from), batchOf.get(e.to))].edges.push(e);
    });
    return result;
  }
  var nameOf = {};
  data.nodes.forEach(function (n) { nameOf[n.id] = n.f.n; });

  // With the layout fixed ("static"), the page draws the links itself, one canvas path per
  // style: vis-network's per-link objects cost more than the rest of a large view together.
  var ownLinks = data.mode === "static";
  times.prepared = performance.now();
  var nodes = new vis.DataSet(batches[0].nodes);
  var edges = new vis.DataSet(batches[0].edges.map(edgeItem));
  var nodesView = new vis.DataView(nodes, {
    filter: function (n) { return !state.hiddenGroups[n.group]; },
  });
  var edgesView = new vis.DataView(edges, {
    filter: function (e) { return !state.hiddenClasses[e.c]; },
  });
  var container = document.getElementById("network");
  var network = new vis.Network(
    container,
    { nodes: nodesView, edges: ownLinks ? new vis.DataSet([]) : edgesView },
    data.options
  );
  times.created = performance.now();
  if (batches.length > 1) frameAll();
  var loadedIds = new Set(batches[0].nodes.map(function (n) { return n.id; }));
  var linksOf = new Map();
  edgeData.forEach(function (e) {
    [e.from, e.to].forEach(function (end) {
      if (!linksOf.has(end)) linksOf.set(end, []);
      linksOf.get(end).push(e);
    });
  });
  var linksByClass = new Map();
  edgeData.forEach(function (e) {
    if (!linksByClass.has(e.c)) linksByClass.set(e.c, []);
    linksByClass.get(e.c).push(e);
  });
  var moving = false;
  var movingTimer = null;
  function linkShown(e) {
    if (state.hiddenClasses[e.c]) return false;
    var a = byId.get(e.from);
    var b = byId.get(e.to);
    return loadedIds.has(e.from) && loadedIds.has(e.to) &&
      !state.hiddenGroups[a.group] && !state.hiddenGroups[b.group];
  }
  function strokeLinks(ctx, list, style, dimmed) {
    var colour = dimmed ? DIM_EDGE : style.color;
    ctx.beginPath();
    list.forEach(function (e) {
      var a = byId.get(e.from);
      var b = byId.get(e.to);
      ctx.moveTo(a.x, a.y);
      ctx.lineTo(b.x, b.y);
    });
    ctx.globalAlpha = colour.opacity === undefined ? 1 : colour.opacity;
    ctx.strokeStyle = colour.color;
    ctx.lineWidth = style.width || 1;
    ctx.setLineDash(style.dashes || []);
    ctx.stroke();
  }
  function drawLinks(ctx) {
    // Many thousands of links are left out while the view moves, as vis-network does.
    if (moving && edgeData.length > 20000) return;
    var lit = state.highlight ? state.highlight.links : null;
    ctx.save();
    [true, false].forEach(function (dimPass) {
      linksByClass.forEach(function (list, key) {
        var shown = list.filter(function (e) {
          return linkShown(e) && (lit ? lit.has(e.id) !== dimPass : !dimPass);
        });
        if (shown.length) strokeLinks(ctx, shown, classOf[key].options, dimPass);
      });
    });
    ctx.restore();
  }
  var LABEL_SIZE = 14;
  var LABEL_THRESHOLD = data.options.nodes.scaling.label.drawThreshold;
  function labelVisibleNodes() {
    if (!lazyLabels || network.getScale() * LABEL_SIZE < LABEL_THRESHOLD) return;
    var from = network.DOMtoCanvas({ x: 0, y: 0 });
    var to = network.DOMtoCanvas({ x: container.clientWidth, y: container.clientHeight });
    var updates = [];
    data.nodes.forEach(function (n) {
      if (n.labelled || !loadedIds.has(n.id)) return;
      if (n.x >= from.x && n.x <= to.x && n.y >= from.y && n.y <= to.y) {
        n.labelled = true;
        // The colour goes along: vis-network would otherwise fall back to the group's.
        var dim = dimmedNodes.has(n.id);
        updates.push({ id: n.id, label: n.text, color: dim ? DIM_NODE : baseColour[n.id] });
      }
    });
    if (updates.length) nodes.update(updates);
  }
  var labelTimer = null;
  function labelSoon() {
    clearTimeout(labelTimer);
    labelTimer = setTimeout(labelVisibleNodes, 250);
  }
  if (lazyLabels) {
    network.on("zoom", labelSoon);
    network.on("dragEnd", labelSoon);
    network.on("animationFinished", labelSoon);
  }
  function moved() {
    moving = true;
    clearTimeout(movingTimer);
    movingTimer = setTimeout(function () { moving = false; network.redraw(); }, 200);
  }
  if (ownLinks) {
    network.on("dragging", moved);
    network.on("zoom", moved);
  }

  function frameAll() {
    // Frame every position now, not only the first batch's.
    var box = { left: Infinity, right: -Infinity, top: Infinity, bottom: -Infinity };
    data.nodes.forEach(function (n) {
      box.left = Math.min(box.left, n.x);
      box.right = Math.max(box.right, n.x);
      box.top = Math.min(box.top, n.y);
      box.bottom = Math.max(box.bottom, n.y);
    });
    var width = container.clientWidth || 800;
    var height = container.clientHeight || 600;
    var scale = 0.95 * Math.min(width / (box.right - box.left + 60), height / (box.bottom - box.top + 60));
    network.moveTo({
      position: { x: (box.left + box.right) / 2, y: (box.top + box.bottom) / 2 },
      scale: scale,
    });
  }

  // ---- readiness: the layout is still once physics is off, every batch is in and drawn ----
  var loaded = 1;
  function markReady() {
    if (state.ready || times.firstPaint === undefined || !times.physicsOff) return;
    if (loaded < batches.length) return;
    state.ready = true;
    times.still = performance.now();
    document.body.setAttribute("data-state", "ready");
  }
  network.on("beforeDrawing", function (ctx) {
    // A white background, so that a saved PNG is not transparent.
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    ctx.restore();
    if (ownLinks) drawLinks(ctx);
  });
  network.on("afterDrawing", function () {
    if (times.firstPaint === undefined) {
      times.firstPaint = performance.now();
      afterFirstPaint();
    }
    markReady();
  });
  function afterFirstPaint() {
    if (data.mode === "physics" && data.nodes.length > 1) {
      // The computed positions are on screen; now a fixed number of physics iterations, run in
      // small batches (the page stays responsive), then physics stops for good.
      network.once("stabilizationIterationsDone", physicsOff);
      network.setOptions({ physics: { enabled: true } });
      network.stabilize(data.iterations);
      setTimeout(physicsOff, data.physicsCapMs);
    } else {
      times.physicsOff = performance.now();
      setTimeout(loadNextBatch, 0);
    }
  }
  function physicsOff() {
    if (times.physicsOff) return;
    network.stopSimulation();
    network.setOptions({ physics: { enabled: false } });
    times.physicsOff = performance.now();
    // Small views may be drawn larger than life to fill the frame.
    network.fit({ maxZoomLevel: 1.6 });
    markReady();
  }
  // The units a view is built around start selected (a dark border).
  if (data.focus.length) network.selectNodes(data.focus.filter(function (id) { return byId.has(id); }));
  function loadNextBatch() {
    if (loaded >= batches.length) return;
    var batch = batches[loaded];
    loaded += 1;
    batch.nodes.forEach(function (n) { loadedIds.add(n.id); });
    nodes.add(batch.nodes);
    edges.add(batch.edges.map(edgeItem));
    updateStatus();
    if (loaded < batches.length) setTimeout(loadNextBatch, 0);
    else labelSoon();
  }
  function loadAll() {
    while (loaded < batches.length) loadNextBatch();
  }

  // ---- facts, for the tooltip and the details panel ----
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function row(box, key, value) {
    if (value === undefined || value === null || value === "") return;
    var line = el("div", "row");
    line.appendChild(el("span", "key", key));
    line.appendChild(el("span", "value", value));
    box.appendChild(line);
  }
  function nodeFacts(id) {
    var n = nodes.get(id);
    var f = n.f || {};
    var box = el("div", "facts");
    box.appendChild(el("div", "name", f.n));
    if (f.e) box.appendChild(el("div", "name-en", f.e));
    var group = groupOf[n.group];
    if (f.c !== undefined) {
      row(box, T.units, f.c);
      row(box, T.within_links, f.w);
      return box;
    }
    row(box, T.domain, group ? group.name : n.group);
    row(box, T.uscc, f.u);
    row(box, T.subdistrict, f.s);
    if (f.p !== undefined) row(box, T.partners, f.p);
    if (f.pt !== undefined) row(box, T.points, f.pt);
    if (f.m && f.m.length) row(box, T.master, f.m.join("、"));
    var extra = f.x || {};
    ["kind", "site", "opened_on", "founded_on"].forEach(function (k) { row(box, T[k], extra[k]); });
    if (f.g && f.g.length) {
      var gaps = el("div", "gap", T.gaps + "：" + f.g.join("；"));
      box.appendChild(gaps);
    }
    return box;
  }
  function edgeFacts(id) {
    var e = edges.get(id);
    var f = e.f || {};
    var box = el("div", "facts");
    box.appendChild(el("div", "name", classOf[e.c].name || ""));
    if (nameOf[e.from] && nameOf[e.to]) {
      box.appendChild(el("div", "ends", nameOf[e.from] + " — " + nameOf[e.to]));
    }
    row(box, T.kind, f.kind);
    row(box, T.since, f.since);
    row(box, T.until, f.until);
    if (f.year !== undefined) {
      row(box, T.year, f.year_to && f.year_to !== f.year ? f.year + "–" + f.year_to : f.year);
    }
    row(box, T.hires, f.hires);
    row(box, T.interns, f.interns);
    row(box, T.count, f.count);
    return box;
  }

  // ---- tooltip ----
  var tip = document.getElementById("tooltip");
  function showTip(content, pointer) {
    tip.replaceChildren(content);
    tip.hidden = false;
    var box = container.getBoundingClientRect();
    var x = box.left + pointer.x + 14;
    var y = box.top + pointer.y + 14;
    var w = tip.offsetWidth;
    var h = tip.offsetHeight;
    if (x + w > window.innerWidth - 4) x = Math.max(4, x - w - 28);
    if (y + h > window.innerHeight - 4) y = Math.max(4, y - h - 28);
    tip.style.left = x + "px";
    tip.style.top = y + "px";
  }
  function hideTip() { tip.hidden = true; }
  network.on("hoverNode", function (p) { showTip(nodeFacts(p.node), p.pointer.DOM); });
  network.on("hoverEdge", function (p) { showTip(edgeFacts(p.edge), p.pointer.DOM); });
  network.on("blurNode", hideTip);
  network.on("blurEdge", hideTip);
  network.on("dragStart", hideTip);
  network.on("zoom", hideTip);

  // ---- details panel ----
  var details = document.getElementById("details");
  function showDetails(id) {
    details.replaceChildren(nodeFacts(id));
    details.hidden = false;
  }
  function hideDetails() {
    details.hidden = true;
    details.replaceChildren();
  }

  // ---- click a unit: its neighbours stay, everything else fades ----
  // Ids keep their type (edge ids are numbers), so Maps rather than objects.
  var dimmedNodes = new Map();
  var dimmedEdges = new Map();
  function highlight(id) {
    var keep = {};
    keep[id] = true;
    var keepEdges = {};
    var lit = new Set();
    if (ownLinks) {
      (linksOf.get(id) || []).forEach(function (e) {
        if (!linkShown(e)) return;
        lit.add(e.id);
        keep[e.from] = true;
        keep[e.to] = true;
      });
    } else {
      network.getConnectedNodes(id).forEach(function (n) { keep[n] = true; });
      network.getConnectedEdges(id).forEach(function (e) { keepEdges[e] = true; });
    }
    var nodeUpdates = [];
    nodes.forEach(function (n) {
      var dim = !keep[n.id];
      if (dim === dimmedNodes.has(n.id)) return;
      if (dim) {
        dimmedNodes.set(n.id, true);
        nodeUpdates.push({ id: n.id, color: DIM_NODE, font: { color: DIM_LABEL } });
      } else {
        dimmedNodes.delete(n.id);
        nodeUpdates.push({ id: n.id, color: baseColour[n.id], font: { color: LABEL_COLOUR } });
      }
    });
    var edgeUpdates = [];
    edges.forEach(function (e) {
      if (ownLinks) return;
      var dim = !keepEdges[e.id];
      if (dim === dimmedEdges.has(e.id)) return;
      if (dim) {
        dimmedEdges.set(e.id, true);
        edgeUpdates.push({ id: e.id, color: DIM_EDGE });
      } else {
        dimmedEdges.delete(e.id);
        edgeUpdates.push({ id: e.id, color: classOf[e.c].options.color });
      }
    });
    nodes.update(nodeUpdates);
    edges.update(edgeUpdates);
    state.highlight = { id: id, nodes: Object.keys(keep), links: lit };
    if (ownLinks) network.redraw();
  }
  function clearHighlight() {
    var nodeUpdates = Array.from(dimmedNodes.keys()).map(function (id) {
      return { id: id, color: baseColour[id], font: { color: LABEL_COLOUR } };
    });
    var edgeUpdates = Array.from(dimmedEdges.keys()).map(function (id) {
      return { id: id, color: classOf[edges.get(id).c].options.color };
    });
    dimmedNodes.clear();
    dimmedEdges.clear();
    nodes.update(nodeUpdates);
    edges.update(edgeUpdates);
    state.highlight = null;
    network.unselectAll();
    hideDetails();
    if (ownLinks) network.redraw();
  }
  network.on("click", function (p) {
    if (p.nodes.length) {
      highlight(p.nodes[0]);
      showDetails(p.nodes[0]);
    } else if (!p.edges.length) {
      clearHighlight();
    }
  });

  // ---- legend and toggles ----
  function visibleCounts() {
    var shown = {};
    nodesView.getIds().forEach(function (id) { shown[id] = true; });
    var edgeCount = 0;
    edgesView.forEach(function (e) { if (shown[e.from] && shown[e.to]) edgeCount += 1; });
    return { nodes: nodesView.length, edges: edgeCount };
  }
  function updateStatus() {
    var c = visibleCounts();
    document.getElementById("status").textContent =
      T.showing.replace("{nodes}", c.nodes).replace("{edges}", c.edges);
  }
  var groupBoxes = {};
  function setGroupVisible(key, visible) {
    state.hiddenGroups[key] = !visible;
    if (groupBoxes[key]) groupBoxes[key].checked = visible;
    nodesView.refresh();
    updateStatus();
  }
  var groupList = document.getElementById("legend-groups");
  data.groups.forEach(function (g) {
    var item = el("li");
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.setAttribute("data-group", g.key);
    box.addEventListener("change", function () { setGroupVisible(g.key, box.checked); });
    groupBoxes[g.key] = box;
    var swatch = el("span", "swatch");
    swatch.style.background = g.colour;
    if (g.options.shape === "diamond") swatch.style.borderRadius = "2px";
    label.appendChild(box);
    label.appendChild(swatch);
    label.appendChild(el("span", "name", g.name));
    label.appendChild(el("span", "count", g.count));
    item.appendChild(label);
    groupList.appendChild(item);
  });
  if (data.gapLegend) {
    var gapItem = el("li");
    var gapLabel = el("label");
    var gapSwatch = el("span", "swatch");
    gapSwatch.style.border = "3px solid #111";
    gapSwatch.style.boxSizing = "border-box";
    gapLabel.appendChild(gapSwatch);
    gapLabel.appendChild(el("span", "name", T.gap_legend));
    gapItem.appendChild(gapLabel);
    groupList.appendChild(gapItem);
  }
  // One legend line per caption: the within-domain classes share one, drawn in grey.
  var edgeLegend = document.getElementById("legend-edges");
  var captions = [];
  var classesByCaption = {};
  data.edgeClasses.forEach(function (c) {
    if (!c.name) return;
    if (!classesByCaption[c.name]) {
      classesByCaption[c.name] = [];
      captions.push(c.name);
    }
    classesByCaption[c.name].push(c);
  });
  captions.forEach(function (caption) {
    var members = classesByCaption[caption];
    var sample = members[0].options;
    var item = el("li");
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.setAttribute("data-classes", members.map(function (c) { return c.key; }).join(" "));
    box.addEventListener("change", function () {
      members.forEach(function (c) { state.hiddenClasses[c.key] = !box.checked; });
      edgesView.refresh();
      if (ownLinks) network.redraw();
      updateStatus();
    });
    var line = el("span", "line");
    // Links inside a domain take that domain's colour: the legend shows them in grey.
    var colour = members[0].key.indexOf("P:") === 0 ? "#8c8c8c" : sample.color.color;
    line.style.borderTop = Math.max(1, sample.width || 1) + "px " +
      (sample.dashes ? "dashed " : "solid ") + colour;
    label.appendChild(box);
    label.appendChild(line);
    label.appendChild(el("span", "name", caption));
    item.appendChild(label);
    edgeLegend.appendChild(item);
  });
  updateStatus();

  // ---- search by Chinese name, English name or credit code ----
  function fold(text) {
    return String(text).normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
  }
  var searchIndex = data.nodes.map(function (n) {
    var keys = [n.f.n, n.f.e, n.f.u, n.label || n.text].filter(Boolean).map(fold);
    return { id: n.id, keys: keys };
  });
  function search(query) {
    var q = fold(query || "");
    if (!q) return [];
    var exact = [];
    var starts = [];
    var contains = [];
    searchIndex.forEach(function (entry) {
      var best = 3;
      entry.keys.forEach(function (k) {
        if (k === q) best = Math.min(best, 0);
        else if (k.indexOf(q) === 0) best = Math.min(best, 1);
        else if (k.indexOf(q) > 0) best = Math.min(best, 2);
      });
      if (best === 0) exact.push(entry.id);
      else if (best === 1) starts.push(entry.id);
      else if (best === 2) contains.push(entry.id);
    });
    return exact.concat(starts, contains).slice(0, 12);
  }
  function focusNode(id) {
    if (!byId.has(id)) return false;
    if (!nodes.get(id)) loadAll();
    var n = nodes.get(id);
    if (state.hiddenGroups[n.group]) setGroupVisible(n.group, true);
    network.selectNodes([id]);
    highlight(id);
    showDetails(id);
    // vis-network animates frame by frame: a large view jumps instead of crawling there.
    network.focus(id, {
      scale: Math.max(network.getScale(), 1.1),
      animation: lazyLabels ? false : { duration: 400, easingFunction: "easeInOutQuad" },
    });
    labelSoon();
    state.focused = id;
    return true;
  }
  var input = document.getElementById("search");
  var results = document.getElementById("results");
  function showResults() {
    var found = search(input.value);
    results.replaceChildren();
    if (!input.value.trim()) return found;
    if (!found.length) {
      results.appendChild(el("li", "none", T.search_none));
      return found;
    }
    found.forEach(function (id) {
      var n = byId.get(id);
      var item = el("li");
      var button = el("button", "result", [n.f.n, n.f.e, n.f.u].filter(Boolean).join(" · "));
      button.type = "button";
      button.setAttribute("data-id", id);
      button.addEventListener("click", function () { focusNode(id); });
      item.appendChild(button);
      results.appendChild(item);
    });
    return found;
  }
  if (data.mode === "overview") {
    input.disabled = true;
    input.placeholder = T.overview_search;
  }
  input.addEventListener("input", showResults);
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      var found = showResults();
      if (found.length) focusNode(found[0]);
    }
  });

  // ---- buttons ----
  document.getElementById("fit").addEventListener("click", function () {
    network.fit({ animation: lazyLabels ? false : { duration: 300 } });
  });
  document.getElementById("reset").addEventListener("click", clearHighlight);
  function snapshot() {
    // The drawing plus a caption with the view and the domain colours, as one PNG.
    var source = container.querySelector("canvas");
    var ratio = window.devicePixelRatio || 1;
    var canvas = document.createElement("canvas");
    canvas.width = source.width;
    canvas.height = source.height;
    var ctx = canvas.getContext("2d");
    ctx.drawImage(source, 0, 0);
    ctx.scale(ratio, ratio);
    ctx.font = "13px " + getComputedStyle(document.body).fontFamily;
    ctx.textBaseline = "middle";
    var y = 16;
    ctx.fillStyle = "#a93226";
    ctx.fillText(document.getElementById("view").textContent, 10, y);
    data.groups.forEach(function (g) {
      if (state.hiddenGroups[g.key]) return;
      y += 18;
      ctx.fillStyle = g.colour;
      ctx.beginPath();
      ctx.arc(16, y, 5, 0, 2 * Math.PI);
      ctx.fill();
      ctx.fillStyle = "#333";
      ctx.fillText(g.name, 26, y);
    });
    return canvas.toDataURL("image/png");
  }
  document.getElementById("png").addEventListener("click", function () {
    var link = document.createElement("a");
    link.href = snapshot();
    link.download = "redchain-network.png";
    document.body.appendChild(link);
    link.click();
    link.remove();
  });

  // ---- units added and removed after the page opened (the live explorer, redchain serve) ----
  // Nodes and edges come in the format above, edges as objects with string ids.
  function addItems(nodeList, edgeList) {
    nodeList.forEach(function (n) {
      if (n.label === undefined) n.label = n.f.n;
      if (n.f.p !== undefined && !n.f.u) n.f.u = n.id;
      baseColour[n.id] = n.color || (groupOf[n.group] || groupOf.other).options.color;
      byId.set(n.id, n);
      nameOf[n.id] = n.f.n;
      loadedIds.add(n.id);
    });
    nodes.update(nodeList);
    edges.update(edgeList.filter(function (e) {
      return byId.has(e.from) && byId.has(e.to);
    }).map(edgeItem));
    updateStatus();
  }
  function removeItems(nodeIds) {
    var gone = new Set(nodeIds);
    edges.remove(edges.getIds({
      filter: function (e) { return gone.has(e.from) || gone.has(e.to); },
    }));
    nodes.remove(nodeIds);
    nodeIds.forEach(function (id) {
      byId.delete(id);
      loadedIds.delete(id);
      dimmedNodes.delete(id);
    });
    updateStatus();
  }

  // For scripts and tests driving the page.
  window.redchain = {
    add: addItems,
    remove: removeItems,
    facts: nodeFacts,
    updateStatus: updateStatus,
    network: network,
    nodes: nodes,
    edges: edges,
    state: state,
    times: times,
    mode: data.mode,
    search: search,
    focus: focusNode,
    highlight: highlight,
    clearHighlight: clearHighlight,
    setGroupVisible: setGroupVisible,
    snapshot: snapshot,
    visibleNodeIds: function () { return nodesView.getIds(); },
    labelVisibleNodes: labelVisibleNodes,
  };
})();
