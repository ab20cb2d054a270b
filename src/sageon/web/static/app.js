/* sageon dashboard: shared helpers and the article page's span highlighting.
   Data from articles is untrusted: it only ever goes into the page via textContent. */
"use strict";
var sageon = (function () {
  function json(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  var T = json("i18n") || {};
  function t(key) { return T[key] || key; }
  function el(tag, text, attrs) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (attrs) for (var k in attrs) if (attrs[k] !== undefined && attrs[k] !== null) e.setAttribute(k, attrs[k]);
    return e;
  }
  function party(ev, side) {
    var s = document.createElement("span");
    var txt = ev[side + "_text"], cc = ev[side + "_country"];
    if (txt) s.appendChild(el("span", txt + " ", { "class": "ptext" }));
    if (cc) s.appendChild(el("a", cc, { "class": "cc", href: "/actors/" + encodeURIComponent(cc) }));
    return s;
  }
  /* Fill a <tbody> with event rows from /api/events JSON. */
  function fillEvents(tbody, rows) {
    while (tbody.firstChild) tbody.removeChild(tbody.firstChild);
    if (!rows.length) {
      var tr0 = el("tr"); var td0 = el("td", t("none"), { colspan: "7", "class": "none" });
      tr0.appendChild(td0); tbody.appendChild(tr0); return;
    }
    rows.forEach(function (ev) {
      var tr = el("tr", null, { "class": "event-row", "data-event": ev.id });
      tr.appendChild(el("td", ev.date || ev.published || "", { "class": "nowrap" }));
      var tt = el("td"); tt.appendChild(el("span", t("type." + ev.type), { "class": "type t-" + String(ev.type || "").toLowerCase() })); tr.appendChild(tt);
      var ts = el("td"); ts.appendChild(party(ev, "source")); tr.appendChild(ts);
      var tg = el("td"); tg.appendChild(party(ev, "target")); tr.appendChild(tg);
      tr.appendChild(el("td", t("modality." + ev.modality)));
      tr.appendChild(el("td", ev.evidence || "", { "class": "evidence" }));
      var ta = el("td");
      if (ev.article_id !== undefined && ev.article_id !== null) {
        ta.appendChild(el("a", ev.article_title || (t("article") + " " + ev.article_id),
          { "class": "article-link", href: "/articles/" + encodeURIComponent(ev.article_id) + "#e-" + encodeURIComponent(ev.id) }));
      }
      tr.appendChild(ta);
      tbody.appendChild(tr);
    });
  }
  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (r) { return r.json(); });
  }
  function qs(params) {
    var u = new URLSearchParams();
    for (var k in params) if (params[k] !== undefined && params[k] !== null && params[k] !== "") u.set(k, params[k]);
    return u.toString();
  }
  /* Article page: hovering a layer item outlines its spans in the text, and back. */
  function linkSpans() {
    var text = document.getElementById("article-text");
    if (!text) return;
    var pieces = text.querySelectorAll(".hl[data-ids]");
    function mark(id, on) {
      pieces.forEach(function (p) {
        if ((" " + p.getAttribute("data-ids") + " ").indexOf(" " + id + " ") >= 0) p.classList.toggle("active", on);
      });
      document.querySelectorAll('[data-span="' + id + '"]').forEach(function (li) { li.classList.toggle("active", on); });
    }
    document.querySelectorAll("[data-span]").forEach(function (li) {
      var id = li.getAttribute("data-span");
      li.addEventListener("mouseenter", function () { mark(id, true); });
      li.addEventListener("mouseleave", function () { mark(id, false); });
      li.addEventListener("click", function () { mark(id, true); var first = text.querySelector('.hl.active'); if (first) first.scrollIntoView({ block: "center" }); });
    });
    pieces.forEach(function (p) {
      p.addEventListener("mouseenter", function () {
        p.getAttribute("data-ids").split(" ").forEach(function (id) {
          document.querySelectorAll('[data-span="' + id + '"]').forEach(function (li) { li.classList.add("active"); });
        });
      });
      p.addEventListener("mouseleave", function () {
        document.querySelectorAll("li.active").forEach(function (li) { li.classList.remove("active"); });
      });
    });
    if (location.hash) {
      var target = document.getElementById(location.hash.slice(1));
      if (target && target.getAttribute("data-span")) { mark(target.getAttribute("data-span"), true); target.scrollIntoView({ block: "center" }); }
    }
  }
  document.addEventListener("DOMContentLoaded", linkSpans);
  return { json: json, t: t, el: el, fillEvents: fillEvents, getJSON: getJSON, qs: qs };
})();
