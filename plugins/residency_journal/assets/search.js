/* The site's search: Pagefind, loaded on first use.
 *
 * Nothing is fetched for search when a page loads: pagefind/pagefind.js (and
 * through it the French index) is imported the first time the reader focuses
 * the field or presses "/". Each query then fetches only the index chunk that
 * holds its words and the fragments of the results shown.
 *
 * The markup is templates/journal/partials/search.html (Material's classes, our
 * behaviour). Text from the index is written with textContent; the excerpt's
 * <mark> tags are rebuilt as elements, never parsed as HTML into the page.
 */
(function () {
  "use strict";
  var root = document.querySelector("[data-journal-search]");
  if (!root) return;
  var toggle = document.getElementById("__search");
  var form = root.querySelector("[data-journal-search-form]");
  var input = root.querySelector(".md-search__input");
  var status = root.querySelector("#journal-search-status");
  var list = root.querySelector("#journal-search-results");
  var more = root.querySelector(".journal-search__more");
  var PAGE = 5;  // results shown at first: each costs a fragment download
  var PAUSE = 300;  // ms without a key before a query runs (Pagefind's own UI waits 300 ms)
  // Ranked by what each page's text says. Pagefind adds a bonus when a
  // word is in a page's title (metaWeights.title, 5 by default): an action or visit
  // whose name holds the word would come before every day that talks about it. And
  // short pages would win by their length alone (pageLength 0.75 by default): an
  // action's page is a name and a few fields, a day is a story.
  var RANKING = { metaWeights: { title: 0 }, pageLength: 0.25 };
  var pagefind = null;
  var loading = null;
  var current = { query: "", results: [], shown: 0 };
  var timer = null;

  function load() {
    if (!loading) {
      var dir = new URL(root.getAttribute("data-pagefind"), document.baseURI);
      loading = import(new URL("pagefind.js", dir).href).then(function (module) {
        pagefind = module;
        return pagefind.options({
          // Result URLs are stored from the site's root: prefix them with where the
          // site is served (a sub-path on most hosts).
          baseUrl: new URL("..", dir).pathname,
          excerptLength: 24,
          // Search in this page's thread: no pagefind-worker.js to download (12 KB
          // gzipped of the 150 KiB a first query may cost); a query takes milliseconds.
          noWorker: true,
          ranking: RANKING
        });
      }).then(function () { return pagefind; }, function (error) {
        loading = null;
        throw error;
      });
    }
    return loading;
  }

  function open() {
    if (toggle && !toggle.checked) toggle.checked = true;
    load().catch(function () {});
  }

  function close() {
    if (toggle) toggle.checked = false;
    input.blur();
  }

  function say(text) { status.textContent = text; }

  function plural(n, one, many) { return n + "\u00a0" + (n > 1 ? many : one); }

  function excerpt(text) {
    // Pagefind's excerpt is the page's text (as it was, not escaped) with <mark> and
    // </mark> around the words found: everything else is written as text.
    var p = document.createElement("p");
    p.className = "journal-search__excerpt";
    var marked = false;
    text.split(/(<mark>|<\/mark>)/).forEach(function (part) {
      if (part === "<mark>") { marked = true; return; }
      if (part === "</mark>") { marked = false; return; }
      if (!part) return;
      var node = document.createTextNode(part);
      if (marked) {
        var mark = document.createElement("mark");
        mark.appendChild(node);
        node = mark;
      }
      p.appendChild(node);
    });
    return p;
  }

  function item(data) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var a = document.createElement("a");
    a.className = "md-search-result__link";
    a.href = data.url;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var title = document.createElement("h2");
    title.className = "journal-search__title";
    title.textContent = (data.meta && data.meta.title) || data.url;
    article.appendChild(title);
    var residencies = (data.filters && data.filters.residency) || [];
    if (residencies.length) {
      var residency = document.createElement("p");
      residency.className = "journal-search__residency";
      residency.textContent = residencies[0];
      article.appendChild(residency);
    }
    article.appendChild(excerpt(data.excerpt || ""));
    a.appendChild(article);
    li.appendChild(a);
    return li;
  }

  function showMore() {
    var query = current.query;
    var next = current.results.slice(current.shown, current.shown + PAGE);
    return Promise.all(next.map(function (r) { return r.data(); })).then(function (data) {
      if (query !== current.query) return;
      data.forEach(function (d) { list.appendChild(item(d)); });
      current.shown += data.length;
      more.hidden = current.shown >= current.results.length;
    });
  }

  function run(query) {
    query = query.trim();
    current = { query: query, results: [], shown: 0 };
    list.textContent = "";
    more.hidden = true;
    if (!query) {
      say("Tapez un mot pour chercher dans le journal.");
      return;
    }
    say("Recherche en cours…");
    load().then(function (pf) { return pf.search(query); }).then(function (search) {
      if (!search || query !== current.query) return;
      current.results = search.results;
      var n = search.results.length;
      return showMore().then(function () {
        if (query !== current.query) return;
        say(n ? plural(n, "résultat", "résultats") + " pour « " + query + " »"
              : "Aucun résultat pour « " + query + " »");
      });
    }).catch(function () {
      say("La recherche n'a pas pu être chargée. Rechargez la page pour réessayer.");
    });
  }

  input.addEventListener("focus", open);
  // A query runs once the reader pauses (or presses Enter), not at every key: each run
  // fetches the index chunk of its words and its results' fragments, and a word typed at
  // a usual pace (a key every 150 to 250 ms) would cost three or four runs. One letter is
  // searched on Enter only: it finds nothing a reader wants and costs a chunk.
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var query = input.value.trim();
    if (query.length === 1) { run(""); return; }
    timer = setTimeout(function () { run(input.value); }, PAUSE);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    var first = list.querySelector("a");
    if (first && current.query === input.value.trim()) first.focus();
    else run(input.value);
  });
  form.addEventListener("reset", function () {
    setTimeout(function () { run(""); input.focus(); }, 0);
  });
  more.addEventListener("click", function () {
    var index = current.shown;
    showMore().then(function () {
      var links = list.querySelectorAll("a");
      if (links[index]) links[index].focus();
    });
  });

  // Keyboard: "/" opens the search from anywhere; in it, Escape closes it and the
  // arrows move between the field and the results.
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target instanceof HTMLElement &&
      (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      open();
      input.focus();
      return;
    }
    if (!root.contains(target)) return;
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      var links = Array.prototype.slice.call(list.querySelectorAll("a"));
      if (!links.length) return;
      var at = links.indexOf(document.activeElement);
      var next = event.key === "ArrowDown" ? at + 1 : at - 1;
      event.preventDefault();
      if (next < 0) input.focus();
      else links[Math.min(next, links.length - 1)].focus();
    }
  });
})();
