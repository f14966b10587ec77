"""Strings of the Captioning attention page."""

from explorer.data.scenes import COLOURS, POSITIONS, SHAPES

_SHAPES_KO = {"circle": "원", "square": "정사각형", "triangle": "삼각형", "diamond": "마름모"}
_COLOURS_KO = {"red": "빨강", "green": "초록", "blue": "파랑", "yellow": "노랑", "purple": "보라"}
_ROWS_KO = {"top": "위", "middle": "중간", "bottom": "아래"}
_COLS_KO = {"left": "왼쪽", "center": "가운데", "right": "오른쪽"}


def _position(key: str) -> tuple[str, str]:
    row, col = key.split("-")
    return f"{row} {col}", f"{_ROWS_KO[row]} {_COLS_KO[col]}"


STRINGS = {
    "captioning.title": (
        "Captioning attention: where does the model look for each word?",
        "캡셔닝 어텐션: 단어마다 모델은 어디를 볼까?",
    ),
    "captioning.intro": (
        "Image captioning is a **one-to-many** problem: one image goes in, a sequence of words comes out. "
        "A small **CNN** turns the image into a grid of feature vectors $a_i$; an **LSTM** writes the "
        "caption word by word and, before each word, takes a **soft attention** $\\alpha_{t,i}$ over the grid "
        "(Show, Attend and Tell, Xu et al. 2015). The scenes are generated here, so we know every object's "
        "box and can *measure* whether the model looks at the right thing. Everything runs on the CPU at once.",
        "이미지 캡셔닝은 **일대다(one-to-many)** 문제입니다. 이미지 한 장이 들어가고 단어의 시퀀스가 나옵니다. "
        "작은 **CNN**이 이미지를 격자 모양의 특징 벡터 $a_i$로 바꾸고, **LSTM**이 문장을 한 단어씩 쓰면서 "
        "단어를 내기 전마다 격자 위에 **소프트 어텐션** $\\alpha_{t,i}$를 둡니다(Show, Attend and Tell, Xu 외 2015). "
        "장면을 여기서 직접 만들기 때문에 모든 물체의 위치 상자를 알고, 모델이 제대로 된 곳을 보는지 *측정*할 수 있습니다. "
        "모든 계산은 CPU에서 바로 끝납니다.",
    ),
    "captioning.source": ("Image", "이미지"),
    "captioning.source.gallery": ("Generated", "생성된 장면"),
    "captioning.source.compose": ("Compose", "직접 구성"),
    "captioning.source.upload": ("Upload", "업로드"),
    "captioning.scene": ("Scene", "장면"),
    "captioning.new_scenes": ("New scenes", "새 장면"),
    "captioning.n_objects": ("Number of shapes", "도형 개수"),
    "captioning.shape": ("Shape {k}", "도형 {k}: 모양"),
    "captioning.colour": ("Colour of shape {k}", "도형 {k}: 색"),
    "captioning.size": ("Size of shape {k}", "도형 {k}: 크기"),
    "captioning.pos": ("Position of shape {k}", "도형 {k}: 위치"),
    "captioning.compose_note": (
        "Training scenes put all shapes roughly in one row or one column; other layouts (a diagonal, "
        "an L shape) are outside the training distribution, and the caption may go wrong there.",
        "학습 장면에서는 도형이 대략 한 행이나 한 열에 놓입니다. 대각선이나 ㄱ자 같은 다른 배치는 학습 분포 밖이라 "
        "캡션이 틀릴 수 있습니다.",
    ),
    "captioning.compose_empty": ("Add at least one shape.", "도형을 하나 이상 넣으세요."),
    "captioning.compose_too_many": (
        "At most {n} shapes fit in a scene.",
        "한 장면에는 도형을 {n}개까지 넣을 수 있습니다.",
    ),
    "captioning.compose_bad_value": (
        "Unknown shape, colour, size or position.",
        "알 수 없는 모양, 색, 크기 또는 위치입니다.",
    ),
    "captioning.compose_overlap": (
        "Two shapes overlap: give each shape its own position.",
        "두 도형이 겹칩니다. 도형마다 다른 위치를 고르세요.",
    ),
    "captioning.upload": (
        "Your own image (PNG or JPEG, up to 5 MB)",
        "내 이미지 (PNG 또는 JPEG, 5 MB까지)",
    ),
    "captioning.upload_note": (
        "An uploaded photo is **outside the training distribution**: the model has only ever seen flat "
        "shapes on a dark background, so it will still describe coloured shapes. It is cropped to a square "
        "and shrunk to 64 × 64 pixels.",
        "업로드한 사진은 **학습 분포 밖**의 데이터입니다. 모델은 어두운 배경 위의 평평한 도형만 보았기 때문에 "
        "사진에서도 색깔 도형을 설명하려 할 것입니다. 이미지는 정사각형으로 잘리고 64 × 64 픽셀로 줄어듭니다.",
    ),
    "captioning.upload_used": ("What the model sees (64 × 64)", "모델이 보는 이미지 (64 × 64)"),
    "captioning.not_image": (
        "This file is not a PNG or JPEG image that can be read.",
        "이 파일은 읽을 수 있는 PNG 또는 JPEG 이미지가 아닙니다.",
    ),
    "captioning.image_too_large": (
        "The image is too large (more than {limit} × {limit} pixels).",
        "이미지가 너무 큽니다({limit} × {limit} 픽셀 초과).",
    ),
    "captioning.no_image": (
        "Upload an image, or pick a generated scene.",
        "이미지를 올리거나 생성된 장면을 고르세요.",
    ),
    "captioning.unknown_word": (
        "The word “{word}” is not in the model's vocabulary.",
        "“{word}”는 모델의 어휘에 없는 단어입니다.",
    ),
    "captioning.unknown_variant": (
        "Unknown captioner “{variant}”.",
        "알 수 없는 캡셔닝 모델 “{variant}”입니다.",
    ),
    "captioning.bad_checkpoint": (
        "This checkpoint does not fit the captioner: {detail}",
        "이 체크포인트는 캡셔닝 모델에 맞지 않습니다: {detail}",
    ),
    "captioning.model": ("Model", "모델"),
    "captioning.model.plain": ("Without regulariser", "정규화 없음"),
    "captioning.model.ds": ("Doubly stochastic", "이중 확률적 정규화"),
    "captioning.beam": ("Beam width (1 = greedy)", "빔 너비 (1 = 탐욕적 디코딩)"),
    "captioning.beam_help": (
        "Greedy decoding takes the likeliest word at every step; beam search keeps the best few partial "
        "captions and returns the likeliest complete one.",
        "탐욕적 디코딩은 매 시점에서 가장 확률이 높은 단어를 고릅니다. 빔 탐색은 가장 좋은 부분 문장 몇 개를 함께 "
        "유지하다가 전체 확률이 가장 높은 문장을 돌려줍니다.",
    ),
    "captioning.smooth": ("Smooth attention maps", "어텐션 지도 부드럽게"),
    "captioning.opacity": ("Darkening of ignored regions", "보지 않는 영역 어둡게 하기"),
    "captioning.exact": ("Captions exactly right", "완전히 맞은 캡션"),
    "captioning.exact_help": (
        "Measured when the checkpoint was made, on {n} fresh scenes never used in training (greedy decoding).",
        "체크포인트를 만들 때 학습에 쓰지 않은 새 장면 {n}개로 측정했습니다(탐욕적 디코딩).",
    ),
    "captioning.peak": ("Shape words: peak on the object", "모양 단어: 최댓값이 물체 위"),
    "captioning.peak_help": (
        "For {n} words naming a shape, how often the word's attention peak lies on that object's box "
        "(a one-cell margin of the {gh} × {gw} grid is allowed). Without the margin, the peak cell's centre "
        "falls inside the box itself for {strict:.0%}; most other peaks sit in a neighbouring cell, more often for "
        "small shapes, which cover only one or two cell centres.",
        "모양을 말하는 단어 {n}개 중에서 그 단어의 어텐션 최댓값이 해당 물체의 상자 위에 놓인 비율입니다"
        "({gh} × {gw} 격자 한 칸의 여유를 허용). 여유 없이 최댓값 칸의 중심이 상자 안에 들어가는 비율은 "
        "{strict:.0%}입니다. 나머지 최댓값은 대부분 이웃 칸에 있으며, 칸 중심을 한두 개만 덮는 작은 도형에서 더 자주 "
        "그렇습니다.",
    ),
    "captioning.truth": ("true caption", "정답 캡션"),
    "captioning.caption_note": (
        "Generated caption; the model then ends it with probability {p:.0%}",
        "생성된 캡션입니다. 모델은 이 다음에 {p:.0%}의 확률로 문장을 끝냅니다",
    ),
    "captioning.degenerate": (
        "Sanity check: all words' attention maps are nearly identical, so this attention does not explain "
        "individual words (degenerate attention).",
        "점검: 모든 단어의 어텐션 지도가 거의 같습니다. 이런 어텐션은 단어 하나하나를 설명해 주지 못합니다"
        "(퇴화된 어텐션).",
    ),
    "captioning.word": ("Word", "단어"),
    "captioning.tab.word": ("One word", "단어 하나"),
    "captioning.tab.all": ("All words", "모든 단어"),
    "captioning.tab.override": ("Override the attention", "어텐션 바꾸기"),
    "captioning.tab.ds": ("With vs without regulariser", "정규화 있음 vs 없음"),
    "captioning.alternatives": (
        "**Top five words at this step** (emitted: “{word}”, {p:.1%})",
        "**이 시점의 상위 다섯 단어** (선택된 단어: “{word}”, {p:.1%})",
    ),
    "captioning.read_word": (
        "Bright = where the model looked while choosing this word (its attention α_t); dark = ignored. The orange "
        "square is the peak cell, dotted boxes are the true objects. β is the gate: how much of the looked-at "
        "feature reaches the LSTM (0 = ignore the image for this word).",
        "밝은 곳이 이 단어를 고를 때 모델이 본 곳(어텐션 α_t)이고 어두운 곳은 무시한 곳입니다. 주황색 사각형은 "
        "최댓값 칸, 점선 상자는 실제 물체입니다. β는 게이트로, 본 특징이 LSTM에 얼마나 전달되는지를 뜻합니다"
        "(0이면 이 단어에서는 이미지를 무시).",
    ),
    "captioning.read_alternatives": (
        "The probabilities of the five likeliest words at this step; the orange bar is the word that was emitted.",
        "이 시점에서 확률이 가장 높은 다섯 단어입니다. 주황색 막대가 실제로 나온 단어입니다.",
    ),
    "captioning.read_all": (
        "One panel per word, in caption order, with the word's probability. Colour and shape words should light "
        "up their object; “a”, “left of” and “above” follow from the grammar, and often already look at the "
        "next object, as if the model were planning what to describe next.",
        "캡션 순서대로 단어마다 한 칸씩, 그 단어의 확률과 함께 보여 줍니다. 색과 모양 단어는 해당 물체를 밝혀야 합니다. "
        "“a”, “left of”, “above”는 문법에서 정해지는 단어인데, 마치 다음에 설명할 물체를 미리 정하는 것처럼 "
        "다음 물체를 먼저 보는 경우가 많습니다.",
    ),
    "captioning.override_intro": (
        "Keep the first words of the caption, then **force** where the model looks for the next word: the "
        "attention becomes uniform over the dashed cyan region. Point it at another shape and see whether the "
        "model now names that shape. A region much smaller than the shape often makes it say “small”: the "
        "model seems to judge size partly by how many cells look like the shape.",
        "캡션의 앞부분은 그대로 두고, 다음 단어를 고를 때 모델이 볼 곳을 **강제로** 정합니다. 어텐션은 청록색 "
        "점선 영역 안에서 균등해집니다. 다른 도형을 가리키게 한 뒤 모델이 그 도형을 말하는지 확인해 보세요. 영역이 도형보다 훨씬 작으면 "
        "모델이 “small”이라고 말하는 경우가 많습니다. 모델이 도형처럼 보이는 칸의 수로 크기를 어느 정도 판단하는 것으로 보입니다.",
    ),
    "captioning.o_step": ("Words kept before the forced one", "강제 단어 앞에 유지할 단어 수"),
    "captioning.o_row": ("Region: top row", "영역: 맨 위 행"),
    "captioning.o_col": ("Region: left column", "영역: 맨 왼쪽 열"),
    "captioning.o_size": ("Region: size (cells)", "영역: 크기(칸)"),
    "captioning.o_title": ("Next word after “{prefix}”", "“{prefix}” 다음 단어"),
    "captioning.o_result": (
        "With its own attention the model says **{own}**; looking where you chose, it says **{forced}**.",
        "다음 단어: 모델 자신의 어텐션으로는 **{own}**, 지정한 영역을 보면 **{forced}**.",
    ),
    "captioning.read_override": (
        "The cyan dashed square is the region you forced; the model's context vector is the average feature of "
        "those cells. The bars on the right are its next-word probabilities with that context.",
        "청록색 점선 사각형이 강제로 지정한 영역이며, 모델의 문맥 벡터는 그 칸들의 특징 평균이 됩니다. 오른쪽 막대는 "
        "그 문맥으로 계산한 다음 단어 확률입니다.",
    ),
    "captioning.read_override_words": (
        "The five likeliest next words when the model is forced to look at your region; compare the top word "
        "with the one it says with its own attention (above).",
        "지정한 영역을 강제로 보게 했을 때 확률이 가장 높은 다음 단어 다섯 개입니다. 맨 위 단어를 모델이 자기 "
        "어텐션으로 말한 단어(위)와 비교해 보세요.",
    ),
    "captioning.ds_intro": (
        "The **doubly stochastic** regulariser adds $\\lambda \\sum_i (1 - \\sum_t \\alpha_{{t,i}})^2$ to the loss "
        "(Xu et al. 2015), read as “every cell should receive about one unit of attention over the caption”. "
        "Here that is out of reach: each step's weights sum to 1, so a caption with {steps:.2f} attention steps "
        "on average (its words and ⟨eos⟩, over fresh scenes) hands out {steps:.2f} units to {cells} cells, "
        "{per_cell:.3f} per cell. With the total fixed, the penalty term is smallest when every cell gets the "
        "same share, so what it really does is push attention towards **uniform coverage**; its floor is "
        "{floor:.1f}, not 0. Spreading attention costs sharpness: a shape word's peak cell lies inside its "
        "object's box for {strict_ds:.0%} of shape words with the regulariser against {strict_plain:.0%} without "
        "(within one cell: {peak_ds:.0%} against {peak_plain:.0%}). Compare the two models on this image.",
        "**이중 확률적(doubly stochastic) 정규화**는 손실에 $\\lambda \\sum_i (1 - \\sum_t \\alpha_{{t,i}})^2$를 "
        "더합니다(Xu 외 2015). 보통 “캡션 전체에 걸쳐 모든 칸이 어텐션을 1 정도씩 받아야 한다”로 읽습니다. 그러나 "
        "여기서는 불가능합니다. 각 시점의 가중치 합이 1이므로, 새 장면에서 캡션 하나의 어텐션 시점 수(단어와 ⟨eos⟩)가 "
        "평균 {steps:.2f}개이면 {cells}개 칸에 모두 {steps:.2f}만큼만 나누어 주어 칸마다 {per_cell:.3f}입니다. "
        "합이 정해져 있으면 페널티 항은 모든 칸이 같은 몫을 받을 때 가장 작으므로, 이 항이 실제로 하는 일은 어텐션을 "
        "**고르게 퍼뜨리는 것**입니다. 최솟값도 0이 아니라 {floor:.1f}입니다. 어텐션을 퍼뜨리면 날카로움을 잃습니다. "
        "모양 단어의 최댓값 칸이 물체 상자 안에 들어가는 비율은 정규화가 있을 때 {strict_ds:.0%}, 없을 때 "
        "{strict_plain:.0%}입니다(한 칸 여유를 두면 {peak_ds:.0%}와 {peak_plain:.0%}). 이 이미지에서 두 모델을 "
        "비교해 보세요.",
    ),
    "captioning.read_ds": (
        "Each cell shows Σ_t α_t,i, the attention it received summed over all words of that model's caption "
        "(the panels sum to the caption length). A flatter map means attention spread over the image; bright spots "
        "on the objects mean the words looked there.",
        "각 칸의 값은 Σ_t α_t,i, 즉 그 모델의 캡션 전체 단어에 걸쳐 받은 어텐션의 합입니다(한 그림의 합은 캡션 길이). "
        "고르게 퍼진 지도는 이미지 전체를 둘러봤다는 뜻이고, 물체 위의 밝은 점은 단어들이 그곳을 봤다는 뜻입니다.",
    ),
    "captioning.caption": ("Caption", "캡션"),
    "captioning.stat.penalty": ("Σ_i (1 − Σ_t α)² (penalty term)", "Σ_i (1 − Σ_t α)² (페널티 항)"),
    "captioning.stat.ignored_cells": (
        "share of cells ignored (< 0.05)",
        "무시된 칸의 비율 (< 0.05)",
    ),
    "captioning.stat.max_cell": ("most attention on one cell", "한 칸이 받은 최대 어텐션"),
    "captioning.about_title": ("About the model and the measurements", "모델과 측정 방법"),
    "captioning.about": (
        "**Encoder:** five 3 × 3 convolutions (three with stride 2) turn a 64 × 64 image into a {gh} × {gw} grid; "
        "each cell's (x, y) position is appended before a 1 × 1 projection to 64 features. **Decoder:** "
        "$e_{{t,i}} = w^\\top \\tanh(W_a a_i + U_a h_{{t-1}})$, $\\alpha_t = \\mathrm{{softmax}}(e_t)$, "
        "$z_t = \\beta_t \\sum_i \\alpha_{{t,i}} a_i$ with the gate $\\beta_t = \\sigma(f_\\beta(h_{{t-1}}))$, then an LSTM "
        "step on $[E y_{{t-1}}; z_t]$ and $p(y_t) \\propto \\exp(L_o(E y_{{t-1}} + L_h h_t + L_z z_t))$. "
        "**Scenes:** 1–3 shapes (4 shapes × 5 colours, small or large) with a caption from a small grammar. "
        "**Measurements:** on fresh scenes from seeds never used in training; a shape word counts as a hit when "
        "its attention peak cell lies on the object's box, allowing a one-cell margin.",
        "**인코더:** 3 × 3 합성곱 다섯 개(그중 세 개는 stride 2)가 64 × 64 이미지를 {gh} × {gw} 격자로 바꿉니다. "
        "각 칸의 (x, y) 위치를 덧붙인 뒤 1 × 1 사영으로 64차원 특징을 만듭니다. **디코더:** "
        "$e_{{t,i}} = w^\\top \\tanh(W_a a_i + U_a h_{{t-1}})$, $\\alpha_t = \\mathrm{{softmax}}(e_t)$, "
        "게이트 $\\beta_t = \\sigma(f_\\beta(h_{{t-1}}))$와 함께 $z_t = \\beta_t \\sum_i \\alpha_{{t,i}} a_i$를 구하고, "
        "$[E y_{{t-1}}; z_t]$로 LSTM을 한 시점 진행한 뒤 $p(y_t) \\propto \\exp(L_o(E y_{{t-1}} + L_h h_t + L_z z_t))$로 "
        "단어를 고릅니다. **장면:** 도형 1–3개(모양 4가지 × 색 5가지, 작거나 큼)와 작은 문법으로 만든 캡션. "
        "**측정:** 학습에 쓰지 않은 시드로 만든 새 장면에서 잽니다. 모양 단어는 어텐션 최댓값 칸이 물체의 상자 위에 "
        "있으면(격자 한 칸의 여유 허용) 맞은 것으로 셉니다.",
    ),
    "captioning.v.small": ("small", "작게"),
    "captioning.v.large": ("large", "크게"),
}
STRINGS.update({f"captioning.v.{s}": (s, _SHAPES_KO[s]) for s in SHAPES})
STRINGS.update({f"captioning.v.{c}": (c, _COLOURS_KO[c]) for c in COLOURS})
STRINGS.update({f"captioning.v.{p}": _position(p) for p in POSITIONS})
