"""Strings of the Gradients page (English, Korean)."""

STRINGS = {
    "gradients.title": (
        "Gradients through time: why a vanilla RNN forgets",
        "시간을 거스르는 기울기: 기본 RNN은 왜 잊어버릴까",
    ),
    "gradients.intro": (
        "Training an RNN sends the error of the **last** output back through every earlier step "
        "(back-propagation through time, BPTT). Each step multiplies the gradient by one Jacobian "
        "$J_t = \\mathrm{diag}(f'(a_t))\\,W_{hh}$, so after many steps it either **vanishes** "
        "(early inputs stop mattering: the network forgets) or **explodes** (training jumps "
        "around). Below, a vanilla RNN, an LSTM and a GRU with the same hidden size read the "
        "**same** input; change the knobs and watch $\\lVert \\partial L / \\partial h_t \\rVert$ live.",
        "RNN을 학습하면 **마지막** 출력의 오차가 앞선 모든 시점으로 거꾸로 전달됩니다(시간 역전파, BPTT). "
        "한 시점을 지날 때마다 기울기에 야코비안 $J_t = \\mathrm{diag}(f'(a_t))\\,W_{hh}$가 한 번씩 곱해지므로, "
        "시퀀스가 길어지면 기울기가 **소실되거나**(앞쪽 입력이 더는 영향을 주지 못해 네트워크가 잊어버립니다) "
        "**폭발합니다**(학습이 요동칩니다). 아래에서는 은닉 크기가 같은 기본 RNN, LSTM, GRU가 **같은** 입력을 읽습니다. "
        "설정을 바꾸며 $\\lVert \\partial L / \\partial h_t \\rVert$가 어떻게 변하는지 바로 확인해 보세요.",
    ),
    # controls
    "gradients.length": ("Sequence length T", "시퀀스 길이 T"),
    "gradients.length_help": (
        "10 to 1000 steps. For a typed sentence T is the number of words.",
        "10~1000 시점입니다. 문장을 입력하면 T는 단어 수가 됩니다.",
    ),
    "gradients.hidden": ("Hidden size H", "은닉 크기 H"),
    "gradients.init": ("Recurrent-weight initialisation", "순환 가중치 초기화"),
    "gradients.init.default": (
        "PyTorch default (uniform ±1/√H)",
        "PyTorch 기본값 (균등분포 ±1/√H)",
    ),
    "gradients.init.orthogonal": ("Orthogonal × scale", "직교 행렬 × 배율"),
    "gradients.init.identity": ("Identity × scale (IRNN)", "단위 행렬 × 배율 (IRNN)"),
    "gradients.init.gaussian": ("Gaussian N(0, 1/H) × scale", "가우시안 N(0, 1/H) × 배율"),
    "gradients.scale": ("Recurrent-weight scale", "순환 가중치 배율"),
    "gradients.scale_help": (
        "Multiplies W_hh of every cell. σ_max (the largest singular value of the vanilla RNN's W_hh) is shown below.",
        "모든 셀의 W_hh에 곱합니다. 기본 RNN W_hh의 최대 특이값 σ_max는 아래에 표시됩니다.",
    ),
    "gradients.activation": ("Vanilla RNN activation", "기본 RNN 활성화 함수"),
    "gradients.forget_bias": ("LSTM forget-gate bias", "LSTM 망각 게이트 편향"),
    "gradients.forget_bias_help": (
        "A larger bias keeps the forget gate near 1 at the start, so the cell state carries the gradient further back.",
        "편향이 크면 처음부터 망각 게이트가 1에 가까워, 셀 상태가 기울기를 더 먼 과거까지 전달합니다.",
    ),
    "gradients.input_kind": ("Input", "입력"),
    "gradients.input.noise": ("Random noise (4 sequences)", "무작위 잡음 (시퀀스 4개)"),
    "gradients.input.zeros": ("All zeros", "모두 0"),
    "gradients.input.sine": ("Sine waves", "사인파"),
    "gradients.input.sentence": ("A typed sentence", "직접 입력한 문장"),
    "gradients.text": ("Sentence", "문장"),
    "gradients.text_help": (
        "Each word becomes 8 fixed random numbers chosen by the word itself, so the same word always gets the "
        "same vector and no word is unknown. Up to 60 words.",
        "각 단어는 단어 자체로 정해지는 고정된 난수 8개가 됩니다. 같은 단어는 늘 같은 벡터이므로 모르는 단어가 없습니다. "
        "최대 60단어입니다.",
    ),
    # metrics and verdict
    "gradients.metric.sigma": ("σ_max(W_hh)", "σ_max(W_hh)"),
    "gradients.metric.gamma": ("γ = max |f′|", "γ = max |f′|"),
    "gradients.metric.product": ("γ · σ_max", "γ · σ_max"),
    "gradients.metric.rho": ("Spectral radius ρ", "스펙트럼 반지름 ρ"),
    "gradients.metric_help": (
        "σ_max bounds how much W_hh can stretch a vector; ρ is the largest |eigenvalue|, how much repeated "
        "multiplication grows in the long run. ρ ≤ σ_max always.",
        "σ_max는 W_hh가 벡터를 늘릴 수 있는 최대 배율이고, ρ는 가장 큰 고유값의 크기로 반복해서 곱할 때 장기적으로 "
        "커지는 비율입니다. 항상 ρ ≤ σ_max입니다.",
    ),
    "gradients.verdict.vanishing": (
        "**Vanishing guaranteed.** γ·σ_max = {product:.3f} < 1, so at every step back the vanilla RNN's "
        "gradient norm is multiplied by at most γ·σ_max: $\\lVert\\partial L/\\partial h_t\\rVert \\le \\lVert\\partial L/\\partial h_{{T}}\\rVert\\,({product:.3f})^{{T-t}}$ "
        "(Pascanu, Mikolov & Bengio 2013). Measured: ×{rate} per step back.",
        "**기울기 소실이 보장됩니다.** γ·σ_max = {product:.3f} < 1이므로 한 시점 거슬러 갈 때마다 기본 RNN의 기울기 "
        "노름에는 많아야 γ·σ_max가 곱해집니다: $\\lVert\\partial L/\\partial h_t\\rVert \\le \\lVert\\partial L/\\partial h_{{T}}\\rVert\\,({product:.3f})^{{T-t}}$ "
        "(Pascanu, Mikolov, Bengio 2013). 측정값은 한 시점마다 ×{rate}입니다.",
    ),
    "gradients.verdict.exploding": (
        "**Exploding.** γ·σ_max = {product:.3f} > 1 makes explosion possible, and here it happens: the vanilla "
        "RNN's gradient grows ×{rate} per step back. Clip it (see *Clipping*) or lower the scale.",
        "**기울기 폭발.** γ·σ_max = {product:.3f} > 1이면 기울기가 폭발할 수 있고, 여기서는 실제로 폭발합니다. 기본 RNN의 "
        "기울기가 한 시점 거슬러 갈 때마다 ×{rate}씩 커집니다. 클리핑하거나(*클리핑* 참고) 배율을 낮추세요.",
    ),
    "gradients.verdict.overflow": (
        "**Exploding past float32.** γ·σ_max = {product:.3f} > 1 makes explosion possible, and here the vanilla "
        "RNN's numbers grew beyond float32's range (≈ 3.4·10³⁸): see the message below. Lower the scale or the "
        "length, or clip (see *Clipping*).",
        "**float32 범위를 넘는 기울기 폭발.** γ·σ_max = {product:.3f} > 1이면 기울기가 폭발할 수 있고, 여기서는 기본 RNN의 "
        "값이 float32 범위(≈ 3.4·10³⁸)를 넘었습니다. 아래 메시지를 보세요. 배율이나 길이를 줄이거나 클리핑하세요"
        "(*클리핑* 참고).",
    ),
    "gradients.verdict.vanishes_anyway": (
        "**May explode, but vanishes here.** γ·σ_max = {product:.3f} > 1 only says explosion is *possible* "
        "(a necessary condition, not a sufficient one). Measured: ×{rate} per step back. Why:",
        "**기울기가 폭발할 수도 있지만 여기서는 소실됩니다.** γ·σ_max = {product:.3f} > 1은 폭발이 *가능하다*는 뜻일 "
        "뿐입니다(필요조건이지 충분조건이 아닙니다). 측정값은 한 시점마다 ×{rate}입니다. 이유는 다음과 같습니다.",
    ),
    "gradients.verdict.boundary_vanishes": (
        "**On the boundary, and it vanishes.** γ·σ_max = 1 (σ_max = {sigma:.8f} equals 1/γ up to float32 "
        "rounding): the bound lets the gradient norm grow at no step, but it does not promise decay either. "
        "Measured: ×{rate} per step back. Why:",
        "**경계에 있지만 기울기가 소실됩니다.** γ·σ_max = 1입니다(σ_max = {sigma:.8f}는 float32 반올림 오차 안에서 "
        "1/γ와 같습니다). 이 상한은 어느 시점에서도 기울기 노름이 커지는 것을 허용하지 않지만, 줄어든다고 보장하지도 "
        "않습니다. 측정값은 한 시점마다 ×{rate}입니다. 이유는 다음과 같습니다.",
    ),
    "gradients.verdict.borderline": (
        "**On the edge.** γ·σ_max = {product:.3f} ≥ 1 and the gradient stays roughly level (×{rate} per step "
        "back): the regime where long memories are possible and training is delicate.",
        "**경계 상태.** γ·σ_max = {product:.3f} ≥ 1이고 기울기가 거의 일정합니다(한 시점마다 ×{rate}). "
        "긴 기억이 가능하지만 학습이 까다로운 영역입니다.",
    ),
    "gradients.why.rho_equals_sigma": (
        "ρ = σ_max = {rho:.3f}: W_hh alone would keep the gradient's size, so the decay comes from the activation.",
        "ρ = σ_max = {rho:.3f}이므로 W_hh만으로는 기울기의 크기가 유지됩니다. 따라서 감소는 활성화 함수에서 옵니다.",
    ),
    "gradients.why.rho_inside": (
        "The eigenvalues lie inside the circle of radius 1/γ (ρ = {rho:.3f}, σ_max = {sigma:.3f}): one step can "
        "stretch a direction by σ_max, but repeated multiplication by W_hh shrinks like ρⁿ.",
        "고유값이 반지름 1/γ인 원 안에 있습니다(ρ = {rho:.3f}, σ_max = {sigma:.3f}). 한 시점에서는 어떤 방향이 σ_max배까지 "
        "늘어날 수 있지만, W_hh를 반복해서 곱하면 ρⁿ처럼 줄어듭니다.",
    ),
    "gradients.why.rho_between": (
        "ρ = {rho:.3f} is below σ_max = {sigma:.3f}: the largest stretch does not repeat step after step.",
        "ρ = {rho:.3f}가 σ_max = {sigma:.3f}보다 작습니다. 가장 크게 늘어나는 방향이 시점마다 반복되지 않습니다.",
    ),
    "gradients.why.slope": (
        "Along this run the activation's slope f′ averages {slope:.2f} (its maximum is γ = {gamma:g}): "
        "tanh′ = 1 − h² and σ′ = h(1 − h) stay below it wherever h is not exactly at the centre, also in "
        "unsaturated units.",
        "이 실행에서 활성화 함수의 기울기 f′는 평균 {slope:.2f}입니다(최댓값은 γ = {gamma:g}). tanh′ = 1 − h²와 "
        "σ′ = h(1 − h)는 h가 정확히 가운데가 아니면 포화되지 않은 유닛에서도 이 최댓값보다 작습니다.",
    ),
    "gradients.why.saturated": (
        "{saturated:.0%} of the unit-steps are saturated (f′ < 0.1·γ) and pass almost no gradient.",
        "유닛과 시점의 조합 중 {saturated:.0%}가 포화되어(f′ < 0.1·γ) 기울기를 거의 전달하지 않습니다.",
    ),
    "gradients.why.dead": (
        "{dead:.0%} of the unit-steps are inactive ReLU units (a ≤ 0, so f′ = 0): the gradient through them is cut.",
        "유닛과 시점의 조합 중 {dead:.0%}가 비활성 ReLU 유닛입니다(a ≤ 0이므로 f′ = 0). 이 유닛을 지나는 기울기는 끊깁니다.",
    ),
    "gradients.rate_unknown": ("unmeasurable", "측정 불가"),
    "gradients.overflow": (
        "{cell}: the gradient overflowed at step t = {t} (it left float32's range, ≈ 3.4·10³⁸); the chart shows "
        "the finite part, from t = {t_next} on.",
        "{cell}: 시점 t = {t}에서 기울기가 넘쳤습니다(float32 범위 ≈ 3.4·10³⁸를 벗어남). 차트에는 t = {t_next}부터의 "
        "유한한 부분만 그립니다.",
    ),
    "gradients.forward_overflow": (
        "{cell}: the hidden state itself overflowed at step t = {t}, so no gradient can be computed and its "
        "curve is left out. Lower the scale or shorten the sequence.",
        "{cell}: 시점 t = {t}에서 은닉 상태 자체가 넘쳐 기울기를 계산할 수 없으므로 곡선을 그리지 않습니다. "
        "배율을 낮추거나 시퀀스를 줄이세요.",
    ),
    # main chart
    "gradients.main_title": (
        "How far back does the error reach?",
        "오차는 얼마나 먼 과거까지 닿을까?",
    ),
    "gradients.w.y": ("‖∂L/∂h_t‖ (log scale)", "‖∂L/∂h_t‖ (로그 스케일)"),
    "gradients.w.x": ("time step t (the loss is at the last step)", "시점 t (손실은 마지막 시점)"),
    "gradients.w.bound": ("bound for the vanilla RNN", "기본 RNN의 이론 상한"),
    "gradients.w.overflow_at": ("overflow at t={t}", "t={t}에서 넘침"),
    "gradients.main_read": (
        "The y axis is logarithmic: each grid line is 10× more or less. Read from the right (the loss, "
        "L = sum of the last hidden state) to the left. A straight line means the gradient shrinks (or grows) "
        "by the same factor every step; its slope is log10 of that factor. The dashed line is the Pascanu "
        "bound ‖∂L/∂h_T‖·(γσ_max)^(T−t): the vanilla RNN's curve can never go above it. A curve that stops on "
        "the left fell below float32's smallest number (about 10⁻⁴⁵) and is exactly 0 there.",
        "y축은 로그 스케일입니다: 눈금 하나가 10배입니다. 오른쪽(손실, L = 마지막 은닉 상태의 합)에서 왼쪽으로 읽으세요. "
        "직선이면 기울기가 시점마다 같은 비율로 줄거나 커진다는 뜻이고, 그 직선의 경사가 비율의 log10입니다. "
        "점선은 Pascanu 상한 ‖∂L/∂h_T‖·(γσ_max)^(T−t)이며 기본 RNN의 곡선은 절대 이 선 위로 올라갈 수 없습니다. "
        "곡선이 왼쪽에서 끊겼다면 float32가 나타낼 수 있는 가장 작은 수(약 10⁻⁴⁵)보다 작아져 그곳에서는 정확히 0입니다.",
    ),
    "gradients.eigen_title": ("Eigenvalues of the vanilla RNN's W_hh", "기본 RNN W_hh의 고유값"),
    "gradients.w.unit_circle": ("unit circle", "단위원"),
    "gradients.w.gamma_circle": ("radius 1/γ", "반지름 1/γ"),
    "gradients.w.eigenvalues": ("eigenvalues", "고유값"),
    "gradients.w.real": ("real part", "실수부"),
    "gradients.w.imag": ("imaginary part", "허수부"),
    "gradients.eigen_read": (
        "Repeated multiplication by W_hh shrinks along directions whose eigenvalue lies inside the unit "
        "circle and grows along those outside. The activation's slope (≤ γ) shrinks things further, so with a "
        "sigmoid (γ = ¼) the circle that matters has radius 4.",
        "W_hh를 반복해서 곱하면 고유값이 단위원 안쪽인 방향은 줄어들고 바깥쪽인 방향은 커집니다. 활성화 함수의 "
        "기울기(≤ γ)가 한 번 더 줄이므로, 시그모이드(γ = ¼)에서는 반지름 4인 원이 기준이 됩니다.",
    ),
    # sections
    "gradients.section": ("Look closer", "자세히 보기"),
    "gradients.section.connectivity": ("Which inputs still matter", "아직 영향을 주는 입력"),
    "gradients.section.jacobians": ("Jacobians", "야코비안"),
    "gradients.section.truncation": ("Truncated BPTT", "잘린 BPTT"),
    "gradients.section.clipping": ("Clipping", "클리핑"),
    "gradients.section.training": ("During training", "학습 중에"),
    # connectivity
    "gradients.conn_intro": (
        "‖∂L/∂x_t‖ measures how much the input at step t can still change the last output. Words the network "
        "has effectively forgotten are pale.",
        "‖∂L/∂x_t‖는 시점 t의 입력이 마지막 출력을 얼마나 바꿀 수 있는지를 잽니다. 네트워크가 사실상 잊어버린 단어는 "
        "옅게 칠해집니다.",
    ),
    "gradients.w.colorbar_conn": ("log10 of ‖∂L/∂x_t‖ / max", "log10(‖∂L/∂x_t‖ / 최댓값)"),
    "gradients.w.x_word": ("word position t", "단어 위치 t"),
    "gradients.w.y_x": ("‖∂L/∂x_t‖ (log scale)", "‖∂L/∂x_t‖ (로그 스케일)"),
    "gradients.conn_read": (
        "Each row is one cell reading the same sentence. Colour is relative to that row's strongest word "
        "(0 = as strong as it, −6 = a million times weaker), so rows compare shapes, not sizes.",
        "각 행은 같은 문장을 읽는 셀 하나입니다. 색은 그 행에서 가장 강한 단어에 대한 상대값입니다"
        "(0 = 가장 강한 단어와 같음, −6 = 백만 배 약함). 그래서 행끼리는 크기가 아니라 모양을 비교합니다.",
    ),
    "gradients.conn_lines_read": (
        "Same log scale as above, now for the inputs. Choose “A typed sentence” as input to see the words themselves coloured.",
        "위와 같은 로그 스케일로 입력에 대해 그린 것입니다. 입력을 “직접 입력한 문장”으로 바꾸면 단어마다 색이 칠해집니다.",
    ),
    # jacobians
    "gradients.jac_intro": (
        "The gradient is carried back by products of one-step Jacobians J_t = ∂s_t/∂s_{t−1} (for the LSTM the "
        "state s is [h; c]). Left: the spectral norm of the product ‖∂h_T/∂h_t‖₂, the most any direction can "
        "be amplified. Right: the largest (solid) and smallest (dotted) singular value of each single J_t.",
        "기울기는 한 시점 야코비안 J_t = ∂s_t/∂s_{t−1}의 곱으로 거꾸로 전달됩니다(LSTM의 상태 s는 [h; c]). "
        "왼쪽: 곱의 스펙트럼 노름 ‖∂h_T/∂h_t‖₂, 즉 어떤 방향이든 증폭될 수 있는 최대 배율. "
        "오른쪽: 각 J_t 하나의 최대(실선)·최소(점선) 특이값.",
    ),
    "gradients.jac_too_big": (
        "Full Jacobians are computed for H ≤ {hi} only (they have H×H entries per step). Lower the hidden size to see them.",
        "전체 야코비안은 H ≤ {hi}일 때만 계산합니다(시점마다 H×H개의 값). 은닉 크기를 줄이면 볼 수 있습니다.",
    ),
    "gradients.w.y_product": ("‖∂h_T/∂h_t‖₂ (log scale)", "‖∂h_T/∂h_t‖₂ (로그 스케일)"),
    "gradients.w.y_step": ("singular values of J_t (log scale)", "J_t의 특이값 (로그 스케일)"),
    "gradients.w.smallest": ("smallest", "최솟값"),
    "gradients.w.x_time": ("time step t", "시점 t"),
    "gradients.jac_read": (
        "Left is a product, so it behaves like the main chart (for the first sequence). Right is one factor of "
        "that product: where the solid line is above the dashed 1 a step can amplify some direction; where even "
        "it is below 1, every direction shrinks. The vanilla RNN's values never exceed γ·σ_max.",
        "왼쪽은 곱이므로 위의 주 차트처럼 움직입니다(첫 번째 시퀀스 기준). 오른쪽은 그 곱의 인수 하나입니다: "
        "실선이 점선 1보다 위면 그 시점은 어떤 방향을 증폭할 수 있고, 실선마저 1보다 아래면 모든 방향이 줄어듭니다. "
        "기본 RNN의 값은 γ·σ_max를 넘지 않습니다.",
    ),
    # truncation
    "gradients.trunc_intro": (
        "Truncated BPTT: split the sequence into chunks of k steps and stop gradients at chunk boundaries. "
        "**In practice** you keep the state's value but cut its history with `h = h.detach()` before each chunk "
        "(PyTorch's `repackage_hidden`). Here every step has a loss (as in language modelling) and we compare "
        "the truncated gradient of W_hh with the full one.",
        "잘린 BPTT: 시퀀스를 k 시점씩 나누고 나눈 경계에서 기울기를 멈춥니다. **실제로는** 각 덩어리 앞에서 "
        "`h = h.detach()`로 상태의 값은 유지하되 그 이력을 끊습니다(PyTorch의 `repackage_hidden`). 여기서는 언어 "
        "모델처럼 모든 시점에 손실이 있고, W_hh에 대한 잘린 기울기를 전체 기울기와 비교합니다.",
    ),
    "gradients.trunc_capped": (
        "T = {T}: the comparison uses the first {n} steps, so one change stays quick on a shared server.",
        "T = {T}: 공유 서버에서 한 번의 변경이 빠르게 끝나도록 처음 {n} 시점만 비교합니다.",
    ),
    "gradients.trunc_k": ("Truncation length k", "자르는 길이 k"),
    "gradients.w.cosine": (
        "cosine similarity with the full gradient",
        "전체 기울기와의 코사인 유사도",
    ),
    "gradients.w.relative_norm": ("‖truncated‖ / ‖full‖", "‖잘린 기울기‖ / ‖전체 기울기‖"),
    "gradients.w.x_k": ("truncation length k (log scale)", "자르는 길이 k (로그 스케일)"),
    "gradients.trunc_read": (
        "Cosine 1 means the truncated gradient points the same way as the full one. When the gradient vanishes "
        "quickly, a short k already loses almost nothing; when it explodes, the far-away paths dominate and "
        "truncation changes the direction.",
        "코사인이 1이면 잘린 기울기가 전체 기울기와 같은 방향입니다. 기울기가 빨리 사라지면 짧은 k로도 거의 잃는 것이 "
        "없고, 폭발하면 먼 경로가 지배하므로 자르면 방향이 달라집니다.",
    ),
    "gradients.trunc_metrics": (
        "At k = {k}: cosine {rnn_cos} (vanilla RNN), {lstm_cos} (LSTM), {gru_cos} (GRU).",
        "k = {k}에서 코사인: {rnn_cos} (기본 RNN), {lstm_cos} (LSTM), {gru_cos} (GRU).",
    ),
    "gradients.cut_title": (
        "Which contributions are cut (vanilla RNN, first {w} steps)",
        "잘리는 기여 (기본 RNN, 처음 {w} 시점)",
    ),
    "gradients.w.x_contrib": ("earlier step t", "앞선 시점 t"),
    "gradients.w.y_loss": ("loss at step s", "손실 시점 s"),
    "gradients.w.cut": ("cut by truncation", "잘림"),
    "gradients.w.colorbar_cut": ("log10", "log10"),
    "gradients.cut_read": (
        "Row s, column t: how strongly the loss at step s reaches back to h_t (colour: log10 ‖∂L_s/∂h_t‖). Full BPTT uses the whole lower "
        "triangle; truncation keeps only the coloured blocks on the diagonal and drops the grey cells.",
        "s행 t열: 시점 s의 손실이 h_t에 얼마나 강하게 닿는지입니다(색: log10 ‖∂L_s/∂h_t‖). 전체 BPTT는 아래 삼각형 전체를 쓰고, 잘린 BPTT는 "
        "대각선의 색칠된 블록만 남기고 회색 칸을 버립니다.",
    ),
    # clipping
    "gradients.clip_intro": (
        "Gradient clipping by norm rescales the whole gradient g to length τ when ‖g‖ > τ: "
        "g ← g·τ/‖g‖ (`torch.nn.utils.clip_grad_norm_`). The step gets shorter but keeps its direction.",
        "노름 기준 기울기 클리핑은 ‖g‖ > τ일 때 전체 기울기 g를 길이 τ로 줄입니다: g ← g·τ/‖g‖ "
        "(`torch.nn.utils.clip_grad_norm_`). 한 걸음이 짧아질 뿐 방향은 그대로입니다.",
    ),
    "gradients.clip_threshold": ("Threshold τ", "임계값 τ"),
    "gradients.clip_preset": (
        "The current setting does not explode, so this uses an exploding one: vanilla RNN, identity × 1.2, "
        "ReLU, T = {T}, random noise.",
        "현재 설정에서는 기울기가 폭발하지 않으므로 폭발하는 설정을 씁니다: 기본 RNN, 단위 행렬 × 1.2, ReLU, T = {T}, 무작위 잡음.",
    ),
    "gradients.clip_current": (
        "Using the current vanilla RNN setting (its gradient grows going back).",
        "현재 기본 RNN 설정을 씁니다(거슬러 갈수록 기울기가 커짐).",
    ),
    "gradients.w.before": ("before clipping", "클리핑 전"),
    "gradients.w.by_norm": ("clipped by norm", "노름으로 클리핑"),
    "gradients.w.by_value": ("clipped by value", "값으로 클리핑"),
    "gradients.w.threshold": ("τ", "τ"),
    "gradients.w.y_norm": ("gradient norm ‖g‖ (log scale)", "기울기 노름 ‖g‖ (로그 스케일)"),
    "gradients.clip_metrics": (
        "Direction kept by norm clipping: cosine(before, after) = {cos_norm:.4f}. Clipping each entry to "
        "±τ/√n instead (same length budget, n = {n} weights) gives cosine {cos_value:.4f}: the direction changes.",
        "노름 클리핑의 방향 보존: cosine(전, 후) = {cos_norm:.4f}. 대신 각 원소를 ±τ/√n으로 자르면(같은 길이 예산, "
        "가중치 n = {n}개) 코사인이 {cos_value:.4f}로 방향이 바뀝니다.",
    ),
    "gradients.clip_read": (
        "Bars on a log scale. Clipping by norm lands exactly on τ whenever the gradient was longer; clipping by "
        "value lands near τ too, but bends the gradient's direction.",
        "막대는 로그 스케일입니다. 노름 클리핑은 기울기가 τ보다 길면 정확히 τ가 됩니다. 값 클리핑도 τ 근처가 되지만 "
        "기울기의 방향을 휘게 합니다.",
    ),
    # training
    "gradients.train_intro": (
        "The adding problem: each step carries a random number in [0, 1] and a marker; exactly two steps are "
        "marked, and the target is the sum of the two marked numbers. Always guessing the mean (1) scores "
        "MSE = 1/6 ≈ 0.167, the chance line. A vanilla tanh RNN and an LSTM (forget bias 1) train with the "
        "same data, seed and budget (Adam, learning rate 0.01, 64 sequences per step); every step records "
        "‖∂Loss/∂h_t‖ for all t.",
        "덧셈 문제: 각 시점에는 [0, 1] 사이의 난수와 표시가 있고, 정확히 두 시점에 표시가 붙으며, 목표는 표시된 두 수의 "
        "합입니다. 늘 평균(1)으로 답하면 MSE = 1/6 ≈ 0.167이며 이것이 우연 수준입니다. 기본 tanh RNN과 LSTM(망각 "
        "편향 1)을 같은 데이터, 시드, 예산(Adam, 학습률 0.01, 학습 스텝마다 시퀀스 64개)으로 학습하고, 학습 스텝마다 모든 t의 "
        "‖∂Loss/∂h_t‖를 기록합니다.",
    ),
    "gradients.train_length": ("Sequence length (adding problem)", "시퀀스 길이 (덧셈 문제)"),
    "gradients.train_steps": ("Training steps (same for both)", "학습 스텝 (둘 다 같음)"),
    "gradients.train_button": ("Train both models", "두 모델 학습하기"),
    "gradients.train_wait": (
        "Press the button to train. It runs in chunks of {chunk} steps with a progress bar; results are kept, "
        "so the same setting reopens instantly.",
        "버튼을 누르면 학습합니다. {chunk} 학습 스텝씩 나누어 진행 막대와 함께 실행되며, 결과를 저장해 두므로 같은 설정은 "
        "바로 다시 열립니다.",
    ),
    "gradients.train_progress": (
        "Training: step {step} of {steps}",
        "학습 중: {steps} 학습 스텝 중 {step}",
    ),
    "gradients.w.heat_x": ("time step t", "시점 t"),
    "gradients.w.heat_y": ("training step", "학습 스텝"),
    "gradients.w.colorbar_train": ("log10 ‖∂Loss/∂h_t‖", "log10 ‖∂Loss/∂h_t‖"),
    "gradients.heat_read": (
        "Each row is one training step, each column a time step of the sequence; brighter = larger gradient. "
        "Dark on the left means the early steps (where the first marked number often sits) receive almost no "
        "learning signal. Watch the LSTM's left side brighten when it finds a memory, just before its loss drops.",
        "각 행은 학습 스텝 하나, 각 열은 시퀀스의 시점 하나이며, 밝을수록 기울기가 큽니다. 왼쪽이 어두우면 첫 번째 "
        "표시된 수가 자주 놓이는 앞쪽 시점이 학습 신호를 거의 받지 못한다는 뜻입니다. LSTM이 기억하는 법을 찾으면 손실이 "
        "떨어지기 직전에 왼쪽이 밝아집니다.",
    ),
    "gradients.w.loss_y": ("training MSE (log scale)", "학습 MSE (로그 스케일)"),
    "gradients.w.loss_x": ("training step", "학습 스텝"),
    "gradients.w.baseline": ("chance: predict the mean, MSE 1/6", "우연 수준: 평균 예측, MSE 1/6"),
    "gradients.loss_read": (
        "Thin lines are single batches, thick lines a 20-step running mean. Staying on the dashed line means the "
        "model learned nothing beyond the average. The LSTM usually sits on it for a few hundred steps before it "
        "finds how to keep the first marked number.",
        "얇은 선은 배치 하나, 굵은 선은 20 학습 스텝 이동 평균입니다. 점선에 머문다면 평균 이상은 배우지 못했다는 뜻입니다. "
        "LSTM은 보통 몇백 학습 스텝 동안 점선에 머물다가 첫 번째 표시된 수를 간직하는 법을 찾아냅니다.",
    ),
    "gradients.train_result": (
        "Test MSE on 1000 fresh sequences: vanilla RNN {rnn:.4f}, LSTM {lstm:.4f} (chance {baseline:.4f}).",
        "새로 만든 시퀀스 1000개의 테스트 MSE: 기본 RNN {rnn:.4f}, LSTM {lstm:.4f} (우연 수준 {baseline:.4f}).",
    ),
    "gradients.computing": ("Computing for all three cells…", "세 셀 모두 계산하는 중…"),
    # errors
    "gradients.err_length": (
        "The sequence length must be between {lo} and {hi} steps (got {value}).",
        "시퀀스 길이는 {lo}~{hi} 시점이어야 합니다(입력값 {value}).",
    ),
    "gradients.err_hidden": (
        "The hidden size must be between 1 and {hi} (got {value}).",
        "은닉 크기는 1~{hi}이어야 합니다(입력값 {value}).",
    ),
    "gradients.err_scale": (
        "The scale must be a number between 0 and 10 (got {value}).",
        "배율은 0~10 사이의 수여야 합니다(입력값 {value}).",
    ),
    "gradients.err_choice": ("Unknown option.", "알 수 없는 선택지입니다."),
    "gradients.err_empty_text": (
        "The sentence is empty: type a few words to see which of them the last output still depends on.",
        "문장이 비어 있습니다. 단어를 몇 개 입력하면 마지막 출력이 아직 어떤 단어에 의존하는지 볼 수 있습니다.",
    ),
    "gradients.err_no_tokens": (
        "No words found: only letters, digits and _ make words here (punctuation is skipped).",
        "단어가 없습니다. 여기서는 글자, 숫자, _만 단어가 됩니다(문장부호는 건너뜀).",
    ),
    "gradients.err_short_text": ("Type at least {lo} words.", "최소 {lo}단어를 입력하세요."),
    "gradients.err_many_tokens": (
        "The sentence has {n} words; up to {hi} fit on one line. Shorten it.",
        "문장이 {n}단어입니다. 한 줄에는 {hi}단어까지 들어갑니다. 줄여 주세요.",
    ),
    "gradients.err_jacobian_hidden": (
        "Full Jacobians are computed for H ≤ {hi} only.",
        "전체 야코비안은 H ≤ {hi}일 때만 계산합니다.",
    ),
    "gradients.err_threshold": (
        "The threshold must be a positive number.",
        "임계값은 양수여야 합니다.",
    ),
    "gradients.err_clip_overflow": (
        "The gradient itself overflowed (inf), so there is nothing to clip: lower the scale or the length.",
        "기울기 자체가 넘쳐(inf) 클리핑할 것이 없습니다. 배율이나 길이를 줄이세요.",
    ),
    "gradients.err_steps": (
        "Training steps must be between 1 and {hi}.",
        "학습 스텝은 1~{hi}이어야 합니다.",
    ),
}
