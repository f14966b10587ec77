"""Strings of the "Train live" page."""

STRINGS = {
    "train.title": ("Train live", "실시간 학습"),
    "train.intro": (
        "Pick a task and a model, press **Start**, and watch a small recurrent network learn "
        "on this server's CPU. The loss chart shows the level a model *without* the right "
        "memory reaches (dashed lines): a network earns its keep only below them. Runs stay in "
        "this session, so you can compare models on the same data, seed and step budget.",
        "과제와 모델을 고르고 **시작**을 누르면, 작은 순환 신경망이 이 서버의 CPU에서 학습하는 "
        "모습을 지켜볼 수 있습니다. 손실 그래프의 점선은 알맞은 기억이 *없는* 모델이 도달하는 "
        "수준입니다. 신경망은 그 선 아래로 내려가야 제 몫을 한 것입니다. 실행 기록은 이 세션에 "
        "남으므로 같은 데이터, 난수 시드, 학습 스텝 예산으로 여러 모델을 비교할 수 있습니다.",
    ),
    # --- controls
    "train.h_task": ("1 · Task", "1 · 과제"),
    "train.h_model": ("2 · Model", "2 · 모델"),
    "train.h_training": ("3 · Training", "3 · 학습 설정"),
    "train.task": ("Task", "과제"),
    "train.task.forecast": ("Forecast a time series", "시계열 예측"),
    "train.task.charlm": ("Character language model", "문자 단위 언어 모델"),
    "train.task.adding": ("Adding problem (memory)", "덧셈 문제 (기억)"),
    "train.task.copy": ("Copy memory", "복사 기억"),
    "train.task.tagging": ("Tagging that needs the future", "뒤를 봐야 하는 태깅"),
    "train.about.forecast": (
        "The model sees a window of recent values and predicts the next one (one step ahead). "
        "The last 20 % of the series is kept for validation.",
        "모델은 최근 값들의 창(window)을 보고 바로 다음 값을 예측합니다(한 시점 앞 예측). "
        "시계열의 마지막 20 %는 검증용으로 남겨 둡니다.",
    ),
    "train.about.charlm": (
        "The model reads text one character at a time and predicts the next character. "
        "Training uses truncated backpropagation through time: the text is cut into parallel "
        "streams (at most the batch size, and few enough that each is at least 8 chunks long); "
        "the state flows on between chunks, the gradient does not.",
        "모델은 글을 한 글자씩 읽고 다음 글자를 예측합니다. 학습에는 잘린 BPTT(truncated "
        "BPTT)를 씁니다. 글을 여러 개의 나란한 흐름으로 자르는데, 흐름의 수는 배치 크기를 넘지 "
        "않고 흐름마다 조각이 8개 이상 되도록 정합니다. 상태는 조각 사이로 이어지지만 기울기는 "
        "조각 경계에서 끊깁니다.",
    ),
    "train.about.adding": (
        "Each step carries a random number and a marker; exactly two steps are marked. The "
        "target is the sum of the two marked numbers, so the model must remember the first one "
        "until the end. Guessing the mean (1) scores MSE 1/6.",
        "각 시점에는 난수와 표시가 있고, 정확히 두 시점에만 표시가 있습니다. 목표는 표시된 두 "
        "수의 합이므로, 모델은 첫 번째 수를 끝까지 기억해야 합니다. 평균(1)을 답하면 MSE는 "
        "1/6입니다.",
    ),
    "train.about.copy": (
        "Ten symbols, then a long wait, then a signal: the model must repeat the ten symbols. "
        "Without memory the best is to output blanks and then guess, which scores "
        "10·ln(symbols)/(T+20) (Arjovsky et al., 2016). Fewer symbols learn faster on a CPU.",
        "기호 열 개, 긴 기다림, 그리고 신호가 옵니다. 모델은 그 열 개의 기호를 되풀이해야 "
        "합니다. 기억이 없으면 빈칸을 내다가 무작위로 고르는 것이 최선이고, 그 손실은 "
        "10·ln(기호 수)/(T+20)입니다 (Arjovsky 외, 2016). 기호 수가 적으면 CPU에서도 빨리 "
        "배웁니다.",
    ),
    "train.about.tagging": (
        "Tag each word as a person (PER), a place (LOC) or other (O). *Jordan scored* is a "
        "person, *Jordan borders Syria* a place: the clue comes after the name. A "
        "left-to-right model cannot beat the dashed line; turn on **bidirectional** to see it "
        "fall below.",
        "각 단어에 사람(PER), 장소(LOC), 기타(O) 태그를 붙입니다. *Jordan scored*의 Jordan은 "
        "사람이고, *Jordan borders Syria*의 Jordan은 장소입니다. 단서가 이름 뒤에 옵니다. "
        "왼쪽에서 오른쪽으로만 읽는 모델은 점선 아래로 내려갈 수 없습니다. **양방향**을 켜면 "
        "그 아래로 내려갑니다.",
    ),
    "train.source": ("Series", "시계열"),
    "train.source.sine": ("Sine wave", "사인파"),
    "train.source.sines_noise": ("Sum of sines + noise", "사인파의 합 + 잡음"),
    "train.source.ar": ("AR(3) process", "AR(3) 과정"),
    "train.source.sunspots": ("Sunspots 1700–2008 (yearly)", "태양 흑점 1700–2008 (연간)"),
    "train.source.co2": ("Mauna Loa CO₂ 1958–2001 (monthly)", "마우나로아 CO₂ 1958–2001 (월간)"),
    "train.source.csv": ("My CSV file", "내 CSV 파일"),
    "train.window": ("Window (values the model sees)", "창 길이 (모델이 보는 값의 수)"),
    "train.length": ("Sequence length T", "시퀀스 길이 T"),
    "train.delay": ("Delay T", "지연 T"),
    "train.symbols": ("Symbols", "기호 수"),
    "train.csv_upload": ("CSV file (first row: column names)", "CSV 파일 (첫 줄: 열 이름)"),
    "train.csv_column": ("Column to forecast", "예측할 열"),
    "train.csv_needed": (
        "Upload a CSV file to forecast your own series.",
        "자신의 시계열을 예측하려면 CSV 파일을 올리세요.",
    ),
    "train.txt_upload": ("Your own .txt (optional)", "내 .txt 파일 (선택)"),
    "train.text_default": (
        "Using the built-in text about recurrent networks ({chars} characters).",
        "순환 신경망에 관한 내장 글을 씁니다 ({chars}자).",
    ),
    "train.text_custom": (
        "Using your text ({chars} characters, {vocab} distinct).",
        "올린 글을 씁니다 ({chars}자, 서로 다른 문자 {vocab}개).",
    ),
    "train.cell": ("Cell", "셀"),
    "train.cell.rnn_tanh": ("Vanilla RNN (tanh)", "기본 RNN (tanh)"),
    "train.cell.rnn_relu": ("Vanilla RNN (ReLU)", "기본 RNN (ReLU)"),
    "train.cell.lstm": ("LSTM", "LSTM"),
    "train.cell.gru": ("GRU", "GRU"),
    "train.cell.mlp": (
        "Feed-forward on the window (no memory)",
        "창을 보는 피드포워드 신경망 (기억 없음)",
    ),
    "train.short.rnn_tanh": ("RNN", "RNN"),
    "train.short.rnn_relu": ("RNN-ReLU", "RNN-ReLU"),
    "train.short.lstm": ("LSTM", "LSTM"),
    "train.short.gru": ("GRU", "GRU"),
    "train.short.mlp": ("FFN", "FFN"),
    "train.hidden": ("Hidden size", "은닉 크기"),
    "train.layers": ("Layers", "층 수"),
    "train.bidir": ("Bidirectional", "양방향"),
    "train.bidir_off": (
        "The language model reads left to right only (reading back would see the answer).",
        "언어 모델은 왼쪽에서 오른쪽으로만 읽습니다 (거꾸로 읽으면 답을 보게 됩니다).",
    ),
    "train.dropout": ("Dropout between layers", "층 사이 드롭아웃"),
    "train.optimizer": ("Optimiser", "옵티마이저"),
    "train.opt.sgd": ("SGD", "SGD"),
    "train.opt.adam": ("Adam", "Adam"),
    "train.opt.rmsprop": ("RMSprop", "RMSprop"),
    "train.lr": ("Learning rate", "학습률"),
    "train.batch": ("Batch size", "배치 크기"),
    "train.clip": ("Gradient clipping (max norm, 0 = off)", "기울기 클리핑 (최대 노름, 0 = 끔)"),
    "train.bptt": ("Truncated-BPTT length", "잘린 BPTT 길이"),
    "train.steps": ("Step budget", "학습 스텝 예산"),
    "train.caps": (
        "Each run stops at its step budget or after {seconds:.0f} s of training.",
        "각 실행은 학습 스텝 예산에 이르거나 학습 {seconds:.0f}초가 지나면 멈춥니다.",
    ),
    "train.session_cap": (
        "This session has used its {minutes:.0f} minutes of training time. Reload the page to "
        "start a new session.",
        "이 세션은 학습 시간 {minutes:.0f}분을 모두 썼습니다. 새 세션을 시작하려면 페이지를 "
        "새로 고치세요.",
    ),
    # --- buttons and status
    "train.start": ("▶ Start", "▶ 시작"),
    "train.pause": ("⏸ Pause", "⏸ 일시정지"),
    "train.step": ("+{n} steps", "+{n} 학습 스텝"),
    "train.reset": ("↺ Reset all", "↺ 모두 초기화"),
    "train.compare": ("Compare RNN · LSTM · GRU", "RNN · LSTM · GRU 비교"),
    "train.compare_help": (
        "Starts RNN, LSTM and GRU runs (for forecasting also the memoryless feed-forward "
        "network) with the same data, seed and step budget; they take turns on the CPU.",
        "같은 데이터, 난수 시드, 학습 스텝 예산으로 RNN, LSTM, GRU 실행(예측 과제에서는 기억 "
        "없는 피드포워드 신경망도)을 시작합니다. 실행들은 CPU를 번갈아 씁니다.",
    ),
    "train.waiting": (
        "Waiting: {busy} of {capacity} training slots on this server are in use. Yours starts "
        "as soon as one frees up.",
        "대기 중입니다. 이 서버의 학습 자리 {capacity}개 중 {busy}개가 사용 중입니다. 자리가 "
        "나면 바로 시작합니다.",
    ),
    "train.nothing": (
        "No run yet: press **Start** (or **Compare**).",
        "아직 실행이 없습니다. **시작**(또는 **비교**)을 누르세요.",
    ),
    "train.m_step": ("Step", "학습 스텝"),
    "train.m_rate": ("Steps / s", "초당 학습 스텝"),
    "train.m_val": ("Validation loss", "검증 손실"),
    "train.m_wall": ("Training time", "학습 시간"),
    "train.status.running": ("running", "학습 중"),
    "train.status.paused": ("paused", "일시정지"),
    "train.status.finished": ("finished", "완료"),
    "train.status.diverged": ("diverged (loss became NaN/inf)", "발산 (손실이 NaN/inf가 됨)"),
    "train.diverged": (
        "This run diverged: the loss became infinite. Lower the learning rate or turn on "
        "gradient clipping.",
        "이 실행은 발산했습니다. 손실이 무한대(또는 NaN)가 되었습니다. 학습률을 낮추거나 "
        "기울기 클리핑을 켜세요.",
    ),
    # --- charts
    "train.loss_title": ("Loss", "손실"),
    "train.log_y": ("Log scale", "로그 눈금"),
    "train.read_loss": (
        "Thin lines: training loss per step (averaged into bins); thick lines with dots: "
        "validation loss on data never used for training. Dashed grey lines: baselines. "
        "Forecasting losses are in units of the series' variance; text and tags in nats per "
        "symbol.",
        "가는 선은 학습 스텝마다의 학습 손실(구간 평균)이고, 점이 있는 굵은 선은 학습에 쓰지 "
        "않은 데이터의 검증 손실입니다. 회색 점선은 기준선입니다. 예측 손실은 시계열 분산 "
        "단위이고, 글과 태그의 손실은 기호당 nat 단위입니다.",
    ),
    "train.read_baselines": (
        "Before training: the loss levels to beat on this task. A model that ends above a "
        "dashed line has not learned what that baseline already knows.",
        "학습 전: 이 과제에서 넘어서야 할 손실 수준입니다. 학습이 끝나도 점선 위에 있는 모델은 "
        "그 기준선이 이미 아는 것도 배우지 못한 것입니다.",
    ),
    "train.grad_title": ("Gradient norm", "기울기 노름"),
    "train.read_grad": (
        "The norm of the whole gradient before clipping (orange) and after it (dotted blue). "
        "Spikes far above the clipping line are exploding gradients; clipping rescales them "
        "down to the line.",
        "클리핑 전(주황)과 후(파란 점선)의 전체 기울기 노름입니다. 클리핑 선보다 훨씬 높이 "
        "솟은 값이 기울기 폭발이며, 클리핑은 그 값을 선까지 줄입니다.",
    ),
    "train.view_title": ("What the model does now", "지금 모델이 하는 일"),
    "train.read_forecast": (
        "Right of the dashed line: the validation part. Black: the truth; orange: the model's "
        "one-step forecasts; dotted grey: last value; dashed purple: the fitted linear AR "
        "model.",
        "점선 오른쪽이 검증 구간입니다. 검정은 실제 값, 주황은 모델의 한 시점 앞 예측, 회색 "
        "점선은 마지막 값, 보라 파선은 최소제곱으로 맞춘 선형 자기회귀 모델(AR)입니다.",
    ),
    "train.read_adding": (
        "Each dot is one validation sequence: the true sum against the model's answer. On the "
        "diagonal the model is right; on the flat dotted line it only guesses the mean.",
        "점 하나가 검증 시퀀스 하나이며, 실제 합과 모델의 답을 나타냅니다. 대각선 위에 있으면 "
        "정답이고, 평평한 점선 위에 있으면 모델이 평균만 답하는 것입니다.",
    ),
    "train.read_copy": (
        "For four validation sequences: the symbols shown at the start, and below them what "
        "the model recalled after the delay (green right, red wrong, · a blank).",
        "검증 시퀀스 네 개에 대해, 처음에 보여 준 기호와 그 아래에 지연 뒤 모델이 떠올린 "
        "기호를 보여 줍니다(초록은 정답, 빨강은 오답, ·은 빈칸).",
    ),
    "train.read_tagging": (
        "Validation sentences with an ambiguous name. Each word shows the predicted tag and "
        "confidence; a red box marks a wrong tag, with the right one after the arrow.",
        "모호한 이름이 든 검증 문장들입니다. 단어마다 예측 태그와 확신도를 보여 주고, 틀린 "
        "태그는 빨간 테두리와 화살표 뒤의 정답으로 표시합니다.",
    ),
    "train.samples": ("Sampled text", "생성한 글"),
    "train.temperature": ("Temperature", "온도"),
    "train.read_samples": (
        "The first 8 characters come from the validation text; the rest is sampled one "
        "character at a time. Low temperature: safe, repetitive; high: adventurous, misspelt.",
        "처음 8글자는 검증 글에서 가져오고, 나머지는 한 글자씩 샘플링합니다. 온도가 낮으면 "
        "안전하고 반복적이며, 높으면 대담하고 철자가 틀립니다.",
    ),
    "train.hidden_title": ("Hidden state on a probe input", "관찰용 입력에 대한 은닉 상태"),
    "train.read_hidden": (
        "Rows: hidden units of the top layer; columns: time steps of one validation input (★ "
        "marks the adding problem's marked steps). Red is positive, blue negative.",
        "행은 맨 위 층의 은닉 유닛이고, 열은 관찰용 입력(검증 입력 하나)의 시점입니다(★는 덧셈 "
        "문제에서 표시된 시점). 빨강은 양수, 파랑은 음수입니다.",
    ),
    "train.no_hidden": (
        "The feed-forward model has no hidden state to show.",
        "피드포워드 모델에는 보여 줄 은닉 상태가 없습니다.",
    ),
    "train.unit": ("Hidden unit to colour the text by", "글을 칠할 은닉 유닛"),
    "train.read_unit": (
        "Each character's background is this unit's activation after reading it (red positive, "
        "blue negative). Look for units that track quotes, word ends or line breaks.",
        "각 글자의 배경색은 그 글자를 읽은 뒤 이 유닛의 활성값입니다(빨강은 양수, 파랑은 "
        "음수). 따옴표, 단어 끝, 줄바꿈을 따라가는 유닛을 찾아보세요.",
    ),
    # --- baselines
    "train.base.last_value": ("last value", "마지막 값"),
    "train.base.ar": ("linear AR", "선형 AR"),
    "train.base.uniform": ("uniform guess", "균등 분포 추측"),
    "train.base.ngram": ("best n-gram", "최선의 n-그램"),
    "train.base.mean": ("predict the mean (1/6)", "평균 예측 (1/6)"),
    "train.base.memoryless": ("no memory", "기억 없음"),
    "train.base.left_to_right": ("best left-to-right", "왼쪽→오른쪽 모델의 최선"),
    # --- figure words
    "train.w_train": ("train", "학습"),
    "train.w_val": ("validation", "검증"),
    "train.w_step": ("step", "학습 스텝"),
    "train.w_loss": ("loss", "손실"),
    "train.w_before": ("before clipping", "클리핑 전"),
    "train.w_after": ("after clipping", "클리핑 후"),
    "train.w_clip": ("clip", "클리핑"),
    "train.w_norm": ("‖gradient‖", "‖기울기‖"),
    "train.w_history": ("training part", "학습 구간"),
    "train.w_truth": ("truth", "실제 값"),
    "train.w_last_value": ("last value", "마지막 값"),
    "train.w_ar": ("AR", "AR"),
    "train.w_model": ("model", "모델"),
    "train.w_split": ("validation →", "검증 →"),
    "train.w_time": ("time step", "시점"),
    "train.w_value": ("value", "값"),
    "train.w_perfect": ("perfect", "정답"),
    "train.w_mean": ("mean guess", "평균 추측"),
    "train.w_shown": ("shown", "보여 준 기호"),
    "train.w_recalled": ("recalled", "떠올린 기호"),
    "train.w_position": ("position", "위치"),
    "train.w_unit": ("unit", "유닛"),
    "train.w_legend": ("tags", "태그"),
    # --- runs
    "train.runs_title": ("Runs in this session", "이 세션의 실행"),
    "train.col.run": ("run", "실행"),
    "train.col.task": ("task", "과제"),
    "train.col.model": ("model", "모델"),
    "train.col.parameters": ("parameters", "파라미터 수"),
    "train.col.steps": ("steps", "학습 스텝"),
    "train.col.wall_s": ("time (s)", "시간 (초)"),
    "train.col.steps_per_s": ("steps/s", "초당 학습 스텝"),
    "train.col.train_loss": ("train loss", "학습 손실"),
    "train.col.val_loss": ("val. loss", "검증 손실"),
    "train.col.perplexity": ("perplexity", "퍼플렉서티"),
    "train.col.copy_accuracy": ("copy accuracy", "복사 정확도"),
    "train.col.ambiguous_accuracy": ("accuracy on ambiguous names", "모호한 이름 정확도"),
    "train.col.status": ("status", "상태"),
    "train.download_model": ("⬇ Download the latest model (.pt)", "⬇ 최근 모델 내려받기 (.pt)"),
    "train.upload_model": ("Load a model trained here (.pt)", "여기서 학습한 모델 불러오기 (.pt)"),
    "train.upload_ok": (
        "Loaded {label}: it continues from its weights when you press Start.",
        "{label}을(를) 불러왔습니다. 시작을 누르면 그 가중치에서 이어서 학습합니다.",
    ),
    # --- errors
    "train.csv_unreadable": (
        "This CSV file could not be read: {detail}",
        "이 CSV 파일을 읽을 수 없습니다: {detail}",
    ),
    "train.csv_no_rows": ("The CSV file has no rows of data.", "CSV 파일에 데이터 행이 없습니다."),
    "train.csv_no_column": (
        "There is no column named {column!r}.",
        "{column!r}라는 열이 없습니다.",
    ),
    "train.csv_non_numeric": (
        "Column {column!r} has {count} value(s) that are not numbers; the first is {value!r} "
        "in row {row}.",
        "{column!r} 열에 숫자가 아닌 값이 {count}개 있습니다. 첫 번째는 {row}행의 {value!r}입니다.",
    ),
    "train.csv_nan": (
        "Column {column!r} has {count} empty value(s), the first in row {row}. Fill or remove "
        "them and upload again.",
        "{column!r} 열에 빈 값이 {count}개 있고, 첫 번째는 {row}행입니다. 채우거나 지운 뒤 "
        "다시 올리세요.",
    ),
    "train.csv_infinite": (
        "Column {column!r} contains infinite values.",
        "{column!r} 열에 무한대 값이 있습니다.",
    ),
    "train.csv_too_few": (
        "{rows} values are too few for a window of {window}: at least {needed} are needed "
        "(training windows plus a validation part).",
        "값 {rows}개는 창 길이 {window}에 너무 적습니다. 최소 {needed}개가 필요합니다(학습 "
        "창과 검증 구간).",
    ),
    "train.csv_constant": (
        "Column {column!r} never changes, so there is nothing to forecast.",
        "{column!r} 열의 값이 변하지 않아 예측할 것이 없습니다.",
    ),
    "train.text_too_big": (
        "The text file is larger than {limit_kb} kB.",
        "글 파일이 {limit_kb} kB보다 큽니다.",
    ),
    "train.text_too_short": (
        "The text has {chars} characters; at least {needed} are needed.",
        "글이 {chars}자입니다. 최소 {needed}자가 필요합니다.",
    ),
    "train.text_vocab": (
        "The text uses {distinct} different characters; at most {limit} are allowed for a "
        "character model this small.",
        "글에 서로 다른 문자가 {distinct}개 있습니다. 이 작은 문자 모델은 최대 {limit}개까지 "
        "다룹니다.",
    ),
    "train.mlp_forecast_only": (
        "The feed-forward baseline exists for forecasting only.",
        "피드포워드 기준 모델은 예측 과제에서만 쓸 수 있습니다.",
    ),
    "train.upload_not_ours": (
        "This checkpoint was not saved by the Train live page.",
        "이 체크포인트는 실시간 학습 페이지에서 저장한 것이 아닙니다.",
    ),
    "train.upload_other_task": (
        "This model was trained on the task {theirs!r}; choose that task first (now: {ours!r}).",
        "이 모델은 {theirs!r} 과제로 학습했습니다. 먼저 그 과제를 고르세요 (지금: {ours!r}).",
    ),
    "train.upload_vocab": (
        "This language model was trained on a text with other characters.",
        "이 언어 모델은 다른 문자로 된 글로 학습했습니다.",
    ),
    "train.upload_shapes": (
        "The weights do not fit the model this checkpoint describes: {detail}",
        "가중치가 체크포인트가 설명하는 모델과 맞지 않습니다: {detail}",
    ),
    "train.csv_decimal_comma": (
        "Row {row} ({value!r}) has more cells than the header has names: a comma seems to be "
        "the decimal mark. Save the file with ';' between columns, or with '.' as the decimal "
        "point.",
        "{row}행({value!r})의 칸 수가 머리글의 열 이름 수보다 많습니다. 쉼표가 소수점으로 쓰인 "
        "것 같습니다. 열 사이를 ';'로 구분하거나 소수점을 '.'으로 바꿔 저장한 뒤 다시 올리세요.",
    ),
    "train.csv_ragged": (
        "Row {row} ({value!r}) has {cells} cells, but the header names only {names} columns.",
        "{row}행({value!r})에는 칸이 {cells}개 있지만 머리글에는 열 이름이 {names}개뿐입니다.",
    ),
    "train.csv_extreme": (
        "The values of this column are too large to train on (near the limit of floating-point "
        "numbers). Divide them by a power of ten and upload again.",
        "이 열의 값은 너무 커서(부동소수점 수의 한계 근처) 학습할 수 없습니다. 10의 "
        "거듭제곱으로 나눈 뒤 다시 올리세요.",
    ),
    "train.text_blank": (
        "The text file holds only spaces and line breaks.",
        "글 파일에 공백과 줄바꿈만 있습니다.",
    ),
    # --- checkpoint uploads
    "train.upload_type": (
        "The checkpoint's {field} is {value}, but it must be of type `{expected}`.",
        "체크포인트의 {field} 값이 {value}입니다. `{expected}` 형이어야 합니다.",
    ),
    "train.upload_range": (
        "The checkpoint's {field} is {value}; this page allows {low} to {high}.",
        "체크포인트의 {field} 값이 {value}입니다. 이 페이지는 {low}부터 {high}까지만 허용합니다.",
    ),
    "train.upload_choice": (
        "The checkpoint's {field} is {value}; it must be one of: {choices}.",
        "체크포인트의 {field} 값이 {value}입니다. 다음 중 하나여야 합니다: {choices}.",
    ),
    "train.upload_missing": (
        "The checkpoint's config has no {field}.",
        "체크포인트 설정에 {field} 항목이 없습니다.",
    ),
    "train.upload_extra": (
        "The checkpoint's config has an unknown entry {field}.",
        "체크포인트 설정에 알 수 없는 항목 {field}이(가) 있습니다.",
    ),
    "train.pt_objects": (
        "This file contains Python objects besides weights. It was refused without running "
        "anything: only checkpoints downloaded from this page can be loaded.",
        "이 파일에는 가중치 말고도 파이썬 객체가 들어 있습니다. 아무것도 실행하지 않고 "
        "거부했습니다. 이 페이지에서 내려받은 체크포인트만 불러올 수 있습니다.",
    ),
    "train.pt_pickle": (
        "This file is a plain Python pickle, not a PyTorch checkpoint. Only checkpoints "
        "downloaded from this page can be loaded.",
        "이 파일은 PyTorch 체크포인트가 아니라 일반 파이썬 pickle 파일입니다. 이 페이지에서 "
        "내려받은 체크포인트만 불러올 수 있습니다.",
    ),
    "train.pt_zip": (
        "This file is a zip archive, but not a PyTorch checkpoint (or it is damaged). Only "
        "checkpoints downloaded from this page can be loaded.",
        "이 파일은 zip 압축 파일이지만 PyTorch 체크포인트가 아닙니다(또는 손상되었습니다). 이 "
        "페이지에서 내려받은 체크포인트만 불러올 수 있습니다.",
    ),
    "train.pt_not_torch": (
        "This file is not a PyTorch checkpoint (or it is damaged). Only checkpoints downloaded "
        "from this page can be loaded.",
        "이 파일은 PyTorch 체크포인트가 아닙니다(또는 손상되었습니다). 이 페이지에서 내려받은 "
        "체크포인트만 불러올 수 있습니다.",
    ),
}
