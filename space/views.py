"""Pages of the network space. Thin: permission per object, then a selector or a service.

Topics and posts a person may not see answer 404 (their existence stays private); things
they see but may not change answer 403.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from events import permissions as event_permissions
from events import selectors as event_selectors
from leadvet.lib.pagination import CappedPaginator
from leadvet.lib.translated import language_order
from mentors.models import Announcement
from space import forms, permissions, selectors, services
from space.models import Audience, Post, Report, Topic

PAGE_SIZE = 20
POSTS_PER_PAGE = 50


def member_required(view):
    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not permissions.is_member(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def moderator_required(view):
    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not permissions.can_moderate(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _paginate(request, queryset, per_page=PAGE_SIZE):
    page_obj = CappedPaginator(queryset, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page_obj, query.urlencode()


def _errors_from(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


def _topic(request, pk: int) -> Topic:
    topic = selectors.topic_for_viewer(request.user, pk)
    if topic is None:
        raise Http404
    return topic


def _post(request, pk: int) -> Post:
    post = selectors.post_for_viewer(request.user, pk)
    if post is None:
        raise Http404
    return post


@member_required
@require_GET
def topic_list(request):
    filters = forms.TopicFilterForm(request.GET or None)
    kind, following = "", False
    if filters.is_valid():
        kind = filters.cleaned_data["kind"]
        following = filters.cleaned_data["following"]
    page_obj, query_string = _paginate(
        request, selectors.topic_list(request.user, kind=kind, following=following)
    )
    return render(
        request,
        "space/topic_list.html",
        {
            "filters": filters,
            "search_form": forms.SearchForm(),
            "page_obj": page_obj,
            "query_string": query_string,
            "filtered": bool(kind or following),
            "can_moderate": permissions.can_moderate(request.user),
            "open_reports": (
                selectors.open_report_count() if permissions.can_moderate(request.user) else 0
            ),
        },
    )


@member_required
@require_http_methods(["GET", "POST"])
def topic_create(request):
    form = forms.TopicForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            topic = services.start_topic(
                author=request.user,
                kind=data["kind"],
                title=data["title"],
                body=data["body"],
                audience=data["audience"],
                country=data["country"],
                college=data["college"],
                vte_group=data["vte_group"],
                link=data["link"],
                attachment=data["attachment"],
            )
        except ValidationError as error:
            _errors_from(form, error)
        else:
            messages.success(request, _("Your topic was posted. You follow it now."))
            return redirect("space:topic_detail", pk=topic.pk)
    return render(request, "space/topic_form.html", {"form": form})


def _topic_page(request, topic: Topic, reply_form) -> dict:
    user = request.user
    page_obj, _query = _paginate(request, selectors.posts_of(topic, user), POSTS_PER_PAGE)
    posts = [
        {
            "post": post,
            "can_edit": permissions.can_edit_post(user, post),
            "can_report": permissions.can_report_post(user, post),
            "can_announce": permissions.can_make_announcement(user, post)
            and post.announcement_id is None,
        }
        for post in page_obj.object_list
    ]
    event = topic.event
    if event is not None and not event_permissions.can_see_event(user, event):
        event = None
    return {
        "topic": topic,
        "page_obj": page_obj,
        "query_string": "",
        "posts": posts,
        "event": event,
        "reply_form": reply_form if permissions.can_reply(user, topic) else None,
        "following": selectors.is_following(user, topic),
        "can_moderate": permissions.can_moderate(user),
        "can_link_event": permissions.can_link_event(user, topic),
    }


@member_required
@require_http_methods(["GET", "POST"])
def topic_detail(request, pk: int):
    """The topic with its posts; POST is a reply."""
    topic = _topic(request, pk)
    form = forms.PostForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not permissions.can_reply(request.user, topic):
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                post = services.reply(
                    topic=topic,
                    author=request.user,
                    body=data["body"],
                    link=data["link"],
                    attachment=data["attachment"],
                )
            except ValidationError as error:
                _errors_from(form, error)
            else:
                messages.success(request, _("Your reply was posted."))
                last = (topic.reply_count + 1) // POSTS_PER_PAGE + 1
                url = reverse("space:topic_detail", args=[topic.pk])
                return redirect(f"{url}?page={last}#post-{post.pk}")
    return render(request, "space/topic_detail.html", _topic_page(request, topic, form))


@member_required
@require_POST
def topic_follow(request, pk: int):
    topic = _topic(request, pk)
    if request.POST.get("follow") == "0":
        services.unfollow(topic=topic, user=request.user)
        messages.success(request, _("You no longer follow this topic."))
    else:
        services.follow(topic=topic, user=request.user)
        messages.success(request, _("You follow this topic: new posts come in your digest."))
    if request.POST.get("next") == "digest":
        return redirect("space:digest_settings")
    return redirect(topic_url(topic))


def topic_url(topic: Topic) -> str:
    return reverse("space:topic_detail", args=[topic.pk])


MODERATION = {
    "pin": (services.set_pinned, "pinned", True, _("The topic is pinned to the top.")),
    "unpin": (services.set_pinned, "pinned", False, _("The topic is no longer pinned.")),
    "lock": (services.set_locked, "locked", True, _("The topic is locked: no more replies.")),
    "unlock": (services.set_locked, "locked", False, _("The topic is open for replies again.")),
    "hide": (services.set_topic_hidden, "hidden", True, _("The topic is hidden from members.")),
    "unhide": (services.set_topic_hidden, "hidden", False, _("The topic is visible again.")),
}


@moderator_required
@require_POST
def topic_moderate(request, pk: int):
    topic = _topic(request, pk)
    action = MODERATION.get(request.POST.get("action", ""))
    if action is None:
        messages.error(request, _("Unknown action."))
        return redirect(topic_url(topic))
    service, argument, value, message = action
    service(topic=topic, by=request.user, **{argument: value})
    messages.success(request, message)
    return redirect(topic_url(topic))


@member_required
@require_http_methods(["GET", "POST"])
def topic_event(request, pk: int):
    topic = _topic(request, pk)
    if not permissions.can_link_event(request.user, topic):
        raise PermissionDenied
    events = (
        event_selectors.visible_events(request.user)
        .filter(ends_at__gte=timezone.now())
        .order_by("starts_at")
    )
    if topic.event_id:
        events = events | event_selectors.visible_events(request.user).filter(pk=topic.event_id)
    form = forms.EventLinkForm(
        request.POST or None, events=events.distinct(), initial={"event": topic.event_id}
    )
    if request.method == "POST" and form.is_valid():
        services.link_event(topic=topic, by=request.user, event=form.cleaned_data["event"])
        if form.cleaned_data["event"]:
            messages.success(request, _("The topic is linked to the event."))
        else:
            messages.success(request, _("The topic is no longer linked to an event."))
        return redirect(topic_url(topic))
    return render(request, "space/topic_event.html", {"form": form, "topic": topic})


@member_required
@require_http_methods(["GET", "POST"])
def post_edit(request, pk: int):
    post = _post(request, pk)
    if not permissions.can_edit_post(request.user, post):
        raise PermissionDenied
    form = forms.PostForm(
        request.POST or None, request.FILES or None, instance=post, with_title=post.is_opening
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        attachment = data["attachment"] if "attachment" in request.FILES else None
        if data.get("remove_attachment") and attachment is None:
            attachment = False
        post = Post.objects.select_related("topic").get(pk=post.pk)  # the form changed it
        services.edit_post(
            post=post,
            by=request.user,
            body=data["body"],
            link=data["link"],
            attachment=attachment,
            title=data.get("title"),
        )
        messages.success(request, _("The post was saved."))
        return redirect(f"{topic_url(post.topic)}#post-{post.pk}")
    return render(
        request,
        "space/post_form.html",
        {
            "form": form,
            "post": post,
            "topic": post.topic,
            "deadline": permissions.edit_deadline(post),
            "can_moderate": permissions.can_moderate(request.user),
        },
    )


@member_required
@require_http_methods(["GET", "POST"])
def post_report(request, pk: int):
    post = _post(request, pk)
    if not permissions.can_report_post(request.user, post):
        raise PermissionDenied
    form = forms.ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.report_post(post=post, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("Thank you. The coordinators will look at the post."))
        return redirect(f"{topic_url(post.topic)}#post-{post.pk}")
    return render(request, "space/post_report.html", {"form": form, "post": post})


@moderator_required
@require_POST
def post_hide(request, pk: int):
    post = _post(request, pk)
    hidden = request.POST.get("hidden") != "0"
    services.set_post_hidden(post=post, by=request.user, hidden=hidden)
    messages.success(
        request,
        _("The post is hidden from members.") if hidden else _("The post is visible again."),
    )
    if request.POST.get("next") == "reports":
        return redirect("space:reports")
    return redirect(f"{topic_url(post.topic)}#post-{post.pk}")


@member_required
@require_GET
def post_attachment(request, pk: int):
    """The file, to people who may see the post (stored files are not public)."""
    post = _post(request, pk)
    if not post.attachment or post.removed_at is not None:
        raise Http404
    try:
        handle = post.attachment.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, as_attachment=True, filename=post.attachment_filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@member_required
@require_http_methods(["GET", "POST"])
def post_announce(request, pk: int):
    """Turn a post into an announcement to mentors (and its emails)."""
    post = _post(request, pk)
    if not permissions.can_make_announcement(request.user, post):
        raise PermissionDenied
    if post.announcement_id is not None:
        messages.info(request, _("This post has already been made an announcement."))
        return redirect(f"{topic_url(post.topic)}#post-{post.pk}")
    topic = post.topic
    # The post's words go in the reader's own language's inputs.
    language = language_order()[0]
    initial = {
        f"title_{language}": topic.title,
        f"body_{language}": post.body,
        "audience": services.ANNOUNCEMENT_AUDIENCES.get(topic.audience, Announcement.Audience.ALL),
        "country": topic.country_id,
        "college": topic.college_id,
    }
    form = forms.PostAnnouncementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.make_announcement(
                post=post,
                by=request.user,
                texts=form.translated_values(),
                audience=data["audience"],
                country=data["country"],
                college=data["college"],
            )
        except ValidationError as error:
            _errors_from(form, error)
        else:
            messages.success(request, _("The announcement was published and is being emailed."))
            return redirect(f"{topic_url(topic)}#post-{post.pk}")
    return render(
        request,
        "space/post_announce.html",
        {"form": form, "post": post, "group_topic": topic.audience == Audience.GROUP},
    )


@member_required
@require_GET
def search(request):
    form = forms.SearchForm(request.GET or None)
    query = ""
    if form.is_valid():
        query = form.cleaned_data["q"].strip()
    page_obj, query_string = _paginate(
        request, selectors.search_posts(request.user, query) if query else Post.objects.none()
    )
    return render(
        request,
        "space/search.html",
        {"form": form, "query": query, "page_obj": page_obj, "query_string": query_string},
    )


@moderator_required
@require_GET
def reports(request):
    page_obj, query_string = _paginate(request, selectors.open_reports())
    return render(
        request, "space/reports.html", {"page_obj": page_obj, "query_string": query_string}
    )


@moderator_required
@require_POST
def report_resolve(request, pk: int):
    report = get_object_or_404(Report, pk=pk)
    services.resolve_report(report=report, by=request.user)
    messages.success(request, _("The report was closed; the post stays as it is."))
    return redirect("space:reports")


@member_required
@require_http_methods(["GET", "POST"])
def digest_settings(request):
    form = forms.DigestForm(
        request.POST or None, initial={"frequency": selectors.digest_frequency(request.user)}
    )
    if request.method == "POST" and form.is_valid():
        services.choose_digest(user=request.user, frequency=form.cleaned_data["frequency"])
        messages.success(request, _("Your digest choice was saved."))
        return redirect("space:digest_settings")
    page_obj, query_string = _paginate(request, selectors.topic_list(request.user, following=True))
    return render(
        request,
        "space/digest_settings.html",
        {"form": form, "page_obj": page_obj, "query_string": query_string},
    )


@moderator_required
@require_http_methods(["GET", "POST"])
def webhook(request):
    form = forms.WebhookForm(request.POST or None, initial={"url": selectors.webhook_url()})
    if request.method == "POST" and form.is_valid():
        services.set_webhook(url=form.cleaned_data["url"], by=request.user)
        if form.cleaned_data["url"]:
            messages.success(request, _("New topics will be posted to the chat channel."))
        else:
            messages.success(request, _("The chat channel is turned off."))
        return redirect("space:topic_list")
    return render(request, "space/webhook.html", {"form": form})
