"""Demo events: the seed's past and upcoming events, registrations and outputs."""

import datetime

from django.db.models import Max
from django.utils import timezone

from events.models import AgendaItem, Event, EventOutput, Registration
from mentors.services.pool import mark_trained
from portal.demo.content import (
    HAAGA_HELIA_ADDRESS,
    MULTIPLIER_AGENDA,
    MULTIPLIER_GUESTS,
    PAST_EVENTS,
    UPCOMING_EVENTS,
)


class EventSeeding:
    """Part of DemoSeeder (state and helpers are DemoSeeder's)."""

    def events(self):
        """The seed's events on their real dates, and a few upcoming ones counted from today."""
        planned = [
            (key, spec, self.local(spec.day, spec.hour), self.local(spec.last_day, spec.end_hour))
            for key, spec in PAST_EVENTS.items()
        ]
        for key, spec in UPCOMING_EVENTS.items():
            start = self.local(self.today + datetime.timedelta(days=spec.in_days), spec.hour)
            planned.append((key, spec, start, start + datetime.timedelta(hours=spec.hours)))
        for key, spec, starts_at, ends_at in planned:
            upcoming = starts_at > self.now
            self.s.events[key], _ = Event.objects.get_or_create(
                title=spec.title,
                defaults={
                    "kind": spec.kind,
                    "description": spec.description,
                    "starts_at": starts_at,
                    "ends_at": ends_at,
                    "is_online": spec.online,
                    "address": "" if spec.online else HAAGA_HELIA_ADDRESS,
                    "online_url": "https://teams.example.org/leadvet-webinar"
                    if spec.online
                    else "",
                    "capacity": spec.capacity,
                    "registration_deadline": (
                        starts_at - datetime.timedelta(days=2) if upcoming else None
                    ),
                    "audience": Event.Audience.MENTORS
                    if spec.training
                    else Event.Audience.EVERYONE,
                    "counts_as_training": spec.training,
                    "organiser": self.s.users["coordinator"],
                },
            )
        self.registrations()
        self.training_dates()
        self.multiplier_programme()
        self.outputs()

    def multiplier_programme(self):
        """The multiplier event is public: its agenda and the participants from outside."""
        event = self.s.events["multiplier"]
        Event.objects.filter(pk=event.pk).update(is_public=True, asks_dietary=True, hours=12)
        event.refresh_from_db()
        if not event.agenda_items.exists():
            first = event.starts_at.date()
            AgendaItem.objects.bulk_create(
                AgendaItem(
                    event=event,
                    starts_at=self.local(first + datetime.timedelta(days=day), *start),
                    ends_at=self.local(first + datetime.timedelta(days=day), *end),
                    title=title,
                    speakers=speakers,
                    room=room,
                )
                for day, start, end, title, speakers, room in MULTIPLIER_AGENDA
            )
        if not Registration.objects.filter(event=event, user__isnull=True).exists():
            registered = event.starts_at - datetime.timedelta(days=10)
            Registration.objects.bulk_create(
                Registration(
                    event=event,
                    guest_name=name,
                    guest_email=f"guest{n}@participants.example.org",
                    guest_language="fi" if country == "FI" else "en",
                    organisation=organisation,
                    organisation_type=kind,
                    country=country,
                    role=role,
                    status=Registration.Status.REGISTERED,
                    registered_at=registered,
                    confirmed_at=registered,
                    attended=n != 3,
                )
                for n, (name, organisation, kind, country, role) in enumerate(MULTIPLIER_GUESTS)
            )

    def registrations(self):
        rng = self.rng
        with_registrations = set(
            Registration.objects.filter(event__in=self.s.events.values()).values_list(
                "event_id", flat=True
            )
        )
        people = [m for m in self.s.mentors if m.seed_status != "candidate"]
        staff = [self.s.users["coordinator"], self.s.users["educator"]]
        rows = []
        for event in self.s.events.values():
            past = event.ends_at < self.now
            if past:
                chosen = [m.user for m in people if m.seed_joined <= event.starts_at.date()]
                chosen = rng.sample(chosen, min(len(chosen), rng.randint(12, 20)))
            else:
                candidates = [m.user for m in people if m.seed_status == "active"]
                chosen = rng.sample(candidates, rng.randint(5, 9))
                if event.counts_as_training:
                    chosen += [m.user for m in self.s.mentors if m.seed_status == "candidate"]
            chosen += staff
            batch = []
            for position, user in enumerate(chosen):
                registered = event.starts_at - datetime.timedelta(
                    days=rng.randint(3, 30), hours=position
                )
                status, attended = Registration.Status.REGISTERED, None
                if past:
                    attended = rng.random() < 0.85
                    if rng.random() < 0.06:
                        status, attended = Registration.Status.CANCELLED, None
                batch.append(
                    Registration(
                        event=event,
                        user=user,
                        status=status,
                        registered_at=min(registered, self.now),
                        cancelled_at=registered + datetime.timedelta(days=1)
                        if status == "cancelled"
                        else None,
                        attended=attended,
                    )
                )
            if event.pk not in with_registrations:
                rows.extend(batch)
        Registration.objects.bulk_create(rows)

    def training_dates(self):
        """Each mentor's last training: the latest training event they attended, as when an
        organiser marks attendance (the registrations above are written in bulk)."""
        mentors = {mentor.user_id: mentor for mentor in self.all_mentors}
        attended = (
            Registration.objects.filter(
                user_id__in=mentors,
                attended=True,
                event__counts_as_training=True,
                event__ends_at__lt=self.now,
            )
            .values("user_id")
            .annotate(last=Max("event__starts_at"))
        )
        for row in attended:
            mark_trained(mentor=mentors[row["user_id"]], on=timezone.localdate(row["last"]))

    def outputs(self):
        e = self.s.events
        outputs = [
            (
                EventOutput.Kind.ARTICLE,
                "Effectiveness by utilizing networks in leadership",
                "https://esignals.fi/kategoria/pedagogiikka/verkostojen-johtamisella-vaikuttavuutta/#5f37c07e",
                e["multiplier"],
                "Published text in eSignals.",
            ),
            (
                EventOutput.Kind.PODCAST,
                "Is professional teacher training part of the pulse of vocational training and working life?",
                "https://open.spotify.com/episode/0ocHpwaJlSEhpF6zHFRczk?si=68ba8aea088744cd",
                e["multiplier"],
                "Podcast.",
            ),
            (
                EventOutput.Kind.PRESENTATION,
                "Preliminary research results and the model for mentoring",
                "",
                e["multiplier"],
                "Presented in LeadVET Multiplier Event in Helsinki 20.-21.9.2023.",
            ),
            (
                EventOutput.Kind.PRESENTATION,
                "The model for mentoring (webinar presentation)",
                "",
                e["webinar23"],
                "The Multiplier Event presentation, also in a webinar.",
            ),
        ]
        for kind, title, url, event, description in outputs:
            EventOutput.objects.get_or_create(
                kind=kind,
                title=title,
                defaults={
                    "url": url,
                    "event": event,
                    "description": description,
                    "published_on": timezone.localdate(event.ends_at),
                },
            )

    # Surveys -------------------------------------------------------------------------------
