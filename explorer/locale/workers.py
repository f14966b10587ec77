"""Strings about training on the server's worker processes: the queue, refused settings, runs
dropped or restored (Train live and the Gradients page's training)."""

STRINGS = {
    "workers.queued": (
        "Waiting for a training slot: you are number {position} in line ({capacity} runs train "
        "at once on this server). Training starts by itself when your turn comes.",
        "학습 자리를 기다리고 있습니다. 대기 순서는 {position}번째입니다(이 서버에서는 한 번에 "
        "{capacity}개가 학습합니다). 차례가 오면 학습이 저절로 시작됩니다.",
    ),
    "workers.too_slow": (
        "Refused: one training step with these settings takes about {seconds:.1f} s, over the "
        "limit of {limit:.1f} s, so the charts could not keep up and the next students would "
        "wait. Lower the batch size, the sequence length, the hidden size or the number of layers.",
        "거절했습니다. 이 설정으로는 학습 스텝 하나에 약 {seconds:.1f}초가 걸려 한도인 "
        "{limit:.1f}초를 넘습니다. 차트가 따라가지 못하고 다음 학생들이 기다리게 됩니다. 배치 "
        "크기, 시퀀스 길이, 은닉 크기 또는 층 수를 줄이십시오.",
    ),
    "workers.dropped": (
        "To keep at most {n} paused runs, the oldest paused ones were removed: {labels}. "
        "Finished runs are always kept.",
        "멈춘 실행을 최대 {n}개까지 두기 위해 가장 오래된 멈춘 실행을 지웠습니다: {labels}. "
        "끝난 실행은 항상 남겨 둡니다.",
    ),
    "workers.restored": (
        "{n} runs restored from before the page was reloaded.",
        "페이지를 다시 불러오기 전의 실행 {n}개를 복원했습니다.",
    ),
    "workers.lost": (
        "The training process stopped unexpectedly ({detail}). Your runs are kept as of their "
        "last saved state; press Start to continue.",
        "학습 프로세스가 예기치 않게 멈췄습니다({detail}). 실행은 마지막으로 저장된 상태로 "
        "남아 있습니다. 계속하려면 시작을 누르십시오.",
    ),
    "workers.link": (
        "Your runs are kept for a week under this page's link (the runs= part): reloading the "
        "page restores them.",
        "실행은 이 페이지 링크(runs= 부분)로 일주일 동안 보관됩니다. 페이지를 다시 불러오면 "
        "복원됩니다.",
    ),
}
