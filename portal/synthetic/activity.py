"""Synthetic contacts and contact requests."""

import datetime

from mentors.models import (
    Channel,
    Contact,
    ContactRequest,
    CounterpartKind,
)
from portal.synthetic.content import HISTORY_DAYS, OUTCOMES
from portal.synthetic.writer import TableWriter, next_id


class ContactWriting:
    """Part of Network (state and helpers are Network's)."""

    def contacts(self):
        rng, sizes, now, today = self.rng, self.sizes, self.now, self.today
        kinds = [k.value for k in CounterpartKind]
        channels = [c.value for c in Channel]
        task_ids = [t.id for t in self.tasks]
        group_ids = [g.id for g in self.vte_groups]
        mentors = self.mentors
        # Oldest first: a contact log grows day by day, so its rows lie in the order of their
        # days (PostgreSQL's correlation of `date` near 1), and a month of it is read from the
        # date index, not by scanning every contact (a month of the EU log's export had read all
        # 10 million rows when they lay in random order).
        days = [today - datetime.timedelta(days=d) for d in range(HISTORY_DAYS - 1, -1, -1)]
        per_day = [0] * len(days)
        for _index in range(sizes["contacts"]):
            per_day[int(rng.random() * len(days))] += 1
        first = next_id(Contact)

        def rows():
            random_ = rng.random
            index = 0
            for day, count in zip(days, per_day, strict=True):
                for _ in range(count):
                    yield row(index, day, random_)
                    index += 1

        def row(index, day, random_):
            mentor_id, college_id, _user = mentors[int(random_() * len(mentors))]
            roll = random_()
            return (
                first + index,
                mentor_id,
                college_id,
                day,
                kinds[int(random_() * len(kinds))],
                group_ids[int(random_() * len(group_ids))] if roll < 0.5 else None,
                task_ids[int(random_() * len(task_ids))],
                channels[int(random_() * len(channels))],
                15 * (1 + int(random_() * 8)),
                roll < 0.15,
                0.15 <= roll < 0.25,
                0.25 <= roll < 0.35,
                0.35 <= roll < 0.45,
                roll > 0.95,
                roll < 0.3,
                "",
                now,
                now,
            )

        self.contact_count = TableWriter(
            Contact,
            [
                "id",
                "mentor_id",
                "college_id",
                "date",
                "counterpart_kind",
                "vte_group_id",
                "task_id",
                "channel",
                "duration_minutes",
                *OUTCOMES,
                "is_formal",
                "summary",
                "created_at",
                "updated_at",
            ],
        ).write(rows())

        first_request = next_id(ContactRequest)
        statuses = [s.value for s in ContactRequest.Status]

        def requests():
            for index in range(sizes["contact_requests"]):
                mentor_id, _college, _user = mentors[rng.randrange(len(mentors))]
                created = now - datetime.timedelta(hours=rng.randint(1, 24 * HISTORY_DAYS))
                status = rng.choice(statuses)
                yield (
                    first_request + index,
                    self.educator_ids[index % len(self.educator_ids)],
                    mentor_id,
                    f"Request {index + 1}",
                    "",
                    task_ids[index % len(task_ids)],
                    "",
                    None,
                    status,
                    "",
                    created + datetime.timedelta(hours=rng.randint(1, 72))
                    if status != "open"
                    else None,
                    created,
                )

        TableWriter(
            ContactRequest,
            [
                "id",
                "requester_id",
                "mentor_id",
                "topic",
                "message",
                "task_id",
                "preferred_dates",
                "vte_group_id",
                "status",
                "response_message",
                "responded_at",
                "created_at",
            ],
        ).write(requests())
