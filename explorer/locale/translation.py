"""Strings of the Translation attention page."""

STRINGS = {
    "translation.title": ("Translation attention", "번역 어텐션"),
    "translation.intro": (
        "A small sequence-to-sequence translator, trained here on a toy English→Korean grammar and on "
        "dates, runs live on the CPU. An encoder reads the sentence into one vector per word; at every "
        "output word the decoder **attends**: it gives each source word a weight α (the weights sum "
        "to 1) and reads their weighted average. Korean puts the verb last, so the weights must jump "
        "around the English sentence. Without attention (`none`) the whole sentence has to squeeze "
        "through one fixed vector, and long sentences suffer.",
        "작은 시퀀스-투-시퀀스 번역기를 CPU에서 바로 실행합니다. 장난감 영어→한국어 문법과 날짜 표기로 학습했습니다. "
        "인코더는 문장을 단어마다 하나의 벡터로 읽고, 디코더는 출력 단어를 하나 만들 때마다 **어텐션**합니다. "
        "즉 원문 단어마다 가중치 α(합은 1)를 주고 그 가중 평균을 읽습니다. 한국어는 동사가 맨 뒤에 오므로 "
        "가중치가 영어 문장 위를 건너뛰며 움직여야 합니다. 어텐션이 없으면(`none`) 문장 전체가 고정된 벡터 "
        "하나를 통과해야 해서 긴 문장에서 무너집니다.",
    ),
    "translation.corpus": ("Corpus", "말뭉치"),
    "translation.corpus.en-ko": ("English → Korean (words)", "영어 → 한국어 (단어)"),
    "translation.corpus.dates": ("Dates → ISO (characters)", "날짜 → ISO (문자)"),
    "translation.attention": ("Attention", "어텐션"),
    "translation.att.none": ("none (fixed vector)", "없음(none)"),
    "translation.att.additive": ("additive (Bahdanau)", "가산(additive)"),
    "translation.att.dot": (
        "dot: Luong's score on s_{t−1}",
        "내적(dot), s_{t−1}",
    ),
    "translation.att.general": (
        "general: Luong's score on s_{t−1}",
        "일반(general), s_{t−1}",
    ),
    "translation.att_note": (
        "All three attention models share one Bahdanau-style decoder: at output step t the score of "
        "source word j uses the **previous** decoder state $s_{t-1}$, and the context $c_t$ enters the "
        "GRU's input. *additive* is Bahdanau et al.'s score $v^\\top\\tanh(W_s s_{t-1} + W_h h_j)$; "
        "*dot* $s_{t-1}^\\top h_j$ and *general* $s_{t-1}^\\top W h_j$ are Luong et al.'s (2015) score "
        "functions. Luong's own decoder scores the **current** state $s_t$ after its RNN step and feeds "
        "$c_t$ to the output layer; here only his scores are used.",
        "세 어텐션 모델은 모두 Bahdanau 방식의 디코더 하나를 씁니다. 출력 시점 t에서 원문 단어 j의 점수는 **이전** "
        "디코더 상태 $s_{t-1}$로 계산하고, 문맥 벡터 $c_t$는 GRU의 입력으로 들어갑니다. *가산(additive)* 점수는 "
        "Bahdanau 외의 $v^\\top\\tanh(W_s s_{t-1} + W_h h_j)$이고, *내적(dot)* $s_{t-1}^\\top h_j$와 *일반(general)* "
        "$s_{t-1}^\\top W h_j$는 Luong 외(2015)의 점수 함수입니다. Luong의 원래 디코더는 RNN을 한 시점 진행한 뒤의 "
        "**현재** 상태 $s_t$로 점수를 계산하고 $c_t$를 출력층에 넣습니다. 여기서는 그 점수 함수만 빌려 씁니다.",
    ),
    "translation.dates_additive_only": (
        "The dates corpus ships one model, with additive attention.",
        "날짜 말뭉치에는 가산(additive) 어텐션 모델 하나만 있습니다.",
    ),
    "translation.text": ("Sentence to translate", "번역할 문장"),
    "translation.text_help": (
        "Lower-case words from the training vocabulary; punctuation is ignored. Dates: any of the formats in the examples.",
        "학습 어휘의 단어를 쓰세요(대소문자와 문장부호는 무시). 날짜는 예시의 형식 중 아무거나 쓰면 됩니다.",
    ),
    "translation.example": (
        "…or pick an example (held-out sentences)",
        "…또는 예시 고르기 (학습에 쓰지 않은 문장)",
    ),
    "translation.pick": ("Choose an example", "예시를 고르세요"),
    "translation.output": ("Translation", "번역 결과"),
    "translation.tab.attention": ("Attention", "어텐션"),
    "translation.tab.beam": ("Beam search", "빔 탐색"),
    "translation.tab.override": ("What-if", "만약에 (what-if)"),
    "translation.tab.emergence": ("Training", "학습 과정"),
    "translation.tab.sanity": ("Sanity checks", "점검"),
    "translation.tab.quality": ("Quality vs length", "길이별 품질"),
    "translation.heatmap_title": (
        "Attention: output word (row) ← source word (column)",
        "어텐션: 출력 단어(행) ← 원문 단어(열)",
    ),
    "translation.heatmap_how": (
        "Each row is one output word; its cells show how much the decoder read each source word "
        "while writing it (row sums are 1; darker = more). A clean translator makes a sharp, "
        "reordered path: in English→Korean the verb row lights up the English verb near the start, "
        "and a *because* clause jumps to the front. Hover for exact values.",
        "행 하나가 출력 단어 하나입니다. 칸은 그 단어를 쓸 때 디코더가 각 원문 단어를 얼마나 읽었는지 보여 줍니다"
        "(행의 합은 1, 진할수록 큼). 잘 학습된 번역기는 날카롭고 순서가 바뀐 경로를 그립니다. 영어→한국어에서는 "
        "마지막 동사 행이 앞쪽의 영어 동사를 가리키고, *because* 절은 맨 앞으로 옮겨집니다. 마우스를 올리면 값이 보입니다.",
    ),
    "translation.row": ("Output word to inspect", "살펴볼 출력 단어"),
    "translation.bar_title": ("Attention of “{word}” over the source", "“{word}”의 원문 어텐션"),
    "translation.bar_how": (
        "The same row as a bar chart; the tallest bar (orange) is the source word this output word "
        "mostly came from.",
        "히트맵의 한 행을 막대로 그렸습니다. 가장 높은 막대(주황)가 이 출력 단어가 주로 참고한 원문 단어입니다.",
    ),
    "translation.no_attention": (
        "The `none` model has no attention: every output word is decoded from the same final encoder "
        "vector, so there is no heatmap to show. Compare its translations (and the quality tab) "
        "with the attention models.",
        "`none` 모델에는 어텐션이 없습니다. 모든 출력 단어가 인코더의 마지막 벡터 하나로 만들어지므로 보여 줄 "
        "히트맵이 없습니다. 번역 결과와 '길이별 품질' 탭을 어텐션 모델과 비교해 보세요.",
    ),
    "translation.beam_width": ("Beam width", "빔 너비"),
    "translation.beam_how": (
        "Beam search keeps the k most probable partial translations at every step instead of only "
        "the best one. Score = log-probability divided by length (higher is better). Each "
        "hypothesis keeps its own attention, drawn below.",
        "빔 탐색은 매 시점에서 가장 좋은 하나 대신 확률이 높은 부분 번역 k개를 유지합니다. 점수 = 로그확률 ÷ 길이"
        "(클수록 좋음). 가설마다 자기 어텐션을 가지며 아래에 그렸습니다.",
    ),
    "translation.beam_table.rank": ("rank", "순위"),
    "translation.beam_table.hypothesis": ("hypothesis", "가설"),
    "translation.beam_table.score": ("score (log p / length)", "점수 (log p / 길이)"),
    "translation.beam_table.logprob": ("log p", "log p"),
    "translation.hyp_label": ("#{rank}: {text} ({score:.3f})", "#{rank}: {text} ({score:.3f})"),
    "translation.override_intro": (
        "Force one decoding step to look only at the source word you choose, then let the model "
        "decode the rest on its own. If the attention is real, the forced word changes what comes "
        "out.",
        "디코딩의 한 시점이 여러분이 고른 원문 단어만 보도록 강제하고, 나머지는 모델이 스스로 디코딩하게 합니다. "
        "어텐션이 진짜로 쓰이고 있다면 강제한 단어에 따라 출력이 바뀝니다.",
    ),
    "translation.override_step": ("Output step to force", "강제할 출력 시점"),
    "translation.override_source": ("…to attend only to", "…가 볼 원문 단어"),
    "translation.override_before": ("Original", "원래 번역"),
    "translation.override_after": ("With the forced attention", "강제한 어텐션으로"),
    "translation.override_same": ("The output did not change.", "출력이 바뀌지 않았습니다."),
    "translation.override_changed": (
        "{n} output word(s) changed.",
        "출력 단어 {n}개가 바뀌었습니다.",
    ),
    "translation.override_title": (
        "Re-decoded attention (forced row outlined)",
        "다시 디코딩한 어텐션 (강제한 행에 테두리)",
    ),
    "translation.override_how": (
        "The outlined row is the one you forced (a one-hot on your word). Rows after it are what the "
        "model chose once its state had read the forced word.",
        "테두리가 있는 행이 강제한 행입니다(고른 단어에만 1). 그 뒤의 행들은 강제된 단어를 읽은 상태에서 모델이 "
        "스스로 고른 어텐션입니다.",
    ),
    "translation.override_none": (
        "Attention overrides need an attention model; pick additive, dot or general.",
        "어텐션을 강제하려면 어텐션 모델이 필요합니다. 가산(additive), 내적(dot), 일반(general) 중 하나를 고르세요.",
    ),
    "translation.snapshot": ("Training step of the snapshot", "스냅샷의 학습 스텝"),
    "translation.emergence_intro": (
        "Snapshots of the English→Korean additive model saved during its training, translating your "
        "sentence. Early on the weights are spread over the whole sentence; they sharpen into an "
        "alignment as the model learns.",
        "영어→한국어 가산(additive) 모델을 학습하는 동안 저장한 스냅샷으로 지금 문장을 번역합니다. 처음에는 가중치가 "
        "문장 전체에 퍼져 있다가, 학습이 진행되며 날카로운 정렬로 모입니다.",
    ),
    "translation.emergence_title": ("Step {step}: {text}", "학습 스텝 {step}: {text}"),
    "translation.emergence_curve_x": ("training step", "학습 스텝"),
    "translation.emergence_curve_y": ("exact match on held-out (%)", "새 문장 완전 일치 (%)"),
    "translation.emergence_how": (
        "Left: the attention of the chosen snapshot. Right: how many held-out sentences each snapshot "
        "translates exactly (orange line = the snapshot shown).",
        "왼쪽: 고른 스냅샷의 어텐션. 오른쪽: 스냅샷마다 새 문장을 완전히 맞게 번역한 비율(주황 선 = 보이는 스냅샷).",
    ),
    "translation.emergence_en_ko": (
        "Training snapshots exist for the English→Korean corpus; switch the corpus to see them.",
        "학습 스냅샷은 영어→한국어 말뭉치에만 있습니다. 말뭉치를 바꿔 보세요.",
    ),
    "translation.entropy_title": ("Entropy of each attention row", "어텐션 행별 엔트로피"),
    "translation.entropy_uniform": ("uniform", "균등"),
    "translation.entropy_how": (
        "0 bits = all weight on one source word; the dashed line log₂S = weight spread evenly over "
        "all S source words. Sharp attention stays well below the line.",
        "0비트 = 가중치가 원문 단어 하나에 모두 몰림, 점선 log₂S = S개의 원문 단어에 고르게 퍼짐. 날카로운 "
        "어텐션은 점선보다 한참 아래에 있습니다.",
    ),
    "translation.uniform_output": (
        "Same model, but every step forced to **uniform** attention",
        "같은 모델이지만 모든 시점의 어텐션을 **균등**하게 강제했을 때",
    ),
    "translation.uniform_how": (
        "If this baseline translated just as well, the heatmap would be decoration. A worse output "
        "here shows the model really uses where it looks.",
        "이 기준선도 똑같이 잘 번역한다면 히트맵은 장식일 뿐입니다. 여기서 결과가 나빠진다면 모델이 보는 위치를 "
        "실제로 사용한다는 뜻입니다.",
    ),
    "translation.degenerate": (
        "Warning: every attention row is nearly the same distribution (largest distance from the mean row: {tv:.2f}); this attention ignores which word is being written (degenerate).",
        "경고: 모든 어텐션 행이 거의 같은 분포입니다(평균 행과의 최대 거리 {tv:.2f}). 이 어텐션은 어떤 단어를 쓰는지 무시합니다(퇴화).",
    ),
    "translation.not_degenerate": (
        "Rows differ from each other (largest distance from the mean row: {tv:.2f}); the attention depends on the output step.",
        "행들이 서로 다릅니다(평균 행과의 최대 거리 {tv:.2f}). 어텐션이 출력 시점에 따라 달라집니다.",
    ),
    "translation.stored_metrics": (
        "Measured at training time on {eval_n} held-out pairs (seed {eval_seed})",
        "학습 때 학습에 쓰지 않은 {eval_n}쌍으로 측정 (시드 {eval_seed})",
    ),
    "translation.col.attention": ("attention", "어텐션"),
    "translation.col.steps": ("training steps", "학습 스텝 수"),
    "translation.col.exact": ("exact match (%)", "완전 일치 (%)"),
    "translation.col.bleu": ("BLEU", "BLEU"),
    "translation.col.long_exact": ("longest third: exact (%)", "가장 긴 1/3: 완전 일치 (%)"),
    "translation.col.long_bleu": ("longest third: BLEU", "가장 긴 1/3: BLEU"),
    "translation.quality_exact": ("Exact match (%)", "완전 일치 (%)"),
    "translation.quality_bleu": ("BLEU (sacrebleu)", "BLEU (sacrebleu)"),
    "translation.quality_x": ("source sentence length (words)", "원문 길이 (단어 수)"),
    "translation.quality_live": (
        "Re-measured now on {n} fresh pairs drawn with the sidebar seed (cached).",
        "사이드바 시드로 새로 뽑은 {n}쌍에서 지금 다시 측정했습니다(캐시됨).",
    ),
    "translation.quality_how": (
        "Our version of Bahdanau et al. (2015), Fig. 2: as sentences get longer, the model without "
        "attention (dashed) falls behind, while the attention models hold up. BLEU counts matching "
        "word n-grams (0–100); exact match counts whole sentences that are right.",
        "Bahdanau 외(2015) 그림 2를 우리 식으로 다시 그렸습니다. 문장이 길어질수록 어텐션 없는 모델(점선)은 "
        "뒤처지고 어텐션 모델은 버팁니다. BLEU는 일치하는 단어 n-gram을 셉니다(0–100). 완전 일치는 통째로 맞은 "
        "문장의 비율입니다.",
    ),
    "translation.err_empty": ("Type a sentence to translate.", "번역할 문장을 입력하세요."),
    "translation.err_no_words": (
        "No known words: the sentence has only punctuation or symbols, which the model skips. Type words "
        "from the training vocabulary.",
        "아는 단어가 없습니다. 문장에 모델이 건너뛰는 문장부호나 기호만 있습니다. 학습 어휘의 단어를 입력하세요.",
    ),
    "translation.err_too_long": (
        "The input has {n} tokens; this model takes at most {limit}.",
        "입력이 {n}개 토큰입니다. 이 모델은 최대 {limit}개까지 받습니다.",
    ),
    "translation.err_unknown_words": (
        "Unknown word(s): {words}. The model only knows its training vocabulary. Nearest known words: {hints}",
        "모르는 단어: {words}. 모델은 학습 어휘만 압니다. 가장 가까운 아는 단어: {hints}",
    ),
    "translation.err_unknown_chars": (
        "Characters the dates model never saw: {chars}. Use digits, month names, / . , - and 년 월 일.",
        "날짜 모델이 본 적 없는 문자: {chars}. 숫자, 월 이름, / . , - 와 년 월 일을 쓰세요.",
    ),
    "translation.err_override": (
        "Cannot force step {t} to source word {j}.",
        "출력 시점 {t}을(를) 원문 단어 {j}(으)로 강제할 수 없습니다.",
    ),
    "translation.err_corpus": ("Unknown corpus {corpus!r}.", "알 수 없는 말뭉치 {corpus!r}."),
    "translation.err_attention": (
        "Unknown attention kind {attention!r}.",
        "알 수 없는 어텐션 종류 {attention!r}.",
    ),
    "translation.err_no_checkpoint": (
        "The checkpoint {name} is missing; run `python -m explorer.pretrain` to rebuild it.",
        "체크포인트 {name}이(가) 없습니다. `python -m explorer.pretrain`으로 다시 만드세요.",
    ),
    "translation.err_bad_checkpoint": (
        "This checkpoint does not fit the translator: {detail}",
        "이 체크포인트는 번역기에 맞지 않습니다: {detail}",
    ),
}
