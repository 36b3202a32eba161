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
  var lang = document.documentElement.lang || undefined;
  document.querySelectorAll("time[data-local-time]").forEach(function (el) {
    var when = new Date(el.getAttribute("datetime"));
    if (isNaN(when.getTime())) {
      return;
    }
    var options = el.hasAttribute("data-time-only")
      ? { hour: "2-digit", minute: "2-digit", timeZoneName: "short" }
      : { weekday: "short", day: "numeric", month: "numeric", year: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short" };
    var local = document.createElement("span");
    local.className = "text-body-secondary small ms-1";
    local.textContent = "(" + when.toLocaleString(lang, options) + ", " + viewerZone + ")";
    el.insertAdjacentElement("afterend", local);
  });
})();
