"""The mentors app's downloads as background jobs (leadvet.lib.jobs): the mentor list (CSV,
XLSX), a mentor's own contact log and the coordinators' contact log (CSV).

Each kind's parameters are the page's query (`query`, url-encoded) and the format; the file is
made from them for the job's user, in the scope that user has when it runs, and only while
they still may read it. At most a page of rows is made in the request (`fits_a_page`).
"""

from django.http import QueryDict
from django.utils.translation import gettext as _

from leadvet.lib import exports, jobs
from leadvet.lib.downloads import FileToWrite, Progress
from leadvet.lib.exports import About, applied_filters
from leadvet.models import Job
from mentors import exports as tables
from mentors import permissions
from mentors.filters import college_contact_filter, mentor_pool_filter, own_contact_filter

MENTOR_LIST = "mentors.mentor_list"
OWN_CONTACTS = "mentors.own_contacts"
COLLEGE_CONTACTS = "mentors.college_contacts"


def _query(params: dict) -> QueryDict:
    return QueryDict(params.get("query", ""))


# The mentor list --------------------------------------------------------------------------


def mentor_list_allowed(user, params: dict) -> bool:
    return permissions.can_use_pool(user)


def mentor_list_fits_a_page(user, params: dict) -> bool:
    return jobs.at_most_a_page(mentor_pool_filter(user, _query(params)).qs)


def mentor_list_file(job: Job, progress: Progress) -> FileToWrite:
    mentor_filter = mentor_pool_filter(job.user, _query(job.params))
    return exports.prepare(
        job.params["format"],
        [tables.mentor_table(mentor_filter.qs)],
        about=About(_("Mentor list"), filters=applied_filters(mentor_filter.form)),
        filename=tables.mentor_filename(),
        progress=progress,
    )


# A mentor's own contact log ---------------------------------------------------------------


def own_contacts_allowed(user, params: dict) -> bool:
    return permissions.is_self_service_mentor(user)


def own_contacts_fits_a_page(user, params: dict) -> bool:
    return jobs.at_most_a_page(own_contact_filter(user.mentor, _query(params)).qs)


def own_contacts_file(job: Job, progress: Progress) -> FileToWrite:
    contacts = own_contact_filter(job.user.mentor, _query(job.params)).qs
    return exports.prepare(
        "csv",
        [tables.contact_table(contacts)],
        about=About(_("My contacts")),
        filename=tables.contact_filename(),
        progress=progress,
    )


# The coordinators' contact log ------------------------------------------------------------


def college_contacts_allowed(user, params: dict) -> bool:
    """The contact log's pages, and the college and mentor the query names still in the
    user's scope."""
    if not permissions.can_see_college_activity(user):
        return False
    query = _query(params)
    college_id, mentor_id = query.get("college", ""), query.get("mentor", "")
    scope = permissions.college_scope(user)
    if college_id and scope is not None and int(college_id) not in scope:
        return False
    return not mentor_id or permissions.visible_mentors(user).filter(pk=mentor_id).exists()


def college_contacts_fits_a_page(user, params: dict) -> bool:
    return jobs.at_most_a_page(college_contact_filter(user, _query(params)).qs)


def college_contacts_file(job: Job, progress: Progress) -> FileToWrite:
    contact_filter = college_contact_filter(job.user, _query(job.params))
    return exports.prepare(
        "csv",
        [tables.contact_table(contact_filter.qs, with_mentor=True)],
        about=About(_("Contact log"), filters=applied_filters(contact_filter.form)),
        filename=tables.contact_filename(),
        progress=progress,
    )


def register() -> None:
    """Called from MentorsConfig.ready."""
    jobs.register(
        jobs.JobKind(
            MENTOR_LIST,
            make=mentor_list_file,
            allowed=mentor_list_allowed,
            fits_a_page=mentor_list_fits_a_page,
        )
    )
    jobs.register(
        jobs.JobKind(
            OWN_CONTACTS,
            make=own_contacts_file,
            allowed=own_contacts_allowed,
            fits_a_page=own_contacts_fits_a_page,
        )
    )
    jobs.register(
        jobs.JobKind(
            COLLEGE_CONTACTS,
            make=college_contacts_file,
            allowed=college_contacts_allowed,
            fits_a_page=college_contacts_fits_a_page,
        )
    )
