"""Measurements sent to a Dask cluster (two local worker processes) give the same summary, byte
for byte, as the local process pool, and land in the same cache."""

import io
import json

import pytest

distributed = pytest.importorskip("distributed")

from lmul.synth import report as report_module
from lmul.synth.report import ReportError, build_report

SWEEP = dict(formats=["e2m1"], measurements=("asic",), vectors=256, tiles=())


def test_cluster_and_local_pool_give_identical_summaries(tmp_path, osu018, opensta):
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster:
        remote = build_report(build_dir=tmp_path / "remote", progress=None,
                              scheduler=cluster.scheduler_address, **SWEEP)
    local = build_report(build_dir=tmp_path / "local", jobs=2, progress=None, **SWEEP)
    assert remote["notes"] == [] and remote["designs"]["lmul_e2m1"]["asic"]["energy"]
    assert (json.dumps(remote, indent=1, sort_keys=True)
            == json.dumps(local, indent=1, sort_keys=True))
    # What the cluster measured is in the local cache: a rerun measures nothing.
    lines = io.StringIO()
    again = build_report(build_dir=tmp_path / "remote", jobs=1, progress=lines, **SWEEP)
    assert "(7 cached, 0 to run)" in lines.getvalue()
    assert again == remote


def test_unreachable_scheduler_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(report_module, "SCHEDULER_TIMEOUT_S", 1)
    with pytest.raises(ReportError, match="scheduler must be the address of a running Dask "
                                          "scheduler, not 'tcp://127.0.0.1:9'"):
        build_report(build_dir=tmp_path, progress=None, scheduler="tcp://127.0.0.1:9", **SWEEP)
