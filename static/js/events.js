// Event times are shown in Helsinki time. When the viewer's own time zone differs,
// add the time in their zone with the zone's name next to it.
(function () {
  "use strict";
  var siteZone = "Europe/Helsinki";
  var viewerZone;
  try {
    viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (e) {
    return;
  }
  if (!viewerZone || viewerZone === siteZone) {
    return;
  }
  // The portal's English is European English (day before month, a 24-hour clock) and its
  // Swedish is Finland's (26.11.2026 15.00, as leadvet/formats/sv writes it).
  var lang = document.documentElement.lang || undefined;
  if (lang === "en") {
    lang = "en-GB";
  } else if (lang === "sv") {
    lang = "sv-FI";
  }
  document.querySelectorAll("time[data-local-time]").forEach(function (el) {
    var when = new Date(el.getAttribute("datetime"));
    if (isNaN(when.getTime())) {
      return;
    }
    // The same fields the server's DATETIME_FORMAT / TIME_FORMAT show (leadvet/formats/), so the
    // local time reads like the Helsinki time beside it: "Thu, 26 Nov 2026, 15:00" in English,
    // "to 26.11.2026 klo 15.00" in Finnish.
    var options = el.hasAttribute("data-time-only")
      ? { hour: "numeric", minute: "2-digit", timeZoneName: "short" }
      : { weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "numeric", minute: "2-digit", timeZoneName: "short" };
    var local = document.createElement("span");
    local.className = "text-body-secondary small";
    local.textContent = "(" + when.toLocaleString(lang, options) + ", " + viewerZone + ")";
    el.insertAdjacentElement("afterend", local);
    // A real space, not a margin: copied text and screen readers get "15:00 (14:00 CET, …)".
    el.insertAdjacentText("afterend", " ");
  });
})();
