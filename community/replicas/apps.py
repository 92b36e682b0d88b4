from django.apps import AppConfig


class ReplicasConfig(AppConfig):
    name = "community.replicas"
    label = "replicas"

    def ready(self) -> None:
        from django_tasks.signals import task_started

        from community.replicas import checks  # noqa: F401 - registers the check
        from community.replicas.state import read_from_primary_from_now_on

        # A job run inside a request (the immediate backend of development and
        # tests) reads the primary from then on, as it would on the worker: an
        # aggregation must never be built from a replica's older copy.
        task_started.connect(
            lambda **kwargs: read_from_primary_from_now_on(),
            dispatch_uid="replicas-jobs-read-the-primary",
            weak=False,
        )
