"""The jobs check's bookkeeping: each job claimed once and each follower e-mailed
once, read from the jobs' rows and from what Django's file backend wrote."""

from django.core.mail import EmailMessage
from django.core.mail.backends.filebased import EmailBackend

from bench.scale.jobs import JobsReport, recipients_in

FOLLOWERS = [f"follower-{number}@example.com" for number in range(3)]


def test_jobs_claimed_once_with_one_email_each_have_no_problem():
    jobs = JobsReport(
        expected=3,
        claims=[["worker-1"], ["worker-2"], ["worker-1"]],
        emails_per_follower=dict.fromkeys(FOLLOWERS, 1),
    )

    assert jobs.problems() == []
    assert jobs.by_worker == {"worker-1": 2, "worker-2": 1}


def test_a_job_claimed_twice_and_one_never_claimed_are_both_named():
    jobs = JobsReport(
        expected=3,
        claims=[["worker-1", "worker-2"], [], ["worker-1"]],
        emails_per_follower={FOLLOWERS[0]: 2, FOLLOWERS[2]: 1},
    )

    assert jobs.problems() == [
        "1 jobs run more than once",
        "1 jobs never run",
        "e-mails: 1 followers got none, 1 not one",
    ]


def test_the_recipients_are_read_back_from_the_file_backend(tmp_path):
    backend = EmailBackend(file_path=str(tmp_path))
    messages = [
        EmailMessage("Reply", "A new reply\n" + "-" * 20, to=[address])
        for address in FOLLOWERS
    ]
    backend.send_messages(messages)
    backend.send_messages(messages[:1])

    assert sorted(recipients_in(tmp_path)) == sorted([*FOLLOWERS, FOLLOWERS[0]])
