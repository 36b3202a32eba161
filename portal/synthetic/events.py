"""Synthetic events and registrations."""

import datetime
import uuid

from events.models import Event, Registration
from portal.synthetic.content import HISTORY_DAYS
from portal.synthetic.writer import TableWriter, next_id


class EventWriting:
    """Part of Network (state and helpers are Network's)."""

    def events(self):
        rng, sizes, now = self.rng, self.sizes, self.now
        kinds = [k.value for k in Event.Kind]
        first = next_id(Event)
        self.events_rows = []
        for index in range(sizes["events"]):
            # Spread from three years back to half a year ahead.
            start_day = self.today + datetime.timedelta(days=rng.randint(-HISTORY_DAYS, 180))
            starts = self.aware(start_day, rng.choice([9, 10, 13, 15]))
            online = rng.random() < 0.4
            self.events_rows.append(
                (
                    first + index,
                    uuid.uuid5(uuid.NAMESPACE_URL, f"generated-network/{self.tag}/event/{index}"),
                    rng.choice(kinds),
                    f"Network event {index + 1}",
                    "",
                    starts,
                    starts + datetime.timedelta(hours=3),
                    online,
                    "" if online else "Main street 1",
                    "https://meet.example.org/e" if online else "",
                    rng.choice([None, 60, 80, 120]),
                    "everyone",
                    None,
                    [7 * 24, 24],
                    index % 10 == 0,
                    "scheduled",
                    None,
                    0,
                    None,
                    now,
                    now,
                )
            )
        TableWriter(
            Event,
            [
                "id",
                "uid",
                "kind",
                "title",
                "description",
                "starts_at",
                "ends_at",
                "is_online",
                "address",
                "online_url",
                "capacity",
                "audience",
                "registration_deadline",
                "reminder_offsets",
                "counts_as_training",
                "status",
                "cancelled_at",
                "sequence",
                "organiser_id",
                "created_at",
                "updated_at",
            ],
        ).write(iter(self.events_rows))

        mentor_users = [user_id for _m, _c, user_id in self.mentors]
        per_event, remainder = divmod(sizes["registrations"], len(self.events_rows))
        first_registration = next_id(Registration)

        def rows():
            count = 0
            for index, event in enumerate(self.events_rows):
                event_starts = event[5]
                past = event_starts < now
                wanted = min(per_event + (1 if index < remainder else 0), len(mentor_users))
                for user_id in rng.sample(mentor_users, wanted):
                    roll = rng.random()
                    status = (
                        "registered"
                        if roll < 0.85
                        else ("waitlisted" if roll < 0.9 else "cancelled")
                    )
                    registered = event_starts - datetime.timedelta(days=rng.randint(1, 60))
                    yield (
                        first_registration + count,
                        event[0],
                        user_id,
                        status,
                        "",
                        registered,
                        registered + datetime.timedelta(days=1) if status == "cancelled" else None,
                        None,
                        (rng.random() < 0.8) if past and status == "registered" else None,
                        None,
                    )
                    count += 1

        self.registration_count = TableWriter(
            Registration,
            [
                "id",
                "event_id",
                "user_id",
                "status",
                "decline_reason",
                "registered_at",
                "cancelled_at",
                "promoted_at",
                "attended",
                "registered_by_id",
            ],
        ).write(rows())
