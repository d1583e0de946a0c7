// redchain dashboard: the periodic report's figures and charts for a period, live. Each card
// links to its units in the explorer. Every text from the server is set as textContent.
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("redchain-data").textContent);
  var T = data.text;
  var lang = data.lang;
  var ui = { current: null, busy: 0 };
  window.redchainDashboard = ui;

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
  function query(params) {
    var q = new URLSearchParams();
    Object.keys(params).forEach(function (k) {
      if (params[k] !== null && params[k] !== undefined && params[k] !== "") q.set(k, params[k]);
    });
    return q;
  }
  function explorerLink(drill) {
    var q = query(drill);
    q.set("lang", lang);
    return "/?" + q.toString();
  }
  function span() {
    var p = ui.current.period;
    return { from: p.from, to: p.to, chain: ui.current.chain, lang: lang };
  }

  function card(item, value, previous, change) {
    var box = el(item.drill ? "a" : "div", null, "card");
    box.setAttribute("data-key", item.key || item.name);
    if (item.drill) {
      box.href = explorerLink(item.drill);
      box.title = T.open_units;
    }
    box.appendChild(el("div", value, "figure"));
    box.appendChild(el("div", item.title, "label"));
    if (previous !== null) box.appendChild(el("div", T.previous + " " + previous + " · " + change, "change"));
    return box;
  }
  function cell(row, text, cls) { var td = el("td", text, cls); row.appendChild(td); return td; }

  function render(d) {
    ui.current = d;
    $("title").textContent = d.title;
    document.title = d.title;
    $("note").textContent = d.note;
    $("summary").textContent = d.summary;
    var cards = $("cards");
    cards.textContent = "";
    d.cards.forEach(function (c) { cards.appendChild(card(c, c.value, c.previous, c.change)); });
    var domains = $("domains");
    domains.textContent = "";
    d.domains.forEach(function (c) { domains.appendChild(card(c, c.value, c.previous, c.change)); });
    var subs = $("subdistricts").querySelector("tbody");
    subs.textContent = "";
    d.subdistricts.forEach(function (s) {
      var row = el("tr");
      var name = el("a", s.name);
      name.href = explorerLink(Object.assign({ title: s.name }, s.drill));
      row.appendChild(el("td")).appendChild(name);
      ["units", "partnerships", "agreements", "activities", "points", "open_gaps"].forEach(function (k) {
        cell(row, s[k], "num");
      });
      subs.appendChild(row);
    });
    var ranking = $("ranking").querySelector("tbody");
    ranking.textContent = "";
    d.ranking.forEach(function (u) {
      var row = el("tr");
      cell(row, u.rank, "num");
      cell(row, u.name);
      cell(row, u.activities, "num");
      cell(row, u.total, "num");
      ranking.appendChild(row);
    });
    var gaps = $("gaps");
    gaps.textContent = "";
    d.gaps.forEach(function (g) { gaps.appendChild(card(g, g.count, null, null)); });
    var charts = $("charts");
    charts.textContent = "";
    d.charts.forEach(function (c) {
      var figure = el("figure");
      var img = el("img");
      img.alt = c.title;
      img.setAttribute("data-key", c.key);
      img.src = "/api/dashboard/chart?" + query(Object.assign({ key: c.key }, span())).toString();
      figure.appendChild(img);
      figure.appendChild(el("figcaption", c.title));
      charts.appendChild(figure);
    });
    var downloads = $("downloads");
    downloads.textContent = "";
    d.formats.forEach(function (fmt) {
      var link = el("a", fmt.toUpperCase());
      link.setAttribute("data-format", fmt);
      link.href = "/api/dashboard/report?" + query(Object.assign({ format: fmt }, span())).toString();
      downloads.appendChild(link);
    });
    var picker = $("period");
    picker.textContent = "";
    var found = false;
    d.presets.forEach(function (p) {
      var option = el("option", p.label);
      option.value = p.key;
      if (p.key === d.period.key) { option.selected = true; found = true; }
      picker.appendChild(option);
    });
    if (!found) {
      var own = el("option", d.period.label);
      own.value = "";
      own.selected = true;
      picker.insertBefore(own, picker.firstChild);
    }
    var chains = $("chain");
    chains.textContent = "";
    d.chains.forEach(function (name) {
      var option = el("option", name);
      option.value = name;
      option.selected = name === d.chain;
      chains.appendChild(option);
    });
    $("from").value = d.period.from;
    $("to").value = d.period.to;
    document.body.setAttribute("data-period", d.period.key);
    document.body.setAttribute("data-state", "ready");
  }

  function load(params) {
    var q = query(Object.assign({}, params, { lang: lang }));
    say(T.loading);
    busy(1);
    document.body.setAttribute("data-state", "loading");
    return fetch("/api/dashboard?" + q.toString(), { credentials: "same-origin" })
      .then(function (response) {
        busy(-1);
        if (response.ok) return response.json();
        return response.json().catch(function () { return { error: response.statusText }; })
          .then(function (e) { throw new Error(e.error || String(response.status)); });
      }, function (err) { busy(-1); throw err; })
      .then(function (d) {
        say("");
        render(d);
        var shown = query(Object.assign({}, params, { lang: lang }));
        history.replaceState(null, "", "/dashboard?" + shown.toString());
        // The language switch keeps the period.
        shown.set("lang", lang === "zh" ? "en" : "zh");
        $("lang").href = "/dashboard?" + shown.toString();
      })
      .catch(function (err) {
        say(T.error + "：" + err.message);
        document.body.setAttribute("data-state", "error");
      });
  }

  $("period").addEventListener("change", function () {
    if (this.value) load({ period: this.value, chain: $("chain").value });
  });
  $("chain").addEventListener("change", function () {
    var p = ui.current.period;
    load({ from: p.from, to: p.to, chain: this.value });
  });
  $("picker").addEventListener("submit", function (event) {
    event.preventDefault();
    load({ from: $("from").value, to: $("to").value, chain: $("chain").value });
  });

  ui.load = load;
  var given = data.query || {};
  load({ period: given.period, from: given.from, to: given.to, chain: given.chain });
})();
