// The query editor: a small SPARQL highlighter drawn under a transparent textarea.
(function () {
  "use strict";
  var area = document.getElementById("query");
  var out = document.getElementById("highlight");
  if (!area || !out) { return; }
  var KEYWORDS = new Set(("SELECT CONSTRUCT DESCRIBE ASK WHERE FROM NAMED PREFIX BASE DISTINCT REDUCED " +
    "OPTIONAL UNION MINUS GRAPH FILTER BIND VALUES AS GROUP BY ORDER HAVING LIMIT OFFSET ASC DESC " +
    "NOT EXISTS IN COUNT SUM MIN MAX AVG SAMPLE GROUP_CONCAT SEPARATOR STR LANG LANGMATCHES DATATYPE " +
    "BOUND IRI URI BNODE COALESCE IF CONTAINS STRSTARTS STRENDS REGEX REPLACE SUBSTR STRLEN UCASE LCASE " +
    "CONCAT YEAR ISIRI ISURI ISLITERAL ISBLANK ISNUMERIC TRUE FALSE A").split(" "));
  // strings, comments, IRIs, variables, prefixed names, words: in that order of precedence
  var TOKEN = /("""[\s\S]*?"""|'''[\s\S]*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|(#[^\n]*)|(<[^<>"{}|^`\\\s]*>)|([?$][\w\u00b7\u4e00-\u9fff]+)|((?:[A-Za-z][\w.-]*)?:[\w\u4e00-\u9fff.%-]*)|([A-Za-z_]+)/g;

  function escapeHtml(s) {
    return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }
  function span(cls, text) { return '<span class="' + cls + '">' + escapeHtml(text) + "</span>"; }

  function highlight(text) {
    var html = "", last = 0, m;
    TOKEN.lastIndex = 0;
    while ((m = TOKEN.exec(text)) !== null) {
      html += escapeHtml(text.slice(last, m.index));
      if (m[1]) { html += span("tok-str", m[0]); }
      else if (m[2]) { html += span("tok-com", m[0]); }
      else if (m[3]) { html += span("tok-iri", m[0]); }
      else if (m[4]) { html += span("tok-var", m[0]); }
      else if (m[5]) { html += span("tok-pn", m[0]); }
      else if (KEYWORDS.has(m[0].toUpperCase())) { html += span("tok-kw", m[0]); }
      else { html += escapeHtml(m[0]); }
      last = TOKEN.lastIndex;
    }
    // a trailing newline needs a character after it, or the last line is not drawn
    return html + escapeHtml(text.slice(last)) + "\n";
  }
  function refresh() { out.innerHTML = highlight(area.value); sync(); }
  function sync() { out.parentNode.scrollTop = area.scrollTop; out.parentNode.scrollLeft = area.scrollLeft; }

  area.addEventListener("input", refresh);
  area.addEventListener("scroll", sync);
  area.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); area.form.submit(); }
    if (e.key === "Tab") {
      e.preventDefault();
      var s = area.selectionStart;
      area.setRangeText("  ", s, area.selectionEnd, "end");
      refresh();
    }
  });
  area.parentNode.classList.add("live");  // without this script the textarea shows its own text
  refresh();
}());
