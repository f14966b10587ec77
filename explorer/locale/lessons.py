"""Strings of lecture mode: the Lessons page, the lesson bar and presenter view."""

STRINGS = {
    "nav.lessons": ("Lessons", "수업"),
    "lessons.title": ("Lessons", "수업"),
    "lessons.intro": (
        "Each lesson is a short walk through the pages, scene by scene, following the lecture notes. "
        "**Present** opens it in presenter view for the projector: → or PageDown shows the answer of a "
        "question, then the next scene; ← or PageUp goes back; Space plays where the scene has time; "
        "Esc leaves presenter view. Each scene also has a **student link**: the same view with only that "
        "scene's controls, for a laptop or a phone.",
        "각 수업은 강의 노트를 따라 여러 페이지를 장면별로 짧게 둘러봅니다. **발표**를 누르면 프로젝터용 "
        "발표자 화면으로 열립니다. → 또는 PageDown은 질문의 답을 먼저 보여 주고 다음 장면으로 넘어가며, "
        "← 또는 PageUp은 이전 장면으로 돌아갑니다. 시간이 있는 장면에서는 Space로 재생하고, Esc로 발표자 "
        "화면을 나갑니다. 장면마다 **학생용 링크**도 있습니다. 그 장면의 컨트롤만 보이는 같은 화면을 "
        "노트북이나 휴대폰에서 엽니다.",
    ),
    "lessons.present": ("Present", "발표"),
    "lessons.open": ("Open", "열기"),
    "lessons.scenes": ("{n} scenes · {q} questions", "장면 {n}개 · 질문 {q}개"),
    "lessons.student_link": ("Student link", "학생용 링크"),
    "lessons.scene_on": ("on {page}", "{page} 페이지"),
    "lessons.bad_file": (
        "This lesson file could not be used (the other lessons work): {error}",
        "이 수업 파일을 쓸 수 없습니다(다른 수업은 정상입니다): {error}",
    ),
    "lessons.unknown": (
        "There is no lesson {name}; the list of lessons is on the Lessons page.",
        "{name} 수업이 없습니다. 수업 목록은 수업 페이지에 있습니다.",
    ),
    "lessons.none": (
        "No lesson files were found in the lessons folder.",
        "lessons 폴더에서 수업 파일을 찾지 못했습니다.",
    ),
    "lessons.write_your_own": (
        "A lesson is a TOML file in `lessons/`: copy one, change the pages, settings and texts, "
        "and it is checked when the app starts.",
        "수업은 `lessons/` 폴더의 TOML 파일입니다. 하나를 복사해 페이지, 설정, 글을 바꾸면 앱이 시작할 때 "
        "검사합니다.",
    ),
    "lesson.counter": ("scene {n} / {m}", "장면 {n} / {m}"),
    "lesson.prev": ("Back", "이전"),
    "lesson.next": ("Next", "다음"),
    "lesson.reveal": ("Reveal", "답 보기"),
    "lesson.exit": ("Exit presenter view", "발표자 화면 나가기"),
    "lesson.present": ("Present", "발표"),
    "lesson.leave": ("Leave the lesson", "수업 나가기"),
    "lesson.play": ("Play / pause", "재생 / 일시 정지"),
    "lesson.notice": ("What to notice", "눈여겨볼 점"),
    "lesson.question": ("Predict first", "먼저 예측해 보세요"),
    "lesson.press_to_reveal": (
        "Press → to reveal the answer.",
        "→를 누르면 답이 나옵니다.",
    ),
    "lesson.answer": ("Answer: {option}", "답: {option}"),
    "sidebar.show": ("Controls kept visible in the link", "링크에서 보일 컨트롤"),
    "sidebar.show_placeholder": ("All controls", "모든 컨트롤"),
    "sidebar.show_help": (
        "Whoever opens the link sees only these settings of the page (none chosen: all of them).",
        "링크를 연 사람에게는 이 설정들만 보입니다(아무것도 고르지 않으면 모두 보입니다).",
    ),
}
