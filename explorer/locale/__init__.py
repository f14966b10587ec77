"""UI strings, one module per page; each defines STRINGS = {key: (english, korean)}."""
