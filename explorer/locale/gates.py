"""Strings of the Gates page."""

STRINGS = {
    "gates.title": (
        "Switch the gates of a trained LSTM or GRU",
        "학습된 LSTM·GRU의 게이트 끄고 켜기",
    ),
    "gates.intro": (
        "A gate is a sigmoid between 0 and 1 that decides **how much of a vector passes**: the LSTM's "
        "forget gate keeps or erases the cell state (the *conveyor belt* that carries memory), the input "
        "gate lets new information onto it, the output gate decides what the rest of the network sees. "
        "The small networks below were trained on tasks where each gate has a job. Force a gate open (1), "
        "closed (0) or to a constant, and watch what breaks — the run with the learned gates stays beside it.",
        "게이트는 0과 1 사이의 시그모이드 값으로 **벡터를 얼마나 통과시킬지** 정합니다. LSTM의 망각(forget) "
        "게이트는 셀 상태(기억을 실어 나르는 *컨베이어 벨트*)를 유지하거나 지우고, 입력 게이트는 새 정보를 벨트에 "
        "올리며, 출력 게이트는 나머지 신경망이 무엇을 볼지 정합니다. 아래의 작은 신경망들은 게이트마다 할 일이 "
        "분명한 과제로 학습했습니다. 게이트를 1(열림), 0(닫힘) 또는 상수로 고정하고 무엇이 망가지는지 보세요. "
        "학습된 게이트로 돌린 결과가 항상 옆에 함께 나옵니다.",
    ),
    "gates.cell": ("Cell", "셀"),
    "gates.task": ("Task", "과제"),
    "gates.task.recall": ("Remember and recall", "기억했다가 떠올리기"),
    "gates.task.count": ("Counting with resets", "리셋이 있는 개수 세기"),
    "gates.task.adding": ("The adding problem", "덧셈 문제 (adding problem)"),
    "gates.about.recall": (
        "The first symbol (A–D) must be named at the query **?** after a delay of distractors x, y, z. "
        "Type e.g. `B xyzzyx ?`. Chance: 1 in 4.",
        "첫 기호(A–D)를 방해 기호 x, y, z가 이어진 뒤 질문 **?**에서 답해야 합니다. 예: `B xyzzyx ?`. "
        "우연 수준: 무작위로 고르면 4번 중 1번 맞습니다.",
    ),
    "gates.about.count": (
        "At every step, output how many **a** came since the last reset **|** (b is ignored, at most 9). "
        "Type e.g. `aab|aba`. Chance: always answering the commonest count.",
        "매 시점마다 마지막 리셋 **|** 이후 나온 **a**의 개수를 답합니다(b는 무시, 최대 9). 예: `aab|aba`. "
        "우연 수준: 가장 흔한 개수를 항상 답하는 경우입니다.",
    ),
    "gates.about.adding": (
        "Each step carries a number in [0, 1]; two are marked with `*`. Output their sum "
        "(after Hochreiter & Schmidhuber 1997). Type e.g. `0.2 0.7* 0.1 0.5*`. **Our** criterion: correct "
        "means |error| < {ours} on the sum. Theirs is |error| < 0.04 on the target 0.5 + (X1 + X2)/4, "
        "i.e. |error| < {theirs} on the sum, four times looser. Chance (always answering 1): "
        "{chance_ours} under ours, {chance_theirs} under theirs.",
        "각 시점에 [0, 1] 사이의 수가 들어오고 그중 두 개에 `*` 표시가 있습니다. 두 수의 합을 답합니다"
        "(Hochreiter & Schmidhuber 1997을 따름). 예: `0.2 0.7* 0.1 0.5*`. **여기서는** 합의 오차가 "
        "{ours}보다 작으면 정답입니다. 원 논문의 기준은 목표값 0.5 + (X1 + X2)/4에서 오차 0.04 미만, 즉 합에서 "
        "오차 {theirs} 미만으로 네 배 느슨합니다. 우연 수준(항상 1이라고 답하기): 여기 기준으로 {chance_ours}, "
        "원 논문 기준으로 {chance_theirs}입니다.",
    ),
    "gates.source": ("Input sequence", "입력 시퀀스"),
    "gates.source.generated": ("Generated", "자동 생성"),
    "gates.source.custom": ("My own", "직접 입력"),
    "gates.length": ("Length (steps)", "길이 (시점 수)"),
    "gates.sample": ("Example number", "예제 번호"),
    "gates.text": ("Your sequence", "내 시퀀스"),
    "gates.edit": ("Edit this sequence", "이 시퀀스 고치기"),
    "gates.switches": ("Gate switches", "게이트 스위치"),
    "gates.mode.learned": ("learned", "학습값"),
    "gates.mode.open": ("open (1)", "열림 (1)"),
    "gates.mode.closed": ("closed (0)", "닫힘 (0)"),
    "gates.mode.constant": ("constant", "상수"),
    "gates.gate.input": ("input gate i", "입력 게이트 i"),
    "gates.gate.forget": ("forget gate f", "망각 게이트 f"),
    "gates.gate.cell": ("candidate c̃ (tanh)", "후보 값 c̃ (tanh)"),
    "gates.gate.output": ("output gate o", "출력 게이트 o"),
    "gates.gate.reset": ("reset gate r", "리셋 게이트 r"),
    "gates.gate.update": ("update gate z", "업데이트 게이트 z"),
    "gates.gate.new": ("candidate n (tanh)", "후보 값 n (tanh)"),
    "gates.short.input": ("input", "입력"),
    "gates.short.forget": ("forget", "망각"),
    "gates.short.cell": ("candidate", "후보 값"),
    "gates.short.output": ("output", "출력"),
    "gates.short.reset": ("reset", "리셋"),
    "gates.short.update": ("update", "업데이트"),
    "gates.short.new": ("candidate", "후보 값"),
    "gates.value": ("value", "값"),
    "gates.steps": ("Clamp only on steps", "고정할 시점 범위"),
    "gates.steps_help": (
        "Clamps act on these steps (inclusive) and leave the others learned; the orange band in the charts marks them.",
        "이 범위의 시점(양 끝 포함)에서만 게이트를 고정하고 나머지는 학습값을 씁니다. 차트의 주황색 띠가 그 범위입니다.",
    ),
    "gates.no_clamp": (
        "All gates are learned: pick *open*, *closed* or *constant* for a gate to see the difference.",
        "모든 게이트가 학습값입니다. 게이트 하나를 *열림*, *닫힘*, *상수*로 바꿔 차이를 보세요.",
    ),
    "gates.model_quality": ("Trained model on fresh data", "학습된 모델의 정확도 (새 데이터)"),
    "gates.model_quality_help": (
        "Accuracy on {n} freshly generated sequences of {length} steps (never seen in training). Chance: the best "
        "answer that ignores the input.",
        "학습에 쓰지 않은 새 시퀀스 {n}개(길이 {length})에서의 정확도입니다. 우연 수준: 입력을 보지 않고 낼 수 있는 "
        "가장 좋은 답의 정확도입니다.",
    ),
    "gates.clamped_quality": ("With your clamps (fresh data)", "내 고정 설정 (새 데이터)"),
    "gates.chance": ("chance", "우연 수준"),
    "gates.learned_run": ("learned gates", "학습된 게이트"),
    "gates.clamped_run": ("with clamps", "고정한 게이트"),
    "gates.answer": ("Answer on this sequence", "이 시퀀스의 답"),
    "gates.answer_value": ("{learned} → {clamped}", "{learned} → {clamped}"),
    "gates.loss_value": (
        "learned → clamped · target {target} · loss {learned:.3f} → {clamped:.3f}",
        "학습값 → 고정 · 정답 {target} · 손실 {learned:.3f} → {clamped:.3f}",
    ),
    "gates.clamped_to": ("clamped to", "고정값"),
    "gates.target": ("target", "정답"),
    "gates.tab.gates": ("Gate activations", "게이트 활성값"),
    "gates.tab.states": ("Cell state and h", "셀 상태와 h"),
    "gates.tab.prediction": ("Prediction", "예측"),
    "gates.tab.gradient": ("Gradient flow", "기울기 흐름"),
    "gates.tab.step": ("One step, in numbers", "한 시점을 숫자로"),
    "gates.tab.ablation": ("Ablation table", "어블레이션(ablation) 실험표"),
    "gates.units": ("unit", "유닛"),
    "gates.time": ("input at step t", "시점 t의 입력"),
    "gates.read.gates": (
        "Each row is one gate, each column a step, each line a hidden unit; dark blue = open (1), white = closed (0). "
        "Left: the trained model; right: the same input with your clamps (orange frame: where a gate is forced).",
        "행은 게이트, 가로축은 시점, 세로축은 은닉 유닛입니다. 진한 파랑 = 열림(1), 흰색 = 닫힘(0). 왼쪽은 학습된 "
        "모델, 오른쪽은 같은 입력에 내 고정 설정을 적용한 결과입니다(주황 테두리: 게이트를 고정한 구간).",
    ),
    "gates.read.recall_lstm": (
        "**Measured on this model** ({n} fresh sequences of {length} steps): over the {delay} distractor steps the "
        "forget gate averages **{keep_mean:.2f}** (per-unit means {keep_low:.2f}–{keep_high:.2f}); at that mean a "
        "cell value would keep {keep_mean:.2f}^{delay} ≈ {kept:.1%} of itself over the whole delay. The input gate "
        "averages **{input_mean:.2f}** on the distractors. Forced open at every step, the forget gate gives "
        "{keep_open:.1%} accuracy and the input gate {input_open:.1%}, against {accuracy:.1%} with learned gates "
        "(the ablation table).",
        "**이 모델에서 잰 값**(길이 {length}의 새 시퀀스 {n}개): 방해 기호 {delay}시점 동안 망각 게이트의 평균은 "
        "**{keep_mean:.2f}**입니다(유닛별 평균 {keep_low:.2f}–{keep_high:.2f}). 이 평균이라면 셀 값은 지연 구간 "
        "전체에서 {keep_mean:.2f}^{delay} ≈ {kept:.1%}만 남습니다. 입력 게이트는 방해 기호에서 평균 "
        "**{input_mean:.2f}**입니다. 모든 시점에서 열림으로 고정하면 망각 게이트는 정확도 {keep_open:.1%}, 입력 "
        "게이트는 {input_open:.1%}이며, 학습된 게이트로는 {accuracy:.1%}입니다(어블레이션 실험표).",
    ),
    "gates.read.recall_gru": (
        "**Measured on this model** ({n} fresh sequences of {length} steps): over the {delay} distractor steps the "
        "update gate z (z = 1 keeps the old state) averages **{keep_mean:.2f}** (per-unit means "
        "{keep_low:.2f}–{keep_high:.2f}). Forced open at every step, z gives {keep_open:.1%} accuracy, against "
        "{accuracy:.1%} with learned gates (the ablation table).",
        "**이 모델에서 잰 값**(길이 {length}의 새 시퀀스 {n}개): 방해 기호 {delay}시점 동안 업데이트 게이트 z"
        "(z = 1이면 이전 상태 유지)의 평균은 **{keep_mean:.2f}**입니다(유닛별 평균 {keep_low:.2f}–{keep_high:.2f}). "
        "모든 시점에서 열림으로 고정하면 정확도 {keep_open:.1%}, 학습된 게이트로는 {accuracy:.1%}입니다"
        "(어블레이션 실험표).",
    ),
    "gates.read.states": (
        "The cell state c_t is the conveyor belt: with the forget gate near 1 a value rides along unchanged. "
        "h_t = o_t·tanh(c_t) is what the next layer reads. Red is positive, blue negative.",
        "셀 상태 c_t가 컨베이어 벨트입니다. 망각 게이트가 1에 가까우면 값이 그대로 실려 갑니다. "
        "h_t = o_t·tanh(c_t)가 다음 층이 읽는 값입니다. 빨강은 양수, 파랑은 음수입니다.",
    ),
    "gates.read.states_gru": (
        "A GRU has no separate cell state: h_t is both its memory and its output. With the update gate z near 1 "
        "the old h_t is kept; with z near 0 it is replaced by the candidate. Red is positive, blue negative.",
        "GRU에는 따로 된 셀 상태가 없습니다. h_t가 기억이자 출력입니다. 업데이트 게이트 z가 1에 가까우면 이전 h_t가 "
        "유지되고, 0에 가까우면 후보 값으로 바뀝니다. 빨강은 양수, 파랑은 음수입니다.",
    ),
    "gates.read.belt": (
        "One unit over time: solid = learned gates, dashed = with your clamps. A flat line means the belt carries "
        "the value unchanged; a jump to zero means the memory was erased.",
        "유닛 하나의 시간 변화입니다. 실선 = 학습된 게이트, 점선 = 고정한 게이트. 평평한 선은 벨트가 값을 그대로 "
        "나른다는 뜻이고, 0으로 떨어지면 기억이 지워진 것입니다.",
    ),
    "gates.belt_unit": (
        "Unit shown in the line chart and the diagram",
        "선 그래프와 다이어그램에 보일 유닛",
    ),
    "gates.read.prediction": (
        "What the network answers with learned gates (blue) and with your clamps (orange), against the target (grey).",
        "학습된 게이트(파랑)와 고정한 게이트(주황)로 낸 답을 정답(회색)과 비교합니다.",
    ),
    "gates.probability": ("probability", "확률"),
    "gates.count_axis": ("count", "개수"),
    "gates.sum_axis": ("sum", "합"),
    "gates.read.gradient": (
        "‖∂L/∂h_t‖ (solid) and, for the LSTM, ‖∂L/∂c_t‖ (dotted) on a log scale, L = sum of the last h_T: how "
        "strongly step t can still be corrected by the end of the sequence. Forcing the forget gate (GRU: update "
        "gate) to 1 keeps the gradient alive along the belt; forcing it to 0 makes it die out going back in time.",
        "로그 축의 ‖∂L/∂h_t‖(실선)와 LSTM의 ‖∂L/∂c_t‖(점선)입니다. L은 마지막 h_T의 합입니다. 시퀀스 끝에서 "
        "시점 t를 얼마나 강하게 고칠 수 있는지를 뜻합니다. 망각 게이트(GRU는 업데이트 게이트)를 1로 고정하면 "
        "기울기가 벨트를 따라 살아남고, 0으로 고정하면 과거로 갈수록 사라집니다.",
    ),
    "gates.grad_axis": ("gradient norm", "기울기 크기"),
    "gates.grad_h": ("‖∂L/∂h_t‖", "‖∂L/∂h_t‖"),
    "gates.grad_c": ("‖∂L/∂c_t‖", "‖∂L/∂c_t‖"),
    "gates.step": ("Step t", "시점 t"),
    "gates.diagram_title": (
        "Step t = {t} (input “{token}”), unit {unit}",
        "시점 t = {t} (입력 “{token}”), 유닛 {unit}",
    ),
    "gates.belt_label": ("cell state c: the conveyor belt", "셀 상태 c: 컨베이어 벨트"),
    "gates.belt_label_gru": ("hidden state h: GRU's only memory", "은닉 상태 h: GRU의 유일한 기억"),
    "gates.clamped_tag": ("clamped", "고정됨"),
    "gates.read.diagram": (
        "One step of the cell for the chosen unit, drawn like colah's diagrams. Each box is coloured by its value at "
        "this step (white 0 … dark blue 1; candidates red/blue for ±); an orange frame marks a clamped gate. "
        "The equations below use the same numbers.",
        "선택한 유닛의 한 시점 계산을 colah의 그림처럼 그렸습니다. 각 상자의 색은 이 시점의 값입니다(흰색 0 … 진한 "
        "파랑 1, 후보 값은 빨강/파랑이 ±). 주황색 테두리는 고정한 게이트입니다. 아래 식에 같은 숫자가 들어갑니다.",
    ),
    "gates.gru_note": (
        "**PyTorch's GRU convention**, shown as computed: the reset gate multiplies $(W_{hn}h_{t-1} + b_{hn})$ "
        "*after* the matrix product. Keras calls this `reset_after=True` (its default, the cuDNN-compatible form) and "
        "documents it as following the original version of Cho et al.'s paper (arXiv 1406.1078v1); with "
        "`reset_after=False` Keras follows the later version (v3), which resets $h_{t-1}$ *before* the product. "
        "And $z_t$ weights the **old** state, $h_t = (1-z_t)\\,n_t + z_t\\,h_{t-1}$, as Cho et al. (2014) write it: "
        "$z = 1$ keeps the memory and $z = 0$ overwrites it. Chung et al. (2014) and colah's blog write the mirror "
        "form $h_t = (1-z_t)\\,h_{t-1} + z_t\\,\\tilde h_t$, where $z = 1$ overwrites.",
        "**PyTorch의 GRU 규약**을 계산한 그대로 보여 줍니다. 리셋 게이트는 행렬곱 *다음에* $(W_{hn}h_{t-1} + b_{hn})$에 "
        "곱해집니다. Keras는 이를 `reset_after=True`(기본값, cuDNN 호환 형태)라고 부르며 Cho 외 논문의 처음 판"
        "(arXiv 1406.1078v1)을 따른다고 설명합니다. `reset_after=False`이면 Keras는 나중 판(v3)을 따르며, 행렬곱 "
        "*전에* $h_{t-1}$을 리셋합니다. 또 $z_t$는 **이전** 상태에 곱해집니다: $h_t = (1-z_t)\\,n_t + z_t\\,h_{t-1}$. "
        "Cho 외(2014)도 이렇게 씁니다. 따라서 $z = 1$이면 기억이 유지되고 $z = 0$이면 덮어써집니다. Chung 외(2014)와 "
        "colah의 블로그는 반대 형태 $h_t = (1-z_t)\\,h_{t-1} + z_t\\,\\tilde h_t$로 쓰며, 이때는 $z = 1$이면 덮어써집니다.",
    ),
    "gates.ablation_intro": (
        "Accuracy and loss of the chosen model on {n} fresh sequences of {length} steps with **one gate clamped at "
        "every step and unit**. Greff et al. (2017, *LSTM: A Search Space Odyssey*) found that the forget gate and "
        "the output activation matter most and that coupling the input and forget gates (i = 1 − f) costs little. "
        "They retrained each variant; here the trained weights stay as they are, so a clamp can hurt more than a "
        "retrained variant would.",
        "선택한 모델에서 **게이트 하나를 모든 시점·유닛에서 고정**하고 새 시퀀스 {n}개(길이 {length})로 잰 정확도와 "
        "손실입니다. Greff 외(2017, *LSTM: A Search Space Odyssey*)는 망각 게이트와 출력 활성화 함수가 가장 중요하고 "
        "입력·망각 게이트를 묶어도(i = 1 − f) 손해가 적다는 것을 보였습니다. 그 연구는 변형마다 다시 학습했지만 "
        "여기서는 학습된 가중치를 그대로 두므로, 고정이 재학습한 변형보다 더 크게 성능을 떨어뜨릴 수 있습니다.",
    ),
    "gates.cifg": (
        "**Coupled gates, retrained.** Greff et al. trained the coupled variant (CIFG, i = 1 − f) from scratch. "
        "So did we: an LSTM trained with i = 1 − f from the start reaches **{cifg}** on fresh data, against "
        "**{full}** for the full LSTM. The *coupled* bar above is different: it forces i = 1 − f on the trained "
        "full LSTM without retraining.",
        "**입력·망각 게이트를 묶어 다시 학습하기.** Greff 외는 묶은 변형(CIFG, i = 1 − f)을 처음부터 학습했습니다. "
        "여기서도 그렇게 했습니다. 처음부터 i = 1 − f로 학습한 LSTM은 새 데이터에서 **{cifg}**, 전체 LSTM은 "
        "**{full}**입니다. 위의 *묶음* 막대는 다릅니다. 이미 학습된 전체 LSTM에 다시 학습 없이 i = 1 − f를 강제한 "
        "결과입니다.",
    ),
    "gates.ablation.setting": ("clamped gate", "고정한 게이트"),
    "gates.ablation.accuracy": ("accuracy (%)", "정확도 (%)"),
    "gates.ablation.loss": ("loss", "손실"),
    "gates.ablation.drop": ("accuracy drop (points)", "정확도 감소 (%p)"),
    "gates.ablation.learned": ("all learned", "모두 학습값"),
    "gates.ablation.coupled": ("coupled i = 1 − f", "묶음 i = 1 − f"),
    "gates.read.ablation": (
        "Bars near the dashed chance line mean the model is guessing: that gate was doing necessary work.",
        "막대가 점선(우연 수준) 근처면 모델이 무작위로 고르는 것과 같다는 뜻입니다. 그 게이트가 꼭 필요한 일을 하고 있었던 것입니다.",
    ),
    "gates.err_empty": (
        "The sequence is empty: type at least one step.",
        "시퀀스가 비어 있습니다. 한 시점 이상 입력하세요.",
    ),
    "gates.err_too_long": (
        "The sequence has {length} steps; at most {limit} are allowed.",
        "시퀀스가 {length}시점입니다. 최대 {limit}시점까지 입력할 수 있습니다.",
    ),
    "gates.err_unknown": (
        "Unknown symbol(s): {symbols}. This task uses only: {allowed}",
        "모르는 기호: {symbols}. 이 과제에서 쓸 수 있는 기호: {allowed}",
    ),
    "gates.err_recall_start": (
        "The sequence must start with the symbol to remember: one of {symbols}.",
        "시퀀스는 기억할 기호({symbols} 중 하나)로 시작해야 합니다.",
    ),
    "gates.err_recall_query": (
        "End the sequence with exactly one query mark ?, after the distractors.",
        "방해 기호 뒤, 시퀀스의 맨 끝에 질문 기호 ?를 하나만 넣으세요.",
    ),
    "gates.err_count_overflow": (
        "More than {limit} a's without a reset |: the model only counts up to {limit}.",
        "리셋 | 없이 a가 {limit}개를 넘었습니다. 이 모델은 {limit}까지만 셉니다.",
    ),
    "gates.err_adding_number": ("“{word}” is not a number.", "“{word}”는 숫자가 아닙니다."),
    "gates.err_adding_range": (
        "“{word}” is outside [0, 1].",
        "“{word}”가 [0, 1] 범위를 벗어났습니다.",
    ),
    "gates.err_adding_markers": (
        "Mark exactly two numbers with * (found {found}).",
        "* 표시는 정확히 두 개여야 합니다(지금 {found}개).",
    ),
    "gates.err_task": ("Unknown task {task}.", "알 수 없는 과제 {task}입니다."),
    "gates.err_cell": ("Unknown cell {cell}.", "알 수 없는 셀 {cell}입니다."),
    "gates.err_mode": ("Unknown gate setting {mode}.", "알 수 없는 게이트 설정 {mode}입니다."),
    "gates.err_value": ("The constant must be a finite number.", "상수는 유한한 수여야 합니다."),
    "gates.err_model": (
        "The shipped model could not be loaded ({detail}). Rebuild it with `python -m explorer.pretrain gates-{task}-{cell}`.",
        "내장 모델을 불러오지 못했습니다({detail}). `python -m explorer.pretrain gates-{task}-{cell}`로 다시 만드세요.",
    ),
}
