"""Parameter counts: the lecture notes' Keras examples and PyTorch's two-bias convention."""

import pytest
from torch import nn

from explorer.anatomy import LECTURE_EXAMPLES, AnatomySpec, count_layers, totals


def test_lecture_example_embedding_10_5_simplernn_3():
    pytorch, keras = totals(count_layers(AnatomySpec(10, 5, "rnn", 3)))
    assert keras == 77
    assert pytorch == 80


def test_lecture_example_embedding_256_100_simplernn_20_dense_10():
    pytorch, keras = totals(count_layers(AnatomySpec(256, 100, "rnn", 20, dense_units=10)))
    assert keras == 28_230
    assert pytorch == 28_250


@pytest.mark.parametrize("cell,blocks", [("lstm", 4), ("gru", 3)])
def test_gated_cells_follow_the_closed_form(cell, blocks):
    I, H = 7, 5
    rows = count_layers(AnatomySpec(0, I, cell, H))
    assert rows[0].pytorch == blocks * (H * I + H * H + 2 * H)
    keras_biases = 2 if cell == "gru" else 1  # Keras GRU reset_after=True keeps two biases
    assert rows[0].keras == blocks * (H * I + H * H + keras_biases * H)


def test_stacked_bidirectional_counts_match_one_torch_module():
    spec = AnatomySpec(0, 6, "lstm", 4, num_layers=2, bidirectional=True)
    module = nn.LSTM(6, 4, num_layers=2, bidirectional=True)
    assert totals(count_layers(spec))[0] == sum(p.numel() for p in module.parameters())


@pytest.mark.parametrize("name,pytorch,keras", [("example1", 80, 77), ("example2", 28_250, 28_230)])
def test_the_pages_lecture_presets_give_the_lecture_counts(name, pytorch, keras):
    assert totals(count_layers(LECTURE_EXAMPLES[name])) == (pytorch, keras)
