"""Strings of the Transformer page."""

STRINGS = {
    "transformer.title": ("From RNN attention to the Transformer", "RNN 어텐션에서 트랜스포머로"),
    "transformer.intro": (
        "The lecture notes end with BERT and the Transformer: encoders stacked N times, and masked "
        "learning. Here a small encoder–decoder Transformer (2 layers, 4 heads, d = 64), trained "
        "on the same toy corpora as the RNN translators, runs beside them. There is no recurrence: "
        "every word attends to every word at once (**self-attention**), so word order has to be "
        "added as a **positional encoding**, and all positions are computed in parallel.",
        "강의 노트의 마지막 장은 BERT와 트랜스포머입니다. 인코더를 N층 쌓고, 마스크 학습(masked learning)을 합니다. "
        "여기서는 RNN 번역기와 같은 장난감 말뭉치로 학습한 작은 인코더–디코더 트랜스포머(2층, 헤드 4개, d = 64)를 "
        "RNN 번역기 옆에서 실행합니다. 순환이 없습니다. 모든 단어가 모든 단어를 한꺼번에 어텐션하므로"
        "(**셀프 어텐션(self-attention)**) 단어 순서는 **위치 인코딩**(positional encoding)으로 따로 더해 주어야 하고, "
        "모든 시점을 병렬로 계산합니다.",
    ),
    "transformer.corpus": ("Corpus", "말뭉치"),
    "transformer.corpus.en-ko": ("English → Korean (words)", "영어 → 한국어 (단어)"),
    "transformer.corpus.dates": ("Dates → ISO (characters)", "날짜 → ISO (문자)"),
    "transformer.text": ("Sentence", "문장"),
    "transformer.text_help": (
        "Lower-case words from the training vocabulary; punctuation is ignored. Dates: any format "
        "of the examples.",
        "학습 어휘의 단어를 쓰세요(대소문자와 문장부호는 무시). 날짜는 예시의 형식 중 아무거나 쓰면 됩니다.",
    ),
    "transformer.example": (
        "…or pick an example (held-out sentences)",
        "…또는 예시 고르기 (학습에 쓰지 않은 문장)",
    ),
    "transformer.pick": ("Choose an example", "예시를 고르세요"),
    "transformer.section": ("Section", "살펴볼 내용"),
    "transformer.section.compare": ("Same sentence, both models", "같은 문장, 두 모델"),
    "transformer.section.heads": ("Heads", "헤드"),
    "transformer.section.positions": ("Why positions matter", "위치가 중요한 이유"),
    "transformer.section.speed": ("Parallel vs sequential", "병렬 대 순차"),
    "transformer.section.bert": ("BERT's idea", "BERT의 아이디어"),
    # errors
    "transformer.err_empty": (
        "Type a sentence first (letters or digits; punctuation alone is ignored).",
        "먼저 문장을 입력하세요(글자나 숫자; 문장부호만으로는 번역할 것이 없습니다).",
    ),
    "transformer.err_too_long": (
        "The input is too long ({n}); the limit is {limit}. Try a shorter sentence.",
        "입력이 너무 깁니다({n}). 한도는 {limit}입니다. 더 짧은 문장을 써 보세요.",
    ),
    "transformer.err_unknown_words": (
        "Unknown word(s): {words}. The models only know the training vocabulary. Did you mean: {hints}",
        "모르는 단어: {words}. 모델은 학습 어휘만 압니다. 혹시 이 단어인가요: {hints}",
    ),
    "transformer.err_unknown_chars": (
        "Characters the dates model never saw: {chars}",
        "날짜 모델이 본 적 없는 문자: {chars}",
    ),
    "transformer.err_corpus": ("Unknown corpus: {corpus}", "알 수 없는 말뭉치: {corpus}"),
    "transformer.err_no_checkpoint": (
        "The checkpoint {name} is missing; run `python -m explorer.pretrain` to make it.",
        "체크포인트 {name}가 없습니다. `python -m explorer.pretrain`으로 만드세요.",
    ),
    "transformer.err_mask_index": (
        "Position {index} is not in the sentence ({n} words).",
        "{index}번 위치는 문장({n}개 단어)에 없습니다.",
    ),
    "transformer.empty_output": (
        "The model wrote nothing for this input (it ended at once).",
        "모델이 이 입력에 대해 아무것도 쓰지 않았습니다(바로 끝냈습니다).",
    ),
    # compare
    "transformer.rnn": ("RNN + attention (GRU, additive)", "RNN + 어텐션 (GRU, additive)"),
    "transformer.transformer": ("Transformer", "트랜스포머"),
    "transformer.model_none": ("RNN, no attention", "RNN, 어텐션 없음"),
    "transformer.model_additive": ("RNN + attention", "RNN + 어텐션"),
    "transformer.model_transformer": ("Transformer", "트랜스포머"),
    "transformer.model_rnn": ("RNN (GRU encoder–decoder)", "RNN (GRU 인코더–디코더)"),
    "transformer.output": ("Translation", "번역 결과"),
    "transformer.rnn_map_title": (
        "RNN attention α<br>(one per output step)",
        "RNN 어텐션 α<br>(출력 시점마다 하나)",
    ),
    "transformer.tf_map_title": (
        "Transformer cross-attention<br>(last layer, mean of heads)",
        "트랜스포머 교차 어텐션<br>(마지막 층, 헤드 평균)",
    ),
    "transformer.axis_source": ("source word (read)", "원문 단어 (읽는 쪽)"),
    "transformer.axis_target": ("output word (writing)", "출력 단어 (쓰는 쪽)"),
    "transformer.compare_how": (
        "Each row is one output word; its cells show how much that word read each source word "
        "(a row sums to 1). The RNN has one attention per step; the Transformer has one per layer "
        "and head, and this map averages the last layer's heads, so it is usually blurrier even "
        "when the translation is right.",
        "각 행은 출력 단어 하나이고, 칸은 그 단어가 원문 단어를 얼마나 읽었는지 보여 줍니다(행의 합은 1). "
        "RNN은 시점마다 어텐션이 하나지만 트랜스포머는 층과 헤드마다 하나씩 있고, 이 그림은 마지막 층의 헤드를 "
        "평균한 것이라 번역이 맞아도 대개 더 흐릿합니다.",
    ),
    "transformer.quality_title": (
        "Quality by sentence length on {n} held-out pairs (the same pairs for all three models)",
        "학습에 쓰지 않은 {n}개 문장 쌍에서 문장 길이별 품질 (세 모델 모두 같은 문장)",
    ),
    "transformer.quality_x": ("source length (words)", "원문 길이 (단어 수)"),
    "transformer.quality_exact": ("exact match (%)", "완전 일치 (%)"),
    "transformer.quality_bleu": ("BLEU", "BLEU"),
    "transformer.quality_how": (
        "Each point is a group of sentences of similar length. The dotted grey line is the RNN "
        "without attention: the whole sentence passes through one fixed vector, and it falls as "
        "sentences grow (Bahdanau et al., 2015, Fig. 2). Attention, recurrent or not, keeps long "
        "sentences up.",
        "각 점은 길이가 비슷한 문장 묶음입니다. 회색 점선은 어텐션 없는 RNN으로, 문장 전체가 고정된 벡터 하나를 "
        "지나야 하므로 문장이 길어질수록 떨어집니다(Bahdanau 외, 2015, 그림 2). 어텐션은 순환이 있든 없든 긴 "
        "문장에서도 품질을 지킵니다.",
    ),
    "transformer.stored": (
        "Stored held-out metrics ({n} pairs, seed {seed}): RNN + attention {rnn_exact:.1%} exact, "
        "BLEU {rnn_bleu:.1f}; Transformer {tf_exact:.1%} exact, BLEU {tf_bleu:.1f}.",
        "저장된 검증 지표({n}쌍, 시드 {seed}): RNN + 어텐션 완전 일치 {rnn_exact:.1%}, BLEU {rnn_bleu:.1f}; "
        "트랜스포머 완전 일치 {tf_exact:.1%}, BLEU {tf_bleu:.1f}.",
    ),
    "transformer.quality_dates": (
        "The length chart is drawn for English → Korean (dates have no RNN model without attention).",
        "길이별 그림은 영어 → 한국어에서 그립니다(날짜에는 어텐션 없는 RNN 모델이 없습니다).",
    ),
    # heads
    "transformer.kind": ("Attention", "어텐션"),
    "transformer.kind.encoder": ("encoder self-attention", "인코더 셀프 어텐션"),
    "transformer.kind.decoder": ("masked decoder self-attention", "마스크된 디코더 셀프 어텐션"),
    "transformer.kind.cross": (
        "cross-attention (decoder → encoder)",
        "교차 어텐션 (디코더 → 인코더)",
    ),
    "transformer.layer": ("Layer", "층"),
    "transformer.head": ("Head", "헤드"),
    "transformer.head_mean": ("mean", "평균"),
    "transformer.heads_title": (
        "{kind}, layer {layer}, head {head}",
        "{kind}, {layer}층, 헤드 {head}",
    ),
    "transformer.axis_query": ("reading (query)", "읽는 쪽 (쿼리)"),
    "transformer.axis_key": ("read (key)", "읽히는 쪽 (키)"),
    "transformer.head_view_title": ("Head view", "헤드 보기"),
    "transformer.heads_how_encoder": (
        "Every English word reads every English word, itself included, in one step. Rows sum to 1. "
        "Different heads learn different habits: some look at the neighbouring word, some at the "
        "verb or the article.",
        "영어 단어마다 자기 자신을 포함한 모든 영어 단어를 한 번에 읽습니다. 행의 합은 1입니다. 헤드마다 습관이 "
        "다릅니다. 어떤 헤드는 이웃 단어를, 어떤 헤드는 동사나 관사를 봅니다.",
    ),
    "transformer.heads_how_decoder": (
        "Rows are the decoder's inputs while writing: <sos>, then the words written so far. Grey "
        "cells are the causal mask: a step may not read words it has not written yet (they are "
        "−∞ before the softmax, so exactly 0 after it). That is what lets training run all steps "
        "in parallel.",
        "행은 디코더가 쓰는 동안의 입력입니다. <sos>, 그다음 지금까지 쓴 단어들입니다. 회색 칸은 인과 마스크입니다. "
        "아직 쓰지 않은 단어는 읽을 수 없습니다(softmax 전에 −∞, 후에는 정확히 0). 그래서 학습 때 모든 시점을 "
        "병렬로 계산할 수 있습니다.",
    ),
    "transformer.heads_how_cross": (
        "Each output word (row) reads the encoder's English vectors (columns): the Transformer's "
        "counterpart of the RNN's attention map. Single heads are often sharper than their mean.",
        "각 출력 단어(행)가 인코더의 영어 벡터(열)를 읽습니다. RNN 어텐션 지도에 해당합니다. 헤드 하나는 평균보다 "
        "대개 더 선명합니다.",
    ),
    "transformer.head_view_how": (
        "The same weights as lines: from each reading token (left) to the tokens it reads (right). "
        "Thicker, darker lines carry more weight; weights under 5% are not drawn.",
        "같은 가중치를 선으로 그렸습니다. 읽는 토큰(왼쪽)에서 읽히는 토큰(오른쪽)으로 이어지며, 굵고 진한 선일수록 "
        "가중치가 큽니다. 5% 미만은 그리지 않습니다.",
    ),
    # positions
    "transformer.positions_intro": (
        "Self-attention by itself does not know the order of the words: shuffle them, and every "
        "word still meets the same words. Only the **positional encoding** added to each embedding "
        "tells *where* a word is. Below, the English words are shuffled several times and the "
        "trained encoder runs **with** and **without** its positional encoding.",
        "셀프 어텐션만으로는 단어 순서를 모릅니다. 단어를 섞어도 모든 단어는 여전히 같은 단어들을 만납니다. "
        "각 임베딩에 더하는 **위치 인코딩**만이 단어가 *어디에* 있는지 알려 줍니다. 아래에서는 영어 단어를 여러 번 "
        "섞고, 학습된 인코더를 위치 인코딩이 **있을 때**와 **없을 때** 실행합니다.",
    ),
    "transformer.shuffles": ("Shuffles", "섞는 횟수"),
    "transformer.with_positions": ("with positional encoding", "위치 인코딩 있음"),
    "transformer.without_positions": ("without positional encoding", "위치 인코딩 없음"),
    "transformer.shuffle_x": ("shuffle", "섞기"),
    "transformer.shuffle_y": (
        "change of the encoder's output set",
        "인코더 출력 집합의 변화",
    ),
    "transformer.shuffle_how": (
        "Bar height: how far the set of encoder output vectors moved when the words were shuffled "
        "(each vector matched to its nearest one; log scale). Without positions the set is the "
        "same up to float rounding (about 10⁻⁶), so the decoder cannot tell the orders apart; with "
        "positions it moves by whole units.",
        "막대 높이는 단어를 섞었을 때 인코더 출력 벡터 집합이 얼마나 움직였는지입니다(각 벡터를 가장 가까운 벡터와 "
        "짝지음; 로그 눈금). 위치 인코딩이 없으면 집합이 부동소수점 반올림 수준(약 10⁻⁶)까지 같아서 디코더가 순서를 "
        "구별할 수 없습니다. 위치 인코딩이 있으면 1 단위 이상 움직입니다.",
    ),
    "transformer.col_sentence": ("English (shuffled)", "영어 (섞음)"),
    "transformer.col_with": ("translation with positions", "번역 (위치 인코딩 있음)"),
    "transformer.col_without": ("translation without positions", "번역 (위치 인코딩 없음)"),
    "transformer.positions_result": (
        "Without positions: {same} of {n} shuffles give the same translation as the original "
        "order. With positions: {same_with} of {n}.",
        "위치 인코딩 없음: 섞은 {n}개 중 {same}개가 원래 순서와 같은 번역을 냅니다. 위치 인코딩 있음: {n}개 중 "
        "{same_with}개.",
    ),
    "transformer.positions_table_how": (
        "Row 0 is the sentence as typed. The model never saw shuffled English, so neither column "
        "is a good translation of a shuffled sentence; the point is that the right column cannot "
        "change when only the order changes.",
        "0번 행은 입력한 그대로의 문장입니다. 모델은 섞인 영어를 본 적이 없으므로 어느 열도 섞인 문장의 좋은 번역은 "
        "아닙니다. 요점은 순서만 바뀔 때 오른쪽 열은 바뀔 수 없다는 것입니다.",
    ),
    "transformer.one_word": (
        "One word has no order to shuffle; type a longer sentence.",
        "단어가 하나이면 섞을 순서가 없습니다. 더 긴 문장을 입력하세요.",
    ),
    # speed
    "transformer.speed_intro": (
        "An RNN must read token t before token t+1; a Transformer layer computes every position "
        "at once. Below are real timings on this server (one CPU thread, random token ids of "
        "length T, the shipped en-ko models' sizes), measured once and cached.",
        "RNN은 t번째 토큰을 읽어야 t+1번째를 읽을 수 있지만, 트랜스포머 층은 모든 시점을 한꺼번에 계산합니다. "
        "아래는 이 서버에서 잰 실제 시간입니다(CPU 스레드 1개, 길이 T의 무작위 토큰, 배포된 영어–한국어 모델 크기). "
        "한 번 재고 저장해 둡니다.",
    ),
    "transformer.speed_encode": ("encode one sentence", "문장 하나 인코딩"),
    "transformer.speed_train": ("one training step (batch of 4)", "학습 스텝 하나 (배치 4)"),
    "transformer.speed_x": ("sequence length T", "시퀀스 길이 T"),
    "transformer.speed_y": ("milliseconds", "밀리초"),
    "transformer.speed_how": (
        "Log-log axes. The RNN's time grows in step with T: each step waits for the previous one. "
        "The Transformer's grows more slowly at first (the work is done in a few large matrix "
        "products), but attention compares every pair of tokens, so its cost grows as T² in the "
        "end. On a GPU the parallel side gains much more than on this single CPU thread.",
        "양쪽 로그 축입니다. RNN의 시간은 T에 비례해 늘어납니다. 각 시점이 앞 시점을 기다리기 때문입니다. "
        "트랜스포머는 처음에는 더 천천히 늘어나지만(몇 개의 큰 행렬 곱으로 계산), 어텐션이 모든 토큰 쌍을 비교하므로 "
        "결국 비용이 T²로 늘어납니다. GPU에서는 이 CPU 스레드 하나보다 병렬 쪽의 이득이 훨씬 큽니다.",
    ),
    "transformer.path_title": (
        "Path from the first<br>to the last token",
        "첫 토큰에서 마지막<br>토큰까지의 경로",
    ),
    "transformer.path_y": ("sequential steps", "순차 연산 횟수"),
    "transformer.path_how": (
        "Information from the first word reaches the last one through T − 1 recurrent steps in an "
        "RNN (each one a chance for the gradient to vanish), but through one attention step in a "
        "Transformer layer (Vaswani et al., 2017, Table 1).",
        "RNN에서 첫 단어의 정보는 T − 1번의 순환을 거쳐 마지막 단어에 닿지만(그때마다 기울기 소실의 기회), "
        "트랜스포머 층에서는 어텐션 한 번이면 닿습니다(Vaswani 외, 2017, 표 1).",
    ),
    "transformer.speed_measuring": (
        "Measuring in a training process (a few seconds, once per server); the chart appears "
        "by itself…",
        "학습 프로세스에서 재는 중입니다(서버마다 한 번, 몇 초). 차트는 저절로 나타납니다…",
    ),
    "transformer.speed_failed": (
        "The timings could not be measured ({tries} attempts in the training processes failed). "
        "The path lengths on the right need no measurement.",
        "시간을 재지 못했습니다(학습 프로세스에서 {tries}번 시도가 실패했습니다). "
        "오른쪽 경로 길이는 잴 필요가 없습니다.",
    ),
    # bert
    "transformer.bert_intro": (
        "BERT's idea: hide a word behind `<mask>` and let the encoder guess it from **both** sides "
        "of the sentence. Our encoder was trained for that too (a small masked-LM head on the same "
        "English side). Pick the word to mask.",
        "BERT의 아이디어: 단어 하나를 `<mask>`로 가리고 인코더가 문장의 **양쪽** 문맥으로 맞히게 합니다. 이 인코더도 "
        "그렇게 학습했습니다(같은 영어 문장으로 학습한 작은 마스크 언어 모델(masked LM) 헤드). 가릴 단어를 고르세요.",
    ),
    "transformer.mask_word": ("Word to mask", "가릴 단어"),
    "transformer.masked_sentence": ("Masked sentence", "가린 문장"),
    "transformer.hidden_word": ("hidden word", "가린 단어"),
    "transformer.bert_title": ("Guesses for the masked word", "가린 단어에 대한 추측"),
    "transformer.bert_model": ("encoder (masked LM)", "인코더 (마스크 언어 모델)"),
    "transformer.bert_unigram": ("unigram baseline", "유니그램 기준선"),
    "transformer.bert_x": ("probability", "확률"),
    "transformer.bert_how": (
        "Left: the encoder's five most likely words for the hidden position. Right: the baseline "
        "that ignores context and always ranks words by how often they occur. Context makes the "
        "difference: after 'will' comes a verb, between 'the' and a noun an adjective. Even a wrong "
        "top guess is usually the right kind of word.",
        "왼쪽은 가린 위치에 대한 인코더의 상위 다섯 단어, 오른쪽은 문맥을 무시하고 단어가 얼마나 자주 나오는지로만 "
        "순위를 매기는 기준선입니다. 차이는 문맥에서 옵니다. 'will' 뒤에는 동사가, 'the'와 명사 사이에는 "
        "형용사가 옵니다. 첫 번째 추측이 틀려도 대개 알맞은 종류의 단어입니다.",
    ),
    "transformer.bert_attention_title": (
        "What the masked position read<br>(heads averaged)",
        "가린 위치가 읽은 것<br>(헤드 평균)",
    ),
    "transformer.bert_layer": ("layer {n}", "{n}층"),
    "transformer.bert_attention_how": (
        "One row per encoder layer: how much the <mask> position read each word (the orange box "
        "is the mask itself). A good guess usually reads the neighbours that constrain the word.",
        "인코더 층마다 한 행입니다. <mask> 위치가 각 단어를 얼마나 읽었는지 보여 줍니다(주황색 상자는 마스크 자신). "
        "잘 맞히는 경우에는 대개 그 단어를 제약하는 이웃 단어를 읽습니다.",
    ),
    "transformer.bert_stored": (
        "Measured on {n} held-out sentences with one random word masked: the encoder guesses it "
        "right {model:.0%} of the time (top 5: {top5:.0%}); always guessing the most frequent word "
        "'{unigram_word}' is right {unigram:.0%} of the time.",
        "학습에 쓰지 않은 {n}개 문장에서 무작위 단어 하나를 가렸을 때 인코더는 {model:.0%}를 맞힙니다(상위 5개: "
        "{top5:.0%}). 가장 흔한 단어 '{unigram_word}'로만 답하면 {unigram:.0%}를 맞힙니다.",
    ),
    "transformer.bert_en_ko": (
        "The masked-word demo uses the English side of English → Korean.",
        "가린 단어 실험은 영어 → 한국어의 영어 쪽 문장을 씁니다.",
    ),
    "transformer.bert_right": (
        "The top guess is the hidden word.",
        "첫 번째 추측이 가린 단어입니다.",
    ),
    "transformer.bert_wrong": (
        "The top guess is not the hidden word '{word}'.",
        "첫 번째 추측이 가린 단어 '{word}'가 아닙니다.",
    ),
}
