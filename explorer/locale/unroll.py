"""Strings of the Unroll page."""

STRINGS = {
    "unroll.title": ("Unroll a recurrent network", "순환 신경망 펼쳐 보기"),
    "unroll.intro": (
        "A recurrent network reads a sequence one element at a time and carries a **hidden state** "
        "$h_t$ from step to step — a compressed memory of everything read so far. One cell with "
        "**one set of weights** is reused at every step; drawing the steps side by side is called "
        "*unrolling*. Pick a cell and an input, then step through time. Every number below comes from "
        "`models.trace`, our step-by-step re-implementation of the cell, run on the weights of a real "
        "PyTorch module; a test checks that it gives the same outputs as the module itself.",
        "순환 신경망은 시퀀스를 한 원소씩 읽으면서 **은닉 상태** $h_t$를 다음 시점으로 넘깁니다. "
        "은닉 상태는 지금까지 읽은 내용을 압축한 기억입니다. 하나의 셀과 **하나의 가중치 묶음**이 "
        "모든 시점에서 다시 쓰이며, 이 시점들을 옆으로 나란히 그린 것을 *펼치기*(unrolling)라고 합니다. "
        "셀과 입력을 고르고 한 시점씩 진행해 보세요. 아래의 모든 숫자는 셀을 한 시점씩 다시 구현한 "
        "`models.trace`를 실제 PyTorch 모듈의 가중치로 실행해 얻은 값이며, 모듈 자체와 같은 출력을 내는지 "
        "테스트로 확인합니다.",
    ),
    "unroll.cell": ("Cell", "셀"),
    "unroll.activation": ("Activation f (vanilla RNN)", "활성화 함수 f (기본 RNN)"),
    "unroll.hidden": ("Hidden size H", "은닉 크기 H"),
    "unroll.init": ("W_hh initialisation", "W_hh 초기화"),
    "unroll.init.default": ("PyTorch default (uniform ±1/√H)", "PyTorch 기본값 (균등 ±1/√H)"),
    "unroll.init.orthogonal": ("Orthogonal", "직교 행렬"),
    "unroll.init.identity": ("Identity (IRNN)", "단위 행렬 (IRNN)"),
    "unroll.init.gaussian": ("Gaussian N(0, 1/H)", "가우시안 N(0, 1/H)"),
    "unroll.scale": ("Recurrent-weight scale (× W_hh)", "순환 가중치 배율 (× W_hh)"),
    "unroll.scale_help": (
        "Multiplies W_hh after initialisation. Its largest singular value σ_max and spectral radius ρ are shown below.",
        "초기화한 W_hh에 곱하는 값입니다. 가장 큰 특이값 σ_max와 스펙트럼 반지름 ρ가 아래에 표시됩니다.",
    ),
    "unroll.input_kind": ("Input", "입력"),
    "unroll.input.chars": ("Characters of a text", "글자 단위 텍스트"),
    "unroll.input.words": ("Words of a sentence", "단어 단위 문장"),
    "unroll.input.sine": ("A sine series", "사인 시계열"),
    "unroll.encoding": ("Encoding of x_t", "x_t 인코딩"),
    "unroll.encoding.onehot": ("One-hot", "원-핫"),
    "unroll.encoding.embedded": ("Embedded (4 numbers, random table)", "임베딩 (4차원, 무작위 표)"),
    "unroll.text": ("Text", "텍스트"),
    "unroll.text_help": (
        "Characters use the alphabet a–z, space and . , ! ? ' (upper case is lowered); words use the sentence's own words.",
        "글자는 a–z, 공백, . , ! ? ' 를 씁니다(대문자는 소문자로 바뀝니다). 단어는 문장에 나온 단어들로 사전을 만듭니다.",
    ),
    "unroll.sine_length": ("Series length T", "시계열 길이 T"),
    "unroll.metric.sigma": ("σ_max(W_hh)", "σ_max(W_hh)"),
    "unroll.metric.rho": ("spectral radius ρ(W_hh)", "스펙트럼 반지름 ρ(W_hh)"),
    "unroll.metric.steps": ("time steps T", "시점 수 T"),
    "unroll.metric.params": ("parameters (cell + output)", "파라미터 수 (셀 + 출력층)"),
    "unroll.metric_help": (
        "For LSTM/GRU: the largest value over the gate blocks of W_hh.",
        "LSTM/GRU에서는 W_hh 게이트 블록들 중 가장 큰 값입니다.",
    ),
    "unroll.err_empty": (
        "The text is empty: type a word or a sentence.",
        "텍스트가 비어 있습니다. 단어나 문장을 입력하세요.",
    ),
    "unroll.err_no_known_chars": (
        "None of the characters are in the alphabet (a–z, space, . , ! ? '). Not usable: {chars}",
        "알파벳(a–z, 공백, . , ! ? ')에 있는 글자가 하나도 없습니다. 쓸 수 없는 글자: {chars}",
    ),
    "unroll.err_length": (
        "The series length must be between 2 and {cap}.",
        "시계열 길이는 2에서 {cap} 사이여야 합니다.",
    ),
    "unroll.warn_skipped": (
        "Skipped characters outside the alphabet: {chars}. Your text is kept as typed.",
        "알파벳 밖의 글자는 건너뛰었습니다: {chars}. 입력한 텍스트는 그대로 남아 있습니다.",
    ),
    "unroll.warn_truncated": (
        "The input has {n} steps; only the first {cap} are unrolled here.",
        "입력이 {n}개 시점입니다. 여기서는 처음 {cap}개만 펼칩니다.",
    ),
    "unroll.warn_overflow": (
        "The hidden state overflowed (became infinite or NaN) at step t = {t}: the weights are too large for ReLU. "
        "Lower the scale; the charts show the steps that stayed finite.",
        "은닉 상태가 t = {t} 시점에서 넘쳤습니다(무한대 또는 NaN). ReLU에는 가중치가 너무 큽니다. "
        "배율을 낮추세요. 차트에는 유한한 값으로 남은 시점까지만 보입니다.",
    ),
    "unroll.section": ("Section", "보기"),
    "unroll.tab.steps": ("Step through time", "시점별로 보기"),
    "unroll.tab.types": ("Problem types", "문제 유형"),
    "unroll.tab.space": ("State space (2 units)", "상태 공간 (2개 유닛)"),
    "unroll.tab.anatomy": ("Model anatomy", "모델 해부"),
    "unroll.step": ("Time step t", "시점 t"),
    "unroll.reset": ("Reset", "처음으로"),
    "unroll.prev": ("Previous", "이전"),
    "unroll.next": ("Next", "다음"),
    "unroll.play": ("Play", "재생"),
    "unroll.pause": ("Pause", "일시정지"),
    "unroll.reads": (
        "Step t = {t} reads x_t = **{token}**",
        "시점 t = {t}에서 읽는 입력 x_t = **{token}**",
    ),
    "unroll.graph_read": (
        "Time runs left to right. Arrows of one colour are **the same weight matrix** at every step "
        "(parameter sharing); the orange frame is the current step.",
        "시간은 왼쪽에서 오른쪽으로 흐릅니다. 같은 색의 화살표는 모든 시점에서 **같은 가중치 행렬**입니다"
        "(파라미터 공유). 주황색 테두리가 현재 시점입니다.",
    ),
    "unroll.equations": (
        "The equations of this step, with its numbers",
        "이 시점의 식과 실제 숫자",
    ),
    "unroll.equations_big": (
        "With H = {h} the vectors are too long to read in an equation; the table below has every number.",
        "H = {h}이면 식 안의 벡터가 너무 길어 읽기 어렵습니다. 아래 표에 모든 숫자가 있습니다.",
    ),
    "unroll.table": (
        "Every number of step t (one column per hidden unit)",
        "시점 t의 모든 숫자 (열 = 은닉 유닛)",
    ),
    "unroll.table_read": (
        "Rows follow the equations top to bottom: the previous state, each term of the pre-activation "
        "(or each gate), and the new state.",
        "행은 식의 순서를 따릅니다: 이전 상태, 사전 활성화의 각 항(또는 각 게이트), 그리고 새 상태.",
    ),
    "unroll.bars_title": ("Inside step t", "시점 t의 내부"),
    "unroll.bars_read_rnn": (
        "Each unit's pre-activation a_t is the stacked sum of the input term W_xh·x_t, the memory term "
        "W_hh·h_{{t-1}} and the bias; the {sum_colour} line marks the sum and the orange diamond is h_t = f(a_t).",
        "각 유닛의 사전 활성화 a_t는 입력 항 W_xh·x_t, 기억 항 W_hh·h_{{t-1}}, 편향을 쌓은 합입니다. "
        "{sum_colour} 가로선은 그 합, 주황색 마름모는 h_t = f(a_t)입니다.",
    ),
    "unroll.colour.black": ("black", "검은색"),
    "unroll.unit": ("unit {i}", "유닛 {i}"),
    "unroll.sum_legend": ("a_t (sum)", "a_t (합)"),
    "unroll.bars_read_gated": (
        "Bars are gate activations per unit (sigmoid gates between 0 = closed and 1 = open; the candidate in [-1, 1]); "
        "markers show the new cell state c_t (LSTM) and hidden state h_t.",
        "막대는 유닛별 게이트 활성값입니다(시그모이드 게이트는 0 = 닫힘, 1 = 열림, 후보 값은 [-1, 1]). "
        "표시점은 새 셀 상태 c_t(LSTM)와 은닉 상태 h_t입니다.",
    ),
    "unroll.output": ("Output y_t = W_hy·h_t + b_y", "출력 y_t = W_hy·h_t + b_y"),
    "unroll.output_probs": (
        "softmax(y_t), the untrained network's guess of the next token: {guesses}",
        "softmax(y_t), 학습 전 네트워크가 추측한 다음 토큰: {guesses}",
    ),
    "unroll.output_value": (
        "y_t = {value} (an untrained forecast of x_(t+1))",
        "y_t = {value} (학습 전 x_(t+1) 예측값)",
    ),
    "unroll.heatmap_title": (
        "Hidden state h_t, filling in as you step",
        "은닉 상태 h_t (진행할수록 채워집니다)",
    ),
    "unroll.heatmap_read": (
        "Rows are hidden units, columns are time steps; red is positive, blue negative, white zero. "
        "Columns after the current step stay empty until you get there.",
        "행은 은닉 유닛, 열은 시점입니다. 빨강은 양수, 파랑은 음수, 흰색은 0입니다. "
        "현재 시점 이후의 열은 그 시점에 도달할 때까지 비어 있습니다.",
    ),
    "unroll.types_intro": (
        "The same cell solves different problems depending on **where inputs go in and outputs come out**. "
        "All five diagrams are drawn by the same code as the unrolled graph.",
        "같은 셀이라도 **입력이 어디로 들어가고 출력이 어디서 나오는지**에 따라 다른 문제를 풉니다. "
        "다섯 그림 모두 펼친 그래프와 같은 코드로 그렸습니다.",
    ),
    "unroll.type.one_to_one": ("One-to-one", "일대일 (one-to-one)"),
    "unroll.type.one_to_one.example": (
        "No recurrence needed: one input, one output (an ordinary feed-forward classifier).",
        "순환이 필요 없습니다. 입력 하나에 출력 하나입니다(일반적인 피드포워드 신경망 분류기).",
    ),
    "unroll.type.one_to_many": ("One-to-many", "일대다 (one-to-many)"),
    "unroll.type.one_to_many.example": (
        "Image captioning: one image in, a sentence out word by word.",
        "이미지 캡셔닝: 이미지 하나를 넣으면 문장이 단어 단위로 나옵니다.",
    ),
    "unroll.type.many_to_one": ("Many-to-one", "다대일 (many-to-one)"),
    "unroll.type.many_to_one.example": (
        "Sentiment of a review, or tomorrow's value of a time series from a window of past values.",
        "리뷰의 감성 분류, 또는 과거 값의 윈도우로 시계열의 다음 값을 예측.",
    ),
    "unroll.type.many_to_many": ("Many-to-many (aligned)", "다대다 (정렬형)"),
    "unroll.type.many_to_many.example": (
        "Tagging: one label per word (part of speech, named entities).",
        "태깅: 단어마다 레이블 하나 (품사, 개체명).",
    ),
    "unroll.type.encoder_decoder": ("Many-to-many (encoder–decoder)", "다대다 (인코더–디코더)"),
    "unroll.type.encoder_decoder.example": (
        "Translation: the encoder reads the whole sentence into a context c, then a decoder with its own weights writes the translation.",
        "번역: 인코더가 문장 전체를 읽어 문맥 c로 만들고, 자기 가중치를 가진 디코더가 번역문을 씁니다.",
    ),
    "unroll.space_intro": (
        "With only two hidden units, the state h_t is a point in the plane, so we can watch it move. "
        "Grey paths start from points on a circle and get **zero input**: h_t = f(W_hh·h_(t-1) + b), the "
        "network's own dynamics. The orange path is driven by the input chosen above. "
        "Change the scale and the initialisation to see decay, oscillation and saturation.",
        "은닉 유닛이 두 개뿐이면 상태 h_t는 평면 위의 한 점이므로 움직임을 볼 수 있습니다. "
        "회색 경로는 원 위의 점에서 출발해 **입력 없이** h_t = f(W_hh·h_(t-1) + b)를 따릅니다(네트워크 고유의 동역학). "
        "주황색 경로는 위에서 고른 입력으로 구동되는 경로입니다. 배율과 초기화를 바꾸며 감쇠, 진동, 포화를 관찰해 보세요.",
    ),
    "unroll.space_title": ("State space of a 2-unit vanilla RNN", "2개 유닛 기본 RNN의 상태 공간"),
    "unroll.space_autonomous": ("zero input", "입력 없음"),
    "unroll.space_driven": ("driven by the input", "입력으로 구동"),
    "unroll.space_fixed": ("fixed point (settles here)", "고정점 (여기서 멈춤)"),
    "unroll.space_read": (
        "Each marker is one time step. Paths spiralling in mean complex eigenvalues inside the unit circle "
        "(damped oscillation); paths that end at different crosses mean several stable states (the network can hold a bit of memory).",
        "표시점 하나가 한 시점입니다. 나선을 그리며 들어가면 고유값이 단위원 안의 복소수(감쇠 진동)이고, "
        "서로 다른 X 표시에서 멈추면 안정 상태가 여럿이라는 뜻입니다(네트워크가 정보를 조금 기억할 수 있습니다).",
    ),
    "unroll.space_eigen": ("Eigenvalues of W_hh: {values}", "W_hh의 고유값: {values}"),
    "unroll.behaviour.decay": (
        "Verdict: **decay** — with zero input every path settles at the same fixed point without circling; the memory of the start fades.",
        "판정: **감쇠** — 입력이 없으면 모든 경로가 돌지 않고 같은 고정점에 모입니다. 시작점의 기억이 사라집니다.",
    ),
    "unroll.behaviour.damped": (
        "Verdict: **damped oscillation** — every path settles at the same fixed point, but spirals or flips sign on the way in; the memory of the start fades.",
        "판정: **감쇠 진동** — 모든 경로가 같은 고정점에 모이지만, 나선을 그리거나 부호를 바꾸며 들어갑니다. 시작점의 기억이 사라집니다.",
    ),
    "unroll.behaviour.oscillation": (
        "Verdict: **oscillation** — the state never settles: it keeps cycling.",
        "판정: **진동** — 상태가 한 점에 머물지 않고 계속 순환합니다.",
    ),
    "unroll.behaviour.saturation": (
        "Verdict: **several fixed points** — paths settle at different fixed points depending on where they started: the network remembers which side it started on.",
        "판정: **여러 고정점** — 경로가 출발한 곳에 따라 서로 다른 고정점에 멈춥니다. 네트워크가 어느 쪽에서 출발했는지 기억합니다.",
    ),
    "unroll.behaviour.growth": (
        "Verdict: **growth** — some paths run away: they grow without bound or keep drifting outwards at a steady pace.",
        "판정: **증가** — 일부 경로가 끝없이 커지거나 일정한 속도로 계속 바깥으로 밀려갑니다.",
    ),
    "unroll.period": (
        "A path returns to exactly the same point every {p} steps (a period-{p} cycle).",
        "경로가 {p}시점마다 정확히 같은 점으로 돌아옵니다(주기 {p}의 순환).",
    ),
    "unroll.no_period": (
        "The paths keep circling without ever repeating exactly (no period up to 12 steps).",
        "경로가 정확히 반복되지 않으면서 계속 돕니다(12시점 이하의 주기가 없습니다).",
    ),
    "unroll.saturation.tanh": (
        "With tanh the fixed points lie where tanh flattens: there the mean slope |tanh′| is {slope:.3f}, so a gradient "
        "passing back through these states is multiplied by that factor per unit and step, on top of W_hh — this is saturation.",
        "tanh에서는 고정점이 tanh가 평평해지는 곳에 있습니다. 그곳의 평균 기울기 |tanh′|는 {slope:.3f}이므로, 이 상태들을 "
        "거슬러 가는 기울기는 W_hh와 별도로 유닛과 시점마다 그 값이 곱해집니다. 이것이 포화입니다.",
    ),
    "unroll.saturation.sigmoid": (
        "With the sigmoid the fixed points lie where it flattens towards 0 or 1: there the mean slope σ′ is {slope:.3f} "
        "(σ′ is never above 0.25), so a gradient passing back through these states is multiplied by that factor per unit "
        "and step, on top of W_hh.",
        "시그모이드에서는 고정점이 0이나 1 쪽으로 평평해지는 곳에 있습니다. 그곳의 평균 기울기 σ′는 {slope:.3f}이고"
        "(σ′는 0.25를 넘지 않습니다), 이 상태들을 거슬러 가는 기울기는 W_hh와 별도로 유닛과 시점마다 그 값이 곱해집니다.",
    ),
    "unroll.saturation.relu": (
        "ReLU does not flatten for positive inputs: at these fixed points {active:.0%} of the units are active (ReLU′ = 1) "
        "and the rest are dead (ReLU′ = 0, no gradient passes). With W_hh = I and b = 0 every non-negative point is a "
        "fixed point and gradients pass back through the active units exactly unchanged — the IRNN regime.",
        "ReLU는 양수 입력에서 평평해지지 않습니다. 이 고정점들에서 유닛의 {active:.0%}가 활성(ReLU′ = 1)이고 나머지는 "
        "죽은 유닛(ReLU′ = 0, 기울기가 지나가지 못함)입니다. W_hh = I, b = 0이면 음수가 없는 모든 점이 고정점이며, "
        "기울기는 활성 유닛을 지나 정확히 그대로 전달됩니다. 이것이 IRNN 방식입니다.",
    ),
    "unroll.predict.decay": (
        "The eigenvalues predict **decay** for the linear part h ↦ f′(0)·W_hh·h: spectral radius {rho:.3f} < 1 with a positive real leading eigenvalue.",
        "고유값으로 본 예측은 선형 부분 h ↦ f′(0)·W_hh·h의 **감쇠**입니다. 스펙트럼 반지름 {rho:.3f} < 1이고 가장 큰 고유값이 양의 실수입니다.",
    ),
    "unroll.predict.damped": (
        "The eigenvalues predict **damped oscillation** for the linear part h ↦ f′(0)·W_hh·h: spectral radius {rho:.3f} < 1 with a complex or negative leading eigenvalue.",
        "고유값으로 본 예측은 선형 부분 h ↦ f′(0)·W_hh·h의 **감쇠 진동**입니다. 스펙트럼 반지름 {rho:.3f} < 1이고 가장 큰 고유값이 복소수이거나 음수입니다.",
    ),
    "unroll.predict.marginal": (
        "The eigenvalues sit on the unit circle (spectral radius {rho:.3f}): the linear part h ↦ f′(0)·W_hh·h neither grows nor decays, so the activation and the bias decide.",
        "고유값이 단위원 위에 있습니다(스펙트럼 반지름 {rho:.3f}). 선형 부분 h ↦ f′(0)·W_hh·h는 커지지도 작아지지도 않으므로 활성화 함수와 편향이 결과를 정합니다.",
    ),
    "unroll.predict.growth": (
        "The eigenvalues predict **growth** for the linear part h ↦ f′(0)·W_hh·h: spectral radius {rho:.3f} > 1 with a positive real leading eigenvalue.",
        "고유값으로 본 예측은 선형 부분 h ↦ f′(0)·W_hh·h의 **증가**입니다. 스펙트럼 반지름 {rho:.3f} > 1이고 가장 큰 고유값이 양의 실수입니다.",
    ),
    "unroll.predict.flip": (
        "The eigenvalues predict **growing sign flips** for the linear part h ↦ f′(0)·W_hh·h: spectral radius {rho:.3f} > 1 with a negative leading eigenvalue — a bounded activation turns this into a period-2 cycle.",
        "고유값으로 본 예측은 선형 부분 h ↦ f′(0)·W_hh·h가 **부호를 바꾸며 커지는 것**입니다. 스펙트럼 반지름 {rho:.3f} > 1이고 가장 큰 고유값이 음수입니다. 유계인 활성화 함수는 이를 주기 2의 순환으로 바꿉니다.",
    ),
    "unroll.predict.spiral": (
        "The eigenvalues predict **a growing spiral** for the linear part h ↦ f′(0)·W_hh·h: spectral radius {rho:.3f} > 1 with complex eigenvalues — a bounded activation turns this into a sustained cycle.",
        "고유값으로 본 예측은 선형 부분 h ↦ f′(0)·W_hh·h의 **커지는 나선**입니다. 스펙트럼 반지름 {rho:.3f} > 1이고 고유값이 복소수입니다. 유계인 활성화 함수는 이를 계속되는 순환으로 바꿉니다.",
    ),
    "unroll.predict_differs": (
        "The eigenvalues describe only the linear part near h = 0; the activation bends the paths (tanh and the sigmoid bound them, ReLU cuts negative values) and the bias moves the fixed point, so the verdict read from the paths differs here.",
        "고유값은 h = 0 근처의 선형 부분만 설명합니다. 활성화 함수가 경로를 휘게 하고(tanh와 시그모이드는 값을 가두고, ReLU는 음수를 잘라 냅니다) 편향이 고정점을 옮기므로, 여기서는 경로로 읽은 판정이 예측과 다릅니다.",
    ),
    "unroll.space_cell_note": (
        "This view always uses a vanilla RNN (the autonomous map needs a single state vector).",
        "이 보기는 항상 기본 RNN을 씁니다(자율 시스템은 상태 벡터가 하나여야 합니다).",
    ),
    "unroll.anatomy_intro": (
        "How many numbers does a model learn? Counted on real PyTorch modules, under both conventions: "
        "PyTorch gives each recurrent layer **two** bias vectors (b_ih and b_hh), Keras gives SimpleRNN and LSTM **one** "
        "(and GRU two, with `reset_after=True`).",
        "모델은 숫자를 몇 개나 학습할까요? 실제 PyTorch 모듈에서 센 값을 두 관례로 보여 줍니다. "
        "PyTorch는 순환층마다 편향 벡터가 **두 개**(b_ih와 b_hh)이고, Keras의 SimpleRNN과 LSTM은 **한 개**입니다"
        "(GRU는 `reset_after=True`라서 두 개).",
    ),
    "unroll.anatomy.example1": (
        "Lecture example 1: Embedding(10, 5) + SimpleRNN(3)",
        "강의 예제 1: Embedding(10, 5) + SimpleRNN(3)",
    ),
    "unroll.anatomy.example2": (
        "Lecture example 2: Embedding(256, 100) + SimpleRNN(20) + Dense(10)",
        "강의 예제 2: Embedding(256, 100) + SimpleRNN(20) + Dense(10)",
    ),
    "unroll.anatomy.vocab": ("Vocabulary V (0 = no embedding)", "어휘 크기 V (0 = 임베딩 없음)"),
    "unroll.anatomy.embed": (
        "Embedding size E (or input features)",
        "임베딩 크기 E (또는 입력 특성 수)",
    ),
    "unroll.anatomy.layers": ("Stacked layers", "쌓은 층 수"),
    "unroll.anatomy.bidirectional": ("Bidirectional", "양방향"),
    "unroll.anatomy.dense": ("Dense units K (0 = none)", "Dense 유닛 K (0 = 없음)"),
    "unroll.anatomy.layer": ("Layer", "층"),
    "unroll.anatomy.directions": ("×2 directions", "×2 방향"),
    "unroll.anatomy.layer_n": ("layer {n}", "{n}번째 층"),
    "unroll.anatomy.formula_pt": ("PyTorch formula", "PyTorch 식"),
    "unroll.anatomy.formula_keras": ("Keras formula", "Keras 식"),
    "unroll.anatomy.total": (
        "Total: **{pt:,}** parameters in PyTorch, **{keras:,}** in Keras.",
        "합계: PyTorch **{pt:,}**개, Keras **{keras:,}**개.",
    ),
    "unroll.anatomy_read": (
        "I is the layer's input size (E for the first layer, H or 2H above it), H the hidden size; "
        "LSTM has 4 gate blocks, GRU 3, a vanilla RNN 1. The embedding is a lookup table of V·E numbers.",
        "I는 층의 입력 크기(첫 층은 E, 그 위는 H 또는 2H), H는 은닉 크기입니다. "
        "LSTM은 게이트 블록이 4개, GRU는 3개, 기본 RNN은 1개입니다. 임베딩은 V·E개의 숫자로 된 조회표입니다.",
    ),
}
