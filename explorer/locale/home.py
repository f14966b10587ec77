"""Strings of the home page."""

STRINGS = {
    "home.title": ("RNN Explorer", "RNN 탐색기"),
    "home.intro": (
        "Recurrent networks, **seen working**: every chart on these pages is computed live, on this computer, "
        "by a real PyTorch model — nothing is a recorded animation. Start with *Unroll* and follow the path "
        "below: it runs in the order of the lecture notes, from one recurrent step to attention.",
        "순환 신경망이 **작동하는 모습**을 직접 봅니다. 이 페이지들의 모든 차트는 지금 이 컴퓨터에서 실제 PyTorch "
        "모델이 계산한 것이며, 미리 녹화한 애니메이션이 아닙니다. *펼치기*에서 시작해 아래 순서를 따라가세요. "
        "강의 노트의 순서대로, 순환 셀 하나에서 어텐션까지 이어집니다.",
    ),
    "home.path": ("The learning path", "학습 순서"),
    "home.about.unroll": (
        "Step a vanilla RNN, LSTM or GRU through time and see every number of every step: x_t, h_(t-1), "
        "W_xh·x_t, W_hh·h_(t-1), the gates, c_t and h_t, with the equations filled in.",
        "기본 RNN, LSTM, GRU를 한 시점씩 진행하며 모든 숫자를 봅니다: x_t, h_(t-1), W_xh·x_t, W_hh·h_(t-1), "
        "게이트, c_t, h_t, 그리고 숫자가 채워진 식.",
    ),
    "home.topics.unroll": (
        "Lecture topics: vanilla RNN equations, parameter sharing, problem types (one-to-many, many-to-one, many-to-many), "
        "Embedding + SimpleRNN parameter counts.",
        "강의 주제: 기본 RNN 식, 파라미터 공유, 문제 유형(일대다, 다대일, 다대다), Embedding + SimpleRNN 파라미터 수.",
    ),
    "home.about.lessons": (
        "Ready-made lessons that follow the lecture notes: a lecturer steps through the scenes with a clicker "
        "in presenter view, and every scene has a link a student can open on a laptop or a phone.",
        "강의 노트를 따르는 준비된 수업입니다. 강의자는 발표자 화면에서 클리커로 장면을 넘기고, 장면마다 "
        "학생이 노트북이나 휴대폰으로 여는 링크가 있습니다.",
    ),
    "home.topics.lessons": (
        "Seven lessons: the cell through time, vanishing gradients, the LSTM's gates, time series, seq2seq, "
        "Show, Attend and Tell, and the RNN/LSTM/GRU race.",
        "수업 7개: 시간을 따라가는 셀, 기울기 소실, LSTM의 게이트, 시계열, seq2seq, Show, Attend and Tell, "
        "RNN/LSTM/GRU 경주.",
    ),
    "home.about.gradients": (
        "Watch ‖∂L/∂h_t‖ shrink or grow as the error travels back through time, for an RNN, an LSTM and a GRU on the same input.",
        "오차가 시간을 거슬러 전파될 때 ‖∂L/∂h_t‖가 줄어들거나 커지는 모습을 같은 입력의 RNN, LSTM, GRU로 비교합니다.",
    ),
    "home.topics.gradients": (
        "Lecture topics: BPTT, truncated BPTT, vanishing and exploding gradients, gradient clipping.",
        "강의 주제: BPTT, 잘린 BPTT(truncated BPTT), 기울기 소실과 폭발, 기울기 클리핑.",
    ),
    "home.about.gates": (
        "Switch the gates of trained LSTMs and GRUs open or shut and see which memory breaks.",
        "학습된 LSTM과 GRU의 게이트를 열거나 닫아 어떤 기억이 무너지는지 봅니다.",
    ),
    "home.topics.gates": (
        "Lecture topics: LSTM input, forget and output gates, the cell state, GRU reset and update gates.",
        "강의 주제: LSTM의 입력·망각·출력 게이트, 셀 상태, GRU의 리셋·업데이트 게이트.",
    ),
    "home.about.translation": (
        "A small English→Korean translator: its attention heatmap, beam search, and what happens without attention on long sentences.",
        "작은 영어→한국어 번역기: 어텐션 히트맵, 빔 탐색, 그리고 긴 문장에서 어텐션이 없을 때 생기는 일.",
    ),
    "home.topics.translation": (
        "Lecture topics: seq2seq (encoder–decoder), bidirectional encoders, attention.",
        "강의 주제: seq2seq(인코더–디코더), 양방향 인코더, 어텐션.",
    ),
    "home.about.transformer": (
        "The lecture notes' last chapter: the same sentence through the RNN translator and a small "
        "Transformer, its attention heads, why positions matter, parallel vs sequential speed, and "
        "BERT's masked words.",
        "강의 노트의 마지막 장: 같은 문장을 RNN 번역기와 작은 트랜스포머에 넣어 비교하고, 어텐션 헤드, 위치가 "
        "중요한 이유, 병렬 대 순차 속도, BERT의 가린 단어를 살펴봅니다.",
    ),
    "home.topics.transformer": (
        "Lecture topics: self-attention, multi-head attention, positional encoding, BERT's masked learning.",
        "강의 주제: 셀프 어텐션, 멀티 헤드 어텐션, 위치 인코딩, BERT의 마스크 학습.",
    ),
    "home.about.captioning": (
        "A captioning model describes generated scenes; see where it looks for every word.",
        "캡셔닝 모델이 생성된 장면을 설명합니다. 단어마다 어디를 보는지 확인하세요.",
    ),
    "home.topics.captioning": (
        "Lecture topics: image captioning (one-to-many), Show, Attend and Tell.",
        "강의 주제: 이미지 캡셔닝(일대다), Show, Attend and Tell.",
    ),
    "home.about.train": (
        "Train small RNNs, LSTMs and GRUs live on forecasting, text, memory and tagging tasks, and compare them fairly.",
        "예측, 텍스트, 기억, 태깅 과제에서 작은 RNN, LSTM, GRU를 실시간으로 학습시키고 공정하게 비교합니다.",
    ),
    "home.topics.train": (
        "Lecture topics: time-series windowing, AR and memoryless models, stacked and bidirectional RNNs.",
        "강의 주제: 시계열 윈도우, AR 모델과 기억 없는 모델, 다층(stacked) RNN과 양방향 RNN.",
    ),
    "home.lecture": ("In the lecture hall", "강의실에서"),
    "home.lecture_tips": (
        "- Switch between **English and 한국어** in the sidebar at any time; charts follow.\n"
        "- The **random seed** in the sidebar fixes weights, data and samples on every page, so a demo repeats exactly.\n"
        "- **Copy link to this view** (sidebar) gives a link that reopens the page with the same settings — choose which controls stay visible, or use a ready-made lesson from **Lessons**.\n"
        "- The camera icon above each chart saves it as PNG or SVG (choose in the sidebar); most charts also offer their data as CSV or JSON.",
        "- 사이드바에서 언제든 **English와 한국어**를 바꿀 수 있고, 차트도 함께 바뀝니다.\n"
        "- 사이드바의 **난수 시드**가 모든 페이지의 가중치, 데이터, 샘플을 고정하므로 시연이 똑같이 반복됩니다.\n"
        "- 사이드바의 **이 화면의 링크 복사**로 같은 설정의 페이지를 다시 여는 링크를 얻습니다. 링크에서 보일 컨트롤을 고르거나 **수업** 페이지의 준비된 수업을 쓰세요.\n"
        "- 각 차트 위의 카메라 아이콘으로 PNG 또는 SVG로 저장합니다(형식은 사이드바에서 선택). 대부분의 차트는 데이터도 CSV나 JSON으로 내려받을 수 있습니다.",
    ),
}
