from itertools import product

from lexbridge.engine import Status, all_of, any_of

Y, N, U = Status.YES, Status.NO, Status.UNKNOWN


def test_kleene_and_truth_table() -> None:
    expected = {
        (Y, Y): Y,
        (Y, N): N,
        (Y, U): U,
        (N, Y): N,
        (N, N): N,
        (N, U): N,
        (U, Y): U,
        (U, N): N,
        (U, U): U,
    }
    for a, b in product((Y, N, U), repeat=2):
        assert all_of((a, b)) is expected[a, b], (a, b)


def test_kleene_or_truth_table() -> None:
    expected = {
        (Y, Y): Y,
        (Y, N): Y,
        (Y, U): Y,
        (N, Y): Y,
        (N, N): N,
        (N, U): U,
        (U, Y): Y,
        (U, N): U,
        (U, U): U,
    }
    for a, b in product((Y, N, U), repeat=2):
        assert any_of((a, b)) is expected[a, b], (a, b)


def test_empty_combinations_are_the_identities() -> None:
    assert all_of(()) is Y
    assert any_of(()) is N
