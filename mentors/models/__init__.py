"""Mentor teachers and their activity: tasks, memberships, availability, contacts.

One module per part of the domain; Django finds the models through the names below.
"""

from mentors.models.activity import (
    Availability,
    Channel,
    Contact,
    ContactLinkUse,
    ContactRequest,
    CounterpartKind,
    GroupAssignment,
    WorkMode,
)
from mentors.models.catalogue import Language, MentorTask
from mentors.models.communication import Announcement, Invitation, Notice
from mentors.models.imports import MentorImport
from mentors.models.people import MembershipPeriod, Mentor, StatusChange, historical_relation_model
from mentors.models.rollups import (
    ContactDayRollup,
    ContactMentorRollup,
    ContactMentorYearRollup,
    ContactMonthRollup,
    ContactNetworkRollup,
    ContactTaskRollup,
    MentorLastContact,
)

__all__ = [
    "Announcement",
    "Availability",
    "Channel",
    "Contact",
    "ContactDayRollup",
    "ContactLinkUse",
    "ContactMentorRollup",
    "ContactMentorYearRollup",
    "ContactMonthRollup",
    "ContactNetworkRollup",
    "ContactRequest",
    "ContactTaskRollup",
    "CounterpartKind",
    "GroupAssignment",
    "Invitation",
    "Language",
    "MembershipPeriod",
    "Mentor",
    "MentorImport",
    "MentorLastContact",
    "MentorTask",
    "Notice",
    "StatusChange",
    "WorkMode",
    "historical_relation_model",
]
