"""The Gradients page's library: how ||dL/dh_t|| vanishes or explodes along a sequence.

Every backward-through-time number comes from ``explorer.bptt``; this package turns them into
what the page shows, one module per concern:

    cells        GradientConfig, the three cells (same seed, chosen W_hh init) and their inputs
    theory       the Pascanu-Mikolov-Bengio bound, regime and verdict, spectral norm
    analysis     config -> the three ||dL/dh_t|| and ||dL/dx_t|| curves, bound and verdict
    jacobians    one-step Jacobians and the norms of their products
    truncation   truncated BPTT against full BPTT, and which paths a truncation cuts
    clipping     clipping by norm against clipping by value
    recorder     training an RNN and an LSTM (explorer.training's Trainer) while recording
                 ||dLoss/dh_t|| at every step
    live         "train both models" on a worker: a session's jobs and their progress

``hidden_grad_norms`` stays importable from here (the public API in docs/architecture.md).
"""

from explorer.bptt import hidden_grad_norms

__all__ = ["hidden_grad_norms"]
