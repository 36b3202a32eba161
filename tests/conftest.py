import pytest

from leadvet import roles
from leadvet.celery import app as celery_app
from tests.factories import PASSWORD, MentorFactory, user_with_role


@pytest.fixture(autouse=True)
def _celery_eager(settings):
    """Tasks run in-process by default; tests that need a real worker say so (see real_worker)."""
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager = False


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Factories set a password for every user; the real hasher makes big batches crawl."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def coordinator(db):
    return user_with_role(roles.COORDINATOR, email="coord@example.org")


@pytest.fixture
def teacher_educator(db):
    return user_with_role(roles.TEACHER_EDUCATOR, email="educator@example.org")


@pytest.fixture
def steering(db):
    return user_with_role(roles.STEERING, email="steering@example.org")


@pytest.fixture
def mentor(db):
    return MentorFactory()


@pytest.fixture
def other_mentor(db):
    return MentorFactory()
