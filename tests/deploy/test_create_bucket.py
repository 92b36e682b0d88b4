"""The compose one-shot that makes the uploads bucket is safe to run again."""

import boto3
from moto import mock_aws

from deploy.create_bucket import ensure_bucket


@mock_aws
def test_bucket_is_created_once_and_then_left_alone():
    client = boto3.client("s3", region_name="us-east-1")

    assert ensure_bucket(client, "crowd-media") is True
    assert ensure_bucket(client, "crowd-media") is False
    assert [b["Name"] for b in client.list_buckets()["Buckets"]] == ["crowd-media"]
