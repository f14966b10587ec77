"""Training code for every shipped checkpoint, one module per topic; pages never import it.

``python -m explorer.pretrain NAME`` (or ``all``, ``--list``) reproduces a checkpoint. Each topic
module defines ``JOBS = {name: function}``; the function trains from a fixed seed, writes
``models/checkpoints/<name>.pt`` with ``save_checkpoint`` and returns the path.
"""

TOPICS = ("gates", "translation", "captioning", "transformer")
