def screen(prompt: str, answer: str, /) -> int: ...
def setup(
    fold: list[bytes],
    symbols: bytes,
    spaces: bytes,
    complete: bytes,
    function_words: dict[str, int],
    languages: int,
    limits: dict[str, int | float],
    wide: dict[int, int] = ...,
    /,
) -> None: ...
