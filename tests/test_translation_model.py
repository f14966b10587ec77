"""The seq2seq model: masking, padding invariance, decoding modes (random weights, no training)."""

import pytest
import torch

from models.seq2seq import ATTENTIONS, EOS, SOS, Seq2Seq, Seq2SeqConfig


def _model(attention="additive", cell="gru", seed=0):
    torch.manual_seed(seed)
    return Seq2Seq(
        Seq2SeqConfig(
            src_vocab=30,
            tgt_vocab=25,
            embedding_dim=16,
            hidden_size=32,
            cell=cell,
            attention=attention,
        )
    ).eval()


def _batch():
    src = torch.tensor([[5, 6, 7, 8, 9, 10], [11, 12, 13, 0, 0, 0]])  # second sentence padded
    return src, torch.tensor([6, 3])


@pytest.mark.parametrize("attention", ["additive", "dot", "general"])
def test_attention_on_padding_is_exactly_zero_and_rows_sum_to_one(attention):
    model = _model(attention)
    src, lengths = _batch()
    tgt_in = torch.tensor([[1, 4, 5, 6], [1, 7, 8, 9]])
    _, attn = model(src, lengths, tgt_in)  # (B, T, S)
    assert attn.shape == (2, 4, 6)
    assert torch.all(attn[1, :, 3:] == 0)
    torch.testing.assert_close(attn.sum(-1), torch.ones(2, 4))


@pytest.mark.parametrize("attention", ATTENTIONS)
@pytest.mark.parametrize("cell", ["gru", "lstm"])
def test_padding_does_not_change_a_sentence(attention, cell):
    """The padded sentence in a batch decodes exactly as it does alone (masking + packing)."""
    model = _model(attention, cell)
    src, lengths = _batch()
    tgt_in = torch.tensor([[1, 4, 5], [1, 7, 8]])
    batched, _ = model(src, lengths, tgt_in)
    alone, _ = model(src[1:, :3], lengths[1:], tgt_in[1:])
    torch.testing.assert_close(batched[1], alone[0], atol=1e-5, rtol=1e-5)


def test_none_model_has_no_attention_and_uses_the_summary():
    model = _model("none")
    src, lengths = _batch()
    out, attn = model(src, lengths, torch.tensor([[1, 4], [1, 5]]))
    assert attn is None and out.shape == (2, 2, 25)


def test_unknown_attention_is_rejected():
    with pytest.raises(ValueError):
        _model("multiplicative")


def test_beam_of_width_one_equals_greedy():
    model = _model("additive", seed=3)
    src, lengths = _batch()
    tokens, attn = model.greedy(src[:1], lengths[:1], max_len=8)
    greedy = []
    for t in tokens[0].tolist():
        if t == EOS:
            break
        greedy.append(t)
    best = model.beam(src[:1], 6, width=1, max_len=8)[0]
    assert best["tokens"] == greedy[: len(best["tokens"])]
    assert best["attention"].shape[1] == 6


def test_beam_keeps_attention_per_hypothesis_and_sorts_by_score():
    model = _model("dot", seed=4)
    src, lengths = _batch()
    hyps = model.beam(src[:1], 6, width=4, max_len=8)
    assert 1 <= len(hyps) <= 4
    scores = [h["score"] for h in hyps]
    assert scores == sorted(scores, reverse=True)
    for h in hyps:
        assert h["attention"].shape[0] >= len(h["tokens"])
        torch.testing.assert_close(h["attention"].sum(-1), torch.ones(h["attention"].shape[0]))


def test_override_forces_a_one_hot_row_and_uniform_spreads_evenly():
    model = _model("general", seed=5)
    src, lengths = _batch()
    _, forced = model.greedy(src, lengths, max_len=6, override=(1, 2))
    assert torch.all(forced[:, 1, 2] == 1) and torch.all(forced[:, 1].sum(-1) == 1)
    _, uniform = model.greedy(src, lengths, max_len=6, uniform=True)
    torch.testing.assert_close(uniform[1, 0, :3], torch.full((3,), 1 / 3))
    assert torch.all(uniform[1, :, 3:] == 0)


@pytest.mark.parametrize("attention", ["dot", "general", "additive"])
def test_scores_are_computed_from_the_previous_decoder_state(attention):
    """The page says: Luong's dot/general scores on s_{t-1}, inside a Bahdanau-style decoder."""
    torch.manual_seed(0)
    model = Seq2Seq(Seq2SeqConfig(src_vocab=12, tgt_vocab=10, attention=attention)).eval()
    src, lengths = torch.tensor([[4, 5, 6, 7]]), torch.tensor([4])
    with torch.no_grad():
        enc, state = model.encode(src, lengths)
        y = torch.tensor([SOS])
        _, state, _ = model.step(y, state, enc)  # s_1
        s_prev = state
        _, s_next, alpha = model.step(y, state, enc)
        H = enc["H"][0]
        if attention == "dot":
            e = H @ s_prev[0]
        elif attention == "general":
            e = model.attention.W(H) @ s_prev[0]
        else:
            att = model.attention
            e = att.v(torch.tanh(att.W_s(s_prev)[0] + att.W_h(H))).squeeze(-1)
        torch.testing.assert_close(alpha[0], torch.softmax(e, dim=0))
        if attention == "dot":  # Luong's ordering (score of the updated s_t) gives other weights
            assert not torch.allclose(alpha[0], torch.softmax(H @ s_next[0], dim=0))
