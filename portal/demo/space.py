"""The demo network space: a few topics from the seed's "joint platform for sharing ideas"."""

import datetime

from leadvet.models import User
from mentors.models import Mentor
from portal.demo.content import MENTOR_EMAIL
from space.models import Audience, Follow, Post, Topic


class SpaceSeeding:
    def space_topics(self):
        coordinator = self.s.users["coordinator"]
        educator = self.s.users["educator"]
        mentor = User.objects.get(email=MENTOR_EMAIL)
        college = Mentor.objects.get(user=mentor).college
        topics = [
            (
                "Teacher students shadowing a mentor for a day",
                Topic.Kind.IDEA,
                Audience.NETWORK,
                {},
                mentor,
                "Could teacher students follow a mentor's working day before their placement? "
                "Our unit has tried it twice and both sides learned a lot.",
                [(educator, "Yes! Two of my groups would take part in the spring term.")],
                10,
            ),
            (
                "How do you welcome a new teacher student at your college?",
                Topic.Kind.QUESTION,
                Audience.COLLEGE,
                {"college": college},
                mentor,
                "Looking for a short checklist for the first week of a placement.",
                [],
                4,
            ),
            (
                "Mentors wanted for study visits in the spring",
                Topic.Kind.CALL,
                Audience.NETWORK,
                {},
                coordinator,
                "We are looking for mentors who can host a study visit of a VTE group.",
                [],
                2,
            ),
        ]
        for title, kind, audience, target, author, body, replies, days_ago in topics:
            when = self.now - datetime.timedelta(days=days_ago)
            topic, created = Topic.objects.get_or_create(
                title=title,
                defaults={
                    "kind": kind,
                    "audience": audience,
                    "author": author,
                    "created_at": when,
                    "last_post_at": when,
                    **target,
                },
            )
            if not created:
                continue
            Post.objects.create(
                topic=topic, author=author, body=body, is_opening=True, created_at=when
            )
            Follow.objects.get_or_create(user=author, topic=topic)
            for index, (replier, text) in enumerate(replies, start=1):
                at = when + datetime.timedelta(hours=index * 5)
                Post.objects.create(topic=topic, author=replier, body=text, created_at=at)
                Follow.objects.get_or_create(user=replier, topic=topic)
                topic.reply_count += 1
                topic.last_post_at = at
            topic.save()
