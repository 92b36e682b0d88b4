"""Creates the uploads bucket if it is missing (compose's one-shot ``createbucket``
service, for MinIO). Private, as the site expects by default: pages reach uploads
through signed URLs (AWS_QUERYSTRING_AUTH). Safe to run on every start."""

import os
import sys

import boto3
from botocore.exceptions import ClientError


def ensure_bucket(client, name: str) -> bool:
    """True when the bucket had to be created, False when it was there already."""
    try:
        client.head_bucket(Bucket=name)
        return False
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") not in {"404", "NoSuchBucket"}:
            raise
    client.create_bucket(Bucket=name)
    return True


def main() -> int:
    client = boto3.client(
        "s3",
        endpoint_url=os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        region_name=os.environ.get("AWS_S3_REGION_NAME") or None,
        aws_access_key_id=os.environ.get("AWS_ACCESS_KEY_ID") or None,
        aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
    )
    name = os.environ["AWS_STORAGE_BUCKET_NAME"]
    created = ensure_bucket(client, name)
    print(f"bucket {name}: {'created' if created else 'already there'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
