from widgets.live.codes import ALPHABET, LENGTH, display_code, hash_key, new_code, normalise_code


def test_new_codes_use_the_unambiguous_alphabet():
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(c) == LENGTH and set(c) <= set(ALPHABET) for c in codes)
    assert not set("AEIOUL01") & set(ALPHABET)


def test_typed_codes_are_forgiving():
    assert normalise_code("bcd fgh") == "BCDFGH"
    assert normalise_code(" BcD-FgH ") == "BCDFGH"
    assert display_code("BCDFGH") == "BCD FGH"


def test_impossible_codes_are_refused():
    for typed in ["", "BCDFG", "BCDFGHJ", "BCDFG1", "ABCDEF", "<script>", "x" * 1000, None, 123456]:
        assert normalise_code(typed) is None, typed


def test_browser_keys_are_hashed_and_checked():
    key = "a" * 24
    assert hash_key(key) == hash_key(key) != hash_key("b" * 24)
    assert len(hash_key(key)) == 64 and key not in hash_key(key)
    for bad in ["short", "x" * 65, "has space in it here!", None, 42]:
        assert hash_key(bad) is None
