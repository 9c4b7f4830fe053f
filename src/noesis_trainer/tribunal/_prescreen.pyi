def clean(prompt: str, answer: str, /) -> bool: ...
def setup(
    fold: list[bytes],
    symbols: bytes,
    spaces: bytes,
    complete: bytes,
    function_words: dict[str, int],
    languages: int,
    limits: dict[str, int | float],
    /,
) -> None: ...
