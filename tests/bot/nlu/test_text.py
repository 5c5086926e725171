from bot.nlu.text import MAX_MESSAGE_CHARS, InputIssue, normalize, strip_markup, to_simplified


def test_traditional_becomes_simplified():
    assert to_simplified("密碼忘記了怎麼辦") == "密码忘记了怎么办"


def test_normalize_folds_full_width_case_and_spaces():
    result = normalize("  ＨＥＬＬＯ，   密碼\t忘了 ")
    assert result.text == "hello, 密码 忘了"
    assert result.issue is None


def test_empty_and_whitespace_are_flagged():
    for text in ("", "   ", "\n\t", None):
        assert normalize(text).issue is InputIssue.EMPTY


def test_emoji_punctuation_and_control_only_have_no_words():
    for text in ("😀😀👍", "？？？!!!", "\x01\x02\x07", "…—~"):
        assert normalize(text).issue is InputIssue.NO_WORDS, text


def test_markup_is_stripped_and_script_bodies_dropped():
    result = normalize("<script>alert('x')</script><b>密码</b>忘了")
    assert result.text == "密码 忘了"
    assert result.had_markup
    assert normalize("<img src=x onerror=alert(1)>").issue is InputIssue.NO_WORDS


def test_strip_markup_keeps_plain_comparisons():
    text, found = strip_markup("1 < 2 and 3 > 2")
    assert not found and text == "1 < 2 and 3 > 2"


def test_over_long_message_is_flagged_and_cut():
    result = normalize("密码" * MAX_MESSAGE_CHARS)
    assert result.issue is InputIssue.TOO_LONG
    assert len(result.text) <= 300


def test_control_characters_inside_text_become_spaces():
    assert normalize("密码\x00忘了\x1b").text == "密码 忘了"
