"""The app's pages in menu order: app.py builds the navigation from this list and the tests open
every page in it, so a new page is added here once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class PageSpec:
    name: str  # also the URL path and the i18n key "nav.<name>"
    icon: str
    has_charts: bool = True  # the browser tests wait for the charts of pages that have them

    @property
    def path(self) -> str:
        return f"app_pages/{self.name}.py"


HOME = "home"  # the default page, served at "/"
PAGES = [
    PageSpec(HOME, ":material/home:", has_charts=False),
    PageSpec("lessons", ":material/school:", has_charts=False),
    PageSpec("unroll", ":material/linear_scale:"),
    PageSpec("gradients", ":material/trending_down:"),
    PageSpec("gates", ":material/toggle_on:"),
    PageSpec("translation", ":material/translate:"),
    PageSpec("transformer", ":material/hub:"),
    PageSpec("captioning", ":material/image_search:"),
    PageSpec("train", ":material/model_training:"),
]
