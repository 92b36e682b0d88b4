"""deploy/haproxy.cfg, the balancer `make scale-check` runs and operators copy: valid
for HAProxy once its variables are set, refused without them, and never retrying a
request that may have changed something."""

import pytest

from bench.scale import balancer
from tests.conftest import RUNNING_IN_CI


@pytest.fixture
def haproxy():
    try:
        return balancer.binary()
    except balancer.HaproxyMissing as missing:
        if RUNNING_IN_CI:
            raise
        pytest.skip(str(missing))


def variables(tmp_path) -> dict[str, str]:
    return balancer.environment(
        bind="127.0.0.1:8080",
        stats_socket=tmp_path / "haproxy.sock",
        app_servers=["10.0.0.11:8000", "10.0.0.12:8000"],
        live_server="10.0.0.21:8001",
        site_host="community.example.com",
    )


def test_the_configuration_is_valid_with_its_variables_set(haproxy, tmp_path):
    result = balancer.check_config(variables(tmp_path))

    assert result.returncode == 0, result.stdout + result.stderr


def test_the_configuration_is_refused_without_an_app_servers_address(haproxy, tmp_path):
    incomplete = variables(tmp_path)
    del incomplete["APP_SERVER_2"]

    result = balancer.check_config(incomplete)

    assert result.returncode != 0
    assert "server" in result.stderr


def test_only_get_and_head_are_retried_after_reaching_a_server():
    lines = [
        line.split("#")[0].strip() for line in balancer.CONFIG.read_text().splitlines()
    ]

    assert "retry-on conn-failure empty-response response-timeout" in lines
    assert "http-request disable-l7-retry if !METH_GET" in lines
    assert "option redispatch 1" in lines


STATS = """# pxname,svname,status,req_tot,hrsp_5xx,wretr,wredis,
site,FRONTEND,OPEN,3021,2,,,
app,app1,UP,1823,0,4,30,
app,app2,DOWN,896,1,2,15,
app,BACKEND,UP,2719,1,6,45,
live,live1,UP,,0,0,0,
"""


def test_the_stats_socket_is_read_per_server():
    servers = balancer.parse_stats(STATS)

    assert set(servers) == {"app/app1", "app/app2", "live/live1"}
    assert servers["app/app2"] == balancer.ServerStats(
        backend="app",
        name="app2",
        status="DOWN",
        requests=896,
        responses_5xx=1,
        retries=2,
        redispatches=15,
    )
    assert servers["live/live1"].requests == 0
