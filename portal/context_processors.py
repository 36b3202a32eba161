from leadvet import roles
from portal.navigation import nav_items, nav_menu


def user_roles(request):
    """Role flags for navigation; the views check permissions again on their own."""
    user = getattr(request, "user", None)
    items = nav_items(request) if user is not None and user.is_authenticated else []
    return {
        "nav_items": items,
        "nav_menu": nav_menu(items),
        "is_coordinator": roles.is_coordinator(user),
        "is_college_coordinator": roles.is_college_coordinator(user),
        "is_teacher_educator": roles.is_teacher_educator(user),
        "is_mentor": roles.is_mentor(user),
        "is_steering": roles.is_steering(user),
        "can_manage_pool": roles.can_manage_pool(user),
        "can_find_mentors": roles.can_find_mentors(user),
        "can_see_reports": roles.can_see_reports(user),
    }
