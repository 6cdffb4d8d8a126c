import numpy as np

from lmul.golden.packets import fold_packets


def test_fold_packets_runs_each_packet_from_its_initial_value():
    values = np.array([1, 2, 3, 10, 20, 100])
    starts, ends = np.array([0, 3, 5]), np.array([3, 5, 6])
    # A non-commutative step shows the beats' order: running * 10 + beat.
    got = fold_packets(lambda running, beat: running * 10 + beat, np.array([7, 8, 9]),
                       starts, ends, values)
    assert got.tolist() == [7123, 8 * 100 + 10 * 10 + 20, 9 * 10 + 100]
