#!/usr/bin/env bash
# Build the image, bring the whole compose project up, wait for /healthz, log a contact
# through the API, see the worker send a reminder e-mail, and tear everything down.
#
#   deploy/smoke.sh                       # base images from a registry (python, postgres, redis)
#   BASE_IMAGE=debian-trixie deploy/smoke.sh
#                                         # no registry: everything from a local Debian base,
#                                         # e.g. debootstrap trixie DIR; tar -C DIR -c . | docker import - debian-trixie
set -euo pipefail
cd "$(dirname "$0")/.."
COMPOSE=${COMPOSE:-$(docker compose version >/dev/null 2>&1 && echo "docker compose" || echo docker-compose)}
export COMPOSE_PROJECT_NAME=leadvet-smoke
export WEB_PORT=${WEB_PORT:-18000}
WORK=$(mktemp -d)
step() { printf '\n== %s\n' "$*"; }
cleanup() {
  step "tear down"
  $COMPOSE --env-file "$WORK/compose.env" down --volumes --remove-orphans >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# The example environment, as a new installation would copy it, with only what a machine
# without a mail server or TLS proxy needs changed: mail to files, plain http on localhost.
sed -e 's#^EMAIL_URL=.*#EMAIL_URL=file:///app/var/mail#' \
    -e 's#^ALLOWED_HOSTS=.*#ALLOWED_HOSTS=portal.example.org,localhost#' \
    -e 's#^SITE_URL=.*#SITE_URL=http://localhost:'"$WEB_PORT"'#' \
    .env.example > "$WORK/app.env"
echo "SECURE_SSL_REDIRECT=false" >> "$WORK/app.env"
{
  echo "APP_ENV_FILE=$WORK/app.env"
  if [ -n "${BASE_IMAGE:-}" ]; then
    echo "BASE_IMAGE=$BASE_IMAGE"
    echo "POSTGRES_IMAGE=leadvet-smoke-postgres"
    echo "REDIS_IMAGE=leadvet-smoke-redis"
  fi
} > "$WORK/compose.env"

if [ -n "${BASE_IMAGE:-}" ]; then
  step "build PostgreSQL and Redis from $BASE_IMAGE"
  docker build -q --build-arg BASE_IMAGE="$BASE_IMAGE" -t leadvet-smoke-postgres -f deploy/smoke/postgres.Dockerfile deploy/smoke
  docker build -q --build-arg BASE_IMAGE="$BASE_IMAGE" -t leadvet-smoke-redis -f deploy/smoke/redis.Dockerfile deploy/smoke
fi

step "build the portal image${BASE_IMAGE:+ from $BASE_IMAGE}"
$COMPOSE --env-file "$WORK/compose.env" build migrate

step "secrets and version control stay out of the image"
docker run --rm --entrypoint sh leadvet:latest -c 'test ! -e /app/.env && test ! -e /app/.git && echo "no .env, no .git"'

step "up"
$COMPOSE --env-file "$WORK/compose.env" up -d

step "wait for the web container to be healthy"
for i in $(seq 1 90); do
  status=$(docker inspect -f '{{.State.Health.Status}}' "$($COMPOSE --env-file "$WORK/compose.env" ps -q web)" 2>/dev/null || echo starting)
  [ "$status" = healthy ] && break
  sleep 2
done
echo "web: $status"
[ "$status" = healthy ] || { $COMPOSE --env-file "$WORK/compose.env" logs --tail=50; exit 1; }
curl -fsS -H "Host: localhost" "http://127.0.0.1:$WEB_PORT/healthz"; echo

manage() { $COMPOSE --env-file "$WORK/compose.env" exec -T web python manage.py "$@"; }

step "demo network, an event starting in two hours with the demo mentor registered, an API token"
manage seed_demo --force | tail -1
read -r TOKEN TASK < <(manage shell --no-imports -c '
import datetime
from django.utils import timezone
from events.models import Event, Registration
from leadvet.api.tokens import create_token
from leadvet.models import User
from mentors.models import MentorTask
mentor = User.objects.get(email="mentor@example.org")
start = timezone.now() + datetime.timedelta(hours=2)
event = Event.objects.create(kind="training", title="Smoke test event", starts_at=start, ends_at=start + datetime.timedelta(hours=1), address="Ratapihantie 13, Helsinki", capacity=10)
Registration.objects.create(event=event, user=mentor)
print(create_token(user=mentor, name="smoke", can_write=True)[1], MentorTask.objects.order_by("number").first().pk)
' | tail -1)

step "log a contact through the API"
curl -fsS -H "Host: localhost" -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \
  -d '{"date": "'"$(date +%F)"'", "counterpart_kind": "teacher_student", "task": '"$TASK"', "channel": "video", "duration_minutes": 30, "placement": true, "summary": "Smoke test contact"}' \
  "http://127.0.0.1:$WEB_PORT/api/v1/contacts/" | python3 -c 'import json,sys; c=json.load(sys.stdin); print("contact", c["id"], "logged on", c["date"])'
manage shell --no-imports -c 'from mentors.models import Contact; print("contacts with the summary:", Contact.objects.filter(summary="Smoke test contact").count())' | tail -1

step "the sweep enqueues the reminder; the worker sends it"
manage send_due_reminders
for i in $(seq 1 60); do
  found=$($COMPOSE --env-file "$WORK/compose.env" exec -T worker sh -c 'grep -l "Smoke test event" /app/var/mail/* 2>/dev/null | head -1' || true)
  [ -n "$found" ] && break
  sleep 2
done
[ -n "$found" ] || { echo "no reminder e-mail"; $COMPOSE --env-file "$WORK/compose.env" logs --tail=40 worker; exit 1; }
$COMPOSE --env-file "$WORK/compose.env" exec -T worker sh -c "grep -m1 '^Subject:' '$found'; grep -m1 '^To:' '$found'"

step "beat writes its schedule; uploads can be written to the media volume"
$COMPOSE --env-file "$WORK/compose.env" exec -T beat sh -c 'ls /app/var/beat/ && touch /app/var/media/.smoke && echo media writable'
echo
echo "SMOKE TEST PASSED"
