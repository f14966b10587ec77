"""Strings shared by app.py and several pages."""

STRINGS = {
    "app.title": ("RNN Explorer", "RNN 탐색기"),
    "app.tagline": (
        "See recurrent networks work: unroll them, watch their gradients, switch their gates, read their attention, train them live.",
        "순환 신경망이 작동하는 모습을 직접 보세요: 펼치고, 기울기를 살피고, 게이트를 끄고 켜고, 어텐션을 읽고, 실시간으로 학습시킵니다.",
    ),
    "nav.home": ("Home", "홈"),
    "nav.unroll": ("Unroll", "펼치기 (Unroll)"),
    "nav.gradients": ("Gradients", "기울기 (BPTT)"),
    "nav.gates": ("Gates", "게이트"),
    "nav.translation": ("Translation attention", "번역 어텐션"),
    "nav.transformer": ("Transformer", "트랜스포머"),
    "nav.captioning": ("Captioning attention", "캡셔닝 어텐션"),
    "nav.train": ("Train live", "실시간 학습"),
    "sidebar.language": ("Language", "언어"),
    "sidebar.seed": ("Random seed", "난수 시드"),
    "sidebar.seed_help": (
        "The same seed gives the same weights, data and samples on every page.",
        "같은 시드는 모든 페이지에서 같은 가중치, 데이터, 샘플을 만듭니다.",
    ),
    "sidebar.export": ("Figure export format", "그림 내보내기 형식"),
    "sidebar.export_help": (
        "The camera button above each chart saves it in this format.",
        "각 차트 위의 카메라 버튼이 이 형식으로 저장합니다.",
    ),
    "sidebar.share": ("Copy link to this view", "이 화면의 링크 복사"),
    "sidebar.share_help": (
        "Use the copy button of the box below; the link reopens this page with the same settings.",
        "아래 상자의 복사 버튼을 누르세요. 링크를 열면 같은 설정으로 이 페이지가 다시 열립니다.",
    ),
    "common.url_invalid": (
        "The link's value {name}={raw} is not valid here; using {used}.",
        "링크의 값 {name}={raw}은(는) 여기서 쓸 수 없어 {used}을(를) 사용합니다.",
    ),
    "common.url_range": (
        "The link's value {name}={raw} is out of range; using {used}.",
        "링크의 값 {name}={raw}은(는) 허용 범위를 벗어나 {used}을(를) 사용합니다.",
    ),
    "common.url_fallback": (
        "A value in the link was not usable",
        "링크의 값 하나를 쓸 수 없습니다",
    ),
    "common.download_data": ("Download the data", "데이터 내려받기"),
    "common.how_to_read": ("How to read this", "읽는 법"),
    "common.seed": ("Seed", "시드"),
    "common.rnn": ("Vanilla RNN", "기본 RNN"),
    "common.lstm": ("LSTM", "LSTM"),
    "common.gru": ("GRU", "GRU"),
    "common.tanh": ("tanh", "tanh"),
    "common.relu": ("ReLU", "ReLU"),
    "common.sigmoid": ("sigmoid", "시그모이드"),
    "upload.empty": ("The uploaded file is empty.", "올린 파일이 비어 있습니다."),
    "upload.too_big": (
        "The uploaded file is larger than {limit_mb} MB.",
        "올린 파일이 {limit_mb} MB보다 큽니다.",
    ),
    "upload.not_checkpoint": (
        "This file is not a checkpoint that can be loaded safely (weights only): {detail}",
        "이 파일은 안전하게(가중치만) 불러올 수 있는 체크포인트가 아닙니다: {detail}",
    ),
    "upload.bad_layout": (
        "This file loads, but it is not an RNN Explorer checkpoint (a dict with 'config' and 'state_dict' of tensors).",
        "파일은 열리지만 RNN 탐색기 체크포인트('config'와 텐서로 된 'state_dict'를 가진 dict)가 아닙니다.",
    ),
    "upload.not_utf8": (
        "The file is not UTF-8 text (it may be binary or use another encoding).",
        "파일이 UTF-8 텍스트가 아닙니다(바이너리이거나 다른 인코딩일 수 있습니다).",
    ),
}
