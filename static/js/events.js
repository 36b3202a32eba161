// Event times are shown in the event's own time zone (data-zone on .event-when), and the
// server adds the signed-in reader's zone when it differs (data-viewer-zone). When the
// browser's zone is neither, add the time in it with the zone's name next to it.
(function () {
  "use strict";
  var viewerZone;
  try {
    viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (e) {
    return;
  }
  if (!viewerZone) {
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
    var shown = el.closest(".event-when");
    if (
      shown &&
      (shown.getAttribute("data-zone") === viewerZone ||
        shown.getAttribute("data-viewer-zone") === viewerZone)
    ) {
      return;
    }
    var when = new Date(el.getAttribute("datetime"));
    if (isNaN(when.getTime())) {
      return;
    }
    // The same fields the server's DATETIME_FORMAT / TIME_FORMAT show (leadvet/formats/), so the
    // local time reads like the event's time beside it: "Thu, 26 Nov 2026, 15:00" in English,
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
