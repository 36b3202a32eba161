// Reads .ics files with ical.js (an iCalendar parser independent of the Python icalendar
// library that writes them) and prints, as one JSON object keyed by file name, what each
// holds: METHOD, the calendar's properties (and their value types), its components and every VEVENT's UID,
// SEQUENCE, STATUS, ORGANIZER and ATTENDEEs, with the errors found ("errors": [] when none).
// Each VTIMEZONE is registered with ical.js, so an event's start and end are also given as
// the instant they name (UTC, ISO 8601) with the TZID they were written in.
//
//   node tests/tools/parse_ical.mjs FILE.ics...
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

// RFC 5545 3.6.1 and 3.8.8: the properties each VEVENT must have.
const REQUIRED_IN_VEVENT = ["uid", "dtstamp", "dtstart"];

function text(value) {
  return value === null || value === undefined ? null : value.toString();
}

function address(property) {
  return {
    value: text(property.getFirstValue()),
    cn: property.getParameter("cn") ?? null,
    role: property.getParameter("role") ?? null,
    partstat: property.getParameter("partstat") ?? null,
    rsvp: property.getParameter("rsvp") ?? null,
  };
}

function lineErrors(raw) {
  // RFC 5545 3.1: lines end in CRLF and are folded to at most 75 octets.
  const errors = [];
  if (!raw.endsWith("\r\n")) errors.push("the file does not end in CRLF");
  const lines = raw.split("\r\n");
  lines.forEach((line, index) => {
    if (line.includes("\n")) errors.push(`line ${index + 1}: a bare LF`);
    if (Buffer.byteLength(line, "utf8") > 75) {
      errors.push(`line ${index + 1}: longer than 75 octets, not folded`);
    }
  });
  return errors;
}

function describe(raw) {
  const answer = {
    errors: lineErrors(raw),
    method: null,
    properties: {},
    types: {},
    components: [],
    events: [],
  };
  let root;
  try {
    root = new ICAL.Component(ICAL.parse(raw));
  } catch (error) {
    answer.errors.push(`ical.js cannot parse it: ${error.message}`);
    return answer;
  }
  if (root.name !== "vcalendar") answer.errors.push(`the root is ${root.name}, not VCALENDAR`);
  for (const property of root.getAllProperties()) {
    answer.properties[property.name.toUpperCase()] = property.getValues().map(text);
    answer.types[property.name.toUpperCase()] = property.type;
  }
  answer.method = text(root.getFirstPropertyValue("method"));
  if (root.getFirstPropertyValue("version") !== "2.0") answer.errors.push("VERSION is not 2.0");
  if (!root.hasProperty("prodid")) answer.errors.push("no PRODID");
  answer.components = root.getAllSubcomponents().map((c) => c.name.toUpperCase());
  answer.timezones = [];
  for (const vtimezone of root.getAllSubcomponents("vtimezone")) {
    const zone = new ICAL.Timezone(vtimezone);
    ICAL.TimezoneService.register(zone, zone.tzid);
    answer.timezones.push(zone.tzid);
  }
  for (const vevent of root.getAllSubcomponents("vevent")) {
    const uid = text(vevent.getFirstPropertyValue("uid"));
    for (const name of REQUIRED_IN_VEVENT) {
      if (!vevent.hasProperty(name)) answer.errors.push(`VEVENT ${uid}: no ${name.toUpperCase()}`);
    }
    const event = new ICAL.Event(vevent);
    if (event.endDate && event.startDate && event.endDate.compare(event.startDate) < 0) {
      answer.errors.push(`VEVENT ${uid}: ends before it starts`);
    }
    const organizer = vevent.getFirstProperty("organizer");
    const start = vevent.getFirstProperty("dtstart");
    const tzid = start ? start.getParameter("tzid") ?? null : null;
    if (tzid && !answer.timezones.includes(tzid)) {
      answer.errors.push(`VEVENT ${uid}: TZID ${tzid} has no VTIMEZONE in the calendar`);
    }
    answer.events.push({
      uid,
      sequence: vevent.getFirstPropertyValue("sequence"),
      status: text(vevent.getFirstPropertyValue("status")),
      summary: text(vevent.getFirstPropertyValue("summary")),
      dtstart: text(vevent.getFirstPropertyValue("dtstart")),
      dtend: text(vevent.getFirstPropertyValue("dtend")),
      dtstamp: text(vevent.getFirstPropertyValue("dtstamp")),
      tzid,
      start_utc: event.startDate ? event.startDate.toJSDate().toISOString() : null,
      end_utc: event.endDate ? event.endDate.toJSDate().toISOString() : null,
      url: text(vevent.getFirstPropertyValue("url")),
      organizer: organizer ? address(organizer) : null,
      attendees: vevent.getAllProperties("attendee").map(address),
    });
  }
  return answer;
}

const result = {};
for (const path of process.argv.slice(2)) {
  result[path] = describe(readFileSync(path, "utf8"));
}
process.stdout.write(JSON.stringify(result));
