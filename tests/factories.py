import factory
from allauth.account.models import EmailAddress

from accounts.models import ExpertCertification, Role, User
from forum.models import Board, BoardKind, Category

PASSWORD = "a-long-test-password"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"member{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    display_name = factory.LazyAttribute(lambda user: user.username.title())
    role = Role.CUSTOMER

    @factory.post_generation
    def password(user, create, extracted, **kwargs):
        user.set_password(extracted or PASSWORD)
        if create:
            user.save(update_fields=["password"])

    @factory.post_generation
    def verified_email(user, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(
                user=user, email=user.email, verified=True, primary=True
            )


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Board

    name = factory.Sequence(lambda n: f"Board {n}")
    slug = factory.Sequence(lambda n: f"board-{n}")
    description = "Questions about things."
    kind = BoardKind.QUESTIONS


class ExpertCertificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpertCertification

    user = factory.SubFactory(UserFactory)
    board = factory.SubFactory(BoardFactory)
    title = "Expert"
