-- `make load`: signed-in mentors browse (70 %), log contacts (20 %) and register for events (10 %).
-- bench/run.py writes one line per mentor (cookie header TAB csrf token) and the paths to browse.
-- A POST that lands back on its form (a validation error) or a redirect to the login page counts
-- as an application error; statuses >= 400 are counted by wrk itself.

local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  sessions = {}
  for line in io.lines(os.getenv("LOAD_SESSIONS")) do
    local cookie, token = line:match("([^\t]+)\t(.+)")
    if cookie then table.insert(sessions, { cookie = cookie, token = token }) end
  end
  paths = {}
  for line in io.lines(os.getenv("LOAD_PATHS")) do
    if #line > 0 then table.insert(paths, line) end
  end
  events = {}
  for pk in os.getenv("LOAD_EVENTS"):gmatch("%d+") do table.insert(events, pk) end
  task = os.getenv("LOAD_TASK")
  today = os.getenv("LOAD_TODAY")
  math.randomseed(id * 7919)
  gets, contact_posts, register_posts, app_errors = 0, 0, 0, 0
end

function request()
  local session = sessions[math.random(#sessions)]
  local headers = { Cookie = session.cookie }
  local roll = math.random()
  if roll < 0.7 or #events == 0 then
    gets = gets + 1
    return wrk.format("GET", paths[math.random(#paths)], headers)
  end
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  if roll < 0.9 then
    contact_posts = contact_posts + 1
    local body = "csrfmiddlewaretoken=" .. session.token .. "&date=" .. today
      .. "&counterpart_kind=teacher_student&task=" .. task
      .. "&channel=video&duration_minutes=30&placement=on&summary=Load+test+contact"
    return wrk.format("POST", "/contacts/new/", headers, body)
  end
  register_posts = register_posts + 1
  local event = events[math.random(#events)]
  return wrk.format("POST", "/events/" .. event .. "/register/", headers,
    "csrfmiddlewaretoken=" .. session.token)
end

function response(status, headers, body)
  local location = headers["Location"] or ""
  if location:find("/accounts/login/", 1, true) or (status == 200 and body:find("is-invalid", 1, true)) then
    app_errors = app_errors + 1
  end
end

function done(summary, latency, requests)
  local totals = { gets = 0, contact_posts = 0, register_posts = 0, app_errors = 0 }
  for _, thread in ipairs(threads) do
    for key, _ in pairs(totals) do totals[key] = totals[key] + thread:get(key) end
  end
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, '
      .. '"errors_status": %d, "errors_connect": %d, "errors_read": %d, "errors_timeout": %d, '
      .. '"errors_app": %d, "gets": %d, "contact_posts": %d, "register_posts": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), summary.errors.status, summary.errors.connect, summary.errors.read,
    summary.errors.timeout, totals.app_errors, totals.gets, totals.contact_posts, totals.register_posts))
end
